/*
 * spawn.c — the server under test as a child process (see spawn.h).
 *
 * Its stdout goes to a file rather than a pipe: a pipe nobody reads
 * would block the server the day it prints more than 64 KiB.
 */
#define _GNU_SOURCE
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void pin_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof set, &set);
}

/* Scans the output file for the port and token lines. */
static int parse_output(struct server *s, int need_token)
{
	char line[1024];
	FILE *f = fopen(s->out_path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f)) {
		char *p = strstr(line, "listening on http://127.0.0.1:");
		if (p)
			s->port = atoi(p + 30);
		if ((p = strstr(line, "organizer link: ")) && strchr(p, '#')) {
			snprintf(s->token, sizeof s->token, "%s",
				 strchr(p, '#') + 1);
			s->token[strcspn(s->token, "\r\n")] = '\0';
		}
	}
	fclose(f);
	return s->port > 0 && (!need_token || s->token[0]);
}

int server_start(struct server *s, char *const argv[], int cpu,
		 const char *out_path, int need_token)
{
	struct timespec tick = {0, 20000000};

	memset(s, 0, sizeof *s);
	snprintf(s->out_path, sizeof s->out_path, "%s", out_path);
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(127);
		pin_cpu(cpu);
		execvp(argv[0], argv);
		fprintf(stderr, "bench: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	for (int i = 0; i < 3000; i++) {
		int st;
		if (parse_output(s, need_token))
			return 0;
		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			s->pid = 0;
			return -1;
		}
		nanosleep(&tick, NULL);
	}
	server_stop(s);
	return -1;
}

int server_stop(struct server *s)
{
	struct timespec tick = {0, 20000000};
	int st;

	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	for (int i = 0; i < 750; i++) {
		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			s->pid = 0;
			return WIFEXITED(st) ? WEXITSTATUS(st)
					     : 128 + WTERMSIG(st);
		}
		nanosleep(&tick, NULL);
	}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &st, 0);
	s->pid = 0;
	return 128 + SIGKILL;
}
