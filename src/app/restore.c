/*
 * restore.c — rooms rebuilt from the store by replaying their inputs: all
 * of them at start (persist_restore), one after a failed commit
 * (restore_replay_room, from persist.c). The core is deterministic in
 * (inputs, times), so the replay gives back the acknowledged room exactly,
 * event numbering included; each stored input carries the seq it led to,
 * and the replay checks it. Each also carries the protocol version it was
 * written in: a room with an input in a version this hub does not speak
 * is left out (logged restore_failed, its rows kept), never misread.
 */
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "codec/roomstored.h"
#include "util/clock.h"
#include "util/log.h"

/* --- replay ------------------------------------------------------------- */

struct replay_ctx {
	struct hub *hub;
	struct hub_room *hr;
	int64_t skip_encode_below; /* seq: older events fall out of the log */
	int diverged;
};

static void replay_effects(struct replay_ctx *x, const struct core_effects *fx,
			   int64_t t)
{
	struct hub_room *hr = x->hr;

	for (size_t i = 0; i < fx->n; i++) {
		hr->seq++;
		if ((int64_t)hr->seq < x->skip_encode_below)
			continue; /* the resume log would drop it anyway */
		struct outmsg *m = outmsg_take(codec_encode_event(
			hr->room, &fx->ev[i], hr->seq, t, t));
		if (!m) {
			log_error("replay_encode_failed room=%s", hr->id);
			x->diverged = 1;
			continue;
		}
		rooms_log_append(hr, m);
		outmsg_unref(m);
	}
	deadlines_set(x->hub, hr, room_next_wakeup(hr->room, t));
}

static void replay_tick(struct replay_ctx *x, int64_t t)
{
	struct core_effects fx;

	if (x->hr->wakeup_ms < 0 || x->hr->wakeup_ms > t)
		return;
	room_tick(x->hr->room, t, &fx);
	replay_effects(x, &fx, t);
}

static enum core_err replay_command(struct replay_ctx *x,
				    const struct store_input *in,
				    struct core_effects *fx)
{
	struct codec_request req;
	struct codec_error e;
	enum core_err err;

	if (codec_decode(in->data, in->data_len, NULL, &req, &e))
		return e.err;
	err = room_execute(x->hr->room, in->pid, &req.cmd, in->t_ms, fx);
	if (!err) {
		uint64_t last = fx->n ? x->hr->seq + fx->n : 0;
		struct outmsg *ack =
			outmsg_take(codec_encode_ack(req.id, last));
		if (ack)
			command_remember(rooms_member(x->hr, in->pid), req.id,
					 ack);
		outmsg_unref(ack);
	}
	codec_request_release(&req);
	return err;
}

/* An input written in another protocol version than this hub's is never
 * decoded as if it were this one: the room's replay stops there, and the
 * room is not restored (a hub that speaks that version still can). */
static bool version_known(const struct replay_ctx *x,
			  const struct store_input *in)
{
	if (in->proto == CODEC_PROTO_VERSION)
		return true;
	log_error("restore_failed room=%s reason=input_version input=%lld "
		  "version=%d known=%d",
		  x->hr->id, (long long)in->n, in->proto, CODEC_PROTO_VERSION);
	return false;
}

/* A join, as join.c logged it: the entry, then the member's secrets. */
static enum core_err replay_join(struct hub_room *hr,
				 const struct store_input *in,
				 struct core_effects *fx)
{
	enum core_entry entry = in->kind == INPUT_JOIN_AS
					? (enum core_entry)in->arg
				: in->arg & 1 ? CORE_ENTRY_FACILITATOR_LINK
					      : CORE_ENTRY_LINK;
	uint32_t pid = 0;
	enum core_err err =
		rooms_reserve_member(hr)
			? CORE_E_INTERNAL
			: room_join_as(hr->room, in->data ? in->data : "",
				       entry, in->t_ms, &pid, fx);

