/*
 * metrics.h — counters and histograms for GET /metrics (Prometheus text).
 *
 * Single-threaded like the rest of the hub: plain integers, bumped where
 * things happen, read when /metrics is scraped. No labels carry room
 * content: only codes, step kinds and fixed names.
 */
#ifndef APP_METRICS_H
#define APP_METRICS_H

#include <stdint.h>

#include "core/cmd.h"

struct hub;

void metrics_message_in(void);
void metrics_message_out(void);
void metrics_error(enum core_err err);
void metrics_queue_drop(void);
void metrics_rate_limited(void);
void metrics_refused(void);
void metrics_commit(int64_t us, int ok);
void metrics_flush(int64_t us, uint32_t messages);
/* The whole exposition, malloc'd; NULL on OOM. */
char *metrics_render(struct hub *hub);

#endif
