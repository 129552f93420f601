/*
 * utf8.h — UTF-8 as RFC 3629 defines it: one to four bytes a code point,
 * the shortest form only (no overlongs), no surrogates (U+D800..U+DFFF),
 * nothing past U+10FFFF. U+0000 is valid: callers that keep C strings
 * check for it themselves.
 *
 * Pure functions on (pointer, length); no allocation, nothing kept.
 */
#ifndef UTIL_UTF8_H
#define UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length (1..4) of the valid sequence that starts s[0..n), and its code
 * point in *cp (cp may be NULL); 0 when n is 0 or the bytes there are not
 * one whole valid sequence. */
size_t utf8_next(const char *s, size_t n, uint32_t *cp);
/* Whether s[0..n) is valid UTF-8. */
bool utf8_valid(const char *s, size_t n);
/* Bytes of the longest valid prefix of s[0..n). To cut valid text at m
 * bytes without cutting a character: utf8_prefix(s, m), and the result
 * is valid whatever the input. */
size_t utf8_prefix(const char *s, size_t n);
/* Code points of valid UTF-8: the bytes that are not continuation bytes
 * (on invalid input, a count that does not exceed n). Does not validate,
 * so that counting a string jansson already checked stays one pass. */
size_t utf8_count(const char *s, size_t n);

#endif
