/*
 * rooms.c — the hub's rooms: creation, lookup, deletion, event logs.
 *
 * Invariants: room ids are unique, 12 chars of [a-z0-9] from OpenSSL's
 * generator; members[] has a slot for every participant of the core room
 * (n_members >= n_participants), indexed by pid - 1 (the core numbers
 * participants 1, 2, ... in join order); the event log holds the encoded events
 * first_seq .. first_seq + len - 1, each with one reference.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/keyring.h"
#include "app/internal.h"
#include "util/log.h"

#define ROOM_ID_LEN 12
static int new_room_id(char *out)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	uint8_t raw[ROOM_ID_LEN];

	if (auth_random(raw, sizeof raw))
		return -1;
	/* 252 = 7 * 36: reject above it to keep the draw uniform. */
	for (size_t i = 0; i < ROOM_ID_LEN; i++) {
		while (raw[i] >= 252)
			if (auth_random(&raw[i], 1))
				return -1;
		out[i] = alphabet[raw[i] % 36];
	}
	out[ROOM_ID_LEN] = '\0';
	return 0;
}

static unsigned id_hash(const char *id)
{
	unsigned h = 2166136261u;

	while (*id)
		h = (h ^ (unsigned char)*id++) * 16777619u;
	return h & (HUB_ROOM_BUCKETS - 1);
}

struct hub_room *rooms_new(struct hub *hub, const char *id,
			   const struct core_template *t,
			   const struct core_room_config *cfg, int64_t now_ms)
{
	struct hub_room *hr = calloc(1, sizeof *hr);

	if (!hr)
		return NULL;
	if (id) {
		snprintf(hr->id, sizeof hr->id, "%s", id);
	} else {
		do {
			if (new_room_id(hr->id))
				goto fail;
		} while (rooms_find(hub, hr->id));
	}
	hr->room = room_new(hr->id, t, cfg, now_ms);
	if (!hr->room || deadlines_reserve(hub, hub->n_rooms + 1))
		goto fail;
	hr->log.max = (size_t)hub->cfg->resume_log_events;
	hr->log.max_bytes = (size_t)hub->cfg->resume_log_bytes;
	hr->log.first_seq = 1;
	hr->wakeup_ms = -1;
	hr->org = 1;
	hr->last_input_ms = hr->created_ms = now_ms;
	hr->next = hub->rooms;
	hub->rooms = hr;
	hr->hnext = hub->by_id[id_hash(hr->id)];
	hub->by_id[id_hash(hr->id)] = hr;
	hub->n_rooms++;
	return hr;
fail:
	room_free(hr->room);
	free(hr);
	return NULL;
}

struct hub_room *rooms_create(struct hub *hub, const struct core_template *t,
			      int64_t now_ms)
{
	return rooms_new(hub, NULL, t, &hub->room_cfg, now_ms);
}

int rooms_reserve_member(struct hub_room *hr)
{
	uint32_t want = (uint32_t)hr->room->n_participants + 1;
	uint32_t max =
		(uint32_t)hr->room->cfg.max_participants * CORE_MEMBERS_FACTOR;

	if (want <= hr->n_members || want > max)
		return 0; /* room enough, or the core refuses the join */
	uint32_t n = hr->n_members ? hr->n_members * 2 : 8;
	n = n < want ? want : n > max ? max : n;
	struct member *v = realloc(hr->members, n * sizeof *v);
	if (!v)
		return -1;
	memset(v + hr->n_members, 0, (n - hr->n_members) * sizeof *v);
	hr->members = v;
	hr->n_members = n;
	return 0;
}

struct member *rooms_member(struct hub_room *hr, uint32_t pid)
{
	return pid && pid <= hr->room->n_participants ? &hr->members[pid - 1]
						      : NULL;
}

struct hub_room *rooms_find(struct hub *hub, const char *id)
{
	struct hub_room *hr = hub->by_id[id_hash(id)];

	while (hr && strcmp(hr->id, id))
		hr = hr->hnext;
	return hr;
}

/* Drops the event log and the members' remembered replies. */
static void release_history(struct hub_room *hr)
{
	for (size_t i = 0; i < hr->log.len; i++)
		outmsg_unref(hr->log.ev[(hr->log.head + i) % hr->log.cap]);
	hr->log.head = hr->log.len = hr->log.bytes = 0;
	hr->log.first_seq = 1;
	for (size_t i = 0; i < hr->n_members; i++) {
		struct member *m = &hr->members[i];
		for (size_t j = 0; m->replay && j < HUB_REPLAY_SLOTS; j++) {
			outmsg_unref(m->replay[j].reply);
			free(m->replay[j].long_id);
		}
		free(m->replay);
		m->replay = NULL;
	}
}

