/*
 * conn.h — one WebSocket connection as the transport sees it (the app
 * knows it by id only: app/transport.h, implemented in net/transport.c).
 *
 * A struct conn lives in lws's per-session user space: lws allocates it at
 * upgrade and frees it after LWS_CALLBACK_CLOSED, so nothing outside the
 * callback may keep a pointer to it across loop iterations. The rest of the
 * program refers to a connection by its id and looks it up (conn_find), which
 * returns NULL once it is gone.
 *
 * Sending: when nothing is queued and lws holds no unsent part of an
 * earlier write, a message is written at once (one sendto, no epoll round
 * trip: PERF-NOTES pitfall 1, and no poll() to ask first); otherwise it
 * joins a bounded queue drained on WRITEABLE. A reader whose queue exceeds
 * the message or byte bound is dropped.
 *
 * Corking: in a delivery run (conn_cork .. conn_uncork) messages are
 * collected per connection and each connection's are written in one
 * send(): an ack and the event behind it, or several events of a busy
 * room, cost one system call, the dominant cost of a delivery.
 *
 * Memory: an idle connection holds no heap of its own here. The queue ring
 * exists only while something waits in it, and a message is assembled in
 * rx only when it arrives in more than one piece.
 */
#ifndef NET_CONN_H
#define NET_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/quota.h"
#include "util/outmsg.h"

struct lws;

struct conn_limits {
	uint32_t queue_messages;
	size_t queue_bytes;
	size_t max_message;
};

struct conn {
	uint64_t id;
	struct lws *wsi;
	struct conn *next, *prev; /* registry (all live connections) */
	struct conn *hnext;	  /* registry hash chain */
	int64_t opened_ms;
	int64_t last_rx_ms; /* any frame, pongs included */
	int64_t pinged_ms;  /* last heartbeat ping */
	uint32_t pings_out; /* pings unanswered since the last frame */
	struct bucket rate;
	uint32_t strikes; /* messages refused in a row for rate */
	/* outgoing */
	struct outmsg **queue; /* ring of queue_messages slots, NULL when
				  empty (allocated at the first backpressure) */
	uint32_t q_head, q_len;
	size_t q_bytes;
	uint32_t cork_first, cork_last; /* chain in the cork run, index + 1 */
	bool closing;			/* close frame requested */
	bool close_sent;  /* close frame written, awaiting the peer */
	bool dropped;	  /* a slow reader: its queue is discarded */
	bool rate_closed; /* its close for rate was asked for */
	uint16_t close_code;
	/* incoming message being assembled from fragments */
	char *rx;
	size_t rx_len, rx_cap;
};

/* Registers a new connection (called at ESTABLISHED). Always 0: nothing
 * is allocated until it is needed. */
int conn_open(struct conn *c, struct lws *wsi, int64_t now_ms);
/* Whether c was opened (lws also calls back for connections that never
 * reached ESTABLISHED, with zeroed user space). */
static inline bool conn_is_open(const struct conn *c)
{
	return c && c->id != 0;
}
/* Releases queues and buffers and unregisters (called at CLOSED). */
void conn_release(struct conn *c);
struct conn *conn_find(uint64_t id);
size_t conn_count(void);
struct conn *conn_first(void);
void conn_set_limits(const struct conn_limits *lim);
const struct conn_limits *conn_limits(void);

/* Sends (or queues) one message. Returns 0, or -1 when the connection is
 * closing or its queue overflowed (it is then being closed with 1008). */
int conn_send(struct conn *c, struct outmsg *m);
/* Starts a delivery run: conn_send collects instead of writing. */
void conn_cork(void);
/* Ends it: writes each connection's collected messages in one send, in
 * the order they were sent. `several`: the run delivered more than one
 * message, so the crash point "mid_broadcast" (durability tests) is
 * passed right after the first write. */
void conn_uncork(bool several);
/* Kills the connections dropped as slow readers since the last call; the
 * hub calls it at a safe point (after delivering a batch). */
void conn_reap(void);
/* Drains the queue from the WRITEABLE callback. Returns -1 to close. */
int conn_on_writable(struct conn *c);
/* Sends a WebSocket ping now when the socket can take it (heartbeat);
 * skipped under backpressure, where the peer is evidently alive. */
void conn_ping(struct conn *c);
/* Asks lws to close the connection with a code and a short reason. */
void conn_close(struct conn *c, uint16_t code, const char *reason);

/* Appends a received fragment; -1 when the message would exceed the
 * limit given what is already buffered and what is still announced. */
int conn_rx_append(struct conn *c, const void *data, size_t len,
		   size_t remaining_in_frame);
/* Forgets the assembled message and frees its buffer. */
void conn_rx_reset(struct conn *c);

#endif
