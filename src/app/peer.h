/*
 * peer.h — the app's side of one WebSocket connection: which room and
 * participant it speaks for (after hello), or which session's console it
 * watches. The app keeps its own map from connection id to peer; it never
 * hangs state on the transport's connection.
 *
 * Ownership: the hub owns every peer, from hub_on_open to hub_on_close
 * (peer_free). Rooms' members refer to their live connection by id, and a
 * peer to its room by pointer: rooms_delete detaches the peers first.
 */
#ifndef APP_PEER_H
#define APP_PEER_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/token.h"

struct hub;
struct hub_room;

struct peer {
	uint64_t conn_id;
	struct hub_room *room; /* NULL until hello */
	uint32_t console;      /* the session an organizer's console watches,
				  0: not a console */
	uint32_t pid;
	uint64_t need; /* the commit its last queued message waited for */
	uint8_t nonce[TOKEN_NONCE_LEN]; /* of the link it came in with */
	int64_t opened_ms;		/* monotonic */
	struct peer *hnext;		/* same id-hash bucket */
	struct peer *prev, *next;	/* every peer, oldest first */
	struct peer *wprev, *wnext;	/* not yet past the hello deadline */
	bool waiting;			/* in that list */
};

/* The peer table (in struct hub): a chained hash by connection id, one
 * list of every peer, and the list of those not yet past the hello
 * deadline, in order of opening, so the deadline looks only at the
 * oldest (hub.c). */
#define PEER_BUCKETS 16384 /* power of two */
struct peer_table {
	struct peer *buckets[PEER_BUCKETS];
	struct peer *first, *last;
	struct peer *wfirst, *wlast;
	size_t n;
};

/* A new peer for a connection that just opened; NULL on OOM. */
struct peer *peer_new(struct peer_table *t, uint64_t conn_id, int64_t now);
struct peer *peer_find(const struct peer_table *t, uint64_t conn_id);
/* Out of the deadline's list (idempotent). */
void peer_past_deadline(struct peer_table *t, struct peer *p);
/* The oldest peer in the deadline's list, or NULL. */
struct peer *peer_oldest_waiting(const struct peer_table *t);
void peer_free(struct peer_table *t, struct peer *p); /* NULL ok */
void peer_free_all(struct peer_table *t);

#endif
