/* Exhaustive battery for signed capability links (complements
 * test_token.c): every single-character change, deletion and insertion,
 * every truncation and extension, every splice of two tokens, wrong and
 * rotated keys, the expiry boundaries, and payloads that carry a valid MAC
 * but a bad layout (those must be refused by the parser behind the MAC).
 * Each check counts over all the variants and reports once, with the
 * first offending variant. */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>

#include "auth/token.h"
#include "tap.h"
#include "util/b64url.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
			       "nopqrstuvwxyz0123456789-_";
static const char foreign[] = "=+/ .~!\"#$%&'()*,:;<>?@[\\]^`{|}\t\n\x7f\xc3";

static struct token_keyring ring(uint8_t kid, uint8_t fill)
{
	struct token_keyring kr = {.n = 1, .current = kid};

	kr.keys[0].kid = kid;
	memset(kr.keys[0].secret, fill, TOKEN_KEY_LEN);
	return kr;
}

static void make(const struct token_keyring *kr, enum token_scope scope,
		 const char *room, int64_t exp, char *out)
{
	struct token_claims c = {.scope = scope, .expires_s = exp};

	memset(c.nonce, 0x3c, sizeof c.nonce);
	snprintf(c.room, sizeof c.room, "%s", room);
	if (token_sign(kr, &c, out, TOKEN_TEXT_MAX))
		abort();
}

static enum token_result verify(const struct token_keyring *kr, const char *t,
				size_t n, int64_t now)
{
	struct token_claims out;

	return token_verify(kr, t, n, now, &out);
}

/* Counts variants the verifier accepts; remembers the first. */
struct tally {
	long tried, accepted;
	char first[TOKEN_TEXT_MAX * 2 + 1];
};

static void count(struct tally *t, const struct token_keyring *kr,
		  const char *v, size_t n, int64_t now)
{
	t->tried++;
	if (verify(kr, v, n, now) == TOKEN_OK && !t->accepted++)
		snprintf(t->first, sizeof t->first, "%.*s", (int)n, v);
}

static void test_mutations(const char *what, const struct token_keyring *kr,
			   const char *tok)
{
	size_t n = strlen(tok);
	char v[TOKEN_TEXT_MAX * 2];
	struct tally chg = {0}, frn = {0}, del = {0}, ins = {0}, trunc = {0},
		     ext = {0};

	is_int(verify(kr, tok, n, 1000), TOKEN_OK, "%s: the original verifies",
	       what);
	for (size_t i = 0; i < n; i++) {
		for (const char *a = alphabet; *a; a++) {
			if (*a == tok[i])
				continue;
			memcpy(v, tok, n);
			v[i] = *a;
			count(&chg, kr, v, n, 1000);
		}
		for (const char *a = foreign; *a; a++) {
			memcpy(v, tok, n);
			v[i] = *a;
			count(&frn, kr, v, n, 1000);
		}
		memcpy(v, tok, i);
		memcpy(v + i, tok + i + 1, n - i - 1);
		count(&del, kr, v, n - 1, 1000);
		count(&trunc, kr, tok, i, 1000);
	}
	for (size_t i = 0; i <= n; i++)
		for (const char *a = alphabet; *a; a++) {
			memcpy(v, tok, i);
			v[i] = *a;
			memcpy(v + i + 1, tok + i, n - i);
			count(&ins, kr, v, n + 1, 1000);
			if (i == n)
				count(&ext, kr, v, n + 1, 1000);
		}
	ok(chg.accepted == 0 && chg.tried == (long)n * 63,
	   "%s: all %ld single-character changes refused (first accepted: %s)",
	   what, chg.tried, chg.first);
	ok(frn.accepted == 0,
	   "%s: all %ld non-base64url characters refused (first: %s)", what,
	   frn.tried, frn.first);
	ok(del.accepted == 0, "%s: all %ld deletions refused (first: %s)", what,
	   del.tried, del.first);
	ok(ins.accepted == 0, "%s: all %ld insertions refused (first: %s)",
	   what, ins.tried, ins.first);
	ok(trunc.accepted == 0, "%s: all %ld truncations refused (first: %s)",
	   what, trunc.tried, trunc.first);
	ok(ext.accepted == 0, "%s: all %ld extensions refused (first: %s)",
	   what, ext.tried, ext.first);
}

