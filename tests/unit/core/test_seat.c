/*
 * test_seat.c — locking, ending, removing and freeing seats (seat.c and
 * the join/presence rules of room.c).
 */
#include "helpers.h"

static struct core_cmd plain(enum core_cmd_type type)
{
	return (struct core_cmd){.type = type};
}

static struct core_cmd remove_cmd(uint32_t pid)
{
	struct core_cmd c = {.type = CMD_PARTICIPANT_REMOVE};
	c.u.participant_remove.participant = pid;
	return c;
}

static void test_lock(void)
{
	struct fixture x;
	uint32_t pid = 0;

	fixture_init(&x);
	is_int(fx_exec(&x, x.k, plain(CMD_ROOM_LOCK), 0), CORE_E_FORBIDDEN,
	       "a consultant may not lock");
	is_int(fx_exec(&x, x.f, plain(CMD_ROOM_LOCK), 0), CORE_OK, "locked");
	ok(x.fx.n == 1 && x.fx.ev[0].type == EV_ROOM_LOCKED &&
		   !strcmp(x.fx.ev[0].reason, "locked"),
	   "room.locked emitted");
	is_int(fx_exec(&x, x.f, plain(CMD_ROOM_LOCK), 0), CORE_E_CONFLICT,
	       "locking twice is a conflict");
	is_int(room_join(x.r, "New", false, 0, &pid, &x.fx), CORE_E_LOCKED,
	       "nobody new while locked");
	room_presence(x.r, x.k, false, 10, &x.fx);
	room_presence(x.r, x.k, true, 20, &x.fx);
	ok(room_participant(x.r, x.k)->connected, "a member comes back");
	is_int(fx_exec(&x, x.f, plain(CMD_ROOM_UNLOCK), 0), CORE_OK,
	       "unlocked");
	is_int(room_join(x.r, "New", false, 0, &pid, &x.fx), CORE_OK,
	       "newcomers again");
	fixture_free(&x);
}

/* The ways in of room_join_as: observers by choice, and the organizer,
 * whom a locked room still lets in and whose role nobody changes. */
static void test_entries(void)
{
	struct fixture x;
	uint32_t obs = 0, org = 0, pid = 0;

	fixture_init(&x);
	is_int(room_join_as(x.r, "Peek", CORE_ENTRY_OBSERVER, 0, &obs, &x.fx),
	       CORE_OK, "an observer by choice joins");
	is_int(room_participant(x.r, obs)->role, ROLE_OBSERVER, "as observer");
	ok(!room_participant(x.r, obs)->organizer, "not the organizer");
	is_int(room_join_as(x.r, "Bad", CORE_ENTRY__COUNT, 0, &pid, &x.fx),
	       CORE_E_BAD_FIELD, "an unknown entry is refused");
	is_int(fx_exec(&x, x.f, plain(CMD_ROOM_LOCK), 0), CORE_OK, "locked");
	is_int(room_join_as(x.r, "Peek2", CORE_ENTRY_OBSERVER, 0, &pid, &x.fx),
	       CORE_E_LOCKED, "a locked room lets no observer in");
	is_int(room_join_as(x.r, "Olga", CORE_ENTRY_ORGANIZER, 0, &org, &x.fx),
	       CORE_OK, "the organizer enters a locked room");
	ok(room_participant(x.r, org)->organizer &&
		   room_participant(x.r, org)->role == ROLE_OBSERVER,
	   "as the organizer, observing");
	is_int(fx_exec(&x, x.f, assign_cmd(org, ROLE_CONSULTANT), 0),
	       CORE_E_CONFLICT, "nobody makes the organizer a consultant");
	is_int(fx_exec(&x, x.f, assign_cmd(org, ROLE_FACILITATOR), 0),
	       CORE_E_CONFLICT, "nor hands the facilitation over");
	is_int(room_hub_assign(x.r, org, ROLE_CLIENT, 0, &x.fx),
	       CORE_E_CONFLICT, "nor does the hub's plan");
	is_int(fx_exec(&x, x.f, remove_cmd(org), 0), CORE_E_CONFLICT,
	       "the organizer's seat is not removed (their link opens it)");
	is_int(fx_exec(&x, x.f, assign_cmd(obs, ROLE_CONSULTANT), 0), CORE_OK,
	       "an observer by choice may be given a role");
	fixture_free(&x);
}

