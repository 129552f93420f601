/*
 * store.h — the embedded store (SQLite) behind a narrow interface.
 *
 * What is stored: each room's creation (template and settings as text:
 * the codec's JSON, codec/roomstored.h) and the ordered log of its inputs
 * (one table for all rooms, appended in order, each with the protocol
 * version it was written in) — joins, presence changes, commands
 * (the request as received, already validated), and hub decisions such as
 * a timer held at restart. The core is deterministic given its inputs and
 * their times, so replaying a room's inputs rebuilds exactly the room that
 * was acknowledged: participants, roles, step and timer, sheet, questions,
 * suggestions, plan, learnings, notes, and the event numbering.
 *
 * Group commit: the hub opens one transaction per loop iteration
 * (store_begin), appends every input of that iteration, and commits once
 * before any reply or event leaves the process.
 *
 * Durability: a commit is durable once the WAL is on disk. store_commit
 * syncs it before returning (as synchronous=FULL would). The group commit
 * instead uses store_commit_nosync, which only writes the WAL, and
 * store_sync, the fdatasync alone, which may run on another thread while
 * the loop writes the next transactions: one sync then covers every commit
 * written before it started. Nothing a commit caused may leave the process
 * before a store_sync that started after it has returned 0.
 *
 * Ownership: store_open returns a handle freed by store_close (NULL ok).
 * Statements are prepared once at open. Row strings passed to callbacks
 * are valid during the callback only.
 */
#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

enum store_input_kind {
	INPUT_JOIN = 1,	    /* pid, arg = via facilitator link (bit 0) |
			       session person id << 1, data = name, aux =
			       resume secret (HUB_RESUME_LEN chars) then
			       the browser's seat key, if any */
	INPUT_PRESENCE = 2, /* pid, arg = connected (0/1) */
	INPUT_COMMAND = 3,  /* pid, data = the request JSON */
	INPUT_HOLD = 4,	    /* hub held the timer: data = reason */
	INPUT_ROLE = 5,	    /* hub gave a role on the session's plan: pid,
			       arg = role */
	INPUT_RELEASE = 6,  /* hub freed the seat of pid, away for long */
	INPUT_JOIN_AS = 7,  /* as INPUT_JOIN, for the ways in that it does
			       not name: arg = enum core_entry (never a
			       session person) */
};

struct store_room {
	const char *id, *tpl, *cfg; /* tpl and cfg: the hub's text forms */
	int64_t created_ms;
	uint32_t org;	  /* owning organization (0 means 1) */
	uint32_t session; /* the session it serves, 0 = none */
	uint32_t group;	  /* the session's group (1-based), 0 = none */
	int64_t n_inputs, last_seq;
};

struct store_input {
	int64_t n, t_ms, seq; /* seq: room seq after this input */
	/* The version of the wire protocol the input was written in
	 * (codec.h: CODEC_PROTO_VERSION), so that a later decoder replays
	 * an old log as it was meant; stored as given, and 1 for rows
	 * written before the store kept it (schema 6). */
	int proto;
	enum store_input_kind kind;
	uint32_t pid;
	int arg;
	const char *data, *aux; /* NULL when absent */
	size_t data_len;
};

/* Opens (creating, mode 0600) the database at path in WAL mode and applies
 * pending migrations in order. SQLite itself runs with synchronous=NORMAL
 * (its checkpoints sync; its commits only write); the store syncs the WAL
 * after commits, unless `fast`, which trades the last commits before a
 * power cut for speed and never syncs them. NULL with a reason in err on
 * failure. ":memory:" opens a private test store. */
struct store *store_open(const char *path, int fast, char *err, size_t errlen);
void store_close(struct store *st);
int store_schema_version(struct store *st);
/* PRAGMA integrity_check; 0 when "ok". */
int store_check(struct store *st);
/* The last SQLite error as text (never contains row data). */
const char *store_errmsg(struct store *st);

/* Group commit. begin is idempotent within an open transaction; commit
 * returns 0 once the transaction is durable, or -1 after rolling back
 * (or when the sync failed: then it is written but maybe not durable). */
int store_begin(struct store *st);
int store_in_transaction(const struct store *st);
int store_commit(struct store *st);
/* Commits without the sync: 0, or -1 after rolling back. */
int store_commit_nosync(struct store *st);
/* Makes every commit written so far durable (fdatasync of the WAL). The
 * only function that may run on another thread than the store's user, and
 * concurrently with it. 0, or -1 (errno set). */
int store_sync(struct store *st);
/* Whether commits need store_sync to be durable (false when `fast`, or
 * for ":memory:"). */
int store_syncs(const struct store *st);
/* Copies the WAL into the database once it has grown past ~1,000 pages
 * (SQLite's auto-checkpoint, which would run inside a commit on the loop,
 * is off for every file store, `fast` included). Uses its own connection:
 * like store_sync it may run on another thread, one call at a time. */
void store_checkpoint_if_due(struct store *st);
/* Whether store_checkpoint_if_due has work (false for ":memory:"). */
bool store_checkpoint_due(struct store *st);
void store_rollback(struct store *st);

/* Records a room's creation (n_inputs and last_seq are ignored). */
int store_room_create(struct store *st, const struct store_room *r);
int store_room_delete(struct store *st, const char *id);
int store_input_append(struct store *st, const char *room,
		       const struct store_input *in);

/* Iteration for restore; a callback returning non-zero stops it and that
 * value is returned. */
int store_rooms_each(struct store *st,
		     int (*cb)(void *ud, const struct store_room *r), void *ud);
/* One room's inputs in order. A scan of the whole log (there is no index
 * by room, so that appending stays cheap): for the rare rebuild of one
 * room; restore uses store_inputs_all. */
int store_inputs_each(struct store *st, const char *room,
		      int (*cb)(void *ud, const struct store_input *in),
		      void *ud);
/* Every room's inputs in one pass, in the order they were appended: each
 * room's come in their own order, interleaved with other rooms'. */
int store_inputs_all(struct store *st,
		     int (*cb)(void *ud, const char *room,
			       const struct store_input *in),
		     void *ud);

/* Revoked links, by the hex of their nonce, kept until they expire. */
int store_revoke(struct store *st, const char *nonce_hex, int64_t expires_s);
int store_revoked_each(struct store *st,
		       int (*cb)(void *ud, const char *nonce_hex), void *ud);

/* A small key → integer table (e.g. the hub's last "alive" time). */
int store_meta_set(struct store *st, const char *key, int64_t value);
int store_meta_get(struct store *st, const char *key, int64_t *value);

/* Organizations: create returns the new id, or -1. */
int64_t store_org_create(struct store *st, const char *name,
			 int64_t created_ms);
int store_orgs_each(struct store *st,
		    int (*cb)(void *ud, int64_t id, const char *name,
			      int64_t created_ms),
		    void *ud);

/* Sessions, each stored as one document (the codec's stored form),
 * written whole on every change: they change at the organizer's pace. */
int store_session_put(struct store *st, uint32_t id, uint32_t org,
		      const char *doc);
/* A new session: fails (-1) when the id is taken, never overwrites. */
int store_session_insert(struct store *st, uint32_t id, uint32_t org,
			 const char *doc);
int store_session_delete(struct store *st, uint32_t id);
int store_sessions_each(struct store *st,
			int (*cb)(void *ud, uint32_t id, uint32_t org,
				  const char *doc, size_t len),
			void *ud);

/* Moves the WAL into the database and truncates it (shutdown, after a
 * deletion). */
int store_checkpoint(struct store *st);

#endif
