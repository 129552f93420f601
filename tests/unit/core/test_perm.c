/*
 * test_perm.c — the permission table, exhaustively: every command × every
 * role × every step kind, generated from the enums. The expected answers
 * come from tests/fixtures/permissions.txt (the rules written once by hand,
 * read by perm_fixture.h), never from the table under test: every cell of
 * core_permits() and core_permits_on_others() must equal the fixture's, the
 * fixture must have a row for exactly the commands of enum core_cmd_type,
 * and through room_execute a denied command must fail exactly as the
 * fixture says and leave the room unchanged; an allowed one must get past
 * the table (it may still fail on state).
 *
 * The fixture's path: argv[1], else PERM_FIXTURE (set by meson.build).
 */
#include "helpers.h"
#include "perm_fixture.h"

static struct perm_fixture want_table;

/* A plausible payload for each command type (the permissions are not
 * hand-listed here: they come from the fixture). */
static struct core_cmd sample(enum core_cmd_type t, const struct fixture *x)
{
	static const struct core_plan_item item = {"call Bob", "Monday"};
	struct core_cmd c = {.type = t};

	switch (t) {
	case CMD_NAME_SET:
		c.u.name_set.name = "  New Name ";
		break;
	case CMD_ROLE_ASSIGN:
		c.u.role_assign.participant = x->k2;
		c.u.role_assign.role = ROLE_SCRIBE;
		break;
	case CMD_BACKUP_SET:
		c.u.backup_set.participant = x->k2;
		break;
	case CMD_STEP_NEXT:
		c.u.step_next.confirm = true;
		break;
	case CMD_STEP_GOTO:
		c.u.step_goto.step =
			(uint32_t)((x->r->step + 1) % x->r->tpl.n_steps);
		c.u.step_goto.confirm = true;
		break;
	case CMD_TIMER_EXTEND:
		c.u.timer_extend.minutes = 5;
		break;
	case CMD_FLOOR_GIVE:
		c.u.floor_give.participant = x->k2;
		break;
	case CMD_SHEET_UPDATE:
		c.u.sheet_update.title = "t";
		c.u.sheet_update.question = "q";
		c.u.sheet_update.context = "c";
		c.u.sheet_update.tried = "tr";
		c.u.sheet_update.help_wanted = "h";
		break;
	case CMD_QUESTION_ANSWER:
		c.u.question_answer.question = 1;
		c.u.question_answer.text = "yes";
		break;
	case CMD_SUGGESTION_KEEP:
		c.u.suggestion_keep.suggestion = 1;
		c.u.suggestion_keep.kept = true;
		break;
	case CMD_PLAN_UPDATE:
		c.u.plan_update.n = 1;
		c.u.plan_update.items[0] = item;
		break;
	case CMD_CONTRACT_SET:
	case CMD_QUESTION_ADD:
	case CMD_SUGGESTION_ADD:
	case CMD_LEARNING_ADD:
	case CMD_NOTES_UPDATE:
		c.u.text.text = "some text";
		break;
	default:
		break;
	}
	return c;
}

static void one_case(enum core_step_kind kind, enum core_role role,
		     enum core_cmd_type t)
{
	struct core_template tpl = tpl_all_kinds();
	struct fixture x;
	char what[160];

	fixture_init_cfg(&x, &tpl, NULL);
	if (kind != room_step_kind(x.r))
		fx_exec(&x, x.f, goto_cmd((uint32_t)kind, true), 1000);
	snprintf(what, sizeof what, "%s by %s in %s", core_cmd_name(t),
		 core_role_name(role), core_step_kind_name(kind));

	enum core_err want = perm_fixture_want(&want_table, t, role, kind);
	uint32_t pid = fixture_pid(&x, role);
	if (room_step_kind(x.r) != kind ||
	    room_effective_role(x.r, pid) != role)
		ok(0, "%s: fixture not in the expected state", what);
	else if (want != CORE_OK)
		expect(&x, pid, sample(t, &x), 2000, want, what);
	else {
		enum core_err got = fx_exec(&x, pid, sample(t, &x), 2000);
		ok(got != CORE_E_FORBIDDEN && got != CORE_E_WRONG_STEP,
		   "%s: allowed (got %s)", what, core_err_name(got));
	}
	fixture_free(&x);
}

static void test_matrix(void)
{
	for (int k = 0; k < STEP__COUNT; k++)
		for (int r = 0; r < ROLE__COUNT; r++)
			for (int t = 0; t < CMD__COUNT; t++)
				one_case((enum core_step_kind)k,
					 (enum core_role)r,
					 (enum core_cmd_type)t);
}

/* Every cell of the C table against the fixture: one `not ok` per cell
 * that differs, naming command × role × step kind, then the totals. */
