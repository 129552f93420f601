/*
 * osess.c — a session's cohort and groups: creation from the organizer's
 * request, the split, edits of the proposal, moves, and the organizer's
 * messages. Plans and the workshop sequence are in osess_plan.c.
 */
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/osess.h"

#define DEFAULT_ALERT_MIN 5

static enum osess_err fail(struct osess_error *err, enum osess_err code,
			   const char *field, const char *message)
{
	if (err) {
		memset(err, 0, sizeof *err);
		err->code = code;
		if (field)
			osess_copy(err->field, sizeof err->field, field);
		osess_copy(err->message, sizeof err->message, message);
	}
	return code;
}

static void groups_free(struct osess_group *g, size_t n)
{
	for (size_t i = 0; g && i < n; i++)
		free(g[i].members);
	free(g);
}

void osess_free(struct org_session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_people; i++) {
		free(s->people[i].name);
		free(s->people[i].email);
	}
	free(s->people);
	free(s->apart);
	free(s->together);
	free(s->history);
	groups_free(s->groups, s->n_groups);
	free(s->banner);
	for (size_t i = 0; i < s->n_help; i++) {
		free(s->help[i].person);
		free(s->help[i].message);
	}
	free(s->name);
	free(s);
}

/* Person ids (1-based) → the splitter's indices (0-based). */
static struct cohort_pair *pairs_to_index(const struct cohort_pair *p, size_t n)
{
	struct cohort_pair *out = malloc((n + 1) * sizeof *out);

	for (size_t i = 0; out && i < n; i++)
		out[i] = (struct cohort_pair){p[i].a - 1, p[i].b - 1};
	return out;
}

static struct osess_group *groups_alloc(size_t n_groups, size_t n_people)
{
	struct osess_group *g = calloc(n_groups, sizeof *g);

	for (size_t i = 0; g && i < n_groups; i++) {
		g[i].members = malloc(n_people * sizeof *g[i].members);
		if (!g[i].members) {
			groups_free(g, n_groups);
			return NULL;
		}
	}
	return g;
}

/* Installs new groups: group_of[i] is person i+1's group (0-based),
 * facilitator[g] a person index (0-based). Takes ownership of g. */
static void groups_install(struct org_session *s, struct osess_group *g,
			   size_t n_groups, const uint32_t *group_of,
			   const uint32_t *facilitator)
{
	for (size_t i = 0; i < s->n_people; i++) {
		struct osess_group *to = &g[group_of[i]];
		to->members[to->n_members++] = (uint32_t)i + 1;
		s->people[i].group = group_of[i] + 1;
	}
	for (size_t i = 0; i < n_groups; i++)
		g[i].facilitator = facilitator[i] + 1;
	groups_free(s->groups, s->n_groups);
	s->groups = g;
	s->n_groups = n_groups;
}

/* Too many pre-chosen facilitators: all of them are the conflict (one of
 * them has to give way), so the error lists and names them. */
static void name_fixed(const struct org_session *s, struct osess_error *err)
{
	char *m = err->cohort.message;
	const char *sep = ": ";

	for (size_t i = 0; i < s->n_people; i++) {
		if (!s->people[i].fixed_facilitator)
			continue;
		if (err->n_people < OSESS_ERR_PEOPLE)
			err->people[err->n_people++] = (uint32_t)i + 1;
		strncat(m, sep, COHORT_MSG_MAX - 1 - strlen(m));
		strncat(m, s->people[i].name, COHORT_MSG_MAX - 1 - strlen(m));
		sep = ", ";
	}
	memcpy(err->message, m, sizeof err->message);
}

enum osess_err osess_regroup(struct org_session *s, uint64_t seed,
			     struct osess_error *err)
{
	struct cohort_person *people = calloc(s->n_people, sizeof *people);
	struct cohort_pair *apart = pairs_to_index(s->apart, s->n_apart);
	struct cohort_pair *together =
		pairs_to_index(s->together, s->n_together);
	struct cohort_pairing *hist = malloc((s->n_history + 1) * sizeof *hist);
	struct cohort_config cfg;
	struct cohort_proposal prop = {0};
	struct osess_group *g = NULL;
	struct cohort_error cerr;
	enum osess_err rc = OSESS_E_NOMEM;

