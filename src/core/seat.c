/*
 * seat.c — who may be in the room: locking it, ending the workshop,
 * removing a participant, and the hub freeing the seat of someone away
 * for long.
 *
 * Invariants:
 *   - r->n_seated counts the participants whose seat is CORE_SEAT_TAKEN
 *     and never exceeds max_participants;
 *   - a removed participant stays a member (ids are never reused, their
 *     questions, suggestions and learnings keep their name) but holds no
 *     role beyond consultant, no hand, no floor and is not the backup;
 *   - a merged participant is a removed one whose items, hand, floor,
 *     round place and backup seat went to merged_into (a taken seat),
 *     so that their links and devices lead there;
 *   - once ended, a room never changes again through a command
 *     (room_execute refuses them all); presence still comes and goes.
 */
#include "core/internal.h"

bool room_seat_free(const struct room *r)
{
	return r->n_seated < r->cfg.max_participants;
}

enum core_err seat_cmd_lock(struct room *r, const struct actor *a,
			    const struct core_cmd *cmd, int64_t now_ms,
			    struct core_effects *fx)
{
	(void)a, (void)cmd, (void)now_ms;
	if (r->locked)
		return CORE_E_CONFLICT;
	r->locked = true;
	fx_emit(fx, EV_ROOM_LOCKED, 0, 0, "locked");
	return CORE_OK;
}

enum core_err seat_cmd_unlock(struct room *r, const struct actor *a,
			      const struct core_cmd *cmd, int64_t now_ms,
			      struct core_effects *fx)
{
	(void)a, (void)cmd, (void)now_ms;
	if (!r->locked)
		return CORE_E_CONFLICT;
	r->locked = false;
	fx_emit(fx, EV_ROOM_LOCKED, 0, 0, "unlocked");
	return CORE_OK;
}

/* The clock stops where it is (a paused timer keeps its remaining time
 * for the record); nobody is removed, everyone can still read. */
enum core_err seat_cmd_end(struct room *r, const struct actor *a,
			   const struct core_cmd *cmd, int64_t now_ms,
			   struct core_effects *fx)
{
	(void)a, (void)cmd;
	if (r->timer.status == CORE_TIMER_RUNNING) {
		timer_pause_now(r, now_ms);
		fx_emit(fx, EV_TIMER_CHANGED, 0, 0, "ended");
	}
	if (r->round.active)
		queue_end_round(r, fx);
	r->ended = true;
	fx_emit(fx, EV_ROOM_ENDED, 0, 0, NULL);
	return CORE_OK;
}

/* What a freed seat gives up: hand, floor, backup, the client role. */
static void give_up(struct room *r, struct core_participant *p,
		    struct core_effects *fx)
{
	if (queue_remove_hand(r, p->id))
		fx_emit(fx, EV_HANDS_CHANGED, p->id, 0, "lowered");
	if (r->floor == p->id) {
		r->floor = 0;
		fx_emit(fx, EV_FLOOR_GIVEN, 0, 0, NULL);
	}
	if (r->backup == p->id) {
		r->backup = 0;
		fx_emit(fx, EV_BACKUP_SET, 0, 0, NULL);
	}
	if (p->role != ROLE_CONSULTANT && p->role != ROLE_FACILITATOR) {
		p->role = ROLE_CONSULTANT;
		fx_emit(fx, EV_ROLE_ASSIGNED, p->id, 0, NULL);
	}
}

static void free_seat(struct room *r, struct core_participant *p,
		      enum core_seat seat, int64_t now_ms,
		      struct core_effects *fx)
{
	if (p->seat == CORE_SEAT_TAKEN)
		r->n_seated--;
	p->seat = seat;
	if (p->connected) {
		p->connected = false;
		p->away_since_ms = now_ms;
	}
	give_up(r, p, fx);
	fx_emit(fx, EV_SEAT_CHANGED, p->id, 0, core_seat_name(seat));
}

