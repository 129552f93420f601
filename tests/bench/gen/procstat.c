/*
 * procstat.c — reading a process's CPU and memory from /proc.
 *
 * Per-join CPU is tens of microseconds: 10 ms clock ticks cannot see it,
 * so task schedstat (run time in ns) is summed over the threads (Node
 * servers have several).
 */
#define _GNU_SOURCE
#include "procstat.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static uint64_t ticks_cpu_ns(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long ut = 0, st = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return 0;
	if (fgets(buf, sizeof buf, f)) {
		char *p = strrchr(buf, ')'); /* comm may hold spaces */
		if (p)
			sscanf(p + 2,
			       "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
			       "%*u %lu %lu",
			       &ut, &st);
	}
	fclose(f);
	return (uint64_t)(ut + st) *
	       (1000000000ull / (uint64_t)sysconf(_SC_CLK_TCK));
}

uint64_t procstat_cpu_ns(pid_t pid)
{
	char path[64];
	struct dirent *d;
	uint64_t sum = 0;
	int found = 0;
	DIR *dir;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if (!(dir = opendir(path)))
		return 0;
	while ((d = readdir(dir))) {
		char p[300];
		unsigned long long run;
		FILE *f;
		if (d->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "/proc/%d/task/%s/schedstat", (int)pid,
			 d->d_name);
		if (!(f = fopen(p, "r")))
			continue;
		if (fscanf(f, "%llu", &run) == 1)
			sum += run, found = 1;
		fclose(f);
	}
	closedir(dir);
	return found ? sum : ticks_cpu_ns(pid);
}

uint64_t procstat_rss_kb(pid_t pid)
{
	char path[64], line[256];
	unsigned long long kb = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %llu", &kb) == 1)
			break;
	fclose(f);
	return kb;
}
