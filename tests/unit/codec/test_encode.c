/*
 * test_encode.c — encoders on a real room driven through the core API:
 * a whole workshop is played from JSON requests (decode → room_execute),
 * every event produced is encoded and validated against its schema, and
 * every event type must have been seen. Also: welcome, snapshot, replies,
 * and the monotonic → wall conversion of the timer deadline.
 */
#include <jansson.h>

#include "codec/codec.h"
#include "core/room.h"
#include "jschema.h"
#include "tap.h"
#include "testutil.h"

#define WALL0 1767225600000LL /* wall ms when mono is 0 */

static struct jschema js;
static uint64_t seq;
static int seen[EV__COUNT];

/* Parses an encoder's output and validates it against schema `file`. */
static json_t *valid(char *text, const char *file, const char *what)
{
	json_t *x =
		text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
	free(text);
	ok(x != NULL, "%s: encoded and parses", what);
	ok(x && jschema_check(&js, file, x), "%s: matches %s %s", what, file,
	   x ? js.err : "");
	return x;
}

static void encode_effects(struct room *r, const struct core_effects *fx,
			   int64_t now)
{
	for (size_t i = 0; i < fx->n; i++) {
		const struct core_event *ev = &fx->ev[i];
		char file[128];
		const char *name = codec_event_name(ev->type);
		snprintf(file, sizeof file, "events/%s.json", name);
		json_t *x = valid(
			codec_encode_event(r, ev, ++seq, now, WALL0 + now),
			file, name);
		is_int(json_integer_value(json_object_get(x, "seq")), seq,
		       "%s carries seq %llu", name, (unsigned long long)seq);
		seen[ev->type]++;
		json_decref(x);
	}
}

/* Decodes `json` as participant pid's request and executes it. */
static enum core_err run(struct room *r, uint32_t pid, int64_t now,
			 const char *json)
{
	struct codec_request rq;
	struct codec_error e;
	enum core_err err = codec_decode(json, strlen(json), NULL, &rq, &e);
	if (err) {
		ok(0, "decode %s: %s %s", json, e.field, e.message);
		return err;
	}
	struct core_effects fx;
	err = room_execute(r, pid, &rq.cmd, now, &fx);
	codec_request_release(&rq);
	is_int(err, CORE_OK, "execute %.60s", json);
	if (!err)
		encode_effects(r, &fx, now);
	return err;
}

static struct room *new_room(void)
{
	size_t len = 0;
	char *buf = tu_read("config/templates/codev-90.json", &len);
	struct core_template tpl;
	char err[200] = "";
	ok(buf && codec_template_parse(buf, len, &tpl, err, sizeof err),
	   "codev-90 parses %s", err);
	free(buf);
	return room_new("r7k2q9", &tpl, NULL, 0);
}

static uint32_t join(struct room *r, const char *name, bool fac, int64_t now)
{
	uint32_t pid = 0;
	struct core_effects fx;
	is_int(room_join(r, name, fac, now, &pid, &fx), CORE_OK, "%s joins",
	       name);
	encode_effects(r, &fx, now);
	return pid;
}

static void tick(struct room *r, int64_t now)
{
	struct core_effects fx;
	room_tick(r, now, &fx);
	encode_effects(r, &fx, now);
}

/* A welcome while the timer runs: the snapshot carries deadline_ms. */
static void welcome_running(struct room *r, uint32_t pid, int64_t now)
{
	json_t *x = valid(codec_encode_welcome(r, "w", pid, "abc", false, seq,
					       now, WALL0 + now),
			  "replies/welcome.json", "welcome, timer running");
	json_t *tm = json_object_get(json_object_get(x, "room"), "timer");
	ok(json_is_integer(json_object_get(tm, "deadline_ms")),
	   "running timer has a deadline");
	json_decref(x);
}

/* A welcome with a hidden question and learning: the snapshot marks them
 * and still validates. */
static void welcome_hidden(struct room *r, uint32_t pid, int64_t now)
{
	json_t *x = valid(codec_encode_welcome(r, "w", pid, "abc", false, seq,
					       now, WALL0 + now),
			  "replies/welcome.json", "welcome, items hidden");
	json_t *room = json_object_get(x, "room");
	json_t *q = json_array_get(json_object_get(room, "questions"), 0);
	json_t *l = json_array_get(json_object_get(room, "learnings"), 0);
	json_t *s = json_array_get(json_object_get(room, "suggestions"), 0);
	ok(json_is_true(json_object_get(q, "hidden")), "hidden question");
	ok(json_is_true(json_object_get(l, "hidden")), "hidden learning");
	ok(!json_object_get(s, "hidden"), "a shown item has no hidden key");
	json_decref(x);
}

