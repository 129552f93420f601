/*
 * test_roomstored.c — a room's stored template and settings: the JSON
 * forms round-trip, every malformed field is refused with a reason naming
 * it (and no stored value), and the legacy texts an earlier hub wrote are
 * still read, to the same room.
 */
#include "codec/codec.h"
#include "codec/roomstored.h"
#include "core/room.h"
#include "tap.h"
#include "testutil.h"

/* --- the earlier hub's writers (app/roomtext.c before the JSON forms),
 * verbatim: what a store written by the previous version holds. -------- */

static void old_template(const struct core_template *t, char *out, size_t len)
{
	size_t n = (size_t)snprintf(out, len, "v1|%s|", t->id);

	for (size_t i = 0; i < t->n_steps && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%s%s:%u", i ? "," : "",
				      core_step_kind_name(t->steps[i].kind),
				      t->steps[i].duration_s);
	if (n < len)
		snprintf(out + n, len - n, "|%s", t->name);
}

static void old_config(const struct core_room_config *c, char *out, size_t len)
{
	snprintf(out, len, "v1 %u %u %u %u %d %zu %u %u %u %u",
		 c->max_participants, c->max_questions, c->max_suggestions,
		 c->max_learnings, c->pause_when_client_away ? 1 : 0,
		 c->n_warn_marks, c->warn_marks_s[0], c->warn_marks_s[1],
		 c->warn_marks_s[2], c->warn_marks_s[3]);
}

/* --- helpers ---------------------------------------------------------- */

static bool same_template(const struct core_template *a,
			  const struct core_template *b)
{
	if (strcmp(a->id, b->id) || strcmp(a->name, b->name) ||
	    a->n_steps != b->n_steps)
		return false;
	for (size_t i = 0; i < a->n_steps; i++)
		if (a->steps[i].kind != b->steps[i].kind ||
		    a->steps[i].duration_s != b->steps[i].duration_s)
			return false;
	return true;
}

/* What the core uses of a room's settings (marks past n are unused). */
static bool same_config(const struct core_room_config *a,
			const struct core_room_config *b)
{
	if (a->rules != b->rules ||
	    a->max_participants != b->max_participants ||
	    a->max_questions != b->max_questions ||
	    a->max_suggestions != b->max_suggestions ||
	    a->max_learnings != b->max_learnings ||
	    a->n_warn_marks != b->n_warn_marks ||
	    a->pause_when_client_away != b->pause_when_client_away)
		return false;
	for (size_t i = 0; i < a->n_warn_marks; i++)
		if (a->warn_marks_s[i] != b->warn_marks_s[i])
			return false;
	return true;
}

static int tload(const char *s, struct core_template *t, char *err,
		 size_t errlen)
{
	return codec_roomstored_template_load(s, s ? strlen(s) : 0, t, err,
					      errlen);
}

static int cload(const char *s, struct core_room_config *c, char *err,
		 size_t errlen)
{
	return codec_roomstored_config_load(s, s ? strlen(s) : 0, c, err,
					    errlen);
}

/* The shipped templates, and a report-back one as osessions.c makes. */
static size_t shipped(struct core_template *v, size_t cap)
{
	size_t n, k = 0;
	char **names = tu_list("config/templates", &n);

	for (size_t i = 0; i < n && k < cap; i++) {
		char rel[512];
		size_t len = 0;
		snprintf(rel, sizeof rel, "config/templates/%s", names[i]);
		char *buf = tu_read(rel, &len);
		if (buf && codec_template_parse(buf, len, &v[k], NULL, 0))
			k++;
		free(buf);
	}
	tu_list_free(names, n);
	if (k && k < cap) {
		v[k] = v[0];
		memmove(&v[k].steps[1], &v[k].steps[0],
			v[k].n_steps * sizeof v[k].steps[0]);
		v[k].steps[0] =
			(struct core_step_def){STEP_REPORT_BACK, 10 * 60};
		v[k].n_steps++;
		strcat(v[k].id, "-rb");
		k++;
	}
	return k;
}

/* --- round trips -------------------------------------------------------- */

