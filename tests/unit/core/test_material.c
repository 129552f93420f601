/*
 * test_material.c — the client's material: sheet, contract, questions,
 * suggestions, plan, learnings, notes; limits (CORE_E_LIMIT), unknown ids
 * (CORE_E_NOT_FOUND); the facilitator hiding and showing items
 * (item.hide); and a seeded random command storm checking that no
 * call crashes, overflows the effects, or changes the room on error.
 */
#include "helpers.h"

static void small_room(struct fixture *x)
{
	struct core_template t = tpl_all_kinds();
	struct core_room_config cfg;

	core_room_config_default(&cfg);
	cfg.max_questions = 2;
	cfg.max_suggestions = 2;
	cfg.max_learnings = 2;
	fixture_init_cfg(x, &t, &cfg);
}

static struct core_cmd answer_cmd(uint32_t q, const char *text)
{
	struct core_cmd c = {.type = CMD_QUESTION_ANSWER};

	c.u.question_answer.question = q;
	c.u.question_answer.text = text;
	return c;
}

static struct core_cmd keep_cmd(uint32_t s, bool kept)
{
	struct core_cmd c = {.type = CMD_SUGGESTION_KEEP};

	c.u.suggestion_keep.suggestion = s;
	c.u.suggestion_keep.kept = kept;
	return c;
}

static struct core_cmd hide_cmd(enum core_item_kind kind, uint32_t item,
				bool hidden)
{
	struct core_cmd c = {.type = CMD_ITEM_HIDE};

	c.u.item_hide.kind = kind;
	c.u.item_hide.item = item;
	c.u.item_hide.hidden = hidden;
	return c;
}

static void expect_hidden_event(const struct fixture *x, enum core_item_kind k,
				uint32_t item, bool hidden, const char *what)
{
	ok(x->fx.n == 1 && x->fx.ev[0].type == EV_ITEM_HIDDEN &&
		   x->fx.ev[0].subject == item &&
		   core_item_event_kind(x->fx.ev[0].detail) == k &&
		   core_item_event_hidden(x->fx.ev[0].detail) == hidden,
	   "%s: item.hidden event", what);
}

/* The facilitator hides an item posted in the wrong place, in any step;
 * it is kept (ids, positions, answers), and showing restores it. */
static void test_hide(void)
{
	struct fixture x;

	small_room(&x);
	fx_exec(&x, x.f, goto_cmd(STEP_QUESTIONS, true), 0);
	fx_exec(&x, x.k, text_cmd(CMD_QUESTION_ADD, "Have you tried X?"), 0);
	fx_exec(&x, x.k, text_cmd(CMD_QUESTION_ADD, "Since when?"), 0);
	fx_exec(&x, x.c, answer_cmd(1, "no"), 0);
	expect(&x, x.k, hide_cmd(CORE_ITEM_QUESTION, 1, true), 0,
	       CORE_E_FORBIDDEN, "a consultant may not hide");
	expect(&x, x.c, hide_cmd(CORE_ITEM_QUESTION, 1, true), 0,
	       CORE_E_FORBIDDEN, "the client may not hide");
	expect(&x, x.f, hide_cmd(CORE_ITEM_QUESTION, 3, true), 0,
	       CORE_E_NOT_FOUND, "unknown question");
	expect(&x, x.f, hide_cmd(CORE_ITEM_SUGGESTION, 1, true), 0,
	       CORE_E_NOT_FOUND, "no suggestion yet");
	expect(&x, x.f, hide_cmd(CORE_ITEM_LEARNING, 0, true), 0,
	       CORE_E_NOT_FOUND, "learning 0");
	expect(&x, x.f, hide_cmd(CORE_ITEM__COUNT, 1, true), 0,
	       CORE_E_BAD_FIELD, "unknown kind");
	expect(&x, x.f, hide_cmd(CORE_ITEM_QUESTION, 1, true), 0, CORE_OK,
	       "hide question 1");
	expect_hidden_event(&x, CORE_ITEM_QUESTION, 1, true, "hide q1");
	ok(x.r->questions[0].hidden && !x.r->questions[1].hidden &&
		   x.r->n_questions == 2 &&
		   !strcmp(x.r->questions[0].text, "Have you tried X?") &&
		   !strcmp(x.r->questions[0].answer, "no"),
	   "question 1 hidden, kept with its answer; question 2 shown");
	expect(&x, x.f, hide_cmd(CORE_ITEM_QUESTION, 1, true), 0, CORE_OK,
	       "hiding again is no error");

	fx_exec(&x, x.f, goto_cmd(STEP_CONSULTATION, true), 0);
	fx_exec(&x, x.k, text_cmd(CMD_SUGGESTION_ADD, "Off topic"), 0);
	expect(&x, x.f, hide_cmd(CORE_ITEM_SUGGESTION, 1, true), 0, CORE_OK,
	       "hide suggestion 1");
	expect_hidden_event(&x, CORE_ITEM_SUGGESTION, 1, true, "hide s1");
	ok(x.r->suggestions[0].hidden, "suggestion hidden");
	expect(&x, x.c, keep_cmd(1, true), 0, CORE_OK,
	       "a hidden suggestion is still there");

	fx_exec(&x, x.f, goto_cmd(STEP_LEARNINGS, true), 0);
	fx_exec(&x, x.k, text_cmd(CMD_LEARNING_ADD, "first"), 0);
	fx_exec(&x, x.c, text_cmd(CMD_LEARNING_ADD, "second"), 0);
	expect(&x, x.f, hide_cmd(CORE_ITEM_LEARNING, 3, true), 0,
	       CORE_E_NOT_FOUND, "learning 3 of 2");
	expect(&x, x.f, hide_cmd(CORE_ITEM_LEARNING, 2, true), 0, CORE_OK,
	       "hide learning 2 (its position)");
	expect_hidden_event(&x, CORE_ITEM_LEARNING, 2, true, "hide l2");
	ok(x.r->learnings[1].hidden && !x.r->learnings[0].hidden,
	   "learning 2 hidden");

	expect(&x, x.f, hide_cmd(CORE_ITEM_QUESTION, 1, false), 0, CORE_OK,
	       "show question 1 again, in another step");
	expect_hidden_event(&x, CORE_ITEM_QUESTION, 1, false, "show q1");
	ok(!x.r->questions[0].hidden, "question 1 restored");
	expect(&x, x.f, hide_cmd(CORE_ITEM_LEARNING, 2, false), 0, CORE_OK,
	       "show learning 2");
	ok(!x.r->learnings[1].hidden, "learning 2 restored");
	fixture_free(&x);
}

