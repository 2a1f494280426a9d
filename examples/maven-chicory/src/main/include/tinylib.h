/* tinylib: the C library of the example, compiled to WebAssembly by jemception-maven-plugin. */
#ifndef TINYLIB_H
#define TINYLIB_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 (IEEE 802.3, the one of zip and PNG) of len bytes at data. */
uint32_t tiny_crc32(const uint8_t *data, size_t len);

/*
 * Evaluates an integer expression: + - * / %, unary minus, parentheses, decimal numbers, spaces.
 * Returns 0 and stores the value in *result, or a positive error code (see TINY_ERR_*).
 */
int tiny_eval(const char *expression, int64_t *result);

#define TINY_ERR_SYNTAX 1
#define TINY_ERR_DIVISION_BY_ZERO 2

#endif
