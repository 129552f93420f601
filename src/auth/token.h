/*
 * token.h — signed capability links.
 *
 * A token is base64url(payload || HMAC-SHA256(key[kid], payload)). The
 * payload is a fixed binary layout (version, key id, scope, expiry, nonce,
 * organization, session, participant, room id), so there is one encoding
 * per capability. Verification checks the MAC (constant time) before any
 * payload field is read. Pure given (keys, now): no clock read here.
 */
#ifndef AUTH_TOKEN_H
#define AUTH_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum token_scope {
	SCOPE_ORGANIZER,
	SCOPE_FACILITATOR,
	SCOPE_PARTICIPANT,
	SCOPE__COUNT
};

#define TOKEN_ROOM_MAX 32  /* room ids: [a-z0-9], at most 32 chars */
#define TOKEN_NONCE_LEN 16 /* 128 bits */
#define TOKEN_KEY_LEN 32
#define TOKEN_MAX_KEYS 8
#define TOKEN_TEXT_MAX 192 /* base64url text of the largest token + NUL */

struct token_claims {
	enum token_scope scope;
	uint8_t kid;
	int64_t expires_s; /* unix seconds */
	uint8_t nonce[TOKEN_NONCE_LEN];
	uint32_t org, session, participant; /* 0 = not bound */
	char room[TOKEN_ROOM_MAX + 1];	    /* "" for the organizer */
};

struct token_key {
	uint8_t kid;
	uint8_t secret[TOKEN_KEY_LEN];
};

/* The keys a hub verifies with; `current` signs new tokens. */
struct token_keyring {
	size_t n;
	struct token_key keys[TOKEN_MAX_KEYS];
	uint8_t current;
};

enum token_result {
	TOKEN_OK,
	TOKEN_MALFORMED, /* not canonical base64url, wrong size or layout */
	TOKEN_UNKNOWN_KEY,
	TOKEN_BAD_MAC,
	TOKEN_EXPIRED,
};

/* Signs claims (kid taken from the keyring's current key) into out
 * (TOKEN_TEXT_MAX). Returns 0, or -1 when the claims do not fit. */
int token_sign(const struct token_keyring *kr, struct token_claims *claims,
	       char *out, size_t outlen);
enum token_result token_verify(const struct token_keyring *kr, const char *text,
			       size_t len, int64_t now_s,
			       struct token_claims *out);
bool token_room_id_valid(const char *room);
/* A session person's personal link, BASE/j#TOKEN (participant scope):
 * the same claims always sign to the same text, so the hub and the admin
 * CLI hand out identical links. 0, or -1 when it does not fit. */
int token_person_link(const struct token_keyring *kr, const char *base,
		      uint32_t org, uint32_t session, uint32_t person,
		      const uint8_t nonce[TOKEN_NONCE_LEN], int64_t expires_s,
		      char *out, size_t len);
const char *token_scope_name(enum token_scope);

#endif
