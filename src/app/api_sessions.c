/*
 * api_sessions.c — the sessions part of the HTTP API (proto/sessions.md):
 * create a session from a cohort, edit its groups and plan, start it,
 * hand out personal links, steer its rooms (next workshop, new meeting,
 * moves, banner, plenary countdown) and answer help requests.
 *
 * Every handler: find the session within the caller's organization
 * (another organization's is "not found"), decode the body, apply the
 * change to the pure model (check-then-mutate), store the document, then
 * act on rooms and connections. A failed store leaves the answer 503 and
 * the in-memory session as it was stored (the change is undone by reload).
 */
#include <stdlib.h>
#include <string.h>

#include "auth/keyring.h"
#include "codec/api.h"
#include "codec/console.h"
#include "codec/sessionjson.h"
#include "app/admin.h"
#include "app/api.h"
#include "app/internal.h"
#include "util/clock.h"
#include "util/log.h"

static int respond_osess_error(struct hub_api_response *res,
			       const struct osess_error *e)
{
	return api_json(res, (unsigned)codec_session_error_status(e),
			codec_session_error(e));
}

static int respond_doc(struct hub_api_response *res, unsigned status,
		       const struct org_session *s)
{
	return api_json(res, status, codec_session_doc(s));
}

static int no_session(struct hub_api_response *res)
{
	return api_error(res, 404, CORE_E_NOT_FOUND, NULL, "no such session");
}

static int storage_down(struct hub_api_response *res)
{
	return api_error(res, 503, CORE_E_STORAGE, NULL,
			 "storage unavailable, try again");
}

static struct hub_osess *session_of(struct hub *hub, const struct api_call *req)
{
	return osessions_find(hub, req->org, req->n[0]);
}

/* After a change could not be stored: back to the stored session, so
 * memory never runs ahead of the disk. */
static void undo(struct hub *hub, struct hub_osess *hs)
{
	log_rl(LOG_ERROR, "session_change_not_stored session=%u", hs->s->id);
	osessions_reload(hub, hs);
}

/* --- list, create, read, delete --------------------------------------- */

int api_sessions_list(struct hub *hub, struct hub_api_response *res,
		      const struct api_call *req)
{
	struct org_session **v;
	size_t n = 0;
	int rc;

	osessions_refresh(hub);
	v = calloc(hub->org.n_sessions + 1, sizeof *v);
	if (!v)
		return api_json(res, 500, NULL);
	for (struct hub_osess *hs = hub->org.sessions; hs; hs = hs->next)
		if (hs->s->org == req->org)
			v[n++] = hs->s;
	rc = api_json(res, 200, codec_session_list(v, n));
	free(v);
	return rc;
}

int api_session_create(struct hub *hub, struct hub_api_response *res,
		       const struct api_call *req)
{
	struct codec_session_req in;
	struct codec_error e;
	struct osess_error oe;
	struct org_session *s;
	struct hub_osess *hs;

	osessions_refresh(hub); /* the next id follows the CLI's too */
	if (codec_session_request(req->body, req->len,
				  (size_t)hub->cfg->max_session_people, &in,
				  &e))
		return api_json(res, 400, codec_api_error(&e));
	if (in.req.template_id &&
	    !templates_find(&hub->templates, in.req.template_id)) {
		codec_session_req_free(&in);
		return api_error(res, 400, CORE_E_BAD_FIELD, "template",
				 "no such template");
	}
	if (hub->org.n_sessions >= (size_t)hub->cfg->max_sessions) {
		codec_session_req_free(&in);
		return api_error(res, 503, CORE_E_LIMIT, NULL,
				 "the hub holds its maximum of "
				 "sessions");
	}
	s = admin_session_draft(hub->cfg, hub->org.next_id, req->org, &in.req,
				&oe);
	codec_session_req_free(&in);
	if (!s)
		return respond_osess_error(res, &oe);
	hs = osessions_add(hub, s);
	if (!hs)
		return storage_down(res);
	log_info("session_created session=%u org=%u people=%zu groups=%zu",
		 hs->s->id, hs->s->org, hs->s->n_people, hs->s->n_groups);
	return respond_doc(res, 201, hs->s);
}

