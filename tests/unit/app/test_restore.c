/*
 * test_restore.c — rooms rebuilt from their stored inputs (app/restore.c):
 * restore_replay_room (the rebuild after a failed commit) and the restore
 * at start (persist_restore, inside hub_new).
 *
 * A room is played through the hub's entry points, its snapshot taken at
 * a fixed time; the same room rebuilt by replay, in the same hub and in a
 * fresh hub on the same store, must give the same snapshot byte for byte.
 * Then the stored inputs are tampered with in the SQLite file (one input
 * deleted; one command turned into one its sender may not give, the
 * stored seqs adjusted to match) and the
 * replay must say so: restore_replay_room returns -1, and the restore at
 * start logs replay_diverged naming the room and the first input that
 * differs (the hub's report of it: see the note printed at the end).
 */
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "harness.h"

#define T_MONO 1000000000LL    /* the snapshot's fixed times */
#define T_WALL 1700000000000LL /* 2023-11-14 */

static struct env E;
static char room_id[TOKEN_ROOM_MAX + 1], ftok[TOKEN_TEXT_MAX],
	ptok[TOKEN_TEXT_MAX];

/* --- stderr into a file, to read the restore's log lines ---------------- */

static int saved_fd = -1;
static char log_path[160];

static void capture_start(void)
{
	snprintf(log_path, sizeof log_path, "%s/stderr.log", E.dir);
	fflush(stderr);
	saved_fd = dup(2);
	int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
}

/* What was written since capture_start (malloc'd), also echoed as TAP
 * comments. */
static char *capture_end(void)
{
	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	FILE *f = fopen(log_path, "r");
	char *text = calloc(1, 65536);
	if (f && text)
		text[fread(text, 1, 65535, f)] = '\0';
	if (f)
		fclose(f);
	unlink(log_path);
	for (char *line = text, *nl; line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line) - 1;
		printf("# log: %.*s\n", (int)(nl - line), line);
	}
	return text;
}

/* The first line of text containing `what`, its end cut at the line's. */
static bool first_line_with(const char *text, const char *what, char *out,
			    size_t len)
{
	const char *p = text ? strstr(text, what) : NULL;

	if (!p)
		return false;
	size_t n = strcspn(p, "\n");
	snprintf(out, len, "%.*s", (int)n, p);
	return true;
}

/* --- the files ----------------------------------------------------------- */

static const char *const db_files[] = {"codevhub.db", "codevhub.db-wal",
				       "codevhub.db-shm"};

static int copy_file(const char *from, const char *to)
{
	FILE *a = fopen(from, "rb"), *b;
	char buf[8192];
	size_t n;

	unlink(to);
	if (!a)
		return 0; /* absent: stays absent */
	b = fopen(to, "wb");
	if (!b) {
		fclose(a);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, a)) > 0)
		fwrite(buf, 1, n, b);
	fclose(a);
	return fclose(b);
}

/* Saves (to=true) or puts back the database files, with no hub open. */
static void db_files_copy(bool save)
{
	char a[200], b[200];

	for (size_t i = 0; i < 3; i++) {
		snprintf(a, sizeof a, "%s/%s", E.dir, db_files[i]);
		snprintf(b, sizeof b, "%s/saved-%s", E.dir, db_files[i]);
		copy_file(save ? a : b, save ? b : a);
	}
}

static void db_files_drop_saved(void)
{
	char b[200];

	for (size_t i = 0; i < 3; i++) {
		snprintf(b, sizeof b, "%s/saved-%s", E.dir, db_files[i]);
		unlink(b);
	}
}

/* Runs one SQL statement on the database file (no hub open); returns the
 * number of rows changed, -1 on error. `room` binds ?1. */
static int db_exec(const char *sql, const char *room)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int rc = -1;

	if (sqlite3_open_v2(E.db, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, room, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_DONE)
			rc = sqlite3_changes(db);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return rc;
}

