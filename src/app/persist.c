/*
 * persist.c — the rooms in the store: logging inputs, the group commit,
 * the sync and checkpoints off the loop, and rebuild after a failed commit
 * (the replay itself and the restore at start: restore.c).
 *
 * A room is its creation plus its ordered inputs (store.h). The core is
 * deterministic in (inputs, times), so replaying the log rebuilds the
 * acknowledged room exactly, event numbering included; each stored input
 * carries the seq it led to, and replay checks it.
 *
 * Group commit: inputs go into one transaction per loop iteration; a
 * uv_check handle (after each poll) commits it, which writes the WAL, and
 * hands the iteration's replies and events to outbox.c, which holds them
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

#include "app/internal.h"
#include "app/metrics.h"
#include "codec/roomstored.h"
#include "util/clock.h"
#include "util/crashpoint.h"
#include "util/log.h"

#define ALIVE_EVERY_MS 5000

/* --- logging ------------------------------------------------------------ */

static void begin(struct hub *hub)
{
	outbox_kick(hub);
	if (store_begin(hub->store)) {
		log_rl(LOG_ERROR, "store_begin_failed");
		hub->dur.tx_failed = true;
	}
}

/* Lists the room among those of the open transaction, once: the commit
 * visits only these, not every room. From here on the room's output
 * depends on the open transaction, which will be commit commit_gen + 1
 * (a failed one consumes its number too). */
static void touch(struct hub *hub, struct hub_room *hr)
{
	hr->gen = hub->dur.commit_gen + 1;
	if (hr->touched)
		return;
	hr->touched = true;
	hr->touched_next = hub->dur.touched;
	hub->dur.touched = hr;
}

int persist_room_created(struct hub *hub, struct hub_room *hr)
{
	char tpl[CODEC_ROOMSTORED_MAX], cfg[CODEC_ROOMSTORED_MAX];

	struct store_room sr = {.id = hr->id,
				.tpl = tpl,
				.cfg = cfg,
				.created_ms = hr->created_ms,
				.org = hr->org,
				.session = hr->session,
				.group = hr->group};

	begin(hub);
	/* The encoders fail only on OOM or on a room that would not restore
	 * (roomstored.h): either way its creation is not committed. */
	if (codec_roomstored_template(&hr->room->tpl, tpl, sizeof tpl) ||
	    codec_roomstored_config(&hr->room->cfg, cfg, sizeof cfg)) {
		log_error("store_room_encode_failed room=%s", hr->id);
		hub->dur.tx_failed = true;
	} else if (store_room_create(hub->store, &sr)) {
		hub->dur.tx_failed = true;
	}
	touch(hub, hr);
	return hub->dur.tx_failed ? -1 : 0;
}

void persist_input(struct hub *hub, struct hub_room *hr, int64_t t,
		   enum store_input_kind kind, uint32_t pid, int arg,
		   const char *data, size_t len, const char *aux)
{
	struct store_input in = {
		.n = hr->n_inputs,
		.t_ms = t,
		.seq = (int64_t)hr->seq,
		.proto = CODEC_PROTO_VERSION,
		.kind = kind,
		.pid = pid,
		.arg = arg,
		.data = data,
		.data_len = len,
		.aux = aux,
	};

	begin(hub);
	if (!hub->dur.tx_failed &&
	    store_input_append(hub->store, hr->id, &in)) {
		log_rl(LOG_ERROR, "store_append_failed room=%s", hr->id);
		hub->dur.tx_failed = true;
	}
	hr->n_inputs++;
	hr->last_input_ms = t;
	touch(hub, hr);
}

/* --- commit ------------------------------------------------------------- */

