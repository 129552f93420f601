/*
 * b64url.h — canonical unpadded base64url (RFC 4648 §5).
 *
 * Decoding is strict: no padding, no whitespace, and the unused low bits of
 * the last character must be zero, so every byte string has exactly one
 * encoding and a changed character never decodes to the same bytes.
 */
#ifndef UTIL_B64URL_H
#define UTIL_B64URL_H

#include <stddef.h>
#include <stdint.h>

/* Length of the encoding of n bytes (without NUL). */
size_t b64url_encoded_len(size_t n);
/* Writes the encoding and a NUL into out (size >= encoded_len + 1). */
void b64url_encode(const uint8_t *in, size_t n, char *out);
/* Decodes len chars into out (capacity cap). Returns the byte count, or -1
 * when the input is not canonical base64url or does not fit. */
long b64url_decode(const char *in, size_t len, uint8_t *out, size_t cap);

#endif