static void test_sheet_contract_notes(void)
{
	struct fixture x;
	struct core_cmd c = {.type = CMD_SHEET_UPDATE};

	small_room(&x);
	c.u.sheet_update.title = "Team conflict";
	c.u.sheet_update.question = "How can I ...?";
	c.u.sheet_update.context = "ctx";
	c.u.sheet_update.tried = "talking";
	expect(&x, x.c, c, 0, CORE_E_BAD_FIELD, "sheet with a NULL field");
	c.u.sheet_update.help_wanted = "ideas";
	expect(&x, x.c, c, 0, CORE_OK, "sheet.update");
	ok(!strcmp(x.r->sheet.title, "Team conflict") &&
		   !strcmp(x.r->sheet.help_wanted, "ideas") &&
		   x.fx.ev[0].type == EV_SHEET_UPDATED,
	   "all five replaced");

	expect(&x, x.s, text_cmd(CMD_NOTES_UPDATE, "- idea 1"), 0, CORE_OK,
	       "scribe notes");
	is_str(x.r->notes, "- idea 1", "notes stored");
	expect(&x, x.f, text_cmd(CMD_NOTES_UPDATE, NULL), 0, CORE_E_BAD_FIELD,
	       "NULL notes");

	fx_exec(&x, x.f, goto_cmd(STEP_CONTRACT, true), 0);
	expect(&x, x.c, text_cmd(CMD_CONTRACT_SET, "feedback"), 0, CORE_OK,
	       "contract.set");
	ok(room_has_contract(x.r) && x.fx.ev[0].type == EV_CONTRACT_SET,
	   "contract set + event");
	fixture_free(&x);
}

