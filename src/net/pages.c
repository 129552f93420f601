/*
 * pages.c — the callback mounts' paths (pages.h). Static files come from
 * lws's file mount on web_root, which normalises the path ("..", "%2e%2e"
 * cannot leave it); these paths never read a file named by the request.
 */
#include "net/pages.h"

#include <libwebsockets.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "app/hub.h"
#include "auth/token.h"
#include "config/config.h"
#include "net/http.h"
#include "net/httpapi.h"
#include "net/quota.h"
#include "util/netaddr.h"

/* /r/<room> is the web client's page; the room id is checked for shape
 * only (the token in the fragment decides access, over the WebSocket). */
static int serve_room_page(struct lws *wsi, const struct pages *pg,
			   const char *room)
{
	char file[CONFIG_PATH_MAX + 16];

	if (room && !token_room_id_valid(room))
		return http_respond(wsi, 404, "text/plain", "not found\n", 10);
	snprintf(file, sizeof file, "%s/index.html", pg->cfg->web_root);
	if (lws_serve_http_file(wsi, file, "text/html", NULL, 0) < 0)
		return -1;
	return 0;
}

/* /metrics: from an allow-listed address, or with the metrics token.
 * The address is the attributed client: behind a trusted proxy on the
 * allow-list (loopback, typically), the proxy's own address would let
 * every client through. */
static bool metrics_allowed(struct lws *wsi, const struct pages *pg)
{
	const struct config *cfg = pg->cfg;
	char auth[160];
	uint8_t client[16];
	int n;

	if (cfg->metrics_token[0]) {
		n = lws_hdr_copy(wsi, auth, sizeof auth,
				 WSI_TOKEN_HTTP_AUTHORIZATION);
		if (n > 7 && !strncmp(auth, "Bearer ", 7) &&
		    strlen(auth + 7) == strlen(cfg->metrics_token) &&
		    !CRYPTO_memcmp(auth + 7, cfg->metrics_token,
				   strlen(cfg->metrics_token)))
			return true;
	}
	return quota_client(wsi, client) &&
	       netaddr_list_match(pg->metrics_allow, client);
}

static int serve_metrics(struct lws *wsi, const struct pages *pg)
{
	char *text;
	int rc;

	if (!metrics_allowed(wsi, pg))
		return http_respond(wsi, 403, "text/plain", "forbidden\n", 10);
	text = hub_metrics(pg->hub);
	if (!text)
		return http_respond(wsi, 500, "text/plain", "error\n", 6);
	rc = http_respond(wsi, 200, "text/plain; version=0.0.4", text,
			  strlen(text));
	free(text);
	return rc;
}

int pages_serve(struct lws *wsi, const struct pages *pg)
{
	char path[256];

	if (http_request_path(wsi, path, sizeof path) < 0)
		return http_respond(wsi, 400, "text/plain", "bad request\n",
				    12);
	if (!strcmp(path, "/healthz"))
		return pg->draining ? http_respond(wsi, 503, "text/plain",
						   "stopping\n", 9)
				    : http_respond(wsi, 200, "text/plain",
						   "ok\n", 3);
	if (!strncmp(path, "/r/", 3))
		return serve_room_page(wsi, pg, path + 3);
	/* A personal link (/j) and a session's console (/c/ID): the same
	 * page; the token in the fragment decides. */
	if (!strcmp(path, "/j") ||
	    (!strncmp(path, "/c/", 3) && path[3] &&
	     strspn(path + 3, "0123456789") == strlen(path + 3) &&
	     strlen(path + 3) <= 10))
		return serve_room_page(wsi, pg, NULL);
	if (!strcmp(path, "/metrics"))
		return serve_metrics(wsi, pg);
	return httpapi_begin(pg->hub, pg->cfg, wsi, path);
}
