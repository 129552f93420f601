/*
 * bench.h — what the generator's parent and its worker processes share:
 * the run configuration, the phase commands the parent sends down a
 * pipe, and the results each worker sends back.
 *
 * Owner: plain data, copied through pipes (no pointers inside).
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "hist.h"

#define MEMBERS 8
#define TOKEN_MAX 200
#define STEP_MS 3000 /* every step of the bench template lasts 3 s */

enum server_kind { SRV_HUB, SRV_WS, SRV_SIO, SRV_LWS };

struct room_info {
	char ftoken[TOKEN_MAX]; /* facilitator link token (hub only) */
	char ptoken[TOKEN_MAX]; /* participant link token (hub only) */
};

struct run_cfg {
	enum server_kind kind;
	int port;
	int rooms; /* total, all workers */
	int workers;
	int join_window;	/* joins in flight per worker */
	int n_src;		/* loopback source addresses 127.0.0.1..n */
	struct room_info *room; /* [rooms], filled before fork */
};

enum phase_kind { PH_JOIN, PH_IDLE, PH_LOAD, PH_PROBE, PH_QUIT };

struct phase {
	enum phase_kind kind;
	double rate; /* commands per room per second (PH_LOAD) */
	uint64_t t_start, t_measure, t_end; /* CLOCK_MONOTONIC ns */
	int probes;			    /* rejoins per worker (PH_PROBE) */
	uint64_t probe_gap_ns;
};

struct result {
	uint64_t joined, join_failed;
	uint64_t held;		/* open connections at the end of the phase */
	uint64_t server_closed; /* closed by the server or failed */
	uint64_t sends, late_sends; /* late: > 1 ms after its slot */
	uint64_t max_late_ns;
	uint64_t events, acks, errors, gaps; /* in the measured window */
	uint64_t gen_cpu_ns, wall_ns;	     /* this worker, measured window */
	uint64_t lost_stamps;
	char first_error[160];
	struct hist join, fanout, expiry, probe;
};

#endif
