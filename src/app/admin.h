/*
 * admin.h — what the admin CLI (src/cli/) shares with the HTTP API: the
 * same functions make a draft session, sign personal and organizer links
 * and load the templates (app/templates.h), so `codevhub session create`
 * and POST /api/sessions, `codevhub links` and GET /api/sessions/ID/links,
 * `codevhub org create` and the organizer link printed at start cannot
 * drift apart. None of them needs a running hub.
 */
#ifndef APP_ADMIN_H
#define APP_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#include "app/templates.h"
#include "auth/token.h"
#include "config/config.h"
#include "core/osess.h"

/* Lifetime of an organizer link. */
#define ADMIN_ORGANIZER_TTL_S (10LL * 365 * 24 * 3600)
/* Room for a whole link: the base URL, "/j#" or "/#", the token. */
#define ADMIN_LINK_MAX 512

/* A new draft session `id` of `org`: the cohort split and planned
 * (osess_new), each person's link nonce drawn, links expiring after
 * [workshop] personal_link_days. NULL with *oe saying why (OSESS_E_NOMEM
 * also when no randomness could be had). */
struct org_session *admin_session_draft(const struct config *cfg, uint32_t id,
					uint32_t org,
					const struct osess_request *req,
					struct osess_error *oe);
/* A seed for the splitter's shuffles: random, or the clock when the
 * system has no randomness to give. */
uint64_t admin_seed(void);
/* The personal link of a person (1-based) of s: BASE/j#TOKEN. 0 or -1. */
int admin_personal_link(const struct token_keyring *keys, const char *base,
			const struct org_session *s, uint32_t person, char *out,
			size_t len);
/* A new organizer token of org (ADMIN_ORGANIZER_TTL_S from now_s), signed
 * with the keyring's current key. 0 or -1. */
int admin_organizer_token(const struct token_keyring *keys, uint32_t org,
			  int64_t now_s, char *out, size_t len);

#endif