	if (!err && (pid != in->pid || !in->aux))
		err = CORE_E_INTERNAL;
	if (err)
		return err;
	struct member *m = rooms_member(hr, pid);
	snprintf(m->resume, HUB_RESUME_LEN + 1, "%s", in->aux);
	if (strlen(in->aux) > HUB_RESUME_LEN)
		snprintf(m->seat, sizeof m->seat, "%s",
			 in->aux + HUB_RESUME_LEN);
	m->person = in->kind == INPUT_JOIN ? (uint32_t)in->arg >> 1 : 0;
	return CORE_OK;
}

/* 0, or 1 when the input cannot be replayed at all (the room cannot be
 * restored): a store iteration stops there. */
static int replay_one(void *ud, const struct store_input *in)
{
	struct replay_ctx *x = ud;
	struct hub_room *hr = x->hr;
	struct core_effects fx = {0};
	enum core_err err = CORE_OK;

	if (!version_known(x, in)) {
		x->diverged = 1;
		return 1;
	}
	replay_tick(x, in->t_ms);
	switch (in->kind) {
	case INPUT_JOIN:
	case INPUT_JOIN_AS:
		err = replay_join(hr, in, &fx);
		break;
	case INPUT_ROLE:
		err = room_hub_assign(hr->room, in->pid,
				      (enum core_role)in->arg, in->t_ms, &fx);
		break;
	case INPUT_RELEASE:
		err = room_seat_release(hr->room, in->pid, in->t_ms, &fx);
		break;
	case INPUT_PRESENCE:
		room_presence(hr->room, in->pid, in->arg, in->t_ms, &fx);
		break;
	case INPUT_COMMAND:
		err = replay_command(x, in, &fx);
		break;
	case INPUT_HOLD:
		room_timer_hold(
			hr->room, in->t_ms,
			in->data && !strcmp(in->data, "restart_downtime")
				? "restart_downtime"
				: "restart_clock_backwards",
			&fx);
		break;
	}
	replay_effects(x, &fx, in->t_ms);
	hr->n_inputs = in->n + 1;
	hr->last_input_ms = in->t_ms;
	if (err || (int64_t)hr->seq != in->seq) {
		log_error("replay_diverged room=%s input=%lld code=%s", hr->id,
			  (long long)in->n, codec_error_code(err));
		x->diverged = 1;
	}
	return 0;
}

/* Prepares hr (a fresh room) for the replay of its inputs up to last_seq:
 * events the resume log would drop anyway are not encoded. */
static int64_t replay_start(struct hub_room *hr, int64_t last_seq)
{
	int64_t skip = last_seq - (int64_t)hr->log.max;

	hr->log.first_seq = skip > 1 ? (uint64_t)skip : 1;
	return skip;
}

/* Replays a room's stored inputs into hr, which holds a fresh room. */
int restore_replay_room(struct hub *hub, struct hub_room *hr, int64_t last_seq)
{
	struct replay_ctx x = {
		.hub = hub,
		.hr = hr,
		.skip_encode_below = replay_start(hr, last_seq),
	};

	if (store_inputs_each(hub->store, hr->id, replay_one, &x))
		return -1;
	/* The log holds the last events replayed, whatever last_seq said. */
	hr->log.first_seq = hr->seq + 1 - hr->log.len;
	return x.diverged ? -1 : 0;
}

/* --- restore at start ---------------------------------------------------- */

struct restore_ctx {
	struct hub *hub;
	int failed;
	size_t rooms;
};

static int restore_room(void *ud, const struct store_room *sr)
{
	struct restore_ctx *x = ud;
	struct core_template tpl;
	struct core_room_config cfg;
	struct hub_room *hr;
	char why[128];

	if (codec_roomstored_template_load(sr->tpl,
					   sr->tpl ? strlen(sr->tpl) : 0, &tpl,
					   why, sizeof why) ||
	    codec_roomstored_config_load(sr->cfg, sr->cfg ? strlen(sr->cfg) : 0,
					 &cfg, why, sizeof why)) {
		/* why names the field, never a stored value */
		log_error(
			"restore_failed room=%s reason=settings detail=\"%s\"",
			sr->id, why);
		x->failed = 1;
		return 0;
	}
	hr = rooms_new(x->hub, sr->id, &tpl, &cfg, sr->created_ms);
	if (!hr)
		return -1;
	hr->created_ms = sr->created_ms;
	hr->org = sr->org ? sr->org : 1;
	hr->session = sr->session;
	hr->group = sr->group;
	hr->replay_skip = replay_start(hr, sr->last_seq);
	x->rooms++;
	return 0;
}

