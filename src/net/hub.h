/*
 * hub.h — the application behind the network: routes each connection's
 * messages to its room, runs the command pipeline, executes effects.
 *
 * The hub owns its rooms and sessions. It never keeps a struct conn* or
 * struct lws* across calls; it stores connection ids (conn_find).
 */
#ifndef NET_HUB_H
#define NET_HUB_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "auth/token.h"
#include "config/config.h"

struct conn;
struct hub;
struct lws;

struct store;

/* Loads the templates and restores every stored room. Returns NULL on
 * OOM; a hub that could not restore is returned stopped, with
 * hub_ready() false (the reason is on stderr): free it after the loop. */
struct hub *hub_new(uv_loop_t *loop, const struct config *cfg,
		    const struct token_keyring *keys, struct store *store);
bool hub_ready(const struct hub *hub);
void hub_free(struct hub *hub); /* NULL ok; after hub_stop */
/* Where links point ("http://127.0.0.1:8080"), known once listening. */
void hub_set_base_url(struct hub *hub, const char *base);
/* Stops timers (closes uv handles) so the loop can end. */
void hub_stop(struct hub *hub);
/* The room's content as JSON: its snapshot (codec_encode_snapshot, the
 * "room" of a welcome) at the hub's current time. malloc'd, caller frees;
 * NULL for an unknown room or on OOM. For the admin CLI's export. */
char *hub_room_export(struct hub *hub, const char *room_id);

void hub_on_open(struct hub *hub, struct conn *c);
void hub_on_message(struct hub *hub, struct conn *c, const char *buf,
		    size_t len);
void hub_on_close(struct hub *hub, struct conn *c);
/* A message refused for rate: an error, or the close when `close`. */
void hub_rate_limited(struct hub *hub, struct conn *c, bool close);

/* HTTP API under /api; same return convention as lws callbacks. */
int hub_http(struct hub *hub, struct lws *wsi, const char *path);
int hub_http_body(struct hub *hub, struct lws *wsi, const void *in, size_t len);
int hub_http_body_done(struct hub *hub, struct lws *wsi);
void hub_http_closed(struct hub *hub, struct lws *wsi);

#endif
