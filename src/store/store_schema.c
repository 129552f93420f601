/*
 * store_schema.c — the schema: an ordered array of migrations;
 * schema_version records how many ran. Each runs in its own transaction
 * with its version bump, so a crash mid-migration leaves the previous
 * version intact. A schema newer than this program is refused.
 */
#include "store/internal.h"

#include <sqlite3.h>
#include <stdio.h>

static const char *const migrations[] = {
	/* 1: the rooms directory. */
	"CREATE TABLE rooms ("
	"  id TEXT PRIMARY KEY,"
	"  template TEXT NOT NULL,"
	"  created_ms INTEGER NOT NULL"
	") STRICT;",
	/* 2: room settings, the per-room input log, hub metadata. */
	"ALTER TABLE rooms ADD COLUMN config TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE inputs ("
	"  room TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  t_ms INTEGER NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  pid INTEGER NOT NULL,"
	"  arg INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  data TEXT,"
	"  aux TEXT,"
	"  PRIMARY KEY (room, n)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) "
	"STRICT;",
	/* 3: revoked links. */
	"CREATE TABLE revoked (nonce TEXT PRIMARY KEY, expires_s INTEGER NOT "
	"NULL) STRICT;",
	/* 4: organizations, their sessions, and which one a room serves.
	 * Organization 1 is the one every earlier room and link belonged to. */
	"CREATE TABLE orgs (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
	"created_ms INTEGER NOT NULL) STRICT;"
	"INSERT INTO orgs (id, name, created_ms) VALUES (1, 'default', 0);"
	"CREATE TABLE sessions (id INTEGER PRIMARY KEY, org INTEGER NOT NULL, "
	"doc TEXT NOT NULL) STRICT;"
	"ALTER TABLE rooms ADD COLUMN org INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE rooms ADD COLUMN session INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE rooms ADD COLUMN grp INTEGER NOT NULL DEFAULT 0;",
	/* 5: the inputs in the order they were appended. Keyed by (room, n),
	 * a group commit rewrote one leaf page (and its parents) per room it
	 * touched: ~12 KB of WAL per command at one command per commit, up
	 * to 80 MB/s under load, with a page cache too small for the
	 * working set. Appended by rowid, a commit writes the rows it adds,
	 * a page per dozen. There is no index by room: restore reads the
	 * whole log once in append order (each room's inputs are in their
	 * own order in it), and only the rare rebuild of one room or its
	 * deletion scan the table. */
	"ALTER TABLE inputs RENAME TO inputs_by_room;"
	"CREATE TABLE inputs ("
	"  id INTEGER PRIMARY KEY,"
	"  room TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  t_ms INTEGER NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  pid INTEGER NOT NULL,"
	"  arg INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  data TEXT,"
	"  aux TEXT"
	") STRICT;"
	"INSERT INTO inputs (room, n, t_ms, kind, pid, arg, seq, data, aux) "
	"SELECT room, n, t_ms, kind, pid, arg, seq, data, aux "
	"FROM inputs_by_room ORDER BY room, n;"
	"DROP TABLE inputs_by_room;",
	/* 6: the protocol version each input was written in (store.h);
	 * every earlier row was codev.v1. A constant default: SQLite adds
	 * the column without rewriting the table. */
	"ALTER TABLE inputs ADD COLUMN proto INTEGER NOT NULL DEFAULT 1;",
};

#define N_MIGRATIONS (int)(sizeof migrations / sizeof migrations[0])

int store_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	snprintf(err, errlen, "store: %s", msg ? msg : "error");
	sqlite3_free(msg);
	return -1;
}

int store_schema_version_of(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "SELECT version FROM schema_version", -1,
			       &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int store_schema_migrate(sqlite3 *db, char *err, size_t errlen)
{
	char sql[128];
	int v;

	if (store_exec(
		    db,
		    "CREATE TABLE IF NOT EXISTS schema_version (version "
		    "INTEGER "
		    "NOT NULL); INSERT INTO schema_version SELECT 0 WHERE NOT "
		    "EXISTS (SELECT 1 FROM schema_version);",
		    err, errlen))
		return -1;
	v = store_schema_version_of(db);
	if (v < 0 || v > N_MIGRATIONS) {
		snprintf(err, errlen,
			 "store: schema version %d is newer than this hub", v);
		return -1;
	}
	for (; v < N_MIGRATIONS; v++) {
		snprintf(sql, sizeof sql,
			 "UPDATE schema_version SET version = %d;", v + 1);
		if (store_exec(db, "BEGIN IMMEDIATE;", err, errlen) ||
		    store_exec(db, migrations[v], err, errlen) ||
		    store_exec(db, sql, err, errlen) ||
		    store_exec(db, "COMMIT;", err, errlen)) {
			sqlite3_exec(db, "ROLLBACK;", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}
