/*
 * server.c — the lws context, its one protocol callback and shutdown.
 *
 * There is a single protocol, "codev.v1", at protocols[0]: lws 4.1.6 binds
 * an upgrade that names no subprotocol to protocols[0] and skips that
 * protocol's filter, and every HTTP connection starts bound to it too. So
 * the Origin/path check sits in HTTP_CONFIRM_UPGRADE, which every upgrade
 * passes through on the connection's current (= our) protocol, and again
 * in FILTER_PROTOCOL_CONNECTION as a second lock.
 *
 * Static files come from an lws file mount on web_root (lws normalises
 * the path, so "..", "%2e%2e" and the like cannot leave it); /healthz,
 * /metrics, /r, and /api are callback mounts (pages.c, httpapi.c). The
 * upgrade checks are in upgrade.c; what a connection says goes to the hub
 * by id (app/hub.h).
 *
 * Every request and upgrade is attributed to a client address once its
 * headers are in (quota_attribute: the TCP peer, or what a trusted proxy
 * forwards); per-address caps, rates, the /metrics allow-list and the
 * connection log use that address.
 *
 * SIGHUP: server_reload_prepare() builds everything a reload needs (the
 * certificate set, Origin and address lists) without changing anything;
 * server_reload_commit() then swaps it all in at once, so a bad file
 * leaves the running hub exactly as it was.
 */
#include "net/server.h"

#include <libwebsockets.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <string.h>

#include "app/hub.h"
#include "app/metrics.h"
#include "net/conn.h"
#include "net/http.h"
#include "net/httpapi.h"
#include "net/pages.h"
#include "net/quota.h"
#include "net/tlscert.h"
#include "net/transport.h"
#include "net/upgrade.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/netaddr.h"

/* What a reload swaps in, built and checked before anything changes. */
struct staged {
	struct origins origins;
	struct netaddr_list trusted, metrics_allow;
	struct tlscert *cert;
	bool ready;
};

static struct {
	struct lws_context *ctx;
	uv_loop_t *loop;
	struct hub *hub;
	const struct config *cfg;
	uv_timer_t drain;
	bool draining, drain_timer_open;
	int64_t drain_started;
	struct origins origins;
	struct netaddr_list metrics_allow;
	struct staged next;
} srv;

int server_set_origins(const char *list)
{
	struct origins parsed;

	if (upgrade_origins_parse(list, &parsed))
		return -1;
	srv.origins = parsed;
	return 0;
}

static int on_http(struct lws *wsi)
{
	const struct pages pg = {srv.cfg, srv.hub, &srv.metrics_allow,
				 srv.draining};

	return pages_serve(wsi, &pg);
}

