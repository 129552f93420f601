/*
 * worker.c — the generator's event loop: joins, the open-loop traffic
 * schedule, and the measurements taken on what comes back.
 *
 * Open loop: command n of a phase is due at t_start + n / rate_total
 * whatever happened before, so the rate never quietly drops when the
 * server stalls. A send more than 5 ms after its due time counts as late
 * (this shared VM's timer wake-ups alone reach ~1.4 ms at p99): many late
 * sends make the run invalid (the generator measured itself).
 *
 * Fan-out latency: every command's ack carries the seq of the event it
 * produced and echoes the id (the send time); each member's copy of the
 * event is timed against it. Members of one room live in one process,
 * but the epoll loop may read a receiver before the sender's ack, so
 * receipts wait in a small per-room slot until the ack maps seq->stamp.
 */
#define _GNU_SOURCE
#include "worker.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "wsc.h"

#define SLOTS 32
#define LATE_NS 5000000ull

struct room;

struct member {
	struct wsc ws;
	struct room *room;
	uint8_t idx;
	bool hello_sent, joined, sio_open, probe;
	uint64_t t_join;
	uint64_t last_seq;
};

struct slot {
	uint64_t seq, stamp; /* stamp 0: ack not seen yet */
	uint8_t n;
	uint64_t recv[MEMBERS * 2];
};

struct room {
	int gid;
	uint32_t cycle;
	uint64_t timer_sent; /* actual send time of the running timer.start */
	struct member m[MEMBERS];
	struct slot slot[SLOTS];
};

static struct {
	const struct run_cfg *cfg;
	struct room *rooms;
	int n_rooms;
	int ep;
	struct result res;
	const struct phase *ph;
	int joins_in_flight;
	char req_hub[512], req_sio[512];
	size_t req_hub_len, req_sio_len;
} w;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t cpu_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
		       1000000000ull +
	       (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ull;
}

static bool in_window(uint64_t t)
{
	return w.ph && w.ph->kind == PH_LOAD && t >= w.ph->t_measure &&
	       t < w.ph->t_end;
}

static void note_error(const char *what, const char *msg, size_t len)
{
	w.res.errors++;
	if (!w.res.first_error[0])
		snprintf(w.res.first_error, sizeof w.res.first_error,
			 "%s: %.*s", what, (int)(len > 120 ? 120 : len), msg);
}

/* ---- sending --------------------------------------------------------- */

static int send_json(struct member *m, const char *json, size_t len)
{
	char buf[1024];

	if (w.cfg->kind != SRV_SIO)
		return wsc_send_text(&m->ws, json, len);
	/* Socket.IO: an EVENT packet "42" carrying ["m", <our object>]. */
	int n = snprintf(buf, sizeof buf, "42[\"m\",%.*s]", (int)len, json);
	return wsc_send_text(&m->ws, buf, (size_t)n);
}

static void send_hello(struct member *m)
{
	char buf[512];
	int n;

	if (w.cfg->kind == SRV_HUB)
		n = snprintf(
			buf, sizeof buf,
			"{\"type\":\"hello\",\"id\":\"h1\",\"token\":\"%s\","
			"\"name\":\"P%u\"}",
			m->idx ? w.cfg->room[m->room->gid].ptoken
			       : w.cfg->room[m->room->gid].ftoken,
			m->idx + 1);
	else
		n = snprintf(
			buf, sizeof buf,
			"{\"type\":\"hello\",\"id\":\"h1\",\"room\":\"r%d\","
			"\"name\":\"P%u\"}",
			m->room->gid, m->idx + 1);
	m->hello_sent = true;
	if (send_json(m, buf, (size_t)n))
		note_error("send", "hello", 5);
}

static void arm(struct member *m)
{
	bool want = wsc_needs_out(&m->ws);
	struct epoll_event ev = {.events = EPOLLIN | (want ? EPOLLOUT : 0),
				 .data.ptr = m};

	if (want == m->ws.want_out)
		return;
	m->ws.want_out = want;
	epoll_ctl(w.ep, EPOLL_CTL_MOD, m->ws.fd, &ev);
}

