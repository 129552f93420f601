/*
 * room.h — the pure state machine of one workshop room.
 *
 * The hub owns a `struct room *` per room and drives it with room_join,
 * room_presence, room_execute and room_tick; each call fills a
 * `struct core_effects` (reset to zero events at the start of every call)
 * with the events to encode and broadcast. Time is always an argument
 * (`now_ms`, monotonic milliseconds); the core never reads a clock.
 *
 * Ownership:
 *   - struct room and everything it points to is owned by the room and
 *     freed by room_free. Outside src/core the struct is READ-ONLY (the
 *     codec reads it to encode snapshots and events): never write a field,
 *     never keep a pointer across a mutating call.
 *   - Strings passed in (names, texts) are borrowed for the call; the room
 *     keeps its own malloc'd copies.
 *   - The template and config are copied into the room at room_new.
 *   - Events in core_effects only carry ids; encoders look the current
 *     values up in the room (room_participant, r->questions, ...).
 *
 * Errors: every mutating call is check-then-mutate: on any error the room
 * is unchanged and fx->n == 0. OOM while copying a string gives
 * CORE_E_INTERNAL (room unchanged).
 *
 * Event fields (subject / detail / reason):
 *   participant.joined/left/returned, name.changed, role.assigned:
 *                        subject = participant id
 *   backup.set           subject = new backup id (0 = cleared)
 *   step.changed         detail = new step index (0-based)
 *   timer.changed        reason = "started" "paused" "resumed" "extended"
 *                        (detail = minutes) "reset" "step_changed"
 *                        "client_disconnected"
 *   timer.warning        detail = mark in seconds; timer.expired: -
 *   hands.changed        subject = participant raised/lowered, reason =
 *                        "raised" / "lowered" (read r->hands for the list)
 *   floor.given          subject = participant id, 0 = nobody
 *   round.changed        reason = "started" / "ended"
 *   sheet.updated, contract.set, enough.signaled, plan.updated,
 *   notes.updated        subject = participant who did it
 *   question.added, suggestion.added: subject = its id, detail = author
 *   question.answered    subject = question id
 *   suggestion.kept      subject = suggestion id, detail = kept (0/1)
 *   learning.added       subject = author, detail = 1-based position
 *
 *   seat.changed         subject = participant, reason = "removed",
 *                        "released" or "taken"
 *   room.locked          reason = "locked" / "unlocked"; room.ended: -
 *   participant.merged   subject = the duplicate, detail = the seat that
 *                        stays (its items, hand, floor, round place and
 *                        backup seat moved there)
 *   item.hidden          subject = item id (a learning's 1-based
 *                        position), detail = kind << 1 | hidden
 *                        (core_item_event_kind / _hidden read it back)
 *
 * Ids: participant, question and suggestion ids are uint32, sequential
 * from 1 per room, never reused; 0 means "nobody / none". Participants are
 * never deleted (leaving only turns presence off, a removal or a release
 * frees the seat but keeps the member), so ascending id order is join
 * order and `participants[i].id == i + 1`.
 */
#ifndef CORE_ROOM_H
#define CORE_ROOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cmd.h"
#include "core/template.h"

#define CORE_MAX_WARN_MARKS 4
/* Members ever (taken, released and removed seats) per seat of the room:
 * bounds what removals and releases let a room grow to. */
#define CORE_MEMBERS_FACTOR 4

/* The workshop rules a room was created under, kept with it (its stored
 * settings) so that a replay after an upgrade computes exactly what was
 * acknowledged before it:
 *   1: a step change re-armed the timer idle; +N min while over time added
 *      N minutes to the overrun; a round went in join order;
 *   2: each step keeps its own timer across Previous / Next / Undo; +N min
 *      while over time gives N minutes from now; a round opens with the
 *      consultants who have not had the floor in the step yet. */
enum { CORE_RULES_1 = 1, CORE_RULES_2 = 2, CORE_RULES_CURRENT = CORE_RULES_2 };

struct core_room_config {
	uint32_t rules;		   /* default CORE_RULES_CURRENT */
	uint32_t max_participants; /* default 16 */
	uint32_t max_questions;	   /* default 200 */
	uint32_t max_suggestions;  /* default 200 */
	uint32_t max_learnings;	   /* default 100 */
	uint32_t warn_marks_s[CORE_MAX_WARN_MARKS]; /* default {120, 30} */
	size_t n_warn_marks;	     /* default 2; 0 marks are ignored */
	bool pause_when_client_away; /* default false */
};

