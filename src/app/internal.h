/*
 * internal.h — what the app's files share: the hub, its rooms, and each
 * module's functions. Not for the rest of the program (net/, cli/ and
 * main.c see app/hub.h only).
 *
 * Ownership: the hub owns every hub_room (and its struct room, members,
 * event log) and every peer (app/peer.h), from hub_on_open to
 * hub_on_close. Members refer to their live connection by id, never by
 * pointer; the hub reaches a connection only through its transport table
 * (app/transport.h).
 */
#ifndef APP_INTERNAL_H
#define APP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "auth/token.h"
#include "codec/codec.h"
#include "config/config.h"
#include "core/osess.h"
#include "core/room.h"
#include "app/admin.h"
#include "app/hub.h"
#include "app/peer.h"
#include "app/templates.h"
#include "app/transport.h"
#include "store/store.h"
#include "util/outmsg.h"

#define HUB_ROOM_BUCKETS 4096 /* power of two */
#define HUB_RESUME_LEN 24     /* base64url chars of 18 random bytes */
#define HUB_REPLAY_SLOTS 16   /* retried request ids remembered per member */

/* A remembered reply, so a retried command is applied once. Ids are
 * short in practice (the web client's: ~12 characters): kept inline, a
 * longer one (up to CODEC_ID_MAX) on the heap. */
#define HUB_REPLAY_ID_INLINE 16
struct replay {
	struct outmsg *reply; /* NULL: a free slot */
	char *long_id;	      /* the id when it does not fit in id[] */
	char id[HUB_REPLAY_ID_INLINE];
};

struct member {
	uint64_t conn_id;   /* 0 = not connected */
	uint64_t since_seq; /* events up to here were already sent to this
			       connection (in its welcome or replay) */
	char resume[HUB_RESUME_LEN + 1];
	struct replay *replay; /* HUB_REPLAY_SLOTS, from its first command on:
				  a participant who only listens costs less */
	unsigned replay_next;
	uint32_t person; /* the session person who joined with their
			    personal link, 0 = a room link */
	char seat[CODEC_SEAT_MAX + 1]; /* the browser's seat key, "" none */
};

/* Room events kept for resume: a ring of the last `max` encoded events,
 * allocated as it fills (`cap` slots now), so a quiet room costs little. */
struct event_log {
	struct outmsg **ev;
	uint64_t first_seq; /* seq of ev[head] */
	size_t head, len, cap, max;
	size_t bytes, max_bytes; /* payload bytes held, and their bound */
};

struct hub_room {
	char id[TOKEN_ROOM_MAX + 1];
	struct room *room;
	struct member *members; /* [pid - 1], n_members slots (grown before
				   each join, up to max participants) */
	uint32_t n_members;
	uint64_t seq; /* last event seq */
	struct event_log log;
	int64_t wakeup_ms; /* cached room_next_wakeup, -1 none; set only
			      through deadlines_set */
	uint32_t dl_pos;   /* index + 1 in hub->dl, 0: not there */
	int64_t created_ms;
	uint32_t org;		 /* owning organization */
	uint32_t session, group; /* the session group it serves, or 0 */
	unsigned alerts;	 /* console alerts last reported (bits) */
	bool console_dirty;	 /* changed since the consoles last heard */
	int64_t n_inputs;	 /* inputs logged in the store */
	int64_t last_input_ms;	 /* hub time of the last input */
	uint64_t gen;		 /* the commit of its last input (persist.c) */
	int64_t replay_skip;	 /* restore: seqs below are not encoded */
	bool touched;		 /* has inputs in the open transaction */
	struct hub_room *touched_next; /* hub->dur.touched list */
	struct hub_room *next;	       /* all rooms */
	struct hub_room *hnext;	       /* same id-hash bucket */
};

/* Output held until the transaction of this loop iteration commits and
 * that commit is durable: an acknowledged command is never lost, so
 * nothing it caused may leave the process before it is on disk. */
struct pending {
	uint64_t conn_id;      /* a message for one connection, or 0 */
	struct hub_room *room; /* a room event: to every member */
	uint64_t seq;	       /* the event's seq (room events) */
	uint64_t need;	       /* the commit that must be durable first */
	struct outmsg *msg;
	bool reply;	     /* answers a logged input: becomes a storage
				error if the commit fails */
	bool join;	     /* welcome of a new participant */
	uint16_t close_code; /* close the connection here (no msg) */
	char re[CODEC_ID_MAX + 1];
};

/* Output held for its commit (outbox.c owns it). */
struct outbox {
	struct pending *pending; /* output of the open iteration */
	size_t n_pending, cap_pending;
	struct pending *held; /* committed output waiting for its sync */
	size_t n_held, cap_held;
	uv_idle_t kick; /* keeps poll from blocking while work waits */
};

