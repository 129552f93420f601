/*
 * material.c — the client's material: sheet, contract, questions and
 * answers, suggestions (kept or not), the "I have enough" signal, the
 * action plan, learnings and the scribe's notes.
 *
 * Invariants:
 *   - sheet fields, contract and notes are never NULL ("" when empty);
 *   - lists never exceed their config capacity (CORE_E_LIMIT), question and
 *     suggestion ids are sequential from 1 and never reused;
 *   - every handler copies all strings it keeps BEFORE touching the room,
 *     so OOM (CORE_E_INTERNAL) or a bad field leaves the room unchanged.
 * Length and UTF-8 are checked by the codec; here a NULL text is
 * BAD_FIELD, and an empty question/suggestion/learning/plan action too
 * (it would be an empty bullet in everyone's list). Contract and notes may
 * be set to "" (cleared); an empty contract counts as "no contract".
 * The facilitator may hide a question, suggestion or learning posted in the
 * wrong place (item.hide): it stays, marked hidden, and may be shown again.
 */
#include <stdlib.h>

#include "core/internal.h"

bool material_init(struct room *r)
{
	char **s[] = {&r->sheet.title, &r->sheet.question,    &r->sheet.context,
		      &r->sheet.tried, &r->sheet.help_wanted, &r->contract,
		      &r->notes};

	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		if (!(*s[i] = core_strdup("")))
			return false;
	return true;
}

static void free_plan(struct core_plan_entry *plan, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(plan[i].action);
		free(plan[i].by_when);
	}
}

void material_free(struct room *r)
{
	free(r->sheet.title);
	free(r->sheet.question);
	free(r->sheet.context);
	free(r->sheet.tried);
	free(r->sheet.help_wanted);
	free(r->contract);
	free(r->notes);
	for (size_t i = 0; r->questions && i < r->n_questions; i++) {
		free(r->questions[i].text);
		free(r->questions[i].answer);
	}
	for (size_t i = 0; r->suggestions && i < r->n_suggestions; i++)
		free(r->suggestions[i].text);
	for (size_t i = 0; r->learnings && i < r->n_learnings; i++)
		free(r->learnings[i].text);
	free_plan(r->plan, r->n_plan);
}

static bool nonempty(const char *s)
{
	return s && s[0];
}

enum core_err material_cmd_sheet(struct room *r, const struct actor *a,
				 const struct core_cmd *cmd, int64_t now_ms,
				 struct core_effects *fx)
{
	const char *in[] = {
		cmd->u.sheet_update.title, cmd->u.sheet_update.question,
		cmd->u.sheet_update.context, cmd->u.sheet_update.tried,
		cmd->u.sheet_update.help_wanted};
	char **slot[] = {&r->sheet.title, &r->sheet.question, &r->sheet.context,
			 &r->sheet.tried, &r->sheet.help_wanted};
	char *copy[5] = {0};
	size_t i;
	(void)now_ms;

	for (i = 0; i < 5; i++)
		if (!in[i])
			return CORE_E_BAD_FIELD;
	for (i = 0; i < 5; i++)
		if (!(copy[i] = core_strdup(in[i])))
			break;
	if (i < 5) {
		while (i--)
			free(copy[i]);
		return CORE_E_INTERNAL;
	}
	for (i = 0; i < 5; i++) {
		free(*slot[i]);
		*slot[i] = copy[i];
	}
	fx_emit(fx, EV_SHEET_UPDATED, a->pid, 0, NULL);
	return CORE_OK;
}

static enum core_err replace_text(char **slot, const char *text)
{
	if (!text)
		return CORE_E_BAD_FIELD;
	return core_str_replace(slot, text) ? CORE_OK : CORE_E_INTERNAL;
}

enum core_err material_cmd_contract(struct room *r, const struct actor *a,
				    const struct core_cmd *cmd, int64_t now_ms,
				    struct core_effects *fx)
{
	enum core_err err = replace_text(&r->contract, cmd->u.text.text);
	(void)now_ms;

