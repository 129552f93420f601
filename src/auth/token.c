/*
 * token.c — HMAC-SHA256 capabilities in one canonical binary layout.
 *
 * Layout (big-endian): version u8 | kid u8 | scope u8 | expires i64 |
 * nonce[16] | org u32 | session u32 | participant u32 | room_len u8 |
 * room[room_len], followed by the 32-byte MAC over all of that.
 * The decoder rejects anything but exactly this, so a token has a single
 * valid text form: changing any character breaks the MAC or the base64url
 * canonical check.
 */
#include "auth/token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>

#include "util/b64url.h"

#define VERSION 1
#define HEADER_LEN (1 + 1 + 1 + 8 + TOKEN_NONCE_LEN + 4 + 4 + 4 + 1)
#define MAC_LEN 32
#define RAW_MAX (HEADER_LEN + TOKEN_ROOM_MAX + MAC_LEN)

static const char *const scope_names[SCOPE__COUNT] = {
	"organizer", "facilitator", "participant"};

const char *token_scope_name(enum token_scope s)
{
	return s < SCOPE__COUNT ? scope_names[s] : "?";
}

bool token_room_id_valid(const char *room)
{
	size_t n = strlen(room);

	if (n == 0 || n > TOKEN_ROOM_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((room[i] >= 'a' && room[i] <= 'z') ||
		      (room[i] >= '0' && room[i] <= '9')))
			return false;
	return true;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = (uint8_t)v;
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static const struct token_key *find_key(const struct token_keyring *kr,
					uint8_t kid)
{
	for (size_t i = 0; i < kr->n; i++)
		if (kr->keys[i].kid == kid)
			return &kr->keys[i];
	return NULL;
}

static int mac(const struct token_key *k, const uint8_t *data, size_t n,
	       uint8_t out[MAC_LEN])
{
	unsigned int len = MAC_LEN;

	return HMAC(EVP_sha256(), k->secret, TOKEN_KEY_LEN, data, n, out,
		    &len) && len == MAC_LEN
		       ? 0
		       : -1;
}

int token_sign(const struct token_keyring *kr, struct token_claims *c,
	       char *out, size_t outlen)
{
	const struct token_key *k = find_key(kr, kr->current);
	uint8_t raw[RAW_MAX], *p = raw;
	size_t room_len = strlen(c->room);
	uint64_t exp = (uint64_t)c->expires_s;

	if (!k || c->scope >= SCOPE__COUNT || room_len > TOKEN_ROOM_MAX ||
	    (room_len && !token_room_id_valid(c->room)))
		return -1;
	c->kid = k->kid;
	*p++ = VERSION;
	*p++ = c->kid;
	*p++ = (uint8_t)c->scope;
	put_u32(p, (uint32_t)(exp >> 32)), put_u32(p + 4, (uint32_t)exp);
	p += 8;
	memcpy(p, c->nonce, TOKEN_NONCE_LEN), p += TOKEN_NONCE_LEN;
	put_u32(p, c->org), put_u32(p + 4, c->session);
	put_u32(p + 8, c->participant), p += 12;
	*p++ = (uint8_t)room_len;
	memcpy(p, c->room, room_len), p += room_len;
	if (mac(k, raw, (size_t)(p - raw), p))
		return -1;
	p += MAC_LEN;
	if (b64url_encoded_len((size_t)(p - raw)) + 1 > outlen)
		return -1;
	b64url_encode(raw, (size_t)(p - raw), out);
	return 0;
}

static enum token_result parse(const uint8_t *raw, size_t n,
			       struct token_claims *c)
{
	const uint8_t *p = raw + 3;
	size_t room_len = raw[HEADER_LEN - 1];

	if (raw[0] != VERSION || raw[2] >= SCOPE__COUNT ||
	    n != HEADER_LEN + room_len)
		return TOKEN_MALFORMED;
	memset(c, 0, sizeof *c);
	c->kid = raw[1];
	c->scope = raw[2];
	c->expires_s = (int64_t)((uint64_t)get_u32(p) << 32 | get_u32(p + 4));
	p += 8;
	memcpy(c->nonce, p, TOKEN_NONCE_LEN), p += TOKEN_NONCE_LEN;
	c->org = get_u32(p), c->session = get_u32(p + 4);
	c->participant = get_u32(p + 8), p += 13;
	memcpy(c->room, p, room_len);
	c->room[room_len] = '\0';
	/* Exactly room_len characters, no NUL padding: one text per
	 * capability. */
	if (strlen(c->room) != room_len ||
	    (room_len && !token_room_id_valid(c->room)))
		return TOKEN_MALFORMED;
	return TOKEN_OK;
}

enum token_result token_verify(const struct token_keyring *kr, const char *text,
			       size_t len, int64_t now_s,
			       struct token_claims *out)
{
	uint8_t raw[RAW_MAX], want[MAC_LEN];
	const struct token_key *k;
	enum token_result r;
	long n;

	if (len >= TOKEN_TEXT_MAX)
		return TOKEN_MALFORMED;
	n = b64url_decode(text, len, raw, sizeof raw);
	if (n < HEADER_LEN + MAC_LEN)
		return TOKEN_MALFORMED;
	k = find_key(kr, raw[1]);
	if (!k)
		return TOKEN_UNKNOWN_KEY;
	/* The MAC is checked before any other field is trusted. */
	if (mac(k, raw, (size_t)n - MAC_LEN, want) ||
	    CRYPTO_memcmp(want, raw + n - MAC_LEN, MAC_LEN))
		return TOKEN_BAD_MAC;
	r = parse(raw, (size_t)n - MAC_LEN, out);
	if (r != TOKEN_OK)
		return r;
	if (out->expires_s <= now_s)
		return TOKEN_EXPIRED;
	return TOKEN_OK;
}

int token_person_link(const struct token_keyring *kr, const char *base,
		      uint32_t org, uint32_t session, uint32_t person,
		      const uint8_t nonce[TOKEN_NONCE_LEN], int64_t expires_s,
		      char *out, size_t len)
{
	struct token_claims c = {
		.scope = SCOPE_PARTICIPANT,
		.expires_s = expires_s,
		.org = org,
		.session = session,
		.participant = person,
	};
	char token[TOKEN_TEXT_MAX];
	int n;

	memcpy(c.nonce, nonce, TOKEN_NONCE_LEN);
	if (token_sign(kr, &c, token, sizeof token))
		return -1;
	n = snprintf(out, len, "%s/j#%s", base, token);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}
