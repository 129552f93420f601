/*
 * sessionload.c — a session's stored form (sessionstore.c) read back.
 *
 * Loading trusts nothing: the file may be damaged or from another
 * version. Every key must be there and no other ("v" names the format);
 * every value has its exact type and range; ids point inside the
 * session; groups and people agree on who is where. A refusal says which
 * key and why, never a stored value (names and texts are people's data).
 * The result is allocated exactly as the core allocates (group members
 * with capacity n_people) so osess_free releases it, also half-built.
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

#define ROOM_CHARS "abcdefghijklmnopqrstuvwxyz0123456789"
#define TEMPLATE_CHARS ROOM_CHARS "-"

/* --- load ---------------------------------------------------------------- */

struct rd {
	char *err;
	size_t errlen;
	char at[48]; /* where we are: "people[3]", "" at the top */
};

static bool rd_fail(struct rd *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool rd_fail(struct rd *r, const char *key, const char *fmt, ...)
{
	char why[96];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (!r->errlen)
		return false;
	if (r->at[0] || key[0])
		snprintf(r->err, r->errlen, "%s%s%s: %s", r->at,
			 r->at[0] && key[0] ? "." : "", key, why);
	else
		snprintf(r->err, r->errlen, "%s", why);
	return false;
}

static void rd_at(struct rd *r, const char *list, size_t i)
{
	snprintf(r->at, sizeof r->at, "%s[%zu]", list, i);
}

/* o is an object with exactly the keys given (NULL-terminated). */
static bool rd_keys(struct rd *r, json_t *o, const char *const *keys)
{
	size_t n = 0;

	if (!json_is_object(o))
		return rd_fail(r, "", "must be an object");
	for (; keys[n]; n++)
		if (!json_object_get(o, keys[n]))
			return rd_fail(r, keys[n], "missing");
	if (strict_unknown_key(o, keys))
		return rd_fail(r, "", "holds an unknown key");
	return true;
}

static bool rd_int(struct rd *r, json_t *o, const char *key, json_int_t lo,
		   json_int_t hi, json_int_t *out)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		return rd_fail(r, key, "must be an integer");
	*out = json_integer_value(v);
	if (*out < lo || *out > hi)
		return rd_fail(r, key, "out of range %lld..%lld", (long long)lo,
			       (long long)hi);
	return true;
}

