#ifndef CHECKSUMS_H
#define CHECKSUMS_H

#include <stddef.h>
#include <stdint.h>

/* Adler-32 (RFC 1950) of data, continuing from adler (1 to start). */
uint32_t checksums_adler32(uint32_t adler, const unsigned char *data, size_t length);

/* CRC-32C (Castagnoli, as iSCSI and ext4 use it) of data, continuing from crc (0 to start). */
uint32_t checksums_crc32c(uint32_t crc, const unsigned char *data, size_t length);

#endif