int api_session_get(struct hub *hub, struct hub_api_response *res,
		    const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);

	return hs ? respond_doc(res, 200, hs->s) : no_session(res);
}

int api_session_delete(struct hub *hub, struct hub_api_response *res,
		       const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);
	uint32_t id;

	if (!hs)
		return no_session(res);
	id = hs->s->id;
	persist_commit_now(hub);
	if (store_begin(hub->store))
		return storage_down(res);
	for (struct hub_room *hr = hub->rooms; hr; hr = hr->next)
		if (hr->session == id && store_room_delete(hub->store, hr->id))
			goto fail;
	if (store_session_delete(hub->store, id) || store_commit(hub->store))
		goto fail;
	for (struct hub_room *hr = hub->rooms, *next; hr; hr = next) {
		next = hr->next;
		if (hr->session != id)
			continue;
		rooms_delete(hub, hr);
	}
	for (struct peer *p = hub->peers.first; p; p = p->next)
		if (p->console == id) {
			console_closed(hub, p);
			hub->net->close(p->conn_id, CODEC_CLOSE_ROOM_DELETED,
					"deleted");
		}
	osessions_delete(hub, hs);
	persist_truncate(hub);
	log_info("session_deleted session=%u", id);
	return api_empty(res, 204);
fail:
	store_rollback(hub->store);
	return storage_down(res);
}

/* --- the proposal and the plan ------------------------------------------- */

/* Stores a changed session and answers with its document. */
static int saved(struct hub *hub, struct hub_api_response *res,
		 struct hub_osess *hs)
{
	if (osessions_save(hub, hs)) {
		undo(hub, hs);
		return storage_down(res);
	}
	return respond_doc(res, 200, hs->s);
}

int api_session_groups(struct hub *hub, struct hub_api_response *res,
		       const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);
	struct codec_groups in;
	struct codec_error e;
	struct osess_error oe;
	enum osess_err rc;

	if (!hs)
		return no_session(res);
	if (codec_session_groups(req->body, req->len, hs->s->n_people, &in, &e))
		return api_json(res, 400, codec_api_error(&e));
	rc = osess_set_groups(hs->s, in.v, in.n,
			      (size_t)hub->cfg->max_participants, &oe);
	codec_groups_free(&in);
	return rc ? respond_osess_error(res, &oe) : saved(hub, res, hs);
}

int api_session_plan(struct hub *hub, struct hub_api_response *res,
		     const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);
	struct osess_plan_item *items = NULL;
	size_t n = 0;
	struct codec_error e;
	struct osess_error oe;
	enum osess_err rc;

	if (!hs)
		return no_session(res);
	if (codec_session_plan(req->body, req->len, hs->s->n_groups,
			       hs->s->n_workshops, hs->s->n_people, &items, &n,
			       &e))
		return api_json(res, 400, codec_api_error(&e));
	rc = osess_set_plan(hs->s, items, n, &oe);
	free(items);
	return rc ? respond_osess_error(res, &oe) : saved(hub, res, hs);
}

/* --- running the session -------------------------------------------------- */

/* Opens the rooms of groups that have none and stores the session. */
static int rooms_opened(struct hub *hub, struct hub_api_response *res,
			struct hub_osess *hs)
{
	if (osessions_open_rooms(hub, hs) || osessions_save(hub, hs)) {
		undo(hub, hs);
		return storage_down(res);
	}
	return respond_doc(res, 200, hs->s);
}

