/*
 * crashpoint.h — named crash points for the durability tests.
 *
 * Compiled in only when meson's crash_points option is on (the test
 * build); otherwise CRASH_POINT() is nothing. With CODEVHUB_CRASH_AT set
 * to "name" or "name:N", the process kills itself with SIGKILL the N-th
 * time (default 1st) it passes that point — exactly like a power cut at
 * that line. With CODEVHUB_DELAY_AT set to "name:MS", every pass through
 * DELAY_POINT(name) sleeps MS milliseconds (a slow disk, on any thread).
 */
#ifndef UTIL_CRASHPOINT_H
#define UTIL_CRASHPOINT_H

#ifdef CODEVHUB_CRASH_POINTS
void crashpoint_hit(const char *name);
void crashpoint_delay(const char *name);
#define CRASH_POINT(name) crashpoint_hit(name)
#define DELAY_POINT(name) crashpoint_delay(name)
#else
#define CRASH_POINT(name) ((void)0)
#define DELAY_POINT(name) ((void)0)
#endif

#endif