static void welcome_merged(struct room *r, uint32_t pid, uint32_t twin,
			   uint32_t into, int64_t now)
{
	json_t *x = valid(codec_encode_welcome(r, "w", pid, "abc", false, seq,
					       now, WALL0 + now),
			  "replies/welcome.json", "welcome, a seat merged");
	json_t *room = json_object_get(x, "room");
	json_t *people = json_object_get(room, "participants");
	json_t *p = json_array_get(people, twin - 1);
	json_t *hands = json_object_get(room, "hands");
	is_str(json_string_value(json_object_get(p, "seat")), "merged",
	       "the duplicate's seat is merged");
	is_int(json_integer_value(json_object_get(p, "merged_into")), into,
	       "and says where");
	ok(!json_object_get(json_array_get(people, into - 1), "merged_into"),
	   "the seat that stays has no merged_into");
	ok(json_array_size(hands) == 1 &&
		   json_integer_value(json_array_get(hands, 0)) == into,
	   "the duplicate's raised hand is the stayer's");
	json_decref(x);
}

static void workshop(void)
{
	struct room *r = new_room();
	ok(r != NULL, "room created");
	int64_t t = 1000;
	uint32_t fac = join(r, "Dominique", true, t);
	uint32_t cli = join(r, "Camille", false, t);
	uint32_t con = join(r, "Alex", false, t);
	uint32_t scr = join(r, "Sam", false, t);
	char buf[512];
#define RUN(pid, ...)                                                          \
	(snprintf(buf, sizeof buf, __VA_ARGS__), run(r, pid, t, buf))
	RUN(fac,
	    "{\"type\":\"role.assign\",\"id\":\"1\",\"participant\":%u,"
	    "\"role\":\"client\"}",
	    cli);
	RUN(fac,
	    "{\"type\":\"role.assign\",\"id\":\"2\",\"participant\":%u,"
	    "\"role\":\"scribe\"}",
	    scr);
	RUN(fac, "{\"type\":\"backup.set\",\"id\":\"3\",\"participant\":%u}",
	    con);
	RUN(scr, "{\"type\":\"name.set\",\"id\":\"4\",\"name\":\"Sam B.\"}");
	RUN(cli, "{\"type\":\"sheet.update\",\"id\":\"5\",\"title\":\"Équipe\","
		 "\"question\":\"Comment ?\",\"context\":\"c\",\"tried\":\"t\","
		 "\"help_wanted\":\"h\"}");
	RUN(fac, "{\"type\":\"timer.start\",\"id\":\"6\"}");
	t += 60000;
	RUN(fac, "{\"type\":\"timer.pause\",\"id\":\"7\"}");
	RUN(fac, "{\"type\":\"timer.resume\",\"id\":\"8\"}");
	RUN(fac, "{\"type\":\"timer.extend\",\"id\":\"9\",\"minutes\":2}");
	tick(r, t + 15 * 60000); /* warnings */
	t += 18 * 60000;
	tick(r, t); /* expired */
	RUN(fac, "{\"type\":\"timer.reset\",\"id\":\"10\"}");
	RUN(con, "{\"type\":\"hand.raise\",\"id\":\"11\"}");
	RUN(fac, "{\"type\":\"floor.give\",\"id\":\"12\",\"participant\":%u}",
	    con);
	RUN(fac, "{\"type\":\"step.next\",\"id\":\"13\"}");
	RUN(con,
	    "{\"type\":\"question.add\",\"id\":\"14\",\"text\":\"Since?\"}");
	RUN(cli, "{\"type\":\"question.answer\",\"id\":\"15\",\"question\":1,"
		 "\"text\":\"2 years\"}");
	RUN(fac, "{\"type\":\"step.goto\",\"id\":\"16\",\"step\":2}");
	RUN(cli,
	    "{\"type\":\"contract.set\",\"id\":\"17\",\"text\":\"Ideas\"}");
	RUN(fac, "{\"type\":\"step.next\",\"id\":\"18\"}");
	RUN(fac, "{\"type\":\"timer.start\",\"id\":\"18b\"}");
	welcome_running(r, fac, t + 1234);
	RUN(fac, "{\"type\":\"round.start\",\"id\":\"19\"}");
	RUN(fac, "{\"type\":\"round.next\",\"id\":\"20\"}");
	RUN(con,
	    "{\"type\":\"suggestion.add\",\"id\":\"21\",\"text\":\"Retro\"}");
	RUN(cli, "{\"type\":\"suggestion.keep\",\"id\":\"22\",\"suggestion\":1,"
		 "\"kept\":true}");
	RUN(scr,
	    "{\"type\":\"notes.update\",\"id\":\"23\",\"text\":\"- retro\"}");
	RUN(cli, "{\"type\":\"enough.signal\",\"id\":\"24\"}");
	RUN(fac, "{\"type\":\"step.next\",\"id\":\"25\"}");
	RUN(cli,
	    "{\"type\":\"plan.update\",\"id\":\"26\",\"items\":[{\"action\":"
	    "\"Hold a retro\",\"by_when\":\"Monday\"}]}");
	RUN(fac, "{\"type\":\"step.next\",\"id\":\"27\"}");
	RUN(con,
	    "{\"type\":\"learning.add\",\"id\":\"28\",\"text\":\"Listen\"}");
	RUN(fac, "{\"type\":\"step.prev\",\"id\":\"29\"}");
	RUN(con, "{\"type\":\"hand.raise\",\"id\":\"30\"}");
	RUN(con, "{\"type\":\"hand.lower\",\"id\":\"31\"}");
	uint32_t dup = join(r, "Alex", false, t);
	RUN(fac,
	    "{\"type\":\"participant.remove\",\"id\":\"32\","
	    "\"participant\":%u}",
	    dup);
	RUN(fac, "{\"type\":\"item.hide\",\"id\":\"32b\",\"kind\":"
		 "\"question\",\"item\":1,\"hidden\":true}");
	RUN(fac, "{\"type\":\"item.hide\",\"id\":\"32c\",\"kind\":"
		 "\"learning\",\"item\":1,\"hidden\":true}");
	welcome_hidden(r, fac, t);
	RUN(fac, "{\"type\":\"item.hide\",\"id\":\"32d\",\"kind\":"
		 "\"question\",\"item\":1,\"hidden\":false}");
	RUN(fac, "{\"type\":\"item.hide\",\"id\":\"32e\",\"kind\":"
		 "\"learning\",\"item\":1,\"hidden\":false}");
	/* The consultant's second device, merged back into their seat. */
	uint32_t twin = join(r, "Alex (phone)", false, t);
	RUN(twin, "{\"type\":\"hand.raise\",\"id\":\"32f\"}");
	RUN(fac,
	    "{\"type\":\"participant.merge\",\"id\":\"32g\","
	    "\"participant\":%u,\"into\":%u}",
	    twin, con);
	welcome_merged(r, fac, twin, con, t);
	RUN(fac, "{\"type\":\"room.lock\",\"id\":\"33\"}");
	RUN(fac, "{\"type\":\"room.unlock\",\"id\":\"34\"}");
	RUN(fac, "{\"type\":\"timer.start\",\"id\":\"35\"}");
	RUN(fac, "{\"type\":\"room.end\",\"id\":\"36\"}");
#undef RUN
	struct core_effects fx;
	room_presence(r, scr, false, t, &fx);
	encode_effects(r, &fx, t);
	room_presence(r, scr, true, t, &fx);
	encode_effects(r, &fx, t);

	for (int e = 0; e < EV__COUNT; e++)
		ok(seen[e] > 0, "event %s was produced and encoded",
		   codec_event_name(e));

	json_t *w = valid(codec_encode_welcome(r, "h1", cli, "k3J9wq_Zt", true,
					       seq, t, WALL0 + t),
			  "replies/welcome.json", "welcome");
	json_t *room = json_object_get(w, "room");
	is_int(json_array_size(json_object_get(room, "participants")), 6,
	       "welcome: six participants (one removed, one merged, still "
	       "listed)");
	ok(json_is_true(json_object_get(room, "ended")), "welcome: ended");
	is_str(json_string_value(
		       json_object_get(json_object_get(w, "you"), "role")),
	       "client", "welcome: you are the client");
	is_str(json_string_value(json_object_get(json_object_get(room, "sheet"),
						 "title")),
	       "Équipe", "welcome: sheet text intact");
	is_int(json_array_size(json_object_get(room, "steps")), 6,
	       "welcome: six steps");
	json_decref(w);
	w = valid(codec_encode_welcome(NULL, "h2", cli, "k3J9wq_Zt", true, 7, t,
				       WALL0 + t),
		  "replies/welcome.json", "replay welcome (no room)");
	ok(w && !json_object_get(w, "room"), "replay welcome: no room");
	json_decref(w);
	ok(codec_encode_welcome(r, "h", 999, "x", false, 0, t, t) == NULL,
	   "welcome for an unknown participant: NULL");
	struct core_event bogus = {EV_QUESTION_ANSWERED, 999, 0, NULL};
	ok(codec_encode_event(r, &bogus, 1, t, t) == NULL,
	   "event about a missing question: NULL");
	bogus.type = EV__COUNT;
	ok(codec_encode_event(r, &bogus, 1, t, t) == NULL,
	   "out-of-range event type: NULL");
	room_free(r);
}

