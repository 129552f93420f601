/*
 * test_cohort.c — the group splitter: every named impossibility, a sweep
 * over cohort sizes 1..300 with random constraints (on OK every size and
 * constraint holds; on error the error names the conflict), and reshuffles
 * that repeat fewer pairings than a split ignoring the history.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cohort.h"
#include "tap.h"

#define MAXN 300

struct cohort_fix {
	struct cohort_person people[MAXN];
	struct cohort_pair apart[MAXN], together[MAXN];
	struct cohort_pairing history[MAXN * 8];
	struct cohort_input in;
};

static uint64_t rs = 88172645463325252ULL;

static uint32_t rnd(uint32_t n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (uint32_t)(rs % n);
}

static void fix_init(struct cohort_fix *f, size_t n)
{
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < n; i++)
		f->people[i].can_facilitate = true;
	f->in.n = n;
	f->in.people = f->people;
	f->in.apart = f->apart;
	f->in.together = f->together;
	f->in.history = f->history;
}

static void add(struct cohort_pair *p, size_t *np, uint32_t a, uint32_t b)
{
	p[*np].a = a;
	p[*np].b = b;
	(*np)++;
}

static uint32_t find(uint32_t *par, uint32_t x)
{
	while (par[x] != x)
		x = par[x];
	return x;
}

/* Every hard constraint of a proposal, checked from scratch; returns the
 * first broken rule or NULL. */
static const char *violation(const struct cohort_input *in,
			     const struct cohort_proposal *p)
{
	struct cohort_config c;
	uint32_t size[MAXN] = {0}, fac[MAXN] = {0}, par[MAXN];
	size_t n = in->n, k = p->n_groups, lo = SIZE_MAX, hi = 0;

	cohort_config_default(&c);
	if (k != cohort_group_count(n, &c))
		return "group count";
	for (size_t i = 0; i < n; i++) {
		if (p->group_of[i] >= k)
			return "group index";
		size[p->group_of[i]]++;
	}
	for (size_t g = 0; g < k; g++) {
		lo = size[g] < lo ? size[g] : lo;
		hi = size[g] > hi ? size[g] : hi;
		if (size[g] != p->size[g])
			return "reported size";
		uint32_t f = p->facilitator[g];
		if (f >= n || p->group_of[f] != g)
			return "facilitator outside group";
		if (!in->people[f].can_facilitate &&
		    !in->people[f].facilitator_fixed)
			return "facilitator cannot facilitate";
		fac[g]++;
	}
	if (hi - lo > 1)
		return "unbalanced";
	if (n >= c.min_size && (lo < c.min_size || hi > c.max_size))
		return "size out of bounds";
	for (size_t i = 0; i < n; i++) {
		if (!in->people[i].facilitator_fixed)
			continue;
		if (p->facilitator[p->group_of[i]] != i)
			return "pre-chosen facilitator not facilitating";
	}
	for (size_t i = 0; i < in->n_apart; i++)
		if (p->group_of[in->apart[i].a] == p->group_of[in->apart[i].b])
			return "apart pair together";
	for (uint32_t i = 0; i < n; i++)
		par[i] = i;
	for (size_t i = 0; i < in->n_together; i++)
		par[find(par, in->together[i].a)] =
			find(par, in->together[i].b);
	for (size_t i = 0; i < n; i++)
		if (p->group_of[i] != p->group_of[find(par, (uint32_t)i)])
			return "together set split";
	return NULL;
}

static size_t n_valid; /* proposals checked and found valid */

/* Splits and, on OK, checks the proposal (only a failure prints). */
static enum cohort_status split(const struct cohort_fix *f, uint64_t seed,
				struct cohort_error *e)
{
	struct cohort_proposal p;
	enum cohort_status s = cohort_split(&f->in, NULL, seed, &p, e);

	if (s == COHORT_OK) {
		const char *v = violation(&f->in, &p);
		if (v)
			ok(0, "n=%zu seed=%llu: proposal breaks: %s", f->in.n,
			   (unsigned long long)seed, v);
		else
			n_valid++;
	}
	cohort_proposal_free(&p);
	return s;
}

