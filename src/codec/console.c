/*
 * console.c — what the organizer's console receives: one summary per room
 * (step, timer, client, facilitator, who is connected, how far behind)
 * and the snapshot that opens a console connection.
 */
#include "codec/console.h"

#include <stdlib.h>
#include <string.h>

#include "codec/roomjson.h"

static const char *const alert_names[] = {"behind", "no_facilitator"};

static json_t *alerts(unsigned bits)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < sizeof alert_names / sizeof *alert_names;
	     i++)
		if (bits & (1u << i) &&
		    json_array_append_new(a, json_string(alert_names[i]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_int_t person_of(const struct codec_console_room *info, uint32_t pid)
{
	return info->persons && pid ? (json_int_t)info->persons[pid - 1] : 0;
}

/* {id, person, name, connected} of pid, or null. */
static json_t *who(const struct room *r, const struct codec_console_room *info,
		   uint32_t pid)
{
	const struct core_participant *p = room_participant(r, pid);

	if (!p)
		return json_null();
	return json_pack("{s:I, s:I, s:s, s:b}", "id", (json_int_t)p->id,
			 "person", person_of(info, pid), "name", p->name,
			 "connected", p->connected);
}

static json_t *people(const struct room *r,
		      const struct codec_console_room *info)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < r->n_participants; i++) {
		const struct core_participant *p = &r->participants[i];
		if (p->seat != CORE_SEAT_TAKEN)
			continue; /* removed or released: not in the room */
		if (json_array_append_new(
			    a,
			    json_pack("{s:I, s:I, s:s, s:s, s:b}", "id",
				      (json_int_t)p->id, "person",
				      person_of(info, p->id), "name", p->name,
				      "role", core_role_name(p->role),
				      "connected", p->connected))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *summary(const struct room *r,
		       const struct codec_console_room *info, int64_t mono,
		       int64_t wall)
{
	json_t *o = json_pack(
		"{s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:I, s:I}", "group",
		(json_int_t)info->group, "room", info->room, "workshop",
		(json_int_t)info->workshop, "workshops",
		(json_int_t)info->workshops, "meeting",
		(json_int_t)info->meeting, "step", (json_int_t)r->step,
		"n_steps", (json_int_t)r->tpl.n_steps, "step_kind",
		core_step_kind_name(room_step_kind(r)), "behind_ms",
		(json_int_t)info->behind_ms, "seq", (json_int_t)info->seq);

	if (o && roomjson_set(o, "timer", roomjson_timer(r, mono, wall)) &&
	    roomjson_set(o, "client", who(r, info, room_client(r))) &&
	    roomjson_set(o, "facilitator", who(r, info, room_facilitator(r))) &&
	    roomjson_set(o, "people", people(r, info)) &&
	    roomjson_set(o, "alerts", alerts(info->alerts)))
		return o;
	json_decref(o);
	return NULL;
}

char *codec_console_room(const struct room *r,
			 const struct codec_console_room *info, int64_t mono,
			 int64_t wall)
{
	json_t *o = summary(r, info, mono, wall);

	if (o && json_object_set_new(o, "type", json_string("console.room"))) {
		json_decref(o);
		return NULL;
	}
	return roomjson_dump(o);
}

char *codec_console_snapshot(const char *re, const char *session_doc,
			     const struct room *const *rooms,
			     const struct codec_console_room *infos, size_t n,
			     int64_t mono, int64_t wall)
{
	json_t *doc = json_loads(session_doc, 0, NULL);
	json_t *list = json_array();
	/* "o" steals both references, on failure too (jansson >= 2.11). */
	json_t *o =
		json_pack("{s:s, s:s, s:o, s:o}", "type", "console.snapshot",
			  "re", re, "session", doc, "rooms", list);

	for (size_t i = 0; o && i < n; i++)
		if (json_array_append_new(
			    list, summary(rooms[i], &infos[i], mono, wall))) {
			json_decref(o);
			return NULL;
		}
	return roomjson_dump(o);
}

char *codec_console_session(const char *session_doc)
{
	json_t *doc = json_loads(session_doc, 0, NULL);

	if (!doc)
		return NULL;
	return roomjson_dump(json_pack("{s:s, s:o}", "type", "console.session",
				       "session", doc));
}

char *codec_session_message(const char *type, const char *text, int64_t at_ms)
{
	json_t *o = json_pack("{s:s}", "type", type);

	if (o && text && !roomjson_set(o, "text", json_string(text))) {
		json_decref(o);
		return NULL;
	}
	if (o &&
	    !roomjson_set(o, "at", at_ms ? json_integer(at_ms) : json_null())) {
		json_decref(o);
		return NULL;
	}
	return roomjson_dump(o);
}

char *codec_session_moved(const char *reason, uint32_t group, uint32_t workshop,
			  uint32_t meeting, const char *link)
{
	json_t *o = json_pack("{s:s,s:s,s:I,s:I,s:I}", "type", "session.moved",
			      "reason", reason, "group", (json_int_t)group,
			      "workshop", (json_int_t)workshop, "meeting",
			      (json_int_t)meeting);

	if (o && link && !roomjson_set(o, "link", json_string(link))) {
		json_decref(o);
		return NULL;
	}
	return roomjson_dump(o);
}

char *codec_session_help_state(uint32_t help, const char *state)
{
	return roomjson_dump(json_pack("{s:s,s:I,s:s}", "type", "session.help",
				       "help", (json_int_t)help, "state",
				       state));
}

char *codec_welcome_session(char *welcome, uint32_t session, uint32_t group,
			    uint32_t workshop, uint32_t workshops,
			    uint32_t meeting)
{
	json_t *o = json_loads(welcome, 0, NULL);

	free(welcome);
	if (o && roomjson_set(o, "session",
			      json_pack("{s:I, s:I, s:I, s:I, s:I}", "id",
					(json_int_t)session, "group",
					(json_int_t)group, "workshop",
					(json_int_t)workshop, "workshops",
					(json_int_t)workshops, "meeting",
					(json_int_t)meeting)))
		return roomjson_dump(o);
	json_decref(o);
	return NULL;
}

char *codec_session_links(const struct org_session *s, const char *links,
			  size_t stride)
{
	json_t *list = json_array();
	json_t *o = json_pack("{s:o}", "links", list);

	for (size_t i = 0; o && i < s->n_people; i++)
		if (json_array_append_new(
			    list, json_pack("{s:I, s:s, s:I, s:s}", "person",
					    (json_int_t)i + 1, "name",
					    s->people[i].name, "group",
					    (json_int_t)s->people[i].group,
					    "link", links + i * stride))) {
			json_decref(o);
			return NULL;
		}
	return roomjson_dump(o);
}

char *codec_person_link(uint32_t person, const char *link)
{
	return roomjson_dump(json_pack("{s:I, s:s}", "person",
				       (json_int_t)person, "link", link));
}
