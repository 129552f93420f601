/*
 * codec.h — protocol codev.v1: JSON text frames ⇄ typed C values.
 *
 * The spec is proto/README.md; every message has a JSON Schema in
 * proto/schemas/. Decoding is strict and driven by one message table
 * (msgtable.c) that a unit test checks against those schemas, so the code
 * and the spec cannot drift. The core never sees json_t: it receives a
 * `struct core_cmd` and the encoders read a `struct room` read-only.
 *
 * Ownership:
 *   - codec_decode: on success every string in `out` (hello fields, the
 *     strings inside out->cmd) points into a parse tree kept alive by
 *     out->priv; call codec_request_release() when done (after the core
 *     call, which copies what it keeps). On failure nothing is held (priv
 *     is NULL), and releasing anyway is harmless.
 *   - Encoders return a malloc'd NUL-terminated compact JSON string that
 *     the caller frees with free(); NULL on OOM (or if a room string is not
 *     valid UTF-8, which the decoder makes impossible).
 *   - The room passed to encoders is only read, and only during the call.
 *   - Error messages never contain field values: room content is
 *     confidential and error frames end up in client logs.
 */
#ifndef CODEC_CODEC_H
#define CODEC_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cmd.h"
#include "core/template.h"

struct room;

#define CODEC_SUBPROTOCOL "codev.v1"
/* The version of CODEC_SUBPROTOCOL, stored with every input the hub logs
 * (store.h) so that a later decoder knows how an old input was written. */
#define CODEC_PROTO_VERSION 1
#define CODEC_ID_MAX 64	    /* request id: printable ASCII, 1..64 */
#define CODEC_TOKEN_MAX 191 /* capability token: base64url, 1..191 */
#define CODEC_RESUME_MAX 64 /* resume secret: base64url, 1..64 */
#define CODEC_SEAT_MIN 16   /* seat key: base64url, 16..64 */
#define CODEC_SEAT_MAX 64
#define CODEC_FIELD_MAX 32    /* codec_error.field buffer, incl. NUL */
#define CODEC_MESSAGE_MAX 128 /* codec_error.message buffer, incl. NUL */
#define CODEC_INT_MAX 9007199254740991LL /* 2^53-1: exact in JavaScript */

/* WebSocket close codes the hub uses (documented in proto/README.md). */
enum codec_close {
	CODEC_CLOSE_GOING_AWAY = 1001,	 /* hub shutting down */
	CODEC_CLOSE_BAD_UTF8 = 1007,	 /* text frame not valid UTF-8 */
	CODEC_CLOSE_POLICY = 1008,	 /* rate limit, hello timeout, ... */
	CODEC_CLOSE_TOO_BIG = 1009,	 /* frame over the size limit */
	CODEC_CLOSE_REPLACED = 4001,	 /* same participant connected again */
	CODEC_CLOSE_UNAUTHORIZED = 4003, /* bad, expired or revoked link */
	CODEC_CLOSE_ROOM_DELETED = 4004, /* the organizer deleted the room */
	CODEC_CLOSE_MOVED = 4005,   /* the person now belongs to another room:
				       reconnect with the same link */
	CODEC_CLOSE_REMOVED = 4006, /* the facilitator removed the participant:
				       no way back with this seat */
	CODEC_CLOSE_MERGED = 4007,  /* the seat was merged into the person's
				       other one: reconnect to continue there */
};

/* Text limits in Unicode code points (a byte cap of 4x follows). The
 * schemas in proto/schemas/ carry the defaults; a deployment may lower
 * them, never raise them above the published schema. */
struct codec_limits {
	size_t max_name;      /* 64 */
	size_t max_title;     /* 120 */
	size_t max_question;  /* 300: the sheet's one-sentence question */
	size_t max_long_text; /* 4000: context, tried, help_wanted, contract */
	size_t max_item_text; /* 1000: question, answer, suggestion, learning */
	size_t max_notes;     /* 10000 */
	size_t max_plan_action;	 /* 500 */
	size_t max_plan_by_when; /* 100 */
};

void codec_limits_default(struct codec_limits *lim);

enum codec_req_kind {
	REQ_HELLO,
	REQ_PING,
	REQ_COMMAND,
	REQ_HELP,	   /* help.request: a room asks its organizer */
	REQ_CONSOLE_WATCH, /* console.watch: the organizer's live console */
	REQ_RECORDS_LIST,  /* records.list: a client's earlier workshops */
	REQ_RECORD_GET,	   /* record.get: one of them, whole */
};

