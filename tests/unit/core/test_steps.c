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

static struct core_timer_view tview(struct fixture *x, int64_t now)
{
	struct core_timer_view v;

	room_timer_view(x->r, now, &v);
	return v;
}

/* Previous / Next / Undo / goto keep each step's timer: a running one
 * comes back running with the time it had left (the time away does not
 * count), a paused one paused, a step never visited idle and full. */
static void test_timer_kept_per_step(void)
{
	struct fixture x;
	struct core_timer_view v;

	fixture_init(&x);
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_START), 0);
	expect(&x, x.f, next_cmd(false), 5 * MIN_MS, CORE_OK, "next at 5:00");
	v = tview(&x, 5 * MIN_MS);
	ok(v.status == CORE_TIMER_IDLE && v.remaining_ms == 15 * MIN_MS,
	   "a step never visited: idle, full duration");
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_START), 6 * MIN_MS);
	expect(&x, x.f, simple_cmd(CMD_STEP_PREV), 8 * MIN_MS, CORE_OK,
	       "previous (undo)");
	v = tview(&x, 9 * MIN_MS);
	ok(v.status == CORE_TIMER_RUNNING && v.remaining_ms == 9 * MIN_MS &&
		   v.duration_ms == 15 * MIN_MS,
	   "step 1 runs on from 10:00 left, not 15:00 Not started");
	expect(&x, x.f, next_cmd(false), 9 * MIN_MS, CORE_OK, "next again");
	v = tview(&x, 9 * MIN_MS);
	ok(v.status == CORE_TIMER_RUNNING && v.remaining_ms == 13 * MIN_MS,
	   "step 2 runs on from the 13:00 it had left");
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_PAUSE), 10 * MIN_MS);
	expect(&x, x.f, goto_cmd(0, false), 11 * MIN_MS, CORE_OK, "goto 1");
	is_int(tview(&x, 11 * MIN_MS).remaining_ms, 9 * MIN_MS,
	       "goto: step 1 kept its time too");
	expect(&x, x.f, goto_cmd(1, false), 12 * MIN_MS, CORE_OK, "goto 2");
	v = tview(&x, 20 * MIN_MS);
	ok(v.status == CORE_TIMER_PAUSED && v.remaining_ms == 12 * MIN_MS,
	   "a paused step comes back paused with its time");
	expect(&x, x.f, goto_cmd(2, false), 12 * MIN_MS, CORE_OK, "goto 3");
	v = tview(&x, 12 * MIN_MS);
	ok(v.status == CORE_TIMER_IDLE && v.remaining_ms == 5 * MIN_MS,
	   "step 3 never visited: idle");
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_RESET), 12 * MIN_MS);
	fx_exec(&x, x.f, simple_cmd(CMD_STEP_PREV), 12 * MIN_MS);
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_RESET), 13 * MIN_MS);
	v = tview(&x, 13 * MIN_MS);
	ok(v.status == CORE_TIMER_IDLE && v.remaining_ms == 15 * MIN_MS,
	   "timer.reset still gives the step its full time");
	fixture_free(&x);
}

/* A room created under rules 1 (before per-step timers, core/room.h)
 * replays as it ran: a step change re-arms the timer idle. */
static void test_rules_1_rearms(void)
{
	struct core_template t = tpl_codev90();
	struct fixture x;
	struct core_timer_view v;

	fixture_init_rules(&x, &t, CORE_RULES_1);
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_START), 0);
	expect(&x, x.f, next_cmd(false), 5 * MIN_MS, CORE_OK, "next at 5:00");
	expect(&x, x.f, simple_cmd(CMD_STEP_PREV), 6 * MIN_MS, CORE_OK,
	       "previous");
	v = tview(&x, 7 * MIN_MS);
	ok(v.status == CORE_TIMER_IDLE && v.remaining_ms == 15 * MIN_MS,
	   "rules 1: back on step 1, idle with its full 15:00");
	fixture_free(&x);
}

/* An overrun step left and revisited: its overrun is counted once. */
static void test_overrun_kept_once(void)
{
	struct fixture x;
	struct core_timer_view v;

	fixture_init(&x);
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_START), 0);
	fx_exec(&x, x.f, next_cmd(false), 15 * MIN_MS + 10000);
	is_int(x.r->step_overrun_ms[0], 10000, "10 s overrun recorded");
	fx_exec(&x, x.f, simple_cmd(CMD_STEP_PREV), 16 * MIN_MS);
	v = tview(&x, 16 * MIN_MS + 10000);
	ok(v.status == CORE_TIMER_RUNNING && v.overrun_ms == 20000,
	   "back: still overrunning from -0:10");
	fx_exec(&x, x.f, next_cmd(false), 16 * MIN_MS + 10000);
	is_int(x.r->step_overrun_ms[0], 20000, "20 s in all, not 30 s");
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
	test_timer_kept_per_step();
	test_rules_1_rearms();
	test_overrun_kept_once();
	return tap_done();
}