/* An integer from a one-row query, -1 if none. */
static long long db_int(const char *sql, const char *room)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_open_v2(E.db, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, room, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

/* --- the room ------------------------------------------------------------ */

static char *snapshot(struct hub_room *hr)
{
	return codec_encode_snapshot(hr->room, T_MONO, T_WALL);
}

/* Every reply since `from` was an ack or welcome (no error). */
static bool no_errors(size_t from)
{
	for (size_t i = from; i < rec.n; i++)
		if (rec.calls[i].kind == REC_SEND &&
		    !strcmp(rec_str(&rec.calls[i], "type"), "error")) {
			printf("#   error: %s\n", rec.calls[i].text);
			return false;
		}
	return true;
}

/* Two members, roles, a sheet, hands, names; then both leave. */
static void play_room(struct hub_room *hr)
{
	size_t mark = rec.n;

	env_open(&E, 1);
	env_msg(&E, 1,
		"{\"type\":\"hello\",\"id\":\"h1\",\"token\":\"%s\","
		"\"name\":\"Ann\"}",
		ftok);
	env_settle(&E);
	env_open(&E, 2);
	env_msg(&E, 2,
		"{\"type\":\"hello\",\"id\":\"h2\",\"token\":\"%s\","
		"\"name\":\"Bob\"}",
		ptok);
	env_settle(&E);
	env_msg(&E, 1,
		"{\"type\":\"role.assign\",\"id\":\"c1\",\"participant\":2,"
		"\"role\":\"client\"}");
	env_msg(&E, 2,
		"{\"type\":\"sheet.update\",\"id\":\"c2\",\"title\":\"T\","
		"\"question\":\"How?\",\"context\":\"ctx\",\"tried\":\"x\","
		"\"help_wanted\":\"y\"}");
	env_settle(&E);
	env_msg(&E, 2, "{\"type\":\"hand.raise\",\"id\":\"c3\"}");
	env_settle(&E);
	env_msg(&E, 1,
		"{\"type\":\"name.set\",\"id\":\"c4\",\"name\":\"Ann B\"}");
	env_msg(&E, 1,
		"{\"type\":\"notes.update\",\"id\":\"c5\",\"text\":\"n\"}");
	env_settle(&E);
	env_close(&E, 1);
	env_close(&E, 2);
	env_settle(&E);
	ok(no_errors(mark), "play: every request was accepted");
	is_int(hr->room->n_participants, 2, "play: two participants");
	is_str(hr->room->participants[0].name, "Ann B", "play: Ann renamed");
	ok(!hr->room->participants[0].connected &&
		   !hr->room->participants[1].connected,
	   "play: both left");
}

/* Resets hr and replays its stored inputs, as persist.c's rebuild does;
 * returns restore_replay_room's result. */
static int rebuild(struct hub_room *hr)
{
	int64_t last = (int64_t)hr->seq;

	deadlines_set(E.hub, hr, -1);
	if (rooms_reset(hr))
		return -2;
	return restore_replay_room(E.hub, hr, last);
}

int main(void)
{
	char *snap_a = NULL, *snap, *log, line[300], want[160];
	struct hub_room *hr;
	long long seq_a, inputs_a;

	if (env_init(&E) || env_start(&E) || env_organizer(&E) ||
	    env_create_room(&E, room_id, sizeof room_id, ftok, ptok,
			    sizeof ftok)) {
		ok(0, "a hub in a temporary directory, with a room");
		return tap_done();
	}
	hr = rooms_find(E.hub, room_id);
	ok(hr != NULL, "the room exists");
	if (!hr)
		return tap_done();
	play_room(hr);
	seq_a = (long long)hr->seq;
	inputs_a = hr->n_inputs;
	snap_a = snapshot(hr);
	ok(snap_a != NULL, "snapshot of the played room");
	/* join, join, role, sheet, hand, name, notes, away, away */
	is_int(inputs_a, 9, "nine inputs logged");
	is_int(db_int("SELECT count(*) FROM inputs WHERE room = ?1", room_id),
	       9, "nine inputs in the database");

	/* The rebuild after a failed commit, in the same hub. */
	is_int(rebuild(hr), 0, "same hub: the replay agrees with the log");
	is_int((long long)hr->seq, seq_a, "same hub: same seq");
	is_int(hr->n_inputs, inputs_a, "same hub: same input count");
	snap = snapshot(hr);
	is_str(snap, snap_a, "same hub: the rebuilt room equals the original");
	free(snap);
	is_int(env_stop(&E), 0, "hub A shut down clean");

	/* The restore at start, in a fresh hub on the same store. */
	capture_start();
	int started = env_start(&E);
	log = capture_end();
	ok(started == 0 && hub_ready(E.hub), "hub B restored and is ready");
	ok(log && !strstr(log, "replay_diverged"),
	   "hub B: no divergence reported");
	ok(first_line_with(log, "restored rooms=1 diverged=0", line,
			   sizeof line),
	   "hub B: logs restored rooms=1 diverged=0");
	free(log);
	hr = started ? NULL : rooms_find(E.hub, room_id);
	ok(hr != NULL, "hub B holds the room");
	if (hr) {
		is_int((long long)hr->seq, seq_a, "hub B: same seq");
		is_int(hr->n_inputs, 9, "hub B: nine inputs");
		snap = snapshot(hr);
		is_str(snap, snap_a,
		       "hub B: the restored room equals the "
		       "original");
		free(snap);
		is_str(hr->room->participants[1].name, "Bob",
		       "hub B: Bob is there");
		is_int(rebuild(hr), 0, "hub B: a rebuild agrees too");
	}
	if (started == 0)
		is_int(env_stop(&E), 0, "hub B shut down clean");
	db_files_copy(true);

	/* Tamper 1: the hand raise (input 4, one event) is deleted, so the
	 * inputs after it led to one seq more than the replay gives. */
	is_int(db_int("SELECT n FROM inputs WHERE room = ?1 AND data LIKE "
		      "'%\"hand.raise\"%'",
		      room_id),
	       4, "the hand raise is input 4");
	is_int(db_exec("DELETE FROM inputs WHERE room = ?1 AND n = 4", room_id),
	       1, "tamper: input 4 deleted");
	capture_start();
	started = env_start(&E);
	log = capture_end();
	snprintf(want, sizeof want, "replay_diverged room=%s input=5", room_id);
	ok(first_line_with(log, "replay_diverged", line, sizeof line) &&
		   !strncmp(line, want, strlen(want)),
	   "deleted input: the first divergence reported is input 5");
	ok(first_line_with(log, "diverged=1", line, sizeof line),
	   "deleted input: the restore's summary says diverged=1");
	free(log);
	hr = started ? NULL : rooms_find(E.hub, room_id);
	if (hr) {
		printf("# note: after a diverged restore hub_ready=%d and the "
		       "room is loaded (seq %llu, was %lld)\n",
		       hub_ready(E.hub), (unsigned long long)hr->seq, seq_a);
		snap = snapshot(hr);
		ok(snap && strcmp(snap, snap_a),
		   "deleted input: the replayed room is not the original");
		free(snap);
		is_int(rebuild(hr), -1,
		       "deleted input: restore_replay_room returns -1");
	} else {
		ok(0, "deleted input: the hub was built");
	}
	if (started == 0)
		is_int(env_stop(&E), 0, "hub C shut down clean");
	db_files_copy(false);

	/* Tamper 2: the sheet update (input 3, by the client, one event)
	 * becomes a timer start by the same participant, which only a
	 * facilitator may give, and the stored seqs from there on are made
	 * to agree with a command that has no event: only the refusal
	 * itself can tell. */
	is_int(db_exec("UPDATE inputs SET data = '{\"type\":\"timer.start\","
		       "\"id\":\"c2\"}' WHERE room = ?1 AND n = 3",
		       room_id),
	       1, "tamper: input 3 turned into a timer.start");
	is_int(db_exec("UPDATE inputs SET seq = seq - 1 WHERE room = ?1 AND "
		       "n >= 3",
		       room_id),
	       6, "tamper: the seqs of inputs 3..8 lowered by one");
	capture_start();
	started = env_start(&E);
	log = capture_end();
	snprintf(want, sizeof want, "replay_diverged room=%s input=3", room_id);
	ok(first_line_with(log, "replay_diverged", line, sizeof line) &&
		   !strncmp(line, want, strlen(want)),
	   "edited input: the first divergence reported is input 3");
	ok(first_line_with(log, "replay_diverged", line, sizeof line) &&
		   strstr(line, "code=forbidden"),
	   "edited input: refused as forbidden");
	free(log);
	hr = started ? NULL : rooms_find(E.hub, room_id);
	if (hr)
		is_int(rebuild(hr), -1,
		       "edited input: restore_replay_room returns -1");
	else
		ok(0, "edited input: the hub was built");
	if (started == 0)
		is_int(env_stop(&E), 0, "hub D shut down clean");

	/* Put back as stored: the restore agrees again. */
	db_files_copy(false);
	db_files_drop_saved();
	capture_start();
	started = env_start(&E);
	log = capture_end();
	ok(started == 0 && log && !strstr(log, "replay_diverged"),
	   "untampered again: no divergence");
	free(log);
	hr = started ? NULL : rooms_find(E.hub, room_id);
	if (hr) {
		snap = snapshot(hr);
		is_str(snap, snap_a, "untampered again: equals the original");
		free(snap);
	}
	if (started == 0)
		is_int(env_stop(&E), 0, "hub E shut down clean");

	free(snap_a);
	env_remove(&E);
	rec_reset();
	return tap_done();
}
