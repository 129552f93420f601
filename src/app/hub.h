/*
 * hub.h — the one seam between the transport and the application.
 *
 * The hub is codevhub without a socket: rooms, the command pipeline, the
 * outbox, durability, organizations, sessions, consoles and the HTTP API.
 * The transport (net/) tells it of connections by id and hands it whole
 * messages and whole API requests; the hub answers through the transport
 * table it was given (app/transport.h). It keeps no pointer to a
 * transport object: a connection is its id.
 *
 * Ownership: the hub owns its rooms, sessions and peers. A request and its
 * buffers belong to the caller; a response's body belongs to the response
 * (hub_api_response_release).
 */
#ifndef APP_HUB_H
#define APP_HUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "auth/token.h"
#include "config/config.h"

struct hub;
struct store;
struct transport;

/* Loads the templates and restores every stored room. Returns NULL on
 * OOM; a hub that could not restore is returned stopped, with
 * hub_ready() false (the reason is on stderr): free it after the loop.
 * `net` outlives the hub. */
struct hub *hub_new(uv_loop_t *loop, const struct config *cfg,
		    const struct token_keyring *keys, struct store *store,
		    const struct transport *net);
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

/* WebSocket connections, by the transport's id (never 0). */
void hub_on_open(struct hub *hub, uint64_t conn_id);
/* One whole text message (UTF-8 checked by the transport). */
void hub_on_message(struct hub *hub, uint64_t conn_id, const char *buf,
		    size_t len);
void hub_on_close(struct hub *hub, uint64_t conn_id);
/* A message refused for rate: an error, or the close when `close`. */
void hub_rate_limited(struct hub *hub, uint64_t conn_id, bool close);

/* The HTTP API under /api, independent of the socket. */
enum hub_method { HUB_GET, HUB_POST, HUB_PUT, HUB_DELETE, HUB_OTHER };

struct hub_api_request {
	enum hub_method method;
	const char *path;	   /* "/api/...", no query */
	const char *authorization; /* the header's value, NULL when absent */
	const char *body;	   /* NUL-terminated, NULL when none */
	size_t len;
	bool too_large; /* the body was over [limits] api_body_max: 413 */
};

struct hub_api_response {
	unsigned status;
	const char *content_type; /* static */
	char *body;		  /* malloc'd, NULL for none */
	size_t len;
};

/* Whether the request may go on to its body: false, with the answer in
 * *res (404 no such route, 401 not an organizer, 405 wrong method), when
 * it may not. Called once the headers are in. */
bool hub_api_accepts(struct hub *hub, const struct hub_api_request *req,
		     struct hub_api_response *res);
/* Runs the whole request (route, organizer, handler) and fills *res. */
void hub_api_call(struct hub *hub, const struct hub_api_request *req,
		  struct hub_api_response *res);
void hub_api_response_release(struct hub_api_response *res);

/* GET /metrics: the Prometheus exposition, malloc'd; NULL on OOM. */
char *hub_metrics(struct hub *hub);

#endif
