/*
 * room.c — lifecycle of a room, participants joining and their presence,
 * and the one generic command pipeline (lookup → permission table →
 * handler).
 *
 * Invariants kept across every call:
 *   - participants[i].id == i + 1 (never removed, ids never reused);
 *   - once someone became facilitator there is exactly one facilitator,
 *     and there is at most one client (role.c keeps this);
 *   - every bounded array is allocated once at room_new with the capacity
 *     of the config, so a command never fails half-way on a realloc;
 *   - on error the room is unchanged and fx->n == 0.
 */
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

/* One handler per command; the index is the command type. */
static enum core_err (*const handlers[CMD__COUNT])(struct room *,
						   const struct actor *,
						   const struct core_cmd *,
						   int64_t,
						   struct core_effects *) = {
	[CMD_NAME_SET] = role_cmd_name,
	[CMD_ROLE_ASSIGN] = role_cmd_assign,
	[CMD_BACKUP_SET] = role_cmd_backup,
	[CMD_STEP_NEXT] = step_cmd_next,
	[CMD_STEP_PREV] = step_cmd_prev,
	[CMD_STEP_GOTO] = step_cmd_goto,
	[CMD_TIMER_START] = timer_cmd_start,
	[CMD_TIMER_PAUSE] = timer_cmd_pause,
	[CMD_TIMER_RESUME] = timer_cmd_resume,
	[CMD_TIMER_EXTEND] = timer_cmd_extend,
	[CMD_TIMER_RESET] = timer_cmd_reset,
	[CMD_HAND_RAISE] = queue_cmd_raise,
	[CMD_HAND_LOWER] = queue_cmd_lower,
	[CMD_FLOOR_GIVE] = queue_cmd_floor,
	[CMD_ROUND_START] = queue_cmd_round_start,
	[CMD_ROUND_NEXT] = queue_cmd_round_next,
	[CMD_SHEET_UPDATE] = material_cmd_sheet,
	[CMD_CONTRACT_SET] = material_cmd_contract,
	[CMD_QUESTION_ADD] = material_cmd_question,
	[CMD_QUESTION_ANSWER] = material_cmd_answer,
	[CMD_SUGGESTION_ADD] = material_cmd_suggestion,
	[CMD_SUGGESTION_KEEP] = material_cmd_keep,
	[CMD_ENOUGH_SIGNAL] = material_cmd_enough,
	[CMD_PLAN_UPDATE] = material_cmd_plan,
	[CMD_LEARNING_ADD] = material_cmd_learning,
	[CMD_NOTES_UPDATE] = material_cmd_notes,
	[CMD_ROOM_LOCK] = seat_cmd_lock,
	[CMD_ROOM_UNLOCK] = seat_cmd_unlock,
	[CMD_ROOM_END] = seat_cmd_end,
	[CMD_PARTICIPANT_REMOVE] = seat_cmd_remove,
	[CMD_PARTICIPANT_MERGE] = seat_cmd_merge,
	[CMD_ITEM_HIDE] = material_cmd_hide,
};

void core_room_config_default(struct core_room_config *cfg)
{
	*cfg = (struct core_room_config){
		.rules = CORE_RULES_CURRENT,
		.max_participants = 16,
		.max_questions = 200,
		.max_suggestions = 200,
		.max_learnings = 100,
		.warn_marks_s = {120, 30},
		.n_warn_marks = 2,
		.pause_when_client_away = false,
	};
}

void fx_emit(struct core_effects *fx, enum core_event_type type,
	     uint32_t subject, uint32_t detail, const char *reason)
{
	if (!fx || fx->n >= CORE_MAX_EVENTS)
		return;
	fx->ev[fx->n++] = (struct core_event){type, subject, detail, reason};
}

static void fx_reset(struct core_effects *fx)
{
	if (fx)
		fx->n = 0;
}

char *core_strdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

bool core_str_replace(char **slot, const char *s)
{
	char *d = core_strdup(s ? s : "");
	if (!d)
		return false;
	free(*slot);
	*slot = d;
	return true;
}

/* Zero limits mean "use the default"; marks are made > 0, unique and
 * sorted descending, which is the order a running timer crosses them. */
