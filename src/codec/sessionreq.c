/*
 * sessionreq.c — POST /api/sessions decoded, and the helpers every
 * session body shares (sessionedit.c decodes the edits), strict like the
 * WebSocket codec (decode.c): one JSON object, no duplicate or unknown
 * keys (bad_field naming the key), exact types, bounded values.
 *
 * The error's field is the field at fault ("people[2].name", "apart",
 * "members"...), which is what a form can point at; the message says
 * where inside it (person 3, pair 2, group 1) without quoting any value.
 * Whether ids exist together (a person in two groups, a facilitator who
 * is not a member) is the core's to decide: here ids are only in range.
 */
#include "codec/sessionjson.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/people.h"
#include "codec/strict.h"

#define DEFAULT_MIN_SIZE 5
#define DEFAULT_MAX_SIZE 8

enum core_err body_bad(struct codec_error *e, const char *field,
		       const char *fmt, ...)
{
	char msg[CODEC_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	codec_error_set(e, CORE_E_BAD_FIELD, field, msg);
	return CORE_E_BAD_FIELD;
}

enum core_err body_oom(struct codec_error *e)
{
	codec_error_set(e, CORE_E_INTERNAL, NULL, "out of memory");
	return CORE_E_INTERNAL;
}

/* The body as one JSON object; an empty body is {} when empty_ok. */
enum core_err body_load_object(const char *body, size_t len, bool empty_ok,
			       json_t **root, struct codec_error *e)
{
	json_error_t je;
	bool dup;

	if (!len && empty_ok) {
		*root = json_object();
		return *root ? CORE_OK : body_oom(e);
	}
	*root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (json_is_object(*root))
		return CORE_OK;
	if (!*root && json_error_code(&je) == json_error_out_of_memory)
		return body_oom(e);
	dup = !*root && json_error_code(&je) == json_error_duplicate_key;
	json_decref(*root);
	*root = NULL;
	codec_error_set(e, CORE_E_BAD_JSON, NULL,
			dup ? "duplicate key"
			    : "the body must be one JSON object");
	return CORE_E_BAD_JSON;
}

/* field = at + key, cut to CODEC_FIELD_MAX - 1 bytes. */
static void field_path(char field[CODEC_FIELD_MAX], const char *at,
		       const char *key)
{
	size_t a = strlen(at), k = strlen(key);

	if (a > CODEC_FIELD_MAX - 1)
		a = CODEC_FIELD_MAX - 1;
	if (k > CODEC_FIELD_MAX - 1 - a)
		k = CODEC_FIELD_MAX - 1 - a;
	memcpy(field, at, a);
	memcpy(field + a, key, k);
	field[a + k] = '\0';
}

/* Every key of o is in keys (NULL-terminated); else bad_field naming
 * the first other key, after `at` (its path: "people[2].", or "" at the
 * top), as the room protocol names items[2].action (codec_error_set cuts
 * it on a UTF-8 boundary). */
enum core_err body_known_keys(json_t *o, const char *const *keys,
			      const char *at, struct codec_error *e)
{
	char field[CODEC_FIELD_MAX];
	const char *key = strict_unknown_key(o, keys);

	if (!key)
		return CORE_OK;
	field_path(field, at, key);
	codec_error_set(e, CORE_E_BAD_FIELD, field, "unknown key");
	return CORE_E_BAD_FIELD;
}

/* An integer lo..hi; absent leaves *out alone unless required. */
enum core_err body_get_u32(json_t *o, const char *key, bool required,
			   json_int_t lo, json_int_t hi, uint32_t *out,
			   struct codec_error *e)
{
	json_t *v = json_object_get(o, key);

	if (!v)
		return required ? body_bad(e, key, "missing") : CORE_OK;
	if (!json_is_integer(v))
		return body_bad(e, key, "must be an integer");
	if (json_integer_value(v) < lo || json_integer_value(v) > hi)
		return body_bad(e, key, "out of range (%lld..%lld)",
				(long long)lo, (long long)hi);
	*out = (uint32_t)json_integer_value(v);
	return CORE_OK;
}

enum core_err body_get_bool(json_t *o, const char *key, bool *out,
			    struct codec_error *e)
{
	json_t *v = json_object_get(o, key);

	if (!v)
		return CORE_OK;
	if (!json_is_boolean(v))
		return body_bad(e, key, "must be true or false");
	*out = json_is_true(v);
	return CORE_OK;
}

/* One id 1..n inside an array or object: "where" says which. */
bool body_id_ok(json_t *v, size_t n, uint32_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    (json_int_t)json_integer_value(v) > (json_int_t)n)
		return false;
	*out = (uint32_t)json_integer_value(v);
	return true;
}

/* --- POST /api/sessions -------------------------------------------------- */

static enum core_err req_name(json_t *o, struct codec_session_req *out,
			      struct codec_error *e)
{
	json_t *v = json_object_get(o, "name");
	const char *s;
	size_t n;

