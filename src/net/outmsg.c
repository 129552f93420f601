/*
 * outmsg.c — refcounted frames with lws headroom. Single-threaded: the
 * loop thread is the only user, so the count is a plain integer.
 */
#include "net/outmsg.h"

#include <libwebsockets.h>
#include <stdlib.h>
#include <string.h>

struct outmsg *outmsg_new(const char *text, size_t len)
{
	struct outmsg *m = malloc(sizeof *m + LWS_PRE + len);

	if (!m)
		return NULL;
	m->refs = 1;
	m->len = len;
	m->payload = m->buf + LWS_PRE;
	memcpy(m->payload, text, len);
	return m;
}

struct outmsg *outmsg_take(char *text)
{
	struct outmsg *m = text ? outmsg_new(text, strlen(text)) : NULL;

	free(text);
	return m;
}

struct outmsg *outmsg_ref(struct outmsg *m)
{
	m->refs++;
	return m;
}

void outmsg_unref(struct outmsg *m)
{
	if (m && --m->refs == 0)
		free(m);
}
