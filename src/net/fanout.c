/*
 * fanout.c — executing the core's effects: number, encode once, log,
 * deliver to every connected member; and keeping one uv timer on the
 * earliest pending room deadline.
 *
 * Each event is encoded once into a shared outmsg; every recipient's
 * queue takes a reference (DESIGN: encoded once, shared by all queues).
 */
#include <stdlib.h>
#include <string.h>

#include "net/hub_internal.h"
#include "util/clock.h"
#include "util/log.h"

void send_text(struct conn *c, char *text)
{
	struct outmsg *m = outmsg_take(text);

	if (m) {
		conn_send(c, m);
		outmsg_unref(m);
	}
}

void send_error(struct conn *c, const char *re, enum core_err err,
		const char *field, const char *message)
{
	struct codec_error e;

	codec_error_set(&e, err, field, message);
	send_text(c, codec_encode_error(re, &e));
}

static void deliver(struct hub_room *hr, size_t n_members, struct outmsg *m)
{
	for (size_t i = 0; i < n_members; i++) {
		struct conn *c = hr->members[i].conn_id
					 ? conn_find(hr->members[i].conn_id)
					 : NULL;
		if (c)
			conn_send(c, m);
	}
}

uint64_t fanout_effects(struct hub *hub, struct hub_room *hr,
			const struct core_effects *fx, int64_t mono_now)
{
	int64_t wall_now = clock_wall_ms();

	for (size_t i = 0; i < fx->n; i++) {
		char *text = codec_encode_event(
			hr->room, &fx->ev[i], hr->seq + 1, mono_now, wall_now);
		struct outmsg *m = outmsg_take(text);
		if (!m) {
			log_error("event_encode_failed room_event=%d",
				  (int)fx->ev[i].type);
			continue;
		}
		hr->seq++;
		rooms_log_append(hr, m);
		deliver(hr, hr->room->n_participants, m);
		outmsg_unref(m);
	}
	hr->wakeup_ms = room_next_wakeup(hr->room, mono_now);
	fanout_rearm(hub);
	return fx->n ? hr->seq : 0;
}

static void on_deadline(uv_timer_t *t)
{
	struct hub *hub = t->data;
	int64_t now = clock_mono_ms();
	struct core_effects fx;

	for (struct hub_room *hr = hub->rooms; hr; hr = hr->next) {
		if (hr->wakeup_ms < 0 || hr->wakeup_ms > now)
			continue;
		room_tick(hr->room, now, &fx);
		fanout_effects(hub, hr, &fx, now);
	}
	fanout_rearm(hub);
}

void fanout_rearm(struct hub *hub)
{
	int64_t next = -1, now;

	if (hub->stopped)
		return;
	for (struct hub_room *hr = hub->rooms; hr; hr = hr->next)
		if (hr->wakeup_ms >= 0 && (next < 0 || hr->wakeup_ms < next))
			next = hr->wakeup_ms;
	if (next < 0) {
		uv_timer_stop(&hub->deadline);
		return;
	}
	now = clock_mono_ms();
	hub->deadline.data = hub;
	uv_timer_start(&hub->deadline, on_deadline,
		       next > now ? (uint64_t)(next - now) : 0, 0);
}