/* deadline_ms = wall_now + (deadline_mono - mono_now). */
static void deadline(void)
{
	struct room *r = new_room();
	uint32_t fac = join(r, "F", true, 0);
	int64_t t = 5000;
	run(r, fac, t, "{\"type\":\"timer.start\",\"id\":\"s\"}");
	struct core_timer_view v;
	int64_t now = t + 61000, wall = WALL0 + 777;
	room_timer_view(r, now, &v);
	char *s = codec_encode_snapshot(r, now, wall);
	json_t *x = json_loads(s ? s : "", 0, NULL);
	free(s);
	json_t *tm = json_object_get(x, "timer");
	is_str(json_string_value(json_object_get(tm, "status")), "running",
	       "timer running");
	is_int(json_integer_value(json_object_get(tm, "deadline_ms")),
	       wall + (v.deadline_ms - now), "deadline converted to wall");
	is_int(json_integer_value(json_object_get(tm, "remaining_ms")),
	       15 * 60000 - 61000, "remaining");
	json_decref(x);
	run(r, fac, now, "{\"type\":\"timer.pause\",\"id\":\"p\"}");
	s = codec_encode_snapshot(r, now, wall);
	x = json_loads(s ? s : "", 0, NULL);
	free(s);
	ok(!json_object_get(json_object_get(x, "timer"), "deadline_ms"),
	   "no deadline while paused");
	json_t *m = json_object_get(x, "warn_marks_s");
	ok(json_array_size(m) == 2 &&
		   json_integer_value(json_array_get(m, 0)) == 120 &&
		   json_integer_value(json_array_get(m, 1)) == 30,
	   "snapshot carries the default warning marks [120, 30]");
	json_decref(x);
	room_free(r);
}

