#include "checksums.h"

static uint32_t table[256];

/* Runs once when the module starts (_initialize): the byte-at-a-time table of the reflected polynomial. */
__attribute__((constructor)) static void make_table(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = c & 1 ? 0x82f63b78u ^ (c >> 1) : c >> 1;
        }
        table[i] = c;
    }
}

uint32_t checksums_crc32c(uint32_t crc, const unsigned char *data, size_t length) {
    crc = ~crc;
    while (length--) {
        crc = table[(crc ^ *data++) & 0xff] ^ (crc >> 8);
    }
    return ~crc;
}
