/*
 * fanout.c — executing the core's effects: number each event, encode it
 * once, keep it in the room's log for resume, queue it for every member;
 * and one uv timer on the earliest pending room deadline (deadlines.c).
 *
 * Each event is encoded once into a shared outmsg; every recipient's
 * queue takes a reference (DESIGN: encoded once, shared by all queues).
 */
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "util/clock.h"
#include "util/log.h"

static void on_deadline(uv_timer_t *t);

/* One uv timer for every room: it fires at the earliest known deadline. */
static void arm(struct hub *hub, int64_t due)
{
	int64_t now = hub_time(hub);

	if (hub->stopped)
		return;
	hub->dl.due = due;
	uv_timer_start(&hub->dl.timer, on_deadline,
		       due > now ? (uint64_t)(due - now) : 0, 0);
}

uint64_t fanout_effects(struct hub *hub, struct hub_room *hr,
			const struct core_effects *fx, int64_t now)
{
	for (size_t i = 0; i < fx->n; i++) {
		/* The wire speaks the hub's wall clock, as pong does, so a
		 * client's offset and the deadline stay consistent even when
		 * the wall clock jumps (deadlines live in hub time). */
		char *text =
			codec_encode_event(hr->room, &fx->ev[i], hr->seq + 1,
					   now, clock_wall_ms());
		struct outmsg *m = outmsg_take(text);
		if (!m) {
			log_error("event_encode_failed event=%d",
				  (int)fx->ev[i].type);
			continue;
		}
		hr->seq++;
		rooms_log_append(hr, m);
		outbox_event(hub, hr, hr->seq, m);
		outmsg_unref(m);
	}
	if (fx->n)
		hooks_room_changed(hub, hr);
	deadlines_set(hub, hr, room_next_wakeup(hr->room, now));
	/* Only an earlier deadline moves the timer: a later or cancelled
	 * one is found when it fires. */
	if (hr->wakeup_ms >= 0 &&
	    (hub->dl.due < 0 || hr->wakeup_ms < hub->dl.due))
		arm(hub, hr->wakeup_ms);
	return fx->n ? hr->seq : 0;
}

void fanout_catch_up(struct hub *hub, struct hub_room *hr, int64_t now)
{
	struct core_effects fx;

	if (hr->wakeup_ms < 0 || hr->wakeup_ms > now)
		return;
	room_tick(hr->room, now, &fx);
	fanout_effects(hub, hr, &fx, now);
}

static void on_deadline(uv_timer_t *t)
{
	struct hub *hub = t->data;
	int64_t now = hub_time(hub);

	hub->dl.due = -1;
	/* Each catch-up moves its room's wakeup past now (or drops it);
	 * the bound guards against a room that would not. */
	for (size_t n = hub->dl.n; n > 0; n--) {
		struct hub_room *hr = deadlines_first(hub);
		if (!hr || hr->wakeup_ms > now)
			break;
		fanout_catch_up(hub, hr, now);
	}
	fanout_rearm(hub);
}

void fanout_rearm(struct hub *hub)
{
	const struct hub_room *first = deadlines_first(hub);
	int64_t next = first ? first->wakeup_ms : -1;

	if (next < 0) {
		uv_timer_stop(&hub->dl.timer);
		hub->dl.due = -1;
		return;
	}
	arm(hub, next);
}
