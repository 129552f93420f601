/*
 * cohort_place.c — the search behind cohort_split (cohort.c validates the
 * input and words the errors): balanced groups under hard constraints
 * (sizes, one facilitator per group, keep apart, keep together) that
 * avoid pairs who already met in the cycle.
 *
 * Method: keep-together pairs are merged into units (union-find); the
 * cheap impossibilities are reported first, each with its own status and
 * the people involved. Then, up to cfg.restarts times: pick one facilitator
 * unit per group (every pre-chosen one, then random able ones), place the
 * other units largest and most constrained first into the group that adds
 * the fewest repeated pairs, and finally swap equal-size units between
 * groups while that does not increase the repeats. Every step only makes
 * moves that keep every hard constraint, so a completed placement is
 * always valid; a failed one restarts with another random order.
 *
 * Invariants of a placement (struct work):
 *   - g_size[g] <= hi, and at most `big` groups exceed lo, so when all n
 *     people are placed, sizes are exactly lo or hi (balanced);
 *   - each group holds exactly one facilitator unit, and only facilitator
 *     units hold pre-chosen facilitators;
 *   - no two people to keep apart share a group.
 */
#include <stdlib.h>
#include <string.h>

#include "core/cohort_place.h"

#define NONE UINT32_MAX

struct rng {
	uint64_t s;
};

/* xorshift64*: tiny, good enough for shuffles, seeded by the caller. */
static uint32_t rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 2685821657736338717ULL) >> 32);
}

static uint32_t rnd_below(struct rng *r, uint32_t n)
{
	return n ? rnd(r) % n : 0;
}

/* Adjacency lists (CSR) so that apart and history checks cost the degree
 * of a person, not n: cohorts of hundreds stay cheap. */
struct adj {
	uint32_t *start; /* [n + 1] */
	uint32_t *to;
	uint32_t *w; /* weights (history counts); NULL for apart */
};

struct work {
	const struct cohort_input *in;
	size_t n, k;
	uint32_t lo, hi, big;
	struct adj apart, hist;
	uint32_t *unit_of;		   /* [n] person -> unit */
	uint32_t *u_start, *u_len, *u_mem; /* units' members, contiguous */
	uint32_t *u_fixed; /* [units] pre-chosen member or NONE */
	uint32_t *u_fac;   /* [units] facilitator or NONE */
	uint32_t *u_group, *order, *cands; /* [units] */
	uint32_t *group_of, *g_size;	   /* [n], [k] */
	size_t n_units, n_big;		   /* groups now above lo */
	struct rng rng;
};

/* --- setup ----------------------------------------------------------- */

