/*
 * turn.h — time-limited TURN credentials in coturn's REST scheme
 * (`use-auth-secret` / `static-auth-secret`): username "EXPIRY:ID",
 * password base64(HMAC-SHA1(secret, username)) with standard, padded
 * base64. The TURN server checks the MAC and that EXPIRY (unix seconds)
 * is still ahead; the hub never stores what it hands out.
 * Pure given (secret, now): no clock read here.
 */
#ifndef AUTH_TURN_H
#define AUTH_TURN_H

#include <stddef.h>
#include <stdint.h>

#define TURN_USER_MAX 64 /* "EXPIRY:ID" + NUL */
#define TURN_PASS_MAX 32 /* base64 of 20 bytes (28) + NUL, rounded */

struct turn_credentials {
	char username[TURN_USER_MAX];
	char password[TURN_PASS_MAX];
	int64_t expires_s;
};

/* For the participant named by id (printable ASCII, no ':', 1..40 chars:
 * it only tells credentials apart in the TURN server's logs), valid
 * ttl_s seconds from now_s. 0, or -1 on a bad argument. */
int turn_credentials(const char *secret, size_t secret_len, const char *id,
		     int64_t now_s, int64_t ttl_s,
		     struct turn_credentials *out);

#endif
