/*
 * timer.c — the room's one shared timer, armed with the current step's
 * duration: idle → running ⇄ paused, extend in any state, reset to idle.
 *
 * Representation: while running only the deadline (monotonic ms) is kept,
 * so the server is authoritative and a late tick never drifts; while idle
 * or paused the remaining time is kept. remaining < 0 is overrun: expiry
 * does NOT move the step, the clock keeps running into negative time, and
 * the overrun is added to r->step_overrun_ms[step] when the timer is
 * re-armed (reset), left (step change) or extended while overrun.
 *
 * Per step: leaving a step keeps its timer (timer_keep: a running one as
 * the remaining time it had, so the time away never counts); coming back
 * restores it as it was left, running again from now if it was running
 * (timer_enter), and takes back the overrun recorded when it was left
 * (it is counted again when the step is left again), so step_overrun_ms
 * never counts the same overrun twice. A step never visited is armed idle.
 *
 * Extend: while overrun, +N min gives N minutes from NOW (the overrun so
 * far is recorded and the clock restarts at +N:00); otherwise N minutes
 * are added to what remains.
 *
 * Warnings: bit i of marks_fired says mark i (r->warn_marks_s, sorted
 * descending) was emitted during this run, or was already passed when the
 * timer was armed (a 60 s step never warns "120 s left"). An extend that
 * lifts remaining above a mark clears its bit so it fires again; one that
 * lifts it above zero re-arms expiry.
 */
#include "core/internal.h"

#define MAX_DURATION_MS ((int64_t)24 * 3600 * 1000)

static int64_t mark_ms(const struct room *r, size_t i)
{
	return (int64_t)r->warn_marks_s[i] * 1000;
}

static int64_t remaining(const struct core_timer *t, int64_t now_ms)
{
	return t->status == CORE_TIMER_RUNNING ? t->deadline_ms - now_ms
					       : t->remaining_ms;
}

void timer_arm(struct room *r)
{
	int64_t d = (int64_t)r->tpl.steps[r->step].duration_s * 1000;

	r->timer = (struct core_timer){
		.status = CORE_TIMER_IDLE,
		.duration_ms = d,
		.remaining_ms = d,
	};
	for (size_t i = 0; i < r->n_warn_marks; i++)
		if (d <= mark_ms(r, i))
			r->timer.marks_fired |= 1u << i;
}

void timer_keep(struct room *r, int64_t now_ms)
{
	struct core_timer *kept = &r->step_timer[r->step];

	*kept = r->timer;
	kept->remaining_ms = remaining(&r->timer, now_ms);
	kept->deadline_ms = 0;
	r->step_timer_kept[r->step] = true;
}

void timer_enter(struct room *r, int64_t now_ms)
{
	if (!r->step_timer_kept[r->step]) {
		timer_arm(r);
		return;
	}
	r->timer = r->step_timer[r->step];
	if (r->timer.status == CORE_TIMER_RUNNING)
		r->timer.deadline_ms = now_ms + r->timer.remaining_ms;
	if (r->timer.remaining_ms < 0)
		r->step_overrun_ms[r->step] -= -r->timer.remaining_ms;
}

void timer_record_overrun(struct room *r, int64_t now_ms)
{
	int64_t rem = remaining(&r->timer, now_ms);

	if (rem < 0)
		r->step_overrun_ms[r->step] += -rem;
}

void timer_pause_now(struct room *r, int64_t now_ms)
{
	r->timer.remaining_ms = r->timer.deadline_ms - now_ms;
	r->timer.status = CORE_TIMER_PAUSED;
}

void room_timer_hold(struct room *r, int64_t at_ms, const char *reason,
		     struct core_effects *fx)
{
	if (fx)
		fx->n = 0;
	if (r->timer.status != CORE_TIMER_RUNNING)
		return;
	timer_pause_now(r, at_ms);
	fx_emit(fx, EV_TIMER_CHANGED, 0, 0, reason);
}

void room_timer_view(const struct room *r, int64_t now_ms,
		     struct core_timer_view *out)
{
	const struct core_timer *t = &r->timer;
	int64_t rem = remaining(t, now_ms);

	*out = (struct core_timer_view){
		.status = t->status,
		.duration_ms = t->duration_ms,
		.remaining_ms = rem,
		.deadline_ms =
			t->status == CORE_TIMER_RUNNING ? t->deadline_ms : 0,
		.overrun_ms = rem < 0 ? -rem : 0,
	};
}

static enum core_err transition(struct room *r, enum core_timer_status from,
				enum core_timer_status to, int64_t now_ms,
				const char *reason, struct core_effects *fx)
{
	if (r->timer.status != from)
		return CORE_E_CONFLICT;
	if (to == CORE_TIMER_PAUSED) {
		timer_pause_now(r, now_ms);
	} else {
		r->timer.deadline_ms = now_ms + r->timer.remaining_ms;
		r->timer.status = to;
	}
	fx_emit(fx, EV_TIMER_CHANGED, 0, 0, reason);
	return CORE_OK;
}

