/*
 * decode.c — strict decoding of one client request.
 *
 * Order of checks, each failing with its own code: the frame parses as
 * JSON with no duplicate key and nothing after the value (bad_json); the
 * top level is an object (bad_json); "id" is a printable-ASCII string of
 * 1..64 (bad_field "id", reply with "re": null); "type" is a string
 * (bad_field "type") naming a table entry (unknown_type); every key is
 * "type", "id" or a field of that entry (bad_field naming the key); each
 * field in table order has the right JSON type, range, length and
 * characters (bad_field naming it). Only then does the request count as
 * decoded and its strings (borrowed from the parse tree) reach the core.
 *
 * jansson already guarantees valid UTF-8 and no NUL inside strings (we do
 * not pass JSON_ALLOW_NUL), and rejects integers beyond 64 bits (those
 * become bad_json: the parser cannot tell which field they were in).
 */
#include "codec/codec.h"
#include "codec/msgtable.h"
#include "codec/strict.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/room.h"
#include "util/utf8.h"

struct ctx {
	const struct codec_limits *lim;
	struct codec_error *err;
};

void codec_limits_default(struct codec_limits *lim)
{
	*lim = (struct codec_limits){
		.max_name = 64,
		.max_title = 120,
		.max_question = 300,
		.max_long_text = 4000,
		.max_item_text = 1000,
		.max_notes = 10000,
		.max_plan_action = 500,
		.max_plan_by_when = 100,
	};
}

static enum core_err fail(struct ctx *c, const char *field, const char *fmt,
			  long long n)
{
	char msg[CODEC_MESSAGE_MAX];
	snprintf(msg, sizeof msg, fmt, n);
	codec_error_set(c->err, field ? CORE_E_BAD_FIELD : CORE_E_BAD_JSON,
			field, msg);
	return c->err->err;
}

static enum core_err check_string(struct ctx *c, const char *name, json_t *v,
				  size_t lo, size_t hi, enum mt_pattern pat)
{
	if (!json_is_string(v))
		return fail(c, name, "must be a string", 0);
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	/* The byte cap bounds the work before counting code points. */
	if (n > 4 * hi || utf8_count(s, n) > hi)
		return fail(c, name, "too long (at most %lld characters)",
			    (long long)hi);
	if (utf8_count(s, n) < lo)
		return fail(c, name,
			    lo == 1 ? "must not be empty"
				    : "too short (at least %lld)",
			    (long long)lo);
	if (!codec_pattern_match(pat, s, n))
		return fail(c, name, "contains characters not allowed here", 0);
	return CORE_OK;
}

static enum core_err store_int(struct ctx *c, const struct mt_field *f,
			       const char *name, json_t *v, char *base)
{
	if (!json_is_integer(v))
		return fail(c, name, "must be an integer", 0);
	json_int_t x = json_integer_value(v);
	if (x < f->min || x > f->max)
		return fail(c, name, "out of range (maximum %lld)",
			    (long long)f->max);
	switch (f->dest) {
	case D_U32: {
		uint32_t u = (uint32_t)x;
		memcpy(base + f->off, &u, sizeof u);
		break;
	}
	case D_U64: {
		uint64_t u = (uint64_t)x;
		memcpy(base + f->off, &u, sizeof u);
		break;
	}
	default: {
		int64_t i = (int64_t)x;
		memcpy(base + f->off, &i, sizeof i);
		break;
	}
	}
	return CORE_OK;
}

static enum core_err store_field(struct ctx *c, const struct mt_field *f,
				 const char *name, json_t *v, char *base);

/* Copies src into a field-name buffer, cutting on a UTF-8 boundary so
 * the error frame stays valid UTF-8 whatever key the client sent. */
static void field_name(char *dst, size_t cap, const char *prefix,
		       const char *key)
{
	int n = snprintf(dst, cap, "%s%s", prefix, key);
	if (n < 0 || (size_t)n < cap)
		return;
	/* snprintf cut at cap - 1 bytes, maybe inside a character: keep
	 * the whole characters only (prefix and key are valid UTF-8). */
	dst[utf8_prefix(dst, cap - 1)] = '\0';
}

static const struct mt_field *find_field(const struct mt_field *fs, size_t n,
					 const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(fs[i].name, key))
			return &fs[i];
	return NULL;
}

/* The keys an object may hold: its fields, and the envelope's "type"
 * and "id" at the top. */
struct allowed {
	const struct mt_field *fs;
	size_t nf;
	bool envelope;
};

static bool allowed_key(void *ud, const char *key)
{
	const struct allowed *a = ud;

	return (a->envelope && (!strcmp(key, "type") || !strcmp(key, "id"))) ||
	       find_field(a->fs, a->nf, key);
}

/* Rejects keys that are neither envelope keys (when `envelope`) nor
 * fields, then stores every field; prefix names nested fields. */
static enum core_err store_object(struct ctx *c, json_t *obj,
				  const struct mt_field *fs, size_t nf,
				  bool envelope, const char *prefix, char *base)
{
	char name[CODEC_FIELD_MAX];
	struct allowed a = {fs, nf, envelope};
	const char *key = strict_unknown_key_fn(obj, allowed_key, &a);
	json_t *v;

	if (key) {
		field_name(name, sizeof name, prefix, key);
		return fail(c, name, "unknown key", 0);
	}
	for (size_t i = 0; i < nf; i++) {
		field_name(name, sizeof name, prefix, fs[i].name);
		v = json_object_get(obj, fs[i].name);
		if (!v) {
			if (fs[i].required)
				return fail(c, name, "missing", 0);
			continue;
		}
		enum core_err e = store_field(c, &fs[i], name, v, base);
		if (e)
			return e;
		if (fs[i].present_off != MT_NO_OFF) {
			bool yes = true;
			memcpy(base + fs[i].present_off, &yes, sizeof yes);
		}
	}
	return CORE_OK;
}

