/*
 * test_deadlines.c — the rooms' wakeup heap (app/deadlines.c) against a
 * reference: an array of each room's due time, scanned for the minimum.
 *
 * After every deadlines_set the heap must hold exactly the rooms whose
 * reference time is >= 0, each at dl_pos - 1, in heap order, and
 * deadlines_first must be a room with the smallest time. Targeted cases
 * first (removal of the first, the last and a middle entry; -1 for a room
 * not held; raising and lowering a key), then random sequences over many
 * seeds; at the end of each sequence the heap is drained through
 * deadlines_first and must come out in sorted order.
 */
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "tap.h"

#define N_ROOMS 40

struct fixture {
	struct hub hub;
	struct hub_room rooms[N_ROOMS];
	int64_t ref[N_ROOMS]; /* -1: not in the heap */
};

static void fixture_init(struct fixture *f)
{
	memset(&f->hub, 0, sizeof f->hub);
	memset(f->rooms, 0, sizeof f->rooms);
	for (size_t i = 0; i < N_ROOMS; i++) {
		f->rooms[i].wakeup_ms = -1;
		f->ref[i] = -1;
	}
}

static void fixture_free(struct fixture *f)
{
	free(f->hub.dl.heap);
	f->hub.dl.heap = NULL;
}

static void set(struct fixture *f, size_t i, int64_t due)
{
	deadlines_set(&f->hub, &f->rooms[i], due);
	f->ref[i] = due;
}

/* Checks every invariant against the reference; returns NULL when all
 * hold, else what broke (into why). */
static const char *check(const struct fixture *f, char *why, size_t len)
{
	const struct hub *h = &f->hub;
	size_t held = 0;
	int64_t min = -1;

	for (size_t i = 0; i < N_ROOMS; i++) {
		const struct hub_room *hr = &f->rooms[i];
		if (hr->wakeup_ms != f->ref[i]) {
			snprintf(why, len,
				 "room %zu wakeup %lld, expected %lld", i,
				 (long long)hr->wakeup_ms,
				 (long long)f->ref[i]);
			return why;
		}
		if (f->ref[i] < 0) {
			if (hr->dl_pos != 0) {
				snprintf(why, len,
					 "room %zu (no wakeup) has dl_pos %u",
					 i, hr->dl_pos);
				return why;
			}
			continue;
		}
		held++;
		if (min < 0 || f->ref[i] < min)
			min = f->ref[i];
		if (hr->dl_pos == 0 || hr->dl_pos > h->dl.n ||
		    h->dl.heap[hr->dl_pos - 1] != hr) {
			snprintf(why, len,
				 "room %zu: dl_pos %u does not point at it", i,
				 hr->dl_pos);
			return why;
		}
	}
	if (h->dl.n != held) {
		snprintf(why, len, "dl_n %zu, expected %zu", h->dl.n, held);
		return why;
	}
	for (size_t k = 1; k < h->dl.n; k++) {
		if (h->dl.heap[k]->wakeup_ms <
		    h->dl.heap[(k - 1) / 2]->wakeup_ms) {
			snprintf(why, len, "heap order broken at %zu", k);
			return why;
		}
	}
	const struct hub_room *first = deadlines_first(h);
	if (held == 0 && first) {
		snprintf(why, len, "first is not NULL on an empty heap");
		return why;
	}
	if (held && (!first || first->wakeup_ms != min)) {
		snprintf(why, len, "first wakes at %lld, expected %lld",
			 first ? (long long)first->wakeup_ms : -1LL,
			 (long long)min);
		return why;
	}
	return NULL;
}

