/*
 * cohort.h — splitting an organization's cohort into workshop groups, and
 * rotating the client (and facilitator) role inside one group.
 *
 * Pure: no I/O, no clock, no globals. Every random choice comes from the
 * seed the caller passes, so the same input and seed give the same output.
 *
 * People are indices 0..n-1 into the caller's array; names are only used to
 * word error messages (NULL name = "person #i").
 *
 * Ownership:
 *   - Inputs are borrowed for the call.
 *   - cohort_split fills a struct cohort_proposal whose arrays it allocates;
 *     the caller frees them with cohort_proposal_free (NULL / zeroed ok).
 *   - struct cohort_error is plain data (message is an inline buffer).
 *
 * Sizes (defaults min 5, max 8): k = ceil(n / max) groups whose sizes
 * differ by at most one, all within [min, max]; a cohort smaller than min
 * is one group. When no k fits both bounds (9 people with 5..8) the split
 * fails with COHORT_E_SIZES instead of quietly breaking a bound: the
 * organizer decides whether a group of 9 or two of 4-5 is better.
 */
#ifndef CORE_COHORT_H
#define CORE_COHORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COHORT_MAX_PEOPLE 2000 /* bounds the work of one call */
#define COHORT_MAX_GROUP 64    /* sanity bound for max_size */
#define COHORT_MSG_MAX 200

struct cohort_person {
	const char *name;	/* for messages only; NULL ok */
	bool wants_client;	/* volunteers to bring a situation */
	bool can_facilitate;	/* may be picked as a group's facilitator */
	bool facilitator_fixed; /* pre-chosen: must facilitate a group */
};

/* An unordered pair of person indices (a != b). */
struct cohort_pair {
	uint32_t a, b;
};

/* How often a and b already sat in the same group in earlier meetings of
 * the cycle; duplicates of a pair add up. */
struct cohort_pairing {
	uint32_t a, b;
	uint32_t count;
};

struct cohort_config {
	uint32_t min_size;   /* default 5 */
	uint32_t max_size;   /* default 8 */
	uint32_t restarts;   /* greedy attempts before giving up, default 64 */
	uint32_t swap_iters; /* local-search swaps per person, default 40 */
};

struct cohort_input {
	size_t n;
	const struct cohort_person *people;
	const struct cohort_pair *apart; /* keep in different groups */
	size_t n_apart;
	/* keep in the same group; pairs chain into sets (a-b, b-c = {a,b,c}) */
	const struct cohort_pair *together;
	size_t n_together;
	const struct cohort_pairing *history; /* for reshuffles; may be NULL */
	size_t n_history;
};

enum cohort_status {
	COHORT_OK,
	COHORT_E_INVALID,	       /* n == 0, n too big, bad index, a == b,
					  min > max, max > COHORT_MAX_GROUP */
	COHORT_E_SIZES,		       /* no group count fits [min, max] */
	COHORT_E_TOGETHER_APART,       /* who[0], who[1] linked both ways */
	COHORT_E_SET_TOO_BIG,	       /* keep-together set (who[0] in it) is
					  larger than the largest group */
	COHORT_E_FIXED_TOGETHER,       /* two pre-chosen facilitators who[0],
					  who[1] must be together */
	COHORT_E_TOO_MANY_FIXED,       /* more pre-chosen facilitators than
					  groups */
	COHORT_E_TOO_FEW_FACILITATORS, /* not enough people (in distinct
					  keep-together sets) can facilitate */
	COHORT_E_APART,		       /* no placement keeps who[0] apart from
					  everyone they must avoid */
	COHORT_E_PACKING,	       /* keep-together sets cannot be packed
					  into the balanced sizes */
	COHORT_E_SEPARATED,	       /* an edit puts who[0] and who[1], to
					  keep together, in different groups */
	COHORT_E_NOMEM,
	COHORT__COUNT
};

struct cohort_error {
	enum cohort_status status;
	uint32_t who[2]; /* people involved, n_who of them */
	size_t n_who;
	uint32_t count[2]; /* numbers quoted in the message (see status) */
	char message[COHORT_MSG_MAX]; /* human, names the conflict */
};

struct cohort_proposal {
	size_t n_groups;
	uint32_t *group_of;    /* [n] group index of each person */
	uint32_t *facilitator; /* [n_groups] person facilitating each group */
	uint32_t *size;	       /* [n_groups] */
	uint64_t repeats; /* sum of history counts over pairs sharing a group */
};

void cohort_config_default(struct cohort_config *cfg);

/* Stable machine name of a status ("ok", "together_apart", ...). */
const char *cohort_status_name(enum cohort_status s);

/* The number of groups for n people, or 0 when no count fits [min, max]
 * (then cohort_split fails with COHORT_E_SIZES). */
size_t cohort_group_count(size_t n, const struct cohort_config *cfg);

/* Proposes groups for in. cfg NULL = defaults. Returns COHORT_OK and a
 * proposal honouring every constraint, or an error (err filled, out zeroed):
 * it never returns a proposal that breaks a hard constraint. err may be
 * NULL. On OK, out->repeats is minimised on a best-effort basis. */
enum cohort_status cohort_split(const struct cohort_input *in,
				const struct cohort_config *cfg, uint64_t seed,
				struct cohort_proposal *out,
				struct cohort_error *err);

void cohort_proposal_free(struct cohort_proposal *p);

/* Sum of history counts over pairs that share a group in group_of. */
uint64_t cohort_repeats(const struct cohort_input *in,
			const uint32_t *group_of);

/* --- rotation (rotation.c) ------------------------------------------------
 *
 * The client of each workshop of one group: nobody is client a second time
 * before every eligible volunteer has been client once in the cycle
 * (counts carried over from earlier meetings through client_count). The
 * eligible pool is the volunteers (wants_client) who are not the fixed
 * facilitator; if that pool is empty, everyone but the fixed facilitator
 * is eligible (a group nobody volunteered in still has to run). Ties go to
 * the lowest index, so plans are deterministic and continue cleanly.
 *
 * With rotate_facilitator, each workshop's facilitator is the can_facilitate
 * member other than that workshop's client who facilitated least (ties:
 * lowest index); otherwise it is `facilitator` for every workshop. When
 * rotating and only one member can facilitate, that member facilitates
 * every workshop (and so leaves the client pool). Either way the
 * facilitator is never the client of the same workshop.
 */
#define ROTATION_MAX_MEMBERS COHORT_MAX_GROUP
#define ROTATION_MAX_WORKSHOPS 8

struct rotation_member {
	bool wants_client;
	bool can_facilitate;
};

struct rotation_input {
	size_t n; /* 2..ROTATION_MAX_MEMBERS */
	const struct rotation_member *members;
	size_t n_workshops; /* 1..ROTATION_MAX_WORKSHOPS */
	bool rotate_facilitator;
	uint32_t facilitator; /* fixed facilitator when !rotate_facilitator */
	/* times each member was already client / facilitator in earlier
	 * meetings of the cycle; NULL = none yet */
	const uint32_t *client_count;
	const uint32_t *facilitator_count;
};

enum rotation_status {
	ROTATION_OK,
	ROTATION_E_INVALID,	   /* n, n_workshops or facilitator out of
				      range */
	ROTATION_E_NO_FACILITATOR, /* rotating, but nobody other than the
				      client can facilitate */
};

struct rotation_plan {
	size_t n_workshops;
	uint32_t client[ROTATION_MAX_WORKSHOPS];
	uint32_t facilitator[ROTATION_MAX_WORKSHOPS];
};

enum rotation_status rotation_plan(const struct rotation_input *in,
				   struct rotation_plan *out);

#endif
