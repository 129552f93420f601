/*
 * test_outbox.c — replies and events against the commit they depend on
 * (app/outbox.c, app/persist.c), on a hub driven through its entry points
 * (hub_on_open, hub_on_message, hub_api_call) with a real SQLite store and
 * a transport that records every call (harness.h).
 *
 * What must hold (DESIGN.md, "The path of one command"):
 *  - nothing a logged input caused (its ack or welcome, its events) reaches
 *    the transport before that input's commit is durable (synced_gen);
 *  - the ack precedes the command's events on the sender's connection;
 *  - every member gets the room's events once each, in seq order;
 *  - a pong does not overtake an ack still waiting for its sync;
 *  - after a failed commit the replies are storage errors and the events
 *    never leave; the room is rebuilt as stored and goes on afterwards.
 *
 * The sync runs on the thread pool; CODEVHUB_DELAY_AT=sync:150 (a build
 * with crash points, as scripts/test makes) keeps it in flight long enough
 * for the loop to run a few iterations while output is held.
 */
#include <sqlite3.h>

#include "harness.h"

static struct env E;
static struct hub_room *room;
static char room_id[TOKEN_ROOM_MAX + 1], ftok[TOKEN_TEXT_MAX],
	ptok[TOKEN_TEXT_MAX];

#ifdef CODEVHUB_CRASH_POINTS
static const bool delayed = true;
#else
static const bool delayed = false;
#endif

/* Every send from `from` on that answers `re` or is an event of seq in
 * (after, upto]: was the hub's synced_gen at least `need` then? */
static bool durable_when_sent(size_t from, uint64_t need, const char *re,
			      long long after, long long upto, size_t *counted)
{
	bool good = true;

	*counted = 0;
	for (size_t i = from; i < rec.n; i++) {
		const struct rec_call *c = &rec.calls[i];
		long long seq = rec_int(c, "seq");
		bool event = strcmp(rec_str(c, "type"), "ack") &&
			     strcmp(rec_str(c, "type"), "welcome") &&
			     seq > after && seq <= upto;
		if (c->kind != REC_SEND ||
		    !(event || !strcmp(rec_str(c, "re"), re)))
			continue;
		(*counted)++;
		if (c->synced_gen < need) {
			printf("#   send %zu (%s) at synced_gen %llu < %llu\n",
			       i, c->text, (unsigned long long)c->synced_gen,
			       (unsigned long long)need);
			good = false;
		}
	}
	return good;
}

/* The seqs of the events conn got from `from` on, in order. */
static size_t events_to(size_t from, uint64_t conn, long long *seqs, size_t max)
{
	size_t n = 0;

	for (size_t i = from; i < rec.n; i++) {
		const struct rec_call *c = &rec.calls[i];
		const char *type = rec_str(c, "type");
		if (c->kind != REC_SEND || c->conn != conn ||
		    rec_int(c, "seq") < 0 || !strcmp(type, "ack") ||
		    !strcmp(type, "welcome"))
			continue;
		if (n < max)
			seqs[n] = rec_int(c, "seq");
		n++;
	}
	return n;
}

/* seqs holds exactly first, first + 1, ..., last. */
static bool consecutive(const long long *seqs, size_t n, long long first,
			long long last)
{
	if (last < first || n != (size_t)(last - first + 1))
		return false;
	for (size_t i = 0; i < n; i++)
		if (seqs[i] != first + (long long)i)
			return false;
	return true;
}

/* A hello, then: nothing sent at once; one iteration commits but the
 * sync is still running, so the welcome is held; then it goes out once
 * durable. */
