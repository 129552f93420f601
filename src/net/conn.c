/*
 * conn.c — connection registry, bounded send queues, message assembly.
 *
 * Invariants: a conn is in the registry from conn_open to conn_release;
 * q_len <= limits.queue_messages and q_bytes <= limits.queue_bytes; the
 * ring is allocated exactly while q_len > 0; each queued outmsg holds one
 * reference, dropped when written or released.
 * The registry is a list (for iteration) plus a chained hash by id (for
 * lookups from the hub, which never holds conn pointers).
 */
#include "net/conn.h"

#include <libwebsockets.h>
#include <stdlib.h>
#include <string.h>

#include "app/metrics.h"
#include "util/crashpoint.h"
#include "util/log.h"
#include "util/array.h"

/* lws_write() writes the frame header in front of the payload, in the
 * headroom every outmsg keeps. */
_Static_assert(LWS_PRE <= OUTMSG_HEADROOM, "outmsg headroom below LWS_PRE");

/* Power of two. A delivery looks its connection up by id, so chains stay
 * short up to the 19,000 connections the fd limit allows (each link is a
 * cache miss: 4,096 buckets cost ~1.7% of the hub's CPU at 10,000). */
#define HASH_BUCKETS 16384

#define MAX_DOOMED 1024
/* Seconds a closing connection may take to flush its queue. */
#define CLOSE_FLUSH_S 5

static struct conn *head;
static uint64_t doomed[MAX_DOOMED];
static size_t n_doomed;
static uint64_t next_id = 1;
static size_t count;
static struct conn_limits limits = {256, 1 << 20, 65536};

static struct conn *buckets[HASH_BUCKETS];

/* The cork run: every message collected, in order, each linked to the
 * next one for the same connection. Connections cannot go away during a
 * run (lws frees them only from its own service calls), so the pointers
 * hold until conn_uncork. */
struct corked {
	struct conn *c;
	struct outmsg *m;
	uint32_t next; /* index + 1 of the connection's next, 0: last */
};
static struct corked *cv;
static size_t cv_n, cv_cap;
static bool corking;

void conn_set_limits(const struct conn_limits *lim)
{
	limits = *lim;
}

const struct conn_limits *conn_limits(void)
{
	return &limits;
}

static void hash_add(struct conn *c)
{
	struct conn **b = &buckets[c->id & (HASH_BUCKETS - 1)];

	c->hnext = *b;
	*b = c;
}

static void hash_del(struct conn *c)
{
	struct conn **pp = &buckets[c->id & (HASH_BUCKETS - 1)];

	while (*pp != c)
		pp = &(*pp)->hnext;
	*pp = c->hnext;
}

int conn_open(struct conn *c, struct lws *wsi, int64_t now_ms)
{
	memset(c, 0, sizeof *c);
	c->id = next_id++;
	c->wsi = wsi;
	c->opened_ms = c->last_rx_ms = now_ms;
	hash_add(c);
	c->next = head;
	if (head)
		head->prev = c;
	head = c;
	count++;
	return 0;
}

/* Drops every queued message and gives the ring back: an idle connection
 * keeps no send queue (PERF-NOTES: memory per connection). */
static void queue_clear(struct conn *c)
{
	while (c->q_len) {
		outmsg_unref(c->queue[c->q_head]);
		c->q_head = (c->q_head + 1) % limits.queue_messages;
		c->q_len--;
	}
	c->q_head = 0;
	c->q_bytes = 0;
	free(c->queue);
	c->queue = NULL;
}

void conn_release(struct conn *c)
{
	if (!conn_is_open(c))
		return;
	queue_clear(c);
	free(c->rx);
	c->rx = NULL;
	hash_del(c);
	if (c->prev)
		c->prev->next = c->next;
	else
		head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	count--;
	c->id = 0;
}

struct conn *conn_find(uint64_t id)
{
	struct conn *c = buckets[id & (HASH_BUCKETS - 1)];

	while (c && c->id != id)
		c = c->hnext;
	return c;
}

size_t conn_count(void)
{
	return count;
}

struct conn *conn_first(void)
{
	return head;
}

static bool backlogged(const struct conn *c);

void conn_close(struct conn *c, uint16_t code, const char *reason)
{
	if (c->closing)
		return;
	c->closing = true;
	c->close_code = code;
	(void)reason;
	/* What is queued goes out before the close frame, but a peer that
	 * stopped reading would hold the connection forever: bounded. */
	if (backlogged(c))
		lws_set_timeout(c->wsi, PENDING_TIMEOUT_CLOSE_SEND,
				CLOSE_FLUSH_S);
	lws_callback_on_writable(c->wsi);
}

/* A reader that stopped reading: its socket may never become writable
 * again, so no close frame; its queue is freed now and the socket is
 * killed at the next safe point (conn_reap, after the hub's flush). */
