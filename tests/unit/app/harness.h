/*
 * harness.h — a hub without a socket, for the app unit tests: a temporary
 * data directory with a real SQLite store and keyring, the shipped
 * templates, and a fake transport that records every call it gets
 * (send, close, cork, uncork) together with the hub's commit_gen and
 * synced_gen at that moment, so a test can tell whether a message left
 * before the commit it depends on was durable.
 *
 * The transport table has no user pointer: the recorder is one static
 * object per test binary (rec), and rec.hub is the hub it reads.
 */
#ifndef TESTS_APP_HARNESS_H
#define TESTS_APP_HARNESS_H

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "app/hub.h"
#include "app/internal.h"
#include "app/transport.h"
#include "auth/keyring.h"
#include "auth/token.h"
#include "config/config.h"
#include "store/store.h"
#include "util/clock.h"
#include "tap.h"

/* --- the recording transport ------------------------------------------- */

enum rec_kind { REC_SEND, REC_CLOSE, REC_CORK, REC_UNCORK };

struct rec_call {
	enum rec_kind kind;
	uint64_t conn;
	char *text; /* REC_SEND: the payload, NUL-terminated */
	uint16_t code;
	uint64_t commit_gen, synced_gen; /* the hub's, at the call */
	json_t *json;			 /* REC_SEND: parsed text */
};

#define REC_CONNS 16

static struct recorder {
	struct hub *hub;
	struct rec_call *calls;
	size_t n, cap;
	bool open[REC_CONNS]; /* by connection id */
	int corked;
} rec;

