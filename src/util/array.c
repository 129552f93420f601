/*
 * array.c — array_grow: doubling, overflow-checked reallocation.
 */
#include "util/array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int array_grow(void *items, size_t *cap, size_t need, size_t item_size)
{
	size_t n = *cap < ARRAY_MIN_CAP ? ARRAY_MIN_CAP : *cap;
	void *old, *grown;

	if (need <= *cap)
		return 0;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	if (item_size == 0 || n > SIZE_MAX / item_size)
		return -1;
	memcpy(&old, items, sizeof old);
	grown = realloc(old, n * item_size);
	if (!grown)
		return -1;
	memcpy(items, &grown, sizeof grown);
	*cap = n;
	return 0;
}
