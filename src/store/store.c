/*
 * store.c — open, configure and migrate the SQLite database.
 *
 * Migrations are an ordered array; schema_version records how many ran.
 * Each runs in its own transaction with its version bump, so a crash
 * mid-migration leaves the previous version intact.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct store {
	sqlite3 *db;
};

static const char *const migrations[] = {
	/* 1: the version table itself and the rooms directory. */
	"CREATE TABLE rooms ("
	"  id TEXT PRIMARY KEY,"
	"  template TEXT NOT NULL,"
	"  created_ms INTEGER NOT NULL"
	") STRICT;",
};

#define N_MIGRATIONS (int)(sizeof migrations / sizeof migrations[0])

static int exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	snprintf(err, errlen, "store: %s", msg ? msg : "error");
	sqlite3_free(msg);
	return -1;
}

static int version_of(sqlite3 *db)
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

static int migrate(sqlite3 *db, char *err, size_t errlen)
{
	char sql[128];
	int v;

	if (exec(db,
		 "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER "
		 "NOT NULL); INSERT INTO schema_version SELECT 0 WHERE NOT "
		 "EXISTS (SELECT 1 FROM schema_version);",
		 err, errlen))
		return -1;
	v = version_of(db);
	if (v < 0 || v > N_MIGRATIONS) {
		snprintf(err, errlen, "store: schema version %d unknown", v);
		return -1;
	}
	for (; v < N_MIGRATIONS; v++) {
		snprintf(sql, sizeof sql,
			 "UPDATE schema_version SET version = %d;", v + 1);
		if (exec(db, "BEGIN IMMEDIATE;", err, errlen) ||
		    exec(db, migrations[v], err, errlen) ||
		    exec(db, sql, err, errlen) ||
		    exec(db, "COMMIT;", err, errlen)) {
			sqlite3_exec(db, "ROLLBACK;", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}

struct store *store_open(const char *path, char *err, size_t errlen)
{
	struct store *st = calloc(1, sizeof *st);
	mode_t old;
	int rc;

	if (!st) {
		snprintf(err, errlen, "store: out of memory");
		return NULL;
	}
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
	if (exec(st->db,
		 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
		 "PRAGMA foreign_keys=ON;",
		 err, errlen) ||
	    migrate(st->db, err, errlen)) {
		store_close(st);
		return NULL;
	}
	return st;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st);
}

int store_schema_version(struct store *st)
{
	return version_of(st->db);
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
