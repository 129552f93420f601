/*
 * template.c — workshop templates (the files of config/templates/) to
 * struct core_template.
 *
 * Format: {"id": "codev-90", "name": "...", "steps": [{"kind":
 * "presentation", "minutes": 15}, ...]}. Same strictness as requests: no
 * duplicate or unknown key, exact JSON types, bounded values:
 *   id      [a-z0-9-], 1..CORE_TEMPLATE_ID_MAX-1 bytes
 *   name    1..CORE_TEMPLATE_NAME_MAX-1 bytes, no control character
 *   steps   1..CORE_MAX_STEPS objects
 *   kind    a core_step_kind_name()
 *   minutes integer 1..240 (a step lasts at most 4 hours), or
 *   seconds integer 1..14400 instead (short rehearsal and test templates);
 *           exactly one of the two
 * Templates are operator files, not client input, but a typo must stop
 * the hub at start with a message naming the field, not run a workshop
 * with a zero-minute step.
 */
#include "codec/codec.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "codec/strict.h"
#include "core/room.h"

#define MAX_MINUTES 240

static bool bad(char *errbuf, size_t errlen, const char *fmt, ...)
{
	if (errbuf && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(errbuf, errlen, fmt, ap);
		va_end(ap);
	}
	return false;
}

static bool id_ok(const char *s, size_t n)
{
	if (n == 0 || n >= CORE_TEMPLATE_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static bool name_ok(const char *s, size_t n)
{
	if (n == 0 || n >= CORE_TEMPLATE_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static bool parse_step(json_t *st, size_t i, struct core_step_def *out,
		       char *errbuf, size_t errlen)
{
	static const char *const keys[] = {"kind", "minutes", "seconds", NULL};
	if (!json_is_object(st))
		return bad(errbuf, errlen, "steps[%zu]: must be an object", i);
	const char *k = strict_unknown_key(st, keys);
	if (k)
		return bad(errbuf, errlen, "steps[%zu]: unknown key \"%.40s\"",
			   i, k);
	json_t *kind = json_object_get(st, "kind");
	if (!json_is_string(kind) ||
	    !core_step_kind_parse(json_string_value(kind), &out->kind))
		return bad(errbuf, errlen,
			   "steps[%zu].kind: missing or not a step kind", i);
	json_t *min = json_object_get(st, "minutes");
	json_t *sec = json_object_get(st, "seconds");
	if (!min == !sec)
		return bad(errbuf, errlen,
			   "steps[%zu]: needs exactly one of minutes, seconds",
			   i);
	json_t *v = min ? min : sec;
	json_int_t max = min ? MAX_MINUTES : MAX_MINUTES * 60;
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > max)
		return bad(errbuf, errlen,
			   "steps[%zu].%s: must be an integer 1..%lld", i,
			   min ? "minutes" : "seconds", (long long)max);
	out->duration_s = (uint32_t)json_integer_value(v) * (min ? 60u : 1u);
	return true;
}

static bool parse_root(json_t *root, struct core_template *out, char *errbuf,
		       size_t errlen)
{
	static const char *const keys[] = {"id", "name", "steps", NULL};
	if (!json_is_object(root))
		return bad(errbuf, errlen, "a template must be a JSON object");
	const char *k = strict_unknown_key(root, keys);
	if (k)
		return bad(errbuf, errlen, "unknown key \"%.40s\"", k);
	json_t *id = json_object_get(root, "id");
	if (!json_is_string(id) ||
	    !id_ok(json_string_value(id), json_string_length(id)))
		return bad(errbuf, errlen,
			   "id: must be 1..%d characters of [a-z0-9-]",
			   CORE_TEMPLATE_ID_MAX - 1);
	json_t *name = json_object_get(root, "name");
	if (!json_is_string(name) ||
	    !name_ok(json_string_value(name), json_string_length(name)))
		return bad(errbuf, errlen,
			   "name: must be 1..%d bytes on one line",
			   CORE_TEMPLATE_NAME_MAX - 1);
	json_t *steps = json_object_get(root, "steps");
	if (!json_is_array(steps) || json_array_size(steps) == 0 ||
	    json_array_size(steps) > CORE_MAX_STEPS)
		return bad(errbuf, errlen, "steps: must be an array of 1..%d",
			   CORE_MAX_STEPS);
	memcpy(out->id, json_string_value(id), json_string_length(id) + 1);
	memcpy(out->name, json_string_value(name),
	       json_string_length(name) + 1);
	out->n_steps = json_array_size(steps);
	for (size_t i = 0; i < out->n_steps; i++)
		if (!parse_step(json_array_get(steps, i), i, &out->steps[i],
				errbuf, errlen))
			return false;
	return true;
}

bool codec_template_parse(const char *json, size_t len,
			  struct core_template *out, char *errbuf,
			  size_t errlen)
{
	json_error_t je;
	memset(out, 0, sizeof *out);
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return bad(errbuf, errlen, "line %d column %d: %s", je.line,
			   je.column, je.text);
	bool okay = parse_root(root, out, errbuf, errlen);
	json_decref(root);
	if (!okay)
		memset(out, 0, sizeof *out);
	return okay;
}
