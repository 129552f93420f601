/*
 * transport.h — what the app needs from the network: sends and closes by
 * connection id. The app never sees a socket or an lws object: net/
 * implements this table (net/transport.c) and main.c hands it to hub_new,
 * so the app can be driven by a test with a table of its own.
 *
 * Every call is on the loop thread. An id that is gone (closed, never
 * opened) is ignored: connections close on their own schedule, and the app
 * learns of it through hub_on_close.
 */
#ifndef APP_TRANSPORT_H
#define APP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/outmsg.h"

struct transport {
	/* Sends (or queues) one message; the transport takes a reference of
	 * its own. 0, or -1 when the connection is gone or closing or its
	 * bounded queue overflowed (it is then being dropped). */
	int (*send)(uint64_t conn_id, struct outmsg *m);
	/* Closes once what was sent before has gone out. */
	void (*close)(uint64_t conn_id, uint16_t code, const char *reason);
	/* A delivery run: between cork and uncork, each connection's
	 * messages are written together (one system call). `several`: the
	 * run held more than one message (the crash point "mid_broadcast"). */
	void (*cork)(void);
	void (*uncork)(bool several);
	/* Drops the slow readers found since the last call: at a safe point,
	 * after a batch was delivered. */
	void (*reap)(void);
	/* For /metrics: WebSocket connections open, and sockets admitted
	 * (every kind, HTTP included). */
	size_t (*connections)(void);
	uint32_t (*sockets)(void);
};

/* A transport with no connections, for a hub that serves nobody (the admin
 * CLI's export rebuilds a room in one). */
extern const struct transport transport_offline;

#endif