static void test_hello(uint64_t conn, const char *tok, const char *name,
		       const char *id)
{
	size_t mark = rec.n;

	env_open(&E, conn);
	env_msg(&E, conn,
		"{\"type\":\"hello\",\"id\":\"%s\",\"token\":\"%s\","
		"\"name\":\"%s\"}",
		id, tok, name);
	uint64_t need = room->gen;
	is_int(need, E.hub->dur.commit_gen + 1,
	       "%s: the join waits for the open transaction", id);
	is_int(rec_sends(mark), 0, "%s: nothing is sent from on_message", id);
	uv_run(&E.loop, UV_RUN_NOWAIT);
	ok(E.hub->dur.commit_gen >= need, "%s: one iteration committed it", id);
	if (delayed) {
		ok(E.hub->dur.synced_gen < need && E.hub->dur.syncing,
		   "%s: its sync is still running", id);
		is_int(rec_sends(mark), 0,
		       "%s: nothing leaves before the sync returns", id);
		ok(E.hub->out.n_held > 0, "%s: the welcome is held", id);
	}
	ok(env_settle(&E), "%s: the hub settles", id);
	long w = rec_find(mark, conn, "welcome", id);
	ok(w >= 0, "%s: the welcome arrived", id);
	size_t n;
	ok(durable_when_sent(mark, need, id, (long long)room->seq - 64,
			     (long long)room->seq, &n),
	   "%s: the welcome and the join's events left once durable", id);
	ok(n >= 1, "%s: %zu sends checked", id, n);
}

/* A command, then a ping while the command's sync runs. */
static void test_command_and_ping(void)
{
	size_t mark = rec.n;
	long long seq0 = (long long)room->seq;

	env_msg(&E, 2, "{\"type\":\"hand.raise\",\"id\":\"c1\"}");
	uint64_t need = room->gen;
	is_int(need, E.hub->dur.commit_gen + 1,
	       "c1: the command depends on the open transaction");
	is_int(rec_sends(mark), 0, "c1: nothing sent from on_message");
	uv_run(&E.loop, UV_RUN_NOWAIT);
	ok(E.hub->dur.commit_gen >= need, "c1: committed after one iteration");
	if (delayed)
		is_int(rec_sends(mark), 0, "c1: nothing sent before the sync");

	/* The ping comes in while the ack waits for the sync. */
	env_msg(&E, 2, "{\"type\":\"ping\",\"id\":\"p1\",\"t0\":1}");
	uv_run(&E.loop, UV_RUN_NOWAIT);
	if (delayed) {
		ok(E.hub->dur.syncing && E.hub->dur.synced_gen < need,
		   "p1: the sync of c1 is still running");
		is_int(rec_sends(mark), 0,
		       "p1: the pong is held behind the ack, not sent");
	}
	ok(env_settle(&E), "c1: the hub settles");

	long ack = rec_find(mark, 2, "ack", "c1");
	long pong = rec_find(mark, 2, "pong", "p1");
	ok(ack >= 0, "c1: acked");
	ok(pong >= 0, "p1: answered");
	ok(ack >= 0 && pong > ack, "p1: the pong comes after the ack");
	long long last = ack >= 0 ? rec_int(&rec.calls[ack], "seq") : -1;
	is_int(last, seq0 + 1, "c1: the ack names one event, seq %lld",
	       seq0 + 1);
	is_int((long long)room->seq, seq0 + 1, "c1: the room is at that seq");

	long long seqs[64];
	size_t n2 = events_to(mark, 2, seqs, 64);
	ok(consecutive(seqs, n2, seq0 + 1, last),
	   "c1: the sender gets its event once");
	long ev2 = -1;
	for (size_t i = (size_t)mark; i < rec.n && ev2 < 0; i++)
		if (rec.calls[i].conn == 2 &&
		    rec_int(&rec.calls[i], "seq") == seq0 + 1 &&
		    strcmp(rec_str(&rec.calls[i], "type"), "ack"))
			ev2 = (long)i;
	ok(ack >= 0 && ev2 > ack, "c1: the ack precedes the event");
	size_t n1 = events_to(mark, 1, seqs, 64);
	ok(consecutive(seqs, n1, seq0 + 1, last),
	   "c1: the other member gets the event once");
	size_t n;
	ok(durable_when_sent(mark, need, "c1", seq0, last, &n),
	   "c1: the ack and the events left once durable");
	is_int(n, 3, "c1: ack + two event copies checked");
	ok(durable_when_sent(mark, need, "p1", 0, 0, &n) && n == 1,
	   "p1: the pong left once c1 was durable");
}

/* Many commands of both members in one iteration: every member gets
 * every event once, in seq order, each ack before its events. */
