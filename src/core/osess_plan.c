/*
 * osess_plan.c — each group's workshop plan (client and facilitator per
 * workshop) and how a session moves through it: start, next workshop,
 * new meeting of the cycle.
 *
 * The rotation counts live on the people (client_count,
 * facilitator_count) and count the workshops that have *started*; a plan
 * for the workshops not started yet is always derived from them, so a
 * replan after a move or a new meeting continues the rotation instead of
 * starting over.
 */
#include <stdlib.h>
#include <string.h>

#include "core/osess.h"

/* A member who may facilitate the group when its facilitator left. */
static uint32_t pick_facilitator(const struct org_session *s,
				 const struct osess_group *g)
{
	for (size_t i = 0; i < g->n_members; i++)
		if (s->people[g->members[i] - 1].fixed_facilitator)
			return g->members[i];
	for (size_t i = 0; i < g->n_members; i++)
		if (s->people[g->members[i] - 1].can_facilitate)
			return g->members[i];
	return g->n_members ? g->members[0] : 0;
}

static bool is_member(const struct osess_group *g, uint32_t person)
{
	for (size_t i = 0; i < g->n_members; i++)
		if (g->members[i] == person)
			return true;
	return false;
}

/* Plans workshops [from, n_workshops) of group `group` (1-based). */
static void plan_from(struct org_session *s, uint32_t group, size_t from)
{
	struct osess_group *g = &s->groups[group - 1];
	struct rotation_member m[ROTATION_MAX_MEMBERS];
	uint32_t cc[ROTATION_MAX_MEMBERS], fc[ROTATION_MAX_MEMBERS];
	struct rotation_plan plan;
	struct rotation_input in = {
		.members = m,
		.client_count = cc,
		.facilitator_count = fc,
		.rotate_facilitator = s->rotate_facilitator,
	};

	if (from >= s->n_workshops || !g->n_members)
		return;
	if (!is_member(g, g->facilitator))
		g->facilitator = pick_facilitator(s, g);
	in.n = g->n_members < ROTATION_MAX_MEMBERS ? g->n_members
						   : ROTATION_MAX_MEMBERS;
	in.n_workshops = s->n_workshops - from;
	for (size_t i = 0; i < in.n; i++) {
		const struct osess_person *p = &s->people[g->members[i] - 1];
		m[i].wants_client = p->wants_client;
		m[i].can_facilitate = p->can_facilitate || p->fixed_facilitator;
		cc[i] = p->client_count;
		fc[i] = p->facilitator_count;
		if (g->members[i] == g->facilitator)
			in.facilitator = (uint32_t)i;
	}
	if (in.n < 2 || (rotation_plan(&in, &plan) != ROTATION_OK &&
			 (in.rotate_facilitator = false,
			  rotation_plan(&in, &plan) != ROTATION_OK))) {
		/* A group of one has no client to rotate: it facilitates. */
		for (size_t w = from; w < s->n_workshops; w++)
			g->plan[w] =
				(struct osess_plan_item){0, g->facilitator};
		return;
	}
	for (size_t w = 0; w < plan.n_workshops; w++)
		g->plan[from + w] = (struct osess_plan_item){
			g->members[plan.client[w]],
			g->members[plan.facilitator[w]]};
}

void osess_replan_group(struct org_session *s, uint32_t group)
{
	if (!group || group > s->n_groups)
		return;
	plan_from(s, group, s->groups[group - 1].workshop);
}

void osess_plan_all(struct org_session *s)
{
	for (uint32_t g = 1; g <= s->n_groups; g++)
		osess_replan_group(s, g);
}

static void count_current(struct org_session *s, struct osess_group *g)
{
	const struct osess_plan_item *it = &g->plan[g->workshop - 1];

	if (it->client)
		s->people[it->client - 1].client_count++;
	if (it->facilitator)
		s->people[it->facilitator - 1].facilitator_count++;
}

static enum osess_err fail(struct osess_error *err, enum osess_err code,
			   const char *message)
{
	if (err) {
		memset(err, 0, sizeof *err);
		err->code = code;
		osess_copy(err->message, sizeof err->message, message);
	}
	return code;
}

enum osess_err osess_start(struct org_session *s, struct osess_error *err)
{
	if (s->state != OSESS_DRAFT)
		return fail(err, OSESS_E_STATE, "the session already started");
	s->state = OSESS_RUNNING;
	for (size_t i = 0; i < s->n_groups; i++) {
		s->groups[i].workshop = 1;
		s->groups[i].room[0] = '\0';
		count_current(s, &s->groups[i]);
	}
	return OSESS_OK;
}

