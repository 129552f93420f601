/*
 * array.h — growing a heap array by doubling, the one copy of that logic.
 *
 * The array is the caller's: a pointer to its items (NULL when empty) and
 * its capacity in items. array_grow only ever reallocates it; the caller
 * frees it (free(NULL) is a no-op) and keeps its own count.
 */
#ifndef UTIL_ARRAY_H
#define UTIL_ARRAY_H

#include <stddef.h>

/* The smallest capacity array_grow gives a non-empty array. */
#define ARRAY_MIN_CAP 4

/* Makes room for `need` items of item_size bytes. `items` is the address
 * of the caller's array pointer (a T **, taken as void * so that any T
 * works without a cast; the pointer is read and written with memcpy, not
 * through a void ** lvalue). When *cap < need, the capacity doubles from
 * max(*cap, ARRAY_MIN_CAP) until it holds need (need itself if doubling
 * would overflow) and the array is reallocated. 0, or -1 when the size
 * overflows, item_size is 0 or memory runs out: then the array and *cap
 * are unchanged. */
int array_grow(void *items, size_t *cap, size_t need, size_t item_size);

#endif
