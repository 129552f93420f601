/*
 * console.c — the organizer's live console: a WebSocket that watches one
 * session (console.watch), and the help requests rooms send it.
 *
 * A session room that changes is marked once (a dirty list, not a scan
 * of every room); after the loop's commit each marked room's summary is
 * encoded once and sent to the consoles watching its session. So the
 * console never shows what is not durable, and a burst of events in one
 * room costs one summary per loop iteration. Alerts that appear without
 * an event (a room drifting behind its plan) are found by the
 * once-a-second sweep, for watched sessions only.
 */
#include <stdlib.h>
#include <string.h>

#include "codec/console.h"
#include "codec/sessionjson.h"
#include "app/internal.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/array.h"

static bool watched(const struct hub *hub, uint32_t session)
{
	for (size_t i = 0; i < hub->con.n; i++)
		if (hub->con.subs[i].session == session)
			return true;
	return false;
}

/* The group's current room is hr (older workshops' rooms are history). */
static struct hub_osess *current_session(struct hub *hub,
					 const struct hub_room *hr)
{
	struct hub_osess *hs =
		hr->session ? osessions_find(hub, hr->org, hr->session) : NULL;

	if (!hs || !hr->group || hr->group > hs->s->n_groups ||
	    strcmp(hs->s->groups[hr->group - 1].room, hr->id))
		return NULL;
	return hs;
}

static unsigned alerts_of(const struct org_session *s,
			  const struct hub_room *hr, int64_t behind)
{
	const struct core_participant *f =
		room_participant(hr->room, room_acting_facilitator(hr->room));
	unsigned bits = 0;

	if (behind > (int64_t)s->alert_behind_min * 60000)
		bits |= CODEC_ALERT_BEHIND;
	if (!f || !f->connected)
		bits |= CODEC_ALERT_NO_FACILITATOR;
	return bits;
}

/* persons holds CODEC_CONSOLE_MAX_PEOPLE entries. */
static void info_of(const struct org_session *s, const struct hub_room *hr,
		    int64_t now, struct codec_console_room *info,
		    uint32_t *persons)
{
	int64_t behind = room_behind_ms(hr->room, now);
	size_t n = hr->room->n_participants;

	for (size_t i = 0; i < n && i < CODEC_CONSOLE_MAX_PEOPLE; i++)
		persons[i] = hr->members[i].person;
	*info = (struct codec_console_room){
		.room = hr->id,
		.group = hr->group,
		.workshop = s->groups[hr->group - 1].workshop,
		.workshops = s->n_workshops,
		.meeting = s->meeting,
		.behind_ms = behind,
		.alerts = alerts_of(s, hr, behind),
		.seq = hr->seq,
		.persons = n <= CODEC_CONSOLE_MAX_PEOPLE ? persons : NULL,
	};
}

static void send_to_watchers(struct hub *hub, uint32_t session, char *text)
{
	struct outmsg *m = outmsg_take(text);

	for (size_t i = 0; m && i < hub->con.n; i++)
		if (hub->con.subs[i].session == session)
			hub->net->send(hub->con.subs[i].conn_id, m);
	outmsg_unref(m);
}

void console_mark(struct hub *hub, struct hub_room *hr)
{
	if (!hub->con.n || !hr->session || hr->console_dirty)
		return;
	if (array_grow(&hub->con.dirty, &hub->con.cap_dirty,
		       hub->con.n_dirty + 1, sizeof *hub->con.dirty))
		return; /* the next sweep catches up */
	hub->con.dirty[hub->con.n_dirty++] = hr;
	hr->console_dirty = true;
}

void console_forget_room(struct hub *hub, struct hub_room *hr)
{
	size_t j = 0;

	for (size_t i = 0; i < hub->con.n_dirty; i++)
		if (hub->con.dirty[i] != hr)
			hub->con.dirty[j++] = hub->con.dirty[i];
	hub->con.n_dirty = j;
}