static void round_trips(void)
{
	struct core_template v[8], back;
	size_t n = shipped(v, 8);
	char out[CODEC_ROOMSTORED_MAX], err[128];

	ok(n >= 4, "shipped templates and a report-back one (%zu)", n);
	for (size_t i = 0; i < n; i++) {
		ok(!codec_roomstored_template(&v[i], out, sizeof out),
		   "%s encodes", v[i].id);
		ok(out[0] == '{', "%s: stored as JSON", v[i].id);
		ok(!tload(out, &back, err, sizeof err), "%s loads %s", v[i].id,
		   err);
		ok(same_template(&v[i], &back), "%s: the same template",
		   v[i].id);
	}

	static const struct core_template small = {
		"fast",
		"Quoted \"name\" \\ é",
		2,
		{{STEP_PRESENTATION, 900}, {STEP_LEARNINGS, 3}}};
	ok(!codec_roomstored_template(&small, out, sizeof out),
	   "a small template encodes");
	is_str(out,
	       "{\"v\":1,\"id\":\"fast\",\"name\":\"Quoted \\\"name\\\" \\\\ "
	       "é\",\"steps\":[{\"kind\":\"presentation\",\"seconds\":900},"
	       "{\"kind\":\"learnings\",\"seconds\":3}]}",
	       "the stored template form");
	ok(!tload(out, &back, NULL, 0) && same_template(&small, &back),
	   "quotes, backslash and UTF-8 in the name come back");

	struct core_room_config c, cb;
	core_room_config_default(&c);
	ok(!codec_roomstored_config(&c, out, sizeof out),
	   "default settings encode");
	is_str(out,
	       "{\"v\":1,\"max_participants\":16,\"max_questions\":200,"
	       "\"max_suggestions\":200,\"max_learnings\":100,"
	       "\"warn_marks_s\":[120,30],\"pause_when_client_away\":false,"
	       "\"rules\":2}",
	       "the stored settings form");
	ok(!cload(out, &cb, err, sizeof err) && same_config(&c, &cb),
	   "default settings come back %s", err);

	c = (struct core_room_config){
		2, 64, 10000, 1, 10000, {3600, 1, 2, 86400}, 4, true};
	ok(!codec_roomstored_config(&c, out, sizeof out) &&
		   !cload(out, &cb, err, sizeof err) && same_config(&c, &cb),
	   "four marks, bounds, pause on come back %s", err);
	c.n_warn_marks = 0;
	ok(!codec_roomstored_config(&c, out, sizeof out) &&
		   strstr(out, "\"warn_marks_s\":[]") &&
		   !cload(out, &cb, err, sizeof err) && same_config(&c, &cb),
	   "no marks: []");
}

/* --- the bound ---------------------------------------------------------- */

