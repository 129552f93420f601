/*
 * test_roles.c — joining, names, presence, role invariants (exactly one
 * facilitator, at most one client, handover), and the backup facilitator
 * acting only while the facilitator is away.
 */
#include "helpers.h"

static int count_role(const struct room *r, enum core_role role)
{
	int n = 0;

	for (size_t i = 0; i < r->n_participants; i++)
		n += r->participants[i].role == role;
	return n;
}

static void test_join(void)
{
	struct core_template t = tpl_codev90();
	struct core_room_config cfg;
	struct core_effects fx;
	uint32_t a = 0, b = 0, c = 0, d = 0;
	struct room *r;

	core_room_config_default(&cfg);
	cfg.max_participants = 4;
	r = room_new("r", &t, &cfg, 0);
	is_int(room_join(r, "  Ann\t ", false, 0, &a, &fx), CORE_OK,
	       "participant-link join");
	ok(a == 1 && room_participant(r, a)->role == ROLE_CONSULTANT,
	   "no facilitator yet: participant link still joins as consultant");
	is_str(room_participant(r, a)->name, "Ann", "name trimmed");
	ok(fx.n == 1 && fx.ev[0].type == EV_PARTICIPANT_JOINED &&
		   fx.ev[0].subject == a,
	   "participant.joined emitted");
	is_int(room_join(r, "Bob", true, 0, &b, &fx), CORE_OK, "fac link");
	ok(b == 2 && room_participant(r, b)->role == ROLE_FACILITATOR,
	   "first facilitator-link joiner becomes facilitator");
	is_int(room_join(r, "Cy", true, 0, &c, &fx), CORE_OK, "2nd fac link");
	ok(c == 3 && room_participant(r, c)->role == ROLE_CONSULTANT,
	   "later facilitator-link joiner is a consultant");
	is_int(room_join(r, " \t\r\n", false, 0, &d, &fx), CORE_E_BAD_FIELD,
	       "blank name rejected");
	is_int(fx.n, 0, "no event on error");
	is_int(room_join(r, "", false, 0, &d, &fx), CORE_E_BAD_FIELD,
	       "empty name rejected");
	is_int(room_join(r, NULL, false, 0, &d, &fx), CORE_E_BAD_FIELD,
	       "NULL name rejected");
	is_int(room_join(r, "Di", false, 0, &d, &fx), CORE_OK, "4th joins");
	is_int(d, 4, "ids sequential from 1");
	is_int(room_join(r, "Ed", false, 0, &d, &fx), CORE_E_ROOM_FULL,
	       "max_participants reached");
	is_int(r->n_participants, 4, "nobody added");
	room_free(r);
	room_free(NULL);
	ok(1, "room_free(NULL) is a no-op");
	ok(room_new("x", NULL, NULL, 0) == NULL, "no template: NULL");
	t.n_steps = 0;
	ok(room_new("x", &t, NULL, 0) == NULL, "empty template: NULL");
	t.n_steps = CORE_MAX_STEPS + 1;
	ok(room_new("x", &t, NULL, 0) == NULL, "too many steps: NULL");
	t = tpl_codev90();
	t.steps[2].kind = (enum core_step_kind)77;
	ok(room_new("x", &t, NULL, 0) == NULL, "bad step kind: NULL");
}

