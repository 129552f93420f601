/*
 * test_session.c — the sessions' JSON (codec/sessionjson.h): the stored
 * form round-trips exactly at every stage of a session's life and load
 * refuses damaged documents; the API document has the spec's shape and
 * no secrets; request bodies are strict (each bad body refused naming
 * its field); the CSV import reads what spreadsheets write and names the
 * line of what it refuses.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/api.h"
#include "codec/sessionjson.h"
#include "core/room.h"
#include "tap.h"

#define MAXP 2000

/* --- fixtures ------------------------------------------------------------ */

/* A request body for n people named P1..Pn (every third volunteers,
 * every fourth can facilitate) plus extra top-level members. */
static char *people_body(size_t n, const char *extra)
{
	size_t cap = 200 + n * 120 + strlen(extra);
	char *b = malloc(cap), *p = b;

	if (!b)
		abort();
	p += sprintf(p, "{\"name\":\"Cohorte A\",\"people\":[");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p,
			     "%s{\"name\":\"P%zu\",\"email\":\"p%zu@x.org\","
			     "\"wants_client\":%s,\"can_facilitate\":%s}",
			     i ? "," : "", i + 1, i + 1,
			     i % 3 ? "false" : "true",
			     i % 4 ? "false" : "true");
	sprintf(p, "]%s}", extra);
	return b;
}

/* A draft session of n people decoded from a real request body. */
static struct org_session *new_session(size_t n, const char *extra)
{
	char *body = people_body(n, extra);
	struct codec_session_req req;
	struct codec_error e;
	struct osess_error oe;
	struct org_session *s = NULL;

	if (codec_session_request(body, strlen(body), MAXP, &req, &e) ==
	    CORE_OK) {
		s = osess_new(7, 2, &req.req, MAXP, 42, &oe);
		codec_session_req_free(&req);
	}
	free(body);
	for (size_t i = 0; s && i < s->n_people; i++)
		for (size_t k = 0; k < OSESS_NONCE_LEN; k++)
			s->people[i].nonce[k] = (uint8_t)(i * 31 + k * 7);
	return s;
}

/* Starts s, gives rooms, a banner, a plenary and help requests. */
static void run_session(struct org_session *s)
{
	char room[16];

	osess_start(s, NULL);
	for (uint32_t g = 1; g <= s->n_groups; g++) {
		snprintf(room, sizeof room, "room%u", g);
		osess_set_room(s, g, room);
	}
	osess_set_banner(s, "Pause café à 15h\nmerci", 1764400000000);
	s->plenary_at_ms = 1764403600000;
	s->links_expire_s = 1800000000;
	for (int i = 0; i < 3; i++) {
		struct osess_help h = {.group = 1,
				       .step = (uint32_t)i,
				       .step_kind = STEP_QUESTIONS + i,
				       .remaining_ms = -5000 + i,
				       .at_ms = 1764400000000 + i};
		strcpy(h.room, "room1");
		osess_help_add(s, &h, "Ana", i ? "on est bloqués" : "");
	}
	osess_help_resolve(s, 2);
}

static json_t *parse(const char *s)
{
	return s ? json_loads(s, JSON_REJECT_DUPLICATES, NULL) : NULL;
}

/* The keys of o, sorted and joined with ','. */
static void keys_of(json_t *o, char *out, size_t cap)
{
	const char *k[64];
	size_t n = 0;
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v) if (n < 64) k[n++] = key;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(k[j - 1], k[j]) > 0; j--) {
			const char *t = k[j];
			k[j] = k[j - 1];
			k[j - 1] = t;
		}
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		strncat(out, i ? "," : "", cap - strlen(out) - 1);
		strncat(out, k[i], cap - strlen(out) - 1);
	}
}

/* --- stored form --------------------------------------------------------- */

static void check_round_trip(const struct org_session *s, const char *what)
{
	char err[160];
	char *a = codec_session_store(s);
	struct org_session *back =
		a ? codec_session_load(a, strlen(a), err, sizeof err) : NULL;
	char *b = back ? codec_session_store(back) : NULL;

	ok(a != NULL, "%s: stored", what);
	ok(back != NULL, "%s: loaded back (%s)", what, back ? "" : err);
	ok(a && b && !strcmp(a, b), "%s: stored again identically", what);
	if (back) {
		int same = back->n_people == s->n_people &&
			   back->n_groups == s->n_groups &&
			   back->n_history == s->n_history &&
			   back->n_help == s->n_help &&
			   back->next_help_id == s->next_help_id &&
			   !memcmp(back->people[s->n_people - 1].nonce,
				   s->people[s->n_people - 1].nonce,
				   OSESS_NONCE_LEN) &&
			   back->links_expire_s == s->links_expire_s;
		for (size_t g = 0; same && g < s->n_groups; g++)
			same = back->groups[g].n_members ==
				       s->groups[g].n_members &&
			       !memcmp(back->groups[g].members,
				       s->groups[g].members,
				       s->groups[g].n_members *
					       sizeof(uint32_t)) &&
			       !memcmp(back->groups[g].plan, s->groups[g].plan,
				       sizeof s->groups[g].plan) &&
			       !strcmp(back->groups[g].room, s->groups[g].room);
		ok(same, "%s: the loaded struct equals the original", what);
		/* Capacity n_people: a move into any group must fit. */
		if (back->state == OSESS_RUNNING && back->n_groups > 1) {
			/* Anyone not kept apart from group 1's members. */
			bool moved = false;
			for (size_t k = 0; !moved && k < back->n_people; k++)
				moved = back->people[k].group != 1 &&
					osess_move(back, (uint32_t)k + 1, 1,
						   true, NULL) == OSESS_OK;
			ok(moved && back->groups[0].n_members ==
					    s->groups[0].n_members + 1,
			   "%s: a loaded group takes one more member", what);
		}
	}
	osess_free(back);
	free(a);
	free(b);
}

static void test_round_trip(void)
{
	struct org_session *s =
		new_session(23, ",\"workshops\":3,\"apart\":[[1,2],[5,9]],"
				"\"together\":[[3,4]],\"rotate_facilitator\":"
				"true,\"alert_behind_minutes\":12");

	ok(s != NULL, "a 23-person session is made from a request");
	if (!s)
		return;
	check_round_trip(s, "draft");
	run_session(s);
	check_round_trip(s, "running with rooms, banner and help");
	osess_next_workshop(s, 1, NULL);
	osess_new_meeting(s, true, 9, NULL);
	ok(s->n_history > 0, "a reshuffled meeting keeps a pairing history");
	check_round_trip(s, "second meeting, reshuffled");
	osess_free(s);

	s = new_session(300, "");
	ok(s && s->n_groups >= 38, "300 people make many groups");
	if (s) {
		run_session(s);
		check_round_trip(s, "300 people");
	}
	osess_free(s);
}

