/*
 * metrics.c — the hub's Prometheus exposition.
 *
 * Counters only grow; gauges are computed at scrape time from the hub's
 * own state (connections, rooms by step, running timers, store size).
 * Latency histograms use fixed buckets in seconds.
 */
#include "app/metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/internal.h"

static const double bounds[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
				0.01,	0.025,	 0.05,	 0.1,	0.25,	1.0};
#define N_BOUNDS (sizeof bounds / sizeof bounds[0])

struct histogram {
	uint64_t buckets[N_BOUNDS], count;
	double sum;
};

static struct {
	uint64_t in, out, errors[CORE_E__COUNT], drops, rate_limited, refused,
		commit_failures;
	struct histogram commit, flush;
} m;

static void observe(struct histogram *h, int64_t us)
{
	double s = (double)us / 1e6;

	for (size_t i = 0; i < N_BOUNDS; i++)
		if (s <= bounds[i])
			h->buckets[i]++;
	h->count++;
	h->sum += s;
}

void metrics_message_in(void)
{
	m.in++;
}
void metrics_message_out(void)
{
	m.out++;
}
void metrics_queue_drop(void)
{
	m.drops++;
}
void metrics_rate_limited(void)
{
	m.rate_limited++;
}
void metrics_refused(void)
{
	m.refused++;
}

void metrics_error(enum core_err err)
{
	if ((unsigned)err < CORE_E__COUNT)
		m.errors[err]++;
}

void metrics_commit(int64_t us, int ok)
{
	observe(&m.commit, us);
	if (!ok)
		m.commit_failures++;
}

void metrics_flush(int64_t us, uint32_t messages)
{
	if (messages)
		observe(&m.flush, us);
}

struct buf {
	char *p;
	size_t len, cap;
	int failed;
};

static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0 || b->failed) {
			b->failed = 1;
			return;
		}
		if ((size_t)n < b->cap - b->len)
			break;
		char *p = realloc(b->p, b->cap * 2 + (size_t)n);
		if (!p) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->cap = b->cap * 2 + (size_t)n;
	}
	b->len += (size_t)n;
}

static void counter(struct buf *b, const char *name, const char *help,
		    uint64_t v)
{
	put(b, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n", name, help, name,
	    name, (unsigned long long)v);
}

static void gauge(struct buf *b, const char *name, const char *help, double v)
{
	put(b, "# HELP %s %s\n# TYPE %s gauge\n%s %.17g\n", name, help, name,
	    name, v);
}

static void histogram(struct buf *b, const char *name, const char *help,
		      const struct histogram *h)
{
	put(b, "# HELP %s %s\n# TYPE %s histogram\n", name, help, name);
	for (size_t i = 0; i < N_BOUNDS; i++)
		put(b, "%s_bucket{le=\"%g\"} %llu\n", name, bounds[i],
		    (unsigned long long)h->buckets[i]);
	put(b, "%s_bucket{le=\"+Inf\"} %llu\n%s_sum %.9f\n%s_count %llu\n",
	    name, (unsigned long long)h->count, name, h->sum, name,
	    (unsigned long long)h->count);
}

static double store_bytes(const struct hub *hub)
{
	char path[CONFIG_PATH_MAX + 32];
	double total = 0;
	struct stat st;

	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/codevhub.db%s",
			 hub->cfg->data_dir, i ? "-wal" : "");
		if (!stat(path, &st))
			total += (double)st.st_size;
	}
	return total;
}

static void rooms(struct buf *b, const struct hub *hub)
{
	uint64_t by_step[STEP__COUNT] = {0}, running = 0, present = 0;
	uint64_t locked = 0, ended = 0, organizers = 0, merged = 0;

	for (const struct hub_room *hr = hub->rooms; hr; hr = hr->next) {
		by_step[room_step_kind(hr->room)]++;
		running += hr->room->timer.status == CORE_TIMER_RUNNING;
		locked += hr->room->locked;
		ended += hr->room->ended;
		for (size_t i = 0; i < hr->room->n_participants; i++) {
			const struct core_participant *p =
				&hr->room->participants[i];
			present += p->connected;
			organizers += p->connected && p->organizer;
			merged += p->seat == CORE_SEAT_MERGED;
		}
	}
	put(b, "# HELP codevhub_rooms Rooms by the kind of their current "
	       "step\n# TYPE codevhub_rooms gauge\n");
	for (int k = 0; k < STEP__COUNT; k++)
		put(b, "codevhub_rooms{step=\"%s\"} %llu\n",
		    core_step_kind_name((enum core_step_kind)k),
		    (unsigned long long)by_step[k]);
	gauge(b, "codevhub_timers_running", "Room timers running",
	      (double)running);
	gauge(b, "codevhub_participants_connected",
	      "Participants connected to their room", (double)present);
	gauge(b, "codevhub_organizers_observing",
	      "Organizers connected to a room as its visible observer",
	      (double)organizers);
	gauge(b, "codevhub_seats_merged",
	      "Duplicate seats merged into another in the rooms held",
	      (double)merged);
	gauge(b, "codevhub_rooms_locked", "Rooms locked by their facilitator",
	      (double)locked);
	gauge(b, "codevhub_rooms_ended", "Rooms whose workshop has ended",
	      (double)ended);
}

char *metrics_render(struct hub *hub)
{
	struct buf b = {malloc(8192), 0, 8192, 0};

	if (!b.p)
		return NULL;
	gauge(&b, "codevhub_connections", "Open WebSocket connections",
	      (double)hub->net->connections());
	gauge(&b, "codevhub_sockets", "Admitted sockets, HTTP and WebSocket",
	      (double)hub->net->sockets());
	rooms(&b, hub);
	gauge(&b, "codevhub_sessions", "Organizations' sessions held",
	      (double)hub->org.n_sessions);
	gauge(&b, "codevhub_consoles", "Organizer consoles watching a session",
	      (double)hub->con.n);
	gauge(&b, "codevhub_store_bytes", "Database and WAL size",
	      store_bytes(hub));
	counter(&b, "codevhub_messages_in_total", "WebSocket messages received",
		m.in);
	counter(&b, "codevhub_messages_out_total",
		"WebSocket messages sent or queued", m.out);
	put(&b, "# HELP codevhub_errors_total Error replies by code\n"
		"# TYPE codevhub_errors_total counter\n");
	for (int e = 1; e < CORE_E__COUNT; e++)
		put(&b, "codevhub_errors_total{code=\"%s\"} %llu\n",
		    codec_error_code((enum core_err)e),
		    (unsigned long long)m.errors[e]);
	counter(&b, "codevhub_send_queue_drops_total",
		"Slow readers dropped when their send queue overflowed",
		m.drops);
	counter(&b, "codevhub_rate_limited_total", "Messages refused for rate",
		m.rate_limited);
	counter(&b, "codevhub_refused_connections_total",
		"Sockets refused at accept (caps)", m.refused);
	counter(&b, "codevhub_commit_failures_total", "Failed store commits",
		m.commit_failures);
	histogram(&b, "codevhub_commit_seconds",
		  "Store commit latency (one per loop iteration with work)",
		  &m.commit);
	histogram(&b, "codevhub_fanout_seconds",
		  "Time to hand a committed batch of replies and events to "
		  "the sockets",
		  &m.flush);
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
