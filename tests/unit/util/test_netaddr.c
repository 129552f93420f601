/* Unit tests for netaddr: parsing, CIDR matching, lists, formatting. */
#include "tap.h"
#include "util/netaddr.h"

static bool match(const char *cidr, const char *addr)
{
	struct netaddr_cidr c;
	uint8_t a[16];

	return netaddr_parse_cidr(cidr, &c) == 0 &&
	       netaddr_parse(addr, strlen(addr), a) == 0 &&
	       netaddr_cidr_match(&c, a);
}

static void test_parse(void)
{
	uint8_t a[16], b[16];
	char text[NETADDR_TEXT_MAX];

	is_int(netaddr_parse("192.0.2.7", 9, a), 0, "IPv4 parses");
	netaddr_format(a, text, sizeof text);
	is_str(text, "192.0.2.7", "IPv4 formats as a dotted quad");
	is_int(netaddr_parse("::ffff:192.0.2.7", 16, b), 0, "mapped parses");
	ok(!memcmp(a, b, 16), "IPv4 and its mapped form are one key");
	is_int(netaddr_parse("[2001:db8::1]", 13, a), 0, "bracketed IPv6");
	netaddr_format(a, text, sizeof text);
	is_str(text, "2001:db8::1", "IPv6 formats per RFC 5952");
	is_int(netaddr_parse("192.0.2.7:80", 12, a), -1, "port refused");
	is_int(netaddr_parse("unknown", 7, a), -1, "word refused");
	is_int(netaddr_parse("", 0, a), -1, "empty refused");
	is_int(netaddr_parse("1.2.3.4 ", 8, a), -1, "trailing space refused");
	is_int(netaddr_parse("192.0.2.7", 5, a), -1, "length is honoured");
}

static void test_cidr(void)
{
	struct netaddr_cidr c;

	ok(match("127.0.0.1", "127.0.0.1"), "single address matches itself");
	ok(!match("127.0.0.1", "127.0.0.2"), "and nothing else");
	ok(match("10.0.0.0/8", "10.200.3.4"), "/8 covers its range");
	ok(!match("10.0.0.0/8", "11.0.0.1"), "/8 stops at its edge");
	ok(match("192.168.4.0/22", "192.168.7.255"), "/22 last address");
	ok(!match("192.168.4.0/22", "192.168.8.0"), "/22 next block");
	ok(match("0.0.0.0/0", "203.0.113.9"), "/0 covers all IPv4");
	ok(!match("0.0.0.0/0", "2001:db8::1"), "IPv4 /0 is not IPv6");
	ok(match("2001:db8::/32", "2001:db8:ffff::1"), "IPv6 /32");
	ok(!match("2001:db8::/32", "2001:db9::1"), "IPv6 /32 edge");
	ok(match("::1", "::1"), "IPv6 loopback");
	is_int(netaddr_parse_cidr("10.0.0.1/8", &c), -1,
	       "host bits set refused");
	is_int(netaddr_parse_cidr("10.0.0.0/33", &c), -1, "IPv4 /33 refused");
	is_int(netaddr_parse_cidr("::/129", &c), -1, "IPv6 /129 refused");
	is_int(netaddr_parse_cidr("10.0.0.0/", &c), -1, "empty prefix");
	is_int(netaddr_parse_cidr("10.0.0.0/8x", &c), -1, "prefix garbage");
}

static void test_list(void)
{
	struct netaddr_list l = {0};
	uint8_t a[16];
	char err[128];

	is_int(netaddr_list_parse("", &l, err, sizeof err), 0, "empty list");
	is_int((int)l.n, 0, "has no entry");
	is_int(netaddr_list_parse(" 127.0.0.1, 10.0.0.0/8\t::1 ", &l, err,
				  sizeof err),
	       0, "spaces, commas and tabs separate");
	is_int((int)l.n, 3, "three entries");
	netaddr_parse("10.9.8.7", 8, a);
	ok(netaddr_list_match(&l, a), "list matches a range member");
	netaddr_parse("192.0.2.1", 9, a);
	ok(!netaddr_list_match(&l, a), "and not an outsider");
	netaddr_list_free(&l);
	l.n = 7;
	is_int(netaddr_list_parse("127.0.0.1 proxy.example", &l, err,
				  sizeof err),
	       -1, "a host name is refused");
	ok(strstr(err, "proxy.example") != NULL, "error names it: %s", err);
	is_int((int)l.n, 7, "list untouched on error");
}

int main(void)
{
	test_parse();
	test_cidr();
	test_list();
	return tap_done();
}
