/*
 * queue.c — who speaks: the raised-hands FIFO, the floor, and the tour de
 * table (round mode).
 *
 * Invariants:
 *   - hands holds distinct participant ids in raise order, never an
 *     observer, n_hands <= max_participants (so it cannot overflow);
 *   - floor is 0 or an existing non-observer participant;
 *   - while a round is active, nobody in round.order gets the floor a
 *     second time while someone else in it has not spoken yet ("everyone
 *     once before anyone twice"). Giving the floor to someone outside the
 *     round (e.g. the client answering) is allowed and does not count.
 *
 * Idempotence: raising an already raised hand and lowering a hand that is
 * not raised are successful no-ops without events (races between a click
 * and floor.give are normal); only an unknown participant id is NOT_FOUND.
 */
#include <string.h>

#include "core/internal.h"

bool queue_remove_hand(struct room *r, uint32_t pid)
{
	for (size_t i = 0; i < r->n_hands; i++) {
		if (r->hands[i] != pid)
			continue;
		memmove(&r->hands[i], &r->hands[i + 1],
			(r->n_hands - i - 1) * sizeof r->hands[0]);
		r->n_hands--;
		return true;
	}
	return false;
}

static bool hand_raised(const struct room *r, uint32_t pid)
{
	for (size_t i = 0; i < r->n_hands; i++)
		if (r->hands[i] == pid)
			return true;
	return false;
}

void queue_end_round(struct room *r, struct core_effects *fx)
{
	r->round.active = false;
	r->round.n = 0;
	fx_emit(fx, EV_ROUND_CHANGED, 0, 0, "ended");
}

enum core_err queue_cmd_raise(struct room *r, const struct actor *a,
			      const struct core_cmd *cmd, int64_t now_ms,
			      struct core_effects *fx)
{
	(void)cmd;
	(void)now_ms;
	if (hand_raised(r, a->pid))
		return CORE_OK;
	if (r->n_hands >= r->cfg.max_participants)
		return CORE_E_LIMIT; /* unreachable: ids are distinct */
	r->hands[r->n_hands++] = a->pid;
	fx_emit(fx, EV_HANDS_CHANGED, a->pid, 0, "raised");
	return CORE_OK;
}

enum core_err queue_cmd_lower(struct room *r, const struct actor *a,
			      const struct core_cmd *cmd, int64_t now_ms,
			      struct core_effects *fx)
{
	uint32_t pid = cmd->u.hand_lower.participant;
	(void)now_ms;

	if (!pid)
		pid = a->pid;
	/* Lowering someone else's hand was checked by the pipeline. */
	if (!room_participant(r, pid))
		return CORE_E_NOT_FOUND;
	if (queue_remove_hand(r, pid))
		fx_emit(fx, EV_HANDS_CHANGED, pid, 0, "lowered");
	return CORE_OK;
}

/* Index of pid in the round, or -1. */
static long round_index(const struct room *r, uint32_t pid)
{
	for (size_t i = 0; i < r->round.n; i++)
		if (r->round.order[i] == pid)
			return (long)i;
	return -1;
}

static size_t round_unspoken(const struct room *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->round.n; i++)
		n += !r->round.spoke[i];
	return n;
}

static uint64_t speaker_bit(uint32_t pid)
{
	return pid >= 1 && pid <= 64 ? (uint64_t)1 << (pid - 1) : 0;
}

static void round_drop(struct room *r, size_t i)
{
	memmove(&r->round.order[i], &r->round.order[i + 1],
		(r->round.n - i - 1) * sizeof r->round.order[0]);
	memmove(&r->round.spoke[i], &r->round.spoke[i + 1],
		(r->round.n - i - 1) * sizeof r->round.spoke[0]);
	r->round.n--;
}

/* from's place in the round goes to into (0: to nobody), who keeps the
 * earlier place when both are in it, having spoken if either had. */
static bool round_merge(struct room *r, uint32_t from, uint32_t into)
{
	long i = r->round.active ? round_index(r, from) : -1;
	long j = into ? round_index(r, into) : -1;

	if (i < 0)
		return false;
	if (into && j < 0) {
		r->round.order[i] = into;
		return true;
	}
	if (j >= 0)
		r->round.spoke[j] = r->round.spoke[j] || r->round.spoke[i];
	round_drop(r, (size_t)i);
	return true;
}

void queue_merge(struct room *r, uint32_t from, uint32_t into,
		 struct core_effects *fx)
{
	const struct core_participant *to = room_participant(r, into);
	bool speaks = to && to->role != ROLE_OBSERVER;
	bool had_hand = queue_remove_hand(r, from);

	if (had_hand && speaks && !hand_raised(r, into))
		r->hands[r->n_hands++] = into; /* at the end: no jumping */
	if (had_hand)
		fx_emit(fx, EV_HANDS_CHANGED, from, 0, "lowered");
	if (speaks && (r->step_speakers & speaker_bit(from)))
		r->step_speakers |= speaker_bit(into);
	bool round_moved = round_merge(r, from, speaks ? into : 0);
	if (r->floor == from) {
		r->floor = speaks ? into : 0;
		fx_emit(fx, EV_FLOOR_GIVEN, r->floor, 0, NULL);
	} else if (round_moved) {
		fx_emit(fx, EV_ROUND_CHANGED, 0, 0, "merged");
	}
}

