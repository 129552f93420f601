/*
 * outbox.c — output held until the loop iteration's transaction commits.
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
 *
 * Durable before it leaves: the commit only writes; its sync runs apart
 * (persist.c), so each message carries the commit it depends on (`need`),
 * stays in `pending` while that is the open transaction and waits in
 * `held` until that commit is durable. A room's output needs
 * the commit of that room's last input, not of the whole iteration: rooms
 * are independent, so a timer expiring in a quiet room does not wait for
 * other rooms' commands to reach the disk. Needs never decrease along one
 * room's events or one connection's messages (peer.need), so releasing
 * every held message whose commit is durable keeps each connection's
 * order: whatever it was sent earlier needed no later commit.
 */
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/metrics.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/array.h"

static void on_idle(uv_idle_t *h)
{
	(void)h; /* its only job is to make the next poll non-blocking */
}

void outbox_kick(struct hub *hub)
{
	if (!hub->stopped && !uv_is_active((uv_handle_t *)&hub->out.kick))
		uv_idle_start(&hub->out.kick, on_idle);
}

static struct pending *push(struct hub *hub)
{
	if (array_grow(&hub->out.pending, &hub->out.cap_pending,
		       hub->out.n_pending + 1, sizeof *hub->out.pending))
		return NULL;
	struct pending *p = &hub->out.pending[hub->out.n_pending++];
	memset(p, 0, sizeof *p);
	outbox_kick(hub);
	return p;
}

void outbox_conn(struct hub *hub, uint64_t conn_id, struct outmsg *m)
{
	struct pending *p = m ? push(hub) : NULL;

	if (p) {
		p->conn_id = conn_id;
		p->msg = outmsg_ref(m);
	}
}

