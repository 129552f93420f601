/*
 * netaddr.c — address and CIDR parsing for trusted proxies and allow-lists.
 *
 * Invariant: every key is 16 bytes, IPv4 mapped into ::ffff:0:0/96, and an
 * IPv4 prefix /n is stored as /96+n, so matching is one prefix compare.
 */
#include "util/netaddr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/array.h"

static const uint8_t v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static bool is_v4(const uint8_t a[16])
{
	return !memcmp(a, v4_mapped, 12);
}

int netaddr_parse(const char *text, size_t len, uint8_t out[16])
{
	char buf[NETADDR_TEXT_MAX + 2];

	if (len >= 2 && text[0] == '[' && text[len - 1] == ']')
		text++, len -= 2;
	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, out + 12) == 1) {
		memcpy(out, v4_mapped, 12);
		return 0;
	}
	return inet_pton(AF_INET6, buf, out) == 1 ? 0 : -1;
}

int netaddr_parse_cidr(const char *text, struct netaddr_cidr *out)
{
	const char *slash = strchr(text, '/');
	size_t len = slash ? (size_t)(slash - text) : strlen(text);
	struct netaddr_cidr c;
	char *end;
	long bits;

	if (netaddr_parse(text, len, c.addr))
		return -1;
	bits = is_v4(c.addr) ? 32 : 128;
	if (slash) {
		long max = bits;
		bits = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end || bits < 0 || bits > max)
			return -1;
	}
	c.bits = (uint8_t)(bits + (is_v4(c.addr) ? 96 : 0));
	/* Host bits set ("10.0.0.1/8") is almost always a typo: refuse it
	 * rather than silently trust a wider or narrower range. */
	for (unsigned i = c.bits; i < 128; i++)
		if (c.addr[i / 8] & (0x80 >> (i % 8)))
			return -1;
	*out = c;
	return 0;
}

bool netaddr_cidr_match(const struct netaddr_cidr *c, const uint8_t a[16])
{
	unsigned full = c->bits / 8, rest = c->bits % 8;

	if (memcmp(c->addr, a, full))
		return false;
	return !rest ||
	       !((c->addr[full] ^ a[full]) & (uint8_t)(0xff00 >> rest));
}

int netaddr_list_parse(const char *text, struct netaddr_list *out, char *err,
		       size_t errlen)
{
	struct netaddr_list l = {0};
	size_t cap = 0;
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, " \t,");
		char tok[NETADDR_TEXT_MAX + 8];

		if (n == 0) {
			p++;
			continue;
		}
		if (n >= sizeof tok)
			goto bad;
		memcpy(tok, p, n);
		tok[n] = '\0';
		if (array_grow(&l.v, &cap, l.n + 1, sizeof *l.v))
			goto bad;
		if (netaddr_parse_cidr(tok, &l.v[l.n]))
			goto bad;
		l.n++;
		p += n;
		continue;
	bad:
		snprintf(err, errlen, "not an address or CIDR range: %.*s",
			 (int)(n > 64 ? 64 : n), p);
		free(l.v);
		return -1;
	}
	*out = l;
	return 0;
}

bool netaddr_list_match(const struct netaddr_list *l, const uint8_t a[16])
{
	for (size_t i = 0; i < l->n; i++)
		if (netaddr_cidr_match(&l->v[i], a))
			return true;
	return false;
}

void netaddr_list_free(struct netaddr_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void netaddr_format(const uint8_t a[16], char *out, size_t len)
{
	if (!inet_ntop(is_v4(a) ? AF_INET : AF_INET6, is_v4(a) ? a + 12 : a,
		       out, (socklen_t)len))
		snprintf(out, len, "?");
}
