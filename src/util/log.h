/*
 * log.h — one line per event, ids and codes only.
 *
 * Callers never pass room content, names or tokens: only event words, ids,
 * codes and numbers. Repeats of the same call site are rate-limited so a
 * flood (a client sending garbage in a loop) cannot fill the disk.
 */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

#include <stdint.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level level);
/* Human lines (default) or one JSON object per line: {"ts", "level",
 * "event", then each key=value of the line, "msg" for the rest}. */
void log_set_json(int on);
/* Whether a line at this level would be written (to skip costly
 * formatting of debug details). */
int log_enabled(enum log_level level);
/* Parses "error", "warn", "info", "debug"; returns -1 when unknown. */
int log_level_parse(const char *name);

void log_write(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like log_write, but at most LOG_BURST lines per second per call site;
 * the next line after a quiet second says how many were suppressed. */
#define LOG_BURST 10
struct log_limiter {
	int64_t window_s;
	uint32_t in_window, suppressed;
};
void log_limited(struct log_limiter *rl, enum log_level level, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));

#define log_error(...) log_write(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_write(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_write(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_write(LOG_DEBUG, __VA_ARGS__)
#define log_rl(level, ...)                                                     \
	do {                                                                   \
		static struct log_limiter rl_;                                 \
		log_limited(&rl_, level, __VA_ARGS__);                         \
	} while (0)

#endif
