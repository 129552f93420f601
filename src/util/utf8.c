/*
 * utf8.c — UTF-8 validation, prefixes and counts (RFC 3629). The one
 * decoder of the program: the codec's text checks, its length limits and
 * its cuts of error texts all use it.
 */
#include "util/utf8.h"

size_t utf8_next(const char *s, size_t n, uint32_t *cp)
{
	/* The smallest code point each length may encode: below it, the
	 * sequence is an overlong form of a shorter one. */
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	const unsigned char *u = (const unsigned char *)s;
	size_t len;
	uint32_t v;

	if (n == 0)
		return 0;
	len = u[0] < 0x80	      ? 1
	      : (u[0] & 0xE0) == 0xC0 ? 2
	      : (u[0] & 0xF0) == 0xE0 ? 3
	      : (u[0] & 0xF8) == 0xF0 ? 4
				      : 0; /* continuation, or 0xF8..0xFF */
	if (!len || len > n)
		return 0;
	v = len == 1 ? u[0] : u[0] & (0x7Fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (u[i] & 0x3Fu);
	}
	if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	if (cp)
		*cp = v;
	return len;
}

size_t utf8_prefix(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n && (k = utf8_next(s + i, n - i, NULL)))
		i += k;
	return i;
}

bool utf8_valid(const char *s, size_t n)
{
	return utf8_prefix(s, n) == n;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t cp = 0;

	for (size_t i = 0; i < n; i++)
		cp += ((unsigned char)s[i] & 0xC0) != 0x80;
	return cp;
}