void console_flush(struct hub *hub)
{
	int64_t now = hub_time(hub), wall = clock_wall_ms();
	size_t kept = 0;

	for (size_t i = 0; i < hub->con.n_dirty; i++) {
		struct hub_room *hr = hub->con.dirty[i];
		struct hub_osess *hs = current_session(hub, hr);
		struct codec_console_room info;
		uint32_t persons[CODEC_CONSOLE_MAX_PEOPLE];

		/* A console shows only what is durable, like the rooms: a
		 * room whose last input still syncs waits for that sync. */
		if (hr->gen > hub->dur.synced_gen) {
			hub->con.dirty[kept++] = hr;
			continue;
		}
		hr->console_dirty = false;
		if (!hs || !watched(hub, hs->s->id))
			continue;
		info_of(hs->s, hr, now, &info, persons);
		hr->alerts = info.alerts;
		send_to_watchers(
			hub, hs->s->id,
			codec_console_room(hr->room, &info, now, wall));
	}
	hub->con.n_dirty = kept;
}

void console_sweep(struct hub *hub)
{
	int64_t now = hub_time(hub);

	if (!hub->con.n)
		return;
	for (struct hub_osess *hs = hub->org.sessions; hs; hs = hs->next) {
		if (!watched(hub, hs->s->id))
			continue;
		for (size_t g = 0; g < hs->s->n_groups; g++) {
			struct hub_room *hr =
				rooms_find(hub, hs->s->groups[g].room);
			if (hr && alerts_of(hs->s, hr,
					    room_behind_ms(hr->room, now)) !=
					  hr->alerts)
				console_mark(hub, hr);
		}
	}
	if (hub->con.n_dirty)
		console_flush(hub);
}

void console_session_changed(struct hub *hub, struct hub_osess *hs)
{
	char *doc;

	if (!watched(hub, hs->s->id))
		return;
	doc = codec_session_doc(hs->s);
	send_to_watchers(hub, hs->s->id,
			 doc ? codec_console_session(doc) : NULL);
	free(doc);
	/* Rooms may have been opened or moved: summaries follow. */
	for (size_t g = 0; g < hs->s->n_groups; g++) {
		struct hub_room *hr = rooms_find(hub, hs->s->groups[g].room);
		if (hr)
			console_mark(hub, hr);
	}
	console_flush(hub);
}

/* --- console.watch ---------------------------------------------------------
 */

static char *snapshot(struct hub *hub, const struct org_session *s,
		      const char *re)
{
	size_t n = 0;
	const struct room **rooms = calloc(s->n_groups + 1, sizeof *rooms);
	struct codec_console_room *infos =
		calloc(s->n_groups + 1, sizeof *infos);
	uint32_t(*persons)[CODEC_CONSOLE_MAX_PEOPLE] =
		calloc(s->n_groups + 1, sizeof *persons);
	char *doc = codec_session_doc(s), *text = NULL;
	int64_t now = hub_time(hub);

	if (rooms && infos && persons && doc) {
		for (size_t g = 0; g < s->n_groups; g++) {
			struct hub_room *hr =
				rooms_find(hub, s->groups[g].room);
			if (!hr)
				continue;
			info_of(s, hr, now, &infos[n], persons[n]);
			hr->alerts = infos[n].alerts;
			rooms[n++] = hr->room;
		}
		text = codec_console_snapshot(re, doc, rooms, infos, n, now,
					      clock_wall_ms());
	}
	free(rooms);
	free(infos);
	free(persons);
	free(doc);
	return text;
}

static int subscribe(struct hub *hub, uint64_t conn_id, uint32_t session)
{
	if (hub->con.n >= (size_t)hub->cfg->max_consoles)
		return -1;
	if (array_grow(&hub->con.subs, &hub->con.cap, hub->con.n + 1,
		       sizeof *hub->con.subs))
		return -1;
	hub->con.subs[hub->con.n++] = (struct console_sub){conn_id, session};
	return 0;
}

