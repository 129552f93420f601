/*
 * hist.c — latency histograms (see hist.h for the bucket layout).
 *
 * Log-linear buckets rather than stored samples: a 15 s phase at 100k
 * deliveries/s is 1.5 M samples per process, and percentiles must merge
 * across processes.
 */
#define _GNU_SOURCE
#include "hist.h"

static unsigned idx_of(uint64_t us)
{
	if (us < HIST_LINEAR)
		return (unsigned)us;
	unsigned e = 63u - (unsigned)__builtin_clzll(us); /* >= 13 */
	unsigned i =
		HIST_LINEAR + (e - 13) * 64 + (unsigned)((us >> (e - 6)) & 63);
	return i < HIST_BUCKETS ? i : HIST_BUCKETS - 1;
}

static uint64_t value_of(unsigned i)
{
	if (i < HIST_LINEAR)
		return i;
	unsigned e = (i - HIST_LINEAR) / 64 + 13, sub = (i - HIST_LINEAR) % 64;
	return ((uint64_t)1 << e) + ((uint64_t)sub << (e - 6));
}

void hist_add(struct hist *h, uint64_t ns)
{
	h->b[idx_of(ns / 1000)]++;
	h->n++;
	if (ns > h->max_ns)
		h->max_ns = ns;
}

void hist_merge(struct hist *into, const struct hist *from)
{
	for (unsigned i = 0; i < HIST_BUCKETS; i++)
		into->b[i] += from->b[i];
	into->n += from->n;
	if (from->max_ns > into->max_ns)
		into->max_ns = from->max_ns;
}

uint64_t hist_pct(const struct hist *h, double q)
{
	uint64_t want, seen = 0;

	if (!h->n)
		return 0;
	want = (uint64_t)(q * (double)h->n);
	if (want >= h->n)
		want = h->n - 1;
	for (unsigned i = 0; i < HIST_BUCKETS; i++) {
		seen += h->b[i];
		if (seen > want)
			return value_of(i) * 1000;
	}
	return h->max_ns;
}