void outbox_reply(struct hub *hub, uint64_t conn_id, const char *re,
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

void outbox_event(struct hub *hub, struct hub_room *hr, uint64_t seq,
		  struct outmsg *m)
{
	struct pending *p = push(hub);

	if (p) {
		p->room = hr;
		p->seq = seq;
		p->msg = outmsg_ref(m);
	}
}

void outbox_close(struct hub *hub, uint64_t conn_id, uint16_t code)
{
	struct pending *p = push(hub);

	if (p) {
		p->conn_id = conn_id;
		p->close_code = code;
	}
}

void outbox_text(struct hub *hub, uint64_t conn_id, char *text)
{
	struct outmsg *m = outmsg_take(text);

	outbox_conn(hub, conn_id, m);
	outmsg_unref(m);
}

void outbox_error(struct hub *hub, uint64_t conn_id, const char *re,
		  enum core_err err, const char *field, const char *message)
{
	struct codec_error e;

	metrics_error(err);
	codec_error_set(&e, err, field, message);
	outbox_text(hub, conn_id, codec_encode_error(re, &e));
}

static void deliver_event(struct hub *hub, const struct pending *p)
{
	struct hub_room *hr = p->room;

	for (size_t i = 0; i < hr->room->n_participants; i++) {
		const struct member *m = &hr->members[i];
		if (m->conn_id && p->seq > m->since_seq)
			hub->net->send(m->conn_id, p->msg);
	}
}

/* Sends one message; n counts the messages of this run. */
static void deliver(struct hub *hub, const struct pending *p, uint32_t *n)
{
	(*n)++;
	if (p->room)
		deliver_event(hub, p);
	else if (p->conn_id && p->close_code)
		hub->net->close(p->conn_id, p->close_code, "hub");
	else if (p->conn_id)
		hub->net->send(p->conn_id, p->msg);
	outmsg_unref(p->msg);
}

/* The commit a message depends on (commit_gen + 1: the open transaction):
 * for a room event, the commit of the room's last input; for a
 * connection's own message, the later of its room's and of the
 * connection's previous message (a pong must not overtake an ack still
 * waiting for its sync). */
static uint64_t need_of(struct hub *hub, const struct pending *p)
{
	struct peer *s;
	uint64_t need;

	if (p->room)
		return p->room->gen;
	s = peer_find(&hub->peers, p->conn_id);
	if (!s)
		return 0; /* gone, or before hello: nothing to wait for */
	need = s->need;
	if (s->room && s->room->gen > need)
		need = s->room->gen;
	s->need = need;
	return need;
}

static int hold(struct hub *hub, const struct pending *p)
{
	if (array_grow(&hub->out.held, &hub->out.cap_held, hub->out.n_held + 1,
		       sizeof *hub->out.held))
		return -1;
	hub->out.held[hub->out.n_held++] = *p;
	return 0;
}

/* The hub's one rule for output: a reply or an event leaves the process
 * only once the commit it depends on (its need) is durable. Until then it
 * waits, in order: for its commit while that is the open transaction,
 * then for the sync that makes it durable. */
enum fate { WAIT_COMMIT, WAIT_SYNC, LEAVE };

static enum fate fate_of(const struct hub *hub, uint64_t need)
{
	if (need > hub->dur.commit_gen)
		return WAIT_COMMIT;
	if (need > hub->dur.synced_gen)
		return WAIT_SYNC;
	return LEAVE;
}

void outbox_flush(struct hub *hub)
{
	int64_t t0 = clock_mono_us();
	uint32_t n = 0;
	size_t kept = 0;

	hub->net->cork();
	for (size_t i = 0; i < hub->out.n_pending; i++) {
		struct pending *p = &hub->out.pending[i];
		p->need = need_of(hub, p);
		enum fate f = fate_of(hub, p->need);
		/* Caused by the open transaction: stays, in order, until it
		 * commits (or fails: outbox_fail). */
		if (f == WAIT_COMMIT) {
			hub->out.pending[kept++] = *p;
			continue;
		}
		/* Held messages all need more than what is durable, so one
		 * that needs no more overtakes none of its room's or its
		 * connection's. */
		if (f == WAIT_SYNC && hold(hub, p) == 0)
			continue;
		/* No memory to hold it: make everything durable now, on
		 * this thread, and send what was held before it. */
		if (f == WAIT_SYNC)
			persist_sync_now(hub);
		deliver(hub, p, &n);
	}
	hub->net->uncork(n > 1);
	hub->out.n_pending = kept;
	if (n)
		metrics_flush(clock_mono_us() - t0, n);
}

void outbox_release(struct hub *hub)
{
	int64_t t0 = clock_mono_us();
	uint32_t n = 0;
	size_t kept = 0;

	hub->net->cork();
	for (size_t i = 0; i < hub->out.n_held; i++) {
		struct pending *p = &hub->out.held[i];
		if (fate_of(hub, p->need) == LEAVE)
			deliver(hub, p, &n);
		else
			hub->out.held[kept++] = *p;
	}
	hub->net->uncork(n > 1);
	hub->out.n_held = kept;
	if (n)
		metrics_flush(clock_mono_us() - t0, n);
}

static void clear(struct hub *hub)
{
	for (size_t i = 0; i < hub->out.n_pending; i++)
		outmsg_unref(hub->out.pending[i].msg);
	hub->out.n_pending = 0;
}

void outbox_fail(struct hub *hub)
{
	for (size_t i = 0; i < hub->out.n_pending; i++) {
		struct pending *p = &hub->out.pending[i];
		if (!p->conn_id || p->room)
			continue; /* events of uncommitted inputs never leave */
		if (p->close_code) {
			hub->net->close(p->conn_id, p->close_code, "hub");
			continue;
		}
		if (!p->reply) {
			hub->net->send(p->conn_id, p->msg); /* pongs, errors */
			continue;
		}
		struct codec_error e;
		codec_error_set(&e, CORE_E_STORAGE, NULL,
				"not saved: storage unavailable, try again");
		struct outmsg *m = outmsg_take(
			codec_encode_error(p->re[0] ? p->re : NULL, &e));
		if (m)
			hub->net->send(p->conn_id, m);
		outmsg_unref(m);
		if (p->join) {
			struct peer *s = peer_find(&hub->peers, p->conn_id);
			if (s)
				s->room = NULL; /* not joined after all */
		}
	}
	clear(hub);
}

void outbox_free(struct hub *hub)
{
	clear(hub);
	free(hub->out.pending);
	hub->out.pending = NULL;
	hub->out.cap_pending = 0;
	for (size_t i = 0; i < hub->out.n_held; i++)
		outmsg_unref(hub->out.held[i].msg);
	free(hub->out.held);
	hub->out.held = NULL;
	hub->out.n_held = hub->out.cap_held = 0;
}
