/*
 * rooms.h — creating the hub's rooms through its HTTP API, the way the
 * organizer console does (POST /api/rooms), keeping both links' tokens.
 */
#ifndef BENCH_ROOMS_H
#define BENCH_ROOMS_H

#include "bench.h"

/* Fills out[0..n) using the organizer token; 0 or -1 (message on
 * stderr). */
int rooms_create(int port, const char *org_token, const char *template_id,
		 struct room_info *out, int n);

#endif