static void test_names_presence(void)
{
	struct fixture x;
	struct core_cmd c = {.type = CMD_NAME_SET};

	fixture_init(&x);
	c.u.name_set.name = "  Karim B.  ";
	expect(&x, x.k, c, 1, CORE_OK, "name.set");
	is_str(room_participant(x.r, x.k)->name, "Karim B.", "trimmed");
	c.u.name_set.name = "   ";
	expect(&x, x.k, c, 1, CORE_E_BAD_FIELD, "blank name.set");
	c.u.name_set.name = NULL;
	expect(&x, x.o, c, 1, CORE_E_BAD_FIELD, "NULL name.set");

	room_presence(x.r, x.k, false, 5, &x.fx);
	ok(x.fx.n == 1 && x.fx.ev[0].type == EV_PARTICIPANT_LEFT &&
		   !room_participant(x.r, x.k)->connected,
	   "left");
	room_presence(x.r, x.k, false, 6, &x.fx);
	is_int(x.fx.n, 0, "left twice: nothing");
	room_presence(x.r, x.k, true, 7, &x.fx);
	ok(x.fx.n == 1 && x.fx.ev[0].type == EV_PARTICIPANT_RETURNED,
	   "returned");
	ok(room_participant(x.r, x.k)->role == ROLE_CONSULTANT &&
		   !strcmp(room_participant(x.r, x.k)->name, "Karim B."),
	   "identity survives a reconnect");
	room_presence(x.r, 4242, false, 8, &x.fx);
	is_int(x.fx.n, 0, "unknown pid ignored");
	fixture_free(&x);
}

static void test_assign(void)
{
	struct fixture x;

	fixture_init(&x);
	ok(room_facilitator(x.r) == x.f && room_client(x.r) == x.c,
	   "fixture roles");
	expect(&x, x.f, assign_cmd(x.k, ROLE_CLIENT), 1, CORE_OK, "new client");
	ok(room_client(x.r) == x.k &&
		   room_participant(x.r, x.c)->role == ROLE_CONSULTANT,
	   "old client became consultant");
	is_int(x.fx.n, 2, "two role.assigned events");
	is_int(count_role(x.r, ROLE_CLIENT), 1, "one client");

	expect(&x, x.f, assign_cmd(x.k, ROLE_CLIENT), 1, CORE_OK,
	       "same role again");
	is_int(x.fx.n, 0, "same role: no event");
	expect(&x, x.f, assign_cmd(x.f, ROLE_CONSULTANT), 1, CORE_E_CONFLICT,
	       "cannot remove the last facilitator");
	expect(&x, x.f, assign_cmd(x.f, ROLE_CLIENT), 1, CORE_E_CONFLICT,
	       "facilitator cannot become client without handover");
	expect(&x, x.f, assign_cmd(99, ROLE_SCRIBE), 1, CORE_E_NOT_FOUND,
	       "unknown participant");
	expect(&x, x.f, assign_cmd(x.k, (enum core_role)ROLE__COUNT), 1,
	       CORE_E_BAD_FIELD, "bad role value");

	expect(&x, x.f, assign_cmd(x.k2, ROLE_FACILITATOR), 2, CORE_OK,
	       "handover");
	ok(room_facilitator(x.r) == x.k2 &&
		   room_participant(x.r, x.f)->role == ROLE_CONSULTANT,
	   "old facilitator became consultant");
	is_int(count_role(x.r, ROLE_FACILITATOR), 1, "one facilitator");
	expect(&x, x.f, simple_cmd(CMD_STEP_NEXT), 3, CORE_E_FORBIDDEN,
	       "old facilitator lost the permissions");
	expect(&x, x.k2, assign_cmd(x.k, ROLE_FACILITATOR), 4, CORE_OK,
	       "client handed the facilitator seat");
	ok(room_client(x.r) == 0 && room_facilitator(x.r) == x.k,
	   "no client left, one facilitator");

	/* Observer: hand and backup go away. */
	fx_exec(&x, x.s, simple_cmd(CMD_HAND_RAISE), 5);
	struct core_cmd b = {.type = CMD_BACKUP_SET};
	b.u.backup_set.participant = x.s;
	expect(&x, x.k, b, 5, CORE_OK, "backup set");
	expect(&x, x.k, assign_cmd(x.s, ROLE_OBSERVER), 6, CORE_OK,
	       "scribe becomes observer");
	ok(x.r->backup == 0 && x.r->n_hands == 0,
	   "observer lost backup and raised hand");
	fixture_free(&x);
}

