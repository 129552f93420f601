/*
 * join.c — a connection's hello (a first join, a resume, a take-over from
 * a second tab) and its leaving.
 *
 * The room and the participant come from the signed link (and, for a
 * resume, the secret handed out in the welcome), never from client fields.
 * A join is an input like a command: logged, and its welcome leaves only
 * once that is durable (outbox.c).
 */
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "auth/keyring.h"
#include "app/internal.h"
#include "util/b64url.h"
#include "util/clock.h"
#include "util/log.h"

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

/* The member a browser's seat key names (a removed seat is no longer
 * anyone's: that browser comes back as someone new), 0 if none. */
static uint32_t find_by_seat(struct hub_room *hr, const char *seat)
{
	size_t n = seat ? strlen(seat) : 0;
	uint32_t found = 0;

	for (size_t i = 0; n && i < hr->room->n_participants; i++)
		if (hr->room->participants[i].seat != CORE_SEAT_REMOVED &&
		    strlen(hr->members[i].seat) == n &&
		    !CRYPTO_memcmp(hr->members[i].seat, seat, n))
			found = (uint32_t)i + 1;
	return found;
}

/* Before a newcomer takes a seat: the seats of those away longer than
 * [workshop] seat_release_minutes are freed (logged, so a restart frees
 * the same ones). Their items stay, under their name. */
static void release_stale(struct hub *hub, struct hub_room *hr, int64_t now)
{
	int64_t after = (int64_t)hub->cfg->seat_release_minutes * 60000;
	struct core_effects fx;

	for (size_t i = 0; after > 0 && i < hr->room->n_participants; i++) {
		const struct core_participant *p = &hr->room->participants[i];
		if (p->seat != CORE_SEAT_TAKEN || p->connected ||
		    now - p->away_since_ms < after ||
		    room_seat_release(hr->room, p->id, now, &fx))
			continue;
		fanout_effects(hub, hr, &fx, now);
		persist_input(hub, hr, now, INPUT_RELEASE, p->id, 0, NULL, 0,
			      NULL);
		log_info("seat_released room=%s pid=%u", hr->id, p->id);
	}
}

static int new_resume_secret(char out[HUB_RESUME_LEN + 1])
{
	uint8_t raw[HUB_RESUME_LEN * 3 / 4];

	if (auth_random(raw, sizeof raw))
		return -1;
	b64url_encode(raw, sizeof raw, out);
	return 0;
}

/* A newer connection of the same participant replaces the older one. */
static void take_over(struct hub *hub, struct member *m, uint64_t conn_id)
{
	struct peer *old =
		m->conn_id ? peer_find(&hub->peers, m->conn_id) : NULL;

	if (old && old->conn_id != conn_id) {
		old->room = NULL; /* its close must not mark us away */
		outbox_close(hub, old->conn_id, CODEC_CLOSE_REPLACED);
	}
	m->conn_id = conn_id;
}

/* What a hello's link admits: the room, the session person it names (0
 * for a room link) and how a newcomer enters. */
struct admission {
	struct token_claims claims;
	struct hub_room *hr;
	uint32_t person;
	enum core_entry entry;
	const char *field; /* the hello field a BAD_FIELD refusal is about */
	const char *why;   /* the refusal's message, NULL for the default */
};

/* An organizer link admits its organizer, as an observer, into any room
 * of its organization that the hello names. */
static enum core_err admit_organizer(struct hub *hub,
				     const struct codec_request *req,
				     struct admission *ad)
{
	uint32_t org = ad->claims.org ? ad->claims.org : 1;

	if (!req->hello.room) {
		ad->why = "an organizer link enters only the room it names";
		return CORE_E_UNAUTHORIZED; /* not a room link */
	}
	ad->hr = rooms_find(hub, req->hello.room);
	if (!ad->hr || ad->hr->org != org)
		return CORE_E_UNAUTHORIZED; /* never says which rooms exist */
	ad->entry = CORE_ENTRY_ORGANIZER;
	return CORE_OK;
}

/* The room a link leads to: a room link names it; a personal link
 * (session != 0) leads to wherever the person's group is now. */
static enum core_err authorize(struct hub *hub, const struct codec_request *req,
			       struct admission *ad)
{
	struct token_claims *c = &ad->claims;
	const char *token = req->hello.token;
	int64_t now_s = clock_wall_ms() / 1000;

