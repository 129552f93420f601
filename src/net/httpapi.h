/*
 * httpapi.h — /api over lws: reads a request (method, path, the
 * Authorization header, the body in pieces up to [limits] api_body_max),
 * hands it whole to the hub (hub_api_accepts, hub_api_call) and writes
 * the hub's response. The hub never sees the socket.
 *
 * Each function returns what the lws callback must return.
 */
#ifndef NET_HTTPAPI_H
#define NET_HTTPAPI_H

#include <stddef.h>

struct hub;
struct lws;
struct config;

/* LWS_CALLBACK_HTTP on an /api path, headers complete. */
int httpapi_begin(struct hub *hub, const struct config *cfg, struct lws *wsi,
		  const char *path);
/* LWS_CALLBACK_HTTP_BODY / HTTP_BODY_COMPLETION. */
int httpapi_body(struct lws *wsi, const void *in, size_t len);
int httpapi_body_done(struct lws *wsi);
/* The connection closed or dropped its protocol: forget its request. */
void httpapi_closed(struct lws *wsi);
void httpapi_free_all(void);

#endif