/* Valid close codes a peer may send (RFC 6455 7.4). */
static bool close_code_valid(unsigned code)
{
	return (code >= 1000 && code <= 1003) ||
	       (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
}

/* Answers a malformed close frame with 1002 and ends the connection. */
static int on_peer_close(struct lws *wsi, struct conn *c, const uint8_t *in,
			 size_t len)
{
	unsigned char frame[LWS_PRE + 2] = {[LWS_PRE] = 1002 >> 8,
					    [LWS_PRE + 1] = 1002 & 0xff};

	if (conn_is_open(c) && c->close_sent)
		return -1; /* the answer to ours: done, no echo */
	if (len == 0 ||
	    (len >= 2 && close_code_valid((unsigned)in[0] << 8 | in[1])))
		return 0; /* lws echoes it and closes */
	lws_write(wsi, frame + LWS_PRE, 2,
		  (enum lws_write_protocol)4 /* CLOSE, not public */);
	if (conn_is_open(c))
		c->close_sent = true;
	return -1;
}

static int on_established(struct lws *wsi, struct conn *c)
{
	if (conn_open(c, wsi, clock_mono_ms())) {
		memset(c, 0, sizeof *c);
		return -1;
	}
	hub_on_open(srv.hub, c->id);
	if (log_enabled(LOG_DEBUG)) {
		/* Addresses are not room content; debug only, as it is one
		 * line per connection. */
		char text[NETADDR_TEXT_MAX] = "-";
		uint8_t addr[16];
		if (quota_client(wsi, addr))
			netaddr_format(addr, text, sizeof text);
		log_debug("ws_open conn=%llu addr=%s",
			  (unsigned long long)c->id, text);
	}
	return 0;
}

static int on_receive(struct lws *wsi, struct conn *c, void *in, size_t len)
{
	size_t remaining = lws_remaining_packet_payload(wsi);
	bool last = !remaining && lws_is_final_fragment(wsi);

	if (c->closing)
		return 0; /* closing: what the peer still sends is ignored */
	if (lws_frame_is_binary(wsi)) {
		lws_close_reason(wsi, LWS_CLOSE_STATUS_UNACCEPTABLE_OPCODE,
				 NULL, 0);
		return -1;
	}
	/* A message that arrives whole in one piece (the usual case: most are
	 * smaller than the rx chunk) is decoded straight from lws's buffer;
	 * only one in pieces is assembled, in a buffer freed right after. */
	bool whole = last && !c->rx_len;
	if (whole ? len > conn_limits()->max_message
		  : conn_rx_append(c, in, len, remaining) != 0) {
		log_rl(LOG_INFO, "conn_closed conn=%llu reason=too_big",
		       (unsigned long long)c->id);
		lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, NULL,
				 0);
		return -1;
	}
	c->last_rx_ms = clock_mono_ms();
	c->pings_out = 0;
	if (!last)
		return 0;
	metrics_message_in();
	const char *msg = whole ? in : c->rx;
	size_t msg_len = whole ? len : c->rx_len;
	if (quota_message(wsi, &c->rate, c->last_rx_ms)) {
		c->strikes = 0;
		hub_on_message(srv.hub, c->id, msg, msg_len);
	} else {
		/* Closed once: more may be read before the close is sent. */
		bool close = ++c->strikes >= quota_strikes() && !c->rate_closed;
		c->rate_closed |= close;
		hub_rate_limited(srv.hub, c->id, close);
	}
	if (!whole)
		conn_rx_reset(c);
	return 0;
}

/* lws's one callback for every connection: a switch over its reasons,
 * each case a line or a call, so it stays one function longer than 80
 * lines rather than a table lws cannot take. */