static inline void rec_push(enum rec_kind kind, uint64_t conn, const char *text,
			    size_t len, uint16_t code)
{
	if (rec.n == rec.cap) {
		rec.cap = rec.cap ? rec.cap * 2 : 256;
		rec.calls = realloc(rec.calls, rec.cap * sizeof *rec.calls);
		if (!rec.calls)
			abort();
	}
	struct rec_call *c = &rec.calls[rec.n++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->conn = conn;
	c->code = code;
	if (rec.hub) {
		c->commit_gen = rec.hub->dur.commit_gen;
		c->synced_gen = rec.hub->dur.synced_gen;
	}
	if (text) {
		c->text = malloc(len + 1);
		if (!c->text)
			abort();
		memcpy(c->text, text, len);
		c->text[len] = '\0';
		c->json = json_loads(c->text, 0, NULL);
	}
}

static inline int rec_send(uint64_t conn_id, struct outmsg *m)
{
	if (conn_id >= REC_CONNS || !rec.open[conn_id])
		return -1;
	rec_push(REC_SEND, conn_id, (const char *)m->payload, m->len, 0);
	return 0;
}

static inline void rec_close(uint64_t conn_id, uint16_t code,
			     const char *reason)
{
	(void)reason;
	rec_push(REC_CLOSE, conn_id, NULL, 0, code);
	if (conn_id < REC_CONNS)
		rec.open[conn_id] = false;
}

static inline void rec_cork(void)
{
	rec.corked++;
	rec_push(REC_CORK, 0, NULL, 0, 0);
}

static inline void rec_uncork(bool several)
{
	rec.corked--;
	rec_push(REC_UNCORK, 0, NULL, 0, several);
}

static inline void rec_reap(void)
{
}

static size_t rec_connections(void)
{
	size_t n = 0;

	for (size_t i = 0; i < REC_CONNS; i++)
		n += rec.open[i];
	return n;
}

static uint32_t rec_sockets(void)
{
	return (uint32_t)rec_connections();
}

static const struct transport rec_transport = {
	.send = rec_send,
	.close = rec_close,
	.cork = rec_cork,
	.uncork = rec_uncork,
	.reap = rec_reap,
	.connections = rec_connections,
	.sockets = rec_sockets,
};

static inline void rec_reset(void)
{
	for (size_t i = 0; i < rec.n; i++) {
		free(rec.calls[i].text);
		json_decref(rec.calls[i].json);
	}
	free(rec.calls);
	rec.calls = NULL;
	rec.n = rec.cap = 0;
}

/* A string member of a recorded message ("" when absent). */
static inline const char *rec_str(const struct rec_call *c, const char *key)
{
	const char *s =
		c->json ? json_string_value(json_object_get(c->json, key))
			: NULL;
	return s ? s : "";
}

/* An integer member (-1 when absent). */
static inline long long rec_int(const struct rec_call *c, const char *key)
{
	json_t *v = c->json ? json_object_get(c->json, key) : NULL;

	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

/* Index of the first send to conn from `from` on whose type is `type` and,
 * when `re` is not NULL, whose re is `re`; -1 if none. */
static inline long rec_find(size_t from, uint64_t conn, const char *type,
			    const char *re)
{
	for (size_t i = from; i < rec.n; i++) {
		const struct rec_call *c = &rec.calls[i];
		if (c->kind == REC_SEND && c->conn == conn &&
		    !strcmp(rec_str(c, "type"), type) &&
		    (!re || !strcmp(rec_str(c, "re"), re)))
			return (long)i;
	}
	return -1;
}

static inline size_t rec_sends(size_t from)
{
	size_t n = 0;

	for (size_t i = from; i < rec.n; i++)
		n += rec.calls[i].kind == REC_SEND;
	return n;
}

/* --- a hub in a temporary directory -------------------------------------- */

struct env {
	char dir[64];
	char db[128];
	struct config cfg;
	struct token_keyring kr;
	struct store *st;
	uv_loop_t loop;
	struct hub *hub;
	char organizer[TOKEN_TEXT_MAX];
};

/* The data directory and the config; the keyring is created there. */
static inline int env_init(struct env *e)
{
	char err[512], path[160];

	memset(e, 0, sizeof *e);
	snprintf(e->dir, sizeof e->dir, "/tmp/codevhub-apptest-XXXXXX");
	if (!mkdtemp(e->dir))
		return -1;
	snprintf(e->db, sizeof e->db, "%s/codevhub.db", e->dir);
	config_defaults(&e->cfg);
	snprintf(path, sizeof path, "%s/keys", e->dir);
	if (config_set(&e->cfg, "server", "templates_dir", TEMPLATES_DIR, err,
		       sizeof err) ||
	    config_set(&e->cfg, "store", "data_dir", e->dir, err, sizeof err) ||
	    config_validate(&e->cfg, err, sizeof err) ||
	    keyring_load_or_create(&e->kr, path, err, sizeof err)) {
		fprintf(stderr, "env: %s\n", err);
		return -1;
	}
	return 0;
}

/* Opens the store and a hub on a fresh loop; 0, or -1 (no hub). */
static inline int env_start(struct env *e)
{
	char err[512];

	e->st = store_open(e->db, !e->cfg.sync_full, err, sizeof err);
	if (!e->st) {
		fprintf(stderr, "env: %s\n", err);
		return -1;
	}
	if (uv_loop_init(&e->loop))
		return -1;
	e->hub = hub_new(&e->loop, &e->cfg, &e->kr, e->st, &rec_transport);
	if (!e->hub)
		return -1;
	rec.hub = e->hub;
	hub_set_base_url(e->hub, "http://127.0.0.1:1");
	return 0;
}

/* Stops the hub, lets its handles close, frees it and closes the store.
 * Returns uv_loop_close's result (0: nothing left open). */
static inline int env_stop(struct env *e)
{
	int rc;

	hub_stop(e->hub);
	uv_run(&e->loop, UV_RUN_DEFAULT);
	hub_free(e->hub);
	rec.hub = NULL;
	e->hub = NULL;
	rc = uv_loop_close(&e->loop);
	store_close(e->st);
	e->st = NULL;
	return rc;
}

static inline void env_remove(struct env *e)
{
	static const char *const files[] = {"codevhub.db", "codevhub.db-wal",
					    "codevhub.db-shm", "keys"};
	char path[160];

	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(path, sizeof path, "%s/%s", e->dir, files[i]);
		unlink(path);
	}
	rmdir(e->dir);
}

/* Whether the hub has nothing waiting: no open transaction, nothing
 * queued or held, no sync in flight. */
static inline bool hub_idle(const struct hub *h)
{
	return !h->dur.syncing && !h->out.n_pending && !h->out.n_held &&
	       !store_in_transaction(h->store) && !h->dur.touched;
}

/* Runs the loop (NOWAIT, with short sleeps for the thread pool) until
 * the hub is idle; false after ~5 s. */
static inline bool env_settle(struct env *e)
{
	for (int i = 0; i < 5000; i++) {
		uv_run(&e->loop, UV_RUN_NOWAIT);
		if (hub_idle(e->hub))
			return true;
		usleep(1000);
	}
	return false;
}

/* The organizer capability, signed as main.c signs it. */
static inline int env_organizer(struct env *e)
{
	struct token_claims c = {.scope = SCOPE_ORGANIZER};

	c.expires_s = clock_wall_ms() / 1000 + 3600;
	if (auth_random(c.nonce, sizeof c.nonce))
		return -1;
	return token_sign(&e->kr, &c, e->organizer, sizeof e->organizer);
}

/* POST /api/rooms with the organizer's token: the room id and the token
 * part (after '#') of its facilitator and participant links. */
static inline int env_create_room(struct env *e, char *room, size_t room_len,
				  char *ftok, char *ptok, size_t tok_len)
{
	char auth[TOKEN_TEXT_MAX + 16];
	const char *body = "{}";
	struct hub_api_request req = {.method = HUB_POST,
				      .path = "/api/rooms",
				      .authorization = auth,
				      .body = body,
				      .len = strlen(body)};
	struct hub_api_response res = {0};
	json_t *j;
	int rc = -1;

	snprintf(auth, sizeof auth, "Bearer %s", e->organizer);
	hub_api_call(e->hub, &req, &res);
	j = res.status == 201 && res.body ? json_loads(res.body, 0, NULL)
					  : NULL;
	if (j) {
		const char *r = json_string_value(json_object_get(j, "room"));
		const char *f = json_string_value(
			json_object_get(j, "facilitator_link"));
		const char *p = json_string_value(
			json_object_get(j, "participant_link"));
		if (r && f && p && strchr(f, '#') && strchr(p, '#')) {
			snprintf(room, room_len, "%s", r);
			snprintf(ftok, tok_len, "%s", strchr(f, '#') + 1);
			snprintf(ptok, tok_len, "%s", strchr(p, '#') + 1);
			rc = 0;
		}
	}
	json_decref(j);
	hub_api_response_release(&res);
	return rc;
}

static inline void env_open(struct env *e, uint64_t conn)
{
	rec.open[conn] = true;
	hub_on_open(e->hub, conn);
}

static inline void env_close(struct env *e, uint64_t conn)
{
	rec.open[conn] = false;
	hub_on_close(e->hub, conn);
}

static inline void env_msg(struct env *e, uint64_t conn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline void env_msg(struct env *e, uint64_t conn, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	hub_on_message(e->hub, conn, buf, strlen(buf));
}

#endif