/* The stored document with one change at path ("people.3.group"): value
 * replaces (NULL deletes, "+" adds an unknown key "zz" there). */
static char *mutate(const char *doc, const char *path, json_t *value, bool add)
{
	json_t *root = parse(doc), *o = root;
	char buf[128], *save, *tok, *next;

	snprintf(buf, sizeof buf, "%s", path);
	tok = strtok_r(buf, ".", &save);
	while (o && tok && (next = strtok_r(NULL, ".", &save))) {
		o = json_is_array(o) ? json_array_get(o, strtoul(tok, NULL, 10))
				     : json_object_get(o, tok);
		tok = next;
	}
	if (!o || !tok) {
		json_decref(value);
	} else if (add) {
		json_t *t = json_is_array(o)
				    ? json_array_get(o, strtoul(tok, NULL, 10))
				    : json_object_get(o, tok);
		json_object_set_new(t, "zz", value);
	} else if (json_is_array(o)) {
		size_t i = strtoul(tok, NULL, 10);
		if (value)
			json_array_set_new(o, i, value);
		else
			json_array_remove(o, i);
	} else if (value) {
		json_object_set_new(o, tok, value);
	} else {
		json_object_del(o, tok);
	}
	char *out = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	return out;
}

static void check_refused(const char *doc, const char *path, json_t *value,
			  bool add, const char *err_has)
{
	char err[160] = "";
	char *bad = mutate(doc, path, value, add);
	struct org_session *s =
		bad ? codec_session_load(bad, strlen(bad), err, sizeof err)
		    : NULL;

	ok(bad && !s && strstr(err, err_has), "load refuses %s %s (\"%s\")",
	   path,
	   add	   ? "with an unknown key"
	   : value ? "changed"
		   : "missing",
	   err);
	osess_free(s);
	free(bad);
}

