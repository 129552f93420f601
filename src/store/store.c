/*
 * store.c — SQLite: open, group commit, the rooms and their input
 * logs (organizations and sessions: store_org.c).
 *
 * The schema and its migrations: store_schema.c. Every statement used at
 * run time is prepared once, at open.
 *
 * Syncing: SQLite runs with synchronous=NORMAL, where a WAL commit is a
 * write and checkpoints sync the WAL before copying it and the database
 * after. The store adds the commit's sync itself, as an fdatasync of the
 * WAL through its own descriptor (Linux syncs the file, whichever
 * descriptor wrote it): together that is synchronous=FULL, but the sync
 * can run apart from the commit, on another thread, and cover several.
 * Checkpoints run off the loop as well, on a second connection
 * (open_checkpointer), also when commits are not synced (`fast`).
 */
#include "store/store.h"
#include "store/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const stmt_sql[S__COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_ROOM_INSERT] = "INSERT INTO rooms (id, template, config, "
			  "created_ms, org, session, grp) VALUES "
			  "(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_ROOM_DELETE] = "DELETE FROM rooms WHERE id = ?1",
	[S_INPUTS_DELETE] = "DELETE FROM inputs WHERE room = ?1",
	[S_INPUT_INSERT] = "INSERT INTO inputs (room, n, t_ms, kind, pid, "
			   "arg, seq, data, aux, proto) VALUES "
			   "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[S_ROOMS_SELECT] =
		"SELECT r.id, r.template, r.config, r.created_ms, r.org, "
		"r.session, r.grp, coalesce(s.cnt, 0), coalesce(s.last, 0) "
		"FROM rooms r "
		"LEFT JOIN (SELECT room, count(*) AS cnt, max(seq) AS last "
		"FROM inputs GROUP BY room) s ON s.room = r.id "
		"ORDER BY r.created_ms, r.id",
	/* No index by room (see migration 5): a scan, for the rare rebuild
	 * of one room after a failed commit. */
	[S_INPUTS_SELECT] = "SELECT n, t_ms, kind, pid, arg, seq, data, aux, "
			    "NULL, proto FROM inputs WHERE room = ?1 "
			    "ORDER BY id",
	[S_INPUTS_ALL] = "SELECT n, t_ms, kind, pid, arg, seq, data, aux, "
			 "room, proto FROM inputs ORDER BY id",
	[S_META_SET] = "INSERT INTO meta (key, value) VALUES (?1, ?2) "
		       "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[S_REVOKE] = "INSERT OR IGNORE INTO revoked (nonce, expires_s) "
		     "VALUES (?1, ?2)",
	[S_REVOKED_SELECT] = "SELECT nonce FROM revoked",
	[S_ORG_INSERT] = "INSERT INTO orgs (name, created_ms) VALUES (?1, ?2)",
	[S_ORGS_SELECT] = "SELECT id, name, created_ms FROM orgs ORDER BY id",
	[S_SESSION_PUT] = "INSERT INTO sessions (id, org, doc) VALUES "
			  "(?1, ?2, ?3) ON CONFLICT (id) DO UPDATE SET "
			  "doc = excluded.doc",
	[S_SESSION_INSERT] = "INSERT INTO sessions (id, org, doc) VALUES "
			     "(?1, ?2, ?3)",
	[S_SESSION_DELETE] = "DELETE FROM sessions WHERE id = ?1",
	[S_SESSIONS_SELECT] = "SELECT id, org, doc FROM sessions ORDER BY id",
};

/* SQLite's own auto-checkpoint threshold, in WAL frames (pages). */
#define CHECKPOINT_FRAMES 1000

static int prepare_all(struct store *st, char *err, size_t errlen)
{
	for (int i = 0; i < S__COUNT; i++) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[i], -1,
				       SQLITE_PREPARE_PERSISTENT, &st->st[i],
				       NULL) != SQLITE_OK) {
			snprintf(err, errlen, "store: prepare: %s",
				 sqlite3_errmsg(st->db));
			return -1;
		}
	}
	return 0;
}

/* Opens the WAL for syncing, and syncs the directory once so that the WAL
 * file itself (SQLite creates it at the first read) survives a power cut:
 * in NORMAL mode SQLite does not sync it at commit, so its own directory
 * sync on the first WAL sync may come only at the first checkpoint. */