/* The group commit, its sync and checkpoints (persist.c owns it). */
struct durability {
	uv_check_t commit;	  /* group commit after each poll */
	struct hub_room *touched; /* rooms with inputs in the open tx */
	uint64_t commit_gen;	  /* group commits so far */
	uint64_t synced_gen;	  /* commits known durable */
	uint64_t sync_target;	  /* what the sync in flight covers */
	bool syncing;		  /* a store_sync runs on the thread pool */
	int sync_rc;
	uv_work_t sync_req;
	bool checkpointing; /* a WAL checkpoint runs on the thread pool */
	bool truncate_due;  /* persist_truncate waits for it */
	uv_work_t ckpt_req;
	bool tx_failed; /* an append failed: the commit rolls back */
	int64_t last_alive_ms;
};

/* The rooms' wakeups (deadlines.c owns the heap, fanout.c the timer). */
struct deadline_heap {
	struct hub_room **heap; /* rooms with a wakeup, a min-heap */
	size_t n, cap;
	int64_t due;	  /* when the timer fires, -1: idle */
	uv_timer_t timer; /* the earliest room wakeup */
};

/* Revoked link nonces, sorted (links.c owns them). */
struct revocations {
	uint8_t (*revoked)[TOKEN_NONCE_LEN];
	size_t n, cap;
};

/* Organizations and their sessions (osessions.c owns them). */
struct organizations {
	struct hub_osess *sessions;
	size_t n_sessions;
	uint32_t next_id; /* of the next session */
	uint32_t *ids;	  /* known organization ids, sorted */
	size_t n_ids;
};

/* The organizers' consoles (console.c owns them). */
struct consoles {
	struct console_sub *subs;
	size_t n, cap;
	struct hub_room **dirty; /* session rooms the consoles must hear of */
	size_t n_dirty, cap_dirty;
};

/* The hub: what it was given, its rooms and peers, and one part per
 * module that owns it (the module named in each part's comment is the
 * only one that changes it). */
struct hub {
	uv_loop_t *loop;
	const struct transport *net;
	struct store *store;
	const struct config *cfg;
	const struct token_keyring *keys;
	int64_t clock_offset; /* hub time = monotonic + offset */
	struct codec_limits limits;
	struct core_room_config room_cfg;
	char base_url[256];
	struct templates templates;
	struct peer_table peers; /* peer.c */
	/* rooms.c */
	struct hub_room *rooms;
	size_t n_rooms;
	struct hub_room *by_id[HUB_ROOM_BUCKETS]; /* hash of room ids */
	uv_timer_t sweep; /* hello deadlines, alerts, once a second */
	struct deadline_heap dl;
	struct outbox out;
	struct durability dur;
	struct revocations links;
	struct organizations org;
	struct consoles con;
	bool stopped, ready;
};

/* A session held by the hub; it owns s. */
struct hub_osess {
	struct org_session *s;
	struct hub_osess *next;
};

/* An organizer's console connection and the session it watches. */
struct console_sub {
	uint64_t conn_id;
	uint32_t session;
};

/* Hub time: monotonic, anchored on the wall clock at start (and never
 * before the last stored time), so stored times stay comparable across
 * restarts while a wall-clock jump never moves a running deadline. */
int64_t hub_time(const struct hub *hub);

/* rooms.c */
struct hub_room *rooms_create(struct hub *hub, const struct core_template *t,
			      int64_t now_ms);
struct hub_room *rooms_find(struct hub *hub, const char *id);
void rooms_free_all(struct hub *hub);
void rooms_log_append(struct hub_room *hr, struct outmsg *m);
/* Whether the log still holds every event after `seq`. */
bool rooms_log_covers(const struct hub_room *hr, uint64_t after_seq);
/* Queues the events after `seq` for one connection. */
void rooms_log_replay(struct hub *hub, struct hub_room *hr, uint64_t after_seq,
		      uint64_t conn_id);
/* A room with a given id (restore) or a fresh random one (id NULL). */
struct hub_room *rooms_new(struct hub *hub, const char *id,
			   const struct core_template *t,
			   const struct core_room_config *cfg, int64_t now_ms);
/* Frees the room; its members' connections are closed with 4004. */
void rooms_delete(struct hub *hub, struct hub_room *hr);
/* Back to a fresh room of the same template and settings, before a
 * replay. 0, or -1 on OOM (room unchanged). */
int rooms_reset(struct hub_room *hr);
/* The member slot of a participant, NULL for an unknown pid. */
struct member *rooms_member(struct hub_room *hr, uint32_t pid);
/* Makes room for one more member before a join: 0, or -1 (out of memory:
 * the join must not happen). */
int rooms_reserve_member(struct hub_room *hr);

