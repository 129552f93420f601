/*
 * Unit tests for the store on ":memory:" (store.c, store_org.c): a fresh
 * schema, rooms and their inputs appended and read back in append order
 * across interleaved rooms, transactions, room deletion, meta, revoked
 * links, organizations and sessions. Every expected value is written out
 * here, never read back from the store's own SQL.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "storetest.h"
#include "tap.h"

static struct store *open_mem(void)
{
	char err[256] = "";
	struct store *st = store_open(":memory:", 0, err, sizeof err);

	if (!st)
		printf("# store_open(:memory:): %s\n", err);
	return st;
}

/* --- what a callback saw ---------------------------------------------- */

#define MAX_SEEN 32

struct seen_input {
	char room[32];
	int64_t n, t_ms, seq;
	int kind, arg;
	uint32_t pid;
	char data[64], aux[64];
	int has_data, has_aux;
	size_t data_len;
};

struct seen {
	struct seen_input v[MAX_SEEN];
	size_t n;
	size_t stop_after; /* 0: never stop */
};

static int record(struct seen *s, const char *room,
		  const struct store_input *in)
{
	struct seen_input *x;

	if (s->n == MAX_SEEN)
		return -99;
	x = &s->v[s->n++];
	memset(x, 0, sizeof *x);
	snprintf(x->room, sizeof x->room, "%s", room);
	x->n = in->n;
	x->t_ms = in->t_ms;
	x->seq = in->seq;
	x->kind = (int)in->kind;
	x->arg = in->arg;
	x->pid = in->pid;
	x->has_data = in->data != NULL;
	x->has_aux = in->aux != NULL;
	x->data_len = in->data_len;
	if (in->data && in->data_len < sizeof x->data)
		memcpy(x->data, in->data, in->data_len);
	if (in->aux)
		snprintf(x->aux, sizeof x->aux, "%s", in->aux);
	return s->stop_after && s->n == s->stop_after ? 7 : 0;
}

static int on_any(void *ud, const char *room, const struct store_input *in)
{
	return record(ud, room, in);
}

static int on_one(void *ud, const struct store_input *in)
{
	return record(ud, "", in);
}

/* An input as the test appends it, and expects it back. */
struct want_input {
	const char *room;
	int64_t n, t_ms, seq;
	enum store_input_kind kind;
	uint32_t pid;
	int arg;
	const char *data, *aux;
	size_t data_len;
};

static int append(struct store *st, const struct want_input *w)
{
	struct store_input in = {
		.n = w->n,
		.t_ms = w->t_ms,
		.seq = w->seq,
		.kind = w->kind,
		.pid = w->pid,
		.arg = w->arg,
		.data = w->data,
		.aux = w->aux,
		.data_len = w->data_len,
	};
	return store_input_append(st, w->room, &in);
}

static int same_input(const struct seen_input *g, const struct want_input *w,
		      int check_room)
{
	return (!check_room || !strcmp(g->room, w->room)) && g->n == w->n &&
	       g->t_ms == w->t_ms && g->seq == w->seq &&
	       g->kind == (int)w->kind && g->pid == w->pid &&
	       g->arg == w->arg && g->has_data == (w->data != NULL) &&
	       (!w->data || (g->data_len == w->data_len &&
			     !memcmp(g->data, w->data, w->data_len))) &&
	       g->has_aux == (w->aux != NULL) &&
	       (!w->aux || !strcmp(g->aux, w->aux));
}

/* --- rooms ------------------------------------------------------------- */

/* Three rooms whose id order, creation order and append order all differ,
 * so that an ORDER BY on the wrong column shows. */
static const struct store_room rooms[] = {
	{.id = "zeta",
	 .tpl = "tpl-z",
	 .cfg = "cfg-z",
	 .created_ms = 1000,
	 .org = 0, /* stored as 1 */
	 .session = 0,
	 .group = 0},
	{.id = "alpha",
	 .tpl = "tpl-a",
	 .cfg = "cfg-a",
	 .created_ms = 3000,
	 .org = 2,
	 .session = 9,
	 .group = 3},
	{.id = "mid",
	 .tpl = "tpl-m",
	 .cfg = "",
	 .created_ms = 2000,
	 .org = 1,
	 .session = 0,
	 .group = 0},
};