static void start_join(struct member *m)
{
	char src[24];
	bool sio = w.cfg->kind == SRV_SIO;
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = m};
	int i = (int)(m - &m->room->m[0]) + m->room->gid * MEMBERS;

	snprintf(src, sizeof src, "127.0.0.%u",
		 1u + (unsigned)i % (unsigned)w.cfg->n_src);
	m->hello_sent = m->joined = m->sio_open = false;
	m->last_seq = 0;
	m->t_join = now_ns();
	w.joins_in_flight++;
	if (wsc_connect(&m->ws, src, w.cfg->port, sio ? w.req_sio : w.req_hub,
			sio ? w.req_sio_len : w.req_hub_len)) {
		w.joins_in_flight--;
		w.res.join_failed++;
		note_error("connect", strerror(errno), strlen(strerror(errno)));
		return;
	}
	m->ws.want_out = true;
	epoll_ctl(w.ep, EPOLL_CTL_ADD, m->ws.fd, &ev);
}

static void drop_member(struct member *m)
{
	if (m->ws.state == WSC_DEAD || m->ws.state == WSC_IDLE)
		return;
	if (!m->joined) {
		w.joins_in_flight--;
		w.res.join_failed++;
	} else {
		w.res.server_closed++;
	}
	m->joined = false;
	wsc_close(&m->ws);
}

/* ---- receiving ------------------------------------------------------- */

static uint64_t num_after(const char *msg, const char *key)
{
	const char *p = strstr(msg, key);

	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

static struct slot *slot_for(struct room *r, uint64_t seq)
{
	struct slot *s = &r->slot[seq % SLOTS];

	if (s->seq != seq) {
		if (s->n && !s->stamp)
			w.res.lost_stamps += s->n;
		s->seq = seq;
		s->stamp = 0;
		s->n = 0;
	}
	return s;
}

static void record_fanout(uint64_t stamp, uint64_t recv)
{
	if (stamp >= w.ph->t_measure && stamp < w.ph->t_end)
		hist_add(&w.res.fanout, recv > stamp ? recv - stamp : 0);
}

static void on_ack(struct member *m, const char *msg, uint64_t t)
{
	const char *re = strstr(msg, "\"re\":\"c");
	uint64_t seq = num_after(msg, "\"seq\":");

	if (in_window(t))
		w.res.acks++;
	if (!re || !seq || !w.ph || w.ph->kind != PH_LOAD)
		return;
	struct slot *s = slot_for(m->room, seq);
	s->stamp = strtoull(re + 7, NULL, 10);
	for (uint8_t i = 0; i < s->n; i++)
		record_fanout(s->stamp, s->recv[i]);
	s->n = 0;
}

static void on_event(struct member *m, const char *msg, uint64_t t)
{
	uint64_t seq = num_after(msg, "\"seq\":");
	struct room *r = m->room;

	if (seq != m->last_seq + 1 && m->last_seq && seq > m->last_seq)
		w.res.gaps += seq - m->last_seq - 1;
	if (seq > m->last_seq)
		m->last_seq = seq;
	if (!in_window(t))
		return;
	w.res.events++;
	if (!strncmp(msg + 9, "timer.expired", 13) && r->timer_sent) {
		/* The hub keeps deadlines in whole ms: it may fire up to 1 ms
		 * before our ns stamp + 3 s; that counts as on time. */
		uint64_t due = r->timer_sent + STEP_MS * 1000000ull;
		hist_add(&w.res.expiry, t > due ? t - due : 0);
	}
	struct slot *s = slot_for(r, seq);
	if (s->stamp)
		record_fanout(s->stamp, t);
	else if (s->n < MEMBERS * 2)
		s->recv[s->n++] = t;
}

static void on_welcome(struct member *m, const char *msg, uint64_t t)
{
	m->last_seq = num_after(msg, "\"seq\":");
	if (m->joined)
		return;
	m->joined = true;
	w.joins_in_flight--;
	w.res.joined++;
	hist_add(m->probe ? &w.res.probe : &w.res.join, t - m->t_join);
	m->probe = false;
}

static void on_json(struct member *m, char *msg, size_t len, uint64_t t)
{
	const char *type = msg + 9; /* after {"type":" */

	if (len < 12 || strncmp(msg, "{\"type\":\"", 9)) {
		note_error("unparsed", msg, len);
		return;
	}
	if (!strncmp(type, "ack\"", 4))
		on_ack(m, msg, t);
	else if (!strncmp(type, "welcome\"", 8))
		on_welcome(m, msg, t);
	else if (!strncmp(type, "error\"", 6))
		note_error("server", msg, len);
	else if (strncmp(type, "pong\"", 5))
		on_event(m, msg, t);
}

/* Engine.IO/Socket.IO framing around our JSON objects. */
static void on_sio(struct member *m, char *msg, size_t len, uint64_t t)
{
	if (msg[0] == '2') { /* engine ping */
		wsc_send_text(&m->ws, "3", 1);
	} else if (msg[0] == '0') { /* engine open: join the namespace */
		wsc_send_text(&m->ws, "40", 2);
	} else if (!strncmp(msg, "40", 2) && !m->sio_open) {
		m->sio_open = true;
		send_hello(m);
	} else if (!strncmp(msg, "42", 2)) {
		char *o = strchr(msg, '{');
		if (o)
			on_json(m, o, len - (size_t)(o - msg) - 1, t);
	}
}

static void on_text(void *ctx, struct wsc *c, char *msg, size_t len)
{
	struct member *m = ctx;
	uint64_t t = now_ns();

	(void)c;
	if (w.cfg->kind == SRV_SIO)
		on_sio(m, msg, len, t);
	else
		on_json(m, msg, len, t);
}

static void on_io(struct member *m, uint32_t events)
{
	if (m->ws.state == WSC_DEAD || m->ws.state == WSC_IDLE)
		return; /* closed earlier in this batch of events */
	if ((events & (EPOLLOUT | EPOLLERR)) && wsc_on_writable(&m->ws)) {
		drop_member(m);
		return;
	}
	if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) &&
	    wsc_on_readable(&m->ws, on_text, m)) {
		drop_member(m);
		return;
	}
	if (m->ws.state == WSC_OPEN && !m->hello_sent && w.cfg->kind != SRV_SIO)
		send_hello(m);
	arm(m);
}