void osess_set_room(struct org_session *s, uint32_t group, const char *room)
{
	if (!group || group > s->n_groups)
		return;
	osess_copy(s->groups[group - 1].room, sizeof s->groups[group - 1].room,
		   room);
}

enum osess_err osess_next_workshop(struct org_session *s, uint32_t group,
				   struct osess_error *err)
{
	struct osess_group *g;

	if (s->state != OSESS_RUNNING)
		return fail(err, OSESS_E_STATE, "the session has not started");
	if (!group || group > s->n_groups)
		return fail(err, OSESS_E_NOT_FOUND, "no such group");
	g = &s->groups[group - 1];
	if (g->workshop >= s->n_workshops)
		return fail(err, OSESS_E_LAST,
			    "the group finished its last workshop");
	g->workshop++;
	g->room[0] = '\0';
	count_current(s, g);
	return OSESS_OK;
}

/* Adds one to the history count of every pair sharing a group now. */
static enum osess_err remember_pairs(struct org_session *s)
{
	size_t add = 0, n;
	struct cohort_pairing *h;

	for (size_t i = 0; i < s->n_groups; i++)
		n = s->groups[i].n_members, add += n * (n - 1) / 2;
	h = realloc(s->history, (s->n_history + add + 1) * sizeof *h);
	if (!h)
		return OSESS_E_NOMEM;
	s->history = h;
	for (size_t i = 0; i < s->n_groups; i++) {
		const struct osess_group *g = &s->groups[i];
		for (size_t a = 0; a < g->n_members; a++)
			for (size_t b = a + 1; b < g->n_members; b++)
				h[s->n_history++] = (struct cohort_pairing){
					g->members[a], g->members[b], 1};
	}
	return OSESS_OK;
}

enum osess_err osess_new_meeting(struct org_session *s, bool reshuffle,
				 uint64_t seed, struct osess_error *err)
{
	enum osess_err rc;

	if (s->state != OSESS_RUNNING)
		return fail(err, OSESS_E_STATE, "the session has not started");
	size_t n_history = s->n_history;

	if (remember_pairs(s))
		return fail(err, OSESS_E_NOMEM, "out of memory");
	if (reshuffle) {
		rc = osess_regroup(s, seed, err);
		if (rc) {
			s->n_history = n_history; /* unchanged on error */
			return rc;
		}
	}
	s->meeting++;
	for (size_t i = 0; i < s->n_groups; i++)
		s->groups[i].workshop = 0;
	osess_plan_all(s);
	for (size_t i = 0; i < s->n_groups; i++) {
		s->groups[i].workshop = 1;
		s->groups[i].room[0] = '\0';
		count_current(s, &s->groups[i]);
	}
	return OSESS_OK;
}

static const struct osess_plan_item *current(const struct org_session *s,
					     uint32_t group)
{
	const struct osess_group *g;

	if (!group || group > s->n_groups)
		return NULL;
	g = &s->groups[group - 1];
	return g->workshop ? &g->plan[g->workshop - 1] : NULL;
}

uint32_t osess_current_client(const struct org_session *s, uint32_t group)
{
	const struct osess_plan_item *it = current(s, group);
	return it ? it->client : 0;
}

uint32_t osess_current_facilitator(const struct org_session *s, uint32_t group)
{
	const struct osess_plan_item *it = current(s, group);
	return it ? it->facilitator : 0;
}

enum osess_err osess_set_plan(struct org_session *s,
			      const struct osess_plan_item *plans,
			      size_t n_items, struct osess_error *err)
{
	if (n_items != s->n_groups * s->n_workshops)
		return fail(err, OSESS_E_INVALID,
			    "one plan item per group and workshop");
	for (size_t g = 0; g < s->n_groups; g++)
		for (size_t w = 0; w < s->n_workshops; w++) {
			const struct osess_plan_item *it =
				&plans[g * s->n_workshops + w];
			if (w < s->groups[g].workshop)
				continue; /* started: its roles stand */
			if (!is_member(&s->groups[g], it->client) ||
			    !is_member(&s->groups[g], it->facilitator) ||
			    it->client == it->facilitator) {
				fail(err, OSESS_E_INVALID,
				     "client and facilitator must be two "
				     "members of the group");
				if (err)
					strcpy(err->field, "plan");
				return OSESS_E_INVALID;
			}
		}
	for (size_t g = 0; g < s->n_groups; g++)
		for (size_t w = s->groups[g].workshop; w < s->n_workshops; w++)
			s->groups[g].plan[w] = plans[g * s->n_workshops + w];
	return OSESS_OK;
}