static struct core_cmd merge_cmd(uint32_t from, uint32_t into)
{
	struct core_cmd c = {.type = CMD_PARTICIPANT_MERGE};
	c.u.participant_merge.participant = from;
	c.u.participant_merge.into = into;
	return c;
}

/* Karim on a second device: his question, hand, floor and backup seat
 * go back to his first seat, which keeps its place in the queue rules. */
static void test_merge(void)
{
	struct fixture x;
	struct core_cmd backup = {.type = CMD_BACKUP_SET};
	uint32_t dup = 0;

	fixture_init(&x);
	room_join(x.r, "Karim (phone)", false, 0, &dup, &x.fx);
	expect(&x, x.k, merge_cmd(dup, x.k), 0, CORE_E_FORBIDDEN,
	       "a consultant may not merge");
	expect(&x, x.f, merge_cmd(x.k, x.k), 0, CORE_E_CONFLICT,
	       "a seat into itself");
	expect(&x, x.f, merge_cmd(x.c, x.k), 0, CORE_E_CONFLICT,
	       "not the client's seat (hand it over first)");
	expect(&x, x.f, merge_cmd(x.k, x.f), 0, CORE_OK,
	       "into the facilitator's own seat is fine");
	fixture_free(&x);

	fixture_init(&x);
	room_join(x.r, "Karim (phone)", false, 0, &dup, &x.fx);
	size_t seated = x.r->n_seated;
	fx_exec(&x, x.f, goto_cmd(1, true), 0);
	fx_exec(&x, dup, text_cmd(CMD_QUESTION_ADD, "Since?"), 0);
	fx_exec(&x, x.k2, simple_cmd(CMD_HAND_RAISE), 0);
	fx_exec(&x, dup, simple_cmd(CMD_HAND_RAISE), 0);
	fx_exec(&x, x.f, floor_cmd(x.k2), 0);
	fx_exec(&x, x.f, floor_cmd(dup), 0);
	fx_exec(&x, dup, simple_cmd(CMD_HAND_RAISE), 0);
	backup.u.backup_set.participant = dup;
	fx_exec(&x, x.f, backup, 0);
	expect(&x, x.f, merge_cmd(x.f, x.k), 0, CORE_E_CONFLICT,
	       "not the facilitator's seat");
	is_int(fx_exec(&x, x.f, merge_cmd(dup, x.k), 0), CORE_OK, "merged");
	const struct core_participant *d = room_participant(x.r, dup);
	ok(d->seat == CORE_SEAT_MERGED && d->merged_into == x.k &&
		   !d->connected,
	   "the duplicate's seat is merged into Karim's");
	is_int(x.r->n_seated, seated - 1, "one seat freed");
	is_int(x.r->questions[0].author, x.k, "the question is Karim's now");
	ok(x.r->n_hands == 1 && x.r->hands[0] == x.k,
	   "the raised hand is Karim's");
	is_int(x.r->floor, x.k, "Karim has the floor");
	is_int(x.r->backup, x.k, "Karim is the backup");
	ok(x.r->step_speakers & (1ull << (x.k - 1)), "Karim has spoken");
	int i = fx_find(&x.fx, EV_PARTICIPANT_MERGED);
	ok(i >= 0 && x.fx.ev[i].subject == dup && x.fx.ev[i].detail == x.k &&
		   i == (int)x.fx.n - 1,
	   "participant.merged comes last, naming both");
	expect(&x, x.f, merge_cmd(dup, x.k), 0, CORE_E_NOT_FOUND,
	       "merged twice");
	expect(&x, x.f, merge_cmd(x.k2, dup), 0, CORE_E_NOT_FOUND,
	       "into a merged seat");
	room_presence(x.r, dup, true, 10, &x.fx);
	ok(!room_participant(x.r, dup)->connected && x.fx.n == 0,
	   "a merged seat never comes back as itself");
	fixture_free(&x);
}

/* In a round, the duplicate's place goes to the seat that stays, or
 * disappears when that seat is in the round already. */