static void test_cells(void)
{
	int cells = 0, wrong = 0, others_wrong = 0;

	for (int t = 0; t < CMD__COUNT; t++) {
		const char *cmd = core_cmd_name((enum core_cmd_type)t);
		for (int r = 0; r < ROLE__COUNT; r++) {
			const char *role = core_role_name((enum core_role)r);
			for (int k = 0; k < STEP__COUNT; k++) {
				enum core_err got =
					core_permits((enum core_cmd_type)t,
						     (enum core_role)r,
						     (enum core_step_kind)k);
				enum core_err want = perm_fixture_want(
					&want_table, (enum core_cmd_type)t,
					(enum core_role)r,
					(enum core_step_kind)k);
				cells++;
				if (got == want)
					continue;
				wrong++;
				ok(0,
				   "core_permits(%s, %s, %s) is %s, fixture "
				   "line %d says %s",
				   cmd, role,
				   core_step_kind_name((enum core_step_kind)k),
				   core_err_name(got), want_table.row_line[t],
				   core_err_name(want));
			}
			bool got = core_permits_on_others((enum core_cmd_type)t,
							  (enum core_role)r);
			bool want = want_table.others[t] & (1u << r);
			if (got != want) {
				others_wrong++;
				ok(0,
				   "core_permits_on_others(%s, %s) is %s, "
				   "fixture line %d says %s",
				   cmd, role, got ? "true" : "false",
				   want_table.row_line[t],
				   want ? "true" : "false");
			}
		}
	}
	is_int(cells, CMD__COUNT * ROLE__COUNT * STEP__COUNT,
	       "every command × role × step kind compared");
	is_int(wrong, 0, "core_permits equals the fixture in all %d cells",
	       cells);
	is_int(others_wrong, 0,
	       "core_permits_on_others equals the fixture's `others` column");
}

/* Properties the table must have whatever details change. */
static void test_table_shape(void)
{
	int observer_ok = 0, no_role = 0, fac_missing = 0;

	for (int t = 0; t < CMD__COUNT; t++) {
		int any = 0;
		for (int r = 0; r < ROLE__COUNT; r++)
			for (int k = 0; k < STEP__COUNT; k++)
				any |= !core_permits((enum core_cmd_type)t,
						     (enum core_role)r,
						     (enum core_step_kind)k);
		no_role += !any;
		for (int k = 0; k < STEP__COUNT; k++)
			observer_ok += !core_permits((enum core_cmd_type)t,
						     ROLE_OBSERVER,
						     (enum core_step_kind)k) &&
				       t != CMD_NAME_SET;
	}
	is_int(no_role, 0, "every command is allowed to someone somewhere");
	is_int(observer_ok, 0, "observers may only set their name");

	static const enum core_cmd_type fac_any[] = {
		CMD_ROLE_ASSIGN, CMD_BACKUP_SET,   CMD_STEP_NEXT,
		CMD_STEP_PREV,	 CMD_STEP_GOTO,	   CMD_TIMER_START,
		CMD_TIMER_PAUSE, CMD_TIMER_RESUME, CMD_TIMER_EXTEND,
		CMD_TIMER_RESET, CMD_FLOOR_GIVE,   CMD_ROUND_START,
		CMD_ROUND_NEXT};
	for (size_t i = 0; i < sizeof fac_any / sizeof fac_any[0]; i++)
		for (int k = 0; k < STEP__COUNT; k++)
			for (int r = 0; r < ROLE__COUNT; r++)
				fac_missing +=
					(core_permits(fac_any[i],
						      (enum core_role)r,
						      (enum core_step_kind)k) ==
					 CORE_OK) != (r == ROLE_FACILITATOR);
	is_int(fac_missing, 0, "facilitator-only commands: F, any step");

	is_int(core_permits(CMD_QUESTION_ADD, ROLE_CONSULTANT, STEP_QUESTIONS),
	       CORE_OK, "consultant asks in questions");
	is_int(core_permits(CMD_QUESTION_ADD, ROLE_CONSULTANT,
			    STEP_CONSULTATION),
	       CORE_E_WRONG_STEP, "no question during consultation");
	is_int(core_permits(CMD_SUGGESTION_ADD, ROLE_CLIENT, STEP_CONSULTATION),
	       CORE_E_FORBIDDEN, "client never suggests");
	is_int(core_permits(CMD_SUGGESTION_KEEP, ROLE_CLIENT, STEP_SYNTHESIS),
	       CORE_OK, "client may still keep in synthesis");
	is_int(core_permits(CMD_PLAN_UPDATE, ROLE_CLIENT, STEP_SYNTHESIS),
	       CORE_OK, "client writes the plan in synthesis");
	is_int(core_permits(CMD_NOTES_UPDATE, ROLE_SCRIBE, STEP_PRESENTATION),
	       CORE_OK, "scribe notes in any step");
	is_int(core_permits(CMD_NOTES_UPDATE, ROLE_CONSULTANT, STEP_LEARNINGS),
	       CORE_E_FORBIDDEN, "plain consultant never edits notes");
	is_int(core_permits((enum core_cmd_type)CMD__COUNT, ROLE_FACILITATOR,
			    STEP_PRESENTATION),
	       CORE_E_FORBIDDEN, "out-of-range command is forbidden");
	is_int(core_permits(CMD_NAME_SET, (enum core_role)99,
			    STEP_PRESENTATION),
	       CORE_E_FORBIDDEN, "out-of-range role is forbidden");
	is_int(core_permits(CMD_NAME_SET, ROLE_CLIENT,
			    (enum core_step_kind) - 1),
	       CORE_E_FORBIDDEN, "out-of-range step is forbidden");
}