static int callback(struct lws *wsi, enum lws_callback_reasons reason,
		    void *user, void *in, size_t len)
{
	struct conn *c = user;

	switch (reason) {
	case LWS_CALLBACK_OPENSSL_LOAD_EXTRA_SERVER_VERIFY_CERTS:
		/* user is the TLS vhost's SSL_CTX, here and only here. */
		tlscert_attach(user);
		return 0;
	case LWS_CALLBACK_FILTER_HTTP_CONNECTION:
		/* Plain HTTP requests (upgrades go through upgrade_status). */
		if (quota_attribute(wsi))
			return 0;
		metrics_refused();
		return -1;
	case LWS_CALLBACK_FILTER_NETWORK_CONNECTION: {
		/* At accept(), before any work: refusing costs one close(). */
		const struct lws_filter_network_conn_args *a = user;
		if (!srv.draining &&
		    quota_admit((const struct sockaddr *)&a->cli_addr,
				a->clilen))
			return 0;
		metrics_refused();
		return -1;
	}
	case LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED:
		quota_attach(wsi);
		return 0;
	case LWS_CALLBACK_WSI_DESTROY:
		quota_detach(wsi);
		return 0;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		/* Our own close answered: no echo (a second close frame makes
		 * browsers report 1006); a malformed one: 1002. */
		return on_peer_close(wsi, c, in, len);
	case LWS_CALLBACK_RECEIVE_PONG:
		if (conn_is_open(c))
			c->last_rx_ms = clock_mono_ms(), c->pings_out = 0;
		return 0;
	case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE: {
		unsigned status =
			upgrade_status(wsi, &srv.origins, srv.draining);
		if (!status)
			return 0;
		/* Headers written: lws completes the transaction. */
		return http_respond_with(
			       wsi, status, "text/plain", "refused\n", 8,
			       status == 426 ? "sec-websocket-version:" : NULL,
			       "13")
			       ? -1
			       : 1;
	}
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		return upgrade_status(wsi, &srv.origins, srv.draining) ? -1 : 0;
	case LWS_CALLBACK_HTTP:
		return on_http(wsi);
	case LWS_CALLBACK_HTTP_BODY:
		return httpapi_body(wsi, in, len);
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		return httpapi_body_done(wsi);
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
	case LWS_CALLBACK_CLOSED_HTTP:
		httpapi_closed(wsi);
		return 0;
	case LWS_CALLBACK_ESTABLISHED:
		return on_established(wsi, c);
	case LWS_CALLBACK_RECEIVE:
		return conn_is_open(c) ? on_receive(wsi, c, in, len) : -1;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return conn_is_open(c) ? conn_on_writable(c) : -1;
	case LWS_CALLBACK_CLOSED:
		if (conn_is_open(c)) {
			hub_on_close(srv.hub, c->id);
			conn_release(c);
		}
		return 0;
	default:
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
}

/* rx_buffer_size is the chunk lws parses a frame into, allocated for every
 * connection for its whole life (PERF-NOTES pitfall 3), not the largest
 * message: the hub assembles longer messages itself (conn_rx_append, up to
 * max_message_bytes). 256 holds a hello with its token and the usual
 * commands (a short note, a hand, a timer command), so they arrive whole;
 * 512 cost ~210 more bytes per idle connection, 128 split most commands
 * and cost more CPU per message under load. It must stay >= 125, the
 * largest control frame lws hands over in one piece.
 * tx_packet_size: lws 4.1.6 hands send() at most this (else rx_buffer_size)
 * per write and buffers the rest until POLLOUT, so it must not inherit the
 * small rx chunk: a message goes out in one send() whatever its size. */
#define RX_CHUNK 256
#define TX_PACKET (16u << 20)

static struct lws_protocols protocols[] = {{"codev.v1", callback,
					    sizeof(struct conn), RX_CHUNK, 0,
					    NULL, TX_PACKET},
					   {NULL, NULL, 0, 0, 0, NULL, 0}};

static struct lws_http_mount mounts[5];

static void setup_mounts(const struct config *cfg)
{
	static const char *const callback_paths[] = {"/healthz", "/api", "/r",
						     "/metrics"};

	memset(mounts, 0, sizeof mounts);
	for (size_t i = 0; i < 4; i++) {
		mounts[i].mountpoint = callback_paths[i];
		mounts[i].mountpoint_len =
			(unsigned char)strlen(callback_paths[i]);
		mounts[i].origin = "codev.v1";
		mounts[i].origin_protocol = LWSMPRO_CALLBACK;
		mounts[i].mount_next = &mounts[i + 1];
	}
	mounts[4].mountpoint = "/";
	mounts[4].mountpoint_len = 1;
	mounts[4].origin = cfg->web_root;
	mounts[4].def = "index.html";
	mounts[4].origin_protocol = LWSMPRO_FILE;
}

static void lws_log(int level, const char *line)
{
	/* lws lines end with \n; our logger adds its own. lws never sees
	 * tokens (they live in URL fragments and in hello). */
	int n = (int)strcspn(line, "\n");
	log_rl(level == LLL_ERR ? LOG_ERROR : LOG_WARN, "lws %.*s", n, line);
}

/* TLS 1.2+ only, ECDHE key exchange and AEAD ciphers, set here rather
 * than inherited from the system's defaults. */
static const char tls12_ciphers[] =
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
static const char tls13_ciphers[] =
	"TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:"
	"TLS_CHACHA20_POLY1305_SHA256";

static const lws_retry_bo_t no_validity; /* all zero: no timers */

static struct lws_vhost *create_vhost(const struct config *cfg)
{
	struct lws_context_creation_info info;

	memset(&info, 0, sizeof info);
	info.vhost_name = "default";
	info.port = cfg->port;
	info.iface = cfg->bind;
	info.protocols = protocols;
	info.mounts = mounts;
	/* No permessage-deflate: no extensions are offered at all. */
	info.extensions = NULL;
	info.options =
		LWS_SERVER_OPTION_VALIDATE_UTF8 |
		LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE;
	/* No per-connection lws validity timers: lws keeps them in one sorted
	 * list (O(n) insert per join, PERF-NOTES pitfall 2). Heartbeats come
	 * from the hub's own once-a-second sweep. */
	info.retry_and_idle_policy = &no_validity;
	if (cfg->tls_cert[0]) {
		/* lws reads this per vhost too: without it, no TLS here. */
		info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
		info.ssl_cert_filepath = cfg->tls_cert;
		info.ssl_private_key_filepath = cfg->tls_key;
		info.ssl_cipher_list = tls12_ciphers;
		info.tls1_3_plus_cipher_list = tls13_ciphers;
		info.ssl_options_set = SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 |
				       SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1 |
				       SSL_OP_NO_COMPRESSION |
				       SSL_OP_CIPHER_SERVER_PREFERENCE;
	}
	return lws_create_vhost(srv.ctx, &info);
}

/* Plain HTTP on redirect_http_port answers every request with a redirect
 * to the TLS port. */
static int create_redirect(const struct config *cfg, int tls_port)
{
	static struct lws_http_mount redir;
	static char target[300];
	struct lws_context_creation_info info;

	snprintf(target, sizeof target, "%s:%d/",
		 strcmp(cfg->bind, "0.0.0.0") ? cfg->bind : "localhost",
		 tls_port);
	memset(&redir, 0, sizeof redir);
	redir.mountpoint = "/";
	redir.mountpoint_len = 1;
	redir.origin = target;
	redir.def = "/";
	redir.origin_protocol = LWSMPRO_REDIR_HTTPS;
	memset(&info, 0, sizeof info);
	info.vhost_name = "redirect";
	info.port = cfg->redirect_http_port;
	info.iface = cfg->bind;
	info.protocols = protocols;
	info.mounts = &redir;
	info.options =
		LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE;
	return lws_create_vhost(srv.ctx, &info) ? 0 : -1;
}

/* Re-applies the reloadable settings that are copied rather than read
 * from struct config at the moment of use. */
static void apply_quota(const struct config *cfg)
{
	struct quota_config lc = {
		.max_connections = (uint32_t)cfg->max_connections,
		.max_per_ip = (uint32_t)cfg->max_connections_per_ip,
		.msg_rate = (uint32_t)cfg->msg_rate,
		.msg_burst = (uint32_t)cfg->msg_burst,
		.ip_msg_rate = (uint32_t)cfg->ip_msg_rate,
		.strikes = (uint32_t)cfg->rate_strikes,
	};

	quota_configure(&lc);
}

static void staged_free(struct staged *st)
{
	netaddr_list_free(&st->trusted);
	netaddr_list_free(&st->metrics_allow);
	tlscert_free(st->cert);
	memset(st, 0, sizeof *st);
}

/* Everything derived from cfg that can fail, built aside. */
static int stage(struct staged *st, const struct config *cfg,
		 const char *origins, char *err, size_t errlen)
{
	memset(st, 0, sizeof *st);
	if (netaddr_list_parse(cfg->trusted_proxies, &st->trusted, err,
			       errlen) ||
	    netaddr_list_parse(cfg->metrics_allow, &st->metrics_allow, err,
			       errlen))
		goto fail;
	if (origins && upgrade_origins_parse(origins, &st->origins)) {
		snprintf(err, errlen,
			 "[server] origins: at most %d, each under %d bytes",
			 UPGRADE_MAX_ORIGINS, UPGRADE_ORIGIN_MAX);
		goto fail;
	}
	/* Certificate paths are restart-only; their files are re-read. */
	if (srv.cfg->tls_cert[0] &&
	    !(st->cert = tlscert_load(srv.cfg->tls_cert, srv.cfg->tls_key, err,
				      errlen)))
		goto fail;
	st->ready = true;
	return 0;
fail:
	staged_free(st);
	return -1;
}

static void commit(struct staged *st, bool with_origins)
{
	quota_set_trusted(&st->trusted);
	netaddr_list_free(&srv.metrics_allow);
	srv.metrics_allow = st->metrics_allow;
	st->metrics_allow = (struct netaddr_list){0};
	if (with_origins)
		srv.origins = st->origins;
	if (st->cert)
		tlscert_install(st->cert);
	st->cert = NULL;
	staged_free(st);
}

int server_reload_prepare(const struct config *next, const char *origins,
			  char *err, size_t errlen)
{
	staged_free(&srv.next);
	return stage(&srv.next, next, origins, err, errlen);
}

void server_reload_commit(void)
{
	if (!srv.next.ready)
		return;
	/* srv.cfg already holds the new reloadable values. */
	apply_quota(srv.cfg);
	commit(&srv.next, true);
}

int server_start(uv_loop_t *loop, const struct config *cfg, struct hub *hub,
		 int *port_out)
{
	struct lws_context_creation_info info;
	void *foreign[1] = {loop};
	struct staged first;
	struct lws_vhost *vh;
	char err[512];

	srv.loop = loop;
	srv.hub = hub;
	srv.cfg = cfg;
	apply_quota(cfg);
	conn_set_limits(&(struct conn_limits){
		.queue_messages = (uint32_t)cfg->send_queue_messages,
		.queue_bytes = (size_t)cfg->send_queue_bytes,
		.max_message = (size_t)cfg->max_message_bytes});
	/* Origins come later (server_set_origins), once the port is known. */
	if (stage(&first, cfg, NULL, err, sizeof err)) {
		fprintf(stderr, "codevhub: %s\n", err);
		log_error("server_start_failed reason=config");
		return -1;
	}
	commit(&first, false);
	lws_set_log_level(getenv("LWSDBG") ? 0xff : (LLL_ERR | LLL_WARN),
			  getenv("LWSDBG") ? NULL : lws_log);
	setup_mounts(cfg);

	memset(&info, 0, sizeof info);
	info.foreign_loops = foreign;
	/* UTF-8 validation is read from the context's options. */
	info.options =
		LWS_SERVER_OPTION_LIBUV | LWS_SERVER_OPTION_EXPLICIT_VHOSTS |
		LWS_SERVER_OPTION_VALIDATE_UTF8 |
		(cfg->tls_cert[0] ? LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT : 0);
	info.timeout_secs = (unsigned)cfg->handshake_timeout_s;
	info.max_http_header_data = 4096;
	info.server_string = "codevhub";
	srv.ctx = lws_create_context(&info);
	vh = srv.ctx ? create_vhost(cfg) : NULL;
	if (!vh || (cfg->tls_cert[0] && cfg->redirect_http_port &&
		    create_redirect(cfg, lws_get_vhost_listen_port(vh)))) {
		log_error("server_start_failed bind=%s port=%d tls=%d",
			  cfg->bind, cfg->port, cfg->tls_cert[0] != 0);
		netaddr_list_free(&srv.metrics_allow);
		tlscert_free_all();
		return -1;
	}
	*port_out = lws_get_vhost_listen_port(vh);
	transport_heartbeat_start(loop, cfg);
	return 0;
}

static void drain_check(uv_timer_t *t)
{
	(void)t;
	/* Close once every WebSocket has said goodbye, or after 2 s. */
	if (conn_count() && clock_mono_ms() - srv.drain_started < 2000)
		return;
	uv_timer_stop(&srv.drain);
	uv_close((uv_handle_t *)&srv.drain, NULL);
	transport_heartbeat_stop();
	hub_stop(srv.hub);
	lws_context_destroy(srv.ctx);
}

void server_shutdown(void)
{
	if (srv.draining || !srv.ctx)
		return;
	srv.draining = true;
	srv.drain_started = clock_mono_ms();
	log_info("shutdown_started connections=%zu", conn_count());
	for (struct conn *c = conn_first(); c; c = c->next)
		conn_close(c, LWS_CLOSE_STATUS_GOINGAWAY, "shutdown");
	uv_timer_init(srv.loop, &srv.drain);
	uv_timer_start(&srv.drain, drain_check, 0, 20);
}

void server_finish(void)
{
	if (srv.ctx)
		lws_context_destroy(srv.ctx);
	srv.ctx = NULL;
	transport_heartbeat_stop();
	quota_free();
	httpapi_free_all();
	staged_free(&srv.next);
	netaddr_list_free(&srv.metrics_allow);
	tlscert_free_all();
}
