/*
 * names.c — the stable wire words of the core's enums, one table each,
 * indexed by the enum value (designated initializers keep them in sync
 * with cmd.h; tests check every value has a name and parses back).
 *
 * Invariant: every name function returns NULL for an out-of-range value,
 * every parse function leaves *out untouched on failure.
 */
#include <string.h>

#include "core/internal.h"

static const char *const role_names[ROLE__COUNT] = {
	[ROLE_FACILITATOR] = "facilitator", [ROLE_CLIENT] = "client",
	[ROLE_CONSULTANT] = "consultant",   [ROLE_SCRIBE] = "scribe",
	[ROLE_OBSERVER] = "observer",
};

static const char *const step_names[STEP__COUNT] = {
	[STEP_PRESENTATION] = "presentation",
	[STEP_QUESTIONS] = "questions",
	[STEP_CONTRACT] = "contract",
	[STEP_CONSULTATION] = "consultation",
	[STEP_SYNTHESIS] = "synthesis",
	[STEP_LEARNINGS] = "learnings",
	[STEP_REPORT_BACK] = "report_back",
};

static const char *const cmd_names[CMD__COUNT] = {
	[CMD_NAME_SET] = "name.set",
	[CMD_ROLE_ASSIGN] = "role.assign",
	[CMD_BACKUP_SET] = "backup.set",
	[CMD_STEP_NEXT] = "step.next",
	[CMD_STEP_PREV] = "step.prev",
	[CMD_STEP_GOTO] = "step.goto",
	[CMD_TIMER_START] = "timer.start",
	[CMD_TIMER_PAUSE] = "timer.pause",
	[CMD_TIMER_RESUME] = "timer.resume",
	[CMD_TIMER_EXTEND] = "timer.extend",
	[CMD_TIMER_RESET] = "timer.reset",
	[CMD_HAND_RAISE] = "hand.raise",
	[CMD_HAND_LOWER] = "hand.lower",
	[CMD_FLOOR_GIVE] = "floor.give",
	[CMD_ROUND_START] = "round.start",
	[CMD_ROUND_NEXT] = "round.next",
	[CMD_SHEET_UPDATE] = "sheet.update",
	[CMD_CONTRACT_SET] = "contract.set",
	[CMD_QUESTION_ADD] = "question.add",
	[CMD_QUESTION_ANSWER] = "question.answer",
	[CMD_SUGGESTION_ADD] = "suggestion.add",
	[CMD_SUGGESTION_KEEP] = "suggestion.keep",
	[CMD_ENOUGH_SIGNAL] = "enough.signal",
	[CMD_PLAN_UPDATE] = "plan.update",
	[CMD_LEARNING_ADD] = "learning.add",
	[CMD_NOTES_UPDATE] = "notes.update",
	[CMD_ROOM_LOCK] = "room.lock",
	[CMD_ROOM_UNLOCK] = "room.unlock",
	[CMD_ROOM_END] = "room.end",
	[CMD_PARTICIPANT_REMOVE] = "participant.remove",
	[CMD_ITEM_HIDE] = "item.hide",
	[CMD_PARTICIPANT_MERGE] = "participant.merge",
};

static const char *const event_names[EV__COUNT] = {
	[EV_PARTICIPANT_JOINED] = "participant.joined",
	[EV_PARTICIPANT_LEFT] = "participant.left",
	[EV_PARTICIPANT_RETURNED] = "participant.returned",
	[EV_NAME_CHANGED] = "name.changed",
	[EV_ROLE_ASSIGNED] = "role.assigned",
	[EV_BACKUP_SET] = "backup.set",
	[EV_STEP_CHANGED] = "step.changed",
	[EV_TIMER_CHANGED] = "timer.changed",
	[EV_TIMER_WARNING] = "timer.warning",
	[EV_TIMER_EXPIRED] = "timer.expired",
	[EV_HANDS_CHANGED] = "hands.changed",
	[EV_FLOOR_GIVEN] = "floor.given",
	[EV_ROUND_CHANGED] = "round.changed",
	[EV_SHEET_UPDATED] = "sheet.updated",
	[EV_CONTRACT_SET] = "contract.set",
	[EV_QUESTION_ADDED] = "question.added",
	[EV_QUESTION_ANSWERED] = "question.answered",
	[EV_SUGGESTION_ADDED] = "suggestion.added",
	[EV_SUGGESTION_KEPT] = "suggestion.kept",
	[EV_ENOUGH_SIGNALED] = "enough.signaled",
	[EV_PLAN_UPDATED] = "plan.updated",
	[EV_LEARNING_ADDED] = "learning.added",
	[EV_NOTES_UPDATED] = "notes.updated",
	[EV_SEAT_CHANGED] = "seat.changed",
	[EV_ROOM_LOCKED] = "room.locked",
	[EV_ROOM_ENDED] = "room.ended",
	[EV_ITEM_HIDDEN] = "item.hidden",
	[EV_PARTICIPANT_MERGED] = "participant.merged",
};

