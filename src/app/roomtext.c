/*
 * roomtext.c — a room's template and settings as the short texts stored
 * with its creation (store.h), and back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"

void roomtext_template(const struct core_template *t, char *out, size_t len)
{
	size_t n = (size_t)snprintf(out, len, "v1|%s|", t->id);

	for (size_t i = 0; i < t->n_steps && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%s%s:%u", i ? "," : "",
				      core_step_kind_name(t->steps[i].kind),
				      t->steps[i].duration_s);
	if (n < len)
		snprintf(out + n, len - n, "|%s", t->name);
}

int roomtext_template_parse(const char *s, struct core_template *t)
{
	char buf[ROOMTEXT_MAX], *id, *steps, *name, *save = NULL, *tok;

	memset(t, 0, sizeof *t);
	snprintf(buf, sizeof buf, "%s", s);
	if (strncmp(buf, "v1|", 3))
		return -1;
	id = buf + 3;
	steps = strchr(id, '|');
	name = steps ? strchr(steps + 1, '|') : NULL;
	if (!name)
		return -1;
	*steps++ = '\0';
	*name++ = '\0';
	if (strlen(id) >= sizeof t->id || strlen(name) >= sizeof t->name)
		return -1;
	memcpy(t->id, id, strlen(id) + 1);
	memcpy(t->name, name, strlen(name) + 1);
	for (tok = strtok_r(steps, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');
		if (!colon || t->n_steps == CORE_MAX_STEPS)
			return -1;
		*colon = '\0';
		struct core_step_def *st = &t->steps[t->n_steps++];
		if (!core_step_kind_parse(tok, &st->kind))
			return -1;
		st->duration_s = (uint32_t)strtoul(colon + 1, NULL, 10);
	}
	return t->n_steps ? 0 : -1;
}

void roomtext_config(const struct core_room_config *c, char *out, size_t len)
{
	snprintf(out, len, "v1 %u %u %u %u %d %zu %u %u %u %u",
		 c->max_participants, c->max_questions, c->max_suggestions,
		 c->max_learnings, c->pause_when_client_away ? 1 : 0,
		 c->n_warn_marks, c->warn_marks_s[0], c->warn_marks_s[1],
		 c->warn_marks_s[2], c->warn_marks_s[3]);
}

int roomtext_config_parse(const char *s, struct core_room_config *c)
{
	int pause;

	core_room_config_default(c);
	if (sscanf(s, "v1 %u %u %u %u %d %zu %u %u %u %u", &c->max_participants,
		   &c->max_questions, &c->max_suggestions, &c->max_learnings,
		   &pause, &c->n_warn_marks, &c->warn_marks_s[0],
		   &c->warn_marks_s[1], &c->warn_marks_s[2],
		   &c->warn_marks_s[3]) != 10 ||
	    c->n_warn_marks > CORE_MAX_WARN_MARKS)
		return -1;
	c->pause_when_client_away = pause != 0;
	return 0;
}