static void test_questions_suggestions(void)
{
	struct fixture x;

	small_room(&x);
	fx_exec(&x, x.f, goto_cmd(STEP_QUESTIONS, true), 0);
	expect(&x, x.k, text_cmd(CMD_QUESTION_ADD, "Who decides?"), 0, CORE_OK,
	       "question 1");
	ok(x.fx.ev[0].type == EV_QUESTION_ADDED && x.fx.ev[0].subject == 1 &&
		   x.fx.ev[0].detail == x.k,
	   "question.added id 1 by K");
	expect(&x, x.s, text_cmd(CMD_QUESTION_ADD, ""), 0, CORE_E_BAD_FIELD,
	       "empty question");
	expect(&x, x.s, text_cmd(CMD_QUESTION_ADD, "Since when?"), 0, CORE_OK,
	       "question 2");
	expect(&x, x.k, text_cmd(CMD_QUESTION_ADD, "One more?"), 0,
	       CORE_E_LIMIT, "max_questions");
	expect(&x, x.c, answer_cmd(3, "?"), 0, CORE_E_NOT_FOUND,
	       "answer unknown question");
	expect(&x, x.c, answer_cmd(0, "?"), 0, CORE_E_NOT_FOUND, "question 0");
	expect(&x, x.c, answer_cmd(2, NULL), 0, CORE_E_BAD_FIELD,
	       "NULL answer");
	expect(&x, x.c, answer_cmd(2, "Since May"), 0, CORE_OK, "answer");
	ok(!strcmp(x.r->questions[1].answer, "Since May") &&
		   x.r->questions[0].answer == NULL,
	   "answer stored on question 2");
	expect(&x, x.c, answer_cmd(2, "Since April"), 0, CORE_OK, "re-answer");
	is_str(x.r->questions[1].answer, "Since April", "answer replaced");

	fx_exec(&x, x.f, goto_cmd(STEP_CONSULTATION, true), 0);
	expect(&x, x.k, text_cmd(CMD_SUGGESTION_ADD, "Try a 1:1"), 0, CORE_OK,
	       "suggestion 1");
	expect(&x, x.s, text_cmd(CMD_SUGGESTION_ADD, "Ask HR"), 0, CORE_OK,
	       "suggestion 2");
	expect(&x, x.k2, text_cmd(CMD_SUGGESTION_ADD, "x"), 0, CORE_E_LIMIT,
	       "max_suggestions");
	expect(&x, x.c, keep_cmd(9, true), 0, CORE_E_NOT_FOUND,
	       "keep unknown suggestion");
	expect(&x, x.c, keep_cmd(2, true), 0, CORE_OK, "keep 2");
	ok(x.r->suggestions[1].kept && x.fx.ev[0].subject == 2 &&
		   x.fx.ev[0].detail == 1,
	   "kept + event");
	expect(&x, x.c, simple_cmd(CMD_ENOUGH_SIGNAL), 0, CORE_OK, "enough");
	ok(x.r->enough_by == x.c && x.fx.ev[0].type == EV_ENOUGH_SIGNALED,
	   "enough signalled");
	fx_exec(&x, x.f, goto_cmd(STEP_SYNTHESIS, true), 0);
	expect(&x, x.c, keep_cmd(2, false), 0, CORE_OK, "un-keep in synthesis");
	ok(!x.r->suggestions[1].kept, "un-kept");
	is_int(x.r->next_suggestion_id, 3, "ids never reused");
	fixture_free(&x);
}

static void test_plan_learnings(void)
{
	struct fixture x;
	struct core_cmd p = {.type = CMD_PLAN_UPDATE};

	small_room(&x);
	fx_exec(&x, x.f, goto_cmd(STEP_SYNTHESIS, true), 0);
	p.u.plan_update.n = 2;
	p.u.plan_update.items[0] = (struct core_plan_item){"a1", "Monday"};
	p.u.plan_update.items[1] = (struct core_plan_item){"a2", NULL};
	expect(&x, x.c, p, 0, CORE_E_BAD_FIELD, "NULL by_when");
	p.u.plan_update.items[1].by_when = "";
	expect(&x, x.c, p, 0, CORE_OK, "plan of 2");
	ok(x.r->n_plan == 2 && !strcmp(x.r->plan[1].action, "a2"), "stored");
	p.u.plan_update.n = CORE_PLAN_MAX_ITEMS + 1;
	expect(&x, x.c, p, 0, CORE_E_LIMIT, "plan too long");
	p.u.plan_update.n = 1;
	p.u.plan_update.items[0].action = "";
	expect(&x, x.c, p, 0, CORE_E_BAD_FIELD, "empty action");
	p.u.plan_update.items[0].action = "only one";
	expect(&x, x.c, p, 0, CORE_OK, "replace by 1 item");
	ok(x.r->n_plan == 1 && !strcmp(x.r->plan[0].action, "only one"),
	   "whole list replaced");

	fx_exec(&x, x.f, goto_cmd(STEP_LEARNINGS, true), 0);
	expect(&x, x.f, text_cmd(CMD_LEARNING_ADD, "listen more"), 0, CORE_OK,
	       "facilitator learning");
	expect(&x, x.c, text_cmd(CMD_LEARNING_ADD, "ask for help"), 0, CORE_OK,
	       "client learning");
	ok(x.fx.ev[0].subject == x.c && x.fx.ev[0].detail == 2,
	   "learning.added by C at position 2");
	expect(&x, x.k, text_cmd(CMD_LEARNING_ADD, "third"), 0, CORE_E_LIMIT,
	       "max_learnings");
	fixture_free(&x);
}