static const char *const item_kind_names[CORE_ITEM__COUNT] = {
	[CORE_ITEM_QUESTION] = "question",
	[CORE_ITEM_SUGGESTION] = "suggestion",
	[CORE_ITEM_LEARNING] = "learning",
};

static const char *const timer_names[CORE_TIMER__COUNT] = {
	[CORE_TIMER_IDLE] = "idle",
	[CORE_TIMER_RUNNING] = "running",
	[CORE_TIMER_PAUSED] = "paused",
};

static const char *const err_names[CORE_E__COUNT] = {
	[CORE_OK] = "ok",
	[CORE_E_BAD_JSON] = "bad_json",
	[CORE_E_UNKNOWN_TYPE] = "unknown_type",
	[CORE_E_BAD_FIELD] = "bad_field",
	[CORE_E_FORBIDDEN] = "forbidden",
	[CORE_E_WRONG_STEP] = "wrong_step",
	[CORE_E_NOT_FOUND] = "not_found",
	[CORE_E_LIMIT] = "limit",
	[CORE_E_CONFLICT] = "conflict",
	[CORE_E_CONFIRM_REQUIRED] = "confirm_required",
	[CORE_E_STORAGE] = "storage",
	[CORE_E_UNAUTHORIZED] = "unauthorized",
	[CORE_E_INTERNAL] = "internal",
	[CORE_E_LOCKED] = "locked",
	[CORE_E_ENDED] = "ended",
	[CORE_E_REMOVED] = "removed",
	[CORE_E_ROOM_FULL] = "room_full",
};

static const char *lookup(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : NULL;
}

static bool parse(const char *const *names, size_t n, const char *s,
		  unsigned *out)
{
	for (size_t i = 0; s && i < n; i++) {
		if (names[i] && !strcmp(names[i], s)) {
			*out = (unsigned)i;
			return true;
		}
	}
	return false;
}

const char *core_role_name(enum core_role role)
{
	return lookup(role_names, ROLE__COUNT, (unsigned)role);
}

bool core_role_parse(const char *s, enum core_role *out)
{
	unsigned v;

	if (!parse(role_names, ROLE__COUNT, s, &v))
		return false;
	*out = (enum core_role)v;
	return true;
}

const char *core_step_kind_name(enum core_step_kind kind)
{
	return lookup(step_names, STEP__COUNT, (unsigned)kind);
}

bool core_step_kind_parse(const char *s, enum core_step_kind *out)
{
	unsigned v;

	if (!parse(step_names, STEP__COUNT, s, &v))
		return false;
	*out = (enum core_step_kind)v;
	return true;
}

const char *core_cmd_name(enum core_cmd_type type)
{
	return lookup(cmd_names, CMD__COUNT, (unsigned)type);
}

bool core_cmd_parse(const char *s, enum core_cmd_type *out)
{
	unsigned v;

	if (!parse(cmd_names, CMD__COUNT, s, &v))
		return false;
	*out = (enum core_cmd_type)v;
	return true;
}

const char *core_event_name(enum core_event_type type)
{
	return lookup(event_names, EV__COUNT, (unsigned)type);
}

const char *core_timer_status_name(enum core_timer_status st)
{
	return lookup(timer_names, CORE_TIMER__COUNT, (unsigned)st);
}

const char *core_err_name(enum core_err err)
{
	return lookup(err_names, CORE_E__COUNT, (unsigned)err);
}

const char *core_seat_name(enum core_seat seat)
{
	static const char *const names[CORE_SEAT__COUNT] = {
		[CORE_SEAT_TAKEN] = "taken",
		[CORE_SEAT_RELEASED] = "released",
		[CORE_SEAT_REMOVED] = "removed",
		[CORE_SEAT_MERGED] = "merged",
	};
	return lookup(names, CORE_SEAT__COUNT, (unsigned)seat);
}

const char *core_item_kind_name(enum core_item_kind kind)
{
	return lookup(item_kind_names, CORE_ITEM__COUNT, (unsigned)kind);
}

bool core_item_kind_parse(const char *s, enum core_item_kind *out)
{
	unsigned v;

	if (!parse(item_kind_names, CORE_ITEM__COUNT, s, &v))
		return false;
	*out = (enum core_item_kind)v;
	return true;
}
