/*
 * hist.h — fixed-size latency histograms that merge by addition.
 *
 * Owner: plain structs, no allocation. Values are nanoseconds; the
 * resolution is 1 us below 8.192 ms and 1/64 of a doubling above, which
 * keeps every percentile within 1.6 % while a histogram stays small
 * enough to travel through a pipe between generator processes.
 */
#ifndef BENCH_HIST_H
#define BENCH_HIST_H

#include <stdint.h>

#define HIST_LINEAR 8192
#define HIST_BUCKETS (HIST_LINEAR + 30 * 64)

struct hist {
	uint64_t n;
	uint64_t max_ns;
	uint64_t b[HIST_BUCKETS];
};

void hist_add(struct hist *h, uint64_t ns);
void hist_merge(struct hist *into, const struct hist *from);
/* The value (ns) below which a fraction q (0..1) of samples fall; 0 if
 * the histogram is empty. */
uint64_t hist_pct(const struct hist *h, double q);

#endif