	if (!people || !apart || !together || !hist)
		goto out;
	for (size_t i = 0; i < s->n_people; i++)
		people[i] = (struct cohort_person){
			s->people[i].name, s->people[i].wants_client,
			s->people[i].can_facilitate ||
				s->people[i].fixed_facilitator,
			s->people[i].fixed_facilitator};
	for (size_t i = 0; i < s->n_history; i++)
		hist[i] = (struct cohort_pairing){s->history[i].a - 1,
						  s->history[i].b - 1,
						  s->history[i].count};
	cohort_config_default(&cfg);
	cfg.min_size = s->min_size;
	cfg.max_size = s->max_size;
	struct cohort_input in = {s->n_people, people,	    apart,
				  s->n_apart,  together,    s->n_together,
				  hist,	       s->n_history};
	if (cohort_split(&in, &cfg, seed, &prop, &cerr) != COHORT_OK) {
		rc = cerr.status == COHORT_E_NOMEM ? OSESS_E_NOMEM
						   : OSESS_E_COHORT;
		fail(err, rc, NULL, cerr.message);
		if (err) {
			err->cohort = cerr;
			if (cerr.status == COHORT_E_TOO_MANY_FIXED)
				name_fixed(s, err);
		}
		goto out;
	}
	g = groups_alloc(prop.n_groups, s->n_people);
	if (!g)
		goto out;
	groups_install(s, g, prop.n_groups, prop.group_of, prop.facilitator);
	rc = OSESS_OK;
out:
	if (rc == OSESS_E_NOMEM)
		fail(err, rc, NULL, "out of memory");
	cohort_proposal_free(&prop);
	free(people);
	free(apart);
	free(together);
	free(hist);
	return rc;
}

static bool pairs_valid(const struct cohort_pair *p, size_t n, size_t people)
{
	for (size_t i = 0; i < n; i++)
		if (!p[i].a || !p[i].b || p[i].a > people || p[i].b > people ||
		    p[i].a == p[i].b)
			return false;
	return true;
}

static const char *check_request(const struct osess_request *r,
				 size_t max_people)
{
	if (!r->name || !r->name[0])
		return "name";
	if (!r->n_people || r->n_people > max_people ||
	    r->n_people > COHORT_MAX_PEOPLE)
		return "people";
	for (size_t i = 0; i < r->n_people; i++)
		if (!r->people[i].name || !r->people[i].name[0])
			return "people";
	if (r->n_workshops > OSESS_MAX_WORKSHOPS)
		return "workshops";
	if (r->alert_behind_min > 120)
		return "alert_behind_minutes";
	if ((r->min_size && r->min_size < 2) || r->max_size > COHORT_MAX_GROUP)
		return "max_size";
	if ((r->min_size ? r->min_size : 5) > (r->max_size ? r->max_size : 8))
		return "min_size";
	if (!pairs_valid(r->apart, r->n_apart, r->n_people))
		return "apart";
	if (!pairs_valid(r->together, r->n_together, r->n_people))
		return "together";
	return NULL;
}

static bool copy_pairs(struct cohort_pair **dst, const struct cohort_pair *src,
		       size_t n)
{
	*dst = malloc((n + 1) * sizeof **dst);
	if (*dst && n)
		memcpy(*dst, src, n * sizeof **dst);
	return *dst != NULL;
}

static struct org_session *copy_request(uint32_t id, uint32_t org,
					const struct osess_request *r)
{
	struct org_session *s = calloc(1, sizeof *s);
	bool ok = s && (s->people = calloc(r->n_people, sizeof *s->people));

	if (!ok) {
		free(s);
		return NULL;
	}
	*s = (struct org_session){
		.id = id,
		.org = org,
		.people = s->people,
		.meeting = 1,
		.n_workshops = r->n_workshops ? r->n_workshops : 1,
		.rotate_facilitator = r->rotate_facilitator,
		.alert_behind_min = r->alert_behind_min ? r->alert_behind_min
							: DEFAULT_ALERT_MIN,
		.min_size = r->min_size ? r->min_size : 5,
		.max_size = r->max_size ? r->max_size : 8,
		.n_apart = r->n_apart,
		.n_together = r->n_together,
		.next_help_id = 1,
	};
	osess_copy(s->template_id, sizeof s->template_id,
		   r->template_id ? r->template_id : "codev-90");
	ok = (s->name = core_strdup(r->name)) &&
	     (s->banner = core_strdup("")) &&
	     copy_pairs(&s->apart, r->apart, r->n_apart) &&
	     copy_pairs(&s->together, r->together, r->n_together);
	for (size_t i = 0; ok && i < r->n_people; i++) {
		const struct osess_person_in *in = &r->people[i];
		struct osess_person *p = &s->people[s->n_people++];
		p->wants_client = in->wants_client;
		p->can_facilitate = in->can_facilitate;
		p->fixed_facilitator = in->fixed_facilitator;
		ok = (p->name = core_strdup(in->name)) &&
		     (p->email = core_strdup(in->email ? in->email : ""));
	}
	if (!ok) {
		osess_free(s);
		return NULL;
	}
	return s;
}

struct org_session *osess_new(uint32_t id, uint32_t org,
			      const struct osess_request *req,
			      size_t max_people, uint64_t seed,
			      struct osess_error *err)
{
	const char *bad = check_request(req, max_people);
	struct org_session *s;