static void normalize_config(struct room *r, const struct core_room_config *in)
{
	struct core_room_config def;

	core_room_config_default(&def);
	r->cfg = in ? *in : def;
	if (!r->cfg.max_participants)
		r->cfg.max_participants = def.max_participants;
	if (!r->cfg.max_questions)
		r->cfg.max_questions = def.max_questions;
	if (!r->cfg.max_suggestions)
		r->cfg.max_suggestions = def.max_suggestions;
	if (!r->cfg.max_learnings)
		r->cfg.max_learnings = def.max_learnings;
	if (r->cfg.n_warn_marks > CORE_MAX_WARN_MARKS)
		r->cfg.n_warn_marks = CORE_MAX_WARN_MARKS;

	for (size_t i = 0; i < r->cfg.n_warn_marks; i++) {
		uint32_t m = r->cfg.warn_marks_s[i];
		size_t j = 0;

		while (j < r->n_warn_marks && r->warn_marks_s[j] > m)
			j++;
		if (!m || (j < r->n_warn_marks && r->warn_marks_s[j] == m))
			continue;
		memmove(&r->warn_marks_s[j + 1], &r->warn_marks_s[j],
			(r->n_warn_marks - j) * sizeof r->warn_marks_s[0]);
		r->warn_marks_s[j] = m;
		r->n_warn_marks++;
	}
}

static bool template_valid(const struct core_template *tpl)
{
	if (!tpl || tpl->n_steps < 1 || tpl->n_steps > CORE_MAX_STEPS)
		return false;
	for (size_t i = 0; i < tpl->n_steps; i++)
		if ((unsigned)tpl->steps[i].kind >= STEP__COUNT)
			return false;
	return true;
}

struct room *room_new(const char *room_id, const struct core_template *tpl,
		      const struct core_room_config *cfg, int64_t now_ms)
{
	if (!template_valid(tpl))
		return NULL;
	struct room *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->tpl = *tpl;
	normalize_config(r, cfg);
	size_t np = r->cfg.max_participants;

	r->id = core_strdup(room_id ? room_id : "");
	r->participants = calloc(np, sizeof *r->participants);
	r->hands = calloc(np, sizeof *r->hands);
	r->round.order = calloc(np, sizeof *r->round.order);
	r->round.spoke = calloc(np, sizeof *r->round.spoke);
	r->questions = calloc(r->cfg.max_questions, sizeof *r->questions);
	r->suggestions = calloc(r->cfg.max_suggestions, sizeof *r->suggestions);
	r->learnings = calloc(r->cfg.max_learnings, sizeof *r->learnings);
	if (!r->id || !r->participants || !r->hands || !r->round.order ||
	    !r->round.spoke || !r->questions || !r->suggestions ||
	    !r->learnings || !material_init(r)) {
		room_free(r);
		return NULL;
	}
	r->cap_participants = np;
	r->next_question_id = 1;
	r->next_suggestion_id = 1;
	r->step_entered_ms = now_ms;
	timer_arm(r);
	return r;
}

void room_free(struct room *r)
{
	if (!r)
		return;
	if (r->participants)
		for (size_t i = 0; i < r->n_participants; i++)
			free(r->participants[i].name);
	material_free(r);
	free(r->participants);
	free(r->hands);
	free(r->round.order);
	free(r->round.spoke);
	free(r->questions);
	free(r->suggestions);
	free(r->learnings);
	free(r->id);
	free(r);
}

/* Room for one more member: the array grows (before any change) up to
 * CORE_MEMBERS_FACTOR members per seat. */
static enum core_err grow_members(struct room *r)
{
	size_t max = (size_t)r->cfg.max_participants * CORE_MEMBERS_FACTOR;

	if (r->n_participants < r->cap_participants)
		return CORE_OK;
	if (r->cap_participants >= max)
		return CORE_E_ROOM_FULL;
	size_t cap =
		r->cap_participants * 2 < max ? r->cap_participants * 2 : max;
	struct core_participant *p = realloc(r->participants, cap * sizeof *p);
	if (!p)
		return CORE_E_INTERNAL;
	memset(p + r->cap_participants, 0,
	       (cap - r->cap_participants) * sizeof *p);
	r->participants = p;
	r->cap_participants = cap;
	return CORE_OK;
}

static enum core_role entry_role(const struct room *r, enum core_entry entry)
{
	switch (entry) {
	case CORE_ENTRY_FACILITATOR_LINK:
		/* Only the very first facilitator link opens the room's
		 * facilitator seat; afterwards the seat is handed over, never
		 * taken by a link. */
		return room_facilitator(r) ? ROLE_CONSULTANT : ROLE_FACILITATOR;
	case CORE_ENTRY_OBSERVER:
	case CORE_ENTRY_ORGANIZER:
		return ROLE_OBSERVER;
	default:
		return ROLE_CONSULTANT;
	}
}