/* Waits for I/O at most until `until` (ns, monotonic). */
static void poll_until(uint64_t until)
{
	struct epoll_event evs[256];
	uint64_t now = now_ns();
	uint64_t d = until > now ? until - now : 0;
	struct timespec ts = {(time_t)(d / 1000000000ull),
			      (long)(d % 1000000000ull)};
	int n = epoll_pwait2(w.ep, evs, 256, &ts, NULL);

	for (int i = 0; i < n; i++)
		if (evs[i].data.ptr)
			on_io(evs[i].data.ptr, evs[i].events);
}

/* ---- traffic --------------------------------------------------------- */

static const char pad[] = "Lorem ipsum dolor sit amet, consectetur adipiscing "
			  "elit, sed do eiusmod tempor incididunt ut labore et "
			  "dolore magna aliqua. Ut enim ad minim";

/* One step of a room's ten-command cycle: what a facilitator and the
 * consultants do in a live workshop (timer, notes, hands, steps). */
static void send_cycle(struct room *r, uint64_t due)
{
	uint64_t now;
	char buf[512];
	uint32_t slot = r->cycle % 10, round = r->cycle / 10;
	struct member *m = &r->m[0];
	int n;

	r->cycle++;
	/* The id carries the actual send time: what the server and the
	 * network add, without this VM's timer wake-up jitter (p99 ~1.4 ms
	 * measured) that a due-time stamp would charge to every server. */
	now = now_ns();
	switch (slot) {
	case 0:
		n = snprintf(buf, sizeof buf,
			     "{\"type\":\"timer.start\",\"id\":\"c%llu\"}",
			     (unsigned long long)now);
		break;
	case 2:
	case 6:
		m = &r->m[1 + round % (MEMBERS - 1)];
		n = snprintf(buf, sizeof buf,
			     "{\"type\":\"hand.%s\",\"id\":\"c%llu\"}",
			     slot == 2 ? "raise" : "lower",
			     (unsigned long long)now);
		break;
	case 5:
		n = snprintf(buf, sizeof buf,
			     "{\"type\":\"timer.reset\",\"id\":\"c%llu\"}",
			     (unsigned long long)now);
		break;
	case 8:
		n = snprintf(
			buf, sizeof buf,
			round % 2 ? "{\"type\":\"step.prev\",\"id\":\"c%llu\"}"
				  : "{\"type\":\"step.next\",\"id\":\"c%llu\","
				    "\"confirm\":true}",
			(unsigned long long)now);
		break;
	default:
		n = snprintf(buf, sizeof buf,
			     "{\"type\":\"notes.update\",\"id\":\"c%llu\","
			     "\"text\":\"%u %s\"}",
			     (unsigned long long)now, r->cycle, pad);
	}
	if (!m->joined)
		return;
	if (send_json(m, buf, (size_t)n)) {
		drop_member(m);
		return;
	}
	arm(m);
	if (slot == 0)
		r->timer_sent = now;
	else if (slot == 5 || slot == 8)
		r->timer_sent = 0;
	if (due >= w.ph->t_measure) {
		w.res.sends++;
		if (now - due > LATE_NS)
			w.res.late_sends++;
		if (now - due > w.res.max_late_ns)
			w.res.max_late_ns = now - due;
	}
}

