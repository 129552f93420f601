/*
 * perm.c — THE permission table: for every command, which roles may send
 * it and in which step kinds. It is the single source of truth; handlers
 * never re-check roles or steps, the tests iterate it exhaustively.
 *
 * Invariant: a role whose step mask is 0 for a command is FORBIDDEN to send
 * it at all; a non-zero mask that lacks the current step kind is
 * WRONG_STEP. The role looked up is the EFFECTIVE role (an acting backup
 * counts as facilitator, see room_effective_role()).
 *
 * The rules (F facilitator, C client, K consultant, S scribe, O observer;
 * steps: PRE QUE CON(tract) CSL(consultation) SYN LRN REP(ort back)):
 *
 *   name.set                         F C K S O   any step
 *   role.assign backup.set           F           any step
 *   step.next/prev/goto              F           any step
 *   timer.start/pause/resume/
 *         extend/reset               F           any step
 *   floor.give round.start/next      F           any step
 *   hand.raise hand.lower            F C K S     any step
 *        (lowering another participant's hand: F only, see `others`)
 *   sheet.update                     C           PRE QUE CON REP  (the
 *                                    client may revise the sheet, its
 *                                    question first, after the clarifying
 *                                    questions; report back: the previous
 *                                    client updates their case)
 *   contract.set                     C           CON
 *   question.add                     K S         QUE
 *   question.answer                  C           QUE
 *   suggestion.add                   K S         CSL
 *   suggestion.keep                  C           CSL SYN  (the client may
 *                                    still pick while writing the synthesis)
 *   enough.signal                    C           CSL
 *   plan.update                      C           SYN
 *   learning.add                     F C K S     LRN
 *   notes.update                     F S         any step
 *   room.lock room.unlock room.end   F           any step
 *   participant.remove               F           any step (targets
 *                                    another participant: `others` F)
 *   item.hide                        F           any step (an item posted
 *                                    in the wrong place)
 *
 * Details decided here: the facilitator keeps the process and does not ask
 * questions or make suggestions (CODEV.md); observers are read-only except
 * for their own display name.
 */
#include "core/internal.h"

#define ANY ((uint16_t)((1u << STEP__COUNT) - 1))
#define S(k) ((uint16_t)(1u << (k)))
#define R(k) ((uint8_t)(1u << (k)))

struct perm_rule {
	uint16_t steps[ROLE__COUNT]; /* bitmask of step kinds per role */
	uint8_t others;		     /* roles that may target another pid */
};

#define FACILITATOR_ONLY                                                       \
	{                                                                      \
		.steps = { [ROLE_FACILITATOR] = ANY }                          \
	}
#define ALL_BUT_OBSERVER(mask)                                                 \
	{                                                                      \
		[ROLE_FACILITATOR] = (mask), [ROLE_CLIENT] = (mask),           \
		[ROLE_CONSULTANT] = (mask), [ROLE_SCRIBE] = (mask)             \
	}