static int open_wal(struct store *st, const char *path, char *err,
		    size_t errlen)
{
	const char *wal =
		sqlite3_filename_wal(sqlite3_db_filename(st->db, "main"));
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd;

	/* A read makes SQLite open (create) the WAL. */
	if (store_schema_version_of(st->db) < 0 || !wal)
		goto fail;
	st->wal_fd = open(wal, O_RDWR | O_CLOEXEC);
	if (st->wal_fd < 0)
		goto fail;
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1,
		 slash ? path : ".");
	fd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd)) {
		if (fd >= 0)
			close(fd);
		goto fail;
	}
	close(fd);
	/* The migrations just committed are durable from here on. */
	if (fdatasync(st->wal_fd))
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "store: cannot open the WAL for syncing: %s",
		 strerror(errno ? errno : EIO));
	return -1;
}

/* After each commit (loop thread): how many frames the WAL holds. */
static int on_wal(void *ud, sqlite3 *db, const char *name, int frames)
{
	struct store *st = ud;

	(void)db;
	(void)name;
	atomic_store_explicit(&st->wal_frames, frames, memory_order_relaxed);
	return SQLITE_OK;
}

/* Checkpoints move to a second connection used by the sync thread: SQLite's
 * auto-checkpoint runs inside a commit, on the loop, with an fsync of the
 * WAL and one of the database, every ~1,000 pages written. Installing a
 * WAL hook turns the auto-checkpoint off. While this connection runs a
 * checkpoint, one on the main connection (the truncation after a
 * deletion) fails at once: the hub waits for the job (persist_truncate). */
static int open_checkpointer(struct store *st, const char *path, char *err,
			     size_t errlen)
{
	if (sqlite3_open_v2(path, &st->ckpt,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK ||
	    store_exec(st->ckpt, "PRAGMA synchronous=NORMAL;", err, errlen)) {
		snprintf(err, errlen, "store: cannot open the checkpointer");
		return -1;
	}
	sqlite3_busy_timeout(st->db, 2000);
	sqlite3_wal_hook(st->db, on_wal, st);
	return 0;
}

struct store *store_open(const char *path, int fast, char *err, size_t errlen)
{
	struct store *st = calloc(1, sizeof *st);
	mode_t old;
	int rc;

	if (!st) {
		snprintf(err, errlen, "store: out of memory");
		return NULL;
	}
	st->wal_fd = -1;
	old = umask(077); /* database, WAL and SHM files are private */
	rc = sqlite3_open_v2(path, &st->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_NOMUTEX,
			     NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "store: cannot open: %s",
			 sqlite3_errstr(rc));
		store_close(st);
		return NULL;
	}
	if (store_exec(st->db,
		       "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
		       "PRAGMA secure_delete=ON;",
		       err, errlen) ||
	    store_schema_migrate(st->db, err, errlen) ||
	    prepare_all(st, err, errlen) ||
	    (strcmp(path, ":memory:") &&
	     ((!fast && open_wal(st, path, err, errlen)) ||
	      open_checkpointer(st, path, err, errlen)))) {
		store_close(st);
		return NULL;
	}
	return st;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		store_rollback(st);
	for (int i = 0; i < S__COUNT; i++)
		sqlite3_finalize(st->st[i]);
	sqlite3_close(st->ckpt);
	sqlite3_close(st->db);
	if (st->wal_fd >= 0)
		close(st->wal_fd);
	free(st);
}

const char *store_errmsg(struct store *st)
{
	return sqlite3_errmsg(st->db);
}

int store_schema_version(struct store *st)
{
	return store_schema_version_of(st->db);
}

int store_check(struct store *st)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s,
			       NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW &&
	    !strcmp((const char *)sqlite3_column_text(s, 0), "ok"))
		rc = 0;
	sqlite3_finalize(s);
	return rc;
}

