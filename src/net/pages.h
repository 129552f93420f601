/*
 * pages.h — the HTTP paths that are not static files: /healthz, /metrics,
 * the web client's page for /r/ROOM, /j and /c/ID, and /api (handed to
 * httpapi.c). Called at LWS_CALLBACK_HTTP on the callback mounts.
 */
#ifndef NET_PAGES_H
#define NET_PAGES_H

#include <stdbool.h>

struct config;
struct hub;
struct lws;
struct netaddr_list;

struct pages {
	const struct config *cfg;
	struct hub *hub;
	const struct netaddr_list *metrics_allow;
	bool draining; /* /healthz answers 503 */
};

/* Returns what the lws callback must return. */
int pages_serve(struct lws *wsi, const struct pages *pg);

#endif