static const struct perm_rule table[CMD__COUNT] = {
	[CMD_NAME_SET] = {.steps = {[ROLE_FACILITATOR] = ANY,
				    [ROLE_CLIENT] = ANY,
				    [ROLE_CONSULTANT] = ANY,
				    [ROLE_SCRIBE] = ANY,
				    [ROLE_OBSERVER] = ANY}},
	[CMD_ROLE_ASSIGN] = FACILITATOR_ONLY,
	[CMD_BACKUP_SET] = FACILITATOR_ONLY,
	[CMD_STEP_NEXT] = FACILITATOR_ONLY,
	[CMD_STEP_PREV] = FACILITATOR_ONLY,
	[CMD_STEP_GOTO] = FACILITATOR_ONLY,
	[CMD_TIMER_START] = FACILITATOR_ONLY,
	[CMD_TIMER_PAUSE] = FACILITATOR_ONLY,
	[CMD_TIMER_RESUME] = FACILITATOR_ONLY,
	[CMD_TIMER_EXTEND] = FACILITATOR_ONLY,
	[CMD_TIMER_RESET] = FACILITATOR_ONLY,
	[CMD_HAND_RAISE] = {.steps = ALL_BUT_OBSERVER(ANY)},
	[CMD_HAND_LOWER] = {.steps = ALL_BUT_OBSERVER(ANY),
			    .others = R(ROLE_FACILITATOR)},
	[CMD_FLOOR_GIVE] = FACILITATOR_ONLY,
	[CMD_ROUND_START] = FACILITATOR_ONLY,
	[CMD_ROUND_NEXT] = FACILITATOR_ONLY,
	/* A widening (issue 15): old logs hold no refused command, so no
	 * rules gate is needed for a replay. */
	[CMD_SHEET_UPDATE] = {.steps = {[ROLE_CLIENT] = S(STEP_PRESENTATION) |
							S(STEP_QUESTIONS) |
							S(STEP_CONTRACT) |
							S(STEP_REPORT_BACK)}},
	[CMD_CONTRACT_SET] = {.steps = {[ROLE_CLIENT] = S(STEP_CONTRACT)}},
	[CMD_QUESTION_ADD] = {.steps = {[ROLE_CONSULTANT] = S(STEP_QUESTIONS),
					[ROLE_SCRIBE] = S(STEP_QUESTIONS)}},
	[CMD_QUESTION_ANSWER] = {.steps = {[ROLE_CLIENT] = S(STEP_QUESTIONS)}},
	[CMD_SUGGESTION_ADD] = {.steps = {[ROLE_CONSULTANT] =
						  S(STEP_CONSULTATION),
					  [ROLE_SCRIBE] =
						  S(STEP_CONSULTATION)}},
	[CMD_SUGGESTION_KEEP] = {.steps = {[ROLE_CLIENT] =
						   S(STEP_CONSULTATION) |
						   S(STEP_SYNTHESIS)}},
	[CMD_ENOUGH_SIGNAL] = {.steps = {[ROLE_CLIENT] = S(STEP_CONSULTATION)}},
	[CMD_PLAN_UPDATE] = {.steps = {[ROLE_CLIENT] = S(STEP_SYNTHESIS)}},
	[CMD_LEARNING_ADD] = {.steps = ALL_BUT_OBSERVER(S(STEP_LEARNINGS))},
	[CMD_NOTES_UPDATE] =
		{.steps = {[ROLE_FACILITATOR] = ANY, [ROLE_SCRIBE] = ANY}},
	[CMD_ROOM_LOCK] = FACILITATOR_ONLY,
	[CMD_ROOM_UNLOCK] = FACILITATOR_ONLY,
	[CMD_ROOM_END] = FACILITATOR_ONLY,
	[CMD_PARTICIPANT_REMOVE] = {.steps = {[ROLE_FACILITATOR] = ANY},
				    .others = R(ROLE_FACILITATOR)},
	[CMD_ITEM_HIDE] = FACILITATOR_ONLY,
	[CMD_PARTICIPANT_MERGE] = {.steps = {[ROLE_FACILITATOR] = ANY},
				   .others = R(ROLE_FACILITATOR)},
};

enum core_err core_permits(enum core_cmd_type type, enum core_role role,
			   enum core_step_kind kind)
{
	/* Enums may carry any int value when they come from outside. */
	if ((unsigned)type >= CMD__COUNT || (unsigned)role >= ROLE__COUNT ||
	    (unsigned)kind >= STEP__COUNT)
		return CORE_E_FORBIDDEN;
	uint16_t mask = table[type].steps[role];
	if (!mask)
		return CORE_E_FORBIDDEN;
	return (mask & S(kind)) ? CORE_OK : CORE_E_WRONG_STEP;
}

bool core_permits_on_others(enum core_cmd_type type, enum core_role role)
{
	if ((unsigned)type >= CMD__COUNT || (unsigned)role >= ROLE__COUNT)
		return false;
	return table[type].others & R(role);
}
