/* Unit tests for signed capability links: sign/verify, tampering with any
 * character, expiry, unknown keys, rotation and the key file. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/keyring.h"
#include "auth/token.h"
#include "tap.h"

static struct token_keyring ring(uint8_t kid, uint8_t fill)
{
	struct token_keyring kr = {.n = 1, .current = kid};

	kr.keys[0].kid = kid;
	memset(kr.keys[0].secret, fill, TOKEN_KEY_LEN);
	return kr;
}

static struct token_claims claims(void)
{
	struct token_claims c = {.scope = SCOPE_FACILITATOR,
				 .expires_s = 2000,
				 .org = 7,
				 .session = 9,
				 .participant = 0};
	memset(c.nonce, 0xab, sizeof c.nonce);
	strcpy(c.room, "r3xk9");
	return c;
}

static void test_roundtrip(void)
{
	struct token_keyring kr = ring(1, 0x11);
	struct token_claims c = claims(), out;
	char tok[TOKEN_TEXT_MAX];

	is_int(token_sign(&kr, &c, tok, sizeof tok), 0, "sign");
	is_int(token_verify(&kr, tok, strlen(tok), 1000, &out), TOKEN_OK,
	       "verify");
	is_int(out.scope, SCOPE_FACILITATOR, "scope survives");
	is_str(out.room, "r3xk9", "room survives");
	ok(out.org == 7 && out.session == 9 && out.expires_s == 2000,
	   "org, session and expiry survive");
	ok(!memcmp(out.nonce, c.nonce, sizeof c.nonce), "nonce survives");
	is_int(token_verify(&kr, tok, strlen(tok), 2000, &out), TOKEN_EXPIRED,
	       "expired at its expiry second");
}

static void test_every_character_matters(void)
{
	struct token_keyring kr = ring(1, 0x22);
	struct token_claims c = claims(), out;
	char tok[TOKEN_TEXT_MAX], bad[TOKEN_TEXT_MAX];
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
				       "nopqrstuvwxyz0123456789-_";
	int accepted = 0, tried = 0;

	token_sign(&kr, &c, tok, sizeof tok);
	size_t n = strlen(tok);
	for (size_t i = 0; i < n; i++) {
		for (size_t a = 0; a < sizeof alphabet - 1; a += 7) {
			if (alphabet[a] == tok[i])
				continue;
			memcpy(bad, tok, n + 1);
			bad[i] = alphabet[a];
			tried++;
			if (token_verify(&kr, bad, n, 1000, &out) == TOKEN_OK)
				accepted++;
		}
	}
	ok(tried > 500, "tried %d altered tokens", tried);
	is_int(accepted, 0, "no altered character ever verifies");
	is_int(token_verify(&kr, tok, n - 1, 1000, &out), TOKEN_MALFORMED,
	       "truncated token is malformed");
	memcpy(bad, tok, n + 1);
	strcat(bad, "A");
	ok(token_verify(&kr, bad, n + 1, 1000, &out) != TOKEN_OK,
	   "extended token refused");
	is_int(token_verify(&kr, "", 0, 1000, &out), TOKEN_MALFORMED,
	       "empty token");
}

static void test_keys(void)
{
	struct token_keyring a = ring(1, 0x33), b = ring(1, 0x44);
	struct token_keyring rotated = ring(1, 0x33);
	struct token_claims c = claims(), out;
	char tok[TOKEN_TEXT_MAX], tok2[TOKEN_TEXT_MAX];

	token_sign(&a, &c, tok, sizeof tok);
	is_int(token_verify(&b, tok, strlen(tok), 1000, &out), TOKEN_BAD_MAC,
	       "another secret with the same kid: bad MAC");
	struct token_keyring other = ring(2, 0x33);
	is_int(token_verify(&other, tok, strlen(tok), 1000, &out),
	       TOKEN_UNKNOWN_KEY, "unknown key id");
	/* Rotation: a second key signs, the first still verifies. */
	rotated.keys[1].kid = 2;
	memset(rotated.keys[1].secret, 0x55, TOKEN_KEY_LEN);
	rotated.n = 2;
	rotated.current = 2;
	is_int(token_verify(&rotated, tok, strlen(tok), 1000, &out), TOKEN_OK,
	       "old link verifies after rotation");
	token_sign(&rotated, &c, tok2, sizeof tok2);
	is_int(c.kid, 2, "new links carry the new key id");
	is_int(token_verify(&a, tok2, strlen(tok2), 1000, &out),
	       TOKEN_UNKNOWN_KEY, "new link unknown to the old ring");
}

static void test_claims_checked(void)
{
	struct token_keyring kr = ring(1, 0x66);
	struct token_claims c = claims();
	char tok[TOKEN_TEXT_MAX];

	strcpy(c.room, "Room-1");
	is_int(token_sign(&kr, &c, tok, sizeof tok), -1,
	       "room ids are [a-z0-9] only");
	ok(!token_room_id_valid(""), "empty room id invalid");
	ok(token_room_id_valid("abc123"), "plain room id valid");
	c = claims();
	is_int(token_sign(&kr, &c, tok, 10), -1, "output too small");
}

static void test_keyring_file(void)
{
	char dir[] = "/tmp/codevhub-auth-XXXXXX", path[128], err[256];
	struct token_keyring a, b;
	struct stat st;

	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(path, sizeof path, "%s/keys", dir);
	is_int(keyring_load_or_create(&a, path, err, sizeof err), 0,
	       "create key file");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "key file is 0600");
	is_int(keyring_load_or_create(&b, path, err, sizeof err), 0,
	       "load it again");
	ok(a.n == 1 && b.n == 1 &&
		   !memcmp(a.keys[0].secret, b.keys[0].secret, TOKEN_KEY_LEN),
	   "same key after reload");
	FILE *f = fopen(path, "a");
	fputs("2 zz\n", f);
	fclose(f);
	is_int(keyring_load_or_create(&b, path, err, sizeof err), -1,
	       "corrupt line refused");
	ok(strstr(err, ":2:") != NULL, "error names the line (%s)", err);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	test_roundtrip();
	test_every_character_matters();
	test_keys();
	test_claims_checked();
	test_keyring_file();
	return tap_done();
}
