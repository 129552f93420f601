/*
 * templates.h — the workshop templates of [server] templates_dir, loaded
 * the one way the hub, the HTTP API and the admin CLI all see them.
 */
#ifndef APP_TEMPLATES_H
#define APP_TEMPLATES_H

#include <stddef.h>

#include "core/template.h"

#define TEMPLATES_MAX 32
#define TEMPLATES_DEFAULT "codev-90"

struct templates {
	size_t n;
	struct core_template t[TEMPLATES_MAX];
};

/* Every *.json file of dir, in file-name order, each parsed strictly
 * (codec_template_parse). 0, or -1 with the file and the reason in err:
 * a file that does not parse, two templates with one id, more than
 * TEMPLATES_MAX, or no TEMPLATES_DEFAULT. */
int templates_load(const char *dir, struct templates *out, char *err,
		   size_t errlen);
/* The template of that id, or NULL. */
const struct core_template *templates_find(const struct templates *ts,
					   const char *id);

#endif