static void test_burst(void)
{
	size_t mark = rec.n;
	long long seq0 = (long long)room->seq;

	for (int i = 0; i < 5; i++) {
		env_msg(&E, 1,
			"{\"type\":\"name.set\",\"id\":\"a%d\","
			"\"name\":\"Ann %d\"}",
			i, i);
		env_msg(&E, 2,
			"{\"type\":\"name.set\",\"id\":\"b%d\","
			"\"name\":\"Bob %d\"}",
			i, i);
	}
	uint64_t need = room->gen;
	is_int(rec_sends(mark), 0, "burst: nothing sent from on_message");
	ok(env_settle(&E), "burst: the hub settles");
	is_int((long long)room->seq, seq0 + 10, "burst: ten events");

	long long seqs[64];
	size_t n1 = events_to(mark, 1, seqs, 64);
	ok(consecutive(seqs, n1, seq0 + 1, seq0 + 10),
	   "burst: member 1 gets seq %lld..%lld once each, in order", seq0 + 1,
	   seq0 + 10);
	size_t n2 = events_to(mark, 2, seqs, 64);
	ok(consecutive(seqs, n2, seq0 + 1, seq0 + 10),
	   "burst: member 2 gets seq %lld..%lld once each, in order", seq0 + 1,
	   seq0 + 10);

	bool order = true, durable = true;
	for (int i = 0; i < 5; i++) {
		char a[8], b[8];
		snprintf(a, sizeof a, "a%d", i);
		snprintf(b, sizeof b, "b%d", i);
		long aa = rec_find(mark, 1, "ack", a);
		long ab = rec_find(mark, 2, "ack", b);
		/* a_i is the (2i+1)-th command: its event has seq0 + 2i + 1. */
		long long ea = seq0 + 2 * i + 1, eb = seq0 + 2 * i + 2;
		if (aa < 0 || ab < 0 || rec_int(&rec.calls[aa], "seq") != ea ||
		    rec_int(&rec.calls[ab], "seq") != eb) {
			order = false;
			continue;
		}
		for (size_t k = mark; k < rec.n; k++) {
			const struct rec_call *c = &rec.calls[k];
			if (c->kind != REC_SEND)
				continue;
			if ((c->conn == 1 && rec_int(c, "seq") == ea &&
			     strcmp(rec_str(c, "type"), "ack") &&
			     (long)k < aa) ||
			    (c->conn == 2 && rec_int(c, "seq") == eb &&
			     strcmp(rec_str(c, "type"), "ack") && (long)k < ab))
				order = false;
			if (c->synced_gen < need)
				durable = false;
		}
	}
	ok(order, "burst: each ack names its event and precedes it");
	ok(durable, "burst: nothing left before the commit was durable");
}

/* A write lock held by another connection: the hub's transaction cannot
 * begin (after SQLite's 2 s busy wait), so the commit fails. */
static void test_failed_commit(void)
{
	sqlite3 *other = NULL;
	size_t mark = rec.n;
	long long seq0 = (long long)room->seq;
	char *name0 = strdup(room->room->participants[0].name);

	is_int(sqlite3_open_v2(E.db, &other, SQLITE_OPEN_READWRITE, NULL),
	       SQLITE_OK, "fail: a second connection to the database");
	is_int(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	       SQLITE_OK, "fail: it holds the write lock");

	env_msg(&E, 1,
		"{\"type\":\"name.set\",\"id\":\"f1\",\"name\":\"Lost\"}");
	env_msg(&E, 1, "{\"type\":\"ping\",\"id\":\"f2\",\"t0\":2}");
	ok(E.hub->dur.tx_failed, "fail: the transaction could not begin");
	ok(env_settle(&E), "fail: the hub settles");

	long err = rec_find(mark, 1, "error", "f1");
	ok(err >= 0, "fail: f1 is answered with an error");
	is_str(err >= 0 ? rec_str(&rec.calls[err], "code") : "", "storage",
	       "fail: the error is storage");
	is_int(rec_find(mark, 1, "ack", "f1"), -1, "fail: f1 is never acked");
	long long seqs[8];
	is_int(events_to(mark, 1, seqs, 8), 0, "fail: member 1 got no event");
	is_int(events_to(mark, 2, seqs, 8), 0, "fail: member 2 got no event");
	ok(rec_find(mark, 1, "pong", "f2") > err,
	   "fail: the ping is still answered, after the error");
	is_int((long long)room->seq, seq0, "fail: the room is back at seq %lld",
	       seq0);
	is_str(room->room->participants[0].name, name0,
	       "fail: the name is the stored one again");

	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);

	/* The store works again: the next command goes through. */
	mark = rec.n;
	env_msg(&E, 1,
		"{\"type\":\"name.set\",\"id\":\"f3\",\"name\":\"Back\"}");
	uint64_t need = room->gen;
	ok(env_settle(&E), "after: the hub settles");
	long ack = rec_find(mark, 1, "ack", "f3");
	ok(ack >= 0, "after: f3 is acked");
	is_int(ack >= 0 ? rec_int(&rec.calls[ack], "seq") : -1, seq0 + 1,
	       "after: its event is seq %lld (the lost one's number again)",
	       seq0 + 1);
	is_int(events_to(mark, 2, seqs, 8), 1, "after: member 2 got it");
	size_t n;
	ok(durable_when_sent(mark, need, "f3", seq0, seq0 + 1, &n) && n == 3,
	   "after: the ack and both events left once durable");
	is_str(room->room->participants[0].name, "Back", "after: renamed");
	free(name0);
}

