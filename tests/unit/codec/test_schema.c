/*
 * test_schema.c — the message table, the codec's names and proto/ cannot
 * drift: every table entry has a request schema whose properties,
 * required list and limits equal the table's (and vice versa), the enums
 * of the schemas equal the core's name tables, every valid example
 * validates against its schema and every invalid example is rejected by
 * the schema too.
 */
#include <jansson.h>

#include "codec/codec.h"
#include "codec/msgtable.h"
#include "core/room.h"
#include "jschema.h"
#include "tap.h"
#include "testutil.h"

static struct jschema js;

static json_int_t geti(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? json_integer_value(v) : -12345;
}

static const char *gets(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "(none)";
}

static bool in_required(json_t *schema, const char *name)
{
	size_t i;
	json_t *v;
	json_array_foreach(
		json_object_get(schema, "required"), i,
		v) if (!strcmp(json_string_value(v), name)) return true;
	return false;
}

static void same_object(const char *file, json_t *schema,
			const struct mt_field *fs, size_t n, size_t extra,
			const char *what);

static void same_field(const char *file, const struct mt_field *f, json_t *p,
		       const char *what)
{
	struct codec_limits lim;
	codec_limits_default(&lim);
	switch (f->kind) {
	case MT_STR: {
		is_str(gets(p, "type"), "string", "%s.%s is a string", what,
		       f->name);
		is_int(geti(p, "minLength"), f->min, "%s.%s minLength", what,
		       f->name);
		is_int(geti(p, "maxLength"), codec_field_max(f, &lim),
		       "%s.%s maxLength", what, f->name);
		const char *re = codec_pattern_regex(f->pattern);
		is_str(gets(p, "pattern"), re ? re : "(none)", "%s.%s pattern",
		       what, f->name);
		break;
	}
	case MT_INT:
		is_str(gets(p, "type"), "integer", "%s.%s is an integer", what,
		       f->name);
		is_int(geti(p, "minimum"), f->min, "%s.%s minimum", what,
		       f->name);
		is_int(geti(p, "maximum"), f->max, "%s.%s maximum", what,
		       f->name);
		break;
	case MT_BOOL:
		is_str(gets(p, "type"), "boolean", "%s.%s is a boolean", what,
		       f->name);
		break;
	case MT_ROLE: {
		json_t *e = json_object_get(p, "enum");
		ok(json_array_size(e) == ROLE__COUNT, "%s.%s: one per role",
		   what, f->name);
		for (int r = 0; r < ROLE__COUNT; r++)
			is_str(json_string_value(json_array_get(e, r)),
			       core_role_name((enum core_role)r),
			       "%s.%s role %d", what, f->name, r);
		break;
	}
	case MT_ITEM_KIND: {
		json_t *e = json_object_get(p, "enum");
		ok(json_array_size(e) == CORE_ITEM__COUNT,
		   "%s.%s: one per kind of item", what, f->name);
		for (int k = 0; k < CORE_ITEM__COUNT; k++)
			is_str(json_string_value(json_array_get(e, k)),
			       core_item_kind_name((enum core_item_kind)k),
			       "%s.%s kind %d", what, f->name, k);
		break;
	}
	case MT_ARRAY:
		is_str(gets(p, "type"), "array", "%s.%s is an array", what,
		       f->name);
		is_int(geti(p, "minItems"), f->min, "%s.%s minItems", what,
		       f->name);
		is_int(geti(p, "maxItems"), f->max, "%s.%s maxItems", what,
		       f->name);
		same_object(file, json_object_get(p, "items"), f->sub, f->n_sub,
			    0, f->name);
		break;
	}
}

/* schema (an object schema) has exactly the fields fs plus `extra`
 * envelope properties, with the same required set. */
static void same_object(const char *file, json_t *schema,
			const struct mt_field *fs, size_t n, size_t extra,
			const char *what)
{
	json_t *props = json_object_get(schema, "properties");
	ok(json_is_false(json_object_get(schema, "additionalProperties")),
	   "%s: additionalProperties false", what);
	is_int(json_object_size(props), n + extra,
	       "%s: as many properties as table fields", what);
	size_t req = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_object_get(props, fs[i].name);
		ok(p != NULL, "%s: schema has %s", what, fs[i].name);
		if (!p)
			continue;
		is_int(in_required(schema, fs[i].name), fs[i].required,
		       "%s.%s required the same", what, fs[i].name);
		req += fs[i].required;
		same_field(file, &fs[i], p, what);
	}
	is_int(json_array_size(json_object_get(schema, "required")),
	       req + extra, "%s: no other required key", what);
}

static void table_vs_schemas(void)
{
	int seen[CMD__COUNT] = {0};
	for (size_t i = 0; i < codec_msgtable_len; i++) {
		const struct mt_msg *m = &codec_msgtable[i];
		char file[128];
		snprintf(file, sizeof file, "requests/%s.json", m->name);
		json_t *s = jschema_load(&js, file);
		ok(s != NULL, "%s has a schema", m->name);
		if (!s)
			continue;
		json_t *props = json_object_get(s, "properties");
		is_str(gets(json_object_get(props, "type"), "const"), m->name,
		       "%s: type const", m->name);
		json_t *id = json_object_get(props, "id");
		ok(geti(id, "minLength") == 1 &&
			   geti(id, "maxLength") == CODEC_ID_MAX &&
			   !strcmp(gets(id, "pattern"),
				   codec_pattern_regex(PAT_ID)),
		   "%s: id rule", m->name);
		ok(in_required(s, "type") && in_required(s, "id"),
		   "%s: type and id required", m->name);
		same_object(file, s, m->fields, m->n_fields, 2, m->name);
		if (m->kind == REQ_COMMAND) {
			seen[m->cmd]++;
			is_str(m->name, core_cmd_name(m->cmd),
			       "%s: core's name of the command", m->name);
		}
		ok(codec_msgtable_find(m->name) == m, "%s: found", m->name);
	}
	for (int c = 0; c < CMD__COUNT; c++)
		is_int(seen[c], 1, "command %d in the table once", c);
	size_t n;
	char **names = tu_list("proto/schemas/requests", &n);
	is_int(n, codec_msgtable_len, "as many request schemas as entries");
	for (size_t i = 0; i < n; i++) {
		names[i][strlen(names[i]) - 5] = '\0';
		ok(codec_msgtable_find(names[i]) != NULL,
		   "schema %s has a table entry", names[i]);
	}
	tu_list_free(names, n);
}