/* A participant's seat. Members are never deleted (their items stay
 * attributed to their name); a seat that is not taken does not count
 * against max_participants. */
enum core_seat {
	CORE_SEAT_TAKEN,    /* a member of the room, here or away */
	CORE_SEAT_RELEASED, /* away too long: freed, taken again on return if
			       a seat is free */
	CORE_SEAT_REMOVED,  /* removed by the facilitator: never again */
	CORE_SEAT_MERGED,   /* a duplicate, merged into merged_into: its
			       links and devices lead there */
	CORE_SEAT__COUNT
};

struct core_participant {
	uint32_t id;
	char *name;	     /* trimmed, non-empty */
	enum core_role role; /* assigned role; see room_effective_role() */
	bool connected;
	enum core_seat seat;
	int64_t away_since_ms; /* when connected turned false */
	/* Entered as the organization's organizer, to look in: always an
	 * observer, shown to every member as such. */
	bool organizer;
	uint32_t merged_into; /* CORE_SEAT_MERGED: the seat that stayed */
};

enum core_timer_status {
	CORE_TIMER_IDLE,
	CORE_TIMER_RUNNING,
	CORE_TIMER_PAUSED,
	CORE_TIMER__COUNT
};

/* Raw timer state; prefer room_timer_view() which computes remaining. */
struct core_timer {
	enum core_timer_status status;
	int64_t duration_ms;  /* step duration + extensions since last arm */
	int64_t remaining_ms; /* valid when idle or paused; < 0 = overrun */
	int64_t deadline_ms;  /* valid when running: monotonic ms of zero */
	uint32_t marks_fired; /* bit i: r->warn_marks_s[i] done or passed */
	bool expired_fired;   /* EV_TIMER_EXPIRED already emitted */
};

/* What encoders send: deadline_ms only meaningful when running. */
struct core_timer_view {
	enum core_timer_status status;
	int64_t duration_ms;
	int64_t remaining_ms; /* negative = overrun */
	int64_t deadline_ms;  /* monotonic, 0 unless running; net converts */
	int64_t overrun_ms;   /* max(0, -remaining_ms) */
};

struct core_sheet {
	char *title, *question, *context, *tried, *help_wanted; /* never NULL */
};

struct core_question {
	uint32_t id;
	uint32_t author;
	char *text;
	char *answer; /* NULL until answered */
	bool hidden;  /* by the facilitator (item.hide): kept, text collapsed */
};

struct core_suggestion {
	uint32_t id;
	uint32_t author;
	char *text;
	bool kept;
	bool hidden;
};

struct core_plan_entry {
	char *action;
	char *by_when;
};

struct core_learning {
	uint32_t author;
	char *text;
	bool hidden;
};

/* Tour de table: consultants and scribes connected at round.start, those
 * who have not had the floor in this step first, each part in join order.
 * spoke[i] is true once order[i] has been given the floor (the current
 * speaker included: a client shows floor == order[i] as speaking). */
struct core_round {
	bool active;
	size_t n;
	uint32_t *order; /* capacity max_participants */
	bool *spoke;	 /* capacity max_participants */
};

struct room {
	char *id;
	struct core_template tpl;
	struct core_room_config cfg;
	uint32_t warn_marks_s[CORE_MAX_WARN_MARKS]; /* cfg marks, > 0, unique,
						       sorted descending */
	size_t n_warn_marks;

	/* people */
	struct core_participant *participants; /* grows up to
						  CORE_MEMBERS_FACTOR x
						  max_participants */
	size_t n_participants, cap_participants;
	size_t n_seated; /* seats taken (counted against max_participants) */
	bool locked;	 /* nobody new may join */
	bool ended;	 /* the workshop ended: every command is refused */
	uint32_t backup; /* backup facilitator id, 0 = none */

