/*
 * osessions.c — organizations and their sessions in the hub: loading and
 * storing them, opening each group's room, carrying people over to the
 * room where they belong now, personal links, and the organizer's
 * messages to every room.
 *
 * A session is stored as one document, rewritten on every change and
 * committed before the API answers (organizer pace, not room pace). Rooms
 * carry their session and group, so a restored room still knows whom it
 * serves; people carry over by reconnecting: the hub closes their
 * connection with 4005 and their personal link resolves to the new room.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/keyring.h"
#include "codec/console.h"
#include "codec/sessionjson.h"
#include "app/admin.h"
#include "app/internal.h"
#include "util/clock.h"
#include "util/log.h"

/* --- organizations -------------------------------------------------------- */

static int org_loaded(void *ud, int64_t id, const char *name, int64_t at)
{
	struct hub *hub = ud;
	uint32_t *v = realloc(hub->org.ids, (hub->org.n_ids + 1) * sizeof *v);

	(void)name;
	(void)at;
	if (!v)
		return -1;
	hub->org.ids = v;
	hub->org.ids[hub->org.n_ids++] = (uint32_t)id;
	return 0;
}

static bool org_known(const struct hub *hub, uint32_t org)
{
	for (size_t i = 0; i < hub->org.n_ids; i++)
		if (hub->org.ids[i] == org)
			return true;
	return false;
}

/* Organizations are made by the admin CLI, possibly while the hub runs:
 * an unknown id is looked up again in the store before being refused. */
bool osessions_org_exists(struct hub *hub, uint32_t org)
{
	if (org_known(hub, org))
		return true;
	free(hub->org.ids);
	hub->org.ids = NULL;
	hub->org.n_ids = 0;
	if (store_orgs_each(hub->store, org_loaded, hub))
		log_rl(LOG_ERROR, "store_orgs_failed");
	return org_known(hub, org);
}

/* --- the registry ----------------------------------------------------------
 */

static bool held(const struct hub *hub, uint32_t id)
{
	for (const struct hub_osess *hs = hub->org.sessions; hs; hs = hs->next)
		if (hs->s->id == id)
			return true;
	return false;
}

static int session_loaded(void *ud, uint32_t id, uint32_t org, const char *doc,
			  size_t len)
{
	struct hub *hub = ud;
	char why[128];
	struct org_session *s;
	struct hub_osess *hs;

	if (held(hub, id))
		return 0;
	s = codec_session_load(doc, len, why, sizeof why);
	if (!s) {
		log_rl(LOG_ERROR, "session_restore_failed session=%u reason=%s",
		       id, why);
		return 0; /* the others still load */
	}
	hs = calloc(1, sizeof *hs);
	if (!hs) {
		osess_free(s);
		return -1;
	}
	s->id = id;
	s->org = org;
	hs->s = s;
	hs->next = hub->org.sessions;
	hub->org.sessions = hs;
	hub->org.n_sessions++;
	if (id >= hub->org.next_id)
		hub->org.next_id = id + 1;
	return 0;
}

int osessions_load(struct hub *hub, char *err, size_t errlen)
{
	hub->org.next_id = 1;
	if (store_orgs_each(hub->store, org_loaded, hub) ||
	    store_sessions_each(hub->store, session_loaded, hub)) {
		snprintf(err, errlen, "store: cannot read sessions: %s",
			 store_errmsg(hub->store));
		return -1;
	}
	log_info("restored sessions=%zu organizations=%zu", hub->org.n_sessions,
		 hub->org.n_ids);
	return 0;
}

/* Sessions the admin CLI stored while the hub ran join the ones held
 * (organizer pace: a scan of the sessions table). */
void osessions_refresh(struct hub *hub)
{
	if (store_sessions_each(hub->store, session_loaded, hub))
		log_rl(LOG_ERROR, "store_sessions_failed");
}

void osessions_free_all(struct hub *hub)
{
	while (hub->org.sessions) {
		struct hub_osess *hs = hub->org.sessions;
		hub->org.sessions = hs->next;
		osess_free(hs->s);
		free(hs);
	}
	free(hub->org.ids);
	hub->org.ids = NULL;
	hub->org.n_ids = hub->org.n_sessions = 0;
}

static struct hub_osess *held_session(struct hub *hub, uint32_t id)
{
	for (struct hub_osess *hs = hub->org.sessions; hs; hs = hs->next)
		if (hs->s->id == id)
			return hs;
	return NULL;
}