static void test_sizes(void)
{
	static struct cohort_fix f;
	struct cohort_config c;
	struct cohort_error e;

	cohort_config_default(&c);
	is_int(cohort_group_count(4, &c), 1, "4 people: one group");
	is_int(cohort_group_count(8, &c), 1, "8 people: one group");
	is_int(cohort_group_count(9, &c), 0, "9 people: nothing fits 5..8");
	is_int(cohort_group_count(10, &c), 2, "10 people: two groups");
	is_int(cohort_group_count(17, &c), 3, "17 people: three groups");
	is_int(cohort_group_count(300, &c), 38, "300 people: 38 groups");
	fix_init(&f, 9);
	is_int(split(&f, 1, &e), COHORT_E_SIZES, "9 people: sizes error");
	ok(strstr(e.message, "9 people") != NULL, "message: %s", e.message);
	fix_init(&f, 3);
	is_int(split(&f, 1, &e), COHORT_OK, "3 people: one group of 3");
	fix_init(&f, 0);
	is_int(split(&f, 1, &e), COHORT_E_INVALID, "no people: invalid");
	fix_init(&f, 12);
	add(f.apart, &f.in.n_apart, 3, 3);
	is_int(split(&f, 1, &e), COHORT_E_INVALID, "self pair: invalid");
	fix_init(&f, 12);
	add(f.together, &f.in.n_together, 3, 12);
	is_int(split(&f, 1, &e), COHORT_E_INVALID, "unknown index: invalid");
}

/* Each impossibility gets its own status, the people and a message. */
static void test_conflicts(void)
{
	static struct cohort_fix f;
	struct cohort_error e;

	fix_init(&f, 12);
	f.people[2].name = "Ana";
	f.people[7].name = "Ben";
	add(f.together, &f.in.n_together, 2, 5);
	add(f.together, &f.in.n_together, 5, 7);
	add(f.apart, &f.in.n_apart, 7, 2);
	is_int(split(&f, 1, &e), COHORT_E_TOGETHER_APART, "together+apart");
	is_str(e.message, "Ben and Ana must be together and apart",
	       "message names both");
	ok(e.n_who == 2 && e.who[0] == 7 && e.who[1] == 2, "who = 7, 2");

	fix_init(&f, 20); /* 3 groups of 6-7 */
	for (uint32_t i = 0; i < 8; i++)
		add(f.together, &f.in.n_together, i, i + 1);
	is_int(split(&f, 1, &e), COHORT_E_SET_TOO_BIG, "set of 9 too big");
	ok(e.count[0] == 9 && e.count[1] == 7, "counts 9 > 7: %s", e.message);

	fix_init(&f, 20);
	for (uint32_t i = 0; i < 4; i++)
		f.people[i * 5].facilitator_fixed = true;
	is_int(split(&f, 1, &e), COHORT_E_TOO_MANY_FIXED, "4 fixed, 3 groups");
	is_str(e.message,
	       "4 pre-chosen facilitators for 3 groups: each group has "
	       "exactly one",
	       "message counts them");

	fix_init(&f, 20);
	for (uint32_t i = 0; i < 20; i++)
		f.people[i].can_facilitate = i < 2;
	is_int(split(&f, 1, &e), COHORT_E_TOO_FEW_FACILITATORS, "2 for 3");
	ok(strstr(e.message, "too few people who can facilitate: 2") != NULL,
	   "message: %s", e.message);
	/* Able people bound together only count once. */
	f.people[2].can_facilitate = true;
	add(f.together, &f.in.n_together, 1, 2);
	is_int(split(&f, 1, &e), COHORT_E_TOO_FEW_FACILITATORS,
	       "3 able but two must be together");

	fix_init(&f, 12);
	f.people[0].facilitator_fixed = f.people[1].facilitator_fixed = true;
	add(f.together, &f.in.n_together, 0, 1);
	is_int(split(&f, 1, &e), COHORT_E_FIXED_TOGETHER, "fixed together");
	ok(e.n_who == 2, "both named: %s", e.message);

	fix_init(&f, 16); /* 2 groups; three mutually apart cannot fit */
	f.people[4].name = "Chloé";
	add(f.apart, &f.in.n_apart, 4, 5);
	add(f.apart, &f.in.n_apart, 5, 6);
	add(f.apart, &f.in.n_apart, 4, 6);
	is_int(split(&f, 1, &e), COHORT_E_APART, "apart triangle, 2 groups");
	ok(e.n_who == 1 && e.who[0] >= 4 && e.who[0] <= 6, "names one: %s",
	   e.message);

	fix_init(&f, 10); /* 5 + 5 from sets of 3, 3, 3, 1 */
	for (uint32_t s = 0; s < 3; s++) {
		add(f.together, &f.in.n_together, s * 3, s * 3 + 1);
		add(f.together, &f.in.n_together, s * 3 + 1, s * 3 + 2);
	}
	is_int(split(&f, 1, &e), COHORT_E_PACKING, "3+3+3+1 into 5+5");
	ok(e.message[0] != '\0', "message: %s", e.message);
	ok(!strcmp(cohort_status_name(COHORT_E_APART), "apart"), "names");
}

