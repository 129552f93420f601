/*
 * spawn.h — starting the server under test pinned to one CPU, learning
 * its port (and the hub's organizer token) from what it prints, and
 * stopping it.
 *
 * Owner: the caller owns struct server; server_stop reaps the process.
 */
#ifndef BENCH_SPAWN_H
#define BENCH_SPAWN_H

#include <sys/types.h>

struct server {
	pid_t pid;
	int port;
	char token[256];    /* organizer token (hub), else empty */
	char out_path[512]; /* its stdout, kept for the report */
};

/* argv[0] is run with execvp; cpu < 0 leaves it unpinned. Waits up to
 * 60 s for "listening on http://127.0.0.1:PORT" (and, when need_token,
 * "organizer link: ...#TOKEN"). 0 or -1. */
/* Pins the calling process to one CPU; a negative cpu leaves it free. */
void pin_cpu(int cpu);

int server_start(struct server *s, char *const argv[], int cpu,
		 const char *out_path, int need_token);
/* SIGTERM, then SIGKILL after 15 s. Returns the exit status (0..255),
 * 128+signal when killed, -1 if it could not be reaped. */
int server_stop(struct server *s);

#endif
