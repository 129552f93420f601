/*
 * wsc.h — a minimal raw RFC 6455 client connection for the load
 * generator: non-blocking connect, upgrade handshake, frame parsing,
 * masked text frames out, automatic pong.
 *
 * Owner: the caller embeds struct wsc and owns it; wsc owns its buffers
 * (freed by wsc_close). No TLS, no extensions, no fragmented messages
 * (none of the servers measured fragments frames this small).
 */
#ifndef BENCH_WSC_H
#define BENCH_WSC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum wsc_state { WSC_IDLE, WSC_CONNECTING, WSC_UPGRADING, WSC_OPEN, WSC_DEAD };

struct wsc {
	int fd;
	uint8_t state;
	bool want_out; /* EPOLLOUT armed */
	char *in;
	uint32_t in_len, in_cap;
	char *out;
	uint32_t out_len, out_cap;
};

/* Called for each complete text frame; returns nothing: the handler may
 * send, but must not close the connection it is called for. */
typedef void (*wsc_text_fn)(void *ctx, struct wsc *c, char *msg, size_t len);

/* Starts a non-blocking connect from src (IPv4, dotted) to 127.0.0.1
 * port and queues the upgrade request req. 0 or -1 (errno set). */
int wsc_connect(struct wsc *c, const char *src, int port, const char *req,
		size_t req_len);
/* EPOLLOUT: finishes connect or flushes. -1 when the socket failed. */
int wsc_on_writable(struct wsc *c);
/* EPOLLIN: reads what is there, calls fn per text frame. -1 on EOF,
 * error, close frame or a failed upgrade. */
int wsc_on_readable(struct wsc *c, wsc_text_fn fn, void *ctx);
/* Sends one masked text frame (or buffers the unsent tail). -1 on
 * error. */
int wsc_send_text(struct wsc *c, const char *data, size_t len);
/* Sends bytes as they are (a prebuilt frame). */
int wsc_send_raw(struct wsc *c, const char *data, size_t len);
void wsc_close(struct wsc *c);
/* Whether the caller must arm EPOLLOUT (something is buffered). */
bool wsc_needs_out(const struct wsc *c);

#endif
