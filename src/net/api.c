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
 * One route table maps method and path to a handler; handlers that take
 * a body run once it is complete.
 * A POST body arrives in pieces (HTTP_BODY) and is answered at
 * HTTP_BODY_COMPLETION; until then it lives in an api_request keyed by
 * the wsi, freed at completion or when the connection closes.
 */
#include <libwebsockets.h>
#include <stdlib.h>
#include <string.h>

#include "auth/keyring.h"
#include "codec/api.h"
#include "net/http.h"
#include "net/hub_internal.h"
#include "util/clock.h"
#include "util/log.h"

#define API_BODY_MAX 4096

struct api_request;
typedef int (*api_handler)(struct hub *hub, struct lws *wsi,
			   const struct api_request *req);

struct api_request {
	struct lws *wsi;
	api_handler handler;
	char id[TOKEN_ROOM_MAX + 1]; /* the :id segment, if any */
	size_t len;
	bool too_big;
	char body[API_BODY_MAX];
	struct api_request *next;
};

static int respond_json(struct lws *wsi, unsigned status, char *json)
{
	int rc;

	if (!json)
		return http_respond(wsi, 500, "application/json",
				    "{\"code\":\"internal\"}", 19);
	rc = http_respond(wsi, status, "application/json", json, strlen(json));
	free(json);
	return rc;
}

static int respond_error(struct lws *wsi, unsigned status, enum core_err err,
			 const char *field, const char *message)
{
	struct codec_error e;

	codec_error_set(&e, err, field, message);
	return respond_json(wsi, status, codec_api_error(&e));
}

static bool is_organizer(struct hub *hub, struct lws *wsi)
{
	char auth[TOKEN_TEXT_MAX + 16];
	struct token_claims claims;
	int n = lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_AUTHORIZATION);

	if (n <= 7 || n >= (int)sizeof auth ||
	    lws_hdr_copy(wsi, auth, sizeof auth,
			 WSI_TOKEN_HTTP_AUTHORIZATION) != n ||
	    strncmp(auth, "Bearer ", 7))
		return false;
	return token_verify(hub->keys, auth + 7, (size_t)n - 7,
			    clock_wall_ms() / 1000, &claims) == TOKEN_OK &&
	       claims.scope == SCOPE_ORGANIZER &&
	       !links_revoked(hub, claims.nonce);
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
		return respond_json(wsi, 400, codec_api_error(&e));
	t = rooms_template(hub, tpl_id[0] ? tpl_id : "codev-90");
	if (!t)
		return respond_error(wsi, 400, CORE_E_NOT_FOUND, "template",
				     "no such template");
	if (hub->n_rooms >= (size_t)hub->cfg->max_rooms)
		return respond_error(wsi, 503, CORE_E_LIMIT, NULL,
				     "the hub holds its maximum of rooms");
	hr = rooms_create(hub, t, hub_time(hub));
	if (!hr ||
	    links_make(hub, hr->id, SCOPE_FACILITATOR, flink, sizeof flink) ||
	    links_make(hub, hr->id, SCOPE_PARTICIPANT, plink, sizeof plink)) {
		if (hr)
			rooms_delete(hub, hr);
		return respond_error(wsi, 500, CORE_E_INTERNAL, NULL,
				     "could not create the room");
	}
	/* The links are handed out only once the room is durable. */
	persist_room_created(hub, hr);
	if (persist_commit_now(hub)) {
		rooms_delete(hub, hr);
		return respond_error(wsi, 503, CORE_E_STORAGE, NULL,
				     "storage unavailable, try again");
	}
	log_info("room_created room=%s template=%s", hr->id, t->id);
	return respond_json(
		wsi, 201, codec_api_room_created(hr->id, t->id, flink, plink));
}

static long content_length(struct lws *wsi)
{
	char v[24];

	if (lws_hdr_copy(wsi, v, sizeof v, WSI_TOKEN_HTTP_CONTENT_LENGTH) <= 0)
		return 0;
	return strtol(v, NULL, 10);
}

static int delete_room(struct hub *hub, struct lws *wsi,
		       const struct api_request *req)
{
	const char *id = req->id;
	struct hub_room *hr = rooms_find(hub, id);

	if (!hr)
		return respond_error(wsi, 404, CORE_E_NOT_FOUND, NULL,
				     "no such room");
	/* Commit what is in flight first, so the deletion stands alone. */
	persist_commit_now(hub);
	if (store_begin(hub->store) || store_room_delete(hub->store, id) ||
	    store_commit(hub->store)) {
		store_rollback(hub->store);
		return respond_error(wsi, 503, CORE_E_STORAGE, NULL,
				     "storage unavailable, try again");
	}
	for (struct conn *c = conn_first(); c; c = c->next) {
		struct session *s = c->session;
		if (s && s->room == hr) {
			s->room = NULL;
			conn_close(c, CODEC_CLOSE_ROOM_DELETED, "deleted");
		}
	}
	rooms_delete(hub, hr);
	if (store_checkpoint(hub->store))
		log_warn("store_checkpoint_failed after=room_deleted");
	log_info("room_deleted room=%s", id);
	return http_respond(wsi, 204, "text/plain", NULL, 0);
}