/* Random role.assign storm: the invariants hold after every command. */
static void test_invariants_random(void)
{
	struct fixture x;
	unsigned seed = 12345;
	int broken = 0;

	fixture_init(&x);
	for (int i = 0; i < 3000; i++) {
		seed = seed * 1103515245u + 12345u;
		uint32_t pid = 1 + (seed >> 8) % 7; /* incl. one unknown */
		enum core_role role = (enum core_role)((seed >> 16) % 5);
		fx_exec(&x, room_acting_facilitator(x.r), assign_cmd(pid, role),
			i);
		broken += count_role(x.r, ROLE_FACILITATOR) != 1 ||
			  count_role(x.r, ROLE_CLIENT) > 1 ||
			  x.fx.n > CORE_MAX_EVENTS;
	}
	is_int(broken, 0, "1 facilitator, <= 1 client after 3000 assigns");
	fixture_free(&x);
}

static void test_backup(void)
{
	struct fixture x;
	struct core_cmd b = {.type = CMD_BACKUP_SET};

	fixture_init(&x);
	b.u.backup_set.participant = x.o;
	expect(&x, x.f, b, 1, CORE_E_CONFLICT, "observer cannot be backup");
	b.u.backup_set.participant = x.f;
	expect(&x, x.f, b, 1, CORE_E_CONFLICT, "facilitator cannot be backup");
	b.u.backup_set.participant = 77;
	expect(&x, x.f, b, 1, CORE_E_NOT_FOUND, "unknown backup");
	b.u.backup_set.participant = x.k2;
	expect(&x, x.f, b, 1, CORE_OK, "backup = K2");
	ok(x.fx.n == 1 && x.fx.ev[0].type == EV_BACKUP_SET &&
		   x.fx.ev[0].subject == x.k2,
	   "backup.set event");

	expect(&x, x.k2, simple_cmd(CMD_STEP_NEXT), 2, CORE_E_FORBIDDEN,
	       "backup has no power while the facilitator is here");
	room_presence(x.r, x.f, false, 3, &x.fx);
	is_int(room_acting_facilitator(x.r), x.k2, "backup acting");
	is_int(room_effective_role(x.r, x.k2), ROLE_FACILITATOR,
	       "effective role facilitator");
	is_int(x.r->participants[x.k2 - 1].role, ROLE_CONSULTANT,
	       "assigned role unchanged (no re-election)");
	expect(&x, x.k2, simple_cmd(CMD_STEP_NEXT), 4, CORE_OK,
	       "acting backup moves the step");
	expect(&x, x.k2, simple_cmd(CMD_HAND_RAISE), 4, CORE_OK,
	       "acting backup may still raise a hand");

	room_presence(x.r, x.k2, false, 5, &x.fx);
	is_int(room_acting_facilitator(x.r), x.f,
	       "backup away too: the (absent) facilitator stays in charge");
	room_presence(x.r, x.k2, true, 6, &x.fx);
	room_presence(x.r, x.f, true, 7, &x.fx);
	is_int(room_acting_facilitator(x.r), x.f, "facilitator back");
	expect(&x, x.k2, simple_cmd(CMD_STEP_PREV), 8, CORE_E_FORBIDDEN,
	       "backup no longer acts after the return");
	expect(&x, x.f, simple_cmd(CMD_STEP_PREV), 9, CORE_OK,
	       "facilitator carries on");

	/* The acting backup hands the seat to themself. */
	room_presence(x.r, x.f, false, 10, &x.fx);
	expect(&x, x.k2, assign_cmd(x.k2, ROLE_FACILITATOR), 11, CORE_OK,
	       "acting backup takes the seat explicitly");
	ok(room_facilitator(x.r) == x.k2 && x.r->backup == 0 &&
		   room_participant(x.r, x.f)->role == ROLE_CONSULTANT,
	   "seat moved, backup cleared, old facilitator consultant");
	ok(x.fx.n == 3, "2 role.assigned + backup.set");

	b.u.backup_set.participant = 0;
	expect(&x, x.k2, b, 12, CORE_OK, "clearing an empty backup is ok");
	fixture_free(&x);
}

int main(void)
{
	test_join();
	test_names_presence();
	test_assign();
	test_invariants_random();
	test_backup();
	return tap_done();
}
