/*
 * api.h — JSON bodies of the HTTP API (POST /api/rooms, GET
 * /api/templates). Same strictness as WebSocket requests.
 * Encoders return malloc'd strings the caller frees; NULL on OOM.
 */
#ifndef CODEC_API_H
#define CODEC_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec/codec.h"
#include "core/template.h"

/* Body of POST /api/rooms: {} or {"template": "<id>"}; an empty body is
 * {}. Fills template_id ("" when absent). CORE_OK or the error in *e. */
enum core_err codec_api_room_request(const char *body, size_t len,
				     char *template_id, size_t cap,
				     struct codec_error *e);
/* A body holding exactly one string field `name` ({"link": "..."}); an
 * empty body is {} when not required. */
enum core_err codec_api_one_string(const char *body, size_t len,
				   const char *name, bool required, char *out,
				   size_t cap, struct codec_error *e);
/* {"facilitator_link", "participant_link"} for re-issued links. */
char *codec_api_links(const char *facilitator_link,
		      const char *participant_link);
char *codec_api_room_created(const char *room_id, const char *template_id,
			     const char *facilitator_link,
			     const char *participant_link);
char *codec_api_templates(const struct core_template *t, size_t n);
/* One room of GET /api/rooms: what the organizer may see of it (no room
 * content, no names). session 0: not a session's room. */
struct codec_room_row {
	const char *id, *template_id;
	int64_t created_ms;	/* wall-clock Unix ms */
	uint32_t step, n_steps; /* step: 0-based index */
	const char *step_kind;
	uint32_t participants, connected;
	uint32_t session, group, workshop;
};
/* {"rooms":[{id,template,created_ms,step,n_steps,step_kind,participants,
 * connected,session:{id,group,workshop}|null}]} */
char *codec_api_rooms(const struct codec_room_row *rows, size_t n);
/* {"code": "...", "message": "...", ["field": "..."]} */
char *codec_api_error(const struct codec_error *e);

#endif
