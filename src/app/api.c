/*
 * api.c — the HTTP API under /api, authorized by the organizer capability
 * (Authorization: Bearer <token>).
 *
 *   GET  /api/templates   the workshop templates
 *   GET  /api/rooms       → 200 {"rooms":[…]}: the organization's rooms,
 *                         newest first: step, presence, session and group;
 *                         no room content, no names
 *   POST /api/rooms       {"template": id?} → 201 {room, template,
 *                         facilitator_link, participant_link}
 *   DELETE /api/rooms/ID  → 204: members closed (4004), the room's data
 *                         erased from the database and the WAL truncated
 *   POST /api/rooms/ID/links   → 201 {facilitator_link, participant_link}:
 *                         fresh links (the old ones stay valid until
 *                         revoked or expired)
 *   POST /api/links/revoke     {"link": url-or-token} → 204; the link's
 *                         live connections are closed with 4003
 *
 * Sessions of an organization: see api_sessions.c and proto/sessions.md.
 *
 * One route table maps method and path to a handler (route()); the
 * transport asks hub_api_accepts() once the headers are in, reads the
 * body, then calls hub_api_call() with the whole request. Every handler
 * acts within the caller's organization only: anything of another one is
 * "not found".
 */
#include <stdlib.h>
#include <string.h>

#include "auth/keyring.h"
#include "codec/api.h"
#include "app/api.h"
#include "app/internal.h"
#include "util/clock.h"
#include "util/log.h"

int api_json(struct hub_api_response *res, unsigned status, char *json)
{
	static const char internal[] = "{\"code\":\"internal\"}";

	res->content_type = "application/json";
	if (!json) {
		status = 500;
		json = strdup(internal); /* may fail too: then no body */
	}
	res->status = status;
	res->body = json;
	res->len = json ? strlen(json) : 0;
	return (int)status;
}

int api_error(struct hub_api_response *res, unsigned status, enum core_err err,
	      const char *field, const char *message)
{
	struct codec_error e;

	codec_error_set(&e, err, field, message);
	return api_json(res, status, codec_api_error(&e));
}

int api_empty(struct hub_api_response *res, unsigned status)
{
	res->status = status;
	res->content_type = "text/plain";
	res->body = NULL;
	res->len = 0;
	return (int)status;
}

void hub_api_response_release(struct hub_api_response *res)
{
	free(res->body);
	res->body = NULL;
	res->len = 0;
}

/* "Bearer <organizer token>"; the scheme is matched as it always was. */
static bool is_organizer(struct hub *hub, const char *auth, uint32_t *org)
{
	size_t n = auth ? strlen(auth) : 0;

	if (n <= 7 || n >= TOKEN_TEXT_MAX + 16 || strncmp(auth, "Bearer ", 7))
		return false;
	return links_organizer(hub, auth + 7, n - 7, org);
}

static int create_room(struct hub *hub, struct hub_api_response *res,
		       const struct api_call *req)
{
	char tpl_id[CORE_TEMPLATE_ID_MAX], flink[LINK_MAX], plink[LINK_MAX];
	const struct core_template *t;
	struct codec_error e;
	struct hub_room *hr;

	if (codec_api_room_request(req->body, req->len, tpl_id, sizeof tpl_id,
				   &e))
		return api_json(res, 400, codec_api_error(&e));
	t = templates_find(&hub->templates,
			   tpl_id[0] ? tpl_id : TEMPLATES_DEFAULT);
	if (!t)
		return api_error(res, 400, CORE_E_NOT_FOUND, "template",
				 "no such template");
	if (hub->n_rooms >= (size_t)hub->cfg->max_rooms)
		return api_error(res, 503, CORE_E_LIMIT, NULL,
				 "the hub holds its maximum of rooms");
	hr = rooms_create(hub, t, hub_time(hub));
	if (hr)
		hr->org = req->org;
	if (!hr ||
	    links_make(hub, hr->id, SCOPE_FACILITATOR, flink, sizeof flink) ||
	    links_make(hub, hr->id, SCOPE_PARTICIPANT, plink, sizeof plink)) {
		if (hr)
			rooms_delete(hub, hr);
		return api_error(res, 500, CORE_E_INTERNAL, NULL,
				 "could not create the room");
	}
	/* The links are handed out only once the room is durable. */
	persist_room_created(hub, hr);
	if (persist_commit_now(hub)) {
		rooms_delete(hub, hr);
		return api_error(res, 503, CORE_E_STORAGE, NULL,
				 "storage unavailable, try again");
	}
	log_info("room_created room=%s template=%s", hr->id, t->id);
	return api_json(res, 201,
			codec_api_room_created(hr->id, t->id, flink, plink));
}

/* The room named in the path, if it belongs to the caller's
 * organization: another organization's room is "not found". */
