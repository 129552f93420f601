/*
 * procstat.h — the server's CPU time and resident memory, from /proc.
 */
#ifndef BENCH_PROCSTAT_H
#define BENCH_PROCSTAT_H

#include <stdint.h>
#include <sys/types.h>

/* CPU time of all the process's threads, ns (schedstat: ns precision,
 * unlike the 10 ms ticks of /proc/PID/stat, which is the fallback). */
uint64_t procstat_cpu_ns(pid_t pid);
/* VmRSS in KiB, 0 if unreadable. */
uint64_t procstat_rss_kb(pid_t pid);

#endif