static void run_load(const struct phase *ph)
{
	double total = ph->rate * w.n_rooms;
	uint64_t n = 0, interval = total > 0 ? (uint64_t)(1e9 / total) : 0;
	uint64_t cpu0 = 0;
	bool measuring = false;

	for (int i = 0; i < w.n_rooms; i++)
		w.rooms[i].timer_sent = 0;
	for (;;) {
		uint64_t now = now_ns(), due = ph->t_start + n * interval;
		if (!measuring && now >= ph->t_measure) {
			measuring = true;
			cpu0 = cpu_ns();
		}
		if (now >= ph->t_end)
			break;
		while (interval && due <= now && due < ph->t_end) {
			send_cycle(&w.rooms[n % (uint64_t)w.n_rooms], due);
			due = ph->t_start + ++n * interval;
		}
		poll_until(interval && due < ph->t_end ? due : ph->t_end);
	}
	w.res.gen_cpu_ns = cpu_ns() - cpu0;
	w.res.wall_ns = ph->t_end - ph->t_measure;
	/* Let the last events arrive (they are timed, not counted). */
	for (uint64_t end = now_ns() + 300000000ull; now_ns() < end;)
		poll_until(end);
}

/* ---- joins and probes ------------------------------------------------ */

static void run_join(void)
{
	int next = 0, total = w.n_rooms * MEMBERS;
	uint64_t deadline = now_ns() + 120000000000ull;

	while ((next < total || w.joins_in_flight) && now_ns() < deadline) {
		while (next < total && w.joins_in_flight < w.cfg->join_window) {
			struct room *r = &w.rooms[next / MEMBERS];
			start_join(&r->m[next % MEMBERS]);
			next++;
		}
		poll_until(now_ns() + 100000000ull);
	}
}

/* Closes one member and joins it again (a fresh participant), one at a
 * time: join latency and cost with the hub full. */
static void run_probe(const struct phase *ph)
{
	uint64_t cpu0 = cpu_ns();

	for (int i = 0; i < ph->probes && now_ns() < ph->t_end; i++) {
		struct room *r = &w.rooms[(i * 7919) % w.n_rooms];
		struct member *m = &r->m[1 + i % (MEMBERS - 1)];
		uint64_t at = ph->t_start + (uint64_t)i * ph->probe_gap_ns;
		while (now_ns() < at)
			poll_until(at);
		if (m->joined) {
			m->joined = false;
			wsc_close(&m->ws);
		}
		/* Let the server see the close before the slot is reused. */
		for (uint64_t t = now_ns() + 3000000ull; now_ns() < t;)
			poll_until(t);
		m->probe = true;
		start_join(m);
		while (w.joins_in_flight && now_ns() < ph->t_end)
			poll_until(ph->t_end);
	}
	w.res.gen_cpu_ns = cpu_ns() - cpu0;
}

