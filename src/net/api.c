/*
 * api.c — the HTTP API under /api, authorized by the organizer capability
 * (Authorization: Bearer <token>).
 *
 *   GET  /api/templates   the workshop templates
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
 * One route table maps method and path to a handler; handlers that take
 * a body run once it is complete. Every handler acts within the caller's
 * organization only: anything of another one is "not found".
 * A POST body arrives in pieces (HTTP_BODY) and is answered at
 * HTTP_BODY_COMPLETION; until then it lives in an api_request keyed by
 * the wsi, freed at completion or when the connection closes.
 */
#include <libwebsockets.h>
#include <stdlib.h>
#include <string.h>

#include "auth/keyring.h"
#include "codec/api.h"
#include "net/api.h"
#include "net/http.h"
#include "net/hub_internal.h"
#include "util/clock.h"
#include "util/log.h"

int api_respond_json(struct lws *wsi, unsigned status, char *json)
{
	int rc;

	if (!json)
		return http_respond(wsi, 500, "application/json",
				    "{\"code\":\"internal\"}", 19);
	rc = http_respond(wsi, status, "application/json", json, strlen(json));
	free(json);
	return rc;
}

int api_respond_error(struct lws *wsi, unsigned status, enum core_err err,
		      const char *field, const char *message)
{
	struct codec_error e;

	codec_error_set(&e, err, field, message);
	return api_respond_json(wsi, status, codec_api_error(&e));
}

static bool is_organizer(struct hub *hub, struct lws *wsi, uint32_t *org)
{
	char auth[TOKEN_TEXT_MAX + 16];
	int n = lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_AUTHORIZATION);

	if (n <= 7 || n >= (int)sizeof auth ||
	    lws_hdr_copy(wsi, auth, sizeof auth,
			 WSI_TOKEN_HTTP_AUTHORIZATION) != n ||
	    strncmp(auth, "Bearer ", 7))
		return false;
	return links_organizer(hub, auth + 7, (size_t)n - 7, org);
}

static struct api_request **find(struct hub *hub, struct lws *wsi)
{
	struct api_request **pp = &hub->api;

	while (*pp && (*pp)->wsi != wsi)
		pp = &(*pp)->next;
	return pp;
}

static void forget(struct hub *hub, struct lws *wsi)
{
	struct api_request **pp = find(hub, wsi), *dead = *pp;

	if (dead) {
		*pp = dead->next;
		free(dead->body);
		free(dead);
	}
}

static int create_room(struct hub *hub, struct lws *wsi,
		       const struct api_request *req)
{
	char tpl_id[CORE_TEMPLATE_ID_MAX], flink[LINK_MAX], plink[LINK_MAX];
	const struct core_template *t;
	struct codec_error e;
	struct hub_room *hr;

	if (codec_api_room_request(req->body, req->len, tpl_id, sizeof tpl_id,
				   &e))
		return api_respond_json(wsi, 400, codec_api_error(&e));
	t = rooms_template(hub, tpl_id[0] ? tpl_id : "codev-90");
	if (!t)
		return api_respond_error(wsi, 400, CORE_E_NOT_FOUND, "template",
					 "no such template");
	if (hub->n_rooms >= (size_t)hub->cfg->max_rooms)
		return api_respond_error(wsi, 503, CORE_E_LIMIT, NULL,
					 "the hub holds its maximum of rooms");
	hr = rooms_create(hub, t, hub_time(hub));
	if (hr)
		hr->org = req->org;
	if (!hr ||
	    links_make(hub, hr->id, SCOPE_FACILITATOR, flink, sizeof flink) ||
	    links_make(hub, hr->id, SCOPE_PARTICIPANT, plink, sizeof plink)) {
		if (hr)
			rooms_delete(hub, hr);
		return api_respond_error(wsi, 500, CORE_E_INTERNAL, NULL,
					 "could not create the room");
	}
	/* The links are handed out only once the room is durable. */
	persist_room_created(hub, hr);
	if (persist_commit_now(hub)) {
		rooms_delete(hub, hr);
		return api_respond_error(wsi, 503, CORE_E_STORAGE, NULL,
					 "storage unavailable, try again");
	}
	log_info("room_created room=%s template=%s", hr->id, t->id);
	return api_respond_json(
		wsi, 201, codec_api_room_created(hr->id, t->id, flink, plink));
}

