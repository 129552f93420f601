/*
 * http.c — complete small responses in one go.
 *
 * Bodies here are tiny (health, JSON replies), so they are written right
 * after the headers rather than on a later WRITEABLE. lws adds the vhost's
 * security headers (CSP, nosniff, no-referrer...) to every status line.
 */
#include "net/http.h"

#include <libwebsockets.h>
#include <stdlib.h>
#include <string.h>

int http_request_path(struct lws *wsi, char *buf, size_t len)
{
	static const enum lws_token_indexes methods[] = {
		WSI_TOKEN_GET_URI,  WSI_TOKEN_POST_URI,	 WSI_TOKEN_OPTIONS_URI,
		WSI_TOKEN_PUT_URI,  WSI_TOKEN_PATCH_URI, WSI_TOKEN_DELETE_URI,
		WSI_TOKEN_HEAD_URI,
	};

	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (lws_hdr_total_length(wsi, methods[i]) > 0)
			return lws_hdr_copy(wsi, buf, (int)len, methods[i]);
	return -1;
}

int http_respond(struct lws *wsi, unsigned status, const char *content_type,
		 const char *body, size_t len)
{
	return http_respond_with(wsi, status, content_type, body, len, NULL,
				 NULL);
}

int http_respond_with(struct lws *wsi, unsigned status,
		      const char *content_type, const char *body, size_t len,
		      const char *header, const char *value)
{
	unsigned char buf[LWS_PRE + 2048], *start = buf + LWS_PRE, *p = start,
					   *end = buf + sizeof buf - 1;

	if (lws_add_http_common_headers(wsi, status, content_type,
					(lws_filepos_t)len, &p, end) ||
	    lws_add_http_header_by_name(
		    wsi, (const unsigned char *)"cache-control:",
		    (const unsigned char *)"no-store", 8, &p, end) ||
	    (header &&
	     lws_add_http_header_by_name(wsi, (const unsigned char *)header,
					 (const unsigned char *)value,
					 (int)strlen(value), &p, end)) ||
	    lws_finalize_write_http_header(wsi, start, &p, end))
		return -1;
	if (len) {
		unsigned char *out = malloc(LWS_PRE + len);
		int n;
		if (!out)
			return -1;
		memcpy(out + LWS_PRE, body, len);
		n = lws_write(wsi, out + LWS_PRE, len, LWS_WRITE_HTTP_FINAL);
		free(out);
		if (n < (int)len)
			return -1;
	}
	return lws_http_transaction_completed(wsi) ? -1 : 0;
}
