/*
 * cohort_place.h — between cohort.c (validation, messages) and
 * cohort_place.c (the search). Not for callers outside the splitter.
 */
#ifndef CORE_COHORT_PLACE_H
#define CORE_COHORT_PLACE_H

#include "core/cohort.h"

/* Places in->n people (input already validated) into k >= 1 groups. On
 * OK fills out (caller frees); on error fills e->status, e->who, e->n_who
 * and e->count[0] (the message is worded by the caller). */
enum cohort_status cohort_place(const struct cohort_input *in,
				const struct cohort_config *c, size_t k,
				uint64_t seed, struct cohort_proposal *out,
				struct cohort_error *e);

/* Records an error's status and the people involved; returns s. */
enum cohort_status cohort_fail(struct cohort_error *e, enum cohort_status s,
			       size_t n_who, uint32_t a, uint32_t b);

#endif