static long content_length(struct lws *wsi)
{
	char v[24];

	if (lws_hdr_copy(wsi, v, sizeof v, WSI_TOKEN_HTTP_CONTENT_LENGTH) <= 0)
		return 0;
	return strtol(v, NULL, 10);
}

/* The room named in the path, if it belongs to the caller's
 * organization: another organization's room is "not found". */
static struct hub_room *room_of(struct hub *hub, const struct api_request *req)
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

static int delete_room(struct hub *hub, struct lws *wsi,
		       const struct api_request *req)
{
	const char *id = req->id;
	struct hub_room *hr = room_of(hub, req);

	if (!hr)
		return api_respond_error(wsi, 404, CORE_E_NOT_FOUND, NULL,
					 "no such room");
	/* Commit what is in flight first, so the deletion stands alone. */
	persist_commit_now(hub);
	if (store_begin(hub->store) || store_room_delete(hub->store, id) ||
	    store_commit(hub->store)) {
		store_rollback(hub->store);
		return api_respond_error(wsi, 503, CORE_E_STORAGE, NULL,
					 "storage unavailable, try again");
	}
	rooms_delete(hub, hr);
	persist_truncate(hub);
	log_info("room_deleted room=%s", id);
	return http_respond(wsi, 204, "text/plain", NULL, 0);
}

static int reissue_links(struct hub *hub, struct lws *wsi,
			 const struct api_request *req)
{
	char flink[LINK_MAX], plink[LINK_MAX];

	if (!room_of(hub, req))
		return api_respond_error(wsi, 404, CORE_E_NOT_FOUND, NULL,
					 "no such room");
	if (links_make(hub, req->id, SCOPE_FACILITATOR, flink, sizeof flink) ||
	    links_make(hub, req->id, SCOPE_PARTICIPANT, plink, sizeof plink))
		return api_respond_error(wsi, 500, CORE_E_INTERNAL, NULL,
					 "could not sign links");
	log_info("links_issued room=%s", req->id);
	return api_respond_json(wsi, 201, codec_api_links(flink, plink));
}

static int revoke_link(struct hub *hub, struct lws *wsi,
		       const struct api_request *req)
{
	char link[LINK_MAX];
	struct token_claims claims;
	struct codec_error e;
	const char *token;

	if (codec_api_one_string(req->body, req->len, "link", true, link,
				 sizeof link, &e))
		return api_respond_json(wsi, 400, codec_api_error(&e));
	token = strchr(link, '#') ? strchr(link, '#') + 1 : link;
	if (token_verify(hub->keys, token, strlen(token),
			 clock_wall_ms() / 1000, &claims) != TOKEN_OK)
		return api_respond_error(wsi, 400, CORE_E_BAD_FIELD, "link",
					 "not a valid, unexpired link");
	if (link_org(hub, &claims) != req->org)
		return api_respond_error(wsi, 404, CORE_E_NOT_FOUND, "link",
					 "no such link in this organization");
	if (links_revoke(hub, &claims))
		return api_respond_error(wsi, 503, CORE_E_STORAGE, NULL,
					 "storage unavailable, try again");
	return http_respond(wsi, 204, "text/plain", NULL, 0);
}

static int list_templates(struct hub *hub, struct lws *wsi,
			  const struct api_request *req)
{
	(void)req;
	return api_respond_json(
		wsi, 200,
		codec_api_templates(hub->templates, hub->n_templates));
}

/* The routes. In a pattern, "*" is a room id segment and "#" a number
 * (1..2^31-1) segment; everything else matches literally. */
