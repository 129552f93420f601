/*
 * keyring.c — load or create the signing key file.
 */
#include "auth/keyring.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fileutil.h"

int auth_random(void *buf, size_t n)
{
	return RAND_bytes(buf, (int)n) == 1 ? 0 : -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int parse_line(const char *line, struct token_key *k)
{
	unsigned kid;
	int used = 0;

	if (sscanf(line, "%u %n", &kid, &used) != 1 || kid > 255 ||
	    strlen(line + used) < 2 * TOKEN_KEY_LEN)
		return -1;
	k->kid = (uint8_t)kid;
	for (size_t i = 0; i < TOKEN_KEY_LEN; i++) {
		int hi = hexval(line[used + 2 * i]);
		int lo = hexval(line[used + 2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		k->secret[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

#define LINE_MAX_LEN (4 + 2 * TOKEN_KEY_LEN + 2)

/* Writes every key of kr, oldest first (the last one signs). */
static int save(const struct token_keyring *kr, const char *path, char *err,
		size_t errlen)
{
	char text[TOKEN_MAX_KEYS * LINE_MAX_LEN];
	size_t n = 0;
	int rc;

	for (size_t k = 0; k < kr->n; k++) {
		n += (size_t)snprintf(text + n, sizeof text - n, "%u ",
				      kr->keys[k].kid);
		for (size_t i = 0; i < TOKEN_KEY_LEN; i++)
			n += (size_t)snprintf(text + n, sizeof text - n, "%02x",
					      kr->keys[k].secret[i]);
		text[n++] = '\n';
	}
	rc = file_write_private(path, text, n);
	OPENSSL_cleanse(text, sizeof text);
	if (rc)
		snprintf(err, errlen, "%s: cannot write key file", path);
	return rc ? -1 : 0;
}

static int add_key(struct token_keyring *kr, uint8_t kid, char *err,
		   size_t errlen)
{
	struct token_key *k = &kr->keys[kr->n];

	if (kr->n == TOKEN_MAX_KEYS) {
		snprintf(err, errlen,
			 "already %d keys: remove the oldest "
			 "line once its links have expired",
			 TOKEN_MAX_KEYS);
		return -1;
	}
	k->kid = kid;
	if (auth_random(k->secret, TOKEN_KEY_LEN)) {
		snprintf(err, errlen, "no randomness for a new key");
		return -1;
	}
	kr->n++;
	kr->current = kid;
	return 0;
}

static int create(struct token_keyring *kr, const char *path, char *err,
		  size_t errlen)
{
	memset(kr, 0, sizeof *kr);
	return add_key(kr, 1, err, errlen) ? -1 : save(kr, path, err, errlen);
}

int keyring_rotate(const char *path, char *err, size_t errlen)
{
	struct token_keyring kr;
	unsigned top = 0;
	int rc;

	if (keyring_load_or_create(&kr, path, err, errlen))
		return -1;
	for (size_t i = 0; i < kr.n; i++)
		if (kr.keys[i].kid > top)
			top = kr.keys[i].kid;
	if (top == 255) {
		snprintf(err, errlen, "key ids exhausted");
		return -1;
	}
	rc = add_key(&kr, (uint8_t)(top + 1), err, errlen) ||
	     save(&kr, path, err, errlen);
	OPENSSL_cleanse(&kr, sizeof kr);
	return rc ? -1 : 0;
}

int keyring_load_or_create(struct token_keyring *kr, const char *path,
			   char *err, size_t errlen)
{
	size_t len = 0;
	char *text = file_read_all(path, 4096, &len), *line, *save = NULL;
	int lineno = 0, rc = 0;

	if (!text)
		return errno == ENOENT ? create(kr, path, err, errlen)
				       : (snprintf(err, errlen,
						   "%s: cannot read", path),
					  -1);
	memset(kr, 0, sizeof *kr);
	for (line = strtok_r(text, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (kr->n == TOKEN_MAX_KEYS ||
		    parse_line(line, &kr->keys[kr->n])) {
			snprintf(err, errlen, "%s:%d: bad key line", path,
				 lineno);
			rc = -1;
			break;
		}
		kr->current = kr->keys[kr->n++].kid;
	}
	if (!rc && kr->n == 0) {
		snprintf(err, errlen, "%s: no key", path);
		rc = -1;
	}
	OPENSSL_cleanse(text, len);
	free(text);
	return rc;
}
