/*
 * test_osess.c — an organization's session in the pure core: creation
 * from a cohort, edits of the proposal (refused edits leave it as it
 * was), start, next workshop, moves, a new meeting of the cycle, the plan
 * edit, help requests.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/osess.h"
#include "tap.h"

#define N 40

static char names[N][16];
static struct osess_person_in people[N];

/* 40 people: every third wants to be client, every fourth can
 * facilitate; 1 and 5 pre-chosen facilitators; 2 and 3 kept apart, 7
 * and 8 kept together. */
static const struct cohort_pair apart[] = {{2, 3}};
static const struct cohort_pair together[] = {{7, 8}};

static struct org_session *make(uint32_t workshops)
{
	struct osess_request r = {
		.name = "Cohorte A",
		.n_workshops = workshops,
		.people = people,
		.n_people = N,
		.apart = apart,
		.n_apart = 1,
		.together = together,
		.n_together = 1,
	};
	struct osess_error e;

	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "P%02d", i + 1);
		people[i] = (struct osess_person_in){
			.name = names[i],
			.wants_client = i % 3 == 0,
			.can_facilitate = i % 4 == 0,
			.fixed_facilitator = i == 0 || i == 4,
		};
	}
	return osess_new(7, 3, &r, 300, 42, &e);
}

static uint32_t group_of(const struct org_session *s, uint32_t p)
{
	return s->people[p - 1].group;
}

static bool member(const struct osess_group *g, uint32_t p)
{
	for (size_t i = 0; i < g->n_members; i++)
		if (g->members[i] == p)
			return true;
	return false;
}

/* Every person in exactly the group their record says; the workshops not
 * started yet plan two distinct members. */
static bool consistent(const struct org_session *s)
{
	size_t total = 0;

	for (size_t g = 0; g < s->n_groups; g++) {
		const struct osess_group *grp = &s->groups[g];
		total += grp->n_members;
		for (size_t i = 0; i < grp->n_members; i++)
			if (group_of(s, grp->members[i]) != g + 1)
				return false;
		for (size_t w = grp->workshop; w < s->n_workshops; w++)
			if (!member(grp, grp->plan[w].client) ||
			    !member(grp, grp->plan[w].facilitator) ||
			    grp->plan[w].client == grp->plan[w].facilitator)
				return false;
	}
	return total == s->n_people;
}

static void test_new(void)
{
	struct org_session *s = make(3);

	ok(s != NULL, "a 40-person session is created");
	if (!s)
		return;
	is_int(s->n_groups, 5, "40 people make 5 groups");
	for (size_t g = 0; g < s->n_groups; g++)
		is_int(s->groups[g].n_members, 8, "group %zu has 8", g + 1);
	ok(group_of(s, 2) != group_of(s, 3), "2 and 3 are kept apart");
	ok(group_of(s, 7) == group_of(s, 8), "7 and 8 are kept together");
	ok(group_of(s, 1) != group_of(s, 5),
	   "the two pre-chosen facilitators lead different groups");
	ok(consistent(s), "groups and plans are consistent");
	is_int(s->state, OSESS_DRAFT, "a new session is a draft");
	is_int(s->meeting, 1, "first meeting");
	is_int(s->org, 3, "organization kept");
	is_str(s->template_id, "codev-90", "default template");
	is_int(s->alert_behind_min, 5, "default alert threshold");
	osess_free(s);
}

static void test_refused_request(void)
{
	struct osess_request r = {.name = "x", .people = people, .n_people = 3};
	struct cohort_pair both[] = {{1, 2}};
	struct osess_error e;

	osess_free(make(1)); /* fills people[] */
	r.n_workshops = 9;
	ok(!osess_new(1, 1, &r, 300, 1, &e) && e.code == OSESS_E_INVALID &&
		   !strcmp(e.field, "workshops"),
	   "9 workshops refused, naming the field");
	r.n_workshops = 1;
	ok(!osess_new(1, 1, &r, 2, 1, &e) && !strcmp(e.field, "people"),
	   "more people than allowed refused");
	r.n_people = 10;
	r.apart = r.together = both;
	r.n_apart = r.n_together = 1;
	ok(!osess_new(1, 1, &r, 300, 1, &e) && e.code == OSESS_E_COHORT &&
		   e.cohort.status == COHORT_E_TOGETHER_APART,
	   "a pair both apart and together is a cohort conflict");
	ok(strstr(e.message, "P01") && strstr(e.message, "P02"),
	   "the conflict names both people: %s", e.message);
}

static void snapshot(const struct org_session *s, uint32_t *out)
{
	for (size_t i = 0; i < s->n_people; i++)
		out[i] = s->people[i].group;
}

