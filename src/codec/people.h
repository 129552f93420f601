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
/* Bytes of the longest valid UTF-8 prefix of s[0..n). */
size_t people_utf8_prefix(const char *s, size_t n);
/* Code points of valid UTF-8. */
size_t people_chars(const char *s, size_t n);
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
struct json_t;
struct json_t *sessionjson_help(const struct osess_help *h);

#endif