/* The room's configured marks, not defaults, go into the snapshot. */
static void snapshot_marks(void)
{
	size_t len = 0;
	char *buf = tu_read("config/templates/codev-90.json", &len);
	struct core_template tpl;
	char err[200] = "";
	struct core_room_config cfg;

	ok(buf && codec_template_parse(buf, len, &tpl, err, sizeof err),
	   "template %s", err);
	free(buf);
	core_room_config_default(&cfg);
	cfg.warn_marks_s[0] = 60;
	cfg.warn_marks_s[1] = 300;
	cfg.warn_marks_s[2] = 10;
	cfg.n_warn_marks = 3;
	struct room *r = room_new("r7k2q9", &tpl, &cfg, 0);
	uint32_t fac = join(r, "F", true, 0);
	json_t *x = valid(
		codec_encode_welcome(r, "w", fac, "abc", false, 1, 0, WALL0),
		"replies/welcome.json", "welcome with 3 marks");
	json_t *m = json_object_get(json_object_get(x, "room"), "warn_marks_s");
	ok(json_array_size(m) == 3 &&
		   json_integer_value(json_array_get(m, 0)) == 300 &&
		   json_integer_value(json_array_get(m, 1)) == 60 &&
		   json_integer_value(json_array_get(m, 2)) == 10,
	   "configured marks, largest first: [300, 60, 10]");
	json_decref(x);
	room_free(r);
}