static void test_load_refuses(void)
{
	struct org_session *s = new_session(12, ",\"workshops\":2,\"apart\":"
						"[[1,2]],\"together\":[[3,4]]");
	char *doc, err[160];

	if (!s)
		return;
	run_session(s);
	doc = codec_session_store(s);
	osess_free(s);
	struct {
		const char *path;
		json_t *value;
		const char *err_has;
	} cases[] = {
		{"v", json_integer(2), "v"},
		{"id", json_integer(0), "id"},
		{"id", json_string("7"), "id"},
		{"org", json_integer(-1), "org"},
		{"name", json_string(""), "name"},
		{"name", json_string("a\001b"), "name"},
		{"template", json_string("Codev"), "template"},
		{"state", json_string("paused"), "state"},
		{"meeting", json_integer(0), "meeting"},
		{"workshops", json_integer(9), "workshops"},
		{"workshops", json_integer(3), "plan"},
		{"rotate_facilitator", json_integer(1), "rotate_facilitator"},
		{"alert_behind_minutes", json_integer(121), "alert"},
		{"min_size", json_integer(1), "min_size"},
		{"max_size", json_integer(65), "max_size"},
		{"min_size", json_integer(9), "min_size"},
		{"links_expire", json_integer(-1), "links_expire"},
		{"people", json_array(), "people"},
		{"people.0.name", json_string(""), "people[0].name"},
		{"people.0.email", json_null(), "people[0].email"},
		{"people.2.group", json_integer(99), "group"},
		{"people.2.group", json_integer(0), "groups"},
		{"people.0.nonce", json_string("00"), "nonce"},
		{"people.0.nonce",
		 json_string("0123456789ABCDEF0123456789abcdef"), "nonce"},
		{"people.1.client_count", json_integer(-1), "client_count"},
		{"people.1.facilitator_count", json_real(1.0),
		 "facilitator_count"},
		{"people.1.wants_client", json_string("yes"), "wants_client"},
		{"apart.0", json_pack("[i,i]", 1, 1), "apart"},
		{"apart.0", json_pack("[i,i]", 1, 13), "apart"},
		{"together.0", json_pack("[i]", 1), "together"},
		{"history", json_pack("[[i,i,i]]", 1, 2, 0), "history"},
		{"groups.0.members.0", json_integer(0), "members"},
		{"groups.0.members.0", json_integer(13), "members"},
		{"groups.0.members", json_array(), "groups"},
		{"groups.0.facilitator", json_integer(13), "facilitator"},
		{"groups.0.plan.0", json_pack("[i,i]", 1, 99), "plan"},
		{"groups.0.plan", json_array(), "plan"},
		{"groups.0.workshop", json_integer(0), "workshop"},
		{"groups.0.workshop", json_integer(3), "workshop"},
		{"groups.0.room", json_string("Room/1"), "room"},
		{"groups.1.room",
		 json_string("abcdefghijabcdefghijabcdefghijabc"), "room"},
		{"banner", json_integer(0), "banner"},
		{"banner_at", json_integer(-5), "banner_at"},
		{"plenary_at", json_null(), "plenary_at"},
		{"help.0.id", json_integer(0), "help[0].id"},
		{"help.1.id", json_integer(1), "help[1].id"},
		{"help.0.group", json_integer(99), "group"},
		{"help.0.step_kind", json_string("dancing"), "step_kind"},
		{"help.0.step", json_integer(CORE_MAX_STEPS), "step"},
		{"help.0.message", json_integer(1), "message"},
		{"next_help_id", json_integer(3), "next_help_id"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_refused(doc, cases[i].path, cases[i].value, false,
			      cases[i].err_has);
	check_refused(doc, "people.0.nonce", NULL, false, "nonce");
	check_refused(doc, "history", NULL, false, "history");
	check_refused(doc, "groups.0", json_integer(1), true, "groups[0]");
	check_refused(doc, "people.3", json_integer(1), true, "people[3]");
	check_refused(doc, "help.0", json_integer(1), true, "help[0]");

	/* A person listed in the wrong group's members. */
	json_t *root = parse(doc);
	json_t *m0 = json_object_get(
		json_array_get(json_object_get(root, "groups"), 0), "members");
	json_t *m1 = json_object_get(
		json_array_get(json_object_get(root, "groups"), 1), "members");
	json_array_append(m0, json_array_get(m1, 0));
	char *bad = json_dumps(root, JSON_COMPACT);
	s = codec_session_load(bad, strlen(bad), err, sizeof err);
	ok(!s && strstr(err, "members"),
	   "load refuses a member of another "
	   "group (%s)",
	   err);
	osess_free(s);
	free(bad);
	json_decref(root);

	const char *junk[] = {"", "[]", "{\"v\":1,\"v\":1}", "nul", "{}"};
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		s = codec_session_load(junk[i], strlen(junk[i]), err,
				       sizeof err);
		ok(!s && err[0], "load refuses junk %zu (%s)", i, err);
		osess_free(s);
	}
	/* The reason never quotes a stored value. */
	bad = mutate(doc, "name", json_string("secret\001name"), false);
	s = codec_session_load(bad, strlen(bad), err, sizeof err);
	ok(!s && !strstr(err, "secret"), "the reason quotes no value");
	free(bad);
	free(doc);
}

/* --- the API document ---------------------------------------------------- */

static void test_doc(void)
{
	struct org_session *s = new_session(
		13,
		",\"workshops\":2,\"apart\":[[1,2]],\"template\":\"codev-60\"");
	char keys[512];

	if (!s)
		return;
	char *txt = codec_session_doc(s);
	json_t *d = parse(txt);
	ok(d != NULL, "the draft document is JSON");
	keys_of(d, keys, sizeof keys);
	is_str(keys,
	       "alert_behind_minutes,apart,banner,groups,help,id,meeting,name,"
	       "people,plenary_at,rotate_facilitator,state,template,together,"
	       "workshops",
	       "document keys");
	is_int(json_integer_value(json_object_get(d, "id")), 7, "id");
	is_str(json_string_value(json_object_get(d, "state")), "draft",
	       "state draft");
	is_str(json_string_value(json_object_get(d, "template")), "codev-60",
	       "template");
	ok(json_is_null(json_object_get(d, "banner")) &&
		   json_is_null(json_object_get(d, "plenary_at")),
	   "banner and plenary_at are null when unset");
	json_t *people = json_object_get(d, "people");
	is_int(json_array_size(people), 13, "13 people");
	json_t *p0 = json_array_get(people, 0);
	keys_of(p0, keys, sizeof keys);
	is_str(keys,
	       "can_facilitate,email,facilitator,group,id,name,"
	       "wants_client",
	       "person keys (no nonce, no counts)");
	is_int(json_integer_value(
		       json_object_get(json_array_get(people, 12), "id")),
	       13, "people numbered from 1");
	json_t *want = json_pack("[[i,i]]", 1, 2);
	ok(json_equal(json_object_get(d, "apart"), want), "apart as [[a,b]]");
	json_decref(want);
	json_t *g0 = json_array_get(json_object_get(d, "groups"), 0);
	keys_of(g0, keys, sizeof keys);
	is_str(keys, "facilitator,id,members,plan,room,workshop", "group keys");
	is_int(json_integer_value(json_object_get(g0, "id")), 1,
	       "groups numbered from 1");
	ok(json_is_null(json_object_get(g0, "room")), "room null before start");
	is_int(json_array_size(json_object_get(g0, "plan")), 2,
	       "one plan item per workshop");
	ok(!strstr(txt, "nonce") && !strstr(txt, "count") &&
		   !strstr(txt, "history"),
	   "no nonces, counts or history in the document");
	/* Each listed member says it is in that group. */
	int agree = 1;
	json_t *gs = json_object_get(d, "groups");
	for (size_t g = 0; g < json_array_size(gs); g++) {
		json_t *m = json_object_get(json_array_get(gs, g), "members");
		for (size_t k = 0; k < json_array_size(m); k++) {
			size_t id = (size_t)json_integer_value(
				json_array_get(m, k));
			agree &= json_integer_value(json_object_get(
					 json_array_get(people, id - 1),
					 "group")) == (json_int_t)g + 1;
		}
	}
	ok(agree, "members and people's groups agree");
	json_decref(d);
	free(txt);

	run_session(s);
	txt = codec_session_doc(s);
	d = parse(txt);
	is_str(json_string_value(json_object_get(d, "state")), "running",
	       "state running");
	g0 = json_array_get(json_object_get(d, "groups"), 0);
	is_str(json_string_value(json_object_get(g0, "room")), "room1",
	       "room once started");
	is_int(json_integer_value(json_object_get(g0, "workshop")), 1,
	       "workshop 1-based");
	json_t *b = json_object_get(d, "banner");
	is_str(json_string_value(json_object_get(b, "text")),
	       "Pause café à 15h\nmerci", "banner text");
	is_int(json_integer_value(json_object_get(b, "at")), 1764400000000,
	       "banner at");
	is_int(json_integer_value(json_object_get(d, "plenary_at")),
	       1764403600000, "plenary_at");
	json_t *help = json_object_get(d, "help");
	is_int(json_array_size(help), 2, "two open help requests");
	json_t *h1 = json_array_get(help, 1);
	keys_of(h1, keys, sizeof keys);
	is_str(keys,
	       "at,group,id,message,person,remaining_ms,room,step,"
	       "step_kind",
	       "help keys");
	is_int(json_integer_value(json_object_get(h1, "id")), 3, "help id");
	is_str(json_string_value(json_object_get(h1, "step_kind")),
	       core_step_kind_name(STEP_QUESTIONS + 2), "step_kind wire name");
	is_int(json_integer_value(json_object_get(h1, "remaining_ms")), -4998,
	       "negative remaining_ms kept");
	json_decref(d);
	free(txt);

	/* help items alone and as a console push */
	txt = codec_help_item(&s->help[0]);
	d = parse(txt);
	is_str(json_string_value(json_object_get(d, "message")), "",
	       "help item: empty message");
	ok(!json_object_get(d, "type"), "help item has no type");
	json_decref(d);
	free(txt);
	txt = codec_console_help(&s->help[1]);
	ok(txt && !strncmp(txt, "{\"type\":\"console.help\",\"id\":3", 29),
	   "console.help: type first, then the item");
	free(txt);

	/* the list */
	struct org_session *v[2] = {s, s};
	txt = codec_session_list(v, 2);
	d = parse(txt);
	json_t *l0 = json_array_get(json_object_get(d, "sessions"), 0);
	keys_of(l0, keys, sizeof keys);
	is_str(keys, "groups,id,meeting,name,people,state,template",
	       "list item keys");
	is_int(json_array_size(json_object_get(d, "sessions")), 2, "2 listed");
	is_int(json_integer_value(json_object_get(l0, "people")), 13,
	       "people count");
	json_decref(d);
	free(txt);
	txt = codec_session_list(NULL, 0);
	is_str(txt, "{\"sessions\":[]}", "empty list");
	free(txt);
	osess_free(s);
}

/* --- errors -------------------------------------------------------------- */

static void test_errors(void)
{
	struct osess_error oe = {.code = OSESS_E_COHORT};
	oe.cohort = (struct cohort_error){
		.status = COHORT_E_APART, .who = {0, 4}, .n_who = 2};
	strcpy(oe.cohort.message, "Ana and Bo must be apart");
	char *t = codec_session_error(&oe);
	is_str(t,
	       "{\"code\":\"conflict\",\"cohort\":\"apart\",\"people\":[1,5],"
	       "\"message\":\"Ana and Bo must be apart\"}",
	       "cohort error body");
	is_int(codec_session_error_status(&oe), 422, "cohort error is 422");
	free(t);
	/* A message cut inside a character still encodes. */
	memset(oe.cohort.message, 0, sizeof oe.cohort.message);
	strcpy(oe.cohort.message, "Zoé");
	oe.cohort.message[3] = '\0'; /* half of é */
	t = codec_session_error(&oe);
	ok(t && strstr(t, "\"message\":\"Zo\""), "cut message kept valid");
	free(t);

	oe = (struct osess_error){.code = OSESS_E_INVALID};
	strcpy(oe.field, "members");
	strcpy(oe.message, "every person in exactly one group");
	t = codec_session_error(&oe);
	is_str(t,
	       "{\"code\":\"bad_field\",\"message\":\"every person in exactly "
	       "one group\",\"field\":\"members\"}",
	       "invalid: bad_field with field");
	is_int(codec_session_error_status(&oe), 400, "invalid is 400");
	free(t);
	static const struct {
		enum osess_err code;
		const char *want;
		int status;
	} m[] = {{OSESS_E_STATE, "conflict", 409},
		 {OSESS_E_LAST, "conflict", 409},
		 {OSESS_E_NOT_FOUND, "not_found", 404},
		 {OSESS_E_NOMEM, "internal", 500}};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		oe = (struct osess_error){.code = m[i].code};
		json_t *d = parse(t = codec_session_error(&oe));
		is_str(json_string_value(json_object_get(d, "code")), m[i].want,
		       "osess error %d → %s", m[i].code, m[i].want);
		ok(!json_object_get(d, "field"), "no field for %s", m[i].want);
		is_int(codec_session_error_status(&oe), m[i].status,
		       "status for %s", m[i].want);
		json_decref(d);
		free(t);
	}
}