static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static bool adj_build(struct adj *a, size_t n, const struct cohort_pair *p,
		      const struct cohort_pairing *h, size_t m)
{
	a->start = calloc(n + 1, sizeof *a->start);
	a->to = malloc((2 * m + 1) * sizeof *a->to);
	a->w = h ? malloc((2 * m + 1) * sizeof *a->w) : NULL;
	if (!a->start || !a->to || (h && !a->w))
		return false;
	for (size_t i = 0; i < m; i++) {
		a->start[(p ? p[i].a : h[i].a) + 1]++;
		a->start[(p ? p[i].b : h[i].b) + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		a->start[i + 1] += a->start[i];
	uint32_t *fill = malloc((n + 1) * sizeof *fill);
	if (!fill)
		return false;
	memcpy(fill, a->start, (n + 1) * sizeof *fill);
	for (size_t i = 0; i < m; i++) {
		uint32_t x = p ? p[i].a : h[i].a, y = p ? p[i].b : h[i].b;
		if (h) {
			a->w[fill[x]] = h[i].count;
			a->w[fill[y]] = h[i].count;
		}
		a->to[fill[x]++] = y;
		a->to[fill[y]++] = x;
	}
	free(fill);
	return true;
}

static void adj_free(struct adj *a)
{
	free(a->start);
	free(a->to);
	free(a->w);
}

/* Units = keep-together sets; members stored contiguously by unit. */
static bool build_units(struct work *w)
{
	const struct cohort_input *in = w->in;
	size_t n = w->n;
	uint32_t *parent = malloc(n * sizeof *parent);

	if (!parent)
		return false;
	for (uint32_t i = 0; i < n; i++)
		parent[i] = i;
	for (size_t i = 0; i < in->n_together; i++)
		parent[uf_find(parent, in->together[i].a)] =
			uf_find(parent, in->together[i].b);
	/* Number roots by their smallest member, so unit ids are stable. */
	uint32_t *id = malloc(n * sizeof *id);
	if (!id) {
		free(parent);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		id[i] = NONE;
	w->n_units = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t r = uf_find(parent, i);
		if (id[r] == NONE)
			id[r] = (uint32_t)w->n_units++;
		w->unit_of[i] = id[r];
	}
	free(parent);
	free(id);
	memset(w->u_len, 0, n * sizeof *w->u_len);
	for (size_t i = 0; i < n; i++)
		w->u_len[w->unit_of[i]]++;
	w->u_start[0] = 0;
	for (size_t u = 1; u < w->n_units; u++)
		w->u_start[u] = w->u_start[u - 1] + w->u_len[u - 1];
	memset(w->u_group, 0, n * sizeof *w->u_group); /* fill cursor */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t u = w->unit_of[i];
		w->u_mem[w->u_start[u] + w->u_group[u]++] = i;
	}
	return true;
}

/* The cheap impossibilities, each named. */
static enum cohort_status precheck(struct work *w, struct cohort_error *e,
				   size_t *n_cands)
{
	const struct cohort_input *in = w->in;
	size_t n_fixed = 0;

	for (size_t i = 0; i < in->n_apart; i++) {
		uint32_t a = in->apart[i].a, b = in->apart[i].b;
		if (w->unit_of[a] == w->unit_of[b])
			return cohort_fail(e, COHORT_E_TOGETHER_APART, 2, a, b);
	}
	for (uint32_t u = 0; u < w->n_units; u++) {
		if (w->u_len[u] > w->hi) {
			e->count[0] = w->u_len[u];
			e->count[1] = w->hi;
			return cohort_fail(e, COHORT_E_SET_TOO_BIG, 1,
					   w->u_mem[w->u_start[u]], NONE);
		}
		w->u_fixed[u] = NONE;
		bool able = false;
		for (uint32_t j = 0; j < w->u_len[u]; j++) {
			uint32_t p = w->u_mem[w->u_start[u] + j];
			able |= in->people[p].can_facilitate;
			if (!in->people[p].facilitator_fixed)
				continue;
			if (w->u_fixed[u] != NONE)
				return cohort_fail(e, COHORT_E_FIXED_TOGETHER,
						   2, w->u_fixed[u], p);
			w->u_fixed[u] = p;
			n_fixed++;
		}
		if (w->u_fixed[u] == NONE && able)
			w->cands[(*n_cands)++] = u;
	}
	e->count[0] = (uint32_t)n_fixed;
	e->count[1] = (uint32_t)w->k;
	if (n_fixed > w->k)
		return cohort_fail(e, COHORT_E_TOO_MANY_FIXED, 0, NONE, NONE);
	if (n_fixed + *n_cands < w->k) {
		e->count[0] = (uint32_t)(n_fixed + *n_cands);
		return cohort_fail(e, COHORT_E_TOO_FEW_FACILITATORS, 0, NONE,
				   NONE);
	}
	return COHORT_OK;
}

/* --- placement ------------------------------------------------------- */

static bool fits_size(const struct work *w, uint32_t u, uint32_t g,
		      uint32_t leaving)
{
	uint32_t s = w->g_size[g] - leaving + w->u_len[u];

	if (s > w->hi)
		return false;
	/* A group newly going above lo takes one of the `big` slots. */
	return s <= w->lo || w->g_size[g] - leaving > w->lo ||
	       w->n_big < w->big;
}

/* Does unit u clash with anyone in group g (ignoring unit skip)? */
static bool clashes(const struct work *w, uint32_t u, uint32_t g, uint32_t skip)
{
	for (uint32_t j = 0; j < w->u_len[u]; j++) {
		uint32_t p = w->u_mem[w->u_start[u] + j];
		for (uint32_t x = w->apart.start[p]; x < w->apart.start[p + 1];
		     x++) {
			uint32_t q = w->apart.to[x];
			if (w->group_of[q] == g && w->unit_of[q] != skip)
				return true;
		}
	}
	return false;
}

/* Repeated pairs unit u would have in group g (ignoring unit skip). */
static uint64_t cost(const struct work *w, uint32_t u, uint32_t g,
		     uint32_t skip)
{
	uint64_t c = 0;

	for (uint32_t j = 0; j < w->u_len[u]; j++) {
		uint32_t p = w->u_mem[w->u_start[u] + j];
		for (uint32_t x = w->hist.start[p]; x < w->hist.start[p + 1];
		     x++) {
			uint32_t q = w->hist.to[x];
			if (w->group_of[q] == g && w->unit_of[q] != skip &&
			    w->unit_of[q] != u)
				c += w->hist.w[x];
		}
	}
	return c;
}

static void set_group(struct work *w, uint32_t u, uint32_t g)
{
	uint32_t old = w->u_group[u];

	if (old != NONE) {
		if (w->g_size[old] > w->lo &&
		    w->g_size[old] - w->u_len[u] <= w->lo)
			w->n_big--;
		w->g_size[old] -= w->u_len[u];
	}
	if (g != NONE) {
		if (w->g_size[g] <= w->lo && w->g_size[g] + w->u_len[u] > w->lo)
			w->n_big++;
		w->g_size[g] += w->u_len[u];
	}
	w->u_group[u] = g;
	for (uint32_t j = 0; j < w->u_len[u]; j++)
		w->group_of[w->u_mem[w->u_start[u] + j]] = g;
}

/* Bigger units first, then those with more people to avoid. */
static uint64_t weight(const struct work *w, uint32_t u)
{
	uint64_t deg = 0;

	for (uint32_t j = 0; j < w->u_len[u]; j++) {
		uint32_t p = w->u_mem[w->u_start[u] + j];
		deg += w->apart.start[p + 1] - w->apart.start[p];
	}
	if (deg > 0xffffff)
		deg = 0xffffff;
	return ((uint64_t)w->u_len[u] << 24) | deg;
}

static int cmp_desc(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? 1 : *x > *y ? -1 : 0;
}

/* Back to nobody placed, before an attempt. */
static void unplace_all(struct work *w)
{
	for (size_t i = 0; i < w->n; i++)
		w->group_of[i] = NONE;
	memset(w->g_size, 0, w->k * sizeof *w->g_size);
	w->n_big = 0;
	for (uint32_t u = 0; u < w->n_units; u++) {
		w->u_group[u] = NONE;
		w->u_fac[u] = w->u_fixed[u];
	}
}

static void shuffle(struct work *w, uint32_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		uint32_t j = rnd_below(&w->rng, (uint32_t)i), t = v[j];
		v[j] = v[i - 1];
		v[i - 1] = t;
	}
}

