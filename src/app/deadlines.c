/*
 * deadlines.c — the rooms' next wakeups (timer warnings and expiries) in a
 * binary min-heap, so the one deadline timer finds the earliest in O(1)
 * and a room's change costs O(log rooms), where a scan of every room cost
 * O(rooms) each time the timer fired.
 *
 * Invariants: hub->dl.heap[0 .. dl_n) holds exactly the rooms whose wakeup_ms
 * is >= 0, each at index dl_pos - 1 (dl_pos 0: not held), and no room's
 * wakeup is earlier than its parent's. The array has room for every room
 * (deadlines_reserve at creation), so an insertion never allocates.
 */
#include <stdlib.h>

#include "app/internal.h"
#include "util/array.h"

static bool earlier(const struct hub_room *a, const struct hub_room *b)
{
	return a->wakeup_ms < b->wakeup_ms;
}

static void place(struct hub *hub, size_t i, struct hub_room *hr)
{
	hub->dl.heap[i] = hr;
	hr->dl_pos = (uint32_t)i + 1;
}

static void sift_up(struct hub *hub, size_t i)
{
	struct hub_room *hr = hub->dl.heap[i];

	while (i > 0 && earlier(hr, hub->dl.heap[(i - 1) / 2])) {
		place(hub, i, hub->dl.heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	place(hub, i, hr);
}

static void sift_down(struct hub *hub, size_t i)
{
	struct hub_room *hr = hub->dl.heap[i];

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= hub->dl.n)
			break;
		if (c + 1 < hub->dl.n &&
		    earlier(hub->dl.heap[c + 1], hub->dl.heap[c]))
			c++;
		if (!earlier(hub->dl.heap[c], hr))
			break;
		place(hub, i, hub->dl.heap[c]);
		i = c;
	}
	place(hub, i, hr);
}

int deadlines_reserve(struct hub *hub, size_t n)
{
	return array_grow(&hub->dl.heap, &hub->dl.cap, n, sizeof *hub->dl.heap);
}

static void take_out(struct hub *hub, struct hub_room *hr)
{
	size_t i = hr->dl_pos - 1;
	struct hub_room *last = hub->dl.heap[--hub->dl.n];

	hr->dl_pos = 0;
	if (last == hr)
		return;
	place(hub, i, last);
	sift_up(hub, i);
	sift_down(hub, last->dl_pos - 1);
}

void deadlines_set(struct hub *hub, struct hub_room *hr, int64_t due)
{
	hr->wakeup_ms = due;
	if (hr->dl_pos && due < 0) {
		take_out(hub, hr);
	} else if (hr->dl_pos) {
		sift_up(hub, hr->dl_pos - 1);
		sift_down(hub, hr->dl_pos - 1);
	} else if (due >= 0 && hub->dl.n < hub->dl.cap) {
		hub->dl.heap[hub->dl.n++] = hr;
		hr->dl_pos = (uint32_t)hub->dl.n;
		sift_up(hub, hub->dl.n - 1);
	}
}

struct hub_room *deadlines_first(const struct hub *hub)
{
	return hub->dl.n ? hub->dl.heap[0] : NULL;
}
