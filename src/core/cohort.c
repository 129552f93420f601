/*
 * cohort.c — the public face of the splitter: defaults, group counts,
 * input validation, and the human wording of every error. The placement
 * itself (units, greedy search, swaps) is in cohort_place.c.
 *
 * Invariant: cohort_split returns COHORT_OK only with a proposal built by
 * cohort_place, which only ever makes constraint-keeping moves; on any
 * error the proposal is zeroed and err->message names the conflict.
 */
#include <stdlib.h>
#include <string.h>

#include "core/cohort_place.h"

#define NONE UINT32_MAX

/* --- messages (no stdio in the core: a tiny appender) ---------------- */

static void put(char *buf, const char *s)
{
	size_t len = strlen(buf);

	while (*s && len + 1 < COHORT_MSG_MAX)
		buf[len++] = *s++;
	buf[len] = '\0';
}

static void put_u(char *buf, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof tmp - 1;

	tmp[i] = '\0';
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(buf, tmp + i);
}

static void put_who(char *buf, const struct cohort_input *in, uint32_t p)
{
	if (in->people[p].name && in->people[p].name[0]) {
		put(buf, in->people[p].name);
	} else {
		put(buf, "person #");
		put_u(buf, p);
	}
}

enum cohort_status cohort_fail(struct cohort_error *e, enum cohort_status s,
			       size_t n_who, uint32_t a, uint32_t b)
{
	e->status = s;
	e->n_who = n_who;
	e->who[0] = a;
	e->who[1] = b;
	return s;
}

void cohort_config_default(struct cohort_config *cfg)
{
	cfg->min_size = 5;
	cfg->max_size = 8;
	cfg->restarts = 64;
	cfg->swap_iters = 40;
}

static const char *const status_names[COHORT__COUNT] = {
	[COHORT_OK] = "ok",
	[COHORT_E_INVALID] = "invalid",
	[COHORT_E_SIZES] = "sizes",
	[COHORT_E_TOGETHER_APART] = "together_apart",
	[COHORT_E_SET_TOO_BIG] = "set_too_big",
	[COHORT_E_FIXED_TOGETHER] = "fixed_together",
	[COHORT_E_TOO_MANY_FIXED] = "too_many_fixed",
	[COHORT_E_TOO_FEW_FACILITATORS] = "too_few_facilitators",
	[COHORT_E_APART] = "apart",
	[COHORT_E_PACKING] = "packing",
	[COHORT_E_SEPARATED] = "separated",
	[COHORT_E_NOMEM] = "nomem",
};

const char *cohort_status_name(enum cohort_status s)
{
	return (unsigned)s < COHORT__COUNT ? status_names[s] : "unknown";
}

size_t cohort_group_count(size_t n, const struct cohort_config *cfg)
{
	if (n == 0 || cfg->min_size == 0 || cfg->min_size > cfg->max_size)
		return 0;
	if (n < cfg->min_size)
		return 1;
	size_t k = (n + cfg->max_size - 1) / cfg->max_size;
	/* Fewer groups would exceed max; more would only make them smaller,
	 * so if the smallest of k groups is below min, nothing fits. */
	return n / k >= cfg->min_size ? k : 0;
}

static bool pair_ok(const struct cohort_pair *p, size_t m, size_t n)
{
	for (size_t i = 0; i < m; i++)
		if (p[i].a >= n || p[i].b >= n || p[i].a == p[i].b)
			return false;
	return true;
}

static bool history_ok(const struct cohort_input *in)
{
	for (size_t i = 0; i < in->n_history; i++)
		if (in->history[i].a >= in->n || in->history[i].b >= in->n ||
		    in->history[i].a == in->history[i].b)
			return false;
	return true;
}