static struct hub_room *room_of(struct hub *hub, const struct api_call *req)
{
	struct hub_room *hr = rooms_find(hub, req->id);

	return hr && hr->org == req->org ? hr : NULL;
}

/* The organization a link belongs to, 0 when it names nothing held. */
static uint32_t link_org(struct hub *hub, const struct token_claims *c)
{
	struct hub_room *hr;

	if (c->scope == SCOPE_ORGANIZER || c->session)
		return c->org ? c->org : 1;
	hr = rooms_find(hub, c->room);
	return hr ? hr->org : 0;
}

static int delete_room(struct hub *hub, struct hub_api_response *res,
		       const struct api_call *req)
{
	const char *id = req->id;
	struct hub_room *hr = room_of(hub, req);

	if (!hr)
		return api_error(res, 404, CORE_E_NOT_FOUND, NULL,
				 "no such room");
	/* Commit what is in flight first, so the deletion stands alone. */
	persist_commit_now(hub);
	if (store_begin(hub->store) || store_room_delete(hub->store, id) ||
	    store_commit(hub->store)) {
		store_rollback(hub->store);
		return api_error(res, 503, CORE_E_STORAGE, NULL,
				 "storage unavailable, try again");
	}
	rooms_delete(hub, hr);
	persist_truncate(hub);
	log_info("room_deleted room=%s", id);
	return api_empty(res, 204);
}

static int reissue_links(struct hub *hub, struct hub_api_response *res,
			 const struct api_call *req)
{
	char flink[LINK_MAX], plink[LINK_MAX];

	if (!room_of(hub, req))
		return api_error(res, 404, CORE_E_NOT_FOUND, NULL,
				 "no such room");
	if (links_make(hub, req->id, SCOPE_FACILITATOR, flink, sizeof flink) ||
	    links_make(hub, req->id, SCOPE_PARTICIPANT, plink, sizeof plink))
		return api_error(res, 500, CORE_E_INTERNAL, NULL,
				 "could not sign links");
	log_info("links_issued room=%s", req->id);
	return api_json(res, 201, codec_api_links(flink, plink));
}

static int revoke_link(struct hub *hub, struct hub_api_response *res,
		       const struct api_call *req)
{
	char link[LINK_MAX];
	struct token_claims claims;
	struct codec_error e;
	const char *token;

	if (codec_api_one_string(req->body, req->len, "link", true, link,
				 sizeof link, &e))
		return api_json(res, 400, codec_api_error(&e));
	token = strchr(link, '#') ? strchr(link, '#') + 1 : link;
	if (token_verify(hub->keys, token, strlen(token),
			 clock_wall_ms() / 1000, &claims) != TOKEN_OK)
		return api_error(res, 400, CORE_E_BAD_FIELD, "link",
				 "not a valid, unexpired link");
	if (link_org(hub, &claims) != req->org)
		return api_error(res, 404, CORE_E_NOT_FOUND, "link",
				 "no such link in this organization");
	if (links_revoke(hub, &claims))
		return api_error(res, 503, CORE_E_STORAGE, NULL,
				 "storage unavailable, try again");
	return api_empty(res, 204);
}

static int newest_first(const void *a, const void *b)
{
	const struct codec_room_row *x = a, *y = b;

	return x->created_ms < y->created_ms   ? 1
	       : x->created_ms > y->created_ms ? -1
					       : strcmp(x->id, y->id);
}

static void room_row(struct hub *hub, const struct hub_room *hr,
		     struct codec_room_row *r)
{
	const struct room *room = hr->room;
	struct hub_osess *hs =
		hr->session ? osessions_find(hub, hr->org, hr->session) : NULL;

	*r = (struct codec_room_row){
		.id = hr->id,
		.template_id = room->tpl.id,
		.created_ms = hr->created_ms,
		.step = (uint32_t)room->step,
		.n_steps = (uint32_t)room->tpl.n_steps,
		.step_kind = core_step_kind_name(room_step_kind(room)),
		.participants = (uint32_t)room->n_participants,
		.session = hs ? hr->session : 0,
		.group = hs ? hr->group : 0,
	};
	for (size_t i = 0; i < room->n_participants; i++)
		r->connected += room->participants[i].connected;
	if (hs && hr->group && hr->group <= hs->s->n_groups)
		r->workshop = hs->s->groups[hr->group - 1].workshop;
}

static int list_rooms(struct hub *hub, struct hub_api_response *res,
		      const struct api_call *req)
{
	struct codec_room_row *rows = calloc(hub->n_rooms + 1, sizeof *rows);
	size_t n = 0;
	int rc;

	if (!rows)
		return api_json(res, 500, NULL);
	for (struct hub_room *hr = hub->rooms; hr && n < hub->n_rooms;
	     hr = hr->next)
		if (hr->org == req->org)
			room_row(hub, hr, &rows[n++]);
	qsort(rows, n, sizeof *rows, newest_first);
	rc = api_json(res, 200, codec_api_rooms(rows, n));
	free(rows);
	return rc;
}