struct hub_osess *osessions_find(struct hub *hub, uint32_t org, uint32_t id)
{
	struct hub_osess *hs = held_session(hub, id);

	if (!hs && id) {
		osessions_refresh(hub);
		hs = held_session(hub, id);
	}
	return hs && hs->s->org == org ? hs : NULL;
}

/* Stores the session's document; a new one is inserted, never written
 * over a session the admin CLI stored under the same id meanwhile. */
static int store_now(struct hub *hub, const struct org_session *s, bool is_new)
{
	char *doc = codec_session_store(s);
	int rc;

	persist_commit_now(hub); /* what is in flight goes first */
	rc = !doc || store_begin(hub->store) ||
	     (is_new ? store_session_insert(hub->store, s->id, s->org, doc)
		     : store_session_put(hub->store, s->id, s->org, doc)) ||
	     store_commit(hub->store);
	if (rc) {
		store_rollback(hub->store);
		log_rl(LOG_ERROR, "session_store_failed session=%u", s->id);
	}
	free(doc);
	return rc ? -1 : 0;
}

int osessions_save(struct hub *hub, struct hub_osess *hs)
{
	if (store_now(hub, hs->s, false))
		return -1;
	hooks_session_changed(hub, hs);
	return 0;
}

struct hub_osess *osessions_add(struct hub *hub, struct org_session *s)
{
	struct hub_osess *hs = calloc(1, sizeof *hs);

	if (hs && store_now(hub, s, true)) {
		/* The id was taken by the CLI since the refresh: take the next
		 * one (a session has no stored references to its id yet). */
		osessions_refresh(hub);
		s->id = hub->org.next_id;
		if (store_now(hub, s, true)) {
			free(hs);
			hs = NULL;
		}
	}
	if (!hs) {
		osess_free(s);
		return NULL;
	}
	hs->s = s;
	hs->next = hub->org.sessions;
	hub->org.sessions = hs;
	hub->org.n_sessions++;
	hub->org.next_id = s->id + 1;
	return hs;
}

void osessions_delete(struct hub *hub, struct hub_osess *hs)
{
	struct hub_osess **pp = &hub->org.sessions;

	while (*pp && *pp != hs)
		pp = &(*pp)->next;
	if (!*pp)
		return;
	*pp = hs->next;
	hub->org.n_sessions--;
	osess_free(hs->s);
	free(hs);
}

struct reload_ctx {
	uint32_t id;
	struct org_session *s;
};

static int reload_one(void *ud, uint32_t id, uint32_t org, const char *doc,
		      size_t len)
{
	struct reload_ctx *x = ud;
	char why[128];

	if (id != x->id)
		return 0;
	x->s = codec_session_load(doc, len, why, sizeof why);
	if (x->s) {
		x->s->id = id;
		x->s->org = org;
	}
	return 1;
}

void osessions_reload(struct hub *hub, struct hub_osess *hs)
{
	struct reload_ctx x = {.id = hs->s->id};

	store_sessions_each(hub->store, reload_one, &x);
	if (!x.s)
		return; /* the store is unreadable: keep what we have */
	osess_free(hs->s);
	hs->s = x.s;
}

/* --- rooms -----------------------------------------------------------------
 */

/* A later meeting of the cycle opens with the previous client's report. */
static bool report_back_template(const struct hub *hub,
				 const struct core_template *base,
				 struct core_template *out)
{
	if (base->n_steps >= CORE_MAX_STEPS ||
	    strlen(base->id) + 3 >= sizeof out->id)
		return false;
	*out = *base;
	memmove(&out->steps[1], &base->steps[0],
		base->n_steps * sizeof base->steps[0]);
	out->steps[0] = (struct core_step_def){
		STEP_REPORT_BACK, (uint32_t)hub->cfg->report_back_minutes * 60};
	out->n_steps++;
	memcpy(out->id + strlen(base->id), "-rb", 4); /* fits: checked */
	return true;
}

