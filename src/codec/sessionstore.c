/*
 * sessionstore.c — the stored form of a session: everything the core
 * holds (link nonces as hex, rotation counts, pairing history, help), so
 * that a restart resumes exactly; load(store(s)) stores identically. The
 * reading side, which trusts nothing, is sessionload.c.
 */
#include "codec/sessionjson.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/people.h"
#include "codec/roomjson.h"
#include "codec/strict.h"
#include "core/room.h"

/* --- store --------------------------------------------------------------- */

/* Appends make(v, i) for i < n to a new array. */
static json_t *list(const void *v, size_t n,
		    json_t *(*make)(const void *, size_t))
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, make(v, i))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *nth_pair(const void *v, size_t i)
{
	const struct cohort_pair *p = (const struct cohort_pair *)v + i;

	return json_pack("[I,I]", (json_int_t)p->a, (json_int_t)p->b);
}

static json_t *nth_pairing(const void *v, size_t i)
{
	const struct cohort_pairing *p = (const struct cohort_pairing *)v + i;

	return json_pack("[I,I,I]", (json_int_t)p->a, (json_int_t)p->b,
			 (json_int_t)p->count);
}

static json_t *nth_plan_item(const void *v, size_t i)
{
	const struct osess_plan_item *p = (const struct osess_plan_item *)v + i;

	return json_pack("[I,I]", (json_int_t)p->client,
			 (json_int_t)p->facilitator);
}

static json_t *store_person(const struct osess_person *p)
{
	char hex[2 * OSESS_NONCE_LEN + 1];

	for (size_t i = 0; i < OSESS_NONCE_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", p->nonce[i]);
	return json_pack("{s:s,s:s,s:b,s:b,s:b,s:I,s:s,s:I,s:I}", "name",
			 p->name, "email", p->email ? p->email : "",
			 "wants_client", p->wants_client, "can_facilitate",
			 p->can_facilitate, "facilitator", p->fixed_facilitator,
			 "group", (json_int_t)p->group, "nonce", hex,
			 "client_count", (json_int_t)p->client_count,
			 "facilitator_count", (json_int_t)p->facilitator_count);
}

static json_t *store_group(const struct org_session *s,
			   const struct osess_group *g)
{
	return json_pack("{s:o,s:I,s:o,s:I,s:s}", "members",
			 roomjson_ids(g->members, g->n_members), "facilitator",
			 (json_int_t)g->facilitator, "plan",
			 list(g->plan, s->n_workshops, nth_plan_item),
			 "workshop", (json_int_t)g->workshop, "room", g->room);
}

static json_t *nth_person(const void *v, size_t i)
{
	return store_person((const struct osess_person *)v + i);
}

static json_t *nth_help(const void *v, size_t i)
{
	return sessionjson_help((const struct osess_help *)v + i);
}

static json_t *groups(const struct org_session *s)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < s->n_groups; i++)
		if (json_array_append_new(a, store_group(s, &s->groups[i]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *store_head(const struct org_session *s)
{
	return json_pack(
		"{s:i,s:I,s:I,s:s,s:s,s:s,s:I,s:I,s:b,s:I,s:I,s:I,s:I}", "v",
		CODEC_SESSION_STORE_VERSION, "id", (json_int_t)s->id, "org",
		(json_int_t)s->org, "name", s->name, "template", s->template_id,
		"state", osess_state_name(s->state), "meeting",
		(json_int_t)s->meeting, "workshops", (json_int_t)s->n_workshops,
		"rotate_facilitator", s->rotate_facilitator,
		"alert_behind_minutes", (json_int_t)s->alert_behind_min,
		"min_size", (json_int_t)s->min_size, "max_size",
		(json_int_t)s->max_size, "links_expire",
		(json_int_t)s->links_expire_s);
}

char *codec_session_store(const struct org_session *s)
{
	json_t *o = store_head(s);

	if (o &&
	    roomjson_set(o, "people",
			 list(s->people, s->n_people, nth_person)) &&
	    roomjson_set(o, "apart", list(s->apart, s->n_apart, nth_pair)) &&
	    roomjson_set(o, "together",
			 list(s->together, s->n_together, nth_pair)) &&
	    roomjson_set(o, "history",
			 list(s->history, s->n_history, nth_pairing)) &&
	    roomjson_set(o, "groups", groups(s)) &&
	    roomjson_set(o, "banner",
			 json_string(s->banner ? s->banner : "")) &&
	    roomjson_set(o, "banner_at", json_integer(s->banner_at_ms)) &&
	    roomjson_set(o, "plenary_at", json_integer(s->plenary_at_ms)) &&
	    roomjson_set(o, "help", list(s->help, s->n_help, nth_help)) &&
	    roomjson_set(o, "next_help_id", json_integer(s->next_help_id)))
		return roomjson_dump(o);
	json_decref(o);
	return NULL;
}
