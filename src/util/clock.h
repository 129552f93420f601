/*
 * clock.h — the only place the hub reads the time. Logic takes time as an
 * argument; the net layer reads it here once per event and passes it on.
 */
#ifndef UTIL_CLOCK_H
#define UTIL_CLOCK_H

#include <stdint.h>

int64_t clock_mono_ms(void); /* for deadlines: never jumps */
int64_t clock_wall_ms(void); /* for the wire and for expiry of links */
int64_t clock_mono_us(void); /* for latency measurements */

#endif