static struct hub_room *open_room(struct hub *hub, struct org_session *s,
				  uint32_t group)
{
	const struct core_template *base =
		templates_find(&hub->templates, s->template_id);
	struct core_template rb;
	struct hub_room *hr;

	if (!base || hub->n_rooms >= (size_t)hub->cfg->max_rooms)
		return NULL;
	if (s->meeting > 1 && report_back_template(hub, base, &rb))
		base = &rb;
	hr = rooms_create(hub, base, hub_time(hub));
	if (!hr)
		return NULL;
	hr->org = s->org;
	hr->session = s->id;
	hr->group = group;
	persist_room_created(hub, hr);
	osess_set_room(s, group, hr->id);
	return hr;
}

int osessions_open_rooms(struct hub *hub, struct hub_osess *hs)
{
	int rc = 0;

	for (uint32_t g = 1; g <= hs->s->n_groups; g++) {
		const char *room = hs->s->groups[g - 1].room;
		if (room[0] && rooms_find(hub, room))
			continue;
		if (!open_room(hub, hs->s, g))
			rc = -1;
	}
	if (persist_commit_now(hub))
		rc = -1;
	return rc;
}

/* Where a member of hr goes now: their group (a person's own, or the
 * room's group for someone who came by a room link) and its room. */
static uint32_t target_group(const struct org_session *s,
			     const struct hub_room *hr, const struct member *m)
{
	uint32_t g = m->person && m->person <= s->n_people
			     ? s->people[m->person - 1].group
			     : hr->group;

	return g && g <= s->n_groups ? g : 0;
}

/* The session.moved message for one member, before their 4005 close:
 * where and why; someone who came by a room link gets a fresh link of the
 * new room (of the same kind: facilitator when they facilitated), since
 * their old link names the old room. */
static char *moved_message(struct hub *hub, const struct org_session *s,
			   const struct hub_room *hr, uint32_t pid,
			   const struct member *m, const char *reason)
{
	uint32_t g = target_group(s, hr, m);
	const struct osess_group *grp = g ? &s->groups[g - 1] : NULL;
	const struct core_participant *p = room_participant(hr->room, pid);
	char link[LINK_MAX];
	bool with_link = false;

	if (!grp)
		return NULL;
	if (!m->person && grp->room[0] && strcmp(grp->room, hr->id) &&
	    rooms_find(hub, grp->room))
		with_link = !links_make(hub, grp->room,
					p && p->role == ROLE_FACILITATOR
						? SCOPE_FACILITATOR
						: SCOPE_PARTICIPANT,
					link, sizeof link);
	return codec_session_moved(reason, g, grp->workshop, s->meeting,
				   with_link ? link : NULL);
}

static struct hub_osess *session_of(struct hub *hub, const struct hub_room *hr);

void osessions_send_away(struct hub *hub, struct hub_room *hr, uint32_t person,
			 const char *reason)
{
	struct hub_osess *hs = session_of(hub, hr);

	for (size_t i = 0; i < hr->room->n_participants; i++) {
		struct member *m = &hr->members[i];
		char *msg;
		if (!m->conn_id || (person && m->person != person))
			continue;
		msg = hs ? moved_message(hub, hs->s, hr, (uint32_t)i + 1, m,
					 reason)
			 : NULL;
		if (msg)
			outbox_text(hub, m->conn_id, msg);
		outbox_close(hub, m->conn_id, CODEC_CLOSE_MOVED);
	}
	outbox_kick(hub);
}

/* Tells every connected member of a session room how its help request
 * stands ("on_its_way", "handled"). */
void osessions_help_state(struct hub *hub, struct hub_room *hr, uint32_t help,
			  const char *state)
{
	struct outmsg *m = outmsg_take(codec_session_help_state(help, state));

	if (!m)
		return;
	for (size_t i = 0; i < hr->room->n_participants; i++)
		if (hr->members[i].conn_id)
			outbox_conn(hub, hr->members[i].conn_id, m);
	outmsg_unref(m);
	outbox_kick(hub);
}

/* --- people ----------------------------------------------------------------
 */

static struct hub_osess *session_of(struct hub *hub, const struct hub_room *hr)
{
	return hr->session ? osessions_find(hub, hr->org, hr->session) : NULL;
}

enum core_err osessions_personal_room(struct hub *hub,
				      const struct token_claims *claims,
				      struct hub_room **room, uint32_t *person)
{
	uint32_t org = claims->org ? claims->org : 1;
	struct hub_osess *hs = osessions_find(hub, org, claims->session);
	const struct osess_person *p;
	const struct osess_group *g;

