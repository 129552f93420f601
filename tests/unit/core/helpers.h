/*
 * helpers.h — fixtures shared by the core unit tests: templates, a room
 * with one participant per role, command builders, and a fingerprint of
 * the whole room state used to prove that a refused command changed
 * nothing.
 */
#ifndef TESTS_CORE_HELPERS_H
#define TESTS_CORE_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/room.h"
#include "tap.h"

#define MIN_MS ((int64_t)60 * 1000)

/* One step of each kind, in enum order, so step index == kind. */
static inline struct core_template tpl_all_kinds(void)
{
	struct core_template t = {.id = "all", .name = "all kinds"};

	for (int k = 0; k < STEP__COUNT; k++)
		t.steps[t.n_steps++] =
			(struct core_step_def){(enum core_step_kind)k, 600};
	return t;
}

/* The codev-90 template (config/templates/codev-90.json). */
static inline struct core_template tpl_codev90(void)
{
	struct core_template t = {
		.id = "codev-90", .name = "codev 90", .n_steps = 6};
	static const uint32_t min[6] = {15, 15, 5, 25, 15, 15};

	for (int i = 0; i < 6; i++)
		t.steps[i] = (struct core_step_def){(enum core_step_kind)i,
						    min[i] * 60};
	return t;
}

/* A room with F(acilitator) C(lient) K(consultant) S(cribe) O(bserver)
 * plus a second consultant K2, all connected, joined in that order. */
struct fixture {
	struct room *r;
	uint32_t f, c, k, s, o, k2;
	struct core_effects fx;
};

static inline enum core_err fx_exec(struct fixture *x, uint32_t pid,
				    struct core_cmd cmd, int64_t now)
{
	enum core_err e = room_execute(x->r, pid, &cmd, now, &x->fx);

	if (x->fx.n > CORE_MAX_EVENTS)
		ok(0, "effects overflow");
	return e;
}

static inline struct core_cmd assign_cmd(uint32_t pid, enum core_role role)
{
	struct core_cmd c = {.type = CMD_ROLE_ASSIGN};

	c.u.role_assign.participant = pid;
	c.u.role_assign.role = role;
	return c;
}

static inline void fixture_init_cfg(struct fixture *x,
				    const struct core_template *tpl,
				    const struct core_room_config *cfg)
{
	memset(x, 0, sizeof *x);
	x->r = room_new("room-1", tpl, cfg, 0);
	if (!x->r) {
		ok(0, "room_new");
		exit(1);
	}
	room_join(x->r, "Fanny", true, 0, &x->f, &x->fx);
	room_join(x->r, "Claire", false, 0, &x->c, &x->fx);
	room_join(x->r, "Karim", false, 0, &x->k, &x->fx);
	room_join(x->r, "Sam", false, 0, &x->s, &x->fx);
	room_join(x->r, "Olga", false, 0, &x->o, &x->fx);
	room_join(x->r, "Kenji", false, 0, &x->k2, &x->fx);
	fx_exec(x, x->f, assign_cmd(x->c, ROLE_CLIENT), 0);
	fx_exec(x, x->f, assign_cmd(x->s, ROLE_SCRIBE), 0);
	fx_exec(x, x->f, assign_cmd(x->o, ROLE_OBSERVER), 0);
}

/* A room created under earlier rules (core/room.h, CORE_RULES_*). */
static inline void fixture_init_rules(struct fixture *x,
				      const struct core_template *tpl,
				      uint32_t rules)
{
	struct core_room_config cfg;

	core_room_config_default(&cfg);
	cfg.rules = rules;
	fixture_init_cfg(x, tpl, &cfg);
}

static inline void fixture_init(struct fixture *x)
{
	struct core_template t = tpl_codev90();

	fixture_init_cfg(x, &t, NULL);
}

static inline void fixture_free(struct fixture *x)
{
	room_free(x->r);
	x->r = NULL;
}

static inline uint32_t fixture_pid(const struct fixture *x, enum core_role role)
{
	switch (role) {
	case ROLE_FACILITATOR:
		return x->f;
	case ROLE_CLIENT:
		return x->c;
	case ROLE_CONSULTANT:
		return x->k;
	case ROLE_SCRIBE:
		return x->s;
	default:
		return x->o;
	}
}

static inline struct core_cmd simple_cmd(enum core_cmd_type t)
{
	return (struct core_cmd){.type = t};
}

static inline struct core_cmd text_cmd(enum core_cmd_type t, const char *s)
{
	struct core_cmd c = {.type = t};

	c.u.text.text = s;
	return c;
}

static inline struct core_cmd goto_cmd(uint32_t step, bool confirm)
{
	struct core_cmd c = {.type = CMD_STEP_GOTO};

	c.u.step_goto.step = step;
	c.u.step_goto.confirm = confirm;
	return c;
}

static inline struct core_cmd floor_cmd(uint32_t pid)
{
	struct core_cmd c = {.type = CMD_FLOOR_GIVE};

	c.u.floor_give.participant = pid;
	return c;
}