/* Not oneself, not the facilitator (the seat is handed over first with
 * role.assign); a released participant can be removed too, so that they
 * cannot take their seat again. */
enum core_err seat_cmd_remove(struct room *r, const struct actor *a,
			      const struct core_cmd *cmd, int64_t now_ms,
			      struct core_effects *fx)
{
	uint32_t pid = cmd->u.participant_remove.participant;
	struct core_participant *p = room_participant_mut(r, pid);

	if (!p || p->seat == CORE_SEAT_REMOVED)
		return CORE_E_NOT_FOUND;
	/* The organizer's link opens every room of the organization: a
	 * removed seat would not keep them out, so it is not offered. */
	if (pid == a->pid || p->role == ROLE_FACILITATOR || p->organizer)
		return CORE_E_CONFLICT;
	free_seat(r, p, CORE_SEAT_REMOVED, now_ms, fx);
	return CORE_OK;
}

static bool mergeable(const struct core_participant *p)
{
	return p->role != ROLE_FACILITATOR && p->role != ROLE_CLIENT &&
	       !p->organizer;
}

/* Items authored by from become into's: one person, one name. */
static void reattribute(struct room *r, uint32_t from, uint32_t into)
{
	for (size_t i = 0; i < r->n_questions; i++)
		if (r->questions[i].author == from)
			r->questions[i].author = into;
	for (size_t i = 0; i < r->n_suggestions; i++)
		if (r->suggestions[i].author == from)
			r->suggestions[i].author = into;
	for (size_t i = 0; i < r->n_learnings; i++)
		if (r->learnings[i].author == from)
			r->learnings[i].author = into;
}

/* Two seats of one person (two devices, two names): the duplicate is
 * given up for the seat that stays. The duplicate may not hold the
 * facilitator's or the client's seat (hand those over first), nor be the
 * organizer; the seat that stays keeps its own role. */
enum core_err seat_cmd_merge(struct room *r, const struct actor *a,
			     const struct core_cmd *cmd, int64_t now_ms,
			     struct core_effects *fx)
{
	uint32_t from = cmd->u.participant_merge.participant;
	uint32_t into = cmd->u.participant_merge.into;
	struct core_participant *p = room_participant_mut(r, from);
	const struct core_participant *q = room_participant(r, into);

	if (!p || !q || p->seat == CORE_SEAT_REMOVED ||
	    p->seat == CORE_SEAT_MERGED)
		return CORE_E_NOT_FOUND;
	if (from == into || from == a->pid || !mergeable(p) || q->organizer)
		return CORE_E_CONFLICT;
	reattribute(r, from, into);
	queue_merge(r, from, into, fx);
	if (r->backup == from) {
		bool can =
			q->role != ROLE_FACILITATOR && q->role != ROLE_OBSERVER;
		r->backup = can ? into : 0;
		fx_emit(fx, EV_BACKUP_SET, r->backup, 0, NULL);
	}
	if (p->seat == CORE_SEAT_TAKEN)
		r->n_seated--;
	p->seat = CORE_SEAT_MERGED;
	p->merged_into = into;
	p->role = ROLE_CONSULTANT;
	if (p->connected) {
		p->connected = false;
		p->away_since_ms = now_ms;
	}
	fx_emit(fx, EV_PARTICIPANT_MERGED, from, into, NULL);
	return CORE_OK;
}

enum core_err room_seat_release(struct room *r, uint32_t pid, int64_t now_ms,
				struct core_effects *fx)
{
	struct core_participant *p = room_participant_mut(r, pid);

	if (fx)
		fx->n = 0;
	if (!p || p->seat != CORE_SEAT_TAKEN)
		return CORE_E_NOT_FOUND;
	if (p->connected || p->role == ROLE_FACILITATOR ||
	    p->role == ROLE_CLIENT || r->backup == pid)
		return CORE_E_CONFLICT;
	free_seat(r, p, CORE_SEAT_RELEASED, now_ms, fx);
	return CORE_OK;
}
