/*
 * people.h — codec-internal helpers shared by the CSV import (csv.c) and
 * the session request (sessionjson.c): text checks and the owned list of
 * people (struct codec_people, see sessionjson.h).
 */
#ifndef CODEC_PEOPLE_H
#define CODEC_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "codec/sessionjson.h"

/* Valid UTF-8 without control characters (C0, DEL, C1); newline and tab
 * allowed only when `lines`. */
bool people_text_ok(const char *s, size_t n, bool lines);
/* Drops spaces and tabs at both ends. */
void people_trim(const char **s, size_t *n);

/* An empty list whose names and emails may take up to text_cap bytes
 * (their lengths plus one each); false on OOM. */
bool people_init(struct codec_people *p, size_t text_cap);

enum people_bad {
	PEOPLE_OK,
	PEOPLE_NAME_EMPTY,
	PEOPLE_NAME_LONG,
	PEOPLE_NAME_TEXT,
	PEOPLE_EMAIL_LONG,
	PEOPLE_EMAIL_TEXT,
	PEOPLE_NOMEM
};

/* Trims, checks and appends one person (flags: wants_client,
 * can_facilitate, facilitator); says what is wrong. Checks: name
 * 1..OSESS_PERSON_MAX bytes, email 0..OSESS_EMAIL_MAX, both
 * people_text_ok without lines. */
enum people_bad people_add(struct codec_people *p, const char *name,
			   size_t name_len, const char *email, size_t email_len,
			   const bool flags[3]);
/* "name: empty", "email: longer than 254 bytes"... for a message. */
const char *people_why(enum people_bad bad);

/* A help item as the document and the stored form both carry it. */
struct json_t *sessionjson_help(const struct osess_help *h);

/* --- strict request bodies (sessionreq.c; used by sessionedit.c) ------- */

#include <jansson.h>

/* bad_field on field with a formatted message; returns it. */
enum core_err body_bad(struct codec_error *e, const char *field,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
enum core_err body_oom(struct codec_error *e);
/* The body as one JSON object (no duplicate keys); an empty body is {}
 * when empty_ok. */
enum core_err body_load_object(const char *body, size_t len, bool empty_ok,
			       json_t **root, struct codec_error *e);
/* Every key of o is in keys (NULL-terminated); else bad_field naming the
 * first other key after `at`, its path ("people[2]." or ""). */
enum core_err body_known_keys(json_t *o, const char *const *keys,
			      const char *at, struct codec_error *e);
/* An integer lo..hi; absent leaves *out alone unless required. */
enum core_err body_get_u32(json_t *o, const char *key, bool required,
			   json_int_t lo, json_int_t hi, uint32_t *out,
			   struct codec_error *e);
enum core_err body_get_bool(json_t *o, const char *key, bool *out,
			    struct codec_error *e);
/* One id 1..n. */
bool body_id_ok(json_t *v, size_t n, uint32_t *out);

#endif
