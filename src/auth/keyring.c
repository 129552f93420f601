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

static int create(struct token_keyring *kr, const char *path, char *err,
		  size_t errlen)
{
	char text[8 + 2 * TOKEN_KEY_LEN + 2];
	int rc;

	memset(kr, 0, sizeof *kr);
	kr->n = 1;
	kr->current = kr->keys[0].kid = 1;
	if (auth_random(kr->keys[0].secret, TOKEN_KEY_LEN)) {
		snprintf(err, errlen, "no randomness for a new key");
		return -1;
	}
	rc = snprintf(text, sizeof text, "1 ");
	for (size_t i = 0; i < TOKEN_KEY_LEN; i++)
		rc += snprintf(text + rc, sizeof text - (size_t)rc, "%02x",
			       kr->keys[0].secret[i]);
	text[rc++] = '\n';
	if (file_write_private(path, text, (size_t)rc)) {
		snprintf(err, errlen, "%s: cannot write key file", path);
		OPENSSL_cleanse(text, sizeof text);
		return -1;
	}
	OPENSSL_cleanse(text, sizeof text);
	return 0;
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
