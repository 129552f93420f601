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
static int json;
static const char *const level_names[] = {"error", "warn", "info", "debug"};

void log_set_json(int on)
{
	json = on;
}

/* Appends s[0..n) as a JSON string body (quotes not included). */
static size_t put_escaped(char *out, size_t cap, size_t o, const char *s,
			  size_t n)
{
	for (size_t i = 0; i < n && o + 7 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20) {
			o += (size_t)snprintf(out + o, cap - o, "\\u%04x", c);
		} else {
			out[o++] = (char)c;
		}
	}
	return o;
}

static size_t put_field(char *out, size_t cap, size_t o, const char *key,
			size_t klen, const char *val, size_t vlen)
{
	if (o + klen + vlen + 8 >= cap)
		return o;
	out[o++] = ',';
	out[o++] = '"';
	o = put_escaped(out, cap, o, key, klen);
	out[o++] = '"';
	out[o++] = ':';
	out[o++] = '"';
	o = put_escaped(out, cap, o, val, vlen);
	out[o++] = '"';
	return o;
}

/* "event k=v k=v rest" → JSON fields; words without '=' go to "msg". */
static void emit_json(const char *stamp, enum log_level level, const char *line)
{
	char out[2048], msg[1024];
	size_t o, m = 0;
	const char *p = line, *end;

	o = (size_t)snprintf(out, sizeof out, "{\"ts\":\"%s\",\"level\":\"%s\"",
			     stamp, level_names[level]);
	end = p + strcspn(p, " ");
	o = put_field(out, sizeof out, o, "event", 5, p, (size_t)(end - p));
	for (p = *end ? end + 1 : end; *p; p = *end ? end + 1 : end) {
		const char *eq;
		end = p + strcspn(p, " ");
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq && eq > p && !m)
			o = put_field(out, sizeof out, o, p, (size_t)(eq - p),
				      eq + 1, (size_t)(end - eq - 1));
		else if (m + (size_t)(end - p) + 2 < sizeof msg)
			m += (size_t)snprintf(msg + m, sizeof msg - m, "%s%.*s",
					      m ? " " : "", (int)(end - p), p);
	}
	if (m)
		o = put_field(out, sizeof out, o, "msg", 3, msg, m);
	if (o + 2 < sizeof out) {
		out[o++] = '}';
		out[o] = '\0';
	}
	fprintf(stderr, "%s\n", out);
}

void log_set_level(enum log_level level)
{
	max_level = level;
}

int log_enabled(enum log_level level)
{
	return level <= max_level;
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
	if (json) {
		size_t n = strlen(stamp);
		snprintf(stamp + n, sizeof stamp - n, ".%03ldZ",
			 ts.tv_nsec / 1000000);
		emit_json(stamp, level, line);
		return;
	}
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
