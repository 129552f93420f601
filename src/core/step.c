/*
 * step.c — the step engine: the facilitator moves through the template's
 * steps with step.next / step.prev / step.goto.
 *
 * Invariants:
 *   - r->step < r->tpl.n_steps always;
 *   - time is accounted per step: when a step stops being current, the time
 *     since step_entered_ms is added to step_time_ms[step], so revisits
 *     accumulate and an accidental advance undone by step.prev costs the
 *     other step only the seconds it was current;
 *   - each change keeps the old step's timer (after recording its
 *     overrun) and gives the new step its own: as it was left when the
 *     step was current before (timer.c, timer_enter), else idle with the
 *     step's duration (the facilitator starts it); Previous / Next / Undo
 *     never lose a step's elapsed time;
 *   - each change ends a tour de table (a round belongs to the step it was
 *     started in) and forgets who had the floor in the step.
 *
 * Confirmations only guard FORWARD moves (entering consultation without a
 * contract, learnings without a plan): going back is an undo of a move
 * already made and must stay one click.
 */
#include "core/internal.h"

static bool needs_confirm(const struct room *r, size_t target)
{
	if (target <= r->step)
		return false;
	switch (r->tpl.steps[target].kind) {
	case STEP_CONSULTATION:
		return !room_has_contract(r);
	case STEP_LEARNINGS:
		return r->n_plan == 0;
	default:
		return false;
	}
}

static void change_step(struct room *r, size_t target, int64_t now_ms,
			struct core_effects *fx)
{
	if (now_ms > r->step_entered_ms)
		r->step_time_ms[r->step] += now_ms - r->step_entered_ms;
	timer_record_overrun(r, now_ms);
	if (r->cfg.rules >= CORE_RULES_2)
		timer_keep(r, now_ms);
	r->step = target;
	r->step_entered_ms = now_ms;
	r->step_speakers = 0;
	if (r->cfg.rules >= CORE_RULES_2)
		timer_enter(r, now_ms);
	else
		timer_arm(r); /* rules 1: a step change re-armed the timer */
	fx_emit(fx, EV_STEP_CHANGED, 0, (uint32_t)target, NULL);
	fx_emit(fx, EV_TIMER_CHANGED, 0, 0, "step_changed");
	if (r->round.active)
		queue_end_round(r, fx);
}

static enum core_err move_to(struct room *r, size_t target, bool confirm,
			     int64_t now_ms, struct core_effects *fx)
{
	if (!confirm && needs_confirm(r, target))
		return CORE_E_CONFIRM_REQUIRED;
	change_step(r, target, now_ms, fx);
	return CORE_OK;
}

enum core_err step_cmd_next(struct room *r, const struct actor *a,
			    const struct core_cmd *cmd, int64_t now_ms,
			    struct core_effects *fx)
{
	(void)a;
	if (r->step + 1 >= r->tpl.n_steps)
		return CORE_E_CONFLICT;
	return move_to(r, r->step + 1, cmd->u.step_next.confirm, now_ms, fx);
}

enum core_err step_cmd_prev(struct room *r, const struct actor *a,
			    const struct core_cmd *cmd, int64_t now_ms,
			    struct core_effects *fx)
{
	(void)a;
	(void)cmd;
	if (r->step == 0)
		return CORE_E_CONFLICT;
	return move_to(r, r->step - 1, true, now_ms, fx);
}

/* Unknown step index: NOT_FOUND; the current step: CONFLICT (nothing to
 * move; re-arming the timer is timer.reset's job). */
enum core_err step_cmd_goto(struct room *r, const struct actor *a,
			    const struct core_cmd *cmd, int64_t now_ms,
			    struct core_effects *fx)
{
	uint32_t target = cmd->u.step_goto.step;
	(void)a;

	if (target >= r->tpl.n_steps)
		return CORE_E_NOT_FOUND;
	if (target == r->step)
		return CORE_E_CONFLICT;
	return move_to(r, target, cmd->u.step_goto.confirm, now_ms, fx);
}