/* --- POST /api/sessions -------------------------------------------------- */

static void test_request_ok(void)
{
	struct codec_session_req r;
	struct codec_error e;
	const char *body =
		"{\"name\":\"  Cohorte A \",\"template\":\"codev-90\","
		"\"workshops\":2,\"rotate_facilitator\":true,"
		"\"alert_behind_minutes\":7,\"min_size\":3,\"max_size\":4,"
		"\"people\":[{\"name\":\" Ana \",\"email\":\"ana@x.org\","
		"\"wants_client\":true,\"can_facilitate\":false,"
		"\"facilitator\":true},{\"name\":\"Bo\"},{\"name\":\"Zoé\"}],"
		"\"apart\":[[1,2]],\"together\":[[2,3],[1,3]]}";

	is_int(codec_session_request(body, strlen(body), 10, &r, &e), CORE_OK,
	       "a full request decodes");
	is_str(r.req.name, "Cohorte A", "name trimmed");
	is_str(r.req.template_id, "codev-90", "template");
	ok(r.req.n_workshops == 2 && r.req.rotate_facilitator &&
		   r.req.alert_behind_min == 7 && r.req.min_size == 3 &&
		   r.req.max_size == 4,
	   "numbers and flags");
	is_int(r.req.n_people, 3, "three people");
	is_str(r.req.people[0].name, "Ana", "person name trimmed");
	is_str(r.req.people[0].email, "ana@x.org", "email");
	ok(r.req.people[0].wants_client && !r.req.people[0].can_facilitate &&
		   r.req.people[0].fixed_facilitator,
	   "person flags");
	is_str(r.req.people[1].email, "", "absent email is \"\"");
	is_str(r.req.people[2].name, "Zoé", "UTF-8 name");
	ok(r.req.n_apart == 1 && r.req.apart[0].a == 1 && r.req.apart[0].b == 2,
	   "apart");
	ok(r.req.n_together == 2 && r.req.together[1].a == 1 &&
		   r.req.together[1].b == 3,
	   "together");
	codec_session_req_free(&r);

	body = "{\"name\":\"B\",\"people\":[{\"name\":\"x\"}]}";
	is_int(codec_session_request(body, strlen(body), 10, &r, &e), CORE_OK,
	       "a minimal request decodes");
	ok(!r.req.template_id && !r.req.n_workshops && !r.req.min_size &&
		   !r.req.alert_behind_min && r.req.n_apart == 0,
	   "absent fields are 0 / NULL (core defaults)");
	codec_session_req_free(&r);

	body = "{\"name\":\"C\",\"csv\":\"name;email\\r\\nAna;a@x\\r\\nBo;"
	       "\\r\\n\","
	       "\"together\":[[1,2]]}";
	is_int(codec_session_request(body, strlen(body), 10, &r, &e), CORE_OK,
	       "a CSV request decodes");
	ok(r.req.n_people == 2 && !strcmp(r.req.people[1].name, "Bo") &&
		   r.req.n_together == 1,
	   "CSV people and pairs against them");
	codec_session_req_free(&r);
	codec_session_req_free(NULL);
}

