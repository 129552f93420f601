/*
 * storetest.h — what the store tests share: the latest schema version as
 * the tests expect it, and a callback that copies the rooms it is shown
 * (row strings live only during the callback).
 */
#ifndef TESTS_STORETEST_H
#define TESTS_STORETEST_H

#include <stdint.h>
#include <stdio.h>

#include "store/store.h"

/* The number of migrations in store.c: bump with each new one. */
#define LATEST_SCHEMA 6

struct seen_room {
	char id[32], tpl[64], cfg[64];
	int64_t created_ms, n_inputs, last_seq;
	uint32_t org, session, group;
};

struct seen_rooms {
	struct seen_room v[8];
	size_t n;
};

/* store_rooms_each callback; ud is a struct seen_rooms. */
static inline int on_room(void *ud, const struct store_room *r)
{
	struct seen_rooms *s = ud;
	struct seen_room *x;

	if (s->n == sizeof s->v / sizeof s->v[0])
		return -99;
	x = &s->v[s->n++];
	snprintf(x->id, sizeof x->id, "%s", r->id);
	snprintf(x->tpl, sizeof x->tpl, "%s", r->tpl);
	snprintf(x->cfg, sizeof x->cfg, "%s", r->cfg);
	x->created_ms = r->created_ms;
	x->n_inputs = r->n_inputs;
	x->last_seq = r->last_seq;
	x->org = r->org;
	x->session = r->session;
	x->group = r->group;
	return 0;
}

#endif