/* An array of objects: element i lands at off + i * elem_size, the count
 * at count_off (both inside the request). */
static enum core_err store_array(struct ctx *c, const struct mt_field *f,
				 const char *name, json_t *v, char *base)
{
	if (!json_is_array(v))
		return fail(c, name, "must be an array", 0);
	size_t n = json_array_size(v);
	if (n < (size_t)f->min || n > (size_t)f->max)
		return fail(c, name, "wrong number of items (at most %lld)",
			    (long long)f->max);
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_array_get(v, i);
		char prefix[64]; /* cut to CODEC_FIELD_MAX when reported */
		snprintf(prefix, sizeof prefix, "%s[%zu]", name, i);
		if (!json_is_object(it))
			return fail(c, prefix, "must be an object", 0);
		strncat(prefix, ".", sizeof prefix - strlen(prefix) - 1);
		enum core_err e =
			store_object(c, it, f->sub, f->n_sub, false, prefix,
				     base + f->off + i * f->elem_size);
		if (e)
			return e;
	}
	memcpy(base + f->count_off, &n, sizeof n);
	return CORE_OK;
}

static enum core_err store_field(struct ctx *c, const struct mt_field *f,
				 const char *name, json_t *v, char *base)
{
	enum core_err e;
	switch (f->kind) {
	case MT_STR:
		e = check_string(c, name, v, (size_t)f->min,
				 codec_field_max(f, c->lim), f->pattern);
		if (!e) {
			const char *s = json_string_value(v);
			memcpy(base + f->off, &s, sizeof s);
		}
		return e;
	case MT_INT:
		return store_int(c, f, name, v, base);
	case MT_BOOL:
		if (!json_is_boolean(v))
			return fail(c, name, "must be true or false", 0);
		bool b = json_is_true(v);
		memcpy(base + f->off, &b, sizeof b);
		return CORE_OK;
	case MT_ROLE: {
		enum core_role role;
		if (!json_is_string(v) ||
		    !core_role_parse(json_string_value(v), &role))
			return fail(c, name, "not a known role", 0);
		memcpy(base + f->off, &role, sizeof role);
		return CORE_OK;
	}
	case MT_ITEM_KIND: {
		enum core_item_kind kind;
		if (!json_is_string(v) ||
		    !core_item_kind_parse(json_string_value(v), &kind))
			return fail(c, name, "not a known kind of item", 0);
		memcpy(base + f->off, &kind, sizeof kind);
		return CORE_OK;
	}
	case MT_ARRAY:
		return store_array(c, f, name, v, base);
	}
	return fail(c, name, "unsupported field kind", 0);
}

static enum core_err read_id(struct ctx *c, json_t *root,
			     struct codec_request *out)
{
	json_t *id = json_object_get(root, "id");
	if (!id)
		return fail(c, "id", "missing", 0);
	enum core_err e = check_string(c, "id", id, 1, CODEC_ID_MAX, PAT_ID);
	if (e)
		return e;
	memcpy(out->id, json_string_value(id), json_string_length(id) + 1);
	out->has_id = true;
	return CORE_OK;
}

static enum core_err decode_root(struct ctx *c, json_t *root,
				 struct codec_request *out)
{
	if (!json_is_object(root))
		return fail(c, NULL, "a message must be a JSON object", 0);
	enum core_err e = read_id(c, root, out);
	if (e)
		return e;
	json_t *type = json_object_get(root, "type");
	if (!type)
		return fail(c, "type", "missing", 0);
	if (!json_is_string(type))
		return fail(c, "type", "must be a string", 0);
	const struct mt_msg *m = codec_msgtable_find(json_string_value(type));
	if (!m) {
		codec_error_set(c->err, CORE_E_UNKNOWN_TYPE, "type", NULL);
		return CORE_E_UNKNOWN_TYPE;
	}
	out->kind = m->kind;
	out->cmd.type = m->cmd;
	return store_object(c, root, m->fields, m->n_fields, true, "",
			    (char *)out);
}

enum core_err codec_decode(const char *buf, size_t len,
			   const struct codec_limits *lim,
			   struct codec_request *out, struct codec_error *err)
{
	struct codec_limits deflim;
	struct codec_error scratch;
	if (!lim) {
		codec_limits_default(&deflim);
		lim = &deflim;
	}
	struct ctx c = {.lim = lim, .err = err ? err : &scratch};
	memset(out, 0, sizeof *out);
	codec_error_set(c.err, CORE_OK, NULL, NULL);

	json_error_t je;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (!root && json_error_code(&je) == json_error_out_of_memory) {
		codec_error_set(c.err, CORE_E_INTERNAL, NULL, NULL);
		return CORE_E_INTERNAL;
	}
	if (!root)
		return fail(&c, NULL,
			    json_error_code(&je) == json_error_duplicate_key
				    ? "duplicate key"
				    : "not valid JSON",
			    0);
	enum core_err e = decode_root(&c, root, out);
	if (e) {
		json_decref(root);
		/* Keep the id (for "re") but no dangling pointers. */
		char id[sizeof out->id];
		bool has_id = out->has_id;
		memcpy(id, out->id, sizeof id);
		memset(out, 0, sizeof *out);
		out->has_id = has_id;
		memcpy(out->id, id, sizeof id);
		return e;
	}
	out->priv = root;
	return CORE_OK;
}

void codec_request_release(struct codec_request *req)
{
	if (!req)
		return;
	json_decref(req->priv);
	req->priv = NULL;
}