static void test_splices(const struct token_keyring *kr, const char *a,
			 const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char v[TOKEN_TEXT_MAX * 2];
	struct tally t = {0};

	for (size_t i = 1; i < na; i++)
		for (size_t j = 1; j < nb; j++) {
			size_t n = i + (nb - j);
			memcpy(v, a, i);
			memcpy(v + i, b + j, nb - j);
			if ((n == na && !memcmp(v, a, n)) ||
			    (n == nb && !memcmp(v, b, n)))
				continue; /* the splice is one of them */
			count(&t, kr, v, n, 1000);
		}
	ok(t.accepted == 0 && t.tried > 1000,
	   "all %ld splices of two tokens refused (first: %s)", t.tried,
	   t.first);
}

static void test_keys(void)
{
	struct token_keyring k1 = ring(1, 0x11), other = ring(1, 0x12);
	struct token_keyring k2 = ring(2, 0x11), rotated = ring(2, 0x22);
	char tok[TOKEN_TEXT_MAX], tok2[TOKEN_TEXT_MAX];

	make(&k1, SCOPE_PARTICIPANT, "room1", 2000, tok);
	is_int(verify(&other, tok, strlen(tok), 1000), TOKEN_BAD_MAC,
	       "same key id, other secret: bad MAC");
	is_int(verify(&k2, tok, strlen(tok), 1000), TOKEN_UNKNOWN_KEY,
	       "same secret, other key id: unknown key");
	/* Rotation: the old key keeps verifying, new tokens use the new. */
	rotated.keys[1] = k1.keys[0];
	rotated.n = 2;
	is_int(verify(&rotated, tok, strlen(tok), 1000), TOKEN_OK,
	       "after rotation the old key still verifies its tokens");
	make(&rotated, SCOPE_PARTICIPANT, "room1", 2000, tok2);
	ok(strcmp(tok, tok2) != 0, "the rotated ring signs differently");
	is_int(verify(&k1, tok2, strlen(tok2), 1000), TOKEN_UNKNOWN_KEY,
	       "a token of the new key is unknown to the old ring");
	struct token_keyring empty = {0};
	is_int(verify(&empty, tok, strlen(tok), 1000), TOKEN_UNKNOWN_KEY,
	       "an empty ring verifies nothing");
}

static void test_expiry(void)
{
	struct token_keyring kr = ring(3, 0x33);
	char tok[TOKEN_TEXT_MAX];
	static const int64_t exps[] = {1, 1000, 1700000000, 4102444800,
				       (int64_t)1 << 40};

	for (size_t i = 0; i < sizeof exps / sizeof exps[0]; i++) {
		int64_t e = exps[i];
		make(&kr, SCOPE_FACILITATOR, "r", e, tok);
		size_t n = strlen(tok);
		is_int(verify(&kr, tok, n, e - 1), TOKEN_OK,
		       "expiry %lld: valid one second before", (long long)e);
		is_int(verify(&kr, tok, n, e), TOKEN_EXPIRED,
		       "expiry %lld: expired exactly at expiry", (long long)e);
		is_int(verify(&kr, tok, n, e + 1), TOKEN_EXPIRED,
		       "expiry %lld: expired one second after", (long long)e);
	}
	make(&kr, SCOPE_FACILITATOR, "r", 0, tok);
	is_int(verify(&kr, tok, strlen(tok), 0), TOKEN_EXPIRED,
	       "expiry 0 is expired at 0");
	make(&kr, SCOPE_FACILITATOR, "r", -5, tok);
	is_int(verify(&kr, tok, strlen(tok), 0), TOKEN_EXPIRED,
	       "a negative expiry is always expired");
}