static void test_request_bad(void)
{
	static const struct {
		const char *body;
		enum core_err want;
		const char *field;
	} cases[] = {
		{"", CORE_E_BAD_JSON, ""},
		{"[]", CORE_E_BAD_JSON, ""},
		{"{\"name\":\"a\",\"name\":\"b\",\"people\":[{\"name\":\"x\"}]"
		 "}",
		 CORE_E_BAD_JSON, ""},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\"}]",
		 CORE_E_BAD_JSON, ""},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\"}],\"color\":1}",
		 CORE_E_BAD_FIELD, "color"},
		{"{\"people\":[{\"name\":\"x\"}]}", CORE_E_BAD_FIELD, "name"},
		{"{\"name\":\"   \",\"people\":[{\"name\":\"x\"}]}",
		 CORE_E_BAD_FIELD, "name"},
		{"{\"name\":1,\"people\":[{\"name\":\"x\"}]}", CORE_E_BAD_FIELD,
		 "name"},
		{"{\"name\":\"a\\u0007\",\"people\":[{\"name\":\"x\"}]}",
		 CORE_E_BAD_FIELD, "name"},
		{"{\"name\":\"a\",\"template\":\"Codev\",\"people\":[{\"name\":"
		 "\"x\"}]}",
		 CORE_E_BAD_FIELD, "template"},
		{"{\"name\":\"a\",\"template\":\"\",\"people\":[{\"name\":"
		 "\"x\"}]}",
		 CORE_E_BAD_FIELD, "template"},
		{"{\"name\":\"a\",\"workshops\":0,\"people\":[{\"name\":\"x\"}]"
		 "}",
		 CORE_E_BAD_FIELD, "workshops"},
		{"{\"name\":\"a\",\"workshops\":9,\"people\":[{\"name\":\"x\"}]"
		 "}",
		 CORE_E_BAD_FIELD, "workshops"},
		{"{\"name\":\"a\",\"workshops\":2.0,\"people\":[{\"name\":"
		 "\"x\"}]}",
		 CORE_E_BAD_FIELD, "workshops"},
		{"{\"name\":\"a\",\"workshops\":\"2\",\"people\":[{\"name\":"
		 "\"x\"}]}",
		 CORE_E_BAD_FIELD, "workshops"},
		{"{\"name\":\"a\",\"alert_behind_minutes\":0,\"people\":[{"
		 "\"name\":\"x\"}]}",
		 CORE_E_BAD_FIELD, "alert_behind_minutes"},
		{"{\"name\":\"a\",\"alert_behind_minutes\":121,\"people\":[{"
		 "\"name\":\"x\"}]}",
		 CORE_E_BAD_FIELD, "alert_behind_minutes"},
		{"{\"name\":\"a\",\"min_size\":1,\"people\":[{\"name\":\"x\"}]"
		 "}",
		 CORE_E_BAD_FIELD, "min_size"},
		{"{\"name\":\"a\",\"max_size\":65,\"people\":[{\"name\":\"x\"}]"
		 "}",
		 CORE_E_BAD_FIELD, "max_size"},
		{"{\"name\":\"a\",\"min_size\":6,\"max_size\":5,\"people\":[{"
		 "\"name\":\"x\"}]}",
		 CORE_E_BAD_FIELD, "min_size"},
		{"{\"name\":\"a\",\"max_size\":4,\"people\":[{\"name\":\"x\"}]"
		 "}",
		 CORE_E_BAD_FIELD, "max_size"},
		{"{\"name\":\"a\",\"rotate_facilitator\":1,\"people\":[{"
		 "\"name\":"
		 "\"x\"}]}",
		 CORE_E_BAD_FIELD, "rotate_facilitator"},
		{"{\"name\":\"a\"}", CORE_E_BAD_FIELD, "people"},
		{"{\"name\":\"a\",\"people\":[]}", CORE_E_BAD_FIELD, "people"},
		{"{\"name\":\"a\",\"people\":{}}", CORE_E_BAD_FIELD, "people"},
		{"{\"name\":\"a\",\"people\":[\"x\"]}", CORE_E_BAD_FIELD,
		 "people"},
		{"{\"name\":\"a\",\"people\":[{\"email\":\"x@y\"}]}",
		 CORE_E_BAD_FIELD, "people[0].name"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"\"}]}",
		 CORE_E_BAD_FIELD, "people[0].name"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\" \\t\"}]}",
		 CORE_E_BAD_FIELD, "people[0].name"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"a\\nb\"}]}",
		 CORE_E_BAD_FIELD, "people[0].name"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\",\"email\":3}]}",
		 CORE_E_BAD_FIELD, "people[0].email"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\",\"wants_client\":"
		 "\"yes\"}]}",
		 CORE_E_BAD_FIELD, "people[0].wants_client"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\",\"facilitator\":"
		 "0}"
		 "]}",
		 CORE_E_BAD_FIELD, "people[0].facilitator"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\",\"role\":\"c\"}]"
		 "}",
		 CORE_E_BAD_FIELD, "people[0].role"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\"}],\"csv\":"
		 "\"name\\n"
		 "y\"}",
		 CORE_E_BAD_FIELD, "csv"},
		{"{\"name\":\"a\",\"csv\":1}", CORE_E_BAD_FIELD, "csv"},
		{"{\"name\":\"a\",\"csv\":\"email\\nx@y\"}", CORE_E_BAD_FIELD,
		 "csv"},
		{"{\"name\":\"a\",\"csv\":\"name\\n\"}", CORE_E_BAD_FIELD,
		 "csv"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\"},{\"name\":\"y\"}"
		 "],"
		 "\"apart\":[[1,1]]}",
		 CORE_E_BAD_FIELD, "apart"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\"},{\"name\":\"y\"}"
		 "],"
		 "\"apart\":[[1,3]]}",
		 CORE_E_BAD_FIELD, "apart"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\"},{\"name\":\"y\"}"
		 "],"
		 "\"apart\":[[0,1]]}",
		 CORE_E_BAD_FIELD, "apart"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\"},{\"name\":\"y\"}"
		 "],"
		 "\"apart\":[1,2]}",
		 CORE_E_BAD_FIELD, "apart"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\"},{\"name\":\"y\"}"
		 "],"
		 "\"apart\":{}}",
		 CORE_E_BAD_FIELD, "apart"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\"},{\"name\":\"y\"}"
		 "],"
		 "\"together\":[[1,2,3]]}",
		 CORE_E_BAD_FIELD, "together"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\"},{\"name\":\"y\"}"
		 "],"
		 "\"together\":[[1,\"2\"]]}",
		 CORE_E_BAD_FIELD, "together"},
		{"{\"name\":\"a\",\"people\":[{\"name\":\"x\"},{\"name\":\"y\"}"
		 ","
		 "{\"name\":\"z\"},{\"name\":\"w\"}]}",
		 CORE_E_BAD_FIELD, "people"}, /* over max_people = 3 */
		{"{\"name\":\"a\",\"csv\":\"name\\nx\\ny\\nz\\nw\\n\"}",
		 CORE_E_BAD_FIELD, "csv"}, /* over max_people = 3 */
	};
	size_t n = sizeof cases / sizeof cases[0];

	for (size_t i = 0; i < n; i++) {
		struct codec_session_req r;
		struct codec_error e;
		enum core_err got = codec_session_request(
			cases[i].body, strlen(cases[i].body), 3, &r, &e);
		is_int(got, cases[i].want, "bad request %zu refused", i);
		is_str(e.field, cases[i].field, "bad request %zu: field (%s)",
		       i, e.message);
		ok(r.people.v == NULL && r.pairs == NULL,
		   "bad request %zu: nothing held", i);
	}
	ok(n >= 30, "%zu bad request bodies", n);

	/* Too long names, by one byte. */
	char body[512];
	char longname[OSESS_NAME_MAX + 2];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	struct codec_session_req r;
	struct codec_error e;
	snprintf(body, sizeof body,
		 "{\"name\":\"%s\",\"people\":[{\"name\":\"x\"}]}", longname);
	is_int(codec_session_request(body, strlen(body), 3, &r, &e),
	       CORE_E_BAD_FIELD, "session name of %d bytes refused",
	       OSESS_NAME_MAX + 1);
	longname[OSESS_NAME_MAX] = '\0';
	snprintf(body, sizeof body,
		 "{\"name\":\"%s\",\"people\":[{\"name\":\"x\"}]}", longname);
	is_int(codec_session_request(body, strlen(body), 3, &r, &e), CORE_OK,
	       "session name of %d bytes accepted", OSESS_NAME_MAX);
	codec_session_req_free(&r);
	longname[OSESS_PERSON_MAX + 1] = '\0';
	snprintf(body, sizeof body,
		 "{\"name\":\"a\",\"people\":[{\"name\":\"%s\"}]}", longname);
	is_int(codec_session_request(body, strlen(body), 3, &r, &e),
	       CORE_E_BAD_FIELD, "person name of %d bytes refused",
	       OSESS_PERSON_MAX + 1);
	ok(strstr(e.message, "person 1") != NULL, "message says which person");
}

