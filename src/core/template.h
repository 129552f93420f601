/*
 * template.h — a workshop template: the ordered steps and their durations.
 *
 * Templates live as JSON in config/templates/; the codec parses them into
 * this plain struct (the core never sees JSON). Values are owned inline.
 */
#ifndef CORE_TEMPLATE_H
#define CORE_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/cmd.h"

#define CORE_MAX_STEPS 10
#define CORE_TEMPLATE_ID_MAX 48
#define CORE_TEMPLATE_NAME_MAX 96

struct core_step_def {
	enum core_step_kind kind;
	uint32_t duration_s; /* 1 .. 4 hours */
};

struct core_template {
	char id[CORE_TEMPLATE_ID_MAX];	   /* "codev-90"; [a-z0-9-], 1..47 */
	char name[CORE_TEMPLATE_NAME_MAX]; /* human title */
	size_t n_steps;			   /* 1 .. CORE_MAX_STEPS */
	struct core_step_def steps[CORE_MAX_STEPS];
};

#endif