	/* step engine */
	size_t step;		 /* index into tpl.steps */
	int64_t step_entered_ms; /* when the current step became current */
	int64_t step_time_ms[CORE_MAX_STEPS];	 /* accumulated, excluding the
						    current visit */
	int64_t step_overrun_ms[CORE_MAX_STEPS]; /* timer overrun recorded
						    when the timer was re-armed
						  */
	struct core_timer timer;
	/* The timer of each step as it was when the step was left (a running
	 * one as its remaining time), restored when the step is current
	 * again: moving back and forth never loses a step's elapsed time. */
	struct core_timer step_timer[CORE_MAX_STEPS];
	bool step_timer_kept[CORE_MAX_STEPS]; /* step_timer[i] is valid */

	/* speaking */
	uint32_t *hands; /* FIFO of participant ids, no duplicates */
	size_t n_hands;
	uint32_t floor; /* who has the floor, 0 = nobody */
	struct core_round round;
	/* bit (id - 1): had the floor during the current step (ids <= 64,
	 * the configured maximum); cleared on every step change. A round
	 * starts with those not heard yet in this step. */
	uint64_t step_speakers;

	/* the client's material */
	struct core_sheet sheet;
	char *contract;			 /* "" until set */
	struct core_question *questions; /* capacity max_questions */
	size_t n_questions;
	struct core_suggestion *suggestions; /* capacity max_suggestions */
	size_t n_suggestions;
	struct core_plan_entry plan[CORE_PLAN_MAX_ITEMS];
	size_t n_plan;
	struct core_learning *learnings; /* capacity max_learnings */
	size_t n_learnings;
	char *notes;	    /* scribe notes, "" initially */
	uint32_t enough_by; /* client id who signalled "enough", 0 */

	uint32_t next_question_id, next_suggestion_id;
};

/* --- lifecycle ---------------------------------------------------------- */

void core_room_config_default(struct core_room_config *cfg);

/* NULL on OOM or invalid template (n_steps 0 or > CORE_MAX_STEPS, unknown
 * kind). cfg NULL = defaults; zero limits are replaced by defaults. */
struct room *room_new(const char *room_id, const struct core_template *tpl,
		      const struct core_room_config *cfg, int64_t now_ms);
void room_free(struct room *r); /* NULL ok */

/* --- the hub's entry points (each resets fx->n to 0 first; fx may be
 * NULL when the caller does not care about events) ---------------------- */

/* New participant. The first facilitator-link joiner while the room has no
 * facilitator becomes facilitator; everyone else joins as consultant.
 * Errors: BAD_FIELD (name empty after trimming), LIMIT, INTERNAL (OOM). */
enum core_err room_join(struct room *r, const char *name,
			bool via_facilitator_link, int64_t now_ms,
			uint32_t *pid_out, struct core_effects *fx);

/* How a new participant enters. */
enum core_entry {
	CORE_ENTRY_LINK,	     /* a participant link: consultant */
	CORE_ENTRY_FACILITATOR_LINK, /* as room_join(via_facilitator_link) */
	CORE_ENTRY_OBSERVER,	     /* a room link, asking only to look in */
	CORE_ENTRY_ORGANIZER, /* the organizer looking in: an observer that
				 a locked room still lets in, whose role
				 nobody changes */
	CORE_ENTRY__COUNT
};
/* room_join with the way in named; errors as room_join's, plus
 * BAD_FIELD for an unknown entry. */
enum core_err room_join_as(struct room *r, const char *name,
			   enum core_entry entry, int64_t now_ms,
			   uint32_t *pid_out, struct core_effects *fx);

/* Connection lost / regained for an existing participant (unknown ids and
 * unchanged presence are ignored). A released participant coming back
 * takes a seat again when one is free (room_seat_free), else stays away;
 * a removed one is ignored. */
void room_presence(struct room *r, uint32_t pid, bool connected, int64_t now_ms,
		   struct core_effects *fx);

/* The one generic pipeline: command type (UNKNOWN_TYPE) → participant
 * lookup (NOT_FOUND) → permission table with the effective role and the
 * current step kind (FORBIDDEN / WRONG_STEP; acting on another participant
 * also needs the table's `others` right) → handler. */
enum core_err room_execute(struct room *r, uint32_t pid,
			   const struct core_cmd *cmd, int64_t now_ms,
			   struct core_effects *fx);

/* Pauses a running timer on the hub's behalf, not a participant's: at
 * restore, when the downtime outlasted the remaining time or the wall
 * clock went backwards. The remaining time is taken at `at_ms` (when the
 * hub stopped counting); `reason` is a machine word for the facilitator
 * ("restart_downtime", "restart_clock_backwards"). No-op unless running. */