static int reissue_links(struct hub *hub, struct lws *wsi,
			 const struct api_request *req)
{
	char flink[LINK_MAX], plink[LINK_MAX];

	if (!rooms_find(hub, req->id))
		return respond_error(wsi, 404, CORE_E_NOT_FOUND, NULL,
				     "no such room");
	if (links_make(hub, req->id, SCOPE_FACILITATOR, flink, sizeof flink) ||
	    links_make(hub, req->id, SCOPE_PARTICIPANT, plink, sizeof plink))
		return respond_error(wsi, 500, CORE_E_INTERNAL, NULL,
				     "could not sign links");
	log_info("links_issued room=%s", req->id);
	return respond_json(wsi, 201, codec_api_links(flink, plink));
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
		return respond_json(wsi, 400, codec_api_error(&e));
	token = strchr(link, '#') ? strchr(link, '#') + 1 : link;
	if (token_verify(hub->keys, token, strlen(token),
			 clock_wall_ms() / 1000, &claims) != TOKEN_OK)
		return respond_error(wsi, 400, CORE_E_BAD_FIELD, "link",
				     "not a valid, unexpired link");
	if (links_revoke(hub, &claims))
		return respond_error(wsi, 503, CORE_E_STORAGE, NULL,
				     "storage unavailable, try again");
	return http_respond(wsi, 204, "text/plain", NULL, 0);
}

static int list_templates(struct hub *hub, struct lws *wsi,
			  const struct api_request *req)
{
	(void)req;
	return respond_json(
		wsi, 200,
		codec_api_templates(hub->templates, hub->n_templates));
}

/* The routes: a path is prefix [ID suffix]; ID is a room id. */
static const struct route {
	enum lws_token_indexes method;
	const char *prefix, *suffix; /* suffix NULL: no ID segment */
	api_handler handler;
} routes[] = {
	{WSI_TOKEN_GET_URI, "/api/templates", NULL, list_templates},
	{WSI_TOKEN_POST_URI, "/api/rooms", NULL, create_room},
	{WSI_TOKEN_DELETE_URI, "/api/rooms/", "", delete_room},
	{WSI_TOKEN_POST_URI, "/api/rooms/", "/links", reissue_links},
	{WSI_TOKEN_POST_URI, "/api/links/revoke", NULL, revoke_link},
};

/* Whether path matches r, filling id. */
static bool match(const struct route *r, const char *path, char *id)
{
	size_t plen = strlen(r->prefix), n;
	const char *rest = path + plen;

	if (strncmp(path, r->prefix, plen))
		return false;
	if (!r->suffix)
		return !*rest;
	n = strcspn(rest, "/");
	if (!n || n > TOKEN_ROOM_MAX || strcmp(rest + n, r->suffix))
		return false;
	memcpy(id, rest, n);
	id[n] = '\0';
	return token_room_id_valid(id);
}

int hub_http(struct hub *hub, struct lws *wsi, const char *path)
{
	const struct route *found = NULL;
	struct api_request *req;
	char id[TOKEN_ROOM_MAX + 1] = "";
	bool path_known = false;

	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		if (!match(&routes[i], path, id))
			continue;
		path_known = true;
		if (lws_hdr_total_length(wsi, routes[i].method) > 0) {
			found = &routes[i];
			break;
		}
	}
	if (!path_known)
		return respond_error(wsi, 404, CORE_E_NOT_FOUND, NULL,
				     "no such resource");
	if (!is_organizer(hub, wsi))
		return respond_error(wsi, 401, CORE_E_UNAUTHORIZED, NULL,
				     "an organizer link is required");
	if (!found)
		return respond_error(wsi, 405, CORE_E_BAD_FIELD, NULL,
				     "method not allowed here");
	req = calloc(1, sizeof *req);
	if (!req)
		return -1;
	req->wsi = wsi;
	req->handler = found->handler;
	memcpy(req->id, id, sizeof id);
	req->next = hub->api;
	hub->api = req;
	if (found->method != WSI_TOKEN_POST_URI || !content_length(wsi))
		return hub_http_body_done(hub, wsi); /* no body coming */
	return 0;
}

int hub_http_body(struct hub *hub, struct lws *wsi, const void *in, size_t len)
{
	struct api_request *req = *find(hub, wsi);

	if (!req)
		return -1;
	if (req->len + len > API_BODY_MAX) {
		req->too_big = true;
		return 0;
	}
	memcpy(req->body + req->len, in, len);
	req->len += len;
	return 0;
}

int hub_http_body_done(struct hub *hub, struct lws *wsi)
{
	struct api_request *req = *find(hub, wsi);
	int rc;

	if (!req)
		return -1;
	rc = req->too_big ? respond_error(wsi, 413, CORE_E_LIMIT, NULL,
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