static int list_templates(struct hub *hub, struct hub_api_response *res,
			  const struct api_call *req)
{
	(void)req;
	return api_json(
		res, 200,
		codec_api_templates(hub->templates.t, hub->templates.n));
}

/* The routes. In a pattern, "*" is a room id segment and "#" a number
 * (1..2^31-1) segment; everything else matches literally. */
static const struct route {
	enum hub_method method;
	const char *pattern;
	api_handler handler;
} routes[] = {
	{HUB_GET, "/api/templates", list_templates},
	{HUB_GET, "/api/rooms", list_rooms},
	{HUB_POST, "/api/rooms", create_room},
	{HUB_DELETE, "/api/rooms/*", delete_room},
	{HUB_POST, "/api/rooms/*/links", reissue_links},
	{HUB_POST, "/api/links/revoke", revoke_link},
	{HUB_GET, "/api/sessions", api_sessions_list},
	{HUB_POST, "/api/sessions", api_session_create},
	{HUB_GET, "/api/sessions/#", api_session_get},
	{HUB_DELETE, "/api/sessions/#", api_session_delete},
	{HUB_PUT, "/api/sessions/#/groups", api_session_groups},
	{HUB_PUT, "/api/sessions/#/plan", api_session_plan},
	{HUB_POST, "/api/sessions/#/start", api_session_start},
	{HUB_GET, "/api/sessions/#/links", api_session_links},
	{HUB_POST, "/api/sessions/#/people/#/link", api_person_link},
	{HUB_POST, "/api/sessions/#/people/#/move", api_person_move},
	{HUB_POST, "/api/sessions/#/groups/#/next", api_group_next},
	{HUB_POST, "/api/sessions/#/meetings", api_session_meeting},
	{HUB_POST, "/api/sessions/#/broadcast", api_session_broadcast},
	{HUB_POST, "/api/sessions/#/plenary", api_session_plenary},
	{HUB_POST, "/api/sessions/#/help/#/resolve", api_help_resolve},
};

/* A number segment: digits only, no leading zero, 1..2^31-1. */
static bool number(const char *s, size_t n, uint32_t *out)
{
	uint64_t v = 0;

	if (!n || n > 10 || s[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > INT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Whether path matches the pattern, filling the room id and numbers. */
static bool match(const char *pat, const char *path, char *id, uint32_t *nums)
{
	size_t k = 0;

	while (*pat) {
		size_t n = strcspn(path, "/");
		if (*pat == '*' || *pat == '#') {
			if (*pat == '#' ? k == 2 || !number(path, n, &nums[k++])
					: !n || n > TOKEN_ROOM_MAX)
				return false;
			if (*pat == '*') {
				memcpy(id, path, n);
				id[n] = '\0';
				if (!token_room_id_valid(id))
					return false;
			}
			pat++;
			path += n;
			continue;
		}
		if (*pat++ != *path++)
			return false;
	}
	return !*path;
}

/* Routes a request: 0 with the handler and the call filled in, or the
 * refusal already written to *res. The path is matched before the
 * organizer is checked, and the organizer before the method, so that a
 * stranger learns only which paths exist. */
static int route(struct hub *hub, const struct hub_api_request *req,
		 struct api_call *call, api_handler *handler,
		 struct hub_api_response *res)
{
	const struct route *found = NULL;
	bool path_known = false;

	memset(call, 0, sizeof *call);
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		if (!match(routes[i].pattern, req->path, call->id, call->n))
			continue;
		path_known = true;
		if (routes[i].method == req->method) {
			found = &routes[i];
			break;
		}
	}
	if (!path_known)
		return api_error(res, 404, CORE_E_NOT_FOUND, NULL,
				 "no such resource");
	if (!is_organizer(hub, req->authorization, &call->org))
		return api_error(res, 401, CORE_E_UNAUTHORIZED, NULL,
				 "an organizer link is required");
	if (!found)
		return api_error(res, 405, CORE_E_BAD_FIELD, NULL,
				 "method not allowed here");
	*handler = found->handler;
	return 0;
}

bool hub_api_accepts(struct hub *hub, const struct hub_api_request *req,
		     struct hub_api_response *res)
{
	struct api_call call;
	api_handler handler;

	return route(hub, req, &call, &handler, res) == 0;
}

void hub_api_call(struct hub *hub, const struct hub_api_request *req,
		  struct hub_api_response *res)
{
	struct api_call call;
	api_handler handler;

	if (route(hub, req, &call, &handler, res))
		return;
	if (req->too_large) {
		api_error(res, 413, CORE_E_LIMIT, NULL,
			  "request body too large");
		return;
	}
	call.body = req->body;
	call.len = req->len;
	handler(hub, res, &call);
}
