/*
 * outmsg.c — refcounted frames with transport headroom. Single-threaded: the
 * loop thread is the only user, so the count is a plain integer.
 */
#include "util/outmsg.h"

#include <stdlib.h>
#include <string.h>

struct outmsg *outmsg_new(const char *text, size_t len)
{
	struct outmsg *m = malloc(sizeof *m + OUTMSG_HEADROOM + len);

	if (!m)
		return NULL;
	m->refs = 1;
	m->len = len;
	m->payload = m->buf + OUTMSG_HEADROOM;
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