	if (token_verify(hub->keys, token, strlen(token), now_s, c) !=
		    TOKEN_OK ||
	    links_revoked(hub, c->nonce))
		return CORE_E_UNAUTHORIZED;
	if (c->scope == SCOPE_ORGANIZER)
		return admit_organizer(hub, req, ad);
	ad->field = req->hello.room ? "room" : "observe";
	if (req->hello.room || (c->session && req->hello.observe))
		return CORE_E_BAD_FIELD; /* a personal link's role is planned */
	ad->field = "name";
	if (c->session)
		return osessions_personal_room(hub, c, &ad->hr, &ad->person);
	ad->entry = req->hello.observe ? CORE_ENTRY_OBSERVER
		    : c->scope == SCOPE_FACILITATOR
			    ? CORE_ENTRY_FACILITATOR_LINK
			    : CORE_ENTRY_LINK;
	ad->hr = rooms_find(hub, c->room);
	return ad->hr ? CORE_OK : CORE_E_UNAUTHORIZED;
}

/* The participant a person already is in this room, 0 if none. */
static uint32_t find_person(const struct hub_room *hr, uint32_t person)
{
	for (size_t i = 0; person && i < hr->room->n_participants; i++)
		if (hr->members[i].person == person)
			return (uint32_t)i + 1;
	return 0;
}

/* Logs a join: INPUT_JOIN for the ways in it names (a link, a session
 * person), INPUT_JOIN_AS for the others. aux: the resume secret, then
 * the seat key (restore.c splits it). */
static void persist_join(struct hub *hub, struct hub_room *hr, int64_t now,
			 uint32_t pid, enum core_entry entry, uint32_t person,
			 const char *name, char *secret, const char *seat)
{
	bool named = entry == CORE_ENTRY_LINK ||
		     entry == CORE_ENTRY_FACILITATOR_LINK;
	int arg = named ? (int)(entry == CORE_ENTRY_FACILITATOR_LINK) |
				  (int)(person << 1)
			: (int)entry;

	snprintf(secret + HUB_RESUME_LEN, CODEC_SEAT_MAX + 1, "%s", seat);
	persist_input(hub, hr, now, named ? INPUT_JOIN : INPUT_JOIN_AS, pid,
		      arg, name, strlen(name), secret);
}

/* A new participant. A person of a session joins under the name the
 * organizer gave, as facilitator when the plan says so. */
static enum core_err join_new(struct hub *hub, const struct admission *ad,
			      const struct codec_request *req, int64_t now,
			      uint32_t *pid)
{
	struct hub_room *hr = ad->hr;
	const struct osess_person *p = osessions_person(hub, hr, ad->person);
	const char *name = p ? p->name : req->hello.name;
	enum core_entry entry =
		!p ? ad->entry
		: osessions_plans_facilitator(hub, hr, ad->person)
			? CORE_ENTRY_FACILITATOR_LINK
			: CORE_ENTRY_LINK;
	const char *seat = req->hello.seat ? req->hello.seat : "";
	char secret[HUB_RESUME_LEN + CODEC_SEAT_MAX + 1];
	struct core_effects fx;
	enum core_err err;

	if (!name)
		return CORE_E_BAD_FIELD;
	if (new_resume_secret(secret) || rooms_reserve_member(hr))
		return CORE_E_INTERNAL;
	if (!hr->room->locked && !hr->room->ended)
		release_stale(hub, hr, now);
	err = room_join_as(hr->room, name, entry, now, pid, &fx);
	if (err)
		return err;
	struct member *m = rooms_member(hr, *pid);
	memcpy(m->resume, secret, HUB_RESUME_LEN + 1);
	snprintf(m->seat, sizeof m->seat, "%s", seat);
	m->person = p ? ad->person : 0;
	fanout_effects(hub, hr, &fx, now);
	persist_join(hub, hr, now, *pid, entry, m->person, name, secret, seat);
	if (p)
		osessions_joined(hub, hr, *pid, now);
	return CORE_OK;
}

/* A resumed client whose last seq the log still covers gets only what it
 * missed (welcome without room, then the events); anyone else gets the
 * whole room. */
static void welcome(struct hub *hub, struct peer *p, struct hub_room *hr,
		    uint32_t pid, const struct codec_request *req, bool resumed,
		    bool by_secret, int64_t now)
{
	struct member *m = rooms_member(hr, pid);
	bool replay = by_secret && req->hello.has_last_seq &&
		      rooms_log_covers(hr, req->hello.last_seq);
	char *text = codec_encode_welcome(
		replay ? NULL : hr->room, req->id, pid, m->resume, resumed,
		replay ? req->hello.last_seq : hr->seq, now, clock_wall_ms());
	struct outmsg *w = outmsg_take(osessions_welcome(hub, hr, text));

	outbox_reply(hub, p->conn_id, req->id, w, true);
	outmsg_unref(w);
	if (replay)
		rooms_log_replay(hub, hr, req->hello.last_seq, p->conn_id);
	m->since_seq = hr->seq;
}

/* Who a hello is: the participant its resume secret, its personal link
 * or its browser's seat key names (0: someone new), or why not. */
