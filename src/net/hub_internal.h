/*
 * hub_internal.h — what the hub's files (hub.c, rooms.c, session.c,
 * fanout.c, api.c) share. Not for the rest of the program.
 *
 * Ownership: the hub owns every hub_room (and its struct room, members,
 * event log); a session is owned by its connection's hub state
 * (conn->session) and freed at hub_on_close. Members refer to their live
 * connection by id (conn_find), never by pointer.
 */
#ifndef NET_HUB_INTERNAL_H
#define NET_HUB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "auth/token.h"
#include "codec/codec.h"
#include "config/config.h"
#include "core/room.h"
#include "net/conn.h"
#include "net/hub.h"
#include "net/outmsg.h"

#define HUB_MAX_TEMPLATES 32
#define HUB_RESUME_LEN 24   /* base64url chars of 18 random bytes */
#define HUB_REPLAY_SLOTS 16 /* retried request ids remembered per member */

/* A remembered reply, so a retried command is applied once. */
struct replay {
	char id[CODEC_ID_MAX + 1];
	struct outmsg *reply;
};

struct member {
	uint64_t conn_id; /* 0 = not connected */
	char resume[HUB_RESUME_LEN + 1];
	struct replay replay[HUB_REPLAY_SLOTS];
	unsigned replay_next;
};

/* Room events kept for resume: a ring of the last `cap` encoded events. */
struct event_log {
	struct outmsg **ev;
	uint64_t first_seq; /* seq of ev[head] */
	size_t head, len, cap;
};

struct hub_room {
	char id[TOKEN_ROOM_MAX + 1];
	struct room *room;
	struct member *members; /* [pid - 1], capacity max participants */
	uint64_t seq;		/* last event seq */
	struct event_log log;
	int64_t wakeup_ms; /* cached room_next_wakeup, -1 none */
	struct hub_room *next;
};

struct session {
	struct hub_room *room; /* NULL until hello */
	uint32_t pid;
	uint64_t conn_id;
};

struct hub {
	uv_loop_t *loop;
	const struct config *cfg;
	const struct token_keyring *keys;
	struct codec_limits limits;
	struct core_room_config room_cfg;
	char base_url[256];
	size_t n_templates;
	struct core_template templates[HUB_MAX_TEMPLATES];
	struct hub_room *rooms;
	size_t n_rooms;
	uv_timer_t deadline; /* the earliest room wakeup */
	uv_timer_t sweep;    /* hello deadlines, once a second */
	bool stopped;
	struct api_request *api; /* in-flight HTTP API bodies */
};

/* rooms.c */
int rooms_load_templates(struct hub *hub, char *err, size_t errlen);
const struct core_template *rooms_template(const struct hub *hub,
					   const char *id);
struct hub_room *rooms_create(struct hub *hub, const struct core_template *t,
			      int64_t now_ms);
struct hub_room *rooms_find(struct hub *hub, const char *id);
void rooms_free_all(struct hub *hub);
void rooms_log_append(struct hub_room *hr, struct outmsg *m);
/* Events after `seq` still in the log: sends them and returns true, or
 * false when the log no longer reaches back that far. */
bool rooms_log_replay(struct hub_room *hr, uint64_t after_seq, struct conn *c);

/* fanout.c */
/* Encodes every event of fx once, logs it and sends it to each connected
 * member; re-arms the deadline timer. Returns the seq of the last event
 * (0 when fx was empty). */
uint64_t fanout_effects(struct hub *hub, struct hub_room *hr,
			const struct core_effects *fx, int64_t mono_now);
void fanout_rearm(struct hub *hub);
void send_text(struct conn *c, char *text); /* takes text */
void send_error(struct conn *c, const char *re, enum core_err err,
		const char *field, const char *message);

/* session.c */
void session_hello(struct hub *hub, struct conn *c, struct session *s,
		   const struct codec_request *req);
void session_command(struct hub *hub, struct conn *c, struct session *s,
		     const struct codec_request *req);
void session_closed(struct hub *hub, struct session *s);

/* api.c */
void api_free_all(struct hub *hub);

#endif
