/*
 * testutil.h — file helpers shared by the codec tests: where the source
 * tree is (argv[1], else the SOURCE_ROOT define meson passes, else "."),
 * whole-file reads and sorted directory listings.
 */
#ifndef TESTS_CODEC_TESTUTIL_H
#define TESTS_CODEC_TESTUTIL_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

static const char *tu_root = SOURCE_ROOT;

static inline void tu_init(int argc, char **argv)
{
	if (argc > 1)
		tu_root = argv[1];
}

/* malloc'd contents of root/rel (NUL-terminated), NULL if unreadable. */
static inline char *tu_read(const char *rel, size_t *len)
{
	char path[2048];
	snprintf(path, sizeof path, "%s/%s", tu_root, rel);
	if (len)
		*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			char *b = realloc(buf, cap * 2);
			if (!b) {
				free(buf);
				buf = NULL;
			}
			buf = b;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static int tu_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in root/rel ending in ".json" (caller frees each and the
 * array); *n set to the count. */
static inline char **tu_list(const char *rel, size_t *n)
{
	char path[2048];
	snprintf(path, sizeof path, "%s/%s", tu_root, rel);
	*n = 0;
	DIR *d = opendir(path);
	if (!d)
		return NULL;
	char **v = NULL;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json"))
			continue;
		char **nv = realloc(v, (*n + 1) * sizeof *v);
		if (!nv)
			break;
		v = nv;
		v[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	if (v)
		qsort(v, *n, sizeof *v, tu_cmp);
	return v;
}

static inline void tu_list_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

#endif
