/*
 * store_org.c — organizations and their sessions in the store. A session
 * is one document (the codec's stored form), rewritten whole on every
 * change: sessions change at the organizer's pace, not the rooms'.
 */
#include <stdint.h>

#include "store/internal.h"
#include "store/store.h"

int64_t store_org_create(struct store *st, const char *name, int64_t created_ms)
{
	sqlite3_stmt *s = st->st[S_ORG_INSERT];

	store_bind_text(s, 1, name, -1);
	sqlite3_bind_int64(s, 2, created_ms);
	return store_run(s) ? -1 : sqlite3_last_insert_rowid(st->db);
}

int store_orgs_each(struct store *st,
		    int (*cb)(void *ud, int64_t id, const char *name,
			      int64_t created_ms),
		    void *ud)
{
	sqlite3_stmt *s = st->st[S_ORGS_SELECT];
	int rc = 0, step;

	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW)
		rc = cb(ud, sqlite3_column_int64(s, 0),
			(const char *)sqlite3_column_text(s, 1),
			sqlite3_column_int64(s, 2));
	if (!rc && step != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(s);
	return rc;
}

static int session_write(struct store *st, enum stmt which, uint32_t id,
			 uint32_t org, const char *doc)
{
	sqlite3_stmt *s = st->st[which];

	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, org);
	store_bind_text(s, 3, doc, -1);
	return store_run(s);
}

int store_session_put(struct store *st, uint32_t id, uint32_t org,
		      const char *doc)
{
	return session_write(st, S_SESSION_PUT, id, org, doc);
}

int store_session_insert(struct store *st, uint32_t id, uint32_t org,
			 const char *doc)
{
	return session_write(st, S_SESSION_INSERT, id, org, doc);
}

int store_session_delete(struct store *st, uint32_t id)
{
	sqlite3_bind_int64(st->st[S_SESSION_DELETE], 1, id);
	return store_run(st->st[S_SESSION_DELETE]);
}

int store_sessions_each(struct store *st,
			int (*cb)(void *ud, uint32_t id, uint32_t org,
				  const char *doc, size_t len),
			void *ud)
{
	sqlite3_stmt *s = st->st[S_SESSIONS_SELECT];
	int rc = 0, step;

	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW)
		rc = cb(ud, (uint32_t)sqlite3_column_int64(s, 0),
			(uint32_t)sqlite3_column_int64(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			(size_t)sqlite3_column_bytes(s, 2));
	if (!rc && step != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(s);
	return rc;
}
