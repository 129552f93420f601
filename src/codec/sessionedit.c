/*
 * sessionedit.c — the organizer's edits of a session, decoded strictly:
 * PUT .../groups, PUT .../plan, and the one-field bodies (banner text,
 * plenary minutes, a group, reshuffle). The helpers are sessionreq.c's.
 */
#include "codec/sessionjson.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/people.h"
#include "util/utf8.h"

/* --- PUT .../groups ------------------------------------------------------ */

/* groups[i] of a body: an object with only the given keys. */
static enum core_err group_object(json_t *g, size_t i, const char *const *keys,
				  struct codec_error *e)
{
	char at[32];

	if (!json_is_object(g))
		return body_bad(e, "groups", "group %zu: must be an object",
				i + 1);
	snprintf(at, sizeof at, "groups[%zu].", i);
	return body_known_keys(g, keys, at, e);
}

static enum core_err groups_one(json_t *g, size_t i, size_t n_people,
				struct codec_groups *out, size_t *used,
				struct codec_error *e)
{
	static const char *const keys[] = {"members", "facilitator", NULL};
	struct osess_group_in *in = &out->v[i];
	json_t *m;
	enum core_err err;

	if ((err = group_object(g, i, keys, e)) ||
	    (err = body_get_u32(g, "facilitator", true, 1, (json_int_t)n_people,
				&in->facilitator, e)))
		return err;
	m = json_object_get(g, "members");
	if (!json_is_array(m) || !json_array_size(m))
		return body_bad(e, "members",
				"group %zu: must be a non-empty array", i + 1);
	if (json_array_size(m) > n_people - *used)
		return body_bad(e, "members", "more members than people");
	in->members = out->ids + *used;
	in->n_members = json_array_size(m);
	for (size_t k = 0; k < in->n_members; k++)
		if (!body_id_ok(json_array_get(m, k), n_people,
				&out->ids[(*used)++]))
			return body_bad(e, "members",
					"group %zu: member %zu is not a person "
					"number 1..%zu",
					i + 1, k + 1, n_people);
	return CORE_OK;
}

static enum core_err groups_decode(json_t *o, size_t n_people,
				   struct codec_groups *out,
				   struct codec_error *e)
{
	static const char *const keys[] = {"groups", NULL};
	json_t *list = json_object_get(o, "groups");
	size_t used = 0;
	enum core_err err;

	if ((err = body_known_keys(o, keys, "", e)))
		return err;
	if (!json_is_array(list) || !json_array_size(list) ||
	    json_array_size(list) > n_people)
		return body_bad(e, "groups",
				"must be an array of 1..%zu groups", n_people);
	out->v = calloc(json_array_size(list), sizeof *out->v);
	out->ids = malloc((n_people + 1) * sizeof *out->ids);
	if (!out->v || !out->ids)
		return body_oom(e);
	for (size_t i = 0; i < json_array_size(list); i++)
		if ((err = groups_one(json_array_get(list, i), i, n_people, out,
				      &used, e)))
			return err;
	out->n = json_array_size(list);
	return CORE_OK;
}

enum core_err codec_session_groups(const char *body, size_t len,
				   size_t n_people, struct codec_groups *out,
				   struct codec_error *e)
{
	struct codec_error scratch;
	json_t *root;
	enum core_err err;

	e = e ? e : &scratch;
	memset(out, 0, sizeof *out);
	codec_error_set(e, CORE_OK, NULL, NULL);
	err = body_load_object(body, len, false, &root, e);
	if (!err)
		err = groups_decode(root, n_people, out, e);
	json_decref(root);
	if (err)
		codec_groups_free(out);
	return err;
}

void codec_groups_free(struct codec_groups *g)
{
	if (!g)
		return;
	free(g->v);
	free(g->ids);
	memset(g, 0, sizeof *g);
}

/* --- PUT .../plan -------------------------------------------------------- */

static enum core_err plan_item(json_t *it, size_t g, size_t w, size_t n_people,
			       struct osess_plan_item *out,
			       struct codec_error *e)
{
	static const char *const keys[] = {"client", "facilitator", NULL};
	char at[40];
	enum core_err err;

	if (!json_is_object(it))
		return body_bad(e, "plan",
				"group %zu, workshop %zu: must be an object",
				g + 1, w + 1);
	snprintf(at, sizeof at, "groups[%zu].plan[%zu].", g, w);
	if ((err = body_known_keys(it, keys, at, e)))
		return err;
	if (!body_id_ok(json_object_get(it, "client"), n_people,
			&out->client) ||
	    !body_id_ok(json_object_get(it, "facilitator"), n_people,
			&out->facilitator))
		return body_bad(
			e, "plan",
			"group %zu, workshop %zu: client and facilitator "
			"must be person numbers 1..%zu",
			g + 1, w + 1, n_people);
	return CORE_OK;
}

static enum core_err plan_group(json_t *g, size_t i, size_t n_workshops,
				size_t n_people, struct osess_plan_item *out,
				struct codec_error *e)
{
	static const char *const keys[] = {"plan", NULL};
	json_t *plan;
	enum core_err err;

	if ((err = group_object(g, i, keys, e)))
		return err;
	plan = json_object_get(g, "plan");
	if (!json_is_array(plan) || json_array_size(plan) != n_workshops)
		return body_bad(e, "plan", "group %zu: must list %zu workshops",
				i + 1, n_workshops);
	for (size_t w = 0; w < n_workshops; w++)
		if ((err = plan_item(json_array_get(plan, w), i, w, n_people,
				     &out[w], e)))
			return err;
	return CORE_OK;
}

