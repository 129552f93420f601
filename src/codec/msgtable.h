/*
 * msgtable.h — the one table of client requests (codec-internal, and read
 * by the unit test that checks it against proto/schemas/).
 *
 * Each entry names a wire type, says what it decodes to and lists its
 * fields with kind, presence, bounds and where the value lands (a byte
 * offset into struct codec_request). The decoder is a loop over this
 * table; adding a request means adding an entry and a schema.
 */
#ifndef CODEC_MSGTABLE_H
#define CODEC_MSGTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec/codec.h"

enum mt_kind {
	MT_STR, /* string: code points in [min, max or limit] */
	MT_INT, /* integer (never a real) in [min, max] */
	MT_BOOL,
	MT_ROLE,      /* string, one of core_role_name() */
	MT_ITEM_KIND, /* string, one of core_item_kind_name() */
	MT_ARRAY,     /* array of [min, max] objects described by `sub` */
};

enum mt_dest { D_NONE, D_U32, D_U64, D_I64 }; /* width of an MT_INT */

/* Extra rule on a string's characters; each has a fixed regex in the
 * schemas (mt_pattern_regex) so the test can compare them. */
enum mt_pattern {
	PAT_NONE,
	PAT_SINGLE_LINE, /* no C0 control character, no DEL */
	PAT_B64URL,	 /* [A-Za-z0-9_-] */
	PAT_ID,		 /* printable ASCII without space */
	PAT__COUNT
};

#define MT_NO_LIMIT ((size_t)-1)
#define MT_NO_OFF ((size_t)-1)

struct mt_field {
	const char *name;
	enum mt_kind kind;
	bool required;
	enum mt_dest dest;	 /* MT_INT: width of the destination */
	size_t off;		 /* destination, from the base: struct
				    codec_request (MT_ARRAY: its first element),
				    or the element for an array's sub fields */
	size_t present_off;	 /* bool set when present, or MT_NO_OFF */
	int64_t min, max;	 /* MT_INT: value; MT_STR: code points;
				    MT_ARRAY: item count */
	size_t limit_off;	 /* MT_STR: max from struct codec_limits at this
				    offset (MT_NO_LIMIT: use `max`) */
	enum mt_pattern pattern; /* MT_STR */
	const struct mt_field *sub; /* MT_ARRAY: element fields */
	size_t n_sub;
	size_t elem_size; /* MT_ARRAY: bytes per element */
	size_t count_off; /* MT_ARRAY: where the size_t count goes */
};

struct mt_msg {
	const char *name; /* wire "type" */
	enum codec_req_kind kind;
	enum core_cmd_type cmd; /* kind == REQ_COMMAND */
	const struct mt_field *fields;
	size_t n_fields;
};

extern const struct mt_msg codec_msgtable[];
extern const size_t codec_msgtable_len;

/* The entry for a wire type, NULL if unknown. */
const struct mt_msg *codec_msgtable_find(const char *type);
/* The JSON Schema regex of a pattern (NULL for PAT_NONE). */
const char *codec_pattern_regex(enum mt_pattern p);
/* Whether the UTF-8 string s (n bytes) matches pattern p. */
bool codec_pattern_match(enum mt_pattern p, const char *s, size_t n);
/* Effective max of a string field under limits (MT_STR only). */
size_t codec_field_max(const struct mt_field *f,
		       const struct codec_limits *lim);

#endif