static bool rd_u32(struct rd *r, json_t *o, const char *key, json_int_t lo,
		   json_int_t hi, uint32_t *out)
{
	json_int_t v = 0;

	if (!rd_int(r, o, key, lo, hi, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

static bool rd_i64(struct rd *r, json_t *o, const char *key, json_int_t lo,
		   int64_t *out)
{
	json_int_t v = 0;

	if (!rd_int(r, o, key, lo, CODEC_INT_MAX, &v))
		return false;
	*out = (int64_t)v;
	return true;
}

static bool rd_bool(struct rd *r, json_t *o, const char *key, bool *out)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_boolean(v))
		return rd_fail(r, key, "must be true or false");
	*out = json_is_true(v);
	return true;
}

/* A malloc'd copy of a string of lo..hi bytes; plain: no control
 * characters (names, which only ever come through the checked request). */
static bool rd_text(struct rd *r, json_t *o, const char *key, size_t lo,
		    size_t hi, bool plain, char **out)
{
	json_t *v = json_object_get(o, key);
	size_t n = json_string_length(v);

	if (!json_is_string(v))
		return rd_fail(r, key, "must be a string");
	if (n < lo || n > hi)
		return rd_fail(r, key, "length out of range %zu..%zu", lo, hi);
	if (plain && !people_text_ok(json_string_value(v), n, false))
		return rd_fail(r, key, "holds control characters");
	*out = malloc(n + 1);
	if (!*out)
		return rd_fail(r, key, "out of memory");
	memcpy(*out, json_string_value(v), n + 1);
	return true;
}

/* A word of lo..cap-1 characters among chars, copied into buf[cap]. */
static bool rd_word(struct rd *r, json_t *o, const char *key, size_t lo,
		    size_t cap, const char *chars, char *buf)
{
	json_t *v = json_object_get(o, key);
	size_t n = json_string_length(v);

	if (!json_is_string(v) || n < lo || n >= cap ||
	    strspn(json_string_value(v), chars) != n)
		return rd_fail(r, key, "not a valid id");
	memcpy(buf, json_string_value(v), n + 1);
	return true;
}

static bool rd_array(struct rd *r, json_t *o, const char *key, size_t lo,
		     size_t hi, json_t **out)
{
	*out = json_object_get(o, key);
	if (!json_is_array(*out))
		return rd_fail(r, key, "must be an array");
	if (json_array_size(*out) < lo || json_array_size(*out) > hi)
		return rd_fail(r, key, "must have %zu..%zu items", lo, hi);
	return true;
}

/* Element i of an id tuple: an integer lo..hi. */
static bool rd_elem(json_t *t, size_t i, json_int_t lo, json_int_t hi,
		    uint32_t *out)
{
	json_t *v = json_array_get(t, i);

	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return false;
	*out = (uint32_t)json_integer_value(v);
	return true;
}

static bool rd_nonce(struct rd *r, json_t *o, uint8_t *nonce)
{
	const char *h = json_string_value(json_object_get(o, "nonce"));

	if (!h || strlen(h) != 2 * OSESS_NONCE_LEN ||
	    strspn(h, "0123456789abcdef") != 2 * OSESS_NONCE_LEN)
		return rd_fail(r, "nonce", "must be %d lowercase hex digits",
			       2 * OSESS_NONCE_LEN);
	for (size_t i = 0; i < OSESS_NONCE_LEN; i++) {
		unsigned b;
		sscanf(h + 2 * i, "%2x", &b);
		nonce[i] = (uint8_t)b;
	}
	return true;
}

/* --- the session's parts ------------------------------------------------- */

static bool rd_head(struct rd *r, json_t *o, struct org_session *s)
{
	json_int_t v;

	if (!rd_int(r, o, "v", CODEC_SESSION_STORE_VERSION,
		    CODEC_SESSION_STORE_VERSION, &v) ||
	    !rd_u32(r, o, "id", 1, UINT32_MAX, &s->id) ||
	    !rd_u32(r, o, "org", 1, UINT32_MAX, &s->org) ||
	    !rd_text(r, o, "name", 1, OSESS_NAME_MAX, true, &s->name) ||
	    !rd_word(r, o, "template", 1, sizeof s->template_id, TEMPLATE_CHARS,
		     s->template_id))
		return false;
	const char *st = json_string_value(json_object_get(o, "state"));
	if (!st || !osess_state_parse(st, &s->state))
		return rd_fail(r, "state", "not a known state");
	if (!rd_u32(r, o, "meeting", 1, UINT32_MAX, &s->meeting) ||
	    !rd_u32(r, o, "workshops", 1, OSESS_MAX_WORKSHOPS,
		    &s->n_workshops) ||
	    !rd_bool(r, o, "rotate_facilitator", &s->rotate_facilitator) ||
	    !rd_u32(r, o, "alert_behind_minutes", 1, 120,
		    &s->alert_behind_min) ||
	    !rd_u32(r, o, "min_size", 2, COHORT_MAX_GROUP, &s->min_size) ||
	    !rd_u32(r, o, "max_size", 2, COHORT_MAX_GROUP, &s->max_size) ||
	    !rd_i64(r, o, "links_expire", 0, &s->links_expire_s))
		return false;
	if (s->min_size > s->max_size)
		return rd_fail(r, "min_size", "exceeds max_size");
	return true;
}

static bool rd_person(struct rd *r, json_t *o, struct osess_person *p)
{
	static const char *const keys[] = {"name",
					   "email",
					   "wants_client",
					   "can_facilitate",
					   "facilitator",
					   "group",
					   "nonce",
					   "client_count",
					   "facilitator_count",
					   NULL};

	return rd_keys(r, o, keys) &&
	       rd_text(r, o, "name", 1, OSESS_PERSON_MAX, true, &p->name) &&
	       rd_text(r, o, "email", 0, OSESS_EMAIL_MAX, true, &p->email) &&
	       rd_bool(r, o, "wants_client", &p->wants_client) &&
	       rd_bool(r, o, "can_facilitate", &p->can_facilitate) &&
	       rd_bool(r, o, "facilitator", &p->fixed_facilitator) &&
	       rd_u32(r, o, "group", 0, UINT32_MAX, &p->group) &&
	       rd_nonce(r, o, p->nonce) &&
	       rd_u32(r, o, "client_count", 0, UINT32_MAX, &p->client_count) &&
	       rd_u32(r, o, "facilitator_count", 0, UINT32_MAX,
		      &p->facilitator_count);
}

static bool rd_people(struct rd *r, json_t *root, struct org_session *s)
{
	json_t *a;

	if (!rd_array(r, root, "people", 1, COHORT_MAX_PEOPLE, &a))
		return false;
	s->people = calloc(json_array_size(a), sizeof *s->people);
	if (!s->people)
		return rd_fail(r, "people", "out of memory");
	s->n_people = json_array_size(a);
	for (size_t i = 0; i < s->n_people; i++) {
		rd_at(r, "people", i);
		if (!rd_person(r, json_array_get(a, i), &s->people[i]))
			return false;
	}
	r->at[0] = '\0';
	return true;
}

/* "apart" and "together" ([[a,b]...], into pairs) or "history"
 * ([[a,b,count]...], into hist): a != b, both people of the session. */
static bool rd_pairs(struct rd *r, json_t *root, const char *key,
		     struct cohort_pair *pairs, struct cohort_pairing *hist,
		     size_t n_people)
{
	json_t *a = json_object_get(root, key);
	size_t width = hist ? 3 : 2;

	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *t = json_array_get(a, i);
		uint32_t d[3] = {0, 0, 0};
		if (!json_is_array(t) || json_array_size(t) != width ||
		    !rd_elem(t, 0, 1, (json_int_t)n_people, &d[0]) ||
		    !rd_elem(t, 1, 1, (json_int_t)n_people, &d[1]) ||
		    d[0] == d[1] ||
		    (hist && !rd_elem(t, 2, 1, UINT32_MAX, &d[2])))
			return rd_fail(r, key, "item %zu is not a valid pair",
				       i);
		if (hist)
			hist[i] = (struct cohort_pairing){d[0], d[1], d[2]};
		else
			pairs[i] = (struct cohort_pair){d[0], d[1]};
	}
	return true;
}