static void test_merge_round(void)
{
	struct fixture x;
	uint32_t dup = 0, dup2 = 0, late = 0;

	fixture_init(&x);
	room_join(x.r, "Karim (phone)", false, 0, &dup, &x.fx);
	room_join(x.r, "Kenji (tablet)", false, 0, &dup2, &x.fx);
	fx_exec(&x, x.f, goto_cmd(3, true), 0);
	is_int(fx_exec(&x, x.f, simple_cmd(CMD_ROUND_START), 0), CORE_OK,
	       "round started");
	size_t n = x.r->round.n;
	long at = -1;
	for (size_t i = 0; i < n; i++)
		if (x.r->round.order[i] == dup2)
			at = (long)i;
	ok(at >= 0, "Kenji's tablet is in the round");
	is_int(fx_exec(&x, x.f, merge_cmd(dup, x.k), 0), CORE_OK,
	       "merged in a round");
	is_int(x.r->round.n, n - 1, "Karim is in it already: a place less");
	for (size_t i = 0; i < x.r->round.n; i++)
		ok(x.r->round.order[i] != dup, "the phone is not in it: %zu",
		   i);
	ok(fx_find(&x.fx, EV_ROUND_CHANGED) >= 0, "round.changed told");
	/* Kenji comes back under another name after the round began. */
	room_join(x.r, "Kenji K.", false, 0, &late, &x.fx);
	is_int(fx_exec(&x, x.f, merge_cmd(dup2, late), 0), CORE_OK,
	       "merged into a seat outside the round");
	at = -1;
	for (size_t i = 0; i < x.r->round.n; i++)
		if (x.r->round.order[i] == late)
			at = (long)i;
	ok(at >= 0 && x.r->round.n == n - 1,
	   "the seat that stays takes the duplicate's place");
	fixture_free(&x);
}

static void test_end(void)
{
	struct fixture x;
	uint32_t pid = 0;

	fixture_init(&x);
	fx_exec(&x, x.f, plain(CMD_TIMER_START), 0);
	is_int(fx_exec(&x, x.c, plain(CMD_ROOM_END), 0), CORE_E_FORBIDDEN,
	       "the client may not end");
	is_int(fx_exec(&x, x.f, plain(CMD_ROOM_END), 60000), CORE_OK, "ended");
	ok(x.r->ended && x.r->timer.status == CORE_TIMER_PAUSED,
	   "the timer stopped");
	is_int(room_next_wakeup(x.r, 60000), -1, "no wakeup once ended");
	is_int(x.fx.ev[x.fx.n - 1].type, EV_ROOM_ENDED, "room.ended last");
	char *before = room_fingerprint(x.r);
	is_int(fx_exec(&x, x.f, plain(CMD_STEP_NEXT), 0), CORE_E_ENDED,
	       "facilitator refused: ended");
	is_int(fx_exec(&x, x.o, plain(CMD_HAND_RAISE), 0), CORE_E_ENDED,
	       "observer refused with ended too");
	is_int(fx_exec(&x, x.f, plain(CMD_ROOM_UNLOCK), 0), CORE_E_ENDED,
	       "no way back");
	is_int(room_join(x.r, "Late", false, 0, &pid, &x.fx), CORE_E_ENDED,
	       "nobody joins an ended room");
	char *after = room_fingerprint(x.r);
	is_str(after, before, "nothing changed");
	room_presence(x.r, x.k, false, 70000, &x.fx);
	ok(x.fx.n == 1 && !room_participant(x.r, x.k)->connected,
	   "ended: people still leave (and come back to read)");
	free(before);
	free(after);
	fixture_free(&x);
}

static void test_remove(void)
{
	struct fixture x;

	fixture_init(&x);
	fx_exec(&x, x.k, plain(CMD_HAND_RAISE), 0);
	is_int(fx_exec(&x, x.k2, remove_cmd(x.k), 0), CORE_E_FORBIDDEN,
	       "a consultant may not remove");
	is_int(fx_exec(&x, x.f, remove_cmd(x.f), 0), CORE_E_CONFLICT,
	       "not oneself");
	is_int(fx_exec(&x, x.f, remove_cmd(99), 0), CORE_E_NOT_FOUND,
	       "unknown id");
	size_t seated = x.r->n_seated;
	is_int(fx_exec(&x, x.f, remove_cmd(x.k), 5), CORE_OK, "removed");
	const struct core_participant *p = room_participant(x.r, x.k);
	ok(p->seat == CORE_SEAT_REMOVED && !p->connected, "seat removed");
	is_int(x.r->n_seated, seated - 1, "seat freed");
	is_int(x.r->n_hands, 0, "their hand is down");
	is_int(x.fx.ev[x.fx.n - 1].type, EV_SEAT_CHANGED, "seat.changed");
	is_int(fx_exec(&x, x.f, remove_cmd(x.k), 5), CORE_E_NOT_FOUND,
	       "removing twice: not found");
	is_int(fx_exec(&x, x.k, plain(CMD_HAND_RAISE), 5), CORE_E_NOT_FOUND,
	       "a removed participant's commands are refused");
	is_int(fx_exec(&x, x.f, assign_cmd(x.k, ROLE_SCRIBE), 5),
	       CORE_E_NOT_FOUND, "no role for a removed participant");
	room_presence(x.r, x.k, true, 6, &x.fx);
	ok(!room_participant(x.r, x.k)->connected && x.fx.n == 0,
	   "presence of a removed participant is ignored");
	is_int(fx_exec(&x, x.f, remove_cmd(x.c), 7), CORE_OK,
	       "the client can be removed");
	is_int(room_client(x.r), 0, "and the room has no client");
	fixture_free(&x);
}