/* One facilitator unit a group: each pre-chosen one, then random able
 * ones, each facilitated by a random able member. */
static enum cohort_status seat_facilitators(struct work *w, size_t n_cands,
					    uint32_t *bad)
{
	const struct cohort_input *in = w->in;
	size_t g = 0;

	shuffle(w, w->cands, n_cands);
	for (uint32_t u = 0; u < w->n_units && g < w->k; u++) {
		if (w->u_fixed[u] == NONE)
			continue;
		*bad = u;
		if (!fits_size(w, u, (uint32_t)g, 0))
			return COHORT_E_PACKING;
		set_group(w, u, (uint32_t)g++);
	}
	for (size_t i = 0; i < n_cands && g < w->k; i++) {
		uint32_t u = w->cands[i], able[COHORT_MAX_GROUP], na = 0;
		if (!fits_size(w, u, (uint32_t)g, 0))
			continue;
		for (uint32_t j = 0; j < w->u_len[u]; j++) {
			uint32_t p = w->u_mem[w->u_start[u] + j];
			if (in->people[p].can_facilitate)
				able[na++] = p;
		}
		w->u_fac[u] = able[rnd_below(&w->rng, na)];
		set_group(w, u, (uint32_t)g++);
	}
	if (g < w->k) {
		*bad = NONE;
		return COHORT_E_PACKING;
	}
	return COHORT_OK;
}