#define CHECK(f, ...)                                                          \
	do {                                                                   \
		char why_[160];                                                \
		const char *w_ = check(f, why_, sizeof why_);                  \
		ok(!w_, __VA_ARGS__);                                          \
		if (w_)                                                        \
			printf("#   %s\n", w_);                                \
	} while (0)

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void test_targeted(void)
{
	struct fixture f;

	fixture_init(&f);
	is_int(deadlines_reserve(&f.hub, N_ROOMS), 0, "reserve 40 rooms");
	ok(f.hub.dl.cap >= N_ROOMS, "capacity covers every room");
	ok(deadlines_first(&f.hub) == NULL, "empty heap: no first room");

	set(&f, 3, -1);
	CHECK(&f, "-1 for a room never held leaves the heap empty");
	is_int(f.hub.dl.n, 0, "still nothing held");

	/* Seven rooms, given out of order: 50 10 70 30 90 20 60. */
	static const int64_t due[7] = {50, 10, 70, 30, 90, 20, 60};
	for (size_t i = 0; i < 7; i++)
		set(&f, i, due[i]);
	CHECK(&f, "seven rooms inserted out of order");
	ok(deadlines_first(&f.hub) == &f.rooms[1], "first is room 1 (10)");
	is_int(f.hub.dl.n, 7, "seven held");

	/* Removal of the first. */
	set(&f, 1, -1);
	CHECK(&f, "first removed");
	ok(deadlines_first(&f.hub) == &f.rooms[5], "then room 5 (20)");
	is_int(f.rooms[1].dl_pos, 0, "the removed room has dl_pos 0");

	/* Removal of the one in the last slot. By hand, the binary heap is
	 * now [20 30 60 50 90 70]: the last is room 2 (70), dl[1] is room 3
	 * (30), and after both go, [20 50 60 90]. */
	struct hub_room *last = f.hub.dl.heap[f.hub.dl.n - 1];
	size_t li = (size_t)(last - f.rooms);
	is_int(last->wakeup_ms, 70, "the last slot holds 70");
	set(&f, li, -1);
	CHECK(&f, "the room in the last slot removed");
	is_int(f.hub.dl.n, 5, "five held");

	/* Removal of one in the middle (neither root nor last). */
	struct hub_room *mid = f.hub.dl.heap[1];
	size_t mi = (size_t)(mid - f.rooms);
	is_int(mid->wakeup_ms, 30, "slot 1 holds 30");
	set(&f, mi, -1);
	CHECK(&f, "a middle room removed");
	is_int(f.hub.dl.n, 4, "four held");

	/* Removing again is a no-op. */
	set(&f, mi, -1);
	CHECK(&f, "removing a removed room changes nothing");
	is_int(f.hub.dl.n, 4, "still four held");

	/* Lower a key below the first: it becomes the first. */
	size_t deep = (size_t)(f.hub.dl.heap[f.hub.dl.n - 1] - f.rooms);
	is_int(f.rooms[deep].wakeup_ms, 90, "the last slot now holds 90");
	set(&f, deep, 1);
	CHECK(&f, "a key lowered to the minimum");
	ok(deadlines_first(&f.hub) == &f.rooms[deep], "it is now first");
	is_int(deadlines_first(&f.hub)->wakeup_ms, 1, "first wakes at 1");

	/* Raise the first above all others: it sinks. */
	set(&f, deep, 1000);
	CHECK(&f, "the first raised above all");
	ok(deadlines_first(&f.hub) != &f.rooms[deep], "it is no longer first");
	is_int(deadlines_first(&f.hub)->wakeup_ms, 20, "first wakes at 20");

	/* The same value again, and ties. */
	set(&f, deep, 1000);
	set(&f, 20, 20);
	set(&f, 21, 20);
	CHECK(&f, "equal keys and an unchanged key");
	is_int(deadlines_first(&f.hub)->wakeup_ms, 20, "first still at 20");

	/* Drain: 20 20 20 50 60 ... in order, via the first each time. */
	static const int64_t want[] = {20, 20, 20, 50, 60, 1000};
	size_t n = 0;
	bool sorted = true;
	struct hub_room *hr;
	while ((hr = deadlines_first(&f.hub)) && n < 10) {
		if (n >= 6 || hr->wakeup_ms != want[n])
			sorted = false;
		set(&f, (size_t)(hr - f.rooms), -1);
		n++;
	}
	is_int(n, 6, "six rooms drained");
	ok(sorted, "drained as 20 20 20 50 60 1000");
	CHECK(&f, "empty after the drain");
	fixture_free(&f);
}