static void drop(struct conn *c)
{
	metrics_queue_drop();
	c->closing = true;
	c->dropped = true;
	c->close_code = LWS_CLOSE_STATUS_POLICY_VIOLATION;
	queue_clear(c);
	if (n_doomed < MAX_DOOMED)
		doomed[n_doomed++] = c->id;
	else
		lws_callback_on_writable(c->wsi); /* rare: the slow way */
}

void conn_reap(void)
{
	uint64_t ids[MAX_DOOMED];
	size_t n = n_doomed;

	/* Killing may run CLOSED callbacks that drop more: work on a copy. */
	memcpy(ids, doomed, n * sizeof *ids);
	n_doomed = 0;
	for (size_t i = 0; i < n; i++) {
		struct conn *c = conn_find(ids[i]);
		if (c)
			lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK,
					LWS_TO_KILL_ASYNC);
	}
}

/* Whether lws still holds an unsent part of an earlier write. lws 4.1.6
 * keeps what send() did not take in the connection's buflist_out, asks for
 * POLLOUT itself, and calls WRITEABLE only once that is drained. This is a
 * pointer test, where lws_send_pipe_choked() is a poll() system call: a
 * full socket is seen one write late (that write goes to lws's buffer, at
 * most one message), never missed, so the bounded queue still engages and
 * a reader that stops reading is still dropped. */
static bool backlogged(const struct conn *c)
{
	return c->q_len || lws_partial_buffered(c->wsi);
}

void conn_ping(struct conn *c)
{
	/* A payload is needed: lws 4.1.6 swallows empty pongs without
	 * telling us, and the peer would look dead. */
	unsigned char frame[LWS_PRE + 1] = {[LWS_PRE] = 'h'};

	if (c->closing || backlogged(c))
		return;
	lws_write(c->wsi, frame + LWS_PRE, 1, LWS_WRITE_PING);
}

static int write_one(struct conn *c, struct outmsg *m)
{
	int n = lws_write(c->wsi, m->payload, m->len, LWS_WRITE_TEXT);

	return n < (int)m->len ? -1 : 0;
}

static int enqueue(struct conn *c, struct outmsg *m)
{
	if (!c->queue) {
		c->queue = malloc(limits.queue_messages * sizeof *c->queue);
		if (!c->queue)
			return -1;
	}
	c->queue[(c->q_head + c->q_len) % limits.queue_messages] =
		outmsg_ref(m);
	c->q_len++;
	c->q_bytes += m->len;
	return 0;
}

/* Adds m to the run; -1 when out of memory (then it is written now). */
static int cork_add(struct conn *c, struct outmsg *m)
{
	if (array_grow(&cv, &cv_cap, cv_n + 1, sizeof *cv))
		return -1;
	cv[cv_n] = (struct corked){c, outmsg_ref(m), 0};
	if (c->cork_last)
		cv[c->cork_last - 1].next = (uint32_t)cv_n + 1;
	else
		c->cork_first = (uint32_t)cv_n + 1;
	c->cork_last = (uint32_t)++cv_n;
	return 0;
}

int conn_send(struct conn *c, struct outmsg *m)
{
	if (c->closing)
		return -1;
	metrics_message_out();
	if (!backlogged(c)) {
		if (corking && cork_add(c, m) == 0)
			return 0;
		if (write_one(c, m) == 0)
			return 0;
		conn_close(c, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "write");
		return -1;
	}
	if (c->q_len == limits.queue_messages ||
	    c->q_bytes + m->len > limits.queue_bytes) {
		log_rl(LOG_WARN,
		       "conn_dropped conn=%llu reason=slow_reader "
		       "queued=%u bytes=%zu",
		       (unsigned long long)c->id, c->q_len, c->q_bytes);
		drop(c);
		return -1;
	}
	if (enqueue(c, m)) {
		log_rl(LOG_ERROR, "conn_dropped conn=%llu reason=oom",
		       (unsigned long long)c->id);
		drop(c);
		return -1;
	}
	lws_callback_on_writable(c->wsi);
	return 0;
}

void conn_cork(void)
{
	corking = true;
}

/* RFC 6455 header of an unmasked final text frame; returns its length. */
static size_t frame_header(unsigned char *h, size_t len)
{
	h[0] = 0x81;
	if (len < 126) {
		h[1] = (unsigned char)len;
		return 2;
	}
	if (len < 65536) {
		h[1] = 126;
		h[2] = (unsigned char)(len >> 8);
		h[3] = (unsigned char)len;
		return 4;
	}
	h[1] = 127;
	for (int i = 0; i < 8; i++)
		h[2 + i] = (unsigned char)((uint64_t)len >> (56 - 8 * i));
	return 10;
}

/* Writes the frames of several messages in one send. LWS_WRITE_RAW goes
 * to the socket as it is (through TLS when on), with lws's partial-write
 * buffering as for any write; the frames are built here, as lws_write
 * would build each one. */