static struct core_cmd random_cmd(unsigned *seed)
{
	static const char *texts[] = {NULL, "", " ", "text", "\xff\xfe"};
	struct core_cmd c;
	unsigned v;

	memset(&c, 0, sizeof c);
	*seed = *seed * 1103515245u + 12345u;
	v = *seed >> 4;
	c.type = (enum core_cmd_type)(v % (CMD__COUNT + 2));
	/* Ending or removing would starve the storm (test_seat.c has them) */
	if (c.type >= CMD_ROOM_LOCK && c.type <= CMD_PARTICIPANT_REMOVE)
		c.type = (enum core_cmd_type)((v >> 8) % CMD_ROOM_LOCK);
	switch (c.type) {
	case CMD_SHEET_UPDATE:
		c.u.sheet_update.title = texts[v % 5];
		c.u.sheet_update.question = texts[(v >> 3) % 5];
		c.u.sheet_update.context = "c";
		c.u.sheet_update.tried = "t";
		c.u.sheet_update.help_wanted = texts[(v >> 6) % 5];
		break;
	case CMD_PLAN_UPDATE:
		c.u.plan_update.n = (v >> 5) % (CORE_PLAN_MAX_ITEMS + 3);
		for (size_t i = 0; i < CORE_PLAN_MAX_ITEMS; i++)
			c.u.plan_update.items[i] = (struct core_plan_item){
				texts[(v + i) % 5], texts[(v >> 2) % 5]};
		break;
	case CMD_NAME_SET:
		c.u.name_set.name = texts[(v >> 5) % 5];
		break;
	case CMD_ROLE_ASSIGN:
		c.u.role_assign.participant = (v >> 5) % 9;
		c.u.role_assign.role = (enum core_role)((v >> 9) % 7);
		break;
	case CMD_STEP_NEXT:
		c.u.step_next.confirm = (v >> 13) & 1;
		break;
	case CMD_STEP_GOTO:
		c.u.step_goto.step = (v >> 5) % 9;
		c.u.step_goto.confirm = (v >> 13) & 1;
		break;
	case CMD_SUGGESTION_KEEP:
		c.u.suggestion_keep.suggestion = (v >> 5) % 5;
		c.u.suggestion_keep.kept = (v >> 13) & 1;
		break;
	case CMD_TIMER_EXTEND:
		c.u.timer_extend.minutes = (v >> 5) % 70;
		break;
	case CMD_ITEM_HIDE:
		c.u.item_hide.kind = (enum core_item_kind)((v >> 5) % 4);
		c.u.item_hide.item = (v >> 7) % 4;
		c.u.item_hide.hidden = (v >> 13) & 1;
		break;
	case CMD_CONTRACT_SET:
	case CMD_QUESTION_ADD:
	case CMD_SUGGESTION_ADD:
	case CMD_LEARNING_ADD:
	case CMD_NOTES_UPDATE:
		c.u.text.text = texts[(v >> 9) % 5];
		break;
	default:
		/* Ids (backup, hand, floor, question) share the first word
		 * of the union. */
		c.u.question_answer.question = (v >> 5) % 9;
		c.u.question_answer.text = texts[(v >> 9) % 5];
		break;
	}
	return c;
}

static void test_storm(void)
{
	struct fixture x;
	unsigned seed = 7;
	int bad = 0, oks = 0;
	int64_t now = 0;

	small_room(&x);
	for (int i = 0; i < 20000; i++) {
		struct core_cmd c = random_cmd(&seed);
		uint32_t pid = 1 + (seed >> 20) % 8; /* incl. unknown ids */
		char *before = room_fingerprint(x.r);
		enum core_err e = room_execute(x.r, pid, &c, now, &x.fx);
		char *after = room_fingerprint(x.r);

		bad += x.fx.n > CORE_MAX_EVENTS;
		if (e != CORE_OK)
			bad += x.fx.n != 0 || strcmp(before, after) != 0;
		oks += e == CORE_OK;
		free(before);
		free(after);
		now += (seed >> 24) * 100;
		room_tick(x.r, now, &x.fx);
		if (i % 97 == 0)
			room_presence(x.r, pid, (seed >> 3) & 1, now, &x.fx);
	}
	is_int(bad, 0, "20000 random commands: errors change nothing");
	ok(oks > 1000, "and many succeeded (%d)", oks);
	fixture_free(&x);
}

int main(void)
{
	test_sheet_contract_notes();
	test_questions_suggestions();
	test_plan_learnings();
	test_hide();
	test_storm();
	return tap_done();
}
