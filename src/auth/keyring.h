/*
 * keyring.h — the signing keys, kept in a 0600 file in the data directory.
 *
 * File format: one key per line, "<kid> <64 hex chars>"; the last line is
 * the current signing key. Older lines keep verifying links they signed
 * until those expire (rotation by key id).
 */
#ifndef AUTH_KEYRING_H
#define AUTH_KEYRING_H

#include <stddef.h>

#include "auth/token.h"

/* Loads path, creating it with one fresh key when missing. 0, or -1 with
 * a reason in err (never the key material). */
int keyring_load_or_create(struct token_keyring *kr, const char *path,
			   char *err, size_t errlen);
/* Appends a fresh key to the file, which becomes the signing key; links
 * signed with the older keys keep verifying until they expire. Refuses
 * when TOKEN_MAX_KEYS are already there. 0, or -1 with a reason. */
int keyring_rotate(const char *path, char *err, size_t errlen);
/* Cryptographically strong random bytes (OpenSSL). 0 or -1. */
int auth_random(void *buf, size_t n);

#endif
