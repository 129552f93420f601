/*
 * netaddr.h — IP addresses and CIDR ranges as 16-byte keys.
 *
 * IPv4 is kept IPv4-mapped (::ffff:a.b.c.d) so one comparison serves both
 * families and an IPv4 peer seen on a dual-stack socket matches an IPv4
 * range. Pure parsing and matching: no sockets, no allocation except in
 * netaddr_list_parse (caller frees with netaddr_list_free).
 */
#ifndef UTIL_NETADDR_H
#define UTIL_NETADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NETADDR_TEXT_MAX 46 /* INET6_ADDRSTRLEN */

struct netaddr_cidr {
	uint8_t addr[16];
	uint8_t bits; /* prefix length over the 128-bit (mapped) form */
};

struct netaddr_list {
	struct netaddr_cidr *v;
	size_t n;
};

/* "192.0.2.1", "2001:db8::1" or "[2001:db8::1]" → key. 0 or -1. */
int netaddr_parse(const char *text, size_t len, uint8_t out[16]);
/* An address or "addr/prefix"; host bits must be zero. 0 or -1. */
int netaddr_parse_cidr(const char *text, struct netaddr_cidr *out);
bool netaddr_cidr_match(const struct netaddr_cidr *c, const uint8_t a[16]);
/* Space- or comma-separated CIDRs. Returns 0, or -1 with the first bad
 * entry named in err; *out is untouched on error. */
int netaddr_list_parse(const char *text, struct netaddr_list *out, char *err,
		       size_t errlen);
bool netaddr_list_match(const struct netaddr_list *l, const uint8_t a[16]);
void netaddr_list_free(struct netaddr_list *l);
/* Dotted quad for mapped IPv4, RFC 5952 text otherwise. */
void netaddr_format(const uint8_t a[16], char *out, size_t len);

#endif