static void test_set_groups(void)
{
	struct org_session *s = make(2);
	uint32_t before[N], after[N], ids[N];
	struct osess_group_in g[2];
	struct osess_error e;

	snapshot(s, before);
	/* Everyone into two groups: 1..20 and 21..40, but 2 and 3 together
	 * (refused), then 3 swapped out (accepted). */
	for (uint32_t i = 0; i < N; i++)
		ids[i] = i + 1;
	g[0] = (struct osess_group_in){ids, 20, 1};
	g[1] = (struct osess_group_in){ids + 20, 20, 21};
	is_int(osess_set_groups(s, g, 2, 24, &e), OSESS_E_COHORT,
	       "an edit putting 2 and 3 together is refused");
	ok(e.cohort.n_who == 2 && e.cohort.who[0] == 1 && e.cohort.who[1] == 2,
	   "the refusal names people 2 and 3");
	snapshot(s, after);
	ok(!memcmp(before, after, sizeof before), "the proposal is unchanged");

	ids[2] = 21, ids[20] = 3;
	g[1].facilitator = 22;
	is_int(osess_set_groups(s, g, 2, 24, &e), OSESS_OK,
	       "an edit keeping the constraints is accepted");
	is_int(s->n_groups, 2, "two groups now");
	ok(group_of(s, 3) == 2 && group_of(s, 21) == 1, "3 and 21 swapped");
	is_int(s->groups[1].facilitator, 22, "facilitator as edited");
	ok(consistent(s), "plans remade for the new groups");

	ids[7] = 40, ids[39] = 8; /* 8 leaves 7 */
	is_int(osess_set_groups(s, g, 2, 24, &e), OSESS_E_COHORT,
	       "separating 7 and 8 is refused");
	is_int(e.cohort.status, COHORT_E_SEPARATED, "as 'separated'");
	ids[7] = 8, ids[39] = 40;

	g[0].n_members = 19; /* person 20 left out */
	is_int(osess_set_groups(s, g, 2, 24, &e), OSESS_E_INVALID,
	       "someone left out is refused");
	is_str(e.field, "members", "naming members");
	g[0].n_members = 20;
	g[0].facilitator = 30;
	is_int(osess_set_groups(s, g, 2, 24, &e), OSESS_E_INVALID,
	       "a facilitator from another group is refused");
	is_str(e.field, "facilitator", "naming the facilitator");
	g[0].facilitator = 1;
	is_int(osess_set_groups(s, g, 2, 16, &e), OSESS_E_INVALID,
	       "groups above the room size are refused");

	osess_start(s, &e);
	is_int(osess_set_groups(s, g, 2, 24, &e), OSESS_E_STATE,
	       "groups are fixed once started");
	osess_free(s);
}

static void test_workshops(void)
{
	struct org_session *s = make(3);
	struct osess_error e;
	uint32_t c1, c2, f1;

	is_int(osess_next_workshop(s, 1, &e), OSESS_E_STATE,
	       "no next workshop before the start");
	is_int(osess_start(s, &e), OSESS_OK, "start");
	is_int(osess_start(s, &e), OSESS_E_STATE, "start only once");
	is_int(s->groups[0].workshop, 1, "workshop 1 is current");
	c1 = osess_current_client(s, 1);
	f1 = osess_current_facilitator(s, 1);
	ok(c1 && c1 != f1, "workshop 1 has a client who is not facilitating");
	is_int(s->people[c1 - 1].client_count, 1, "the client is counted");
	osess_set_room(s, 1, "room1");
	is_int(osess_group_of_room(s, "room1"), 1, "room maps to group 1");
	is_int(osess_next_workshop(s, 1, &e), OSESS_OK, "next workshop");
	is_str(s->groups[0].room, "", "the new workshop has no room yet");
	c2 = osess_current_client(s, 1);
	size_t volunteers = 0;
	for (size_t i = 0; i < s->groups[0].n_members; i++) {
		uint32_t p = s->groups[0].members[i];
		volunteers += s->people[p - 1].wants_client &&
			      p != s->groups[0].facilitator;
	}
	ok(c2 && (c2 != c1 || volunteers < 2),
	   "workshop 2 has another client (%zu volunteers)", volunteers);
	is_int(osess_next_workshop(s, 1, &e), OSESS_OK, "third workshop");
	is_int(osess_next_workshop(s, 1, &e), OSESS_E_LAST,
	       "nothing after the last workshop");
	is_int(osess_next_workshop(s, 9, &e), OSESS_E_NOT_FOUND,
	       "unknown group");
	osess_free(s);
}

