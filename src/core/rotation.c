/*
 * rotation.c — who is client (and facilitator) in each workshop of one
 * group's session, and how a cycle's next meeting continues from there.
 *
 * Invariants of a plan (counts include the earlier meetings passed in):
 *   - the client of each workshop has the lowest client count in the
 *     eligible pool, so nobody is client a second time before every
 *     eligible volunteer has been client once (and in general, nobody
 *     reaches c + 1 before everyone eligible has reached c);
 *   - the facilitator of a workshop is never its client;
 *   - everything is decided by counts and indices only (no randomness),
 *     so planning 3 workshops and then continuing with the counts for 5
 *     gives exactly the plan for 8.
 *
 * Eligible pool: the volunteers, minus the fixed facilitator (who cannot
 * be client of the workshops they facilitate: all of them). When rotating
 * and only one member can facilitate, that member is in effect fixed. If
 * no volunteer is eligible, every member but the fixed facilitator is: a
 * group must still run, and the organizer sees who was picked.
 */
#include <string.h>

#include "core/cohort.h"

#define NONE UINT32_MAX

/* Lowest count among the flagged members, ties to the lowest index. */
static uint32_t least(const uint32_t *count, const bool *flag, size_t n,
		      uint32_t skip)
{
	uint32_t best = NONE;

	for (uint32_t i = 0; i < n; i++) {
		if (!flag[i] || i == skip)
			continue;
		if (best == NONE || count[i] < count[best])
			best = i;
	}
	return best;
}

enum rotation_status rotation_plan(const struct rotation_input *in,
				   struct rotation_plan *out)
{
	uint32_t cc[ROTATION_MAX_MEMBERS], fc[ROTATION_MAX_MEMBERS];
	bool pool[ROTATION_MAX_MEMBERS], able[ROTATION_MAX_MEMBERS];
	uint32_t fixed = NONE, n_able = 0, n_pool = 0;

	memset(out, 0, sizeof *out);
	if (!in || !in->members || in->n < 2 || in->n > ROTATION_MAX_MEMBERS ||
	    in->n_workshops < 1 || in->n_workshops > ROTATION_MAX_WORKSHOPS ||
	    (!in->rotate_facilitator && in->facilitator >= in->n))
		return ROTATION_E_INVALID;
	for (uint32_t i = 0; i < in->n; i++) {
		cc[i] = in->client_count ? in->client_count[i] : 0;
		fc[i] = in->facilitator_count ? in->facilitator_count[i] : 0;
		able[i] = in->members[i].can_facilitate;
		n_able += able[i];
	}
	if (!in->rotate_facilitator)
		fixed = in->facilitator;
	else if (n_able == 0)
		return ROTATION_E_NO_FACILITATOR;
	else if (n_able == 1)
		fixed = least(fc, able, in->n, NONE);
	for (uint32_t i = 0; i < in->n; i++) {
		pool[i] = in->members[i].wants_client && i != fixed;
		n_pool += pool[i];
	}
	for (uint32_t i = 0; n_pool == 0 && i < in->n; i++)
		pool[i] = i != fixed;

	out->n_workshops = in->n_workshops;
	for (size_t w = 0; w < in->n_workshops; w++) {
		uint32_t c = least(cc, pool, in->n, NONE);
		/* With two or more able members, one besides c always is. */
		uint32_t f = fixed != NONE ? fixed : least(fc, able, in->n, c);
		out->client[w] = c;
		out->facilitator[w] = f;
		cc[c]++;
		fc[f]++;
	}
	return ROTATION_OK;
}
