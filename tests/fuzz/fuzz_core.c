/*
 * fuzz_core.c — sequences of joins, presence changes, commands and clock
 * steps against one room of the pure core.
 *
 * Input: a byte stream. The first bytes choose the template (1..10 steps
 * of any kind, short durations) and small limits; then each operation is
 * an opcode byte followed by its operands (see next_op). Participant ids
 * range over the members plus unknown ones; texts come from a fixed list
 * of valid UTF-8 strings (the codec guarantees UTF-8 and lengths, so the
 * core is fed what the codec can produce).
 *
 * Invariants checked after every operation:
 *   - a refused call leaves the room unchanged (a digest of every field
 *     and string) and produces no event;
 *   - every event produced encodes (it names things the room has);
 *   - exactly one facilitator once someone joined through a facilitator
 *     link (none before), at most one client;
 *   - ids: participants[i].id == i + 1, question and suggestion ids
 *     strictly increasing and below the next id;
 *   - the backup is 0 or a member who is neither facilitator nor observer;
 *   - raised hands are distinct members and never observers; the floor is
 *     0 or a member who is not an observer (queue.c's invariant); the
 *     round lists members; lists within their limits;
 *   - the step index is inside the template; the timer state is valid.
 */
#include <stdlib.h>
#include <string.h>

#include "codec/codec.h"
#include "core/room.h"
#include "fuzz.h"

struct in {
	const uint8_t *p;
	size_t n;
};

