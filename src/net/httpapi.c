/*
 * httpapi.c — the HTTP API's transport: from lws's callbacks to one whole
 * hub_api_request, and the hub_api_response back to the socket.
 *
 * A request whose route, organizer and method the hub accepts waits here
 * for its body (HTTP_BODY pieces, answered at HTTP_BODY_COMPLETION) in a
 * struct pending_call keyed by the wsi: freed at completion or when the
 * connection closes. A body over api_body_max is read to its end, not
 * kept, and the hub answers 413.
 */
#include "net/httpapi.h"

#include <libwebsockets.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "app/hub.h"
#include "auth/token.h"
#include "config/config.h"
#include "net/http.h"
#include "util/array.h"

/* The Authorization header: "Bearer " and the longest token. */
#define AUTH_MAX (TOKEN_TEXT_MAX + 16)

struct pending_call {
	struct lws *wsi;
	struct hub *hub;
	size_t max;
	enum hub_method method;
	char path[256];
	char auth[AUTH_MAX];
	bool has_auth, too_big;
	char *body; /* NUL-terminated */
	size_t len, cap;
	struct pending_call *next;
};

static struct pending_call *calls;

static struct pending_call **find(struct lws *wsi)
{
	struct pending_call **pp = &calls;

	while (*pp && (*pp)->wsi != wsi)
		pp = &(*pp)->next;
	return pp;
}

static void forget(struct lws *wsi)
{
	struct pending_call **pp = find(wsi), *dead = *pp;

	if (dead) {
		*pp = dead->next;
		free(dead->body);
		free(dead);
	}
}

static enum hub_method method_of(struct lws *wsi)
{
	static const struct {
		enum lws_token_indexes token;
		enum hub_method method;
	} methods[] = {{WSI_TOKEN_GET_URI, HUB_GET},
		       {WSI_TOKEN_POST_URI, HUB_POST},
		       {WSI_TOKEN_PUT_URI, HUB_PUT},
		       {WSI_TOKEN_DELETE_URI, HUB_DELETE}};

	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (lws_hdr_total_length(wsi, methods[i].token) > 0)
			return methods[i].method;
	return HUB_OTHER;
}

/* The header's whole value, or false when absent, too long or holding
 * a NUL (which would make a prefix of it compare as the whole). */
static bool authorization(struct lws *wsi, char *out, size_t cap)
{
	int n = lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_AUTHORIZATION);

	return n > 0 && n < (int)cap &&
	       lws_hdr_copy(wsi, out, (int)cap, WSI_TOKEN_HTTP_AUTHORIZATION) ==
		       n &&
	       strlen(out) == (size_t)n;
}

static long content_length(struct lws *wsi)
{
	char v[24];

	if (lws_hdr_copy(wsi, v, sizeof v, WSI_TOKEN_HTTP_CONTENT_LENGTH) <= 0)
		return 0;
	return strtol(v, NULL, 10);
}

static struct hub_api_request request_of(const struct pending_call *pc)
{
	return (struct hub_api_request){
		.method = pc->method,
		.path = pc->path,
		.authorization = pc->has_auth ? pc->auth : NULL,
		.body = pc->len ? pc->body : NULL,
		.len = pc->len,
		.too_large = pc->too_big,
	};
}

static int respond(struct lws *wsi, struct hub_api_response *res)
{
	int rc = http_respond(wsi, res->status, res->content_type, res->body,
			      res->len);

	hub_api_response_release(res);
	return rc;
}

int httpapi_begin(struct hub *hub, const struct config *cfg, struct lws *wsi,
		  const char *path)
{
	struct hub_api_response res = {0};
	struct pending_call *pc = calloc(1, sizeof *pc);
	struct hub_api_request req;

	if (!pc || strlen(path) >= sizeof pc->path ||
	    !(pc->body = calloc(1, pc->cap = 1024))) {
		free(pc);
		return -1;
	}
	pc->wsi = wsi;
	pc->hub = hub;
	pc->max = (size_t)cfg->api_body_max;
	pc->method = method_of(wsi);
	strcpy(pc->path, path);
	pc->has_auth = authorization(wsi, pc->auth, sizeof pc->auth);
	req = request_of(pc);
	if (!hub_api_accepts(hub, &req, &res)) {
		free(pc->body);
		free(pc);
		return respond(wsi, &res);
	}
	pc->next = calls;
	calls = pc;
	if ((pc->method != HUB_POST && pc->method != HUB_PUT) ||
	    !content_length(wsi))
		return httpapi_body_done(wsi); /* no body coming */
	return 0;
}

int httpapi_body(struct lws *wsi, const void *in, size_t len)
{
	struct pending_call *pc = *find(wsi);

	if (!pc)
		return -1;
	if (pc->too_big || pc->len + len > pc->max) {
		pc->too_big = true;
		return 0;
	}
	if (array_grow(&pc->body, &pc->cap, pc->len + len + 1, 1))
		return -1;
	memcpy(pc->body + pc->len, in, len);
	pc->len += len;
	pc->body[pc->len] = '\0';
	return 0;
}

int httpapi_body_done(struct lws *wsi)
{
	struct pending_call *pc = *find(wsi);
	struct hub_api_response res = {0};
	struct hub_api_request req;
	int rc;

	if (!pc)
		return -1;
	req = request_of(pc);
	hub_api_call(pc->hub, &req, &res);
	rc = respond(wsi, &res);
	forget(wsi);
	return rc;
}

void httpapi_closed(struct lws *wsi)
{
	forget(wsi);
}

void httpapi_free_all(void)
{
	while (calls)
		forget(calls->wsi);
}