enum core_err room_join(struct room *r, const char *name,
			bool via_facilitator_link, int64_t now_ms,
			uint32_t *pid_out, struct core_effects *fx)
{
	return room_join_as(r, name,
			    via_facilitator_link ? CORE_ENTRY_FACILITATOR_LINK
						 : CORE_ENTRY_LINK,
			    now_ms, pid_out, fx);
}

enum core_err room_join_as(struct room *r, const char *name,
			   enum core_entry entry, int64_t now_ms,
			   uint32_t *pid_out, struct core_effects *fx)
{
	enum core_err err;
	(void)now_ms;

	fx_reset(fx);
	if ((unsigned)entry >= CORE_ENTRY__COUNT)
		return CORE_E_BAD_FIELD;
	if (r->ended)
		return CORE_E_ENDED;
	if (r->locked && entry != CORE_ENTRY_ORGANIZER)
		return CORE_E_LOCKED;
	if (!room_seat_free(r))
		return CORE_E_ROOM_FULL;
	char *copy = role_trimmed_name(name, &err);
	if (!copy)
		return err;
	err = grow_members(r);
	if (err) {
		free(copy);
		return err;
	}

	struct core_participant *p = &r->participants[r->n_participants];
	*p = (struct core_participant){0};
	p->id = (uint32_t)(r->n_participants + 1);
	p->name = copy;
	p->connected = true;
	p->seat = CORE_SEAT_TAKEN;
	p->role = entry_role(r, entry);
	p->organizer = entry == CORE_ENTRY_ORGANIZER;
	r->n_participants++;
	r->n_seated++;
	if (pid_out)
		*pid_out = p->id;
	fx_emit(fx, EV_PARTICIPANT_JOINED, p->id, 0, NULL);
	return CORE_OK;
}

void room_presence(struct room *r, uint32_t pid, bool connected, int64_t now_ms,
		   struct core_effects *fx)
{
	fx_reset(fx);
	struct core_participant *p = room_participant_mut(r, pid);
	if (!p || p->connected == connected || p->seat == CORE_SEAT_REMOVED ||
	    p->seat == CORE_SEAT_MERGED)
		return;
	if (connected && p->seat == CORE_SEAT_RELEASED) {
		if (!room_seat_free(r))
			return;
		p->seat = CORE_SEAT_TAKEN;
		r->n_seated++;
		fx_emit(fx, EV_SEAT_CHANGED, pid, 0, "taken");
	}
	p->connected = connected;
	if (!connected)
		p->away_since_ms = now_ms;
	fx_emit(fx, connected ? EV_PARTICIPANT_RETURNED : EV_PARTICIPANT_LEFT,
		pid, 0, NULL);
	/* The group cannot work on the case without the client: optionally
	 * stop the clock for them. Resuming stays a facilitator decision. */
	if (!connected && p->role == ROLE_CLIENT &&
	    r->cfg.pause_when_client_away &&
	    r->timer.status == CORE_TIMER_RUNNING) {
		timer_pause_now(r, now_ms);
		fx_emit(fx, EV_TIMER_CHANGED, 0, 0, "client_disconnected");
	}
}

/* The participant a command acts upon when it is not the sender (only
 * hand.lower today), or 0. Checked against the table's `others` column. */
static uint32_t other_target(const struct core_cmd *cmd, uint32_t pid)
{
	uint32_t t = 0;

	if (cmd->type == CMD_HAND_LOWER)
		t = cmd->u.hand_lower.participant;
	else if (cmd->type == CMD_PARTICIPANT_REMOVE)
		t = cmd->u.participant_remove.participant;
	else if (cmd->type == CMD_PARTICIPANT_MERGE)
		t = cmd->u.participant_merge.participant;
	return t == pid ? 0 : t;
}

/* A participant a command gives something to (a role, the backup seat,
 * the floor, a lowered hand), or 0: only someone holding a seat can. */
static uint32_t beneficiary(const struct core_cmd *cmd)
{
	switch (cmd->type) {
	case CMD_ROLE_ASSIGN:
		return cmd->u.role_assign.participant;
	case CMD_BACKUP_SET:
		return cmd->u.backup_set.participant;
	case CMD_FLOOR_GIVE:
		return cmd->u.floor_give.participant;
	case CMD_PARTICIPANT_MERGE:
		return cmd->u.participant_merge.into;
	case CMD_HAND_LOWER:
		return cmd->u.hand_lower.participant;
	default:
		return 0;
	}
}

