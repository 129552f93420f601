/*
 * roomstored.c — a room's template and settings as stored with its
 * creation (formats: roomstored.h), and back.
 *
 * Loading trusts nothing: the row may be damaged or from another
 * version. JSON is parsed by jansson with duplicate keys refused; every
 * key must be there and no other; every value has its exact type and
 * range. Whatever the format, the result passes the same checks
 * (check_template, check_config), which every room a hub ever created
 * passes: its template came through codec_template_parse (same id, name
 * and duration rules) and its settings through config.c's bounds.
 *
 * The encoders load what they wrote before returning it, so a room whose
 * creation is stored is a room that restores: a failure shows when the
 * room is made, not at the next start.
 */
#include "codec/roomstored.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/roomjson.h"
#include "codec/strict.h"

#define FORMAT_VERSION 1

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* --- checks shared by both formats ---------------------------------------- */

static bool id_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= CORE_TEMPLATE_ID_MAX)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

static bool name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= CORE_TEMPLATE_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static int check_template(const struct core_template *t, char *err,
			  size_t errlen)
{
	if (!id_ok(t->id))
		return fail(err, errlen,
			    "template id: must be 1..%d of [a-z0-9-]",
			    CORE_TEMPLATE_ID_MAX - 1);
	if (!name_ok(t->name))
		return fail(err, errlen,
			    "template name: must be 1..%d bytes on one line",
			    CORE_TEMPLATE_NAME_MAX - 1);
	if (t->n_steps == 0 || t->n_steps > CORE_MAX_STEPS)
		return fail(err, errlen, "template steps: must be 1..%d",
			    CORE_MAX_STEPS);
	for (size_t i = 0; i < t->n_steps; i++) {
		if (!core_step_kind_name(t->steps[i].kind))
			return fail(err, errlen,
				    "template steps[%zu].kind: not a step kind",
				    i);
		if (t->steps[i].duration_s < 1 ||
		    t->steps[i].duration_s > CODEC_ROOMSTORED_STEP_MAX)
			return fail(err, errlen,
				    "template steps[%zu].seconds: must be "
				    "1..%d",
				    i, CODEC_ROOMSTORED_STEP_MAX);
	}
	return 0;
}

/* The settings' counts: one table for the check, the encoder and the JSON
 * reader. */
static const struct count {
	const char *key;
	size_t off;
	uint32_t max;
} counts[] = {
	{"max_participants",
	 offsetof(struct core_room_config, max_participants),
	 CODEC_ROOMSTORED_PARTICIPANTS_MAX},
	{"max_questions", offsetof(struct core_room_config, max_questions),
	 CODEC_ROOMSTORED_ITEMS_MAX},
	{"max_suggestions", offsetof(struct core_room_config, max_suggestions),
	 CODEC_ROOMSTORED_ITEMS_MAX},
	{"max_learnings", offsetof(struct core_room_config, max_learnings),
	 CODEC_ROOMSTORED_ITEMS_MAX},
};
#define N_COUNTS (sizeof counts / sizeof counts[0])

static uint32_t *count_at(struct core_room_config *c, size_t i)
{
	return (uint32_t *)((char *)c + counts[i].off);
}

static uint32_t count_of(const struct core_room_config *c, size_t i)
{
	return *(const uint32_t *)((const char *)c + counts[i].off);
}

static int check_config(const struct core_room_config *c, char *err,
			size_t errlen)
{
	if (c->rules < CORE_RULES_1 || c->rules > CORE_RULES_CURRENT)
		return fail(err, errlen, "settings rules: must be 1..%d",
			    CORE_RULES_CURRENT);
	for (size_t i = 0; i < N_COUNTS; i++)
		if (count_of(c, i) < 1 || count_of(c, i) > counts[i].max)
			return fail(err, errlen, "settings %s: must be 1..%u",
				    counts[i].key, counts[i].max);
	if (c->n_warn_marks > CORE_MAX_WARN_MARKS)
		return fail(err, errlen, "settings warn_marks_s: at most %d",
			    CORE_MAX_WARN_MARKS);
	for (size_t i = 0; i < c->n_warn_marks; i++)
		if (c->warn_marks_s[i] < 1 ||
		    c->warn_marks_s[i] > CODEC_ROOMSTORED_MARK_MAX)
			return fail(err, errlen,
				    "settings warn_marks_s[%zu]: must be 1..%d",
				    i, CODEC_ROOMSTORED_MARK_MAX);
	return 0;
}

