/*
 * outmsg.h — an encoded server message, shared by every recipient.
 *
 * A room event is encoded once into one outmsg; each recipient's send queue
 * holds a reference. The buffer keeps OUTMSG_HEADROOM bytes in front of the
 * payload because the transport writes the frame header there (lws_write()
 * needs LWS_PRE, 16 in lws 4.1: net/conn.c asserts that it fits), so a
 * message is never copied on its way out.
 * Ownership: outmsg_new returns one reference; outmsg_unref frees at zero.
 */
#ifndef UTIL_OUTMSG_H
#define UTIL_OUTMSG_H

#include <stddef.h>
#include <stdint.h>

#define OUTMSG_HEADROOM 16

struct outmsg {
	uint32_t refs;
	size_t len;
	unsigned char *payload; /* points into buf, after the headroom */
	unsigned char buf[];
};

/* Copies len bytes of text; NULL on OOM. */
struct outmsg *outmsg_new(const char *text, size_t len);
/* Takes ownership of a malloc'd NUL-terminated string (frees it). */
struct outmsg *outmsg_take(char *text);
struct outmsg *outmsg_ref(struct outmsg *m);
void outmsg_unref(struct outmsg *m); /* NULL ok */

#endif
