#include "checksums.h"

enum { MOD_ADLER = 65521, NMAX = 5552 }; /* NMAX: most bytes before the sums could overflow 32 bits */

uint32_t checksums_adler32(uint32_t adler, const unsigned char *data, size_t length) {
    uint32_t a = adler & 0xffff, b = adler >> 16;
    while (length > 0) {
        size_t n = length < NMAX ? length : NMAX;
        length -= n;
        while (n--) {
            a += *data++;
            b += a;
        }
        a %= MOD_ADLER;
        b %= MOD_ADLER;
    }
    return (b << 16) | a;
}