/* A participant who joins in the same iteration as a command, after it:
 * its welcome already holds that command's event and its own join, so
 * neither comes again as an event; later events come once. */
static void test_join_mid_iteration(void)
{
	size_t mark = rec.n;
	long long seq0 = (long long)room->seq;
	long long seqs[16];

	env_msg(&E, 1,
		"{\"type\":\"name.set\",\"id\":\"m1\",\"name\":\"Ann M\"}");
	env_open(&E, 3);
	env_msg(&E, 3,
		"{\"type\":\"hello\",\"id\":\"h3\",\"token\":\"%s\","
		"\"name\":\"Cy\"}",
		ptok);
	ok(env_settle(&E), "mid: the hub settles");
	is_int((long long)room->seq, seq0 + 2,
	       "mid: rename and join, two events");
	long w = rec_find(mark, 3, "welcome", "h3");
	ok(w >= 0, "mid: Cy is welcomed");
	is_int(w >= 0 ? rec_int(&rec.calls[w], "seq") : -1, seq0 + 2,
	       "mid: the welcome covers seq %lld", seq0 + 2);
	is_int(events_to(mark, 3, seqs, 16), 0,
	       "mid: Cy gets neither event again");
	size_t n1 = events_to(mark, 1, seqs, 16);
	ok(consecutive(seqs, n1, seq0 + 1, seq0 + 2),
	   "mid: Ann gets both events once, in order");

	mark = rec.n;
	env_msg(&E, 2, "{\"type\":\"hand.lower\",\"id\":\"m2\"}");
	ok(env_settle(&E), "mid: the hub settles again");
	long ack = rec_find(mark, 2, "ack", "m2");
	long long last = ack >= 0 ? rec_int(&rec.calls[ack], "seq") : -1;
	is_int(last, seq0 + 3, "mid: the hand lowered is seq %lld", seq0 + 3);
	for (uint64_t c = 1; c <= 3; c++) {
		size_t n = events_to(mark, c, seqs, 16);
		ok(consecutive(seqs, n, seq0 + 3, seq0 + 3),
		   "mid: member %llu gets seq %lld once", (unsigned long long)c,
		   seq0 + 3);
	}
}

int main(void)
{
	setenv("CODEVHUB_DELAY_AT", "sync:150", 1);
	if (env_init(&E) || env_start(&E)) {
		ok(0, "a hub in a temporary directory");
		return tap_done();
	}
	ok(hub_ready(E.hub), "the hub is ready");
	ok(E.cfg.sync_full && store_syncs(E.st),
	   "commits need a sync (sync_full)");
	ok(env_organizer(&E) == 0, "an organizer token");
	ok(env_create_room(&E, room_id, sizeof room_id, ftok, ptok,
			   sizeof ftok) == 0,
	   "POST /api/rooms created a room");
	room = rooms_find(E.hub, room_id);
	ok(room != NULL, "the room is in the hub");
	if (!room)
		return tap_done();
	ok(env_settle(&E), "idle after the creation");

	test_hello(1, ftok, "Ann", "h1");
	test_hello(2, ptok, "Bob", "h2");
	test_command_and_ping();
	test_burst();
	test_failed_commit();
	test_join_mid_iteration();

	env_close(&E, 1);
	env_close(&E, 2);
	env_close(&E, 3);
	ok(env_settle(&E), "idle after the closes");
	is_int(env_stop(&E), 0, "the loop closes with no handle left");
	env_remove(&E);
	rec_reset();
	return tap_done();
}