static const struct route {
	enum lws_token_indexes method;
	const char *pattern;
	api_handler handler;
} routes[] = {
	{WSI_TOKEN_GET_URI, "/api/templates", list_templates},
	{WSI_TOKEN_POST_URI, "/api/rooms", create_room},
	{WSI_TOKEN_DELETE_URI, "/api/rooms/*", delete_room},
	{WSI_TOKEN_POST_URI, "/api/rooms/*/links", reissue_links},
	{WSI_TOKEN_POST_URI, "/api/links/revoke", revoke_link},
	{WSI_TOKEN_GET_URI, "/api/sessions", api_sessions_list},
	{WSI_TOKEN_POST_URI, "/api/sessions", api_session_create},
	{WSI_TOKEN_GET_URI, "/api/sessions/#", api_session_get},
	{WSI_TOKEN_DELETE_URI, "/api/sessions/#", api_session_delete},
	{WSI_TOKEN_PUT_URI, "/api/sessions/#/groups", api_session_groups},
	{WSI_TOKEN_PUT_URI, "/api/sessions/#/plan", api_session_plan},
	{WSI_TOKEN_POST_URI, "/api/sessions/#/start", api_session_start},
	{WSI_TOKEN_GET_URI, "/api/sessions/#/links", api_session_links},
	{WSI_TOKEN_POST_URI, "/api/sessions/#/people/#/link", api_person_link},
	{WSI_TOKEN_POST_URI, "/api/sessions/#/people/#/move", api_person_move},
	{WSI_TOKEN_POST_URI, "/api/sessions/#/groups/#/next", api_group_next},
	{WSI_TOKEN_POST_URI, "/api/sessions/#/meetings", api_session_meeting},
	{WSI_TOKEN_POST_URI, "/api/sessions/#/broadcast",
	 api_session_broadcast},
	{WSI_TOKEN_POST_URI, "/api/sessions/#/plenary", api_session_plenary},
	{WSI_TOKEN_POST_URI, "/api/sessions/#/help/#/resolve",
	 api_help_resolve},
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

int hub_http(struct hub *hub, struct lws *wsi, const char *path)
{
	const struct route *found = NULL;
	struct api_request *req;
	char id[TOKEN_ROOM_MAX + 1] = "";
	uint32_t nums[2] = {0, 0}, org = 0;
	bool path_known = false;

	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		if (!match(routes[i].pattern, path, id, nums))
			continue;
		path_known = true;
		if (lws_hdr_total_length(wsi, routes[i].method) > 0) {
			found = &routes[i];
			break;
		}
	}
	if (!path_known)
		return api_respond_error(wsi, 404, CORE_E_NOT_FOUND, NULL,
					 "no such resource");
	if (!is_organizer(hub, wsi, &org))
		return api_respond_error(wsi, 401, CORE_E_UNAUTHORIZED, NULL,
					 "an organizer link is required");
	if (!found)
		return api_respond_error(wsi, 405, CORE_E_BAD_FIELD, NULL,
					 "method not allowed here");
	req = calloc(1, sizeof *req);
	if (req)
		req->body = calloc(1, req->cap = 1024);
	if (!req || !req->body) {
		free(req);
		return -1;
	}
	req->wsi = wsi;
	req->handler = found->handler;
	req->org = org;
	memcpy(req->id, id, sizeof id);
	memcpy(req->n, nums, sizeof nums);
	req->next = hub->api;
	hub->api = req;
	if ((found->method != WSI_TOKEN_POST_URI &&
	     found->method != WSI_TOKEN_PUT_URI) ||
	    !content_length(wsi))
		return hub_http_body_done(hub, wsi); /* no body coming */
	return 0;
}

int hub_http_body(struct hub *hub, struct lws *wsi, const void *in, size_t len)
{
	struct api_request *req = *find(hub, wsi);

	if (!req)
		return -1;
	if (req->too_big || req->len + len > (size_t)hub->cfg->api_body_max) {
		req->too_big = true;
		return 0;
	}
	if (req->len + len + 1 > req->cap) {
		size_t cap = req->cap * 2 > req->len + len + 1
				     ? req->cap * 2
				     : req->len + len + 1;
		char *b = realloc(req->body, cap);
		if (!b)
			return -1;
		req->body = b;
		req->cap = cap;
	}
	memcpy(req->body + req->len, in, len);
	req->len += len;
	req->body[req->len] = '\0';
	return 0;
}

int hub_http_body_done(struct hub *hub, struct lws *wsi)
{
	struct api_request *req = *find(hub, wsi);
	int rc;

	if (!req)
		return -1;
	rc = req->too_big ? api_respond_error(wsi, 413, CORE_E_LIMIT, NULL,
					      "request body too large")
			  : req->handler(hub, wsi, req);
	forget(hub, wsi);
	return rc;
}

void hub_http_closed(struct hub *hub, struct lws *wsi)
{
	forget(hub, wsi);
}

void api_free_all(struct hub *hub)
{
	while (hub->api) {
		struct api_request *r = hub->api;
		hub->api = r->next;
		free(r);
	}
}
