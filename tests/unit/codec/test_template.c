/*
 * test_template.c — workshop templates: every file in config/templates/
 * parses and is sane; malformed templates are refused with a message
 * naming the offending field.
 */
#include "codec/codec.h"
#include "core/room.h"
#include "tap.h"
#include "testutil.h"

static void shipped(void)
{
	size_t n;
	char **names = tu_list("config/templates", &n);
	ok(n >= 3, "config/templates holds the shipped templates (%zu)", n);
	for (size_t i = 0; i < n; i++) {
		char rel[512], err[256] = "";
		snprintf(rel, sizeof rel, "config/templates/%s", names[i]);
		size_t len = 0;
		char *buf = tu_read(rel, &len);
		struct core_template t;
		ok(buf && codec_template_parse(buf, len, &t, err, sizeof err),
		   "%s parses %s", names[i], err);
		char want[64];
		snprintf(want, sizeof want, "%s.json", t.id);
		is_str(names[i], want, "%s: file named after its id", names[i]);
		ok(t.n_steps >= 1 && t.n_steps <= CORE_MAX_STEPS,
		   "%s: %zu steps", names[i], t.n_steps);
		is_int(t.steps[0].kind, STEP_PRESENTATION,
		       "%s: starts with the presentation", names[i]);
		free(buf);
	}
	tu_list_free(names, n);

	const char *ninety = "{\"id\":\"codev-90\",\"name\":\"N\",\"steps\":["
			     "{\"kind\":\"presentation\",\"minutes\":15},"
			     "{\"minutes\":240,\"kind\":\"report_back\"}]}";
	struct core_template t;
	char err[256];
	ok(codec_template_parse(ninety, strlen(ninety), &t, err, sizeof err),
	   "hand-written template parses");
	is_int(t.steps[0].duration_s, 900, "15 minutes = 900 s");
	is_int(t.steps[1].duration_s, 14400, "240 minutes: the maximum");
	is_int(t.steps[1].kind, STEP_REPORT_BACK, "report_back kind");
	is_str(t.id, "codev-90", "id");

	static const char fast[] =
		"{\"id\":\"fast\",\"name\":\"Rehearsal\",\"steps\":["
		"{\"kind\":\"questions\",\"seconds\":3},"
		"{\"kind\":\"learnings\",\"seconds\":14400}]}";
	ok(codec_template_parse(fast, strlen(fast), &t, err, sizeof err),
	   "a template in seconds parses");
	is_int(t.steps[0].duration_s, 3, "3 seconds");
	is_int(t.steps[1].duration_s, 14400, "14400 seconds: the maximum");
}

static void refused(void)
{
	static const struct {
		const char *json, *want, *what;
	} cases[] = {
		{"{", "line", "not JSON"},
		{"[]", "object", "not an object"},
		{"{\"id\":\"a\",\"id\":\"b\",\"name\":\"n\",\"steps\":[]}",
		 "duplicate", "duplicate key"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":[{\"kind\":"
		 "\"questions\",\"minutes\":5}],\"x\":1}",
		 "\"x\"", "unknown top-level key"},
		{"{\"name\":\"n\",\"steps\":[]}", "id:", "missing id"},
		{"{\"id\":\"Codev\",\"name\":\"n\",\"steps\":[]}",
		 "id:", "upper-case id"},
		{"{\"id\":\"a/b\",\"name\":\"n\",\"steps\":[]}",
		 "id:", "slash in id"},
		{"{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","
		 "\"name\":\"n\",\"steps\":[]}",
		 "id:", "id of 48 chars"},
		{"{\"id\":\"a\",\"name\":\"\",\"steps\":[]}",
		 "name:", "empty name"},
		{"{\"id\":\"a\",\"name\":\"a\\nb\",\"steps\":[]}",
		 "name:", "newline in name"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":[]}",
		 "steps:", "no steps"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":{}}",
		 "steps:", "steps not an array"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":[1]}", "steps[0]",
		 "step not an object"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":[{\"kind\":\"nap\","
		 "\"minutes\":5}]}",
		 "steps[0].kind", "unknown kind"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":[{\"kind\":"
		 "\"questions\",\"minutes\":0}]}",
		 "steps[0].minutes", "zero minutes"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":[{\"kind\":"
		 "\"questions\",\"minutes\":241}]}",
		 "steps[0].minutes", "over 4 hours"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":[{\"kind\":"
		 "\"questions\",\"minutes\":1.5}]}",
		 "steps[0].minutes", "fractional minutes"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":[{\"kind\":"
		 "\"questions\",\"minutes\":1,\"seconds\":5}]}",
		 "exactly one", "both minutes and seconds"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":[{\"kind\":"
		 "\"questions\"}]}",
		 "exactly one", "no duration"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":[{\"kind\":"
		 "\"questions\",\"seconds\":14401}]}",
		 "steps[0].seconds", "seconds over 4 hours"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":[{\"kind\":"
		 "\"questions\",\"minutes\":5,\"who\":\"x\"}]}",
		 "\"who\"", "unknown step key"},
		{"{\"id\":\"a\",\"name\":\"n\",\"steps\":[{\"kind\":"
		 "\"questions\""
		 ",\"minutes\":5},{\"kind\":\"questions\",\"minutes\":5},"
		 "{\"kind\":\"questions\",\"minutes\":5},{\"kind\":\"questions"
		 "\",\"minutes\":5},{\"kind\":\"questions\",\"minutes\":5},"
		 "{\"kind\":\"questions\",\"minutes\":5},{\"kind\":\"questions"
		 "\",\"minutes\":5},{\"kind\":\"questions\",\"minutes\":5},"
		 "{\"kind\":\"questions\",\"minutes\":5},{\"kind\":\"questions"
		 "\",\"minutes\":5},{\"kind\":\"questions\",\"minutes\":5}]}",
		 "steps:", "eleven steps"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct core_template t;
		char err[256] = "";
		bool got = codec_template_parse(cases[i].json,
						strlen(cases[i].json), &t, err,
						sizeof err);
		ok(!got, "refused: %s", cases[i].what);
		ok(strstr(err, cases[i].want) != NULL,
		   "%s: message names it (%s)", cases[i].what, err);
		is_int(t.n_steps, 0, "%s: output cleared", cases[i].what);
	}
	struct core_template t;
	ok(!codec_template_parse("{}", 2, &t, NULL, 0), "errbuf may be NULL");
}

int main(int argc, char **argv)
{
	tu_init(argc, argv);
	shipped();
	refused();
	return tap_done();
}
