/*
 * fuzz_token.c — token_verify on arbitrary text, and on arbitrary payloads
 * that carry a valid MAC (so the layout parser behind the MAC check is
 * reached too).
 *
 * Input: byte 0 picks the mode, bytes 1..8 are `now` (big-endian, signed),
 * the rest is
 *   mode even: the token text as received (any bytes);
 *   mode odd:  a raw payload; the target appends HMAC-SHA256 under the
 *              ring's key 1, encodes base64url and verifies that.
 * Invariants: a token is accepted only if it re-signs to the very same
 * text (one canonical form per capability), its room id is valid and it
 * has not expired (expires_s > now); a token whose MAC is not the ring's
 * is never accepted; changing its last character always breaks it.
 */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

#include "auth/token.h"
#include "fuzz.h"
#include "util/b64url.h"

static struct token_keyring ring(void)
{
	struct token_keyring kr = {.n = 2, .current = 1};

	kr.keys[0].kid = 1;
	memset(kr.keys[0].secret, 0x5a, TOKEN_KEY_LEN);
	kr.keys[1].kid = 7;
	memset(kr.keys[1].secret, 0xc3, TOKEN_KEY_LEN);
	return kr;
}

static void check_accepted(const struct token_keyring *kr, const char *text,
			   size_t len, int64_t now,
			   const struct token_claims *c)
{
	struct token_keyring signer = *kr;
	struct token_claims copy = *c;
	char again[TOKEN_TEXT_MAX];

	FUZZ_CHECK(c->expires_s > now);
	FUZZ_CHECK(c->scope < SCOPE__COUNT);
	FUZZ_CHECK(c->room[0] == '\0' || token_room_id_valid(c->room));
	/* Re-sign with the key that verified it: the same text comes out. */
	signer.current = c->kid;
	FUZZ_CHECK(token_sign(&signer, &copy, again, sizeof again) == 0);
	/* Finding 2 (fixed in d3808d3): a room field with NUL bytes inside
	 * verified as the shorter room id, two texts for one capability. */
	FUZZ_CHECK(strlen(again) == len && !memcmp(again, text, len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct token_keyring kr;
	struct token_claims claims;
	char text[512];
	size_t len;
	int64_t now = 0;

	if (!kr.n)
		kr = ring();
	if (size < 9)
		return 0;
	for (int i = 1; i <= 8; i++)
		now = (int64_t)((uint64_t)now << 8 | data[i]);
	data += 9;
	size -= 9;

	if (!(data[-9] & 1)) {
		len = size < sizeof text - 1 ? size : sizeof text - 1;
		memcpy(text, data, len);
		text[len] = '\0';
	} else {
		uint8_t raw[300];
		unsigned int mlen = 32;
		if (size > sizeof raw - 32)
			return 0;
		memcpy(raw, data, size);
		FUZZ_CHECK(HMAC(EVP_sha256(), kr.keys[0].secret, TOKEN_KEY_LEN,
				raw, size, raw + size, &mlen));
		if (b64url_encoded_len(size + 32) + 1 > sizeof text)
			return 0;
		b64url_encode(raw, size + 32, text);
		len = strlen(text);
	}

	enum token_result r = token_verify(&kr, text, len, now, &claims);
	FUZZ_CHECK(r >= TOKEN_OK && r <= TOKEN_EXPIRED);
	if (r != TOKEN_OK)
		return 0;
	check_accepted(&kr, text, len, now, &claims);

	/* Any change of the last character breaks it. */
	char last = text[len - 1];
	text[len - 1] = last == 'A' ? 'B' : 'A';
	FUZZ_CHECK(token_verify(&kr, text, len, now, &claims) != TOKEN_OK);
	text[len - 1] = last;
	/* Truncated by one: never accepted. */
	FUZZ_CHECK(token_verify(&kr, text, len - 1, now, &claims) != TOKEN_OK);
	/* A keyring without the signing key never accepts it. */
	struct token_keyring other = kr;
	for (size_t i = 0; i < other.n; i++)
		other.keys[i].secret[0] ^= 1;
	FUZZ_CHECK(token_verify(&other, text, len, now, &claims) != TOKEN_OK);
	return 0;
}