/* --- fingerprint: every field of the room, as text ---------------------- */

static inline void fp_str(FILE *f, const char *k, const char *s)
{
	fprintf(f, "%s=[%s]\n", k, s ? s : "(null)");
}

static inline char *room_fingerprint(const struct room *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const struct core_timer *t = &r->timer;

	fprintf(f, "step=%zu entered=%lld backup=%u floor=%u enough=%u\n",
		r->step, (long long)r->step_entered_ms, r->backup, r->floor,
		r->enough_by);
	for (size_t i = 0; i < CORE_MAX_STEPS; i++) {
		const struct core_timer *k = &r->step_timer[i];
		fprintf(f, "t%zu=%lld/%lld ", i, (long long)r->step_time_ms[i],
			(long long)r->step_overrun_ms[i]);
		if (r->step_timer_kept[i])
			fprintf(f, "kept=%d/%lld/%lld/%x/%d ", k->status,
				(long long)k->duration_ms,
				(long long)k->remaining_ms, k->marks_fired,
				k->expired_fired);
	}
	fprintf(f, "speakers=%llx ", (unsigned long long)r->step_speakers);
	fprintf(f, "\ntimer=%d %lld %lld %lld %x %d\n", t->status,
		(long long)t->duration_ms, (long long)t->remaining_ms,
		(long long)t->deadline_ms, t->marks_fired, t->expired_fired);
	for (size_t i = 0; i < r->n_participants; i++) {
		const struct core_participant *p = &r->participants[i];
		fprintf(f, "p%u %d %d %d %lld ", p->id, p->role, p->connected,
			p->seat, (long long)p->away_since_ms);
		fp_str(f, "name", p->name);
	}
	fprintf(f, "seated=%zu locked=%d ended=%d\n", r->n_seated, r->locked,
		r->ended);
	fprintf(f, "hands:");
	for (size_t i = 0; i < r->n_hands; i++)
		fprintf(f, " %u", r->hands[i]);
	fprintf(f, "\nround=%d:", r->round.active);
	for (size_t i = 0; i < r->round.n; i++)
		fprintf(f, " %u/%d", r->round.order[i], r->round.spoke[i]);
	fprintf(f, "\n");
	fp_str(f, "title", r->sheet.title);
	fp_str(f, "question", r->sheet.question);
	fp_str(f, "context", r->sheet.context);
	fp_str(f, "tried", r->sheet.tried);
	fp_str(f, "help", r->sheet.help_wanted);
	fp_str(f, "contract", r->contract);
	fp_str(f, "notes", r->notes);
	for (size_t i = 0; i < r->n_questions; i++) {
		fprintf(f, "q%u by %u hidden %d ", r->questions[i].id,
			r->questions[i].author, r->questions[i].hidden);
		fp_str(f, "text", r->questions[i].text);
		fp_str(f, "answer", r->questions[i].answer);
	}
	for (size_t i = 0; i < r->n_suggestions; i++) {
		fprintf(f, "s%u by %u kept %d hidden %d ", r->suggestions[i].id,
			r->suggestions[i].author, r->suggestions[i].kept,
			r->suggestions[i].hidden);
		fp_str(f, "text", r->suggestions[i].text);
	}
	for (size_t i = 0; i < r->n_plan; i++) {
		fp_str(f, "action", r->plan[i].action);
		fp_str(f, "by", r->plan[i].by_when);
	}
	for (size_t i = 0; i < r->n_learnings; i++) {
		fprintf(f, "l by %u hidden %d ", r->learnings[i].author,
			r->learnings[i].hidden);
		fp_str(f, "text", r->learnings[i].text);
	}
	fprintf(f, "next=%u/%u\n", r->next_question_id, r->next_suggestion_id);
	fclose(f);
	return buf;
}

/* Runs cmd expecting `want`; when want is an error, also checks that no
 * event was emitted and the room is byte-for-byte unchanged. */
static inline void expect(struct fixture *x, uint32_t pid, struct core_cmd cmd,
			  int64_t now, enum core_err want, const char *what)
{
	char *before = room_fingerprint(x->r);
	enum core_err got = fx_exec(x, pid, cmd, now);
	char *after = room_fingerprint(x->r);

	if (want == CORE_OK) {
		is_str(core_err_name(got), core_err_name(want), "%s", what);
	} else {
		ok(got == want && x->fx.n == 0 && !strcmp(before, after),
		   "%s: %s (got %s, %zu events, %s)", what, core_err_name(want),
		   core_err_name(got), x->fx.n,
		   strcmp(before, after) ? "CHANGED" : "unchanged");
	}
	free(before);
	free(after);
}

/* Whether fx holds an event of that type (and returns its index or -1). */
static inline int fx_find(const struct core_effects *fx, enum core_event_type t)
{
	for (size_t i = 0; i < fx->n; i++)
		if (fx->ev[i].type == t)
			return (int)i;
	return -1;
}

#endif
