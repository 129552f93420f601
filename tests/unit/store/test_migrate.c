/*
 * Unit tests for the store's migrations, on database files in a private
 * temporary directory (":memory:" dies with its connection, and these
 * tests need a database written by someone else first): reopening is
 * idempotent, older schemas written here by hand (versions 1 and 4, as
 * those versions of the hub left them) are migrated in order and keep
 * their rows, and a newer schema is refused.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "storetest.h"
#include "tap.h"

static char dir[256];

static void path_of(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

static void remove_db(const char *name)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	char p[512];

	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		snprintf(p, sizeof p, "%s/%s%s", dir, name, ext[i]);
		unlink(p);
	}
}

/* Writes a database by hand, without the store. */
static int write_db(const char *name, const char *sql)
{
	char p[512], *msg = NULL;
	sqlite3 *db;
	int rc;

	path_of(p, sizeof p, name);
	if (sqlite3_open(p, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		printf("# %s: %s\n", name, msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static struct store *open_file(const char *name, int fast, char *err,
			       size_t errlen)
{
	char p[512];

	path_of(p, sizeof p, name);
	err[0] = '\0';
	return store_open(p, fast, err, errlen);
}

struct row {
	char room[16], data[16];
	int64_t n, seq;
	int proto;
};

struct rows {
	struct row v[16];
	size_t n;
};

static int on_input(void *ud, const char *room, const struct store_input *in)
{
	struct rows *r = ud;

	if (r->n == 16)
		return -99;
	snprintf(r->v[r->n].room, sizeof r->v[0].room, "%s", room);
	snprintf(r->v[r->n].data, sizeof r->v[0].data, "%.*s",
		 (int)in->data_len, in->data ? in->data : "");
	r->v[r->n].n = in->n;
	r->v[r->n].seq = in->seq;
	r->v[r->n].proto = in->proto;
	r->n++;
	return 0;
}

static int count_orgs(void *ud, int64_t id, const char *name, int64_t t)
{
	(void)id, (void)name, (void)t;
	++*(int *)ud;
	return 0;
}

static void test_reopen(void)
{
	char err[256];
	struct store *st = open_file("fresh.db", 0, err, sizeof err);
	struct store_room room = {.id = "r1", .tpl = "t", .cfg = "c"};
	struct store_input in = {.n = 1,
				 .t_ms = 5,
				 .seq = 1,
				 .kind = INPUT_COMMAND,
				 .pid = 1,
				 .data = "{}",
				 .data_len = 2};
	struct rows rows = {0};
	int orgs = 0;

	ok(st != NULL, "a new database file opens (synced): %s", err);
	if (!st)
		return;
	is_int(store_schema_version(st), LATEST_SCHEMA,
	       "at the latest version");
	is_int(store_syncs(st), 1, "a file store syncs its commits");
	ok(!store_begin(st) && !store_room_create(st, &room) &&
		   !store_input_append(st, "r1", &in) && !store_commit(st),
	   "a room and an input committed");
	store_close(st);

	st = open_file("fresh.db", 1, err, sizeof err);
	ok(st != NULL, "the same file opens again (fast): %s", err);
	if (!st)
		return;
	is_int(store_syncs(st), 0, "a fast store does not sync");
	is_int(store_schema_version(st), LATEST_SCHEMA,
	       "still at the latest version");
	is_int(store_check(st), 0, "integrity_check is ok");
	store_inputs_all(st, on_input, &rows);
	ok(rows.n == 1 && !strcmp(rows.v[0].room, "r1") &&
		   !strcmp(rows.v[0].data, "{}"),
	   "the input survived the reopen");
	store_orgs_each(st, count_orgs, &orgs);
	is_int(orgs, 1, "migration 4's default organization exists once");
	store_close(st);
	remove_db("fresh.db");
}

/* Version 4, as that hub left it: inputs keyed by (room, n), appended
 * here in an order that is neither by room nor by n. Migration 5 copies
 * them by (room, n), which from then on is their append order. */
static const char v4_sql[] =
	"CREATE TABLE schema_version (version INTEGER NOT NULL);"
	"INSERT INTO schema_version VALUES (4);"
	"CREATE TABLE rooms (id TEXT PRIMARY KEY, template TEXT NOT NULL,"
	" created_ms INTEGER NOT NULL, config TEXT NOT NULL DEFAULT '',"
	" org INTEGER NOT NULL DEFAULT 1, session INTEGER NOT NULL DEFAULT 0,"
	" grp INTEGER NOT NULL DEFAULT 0) STRICT;"
	"CREATE TABLE inputs (room TEXT NOT NULL, n INTEGER NOT NULL,"
	" t_ms INTEGER NOT NULL, kind INTEGER NOT NULL, pid INTEGER NOT NULL,"
	" arg INTEGER NOT NULL, seq INTEGER NOT NULL, data TEXT, aux TEXT,"
	" PRIMARY KEY (room, n)) STRICT, WITHOUT ROWID;"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) "
	"STRICT;"
	"CREATE TABLE revoked (nonce TEXT PRIMARY KEY, expires_s INTEGER NOT "
	"NULL) STRICT;"
	"CREATE TABLE orgs (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	" created_ms INTEGER NOT NULL) STRICT;"
	"INSERT INTO orgs VALUES (1, 'default', 0), (2, 'second', 77);"
	"CREATE TABLE sessions (id INTEGER PRIMARY KEY, org INTEGER NOT NULL,"
	" doc TEXT NOT NULL) STRICT;"
	"INSERT INTO sessions VALUES (4, 2, '{\"s\":4}');"
	"INSERT INTO rooms VALUES ('b', 'tb', 10, 'cb', 2, 4, 1);"
	"INSERT INTO rooms VALUES ('a', 'ta', 20, 'ca', 1, 0, 0);"
	"INSERT INTO inputs VALUES ('b', 2, 12, 3, 1, 0, 2, 'b2', NULL);"
	"INSERT INTO inputs VALUES ('a', 1, 21, 1, 1, 0, 1, 'a1', 'x');"
	"INSERT INTO inputs VALUES ('b', 1, 11, 1, 1, 0, 1, 'b1', 'y');"
	"INSERT INTO inputs VALUES ('a', 3, 23, 3, 1, 0, 3, 'a3', NULL);"
	"INSERT INTO inputs VALUES ('a', 2, 22, 3, 1, 0, 2, 'a2', NULL);"
	"INSERT INTO meta VALUES ('alive', 99);"
	"INSERT INTO revoked VALUES ('beef', 1000);";

static int on_session(void *ud, uint32_t id, uint32_t org, const char *doc,
		      size_t len)
{
	(void)len;
	snprintf(ud, 32, "%u/%u/%s", id, org, doc);
	return 0;
}

static void test_from_v4(void)
{
	static const struct {
		const char *room, *data;
		int64_t n, seq;
	} want[] = {
		{"a", "a1", 1, 1}, {"a", "a2", 2, 2}, {"a", "a3", 3, 3},
		{"b", "b1", 1, 1}, {"b", "b2", 2, 2},
	};
	char err[256], sess[32] = "";
	struct rows rows = {0};
	struct seen_rooms rr = {0};
	struct store *st;
	struct store_input in = {.n = 3,
				 .t_ms = 13,
				 .seq = 3,
				 .kind = INPUT_COMMAND,
				 .pid = 1,
				 .data = "b3",
				 .data_len = 2};
	int64_t alive = 0;

	ok(write_db("v4.db", v4_sql) == 0, "a version 4 database by hand");
	st = open_file("v4.db", 1, err, sizeof err);
	ok(st != NULL, "it opens: %s", err);
	if (!st)
		return;
	is_int(store_schema_version(st), LATEST_SCHEMA,
	       "migrated to the latest");
	is_int(store_check(st), 0, "integrity_check is ok");
	store_inputs_all(st, on_input, &rows);
	is_int(rows.n, 5, "every input was copied");
	for (size_t i = 0; i < 5 && i < rows.n; i++)
		ok(!strcmp(rows.v[i].room, want[i].room) &&
			   !strcmp(rows.v[i].data, want[i].data) &&
			   rows.v[i].n == want[i].n &&
			   rows.v[i].seq == want[i].seq,
		   "input %zu is %s n=%lld (by room, then n)", i, want[i].room,
		   (long long)want[i].n);
	for (size_t i = 0; i < rows.n; i++)
		is_int(rows.v[i].proto, 1,
		       "input %zu, written before versions were stored, is v1",
		       i);

	/* After the migration, the log is in append order. */
	ok(!store_begin(st) && !store_input_append(st, "b", &in) &&
		   !store_commit(st),
	   "append one more to b");
	memset(&rows, 0, sizeof rows);
	store_inputs_all(st, on_input, &rows);
	ok(rows.n == 6 && !strcmp(rows.v[5].data, "b3"),
	   "the new input comes last");

	store_rooms_each(st, on_room, &rr);
	ok(rr.n == 2 && !strcmp(rr.v[0].id, "b") &&
		   !strcmp(rr.v[0].tpl, "tb") && !strcmp(rr.v[0].cfg, "cb") &&
		   rr.v[0].org == 2 && rr.v[0].session == 4 &&
		   rr.v[0].group == 1 && rr.v[0].n_inputs == 3 &&
		   rr.v[0].last_seq == 3,
	   "room b and its settings survived");
	ok(rr.n == 2 && !strcmp(rr.v[1].id, "a") && rr.v[1].n_inputs == 3,
	   "room a survived");
	ok(!store_meta_get(st, "alive", &alive) && alive == 99,
	   "meta survived");
	store_sessions_each(st, on_session, sess);
	is_str(sess, "4/2/{\"s\":4}", "the session survived");
	store_close(st);
	remove_db("v4.db");
}

/* Version 1: the rooms directory alone. Every later migration runs. */
static const char v1_sql[] =
	"CREATE TABLE schema_version (version INTEGER NOT NULL);"
	"INSERT INTO schema_version VALUES (1);"
	"CREATE TABLE rooms (id TEXT PRIMARY KEY, template TEXT NOT NULL,"
	" created_ms INTEGER NOT NULL) STRICT;"
	"INSERT INTO rooms VALUES ('old', 'tpl-old', 5);";

static void test_from_v1(void)
{
	char err[256];
	struct seen_rooms rr = {0};
	struct store *st;
	struct store_input in = {.n = 1,
				 .t_ms = 6,
				 .seq = 1,
				 .kind = INPUT_JOIN,
				 .pid = 1,
				 .data = "Ann",
				 .data_len = 3};
	struct rows rows = {0};
	int orgs = 0;

	ok(write_db("v1.db", v1_sql) == 0, "a version 1 database by hand");
	st = open_file("v1.db", 1, err, sizeof err);
	ok(st != NULL, "it opens: %s", err);
	if (!st)
		return;
	is_int(store_schema_version(st), LATEST_SCHEMA,
	       "migrated to the latest");
	store_rooms_each(st, on_room, &rr);
	ok(rr.n == 1 && !strcmp(rr.v[0].id, "old") &&
		   !strcmp(rr.v[0].tpl, "tpl-old") &&
		   !strcmp(rr.v[0].cfg, "") && rr.v[0].org == 1 &&
		   rr.v[0].session == 0 && rr.v[0].group == 0 &&
		   rr.v[0].n_inputs == 0,
	   "the old room has empty settings and belongs to organization 1");
	store_orgs_each(st, count_orgs, &orgs);
	is_int(orgs, 1, "organization 1 was created");
	ok(!store_begin(st) && !store_input_append(st, "old", &in) &&
		   !store_revoke(st, "aa", 1) &&
		   !store_session_insert(st, 1, 1, "{}") && !store_commit(st),
	   "the tables of migrations 2 to 5 take rows");
	store_inputs_all(st, on_input, &rows);
	ok(rows.n == 1 && !strcmp(rows.v[0].data, "Ann"), "and give them back");
	store_close(st);
	remove_db("v1.db");
}

static void test_newer_refused(void)
{
	char err[256];
	char sql[128];
	struct store *st;

	snprintf(sql, sizeof sql,
		 "CREATE TABLE schema_version (version INTEGER NOT NULL);"
		 "INSERT INTO schema_version VALUES (%d);",
		 LATEST_SCHEMA + 1);
	ok(write_db("newer.db", sql) == 0, "a database from a newer hub");
	st = open_file("newer.db", 1, err, sizeof err);
	ok(st == NULL, "is refused");
	ok(strstr(err, "newer") != NULL, "with a reason: %s", err);
	store_close(st);
	remove_db("newer.db");
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/store-test-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		printf("Bail out! cannot create a temporary directory\n");
		return 1;
	}
	test_reopen();
	test_from_v4();
	test_from_v1();
	test_newer_refused();
	rmdir(dir);
	return tap_done();
}
