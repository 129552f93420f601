/*
 * replay.c — the corpus replay driver: runs a fuzz target's
 * LLVMFuzzerTestOneInput on every file of the directories given as
 * arguments, in name order, without libFuzzer. Prints one TAP line per
 * directory. A crash or a failed invariant aborts the process (the test
 * fails); an empty or missing corpus fails too.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static long replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	long done = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof *names);
			if (!names)
				abort();
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		long len = ftell(f);
		rewind(f);
		uint8_t *buf = malloc(len > 0 ? (size_t)len : 1);
		if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
			abort();
		fclose(f);
		/* Name the input first: a crash then says which file. */
		fprintf(stderr, "replay %s\n", path);
		LLVMFuzzerTestOneInput(buf, (size_t)len);
		free(buf);
		free(names[i]);
		done++;
	}
	free(names);
	return done;
}

int main(int argc, char **argv)
{
	int failed = 0;

	printf("1..%d\n", argc - 1);
	for (int i = 1; i < argc; i++) {
		long n = replay_dir(argv[i]);
		if (n <= 0)
			failed++;
		printf("%s %d - replayed %ld corpus files from %s\n",
		       n > 0 ? "ok" : "not ok", i, n, argv[i]);
	}
	return failed ? 1 : 0;
}
