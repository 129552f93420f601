/*
 * sessionjson.h — the JSON of organizations' sessions (proto/sessions.md):
 * the API session document and list, the stored form, the organizer's
 * request bodies, the 422 cohort error, help items, and the CSV cohort
 * import shared with the admin CLI.
 *
 * Decoders are strict like the WebSocket codec: one JSON object, no
 * duplicate or unknown keys, exact types, bounded values; the error's
 * field names the top-level field at fault and the message says where
 * inside it (a person's number, a CSV line and column) without quoting
 * values. Encoders return malloc'd compact JSON the caller frees; NULL
 * on OOM.
 */
#ifndef CODEC_SESSIONJSON_H
#define CODEC_SESSIONJSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec/codec.h"
#include "core/osess.h"

#define CODEC_SESSION_PAIRS_MAX 10000	  /* apart or together pairs */
#define CODEC_SESSION_HISTORY_MAX 4000000 /* stored pairings */
#define CODEC_SESSION_TEXT_CHARS 500	  /* banner, code points */
#define CODEC_SESSION_MINUTES_MAX 180	  /* plenary countdown */

/* --- encoders ------------------------------------------------------------ */

/* The API session document (no nonces, no counts, no history). */
char *codec_session_doc(const struct org_session *s);
/* {"sessions":[{id,name,state,template,meeting,people,groups}]}. */
char *codec_session_list(struct org_session *const *v, size_t n);
/* One help item; codec_console_help adds "type":"console.help". */
char *codec_help_item(const struct osess_help *h);
char *codec_console_help(const struct osess_help *h);
/* The 400/404/409/422/500 body for a core error (see proto). */
char *codec_session_error(const struct osess_error *err);
/* The HTTP status that goes with codec_session_error's body. */
int codec_session_error_status(const struct osess_error *err);

/* --- stored form --------------------------------------------------------- */

/* The format's version, the document's "v" (sessionstore.c writes it,
 * sessionload.c accepts only it). */
#define CODEC_SESSION_STORE_VERSION 1

/* Everything in s, nonces as hex; load(store(s)) stores identically. */
char *codec_session_store(const struct org_session *s);
/* NULL with a reason in err (never a stored value) when anything is
 * missing, unknown, mistyped or out of range. Free with osess_free. */
struct org_session *codec_session_load(const char *json, size_t len, char *err,
				       size_t errlen);

/* --- people (CSV import and the request's "people") ---------------------- */

/* Owned people: names and emails point into text (an empty email is a
 * static ""). */
struct codec_people {
	struct osess_person_in *v;
	size_t n, v_cap;
	char *text;
	size_t text_len, text_cap;
};

/* A CSV cohort: a header naming columns among name (required), email,
 * wants_client, can_facilitate, facilitator, in any order; ',' or ';'
 * (whichever the header uses); RFC 4180 quotes; CRLF, LF or CR; BOM and
 * blank lines skipped; booleans yes/no/true/false/1/0/oui/non/y/n, empty
 * = no. 1..max_people people. On error, e->field is "csv" and the
 * message names the line and column; out is left empty. */
enum core_err codec_csv_people(const char *csv, size_t len, size_t max_people,
			       struct codec_people *out, struct codec_error *e);
void codec_people_free(struct codec_people *p); /* NULL ok, zeroes it */

/* --- request bodies ------------------------------------------------------ */

/* POST /api/sessions, decoded: req's strings and arrays point into the
 * rest of the struct (free with codec_session_req_free). */
struct codec_session_req {
	struct osess_request req;
	char name[OSESS_NAME_MAX + 1]; /* trimmed */
	char template_id[CORE_TEMPLATE_ID_MAX];
	struct codec_people people;
	struct cohort_pair *pairs; /* apart then together */
};

/* Strict decode of the session request: at most max_people people
 * (and COHORT_MAX_PEOPLE), bad_field "people" (or "csv") beyond. Only
 * ranges are checked here (ids in 1..n, sizes, min <= max); the split is
 * osess_new's. On error nothing is held and out is zeroed. */
enum core_err codec_session_request(const char *body, size_t len,
				    size_t max_people,
				    struct codec_session_req *out,
				    struct codec_error *e);
void codec_session_req_free(struct codec_session_req *r); /* NULL ok */

/* PUT .../groups: {"groups":[{"members":[ids],"facilitator":id}]} with
 * ids 1..n_people. Who goes where is the core's to check. */
struct codec_groups {
	struct osess_group_in *v;
	size_t n;
	uint32_t *ids; /* every v[i].members points in here */
};
enum core_err codec_session_groups(const char *body, size_t len,
				   size_t n_people, struct codec_groups *out,
				   struct codec_error *e);
void codec_groups_free(struct codec_groups *g); /* NULL ok */

/* PUT .../plan: exactly n_groups entries of exactly n_workshops items,
 * ids 1..n_people; *out (malloc'd, caller frees) holds them flat,
 * out[g * n_workshops + w], *n_out = n_groups * n_workshops. */
enum core_err codec_session_plan(const char *body, size_t len, size_t n_groups,
				 size_t n_workshops, size_t n_people,
				 struct osess_plan_item **out, size_t *n_out,
				 struct codec_error *e);

/* {"text":"…"}: 0..500 code points, at most OSESS_TEXT_MAX bytes, no
 * control characters but newline and tab; copied into out (cap >
 * OSESS_TEXT_MAX). "" clears the banner. */
enum core_err codec_session_text(const char *body, size_t len, char *out,
				 size_t cap, struct codec_error *e);
/* {"minutes":n}, 0..180. */
enum core_err codec_session_minutes(const char *body, size_t len,
				    uint32_t *minutes, struct codec_error *e);
/* {"group":n}, n >= 1 (whether it exists is the core's to say). */
enum core_err codec_session_group(const char *body, size_t len, uint32_t *group,
				  struct codec_error *e);
/* {"group":n, "force"?:bool}: a move (force: break keep-together pairs). */
enum core_err codec_session_move(const char *body, size_t len, uint32_t *group,
				 bool *force, struct codec_error *e);
/* {"reshuffle":bool}; an empty body or {} is false. */
enum core_err codec_session_reshuffle(const char *body, size_t len,
				      bool *reshuffle, struct codec_error *e);

#endif
