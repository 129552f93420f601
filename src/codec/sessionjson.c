/*
 * sessionjson.c — the session document, the session list, help items and
 * the organizer's error bodies (proto/sessions.md). The request decoders
 * are in sessionreq.c and sessionedit.c, the stored form in sessionstore.c.
 *
 * Ids go out as the core holds them (people and groups 1-based, 0 for
 * "none"); times are wall-clock ms, null when unset. The document never
 * carries link nonces or rotation counts: the first would let a reader
 * forge personal links, the second is the core's bookkeeping.
 */
#include "codec/sessionjson.h"

#include <jansson.h>
#include <string.h>

#include "codec/api.h"
#include "codec/people.h"
#include "codec/roomjson.h"
#include "core/room.h"
#include "util/utf8.h"

static json_t *jid(uint32_t v)
{
	return json_integer((json_int_t)v);
}

/* [[a,b],...] */
static json_t *pairs(const struct cohort_pair *p, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a,
					  json_pack("[I,I]", (json_int_t)p[i].a,
						    (json_int_t)p[i].b))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *person(const struct osess_person *p, uint32_t id)
{
	return json_pack("{s:I,s:s,s:s,s:b,s:b,s:b,s:I}", "id", (json_int_t)id,
			 "name", p->name, "email", p->email ? p->email : "",
			 "wants_client", p->wants_client, "can_facilitate",
			 p->can_facilitate, "facilitator", p->fixed_facilitator,
			 "group", (json_int_t)p->group);
}

