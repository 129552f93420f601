/*
 * pending.c — output held until the loop iteration's transaction commits.
 *
 * Order of a command (DESIGN.md): validate → apply → commit → acknowledge
 * → broadcast. Handlers apply in memory and queue their replies and events
 * here; the commit (persist.c, in a uv_check handle after each poll) then
 * either flushes the queue in order or turns it into storage errors.
 *
 * A member receives a room event only if its seq is above what that
 * member's welcome or replay already covered (member.since_seq), so a
 * participant who joins in the middle of an iteration never gets an event
 * twice or before its welcome.
 */
#include <stdlib.h>
#include <string.h>

#include "net/hub_internal.h"
#include "net/metrics.h"
#include "util/clock.h"
#include "util/crashpoint.h"
#include "util/log.h"

static void on_idle(uv_idle_t *h)
{
	(void)h; /* its only job is to make the next poll non-blocking */
}

void pending_kick(struct hub *hub)
{
	if (!hub->stopped && !uv_is_active((uv_handle_t *)&hub->kick))
		uv_idle_start(&hub->kick, on_idle);
}

static struct pending *push(struct hub *hub)
{
	if (hub->n_pending == hub->cap_pending) {
		size_t cap = hub->cap_pending ? hub->cap_pending * 2 : 64;
		struct pending *p = realloc(hub->pending, cap * sizeof *p);
		if (!p)
			return NULL;
		hub->pending = p;
		hub->cap_pending = cap;
	}
	struct pending *p = &hub->pending[hub->n_pending++];
	memset(p, 0, sizeof *p);
	pending_kick(hub);
	return p;
}

void out_conn(struct hub *hub, uint64_t conn_id, struct outmsg *m)
{
	struct pending *p = m ? push(hub) : NULL;

	if (p) {
		p->conn_id = conn_id;
		p->msg = outmsg_ref(m);
	}
}

void out_reply(struct hub *hub, uint64_t conn_id, const char *re,
	       struct outmsg *m, bool join)
{
	struct pending *p = m ? push(hub) : NULL;

	if (p) {
		p->conn_id = conn_id;
		p->msg = outmsg_ref(m);
		p->reply = true;
		p->join = join;
		snprintf(p->re, sizeof p->re, "%s", re ? re : "");
	}
}

void out_event(struct hub *hub, struct hub_room *hr, uint64_t seq,
	       struct outmsg *m)
{
	struct pending *p = push(hub);

	if (p) {
		p->room = hr;
		p->seq = seq;
		p->msg = outmsg_ref(m);
	}
}

void out_close(struct hub *hub, uint64_t conn_id, uint16_t code)
{
	struct pending *p = push(hub);

	if (p) {
		p->conn_id = conn_id;
		p->close_code = code;
	}
}

void out_text(struct hub *hub, uint64_t conn_id, char *text)
{
	struct outmsg *m = outmsg_take(text);

	out_conn(hub, conn_id, m);
	outmsg_unref(m);
}

void out_error(struct hub *hub, uint64_t conn_id, const char *re,
	       enum core_err err, const char *field, const char *message)
{
	struct codec_error e;

	metrics_error(err);
	codec_error_set(&e, err, field, message);
	out_text(hub, conn_id, codec_encode_error(re, &e));
}

static void deliver_event(const struct pending *p)
{
	struct hub_room *hr = p->room;

	for (size_t i = 0; i < hr->room->n_participants; i++) {
		struct member *m = &hr->members[i];
		struct conn *c = m->conn_id ? conn_find(m->conn_id) : NULL;
		if (c && p->seq > m->since_seq)
			conn_send(c, p->msg);
	}
}

static void clear(struct hub *hub)
{
	for (size_t i = 0; i < hub->n_pending; i++)
		outmsg_unref(hub->pending[i].msg);
	hub->n_pending = 0;
}

void pending_flush(struct hub *hub)
{
	int64_t t0 = clock_mono_us();
	uint32_t n = (uint32_t)hub->n_pending;

	for (size_t i = 0; i < hub->n_pending; i++) {
		struct pending *p = &hub->pending[i];
		struct conn *c = p->conn_id ? conn_find(p->conn_id) : NULL;
		if (i == 1)
			CRASH_POINT("mid_broadcast"); /* first message out */
		if (p->room)
			deliver_event(p);
		else if (c && p->close_code)
			conn_close(c, p->close_code, "hub");
		else if (c)
			conn_send(c, p->msg);
	}
	metrics_flush(clock_mono_us() - t0, n);
	clear(hub);
}

void pending_fail(struct hub *hub)
{
	for (size_t i = 0; i < hub->n_pending; i++) {
		struct pending *p = &hub->pending[i];
		struct conn *c = p->conn_id ? conn_find(p->conn_id) : NULL;
		if (!c || p->room)
			continue; /* events of uncommitted inputs never leave */
		if (p->close_code) {
			conn_close(c, p->close_code, "hub");
			continue;
		}
		if (!p->reply) {
			conn_send(c, p->msg); /* pongs and plain errors */
			continue;
		}
		struct codec_error e;
		codec_error_set(&e, CORE_E_STORAGE, NULL,
				"not saved: storage unavailable, try again");
		struct outmsg *m = outmsg_take(
			codec_encode_error(p->re[0] ? p->re : NULL, &e));
		if (m)
			conn_send(c, m);
		outmsg_unref(m);
		if (p->join) {
			struct session *s = c->session;
			if (s)
				s->room = NULL; /* not joined after all */
		}
	}
	clear(hub);
}

void pending_free(struct hub *hub)
{
	clear(hub);
	free(hub->pending);
	hub->pending = NULL;
	hub->cap_pending = 0;
}