static void replies(void)
{
	json_decref(valid(codec_encode_ack("a1", 42), "replies/ack.json",
			  "ack with seq"));
	json_t *x = valid(codec_encode_ack("a2", 0), "replies/ack.json",
			  "ack without seq");
	ok(!json_object_get(x, "seq"), "seq 0 omitted");
	json_decref(x);
	struct codec_error e;
	codec_error_set(&e, CORE_E_WRONG_STEP, NULL, NULL);
	x = valid(codec_encode_error("a3", &e), "replies/error.json", "error");
	is_str(json_string_value(json_object_get(x, "code")), "wrong_step",
	       "error code");
	ok(!json_object_get(x, "field"), "no field when empty");
	json_decref(x);
	codec_decode("{\"type\":\"x\"", 11, NULL, &(struct codec_request){0},
		     &e);
	x = valid(codec_encode_error(NULL, &e), "replies/error.json",
		  "error without re");
	ok(json_is_null(json_object_get(x, "re")), "re null");
	json_decref(x);
	x = valid(codec_encode_pong("p", 123, WALL0), "replies/pong.json",
		  "pong");
	is_int(json_integer_value(json_object_get(x, "t0")), 123, "t0 echoed");
	json_decref(x);
	char *s = codec_encode_ack("a4", 1);
	is_str(s, "{\"type\":\"ack\",\"re\":\"a4\",\"seq\":1}",
	       "compact, type first");
	free(s);
}

/* Fails the n-th allocation of jansson from then on, once. */
static long alloc_n, alloc_fail_at;

static void *failing_malloc(size_t n)
{
	return ++alloc_n == alloc_fail_at ? NULL : malloc(n);
}

/* Every encoder, with each of its allocations failing in turn, returns
 * NULL or a complete message, and never leaks (ASan) or crashes. */
static void out_of_memory(void)
{
	struct room *r = new_room();
	uint32_t fac = join(r, "F", true, 0);
	uint32_t cli = join(r, "C", false, 0);
	run(r, fac, 1, "{\"type\":\"timer.start\",\"id\":\"s\"}");
	run(r, cli, 1, "{\"type\":\"hand.raise\",\"id\":\"h\"}");
	struct core_event evs[] = {
		{EV_PARTICIPANT_JOINED, cli, 0, NULL},
		{EV_TIMER_CHANGED, 0, 0, "started"},
		{EV_STEP_CHANGED, 0, 0, NULL},
		{EV_HANDS_CHANGED, cli, 0, "raised"},
		{EV_ROUND_CHANGED, 0, 0, NULL},
		{EV_PLAN_UPDATED, 0, 0, NULL},
	};
	int nulls = 0, complete = 0;
	json_set_alloc_funcs(failing_malloc, free);
	for (size_t k = 0; k <= sizeof evs / sizeof evs[0]; k++) {
		for (alloc_fail_at = 1;; alloc_fail_at++) {
			alloc_n = 0;
			char *s =
				k < sizeof evs / sizeof evs[0]
					? codec_encode_event(r, &evs[k], 1, 2,
							     2)
					: codec_encode_welcome(r, "w", cli, "x",
							       false, 1, 2, 2);
			if (alloc_n < alloc_fail_at) { /* nothing failed */
				complete += s != NULL;
				free(s);
				break;
			}
			nulls += s == NULL;
			free(s);
		}
	}
	json_set_alloc_funcs(malloc, free);
	ok(nulls > 50, "allocation failures give NULL (%d cases)", nulls);
	is_int(complete, sizeof evs / sizeof evs[0] + 1,
	       "and without failure every encoder completes");
	/* jansson reports most allocation failures as syntax errors: we
	 * only require a refusal that holds nothing. */
	const char *msg = "{\"type\":\"plan.update\",\"id\":\"1\","
			  "\"items\":[{\"action\":\"a\",\"by_when\":\"b\"}]}";
	int refused = 0, clean = 0;
	json_set_alloc_funcs(failing_malloc, free);
	for (alloc_fail_at = 1;; alloc_fail_at++) {
		struct codec_request rq;
		alloc_n = 0;
		enum core_err err =
			codec_decode(msg, strlen(msg), NULL, &rq, NULL);
		clean += err == CORE_OK || rq.priv == NULL;
		codec_request_release(&rq);
		if (alloc_n < alloc_fail_at)
			break;
		refused += err != CORE_OK;
	}
	json_set_alloc_funcs(malloc, free);
	is_int(refused, alloc_fail_at - 1,
	       "decode refuses under each allocation failure");
	is_int(clean, alloc_fail_at, "and holds nothing after refusing");
	room_free(r);
}

int main(int argc, char **argv)
{
	tu_init(argc, argv);
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/proto/schemas", tu_root);
	jschema_init(&js, dir);
	workshop();
	deadline();
	snapshot_marks();
	replies();
	out_of_memory();
	jschema_free(&js);
	return tap_done();
}
