/*
 * jschema.c — see jschema.h. Test code: clarity over speed.
 */
#include "jschema.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void jschema_init(struct jschema *js, const char *dir)
{
	snprintf(js->dir, sizeof js->dir, "%s", dir);
	js->cache = json_object();
	js->err[0] = '\0';
}

void jschema_free(struct jschema *js)
{
	json_decref(js->cache);
	js->cache = NULL;
}

json_t *jschema_load(struct jschema *js, const char *file)
{
	json_t *s = json_object_get(js->cache, file);
	if (s)
		return s;
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", js->dir, file);
	s = json_load_file(path, JSON_REJECT_DUPLICATES, NULL);
	if (!s)
		return NULL;
	json_object_set_new(js->cache, file, s);
	return s;
}

static bool fail(struct jschema *js, const char *path, const char *fmt, ...)
{
	if (js->err[0])
		return false;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(js->err, sizeof js->err, "%s: %s", path[0] ? path : "$", msg);
	return false;
}

/* Decodes one UTF-8 code point (input already valid). */
static uint32_t next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c = *s++;
	int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (extra)
		c &= 0x3F >> extra;
	while (extra--)
		c = (c << 6) | (*s++ & 0x3F);
	*p = s;
	return c;
}

static size_t cp_len(const char *s)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		next_cp(&p);
		n++;
	}
	return n;
}

/* One class member of the pattern: a char or a \uXXXX escape. */
static bool class_char(const char **p, uint32_t *out)
{
	if (**p == '\\' && (*p)[1] == 'u') {
		unsigned v;
		if (sscanf(*p + 2, "%4x", &v) != 1)
			return false;
		*out = v;
		*p += 6;
		return true;
	}
	if (**p == '\\')
		(*p)++;
	*out = (unsigned char)**p;
	(*p)++;
	return true;
}

bool jschema_pattern(const char *pat, const char *s, char *err, size_t errlen)
{
	size_t n = strlen(pat);
	if (n < 6 || strncmp(pat, "^[", 2) || strcmp(pat + n - 3, "]*$")) {
		snprintf(err, errlen, "unsupported pattern %s", pat);
		return false;
	}
	const char *p = pat + 2, *end = pat + n - 3;
	bool neg = *p == '^';
	p += neg;
	uint32_t lo[32], hi[32];
	size_t k = 0;
	while (p < end && k < 32) {
		if (!class_char(&p, &lo[k]))
			return false;
		hi[k] = lo[k];
		if (*p == '-' && p + 1 < end) {
			p++;
			if (!class_char(&p, &hi[k]))
				return false;
		}
		k++;
	}
	const unsigned char *q = (const unsigned char *)s;
	while (*q) {
		uint32_t c = next_cp(&q);
		bool in = false;
		for (size_t i = 0; i < k; i++)
			in |= c >= lo[i] && c <= hi[i];
		if (in == neg) {
			snprintf(err, errlen, "U+%04X does not match %s",
				 (unsigned)c, pat);
			return false;
		}
	}
	return true;
}

/* The file a $ref points into, relative to the referring file's dir. */
static void ref_target(const char *file, const char *ref, char *out, size_t cap)
{
	const char *hash = strchr(ref, '#');
	size_t n = hash ? (size_t)(hash - ref) : strlen(ref);
	if (n == 0) {
		snprintf(out, cap, "%s", file);
		return;
	}
	const char *slash = strrchr(file, '/');
	int dir = slash ? (int)(slash - file + 1) : 0;
	snprintf(out, cap, "%.*s%.*s", dir, file, (int)n, ref);
}

json_t *jschema_deref(struct jschema *js, const char *file, json_t *node)
{
	json_t *ref = json_object_get(node, "$ref");
	if (!json_is_string(ref))
		return node;
	const char *r = json_string_value(ref);
	const char *hash = strchr(r, '#');
	char target[256];
	ref_target(file, r, target, sizeof target);
	json_t *doc = jschema_load(js, target);
	if (!doc || !hash || strncmp(hash, "#/$defs/", 8))
		return NULL;
	return json_object_get(json_object_get(doc, "$defs"), hash + 8);
}

static bool type_is(json_t *inst, const char *t)
{
	if (!strcmp(t, "object"))
		return json_is_object(inst);
	if (!strcmp(t, "array"))
		return json_is_array(inst);
	if (!strcmp(t, "string"))
		return json_is_string(inst);
	if (!strcmp(t, "integer"))
		return json_is_integer(inst);
	if (!strcmp(t, "number"))
		return json_is_number(inst);
	if (!strcmp(t, "boolean"))
		return json_is_boolean(inst);
	if (!strcmp(t, "null"))
		return json_is_null(inst);
	return false;
}

static bool check(struct jschema *js, const char *file, json_t *s, json_t *inst,
		  const char *path);

static bool check_type(struct jschema *js, json_t *t, json_t *inst,
		       const char *path)
{
	if (json_is_string(t))
		return type_is(inst, json_string_value(t)) ||
		       fail(js, path, "not of type %s", json_string_value(t));
	size_t i;
	json_t *v;
	json_array_foreach(
		t, i, v) if (type_is(inst, json_string_value(v))) return true;
	return fail(js, path, "not of any allowed type");
}

