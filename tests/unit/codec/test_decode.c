/*
 * test_decode.c — strict request decoding: every valid request example
 * decodes, every invalid example gives its recorded code, field and re
 * (proto/examples/invalid/expected.json), plus direct checks of values,
 * limits and ownership.
 */
#include <jansson.h>

#include "codec/codec.h"
#include "core/room.h"
#include "tap.h"
#include "testutil.h"

static enum core_err dec(const char *s, struct codec_request *rq,
			 struct codec_error *e)
{
	return codec_decode(s, strlen(s), NULL, rq, e);
}

static void valid_examples(void)
{
	size_t n;
	char **names = tu_list("proto/examples/valid/requests", &n);
	ok(n >= 28, "at least one valid example per request type (%zu)", n);
	for (size_t i = 0; i < n; i++) {
		char rel[512];
		snprintf(rel, sizeof rel, "proto/examples/valid/requests/%s",
			 names[i]);
		size_t len = 0;
		char *buf = tu_read(rel, &len);
		struct codec_request rq;
		struct codec_error e;
		enum core_err err = codec_decode(buf, len, NULL, &rq, &e);
		is_int(err, CORE_OK, "valid %s decodes (%s %s)", names[i],
		       e.field, e.message);
		codec_request_release(&rq);
		free(buf);
	}
	tu_list_free(names, n);
}

static void invalid_examples(void)
{
	char *idx = tu_read("proto/examples/invalid/expected.json", NULL);
	json_t *exp =
		idx ? json_loads(idx, JSON_REJECT_DUPLICATES, NULL) : NULL;
	free(idx);
	ok(exp != NULL, "invalid/expected.json loads");
	size_t n, seen = 0;
	char **names = tu_list("proto/examples/invalid", &n);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(names[i], "expected.json"))
			continue;
		seen++;
		json_t *x = json_object_get(exp, names[i]);
		ok(x != NULL, "%s has an expected outcome", names[i]);
		if (!x)
			continue;
		char rel[512];
		snprintf(rel, sizeof rel, "proto/examples/invalid/%s",
			 names[i]);
		size_t len = 0;
		char *buf = tu_read(rel, &len);
		struct codec_request rq;
		struct codec_error e;
		enum core_err err = codec_decode(buf, len, NULL, &rq, &e);
		json_t *fld = json_object_get(x, "field");
		json_t *re = json_object_get(x, "re");
		is_str(codec_error_code(err),
		       json_string_value(json_object_get(x, "code")),
		       "%s: code", names[i]);
		is_str(e.field,
		       json_is_string(fld) ? json_string_value(fld) : "",
		       "%s: field", names[i]);
		if (json_is_string(re))
			ok(rq.has_id && !strcmp(rq.id, json_string_value(re)),
			   "%s: re is the request id", names[i]);
		else
			ok(!rq.has_id, "%s: re is null", names[i]);
		ok(rq.priv == NULL, "%s: nothing held after an error",
		   names[i]);
		codec_request_release(&rq);
		free(buf);
	}
	is_int(seen, json_object_size(exp),
	       "every expected outcome has its file");
	tu_list_free(names, n);
	json_decref(exp);
}