static size_t list_size(json_t *root, const char *key)
{
	return json_array_size(json_object_get(root, key));
}

static bool rd_constraints(struct rd *r, json_t *root, struct org_session *s)
{
	json_t *a;

	if (!rd_array(r, root, "apart", 0, CODEC_SESSION_PAIRS_MAX, &a) ||
	    !rd_array(r, root, "together", 0, CODEC_SESSION_PAIRS_MAX, &a) ||
	    !rd_array(r, root, "history", 0, CODEC_SESSION_HISTORY_MAX, &a))
		return false;
	s->n_apart = list_size(root, "apart");
	s->n_together = list_size(root, "together");
	s->n_history = list_size(root, "history");
	s->apart = malloc((s->n_apart + 1) * sizeof *s->apart);
	s->together = malloc((s->n_together + 1) * sizeof *s->together);
	s->history = malloc((s->n_history + 1) * sizeof *s->history);
	if (!s->apart || !s->together || !s->history)
		return rd_fail(r, "history", "out of memory");
	return rd_pairs(r, root, "apart", s->apart, NULL, s->n_people) &&
	       rd_pairs(r, root, "together", s->together, NULL, s->n_people) &&
	       rd_pairs(r, root, "history", NULL, s->history, s->n_people);
}

/* Members: ascending person ids, each of whom says they are in group
 * `id` (the converse is checked by rd_groups_agree). */
