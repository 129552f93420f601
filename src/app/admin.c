/*
 * admin.c — the organizer's operations shared by the HTTP API and the
 * admin CLI (admin.h).
 */
#include "app/admin.h"

#include <stdio.h>

#include "auth/keyring.h"
#include "util/clock.h"

uint64_t admin_seed(void)
{
	uint64_t v = 0;

	if (auth_random((uint8_t *)&v, sizeof v))
		v = (uint64_t)clock_mono_us();
	return v;
}

struct org_session *admin_session_draft(const struct config *cfg, uint32_t id,
					uint32_t org,
					const struct osess_request *req,
					struct osess_error *oe)
{
	struct org_session *s =
		osess_new(id, org, req, (size_t)cfg->max_session_people,
			  admin_seed(), oe);

	if (!s)
		return NULL;
	s->links_expire_s = clock_wall_ms() / 1000 +
			    (int64_t)cfg->personal_link_days * 86400;
	for (size_t i = 0; i < s->n_people; i++)
		if (auth_random(s->people[i].nonce,
				sizeof s->people[i].nonce)) {
			osess_free(s);
			*oe = (struct osess_error){.code = OSESS_E_NOMEM};
			snprintf(oe->message, sizeof oe->message,
				 "no randomness for the personal links");
			return NULL;
		}
	return s;
}

int admin_personal_link(const struct token_keyring *keys, const char *base,
			const struct org_session *s, uint32_t person, char *out,
			size_t len)
{
	return token_person_link(keys, base, s->org, s->id, person,
				 s->people[person - 1].nonce, s->links_expire_s,
				 out, len);
}

int admin_organizer_token(const struct token_keyring *keys, uint32_t org,
			  int64_t now_s, char *out, size_t len)
{
	struct token_claims c = {.scope = SCOPE_ORGANIZER, .org = org};

	c.expires_s = now_s + ADMIN_ORGANIZER_TTL_S;
	if (auth_random(c.nonce, sizeof c.nonce))
		return -1;
	return token_sign(keys, &c, out, len);
}
