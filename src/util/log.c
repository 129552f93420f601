/*
 * log.c — line-oriented logging to stderr with a per-call-site limiter.
 *
 * Invariant: one write per line (a single fprintf under line buffering), so
 * lines from lws callbacks and our own code never interleave mid-line.
 */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static enum log_level max_level = LOG_INFO;
static const char *const level_names[] = {"error", "warn", "info", "debug"};

void log_set_level(enum log_level level)
{
	max_level = level;
}

int log_level_parse(const char *name)
{
	for (int i = 0; i <= LOG_DEBUG; i++)
		if (!strcmp(name, level_names[i]))
			return i;
	return -1;
}

static void emit(enum log_level level, const char *fmt, va_list ap)
{
	char line[1024], stamp[32];
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	vsnprintf(line, sizeof line, fmt, ap);
	fprintf(stderr, "%s.%03ldZ %s %s\n", stamp, ts.tv_nsec / 1000000,
		level_names[level], line);
}

void log_write(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > max_level)
		return;
	va_start(ap, fmt);
	emit(level, fmt, ap);
	va_end(ap);
}

void log_limited(struct log_limiter *rl, enum log_level level, const char *fmt,
		 ...)
{
	struct timespec ts;
	va_list ap;

	if (level > max_level)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (ts.tv_sec != rl->window_s) {
		if (rl->suppressed)
			log_write(level, "log_suppressed count=%u",
				  rl->suppressed);
		rl->window_s = ts.tv_sec;
		rl->in_window = rl->suppressed = 0;
	}
	if (++rl->in_window > LOG_BURST) {
		rl->suppressed++;
		return;
	}
	va_start(ap, fmt);
	emit(level, fmt, ap);
	va_end(ap);
}
