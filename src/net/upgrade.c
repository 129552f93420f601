/*
 * upgrade.c — the checks of a WebSocket upgrade request (upgrade.h).
 *
 * They run in HTTP_CONFIRM_UPGRADE, which every upgrade passes through,
 * and again in FILTER_PROTOCOL_CONNECTION (server.c says why both).
 */
#include "net/upgrade.h"

#include <libwebsockets.h>
#include <openssl/evp.h>
#include <string.h>

#include "app/metrics.h"
#include "config/config.h"
#include "net/http.h"
#include "net/quota.h"
#include "util/log.h"

int upgrade_origins_parse(const char *list, struct origins *out)
{
	char copy[CONFIG_STR_MAX], *tok, *save = NULL;

	snprintf(copy, sizeof copy, "%s", list);
	out->n = 0;
	for (tok = strtok_r(copy, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		if (out->n == UPGRADE_MAX_ORIGINS ||
		    strlen(tok) >= UPGRADE_ORIGIN_MAX)
			return -1;
		strcpy(out->v[out->n++], tok);
	}
	return 0;
}

/* Exact match of the whole scheme://host:port, never a prefix. */
static bool origin_allowed(struct lws *wsi, const struct origins *allowed)
{
	char origin[UPGRADE_ORIGIN_MAX];
	int n = lws_hdr_total_length(wsi, WSI_TOKEN_ORIGIN);

	/* The whole header must be the string: an embedded NUL would make
	 * "allowed\0evil" compare equal to "allowed". */
	if (n <= 0 || n >= (int)sizeof origin ||
	    lws_hdr_copy(wsi, origin, sizeof origin, WSI_TOKEN_ORIGIN) != n ||
	    strlen(origin) != (size_t)n)
		return false;
	for (size_t i = 0; i < allowed->n; i++)
		if (!strcmp(origin, allowed->v[i]))
			return true;
	return false;
}

/* A well-formed RFC 6455 key: base64 of exactly 16 bytes. */
static bool key_valid(struct lws *wsi)
{
	char key[32];
	unsigned char raw[24];

	return lws_hdr_copy(wsi, key, sizeof key, WSI_TOKEN_KEY) == 24 &&
	       key[22] == '=' && key[23] == '=' &&
	       EVP_DecodeBlock(raw, (const unsigned char *)key, 24) == 18;
}

unsigned upgrade_status(struct lws *wsi, const struct origins *allowed,
			bool draining)
{
	char path[64], version[8];

	if (draining)
		return 503;
	if (!quota_attribute(wsi)) {
		metrics_refused();
		return 429;
	}
	if (http_request_path(wsi, path, sizeof path) < 0 ||
	    strcmp(path, "/ws"))
		return 403;
	if (!origin_allowed(wsi, allowed)) {
		log_rl(LOG_INFO, "upgrade_refused reason=origin");
		return 403;
	}
	if (lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) <= 0 ||
	    !key_valid(wsi) ||
	    lws_hdr_copy(wsi, version, sizeof version, WSI_TOKEN_VERSION) <= 0)
		return 400;
	return strcmp(version, "13") ? 426 : 0;
}