static enum core_err plan_decode(json_t *o, size_t n_groups, size_t n_workshops,
				 size_t n_people, struct osess_plan_item *items,
				 struct codec_error *e)
{
	static const char *const keys[] = {"groups", NULL};
	json_t *list = json_object_get(o, "groups");
	enum core_err err;

	if ((err = body_known_keys(o, keys, "", e)))
		return err;
	if (!json_is_array(list) || json_array_size(list) != n_groups)
		return body_bad(e, "groups", "must list the %zu groups",
				n_groups);
	for (size_t g = 0; g < n_groups; g++)
		if ((err = plan_group(json_array_get(list, g), g, n_workshops,
				      n_people, items + g * n_workshops, e)))
			return err;
	return CORE_OK;
}

enum core_err codec_session_plan(const char *body, size_t len, size_t n_groups,
				 size_t n_workshops, size_t n_people,
				 struct osess_plan_item **out, size_t *n_out,
				 struct codec_error *e)
{
	struct codec_error scratch;
	struct osess_plan_item *items = NULL;
	json_t *root = NULL;
	enum core_err err;

	e = e ? e : &scratch;
	*out = NULL;
	*n_out = 0;
	codec_error_set(e, CORE_OK, NULL, NULL);
	if (n_workshops > OSESS_MAX_WORKSHOPS || n_groups > COHORT_MAX_PEOPLE)
		return body_bad(e, "groups", "the session has no such plan");
	err = body_load_object(body, len, false, &root, e);
	if (!err &&
	    !(items = calloc(n_groups * n_workshops + 1, sizeof *items)))
		err = body_oom(e);
	if (!err)
		err = plan_decode(root, n_groups, n_workshops, n_people, items,
				  e);
	json_decref(root);
	if (err) {
		free(items);
		return err;
	}
	*out = items;
	*n_out = n_groups * n_workshops;
	return CORE_OK;
}

/* --- one-field bodies ---------------------------------------------------- */

/* The single allowed key's value (NULL when absent). */
static enum core_err one_key(const char *body, size_t len, const char *key,
			     bool empty_ok, json_t **root, json_t **v,
			     struct codec_error *e)
{
	const char *const keys[] = {key, NULL};
	enum core_err err;

	*v = NULL;
	codec_error_set(e, CORE_OK, NULL, NULL);
	if ((err = body_load_object(body, len, empty_ok, root, e)))
		return err;
	if ((err = body_known_keys(*root, keys, "", e))) {
		json_decref(*root);
		*root = NULL;
		return err;
	}
	*v = json_object_get(*root, key);
	return CORE_OK;
}

enum core_err codec_session_text(const char *body, size_t len, char *out,
				 size_t cap, struct codec_error *e)
{
	struct codec_error scratch;
	json_t *root, *v;
	enum core_err err;
	size_t n;

	e = e ? e : &scratch;
	out[0] = '\0';
	if ((err = one_key(body, len, "text", false, &root, &v, e)))
		return err;
	n = json_is_string(v) ? json_string_length(v) : 0;
	if (!json_is_string(v))
		err = body_bad(e, "text", v ? "must be a string" : "missing");
	else if (n > OSESS_TEXT_MAX || n >= cap ||
		 utf8_count(json_string_value(v), n) > CODEC_SESSION_TEXT_CHARS)
		err = body_bad(e, "text", "too long (at most %d characters)",
			       CODEC_SESSION_TEXT_CHARS);
	else if (!people_text_ok(json_string_value(v), n, true))
		err = body_bad(e, "text", "contains control characters");
	else
		memcpy(out, json_string_value(v), n + 1);
	json_decref(root);
	return err;
}

static enum core_err one_u32(const char *body, size_t len, const char *key,
			     json_int_t lo, json_int_t hi, uint32_t *out,
			     struct codec_error *e)
{
	json_t *root, *v;
	enum core_err err;

	if ((err = one_key(body, len, key, false, &root, &v, e)))
		return err;
	err = body_get_u32(root, key, true, lo, hi, out, e);
	json_decref(root);
	return err;
}

enum core_err codec_session_minutes(const char *body, size_t len,
				    uint32_t *minutes, struct codec_error *e)
{
	struct codec_error scratch;

	*minutes = 0;
	return one_u32(body, len, "minutes", 0, CODEC_SESSION_MINUTES_MAX,
		       minutes, e ? e : &scratch);
}

enum core_err codec_session_group(const char *body, size_t len, uint32_t *group,
				  struct codec_error *e)
{
	struct codec_error scratch;

	*group = 0;
	return one_u32(body, len, "group", 1, UINT32_MAX, group,
		       e ? e : &scratch);
}

enum core_err codec_session_move(const char *body, size_t len, uint32_t *group,
				 bool *force, struct codec_error *e)
{
	static const char *const keys[] = {"group", "force", NULL};
	struct codec_error scratch;
	json_t *root;
	enum core_err err;

	e = e ? e : &scratch;
	*group = 0;
	*force = false;
	codec_error_set(e, CORE_OK, NULL, NULL);
	if ((err = body_load_object(body, len, false, &root, e)))
		return err;
	if (!(err = body_known_keys(root, keys, "", e)) &&
	    !(err = body_get_u32(root, "group", true, 1, UINT32_MAX, group, e)))
		err = body_get_bool(root, "force", force, e);
	json_decref(root);
	return err;
}

enum core_err codec_session_reshuffle(const char *body, size_t len,
				      bool *reshuffle, struct codec_error *e)
{
	struct codec_error scratch;
	json_t *root, *v;
	enum core_err err;

	e = e ? e : &scratch;
	*reshuffle = false;
	if ((err = one_key(body, len, "reshuffle", true, &root, &v, e)))
		return err;
	err = body_get_bool(root, "reshuffle", reshuffle, e);
	json_decref(root);
	return err;
}