static bool seat_taken(const struct room *r, uint32_t pid)
{
	const struct core_participant *p = room_participant(r, pid);
	return !p || p->seat == CORE_SEAT_TAKEN; /* unknown: the handler's */
}

enum core_err room_execute(struct room *r, uint32_t pid,
			   const struct core_cmd *cmd, int64_t now_ms,
			   struct core_effects *fx)
{
	fx_reset(fx);
	if (!cmd || (unsigned)cmd->type >= CMD__COUNT)
		return CORE_E_UNKNOWN_TYPE;
	if (!room_participant(r, pid))
		return CORE_E_NOT_FOUND;
	if (r->ended)
		return CORE_E_ENDED; /* read-only for everyone, for good */

	struct actor a = {pid, room_effective_role(r, pid)};
	enum core_err err = core_permits(cmd->type, a.role, room_step_kind(r));
	if (err)
		return err;
	if (other_target(cmd, pid) &&
	    !core_permits_on_others(cmd->type, a.role))
		return CORE_E_FORBIDDEN;
	if (!seat_taken(r, pid) || !seat_taken(r, beneficiary(cmd)))
		return CORE_E_NOT_FOUND;
	err = handlers[cmd->type](r, &a, cmd, now_ms, fx);
	if (err)
		fx_reset(fx); /* handlers emit only on success; belt and braces
			       */
	return err;
}

enum core_err room_hub_assign(struct room *r, uint32_t pid, enum core_role role,
			      int64_t now_ms, struct core_effects *fx)
{
	struct core_cmd cmd = {.type = CMD_ROLE_ASSIGN,
			       .u.role_assign = {pid, role}};
	struct actor hub = {0, ROLE_FACILITATOR};
	enum core_err err;

	fx_reset(fx);
	err = role_cmd_assign(r, &hub, &cmd, now_ms, fx);
	if (err)
		fx_reset(fx);
	return err;
}

/* --- queries ------------------------------------------------------------ */

int64_t room_behind_ms(const struct room *r, int64_t now_ms)
{
	int64_t behind = 0;

	for (size_t i = 0; i < r->tpl.n_steps; i++) {
		int64_t spent = room_step_time_ms(r, i, now_ms);
		int64_t planned = (int64_t)r->tpl.steps[i].duration_s * 1000;
		if (i < r->step)
			behind += spent - planned;
		else if (i == r->step && spent > planned)
			behind += spent - planned;
		else if (i > r->step)
			behind += spent; /* revisited after going back */
	}
	return behind > 0 ? behind : 0;
}

struct core_participant *room_participant_mut(struct room *r, uint32_t pid)
{
	if (!r || pid == 0 || pid > r->n_participants)
		return NULL;
	return &r->participants[pid - 1];
}

const struct core_participant *room_participant(const struct room *r,
						uint32_t pid)
{
	return room_participant_mut((struct room *)r, pid);
}

static uint32_t find_role(const struct room *r, enum core_role role)
{
	for (size_t i = 0; i < r->n_participants; i++)
		if (r->participants[i].role == role)
			return r->participants[i].id;
	return 0;
}

uint32_t room_facilitator(const struct room *r)
{
	return find_role(r, ROLE_FACILITATOR);
}

uint32_t room_client(const struct room *r)
{
	return find_role(r, ROLE_CLIENT);
}

uint32_t room_acting_facilitator(const struct room *r)
{
	const struct core_participant *f =
		room_participant(r, room_facilitator(r));
	const struct core_participant *b = room_participant(r, r->backup);

	if (f && f->connected)
		return f->id;
	if (b && b->connected)
		return b->id;
	return f ? f->id : 0;
}

enum core_role room_effective_role(const struct room *r, uint32_t pid)
{
	const struct core_participant *p = room_participant(r, pid);

	if (!p)
		return ROLE__COUNT;
	if (pid == r->backup && room_acting_facilitator(r) == pid)
		return ROLE_FACILITATOR;
	return p->role;
}

enum core_step_kind room_step_kind(const struct room *r)
{
	return r->tpl.steps[r->step].kind;
}

int64_t room_step_time_ms(const struct room *r, size_t idx, int64_t now_ms)
{
	if (idx >= r->tpl.n_steps)
		return 0;
	int64_t t = r->step_time_ms[idx];
	if (idx == r->step && now_ms > r->step_entered_ms)
		t += now_ms - r->step_entered_ms;
	return t;
}

bool room_has_contract(const struct room *r)
{
	return r->contract && r->contract[0];
}
