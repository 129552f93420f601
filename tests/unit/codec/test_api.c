/* Unit tests for the HTTP API bodies (codec/api.c): the room request is
 * strict like the WebSocket codec; replies are well-formed JSON. */
#include <jansson.h>
#include <stdlib.h>

#include "codec/api.h"
#include "core/room.h"
#include "tap.h"

static void test_room_request(void)
{
	static const struct {
		const char *body;
		enum core_err want;
		const char *field, *what;
	} cases[] = {
		{"", CORE_OK, "", "empty body: defaults"},
		{"{}", CORE_OK, "", "empty object"},
		{"{\"template\":\"codev-60\"}", CORE_OK, "", "a template"},
		{"[]", CORE_E_BAD_JSON, "", "not an object"},
		{"{\"template\":\"a\",\"template\":\"b\"}", CORE_E_BAD_JSON, "",
		 "duplicate key"},
		{"{\"template\":1}", CORE_E_BAD_FIELD, "template",
		 "template not a string"},
		{"{\"template\":\"\"}", CORE_E_BAD_FIELD, "template",
		 "empty template id"},
		{"{\"x\":1}", CORE_E_BAD_FIELD, "x", "unknown key"},
		{"{\"template\":\"codev-60\",\"x\":1}", CORE_E_BAD_FIELD, "x",
		 "unknown key after a good template"},
		{"{\"template\":1,\"x\":1}", CORE_E_BAD_FIELD, "x",
		 "an unknown key wins over a bad template"},
		{"{\"template\":\"codev-60\"", CORE_E_BAD_JSON, "",
		 "truncated"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char id[CORE_TEMPLATE_ID_MAX];
		struct codec_error e = {0};
		enum core_err got = codec_api_room_request(
			cases[i].body, strlen(cases[i].body), id, sizeof id,
			&e);
		is_int(got, cases[i].want, "%s", cases[i].what);
		if (got)
			is_str(e.field, cases[i].field, "%s: field",
			       cases[i].what);
	}
	char id[CORE_TEMPLATE_ID_MAX];
	struct codec_error e;
	codec_api_room_request("{\"template\":\"codev-60\"}", 23, id, sizeof id,
			       &e);
	is_str(id, "codev-60", "template id copied");
	char longid[80];
	snprintf(longid, sizeof longid, "{\"template\":\"%060d\"}", 0);
	is_int(codec_api_room_request(longid, strlen(longid), id, sizeof id,
				      &e),
	       CORE_E_BAD_FIELD, "template id longer than a template id");
}

static void test_replies(void)
{
	struct codec_error e;
	struct core_template t = {
		.id = "codev-90", .name = "Six steps", .n_steps = 1};
	t.steps[0].kind = STEP_QUESTIONS;
	t.steps[0].duration_s = 900;

	char *s = codec_api_room_created("abc", "codev-90", "http://x/r/abc#1",
					 "http://x/r/abc#2");
	json_t *v = json_loads(s, 0, NULL);
	is_str(json_string_value(json_object_get(v, "participant_link")),
	       "http://x/r/abc#2", "room created carries both links");
	json_decref(v);
	free(s);

	s = codec_api_templates(&t, 1);
	v = json_loads(s, 0, NULL);
	json_t *step = json_array_get(
		json_object_get(
			json_array_get(json_object_get(v, "templates"), 0),
			"steps"),
		0);
	is_str(json_string_value(json_object_get(step, "kind")), "questions",
	       "template steps named by kind");
	is_int(json_integer_value(json_object_get(step, "duration_ms")), 900000,
	       "durations in ms");
	json_decref(v);
	free(s);

	codec_error_set(&e, CORE_E_NOT_FOUND, "template", "no such template");
	s = codec_api_error(&e);
	v = json_loads(s, 0, NULL);
	is_str(json_string_value(json_object_get(v, "code")), "not_found",
	       "error code is the wire code");
	is_str(json_string_value(json_object_get(v, "field")), "template",
	       "error names the field");
	json_decref(v);
	free(s);
}

int main(void)
{
	test_room_request();
	test_replies();
	return tap_done();
}