/* --- CSV ----------------------------------------------------------------- */

static enum core_err csv(const char *text, struct codec_people *p,
			 struct codec_error *e)
{
	return codec_csv_people(text, strlen(text), MAXP, p, e);
}

static void test_csv_ok(void)
{
	struct codec_people p;
	struct codec_error e;

	is_int(csv("\xEF\xBB\xBFname,email\r\nAna,ana@x.org\r\n\r\nBo,\r\n", &p,
		   &e),
	       CORE_OK, "BOM, CRLF and a blank line");
	ok(p.n == 2 && !strcmp(p.v[0].name, "Ana") &&
		   !strcmp(p.v[0].email, "ana@x.org") &&
		   !strcmp(p.v[1].email, ""),
	   "two people read");
	codec_people_free(&p);

	is_int(csv("Email;NAME;wants_client;can_facilitate;facilitator\n"
		   "a@x;\"Dupont; Ana\";oui;NON;y\n"
		   ";\"Bo \"\"the\"\" Boss, Jr\";Yes;1;false\n"
		   ";;;;\n"
		   "c@x;  Zoé  ;;TRUE;N",
		   &p, &e),
	       CORE_OK, "semicolons, quotes, any column order and case");
	ok(p.n == 3, "three people (an all-empty row skipped)");
	if (p.n == 3) {
		is_str(p.v[0].name, "Dupont; Ana", "separator inside quotes");
		ok(p.v[0].wants_client && !p.v[0].can_facilitate &&
			   p.v[0].fixed_facilitator,
		   "oui / NON / y");
		is_str(p.v[1].name, "Bo \"the\" Boss, Jr", "\"\" escapes");
		ok(p.v[1].wants_client && p.v[1].can_facilitate &&
			   !p.v[1].fixed_facilitator,
		   "Yes / 1 / false");
		is_str(p.v[2].name, "Zoé", "spaces trimmed, UTF-8 kept");
		ok(!p.v[2].wants_client && p.v[2].can_facilitate,
		   "empty = no, TRUE");
	}
	codec_people_free(&p);

	is_int(csv("name,email\rAna,\"a,b\" \r\"Bo\"\t,\"\"\r", &p, &e),
	       CORE_OK, "CR line ends, spaces after a closing quote");
	ok(p.n == 2 && !strcmp(p.v[0].email, "a,b") &&
		   !strcmp(p.v[1].name, "Bo") && !strcmp(p.v[1].email, ""),
	   "quoted values read");
	codec_people_free(&p);

	is_int(csv("\n\nname;email\nAna,x;y\nBo\n", &p, &e), CORE_OK,
	       "blank lines before a semicolon header; short row");
	ok(p.n == 2 && !strcmp(p.v[0].name, "Ana,x") &&
		   !strcmp(p.v[0].email, "y") && !strcmp(p.v[1].email, ""),
	   "a comma is data in a semicolon file");
	codec_people_free(&p);

	/* 300 rows */
	size_t cap = 300 * 40 + 64;
	char *big = malloc(cap), *q = big;
	if (!big)
		abort();
	q += sprintf(q, "name,wants_client\n");
	for (int i = 0; i < 300; i++)
		q += sprintf(q, "\"Person, %d\",%s\n", i + 1,
			     i % 2 ? "yes" : "no");
	is_int(csv(big, &p, &e), CORE_OK, "300 rows");
	ok(p.n == 300 && !strcmp(p.v[299].name, "Person, 300") &&
		   p.v[299].wants_client && !p.v[298].wants_client,
	   "300 people, last one right");
	codec_people_free(&p);
	is_int(codec_csv_people(big, strlen(big), 299, &p, &e),
	       CORE_E_BAD_FIELD, "300 rows over a limit of 299");
	ok(strstr(e.message, "line 301") != NULL, "limit names the line (%s)",
	   e.message);
	free(big);
	codec_people_free(NULL);
}

