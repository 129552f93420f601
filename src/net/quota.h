/*
 * quota.h — admission and rate limits, per connection and per address.
 *
 * Admission is decided at accept(), before any TLS or HTTP work, so a
 * flood of connection attempts costs a close() each and no log line
 * (Debian's lws 4.1.6 spins on accept() and floods its log when fds run
 * out: the cap keeps us far from that). Messages are metered with token
 * buckets, per connection and per source address.
 */
#ifndef NET_QUOTA_H
#define NET_QUOTA_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

struct lws;
struct netaddr_list;

struct quota_config {
	uint32_t max_connections; /* sockets of every kind */
	uint32_t max_per_ip;	  /* sockets from one address */
	uint32_t msg_rate;	  /* messages per second, per connection */
	uint32_t msg_burst;
	uint32_t ip_msg_rate; /* messages per second, per address */
	uint32_t strikes;     /* refused messages before closing */
};

/* A per-connection token bucket (lives in struct conn). */
struct bucket {
	double tokens;
	int64_t at_ms;
};

void quota_configure(const struct quota_config *cfg);
/* At accept(): false refuses the socket. */
bool quota_admit(const struct sockaddr *sa, socklen_t len);
/* A connection object exists / is gone (every wsi, HTTP or WebSocket). */
void quota_attach(struct lws *wsi);
void quota_detach(struct lws *wsi);
/* Trusted proxies (takes the list; *list is left empty). */
void quota_set_trusted(struct netaddr_list *list);
/* Once a request's headers are in (every HTTP request, every upgrade):
 * attributes the wsi to the client its trusted proxy names in
 * X-Forwarded-For, or to its TCP peer. False: that client is at its
 * per-address cap, refuse the request. */
bool quota_attribute(struct lws *wsi);
/* The address the wsi is attributed to; false when it has none. */
bool quota_client(struct lws *wsi, uint8_t addr[16]);
/* Whether one more message may be handled now, from this connection's
 * bucket and its address's. */
bool quota_message(struct lws *wsi, struct bucket *own, int64_t now_ms);
uint32_t quota_strikes(void);
uint32_t quota_open(void); /* sockets currently admitted */
void quota_free(void);

#endif