/* Interleaved: each room's inputs in their own order, mixed with the
 * others'; data with an embedded NUL, NULL data, NULL and present aux. */
static const struct want_input inputs[] = {
	{"alpha", 1, 3001, 1, INPUT_JOIN, 1, 1, "Ana", "secret-a", 3},
	{"zeta", 1, 1001, 1, INPUT_JOIN, 1, 0, "Zoé", "secret-z", 4},
	{"alpha", 2, 3002, 2, INPUT_COMMAND, 1, 0, "{\"type\":\"x\"}", NULL,
	 12},
	{"mid", 1, 2001, 0, INPUT_HOLD, 0, 0, "restart", NULL, 7},
	{"zeta", 2, 1002, 2, INPUT_PRESENCE, 1, 1, NULL, NULL, 0},
	{"alpha", 3, 3003, 2, INPUT_ROLE, 2, 4, NULL, NULL, 0},
	{"zeta", 3, 1003, 5, INPUT_COMMAND, 1, 0, "a\0b", NULL, 3},
	{"alpha", 4, 3004, 3, INPUT_PRESENCE, 1, 0, NULL, NULL, 0},
};
#define N_ROOMS (sizeof rooms / sizeof rooms[0])
#define N_INPUTS (sizeof inputs / sizeof inputs[0])

static int fill(struct store *st)
{
	int rc = store_begin(st);

	for (size_t i = 0; !rc && i < N_ROOMS; i++)
		rc = store_room_create(st, &rooms[i]);
	for (size_t i = 0; !rc && i < N_INPUTS; i++)
		rc = append(st, &inputs[i]);
	return rc ? rc : store_commit(st);
}

static void test_fresh(void)
{
	struct store *st = open_mem();
	struct seen_rooms r = {0};
	struct seen s = {0};

	ok(st != NULL, "a fresh :memory: store opens");
	if (!st)
		return;
	is_int(store_schema_version(st), LATEST_SCHEMA,
	       "a fresh store is at the latest schema version");
	is_int(store_check(st), 0, "integrity_check is ok");
	is_int(store_syncs(st), 0, ":memory: commits need no sync");
	ok(!store_checkpoint_due(st), ":memory: never has a checkpoint due");
	is_int(store_in_transaction(st), 0, "no transaction at open");
	is_int(store_rooms_each(st, on_room, &r), 0, "rooms_each on empty");
	is_int(r.n, 0, "no rooms");
	is_int(store_inputs_all(st, on_any, &s), 0, "inputs_all on empty");
	is_int(s.n, 0, "no inputs");
	store_close(st);
	store_close(NULL); /* a no-op */
	ok(1, "store_close(NULL) is a no-op");
}