static json_t *people(const struct org_session *s)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < s->n_people; i++)
		if (json_array_append_new(
			    a, person(&s->people[i], (uint32_t)i + 1))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *plan(const struct org_session *s, const struct osess_group *g)
{
	json_t *a = json_array();

	for (size_t w = 0; a && w < s->n_workshops; w++)
		if (json_array_append_new(
			    a, json_pack("{s:I,s:I}", "client",
					 (json_int_t)g->plan[w].client,
					 "facilitator",
					 (json_int_t)g->plan[w].facilitator))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *group(const struct org_session *s, size_t i)
{
	const struct osess_group *g = &s->groups[i];

	return json_pack("{s:I,s:o,s:I,s:o,s:I,s:s?}", "id", (json_int_t)i + 1,
			 "members", roomjson_ids(g->members, g->n_members),
			 "facilitator", (json_int_t)g->facilitator, "plan",
			 plan(s, g), "workshop", (json_int_t)g->workshop,
			 "room", g->room[0] ? g->room : NULL);
}

static json_t *groups(const struct org_session *s)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < s->n_groups; i++)
		if (json_array_append_new(a, group(s, i))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

json_t *sessionjson_help(const struct osess_help *h)
{
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:I,s:s?,s:I,s:I}", "id",
			 (json_int_t)h->id, "group", (json_int_t)h->group,
			 "room", h->room, "person", h->person ? h->person : "",
			 "message", h->message ? h->message : "", "step",
			 (json_int_t)h->step, "step_kind",
			 core_step_kind_name((enum core_step_kind)h->step_kind),
			 "remaining_ms", (json_int_t)h->remaining_ms, "at",
			 (json_int_t)h->at_ms);
}

static json_t *help_list(const struct org_session *s)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < s->n_help; i++)
		if (json_array_append_new(a, sessionjson_help(&s->help[i]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *banner(const struct org_session *s)
{
	if (!s->banner || !s->banner[0])
		return json_null();
	return json_pack("{s:s,s:I}", "text", s->banner, "at",
			 (json_int_t)s->banner_at_ms);
}

static json_t *ms_or_null(int64_t ms)
{
	return ms ? json_integer((json_int_t)ms) : json_null();
}

char *codec_session_doc(const struct org_session *s)
{
	json_t *o = json_pack(
		"{s:I,s:s,s:s,s:s,s:I,s:I,s:b,s:I}", "id", (json_int_t)s->id,
		"name", s->name, "template", s->template_id, "state",
		osess_state_name(s->state), "meeting", (json_int_t)s->meeting,
		"workshops", (json_int_t)s->n_workshops, "rotate_facilitator",
		s->rotate_facilitator, "alert_behind_minutes",
		(json_int_t)s->alert_behind_min);

	if (o && roomjson_set(o, "people", people(s)) &&
	    roomjson_set(o, "apart", pairs(s->apart, s->n_apart)) &&
	    roomjson_set(o, "together", pairs(s->together, s->n_together)) &&
	    roomjson_set(o, "groups", groups(s)) &&
	    roomjson_set(o, "banner", banner(s)) &&
	    roomjson_set(o, "plenary_at", ms_or_null(s->plenary_at_ms)) &&
	    roomjson_set(o, "help", help_list(s)))
		return roomjson_dump(o);
	json_decref(o);
	return NULL;
}

char *codec_session_list(struct org_session *const *v, size_t n)
{
	json_t *list = json_array();
	json_t *o = json_pack("{s:o}", "sessions", list);

	for (size_t i = 0; o && i < n; i++) {
		const struct org_session *s = v[i];
		if (json_array_append_new(
			    list,
			    json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:I}", "id",
				      (json_int_t)s->id, "name", s->name,
				      "state", osess_state_name(s->state),
				      "template", s->template_id, "meeting",
				      (json_int_t)s->meeting, "people",
				      (json_int_t)s->n_people, "groups",
				      (json_int_t)s->n_groups))) {
			json_decref(o);
			return NULL;
		}
	}
	return roomjson_dump(o);
}

char *codec_help_item(const struct osess_help *h)
{
	return roomjson_dump(sessionjson_help(h));
}

char *codec_console_help(const struct osess_help *h)
{
	/* "type" first, as in every other push. */
	json_t *o = json_pack("{s:s}", "type", "console.help");
	json_t *item = sessionjson_help(h);
	bool okay = o && item && json_object_update(o, item) == 0;

	json_decref(item);
	if (!okay) {
		json_decref(o);
		return NULL;
	}
	return roomjson_dump(o);
}

/* --- errors -------------------------------------------------------------- */

static enum core_err osess_core_err(enum osess_err code)
{
	switch (code) {
	case OSESS_E_INVALID:
		return CORE_E_BAD_FIELD;
	case OSESS_E_COHORT:
	case OSESS_E_STATE:
	case OSESS_E_LAST:
		return CORE_E_CONFLICT;
	case OSESS_E_NOT_FOUND:
		return CORE_E_NOT_FOUND;
	default:
		return CORE_E_INTERNAL;
	}
}

int codec_session_error_status(const struct osess_error *err)
{
	switch (err->code) {
	case OSESS_E_INVALID:
		return 400;
	case OSESS_E_COHORT:
		return 422;
	case OSESS_E_STATE:
	case OSESS_E_LAST:
		return 409;
	case OSESS_E_NOT_FOUND:
		return 404;
	default:
		return 500;
	}
}

static json_t *cohort_people(const struct osess_error *err)
{
	const struct cohort_error *c = &err->cohort;
	json_t *a = json_array();
	size_t n =
		err->n_people ? err->n_people : (c->n_who < 2 ? c->n_who : 2);

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a,
					  jid(err->n_people ? err->people[i]
							    : c->who[i] + 1))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* The core words messages with people's names and cuts them at a fixed
 * size, maybe inside a character: keep the valid part (jansson refuses
 * invalid UTF-8, which would lose the whole body). */
static void valid_copy(char *dst, size_t cap, const char *src, size_t max)
{
	size_t n = strnlen(src, max < cap ? max : cap - 1);

	n = utf8_prefix(src, n);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

char *codec_session_error(const struct osess_error *err)
{
	char msg[COHORT_MSG_MAX], field[sizeof err->field];
	struct codec_error e;

	if (err->code == OSESS_E_COHORT) {
		valid_copy(msg, sizeof msg,
			   err->cohort.message[0] ? err->cohort.message
						  : err->message,
			   COHORT_MSG_MAX);
		return roomjson_dump(json_pack(
			"{s:s,s:s,s:o,s:s}", "code", "conflict", "cohort",
			cohort_status_name(err->cohort.status), "people",
			cohort_people(err), "message", msg));
	}
	valid_copy(msg, sizeof msg, err->message, sizeof err->message);
	valid_copy(field, sizeof field, err->field, sizeof err->field);
	codec_error_set(&e, osess_core_err(err->code),
			err->code == OSESS_E_INVALID ? field : NULL,
			msg[0] ? msg : NULL);
	return codec_api_error(&e);
}
