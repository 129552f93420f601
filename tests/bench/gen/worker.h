/*
 * worker.h — one generator process: holds the connections of its share
 * of the rooms and runs the phases the parent sends it.
 *
 * Owner: the worker owns every connection it opens and closes them all
 * on PH_QUIT; it never returns (it exits).
 */
#ifndef BENCH_WORKER_H
#define BENCH_WORKER_H

#include "bench.h"

/* Rooms index, index + stride, ... of cfg->room belong to this worker.
 * Phases are read from ctl_fd, results written to res_fd. */
void worker_run(const struct run_cfg *cfg, int index, int stride, int ctl_fd,
		int res_fd) __attribute__((noreturn));

#endif