int api_session_start(struct hub *hub, struct hub_api_response *res,
		      const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);
	struct osess_error oe;

	if (!hs)
		return no_session(res);
	if (hub->n_rooms + hs->s->n_groups > (size_t)hub->cfg->max_rooms)
		return api_error(res, 503, CORE_E_LIMIT, NULL,
				 "the hub holds its maximum of rooms");
	if (osess_start(hs->s, &oe))
		return respond_osess_error(res, &oe);
	log_info("session_started session=%u groups=%zu", hs->s->id,
		 hs->s->n_groups);
	return rooms_opened(hub, res, hs);
}

int api_group_next(struct hub *hub, struct hub_api_response *res,
		   const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);
	struct hub_room *old;
	struct osess_error oe;
	uint32_t g = req->n[1];
	int rc;

	if (!hs)
		return no_session(res);
	old = g && g <= hs->s->n_groups
		      ? rooms_find(hub, hs->s->groups[g - 1].room)
		      : NULL;
	if (osess_next_workshop(hs->s, g, &oe))
		return respond_osess_error(res, &oe);
	rc = rooms_opened(hub, res, hs);
	if (old)
		osessions_send_away(hub, old, 0, "next_workshop");
	log_info("workshop_next session=%u group=%u workshop=%u", hs->s->id, g,
		 hs->s->groups[g - 1].workshop);
	return rc;
}

int api_session_meeting(struct hub *hub, struct hub_api_response *res,
			const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);
	char(*old)[OSESS_ROOM_ID_MAX + 1];
	size_t n_old;
	bool reshuffle = false;
	struct codec_error e;
	struct osess_error oe;
	int rc;

	if (!hs)
		return no_session(res);
	if (codec_session_reshuffle(req->body, req->len, &reshuffle, &e))
		return api_json(res, 400, codec_api_error(&e));
	n_old = hs->s->n_groups;
	old = calloc(n_old + 1, sizeof *old);
	if (!old)
		return api_json(res, 500, NULL);
	for (size_t g = 0; g < n_old; g++)
		memcpy(old[g], hs->s->groups[g].room, sizeof old[g]);
	if (osess_new_meeting(hs->s, reshuffle, admin_seed(), &oe)) {
		free(old);
		return respond_osess_error(res, &oe);
	}
	rc = rooms_opened(hub, res, hs);
	for (size_t g = 0; g < n_old; g++) {
		struct hub_room *hr = rooms_find(hub, old[g]);
		if (hr)
			osessions_send_away(hub, hr, 0, "new_meeting");
	}
	free(old);
	log_info("meeting_opened session=%u meeting=%u", hs->s->id,
		 hs->s->meeting);
	return rc;
}

int api_person_move(struct hub *hub, struct hub_api_response *res,
		    const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);
	uint32_t person = req->n[1], group = 0, from;
	bool force = false;
	struct hub_room *old = NULL;
	struct codec_error e;
	struct osess_error oe;

	if (!hs)
		return no_session(res);
	if (codec_session_move(req->body, req->len, &group, &force, &e))
		return api_json(res, 400, codec_api_error(&e));
	if (person && person <= hs->s->n_people) {
		from = hs->s->people[person - 1].group;
		if (from)
			old = rooms_find(hub, hs->s->groups[from - 1].room);
	}
	if (osess_move(hs->s, person, group, force, &oe))
		return respond_osess_error(res, &oe);
	if (osessions_save(hub, hs)) {
		undo(hub, hs);
		return storage_down(res);
	}
	if (old && strcmp(old->id, hs->s->groups[group - 1].room))
		osessions_send_away(hub, old, person, "moved");
	log_info("person_moved session=%u person=%u group=%u", hs->s->id,
		 person, group);
	return respond_doc(res, 200, hs->s);
}

/* --- links ------------------------------------------------------------------
 */

int api_session_links(struct hub *hub, struct hub_api_response *res,
		      const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);
	char(*links)[LINK_MAX];
	int rc;

	if (!hs)
		return no_session(res);
	links = calloc(hs->s->n_people + 1, sizeof *links);
	if (!links)
		return api_json(res, 500, NULL);
	for (uint32_t p = 1; p <= hs->s->n_people; p++)
		if (osessions_link(hub, hs->s, p, links[p - 1], LINK_MAX)) {
			free(links);
			return api_json(res, 500, NULL);
		}
	rc = api_json(
		res, 200,
		codec_session_links(hs->s, (const char *)links, LINK_MAX));
	free(links);
	return rc;
}

