/*
 * api.c — the HTTP API's JSON, strict like the WebSocket codec: one
 * object, no duplicate or unknown keys, typed and bounded values.
 */
#include "codec/api.h"

#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "codec/strict.h"
#include "core/room.h"

static char *dump(json_t *v)
{
	char *s = v ? json_dumps(v, JSON_COMPACT) : NULL;

	json_decref(v);
	return s;
}

enum core_err codec_api_one_string(const char *body, size_t len,
				   const char *name, bool required, char *out,
				   size_t cap, struct codec_error *e)
{
	const char *const allowed[] = {name, NULL};
	const char *key;
	json_t *root, *v;
	enum core_err err = CORE_OK;

	out[0] = '\0';
	if (len == 0 && !required)
		return CORE_OK;
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(root)) {
		json_decref(root);
		codec_error_set(e, CORE_E_BAD_JSON, NULL,
				"the body must be one JSON object");
		return CORE_E_BAD_JSON;
	}
	/* Unknown keys first, as decode.c does: {"template": 5, "x": 1}
	 * names "x". */
	if ((key = strict_unknown_key(root, allowed))) {
		/* codec_error_set cuts the key on a UTF-8 boundary. */
		codec_error_set(e, CORE_E_BAD_FIELD, key, "unknown key");
		err = CORE_E_BAD_FIELD;
	} else if ((v = json_object_get(root, name))) {
		if (!json_is_string(v) || json_string_length(v) == 0 ||
		    json_string_length(v) >= cap) {
			codec_error_set(e, CORE_E_BAD_FIELD, name,
					"missing, empty or too long");
			err = CORE_E_BAD_FIELD;
		} else {
			memcpy(out, json_string_value(v),
			       json_string_length(v) + 1);
		}
	}
	if (!err && required && !out[0]) {
		codec_error_set(e, CORE_E_BAD_FIELD, name, "missing");
		err = CORE_E_BAD_FIELD;
	}
	json_decref(root);
	return err;
}

enum core_err codec_api_room_request(const char *body, size_t len,
				     char *template_id, size_t cap,
				     struct codec_error *e)
{
	return codec_api_one_string(body, len, "template", false, template_id,
				    cap, e);
}

char *codec_api_links(const char *facilitator_link,
		      const char *participant_link)
{
	return dump(json_pack("{s:s,s:s}", "facilitator_link", facilitator_link,
			      "participant_link", participant_link));
}

char *codec_api_room_created(const char *room_id, const char *template_id,
			     const char *facilitator_link,
			     const char *participant_link)
{
	return dump(json_pack("{s:s,s:s,s:s,s:s}", "room", room_id, "template",
			      template_id, "facilitator_link", facilitator_link,
			      "participant_link", participant_link));
}

char *codec_api_templates(const struct core_template *t, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < n; i++) {
		json_t *steps = json_array();
		for (size_t k = 0; steps && k < t[i].n_steps; k++)
			json_array_append_new(
				steps,
				json_pack(
					"{s:s,s:I}", "kind",
					core_step_kind_name(t[i].steps[k].kind),
					"duration_ms",
					(json_int_t)t[i].steps[k].duration_s *
						1000));
		json_array_append_new(
			list, json_pack("{s:s,s:s,s:o}", "id", t[i].id, "name",
					t[i].name, "steps", steps));
	}
	return dump(json_pack("{s:o}", "templates", list));
}

static json_t *room_row(const struct codec_room_row *r)
{
	json_t *session = r->session
				  ? json_pack("{s:I,s:I,s:I}", "id",
					      (json_int_t)r->session, "group",
					      (json_int_t)r->group, "workshop",
					      (json_int_t)r->workshop)
				  : json_null();

	return json_pack("{s:s,s:s,s:I,s:I,s:I,s:s,s:I,s:I,s:o}", "id", r->id,
			 "template", r->template_id, "created_ms",
			 (json_int_t)r->created_ms, "step", (json_int_t)r->step,
			 "n_steps", (json_int_t)r->n_steps, "step_kind",
			 r->step_kind, "participants",
			 (json_int_t)r->participants, "connected",
			 (json_int_t)r->connected, "session", session);
}

char *codec_api_rooms(const struct codec_room_row *rows, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < n; i++) {
		json_t *o = room_row(&rows[i]);
		if (!o || json_array_append_new(list, o)) {
			json_decref(list);
			return NULL;
		}
	}
	return dump(list ? json_pack("{s:o}", "rooms", list) : NULL);
}

char *codec_api_error(const struct codec_error *e)
{
	json_t *o = json_pack("{s:s,s:s}", "code", codec_error_code(e->err),
			      "message", e->message);

	if (o && e->field[0])
		json_object_set_new(o, "field", json_string(e->field));
	return dump(o);
}