static void bounded(void)
{
	struct core_template t = {0}, back;
	char out[CODEC_ROOMSTORED_MAX], big[CODEC_ROOMSTORED_MAX + 8];

	memset(t.id, 'a', CORE_TEMPLATE_ID_MAX - 1);
	memset(t.name, '"', CORE_TEMPLATE_NAME_MAX - 1); /* each escaped */
	t.n_steps = CORE_MAX_STEPS;
	for (size_t i = 0; i < CORE_MAX_STEPS; i++)
		t.steps[i] = (struct core_step_def){STEP_CONSULTATION,
						    CODEC_ROOMSTORED_STEP_MAX};
	int rc = codec_roomstored_template(&t, out, sizeof out);
	ok(!rc, "the longest template fits CODEC_ROOMSTORED_MAX (%zu bytes)",
	   rc ? 0 : strlen(out));
	ok(!tload(out, &back, NULL, 0) && same_template(&t, &back),
	   "and comes back");
	ok(codec_roomstored_template(&t, out, 64), "too small a buffer: -1");

	struct core_room_config c;
	core_room_config_default(&c);
	ok(codec_roomstored_config(&c, out, 16), "settings: too small: -1");
	c.n_warn_marks = CORE_MAX_WARN_MARKS + 1;
	ok(codec_roomstored_config(&c, out, sizeof out),
	   "settings: too many marks: -1");

	/* What would not load is not written either. */
	struct core_template bad = {
		"ok", "two\nlines", 1, {{STEP_QUESTIONS, 60}}};
	ok(codec_roomstored_template(&bad, out, sizeof out),
	   "a template that would not restore is not encoded");
	bad = (struct core_template){"ok", "n", 1, {{STEP_QUESTIONS, 0}}};
	ok(codec_roomstored_template(&bad, out, sizeof out),
	   "nor one with a zero-second step");
	bad = (struct core_template){"ok", "n", 0, {{0}}};
	ok(codec_roomstored_template(&bad, out, sizeof out),
	   "nor one without steps");
	core_room_config_default(&c);
	c.max_participants = 0;
	ok(codec_roomstored_config(&c, out, sizeof out),
	   "nor settings with a zero limit");

	/* A stored text at the bound is refused unread; one byte under it
	 * is read. */
	memset(big, ' ', sizeof big);
	big[0] = '{';
	big[CODEC_ROOMSTORED_MAX - 1] = '}';
	big[CODEC_ROOMSTORED_MAX] = '\0';
	char err[128] = "";
	rc = tload(big, &back, err, sizeof err);
	ok(rc && strstr(err, "over"),
	   "a template text of CODEC_ROOMSTORED_MAX bytes: refused (%s)", err);
	struct core_room_config cb;
	rc = cload(big, &cb, err, sizeof err);
	ok(rc && strstr(err, "over"), "settings likewise (%s)", err);
	big[CODEC_ROOMSTORED_MAX - 2] = '}';
	big[CODEC_ROOMSTORED_MAX - 1] = '\0';
	rc = cload(big, &cb, err, sizeof err);
	ok(rc && strstr(err, "\"v\""),
	   "one byte under it is parsed (and refused for its keys: %s)", err);
	ok(tload(NULL, &back, err, sizeof err) && strstr(err, "missing"),
	   "no text: refused");
}

/* --- legacy ----------------------------------------------------------- */

static void legacy(void)
{
	struct core_template v[8], back;
	size_t n = shipped(v, 8);
	char old[1024], err[128] = "";

	for (size_t i = 0; i < n; i++) {
		old_template(&v[i], old, sizeof old);
		ok(!tload(old, &back, err, sizeof err) &&
			   same_template(&v[i], &back),
		   "%s: the previous version's text loads the same %s", v[i].id,
		   err);
	}
	ok(!tload("v1|codev-90|presentation:900,questions:600|Codev | 90",
		  &back, err, sizeof err),
	   "a literal legacy template loads %s", err);
	is_str(back.id, "codev-90", "legacy: id");
	is_str(back.name, "Codev | 90", "legacy: a name with a pipe");
	is_int(back.n_steps, 2, "legacy: two steps");
	is_int(back.steps[1].kind, STEP_QUESTIONS, "legacy: kind");
	is_int(back.steps[1].duration_s, 600, "legacy: seconds");

	struct core_room_config c, cb;
	core_room_config_default(&c);
	old_config(&c, old, sizeof old);
	c.rules = 1; /* what every room the previous version stored ran */
	is_str(old, "v1 16 200 200 100 0 2 120 30 0 0",
	       "the previous version's default settings text");
	ok(!cload(old, &cb, err, sizeof err) && same_config(&c, &cb),
	   "legacy default settings load the same %s", err);
	c = (struct core_room_config){1, 64,  10000, 1, 10000, {3600, 1, 2, 9},
				      4, true};
	old_config(&c, old, sizeof old);
	ok(!cload(old, &cb, err, sizeof err) && same_config(&c, &cb),
	   "legacy settings with four marks and pause %s", err);
	/* The hub with both warnings off wrote n 0 over the defaults. */
	ok(!cload("v1 8 200 200 100 1 0 120 30 0 0", &cb, err, sizeof err) &&
		   cb.n_warn_marks == 0 && cb.max_participants == 8 &&
		   cb.pause_when_client_away,
	   "legacy settings without marks %s", err);

	static const struct {
		const char *s, *want, *what;
	} bad_t[] = {
		{"v1|codev-90|presentation:900", "fields", "no name field"},
		{"v1|codev-90||Name", "steps", "no steps"},
		{"v1|codev-90|presentation|Name", "steps", "a step without :"},
		{"v1|codev-90|talking:60|Name", "kind", "an unknown kind"},
		{"v1|codev-90|presentation:0|Name", "seconds", "0 seconds"},
		{"v1|Codev|presentation:60|Name", "id", "an upper-case id"},
		{"v1|codev-90|presentation:60|", "name", "an empty name"},
		{"v2|codev-90|presentation:60|Name", "JSON", "another version"},
	};
	for (size_t i = 0; i < sizeof bad_t / sizeof bad_t[0]; i++) {
		err[0] = '\0';
		int rc = tload(bad_t[i].s, &back, err, sizeof err);
		ok(rc && strstr(err, bad_t[i].want) && back.n_steps == 0,
		   "legacy template refused: %s (%s)", bad_t[i].what, err);
	}
	static const struct {
		const char *s, *want, *what;
	} bad_c[] = {
		{"v1 16 200 200 100 0 2 120 30 0", "fields", "a field short"},
		{"v1 16 200 200 100 0 x 120 30 0 0", "fields", "not a number"},
		{"v1 0 200 200 100 0 2 120 30 0 0", "max_participants",
		 "zero participants"},
		{"v1 16 200 200 100 0 5 120 30 0 0", "warn_marks_s",
		 "five marks"},
		{"v1 16 200 200 100 0 2 0 30 0 0", "warn_marks_s[0]",
		 "a zero mark"},
		{"v2 16 200 200 100 0 2 120 30 0 0", "JSON", "another version"},
		{"", "JSON", "empty (rooms before schema 2)"},
	};
	for (size_t i = 0; i < sizeof bad_c / sizeof bad_c[0]; i++) {
		err[0] = '\0';
		int rc = cload(bad_c[i].s, &cb, err, sizeof err);
		ok(rc && strstr(err, bad_c[i].want) &&
			   cb.max_participants == 16,
		   "legacy settings refused: %s (%s)", bad_c[i].what, err);
	}
}

