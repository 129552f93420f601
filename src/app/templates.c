/*
 * templates.c — loading the workshop templates (templates.h).
 */
#include "app/templates.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/codec.h"
#include "config/config.h"
#include "util/fileutil.h"

#define TEMPLATE_FILE_MAX 65536

static int load_one(struct templates *ts, const char *dir, const char *name,
		    char *err, size_t errlen)
{
	char path[CONFIG_PATH_MAX + 256], why[160];
	struct core_template *t = &ts->t[ts->n];
	size_t len;
	char *text;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	text = file_read_all(path, TEMPLATE_FILE_MAX, &len);
	if (!text) {
		snprintf(err, errlen, "%s: cannot read", path);
		return -1;
	}
	bool ok = codec_template_parse(text, len, t, why, sizeof why);
	free(text);
	if (!ok) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	if (templates_find(ts, t->id)) {
		snprintf(err, errlen, "%s: duplicate template id", path);
		return -1;
	}
	ts->n++;
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_json(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 5 &&
	       !strcmp(d->d_name + n - 5, ".json");
}

int templates_load(const char *dir, struct templates *out, char *err,
		   size_t errlen)
{
	struct dirent **list;
	int n = scandir(dir, &list, is_json, by_name), rc = 0;

	out->n = 0;
	if (n < 0) {
		snprintf(err, errlen, "%s: cannot list templates", dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (!rc && out->n == TEMPLATES_MAX) {
			snprintf(err, errlen, "%s: more than %d templates", dir,
				 TEMPLATES_MAX);
			rc = -1;
		}
		if (!rc)
			rc = load_one(out, dir, list[i]->d_name, err, errlen);
		free(list[i]);
	}
	free(list);
	if (!rc && !templates_find(out, TEMPLATES_DEFAULT)) {
		snprintf(err, errlen, "%s: the default template %s is missing",
			 dir, TEMPLATES_DEFAULT);
		rc = -1;
	}
	return rc;
}

const struct core_template *templates_find(const struct templates *ts,
					   const char *id)
{
	for (size_t i = 0; i < ts->n; i++)
		if (!strcmp(ts->t[i].id, id))
			return &ts->t[i];
	return NULL;
}
