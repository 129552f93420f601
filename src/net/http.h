/*
 * http.h — small HTTP responses written from lws callbacks.
 */
#ifndef NET_HTTP_H
#define NET_HTTP_H

#include <stddef.h>

struct lws;

/* Writes a complete response (headers + body). Returns what the lws
 * callback must return: 0 to keep the connection, -1 to close it. */
int http_respond(struct lws *wsi, unsigned status, const char *content_type,
		 const char *body, size_t len);
/* The same with one extra header ("sec-websocket-version:", "13"). */
int http_respond_with(struct lws *wsi, unsigned status,
		      const char *content_type, const char *body, size_t len,
		      const char *header, const char *value);
/* Copies the request path (GET or POST) into buf; its length or -1. */
int http_request_path(struct lws *wsi, char *buf, size_t len);

#endif