/* Gives the floor; pid already validated. Keeps the round bookkeeping. */
static void give_floor(struct room *r, uint32_t pid, struct core_effects *fx)
{
	long i = r->round.active ? round_index(r, pid) : -1;

	r->floor = pid;
	r->step_speakers |= speaker_bit(pid);
	if (i >= 0)
		r->round.spoke[i] = true;
	fx_emit(fx, EV_FLOOR_GIVEN, pid, 0, NULL);
	if (pid && queue_remove_hand(r, pid))
		fx_emit(fx, EV_HANDS_CHANGED, pid, 0, "lowered");
}

/* In a round where everybody has already spoken, the next floor.give
 * closes the round (the last speaker is done) before giving the floor. */
enum core_err queue_cmd_floor(struct room *r, const struct actor *a,
			      const struct core_cmd *cmd, int64_t now_ms,
			      struct core_effects *fx)
{
	uint32_t pid = cmd->u.floor_give.participant;
	const struct core_participant *p = room_participant(r, pid);
	(void)a;
	(void)now_ms;

	if (pid && !p)
		return CORE_E_NOT_FOUND;
	if (p && p->role == ROLE_OBSERVER)
		return CORE_E_CONFLICT;
	if (r->round.active) {
		long i = round_index(r, pid);
		size_t left = round_unspoken(r);

		if (i >= 0 && r->round.spoke[i] && left > 0)
			return CORE_E_CONFLICT;
		if (left == 0)
			queue_end_round(r, fx);
	}
	give_floor(r, pid, fx);
	return CORE_OK;
}

static bool round_member(const struct core_participant *p)
{
	return p->connected &&
	       (p->role == ROLE_CONSULTANT || p->role == ROLE_SCRIBE);
}

/* Appends the round members that did (heard) or did not have the floor
 * in this step, in join order (ascending id). */
static void add_members(struct room *r, bool heard)
{
	for (size_t i = 0; i < r->n_participants; i++) {
		const struct core_participant *p = &r->participants[i];
		bool had = (r->step_speakers & speaker_bit(p->id)) != 0;

		if (!round_member(p) || had != heard)
			continue;
		r->round.order[r->round.n] = p->id;
		r->round.spoke[r->round.n++] = false;
	}
}

/* Rules 1: the whole round in join order (ascending id). */
static void sort_join_order(struct room *r)
{
	for (size_t i = 1; i < r->round.n; i++)
		for (size_t j = i;
		     j > 0 && r->round.order[j - 1] > r->round.order[j]; j--) {
			uint32_t t = r->round.order[j];
			r->round.order[j] = r->round.order[j - 1];
			r->round.order[j - 1] = t;
		}
}

/* The order is fixed at start: connected consultants and scribes, first
 * those who have not had the floor in this step yet, then those who have
 * (the one speaking now included), each part by join order. So the round
 * opens with the first consultant not heard yet, and restarting an active
 * round starts a new pass with whoever the last pass had not reached. */
enum core_err queue_cmd_round_start(struct room *r, const struct actor *a,
				    const struct core_cmd *cmd, int64_t now_ms,
				    struct core_effects *fx)
{
	size_t i = 0;
	(void)a;
	(void)cmd;
	(void)now_ms;

	while (i < r->n_participants && !round_member(&r->participants[i]))
		i++;
	if (i == r->n_participants)
		return CORE_E_CONFLICT; /* nobody to go round */
	r->round.n = 0;
	add_members(r, false);
	add_members(r, true);
	if (r->cfg.rules < CORE_RULES_2)
		sort_join_order(r); /* rules 1: the round went in join order */
	r->round.active = true;
	fx_emit(fx, EV_ROUND_CHANGED, 0, 0, "started");
	give_floor(r, r->round.order[0], fx);
	return CORE_OK;
}

/* Next = first one in round order who has not spoken and is connected (a
 * disconnected member is skipped, not waited for). Nobody left: the round
 * ends and nobody has the floor. */
enum core_err queue_cmd_round_next(struct room *r, const struct actor *a,
				   const struct core_cmd *cmd, int64_t now_ms,
				   struct core_effects *fx)
{
	(void)a;
	(void)cmd;
	(void)now_ms;

	if (!r->round.active)
		return CORE_E_CONFLICT;
	for (size_t i = 0; i < r->round.n; i++) {
		const struct core_participant *p =
			room_participant(r, r->round.order[i]);
		if (!r->round.spoke[i] && p && p->connected &&
		    p->role != ROLE_OBSERVER) {
			give_floor(r, p->id, fx);
			return CORE_OK;
		}
	}
	queue_end_round(r, fx);
	give_floor(r, 0, fx);
	return CORE_OK;
}