/* One input of the whole log, to its room (all rooms exist by now). */
static int restore_input(void *ud, const char *room,
			 const struct store_input *in)
{
	struct restore_ctx *x = ud;
	struct hub_room *hr = rooms_find(x->hub, room);
	struct replay_ctx r = {.hub = x->hub, .hr = hr};

	if (!hr) {
		/* A room that could not be restored (logged above). */
		return 0;
	}
	r.skip_encode_below = hr->replay_skip;
	if (replay_one(&r, in)) {
		/* Left out whole, its rows untouched: its later inputs find
		 * no room and are skipped as well. */
		rooms_delete(x->hub, hr);
		x->rooms--;
	}
	if (r.diverged)
		x->failed = 1;
	return 0;
}

/* After a restart nobody is connected; a running timer keeps its deadline
 * unless the downtime ate its remaining time or the clock went backwards,
 * in which case it comes back paused and the facilitator is told why. */
static void settle_room(struct hub *hub, struct hub_room *hr, int64_t now,
			int64_t alive, bool backwards)
{
	const struct core_timer *t = &hr->room->timer;
	struct core_effects fx;
	int64_t at = alive > hr->last_input_ms ? alive : hr->last_input_ms;
	const char *reason = NULL;

	if (t->status == CORE_TIMER_RUNNING) {
		if (backwards)
			reason = "restart_clock_backwards";
		else if (t->deadline_ms < now && t->deadline_ms >= at)
			reason = "restart_downtime";
	}
	if (reason) {
		fanout_catch_up(hub, hr, at);
		room_timer_hold(hr->room, at, reason, &fx);
		fanout_effects(hub, hr, &fx, at);
		persist_input(hub, hr, at, INPUT_HOLD, 0, 0, reason,
			      strlen(reason), NULL);
		log_info("timer_held room=%s reason=%s", hr->id, reason);
	}
	fanout_catch_up(hub, hr, now);
	for (size_t i = 0; i < hr->room->n_participants; i++) {
		const struct core_participant *p = &hr->room->participants[i];
		if (!p->connected)
			continue;
		room_presence(hr->room, p->id, false, now, &fx);
		fanout_effects(hub, hr, &fx, now);
		persist_input(hub, hr, now, INPUT_PRESENCE, p->id, 0, NULL, 0,
			      NULL);
	}
}

int persist_restore(struct hub *hub, char *err, size_t errlen)
{
	struct restore_ctx x = {.hub = hub};
	int64_t alive = 0, wall = clock_wall_ms(), t0 = clock_mono_ms();
	bool backwards;

	store_meta_get(hub->store, "alive_ms", &alive);
	backwards = wall + 1000 < alive;
	/* Hub time never runs behind what is stored. */
	hub->clock_offset = (backwards ? alive : wall) - clock_mono_ms();
	if (store_rooms_each(hub->store, restore_room, &x) ||
	    store_inputs_all(hub->store, restore_input, &x)) {
		snprintf(err, errlen, "store: cannot read rooms: %s",
			 store_errmsg(hub->store));
		return -1;
	}
	int64_t now = hub_time(hub);
	for (struct hub_room *hr = hub->rooms; hr; hr = hr->next)
		settle_room(hub, hr, now, alive, backwards);
	fanout_rearm(hub); /* restored timers run on */
	if (persist_commit_now(hub)) {
		snprintf(err, errlen, "store: cannot write: %s",
			 store_errmsg(hub->store));
		return -1;
	}
	if (backwards)
		log_warn("clock_went_backwards by_ms=%lld",
			 (long long)(alive - wall));
	log_info("restored rooms=%zu diverged=%d ms=%lld", x.rooms, x.failed,
		 (long long)(clock_mono_ms() - t0));
	return 0;
}