/* The group that takes unit u with the fewest repeats, then the emptiest;
 * NONE when none can (*roomy: one had room, but a keep-apart clashed). */
static uint32_t best_group(struct work *w, uint32_t u, bool *roomy)
{
	uint32_t best = NONE;
	uint64_t best_c = 0;

	*roomy = false;
	for (uint32_t h = 0; h < w->k; h++) {
		if (!fits_size(w, u, h, 0))
			continue;
		*roomy = true;
		if (clashes(w, u, h, NONE))
			continue;
		uint64_t c = w->hist.start ? cost(w, u, h, NONE) : 0;
		if (best == NONE || c < best_c ||
		    (c == best_c && w->g_size[h] < w->g_size[best]))
			best = h, best_c = c;
	}
	return best;
}

/* One greedy attempt; on failure returns the status and the unit. */
static enum cohort_status attempt(struct work *w, size_t n_cands,
				  uint64_t *keys, uint32_t *bad)
{
	enum cohort_status st;
	size_t m = 0;

	unplace_all(w);
	st = seat_facilitators(w, n_cands, bad);
	if (st != COHORT_OK)
		return st;
	/* Shuffle, then sort by weight: ties keep the random order. */
	for (uint32_t u = 0; u < w->n_units; u++)
		if (w->u_group[u] == NONE)
			w->order[m++] = u;
	shuffle(w, w->order, m);
	for (size_t i = 0; i < m; i++)
		keys[i] = (weight(w, w->order[i]) << 24) | (0xffffff - i);
	qsort(keys, m, sizeof *keys, cmp_desc);
	for (size_t i = 0; i < m; i++) {
		uint32_t u = w->order[0xffffff - (keys[i] & 0xffffff)];
		bool roomy;
		uint32_t best = best_group(w, u, &roomy);
		if (best == NONE) {
			*bad = u;
			return roomy ? COHORT_E_APART : COHORT_E_PACKING;
		}
		set_group(w, u, best);
	}
	return COHORT_OK;
}

/* Swap two equal-size units (both facilitator units or neither) when no
 * hard constraint breaks and the repeats do not grow; equal moves are
 * taken half the time to walk across plateaus. */
static void improve(struct work *w, uint64_t iters)
{
	for (uint64_t it = 0; it < iters; it++) {
		uint32_t u = rnd_below(&w->rng, (uint32_t)w->n_units);
		uint32_t v = rnd_below(&w->rng, (uint32_t)w->n_units);
		uint32_t gu = w->u_group[u], gv = w->u_group[v];
		if (gu == gv || w->u_len[u] != w->u_len[v] ||
		    (w->u_fac[u] == NONE) != (w->u_fac[v] == NONE))
			continue;
		if (clashes(w, u, gv, v) || clashes(w, v, gu, u))
			continue;
		uint64_t before = cost(w, u, gu, NONE) + cost(w, v, gv, NONE);
		uint64_t after = cost(w, u, gv, v) + cost(w, v, gu, u);
		if (after > before || (after == before && (rnd(&w->rng) & 1)))
			continue;
		set_group(w, u, gv);
		set_group(w, v, gu);
	}
}

