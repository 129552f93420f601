/*
 * internal.h — what the store's files (store.c, store_org.c,
 * store_schema.c) share: the
 * prepared statements and the handle. Not for the rest of the program.
 */
#ifndef STORE_INTERNAL_H
#define STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdatomic.h>
#include <stddef.h>

enum stmt {
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_ROOM_INSERT,
	S_ROOM_DELETE,
	S_INPUTS_DELETE,
	S_INPUT_INSERT,
	S_ROOMS_SELECT,
	S_INPUTS_SELECT,
	S_INPUTS_ALL,
	S_META_SET,
	S_META_GET,
	S_REVOKE,
	S_REVOKED_SELECT,
	S_ORG_INSERT,
	S_ORGS_SELECT,
	S_SESSION_PUT,
	S_SESSION_INSERT,
	S_SESSION_DELETE,
	S_SESSIONS_SELECT,
	S__COUNT
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *st[S__COUNT];
	int in_tx;
	int wal_fd; /* the WAL, for store_sync; -1 when commits are not synced
		     */
	sqlite3 *ckpt;	       /* checkpoints, on the sync thread */
	atomic_int wal_frames; /* in the WAL after the last commit */
};

/* Runs SQL text; 0, or -1 with SQLite's message in err. */
int store_exec(sqlite3 *db, const char *sql, char *err, size_t errlen);
/* The schema version recorded in db, -1 when it cannot be read. */
int store_schema_version_of(sqlite3 *db);
/* Brings the schema to this program's version (store_schema.c). */
int store_schema_migrate(sqlite3 *db, char *err, size_t errlen);
/* Runs a statement that returns no row and resets it; 0 or -1. */
int store_run(sqlite3_stmt *s);
/* Binds text (NULL binds NULL); the text must outlive the step. */
void store_bind_text(sqlite3_stmt *s, int i, const char *v, int len);

#endif