static void enum_is(const char *def, const char *(*name)(int), int count)
{
	json_t *d = json_object_get(
		json_object_get(jschema_load(&js, "common.json"), "$defs"),
		def);
	json_t *e = json_object_get(d, "enum");
	is_int(json_array_size(e), count, "%s: one value per enum", def);
	for (int i = 0; i < count; i++)
		is_str(json_string_value(json_array_get(e, i)), name(i),
		       "%s %d", def, i);
}

static const char *role_n(int i)
{
	return core_role_name(i);
}
static const char *kind_n(int i)
{
	return core_step_kind_name(i);
}
static const char *code_n(int i)
{
	return codec_error_code(i + 1);
}

static void names_vs_schemas(void)
{
	enum_is("role", role_n, ROLE__COUNT);
	enum_is("step_kind", kind_n, STEP__COUNT);
	json_t *t = json_object_get(
		json_object_get(
			json_object_get(jschema_load(&js, "common.json"),
					"$defs"),
			"timer"),
		"properties");
	json_t *st = json_object_get(json_object_get(t, "status"), "enum");
	for (int i = 0; i < CORE_TIMER__COUNT; i++)
		is_str(json_string_value(json_array_get(st, i)),
		       core_timer_status_name(i), "timer status %d", i);
	json_t *err = jschema_load(&js, "replies/error.json");
	json_t *codes = json_object_get(
		json_object_get(json_object_get(err, "properties"), "code"),
		"enum");
	is_int(json_array_size(codes), CORE_E__COUNT - 1, "one code per error");
	for (int i = 0; i < CORE_E__COUNT - 1; i++)
		is_str(json_string_value(json_array_get(codes, i)), code_n(i),
		       "error code %d", i + 1);
	for (int e = 0; e < EV__COUNT; e++) {
		const char *n = codec_event_name(e);
		is_str(n, core_event_name(e), "event %d wire name", e);
		char file[128];
		snprintf(file, sizeof file, "events/%s.json", n ? n : "?");
		ok(jschema_load(&js, file) != NULL, "%s has a schema", file);
	}
	size_t n;
	char **names = tu_list("proto/schemas/events", &n);
	is_int(n, EV__COUNT, "one event schema per event type");
	tu_list_free(names, n);
}

/* Every valid example validates and names its own type. */
static void examples_valid(const char *dir)
{
	char rel[256];
	snprintf(rel, sizeof rel, "proto/examples/valid/%s", dir);
	size_t n;
	char **names = tu_list(rel, &n);
	ok(n > 0, "%s examples exist", dir);
	for (size_t i = 0; i < n; i++) {
		char path[512], file[256];
		snprintf(path, sizeof path, "%s/%s", rel, names[i]);
		char *buf = tu_read(path, NULL);
		json_t *x = buf ? json_loads(buf, JSON_REJECT_DUPLICATES, NULL)
				: NULL;
		free(buf);
		const char *type = gets(x, "type");
		ok(!strncmp(names[i], type, strlen(type)), "%s/%s is a %s", dir,
		   names[i], type);
		snprintf(file, sizeof file, "%s/%s.json", dir, type);
		ok(jschema_check(&js, file, x), "%s/%s validates: %s", dir,
		   names[i], js.err);
		json_decref(x);
	}
	tu_list_free(names, n);
}

/* The schemas reject what the codec rejects (where JSON parses). */
static void examples_invalid(void)
{
	size_t n;
	char **names = tu_list("proto/examples/invalid", &n);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(names[i], "expected.json"))
			continue;
		char path[512], file[256];
		snprintf(path, sizeof path, "proto/examples/invalid/%s",
			 names[i]);
		char *buf = tu_read(path, NULL);
		json_t *x = buf ? json_loads(buf, JSON_REJECT_DUPLICATES, NULL)
				: NULL;
		free(buf);
		if (!json_is_object(x) ||
		    !json_is_string(json_object_get(x, "type"))) {
			json_decref(x);
			continue;
		}
		snprintf(file, sizeof file, "requests/%s.json",
			 gets(x, "type"));
		bool known = jschema_load(&js, file) != NULL;
		ok(!known || !jschema_check(&js, file, x),
		   "schema rejects invalid %s", names[i]);
		json_decref(x);
	}
	tu_list_free(names, n);
}

int main(int argc, char **argv)
{
	tu_init(argc, argv);
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/proto/schemas", tu_root);
	jschema_init(&js, dir);
	table_vs_schemas();
	names_vs_schemas();
	examples_valid("requests");
	examples_valid("replies");
	examples_valid("events");
	examples_invalid();
	jschema_free(&js);
	return tap_done();
}
