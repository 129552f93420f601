/*
 * server.h — the network front: lws on a libuv loop the program owns.
 *
 * Lifecycle: server_start() creates the lws context on the caller's loop
 * and listens; uv_run() drives everything; SIGINT/SIGTERM (our own uv
 * signal handles: an lws-owned loop would swallow them) start
 * server_shutdown(): refuse new work, close every WebSocket with 1001,
 * wait for them (bounded), destroy the context. After uv_run() returns,
 * server_finish() completes lws's two-step destroy; uv_loop_close() must
 * then return 0.
 */
#ifndef NET_SERVER_H
#define NET_SERVER_H

#include <uv.h>

#include "config/config.h"

struct hub;

/* Returns 0 and fills *port_out with the bound port, or -1 (logged). */
int server_start(uv_loop_t *loop, const struct config *cfg, struct hub *hub,
		 int *port_out);
void server_shutdown(void);
void server_finish(void);
/* Origins accepted for upgrades, once the port is known. */
int server_set_origins(const char *space_separated);
/* SIGHUP, step 1: from the next config (and its Origin list), re-reads
 * the certificate files and parses every list, changing nothing. -1 with
 * the reason in err: the caller keeps the running config. */
int server_reload_prepare(const struct config *next, const char *origins,
			  char *err, size_t errlen);
/* Step 2, after the caller copied the reloadable keys into the config
 * given to server_start(): swaps in what step 1 built. */
void server_reload_commit(void);

#endif