static void test_move(void)
{
	struct org_session *s = make(4);
	struct osess_error e;
	uint32_t from = group_of(s, 10), to = from % s->n_groups + 1;
	uint32_t g3 = group_of(s, 3);
	size_t n_from = s->groups[from - 1].n_members;

	osess_start(s, &e);
	is_int(osess_move(s, 10, to, false, &e), OSESS_OK, "move person 10");
	is_int(group_of(s, 10), to, "person 10 is in the new group");
	ok(!member(&s->groups[from - 1], 10) && member(&s->groups[to - 1], 10),
	   "member lists follow");
	is_int(s->groups[from - 1].n_members, n_from - 1, "old group shrank");
	ok(consistent(s), "plans still valid after the move");
	for (size_t w = 1; w < s->n_workshops; w++)
		ok(s->groups[from - 1].plan[w].client != 10,
		   "old group's workshop %zu does not plan person 10", w + 1);
	is_int(osess_move(s, 2, g3, false, &e), OSESS_E_COHORT,
	       "moving 2 next to 3 is refused");
	ok(strstr(e.message, "P02") && strstr(e.message, "P03"),
	   "naming both: %s", e.message);
	/* 7 and 8 are kept together: refused without force, naming both. */
	uint32_t g7 = group_of(s, 7), away = g7 % s->n_groups + 1;
	if (away == g3)
		away = away % s->n_groups + 1;
	is_int(osess_move(s, 7, away, false, &e), OSESS_E_COHORT,
	       "moving 7 away from 8 is refused");
	ok(e.cohort.status == COHORT_E_SEPARATED && e.cohort.n_who == 2 &&
		   strstr(e.message, "P07") && strstr(e.message, "P08"),
	   "naming the pair: %s", e.message);
	is_int(group_of(s, 7), g7, "nothing moved");
	is_int(osess_move(s, 7, away, true, &e), OSESS_OK,
	       "with force it moves");
	is_int(group_of(s, 7), away, "7 is in the new group");
	is_int(osess_move(s, 99, 1, false, &e), OSESS_E_NOT_FOUND,
	       "unknown person");
	is_int(osess_move(s, 1, 99, false, &e), OSESS_E_NOT_FOUND,
	       "unknown group");
	osess_free(s);
}

static void test_meeting(void)
{
	struct org_session *s = make(2);
	struct osess_error e;
	uint32_t counts[N];

	osess_start(s, &e);
	osess_next_workshop(s, 1, &e);
	for (size_t i = 0; i < N; i++)
		counts[i] = s->people[i].client_count;
	is_int(osess_new_meeting(s, false, 5, &e), OSESS_OK, "a new meeting");
	is_int(s->meeting, 2, "meeting 2");
	is_int(s->groups[0].workshop, 1, "back to workshop 1");
	ok(s->n_history > 0, "pairings of meeting 1 remembered");
	uint32_t c = osess_current_client(s, 1);
	bool untried = false;
	for (size_t i = 0; i < s->groups[0].n_members; i++) {
		uint32_t p = s->groups[0].members[i];
		untried |= s->people[p - 1].wants_client && !counts[p - 1] &&
			   p != s->groups[0].facilitator;
	}
	ok(!untried || counts[c - 1] == 0,
	   "the meeting's first client had not been client yet");
	size_t hist = s->n_history;
	is_int(osess_new_meeting(s, true, 6, &e), OSESS_OK,
	       "a reshuffled meeting");
	ok(s->n_history > hist, "history grows");
	ok(group_of(s, 2) != group_of(s, 3), "reshuffle keeps 2 and 3 apart");
	ok(group_of(s, 7) == group_of(s, 8), "and 7 with 8");
	ok(consistent(s), "consistent after the reshuffle");
	osess_free(s);
}

static void test_plan_and_help(void)
{
	struct org_session *s = make(2);
	struct osess_plan_item items[64];
	struct osess_error e;
	struct osess_help h = {.group = 1, .step = 2, .remaining_ms = 5000};
	size_t n = s->n_groups * s->n_workshops;

	for (size_t g = 0; g < s->n_groups; g++)
		for (size_t w = 0; w < 2; w++)
			items[g * 2 + w] = s->groups[g].plan[1 - w];
	is_int(osess_set_plan(s, items, n, &e), OSESS_OK,
	       "a swapped plan is accepted");
	ok(s->groups[0].plan[0].client == items[0].client, "and applied");
	items[0].facilitator = items[0].client;
	is_int(osess_set_plan(s, items, n, &e), OSESS_E_INVALID,
	       "client == facilitator refused");
	is_int(osess_set_plan(s, items, n - 1, &e), OSESS_E_INVALID,
	       "a short plan refused");

	uint32_t id = osess_help_add(s, &h, "P01", "stuck");
	ok(id == 1 && s->n_help == 1, "help request 1 recorded");
	is_str(s->help[0].message, "stuck", "with its message");
	for (int i = 0; i < OSESS_HELP_MAX; i++)
		osess_help_add(s, &h, "P01", "");
	is_int(s->n_help, OSESS_HELP_MAX, "help list bounded");
	ok(s->help[0].id != 1, "the oldest was dropped");
	is_int(osess_help_resolve(s, 1), OSESS_E_NOT_FOUND,
	       "a dropped request cannot be resolved");
	is_int(osess_help_resolve(s, s->help[3].id), OSESS_OK, "resolve one");
	is_int(s->n_help, OSESS_HELP_MAX - 1, "one fewer");
	is_int(osess_set_banner(s, "Retour en plénière", 1000), OSESS_OK,
	       "banner set");
	is_str(s->banner, "Retour en plénière", "banner text");
	osess_set_banner(s, "", 2000);
	is_int(s->banner_at_ms, 0, "cleared banner has no time");
	osess_free(s);
}

int main(void)
{
	test_new();
	test_refused_request();
	test_set_groups();
	test_workshops();
	test_move();
	test_meeting();
	test_plan_and_help();
	return tap_done();
}
