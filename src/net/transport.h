/*
 * transport.h — the network's side of the app's seam: the transport table
 * the hub sends through (app/transport.h), and the heartbeat.
 */
#ifndef NET_TRANSPORT_H
#define NET_TRANSPORT_H

#include <uv.h>

#include "config/config.h"

struct transport;

/* The table over the connection registry (net/conn.c); static. */
const struct transport *transport_table(void);

/* Pings idle WebSockets once a second's sweep finds them quiet for a
 * heartbeat, and closes those that missed heartbeat_misses pings. The
 * config is read at each sweep (its keys reload on SIGHUP). */
void transport_heartbeat_start(uv_loop_t *loop, const struct config *cfg);
void transport_heartbeat_stop(void); /* closes the timer handle */

#endif
