/*
 * persist.c — the rooms in the store: logging inputs, the group commit,
 * restore at start and rebuild after a failed commit.
 *
 * A room is its creation plus its ordered inputs (store.h). The core is
 * deterministic in (inputs, times), so replaying the log rebuilds the
 * acknowledged room exactly, event numbering included; each stored input
 * carries the seq it led to, and replay checks it.
 *
 * Group commit: inputs go into one transaction per loop iteration; a
 * uv_check handle (after each poll) commits it, which writes the WAL, and
 * hands the iteration's replies and events to pending.c, which holds them
 * until that commit is durable. The sync (fdatasync, about 0.4 ms here at
 * the median and several ms in the tail) runs on libuv's thread pool while
 * the loop goes on reading, applying and committing; one sync covers every
 * commit written before it started, and the next starts as soon as it
 * returns if more were written meanwhile. So the loop never waits for the
 * disk, and a message still leaves only once what it depends on is on disk.
 *
 * If a commit fails, what is held is first made durable and sent, then the
 * rooms the failed transaction touched are rebuilt from the store, its
 * senders get `storage` errors, and nothing of it ever left the process.
 * If a sync fails, the hub cannot know what reached the disk (Linux may
 * have dropped the failed pages from its cache and will not report them
 * again): it aborts, and the restart restores what is durable, which
 * includes everything ever acknowledged.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net/hub_internal.h"
#include "net/metrics.h"
#include "util/clock.h"
#include "util/crashpoint.h"
#include "util/log.h"

#define TEXT_MAX 1024
#define ALIVE_EVERY_MS 5000

/* --- text forms of a room's template and settings ---------------------- */

static void template_text(const struct core_template *t, char *out, size_t len)
{
	size_t n = (size_t)snprintf(out, len, "v1|%s|", t->id);

	for (size_t i = 0; i < t->n_steps && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%s%s:%u", i ? "," : "",
				      core_step_kind_name(t->steps[i].kind),
				      t->steps[i].duration_s);
	if (n < len)
		snprintf(out + n, len - n, "|%s", t->name);
}