	if (!v)
		return body_bad(e, "name", "missing");
	if (!json_is_string(v))
		return body_bad(e, "name", "must be a string");
	s = json_string_value(v);
	n = json_string_length(v);
	people_trim(&s, &n);
	if (!n)
		return body_bad(e, "name", "must not be empty");
	if (n > OSESS_NAME_MAX)
		return body_bad(e, "name", "too long (at most %d bytes)",
				OSESS_NAME_MAX);
	if (!people_text_ok(s, n, false))
		return body_bad(e, "name", "contains control characters");
	memcpy(out->name, s, n);
	out->name[n] = '\0';
	out->req.name = out->name;
	return CORE_OK;
}

static enum core_err req_template(json_t *o, struct codec_session_req *out,
				  struct codec_error *e)
{
	json_t *v = json_object_get(o, "template");
	size_t n;

	if (!v)
		return CORE_OK;
	n = json_is_string(v) ? json_string_length(v) : 0;
	if (!n || n >= sizeof out->template_id ||
	    strspn(json_string_value(v), "abcdefghijklmnopqrstuvwxyz"
					 "0123456789-") != n)
		return body_bad(e, "template",
				"must be a template id: 1..%d of a-z, 0-9, -",
				CORE_TEMPLATE_ID_MAX - 1);
	memcpy(out->template_id, json_string_value(v), n + 1);
	out->req.template_id = out->template_id;
	return CORE_OK;
}

static enum core_err req_numbers(json_t *o, struct osess_request *r,
				 struct codec_error *e)
{
	enum core_err err;
	uint32_t lo, hi;

	if ((err = body_get_u32(o, "workshops", false, 1, OSESS_MAX_WORKSHOPS,
				&r->n_workshops, e)) ||
	    (err = body_get_u32(o, "alert_behind_minutes", false, 1, 120,
				&r->alert_behind_min, e)) ||
	    (err = body_get_u32(o, "min_size", false, 2, COHORT_MAX_GROUP,
				&r->min_size, e)) ||
	    (err = body_get_u32(o, "max_size", false, 2, COHORT_MAX_GROUP,
				&r->max_size, e)) ||
	    (err = body_get_bool(o, "rotate_facilitator",
				 &r->rotate_facilitator, e)))
		return err;
	lo = r->min_size ? r->min_size : DEFAULT_MIN_SIZE;
	hi = r->max_size ? r->max_size : DEFAULT_MAX_SIZE;
	if (lo > hi)
		return body_bad(e, r->min_size ? "min_size" : "max_size",
				"min_size must not exceed max_size (%u > %u)",
				lo, hi);
	return CORE_OK;
}

/* One element of "people": {name, email?, wants_client?,
 * can_facilitate?, facilitator?}. */
static enum core_err req_person(json_t *p, size_t i, struct codec_people *out,
				struct codec_error *e)
{
	static const char *const keys[] = {"name",	   "email",
					   "wants_client", "can_facilitate",
					   "facilitator",  NULL};
	static const char *const flag_keys[3] = {
		"wants_client", "can_facilitate", "facilitator"};
	json_t *name, *email;
	bool flags[3] = {false, false, false};
	enum people_bad bad_value;
	enum core_err err;

	char at[32], field[CODEC_FIELD_MAX];

	if (!json_is_object(p))
		return body_bad(e, "people", "person %zu: must be an object",
				i + 1);
	snprintf(at, sizeof at, "people[%zu].", i);
	if ((err = body_known_keys(p, keys, at, e)))
		return err;
	for (int k = 0; k < 3; k++)
		if (body_get_bool(p, flag_keys[k], &flags[k], e)) {
			field_path(field, at, flag_keys[k]);
			return body_bad(e, field,
					"person %zu: %s must be true or false",
					i + 1, flag_keys[k]);
		}
	name = json_object_get(p, "name");
	email = json_object_get(p, "email");
	field_path(field, at, "name");
	if (!json_is_string(name))
		return body_bad(e, field,
				"person %zu: name missing or not a string",
				i + 1);
	field_path(field, at, "email");
	if (email && !json_is_string(email))
		return body_bad(e, field, "person %zu: email must be a string",
				i + 1);
	bad_value = people_add(out, json_string_value(name),
			       json_string_length(name),
			       email ? json_string_value(email) : "",
			       email ? json_string_length(email) : 0, flags);
	if (bad_value == PEOPLE_NOMEM)
		return body_oom(e);
	field_path(field, at,
		   bad_value >= PEOPLE_EMAIL_LONG ? "email" : "name");
	if (bad_value)
		return body_bad(e, field, "person %zu: %s", i + 1,
				people_why(bad_value));
	return CORE_OK;
}

/* The people, from "people" or "csv" (exactly one of them). The JSON
 * text bound: each stored string is at most its escaped form, whose two
 * quotes pay for the NUL. */
static enum core_err req_people(json_t *o, size_t len, size_t max_people,
				struct codec_session_req *out,
				struct codec_error *e)
{
	json_t *list = json_object_get(o, "people");
	json_t *csv = json_object_get(o, "csv");
	enum core_err err;