void console_watch(struct hub *hub, struct peer *s,
		   const struct codec_request *req)
{
	const char *token = req->console.token;
	struct hub_osess *hs;
	uint32_t org;

	if (s->room || s->console) {
		outbox_error(hub, s->conn_id, req->id, CORE_E_CONFLICT, NULL,
			     "this connection is already in use");
		return;
	}
	if (!links_organizer(hub, token, strlen(token), &org)) {
		outbox_error(hub, s->conn_id, req->id, CORE_E_UNAUTHORIZED,
			     NULL, NULL);
		outbox_close(hub, s->conn_id, CODEC_CLOSE_UNAUTHORIZED);
		return;
	}
	hs = osessions_find(hub, org, req->console.session);
	if (!hs) {
		outbox_error(hub, s->conn_id, req->id, CORE_E_NOT_FOUND,
			     "session", "no such session");
		return;
	}
	if (subscribe(hub, s->conn_id, hs->s->id)) {
		outbox_error(hub, s->conn_id, req->id, CORE_E_LIMIT, NULL,
			     "too many consoles");
		return;
	}
	s->console = hs->s->id;
	outbox_text(hub, s->conn_id, snapshot(hub, hs->s, req->id));
	log_info("console_watch session=%u conn=%llu", hs->s->id,
		 (unsigned long long)s->conn_id);
}

void console_closed(struct hub *hub, struct peer *s)
{
	size_t j = 0;

	if (!s->console)
		return;
	for (size_t i = 0; i < hub->con.n; i++)
		if (hub->con.subs[i].conn_id != s->conn_id)
			hub->con.subs[j++] = hub->con.subs[i];
	hub->con.n = j;
	s->console = 0;
}

void console_free_all(struct hub *hub)
{
	free(hub->con.subs);
	free(hub->con.dirty);
	hub->con.subs = NULL;
	hub->con.dirty = NULL;
	hub->con.n = hub->con.cap = hub->con.n_dirty = hub->con.cap_dirty = 0;
}

/* --- help.request ----------------------------------------------------------
 */

void console_help(struct hub *hub, struct peer *s,
		  const struct codec_request *req)
{
	struct hub_room *hr = s->room;
	struct hub_osess *hs = hr ? current_session(hub, hr) : NULL;
	const struct core_participant *p;
	struct core_timer_view tv;
	struct osess_help h = {0};
	uint32_t id;

	if (!hr) {
		outbox_error(hub, s->conn_id, req->id, CORE_E_UNAUTHORIZED,
			     NULL, "send hello first");
		return;
	}
	if (!hs) {
		outbox_error(hub, s->conn_id, req->id, CORE_E_NOT_FOUND, NULL,
			     "this room has no organizer to call");
		return;
	}
	p = room_participant(hr->room, s->pid);
	room_timer_view(hr->room, hub_time(hub), &tv);
	h.group = hr->group;
	snprintf(h.room, sizeof h.room, "%s", hr->id);
	h.step = (uint32_t)hr->room->step;
	h.step_kind = (int)room_step_kind(hr->room);
	h.remaining_ms = tv.remaining_ms; /* < 0: overrun */
	h.at_ms = clock_wall_ms();
	id = osess_help_add(hs->s, &h, p ? p->name : "", req->help.message);
	if (!id || osessions_save(hub, hs)) {
		if (id)
			osess_help_resolve(hs->s, id);
		outbox_error(hub, s->conn_id, req->id, CORE_E_STORAGE, NULL,
			     NULL);
		return;
	}
	send_to_watchers(hub, hs->s->id,
			 codec_console_help(&hs->s->help[hs->s->n_help - 1]));
	outbox_text(hub, s->conn_id, codec_encode_ack(req->id, 0));
	osessions_help_state(hub, hr, id, "on_its_way");
	log_info("help_requested session=%u group=%u", hs->s->id, hr->group);
}