static void test_csv_bad(void)
{
	char longname[OSESS_PERSON_MAX + 16], longmail[OSESS_EMAIL_MAX + 16];
	char t1[256], t2[512];

	memset(longname, 'a', OSESS_PERSON_MAX + 1);
	longname[OSESS_PERSON_MAX + 1] = '\0';
	memset(longmail, 'b', OSESS_EMAIL_MAX + 1);
	longmail[OSESS_EMAIL_MAX + 1] = '\0';
	snprintf(t1, sizeof t1, "name\nok\n%s\n", longname);
	snprintf(t2, sizeof t2, "name,email\nA,%s\n", longmail);
	const struct {
		const char *text, *msg_has;
	} cases[] = {
		{"", "no header"},
		{"\xEF\xBB\xBF\r\n\n  \n", "no header"},
		{"email\nx@y\n", "no name column"},
		{"name,age\nAna,3\n", "unknown column \"age\""},
		{"name, Wants_Client ,colour\n", "colour"},
		{"name,\xff\n", "column 2 is not one of"},
		{"name,,email\n", "column 2 has no name"},
		{"name,email,NAME\n", "name given twice"},
		{"name\n", "no people"},
		{"name\n\n \n", "no people"},
		{"name,wants_client\nAna,yes\nBo,maybe\n",
		 "line 3, column wants_client"},
		{"name,wants_client\rAna,yes\r\rBo,si\r", "line 4, column"},
		{"name,can_facilitate\r\nAna,\"\"\r\nBo,ok\r\n",
		 "line 3, column can_facilitate"},
		{"name\nAna\n\"Bo\n", "line 3: a quoted field is not closed"},
		{"name\n\"Ana\"x\n", "line 2: text after a closing quote"},
		{"name,email\nAna,a@x,extra\n", "line 2: more than 2 fields"},
		{"name\n\"A\nB\"\n", "line 2, column name"},
		{"name,email\n,a@x\n", "line 2, column name"},
		{"name\n\xff\xfe\n", "line 2, column name"},
		{"name\nA\x01\n", "line 2, column name"},
		{t1, "line 3, column name"},
		{t2, "line 2, column email"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct codec_people p;
		struct codec_error e;
		enum core_err got = csv(cases[i].text, &p, &e);
		ok(got == CORE_E_BAD_FIELD && !strcmp(e.field, "csv") &&
			   strstr(e.message, cases[i].msg_has) && !p.v && !p.n,
		   "bad CSV %zu refused: %s", i, e.message);
	}
	/* An embedded NUL is data, not the end of the file. */
	struct codec_people p;
	struct codec_error e;
	is_int(codec_csv_people("name\nA\0B\n", 9, MAXP, &p, &e),
	       CORE_E_BAD_FIELD, "a NUL inside a name is refused");
}

/* --- the other bodies ---------------------------------------------------- */

static void test_groups(void)
{
	struct codec_groups g;
	struct codec_error e;
	const char *body = "{\"groups\":[{\"members\":[1,3],\"facilitator\":"
			   "3},{\"facilitator\":2,\"members\":[4,2,5]}]}";

	is_int(codec_session_groups(body, strlen(body), 5, &g, &e), CORE_OK,
	       "groups decode");
	ok(g.n == 2 && g.v[0].n_members == 2 && g.v[0].members[1] == 3 &&
		   g.v[0].facilitator == 3 && g.v[1].n_members == 3 &&
		   g.v[1].members[0] == 4 && g.v[1].facilitator == 2,
	   "groups as given");
	codec_groups_free(&g);
	const struct {
		const char *body, *field;
	} bad[] = {
		{"{}", "groups"},
		{"{\"groups\":[]}", "groups"},
		{"{\"groups\":{}}", "groups"},
		{"{\"groups\":[1]}", "groups"},
		{"{\"groups\":[{\"members\":[1],\"facilitator\":1}],\"x\":1}",
		 "x"},
		{"{\"groups\":[{\"members\":[1],\"facilitator\":1,\"y\":1}]}",
		 "groups[0].y"},
		{"{\"groups\":[{\"members\":[1]}]}", "facilitator"},
		{"{\"groups\":[{\"members\":[1],\"facilitator\":6}]}",
		 "facilitator"},
		{"{\"groups\":[{\"members\":[],\"facilitator\":1}]}",
		 "members"},
		{"{\"groups\":[{\"members\":[0],\"facilitator\":1}]}",
		 "members"},
		{"{\"groups\":[{\"members\":[6],\"facilitator\":1}]}",
		 "members"},
		{"{\"groups\":[{\"members\":[\"1\"],\"facilitator\":1}]}",
		 "members"},
		{"{\"groups\":[{\"members\":[1,2,3],\"facilitator\":1},{"
		 "\"members\":[3,4,5],\"facilitator\":4}]}",
		 "members"}, /* 6 ids for 5 people */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum core_err got = codec_session_groups(
			bad[i].body, strlen(bad[i].body), 5, &g, &e);
		ok(got == CORE_E_BAD_FIELD && !strcmp(e.field, bad[i].field) &&
			   !g.v && !g.ids,
		   "bad groups %zu: field %s (%s)", i, e.field, e.message);
	}
}

static void test_plan(void)
{
	struct osess_plan_item *it;
	size_t n;
	struct codec_error e;
	const char *body =
		"{\"groups\":[{\"plan\":[{\"client\":1,\"facilitator\":2},"
		"{\"facilitator\":2,\"client\":3}]},{\"plan\":[{\"client\":4,"
		"\"facilitator\":5},{\"client\":5,\"facilitator\":4}]}]}";

	is_int(codec_session_plan(body, strlen(body), 2, 2, 5, &it, &n, &e),
	       CORE_OK, "plan decodes");
	ok(n == 4 && it[1].client == 3 && it[1].facilitator == 2 &&
		   it[2].client == 4 && it[3].facilitator == 4,
	   "plan flat, group-major");
	free(it);
	const struct {
		const char *body, *field;
	} bad[] = {
		{"{\"groups\":[]}", "groups"},
		{"{\"groups\":[{\"plan\":[]}]}", "groups"},
		{"{\"groups\":[{\"plan\":[]},{\"plan\":[]}]}", "plan"},
		{"{\"groups\":[1,2]}", "groups"},
		{"{\"groups\":[{\"plan\":[{\"client\":1,\"facilitator\":2},{"
		 "\"client\":1,\"facilitator\":2}],\"id\":1},{\"plan\":[]}]}",
		 "groups[0].id"},
		{"{\"groups\":[{\"plan\":[{\"client\":1,\"facilitator\":2},{"
		 "\"client\":0,\"facilitator\":2}]},{\"plan\":[]}]}",
		 "plan"},
		{"{\"groups\":[{\"plan\":[{\"client\":1,\"facilitator\":2},{"
		 "\"client\":1}]},{\"plan\":[]}]}",
		 "plan"},
		{"{\"groups\":[{\"plan\":[{\"client\":1,\"facilitator\":2},{"
		 "\"client\":1,\"facilitator\":6}]},{\"plan\":[]}]}",
		 "plan"},
		{"{\"groups\":[{\"plan\":[{\"client\":1,\"facilitator\":2},{"
		 "\"client\":1,\"facilitator\":2}]},{\"plan\":[{\"client\":1,"
		 "\"facilitator\":2}]}]}",
		 "plan"},
		{"{\"plan\":[]}", "plan"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum core_err got = codec_session_plan(
			bad[i].body, strlen(bad[i].body), 2, 2, 5, &it, &n, &e);
		ok(got == CORE_E_BAD_FIELD && !strcmp(e.field, bad[i].field) &&
			   !it && !n,
		   "bad plan %zu: field %s (%s)", i, e.field, e.message);
	}
}

static void test_small_bodies(void)
{
	char text[OSESS_TEXT_MAX + 1], big[4 * 501 + 32];
	struct codec_error e;
	uint32_t u;
	bool b;

	const char *body = "{\"text\":\"Retour à 15h\\nmerci\"}";
	is_int(codec_session_text(body, strlen(body), text, sizeof text, &e),
	       CORE_OK, "banner text");
	is_str(text, "Retour à 15h\nmerci", "banner text copied");
	is_int(codec_session_text("{\"text\":\"\"}", 11, text, sizeof text, &e),
	       CORE_OK, "empty text clears");
	/* 500 four-byte characters pass, 501 do not. */
	strcpy(big, "{\"text\":\"");
	for (int i = 0; i < 500; i++)
		strcat(big, "\xF0\x9F\x98\x80");
	strcat(big, "\"}");
	is_int(codec_session_text(big, strlen(big), text, sizeof text, &e),
	       CORE_OK, "500 characters (2000 bytes)");
	big[strlen(big) - 2] = '\0';
	strcat(big, "\xF0\x9F\x98\x80\"}");
	is_int(codec_session_text(big, strlen(big), text, sizeof text, &e),
	       CORE_E_BAD_FIELD, "501 characters refused");
	const char *bad_text[] = {"",
				  "{}",
				  "{\"text\":1}",
				  "{\"text\":null}",
				  "{\"text\":\"a\",\"x\":1}",
				  "{\"text\":\"a\\u0007\"}",
				  "{\"text\":\"a\",\"text\":\"b\"}"};
	for (size_t i = 0; i < sizeof bad_text / sizeof *bad_text; i++)
		ok(codec_session_text(bad_text[i], strlen(bad_text[i]), text,
				      sizeof text, &e) != CORE_OK,
		   "bad text body %zu refused (%s)", i, e.message);

	is_int(codec_session_minutes("{\"minutes\":180}", 15, &u, &e), CORE_OK,
	       "180 minutes");
	is_int(u, 180, "minutes read");
	is_int(codec_session_minutes("{\"minutes\":0}", 13, &u, &e), CORE_OK,
	       "0 minutes cancels");
	const char *bad_min[] = {"{\"minutes\":181}",
				 "{\"minutes\":-1}",
				 "{\"minutes\":1.5}",
				 "{}",
				 "",
				 "{\"minutes\":1,\"m\":1}"};
	for (size_t i = 0; i < sizeof bad_min / sizeof *bad_min; i++)
		ok(codec_session_minutes(bad_min[i], strlen(bad_min[i]), &u,
					 &e) != CORE_OK,
		   "bad minutes %zu refused", i);
	is_str(e.field, "m", "unknown key named");

	is_int(codec_session_group("{\"group\":3}", 11, &u, &e), CORE_OK,
	       "group");
	is_int(u, 3, "group read");
	ok(codec_session_group("{\"group\":0}", 11, &u, &e) ==
			   CORE_E_BAD_FIELD &&
		   !strcmp(e.field, "group"),
	   "group 0 refused");
	ok(codec_session_group("{\"group\":4294967296}", 20, &u, &e) ==
		   CORE_E_BAD_FIELD,
	   "group past 32 bits refused");

	is_int(codec_session_move("{\"group\":2}", 11, &u, &b, &e), CORE_OK,
	       "move");
	ok(u == 2 && !b, "move: group 2, no force");
	is_int(codec_session_move("{\"group\":2,\"force\":true}", 24, &u, &b,
				  &e),
	       CORE_OK, "move with force");
	ok(u == 2 && b, "force read");
	ok(codec_session_move("{\"force\":true}", 14, &u, &b, &e) ==
			   CORE_E_BAD_FIELD &&
		   !strcmp(e.field, "group"),
	   "move without a group refused");
	ok(codec_session_move("{\"group\":2,\"force\":1}", 21, &u, &b, &e) ==
			   CORE_E_BAD_FIELD &&
		   !strcmp(e.field, "force"),
	   "force must be a boolean");
	ok(codec_session_move("{\"group\":2,\"x\":1}", 17, &u, &b, &e) ==
			   CORE_E_BAD_FIELD &&
		   !strcmp(e.field, "x"),
	   "unknown key named");
	ok(codec_session_move("", 0, &u, &b, &e) != CORE_OK, "empty body");

	is_int(codec_session_reshuffle("", 0, &b, &e), CORE_OK, "empty body");
	ok(!b, "empty body: no reshuffle");
	is_int(codec_session_reshuffle("{}", 2, &b, &e), CORE_OK, "{}");
	is_int(codec_session_reshuffle("{\"reshuffle\":true}", 18, &b, &e),
	       CORE_OK, "reshuffle true");
	ok(b, "reshuffle read");
	ok(codec_session_reshuffle("{\"reshuffle\":1}", 15, &b, &e) ==
			   CORE_E_BAD_FIELD &&
		   !strcmp(e.field, "reshuffle"),
	   "reshuffle 1 refused");
	ok(codec_session_reshuffle("{\"shuffle\":true}", 16, &b, &e) ==
			   CORE_E_BAD_FIELD &&
		   !strcmp(e.field, "shuffle"),
	   "unknown key refused");
}

int main(void)
{
	test_round_trip();
	test_load_refuses();
	test_doc();
	test_errors();
	test_request_ok();
	test_request_bad();
	test_csv_ok();
	test_csv_bad();
	test_groups();
	test_plan();
	test_small_bodies();
	return tap_done();
}
