/*
 * wsc.c — raw RFC 6455 client (see wsc.h).
 *
 * Why raw: a generator that must outrun the server on one core cannot
 * afford a library's per-message overhead. Frames out are masked with a
 * zero key (valid framing; the key's unpredictability only matters
 * against proxies, and it saves the XOR pass). Reads go into one growing
 * buffer per connection; complete frames are consumed from its front.
 */
#define _GNU_SOURCE
#include "wsc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

static int grow(char **buf, uint32_t *cap, uint32_t need)
{
	uint32_t c = *cap ? *cap : 2048;
	char *p;

	while (c < need)
		c *= 2;
	if (c == *cap)
		return 0;
	p = realloc(*buf, c);
	if (!p)
		return -1;
	*buf = p;
	*cap = c;
	return 0;
}

static int append_out(struct wsc *c, const char *data, size_t len)
{
	if (grow(&c->out, &c->out_cap, c->out_len + (uint32_t)len))
		return -1;
	memcpy(c->out + c->out_len, data, len);
	c->out_len += (uint32_t)len;
	return 0;
}

/* Writes the buffered bytes; keeps what the socket did not take. */
static int flush(struct wsc *c)
{
	while (c->out_len) {
		ssize_t n = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		memmove(c->out, c->out + n, c->out_len - (size_t)n);
		c->out_len -= (uint32_t)n;
	}
	return 0;
}

int wsc_connect(struct wsc *c, const char *src, int port, const char *req,
		size_t req_len)
{
	struct sockaddr_in sa = {.sin_family = AF_INET}, me = sa;
	int one = 1;

	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	/* Several loopback sources widen the ephemeral port space; the
	 * port is chosen at connect() so source addresses share it. */
	setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
		   sizeof one);
	inet_pton(AF_INET, src, &me.sin_addr);
	if (bind(c->fd, (struct sockaddr *)&me, sizeof me))
		goto fail;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->in_len = c->out_len = 0;
	if (append_out(c, req, req_len))
		goto fail;
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) &&
	    errno != EINPROGRESS)
		goto fail;
	c->state = WSC_CONNECTING;
	return 0;
fail:
	close(c->fd);
	c->fd = -1;
	c->state = WSC_DEAD;
	return -1;
}

int wsc_on_writable(struct wsc *c)
{
	if (c->state == WSC_CONNECTING) {
		int err = 0;
		socklen_t l = sizeof err;
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l);
		if (err)
			return -1;
		c->state = WSC_UPGRADING;
	}
	return flush(c);
}

bool wsc_needs_out(const struct wsc *c)
{
	return c->state == WSC_CONNECTING || c->out_len;
}

/* Consumes the HTTP response; 1 when more is needed, -1 on refusal. */
static int upgrade_done(struct wsc *c, uint32_t *used)
{
	char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);

	if (!end)
		return c->in_len > 8192 ? -1 : 1;
	if (c->in_len < 12 || memcmp(c->in + 9, "101", 3))
		return -1;
	*used = (uint32_t)(end + 4 - c->in);
	c->state = WSC_OPEN;
	return 0;
}

static int send_control(struct wsc *c, uint8_t op, const char *p, size_t n)
{
	char f[2 + 4 + 125];

	if (n > 125)
		n = 125;
	f[0] = (char)(0x80 | op);
	f[1] = (char)(0x80 | n);
	memset(f + 2, 0, 4);
	memcpy(f + 6, p, n);
	return wsc_send_raw(c, f, 6 + n);
}

int wsc_send_raw(struct wsc *c, const char *data, size_t len)
{
	if (!c->out_len) {
		ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);
		if (n == (ssize_t)len)
			return 0;
		if (n < 0 && errno != EAGAIN)
			return -1;
		if (n > 0)
			data += n, len -= (size_t)n;
	}
	return append_out(c, data, len);
}

int wsc_send_text(struct wsc *c, const char *data, size_t len)
{
	char stackbuf[4096], *f = stackbuf;
	size_t h;
	int rc;

	if (c->state != WSC_OPEN)
		return -1;
	if (len + 14 > sizeof stackbuf && !(f = malloc(len + 14)))
		return -1;
	f[0] = (char)0x81;
	if (len < 126) {
		f[1] = (char)(0x80 | len);
		h = 2;
	} else if (len < 65536) {
		f[1] = (char)(0x80 | 126);
		f[2] = (char)(len >> 8);
		f[3] = (char)len;
		h = 4;
	} else {
		f[1] = (char)(0x80 | 127);
		for (int i = 0; i < 8; i++)
			f[2 + i] = (char)((uint64_t)len >> (56 - 8 * i));
		h = 10;
	}
	memset(f + h, 0, 4); /* zero mask key: payload goes as is */
	memcpy(f + h + 4, data, len);
	rc = wsc_send_raw(c, f, h + 4 + len);
	if (f != stackbuf)
		free(f);
	return rc;
}

/* Parses frames from the front of the buffer; returns bytes consumed or
 * -1 when the connection must end. */
static long parse(struct wsc *c, uint32_t off, wsc_text_fn fn, void *ctx)
{
	while (c->in_len - off >= 2) {
		uint8_t *p = (uint8_t *)c->in + off;
		uint8_t op = p[0] & 0x0f;
		uint64_t len = p[1] & 0x7f;
		uint32_t h = 2, avail = c->in_len - off;
		if (len == 126) {
			if (avail < 4)
				break;
			len = (uint64_t)p[2] << 8 | p[3];
			h = 4;
		} else if (len == 127) {
			if (avail < 10)
				break;
			len = 0;
			for (int i = 0; i < 8; i++)
				len = len << 8 | p[2 + i];
			h = 10;
		}
		if (len > (1u << 24))
			return -1;
		if (avail < h + len) {
			if (grow(&c->in, &c->in_cap,
				 off + h + (uint32_t)len + 1))
				return -1;
			break;
		}
		char *payload = c->in + off + h;
		off += h + (uint32_t)len;
		if (op == 0x1) {
			char save = payload[len];
			payload[len] = '\0'; /* handlers may use str*() */
			fn(ctx, c, payload, len);
			payload[len] = save;
		} else if (op == 0x9) {
			if (send_control(c, 0xA, payload, len))
				return -1;
		} else if (op == 0x8) {
			return -1;
		}
	}
	return off;
}

int wsc_on_readable(struct wsc *c, wsc_text_fn fn, void *ctx)
{
	uint32_t used = 0;
	long off;

	if (c->in_cap - c->in_len < 1024 &&
	    grow(&c->in, &c->in_cap, c->in_len + 16384))
		return -1;
	ssize_t n =
		recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len - 1, 0);
	if (n <= 0)
		return n < 0 && errno == EAGAIN ? 0 : -1;
	c->in_len += (uint32_t)n;
	if (c->state == WSC_UPGRADING) {
		int r = upgrade_done(c, &used);
		if (r)
			return r < 0 ? -1 : 0;
	}
	off = parse(c, used, fn, ctx);
	if (off < 0)
		return -1;
	memmove(c->in, c->in + off, c->in_len - (uint32_t)off);
	c->in_len -= (uint32_t)off;
	return 0;
}

void wsc_close(struct wsc *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->state = WSC_DEAD;
	free(c->in);
	free(c->out);
	c->in = c->out = NULL;
	c->in_len = c->in_cap = c->out_len = c->out_cap = 0;
}