/* Re-attaches live connections to a rebuilt room. */
static void reattach(struct hub *hub, struct hub_room *hr)
{
	for (struct peer *s = hub->peers.first; s; s = s->next) {
		if (s->room != hr)
			continue;
		struct member *m = rooms_member(hr, s->pid);
		if (!m) {
			s->room = NULL; /* joined in the lost transaction */
			continue;
		}
		m->conn_id = s->conn_id;
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
	if (restore_replay_room(hub, hr, last_seq))
		log_error("rebuild_diverged room=%s", hr->id);
	reattach(hub, hr);
	hooks_room_changed(hub, hr);
	fanout_rearm(hub);
}

static void sync_start(struct hub *hub);
static void checkpoint_start(struct hub *hub);
static void truncate_if_due(struct hub *hub);

/* Empties the list of the transaction's rooms; after a failed commit,
 * rebuilds each of them from the store. */
static void untouch_all(struct hub *hub, bool failed)
{
	struct hub_room *hr = hub->dur.touched, *next;

	hub->dur.touched = NULL;
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

/* Syncs on the loop: every commit so far is durable. */
static void sync_here(struct hub *hub)
{
	if (hub->dur.synced_gen == hub->dur.commit_gen)
		return;
	if (store_sync(hub->store))
		sync_failed(errno);
	hub->dur.synced_gen = hub->dur.commit_gen;
}

void persist_sync_now(struct hub *hub)
{
	sync_here(hub);
	hooks_durable(hub);
}

/* Returns whether the open transaction (if any) was committed. */
static bool commit_and_flush(struct hub *hub)
{
	bool tx = store_in_transaction(hub->store);
	bool ok = !hub->dur.tx_failed; /* also when begin itself failed */

	/* Crash points count only commits that carry output, so a test can
	 * aim at "the commit of my command" regardless of alive beats. */
	bool aimed = hub->out.n_pending > 0;

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
	if (tx || hub->dur.touched)
		hub->dur.commit_gen++;
	hub->dur.tx_failed = false;
	if (ok) {
		untouch_all(hub, false);
		if (!store_syncs(hub->store))
			hub->dur.synced_gen = hub->dur.commit_gen;
		hooks_committed(hub);
		sync_start(hub);
		truncate_if_due(hub);
		checkpoint_start(hub);
		return true;
	}
	log_rl(LOG_ERROR, "commit_failed error=%s", store_errmsg(hub->store));
	/* Whatever is held was committed before: made durable, it goes out
	 * first; the failed number then counts as durable, so nothing waits
	 * for it. Consoles hear of the rooms once they are rebuilt, not of
	 * the rolled-back state. */
	sync_here(hub);
	hooks_commit_failed(hub);
	untouch_all(hub, true);
	hub->net->reap();
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
	bool open = store_in_transaction(hub->store) || hub->dur.touched ||
		    hub->dur.tx_failed;

	if (open && !hub->dur.syncing)
		(void)commit_and_flush(hub); /* failures are handled inside */
	else if (hub->out.n_pending)
		outbox_flush(hub); /* what does not wait for the open tx */
	hub->net->reap();
	/* Nothing to do until the next poll or the sync's return: let poll
	 * block again. */
	uv_idle_stop(&hub->out.kick);
}

/* --- the sync, off the loop ---------------------------------------------- */

static void sync_work(uv_work_t *req)
{
	struct hub *hub = req->data;

	/* Only the WAL's descriptor is used here: the loop thread keeps
	 * writing through its own connection meanwhile. */
	DELAY_POINT("sync");
	hub->dur.sync_rc = store_sync(hub->store) ? errno : 0;
}

static void sync_done(uv_work_t *req, int status)
{
	struct hub *hub = req->data;

	hub->dur.syncing = false;
	if (status == 0 && hub->dur.sync_rc)
		sync_failed(hub->dur.sync_rc);
	if (hub->stopped)
		return; /* persist_stop synced everything itself */
	if (hub->dur.sync_target > hub->dur.synced_gen)
		hub->dur.synced_gen = hub->dur.sync_target;
	hooks_durable(hub);
	step(hub);
}

/* One sync in flight at a time; it covers every commit written before it
 * started. */
static void sync_start(struct hub *hub)
{
	if (hub->dur.syncing || hub->stopped ||
	    hub->dur.synced_gen == hub->dur.commit_gen)
		return;
	hub->dur.sync_target = hub->dur.commit_gen;
	hub->dur.sync_req.data = hub;
	if (uv_queue_work(hub->loop, &hub->dur.sync_req, sync_work,
			  sync_done)) {
		persist_sync_now(hub); /* no thread pool: the slow way */
		return;
	}
	hub->dur.syncing = true;
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
	if (!hub->dur.truncate_due || hub->dur.checkpointing ||
	    store_in_transaction(hub->store))
		return;
	hub->dur.truncate_due = false;
	if (store_checkpoint(hub->store))
		log_warn("store_checkpoint_failed after=deletion");
}

void persist_truncate(struct hub *hub)
{
	hub->dur.truncate_due = true;
	truncate_if_due(hub);
}

static void checkpoint_done(uv_work_t *req, int status)
{
	struct hub *hub = req->data;
	(void)status;
	hub->dur.checkpointing = false;
	truncate_if_due(hub);
}

static void checkpoint_start(struct hub *hub)
{
	if (hub->dur.checkpointing || hub->stopped ||
	    !store_checkpoint_due(hub->store))
		return;
	hub->dur.ckpt_req.data = hub;
	if (uv_queue_work(hub->loop, &hub->dur.ckpt_req, checkpoint_work,
			  checkpoint_done) == 0)
		hub->dur.checkpointing = true;
}

int persist_commit_now(struct hub *hub)
{
	/* A commit that fails here (not only an append before it) is a
	 * failure too: the caller must not answer as if it were stored. */
	bool ok = commit_and_flush(hub);

	persist_sync_now(hub);
	hub->net->reap();
	return ok ? 0 : -1;
}

static void on_check(uv_check_t *h)
{
	step(h->data);
}

void persist_alive(struct hub *hub)
{
	int64_t now = hub_time(hub);

	if (now - hub->dur.last_alive_ms < ALIVE_EVERY_MS)
		return;
	hub->dur.last_alive_ms = now;
	begin(hub);
	if (store_meta_set(hub->store, "alive_ms", now))
		hub->dur.tx_failed = true;
}

void persist_start(struct hub *hub)
{
	uv_idle_init(hub->loop, &hub->out.kick);
	uv_check_init(hub->loop, &hub->dur.commit);
	hub->dur.commit.data = hub;
	uv_check_start(&hub->dur.commit, on_check);
}

void persist_stop(struct hub *hub)
{
	if (store_in_transaction(hub->store) || hub->out.n_pending)
		(void)commit_and_flush(hub);
	persist_sync_now(hub);
	uv_check_stop(&hub->dur.commit);
	uv_idle_stop(&hub->out.kick);
	uv_close((uv_handle_t *)&hub->dur.commit, NULL);
	uv_close((uv_handle_t *)&hub->out.kick, NULL);
}
