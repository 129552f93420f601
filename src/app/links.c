/*
 * links.c — capability links: issuing, revoking, checking revocation.
 *
 * A link is BASE/r/ROOM#TOKEN (the organizer's: BASE/#TOKEN). Revocation
 * is by the token's 128-bit nonce: the set is loaded from the store at
 * start, kept sorted in memory, checked at every hello (resumes included)
 * and on every organizer API call; revoking closes the link's live
 * connections with 4003.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/keyring.h"
#include "app/internal.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/array.h"

static void to_hex(const uint8_t nonce[TOKEN_NONCE_LEN], char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < TOKEN_NONCE_LEN; i++) {
		out[2 * i] = digits[nonce[i] >> 4];
		out[2 * i + 1] = digits[nonce[i] & 15];
	}
	out[2 * TOKEN_NONCE_LEN] = '\0';
}

static int from_hex(const char *s, uint8_t out[TOKEN_NONCE_LEN])
{
	for (size_t i = 0; i < TOKEN_NONCE_LEN; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

static size_t lower_bound(const struct hub *hub, const uint8_t *nonce)
{
	size_t lo = 0, hi = hub->links.n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (memcmp(hub->links.revoked[mid], nonce, TOKEN_NONCE_LEN) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool links_revoked(const struct hub *hub, const uint8_t *nonce)
{
	size_t i = lower_bound(hub, nonce);

	return i < hub->links.n &&
	       !memcmp(hub->links.revoked[i], nonce, TOKEN_NONCE_LEN);
}

static int add(struct hub *hub, const uint8_t *nonce)
{
	size_t i = lower_bound(hub, nonce);

	if (i < hub->links.n &&
	    !memcmp(hub->links.revoked[i], nonce, TOKEN_NONCE_LEN))
		return 0;
	if (array_grow(&hub->links.revoked, &hub->links.cap, hub->links.n + 1,
		       sizeof *hub->links.revoked))
		return -1;
	memmove(hub->links.revoked[i + 1], hub->links.revoked[i],
		(hub->links.n - i) * TOKEN_NONCE_LEN);
	memcpy(hub->links.revoked[i], nonce, TOKEN_NONCE_LEN);
	hub->links.n++;
	return 0;
}

static int load_one(void *ud, const char *hex)
{
	uint8_t nonce[TOKEN_NONCE_LEN];

	return from_hex(hex, nonce) ? 0 : add(ud, nonce);
}

int links_load(struct hub *hub)
{
	return store_revoked_each(hub->store, load_one, hub);
}

void links_free(struct hub *hub)
{
	free(hub->links.revoked);
	hub->links.revoked = NULL;
	hub->links.n = hub->links.cap = 0;
}

int links_make(struct hub *hub, const char *room, enum token_scope scope,
	       char *out, size_t len)
{
	struct token_claims c = {.scope = scope};
	char token[TOKEN_TEXT_MAX];

	c.expires_s = clock_wall_ms() / 1000 +
		      (int64_t)hub->cfg->link_ttl_hours * 3600;
	snprintf(c.room, sizeof c.room, "%s", room);
	if (auth_random(c.nonce, sizeof c.nonce) ||
	    token_sign(hub->keys, &c, token, sizeof token))
		return -1;
	snprintf(out, len, "%s/r/%s#%s", hub->base_url, room, token);
	return 0;
}

int links_revoke(struct hub *hub, const struct token_claims *c)
{
	char hex[2 * TOKEN_NONCE_LEN + 1];

	to_hex(c->nonce, hex);
	persist_commit_now(hub); /* the revocation stands on its own */
	if (store_begin(hub->store) ||
	    store_revoke(hub->store, hex, c->expires_s) ||
	    store_commit(hub->store)) {
		store_rollback(hub->store);
		return -1;
	}
	if (add(hub, c->nonce))
		return -1;
	for (struct peer *s = hub->peers.first; s; s = s->next) {
		if (s->room && !memcmp(s->nonce, c->nonce, TOKEN_NONCE_LEN)) {
			outbox_close(hub, s->conn_id, CODEC_CLOSE_UNAUTHORIZED);
			join_left(hub, s);
			s->room = NULL;
		}
	}
	log_info("link_revoked scope=%s", token_scope_name(c->scope));
	return 0;
}

bool links_organizer(struct hub *hub, const char *token, size_t len,
		     uint32_t *org)
{
	struct token_claims claims;

	if (token_verify(hub->keys, token, len, clock_wall_ms() / 1000,
			 &claims) != TOKEN_OK ||
	    claims.scope != SCOPE_ORGANIZER || links_revoked(hub, claims.nonce))
		return false;
	/* Links from before organizations existed belong to the first. */
	*org = claims.org ? claims.org : 1;
	return osessions_org_exists(hub, *org);
}