static unsigned byte(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static const char *const texts[] = {
	"",	  " ",		"a",
	"Anne",	  "  padded  ", "Chloé",
	"日本語", "x\ty",	"a longer text with several words in it",
	"🙂",	  "\t\n",
};
#define N_TEXTS (sizeof texts / sizeof texts[0])

static const char *text(struct in *in)
{
	return texts[byte(in) % N_TEXTS];
}

/* A digest of everything a command may change (FNV-1a over the fields and
 * the strings): cheaper than encoding the snapshot after every step. */
struct digest {
	uint64_t h;
};

static void mix(struct digest *d, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		d->h = (d->h ^ b[i]) * 1099511628211ULL;
}

static void mix_str(struct digest *d, const char *s)
{
	mix(d, s ? s : "(null)", s ? strlen(s) + 1 : 7);
}

#define MIX(d, v) mix((d), &(v), sizeof(v))

static uint64_t digest(const struct room *r)
{
	struct digest d = {14695981039346656037ULL};

	MIX(&d, r->n_participants);
	for (size_t i = 0; i < r->n_participants; i++) {
		mix_str(&d, r->participants[i].name);
		MIX(&d, r->participants[i].role);
		MIX(&d, r->participants[i].connected);
	}
	MIX(&d, r->backup);
	MIX(&d, r->step);
	MIX(&d, r->step_entered_ms);
	mix(&d, r->step_time_ms, sizeof r->step_time_ms);
	mix(&d, r->step_overrun_ms, sizeof r->step_overrun_ms);
	MIX(&d, r->timer.status);
	MIX(&d, r->timer.duration_ms);
	MIX(&d, r->timer.remaining_ms);
	MIX(&d, r->timer.deadline_ms);
	MIX(&d, r->timer.marks_fired);
	MIX(&d, r->timer.expired_fired);
	MIX(&d, r->n_hands);
	mix(&d, r->hands, r->n_hands * sizeof *r->hands);
	MIX(&d, r->floor);
	MIX(&d, r->round.active);
	MIX(&d, r->round.n);
	mix(&d, r->round.order, r->round.n * sizeof *r->round.order);
	mix(&d, r->round.spoke, r->round.n * sizeof *r->round.spoke);
	mix_str(&d, r->sheet.title);
	mix_str(&d, r->sheet.question);
	mix_str(&d, r->sheet.context);
	mix_str(&d, r->sheet.tried);
	mix_str(&d, r->sheet.help_wanted);
	mix_str(&d, r->contract);
	mix_str(&d, r->notes);
	MIX(&d, r->n_questions);
	for (size_t i = 0; i < r->n_questions; i++) {
		MIX(&d, r->questions[i].id);
		MIX(&d, r->questions[i].author);
		mix_str(&d, r->questions[i].text);
		mix_str(&d, r->questions[i].answer);
	}
	MIX(&d, r->n_suggestions);
	for (size_t i = 0; i < r->n_suggestions; i++) {
		MIX(&d, r->suggestions[i].id);
		MIX(&d, r->suggestions[i].author);
		MIX(&d, r->suggestions[i].kept);
		mix_str(&d, r->suggestions[i].text);
	}
	MIX(&d, r->n_plan);
	for (size_t i = 0; i < r->n_plan; i++) {
		mix_str(&d, r->plan[i].action);
		mix_str(&d, r->plan[i].by_when);
	}
	MIX(&d, r->n_learnings);
	for (size_t i = 0; i < r->n_learnings; i++) {
		MIX(&d, r->learnings[i].author);
		mix_str(&d, r->learnings[i].text);
	}
	MIX(&d, r->enough_by);
	MIX(&d, r->next_question_id);
	MIX(&d, r->next_suggestion_id);
	return d.h;
}

static void check_room(const struct room *r, bool fac_joined)
{
	size_t facs = 0, clients = 0;

	for (size_t i = 0; i < r->n_participants; i++) {
		const struct core_participant *p = &r->participants[i];
		FUZZ_CHECK(p->id == i + 1);
		FUZZ_CHECK(p->name && p->name[0]);
		FUZZ_CHECK((unsigned)p->role < ROLE__COUNT);
		facs += p->role == ROLE_FACILITATOR;
		clients += p->role == ROLE_CLIENT;
	}
	FUZZ_CHECK(r->n_participants <= r->cfg.max_participants);
	FUZZ_CHECK(facs == (fac_joined ? 1u : 0u));
	FUZZ_CHECK(clients <= 1);
	if (r->backup) {
		const struct core_participant *b =
			room_participant(r, r->backup);
		FUZZ_CHECK(b);
		FUZZ_CHECK(b->role != ROLE_FACILITATOR &&
			   b->role != ROLE_OBSERVER);
	}
	FUZZ_CHECK(r->n_hands <= r->n_participants);
	for (size_t i = 0; i < r->n_hands; i++) {
		const struct core_participant *p =
			room_participant(r, r->hands[i]);
		FUZZ_CHECK(p && p->role != ROLE_OBSERVER);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(r->hands[j] != r->hands[i]);
	}
	if (r->floor) {
		const struct core_participant *f =
			room_participant(r, r->floor);
		FUZZ_CHECK(f);
		/* Finding 3: role.assign observer keeps the floor. */
		FUZZ_KNOWN_BUG(f->role != ROLE_OBSERVER);
	}
	FUZZ_CHECK(r->round.n <= r->cfg.max_participants);
	FUZZ_CHECK(r->round.active || r->round.n == 0);
	for (size_t i = 0; i < r->round.n; i++)
		FUZZ_CHECK(room_participant(r, r->round.order[i]));
	FUZZ_CHECK(r->step < r->tpl.n_steps);
	FUZZ_CHECK((unsigned)r->timer.status < CORE_TIMER__COUNT);
	FUZZ_CHECK(r->n_questions <= r->cfg.max_questions);
	FUZZ_CHECK(r->n_suggestions <= r->cfg.max_suggestions);
	FUZZ_CHECK(r->n_learnings <= r->cfg.max_learnings);
	FUZZ_CHECK(r->n_plan <= CORE_PLAN_MAX_ITEMS);
	for (size_t i = 0; i < r->n_questions; i++) {
		FUZZ_CHECK(r->questions[i].id < r->next_question_id);
		FUZZ_CHECK(!i || r->questions[i].id > r->questions[i - 1].id);
	}
	for (size_t i = 0; i < r->n_suggestions; i++) {
		FUZZ_CHECK(r->suggestions[i].id < r->next_suggestion_id);
		FUZZ_CHECK(!i ||
			   r->suggestions[i].id > r->suggestions[i - 1].id);
	}
	FUZZ_CHECK(!r->enough_by || room_participant(r, r->enough_by));
}

static void check_events(const struct room *r, const struct core_effects *fx,
			 uint64_t *seq, int64_t now)
{
	FUZZ_CHECK(fx->n <= CORE_MAX_EVENTS);
	for (size_t i = 0; i < fx->n; i++) {
		char *s = codec_encode_event(r, &fx->ev[i], ++*seq, now,
					     1700000000000LL + now);
		FUZZ_CHECK(s);
		free(s);
	}
}

static void build_cmd(struct in *in, uint32_t span, struct core_cmd *c)
{
	memset(c, 0, sizeof *c);
	c->type = (enum core_cmd_type)(byte(in) % CMD__COUNT);
	switch (c->type) {
	case CMD_NAME_SET:
		c->u.name_set.name = text(in);
		break;
	case CMD_ROLE_ASSIGN:
		c->u.role_assign.participant = byte(in) % span;
		c->u.role_assign.role =
			(enum core_role)(byte(in) % ROLE__COUNT);
		break;
	case CMD_BACKUP_SET:
	case CMD_HAND_LOWER:
	case CMD_FLOOR_GIVE:
		/* the same union slot shape: one participant id */
		c->u.floor_give.participant = byte(in) % span;
		if (c->type == CMD_BACKUP_SET)
			c->u.backup_set.participant =
				c->u.floor_give.participant;
		if (c->type == CMD_HAND_LOWER)
			c->u.hand_lower.participant =
				c->u.floor_give.participant;
		break;
	case CMD_STEP_NEXT:
		c->u.step_next.confirm = byte(in) & 1;
		break;
	case CMD_STEP_GOTO:
		c->u.step_goto.step = byte(in) % 11;
		c->u.step_goto.confirm = byte(in) & 1;
		break;
	case CMD_TIMER_EXTEND:
		c->u.timer_extend.minutes = byte(in) % 62;
		break;
	case CMD_SHEET_UPDATE:
		c->u.sheet_update.title = text(in);
		c->u.sheet_update.question = text(in);
		c->u.sheet_update.context = text(in);
		c->u.sheet_update.tried = text(in);
		c->u.sheet_update.help_wanted = text(in);
		break;
	case CMD_CONTRACT_SET:
	case CMD_QUESTION_ADD:
	case CMD_SUGGESTION_ADD:
	case CMD_LEARNING_ADD:
	case CMD_NOTES_UPDATE:
		c->u.text.text = text(in);
		break;
	case CMD_QUESTION_ANSWER:
		c->u.question_answer.question = byte(in) % 6;
		c->u.question_answer.text = text(in);
		break;
	case CMD_SUGGESTION_KEEP:
		c->u.suggestion_keep.suggestion = byte(in) % 6;
		c->u.suggestion_keep.kept = byte(in) & 1;
		break;
	case CMD_PLAN_UPDATE:
		c->u.plan_update.n = byte(in) % (CORE_PLAN_MAX_ITEMS + 1);
		for (size_t i = 0; i < c->u.plan_update.n; i++) {
			c->u.plan_update.items[i].action = text(in);
			c->u.plan_update.items[i].by_when = text(in);
		}
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = {data, size};
	struct core_template tpl = {.id = "fuzz", .name = "fuzz"};
	struct core_room_config cfg;
	struct core_effects fx;
	struct core_cmd cmd;
	bool fac_joined = false;
	int64_t now = 1000;
	uint64_t seq = 0;
	unsigned ops = 0;

	tpl.n_steps = 1 + byte(&in) % CORE_MAX_STEPS;
	for (size_t i = 0; i < tpl.n_steps; i++) {
		unsigned b = byte(&in);
		tpl.steps[i].kind = (enum core_step_kind)(b % STEP__COUNT);
		tpl.steps[i].duration_s = 1 + (b >> 4) * 20;
	}
	core_room_config_default(&cfg);
	unsigned lim = byte(&in);
	cfg.max_participants = 1 + lim % 8;
	cfg.max_questions = 1 + (lim >> 3) % 4;
	cfg.max_suggestions = 1 + (lim >> 5) % 4;
	cfg.max_learnings = 2;
	cfg.pause_when_client_away = lim & 0x80;
	struct room *r = room_new("fuzzroom", &tpl, &cfg, now);
	FUZZ_CHECK(r);

	while (in.n && ops++ < 400) {
		uint32_t span = (uint32_t)r->n_participants + 2;
		unsigned op = byte(&in) % 10;
		uint64_t before = 0;
		enum core_err err = CORE_OK;
		uint32_t pid;

		switch (op) {
		case 0: {
			bool via = byte(&in) & 1;
			const char *name = text(&in);
			before = digest(r);
			err = room_join(r, name, via, now, &pid, &fx);
			if (!err && via)
				fac_joined = true;
			break;
		}
		case 1:
			pid = byte(&in) % span;
			room_presence(r, pid, byte(&in) & 1, now, &fx);
			break;
		case 2:
			now += (int64_t)byte(&in) * 500;
			room_tick(r, now, &fx);
			break;
		case 3:
			room_timer_hold(r, now, "fuzz_hold", &fx);
			break;
		default:
			pid = byte(&in) % span;
			build_cmd(&in, span, &cmd);
			before = digest(r);
			err = room_execute(r, pid, &cmd, now, &fx);
			break;
		}
		if (err) {
			FUZZ_CHECK(fx.n == 0);
			FUZZ_CHECK(digest(r) == before);
		}
		check_events(r, &fx, &seq, now);
		check_room(r, fac_joined);
		int64_t wake = room_next_wakeup(r, now);
		FUZZ_CHECK(wake == -1 || r->timer.status == CORE_TIMER_RUNNING);
	}
	room_free(r);
	return 0;
}