	if (!hs || !claims->participant ||
	    claims->participant > hs->s->n_people)
		return CORE_E_UNAUTHORIZED;
	p = &hs->s->people[claims->participant - 1];
	/* A re-issued link replaces the old one: only the current nonce. */
	if (memcmp(p->nonce, claims->nonce, TOKEN_NONCE_LEN))
		return CORE_E_UNAUTHORIZED;
	if (hs->s->state != OSESS_RUNNING || !p->group)
		return CORE_E_NOT_FOUND; /* not started yet */
	g = &hs->s->groups[p->group - 1];
	*room = rooms_find(hub, g->room);
	*person = claims->participant;
	return *room ? CORE_OK : CORE_E_NOT_FOUND;
}

const struct osess_person *osessions_person(struct hub *hub,
					    const struct hub_room *hr,
					    uint32_t person)
{
	struct hub_osess *hs = session_of(hub, hr);

	return hs && person && person <= hs->s->n_people
		       ? &hs->s->people[person - 1]
		       : NULL;
}

bool osessions_plans_facilitator(struct hub *hub, const struct hub_room *hr,
				 uint32_t person)
{
	struct hub_osess *hs = session_of(hub, hr);

	return hs && person &&
	       osess_current_facilitator(hs->s, hr->group) == person;
}

void osessions_joined(struct hub *hub, struct hub_room *hr, uint32_t pid,
		      int64_t now)
{
	struct hub_osess *hs = session_of(hub, hr);
	struct member *m = rooms_member(hr, pid);
	struct core_effects fx;

	if (!hs || !m || !m->person ||
	    osess_current_client(hs->s, hr->group) != m->person ||
	    room_client(hr->room) == pid)
		return;
	if (room_hub_assign(hr->room, pid, ROLE_CLIENT, now, &fx))
		return; /* e.g. they facilitate: the facilitator decides */
	fanout_effects(hub, hr, &fx, now);
	persist_input(hub, hr, now, INPUT_ROLE, pid, ROLE_CLIENT, NULL, 0,
		      NULL);
}

int osessions_link(struct hub *hub, const struct org_session *s,
		   uint32_t person, char *out, size_t len)
{
	return admin_personal_link(hub->keys, hub->base_url, s, person, out,
				   len);
}

/* --- the organizer's messages ----------------------------------------------
 */

static struct outmsg *message_of(const struct org_session *s, const char *type)
{
	bool banner = !strcmp(type, "session.banner");

	return outmsg_take(codec_session_message(
		type, banner ? s->banner : NULL,
		banner ? s->banner_at_ms : s->plenary_at_ms));
}

static void send_room(struct hub *hub, struct hub_room *hr, struct outmsg *m)
{
	for (size_t i = 0; i < hr->room->n_participants; i++)
		if (hr->members[i].conn_id)
			outbox_conn(hub, hr->members[i].conn_id, m);
}

void osessions_broadcast(struct hub *hub, struct hub_osess *hs,
			 const char *type)
{
	struct outmsg *m = message_of(hs->s, type);

	if (!m)
		return;
	for (size_t g = 0; g < hs->s->n_groups; g++) {
		struct hub_room *hr = rooms_find(hub, hs->s->groups[g].room);
		if (hr)
			send_room(hub, hr, m);
	}
	outmsg_unref(m);
	outbox_kick(hub);
}

char *osessions_welcome(struct hub *hub, const struct hub_room *hr, char *text)
{
	struct hub_osess *hs = session_of(hub, hr);
	const struct org_session *s = hs ? hs->s : NULL;

	if (!s || !text || !hr->group || hr->group > s->n_groups)
		return text;
	return codec_welcome_session(text, s->id, hr->group,
				     s->groups[hr->group - 1].workshop,
				     s->n_workshops, s->meeting);
}

void osessions_greet(struct hub *hub, struct hub_room *hr, uint64_t conn_id)
{
	struct hub_osess *hs = session_of(hub, hr);
	struct outmsg *m;

	if (!hs)
		return;
	if (hs->s->banner[0] && (m = message_of(hs->s, "session.banner"))) {
		outbox_conn(hub, conn_id, m);
		outmsg_unref(m);
	}
	if (hs->s->plenary_at_ms &&
	    (m = message_of(hs->s, "session.plenary"))) {
		outbox_conn(hub, conn_id, m);
		outmsg_unref(m);
	}
}