static enum core_err identify(struct hub_room *hr,
			      const struct codec_request *req, uint32_t person,
			      uint32_t *pid, bool *by_secret)
{
	*pid = 0;
	if (req->hello.resume) {
		*pid = find_by_resume(hr, req->hello.resume);
		if (*pid && person && rooms_member(hr, *pid)->person != person)
			*pid = 0;
		if (!*pid && !person)
			return CORE_E_UNAUTHORIZED; /* never guess a person */
	}
	*by_secret = *pid != 0;
	/* A personal link names the person: after a move or a new
	 * workshop, their old resume secret means nothing here. */
	if (!*pid)
		*pid = find_person(hr, person);
	if (!*pid && !person)
		*pid = find_by_seat(hr, req->hello.seat);
	const struct core_participant *p = room_participant(hr->room, *pid);
	/* A merged seat's links and devices lead to the seat that stayed
	 * (merges may chain, never in a cycle: one merges into a taken
	 * seat only). */
	for (size_t hops = 0; p && p->seat == CORE_SEAT_MERGED &&
			      hops < hr->room->n_participants;
	     hops++) {
		*pid = p->merged_into;
		*by_secret = false; /* a new seat: the whole room */
		p = room_participant(hr->room, *pid);
	}
	if (p && p->seat == CORE_SEAT_REMOVED)
		return CORE_E_REMOVED;
	if (p && p->seat == CORE_SEAT_RELEASED && !room_seat_free(hr->room))
		return CORE_E_ROOM_FULL;
	return CORE_OK;
}

static void refuse(struct hub *hub, struct peer *s,
		   const struct codec_request *req, enum core_err err,
		   const struct admission *ad)
{
	outbox_error(hub, s->conn_id, req->id, err,
		     err == CORE_E_BAD_FIELD ? ad->field : NULL,
		     err == CORE_E_NOT_FOUND ? "the session has not started yet"
					     : ad->why);
	if (err == CORE_E_NOT_FOUND)
		outbox_close(hub, s->conn_id, CODEC_CLOSE_ROOM_DELETED);
	else if (codec_close_code(err))
		outbox_close(hub, s->conn_id, (uint16_t)codec_close_code(err));
	log_rl(LOG_INFO, "hello_refused conn=%llu code=%s",
	       (unsigned long long)s->conn_id, codec_error_code(err));
}

void join_hello(struct hub *hub, struct peer *s,
		const struct codec_request *req)
{
	struct admission ad = {.field = "name"};
	struct hub_room *hr;
	uint32_t pid = 0;
	bool returning, by_secret = false;
	int64_t now = hub_time(hub);
	enum core_err err;

	if (s->room || s->console) {
		outbox_error(hub, s->conn_id, req->id, CORE_E_CONFLICT, NULL,
			     "hello was already accepted");
		return;
	}
	err = authorize(hub, req, &ad);
	hr = ad.hr;
	if (!err)
		err = identify(hr, req, ad.person, &pid, &by_secret);
	returning = pid != 0;
	if (!err)
		fanout_catch_up(hub, hr, now);
	if (!err && !pid)
		err = join_new(hub, &ad, req, now, &pid);
	if (err) {
		refuse(hub, s, req, err, &ad);
		return;
	}
	take_over(hub, rooms_member(hr, pid), s->conn_id);
	s->room = hr;
	s->pid = pid;
	memcpy(s->nonce, ad.claims.nonce, sizeof s->nonce);
	welcome(hub, s, hr, pid, req, returning, by_secret, now);
	osessions_greet(hub, hr, s->conn_id);
	if (returning) {
		struct core_effects fx;
		room_presence(hr->room, pid, true, now, &fx);
		if (fx.n) {
			fanout_effects(hub, hr, &fx, now);
			persist_input(hub, hr, now, INPUT_PRESENCE, pid, 1,
				      NULL, 0, NULL);
		}
	}
	log_info("hello room=%s pid=%u conn=%llu resumed=%d", hr->id, pid,
		 (unsigned long long)s->conn_id, returning);
}

void join_left(struct hub *hub, struct peer *s)
{
	struct core_effects fx;
	struct member *m;
	int64_t now = hub_time(hub);

	if (!s->room || hub->stopped)
		return;
	m = rooms_member(s->room, s->pid);
	if (m->conn_id != s->conn_id)
		return; /* already replaced by a newer connection */
	m->conn_id = 0;
	fanout_catch_up(hub, s->room, now);
	room_presence(s->room->room, s->pid, false, now, &fx);
	if (fx.n) {
		fanout_effects(hub, s->room, &fx, now);
		persist_input(hub, s->room, now, INPUT_PRESENCE, s->pid, 0,
			      NULL, 0, NULL);
	}
}