	if (!err)
		fx_emit(fx, EV_CONTRACT_SET, a->pid, 0, NULL);
	return err;
}

enum core_err material_cmd_notes(struct room *r, const struct actor *a,
				 const struct core_cmd *cmd, int64_t now_ms,
				 struct core_effects *fx)
{
	enum core_err err = replace_text(&r->notes, cmd->u.text.text);
	(void)now_ms;

	if (!err)
		fx_emit(fx, EV_NOTES_UPDATED, a->pid, 0, NULL);
	return err;
}

/* Validates a new list item: *out is the owned copy on CORE_OK. */
static enum core_err new_item(const char *text, size_t n, uint32_t max,
			      char **out)
{
	if (!nonempty(text))
		return CORE_E_BAD_FIELD;
	if (n >= max)
		return CORE_E_LIMIT;
	*out = core_strdup(text);
	return *out ? CORE_OK : CORE_E_INTERNAL;
}

enum core_err material_cmd_question(struct room *r, const struct actor *a,
				    const struct core_cmd *cmd, int64_t now_ms,
				    struct core_effects *fx)
{
	char *text = NULL;
	enum core_err err = new_item(cmd->u.text.text, r->n_questions,
				     r->cfg.max_questions, &text);
	(void)now_ms;

	if (err)
		return err;
	struct core_question *q = &r->questions[r->n_questions++];
	*q = (struct core_question){r->next_question_id++, a->pid, text, NULL,
				    false};
	fx_emit(fx, EV_QUESTION_ADDED, q->id, a->pid, NULL);
	return CORE_OK;
}

static struct core_question *find_question(struct room *r, uint32_t id)
{
	for (size_t i = 0; i < r->n_questions; i++)
		if (r->questions[i].id == id)
			return &r->questions[i];
	return NULL;
}

/* Answering again replaces the previous answer. */
enum core_err material_cmd_answer(struct room *r, const struct actor *a,
				  const struct core_cmd *cmd, int64_t now_ms,
				  struct core_effects *fx)
{
	struct core_question *q =
		find_question(r, cmd->u.question_answer.question);
	(void)a;
	(void)now_ms;

	if (!q)
		return CORE_E_NOT_FOUND;
	enum core_err err =
		replace_text(&q->answer, cmd->u.question_answer.text);
	if (!err)
		fx_emit(fx, EV_QUESTION_ANSWERED, q->id, 0, NULL);
	return err;
}

enum core_err material_cmd_suggestion(struct room *r, const struct actor *a,
				      const struct core_cmd *cmd,
				      int64_t now_ms, struct core_effects *fx)
{
	char *text = NULL;
	enum core_err err = new_item(cmd->u.text.text, r->n_suggestions,
				     r->cfg.max_suggestions, &text);
	(void)now_ms;

	if (err)
		return err;
	struct core_suggestion *s = &r->suggestions[r->n_suggestions++];
	*s = (struct core_suggestion){r->next_suggestion_id++, a->pid, text,
				      false, false};
	fx_emit(fx, EV_SUGGESTION_ADDED, s->id, a->pid, NULL);
	return CORE_OK;
}

/* kept=false un-keeps: the client may change their mind. */
enum core_err material_cmd_keep(struct room *r, const struct actor *a,
				const struct core_cmd *cmd, int64_t now_ms,
				struct core_effects *fx)
{
	uint32_t id = cmd->u.suggestion_keep.suggestion;
	(void)a;
	(void)now_ms;

	for (size_t i = 0; i < r->n_suggestions; i++) {
		struct core_suggestion *s = &r->suggestions[i];
		if (s->id != id)
			continue;
		s->kept = cmd->u.suggestion_keep.kept;
		fx_emit(fx, EV_SUGGESTION_KEPT, id, s->kept, NULL);
		return CORE_OK;
	}
	return CORE_E_NOT_FOUND;
}