int rooms_reset(struct hub_room *hr)
{
	struct core_template tpl = hr->room->tpl;
	struct core_room_config cfg = hr->room->cfg;
	struct room *fresh = room_new(hr->id, &tpl, &cfg, hr->created_ms);

	if (!fresh)
		return -1;
	release_history(hr);
	if (hr->n_members)
		memset(hr->members, 0, hr->n_members * sizeof *hr->members);
	room_free(hr->room);
	hr->room = fresh;
	hr->seq = 0;
	hr->n_inputs = 0;
	hr->last_input_ms = hr->created_ms;
	return 0;
}

static void room_release(struct hub_room *hr)
{
	release_history(hr);
	free(hr->log.ev);
	free(hr->members);
	room_free(hr->room);
	free(hr);
}

void rooms_free_all(struct hub *hub)
{
	while (hub->rooms) {
		struct hub_room *hr = hub->rooms;
		hub->rooms = hr->next;
		room_release(hr);
	}
	memset(hub->by_id, 0, sizeof hub->by_id);
	hub->n_rooms = 0;
	free(hub->dl.heap);
	hub->dl.heap = NULL;
	hub->dl.n = hub->dl.cap = 0;
}

void rooms_delete(struct hub *hub, struct hub_room *hr)
{
	struct hub_room **pp = &hub->rooms;

	while (*pp && *pp != hr)
		pp = &(*pp)->next;
	if (!*pp)
		return;
	*pp = hr->next;
	/* Its members are told (4004) and no peer points at it again. */
	for (struct peer *s = hub->peers.first; s; s = s->next)
		if (s->room == hr) {
			s->room = NULL;
			hub->net->close(s->conn_id, CODEC_CLOSE_ROOM_DELETED,
					"deleted");
		}
	for (pp = &hub->by_id[id_hash(hr->id)]; *pp != hr; pp = &(*pp)->hnext)
		;
	*pp = hr->hnext;
	hub->n_rooms--;
	/* Output still queued for this room must not outlive it. */
	for (size_t i = 0; i < hub->out.n_pending; i++)
		if (hub->out.pending[i].room == hr)
			hub->out.pending[i].room = NULL;
	hooks_room_deleted(hub, hr);
	deadlines_set(hub, hr, -1);
	room_release(hr);
}

static void log_drop_oldest(struct event_log *log)
{
	log->bytes -= log->ev[log->head]->len;
	outmsg_unref(log->ev[log->head]);
	log->head = (log->head + 1) % log->cap;
	log->len--;
	log->first_seq++;
}

/* Doubles the ring (16 slots first), up to max; false if it cannot. */
static bool log_grow(struct event_log *log)
{
	size_t cap = log->cap ? log->cap * 2 : 16;
	if (cap > log->max)
		cap = log->max;
	struct outmsg **ev = malloc(cap * sizeof *ev);
	if (!ev)
		return false;
	for (size_t i = 0; i < log->len; i++) /* unwrapped, oldest first */
		ev[i] = log->ev[(log->head + i) % log->cap];
	free(log->ev);
	log->ev = ev;
	log->cap = cap;
	log->head = 0;
	return true;
}

/* Bounded in events and in bytes, so a room of large notes cannot hold
 * an unbounded amount of memory for resumes. Out of memory, the oldest
 * events make way (resumes from before them get a snapshot). */
void rooms_log_append(struct hub_room *hr, struct outmsg *m)
{
	struct event_log *log = &hr->log;

	if (log->len == log->cap && log->cap < log->max)
		(void)log_grow(log);
	while (log->len &&
	       (log->len == log->cap || log->bytes + m->len > log->max_bytes))
		log_drop_oldest(log);
	if (!log->cap) {
		log->first_seq++; /* nothing held: this event is not either */
		return;
	}
	log->ev[(log->head + log->len) % log->cap] = outmsg_ref(m);
	log->len++;
	log->bytes += m->len;
}

bool rooms_log_covers(const struct hub_room *hr, uint64_t after_seq)
{
	return after_seq <= hr->seq && after_seq + 1 >= hr->log.first_seq;
}

void rooms_log_replay(struct hub *hub, struct hub_room *hr, uint64_t after_seq,
		      uint64_t conn_id)
{
	const struct event_log *log = &hr->log;

	for (uint64_t s = after_seq + 1; s <= hr->seq; s++) {
		size_t i =
			(log->head + (size_t)(s - log->first_seq)) % log->cap;
		outbox_conn(hub, conn_id, log->ev[i]);
	}
}