static void test_release(void)
{
	struct core_template t = tpl_codev90();
	struct core_room_config cfg;
	struct fixture x;
	uint32_t pid = 0;

	core_room_config_default(&cfg);
	cfg.max_participants = 6;
	fixture_init_cfg(&x, &t, &cfg);
	is_int(room_join(x.r, "Tom", false, 0, &pid, &x.fx), CORE_E_ROOM_FULL,
	       "6 seats taken: room_full");
	ok(!room_seat_free(x.r), "no seat free");
	is_int(room_seat_release(x.r, x.k, 10, &x.fx), CORE_E_CONFLICT,
	       "a connected participant keeps their seat");
	room_presence(x.r, x.k, false, 100, &x.fx);
	is_int(room_participant(x.r, x.k)->away_since_ms, 100, "away since");
	room_presence(x.r, x.c, false, 100, &x.fx);
	room_presence(x.r, x.f, false, 100, &x.fx);
	is_int(room_seat_release(x.r, x.c, 200, &x.fx), CORE_E_CONFLICT,
	       "never the client's seat");
	is_int(room_seat_release(x.r, x.f, 200, &x.fx), CORE_E_CONFLICT,
	       "never the facilitator's seat");
	is_int(room_seat_release(x.r, x.k, 200, &x.fx), CORE_OK,
	       "an away consultant's seat is freed");
	is_int(x.fx.ev[0].type, EV_SEAT_CHANGED, "seat.changed");
	is_str(x.fx.ev[0].reason, "released", "reason released");
	is_int(room_join(x.r, "Tom", false, 300, &pid, &x.fx), CORE_OK,
	       "a newcomer gets the seat");
	room_presence(x.r, x.k, true, 400, &x.fx);
	ok(!room_participant(x.r, x.k)->connected,
	   "released and the room full: stays away");
	room_presence(x.r, pid, false, 500, &x.fx);
	room_seat_release(x.r, pid, 600, &x.fx);
	is_int(fx_exec(&x, x.f, plain(CMD_ROOM_LOCK), 650), CORE_OK,
	       "locked: members still come back");
	room_presence(x.r, x.k, true, 700, &x.fx);
	ok(room_participant(x.r, x.k)->connected &&
		   room_participant(x.r, x.k)->seat == CORE_SEAT_TAKEN,
	   "released, a seat free: back in their own seat");
	ok(x.fx.n == 2 && x.fx.ev[0].type == EV_SEAT_CHANGED &&
		   !strcmp(x.fx.ev[0].reason, "taken"),
	   "seat.changed taken, then returned");
	fixture_free(&x);
}

/* The member array grows past max_participants when seats are freed, up
 * to CORE_MEMBERS_FACTOR members per seat. */
static void test_growth(void)
{
	struct core_template t = tpl_codev90();
	struct core_room_config cfg;
	struct fixture x;
	uint32_t pid = 0;
	int joined = 0;

	core_room_config_default(&cfg);
	cfg.max_participants = 6;
	fixture_init_cfg(&x, &t, &cfg);
	for (int i = 0; i < 40; i++) {
		room_presence(x.r, x.k2, false, i, &x.fx);
		if (room_seat_release(x.r, x.k2, i, &x.fx))
			break;
		if (room_join(x.r, "Ghost", false, i, &pid, &x.fx))
			break;
		x.k2 = pid;
		joined++;
	}
	is_int(joined, 6 * CORE_MEMBERS_FACTOR - 6, "members grow to 4x seats");
	is_int(x.r->n_participants, 6 * CORE_MEMBERS_FACTOR, "then stop");
	fixture_free(&x);
}

int main(void)
{
	test_lock();
	test_entries();
	test_merge();
	test_merge_round();
	test_end();
	test_remove();
	test_release();
	test_growth();
	return tap_done();
}
