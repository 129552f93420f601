/*
 * peer.c — the table of peers by connection id.
 *
 * Invariants: a peer is in the hash and in the list of all peers from
 * peer_new to peer_free; it is in the deadline list until peer_past_deadline
 * (or its free). Peers are appended, so both lists stay in order of opening:
 * the hello deadline, the same for everyone, expires from the front.
 */
#include "app/peer.h"

#include <stdlib.h>

static struct peer **bucket(struct peer_table *t, uint64_t id)
{
	return &t->buckets[id & (PEER_BUCKETS - 1)];
}

struct peer *peer_new(struct peer_table *t, uint64_t conn_id, int64_t now)
{
	struct peer *p = calloc(1, sizeof *p), **b;

	if (!p)
		return NULL;
	p->conn_id = conn_id;
	p->opened_ms = now;
	b = bucket(t, conn_id);
	p->hnext = *b;
	*b = p;
	p->prev = t->last;
	if (t->last)
		t->last->next = p;
	else
		t->first = p;
	t->last = p;
	p->wprev = t->wlast;
	if (t->wlast)
		t->wlast->wnext = p;
	else
		t->wfirst = p;
	t->wlast = p;
	p->waiting = true;
	t->n++;
	return p;
}

struct peer *peer_find(const struct peer_table *t, uint64_t conn_id)
{
	struct peer *p = t->buckets[conn_id & (PEER_BUCKETS - 1)];

	while (p && p->conn_id != conn_id)
		p = p->hnext;
	return p;
}

void peer_past_deadline(struct peer_table *t, struct peer *p)
{
	if (!p->waiting)
		return;
	if (p->wprev)
		p->wprev->wnext = p->wnext;
	else
		t->wfirst = p->wnext;
	if (p->wnext)
		p->wnext->wprev = p->wprev;
	else
		t->wlast = p->wprev;
	p->wprev = p->wnext = NULL;
	p->waiting = false;
}

struct peer *peer_oldest_waiting(const struct peer_table *t)
{
	return t->wfirst;
}

void peer_free(struct peer_table *t, struct peer *p)
{
	struct peer **pp;

	if (!p)
		return;
	peer_past_deadline(t, p);
	for (pp = bucket(t, p->conn_id); *pp != p; pp = &(*pp)->hnext)
		;
	*pp = p->hnext;
	if (p->prev)
		p->prev->next = p->next;
	else
		t->first = p->next;
	if (p->next)
		p->next->prev = p->prev;
	else
		t->last = p->prev;
	t->n--;
	free(p);
}

void peer_free_all(struct peer_table *t)
{
	while (t->first)
		peer_free(t, t->first);
}