static bool check_object(struct jschema *js, const char *file, json_t *s,
			 json_t *inst, const char *path)
{
	json_t *props = json_object_get(s, "properties");
	json_t *addl = json_object_get(s, "additionalProperties");
	char sub[512];
	const char *key;
	json_t *v;
	json_object_foreach(inst, key, v)
	{
		snprintf(sub, sizeof sub, "%s.%s", path, key);
		json_t *ps = json_object_get(props, key);
		if (!ps) {
			if (json_is_false(addl))
				return fail(js, path, "unexpected key %s", key);
			continue;
		}
		if (!check(js, file, ps, v, sub))
			return false;
	}
	size_t i;
	json_array_foreach(json_object_get(s, "required"), i, v)
	{
		if (!json_object_get(inst, json_string_value(v)))
			return fail(js, path, "missing %s",
				    json_string_value(v));
	}
	return true;
}

static bool check_array(struct jschema *js, const char *file, json_t *s,
			json_t *inst, const char *path)
{
	json_t *lo = json_object_get(s, "minItems");
	json_t *hi = json_object_get(s, "maxItems");
	size_t n = json_array_size(inst);
	if (lo && (json_int_t)n < json_integer_value(lo))
		return fail(js, path, "too few items");
	if (hi && (json_int_t)n > json_integer_value(hi))
		return fail(js, path, "too many items");
	json_t *items = json_object_get(s, "items");
	char sub[512];
	for (size_t i = 0; items && i < n; i++) {
		snprintf(sub, sizeof sub, "%s[%zu]", path, i);
		if (!check(js, file, items, json_array_get(inst, i), sub))
			return false;
	}
	return true;
}

static bool check_string(struct jschema *js, json_t *s, json_t *inst,
			 const char *path)
{
	size_t n = cp_len(json_string_value(inst));
	json_t *lo = json_object_get(s, "minLength");
	json_t *hi = json_object_get(s, "maxLength");
	json_t *pat = json_object_get(s, "pattern");
	if (lo && (json_int_t)n < json_integer_value(lo))
		return fail(js, path, "shorter than %lld",
			    (long long)json_integer_value(lo));
	if (hi && (json_int_t)n > json_integer_value(hi))
		return fail(js, path, "longer than %lld",
			    (long long)json_integer_value(hi));
	char err[200];
	if (pat && !jschema_pattern(json_string_value(pat),
				    json_string_value(inst), err, sizeof err))
		return fail(js, path, "%s", err);
	return true;
}

static bool check_number(struct jschema *js, json_t *s, json_t *inst,
			 const char *path)
{
	json_t *lo = json_object_get(s, "minimum");
	json_t *hi = json_object_get(s, "maximum");
	double x = json_number_value(inst);
	if (lo && x < json_number_value(lo))
		return fail(js, path, "below minimum");
	if (hi && x > json_number_value(hi))
		return fail(js, path, "above maximum");
	return true;
}

static bool check_enum(struct jschema *js, json_t *s, json_t *inst,
		       const char *path)
{
	json_t *c = json_object_get(s, "const");
	if (c && !json_equal(c, inst))
		return fail(js, path, "not the constant");
	json_t *e = json_object_get(s, "enum");
	if (!e)
		return true;
	size_t i;
	json_t *v;
	json_array_foreach(e, i, v) if (json_equal(v, inst)) return true;
	return fail(js, path, "not in enum");
}

static bool known_keywords(struct jschema *js, json_t *s, const char *path)
{
	static const char *const kw[] = {
		"$schema",   "$id",	    "$defs",	"$ref",
		"title",     "description", "type",	"const",
		"enum",	     "properties",  "required", "additionalProperties",
		"minLength", "maxLength",   "pattern",	"minimum",
		"maximum",   "items",	    "minItems", "maxItems",
		NULL};
	const char *key;
	json_t *v;
	json_object_foreach(s, key, v)
	{
		const char *const *k = kw;
		while (*k && strcmp(*k, key))
			k++;
		if (!*k)
			return fail(js, path, "unsupported keyword %s", key);
	}
	return true;
}

static bool check(struct jschema *js, const char *file, json_t *s, json_t *inst,
		  const char *path)
{
	if (!known_keywords(js, s, path))
		return false;
	json_t *ref = json_object_get(s, "$ref");
	if (ref) {
		json_t *t = jschema_deref(js, file, s);
		if (!t)
			return fail(js, path, "unresolved $ref");
		char target[256];
		ref_target(file, json_string_value(ref), target, sizeof target);
		return check(js, target, t, inst, path);
	}
	json_t *t = json_object_get(s, "type");
	if (t && !check_type(js, t, inst, path))
		return false;
	if (!check_enum(js, s, inst, path))
		return false;
	if (json_is_object(inst))
		return check_object(js, file, s, inst, path);
	if (json_is_array(inst))
		return check_array(js, file, s, inst, path);
	if (json_is_string(inst))
		return check_string(js, s, inst, path);
	if (json_is_number(inst))
		return check_number(js, s, inst, path);
	return true;
}

bool jschema_check(struct jschema *js, const char *file, json_t *inst)
{
	js->err[0] = '\0';
	json_t *s = jschema_load(js, file);
	if (!s)
		return fail(js, "", "no schema %s", file);
	return check(js, file, s, inst, "");
}