static int template_parse(const char *s, struct core_template *t)
{
	char buf[TEXT_MAX], *id, *steps, *name, *save = NULL, *tok;

	memset(t, 0, sizeof *t);
	snprintf(buf, sizeof buf, "%s", s);
	if (strncmp(buf, "v1|", 3))
		return -1;
	id = buf + 3;
	steps = strchr(id, '|');
	name = steps ? strchr(steps + 1, '|') : NULL;
	if (!name)
		return -1;
	*steps++ = '\0';
	*name++ = '\0';
	if (strlen(id) >= sizeof t->id || strlen(name) >= sizeof t->name)
		return -1;
	memcpy(t->id, id, strlen(id) + 1);
	memcpy(t->name, name, strlen(name) + 1);
	for (tok = strtok_r(steps, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');
		if (!colon || t->n_steps == CORE_MAX_STEPS)
			return -1;
		*colon = '\0';
		struct core_step_def *st = &t->steps[t->n_steps++];
		if (!core_step_kind_parse(tok, &st->kind))
			return -1;
		st->duration_s = (uint32_t)strtoul(colon + 1, NULL, 10);
	}
	return t->n_steps ? 0 : -1;
}

static void config_text(const struct core_room_config *c, char *out, size_t len)
{
	snprintf(out, len, "v1 %u %u %u %u %d %zu %u %u %u %u",
		 c->max_participants, c->max_questions, c->max_suggestions,
		 c->max_learnings, c->pause_when_client_away ? 1 : 0,
		 c->n_warn_marks, c->warn_marks_s[0], c->warn_marks_s[1],
		 c->warn_marks_s[2], c->warn_marks_s[3]);
}

static int config_parse(const char *s, struct core_room_config *c)
{
	int pause;

	core_room_config_default(c);
	if (sscanf(s, "v1 %u %u %u %u %d %zu %u %u %u %u", &c->max_participants,
		   &c->max_questions, &c->max_suggestions, &c->max_learnings,
		   &pause, &c->n_warn_marks, &c->warn_marks_s[0],
		   &c->warn_marks_s[1], &c->warn_marks_s[2],
		   &c->warn_marks_s[3]) != 10 ||
	    c->n_warn_marks > CORE_MAX_WARN_MARKS)
		return -1;
	c->pause_when_client_away = pause != 0;
	return 0;
}

/* --- logging ------------------------------------------------------------ */

static void begin(struct hub *hub)
{
	pending_kick(hub);
	if (store_begin(hub->store)) {
		log_rl(LOG_ERROR, "store_begin_failed");
		hub->tx_failed = true;
	}
}

/* Lists the room among those of the open transaction, once: the commit
 * visits only these, not every room. From here on the room's output
 * depends on the open transaction, which will be commit commit_gen + 1
 * (a failed one consumes its number too). */
static void touch(struct hub *hub, struct hub_room *hr)
{
	hr->gen = hub->commit_gen + 1;
	if (hr->touched)
		return;
	hr->touched = true;
	hr->touched_next = hub->touched;
	hub->touched = hr;
}

int persist_room_created(struct hub *hub, struct hub_room *hr)
{
	char tpl[TEXT_MAX], cfg[TEXT_MAX];

	struct store_room sr = {.id = hr->id,
				.tpl = tpl,
				.cfg = cfg,
				.created_ms = hr->created_ms,
				.org = hr->org,
				.session = hr->session,
				.group = hr->group};

	template_text(&hr->room->tpl, tpl, sizeof tpl);
	config_text(&hr->room->cfg, cfg, sizeof cfg);
	begin(hub);
	if (store_room_create(hub->store, &sr))
		hub->tx_failed = true;
	touch(hub, hr);
	return hub->tx_failed ? -1 : 0;
}

void persist_input(struct hub *hub, struct hub_room *hr, int64_t t,
		   enum store_input_kind kind, uint32_t pid, int arg,
		   const char *data, size_t len, const char *aux)
{
	struct store_input in = {
		.n = hr->n_inputs,
		.t_ms = t,
		.seq = (int64_t)hr->seq,
		.kind = kind,
		.pid = pid,
		.arg = arg,
		.data = data,
		.data_len = len,
		.aux = aux,
	};

	begin(hub);
	if (!hub->tx_failed && store_input_append(hub->store, hr->id, &in)) {
		log_rl(LOG_ERROR, "store_append_failed room=%s", hr->id);
		hub->tx_failed = true;
	}
	hr->n_inputs++;
	hr->last_input_ms = t;
	touch(hub, hr);
}

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
			session_remember(rooms_member(x->hr, in->pid), req.id,
					 ack);
		outmsg_unref(ack);
	}
	codec_request_release(&req);
	return err;
}