/* deadlines.c */
/* Room for n rooms in the heap (called before a room is added): 0 or -1. */
int deadlines_reserve(struct hub *hub, size_t n);
/* Sets hr->wakeup_ms (-1: none) and its place in the heap. */
void deadlines_set(struct hub *hub, struct hub_room *hr, int64_t due);
/* The room with the earliest wakeup, or NULL. */
struct hub_room *deadlines_first(const struct hub *hub);

/* hooks.c — who hears of what happened, in one place */
/* A group commit succeeded: output that needs nothing more goes out. */
void hooks_committed(struct hub *hub);
/* More commits are durable (a sync returned, or ran here). */
void hooks_durable(struct hub *hub);
/* A commit failed: held output first, then the storage errors. */
void hooks_commit_failed(struct hub *hub);
/* A room's state changed (events applied, or rebuilt from the store). */
void hooks_room_changed(struct hub *hub, struct hub_room *hr);
void hooks_room_deleted(struct hub *hub, struct hub_room *hr);
/* An organizer changed a session (stored). */
void hooks_session_changed(struct hub *hub, struct hub_osess *hs);

/* fanout.c */
/* Encodes every event of fx once, numbers it, logs it for resume and
 * queues it for the room; re-arms the deadline timer. Returns the seq of
 * the last event (0 when fx was empty). */
uint64_t fanout_effects(struct hub *hub, struct hub_room *hr,
			const struct core_effects *fx, int64_t now);
/* Runs the room's due timer marks at `now` (before any input at `now`,
 * so that live order equals replay order). */
void fanout_catch_up(struct hub *hub, struct hub_room *hr, int64_t now);
void fanout_rearm(struct hub *hub);

/* outbox.c — output queued until the commit it depends on is durable */
void outbox_conn(struct hub *hub, uint64_t conn_id, struct outmsg *m);
void outbox_reply(struct hub *hub, uint64_t conn_id, const char *re,
		  struct outmsg *m, bool join);
void outbox_event(struct hub *hub, struct hub_room *hr, uint64_t seq,
		  struct outmsg *m);
void outbox_text(struct hub *hub, uint64_t conn_id, char *text); /* takes */
/* Closes the connection once what was queued before has gone out. */
void outbox_close(struct hub *hub, uint64_t conn_id, uint16_t code);
void outbox_error(struct hub *hub, uint64_t conn_id, const char *re,
		  enum core_err err, const char *field, const char *message);
/* Sorts the queued output (after each loop iteration and each commit):
 * what needs no more than durable commits goes out now, in order; what
 * needs a commit still syncing is held for pending_release; what needs
 * the open transaction stays queued. */
void outbox_flush(struct hub *hub);
/* After a sync: sends the held output it made durable. */
void outbox_release(struct hub *hub);
/* After a failed commit: replies become storage errors, events and
 * welcomes of new participants are dropped. */
void outbox_fail(struct hub *hub);
void outbox_free(struct hub *hub);
/* Makes sure the loop reaches its check phase (the commit) promptly even
 * when the work was queued from a timer, before a blocking poll. */
void outbox_kick(struct hub *hub);

/* persist.c — the store behind the rooms (persist_restore: restore.c) */
int persist_restore(struct hub *hub, char *err, size_t errlen);
int persist_room_created(struct hub *hub, struct hub_room *hr);

/* restore.c: replays the stored inputs of hr (a fresh room) up to
 * last_seq, the seq it had; 0, or -1 when the replay diverged. */
int restore_replay_room(struct hub *hub, struct hub_room *hr, int64_t last_seq);

void persist_input(struct hub *hub, struct hub_room *hr, int64_t t,
		   enum store_input_kind kind, uint32_t pid, int arg,
		   const char *data, size_t len, const char *aux);
/* Records that the hub is alive (every few seconds): at restart, the
 * downtime is measured from it. */
void persist_alive(struct hub *hub);
/* Commits now and waits for the sync (HTTP API answers cannot wait for
 * the loop's check); everything held goes out. */
/* Empties the WAL into the database (after a deletion, so deleted content
 * leaves the WAL file): now, or after the checkpoint job in flight. */
void persist_truncate(struct hub *hub);
int persist_commit_now(struct hub *hub);
/* Syncs on this thread and sends everything held: the slow path. */
void persist_sync_now(struct hub *hub);
void persist_start(struct hub *hub); /* group commit + alive beat */
void persist_stop(struct hub *hub);

/* join.c — hello (join or resume) and leaving */
void join_hello(struct hub *hub, struct peer *p,
		const struct codec_request *req);
/* The peer's connection closed, or its link was revoked: the member is
 * away (unless a newer connection already replaced it). */
void join_left(struct hub *hub, struct peer *p);