/* --- malformed JSON ------------------------------------------------------ */

#define STEP "{\"kind\":\"questions\",\"seconds\":60}"
#define T(head, steps) "{\"v\":1," head ",\"steps\":[" steps "]}"
#define IDN "\"id\":\"a\",\"name\":\"n\""

static void bad_templates(void)
{
	static const struct {
		const char *s, *want, *what;
	} cases[] = {
		{"{", "not JSON", "not JSON"},
		{T(IDN, STEP) " x", "not JSON", "trailing text"},
		{"[]", "object", "not an object"},
		{"{\"v\":1,\"v\":1," IDN ",\"steps\":[" STEP "]}", "duplicate",
		 "a duplicate key"},
		{"{\"v\":1," IDN ",\"steps\":[" STEP "],\"x\":1}", "\"x\"",
		 "an unknown key"},
		{"{" IDN ",\"steps\":[" STEP "]}", "\"v\"", "no v"},
		{"{\"v\":2," IDN ",\"steps\":[" STEP "]}", "v:", "v 2"},
		{"{\"v\":\"1\"," IDN ",\"steps\":[" STEP "]}",
		 "v:", "v a string"},
		{"{\"v\":1.0," IDN ",\"steps\":[" STEP "]}", "v:", "v a real"},
		{"{\"v\":1,\"name\":\"n\",\"steps\":[" STEP "]}", "\"id\"",
		 "no id"},
		{T("\"id\":7,\"name\":\"n\"", STEP), "id", "id a number"},
		{T("\"id\":\"\",\"name\":\"n\"", STEP), "id", "an empty id"},
		{T("\"id\":\"A\",\"name\":\"n\"", STEP), "id", "upper case id"},
		{T("\"id\":\"a|b\",\"name\":\"n\"", STEP), "id",
		 "a pipe in id"},
		{T("\"id\":"
		   "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","
		   "\"name\":\"n\"",
		   STEP),
		 "id", "an id of 48"},
		{"{\"v\":1,\"id\":\"a\",\"steps\":[" STEP "]}", "\"name\"",
		 "no name"},
		{T("\"id\":\"a\",\"name\":null", STEP), "name", "name null"},
		{T("\"id\":\"a\",\"name\":\"\"", STEP), "name",
		 "an empty name"},
		{T("\"id\":\"a\",\"name\":\"a\\nb\"", STEP), "name",
		 "a newline in name"},
		{T("\"id\":\"a\",\"name\":\"a\\u0000b\"", STEP), "JSON",
		 "a NUL in name (jansson refuses it)"},
		{T("\"id\":\"a\",\"name\":"
		   "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		   "\"",
		   STEP),
		 "name", "a name of 96"},
		{"{\"v\":1," IDN "}", "\"steps\"", "no steps"},
		{"{\"v\":1," IDN ",\"steps\":{}}", "steps", "steps an object"},
		{T(IDN, ""), "steps", "no step"},
		{T(IDN, STEP "," STEP "," STEP "," STEP "," STEP "," STEP
			     "," STEP "," STEP "," STEP "," STEP "," STEP),
		 "steps", "eleven steps"},
		{T(IDN, "7"), "steps[0]", "a step not an object"},
		{T(IDN,
		   "{\"kind\":\"questions\",\"seconds\":60,\"minutes\":1}"),
		 "\"minutes\"", "a step's unknown key"},
		{T(IDN, "{\"seconds\":60}"), "\"kind\"", "a step without kind"},
		{T(IDN, "{\"kind\":1,\"seconds\":60}"), "kind",
		 "kind a number"},
		{T(IDN, "{\"kind\":\"talking\",\"seconds\":60}"), "kind",
		 "an unknown kind"},
		{T(IDN, STEP ",{\"kind\":\"questions\"}"), "steps[1]",
		 "a step without seconds"},
		{T(IDN, "{\"kind\":\"questions\",\"seconds\":0}"), "seconds",
		 "0 seconds"},
		{T(IDN, "{\"kind\":\"questions\",\"seconds\":-5}"), "seconds",
		 "negative seconds"},
		{T(IDN, "{\"kind\":\"questions\",\"seconds\":14401}"),
		 "seconds", "over 4 hours"},
		{T(IDN, "{\"kind\":\"questions\",\"seconds\":60.5}"), "seconds",
		 "real seconds"},
		{T(IDN, "{\"kind\":\"questions\",\"seconds\":\"60\"}"),
		 "seconds", "seconds a string"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct core_template t;
		char err[128] = "";
		int rc = tload(cases[i].s, &t, err, sizeof err);
		ok(rc && strstr(err, cases[i].want) && t.n_steps == 0 &&
			   !t.id[0],
		   "template refused: %s (%s)", cases[i].what, err);
	}
	struct core_template t;
	ok(!tload(T(IDN, STEP), &t, NULL, 0), "the base of these cases loads");
}

#define C(parts)                                                               \
	"{\"v\":1,\"max_participants\":16,\"max_questions\":200," parts        \
	",\"warn_marks_s\":[120,30],\"pause_when_client_away\":false}"
#define REST "\"max_suggestions\":200,\"max_learnings\":100"

static void bad_configs(void)
{
	static const struct {
		const char *s, *want, *what;
	} cases[] = {
		{"{", "not JSON", "not JSON"},
		{"7", "JSON", "a bare number (jansson refuses it)"},
		{"[]", "object", "an array"},
		{C(REST ",\"max_learnings\":100"), "duplicate",
		 "a duplicate key"},
		{C(REST ",\"max_rooms\":1"), "\"max_rooms\"", "an unknown key"},
		{C("\"max_suggestions\":200"), "\"max_learnings\"",
		 "a count missing"},
		{"{\"max_participants\":16,\"max_questions\":200," REST
		 ",\"warn_marks_s\":[],\"pause_when_client_away\":false}",
		 "\"v\"", "no v"},
		{"{\"v\":0,\"max_participants\":16,\"max_questions\":200," REST
		 ",\"warn_marks_s\":[],\"pause_when_client_away\":false}",
		 "v:", "v 0"},
		{"{\"v\":1,\"max_participants\":0,\"max_questions\":200," REST
		 ",\"warn_marks_s\":[],\"pause_when_client_away\":false}",
		 "max_participants", "zero participants"},
		{"{\"v\":1,\"max_participants\":1001,\"max_questions\":"
		 "200," REST
		 ",\"warn_marks_s\":[],\"pause_when_client_away\":false}",
		 "max_participants", "1001 participants"},
		{"{\"v\":1,\"max_participants\":\"16\",\"max_questions\":"
		 "200," REST
		 ",\"warn_marks_s\":[],\"pause_when_client_away\":false}",
		 "max_participants", "participants a string"},
		{"{\"v\":1,\"max_participants\":16,\"max_questions\":-1," REST
		 ",\"warn_marks_s\":[],\"pause_when_client_away\":false}",
		 "max_questions", "negative questions"},
		{"{\"v\":1,\"max_participants\":16,\"max_questions\":2e2," REST
		 ",\"warn_marks_s\":[],\"pause_when_client_away\":false}",
		 "max_questions", "questions a real"},
		{C("\"max_suggestions\":100001,\"max_learnings\":100"),
		 "max_suggestions", "suggestions over the bound"},
		{C("\"max_suggestions\":200,\"max_learnings\":4294967297"),
		 "max_learnings", "learnings past 32 bits"},
		{C("\"max_suggestions\":200,\"max_learnings\":null"),
		 "max_learnings", "learnings null"},
		{"{\"v\":1,\"max_participants\":16,\"max_questions\":200," REST
		 ",\"pause_when_client_away\":false}",
		 "\"warn_marks_s\"", "no marks key"},
		{"{\"v\":1,\"max_participants\":16,\"max_questions\":200," REST
		 ",\"warn_marks_s\":120,\"pause_when_client_away\":false}",
		 "warn_marks_s", "marks not an array"},
		{"{\"v\":1,\"max_participants\":16,\"max_questions\":200," REST
		 ",\"warn_marks_s\":[5,4,3,2,1],\"pause_when_client_away\":"
		 "false}",
		 "warn_marks_s", "five marks"},
		{"{\"v\":1,\"max_participants\":16,\"max_questions\":200," REST
		 ",\"warn_marks_s\":[120,0],\"pause_when_client_away\":false}",
		 "warn_marks_s[1]", "a zero mark"},
		{"{\"v\":1,\"max_participants\":16,\"max_questions\":200," REST
		 ",\"warn_marks_s\":[86401],\"pause_when_client_away\":false}",
		 "warn_marks_s[0]", "a mark over a day"},
		{"{\"v\":1,\"max_participants\":16,\"max_questions\":200," REST
		 ",\"warn_marks_s\":[\"30\"],\"pause_when_client_away\":false}",
		 "warn_marks_s[0]", "a mark a string"},
		{"{\"v\":1,\"max_participants\":16,\"max_questions\":200," REST
		 ",\"warn_marks_s\":[]}",
		 "\"pause_when_client_away\"", "no pause key"},
		{"{\"v\":1,\"max_participants\":16,\"max_questions\":200," REST
		 ",\"warn_marks_s\":[],\"pause_when_client_away\":0}",
		 "pause_when_client_away", "pause a number"},
		{"{\"v\":1,\"max_participants\":16,\"max_questions\":200," REST
		 ",\"warn_marks_s\":[],\"pause_when_client_away\":\"no\"}",
		 "pause_when_client_away", "pause a string"},
		{C(REST ",\"rules\":3"), "rules", "rules from the future"},
		{C(REST ",\"rules\":0"), "rules", "rules 0"},
		{C(REST ",\"rules\":\"2\""), "rules", "rules a string"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct core_room_config c;
		char err[128] = "";
		int rc = cload(cases[i].s, &c, err, sizeof err);
		ok(rc && strstr(err, cases[i].want) &&
			   c.max_participants == 16 && c.n_warn_marks == 2,
		   "settings refused: %s (%s)", cases[i].what, err);
	}
	struct core_room_config c;
	ok(!cload(C(REST), &c, NULL, 0), "the base of these cases loads");
	is_int(c.rules, 1, "settings stored before rules existed are rules 1");
	ok(!cload(C(REST ",\"rules\":2"), &c, NULL, 0) && c.rules == 2,
	   "rules 2 is read");
	ok(!cload(C(REST ",\"rules\":1"), &c, NULL, 0) && c.rules == 1,
	   "rules 1 is read");
}

int main(int argc, char **argv)
{
	tu_init(argc, argv);
	round_trips();
	bounded();
	legacy();
	bad_templates();
	bad_configs();
	return tap_done();
}