void room_timer_hold(struct room *r, int64_t at_ms, const char *reason,
		     struct core_effects *fx);

/* A role given by the hub on the organizer's plan, not by a participant
 * (the planned client of a session's workshop): role.assign's rules
 * without the permission table. */
enum core_err room_hub_assign(struct room *r, uint32_t pid, enum core_role role,
			      int64_t now_ms, struct core_effects *fx);
/* The hub frees the seat of a participant away for long (not the
 * facilitator's, the client's or the backup's; NOT_FOUND / CONFLICT
 * otherwise): seat.changed. Their items stay, attributed by name. */
enum core_err room_seat_release(struct room *r, uint32_t pid, int64_t now_ms,
				struct core_effects *fx);
/* Whether a new participant or a released one could take a seat now. */
bool room_seat_free(const struct room *r);
/* Fires due timer warnings and expiry. */
void room_tick(struct room *r, int64_t now_ms, struct core_effects *fx);

/* Monotonic ms when room_tick must run next (<= now_ms means "now"), or -1
 * when nothing is pending. */
int64_t room_next_wakeup(const struct room *r, int64_t now_ms);

/* --- permission table (perm.c) ----------------------------------------- */

/* CORE_OK, CORE_E_FORBIDDEN (role never may send it) or CORE_E_WRONG_STEP
 * (role may, not in this step kind). Out-of-range enums: FORBIDDEN. */
enum core_err core_permits(enum core_cmd_type type, enum core_role role,
			   enum core_step_kind kind);

/* Whether `role` may send `type` with another participant as target (only
 * hand.lower has such a target today; self is always allowed). */
bool core_permits_on_others(enum core_cmd_type type, enum core_role role);

/* --- read-only queries for the hub and encoders ------------------------- */

const struct core_participant *room_participant(const struct room *r,
						uint32_t pid);
uint32_t room_facilitator(const struct room *r); /* 0 before first one */
uint32_t room_client(const struct room *r);	 /* 0 = none */
/* The participant holding facilitator permissions now: the facilitator, or
 * the connected backup while the facilitator is disconnected (nobody is
 * re-elected: the assigned roles do not change, and the facilitator carries
 * on when back); 0 before anyone became facilitator. While acting, the
 * backup's effective role is facilitator (instead of their own). */
uint32_t room_acting_facilitator(const struct room *r);
/* Role used for permissions (ROLE__COUNT for unknown pid). */
enum core_role room_effective_role(const struct room *r, uint32_t pid);
enum core_step_kind room_step_kind(const struct room *r);
/* Time step `idx` has been current, including the running visit. */
int64_t room_step_time_ms(const struct room *r, size_t idx, int64_t now_ms);
void room_timer_view(const struct room *r, int64_t now_ms,
		     struct core_timer_view *out);
bool room_has_contract(const struct room *r);
/* How far the room runs behind its template: time spent in the steps
 * before the current one beyond their durations (steps done faster make
 * up for slower ones), plus the current step's overrun; never negative. */
int64_t room_behind_ms(const struct room *r, int64_t now_ms);

/* --- names (stable wire words) ----------------------------------------- */

const char *core_role_name(enum core_role role); /* NULL if bad */
bool core_role_parse(const char *s, enum core_role *out);
const char *core_step_kind_name(enum core_step_kind kind);
bool core_step_kind_parse(const char *s, enum core_step_kind *out);
const char *core_cmd_name(enum core_cmd_type type); /* "step.next" */
bool core_cmd_parse(const char *s, enum core_cmd_type *out);
const char *core_event_name(enum core_event_type type); /* "step.changed" */
const char *core_timer_status_name(enum core_timer_status st);
const char *core_seat_name(enum core_seat seat);	   /* "released" */
const char *core_item_kind_name(enum core_item_kind kind); /* "question" */
bool core_item_kind_parse(const char *s, enum core_item_kind *out);
/* What an item.hidden event is about (its detail, see above). */
static inline enum core_item_kind core_item_event_kind(uint32_t detail)
{
	return (enum core_item_kind)(detail >> 1);
}
static inline bool core_item_event_hidden(uint32_t detail)
{
	return detail & 1u;
}
const char *core_err_name(enum core_err err); /* "wrong_step" */

#endif