/* Runs a statement that returns no row; resets it for the next use. */
int store_run(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_begin(struct store *st)
{
	if (st->in_tx)
		return 0;
	if (store_run(st->st[S_BEGIN]))
		return -1;
	st->in_tx = 1;
	return 0;
}

int store_in_transaction(const struct store *st)
{
	return st->in_tx;
}

int store_commit_nosync(struct store *st)
{
	if (!st->in_tx)
		return 0;
	if (store_run(st->st[S_COMMIT])) {
		store_rollback(st);
		return -1;
	}
	st->in_tx = 0;
	return 0;
}

int store_sync(struct store *st)
{
	return st->wal_fd < 0 ? 0 : fdatasync(st->wal_fd);
}

int store_syncs(const struct store *st)
{
	return st->wal_fd >= 0;
}

bool store_checkpoint_due(struct store *st)
{
	return st->ckpt &&
	       atomic_load_explicit(&st->wal_frames, memory_order_relaxed) >=
		       CHECKPOINT_FRAMES;
}

void store_checkpoint_if_due(struct store *st)
{
	int frames =
		atomic_load_explicit(&st->wal_frames, memory_order_relaxed);
	int log = 0, done = 0;

	if (!st->ckpt || frames < CHECKPOINT_FRAMES)
		return;
	/* PASSIVE never blocks the loop's writes; what it leaves uncopied
	 * (a reader still needs it) is taken next time. */
	if (sqlite3_wal_checkpoint_v2(st->ckpt, "main",
				      SQLITE_CHECKPOINT_PASSIVE, &log,
				      &done) == SQLITE_OK &&
	    done == log)
		/* All copied: the next commit restarts the WAL and reports
		 * its new size; until then there is nothing to do. */
		atomic_compare_exchange_strong(&st->wal_frames, &frames, 0);
}

int store_commit(struct store *st)
{
	if (store_commit_nosync(st))
		return -1;
	return store_sync(st) ? -1 : 0;
}

void store_rollback(struct store *st)
{
	/* After some errors SQLite has already rolled back; that is fine. */
	if (sqlite3_get_autocommit(st->db) == 0)
		store_run(st->st[S_ROLLBACK]);
	st->in_tx = 0;
}

void store_bind_text(sqlite3_stmt *s, int i, const char *v, int len)
{
	if (v)
		sqlite3_bind_text(s, i, v, len, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

int store_room_create(struct store *st, const struct store_room *r)
{
	sqlite3_stmt *s = st->st[S_ROOM_INSERT];

	store_bind_text(s, 1, r->id, -1);
	store_bind_text(s, 2, r->tpl, -1);
	store_bind_text(s, 3, r->cfg, -1);
	sqlite3_bind_int64(s, 4, r->created_ms);
	sqlite3_bind_int64(s, 5, r->org ? r->org : 1);
	sqlite3_bind_int64(s, 6, r->session);
	sqlite3_bind_int64(s, 7, r->group);
	return store_run(s);
}

int store_room_delete(struct store *st, const char *id)
{
	store_bind_text(st->st[S_INPUTS_DELETE], 1, id, -1);
	if (store_run(st->st[S_INPUTS_DELETE]))
		return -1;
	store_bind_text(st->st[S_ROOM_DELETE], 1, id, -1);
	return store_run(st->st[S_ROOM_DELETE]);
}

int store_input_append(struct store *st, const char *room,
		       const struct store_input *in)
{
	sqlite3_stmt *s = st->st[S_INPUT_INSERT];

	store_bind_text(s, 1, room, -1);
	sqlite3_bind_int64(s, 2, in->n);
	sqlite3_bind_int64(s, 3, in->t_ms);
	sqlite3_bind_int(s, 4, (int)in->kind);
	sqlite3_bind_int64(s, 5, in->pid);
	sqlite3_bind_int(s, 6, in->arg);
	sqlite3_bind_int64(s, 7, in->seq);
	store_bind_text(s, 8, in->data, in->data ? (int)in->data_len : 0);
	store_bind_text(s, 9, in->aux, -1);
	sqlite3_bind_int(s, 10, in->proto);
	return store_run(s);
}

int store_rooms_each(struct store *st,
		     int (*cb)(void *ud, const struct store_room *r), void *ud)
{
	sqlite3_stmt *s = st->st[S_ROOMS_SELECT];
	int rc = 0, step;

	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_room r = {
			.id = (const char *)sqlite3_column_text(s, 0),
			.tpl = (const char *)sqlite3_column_text(s, 1),
			.cfg = (const char *)sqlite3_column_text(s, 2),
			.created_ms = sqlite3_column_int64(s, 3),
			.org = (uint32_t)sqlite3_column_int64(s, 4),
			.session = (uint32_t)sqlite3_column_int64(s, 5),
			.group = (uint32_t)sqlite3_column_int64(s, 6),
			.n_inputs = sqlite3_column_int64(s, 7),
			.last_seq = sqlite3_column_int64(s, 8),
		};
		rc = cb(ud, &r);
	}
	if (!rc && step != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(s);
	return rc;
}

/* A stored protocol version; -1 (no version) for one beyond int's range,
 * which sqlite3_column_int would cut down to a plausible one. */
static int proto_of(sqlite3_stmt *s, int col)
{
	int64_t v = sqlite3_column_int64(s, col);

	return v < INT_MIN || v > INT_MAX ? -1 : (int)v;
}

static int inputs_run(sqlite3_stmt *s,
		      int (*cb)(void *ud, const char *room,
				const struct store_input *in),
		      void *ud, const char *room)
{
	int rc = 0, step;

	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_input in = {
			.n = sqlite3_column_int64(s, 0),
			.t_ms = sqlite3_column_int64(s, 1),
			.kind = (enum store_input_kind)sqlite3_column_int(s, 2),
			.pid = (uint32_t)sqlite3_column_int64(s, 3),
			.arg = sqlite3_column_int(s, 4),
			.seq = sqlite3_column_int64(s, 5),
			.data = (const char *)sqlite3_column_text(s, 6),
			.data_len = (size_t)sqlite3_column_bytes(s, 6),
			.aux = (const char *)sqlite3_column_text(s, 7),
			.proto = proto_of(s, 9),
		};
		rc = cb(ud,
			room ? room : (const char *)sqlite3_column_text(s, 8),
			&in);
	}
	if (!rc && step != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

struct one_room {
	int (*cb)(void *ud, const struct store_input *in);
	void *ud;
};

static int one_room_cb(void *ud, const char *room, const struct store_input *in)
{
	const struct one_room *o = ud;

	(void)room;
	return o->cb(o->ud, in);
}

int store_inputs_each(struct store *st, const char *room,
		      int (*cb)(void *ud, const struct store_input *in),
		      void *ud)
{
	struct one_room o = {cb, ud};

	store_bind_text(st->st[S_INPUTS_SELECT], 1, room, -1);
	return inputs_run(st->st[S_INPUTS_SELECT], one_room_cb, &o, room);
}

int store_inputs_all(struct store *st,
		     int (*cb)(void *ud, const char *room,
			       const struct store_input *in),
		     void *ud)
{
	return inputs_run(st->st[S_INPUTS_ALL], cb, ud, NULL);
}

int store_meta_set(struct store *st, const char *key, int64_t value)
{
	sqlite3_stmt *s = st->st[S_META_SET];

	store_bind_text(s, 1, key, -1);
	sqlite3_bind_int64(s, 2, value);
	return store_run(s);
}

int store_meta_get(struct store *st, const char *key, int64_t *value)
{
	sqlite3_stmt *s = st->st[S_META_GET];
	int rc = -1;

	store_bind_text(s, 1, key, -1);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*value = sqlite3_column_int64(s, 0);
		rc = 0;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

int store_revoke(struct store *st, const char *nonce_hex, int64_t expires_s)
{
	sqlite3_stmt *s = st->st[S_REVOKE];

	store_bind_text(s, 1, nonce_hex, -1);
	sqlite3_bind_int64(s, 2, expires_s);
	return store_run(s);
}

int store_revoked_each(struct store *st,
		       int (*cb)(void *ud, const char *nonce_hex), void *ud)
{
	sqlite3_stmt *s = st->st[S_REVOKED_SELECT];
	int rc = 0, step;

	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW)
		rc = cb(ud, (const char *)sqlite3_column_text(s, 0));
	if (!rc && step != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(s);
	return rc;
}

int store_checkpoint(struct store *st)
{
	return sqlite3_wal_checkpoint_v2(st->db, NULL,
					 SQLITE_CHECKPOINT_TRUNCATE, NULL,
					 NULL) == SQLITE_OK
		       ? 0
		       : -1;
}