static void work_free(struct work *w)
{
	adj_free(&w->apart);
	adj_free(&w->hist);
	free(w->unit_of); /* the one block holding every [n] array */
}

static enum cohort_status run(struct work *w, const struct cohort_config *c,
			      struct cohort_proposal *out,
			      struct cohort_error *e)
{
	const struct cohort_input *in = w->in;
	size_t n = w->n, n_cands = 0;
	uint64_t *keys = NULL;
	enum cohort_status s;

	/* One block for the ten [n] arrays and g_size[k]: one free. */
	uint32_t *blk = malloc((10 * n + w->k) * sizeof *blk);
	uint32_t **arr[] = {&w->unit_of, &w->u_start,  &w->u_len,   &w->u_mem,
			    &w->u_fixed, &w->u_fac,    &w->u_group, &w->order,
			    &w->cands,	 &w->group_of, &w->g_size};
	for (size_t i = 0; blk && i < sizeof arr / sizeof arr[0]; i++)
		*arr[i] = blk + i * n;
	if (!blk || !adj_build(&w->apart, n, in->apart, NULL, in->n_apart) ||
	    (in->n_history &&
	     !adj_build(&w->hist, n, NULL, in->history, in->n_history)) ||
	    !build_units(w))
		return cohort_fail(e, COHORT_E_NOMEM, 0, NONE, NONE);
	s = precheck(w, e, &n_cands);
	if (s != COHORT_OK)
		return s;
	keys = malloc(n * sizeof *keys);
	if (!keys)
		return cohort_fail(e, COHORT_E_NOMEM, 0, NONE, NONE);
	uint32_t bad = NONE;
	for (uint32_t r = 0; r < (c->restarts ? c->restarts : 1); r++) {
		s = attempt(w, n_cands, keys, &bad);
		if (s == COHORT_OK)
			break;
	}
	free(keys);
	if (s != COHORT_OK) {
		uint32_t p = bad == NONE ? NONE : w->u_mem[w->u_start[bad]];
		return cohort_fail(e, s, p == NONE ? 0 : 1, p, NONE);
	}
	if (w->hist.start)
		improve(w, (uint64_t)c->swap_iters * n);
	out->group_of = malloc(n * sizeof *out->group_of);
	out->facilitator = malloc(w->k * sizeof *out->facilitator);
	out->size = malloc(w->k * sizeof *out->size);
	if (!out->group_of || !out->facilitator || !out->size)
		return cohort_fail(e, COHORT_E_NOMEM, 0, NONE, NONE);
	out->n_groups = w->k;
	memcpy(out->group_of, w->group_of, n * sizeof *out->group_of);
	memcpy(out->size, w->g_size, w->k * sizeof *out->size);
	for (uint32_t u = 0; u < w->n_units; u++)
		if (w->u_fac[u] != NONE)
			out->facilitator[w->u_group[u]] = w->u_fac[u];
	out->repeats = cohort_repeats(in, out->group_of);
	return COHORT_OK;
}

enum cohort_status cohort_place(const struct cohort_input *in,
				const struct cohort_config *c, size_t k,
				uint64_t seed, struct cohort_proposal *out,
				struct cohort_error *e)
{
	struct work w;
	enum cohort_status s;

	memset(&w, 0, sizeof w);
	w.in = in;
	w.n = in->n;
	w.k = k;
	w.lo = (uint32_t)(w.n / w.k);
	w.big = (uint32_t)(w.n % w.k);
	w.hi = w.lo + (w.big ? 1 : 0);
	w.rng.s = seed ? seed : 0x9e3779b97f4a7c15ULL;
	s = run(&w, c, out, e);
	work_free(&w);
	return s;
}
