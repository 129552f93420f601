/*
 * session.c — one connection's conversation: hello (join or resume) and
 * the command path.
 *
 * Command path (DESIGN.md): decoded request → session check → retried id?
 * (replay the remembered reply, apply nothing) → room_execute (the core's
 * one pipeline: participant → permission table → handler) → ack to the
 * sender → broadcast the events. Room and role come from the signed token
 * and the session, never from client fields.
 */
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "auth/keyring.h"
#include "net/hub_internal.h"
#include "util/b64url.h"
#include "util/clock.h"
#include "util/log.h"

static struct member *member_of(struct hub_room *hr, uint32_t pid)
{
	return pid ? &hr->members[pid - 1] : NULL;
}

/* The member whose resume secret matches, compared in constant time. */
static uint32_t find_by_resume(struct hub_room *hr, const char *secret)
{
	uint32_t found = 0;

	if (strlen(secret) != HUB_RESUME_LEN)
		return 0;
	for (size_t i = 0; i < hr->room->n_participants; i++)
		if (!CRYPTO_memcmp(hr->members[i].resume, secret,
				   HUB_RESUME_LEN))
			found = (uint32_t)i + 1;
	return found;
}

static int new_resume_secret(struct member *m)
{
	uint8_t raw[HUB_RESUME_LEN * 3 / 4];

	if (auth_random(raw, sizeof raw))
		return -1;
	b64url_encode(raw, sizeof raw, m->resume);
	return 0;
}

/* A newer connection of the same participant replaces the older one. */
static void take_over(struct member *m, uint64_t conn_id)
{
	struct conn *old = m->conn_id ? conn_find(m->conn_id) : NULL;

	if (old && old->id != conn_id) {
		struct session *os = old->session;
		if (os)
			os->room = NULL; /* its close must not mark us away */
		conn_close(old, CODEC_CLOSE_REPLACED, "replaced");
	}
	m->conn_id = conn_id;
}

static enum core_err authorize(struct hub *hub, const char *token,
			       struct token_claims *claims,
			       struct hub_room **room)
{
	int64_t now_s = clock_wall_ms() / 1000;

	if (token_verify(hub->keys, token, strlen(token), now_s, claims) !=
		    TOKEN_OK ||
	    claims->scope == SCOPE_ORGANIZER)
		return CORE_E_UNAUTHORIZED;
	*room = rooms_find(hub, claims->room);
	return *room ? CORE_OK : CORE_E_UNAUTHORIZED;
}

static enum core_err join_new(struct hub *hub, struct hub_room *hr,
			      const struct codec_request *req,
			      const struct token_claims *claims, int64_t now,
			      uint32_t *pid)
{
	struct core_effects fx;
	enum core_err err;

	if (!req->hello.name)
		return CORE_E_BAD_FIELD;
	err = room_join(hr->room, req->hello.name,
			claims->scope == SCOPE_FACILITATOR, now, pid, &fx);
	if (err)
		return err;
	if (new_resume_secret(member_of(hr, *pid))) {
		/* Without a secret the participant could never resume;
		 * they are in the room but must join again by link. */
		log_error("resume_secret_failed room_pid=%u", *pid);
	}
	fanout_effects(hub, hr, &fx, now);
	return CORE_OK;
}

static void welcome(struct hub *hub, struct conn *c, struct hub_room *hr,
		    uint32_t pid, const struct codec_request *req, bool resumed,
		    int64_t now)
{
	struct member *m = member_of(hr, pid);
	bool replayed = false;

	/* A resumed client whose last seq the log still covers gets only
	 * what it missed; anyone else gets the whole room. */
	if (resumed && req->hello.has_last_seq) {
		send_text(c, codec_encode_welcome(NULL, req->id, pid, m->resume,
						  true, req->hello.last_seq,
						  now, clock_wall_ms()));
		replayed = rooms_log_replay(hr, req->hello.last_seq, c);
		if (replayed)
			return;
	}
	(void)hub;
	send_text(c,
		  codec_encode_welcome(hr->room, req->id, pid, m->resume,
				       resumed, hr->seq, now, clock_wall_ms()));
}

