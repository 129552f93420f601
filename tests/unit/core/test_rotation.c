/*
 * test_rotation.c — client and facilitator rotation in one group: every
 * plan for 5..8 members x 1..8 workshops x every volunteer subset, with a
 * fixed facilitator and with a rotating one. Checked: nobody is client
 * twice before every eligible volunteer has been once, the facilitator is
 * never the client, continuing from counts equals planning in one go.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/cohort.h"
#include "tap.h"

enum mode { FIXED, ROTATE_ALL, ROTATE_SOME, MODE__COUNT };

static const char *const mode_name[MODE__COUNT] = {
	"fixed facilitator", "rotating, all able", "rotating, some able"};

/* Builds the input for (n, volunteer mask, mode); members must hold n. */
static void make(struct rotation_input *in, struct rotation_member *m, size_t n,
		 unsigned mask, enum mode mode)
{
	memset(in, 0, sizeof *in);
	for (size_t i = 0; i < n; i++) {
		m[i].wants_client = mask >> i & 1;
		/* "some able": members 1 and n-1, or just member 1 if the
		 * mask is odd (then 1 acts as the fixed facilitator). */
		m[i].can_facilitate = mode == ROTATE_ALL ||
				      (mode == ROTATE_SOME &&
				       (i == 1 || (i == n - 1 && !(mask & 1))));
	}
	in->n = n;
	in->members = m;
	in->rotate_facilitator = mode != FIXED;
	in->facilitator = (uint32_t)(mask % n); /* varies with the subset */
}

/* Who may be client under the documented rule (see rotation.c). */
static void eligible(const struct rotation_input *in, bool *pool)
{
	uint32_t fixed = UINT32_MAX, n_able = 0, n_pool = 0, only = 0;

	for (uint32_t i = 0; i < in->n; i++)
		if (in->members[i].can_facilitate)
			n_able++, only = i;
	if (!in->rotate_facilitator)
		fixed = in->facilitator;
	else if (n_able == 1)
		fixed = only;
	for (uint32_t i = 0; i < in->n; i++) {
		pool[i] = in->members[i].wants_client && i != fixed;
		n_pool += pool[i];
	}
	for (uint32_t i = 0; !n_pool && i < in->n; i++)
		pool[i] = i != fixed;
}

/* Checks plan p against the rules, starting from counts cc0 (NULL = 0).
 * Returns NULL or the broken rule. */
static const char *check(const struct rotation_input *in,
			 const struct rotation_plan *p, const uint32_t *cc0)
{
	uint32_t cc[ROTATION_MAX_MEMBERS] = {0};
	bool pool[ROTATION_MAX_MEMBERS];

	eligible(in, pool);
	if (cc0)
		memcpy(cc, cc0, in->n * sizeof *cc);
	if (p->n_workshops != in->n_workshops)
		return "workshop count";
	for (size_t w = 0; w < p->n_workshops; w++) {
		uint32_t c = p->client[w], f = p->facilitator[w];
		if (c >= in->n || f >= in->n)
			return "index";
		if (!pool[c])
			return "client not eligible";
		for (uint32_t i = 0; i < in->n; i++)
			if (pool[i] && cc[i] < cc[c])
				return "client again before someone's turn";
		if (f == c)
			return "facilitator is the client";
		if (!in->rotate_facilitator && f != in->facilitator)
			return "fixed facilitator changed";
		if (in->rotate_facilitator && !in->members[f].can_facilitate)
			return "facilitator cannot facilitate";
		cc[c]++;
	}
	return NULL;
}

static void test_all_plans(void)
{
	for (size_t n = 5; n <= 8; n++) {
		for (int mode = 0; mode < MODE__COUNT; mode++) {
			struct rotation_member m[8];
			struct rotation_input in;
			struct rotation_plan p;
			size_t plans = 0, bad = 0, twice = 0;
			for (unsigned mask = 0; mask < 1u << n; mask++) {
				for (size_t w = 1; w <= 8; w++) {
					make(&in, m, n, mask, (enum mode)mode);
					in.n_workshops = w;
					const char *v = NULL;
					if (rotation_plan(&in, &p) !=
					    ROTATION_OK)
						v = "refused";
					else
						v = check(&in, &p, NULL);
					if (v && bad++ < 3)
						ok(0,
						   "n=%zu mask=%#x w=%zu %s: "
						   "%s",
						   n, mask, w, mode_name[mode],
						   v);
					plans++;
					/* someone was client twice: only ok
					 * once all eligible had a turn */
					twice += w > 1 &&
						 p.client[0] == p.client[w - 1];
				}
			}
			ok(bad == 0, "n=%zu, %s: %zu plans keep every rule", n,
			   mode_name[mode], plans);
			ok(twice > 0, "n=%zu, %s: second turns exercised (%zu)",
			   n, mode_name[mode], twice);
		}
	}
}

