/*
 * test_queue.c — raised hands (FIFO, no duplicates), the floor, and round
 * mode: join order, "everyone once before anyone twice", the end of the
 * round, disconnected members skipped.
 */
#include "helpers.h"

static struct core_cmd lower_cmd(uint32_t pid)
{
	struct core_cmd c = {.type = CMD_HAND_LOWER};

	c.u.hand_lower.participant = pid;
	return c;
}

static void hands_are(const struct room *r, const uint32_t *want, size_t n,
		      const char *what)
{
	bool same = r->n_hands == n;

	for (size_t i = 0; same && i < n; i++)
		same = r->hands[i] == want[i];
	ok(same, "%s", what);
}

static void test_hands(void)
{
	struct fixture x;

	fixture_init(&x);
	expect(&x, x.k, simple_cmd(CMD_HAND_RAISE), 1, CORE_OK, "K raises");
	ok(x.fx.n == 1 && x.fx.ev[0].type == EV_HANDS_CHANGED &&
		   x.fx.ev[0].subject == x.k,
	   "hands.changed");
	fx_exec(&x, x.s, simple_cmd(CMD_HAND_RAISE), 2);
	fx_exec(&x, x.c, simple_cmd(CMD_HAND_RAISE), 3);
	expect(&x, x.k, simple_cmd(CMD_HAND_RAISE), 4, CORE_OK, "K again");
	is_int(x.fx.n, 0, "no duplicate, no event");
	hands_are(x.r, (uint32_t[]){x.k, x.s, x.c}, 3, "FIFO K S C");
	expect(&x, x.o, simple_cmd(CMD_HAND_RAISE), 5, CORE_E_FORBIDDEN,
	       "observer cannot raise");

	expect(&x, x.s, lower_cmd(0), 6, CORE_OK, "S lowers own hand");
	hands_are(x.r, (uint32_t[]){x.k, x.c}, 2, "K C left");
	expect(&x, x.s, lower_cmd(x.s), 6, CORE_OK, "lower again (self id)");
	is_int(x.fx.n, 0, "lowering a hand not raised: no-op, no event");
	expect(&x, x.f, lower_cmd(99), 7, CORE_E_NOT_FOUND,
	       "lower an unknown participant");

	expect(&x, x.f, floor_cmd(x.c), 8, CORE_OK, "floor to C");
	ok(x.r->floor == x.c && fx_find(&x.fx, EV_FLOOR_GIVEN) == 0 &&
		   fx_find(&x.fx, EV_HANDS_CHANGED) == 1,
	   "floor.given, hand dropped");
	hands_are(x.r, (uint32_t[]){x.k}, 1, "K left");
	expect(&x, x.f, floor_cmd(x.o), 9, CORE_E_CONFLICT,
	       "observers never get the floor");
	expect(&x, x.f, floor_cmd(99), 9, CORE_E_NOT_FOUND, "unknown floor");
	expect(&x, x.f, floor_cmd(0), 9, CORE_OK, "floor to nobody");
	is_int(x.r->floor, 0, "nobody speaks");
	fixture_free(&x);
}

static void test_round(void)
{
	struct fixture x;

	fixture_init(&x);
	expect(&x, x.f, simple_cmd(CMD_ROUND_NEXT), 0, CORE_E_CONFLICT,
	       "round.next without a round");
	fx_exec(&x, x.k2, simple_cmd(CMD_HAND_RAISE), 0);
	expect(&x, x.f, simple_cmd(CMD_ROUND_START), 1, CORE_OK, "round.start");
	ok(x.r->round.n == 3 && x.r->round.order[0] == x.k &&
		   x.r->round.order[1] == x.s && x.r->round.order[2] == x.k2,
	   "order: consultants and scribe by join order");
	ok(x.r->floor == x.k && x.fx.ev[0].type == EV_ROUND_CHANGED &&
		   x.fx.ev[1].type == EV_FLOOR_GIVEN,
	   "first one has the floor");

	expect(&x, x.f, floor_cmd(x.k), 2, CORE_E_CONFLICT,
	       "K twice before the others: refused");
	expect(&x, x.f, floor_cmd(x.k2), 3, CORE_OK,
	       "out of order but first time: fine");
	ok(x.r->n_hands == 0, "K2's raised hand dropped with the floor");
	expect(&x, x.f, floor_cmd(x.c), 4, CORE_OK,
	       "the client (outside the round) may answer");
	expect(&x, x.f, floor_cmd(x.k2), 5, CORE_E_CONFLICT,
	       "K2 twice while S has not spoken");
	expect(&x, x.f, simple_cmd(CMD_ROUND_NEXT), 6, CORE_OK, "round.next");
	is_int(x.r->floor, x.s, "next = the one who has not spoken (S)");
	ok(x.r->round.active, "round still on while S speaks");
	expect(&x, x.f, simple_cmd(CMD_ROUND_NEXT), 7, CORE_OK,
	       "round.next after the last");
	ok(!x.r->round.active && x.r->floor == 0 &&
		   fx_find(&x.fx, EV_ROUND_CHANGED) >= 0,
	   "everyone spoke: round ended, floor free");

	/* Second pass ended by a floor.give once all have spoken. */
	fx_exec(&x, x.f, simple_cmd(CMD_ROUND_START), 8);
	fx_exec(&x, x.f, simple_cmd(CMD_ROUND_NEXT), 9);
	fx_exec(&x, x.f, simple_cmd(CMD_ROUND_NEXT), 10);
	is_int(x.r->floor, x.k2, "third speaker");
	expect(&x, x.f, floor_cmd(x.k), 11, CORE_OK,
	       "all spoke: K may speak again");
	ok(!x.r->round.active && x.r->floor == x.k, "and the round is over");
	fixture_free(&x);
}

