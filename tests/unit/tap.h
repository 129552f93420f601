/*
 * tap.h — a minimal TAP producer for the C unit tests.
 *
 * Each check prints "ok N - what" or "not ok N - what" with the failing
 * expression and location; tap_done() prints the plan and returns the exit
 * status. meson runs the binaries with protocol 'tap', and scripts/test
 * counts the individual ok / not ok lines.
 */
#ifndef TESTS_TAP_H
#define TESTS_TAP_H

/* Test descriptions may quote long values; truncating them is intended. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int tap_report(int pass, const char *what, const char *expr,
			     const char *file, int line)
{
	tap_n++;
	if (pass) {
		printf("ok %d - %s\n", tap_n, what);
	} else {
		tap_failed++;
		printf("not ok %d - %s\n#   %s:%d: %s\n", tap_n, what, file,
		       line, expr);
	}
	fflush(stdout);
	return pass;
}

/* ok(expr, "what it shows"): one assertion that could fail. */
#define ok(expr, ...)                                                          \
	do {                                                                   \
		char tap_what_[256];                                           \
		snprintf(tap_what_, sizeof tap_what_, __VA_ARGS__);            \
		tap_report(!!(expr), tap_what_, #expr, __FILE__, __LINE__);    \
	} while (0)

#define is_int(got, want, ...)                                                 \
	do {                                                                   \
		long long g_ = (long long)(got), w_ = (long long)(want);       \
		char tap_what_[256], tap_expr_[320];                           \
		snprintf(tap_what_, sizeof tap_what_, __VA_ARGS__);            \
		snprintf(tap_expr_, sizeof tap_expr_,                          \
			 "%s == %lld, expected %lld", #got, g_, w_);           \
		tap_report(g_ == w_, tap_what_, tap_expr_, __FILE__,           \
			   __LINE__);                                          \
	} while (0)

#define is_str(got, want, ...)                                                 \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		char tap_what_[256], tap_expr_[512];                           \
		snprintf(tap_what_, sizeof tap_what_, __VA_ARGS__);            \
		snprintf(tap_expr_, sizeof tap_expr_,                          \
			 "%s == \"%.200s\", expected \"%.200s\"", #got,        \
			 g_ ? g_ : "(null)", w_ ? w_ : "(null)");              \
		tap_report(g_ &&w_ && !strcmp(g_, w_), tap_what_, tap_expr_,   \
			   __FILE__, __LINE__);                                \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