static void test_rooms_and_inputs(void)
{
	struct store *st = open_mem();
	struct seen_rooms r = {0};
	struct seen s = {0};
	/* rooms_each: by creation time, then id; org 0 reads back as 1;
	 * counts and last seq from the inputs above. */
	static const struct {
		const char *id, *tpl, *cfg;
		int64_t created_ms, n_inputs, last_seq;
		uint32_t org, session, group;
	} want_rooms[] = {
		{"zeta", "tpl-z", "cfg-z", 1000, 3, 5, 1, 0, 0},
		{"mid", "tpl-m", "", 2000, 1, 0, 1, 0, 0},
		{"alpha", "tpl-a", "cfg-a", 3000, 4, 3, 2, 9, 3},
	};

	if (!st)
		return;
	is_int(fill(st), 0, "3 rooms and 8 interleaved inputs committed");
	is_int(store_in_transaction(st), 0, "no transaction after commit");

	is_int(store_rooms_each(st, on_room, &r), 0, "rooms_each");
	is_int(r.n, 3, "three rooms");
	for (size_t i = 0; i < 3 && i < r.n; i++) {
		is_str(r.v[i].id, want_rooms[i].id, "room %zu is %s", i,
		       want_rooms[i].id);
		is_str(r.v[i].tpl, want_rooms[i].tpl, "%s: template text",
		       want_rooms[i].id);
		is_str(r.v[i].cfg, want_rooms[i].cfg, "%s: config text",
		       want_rooms[i].id);
		is_int(r.v[i].created_ms, want_rooms[i].created_ms,
		       "%s: created_ms", want_rooms[i].id);
		is_int(r.v[i].org, want_rooms[i].org, "%s: org",
		       want_rooms[i].id);
		is_int(r.v[i].session, want_rooms[i].session, "%s: session",
		       want_rooms[i].id);
		is_int(r.v[i].group, want_rooms[i].group, "%s: group",
		       want_rooms[i].id);
		is_int(r.v[i].n_inputs, want_rooms[i].n_inputs, "%s: n_inputs",
		       want_rooms[i].id);
		is_int(r.v[i].last_seq, want_rooms[i].last_seq, "%s: last_seq",
		       want_rooms[i].id);
	}

	is_int(store_inputs_all(st, on_any, &s), 0, "inputs_all");
	is_int(s.n, N_INPUTS, "every input comes back");
	for (size_t i = 0; i < N_INPUTS && i < s.n; i++)
		ok(same_input(&s.v[i], &inputs[i], 1),
		   "input %zu in append order: %s n=%lld", i, inputs[i].room,
		   (long long)inputs[i].n);
	ok(s.n > 6 && s.v[6].data_len == 3 && !memcmp(s.v[6].data, "a\0b", 3),
	   "data with an embedded NUL keeps its length");

	/* One room: its own inputs only, in their order. */
	static const size_t alpha[] = {0, 2, 5, 7};
	memset(&s, 0, sizeof s);
	is_int(store_inputs_each(st, "alpha", on_one, &s), 0,
	       "inputs_each alpha");
	is_int(s.n, 4, "alpha has 4 inputs");
	for (size_t i = 0; i < 4 && i < s.n; i++)
		ok(same_input(&s.v[i], &inputs[alpha[i]], 0),
		   "alpha input %zu is n=%lld", i,
		   (long long)inputs[alpha[i]].n);
	memset(&s, 0, sizeof s);
	is_int(store_inputs_each(st, "nowhere", on_one, &s), 0,
	       "inputs_each of an unknown room");
	is_int(s.n, 0, "yields nothing");

	/* A callback's non-zero value stops the walk and is returned. */
	memset(&s, 0, sizeof s);
	s.stop_after = 2;
	is_int(store_inputs_all(st, on_any, &s), 7,
	       "inputs_all returns the callback's value");
	is_int(s.n, 2, "and stops there");
	memset(&s, 0, sizeof s);
	is_int(store_inputs_all(st, on_any, &s), 0,
	       "a stopped walk starts over from the first input");
	is_int(s.n, N_INPUTS, "all of them again");

	/* The id is the key. */
	ok(store_room_create(st, &rooms[1]) != 0,
	   "creating a room whose id exists fails");
	store_close(st);
}

static void test_transactions(void)
{
	struct store *st = open_mem();
	struct seen s = {0};
	static const struct want_input a = {"r", 1, 10,	 1,    INPUT_JOIN,
					    1,	 0, "A", NULL, 1};
	static const struct want_input b = {"r", 2, 20,	 2,    INPUT_JOIN,
					    2,	 0, "B", NULL, 1};

	if (!st)
		return;
	is_int(store_begin(st), 0, "begin");
	is_int(store_begin(st), 0, "begin again is a no-op");
	is_int(store_in_transaction(st), 1, "in a transaction");
	is_int(append(st, &a), 0, "append a");
	store_rollback(st);
	is_int(store_in_transaction(st), 0, "rollback ends it");
	is_int(store_inputs_all(st, on_any, &s), 0, "inputs_all");
	is_int(s.n, 0, "the rolled back input is gone");

	is_int(store_begin(st), 0, "begin");
	is_int(append(st, &b), 0, "append b");
	is_int(store_commit_nosync(st), 0, "commit without sync");
	is_int(store_sync(st), 0, "store_sync on :memory: is a no-op");
	is_int(store_commit(st), 0, "commit outside a transaction is a no-op");
	memset(&s, 0, sizeof s);
	store_inputs_all(st, on_any, &s);
	ok(s.n == 1 && same_input(&s.v[0], &b, 1), "the committed input stays");
	store_close(st);
}