/* Planning k workshops, then the rest from the counts, equals planning
 * all at once; arbitrary earlier counts are continued fairly. */
static void test_continuation(void)
{
	size_t same = 0, total = 0, bad = 0;
	uint64_t rs = 12345;

	for (size_t n = 5; n <= 8; n++) {
		for (unsigned mask = 0; mask < 1u << n; mask += 3) {
			for (int mode = 0; mode < MODE__COUNT; mode++) {
				struct rotation_member m[8];
				struct rotation_input in;
				struct rotation_plan all, a, b;
				uint32_t cc[8] = {0}, fc[8] = {0};
				make(&in, m, n, mask, (enum mode)mode);
				in.n_workshops = 8;
				rotation_plan(&in, &all);
				size_t k = 1 + mask % 7;
				in.n_workshops = k;
				rotation_plan(&in, &a);
				for (size_t w = 0; w < k; w++) {
					cc[a.client[w]]++;
					fc[a.facilitator[w]]++;
				}
				in.n_workshops = 8 - k;
				in.client_count = cc;
				in.facilitator_count = fc;
				rotation_plan(&in, &b);
				bool eq = true;
				for (size_t w = 0; w < 8; w++) {
					const struct rotation_plan *p =
						w < k ? &a : &b;
					size_t i = w < k ? w : w - k;
					eq &= p->client[i] == all.client[w] &&
					      p->facilitator[i] ==
						      all.facilitator[w];
				}
				same += eq;
				total++;
				/* arbitrary history: 0..2 turns each */
				for (size_t i = 0; i < n; i++) {
					rs = rs * 6364136223846793005ULL + 1;
					cc[i] = (uint32_t)(rs >> 33) % 3;
				}
				in.n_workshops = 8;
				if (rotation_plan(&in, &b) != ROTATION_OK ||
				    check(&in, &b, cc))
					bad++;
			}
		}
	}
	ok(same == total, "split plans equal whole plans (%zu of %zu)", same,
	   total);
	ok(bad == 0, "continuing arbitrary counts keeps the rules (%zu bad)",
	   bad);
}

static void test_examples(void)
{
	struct rotation_member m[6] = {{true, true},   {true, false},
				       {false, true},  {true, false},
				       {false, false}, {true, false}};
	struct rotation_input in = {.n = 6, .members = m, .n_workshops = 6};
	struct rotation_plan p;

	in.facilitator = 2;
	is_int(rotation_plan(&in, &p), ROTATION_OK, "6 members, fixed");
	uint32_t want[6] = {0, 1, 3, 5, 0, 1};
	ok(!memcmp(p.client, want, sizeof want),
	   "volunteers 0,1,3,5 in turn, then again: %u %u %u %u %u %u",
	   p.client[0], p.client[1], p.client[2], p.client[3], p.client[4],
	   p.client[5]);
	in.facilitator = 0; /* a volunteer facilitating is never client */
	is_int(rotation_plan(&in, &p), ROTATION_OK, "facilitator 0");
	ok(p.client[0] == 1 && p.client[3] == 1, "1 3 5 1 ...: %u %u %u %u",
	   p.client[0], p.client[1], p.client[2], p.client[3]);
	in.rotate_facilitator = true;
	is_int(rotation_plan(&in, &p), ROTATION_OK, "rotating 0 and 2");
	ok(p.facilitator[0] == 2 && p.facilitator[1] == 0,
	   "0 is client first, so 2 facilitates, then 0");
	/* The checker itself catches a second turn and a client facilitating.
	 */
	struct rotation_plan bad = p;
	bad.client[1] = bad.client[0];
	ok(check(&in, &bad, NULL) != NULL, "checker: second turn too early");
	bad = p;
	bad.facilitator[0] = bad.client[0];
	ok(check(&in, &bad, NULL) != NULL, "checker: facilitator = client");
	for (size_t i = 0; i < 6; i++)
		m[i].can_facilitate = false;
	is_int(rotation_plan(&in, &p), ROTATION_E_NO_FACILITATOR,
	       "rotating with nobody able");
	in.rotate_facilitator = false;
	in.facilitator = 6;
	is_int(rotation_plan(&in, &p), ROTATION_E_INVALID, "facilitator 6/6");
	in.facilitator = 0;
	in.n_workshops = 9;
	is_int(rotation_plan(&in, &p), ROTATION_E_INVALID, "9 workshops");
	in.n_workshops = 0;
	is_int(rotation_plan(&in, &p), ROTATION_E_INVALID, "0 workshops");
}

int main(void)
{
	test_examples();
	test_all_plans();
	test_continuation();
	return tap_done();
}