	if (list && csv)
		return body_bad(e, "csv", "give people or csv, not both");
	if (csv)
		return json_is_string(csv)
			       ? codec_csv_people(json_string_value(csv),
						  json_string_length(csv),
						  max_people, &out->people, e)
			       : body_bad(e, "csv", "must be a string");
	if (!list)
		return body_bad(e, "people", "missing: give people or csv");
	if (!json_is_array(list) || !json_array_size(list))
		return body_bad(e, "people", "must be a non-empty array");
	if (json_array_size(list) > max_people)
		return body_bad(e, "people", "too many people (at most %zu)",
				max_people);
	if (!people_init(&out->people, len + 2))
		return body_oom(e);
	for (size_t i = 0; i < json_array_size(list); i++)
		if ((err = req_person(json_array_get(list, i), i, &out->people,
				      e)))
			return err;
	return CORE_OK;
}

/* "apart" or "together": [[a,b],...] with 1 <= a, b <= n, a != b. */
static enum core_err req_pairs(json_t *o, const char *key, size_t n,
			       struct cohort_pair *dst, size_t *count,
			       struct codec_error *e)
{
	json_t *list = json_object_get(o, key);

	*count = 0;
	if (!list)
		return CORE_OK;
	if (!json_is_array(list) ||
	    json_array_size(list) > CODEC_SESSION_PAIRS_MAX)
		return body_bad(e, key, "must be an array of at most %d pairs",
				CODEC_SESSION_PAIRS_MAX);
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *p = json_array_get(list, i);
		struct cohort_pair *d = &dst[i];
		if (!json_is_array(p) || json_array_size(p) != 2 ||
		    !body_id_ok(json_array_get(p, 0), n, &d->a) ||
		    !body_id_ok(json_array_get(p, 1), n, &d->b) || d->a == d->b)
			return body_bad(
				e, key,
				"pair %zu: must be [a, b], two different "
				"person numbers 1..%zu",
				i + 1, n);
	}
	*count = json_array_size(list);
	return CORE_OK;
}

static size_t pairs_len(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_array(v) ? json_array_size(v) : 0;
}

static enum core_err req_all_pairs(json_t *o, struct codec_session_req *out,
				   struct codec_error *e)
{
	size_t na = pairs_len(o, "apart"), nt = pairs_len(o, "together");
	struct osess_request *r = &out->req;
	enum core_err err;

	if (na > CODEC_SESSION_PAIRS_MAX || nt > CODEC_SESSION_PAIRS_MAX)
		return body_bad(
			e, na > CODEC_SESSION_PAIRS_MAX ? "apart" : "together",
			"at most %d pairs", CODEC_SESSION_PAIRS_MAX);
	out->pairs = malloc((na + nt + 1) * sizeof *out->pairs);
	if (!out->pairs)
		return body_oom(e);
	if ((err = req_pairs(o, "apart", out->people.n, out->pairs, &r->n_apart,
			     e)) ||
	    (err = req_pairs(o, "together", out->people.n, out->pairs + na,
			     &r->n_together, e)))
		return err;
	r->apart = out->pairs;
	r->together = out->pairs + na;
	return CORE_OK;
}

static enum core_err req_decode(json_t *o, size_t len, size_t max_people,
				struct codec_session_req *out,
				struct codec_error *e)
{
	static const char *const keys[] = {"name",
					   "template",
					   "workshops",
					   "rotate_facilitator",
					   "alert_behind_minutes",
					   "min_size",
					   "max_size",
					   "people",
					   "csv",
					   "apart",
					   "together",
					   NULL};
	enum core_err err;

	if ((err = body_known_keys(o, keys, "", e)) ||
	    (err = req_name(o, out, e)) || (err = req_template(o, out, e)) ||
	    (err = req_numbers(o, &out->req, e)) ||
	    (err = req_people(o, len, max_people, out, e)) ||
	    (err = req_all_pairs(o, out, e)))
		return err;
	out->req.people = out->people.v;
	out->req.n_people = out->people.n;
	return CORE_OK;
}

enum core_err codec_session_request(const char *body, size_t len,
				    size_t max_people,
				    struct codec_session_req *out,
				    struct codec_error *e)
{
	struct codec_error scratch;
	json_t *root;
	enum core_err err;

	e = e ? e : &scratch;
	memset(out, 0, sizeof *out);
	codec_error_set(e, CORE_OK, NULL, NULL);
	if (max_people > COHORT_MAX_PEOPLE)
		max_people = COHORT_MAX_PEOPLE;
	err = body_load_object(body, len, false, &root, e);
	if (!err)
		err = req_decode(root, len, max_people, out, e);
	json_decref(root);
	if (err)
		codec_session_req_free(out);
	return err;
}

void codec_session_req_free(struct codec_session_req *r)
{
	if (!r)
		return;
	codec_people_free(&r->people);
	free(r->pairs);
	memset(r, 0, sizeof *r);
}