	if (bad) {
		fail(err, OSESS_E_INVALID, bad, "out of range");
		return NULL;
	}
	s = copy_request(id, org, req);
	if (!s) {
		fail(err, OSESS_E_NOMEM, NULL, "out of memory");
		return NULL;
	}
	if (osess_regroup(s, seed, err)) {
		osess_free(s);
		return NULL;
	}
	osess_plan_all(s);
	return s;
}

/* --- edits --------------------------------------------------------------- */

/* "Ana and Bo: why" in err, with the pair as the cohort error's people
 * (0-based, as the splitter reports them). */
static enum osess_err pair_error(struct osess_error *err,
				 const struct org_session *s, uint32_t a,
				 uint32_t b, enum cohort_status status,
				 const char *why)
{
	char *m;

	if (!err)
		return OSESS_E_COHORT;
	memset(err, 0, sizeof *err);
	err->code = OSESS_E_COHORT;
	err->cohort = (struct cohort_error){
		.status = status, .who = {a - 1, b - 1}, .n_who = 2};
	m = err->cohort.message;
	strncat(m, s->people[a - 1].name, COHORT_MSG_MAX - 1 - strlen(m));
	strncat(m, " and ", COHORT_MSG_MAX - 1 - strlen(m));
	strncat(m, s->people[b - 1].name, COHORT_MSG_MAX - 1 - strlen(m));
	strncat(m, why, COHORT_MSG_MAX - 1 - strlen(m));
	memcpy(err->message, m, sizeof err->message);
	return OSESS_E_COHORT;
}

static enum osess_err pair_broken(const struct org_session *s,
				  const uint32_t *group_of,
				  struct osess_error *err)
{
	for (size_t i = 0; i < s->n_apart + s->n_together; i++) {
		bool apart = i < s->n_apart;
		const struct cohort_pair *p =
			apart ? &s->apart[i] : &s->together[i - s->n_apart];
		bool same = group_of[p->a - 1] == group_of[p->b - 1];
		if (same != apart)
			continue;
		return apart ? pair_error(err, s, p->a, p->b, COHORT_E_APART,
					  " are to be kept apart but share "
					  "a group")
			     : pair_error(err, s, p->a, p->b,
					  COHORT_E_SEPARATED,
					  " are to be kept together but are "
					  "in different groups");
	}
	return OSESS_OK;
}

/* Fills group_of (0-based groups, UINT32_MAX = unplaced) from the edit,
 * or names the field that is wrong. */
static const char *edit_group_of(const struct org_session *s,
				 const struct osess_group_in *groups,
				 size_t n_groups, size_t max_group,
				 uint32_t *group_of)
{
	for (size_t i = 0; i < s->n_people; i++)
		group_of[i] = UINT32_MAX;
	for (size_t g = 0; g < n_groups; g++) {
		bool has_facilitator = false;
		if (groups[g].n_members < 2 || groups[g].n_members > max_group)
			return "members";
		for (size_t i = 0; i < groups[g].n_members; i++) {
			uint32_t p = groups[g].members[i];
			if (!p || p > s->n_people ||
			    group_of[p - 1] != UINT32_MAX)
				return "members";
			group_of[p - 1] = (uint32_t)g;
			has_facilitator |= p == groups[g].facilitator;
		}
		if (!has_facilitator)
			return "facilitator";
	}
	for (size_t i = 0; i < s->n_people; i++)
		if (group_of[i] == UINT32_MAX)
			return "members"; /* someone left out */
	return NULL;
}

enum osess_err osess_set_groups(struct org_session *s,
				const struct osess_group_in *groups,
				size_t n_groups, size_t max_group,
				struct osess_error *err)
{
	uint32_t *group_of = malloc((s->n_people + 1) * sizeof *group_of);
	uint32_t *fac = malloc((n_groups + 1) * sizeof *fac);
	struct osess_group *g = NULL;
	const char *bad;
	enum osess_err rc = OSESS_E_NOMEM;

	if (!group_of || !fac)
		goto out;
	if (s->state != OSESS_DRAFT) {
		rc = fail(err, OSESS_E_STATE, NULL,
			  "groups are fixed once the session started");
		goto out;
	}
	bad = n_groups ? edit_group_of(s, groups, n_groups, max_group, group_of)
		       : "groups";
	if (bad) {
		rc = fail(err, OSESS_E_INVALID, bad,
			  "every person in exactly one group, each group "
			  "with its facilitator among its members");
		goto out;
	}
	rc = pair_broken(s, group_of, err);
	if (rc || !(g = groups_alloc(n_groups, s->n_people))) {
		rc = rc ? rc : OSESS_E_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < n_groups; i++)
		fac[i] = groups[i].facilitator - 1;
	groups_install(s, g, n_groups, group_of, fac);
	osess_plan_all(s);
out:
	if (rc == OSESS_E_NOMEM)
		fail(err, rc, NULL, "out of memory");
	free(group_of);
	free(fac);
	return rc;
}

