/*
 * test_steps.c — the step engine: next / prev / goto bounds, the
 * confirmations (consultation without contract, learnings without plan),
 * time per step accumulated across revisits, rounds ending on a change.
 */
#include "helpers.h"

static struct core_cmd next_cmd(bool confirm)
{
	struct core_cmd c = {.type = CMD_STEP_NEXT};

	c.u.step_next.confirm = confirm;
	return c;
}

static void test_bounds(void)
{
	struct fixture x;

	fixture_init(&x);
	expect(&x, x.f, simple_cmd(CMD_STEP_PREV), 0, CORE_E_CONFLICT,
	       "prev before the first step");
	expect(&x, x.f, goto_cmd(6, true), 0, CORE_E_NOT_FOUND,
	       "goto past the template");
	expect(&x, x.f, goto_cmd(UINT32_MAX, true), 0, CORE_E_NOT_FOUND,
	       "goto huge index");
	expect(&x, x.f, goto_cmd(0, true), 0, CORE_E_CONFLICT,
	       "goto the current step");
	expect(&x, x.f, next_cmd(false), 0, CORE_OK, "next");
	ok(x.r->step == 1 && x.fx.ev[0].type == EV_STEP_CHANGED &&
		   x.fx.ev[0].detail == 1,
	   "step.changed to 1");
	expect(&x, x.f, goto_cmd(5, true), 0, CORE_OK, "goto last");
	expect(&x, x.f, next_cmd(true), 0, CORE_E_CONFLICT,
	       "next past the last step");
	expect(&x, x.f, simple_cmd(CMD_STEP_PREV), 0, CORE_OK, "prev");
	is_int(x.r->step, 4, "back to synthesis");
	fixture_free(&x);
}

static void test_confirmations(void)
{
	struct fixture x;
	struct core_cmd plan = {.type = CMD_PLAN_UPDATE};

	fixture_init(&x);
	fx_exec(&x, x.f, goto_cmd(2, false), 0);
	is_int(x.r->step, 2, "contract step");
	expect(&x, x.f, next_cmd(false), 0, CORE_E_CONFIRM_REQUIRED,
	       "consultation without contract needs confirm");
	expect(&x, x.f, goto_cmd(3, false), 0, CORE_E_CONFIRM_REQUIRED,
	       "goto consultation without contract needs confirm");
	expect(&x, x.f, text_cmd(CMD_CONTRACT_SET, "x"), 0, CORE_E_FORBIDDEN,
	       "facilitator cannot set the contract");
	expect(&x, x.c, text_cmd(CMD_CONTRACT_SET, ""), 0, CORE_OK,
	       "client sets an empty contract");
	expect(&x, x.c, next_cmd(false), 0, CORE_E_FORBIDDEN,
	       "client cannot move steps");
	expect(&x, x.f, next_cmd(false), 0, CORE_E_CONFIRM_REQUIRED,
	       "empty contract counts as none");
	expect(&x, x.c, text_cmd(CMD_CONTRACT_SET, "ideas please"), 0, CORE_OK,
	       "client sets the contract");
	expect(&x, x.f, next_cmd(false), 0, CORE_OK,
	       "consultation with contract: no confirm needed");

	fx_exec(&x, x.f, next_cmd(false), 0);
	is_int(x.r->step, 4, "synthesis");
	expect(&x, x.f, next_cmd(false), 0, CORE_E_CONFIRM_REQUIRED,
	       "learnings without plan needs confirm");
	expect(&x, x.f, next_cmd(true), 0, CORE_OK, "confirmed");
	is_int(x.r->step, 5, "learnings");
	expect(&x, x.f, simple_cmd(CMD_STEP_PREV), 0, CORE_OK,
	       "going back never needs confirm");
	plan.u.plan_update.n = 1;
	plan.u.plan_update.items[0] =
		(struct core_plan_item){"talk to the team", ""};
	expect(&x, x.c, plan, 0, CORE_OK, "client writes a plan item");
	expect(&x, x.f, next_cmd(false), 0, CORE_OK,
	       "learnings with a plan: no confirm");
	expect(&x, x.f, goto_cmd(0, false), 0, CORE_OK, "goto first");
	fixture_free(&x);

	/* goto checks the target's confirmation, not the steps it skips. */
	fixture_init(&x);
	expect(&x, x.f, goto_cmd(5, false), 0, CORE_E_CONFIRM_REQUIRED,
	       "jump to learnings without plan");
	expect(&x, x.f, goto_cmd(4, false), 0, CORE_OK,
	       "jump to synthesis is free");
	fixture_free(&x);
}

static void test_time_per_step(void)
{
	struct fixture x;

	fixture_init(&x);
	x.r->step_entered_ms = 0;
	fx_exec(&x, x.f, next_cmd(false), 10 * MIN_MS); /* 0 for 10 min */
	fx_exec(&x, x.f, next_cmd(false), 10 * MIN_MS + 3000); /* oops */
	fx_exec(&x, x.f, simple_cmd(CMD_STEP_PREV), 10 * MIN_MS + 5000);
	is_int(x.r->step, 1, "accidental advance undone");
	is_int(room_step_time_ms(x.r, 2, 20 * MIN_MS), 2000,
	       "the skipped-to step got only 2 s");
	is_int(room_step_time_ms(x.r, 1, 20 * MIN_MS),
	       3000 + 10 * MIN_MS - 5000,
	       "current step includes the running visit, accumulated");
	is_int(room_step_time_ms(x.r, 0, 20 * MIN_MS), 10 * MIN_MS,
	       "first step 10 min");
	is_int(room_step_time_ms(x.r, 99, 0), 0, "bad index: 0");
	fixture_free(&x);
}

static void test_round_ends_on_step(void)
{
	struct fixture x;

	fixture_init(&x);
	fx_exec(&x, x.f, simple_cmd(CMD_ROUND_START), 0);
	ok(x.r->round.active, "round active");
	expect(&x, x.f, next_cmd(false), 0, CORE_OK, "next step");
	ok(!x.r->round.active && fx_find(&x.fx, EV_ROUND_CHANGED) >= 0,
	   "the round ends with its step");
	fixture_free(&x);
}

int main(void)
{
	test_bounds();
	test_confirmations();
	test_time_per_step();
	test_round_ends_on_step();
	return tap_done();
}
