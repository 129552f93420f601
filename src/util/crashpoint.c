/*
 * crashpoint.c — see crashpoint.h. Test builds only.
 */
#include "util/crashpoint.h"

#ifdef CODEVHUB_CRASH_POINTS
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void crashpoint_hit(const char *name)
{
	static char target[64];
	static long want = -1, seen;

	if (want < 0) {
		const char *env = getenv("CODEVHUB_CRASH_AT");
		const char *colon = env ? strchr(env, ':') : NULL;
		want = 0;
		if (env) {
			size_t n = colon ? (size_t)(colon - env) : strlen(env);
			snprintf(target, sizeof target, "%.*s", (int)n, env);
			want = colon ? strtol(colon + 1, NULL, 10) : 1;
		}
	}
	if (want > 0 && !strcmp(name, target) && ++seen == want) {
		fprintf(stderr, "crash point %s reached\n", name);
		kill(getpid(), SIGKILL);
	}
}

void crashpoint_delay(const char *name)
{
	const char *env = getenv("CODEVHUB_DELAY_AT");
	size_t n = strlen(name);

	if (env && !strncmp(env, name, n) && env[n] == ':')
		usleep((useconds_t)strtol(env + n + 1, NULL, 10) * 1000);
}
#else
/* An empty translation unit is not valid C. */
typedef int crashpoint_unused;
#endif
