/*
 * turn.c — coturn REST-scheme credentials (see turn.h).
 */
#include "auth/turn.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>

static int id_valid(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	if (n < 1 || n > 40)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (id[i] <= ' ' || id[i] > '~' || id[i] == ':')
			return 0;
	return 1;
}

int turn_credentials(const char *secret, size_t secret_len, const char *id,
		     int64_t now_s, int64_t ttl_s, struct turn_credentials *out)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;

	if (!secret || !secret_len || !id_valid(id) || ttl_s <= 0 ||
	    now_s < 0 || !out)
		return -1;
	out->expires_s = now_s + ttl_s;
	int n = snprintf(out->username, sizeof out->username, "%lld:%s",
			 (long long)out->expires_s, id);
	if (n < 0 || (size_t)n >= sizeof out->username)
		return -1;
	if (!HMAC(EVP_sha1(), secret, (int)secret_len,
		  (const unsigned char *)out->username, (size_t)n, mac,
		  &mac_len))
		return -1;
	/* EVP_EncodeBlock: standard alphabet, padded, NUL-terminated. */
	if (EVP_EncodeBlock((unsigned char *)out->password, mac,
			    (int)mac_len) <= 0)
		return -1;
	return 0;
}
