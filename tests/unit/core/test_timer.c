/*
 * test_timer.c — the shared timer with an injected monotonic clock:
 * start / pause / resume / extend / reset, warnings at 120 s and 30 s,
 * expiry without step change, overrun, late ticks, wakeups, and the
 * pause_when_client_away option.
 */
#include "helpers.h"

static struct core_template one_step(uint32_t seconds)
{
	struct core_template t = {.id = "t", .name = "t", .n_steps = 2};

	t.steps[0] = (struct core_step_def){STEP_PRESENTATION, seconds};
	t.steps[1] = (struct core_step_def){STEP_QUESTIONS, 600};
	return t;
}

static struct core_cmd extend_cmd(uint32_t min)
{
	struct core_cmd c = {.type = CMD_TIMER_EXTEND};

	c.u.timer_extend.minutes = min;
	return c;
}

static struct core_timer_view view(struct fixture *x, int64_t now)
{
	struct core_timer_view v;

	room_timer_view(x->r, now, &v);
	return v;
}

/* Ticks at `now`; returns a compact string of the events ("W120 W30 X"). */
static const char *tick(struct fixture *x, int64_t now)
{
	static char buf[128];
	size_t len = 0;

	buf[0] = '\0';
	room_tick(x->r, now, &x->fx);
	for (size_t i = 0; i < x->fx.n && len < sizeof buf - 16; i++) {
		const struct core_event *e = &x->fx.ev[i];
		if (e->type == EV_TIMER_WARNING)
			len += (size_t)snprintf(buf + len, sizeof buf - len,
						"%sW%u", len ? " " : "",
						e->detail);
		else
			len += (size_t)snprintf(
				buf + len, sizeof buf - len, "%s%s",
				len ? " " : "",
				e->type == EV_TIMER_EXPIRED ? "X" : "?");
	}
	return buf;
}