/* A payload with a valid MAC under kr's key 0 but any layout. */
static void signed_raw(const struct token_keyring *kr, const uint8_t *raw,
		       size_t n, char *out)
{
	uint8_t buf[512];
	unsigned int len = 32;

	memcpy(buf, raw, n);
	HMAC(EVP_sha256(), kr->keys[0].secret, TOKEN_KEY_LEN, buf, n, buf + n,
	     &len);
	b64url_encode(buf, n + 32, out);
}

static size_t layout(uint8_t *p, uint8_t version, uint8_t kid, uint8_t scope,
		     uint8_t room_len, const char *room, size_t room_bytes)
{
	size_t i = 0;

	p[i++] = version, p[i++] = kid, p[i++] = scope;
	memset(p + i, 0, 7), p[i + 7] = 0xff, i += 8; /* expires 255 */
	memset(p + i, 0x42, 16), i += 16;
	memset(p + i, 0, 12), i += 12;
	p[i++] = room_len;
	memcpy(p + i, room, room_bytes);
	return i + room_bytes;
}

static void test_layout(void)
{
	struct token_keyring kr = ring(4, 0x44);
	uint8_t raw[256];
	char text[512];
	size_t n;

	n = layout(raw, 1, 4, SCOPE_PARTICIPANT, 3, "abc", 3);
	signed_raw(&kr, raw, n, text);
	is_int(verify(&kr, text, strlen(text), 0), TOKEN_OK,
	       "a hand-built payload with a valid MAC verifies (control)");
	struct {
		const char *what;
		uint8_t version, scope, room_len;
		const char *room;
		size_t bytes;
	} bad[] = {
		{"version 0", 0, 2, 3, "abc", 3},
		{"version 2", 2, 2, 3, "abc", 3},
		{"scope 3", 1, 3, 3, "abc", 3},
		{"scope 255", 1, 255, 3, "abc", 3},
		{"room length longer than the room", 1, 2, 4, "abc", 3},
		{"room length shorter (trailing bytes)", 1, 2, 2, "abc", 3},
		{"upper-case room id", 1, 2, 3, "ABC", 3},
		{"room id with a dash", 1, 2, 3, "a-c", 3},
		{"room id of 33 characters", 1, 2, 33,
		 "abcdefghijklmnopqrstuvwxyz0123456", 33},
		{"room id with a NUL inside", 1, 2, 4, "ab\0c", 4},
		{"room id with a trailing NUL", 1, 2, 4, "abc\0", 4},
		{"room id that is only NULs", 1, 2, 3, "\0\0\0", 3},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		n = layout(raw, bad[i].version, 4, bad[i].scope,
			   bad[i].room_len, bad[i].room, bad[i].bytes);
		signed_raw(&kr, raw, n, text);
		is_int(verify(&kr, text, strlen(text), 0), TOKEN_MALFORMED,
		       "valid MAC, %s: malformed", bad[i].what);
	}
	memset(text, 'A', sizeof text);
	is_int(verify(&kr, text, TOKEN_TEXT_MAX, 0), TOKEN_MALFORMED,
	       "text of TOKEN_TEXT_MAX characters is malformed before "
	       "decoding");
	is_int(verify(&kr, "", 0, 0), TOKEN_MALFORMED, "empty text");
}

int main(void)
{
	struct token_keyring kr = ring(1, 0x5a);
	char fac[TOKEN_TEXT_MAX], part[TOKEN_TEXT_MAX], org[TOKEN_TEXT_MAX],
		big[TOKEN_TEXT_MAX];

	make(&kr, SCOPE_FACILITATOR, "r3xk9", 2000, fac);
	make(&kr, SCOPE_PARTICIPANT, "r3xk9", 2000, part);
	make(&kr, SCOPE_ORGANIZER, "", 2000, org);
	make(&kr, SCOPE_PARTICIPANT, "abcdefghijklmnopqrstuvwxyz012345", 2000,
	     big);
	test_mutations("facilitator", &kr, fac);
	test_mutations("participant", &kr, part);
	test_mutations("organizer", &kr, org);
	test_mutations("longest room", &kr, big);
	test_splices(&kr, fac, part);
	test_splices(&kr, org, big);
	test_keys();
	test_expiry();
	test_layout();
	return tap_done();
}