/* The round opens with the first consultant not heard in this step; those
 * already heard go last; a step change forgets who was heard. */
static void test_round_starts_unheard(void)
{
	struct fixture x;

	fixture_init(&x);
	fx_exec(&x, x.f, floor_cmd(x.k), 1);
	expect(&x, x.f, simple_cmd(CMD_ROUND_START), 2, CORE_OK, "round");
	ok(x.r->round.order[0] == x.s && x.r->round.order[1] == x.k2 &&
		   x.r->round.order[2] == x.k,
	   "order: not heard yet (S, K2), then K who just spoke");
	ok(x.r->floor == x.s && x.r->round.spoke[0] && !x.r->round.spoke[2],
	   "the round starts with S, the first not heard");
	fx_exec(&x, x.f, simple_cmd(CMD_ROUND_START), 3);
	ok(x.r->floor == x.k2 && x.r->round.order[0] == x.k2,
	   "restart mid-way: starts with K2, the one not reached");
	fx_exec(&x, x.f, simple_cmd(CMD_STEP_NEXT), 4);
	is_int((long long)x.r->step_speakers, 0, "a new step: nobody heard");
	fx_exec(&x, x.f, simple_cmd(CMD_ROUND_START), 5);
	is_int(x.r->floor, x.k, "new step: join order again, K first");
	fixture_free(&x);
}

/* Rules 1 (core/room.h): the round went in join order, whoever spoke. */
static void test_round_rules_1(void)
{
	struct core_template t = tpl_codev90();
	struct fixture x;

	fixture_init_rules(&x, &t, CORE_RULES_1);
	fx_exec(&x, x.f, floor_cmd(x.k), 1);
	expect(&x, x.f, simple_cmd(CMD_ROUND_START), 2, CORE_OK, "round");
	ok(x.r->round.order[0] == x.k && x.r->round.order[1] == x.s &&
		   x.r->round.order[2] == x.k2 && x.r->floor == x.k,
	   "rules 1: K, S, K2 in join order, K first though K just spoke");
	fixture_free(&x);
}

static void test_round_presence(void)
{
	struct fixture x;

	fixture_init(&x);
	room_presence(x.r, x.s, false, 0, &x.fx);
	fx_exec(&x, x.f, simple_cmd(CMD_ROUND_START), 1);
	ok(x.r->round.n == 2, "disconnected scribe not in the round");
	room_presence(x.r, x.k2, false, 2, &x.fx);
	expect(&x, x.f, simple_cmd(CMD_ROUND_NEXT), 3, CORE_OK, "next");
	ok(!x.r->round.active && x.r->floor == 0,
	   "disconnected K2 skipped: round over");
	fixture_free(&x);

	/* Only a facilitator and a client: nobody to go round. */
	struct core_template t = tpl_codev90();
	fixture_init(&x);
	room_free(x.r);
	x.r = room_new("r", &t, NULL, 0);
	room_join(x.r, "F", true, 0, &x.f, &x.fx);
	room_join(x.r, "C", false, 0, &x.c, &x.fx);
	fx_exec(&x, x.f, assign_cmd(x.c, ROLE_CLIENT), 0);
	expect(&x, x.f, simple_cmd(CMD_ROUND_START), 1, CORE_E_CONFLICT,
	       "round with no consultant");
	fixture_free(&x);
}

int main(void)
{
	test_hands();
	test_round();
	test_round_presence();
	test_round_starts_unheard();
	test_round_rules_1();
	return tap_done();
}