static void test_run(void)
{
	struct core_template t = one_step(300);
	struct fixture x;
	struct core_timer_view v;

	fixture_init_cfg(&x, &t, NULL);
	v = view(&x, 0);
	ok(v.status == CORE_TIMER_IDLE && v.duration_ms == 300000 &&
		   v.remaining_ms == 300000 && v.deadline_ms == 0,
	   "armed idle with the step duration");
	is_int(room_next_wakeup(x.r, 0), -1, "idle: no wakeup");
	expect(&x, x.f, simple_cmd(CMD_TIMER_PAUSE), 0, CORE_E_CONFLICT,
	       "pause while idle");
	expect(&x, x.f, simple_cmd(CMD_TIMER_RESUME), 0, CORE_E_CONFLICT,
	       "resume while idle");

	expect(&x, x.f, simple_cmd(CMD_TIMER_START), 1000, CORE_OK, "start");
	ok(x.fx.n == 1 && x.fx.ev[0].type == EV_TIMER_CHANGED &&
		   !strcmp(x.fx.ev[0].reason, "started"),
	   "timer.changed started");
	v = view(&x, 1000);
	ok(v.status == CORE_TIMER_RUNNING && v.deadline_ms == 301000,
	   "deadline = start + duration");
	expect(&x, x.f, simple_cmd(CMD_TIMER_START), 1000, CORE_E_CONFLICT,
	       "start while running");
	is_int(room_next_wakeup(x.r, 1000), 181000, "wake at the 120 s mark");
	is_str(tick(&x, 100000), "", "early tick: nothing");
	is_int(view(&x, 100000).remaining_ms, 201000, "remaining counts down");

	expect(&x, x.f, simple_cmd(CMD_TIMER_PAUSE), 100000, CORE_OK, "pause");
	is_str(tick(&x, 500000), "", "paused: tick fires nothing");
	is_int(room_next_wakeup(x.r, 500000), -1, "paused: no wakeup");
	is_int(view(&x, 500000).remaining_ms, 201000, "paused: frozen");
	expect(&x, x.f, simple_cmd(CMD_TIMER_PAUSE), 500000, CORE_E_CONFLICT,
	       "pause while paused");
	expect(&x, x.f, simple_cmd(CMD_TIMER_RESUME), 200000, CORE_OK,
	       "resume");
	is_int(view(&x, 200000).deadline_ms, 401000, "deadline after resume");

	expect(&x, x.f, extend_cmd(1), 250000, CORE_OK, "extend while running");
	v = view(&x, 250000);
	ok(v.deadline_ms == 461000 && v.duration_ms == 360000 &&
		   v.remaining_ms == 211000,
	   "extend moves deadline and duration");
	is_int(x.fx.ev[0].detail, 1, "extended event carries the minutes");

	is_str(tick(&x, 340999), "", "just before 120 s: nothing");
	is_str(tick(&x, 341000), "W120", "warning at 120 s left");
	is_str(tick(&x, 341500), "", "warning only once");
	is_int(room_next_wakeup(x.r, 341500), 431000, "next wake: 30 s mark");
	is_str(tick(&x, 431000), "W30", "warning at 30 s left");
	is_int(room_next_wakeup(x.r, 431000), 461000, "next wake: expiry");
	is_str(tick(&x, 461000), "X", "expired at zero");
	is_int(x.r->step, 0, "expiry does not move the step");
	is_str(tick(&x, 470000), "", "expiry only once");
	is_int(room_next_wakeup(x.r, 470000), -1, "nothing pending");
	v = view(&x, 470000);
	ok(v.status == CORE_TIMER_RUNNING && v.remaining_ms == -9000 &&
		   v.overrun_ms == 9000,
	   "keeps running into overrun");

	/* +1 min at -0:09 gives one minute from now (1:00, not 0:51). */
	expect(&x, x.f, extend_cmd(1), 470000, CORE_OK, "extend after expiry");
	v = view(&x, 470000);
	ok(v.remaining_ms == 60000 && v.deadline_ms == 530000 &&
		   v.duration_ms == 360000 + 69000,
	   "over time: +1 min = now + 60 s (elapsed unchanged)");
	is_int(x.r->step_overrun_ms[0], 9000, "the overrun so far recorded");
	is_str(tick(&x, 500000), "W30", "30 s mark re-armed, 120 s not");
	is_str(tick(&x, 530000), "X", "expiry re-armed");

	expect(&x, x.f, simple_cmd(CMD_TIMER_RESET), 535000, CORE_OK, "reset");
	v = view(&x, 535000);
	ok(v.status == CORE_TIMER_IDLE && v.duration_ms == 300000 &&
		   v.remaining_ms == 300000,
	   "reset: idle with the template duration");
	is_int(x.r->step_overrun_ms[0], 14000, "both overruns, once each");

	/* A late tick: every passed mark then the expiry, in order. */
	expect(&x, x.f, simple_cmd(CMD_TIMER_START), 600000, CORE_OK,
	       "start again");
	is_str(tick(&x, 1000000), "W120 W30 X", "late tick: all, in order");
	is_str(tick(&x, 1000001), "", "late tick: nothing twice");
	fixture_free(&x);
}

static void test_marks(void)
{
	struct core_template t = one_step(60);
	struct core_room_config cfg;
	struct fixture x;

	core_room_config_default(&cfg);
	fixture_init_cfg(&x, &t, &cfg);
	expect(&x, x.f, simple_cmd(CMD_TIMER_START), 0, CORE_OK, "start 60 s");
	is_str(tick(&x, 1), "", "a 60 s step never warns at 120 s");
	is_str(tick(&x, 30000), "W30", "but warns at 30 s");
	fixture_free(&x);

	t = one_step(400);
	cfg.warn_marks_s[0] = 10;
	cfg.warn_marks_s[1] = 300;
	cfg.warn_marks_s[2] = 0;
	cfg.warn_marks_s[3] = 60;
	cfg.n_warn_marks = 9; /* clamped to 4 */
	fixture_init_cfg(&x, &t, &cfg);
	ok(x.r->n_warn_marks == 3 && x.r->warn_marks_s[0] == 300 &&
		   x.r->warn_marks_s[1] == 60 && x.r->warn_marks_s[2] == 10,
	   "marks sorted descending, 0 dropped");
	expect(&x, x.f, simple_cmd(CMD_TIMER_START), 0, CORE_OK, "start 400 s");
	is_str(tick(&x, 395000), "W300 W60 W10", "late tick: marks in order");
	fixture_free(&x);
}