/* Random constraints, mostly satisfiable; checks the verdict each time. */
static void random_cohort(struct cohort_fix *f, size_t n)
{
	struct cohort_config c;

	cohort_config_default(&c);
	fix_init(f, n);
	size_t k = cohort_group_count(n, &c);
	for (size_t i = 0; i < n; i++) {
		f->people[i].can_facilitate = rnd(100) < 30;
		f->people[i].wants_client = rnd(100) < 60;
	}
	size_t fixed = k ? rnd((uint32_t)k + 2) : 0; /* k+1 now and then */
	for (size_t i = 0; i < fixed; i++)
		f->people[rnd((uint32_t)n)].facilitator_fixed = true;
	if (n < 2)
		return;
	size_t na = rnd((uint32_t)n / 2 + 1), nt = rnd((uint32_t)n / 6 + 1);
	for (size_t i = 0; i < na; i++) {
		uint32_t a = rnd((uint32_t)n), b = rnd((uint32_t)n);
		if (a != b)
			add(f->apart, &f->in.n_apart, a, b);
	}
	for (size_t i = 0; i < nt; i++) {
		uint32_t a = rnd((uint32_t)n), b = rnd((uint32_t)n);
		if (a != b)
			add(f->together, &f->in.n_together, a, b);
	}
}

static bool error_justified(const struct cohort_fix *f,
			    const struct cohort_error *e)
{
	const struct cohort_input *in = &f->in;
	struct cohort_config c;
	uint32_t par[MAXN];
	size_t fixed = 0;

	cohort_config_default(&c);
	for (uint32_t i = 0; i < in->n; i++) {
		par[i] = i;
		fixed += in->people[i].facilitator_fixed;
	}
	for (size_t i = 0; i < in->n_together; i++)
		par[find(par, in->together[i].a)] =
			find(par, in->together[i].b);
	if (e->message[0] == '\0')
		return false;
	switch (e->status) {
	case COHORT_E_SIZES:
		return cohort_group_count(in->n, &c) == 0;
	case COHORT_E_TOGETHER_APART:
		for (size_t i = 0; i < in->n_apart; i++)
			if (((in->apart[i].a == e->who[0] &&
			      in->apart[i].b == e->who[1]) ||
			     (in->apart[i].a == e->who[1] &&
			      in->apart[i].b == e->who[0])) &&
			    find(par, e->who[0]) == find(par, e->who[1]))
				return true;
		return false;
	case COHORT_E_SET_TOO_BIG:
		return e->count[0] > e->count[1];
	case COHORT_E_FIXED_TOGETHER:
		return in->people[e->who[0]].facilitator_fixed &&
		       in->people[e->who[1]].facilitator_fixed &&
		       find(par, e->who[0]) == find(par, e->who[1]);
	case COHORT_E_TOO_MANY_FIXED:
		return e->count[0] == fixed && fixed > e->count[1];
	case COHORT_E_TOO_FEW_FACILITATORS:
		return e->count[0] < e->count[1];
	case COHORT_E_APART:
	case COHORT_E_PACKING: /* search gave up: the person is named */
		return e->n_who <= 1;
	default:
		return false;
	}
}

static void test_sweep(void)
{
	static struct cohort_fix f;
	size_t n_ok = 0, n_err = 0, n_gaveup = 0;

	n_valid = 0;

	for (size_t n = 1; n <= MAXN; n++) {
		bool all = true;
		for (uint64_t seed = 1; seed <= 4; seed++) {
			struct cohort_error e;
			random_cohort(&f, n);
			enum cohort_status s = split(&f, seed * 7919 + n, &e);
			if (s == COHORT_OK) {
				n_ok++;
				continue;
			}
			n_err++;
			n_gaveup +=
				s == COHORT_E_APART || s == COHORT_E_PACKING;
			if (!error_justified(&f, &e)) {
				all = false;
				ok(0, "n=%zu: unjustified %s: %s", n,
				   cohort_status_name(s), e.message);
			}
		}
		if (all && n % 50 == 0)
			ok(1, "n<=%zu: every error names its conflict", n);
		if (n % 50 == 0) {
			ok(n_valid == n_ok, "n<=%zu: all %zu proposals valid",
			   n, n_ok);
		}
	}
	ok(n_ok > n_err, "sweep: %zu ok, %zu errors (%zu search gave up)", n_ok,
	   n_err, n_gaveup);
	ok(n_gaveup * 20 < n_ok, "the search rarely gives up (%zu)", n_gaveup);
}