static void describe(const struct cohort_input *in,
		     const struct cohort_config *c, struct cohort_error *e)
{
	char *m = e->message;

	m[0] = '\0';
	switch (e->status) {
	case COHORT_OK:
	case COHORT_E_SEPARATED: /* only from edits, worded by the editor */
	case COHORT__COUNT:
		break;
	case COHORT_E_INVALID:
		put(m, "invalid input: no people, too many, a pair naming an "
		       "unknown person or the same person twice, or bad "
		       "size bounds");
		break;
	case COHORT_E_SIZES:
		put_u(m, in->n);
		put(m, " people cannot form balanced groups of ");
		put_u(m, c->min_size);
		put(m, " to ");
		put_u(m, c->max_size);
		put(m, ": raise the maximum or lower the minimum");
		break;
	case COHORT_E_TOGETHER_APART:
		put_who(m, in, e->who[0]);
		put(m, " and ");
		put_who(m, in, e->who[1]);
		put(m, " must be together and apart");
		break;
	case COHORT_E_SET_TOO_BIG:
		put(m, "a keep-together set of ");
		put_u(m, e->count[0]);
		put(m, " (with ");
		put_who(m, in, e->who[0]);
		put(m, ") exceeds the maximum group size ");
		put_u(m, e->count[1]);
		break;
	case COHORT_E_FIXED_TOGETHER:
		put_who(m, in, e->who[0]);
		put(m, " and ");
		put_who(m, in, e->who[1]);
		put(m, " are both pre-chosen facilitators but must be "
		       "together: a group has one facilitator");
		break;
	case COHORT_E_TOO_MANY_FIXED:
		put_u(m, e->count[0]);
		put(m, " pre-chosen facilitators for ");
		put_u(m, e->count[1]);
		put(m, " groups: each group has exactly one");
		break;
	case COHORT_E_TOO_FEW_FACILITATORS:
		put(m, "too few people who can facilitate: ");
		put_u(m, e->count[0]);
		put(m, " (in distinct keep-together sets) for ");
		put_u(m, e->count[1]);
		put(m, " groups");
		break;
	case COHORT_E_APART:
		put(m, "cannot keep ");
		put_who(m, in, e->who[0]);
		put(m, " apart from everyone they must avoid in ");
		put_u(m, e->count[1]);
		put(m, " groups");
		break;
	case COHORT_E_PACKING:
		put(m, "the keep-together sets and facilitators cannot be "
		       "packed into ");
		put_u(m, e->count[1]);
		put(m, " balanced groups");
		break;
	case COHORT_E_NOMEM:
		put(m, "out of memory");
		break;
	}
}

enum cohort_status cohort_split(const struct cohort_input *in,
				const struct cohort_config *cfg, uint64_t seed,
				struct cohort_proposal *out,
				struct cohort_error *err)
{
	struct cohort_config c;
	struct cohort_error scratch;
	struct cohort_error *e = err ? err : &scratch;
	size_t k;
	enum cohort_status s;

	memset(out, 0, sizeof *out);
	memset(e, 0, sizeof *e);
	if (cfg)
		c = *cfg;
	else
		cohort_config_default(&c);
	if (!in || !in->people || in->n == 0 || in->n > COHORT_MAX_PEOPLE ||
	    c.min_size == 0 || c.min_size > c.max_size ||
	    c.max_size > COHORT_MAX_GROUP || (in->n_apart && !in->apart) ||
	    (in->n_together && !in->together) ||
	    (in->n_history && !in->history) ||
	    !pair_ok(in->apart, in->n_apart, in->n) ||
	    !pair_ok(in->together, in->n_together, in->n) || !history_ok(in)) {
		cohort_fail(e, COHORT_E_INVALID, 0, NONE, NONE);
		describe(in, &c, e);
		return e->status;
	}
	k = cohort_group_count(in->n, &c);
	e->count[1] = (uint32_t)k;
	if (k == 0) {
		cohort_fail(e, COHORT_E_SIZES, 0, NONE, NONE);
		describe(in, &c, e);
		return e->status;
	}
	s = cohort_place(in, &c, k, seed, out, e);
	if (s != COHORT_OK) {
		cohort_proposal_free(out);
		describe(in, &c, e); /* count[1] is k, or the size cap */
	}
	return s;
}

void cohort_proposal_free(struct cohort_proposal *p)
{
	if (!p)
		return;
	free(p->group_of);
	free(p->facilitator);
	free(p->size);
	memset(p, 0, sizeof *p);
}

uint64_t cohort_repeats(const struct cohort_input *in, const uint32_t *group_of)
{
	uint64_t r = 0;

	for (size_t i = 0; i < in->n_history; i++)
		if (group_of[in->history[i].a] == group_of[in->history[i].b])
			r += in->history[i].count;
	return r;
}