static void test_extend_bounds(void)
{
	struct fixture x;
	enum core_err e = CORE_OK;
	int n = 0;

	fixture_init(&x);
	expect(&x, x.f, extend_cmd(0), 0, CORE_E_BAD_FIELD, "extend 0 min");
	expect(&x, x.f, extend_cmd(61), 0, CORE_E_BAD_FIELD, "extend 61 min");
	expect(&x, x.f, extend_cmd(60), 0, CORE_OK, "extend idle by 60");
	is_int(view(&x, 0).remaining_ms, 75 * MIN_MS, "idle extend adds");
	while (n++ < 100 &&
	       (e = fx_exec(&x, x.f, extend_cmd(60), 0)) == CORE_OK)
		;
	is_int(e, CORE_E_LIMIT, "total duration capped (24 h)");
	ok(view(&x, 0).duration_ms <= 24 * 60 * MIN_MS, "cap holds");
	expect(&x, x.f, simple_cmd(CMD_TIMER_START), 0, CORE_OK, "start");
	expect(&x, x.f, simple_cmd(CMD_TIMER_PAUSE), 10, CORE_OK, "pause");
	expect(&x, x.f, extend_cmd(1), 10, CORE_OK, "extend while paused");
	expect(&x, x.f, simple_cmd(CMD_TIMER_RESET), 10, CORE_OK,
	       "reset while paused");
	is_int(view(&x, 10).remaining_ms, 15 * MIN_MS, "reset to template");
	fixture_free(&x);
}

/* A paused timer over time: +1 min also counts from now (the -0:34 +
 * 1 min = 0:26 seen in a browser is gone). */
static void test_extend_when_over_paused(void)
{
	struct core_template t = one_step(60);
	struct fixture x;

	fixture_init_cfg(&x, &t, NULL);
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_START), 0);
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_PAUSE), 94000);
	is_int(view(&x, 94000).remaining_ms, -34000, "paused at -0:34");
	expect(&x, x.f, extend_cmd(1), 95000, CORE_OK, "+1 min");
	is_int(view(&x, 95000).remaining_ms, 60000, "1:00 left, paused");
	is_int(x.r->step_overrun_ms[0], 34000, "the 34 s overrun recorded");
	expect(&x, x.f, extend_cmd(5), 96000, CORE_OK, "+5 min not over");
	is_int(view(&x, 96000).remaining_ms, 360000, "adds to what remains");
	fixture_free(&x);
}

/* Rules 1 (core/room.h): +1 min while over time added to the overrun. */
static void test_extend_over_rules_1(void)
{
	struct core_template t = one_step(60);
	struct fixture x;

	fixture_init_rules(&x, &t, CORE_RULES_1);
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_START), 0);
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_PAUSE), 94000);
	expect(&x, x.f, extend_cmd(1), 95000, CORE_OK, "+1 min");
	is_int(view(&x, 95000).remaining_ms, 26000,
	       "rules 1: -0:34 + 1 min = 0:26, as it was acknowledged");
	is_int(x.r->step_overrun_ms[0], 0, "rules 1: no overrun recorded");
	fixture_free(&x);
}