static void test_room_delete(void)
{
	struct store *st = open_mem();
	struct seen_rooms r = {0};
	struct seen s = {0};
	size_t kept = 0;

	if (!st)
		return;
	is_int(fill(st), 0, "filled");
	is_int(store_begin(st), 0, "begin");
	is_int(store_room_delete(st, "alpha"), 0, "delete alpha");
	is_int(store_room_delete(st, "never-was"), 0,
	       "deleting an unknown room is not an error");
	is_int(store_commit(st), 0, "commit");

	store_rooms_each(st, on_room, &r);
	is_int(r.n, 2, "two rooms left");
	ok(r.n == 2 && !strcmp(r.v[0].id, "zeta") && !strcmp(r.v[1].id, "mid"),
	   "zeta and mid remain, in creation order");
	ok(r.n == 2 && !strcmp(r.v[0].tpl, "tpl-z") &&
		   !strcmp(r.v[0].cfg, "cfg-z") && !strcmp(r.v[1].tpl, "tpl-m"),
	   "their template and config texts are intact");
	ok(r.n == 2 && r.v[0].n_inputs == 3 && r.v[1].n_inputs == 1,
	   "their input counts are intact");

	store_inputs_all(st, on_any, &s);
	is_int(s.n, 4, "4 inputs left (8 minus alpha's 4)");
	for (size_t i = 0; i < N_INPUTS; i++) {
		if (!strcmp(inputs[i].room, "alpha"))
			continue;
		ok(kept < s.n && same_input(&s.v[kept], &inputs[i], 1),
		   "kept input %zu is %s n=%lld, in order", kept,
		   inputs[i].room, (long long)inputs[i].n);
		kept++;
	}
	memset(&s, 0, sizeof s);
	store_inputs_each(st, "alpha", on_one, &s);
	is_int(s.n, 0, "alpha's inputs are gone");

	/* The id can be used again, with a log that starts empty. */
	is_int(store_room_create(st, &rooms[1]), 0, "alpha created again");
	memset(&r, 0, sizeof r);
	store_rooms_each(st, on_room, &r);
	ok(r.n == 3 && !strcmp(r.v[2].id, "alpha") && r.v[2].n_inputs == 0 &&
		   r.v[2].last_seq == 0,
	   "the new alpha has no inputs");
	store_close(st);
}

/* --- meta, revoked links ----------------------------------------------- */

static int on_revoked(void *ud, const char *nonce)
{
	struct seen_rooms *s = ud; /* reuses .id for the nonce */

	if (s->n == 8)
		return -99;
	snprintf(s->v[s->n++].id, sizeof s->v[0].id, "%s", nonce);
	return 0;
}

static void test_meta_and_revoked(void)
{
	struct store *st = open_mem();
	struct seen_rooms r = {0};
	int64_t v = 42;
	int have_a = 0, have_b = 0;

	if (!st)
		return;
	is_int(store_meta_get(st, "alive", &v), -1, "an absent key: -1");
	is_int(v, 42, "leaves the value alone");
	is_int(store_meta_set(st, "alive", 123456789012LL), 0, "meta set");
	is_int(store_meta_get(st, "alive", &v), 0, "meta get");
	is_int(v, 123456789012LL, "reads the 64-bit value back");
	is_int(store_meta_set(st, "alive", -5), 0, "meta set again");
	store_meta_get(st, "alive", &v);
	is_int(v, -5, "the second value replaces the first");

	is_int(store_revoke(st, "00ff", 100), 0, "revoke one");
	is_int(store_revoke(st, "abcd", 200), 0, "revoke another");
	is_int(store_revoke(st, "00ff", 300), 0, "revoking twice is fine");
	is_int(store_revoked_each(st, on_revoked, &r), 0, "revoked_each");
	is_int(r.n, 2, "two revoked nonces, once each");
	for (size_t i = 0; i < r.n; i++) {
		have_a += !strcmp(r.v[i].id, "00ff");
		have_b += !strcmp(r.v[i].id, "abcd");
	}
	ok(have_a == 1 && have_b == 1, "both nonces are listed");
	store_close(st);
}

/* --- organizations and sessions (store_org.c) --------------------------- */

struct seen_org {
	int64_t id, created_ms;
	char name[32];
};

struct seen_orgs {
	struct seen_org v[8];
	size_t n;
};

static int on_org(void *ud, int64_t id, const char *name, int64_t created_ms)
{
	struct seen_orgs *s = ud;

	if (s->n == 8)
		return -99;
	s->v[s->n].id = id;
	s->v[s->n].created_ms = created_ms;
	snprintf(s->v[s->n].name, sizeof s->v[0].name, "%s", name);
	s->n++;
	return 0;
}