enum core_err timer_cmd_start(struct room *r, const struct actor *a,
			      const struct core_cmd *cmd, int64_t now_ms,
			      struct core_effects *fx)
{
	(void)a;
	(void)cmd;
	return transition(r, CORE_TIMER_IDLE, CORE_TIMER_RUNNING, now_ms,
			  "started", fx);
}

enum core_err timer_cmd_pause(struct room *r, const struct actor *a,
			      const struct core_cmd *cmd, int64_t now_ms,
			      struct core_effects *fx)
{
	(void)a;
	(void)cmd;
	return transition(r, CORE_TIMER_RUNNING, CORE_TIMER_PAUSED, now_ms,
			  "paused", fx);
}

enum core_err timer_cmd_resume(struct room *r, const struct actor *a,
			       const struct core_cmd *cmd, int64_t now_ms,
			       struct core_effects *fx)
{
	(void)a;
	(void)cmd;
	return transition(r, CORE_TIMER_PAUSED, CORE_TIMER_RUNNING, now_ms,
			  "resumed", fx);
}

/* 1..60 minutes per extend (BAD_FIELD otherwise); the total is capped at
 * 24 h (LIMIT) so repeated extends can never overflow the arithmetic. */
enum core_err timer_cmd_extend(struct room *r, const struct actor *a,
			       const struct core_cmd *cmd, int64_t now_ms,
			       struct core_effects *fx)
{
	uint32_t min = cmd->u.timer_extend.minutes;
	struct core_timer *t = &r->timer;
	(void)a;

	if (min < 1 || min > 60)
		return CORE_E_BAD_FIELD;
	int64_t add = (int64_t)min * 60 * 1000;
	/* Rules 1 added the minutes to the overrun (no "over" to restart). */
	int64_t over = remaining(t, now_ms) < 0 && r->cfg.rules >= CORE_RULES_2
			       ? -remaining(t, now_ms)
			       : 0;
	/* duration grows by the overrun too: elapsed (duration - remaining)
	 * stays what it was, only the time still to go changes. */
	if (over > MAX_DURATION_MS - add ||
	    t->duration_ms > MAX_DURATION_MS - add - over)
		return CORE_E_LIMIT;
	r->step_overrun_ms[r->step] += over;
	t->duration_ms += add + over;
	if (t->status == CORE_TIMER_RUNNING)
		t->deadline_ms += add + over;
	else
		t->remaining_ms += add + over;

	int64_t rem = remaining(t, now_ms);
	for (size_t i = 0; i < r->n_warn_marks; i++)
		if (rem > mark_ms(r, i))
			t->marks_fired &= ~(1u << i);
	if (rem > 0)
		t->expired_fired = false;
	fx_emit(fx, EV_TIMER_CHANGED, 0, min, "extended");
	return CORE_OK;
}

enum core_err timer_cmd_reset(struct room *r, const struct actor *a,
			      const struct core_cmd *cmd, int64_t now_ms,
			      struct core_effects *fx)
{
	(void)a;
	(void)cmd;
	timer_record_overrun(r, now_ms);
	timer_arm(r);
	fx_emit(fx, EV_TIMER_CHANGED, 0, 0, "reset");
	return CORE_OK;
}

/* Marks are crossed in descending order, then zero. A late tick emits every
 * mark it passed, in order, keeping one slot for the expiry; marks that do
 * not fit are consumed silently (they are stale anyway). */
void room_tick(struct room *r, int64_t now_ms, struct core_effects *fx)
{
	struct core_timer *t = &r->timer;

	if (fx)
		fx->n = 0;
	if (t->status != CORE_TIMER_RUNNING)
		return;
	int64_t rem = t->deadline_ms - now_ms;
	bool expire = !t->expired_fired && rem <= 0;
	size_t room_for_marks = CORE_MAX_EVENTS - (expire ? 1 : 0);

	for (size_t i = 0; i < r->n_warn_marks; i++) {
		if ((t->marks_fired & (1u << i)) || rem > mark_ms(r, i))
			continue;
		t->marks_fired |= 1u << i;
		if (fx && fx->n < room_for_marks)
			fx_emit(fx, EV_TIMER_WARNING, 0, r->warn_marks_s[i],
				NULL);
	}
	if (expire) {
		t->expired_fired = true;
		fx_emit(fx, EV_TIMER_EXPIRED, 0, 0, NULL);
	}
}

int64_t room_next_wakeup(const struct room *r, int64_t now_ms)
{
	const struct core_timer *t = &r->timer;
	int64_t next = -1;
	(void)now_ms;

	if (t->status != CORE_TIMER_RUNNING)
		return -1;
	if (!t->expired_fired)
		next = t->deadline_ms;
	for (size_t i = 0; i < r->n_warn_marks; i++) {
		int64_t at = t->deadline_ms - mark_ms(r, i);
		if (!(t->marks_fired & (1u << i)) && (next < 0 || at < next))
			next = at;
	}
	return next;
}
