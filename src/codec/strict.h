/*
 * strict.h — the codec's one "no unknown key" check, shared by every
 * strict object reader (requests, session bodies and their stored form,
 * templates, the HTTP API). Each caller words its own error: this only
 * finds the key.
 *
 * Returned keys belong to obj (valid while obj is and is not changed).
 */
#ifndef CODEC_STRICT_H
#define CODEC_STRICT_H

#include <jansson.h>
#include <stdbool.h>

/* The first key of obj (in jansson's order, the order of the text) that
 * is not in `allowed` (NULL-terminated), or NULL when there is none. */
const char *strict_unknown_key(json_t *obj, const char *const *allowed);
/* The same where the allowed keys are not a list of strings (decode.c's
 * message table): known(ud, key) says whether key is allowed. */
const char *strict_unknown_key_fn(json_t *obj,
				  bool (*known)(void *ud, const char *key),
				  void *ud);

#endif