struct seen_session {
	uint32_t id, org;
	char doc[64];
	size_t len;
};

struct seen_sessions {
	struct seen_session v[8];
	size_t n;
};

static int on_session(void *ud, uint32_t id, uint32_t org, const char *doc,
		      size_t len)
{
	struct seen_sessions *s = ud;

	if (s->n == 8)
		return -99;
	s->v[s->n].id = id;
	s->v[s->n].org = org;
	s->v[s->n].len = len;
	snprintf(s->v[s->n].doc, sizeof s->v[0].doc, "%s", doc);
	s->n++;
	return 0;
}

static void test_orgs(void)
{
	struct store *st = open_mem();
	struct seen_orgs o = {0};

	if (!st)
		return;
	store_orgs_each(st, on_org, &o);
	ok(o.n == 1 && o.v[0].id == 1 && !strcmp(o.v[0].name, "default") &&
		   o.v[0].created_ms == 0,
	   "a fresh store has organization 1, \"default\"");
	is_int(store_org_create(st, "Équipe A", 5000), 2,
	       "the first new organization is 2");
	is_int(store_org_create(st, "B", 6000), 3, "the next is 3");
	memset(&o, 0, sizeof o);
	is_int(store_orgs_each(st, on_org, &o), 0, "orgs_each");
	is_int(o.n, 3, "three organizations");
	ok(o.n == 3 && o.v[1].id == 2 && !strcmp(o.v[1].name, "Équipe A") &&
		   o.v[1].created_ms == 5000,
	   "organization 2 reads back");
	ok(o.n == 3 && o.v[2].id == 3 && !strcmp(o.v[2].name, "B") &&
		   o.v[2].created_ms == 6000,
	   "organization 3 reads back");
	store_close(st);
}

static void test_sessions(void)
{
	struct store *st = open_mem();
	struct seen_sessions s = {0};
	static const char doc7[] = "{\"v\":1,\"name\":\"Cohorte été\"}";

	if (!st)
		return;
	is_int(store_sessions_each(st, on_session, &s), 0, "sessions_each");
	is_int(s.n, 0, "no sessions in a fresh store");

	is_int(store_session_insert(st, 7, 2, doc7), 0, "insert session 7");
	ok(store_session_insert(st, 7, 3, "{\"other\":1}") != 0,
	   "inserting a taken id fails");
	is_int(store_session_insert(st, 3, 1, "{\"v\":3}"), 0,
	       "insert session 3");
	memset(&s, 0, sizeof s);
	store_sessions_each(st, on_session, &s);
	is_int(s.n, 2, "two sessions");
	ok(s.n == 2 && s.v[0].id == 3 && s.v[0].org == 1 &&
		   !strcmp(s.v[0].doc, "{\"v\":3}"),
	   "by id: session 3 first");
	ok(s.n == 2 && s.v[1].id == 7 && s.v[1].org == 2 &&
		   !strcmp(s.v[1].doc, doc7) && s.v[1].len == sizeof doc7 - 1,
	   "session 7 kept its first document, with its byte length");

	is_int(store_session_put(st, 7, 2, "{\"v\":2}"), 0, "put replaces 7");
	is_int(store_session_put(st, 9, 3, "{\"v\":9}"), 0, "put creates 9");
	is_int(store_session_delete(st, 3), 0, "delete 3");
	is_int(store_session_delete(st, 404), 0,
	       "deleting an unknown id is ok");
	memset(&s, 0, sizeof s);
	store_sessions_each(st, on_session, &s);
	is_int(s.n, 2, "two sessions again");
	ok(s.n == 2 && s.v[0].id == 7 && s.v[0].org == 2 &&
		   !strcmp(s.v[0].doc, "{\"v\":2}") && s.v[0].len == 7,
	   "session 7 has the new document");
	ok(s.n == 2 && s.v[1].id == 9 && s.v[1].org == 3 &&
		   !strcmp(s.v[1].doc, "{\"v\":9}"),
	   "session 9 exists");
	store_close(st);
}

int main(void)
{
	test_fresh();
	test_rooms_and_inputs();
	test_transactions();
	test_room_delete();
	test_meta_and_revoked();
	test_orgs();
	test_sessions();
	return tap_done();
}