static int replay_one(void *ud, const struct store_input *in)
{
	struct replay_ctx *x = ud;
	struct hub_room *hr = x->hr;
	struct core_effects fx = {0};
	enum core_err err = CORE_OK;
	uint32_t pid = 0;

	replay_tick(x, in->t_ms);
	switch (in->kind) {
	case INPUT_JOIN:
		err = rooms_reserve_member(hr)
			      ? CORE_E_INTERNAL
			      : room_join(hr->room, in->data ? in->data : "",
					  in->arg & 1, in->t_ms, &pid, &fx);
		if (!err && (pid != in->pid || !in->aux))
			err = CORE_E_INTERNAL;
		if (!err) {
			struct member *m = rooms_member(hr, pid);
			snprintf(m->resume, HUB_RESUME_LEN + 1, "%s", in->aux);
			m->person = (uint32_t)in->arg >> 1;
		}
		break;
	case INPUT_ROLE:
		err = room_hub_assign(hr->room, in->pid,
				      (enum core_role)in->arg, in->t_ms, &fx);
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
static int replay_room(struct hub *hub, struct hub_room *hr, int64_t last_seq)
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

	if (template_parse(sr->tpl, &tpl) || config_parse(sr->cfg, &cfg)) {
		log_error("restore_failed room=%s reason=settings", sr->id);
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
		/* A room whose settings did not parse (logged above). */
		return 0;
	}
	r.skip_encode_below = hr->replay_skip;
	replay_one(&r, in);
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

/* --- commit ------------------------------------------------------------- */

/* Re-attaches live connections to a rebuilt room. */
static void reattach(struct hub_room *hr)
{
	for (struct conn *c = conn_first(); c; c = c->next) {
		struct session *s = c->session;
		if (!s || s->room != hr)
			continue;
		struct member *m = rooms_member(hr, s->pid);
		if (!m) {
			s->room = NULL; /* joined in the lost transaction */
			continue;
		}
		m->conn_id = c->id;
		m->since_seq = hr->seq;
	}
}

/* Rebuilds a room from the store after its transaction was lost. */
static void rebuild(struct hub *hub, struct hub_room *hr)
{
	int64_t last_seq = (int64_t)hr->seq;

	deadlines_set(hub, hr, -1);
	if (rooms_reset(hr)) {
		log_error("rebuild_failed room=%s", hr->id);
		return;
	}
	if (replay_room(hub, hr, last_seq))
		log_error("rebuild_diverged room=%s", hr->id);
	reattach(hr);
	console_mark(hub, hr);
	fanout_rearm(hub);
}

static void sync_start(struct hub *hub);
static void checkpoint_start(struct hub *hub);
static void truncate_if_due(struct hub *hub);

/* Empties the list of the transaction's rooms; after a failed commit,
 * rebuilds each of them from the store. */
static void untouch_all(struct hub *hub, bool failed)
{
	struct hub_room *hr = hub->touched, *next;

	hub->touched = NULL;
	for (; hr; hr = next) {
		next = hr->touched_next;
		hr->touched = false;
		hr->touched_next = NULL;
		if (failed)
			rebuild(hub, hr);
	}
}

/* See the top of the file: after a failed sync nothing held may leave,
 * and nothing tells what is on disk; a restart does. */
static void sync_failed(int err)
{
	log_error("store_sync_failed error=%s: aborting, a restart restores "
		  "what is durable",
		  strerror(err));
	abort();
}

/* Syncs on the loop and releases what waited for it. */
static void sync_here(struct hub *hub)
{
	if (hub->synced_gen == hub->commit_gen)
		return;
	if (store_sync(hub->store))
		sync_failed(errno);
	hub->synced_gen = hub->commit_gen;
	pending_release(hub);
}

void persist_sync_now(struct hub *hub)
{
	sync_here(hub);
	console_flush(hub);
}

/* Returns whether the open transaction (if any) was committed. */
static bool commit_and_flush(struct hub *hub)
{
	bool tx = store_in_transaction(hub->store);
	bool ok = !hub->tx_failed; /* also when begin itself failed */

	/* Crash points count only commits that carry output, so a test can
	 * aim at "the commit of my command" regardless of alive beats. */
	bool aimed = hub->n_pending > 0;

	if (tx) {
		if (aimed)
			CRASH_POINT("before_commit");
		int64_t t0 = clock_mono_us();
		ok = ok && store_commit_nosync(hub->store) == 0;
		metrics_commit(clock_mono_us() - t0, ok);
		if (!ok)
			store_rollback(hub->store);
		if (aimed)
			CRASH_POINT("after_commit");
	}
	/* The open transaction's number is used up, committed or not. */
	if (tx || hub->touched)
		hub->commit_gen++;
	hub->tx_failed = false;
	if (ok) {
		untouch_all(hub, false);
		if (!store_syncs(hub->store))
			hub->synced_gen = hub->commit_gen;
		pending_flush(hub);
		console_flush(hub);
		conn_reap();
		sync_start(hub);
		truncate_if_due(hub);
		checkpoint_start(hub);
		return true;
	}
	log_rl(LOG_ERROR, "commit_failed error=%s", store_errmsg(hub->store));
	/* Whatever is held was committed before: it goes out first, so the
	 * errors below overtake nothing; the failed number then counts as
	 * durable, so nothing waits for it. Consoles hear of the rooms once
	 * they are rebuilt, not of the rolled-back state. */
	sync_here(hub);
	pending_fail(hub);
	untouch_all(hub, true);
	conn_reap();
	return false;
}

/* After each loop iteration and each sync: while a sync runs, the open
 * transaction keeps collecting the loop's inputs and commits when the
 * sync returns. So a sync is never waited for, and there is at most one
 * commit per sync: under load each commit carries more commands and
 * writes each touched page once for all of them, instead of one commit
 * per loop iteration outrunning the disk. */
static void step(struct hub *hub)
{
	/* touched or tx_failed without a transaction: begin failed, and
	 * what waits for it must still learn so. */
	bool open = store_in_transaction(hub->store) || hub->touched ||
		    hub->tx_failed;

	if (open && !hub->syncing)
		(void)commit_and_flush(hub); /* failures are handled inside */
	else if (hub->n_pending)
		pending_flush(hub); /* what does not wait for the open tx */
	conn_reap();
	/* Nothing to do until the next poll or the sync's return: let poll
	 * block again. */
	uv_idle_stop(&hub->kick);
}

/* --- the sync, off the loop ---------------------------------------------- */

static void sync_work(uv_work_t *req)
{
	struct hub *hub = req->data;

	/* Only the WAL's descriptor is used here: the loop thread keeps
	 * writing through its own connection meanwhile. */
	DELAY_POINT("sync");
	hub->sync_rc = store_sync(hub->store) ? errno : 0;
}

static void sync_done(uv_work_t *req, int status)
{
	struct hub *hub = req->data;

	hub->syncing = false;
	if (status == 0 && hub->sync_rc)
		sync_failed(hub->sync_rc);
	if (hub->stopped)
		return; /* persist_stop synced everything itself */
	if (hub->sync_target > hub->synced_gen)
		hub->synced_gen = hub->sync_target;
	pending_release(hub);
	console_flush(hub);
	step(hub);
}

/* One sync in flight at a time; it covers every commit written before it
 * started. */
static void sync_start(struct hub *hub)
{
	if (hub->syncing || hub->stopped || hub->synced_gen == hub->commit_gen)
		return;
	hub->sync_target = hub->commit_gen;
	hub->sync_req.data = hub;
	if (uv_queue_work(hub->loop, &hub->sync_req, sync_work, sync_done)) {
		persist_sync_now(hub); /* no thread pool: the slow way */
		return;
	}
	hub->syncing = true;
}

/* WAL checkpoints (a copy into the database and its fsync, every ~1,000
 * pages) run on the thread pool beside the syncs, with or without
 * sync_full: commits and syncs go on meanwhile. */
static void checkpoint_work(uv_work_t *req)
{
	struct hub *hub = req->data;
	DELAY_POINT("checkpoint");
	store_checkpoint_if_due(hub->store);
}

/* SQLite refuses a checkpoint at once while another connection runs one
 * (no busy wait for that lock), and needs no open transaction. */
static void truncate_if_due(struct hub *hub)
{
	if (!hub->truncate_due || hub->checkpointing ||
	    store_in_transaction(hub->store))
		return;
	hub->truncate_due = false;
	if (store_checkpoint(hub->store))
		log_warn("store_checkpoint_failed after=deletion");
}

void persist_truncate(struct hub *hub)
{
	hub->truncate_due = true;
	truncate_if_due(hub);
}

static void checkpoint_done(uv_work_t *req, int status)
{
	struct hub *hub = req->data;
	(void)status;
	hub->checkpointing = false;
	truncate_if_due(hub);
}

static void checkpoint_start(struct hub *hub)
{
	if (hub->checkpointing || hub->stopped ||
	    !store_checkpoint_due(hub->store))
		return;
	hub->ckpt_req.data = hub;
	if (uv_queue_work(hub->loop, &hub->ckpt_req, checkpoint_work,
			  checkpoint_done) == 0)
		hub->checkpointing = true;
}

int persist_commit_now(struct hub *hub)
{
	/* A commit that fails here (not only an append before it) is a
	 * failure too: the caller must not answer as if it were stored. */
	bool ok = commit_and_flush(hub);

	persist_sync_now(hub);
	conn_reap();
	return ok ? 0 : -1;
}

static void on_check(uv_check_t *h)
{
	step(h->data);
}

void persist_alive(struct hub *hub)
{
	int64_t now = hub_time(hub);

	if (now - hub->last_alive_ms < ALIVE_EVERY_MS)
		return;
	hub->last_alive_ms = now;
	begin(hub);
	if (store_meta_set(hub->store, "alive_ms", now))
		hub->tx_failed = true;
}

void persist_start(struct hub *hub)
{
	uv_idle_init(hub->loop, &hub->kick);
	uv_check_init(hub->loop, &hub->commit);
	hub->commit.data = hub;
	uv_check_start(&hub->commit, on_check);
}

void persist_stop(struct hub *hub)
{
	if (store_in_transaction(hub->store) || hub->n_pending)
		(void)commit_and_flush(hub);
	persist_sync_now(hub);
	uv_check_stop(&hub->commit);
	uv_idle_stop(&hub->kick);
	uv_close((uv_handle_t *)&hub->commit, NULL);
	uv_close((uv_handle_t *)&hub->kick, NULL);
}