static bool rd_members(struct rd *r, json_t *o, const struct org_session *s,
		       struct osess_group *g, uint32_t id)
{
	json_t *a;

	if (!rd_array(r, o, "members", 0, s->n_people, &a))
		return false;
	g->members = malloc(s->n_people * sizeof *g->members);
	if (!g->members)
		return rd_fail(r, "members", "out of memory");
	for (size_t k = 0; k < json_array_size(a); k++) {
		uint32_t m;
		if (!rd_elem(a, k, 1, (json_int_t)s->n_people, &m) ||
		    (k && m <= g->members[k - 1]) ||
		    s->people[m - 1].group != id)
			return rd_fail(r, "members",
				       "item %zu is not an ascending id of a "
				       "person of this group",
				       k);
		g->members[g->n_members++] = m;
	}
	return true;
}

static bool rd_plan(struct rd *r, json_t *o, const struct org_session *s,
		    struct osess_group *g)
{
	json_t *a;

	if (!rd_array(r, o, "plan", s->n_workshops, s->n_workshops, &a))
		return false;
	for (size_t w = 0; w < s->n_workshops; w++) {
		json_t *t = json_array_get(a, w);
		if (!json_is_array(t) || json_array_size(t) != 2 ||
		    !rd_elem(t, 0, 0, (json_int_t)s->n_people,
			     &g->plan[w].client) ||
		    !rd_elem(t, 1, 0, (json_int_t)s->n_people,
			     &g->plan[w].facilitator))
			return rd_fail(r, "plan",
				       "item %zu is not [client, "
				       "facilitator]",
				       w);
	}
	return true;
}

/* A draft has not started: no workshop, no room; a running session's
 * groups are in one of their workshops. */
static bool rd_group(struct rd *r, json_t *o, const struct org_session *s,
		     struct osess_group *g, uint32_t id)
{
	static const char *const keys[] = {"members",  "facilitator", "plan",
					   "workshop", "room",	      NULL};
	bool draft = s->state == OSESS_DRAFT;

	if (!rd_keys(r, o, keys) || !rd_members(r, o, s, g, id) ||
	    !rd_u32(r, o, "facilitator", 0, (json_int_t)s->n_people,
		    &g->facilitator) ||
	    !rd_plan(r, o, s, g) ||
	    !rd_u32(r, o, "workshop", draft ? 0 : 1,
		    draft ? 0 : (json_int_t)s->n_workshops, &g->workshop) ||
	    !rd_word(r, o, "room", 0, draft ? 1 : sizeof g->room, ROOM_CHARS,
		     g->room))
		return false;
	return true;
}

/* Every person with a group is among its members (rd_members checked
 * the other way round). */
static bool rd_groups_agree(struct rd *r, const struct org_session *s)
{
	size_t placed = 0, listed = 0;

	for (size_t i = 0; i < s->n_people; i++) {
		if (s->people[i].group > s->n_groups) {
			rd_at(r, "people", i);
			return rd_fail(r, "group", "no such group");
		}
		placed += s->people[i].group != 0;
	}
	for (size_t g = 0; g < s->n_groups; g++)
		listed += s->groups[g].n_members;
	if (placed != listed)
		return rd_fail(r, "groups", "members and people disagree");
	return true;
}

static bool rd_groups(struct rd *r, json_t *root, struct org_session *s)
{
	json_t *a;

	if (!rd_array(r, root, "groups", 0, s->n_people, &a))
		return false;
	s->groups = calloc(json_array_size(a) + 1, sizeof *s->groups);
	if (!s->groups)
		return rd_fail(r, "groups", "out of memory");
	s->n_groups = json_array_size(a);
	for (size_t i = 0; i < s->n_groups; i++) {
		rd_at(r, "groups", i);
		if (!rd_group(r, json_array_get(a, i), s, &s->groups[i],
			      (uint32_t)i + 1))
			return false;
	}
	r->at[0] = '\0';
	return rd_groups_agree(r, s);
}

