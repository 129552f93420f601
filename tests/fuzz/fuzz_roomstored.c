/*
 * fuzz_roomstored.c — the stored form of a room's template and settings
 * (codec/roomstored.c) read from arbitrary text: a damaged database row
 * must be refused, never crash or load half a room.
 *
 * Input: byte 0 picks the reader (even: template, odd: settings), the rest
 * is the stored text (JSON or the legacy "v1|…" / "v1 …" forms).
 * Invariants: a text that loads encodes again; that encoding loads, and
 * encodes to itself (one stored form per room); a refusal leaves the
 * output cleared (a zeroed template, the core's default settings) and
 * says why.
 */
#include <string.h>

#include "codec/roomstored.h"
#include "core/room.h"
#include "fuzz.h"

static void template_case(const char *s, size_t n)
{
	struct core_template t, again, zero;
	char err[160] = "", a[CODEC_ROOMSTORED_MAX], b[CODEC_ROOMSTORED_MAX];

	memset(&zero, 0, sizeof zero);
	if (codec_roomstored_template_load(s, n, &t, err, sizeof err)) {
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(!memcmp(&t, &zero, sizeof t));
		return;
	}
	FUZZ_CHECK(!codec_roomstored_template(&t, a, sizeof a));
	FUZZ_CHECK(!codec_roomstored_template_load(a, strlen(a), &again, err,
						   sizeof err));
	FUZZ_CHECK(!codec_roomstored_template(&again, b, sizeof b));
	FUZZ_CHECK(!strcmp(a, b));
}

static void config_case(const char *s, size_t n)
{
	struct core_room_config c, again, dflt;
	char err[160] = "", a[CODEC_ROOMSTORED_MAX], b[CODEC_ROOMSTORED_MAX];

	core_room_config_default(&dflt);
	if (codec_roomstored_config_load(s, n, &c, err, sizeof err)) {
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(!memcmp(&c, &dflt, sizeof c));
		return;
	}
	FUZZ_CHECK(!codec_roomstored_config(&c, a, sizeof a));
	FUZZ_CHECK(!codec_roomstored_config_load(a, strlen(a), &again, err,
						 sizeof err));
	FUZZ_CHECK(!codec_roomstored_config(&again, b, sizeof b));
	FUZZ_CHECK(!strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		config_case((const char *)data + 1, size - 1);
	else
		template_case((const char *)data + 1, size - 1);
	return 0;
}