static void values(void)
{
	struct codec_request rq;
	struct codec_error e;
	is_int(dec("{\"type\":\"step.goto\",\"id\":\"a\",\"step\":3,"
		   "\"confirm\":true}",
		   &rq, &e),
	       CORE_OK, "step.goto");
	is_int(rq.kind, REQ_COMMAND, "a command");
	is_int(rq.cmd.type, CMD_STEP_GOTO, "type CMD_STEP_GOTO");
	is_int(rq.cmd.u.step_goto.step, 3, "step 3");
	ok(rq.cmd.u.step_goto.confirm, "confirm");
	is_str(rq.id, "a", "id kept");
	codec_request_release(&rq);

	is_int(dec("{\"id\":\"h\",\"type\":\"hello\",\"token\":\"abc_-\","
		   "\"last_seq\":9007199254740991}",
		   &rq, &e),
	       CORE_OK, "hello, keys in any order");
	is_int(rq.kind, REQ_HELLO, "hello kind");
	is_str(rq.hello.token, "abc_-", "token");
	ok(rq.hello.name == NULL && rq.hello.resume == NULL,
	   "absent optional strings are NULL");
	ok(rq.hello.has_last_seq && rq.hello.last_seq == 9007199254740991ULL,
	   "last_seq at its maximum");
	ok(rq.hello.seat == NULL, "no seat key: NULL (an older client)");
	codec_request_release(&rq);

	is_int(dec("{\"type\":\"hello\",\"id\":\"h\",\"token\":\"t\","
		   "\"name\":\"Tom\",\"seat\":\"0123456789abcdef\"}",
		   &rq, &e),
	       CORE_OK, "hello with a seat key of 16 characters");
	is_str(rq.hello.seat, "0123456789abcdef", "seat key");
	codec_request_release(&rq);
	is_int(dec("{\"type\":\"hello\",\"id\":\"h\",\"token\":\"t\","
		   "\"seat\":\"0123456789abcde\"}",
		   &rq, &e),
	       CORE_E_BAD_FIELD, "a seat key of 15 characters");
	is_str(e.field, "seat", "field seat");
	is_int(dec("{\"type\":\"hello\",\"id\":\"h\",\"token\":\"t\","
		   "\"seat\":\"0123456789abcdef+\"}",
		   &rq, &e),
	       CORE_E_BAD_FIELD, "a seat key outside base64url");

	is_int(dec("{\"type\":\"participant.remove\",\"id\":\"r\","
		   "\"participant\":7}",
		   &rq, &e),
	       CORE_OK, "participant.remove");
	is_int(rq.cmd.type, CMD_PARTICIPANT_REMOVE, "CMD_PARTICIPANT_REMOVE");
	is_int(rq.cmd.u.participant_remove.participant, 7, "its participant");
	codec_request_release(&rq);
	is_int(dec("{\"type\":\"item.hide\",\"id\":\"h\",\"kind\":"
		   "\"suggestion\",\"item\":3,\"hidden\":true}",
		   &rq, &e),
	       CORE_OK, "item.hide");
	is_int(rq.cmd.type, CMD_ITEM_HIDE, "CMD_ITEM_HIDE");
	is_int(rq.cmd.u.item_hide.kind, CORE_ITEM_SUGGESTION, "its kind");
	is_int(rq.cmd.u.item_hide.item, 3, "its item");
	ok(rq.cmd.u.item_hide.hidden, "hidden");
	codec_request_release(&rq);
	is_int(dec("{\"type\":\"item.hide\",\"id\":\"h\",\"kind\":"
		   "\"Question\",\"item\":3,\"hidden\":true}",
		   &rq, &e),
	       CORE_E_BAD_FIELD, "item.hide: kinds are lower case");
	is_str(e.field, "kind", "field kind");
	is_int(dec("{\"type\":\"room.lock\",\"id\":\"l\",\"why\":1}", &rq, &e),
	       CORE_E_BAD_FIELD, "room.lock takes no field");

	is_int(dec("{\"type\":\"ping\",\"id\":\"p\",\"t0\":0}", &rq, &e),
	       CORE_OK, "ping t0 0");
	is_int(rq.kind, REQ_PING, "ping kind");
	codec_request_release(&rq);

	is_int(dec("{\"type\":\"role.assign\",\"id\":\"r\",\"participant\":"
		   "4294967295,\"role\":\"observer\"}",
		   &rq, &e),
	       CORE_OK, "largest id");
	is_int(rq.cmd.u.role_assign.participant, 4294967295LL, "u32 max");
	is_int(rq.cmd.u.role_assign.role, ROLE_OBSERVER, "role parsed");
	codec_request_release(&rq);

	is_int(dec("{\"type\":\"plan.update\",\"id\":\"p\",\"items\":["
		   "{\"action\":\"a1\",\"by_when\":\"w1\"},"
		   "{\"by_when\":\"\",\"action\":\"a2\"}]}",
		   &rq, &e),
	       CORE_OK, "plan.update");
	is_int(rq.cmd.u.plan_update.n, 2, "two items");
	is_str(rq.cmd.u.plan_update.items[1].action, "a2", "item 2 action");
	is_str(rq.cmd.u.plan_update.items[0].by_when, "w1", "item 1 when");
	codec_request_release(&rq);

	is_int(dec("{\"type\":\"hand.lower\",\"id\":\"h\"}", &rq, &e), CORE_OK,
	       "hand.lower without participant");
	is_int(rq.cmd.u.hand_lower.participant, 0, "0 = self");
	codec_request_release(&rq);
	codec_request_release(NULL);
	ok(1, "release(NULL) is a no-op");
}