static bool rd_help_item(struct rd *r, json_t *o, const struct org_session *s,
			 struct osess_help *h, uint32_t prev_id)
{
	static const char *const keys[] = {
		"id",	"group",     "room",	     "person", "message",
		"step", "step_kind", "remaining_ms", "at",     NULL};
	enum core_step_kind kind;
	json_int_t remaining;
	const char *k;

	if (!rd_keys(r, o, keys) ||
	    !rd_u32(r, o, "id", (json_int_t)prev_id + 1, UINT32_MAX - 1,
		    &h->id) ||
	    !rd_u32(r, o, "group", 0, (json_int_t)s->n_groups, &h->group) ||
	    !rd_word(r, o, "room", 0, sizeof h->room, ROOM_CHARS, h->room) ||
	    !rd_text(r, o, "person", 0, OSESS_PERSON_MAX, false, &h->person) ||
	    !rd_text(r, o, "message", 0, OSESS_TEXT_MAX, false, &h->message) ||
	    !rd_u32(r, o, "step", 0, CORE_MAX_STEPS - 1, &h->step) ||
	    !rd_int(r, o, "remaining_ms", -CODEC_INT_MAX, CODEC_INT_MAX,
		    &remaining) ||
	    !rd_i64(r, o, "at", 0, &h->at_ms))
		return false;
	h->remaining_ms = (int64_t)remaining;
	k = json_string_value(json_object_get(o, "step_kind"));
	if (!k || !core_step_kind_parse(k, &kind))
		return rd_fail(r, "step_kind", "not a known step kind");
	h->step_kind = (int)kind;
	return true;
}

/* Help requests in the order they came (ascending ids), all below
 * next_help_id. */
static bool rd_help(struct rd *r, json_t *root, struct org_session *s)
{
	json_t *a;
	uint32_t last = 0;

	if (!rd_array(r, root, "help", 0, OSESS_HELP_MAX, &a))
		return false;
	for (size_t i = 0; i < json_array_size(a); i++) {
		rd_at(r, "help", i);
		s->n_help++; /* counted first: osess_free frees what it got */
		if (!rd_help_item(r, json_array_get(a, i), s, &s->help[i],
				  last))
			return false;
		last = s->help[i].id;
	}
	r->at[0] = '\0';
	return rd_u32(r, root, "next_help_id", (json_int_t)last + 1, UINT32_MAX,
		      &s->next_help_id);
}

static bool rd_session(struct rd *r, json_t *root, struct org_session *s)
{
	static const char *const keys[] = {"v",
					   "id",
					   "org",
					   "name",
					   "template",
					   "state",
					   "meeting",
					   "workshops",
					   "rotate_facilitator",
					   "alert_behind_minutes",
					   "min_size",
					   "max_size",
					   "links_expire",
					   "people",
					   "apart",
					   "together",
					   "history",
					   "groups",
					   "banner",
					   "banner_at",
					   "plenary_at",
					   "help",
					   "next_help_id",
					   NULL};

	return rd_keys(r, root, keys) && rd_head(r, root, s) &&
	       rd_people(r, root, s) && rd_constraints(r, root, s) &&
	       rd_groups(r, root, s) &&
	       rd_text(r, root, "banner", 0, OSESS_TEXT_MAX, false,
		       &s->banner) &&
	       rd_i64(r, root, "banner_at", 0, &s->banner_at_ms) &&
	       rd_i64(r, root, "plenary_at", 0, &s->plenary_at_ms) &&
	       rd_help(r, root, s);
}

struct org_session *codec_session_load(const char *json, size_t len, char *err,
				       size_t errlen)
{
	struct rd r = {.err = err, .errlen = errlen};
	struct org_session *s = NULL;
	json_error_t je;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	bool okay;

	if (errlen)
		err[0] = '\0';
	if (!root) {
		rd_fail(&r, "", "not valid JSON (line %d, column %d)", je.line,
			je.column);
		return NULL;
	}
	s = calloc(1, sizeof *s);
	okay = s ? rd_session(&r, root, s) : rd_fail(&r, "", "out of memory");
	json_decref(root);
	if (!okay) {
		osess_free(s);
		return NULL;
	}
	return s;
}
