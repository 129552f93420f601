/*
 * records.c — records.list and record.get: a person who was client in
 * rooms of their session reads those workshops' records again, through
 * their personal link, after their group went on to the next workshop or
 * meeting (the rooms stay until the session is deleted).
 *
 * Only that person: the request must come over a personal link (the peer
 * is a member who joined as a session person), and a room is theirs only
 * when that person is its client. Anyone else's room answers not_found,
 * exactly as a room that does not exist.
 */
#include <string.h>

#include "app/internal.h"
#include "codec/records.h"
#include "util/clock.h"
#include "util/log.h"

#define RECORDS_MAX                                                            \
	64 /* rooms listed: a session has at most 8 workshops                  \
	      a meeting, and few meetings */

/* The session person the peer speaks for, 0 when not a personal link. */
static uint32_t person_of(const struct peer *p)
{
	const struct member *m;

	if (!p->room || !p->room->session)
		return 0;
	m = rooms_member(p->room, p->pid);
	return m ? m->person : 0;
}

/* Whether `person` of the peer's session is the client of room hr. */
static bool client_in(const struct hub_room *hr, const struct hub_room *own,
		      uint32_t person)
{
	if (hr->org != own->org || hr->session != own->session)
		return false;
	for (uint32_t pid = 1; pid <= hr->room->n_participants; pid++) {
		const struct core_participant *cp =
			room_participant(hr->room, pid);
		if (hr->members[pid - 1].person == person && cp &&
		    cp->role == ROLE_CLIENT)
			return true;
	}
	return false;
}

static struct codec_record_item item_of(const struct hub_room *hr)
{
	struct codec_record_item it = {.group = hr->group,
				       .created_ms = hr->created_ms,
				       .r = hr->room};

	memcpy(it.room, hr->id, sizeof it.room);
	return it;
}

/* 0 when the peer may ask (its person in *person), or the error sent. */
static int asker(struct hub *hub, struct peer *p,
		 const struct codec_request *req, uint32_t *person)
{
	*person = person_of(p);
	if (*person)
		return 0;
	outbox_error(hub, p->conn_id, req->id,
		     p->room ? CORE_E_FORBIDDEN : CORE_E_UNAUTHORIZED, NULL,
		     p->room ? "records are read with a personal link"
			     : "send hello first");
	return -1;
}

void records_list(struct hub *hub, struct peer *p,
		  const struct codec_request *req)
{
	struct codec_record_item v[RECORDS_MAX];
	uint32_t person;
	size_t n = 0;

	if (asker(hub, p, req, &person))
		return;
	for (struct hub_room *hr = hub->rooms; hr && n < RECORDS_MAX;
	     hr = hr->next)
		if (client_in(hr, p->room, person))
			v[n++] = item_of(hr);
	outbox_text(hub, p->conn_id, codec_records_list(req->id, v, n));
}

void records_get(struct hub *hub, struct peer *p,
		 const struct codec_request *req)
{
	struct hub_room *hr;
	struct codec_record_item it;
	uint32_t person;

	if (asker(hub, p, req, &person))
		return;
	hr = token_room_id_valid(req->record.room)
		     ? rooms_find(hub, req->record.room)
		     : NULL;
	if (!hr || !client_in(hr, p->room, person)) {
		outbox_error(hub, p->conn_id, req->id, CORE_E_NOT_FOUND, "room",
			     "no record of yours in that room");
		return;
	}
	it = item_of(hr);
	outbox_text(hub, p->conn_id,
		    codec_record(req->id, &it, hub_time(hub), clock_wall_ms()));
	log_info("record_read room=%s", hr->id);
}