static void run_idle(const struct phase *ph)
{
	while (now_ns() < ph->t_end)
		poll_until(ph->t_end);
}

static uint64_t count_held(void)
{
	uint64_t n = 0;

	for (int i = 0; i < w.n_rooms; i++)
		for (int k = 0; k < MEMBERS; k++)
			n += w.rooms[i].m[k].joined;
	return n;
}

static void build_requests(void)
{
	const char *fmt = "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
			  "Upgrade: websocket\r\nConnection: Upgrade\r\n"
			  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
			  "Sec-WebSocket-Version: 13\r\n%s"
			  "Origin: http://127.0.0.1:%d\r\n\r\n";
	int p = w.cfg->port;

	w.req_hub_len =
		(size_t)snprintf(w.req_hub, sizeof w.req_hub, fmt, "/ws", p,
				 "Sec-WebSocket-Protocol: codev.v1\r\n", p);
	w.req_sio_len = (size_t)snprintf(
		w.req_sio, sizeof w.req_sio, fmt,
		"/socket.io/?EIO=4&transport=websocket", p, "", p);
}

static void setup(const struct run_cfg *cfg, int index, int stride, int ctl_fd)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};

	w.cfg = cfg;
	w.n_rooms = (cfg->rooms - index + stride - 1) / stride;
	w.rooms = calloc((size_t)(w.n_rooms ? w.n_rooms : 1), sizeof *w.rooms);
	if (!w.rooms)
		exit(3);
	for (int i = 0; i < w.n_rooms; i++) {
		w.rooms[i].gid = index + i * stride;
		for (int k = 0; k < MEMBERS; k++) {
			w.rooms[i].m[k].room = &w.rooms[i];
			w.rooms[i].m[k].idx = (uint8_t)k;
			w.rooms[i].m[k].ws.fd = -1;
		}
	}
	w.ep = epoll_create1(EPOLL_CLOEXEC);
	epoll_ctl(w.ep, EPOLL_CTL_ADD, ctl_fd, &ev);
	build_requests();
}

static int read_full(int fd, void *p, size_t n)
{
	for (size_t got = 0; got < n;) {
		ssize_t r = read(fd, (char *)p + got, n - got);
		if (r <= 0 && !(r < 0 && errno == EINTR))
			return -1;
		if (r > 0)
			got += (size_t)r;
	}
	return 0;
}

static void write_full(int fd, const void *p, size_t n)
{
	for (size_t done = 0; done < n;) {
		ssize_t r = write(fd, (const char *)p + done, n - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			exit(4);
		done += (size_t)r;
	}
}

/* Serves the sockets (pings, late frames) until the parent speaks. */
static int next_phase(int ctl_fd, struct phase *ph)
{
	struct epoll_event evs[256];

	for (;;) {
		int n = epoll_wait(w.ep, evs, 256, -1);
		for (int i = 0; i < n; i++) {
			if (!evs[i].data.ptr)
				return read_full(ctl_fd, ph, sizeof *ph);
			on_io(evs[i].data.ptr, evs[i].events);
		}
	}
}

void worker_run(const struct run_cfg *cfg, int index, int stride, int ctl_fd,
		int res_fd)
{
	static struct phase ph;

	setup(cfg, index, stride, ctl_fd);
	while (!next_phase(ctl_fd, &ph) && ph.kind != PH_QUIT) {
		memset(&w.res, 0, sizeof w.res);
		w.ph = &ph;
		if (ph.kind == PH_JOIN)
			run_join();
		else if (ph.kind == PH_LOAD)
			run_load(&ph);
		else if (ph.kind == PH_PROBE)
			run_probe(&ph);
		else
			run_idle(&ph);
		w.res.held = count_held();
		w.ph = NULL;
		write_full(res_fd, &w.res, sizeof w.res);
	}
	for (int i = 0; i < w.n_rooms; i++)
		for (int k = 0; k < MEMBERS; k++)
			wsc_close(&w.rooms[i].m[k].ws);
	exit(0);
}