static void limits(void)
{
	struct codec_limits lim;
	codec_limits_default(&lim);
	is_int(lim.max_name, 64, "default name limit");
	is_int(lim.max_notes, 10000, "default notes limit");
	lim.max_name = 3;
	struct codec_request rq;
	struct codec_error e;
	const char *two = "{\"type\":\"name.set\",\"id\":\"1\","
			  "\"name\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x99\x82\"}";
	is_int(codec_decode(two, strlen(two), &lim, &rq, &e), CORE_OK,
	       "3 code points (9 bytes) fit a limit of 3");
	codec_request_release(&rq);
	lim.max_name = 2;
	is_int(codec_decode(two, strlen(two), &lim, &rq, &e), CORE_E_BAD_FIELD,
	       "but not a limit of 2");
	is_str(e.field, "name", "field named");
	ok(strstr(e.message, "2") != NULL, "message gives the limit: %s",
	   e.message);
	/* The error must not quote the value: room text is confidential. */
	const char *secret = "{\"type\":\"name.set\",\"id\":\"1\","
			     "\"name\":\"SECRET\\nX\"}";
	is_int(dec(secret, &rq, &e), CORE_E_BAD_FIELD, "newline in a name");
	ok(!strstr(e.message, "SECRET"), "message does not quote the value");
	is_int(codec_decode("{\"type\":\"step.prev\",\"id\":\"1\"}", 12, NULL,
			    &rq, &e),
	       CORE_E_BAD_JSON, "length is honoured (no NUL needed)");
	is_int(codec_decode("{\"type\":\"step.prev\",\"id\":\"1\"}", 29, NULL,
			    &rq, NULL),
	       CORE_OK, "err may be NULL");
	codec_request_release(&rq);
}

static void error_codes(void)
{
	static const char *const codes[] = {
		"ok",	     "bad_json",	 "unknown_type", "bad_field",
		"forbidden", "wrong_step",	 "not_found",	 "limit",
		"conflict",  "confirm_required", "storage",	 "unauthorized",
		"internal",  "locked",		 "ended",	 "removed",
		"room_full",
	};
	for (int i = 0; i < CORE_E__COUNT; i++) {
		is_str(codec_error_code((enum core_err)i), codes[i],
		       "wire code of error %d", i);
		if (i)
			is_str(codec_error_code((enum core_err)i),
			       core_err_name((enum core_err)i),
			       "wire code %s = core's name", codes[i]);
	}
	is_str(codec_error_code(CORE_E__COUNT), "internal", "out of range");
	is_int(codec_close_code(CORE_E_UNAUTHORIZED), 4003, "4003 closes");
	is_int(codec_close_code(CORE_E_FORBIDDEN), 0, "forbidden keeps it");
	struct codec_error e;
	codec_error_set(
		&e, CORE_E_BAD_FIELD,
		"a-very-long-field-name-\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
		NULL);
	ok(strlen(e.field) < CODEC_FIELD_MAX, "field truncated");
	ok(((unsigned char)e.field[strlen(e.field) - 1] & 0xC0) != 0xC0,
	   "cut on a UTF-8 boundary");
	is_str(e.message, "invalid field", "default message");
}

int main(int argc, char **argv)
{
	tu_init(argc, argv);
	valid_examples();
	invalid_examples();
	values();
	limits();
	error_codes();
	return tap_done();
}