struct codec_request {
	enum codec_req_kind kind;
	bool has_id;
	char id[CODEC_ID_MAX + 1]; /* set whenever it could be read */
	struct {
		const char *token;
		const char *name;   /* NULL when absent */
		const char *resume; /* NULL when absent */
		const char *seat; /* the browser's seat key, NULL when absent */
		const char *room; /* an organizer's link: the room to look
				     into; NULL when absent */
		bool observe;	  /* a newcomer asks only to look in */
		bool has_last_seq;
		uint64_t last_seq;
	} hello;
	struct {
		int64_t t0;
	} ping;
	struct {
		const char *message; /* NULL when absent */
	} help;
	struct {
		const char *token;
		uint32_t session;
	} console;
	struct {
		const char *room;
	} record;
	struct core_cmd cmd; /* kind == REQ_COMMAND */
	void *priv;	     /* the parse tree the strings point into */
};

struct codec_error {
	enum core_err err;
	char field[CODEC_FIELD_MAX];	 /* "" when not about one field */
	char message[CODEC_MESSAGE_MAX]; /* human, English, no field values */
};

/* Decodes one text frame (need not be NUL-terminated). Returns CORE_OK or
 * the error also stored in *err (err may be NULL). `lim` NULL = defaults.
 * On error out->has_id/out->id tell whether the reply can carry `re`. */
enum core_err codec_decode(const char *buf, size_t len,
			   const struct codec_limits *lim,
			   struct codec_request *out, struct codec_error *err);
void codec_request_release(struct codec_request *req); /* NULL ok */

/* The one mapping from internal errors to stable wire codes
 * ("bad_field", ...); "internal" for out-of-range values. */
const char *codec_error_code(enum core_err err);
/* Close code that must follow an error reply, or 0 to keep the
 * connection (only CORE_E_UNAUTHORIZED closes, with 4003). */
int codec_close_code(enum core_err err);
/* Fills *e with err, field (may be NULL) and a default message. */
void codec_error_set(struct codec_error *e, enum core_err err,
		     const char *field, const char *message);

/* --- encoders: malloc'd string, caller frees; NULL on OOM ---------------- */

/* {"type":"ack","re":re[,"seq":seq]}: seq (> 0) is the room seq of the
 * last event the command produced; 0 omits it (no event). */
char *codec_encode_ack(const char *re, uint64_t seq);
/* re NULL encodes "re":null (the request id could not be read). */
char *codec_encode_error(const char *re, const struct codec_error *e);
char *codec_encode_pong(const char *re, int64_t t0, int64_t server_ms);
/* Times: mono_now is the core's clock (the timer deadline is converted to
 * wall time with it), wall_now is unix ms, sent as server_ms.
 * r NULL = replay welcome: no "room" and no "you.role"; the client keeps
 * its state and the hub sends the events after `seq` next. Otherwise
 * NULL is returned when pid is not a participant of r. */
char *codec_encode_welcome(const struct room *r, const char *re, uint32_t pid,
			   const char *resume_secret, bool resumed,
			   uint64_t seq, int64_t mono_now, int64_t wall_now);
/* One room event; call before the next mutating call on the room (events
 * carry ids and the current values are read from the room). NULL also
 * when the event names something the room lacks (a core bug). */
char *codec_encode_event(const struct room *r, const struct core_event *ev,
			 uint64_t seq, int64_t mono_now, int64_t wall_now);
/* Wire name of an event type ("step.changed"), NULL if out of range. */
const char *codec_event_name(enum core_event_type type);
/* The bare room object (as inside welcome), e.g. for the organizer. */
char *codec_encode_snapshot(const struct room *r, int64_t mono_now,
			    int64_t wall_now);

/* Parses a workshop template (a file in config/templates/):
 * {"id":"codev-90","name":"...","steps":[{"kind":"presentation",
 * "minutes":15}, ...]}, strict like requests (duplicate or unknown keys,
 * wrong types, out-of-range values rejected). false with a message
 * naming the offending field in errbuf. */
bool codec_template_parse(const char *json, size_t len,
			  struct core_template *out, char *errbuf,
			  size_t errlen);

#endif
