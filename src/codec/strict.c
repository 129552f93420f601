/*
 * strict.c — finding the first key an object may not hold.
 */
#include "codec/strict.h"

#include <string.h>

const char *strict_unknown_key_fn(json_t *obj,
				  bool (*known)(void *ud, const char *key),
				  void *ud)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
	{
		if (!known(ud, key))
			return key;
	}
	return NULL;
}

static bool in_list(void *ud, const char *key)
{
	const char *const *a = ud;

	while (*a && strcmp(*a, key))
		a++;
	return *a != NULL;
}

const char *strict_unknown_key(json_t *obj, const char *const *allowed)
{
	/* The list is only read: the cast drops const for the void *. */
	return strict_unknown_key_fn(obj, in_list, (void *)allowed);
}
