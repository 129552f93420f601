/*
 * report.h — turning worker results and /proc readings into the figures
 * of one run, judging the generator's own validity, and printing them
 * as one JSON object.
 */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include "bench.h"

struct load_fig {
	bool ran, valid;
	double rate, secs;
	uint64_t sends, late, events, acks, gaps, errors, closed;
	double deliveries_per_s, server_cpu_pct, cpu_per_delivery_us;
	double gen_cpu_pct, late_pct, max_late_ms;
	uint64_t lost_stamps;
	struct hist fanout, expiry;
};

struct report {
	enum server_kind kind;
	const char *label;
	int rooms, workers;
	uint64_t requested, held, join_failed, errors, closed;
	uint64_t rss_start_kb; /* before the hub's rooms were created */
	uint64_t rss_base_kb, rss_joined_kb, rss_idle_kb;
	double join_cpu_us, join_wall_s, idle_cpu_pct;
	uint64_t probes;
	double probe_cpu_us;
	bool idle_ran, probe_ran;
	struct hist join, probe;
	struct load_fig load[2]; /* latency, throughput */
	char first_error[160];
	int server_exit;
};

void report_init(struct report *r, enum server_kind k, const char *label,
		 int rooms, int workers);
void report_merge(struct result *into, const struct result *from);
void report_join(struct report *r, const struct result *res,
		 uint64_t srv_cpu_ns, uint64_t wall_ns, uint64_t rss_kb);
void report_idle(struct report *r, const struct result *res,
		 uint64_t srv_cpu_ns, uint64_t wall_ns, uint64_t rss_kb);
void report_probe(struct report *r, const struct result *res,
		  uint64_t srv_cpu_ns);
void report_load(struct report *r, int which, const struct phase *ph,
		 const struct result *res, uint64_t srv_cpu_ns);
/* Writes the JSON to path (stdout when NULL) and a summary to stderr. */
void report_write(const struct report *r, const char *path);

/* Sanity, not speed (machines are noisy): every connection held, events
 * delivered and timed, no errors, gaps or drops, the server exited 0.
 * Prints "ok"/"not ok" lines; 0 when sane. */
int report_check(const struct report *r);

#endif