/* Random insert / update / remove sequences, each checked after every
 * step; a narrow range of times makes ties and repeats common. */
static void test_random(void)
{
	const int seeds = 300, steps = 400;
	int bad_seed = -1, bad_step = -1, drain_bad = -1;
	char first_why[160] = "";
	long inserts = 0, updates = 0, removals = 0;

	for (int s = 1; s <= seeds && bad_seed < 0; s++) {
		struct fixture f;
		fixture_init(&f);
		rng = 0x9e3779b97f4a7c15ULL * (uint64_t)s;
		if (deadlines_reserve(&f.hub, N_ROOMS)) {
			bad_seed = s;
			snprintf(first_why, sizeof first_why, "reserve failed");
			break;
		}
		for (int k = 0; k < steps; k++) {
			size_t i = next() % N_ROOMS;
			uint64_t r = next() % 10;
			int64_t due = r < 3 ? -1 : (int64_t)(next() % 64);
			if (f.ref[i] < 0 && due >= 0)
				inserts++;
			else if (f.ref[i] >= 0 && due >= 0)
				updates++;
			else if (f.ref[i] >= 0)
				removals++;
			set(&f, i, due);
			if (check(&f, first_why, sizeof first_why)) {
				bad_seed = s;
				bad_step = k;
				break;
			}
		}
		/* Drain in order and compare with the sorted reference. */
		int64_t sorted[N_ROOMS];
		size_t n = 0;
		for (size_t i = 0; i < N_ROOMS; i++)
			if (f.ref[i] >= 0)
				sorted[n++] = f.ref[i];
		for (size_t a = 1; a < n; a++)
			for (size_t b = a; b > 0 && sorted[b - 1] > sorted[b];
			     b--) {
				int64_t t = sorted[b];
				sorted[b] = sorted[b - 1];
				sorted[b - 1] = t;
			}
		for (size_t j = 0; j < n && bad_seed < 0; j++) {
			struct hub_room *hr = deadlines_first(&f.hub);
			if (!hr || hr->wakeup_ms != sorted[j]) {
				drain_bad = s;
				break;
			}
			set(&f, (size_t)(hr - f.rooms), -1);
		}
		if (bad_seed < 0 && drain_bad < 0 && f.hub.dl.n != 0)
			drain_bad = s;
		fixture_free(&f);
		if (drain_bad >= 0)
			break;
	}
	ok(bad_seed < 0, "%d seeds x %d random steps keep every invariant",
	   seeds, steps);
	if (bad_seed >= 0)
		printf("#   seed %d step %d: %s\n", bad_seed, bad_step,
		       first_why);
	ok(drain_bad < 0, "every random heap drains in sorted order");
	if (drain_bad >= 0)
		printf("#   seed %d\n", drain_bad);
	/* The sequences did exercise every kind of change. */
	ok(inserts > 10000 && updates > 10000 && removals > 10000,
	   "inserts %ld, updates %ld, removals %ld: each over 10000", inserts,
	   updates, removals);
}

/* Growth: reserve doubles from 4 (util/array.h's smallest capacity) and
 * keeps what was held. */
static void test_reserve(void)
{
	struct fixture f;

	fixture_init(&f);
	is_int(deadlines_reserve(&f.hub, 1), 0, "reserve 1");
	is_int(f.hub.dl.cap, 4, "first capacity is 4");
	set(&f, 0, 5);
	set(&f, 1, 3);
	is_int(deadlines_reserve(&f.hub, 65), 0, "reserve 65");
	is_int(f.hub.dl.cap, 128, "then 128 (4 doubled until it holds 65)");
	is_int(deadlines_reserve(&f.hub, 100), 0, "reserve 100: no change");
	is_int(f.hub.dl.cap, 128, "still 128");
	CHECK(&f, "rooms held before the growth are still in place");
	ok(deadlines_first(&f.hub) == &f.rooms[1], "room 1 (3) is first");
	fixture_free(&f);
}

int main(void)
{
	test_targeted();
	test_reserve();
	test_random();
	return tap_done();
}