/* History = everyone who shared a group in the first meeting. */
static void history_from(struct cohort_fix *f, const uint32_t *group_of)
{
	f->in.n_history = 0;
	for (uint32_t a = 0; a < f->in.n; a++)
		for (uint32_t b = a + 1; b < f->in.n; b++)
			if (group_of[a] == group_of[b]) {
				struct cohort_pairing *h =
					&f->history[f->in.n_history++];
				h->a = a;
				h->b = b;
				h->count = 1;
			}
}

static void test_reshuffle(void)
{
	static struct cohort_fix f;
	static const size_t sizes[] = {16, 24, 40, 64, 100, 150};

	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		size_t n = sizes[i];
		uint64_t smart = 0, blind = 0;
		for (uint64_t seed = 1; seed <= 5; seed++) {
			struct cohort_proposal first, next, rand_split;
			random_cohort(&f, n);
			f.in.n_apart /= 2; /* keep it comfortably feasible */
			if (cohort_split(&f.in, NULL, seed, &first, NULL) !=
			    COHORT_OK)
				continue;
			history_from(&f, first.group_of);
			cohort_proposal_free(&first);
			struct cohort_input blind_in = f.in;
			blind_in.n_history = 0;
			if (cohort_split(&f.in, NULL, seed + 100, &next,
					 NULL) == COHORT_OK &&
			    cohort_split(&blind_in, NULL, seed + 200,
					 &rand_split, NULL) == COHORT_OK) {
				ok(!violation(&f.in, &next),
				   "n=%zu reshuffle valid", n);
				smart += next.repeats;
				blind += cohort_repeats(&f.in,
							rand_split.group_of);
			}
			cohort_proposal_free(&next);
			cohort_proposal_free(&rand_split);
		}
		ok(blind > 0 && smart < blind,
		   "n=%zu: %llu repeated pairings vs %llu ignoring history", n,
		   (unsigned long long)smart, (unsigned long long)blind);
	}
}

/* Same input and seed: same proposal; other bounds are honoured. */
static void test_seed_and_config(void)
{
	static struct cohort_fix f;
	struct cohort_proposal a, b;
	struct cohort_config c;

	random_cohort(&f, 120);
	f.in.n_apart /= 4;
	f.in.n_together = 0;
	for (size_t i = 0; i < 120; i++)
		f.people[i].facilitator_fixed = false;
	is_int(cohort_split(&f.in, NULL, 42, &a, NULL), COHORT_OK, "seed 42");
	is_int(cohort_split(&f.in, NULL, 42, &b, NULL), COHORT_OK, "again");
	ok(!memcmp(a.group_of, b.group_of, 120 * sizeof *a.group_of) &&
		   !memcmp(a.facilitator, b.facilitator,
			   a.n_groups * sizeof *a.facilitator),
	   "same seed, same proposal");
	cohort_proposal_free(&a);
	cohort_proposal_free(&b);
	cohort_config_default(&c);
	c.min_size = 3;
	c.max_size = 4;
	is_int(cohort_split(&f.in, &c, 7, &a, NULL), COHORT_OK,
	       "groups of 3-4");
	is_int(a.n_groups, 30, "120 people in 30 groups of 4");
	bool fours = true;
	for (size_t g = 0; g < a.n_groups; g++)
		fours &= a.size[g] == 4;
	ok(fours, "all of size 4");
	cohort_proposal_free(&a);
	c.min_size = 9;
	is_int(cohort_split(&f.in, &c, 7, &a, NULL), COHORT_E_INVALID,
	       "min > max is invalid");
}

int main(void)
{
	test_seed_and_config();
	test_sizes();
	test_conflicts();
	test_sweep();
	test_reshuffle();
	return tap_done();
}
