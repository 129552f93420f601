/*
 * upgrade.h — whether a WebSocket upgrade request may proceed: the path,
 * the Origin allow-list (exact scheme://host:port), a well-formed key and
 * protocol version 13, the per-address cap, and not while draining.
 */
#ifndef NET_UPGRADE_H
#define NET_UPGRADE_H

#include <stdbool.h>
#include <stddef.h>

#define UPGRADE_MAX_ORIGINS 16
#define UPGRADE_ORIGIN_MAX 256

struct lws;

struct origins {
	size_t n;
	char v[UPGRADE_MAX_ORIGINS][UPGRADE_ORIGIN_MAX];
};

/* A space- or comma-separated list; -1 when it has too many or too long
 * entries (out is then incomplete). */
int upgrade_origins_parse(const char *list, struct origins *out);
/* Why the upgrade may not proceed, as an HTTP status (0: it may); 426 asks
 * for protocol version 13. */
unsigned upgrade_status(struct lws *wsi, const struct origins *allowed,
			bool draining);

#endif