/* command.c — the command pipeline */
void command_run(struct hub *hub, struct peer *p,
		 const struct codec_request *req, const char *raw,
		 size_t raw_len);
/* Remembers an applied command's reply for retried ids. */
void command_remember(struct member *m, const char *id, struct outmsg *reply);

/* links.c */
#define LINK_MAX ADMIN_LINK_MAX
int links_load(struct hub *hub);
void links_free(struct hub *hub);
bool links_revoked(const struct hub *hub, const uint8_t *nonce);
int links_make(struct hub *hub, const char *room, enum token_scope scope,
	       char *out, size_t len);
/* Whether token is a valid organizer capability, and its organization. */
bool links_organizer(struct hub *hub, const char *token, size_t len,
		     uint32_t *org);
/* Records the revocation durably, then closes the link's connections. */
int links_revoke(struct hub *hub, const struct token_claims *claims);

/* osessions.c — organizations and their sessions */
int osessions_load(struct hub *hub, char *err, size_t errlen);
void osessions_free_all(struct hub *hub);
/* Loads sessions stored by someone else (the admin CLI) since. */
void osessions_refresh(struct hub *hub);
bool osessions_org_exists(struct hub *hub, uint32_t org);
struct hub_osess *osessions_find(struct hub *hub, uint32_t org, uint32_t id);
/* Adds a new session (takes s) and stores it; NULL on storage failure
 * (s freed). */
struct hub_osess *osessions_add(struct hub *hub, struct org_session *s);
/* Stores the session's document now; 0 or -1. Tells its consoles. */
int osessions_save(struct hub *hub, struct hub_osess *hs);
void osessions_delete(struct hub *hub, struct hub_osess *hs);
/* Back to the stored document (after a change failed to store). */
void osessions_reload(struct hub *hub, struct hub_osess *hs);
/* Creates the rooms of groups that have none (start, next workshop,
 * new meeting) and commits; 0, or -1 when one could not be created. */
int osessions_open_rooms(struct hub *hub, struct hub_osess *hs);
/* Closes, with 4005, the connections of `person` (0: everyone) in room
 * hr, so their clients come back to where they belong now; each first
 * gets a session.moved message saying where and why (reason "moved",
 * "next_workshop", "new_meeting"), with a fresh link of the new room for
 * who came by a room link. */
void osessions_send_away(struct hub *hub, struct hub_room *hr, uint32_t person,
			 const char *reason);
/* {"type":"session.help",...} to every connected member of hr. */
void osessions_help_state(struct hub *hub, struct hub_room *hr, uint32_t help,
			  const char *state);
/* Sends the banner / plenary countdown to every room of the session. */
void osessions_broadcast(struct hub *hub, struct hub_osess *hs,
			 const char *type);
/* Adds the session's part to a welcome of a session room (takes text). */
char *osessions_welcome(struct hub *hub, const struct hub_room *hr, char *text);
/* After a welcome: the session's banner and countdown, when set. */
void osessions_greet(struct hub *hub, struct hub_room *hr, uint64_t conn_id);
/* A personal link's room: the person's group's current room. */
enum core_err osessions_personal_room(struct hub *hub,
				      const struct token_claims *claims,
				      struct hub_room **room, uint32_t *person);
/* The name and planned facilitator flag a person joins with. */
const struct osess_person *osessions_person(struct hub *hub,
					    const struct hub_room *hr,
					    uint32_t person);
bool osessions_plans_facilitator(struct hub *hub, const struct hub_room *hr,
				 uint32_t person);
/* Gives the planned client their role when they join (logged). */
void osessions_joined(struct hub *hub, struct hub_room *hr, uint32_t pid,
		      int64_t now);
int osessions_link(struct hub *hub, const struct org_session *s,
		   uint32_t person, char *out, size_t len);

/* records.c — a client's records of their workshops (personal links) */
void records_list(struct hub *hub, struct peer *p,
		  const struct codec_request *req);
void records_get(struct hub *hub, struct peer *p,
		 const struct codec_request *req);

/* console.c — the organizer's live console */
void console_watch(struct hub *hub, struct peer *p,
		   const struct codec_request *req);
void console_help(struct hub *hub, struct peer *p,
		  const struct codec_request *req);
/* A session room changed: its consoles hear of it after the commit. */
void console_mark(struct hub *hub, struct hub_room *hr);
void console_forget_room(struct hub *hub, struct hub_room *hr);
/* After each commit and each sync: the summaries of the rooms marked
 * since whose last input is durable (the others stay marked). */
void console_flush(struct hub *hub);
/* Once a second: alerts that changed without an event. */
void console_sweep(struct hub *hub);
void console_session_changed(struct hub *hub, struct hub_osess *hs);
void console_closed(struct hub *hub, struct peer *s);
void console_free_all(struct hub *hub);

#endif