enum core_err material_cmd_enough(struct room *r, const struct actor *a,
				  const struct core_cmd *cmd, int64_t now_ms,
				  struct core_effects *fx)
{
	(void)cmd;
	(void)now_ms;
	r->enough_by = a->pid;
	fx_emit(fx, EV_ENOUGH_SIGNALED, a->pid, 0, NULL);
	return CORE_OK;
}

/* Replaces the whole list (n == 0 clears it). by_when may be "". */
enum core_err material_cmd_plan(struct room *r, const struct actor *a,
				const struct core_cmd *cmd, int64_t now_ms,
				struct core_effects *fx)
{
	size_t n = cmd->u.plan_update.n;
	const struct core_plan_item *in = cmd->u.plan_update.items;
	struct core_plan_entry copy[CORE_PLAN_MAX_ITEMS] = {0};
	size_t i;
	(void)now_ms;

	if (n > CORE_PLAN_MAX_ITEMS)
		return CORE_E_LIMIT;
	for (i = 0; i < n; i++)
		if (!nonempty(in[i].action) || !in[i].by_when)
			return CORE_E_BAD_FIELD;
	for (i = 0; i < n; i++) {
		copy[i].action = core_strdup(in[i].action);
		copy[i].by_when = core_strdup(in[i].by_when);
		if (!copy[i].action || !copy[i].by_when) {
			free_plan(copy, i + 1);
			return CORE_E_INTERNAL;
		}
	}
	free_plan(r->plan, r->n_plan);
	for (i = 0; i < n; i++)
		r->plan[i] = copy[i];
	r->n_plan = n;
	fx_emit(fx, EV_PLAN_UPDATED, a->pid, 0, NULL);
	return CORE_OK;
}

enum core_err material_cmd_learning(struct room *r, const struct actor *a,
				    const struct core_cmd *cmd, int64_t now_ms,
				    struct core_effects *fx)
{
	char *text = NULL;
	enum core_err err = new_item(cmd->u.text.text, r->n_learnings,
				     r->cfg.max_learnings, &text);
	(void)now_ms;

	if (err)
		return err;
	r->learnings[r->n_learnings++] =
		(struct core_learning){a->pid, text, false};
	/* Learnings have no id: detail is the 1-based position. */
	fx_emit(fx, EV_LEARNING_ADDED, a->pid, (uint32_t)r->n_learnings, NULL);
	return CORE_OK;
}

/* The hidden flag of an item, NULL when there is no such item. */
static bool *hidden_flag(struct room *r, enum core_item_kind kind, uint32_t id)
{
	switch (kind) {
	case CORE_ITEM_QUESTION: {
		struct core_question *q = find_question(r, id);
		return q ? &q->hidden : NULL;
	}
	case CORE_ITEM_SUGGESTION:
		for (size_t i = 0; i < r->n_suggestions; i++)
			if (r->suggestions[i].id == id)
				return &r->suggestions[i].hidden;
		return NULL;
	case CORE_ITEM_LEARNING: /* no ids: the 1-based position */
		return id >= 1 && id <= r->n_learnings
			       ? &r->learnings[id - 1].hidden
			       : NULL;
	default:
		return NULL;
	}
}

/* Hiding a hidden item (or showing a shown one) is no error: the event
 * says where it stands, so a retry from another tab is harmless. */
enum core_err material_cmd_hide(struct room *r, const struct actor *a,
				const struct core_cmd *cmd, int64_t now_ms,
				struct core_effects *fx)
{
	enum core_item_kind kind = cmd->u.item_hide.kind;
	uint32_t id = cmd->u.item_hide.item;
	bool *flag;
	(void)a;
	(void)now_ms;

	if ((unsigned)kind >= CORE_ITEM__COUNT)
		return CORE_E_BAD_FIELD;
	if (!(flag = hidden_flag(r, kind, id)))
		return CORE_E_NOT_FOUND;
	*flag = cmd->u.item_hide.hidden;
	fx_emit(fx, EV_ITEM_HIDDEN, id,
		((uint32_t)kind << 1) | (cmd->u.item_hide.hidden ? 1u : 0u),
		NULL);
	return CORE_OK;
}
