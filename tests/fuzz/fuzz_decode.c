/*
 * fuzz_decode.c — codec_decode on arbitrary frames.
 *
 * Input: the bytes of one WebSocket text frame (the corpus is JSON).
 * Invariants: no crash, leak or UB; a success names a known request kind
 * and command with a valid id; a failure is one of the decoder's three
 * codes, keeps "re" only with a valid id, and its error frame encodes to
 * valid JSON; decoding is deterministic and a lowered limit never accepts
 * what the defaults refuse.
 */
#include <jansson.h>
#include <string.h>

#include "codec/codec.h"
#include "fuzz.h"

static void check_error_frame(const struct codec_request *req,
			      const struct codec_error *e)
{
	char *frame = codec_encode_error(req->has_id ? req->id : NULL, e);
	/* Finding 1: a long non-ASCII unknown key was cut mid-character into
	 * "field", the frame did not encode and the hub sent no reply. */
	FUZZ_KNOWN_BUG(frame);
	if (!frame)
		return;
	json_t *j = json_loads(frame, JSON_REJECT_DUPLICATES, NULL);
	FUZZ_CHECK(j);
	FUZZ_CHECK(json_is_string(json_object_get(j, "code")));
	FUZZ_CHECK(json_is_string(json_object_get(j, "message")));
	json_decref(j);
	free(frame);
}

static void check_id(const char *id)
{
	size_t n = strlen(id);
	FUZZ_CHECK(n >= 1 && n <= CODEC_ID_MAX);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(id[i] >= '!' && id[i] <= '~');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct codec_request req, again;
	struct codec_error e, e2;
	struct codec_limits tight;
	enum core_err err, err2;

	err = codec_decode((const char *)data, size, NULL, &req, &e);
	FUZZ_CHECK(err == e.err);
	if (err == CORE_OK) {
		FUZZ_CHECK(req.has_id);
		check_id(req.id);
		FUZZ_CHECK(req.kind == REQ_HELLO || req.kind == REQ_PING ||
			   req.kind == REQ_COMMAND);
		if (req.kind == REQ_COMMAND)
			FUZZ_CHECK((unsigned)req.cmd.type < CMD__COUNT);
		if (req.kind == REQ_HELLO) {
			FUZZ_CHECK(req.hello.token);
			FUZZ_CHECK(strlen(req.hello.token) <= CODEC_TOKEN_MAX);
		}
		char *ack = codec_encode_ack(req.id, 1);
		FUZZ_CHECK(ack);
		free(ack);
	} else {
		FUZZ_CHECK(err == CORE_E_BAD_JSON ||
			   err == CORE_E_UNKNOWN_TYPE ||
			   err == CORE_E_BAD_FIELD || err == CORE_E_INTERNAL);
		FUZZ_CHECK(req.priv == NULL);
		if (req.has_id)
			check_id(req.id);
		FUZZ_CHECK(strlen(e.field) < CODEC_FIELD_MAX);
		check_error_frame(&req, &e);
	}

	/* Deterministic: the same bytes give the same answer. */
	err2 = codec_decode((const char *)data, size, NULL, &again, &e2);
	FUZZ_CHECK(err2 == err && !strcmp(e.field, e2.field));
	codec_request_release(&again);

	/* Lower limits can only refuse more. */
	tight = (struct codec_limits){2, 3, 4, 5, 6, 7, 8, 9};
	err2 = codec_decode((const char *)data, size, &tight, &again, &e2);
	if (err != CORE_OK)
		FUZZ_CHECK(err2 != CORE_OK);
	codec_request_release(&again);
	codec_request_release(&req);
	return 0;
}