/* --- LEGACY: the texts stored before the JSON forms ------------------------
 * Read so that a data directory written by an earlier hub restores as it
 * did; never written. The parsing is the earlier hub's own (app/roomtext.c
 * until it moved here), followed by the shared checks, which everything
 * that hub wrote passes. Remove once no store holds such rows (rooms last
 * one workshop; `codevhub export` of an old room needs them until then). */

static int legacy_template(const char *s, size_t len, struct core_template *t,
			   char *err, size_t errlen)
{
	char buf[CODEC_ROOMSTORED_MAX], *id, *steps, *name, *save = NULL, *tok;

	memcpy(buf, s, len); /* len < sizeof buf: checked by the caller */
	buf[len] = '\0';
	id = buf + 3; /* after "v1|" */
	steps = strchr(id, '|');
	name = steps ? strchr(steps + 1, '|') : NULL;
	if (!name)
		return fail(err, errlen, "legacy template: fields missing");
	*steps++ = '\0';
	*name++ = '\0';
	if (strlen(id) >= sizeof t->id || strlen(name) >= sizeof t->name)
		return fail(err, errlen, "legacy template: field too long");
	memcpy(t->id, id, strlen(id) + 1);
	memcpy(t->name, name, strlen(name) + 1);
	for (tok = strtok_r(steps, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');
		if (!colon || t->n_steps == CORE_MAX_STEPS)
			return fail(err, errlen, "legacy template: bad steps");
		*colon = '\0';
		struct core_step_def *st = &t->steps[t->n_steps++];
		if (!core_step_kind_parse(tok, &st->kind))
			return fail(err, errlen,
				    "legacy template: not a step kind");
		st->duration_s = (uint32_t)strtoul(colon + 1, NULL, 10);
	}
	return check_template(t, err, errlen);
}

static int legacy_config(const char *s, size_t len, struct core_room_config *c,
			 char *err, size_t errlen)
{
	char buf[CODEC_ROOMSTORED_MAX];
	int pause;

	memcpy(buf, s, len);
	buf[len] = '\0';
	if (sscanf(buf, "v1 %u %u %u %u %d %zu %u %u %u %u",
		   &c->max_participants, &c->max_questions, &c->max_suggestions,
		   &c->max_learnings, &pause, &c->n_warn_marks,
		   &c->warn_marks_s[0], &c->warn_marks_s[1],
		   &c->warn_marks_s[2], &c->warn_marks_s[3]) != 10)
		return fail(err, errlen, "legacy settings: fields missing");
	c->pause_when_client_away = pause != 0;
	c->rules = CORE_RULES_1; /* written before there were other rules */
	return check_config(c, err, errlen);
}

/* --- JSON reading ----------------------------------------------------------
 */

/* The first key of obj not in keys (NULL-terminated), else the first of
 * keys missing from obj; NULL when obj has exactly those keys. */
static const char *keys_wrong(json_t *obj, const char *const *keys)
{
	const char *unknown = strict_unknown_key(obj, keys);

	if (unknown)
		return unknown;
	for (const char *const *k = keys; *k; k++)
		if (!json_object_get(obj, *k))
			return *k;
	return NULL;
}

static int exact_keys(json_t *obj, const char *const *keys, const char *what,
		      char *err, size_t errlen)
{
	const char *k;

	if (!json_is_object(obj))
		return fail(err, errlen, "%s: must be an object", what);
	k = keys_wrong(obj, keys);
	if (k)
		return fail(err, errlen, "%s: key \"%.40s\" unknown or missing",
			    what, k);
	return 0;
}

static bool int_in(json_t *v, json_int_t lo, json_int_t hi, json_int_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return false;
	*out = json_integer_value(v);
	return true;
}

static int format_ok(json_t *root, const char *what, char *err, size_t errlen)
{
	json_int_t v;

	if (!int_in(json_object_get(root, "v"), FORMAT_VERSION, FORMAT_VERSION,
		    &v))
		return fail(err, errlen, "%s v: must be %d", what,
			    FORMAT_VERSION);
	return 0;
}

/* Copies a string member into out (cap bytes); the checks come after. */
static int string_into(json_t *root, const char *key, char *out, size_t cap,
		       char *err, size_t errlen)
{
	json_t *v = json_object_get(root, key);

	if (!json_is_string(v) || json_string_length(v) >= cap ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return fail(err, errlen,
			    "template %s: must be a string under %zu bytes",
			    key, cap);
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

static int json_step(json_t *st, size_t i, struct core_step_def *out, char *err,
		     size_t errlen)
{
	static const char *const keys[] = {"kind", "seconds", NULL};
	char what[48]; /* room for any size_t index */
	json_int_t secs;

	snprintf(what, sizeof what, "template steps[%zu]", i);
	if (exact_keys(st, keys, what, err, errlen))
		return -1;
	json_t *kind = json_object_get(st, "kind");
	if (!json_is_string(kind) ||
	    !core_step_kind_parse(json_string_value(kind), &out->kind))
		return fail(err, errlen, "%s.kind: not a step kind", what);
	if (!int_in(json_object_get(st, "seconds"), 1,
		    CODEC_ROOMSTORED_STEP_MAX, &secs))
		return fail(err, errlen, "%s.seconds: must be an integer 1..%d",
			    what, CODEC_ROOMSTORED_STEP_MAX);
	out->duration_s = (uint32_t)secs;
	return 0;
}

static int json_template(json_t *root, struct core_template *t, char *err,
			 size_t errlen)
{
	static const char *const keys[] = {"v", "id", "name", "steps", NULL};
	json_t *steps;

	if (exact_keys(root, keys, "template", err, errlen) ||
	    format_ok(root, "template", err, errlen) ||
	    string_into(root, "id", t->id, sizeof t->id, err, errlen) ||
	    string_into(root, "name", t->name, sizeof t->name, err, errlen))
		return -1;
	steps = json_object_get(root, "steps");
	if (!json_is_array(steps) || json_array_size(steps) == 0 ||
	    json_array_size(steps) > CORE_MAX_STEPS)
		return fail(err, errlen, "template steps: must be 1..%d",
			    CORE_MAX_STEPS);
	t->n_steps = json_array_size(steps);
	for (size_t i = 0; i < t->n_steps; i++)
		if (json_step(json_array_get(steps, i), i, &t->steps[i], err,
			      errlen))
			return -1;
	return check_template(t, err, errlen);
}

static int json_marks(json_t *a, struct core_room_config *c, char *err,
		      size_t errlen)
{
	json_int_t v;

	if (!json_is_array(a) || json_array_size(a) > CORE_MAX_WARN_MARKS)
		return fail(err, errlen,
			    "settings warn_marks_s: must be an array of "
			    "0..%d",
			    CORE_MAX_WARN_MARKS);
	memset(c->warn_marks_s, 0, sizeof c->warn_marks_s);
	c->n_warn_marks = json_array_size(a);
	for (size_t i = 0; i < c->n_warn_marks; i++) {
		if (!int_in(json_array_get(a, i), 1, CODEC_ROOMSTORED_MARK_MAX,
			    &v))
			return fail(err, errlen,
				    "settings warn_marks_s[%zu]: must be an "
				    "integer 1..%d",
				    i, CODEC_ROOMSTORED_MARK_MAX);
		c->warn_marks_s[i] = (uint32_t)v;
	}
	return 0;
}

static int json_config(json_t *root, struct core_room_config *c, char *err,
		       size_t errlen)
{
	/* "rules" came with the rules that changed a replay (core/room.h):
	 * settings stored without it were made under rules 1. */
#define CONFIG_KEYS                                                            \
	"v", "max_participants", "max_questions", "max_suggestions",           \
		"max_learnings", "warn_marks_s", "pause_when_client_away"
	static const char *const keys[] = {CONFIG_KEYS, "rules", NULL};
	static const char *const keys_rules_1[] = {CONFIG_KEYS, NULL};
#undef CONFIG_KEYS
	bool has_rules =
		json_is_object(root) && json_object_get(root, "rules") != NULL;
	json_t *pause;
	json_int_t v;

	if (exact_keys(root, has_rules ? keys : keys_rules_1, "settings", err,
		       errlen) ||
	    format_ok(root, "settings", err, errlen))
		return -1;
	c->rules = CORE_RULES_1;
	if (has_rules) {
		if (!int_in(json_object_get(root, "rules"), CORE_RULES_1,
			    CORE_RULES_CURRENT, &v))
			return fail(err, errlen,
				    "settings rules: must be an integer 1..%d",
				    CORE_RULES_CURRENT);
		c->rules = (uint32_t)v;
	}
	for (size_t i = 0; i < N_COUNTS; i++) {
		if (!int_in(json_object_get(root, counts[i].key), 1,
			    counts[i].max, &v))
			return fail(err, errlen,
				    "settings %s: must be an integer 1..%u",
				    counts[i].key, counts[i].max);
		*count_at(c, i) = (uint32_t)v;
	}
	if (json_marks(json_object_get(root, "warn_marks_s"), c, err, errlen))
		return -1;
	pause = json_object_get(root, "pause_when_client_away");
	if (!json_is_boolean(pause))
		return fail(err, errlen,
			    "settings pause_when_client_away: must be a "
			    "boolean");
	c->pause_when_client_away = json_is_true(pause);
	return check_config(c, err, errlen);
}

/* Parses s as one JSON object and hands it to read. */
static int load_json(const char *s, size_t len, const char *what,
		     int (*read)(json_t *, void *, char *, size_t), void *out,
		     char *err, size_t errlen)
{
	json_error_t je;
	json_t *root = json_loadb(s, len, JSON_REJECT_DUPLICATES, &je);
	int rc;

	/* je.text may quote the input: only the position is said. */
	if (!root && json_error_code(&je) == json_error_duplicate_key)
		return fail(err, errlen, "%s: a duplicate key (column %d)",
			    what, je.column);
	if (!root)
		return fail(err, errlen, "%s: not JSON (line %d column %d)",
			    what, je.line, je.column);
	rc = read(root, out, err, errlen);
	json_decref(root);
	return rc;
}

static int read_template(json_t *root, void *out, char *err, size_t errlen)
{
	return json_template(root, out, err, errlen);
}

static int read_config(json_t *root, void *out, char *err, size_t errlen)
{
	return json_config(root, out, err, errlen);
}

/* --- the public functions --------------------------------------------------
 */

static int size_ok(const char *s, size_t len, const char *what, char *err,
		   size_t errlen)
{
	if (!s)
		return fail(err, errlen, "%s: missing", what);
	if (len >= CODEC_ROOMSTORED_MAX)
		return fail(err, errlen, "%s: over %d bytes", what,
			    CODEC_ROOMSTORED_MAX - 1);
	return 0;
}

int codec_roomstored_template_load(const char *s, size_t len,
				   struct core_template *t, char *err,
				   size_t errlen)
{
	int rc;

	memset(t, 0, sizeof *t);
	if (size_ok(s, len, "template", err, errlen))
		return -1;
	if (len >= 3 && !memcmp(s, "v1|", 3))
		rc = legacy_template(s, len, t, err, errlen);
	else
		rc = load_json(s, len, "template", read_template, t, err,
			       errlen);
	if (rc)
		memset(t, 0, sizeof *t);
	return rc;
}

int codec_roomstored_config_load(const char *s, size_t len,
				 struct core_room_config *c, char *err,
				 size_t errlen)
{
	int rc;

	core_room_config_default(c);
	if (size_ok(s, len, "settings", err, errlen))
		return -1;
	if (len >= 3 && !memcmp(s, "v1 ", 3))
		rc = legacy_config(s, len, c, err, errlen);
	else
		rc = load_json(s, len, "settings", read_config, c, err, errlen);
	if (rc)
		core_room_config_default(c);
	return rc;
}

/* Dumps root compactly into out with its NUL and releases root. */
static int dump(json_t *root, char *out, size_t cap)
{
	size_t n =
		root && cap ? json_dumpb(root, out, cap - 1, JSON_COMPACT) : 0;

	json_decref(root);
	if (n == 0 || n >= cap)
		return -1;
	out[n] = '\0';
	return 0;
}

/* {"v":1,"id":…,"name":…,"steps":[{"kind":…,"seconds":…}]}. NULL on OOM
 * or a string that is not UTF-8 (json_pack refuses it). */
static json_t *template_json(const struct core_template *t)
{
	json_t *root = json_pack("{s:i,s:s,s:s}", "v", FORMAT_VERSION, "id",
				 t->id, "name", t->name);
	json_t *steps = json_array();

	for (size_t i = 0; steps && i < t->n_steps && i < CORE_MAX_STEPS; i++)
		if (json_array_append_new(
			    steps,
			    json_pack("{s:s,s:I}", "kind",
				      core_step_kind_name(t->steps[i].kind),
				      "seconds",
				      (json_int_t)t->steps[i].duration_s))) {
			json_decref(steps);
			steps = NULL;
		}
	/* roomjson_set takes steps, also when it fails with root NULL. */
	if (!roomjson_set(root, "steps", steps)) {
		json_decref(root);
		return NULL;
	}
	return root;
}

int codec_roomstored_template(const struct core_template *t, char *out,
			      size_t cap)
{
	struct core_template back;

	if (t->n_steps > CORE_MAX_STEPS || dump(template_json(t), out, cap))
		return -1;
	return codec_roomstored_template_load(out, strlen(out), &back, NULL, 0);
}

static json_t *config_json(const struct core_room_config *c)
{
	json_t *root = json_pack("{s:i}", "v", FORMAT_VERSION);
	json_t *marks = json_array();
	bool okay = true;

	for (size_t i = 0; okay && i < N_COUNTS; i++)
		okay = roomjson_set(root, counts[i].key,
				    json_integer((json_int_t)count_of(c, i)));
	for (size_t i = 0; marks && i < c->n_warn_marks; i++)
		if (json_array_append_new(
			    marks,
			    json_integer((json_int_t)c->warn_marks_s[i]))) {
			json_decref(marks);
			marks = NULL;
		}
	/* roomjson_set takes marks, also when it fails with root NULL. */
	if (!okay) {
		json_decref(marks);
		marks = NULL;
	}
	if (!roomjson_set(root, "warn_marks_s", marks) ||
	    !roomjson_set(root, "pause_when_client_away",
			  json_boolean(c->pause_when_client_away)) ||
	    !roomjson_set(root, "rules", json_integer(c->rules))) {
		json_decref(root);
		return NULL;
	}
	return root;
}

int codec_roomstored_config(const struct core_room_config *c, char *out,
			    size_t cap)
{
	struct core_room_config back;

	if (c->n_warn_marks > CORE_MAX_WARN_MARKS ||
	    dump(config_json(c), out, cap))
		return -1;
	return codec_roomstored_config_load(out, strlen(out), &back, NULL, 0);
}