static int write_chain(struct conn *c, uint32_t first)
{
	size_t total = 0, at = LWS_PRE;
	unsigned char *buf;
	int n;

	for (uint32_t i = first; i; i = cv[i - 1].next)
		total += 10 + cv[i - 1].m->len;
	buf = malloc(LWS_PRE + total);
	if (!buf)
		return -1;
	for (uint32_t i = first; i; i = cv[i - 1].next) {
		const struct outmsg *m = cv[i - 1].m;
		at += frame_header(buf + at, m->len);
		memcpy(buf + at, m->payload, m->len);
		at += m->len;
	}
	total = at - LWS_PRE;
	n = lws_write(c->wsi, buf + LWS_PRE, total, LWS_WRITE_RAW);
	free(buf);
	return n < (int)total ? -1 : 0;
}

void conn_uncork(bool several)
{
	bool wrote = false;

	corking = false;
	for (size_t i = 0; i < cv_n; i++) {
		struct conn *c = cv[i].c;
		if (c->cork_first != i + 1)
			continue; /* written with the head of its chain */
		/* Written even when a close was asked for during the run:
		 * the messages came first (an error, then its close). */
		int rc = cv[i].next ? write_chain(c, c->cork_first)
				    : write_one(c, cv[i].m);
		if (rc)
			conn_close(c, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION,
				   "write");
		c->cork_first = c->cork_last = 0;
		if (!wrote && several)
			CRASH_POINT("mid_broadcast"); /* first write out */
		wrote = true;
	}
	if (!wrote && several)
		CRASH_POINT("mid_broadcast"); /* nothing to write after all */
	for (size_t i = 0; i < cv_n; i++)
		outmsg_unref(cv[i].m);
	cv_n = 0;
}

int conn_on_writable(struct conn *c)
{
	/* A dropped reader closes at once; any other close (1008 for rate
	 * included) flushes what was queued before it first. */
	bool drop = c->dropped;

	/* lws calls WRITEABLE only with its own buffer empty; a write that
	 * it had to buffer in part ends this round (it asked for POLLOUT). */
	while (c->q_len && !drop && !lws_partial_buffered(c->wsi)) {
		struct outmsg *m = c->queue[c->q_head];
		c->q_head = (c->q_head + 1) % limits.queue_messages;
		c->q_len--;
		c->q_bytes -= m->len;
		int rc = write_one(c, m);
		outmsg_unref(m);
		if (rc)
			return -1;
	}
	if (c->q_len && !drop) {
		lws_callback_on_writable(c->wsi);
		return 0;
	}
	queue_clear(c); /* drained: give the ring back */
	if (c->closing && !c->close_sent) {
		/* The close frame is written here rather than through
		 * lws_close_reason(): Debian's lws is built with _DEBUG, and
		 * on libuv its close path then closes a second time and kills
		 * the socket before the frame goes out. The socket stays open
		 * until the peer answers (lws then closes it) or 3 s pass:
		 * closing at once, with the peer's frames still unread, would
		 * send a reset that can destroy our close frame in flight. */
		unsigned char frame[LWS_PRE + 2];
		frame[LWS_PRE] = (unsigned char)(c->close_code >> 8);
		frame[LWS_PRE + 1] = (unsigned char)c->close_code;
		lws_write(c->wsi, frame + LWS_PRE, 2,
			  (enum lws_write_protocol)4 /* CLOSE, not public */);
		c->close_sent = true;
		lws_set_timeout(c->wsi, PENDING_TIMEOUT_CLOSE_ACK, 3);
	}
	return 0;
}

int conn_rx_append(struct conn *c, const void *data, size_t len,
		   size_t remaining_in_frame)
{
	size_t need = c->rx_len + len;

	if (need + remaining_in_frame > limits.max_message)
		return -1;
	if (need + 1 > c->rx_cap) {
		/* The first piece tells the frame's size: one allocation
		 * for the usual single-frame message. */
		size_t cap =
			c->rx_cap ? c->rx_cap : need + remaining_in_frame + 1;
		while (cap < need + 1)
			cap *= 2;
		if (cap > limits.max_message + 1)
			cap = limits.max_message + 1;
		char *p = realloc(c->rx, cap);
		if (!p)
			return -1;
		c->rx = p;
		c->rx_cap = cap;
	}
	memcpy(c->rx + c->rx_len, data, len);
	c->rx_len = need;
	c->rx[need] = '\0';
	return 0;
}

void conn_rx_reset(struct conn *c)
{
	/* Only messages that came in pieces are assembled here, and they are
	 * rare: give the buffer back so an idle connection costs nothing. */
	free(c->rx);
	c->rx = NULL;
	c->rx_len = c->rx_cap = 0;
}
