#include "tinylib.h"

/* Bitwise, table built once: small code is the point of the example, not speed. */
static uint32_t table[256];
static int table_ready;

static void build_table(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        table[n] = c;
    }
    table_ready = 1;
}

uint32_t tiny_crc32(const uint8_t *data, size_t len) {
    if (!table_ready) {
        build_table();
    }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) {
        c = table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
    }
    return c ^ 0xFFFFFFFFu;
}