static void test_pipeline_edges(void)
{
	struct fixture x;
	struct core_cmd c = {.type = CMD_HAND_RAISE};

	fixture_init(&x);
	expect(&x, 0, c, 1, CORE_E_NOT_FOUND, "participant 0 unknown");
	expect(&x, 999, c, 1, CORE_E_NOT_FOUND, "participant 999 unknown");
	c.type = (enum core_cmd_type)CMD__COUNT;
	expect(&x, x.k, c, 1, CORE_E_UNKNOWN_TYPE, "unknown command type");
	c.type = (enum core_cmd_type) - 5;
	expect(&x, x.k, c, 1, CORE_E_UNKNOWN_TYPE, "negative command type");
	is_int(room_execute(x.r, x.k, NULL, 1, &x.fx), CORE_E_UNKNOWN_TYPE,
	       "NULL command");

	/* hand.lower on someone else: facilitator only (table's `others`). */
	fx_exec(&x, x.k2, simple_cmd(CMD_HAND_RAISE), 1);
	struct core_cmd low = {.type = CMD_HAND_LOWER};
	low.u.hand_lower.participant = x.k2;
	expect(&x, x.k, low, 2, CORE_E_FORBIDDEN,
	       "consultant cannot lower another's hand");
	expect(&x, x.f, low, 3, CORE_OK, "facilitator lowers another's hand");
	is_int(x.r->n_hands, 0, "hand lowered");
	fixture_free(&x);
}

static void test_names(void)
{
	int bad = 0;

	for (int i = 0; i < ROLE__COUNT; i++) {
		enum core_role v = ROLE__COUNT;
		bad += !core_role_name((enum core_role)i) ||
		       !core_role_parse(core_role_name((enum core_role)i),
					&v) ||
		       v != (enum core_role)i;
	}
	for (int i = 0; i < STEP__COUNT; i++) {
		enum core_step_kind v = STEP__COUNT;
		const char *n = core_step_kind_name((enum core_step_kind)i);
		bad += !n || !core_step_kind_parse(n, &v) ||
		       v != (enum core_step_kind)i;
	}
	for (int i = 0; i < CMD__COUNT; i++) {
		enum core_cmd_type v = CMD__COUNT;
		const char *n = core_cmd_name((enum core_cmd_type)i);
		bad += !n || !core_cmd_parse(n, &v) ||
		       v != (enum core_cmd_type)i;
	}
	for (int i = 0; i < EV__COUNT; i++)
		bad += !core_event_name((enum core_event_type)i);
	for (int i = 0; i < CORE_E__COUNT; i++)
		bad += !core_err_name((enum core_err)i);
	for (int i = 0; i < CORE_TIMER__COUNT; i++)
		bad += !core_timer_status_name((enum core_timer_status)i);
	is_int(bad, 0, "every enum value has a name that parses back");

	enum core_role r = ROLE_CLIENT;
	ok(!core_role_parse("boss", &r) && r == ROLE_CLIENT,
	   "unknown role name rejected, out untouched");
	ok(!core_role_parse(NULL, &r), "NULL role name rejected");
	ok(core_role_name((enum core_role)42) == NULL, "bad role has no name");
	is_str(core_step_kind_name(STEP_REPORT_BACK), "report_back",
	       "report_back wire name");
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : PERM_FIXTURE;

	/* A fixture that lacks a command of CMD__COUNT, or has a row that is
	 * not one, fails here (and the matrix is not run against it). */
	if (!perm_fixture_load(&want_table, path)) {
		ok(0, "the fixture %s is complete and well formed", path);
		return tap_done();
	}
	ok(1, "the fixture %s is complete and well formed (%d commands)", path,
	   (int)CMD__COUNT);
	test_cells();
	test_matrix();
	test_table_shape();
	test_pipeline_edges();
	test_names();
	return tap_done();
}