static void test_step_rearms(void)
{
	struct fixture x;

	fixture_init(&x);
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_START), 0);
	expect(&x, x.f, simple_cmd(CMD_STEP_NEXT), 16 * MIN_MS, CORE_OK,
	       "next step while overrunning");
	struct core_timer_view v = view(&x, 16 * MIN_MS);
	ok(v.status == CORE_TIMER_IDLE && v.remaining_ms == 15 * MIN_MS,
	   "timer re-armed idle with the new step's duration");
	is_int(x.r->step_overrun_ms[0], MIN_MS, "old step's overrun recorded");
	ok(fx_find(&x.fx, EV_STEP_CHANGED) >= 0 &&
		   fx_find(&x.fx, EV_TIMER_CHANGED) >= 0,
	   "step.changed and timer.changed emitted");
	fixture_free(&x);
}

static void test_client_away(void)
{
	struct core_room_config cfg;
	struct core_template t = tpl_codev90();
	struct fixture x;

	core_room_config_default(&cfg);
	cfg.pause_when_client_away = true;
	fixture_init_cfg(&x, &t, &cfg);
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_START), 0);
	room_presence(x.r, x.k, false, 1000, &x.fx);
	is_int(view(&x, 1000).status, CORE_TIMER_RUNNING,
	       "a consultant leaving does not pause");
	room_presence(x.r, x.c, false, 2000, &x.fx);
	int i = fx_find(&x.fx, EV_TIMER_CHANGED);
	ok(i >= 0 && !strcmp(x.fx.ev[i].reason, "client_disconnected"),
	   "client away: timer.changed client_disconnected");
	ok(fx_find(&x.fx, EV_PARTICIPANT_LEFT) == 0, "participant.left first");
	struct core_timer_view v = view(&x, 9000);
	ok(v.status == CORE_TIMER_PAUSED &&
		   v.remaining_ms == 15 * MIN_MS - 2000,
	   "paused at the disconnect time");
	room_presence(x.r, x.c, true, 10000, &x.fx);
	is_int(view(&x, 10000).status, CORE_TIMER_PAUSED, "not auto-resumed");
	fixture_free(&x);

	fixture_init(&x); /* option off */
	fx_exec(&x, x.f, simple_cmd(CMD_TIMER_START), 0);
	room_presence(x.r, x.c, false, 2000, &x.fx);
	ok(view(&x, 2000).status == CORE_TIMER_RUNNING && x.fx.n == 1,
	   "option off: client away changes nothing but presence");
	fixture_free(&x);
}

/* The hub holds a running timer at restore (downtime, clock backwards). */
static void test_hold(void)
{
	struct core_template t = one_step(300);
	struct fixture x;

	fixture_init_cfg(&x, &t, NULL);
	room_timer_hold(x.r, 5000, "restart_downtime", &x.fx);
	is_int(x.fx.n, 0, "hold while idle: nothing");
	expect(&x, x.f, simple_cmd(CMD_TIMER_START), 1000, CORE_OK, "start");
	room_timer_hold(x.r, 61000, "restart_downtime", &x.fx);
	ok(x.fx.n == 1 && x.fx.ev[0].type == EV_TIMER_CHANGED &&
		   !strcmp(x.fx.ev[0].reason, "restart_downtime"),
	   "held: timer.changed with the reason");
	struct core_timer_view v = view(&x, 900000);
	ok(v.status == CORE_TIMER_PAUSED && v.remaining_ms == 240000,
	   "paused with the time left when the hub stopped counting");
	room_timer_hold(x.r, 900000, "restart_downtime", &x.fx);
	is_int(x.fx.n, 0, "hold while paused: nothing");
	expect(&x, x.f, simple_cmd(CMD_TIMER_RESUME), 900000, CORE_OK,
	       "the facilitator resumes");
	fixture_free(&x);
}

int main(void)
{
	test_hold();
	test_run();
	test_marks();
	test_extend_bounds();
	test_step_rearms();
	test_extend_when_over_paused();
	test_extend_over_rules_1();
	test_client_away();
	return tap_done();
}