static void group_remove(struct osess_group *g, uint32_t person)
{
	size_t j = 0;

	for (size_t i = 0; i < g->n_members; i++)
		if (g->members[i] != person)
			g->members[j++] = g->members[i];
	g->n_members = j;
}

static void group_insert(struct osess_group *g, uint32_t person)
{
	size_t i = g->n_members;

	while (i && g->members[i - 1] > person) {
		g->members[i] = g->members[i - 1];
		i--;
	}
	g->members[i] = person;
	g->n_members++;
}

enum osess_err osess_move(struct org_session *s, uint32_t person,
			  uint32_t group, bool force, struct osess_error *err)
{
	uint32_t from;

	if (!person || person > s->n_people)
		return fail(err, OSESS_E_NOT_FOUND, "person", "no such person");
	if (!group || group > s->n_groups)
		return fail(err, OSESS_E_NOT_FOUND, "group", "no such group");
	from = s->people[person - 1].group;
	if (from == group)
		return OSESS_OK;
	/* Keep-apart pairs are hard constraints (a manager and their
	 * report); keep-together ones are the organizer's to break, but
	 * only when asked explicitly (force). */
	for (size_t i = 0; !force && i < s->n_together; i++) {
		const struct cohort_pair *p = &s->together[i];
		uint32_t other = p->a == person	  ? p->b
				 : p->b == person ? p->a
						  : 0;
		if (other && other != person &&
		    s->people[other - 1].group == from)
			return pair_error(err, s, person, other,
					  COHORT_E_SEPARATED,
					  " are to be kept together: the move "
					  "would separate them (force to do "
					  "it anyway)");
	}
	for (size_t i = 0; i < s->n_apart; i++) {
		const struct cohort_pair *p = &s->apart[i];
		uint32_t other = p->a == person	  ? p->b
				 : p->b == person ? p->a
						  : 0;
		if (other && s->people[other - 1].group == group)
			return pair_error(err, s, person, other, COHORT_E_APART,
					  " are to be kept apart: the move "
					  "would put them together");
	}
	group_remove(&s->groups[from - 1], person);
	group_insert(&s->groups[group - 1], person);
	s->people[person - 1].group = group;
	osess_replan_group(s, from);
	osess_replan_group(s, group);
	return OSESS_OK;
}

/* --- organizer messages and help ----------------------------------------- */

enum osess_err osess_set_banner(struct org_session *s, const char *text,
				int64_t now_wall_ms)
{
	if (!core_str_replace(&s->banner, text))
		return OSESS_E_NOMEM;
	s->banner_at_ms = text[0] ? now_wall_ms : 0;
	return OSESS_OK;
}

static void help_drop(struct org_session *s, size_t i)
{
	free(s->help[i].person);
	free(s->help[i].message);
	memmove(&s->help[i], &s->help[i + 1],
		(s->n_help - i - 1) * sizeof s->help[0]);
	s->n_help--;
}

uint32_t osess_help_add(struct org_session *s, const struct osess_help *h,
			const char *person, const char *message)
{
	struct osess_help copy = *h;

	copy.person = core_strdup(person ? person : "");
	copy.message = core_strdup(message ? message : "");
	if (!copy.person || !copy.message) {
		free(copy.person);
		free(copy.message);
		return 0;
	}
	if (s->n_help == OSESS_HELP_MAX)
		help_drop(s, 0);
	copy.id = s->next_help_id++;
	s->help[s->n_help++] = copy;
	return copy.id;
}

enum osess_err osess_help_resolve(struct org_session *s, uint32_t id)
{
	for (size_t i = 0; i < s->n_help; i++)
		if (s->help[i].id == id) {
			help_drop(s, i);
			return OSESS_OK;
		}
	return OSESS_E_NOT_FOUND;
}

uint32_t osess_group_of_room(const struct org_session *s, const char *room)
{
	for (size_t i = 0; i < s->n_groups; i++)
		if (s->groups[i].room[0] && !strcmp(s->groups[i].room, room))
			return (uint32_t)i + 1;
	return 0;
}

void osess_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static const char *const state_names[OSESS__STATE_COUNT] = {"draft", "running"};

const char *osess_state_name(enum osess_state st)
{
	return (unsigned)st < OSESS__STATE_COUNT ? state_names[st] : NULL;
}

bool osess_state_parse(const char *s, enum osess_state *out)
{
	for (unsigned i = 0; i < OSESS__STATE_COUNT; i++)
		if (!strcmp(s, state_names[i])) {
			*out = (enum osess_state)i;
			return true;
		}
	return false;
}