int api_person_link(struct hub *hub, struct hub_api_response *res,
		    const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);
	uint32_t person = req->n[1];
	struct token_claims old = {.scope = SCOPE_PARTICIPANT};
	struct osess_person *p;
	char link[LINK_MAX];

	if (!hs)
		return no_session(res);
	if (!person || person > hs->s->n_people)
		return api_error(res, 404, CORE_E_NOT_FOUND, NULL,
				 "no such person");
	p = &hs->s->people[person - 1];
	memcpy(old.nonce, p->nonce, sizeof old.nonce);
	old.expires_s = hs->s->links_expire_s;
	if (auth_random(p->nonce, sizeof p->nonce)) {
		memcpy(p->nonce, old.nonce, sizeof old.nonce);
		return api_json(res, 500, NULL);
	}
	/* The new nonce is stored first; then the old link is revoked,
	 * which closes its live connections (4003). */
	if (osessions_save(hub, hs) || links_revoke(hub, &old)) {
		undo(hub, hs);
		return storage_down(res);
	}
	if (osessions_link(hub, hs->s, person, link, sizeof link))
		return api_json(res, 500, NULL);
	log_info("person_link_issued session=%u person=%u", hs->s->id, person);
	return api_json(res, 201, codec_person_link(person, link));
}

/* --- the organizer's messages and help --------------------------------------
 */

int api_session_broadcast(struct hub *hub, struct hub_api_response *res,
			  const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);
	char text[OSESS_TEXT_MAX + 1];
	struct codec_error e;

	if (!hs)
		return no_session(res);
	if (codec_session_text(req->body, req->len, text, sizeof text, &e))
		return api_json(res, 400, codec_api_error(&e));
	if (osess_set_banner(hs->s, text, clock_wall_ms()))
		return api_json(res, 500, NULL);
	if (osessions_save(hub, hs)) {
		undo(hub, hs);
		return storage_down(res);
	}
	osessions_broadcast(hub, hs, "session.banner");
	log_info("banner_sent session=%u", hs->s->id);
	return api_empty(res, 204);
}

int api_session_plenary(struct hub *hub, struct hub_api_response *res,
			const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);
	uint32_t minutes = 0;
	struct codec_error e;

	if (!hs)
		return no_session(res);
	if (codec_session_minutes(req->body, req->len, &minutes, &e))
		return api_json(res, 400, codec_api_error(&e));
	hs->s->plenary_at_ms =
		minutes ? clock_wall_ms() + (int64_t)minutes * 60000 : 0;
	if (osessions_save(hub, hs)) {
		undo(hub, hs);
		return storage_down(res);
	}
	osessions_broadcast(hub, hs, "session.plenary");
	log_info("plenary_set session=%u minutes=%u", hs->s->id, minutes);
	return api_empty(res, 204);
}

int api_help_resolve(struct hub *hub, struct hub_api_response *res,
		     const struct api_call *req)
{
	struct hub_osess *hs = session_of(hub, req);
	struct hub_room *asked = NULL;

	if (!hs)
		return no_session(res);
	for (size_t i = 0; i < hs->s->n_help; i++)
		if (hs->s->help[i].id == req->n[1])
			asked = rooms_find(hub, hs->s->help[i].room);
	if (osess_help_resolve(hs->s, req->n[1]))
		return api_error(res, 404, CORE_E_NOT_FOUND, NULL,
				 "no such help request");
	if (osessions_save(hub, hs)) {
		undo(hub, hs);
		return storage_down(res);
	}
	if (asked)
		osessions_help_state(hub, asked, req->n[1], "handled");
	return api_empty(res, 204);
}