void session_hello(struct hub *hub, struct conn *c, struct session *s,
		   const struct codec_request *req)
{
	struct token_claims claims;
	struct hub_room *hr;
	uint32_t pid = 0;
	bool resumed = false;
	int64_t now = clock_mono_ms();
	enum core_err err;

	if (s->room) {
		send_error(c, req->id, CORE_E_CONFLICT, NULL,
			   "hello was already accepted");
		return;
	}
	err = authorize(hub, req->hello.token, &claims, &hr);
	if (!err && req->hello.resume)
		pid = find_by_resume(hr, req->hello.resume);
	if (!err && req->hello.resume && !pid) {
		err = CORE_E_UNAUTHORIZED; /* unknown secret: never guess */
	} else if (!err && pid) {
		resumed = true;
	} else if (!err) {
		err = join_new(hub, hr, req, &claims, now, &pid);
	}
	if (err) {
		send_error(c, req->id, err,
			   err == CORE_E_BAD_FIELD ? "name" : NULL, NULL);
		if (codec_close_code(err))
			conn_close(c, (uint16_t)codec_close_code(err), "hello");
		log_rl(LOG_INFO, "hello_refused conn=%llu code=%s",
		       (unsigned long long)c->id, codec_error_code(err));
		return;
	}
	take_over(member_of(hr, pid), c->id);
	s->room = hr;
	s->pid = pid;
	welcome(hub, c, hr, pid, req, resumed, now);
	if (resumed) {
		struct core_effects fx;
		room_presence(hr->room, pid, true, now, &fx);
		fanout_effects(hub, hr, &fx, now);
	}
	log_info("hello room=%s pid=%u conn=%llu resumed=%d", hr->id, pid,
		 (unsigned long long)c->id, resumed);
}

static struct replay *find_replay(struct member *m, const char *id)
{
	for (size_t i = 0; i < HUB_REPLAY_SLOTS; i++)
		if (m->replay[i].reply && !strcmp(m->replay[i].id, id))
			return &m->replay[i];
	return NULL;
}

static void remember(struct member *m, const char *id, struct outmsg *reply)
{
	struct replay *r = &m->replay[m->replay_next++ % HUB_REPLAY_SLOTS];

	outmsg_unref(r->reply);
	snprintf(r->id, sizeof r->id, "%s", id);
	r->reply = outmsg_ref(reply);
}

void session_command(struct hub *hub, struct conn *c, struct session *s,
		     const struct codec_request *req)
{
	struct member *m;
	struct replay *again;
	struct core_effects fx;
	struct codec_error e;
	struct outmsg *reply;
	int64_t now = clock_mono_ms();
	enum core_err err;

	if (!s->room) {
		send_error(c, req->id, CORE_E_UNAUTHORIZED, NULL,
			   "send hello first");
		return;
	}
	m = member_of(s->room, s->pid);
	again = find_replay(m, req->id);
	if (again) {
		conn_send(c, again->reply);
		return;
	}
	err = room_execute(s->room->room, s->pid, &req->cmd, now, &fx);
	if (err) {
		codec_error_set(&e, err, NULL, NULL);
		reply = outmsg_take(codec_encode_error(req->id, &e));
	} else {
		/* Numbered before encoding so the ack names the last event's
		 * seq; the events follow the ack on this connection. */
		uint64_t last = fx.n ? s->room->seq + fx.n : 0;
		reply = outmsg_take(codec_encode_ack(req->id, last));
	}
	if (reply) {
		conn_send(c, reply);
		/* Only applied commands are remembered: one that failed
		 * changed nothing, so a retry may run again. */
		if (!err)
			remember(m, req->id, reply);
		outmsg_unref(reply);
	}
	if (!err)
		fanout_effects(hub, s->room, &fx, now);
}

void session_closed(struct hub *hub, struct session *s)
{
	struct core_effects fx;
	struct member *m;
	int64_t now = clock_mono_ms();

	if (!s->room || hub->stopped)
		return;
	m = member_of(s->room, s->pid);
	if (m->conn_id != s->conn_id)
		return; /* already replaced by a newer connection */
	m->conn_id = 0;
	room_presence(s->room->room, s->pid, false, now, &fx);
	fanout_effects(hub, s->room, &fx, now);
}
