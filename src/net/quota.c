/*
 * quota.c — connection admission, message rates, client attribution.
 *
 * Invariants: `open` equals the number of attached wsi; every attached
 * wsi has one wsi_entry pointing at its address entry (the address it is
 * attributed to), whose `conns` counts them; an address entry is freed
 * when its last connection goes. Both tables are chained hashes with
 * fixed bucket arrays.
 *
 * Attribution: a wsi starts attributed to its TCP peer. When that peer is
 * a trusted proxy, each request's X-Forwarded-For moves it to the client
 * the proxy names, so per-address caps and rates meter clients, not the
 * proxy. A trusted proxy is therefore exempt from the per-address cap at
 * accept(): its sockets are counted against their clients once the
 * request headers say who they are.
 */
#include "net/quota.h"

#include <libwebsockets.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "util/netaddr.h"

#define BUCKETS 4096

struct ip_entry {
	uint8_t addr[16]; /* IPv6, or IPv4-mapped */
	uint32_t conns;
	struct bucket rate;
	struct ip_entry *next;
};

struct wsi_entry {
	const struct lws *wsi;
	struct ip_entry *ip; /* attributed address; NULL: not metered */
	uint8_t peer[16];    /* the TCP peer */
	bool has_peer;
	struct wsi_entry *next;
};

static struct quota_config cfg = {10000, 64, 20, 40, 200, 20};
static struct ip_entry *ips[BUCKETS];
static struct wsi_entry *wsis[BUCKETS];
static uint32_t open_count;
static struct netaddr_list trusted;

void quota_set_trusted(struct netaddr_list *list)
{
	netaddr_list_free(&trusted);
	trusted = *list;
	*list = (struct netaddr_list){0};
}

void quota_configure(const struct quota_config *c)
{
	cfg = *c;
}

uint32_t quota_strikes(void)
{
	return cfg.strikes;
}

uint32_t quota_open(void)
{
	return open_count;
}

static bool to_key(const struct sockaddr *sa, uint8_t key[16])
{
	memset(key, 0, 16);
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &in->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		memcpy(key,
		       &((const struct sockaddr_in6 *)(const void *)sa)
				->sin6_addr,
		       16);
		return true;
	}
	return false; /* unix sockets and the like: not metered by address */
}

static unsigned hash_bytes(const uint8_t *b, size_t n)
{
	unsigned h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h & (BUCKETS - 1);
}

static struct ip_entry *ip_find(const uint8_t key[16], bool create)
{
	unsigned h = hash_bytes(key, 16);
	struct ip_entry *e = ips[h];

	while (e && memcmp(e->addr, key, 16))
		e = e->next;
	if (e || !create)
		return e;
	e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	memcpy(e->addr, key, 16);
	e->rate.tokens = cfg.ip_msg_rate;
	e->next = ips[h];
	ips[h] = e;
	return e;
}

static void ip_release(struct ip_entry *e)
{
	struct ip_entry **pp = &ips[hash_bytes(e->addr, 16)];

	while (*pp != e)
		pp = &(*pp)->next;
	*pp = e->next;
	free(e);
}

bool quota_admit(const struct sockaddr *sa, socklen_t len)
{
	uint8_t key[16];
	struct ip_entry *e;

	(void)len;
	if (open_count >= cfg.max_connections)
		return false;
	if (!to_key(sa, key))
		return true;
	if (netaddr_list_match(&trusted, key))
		return true;
	e = ip_find(key, false);
	return !e || e->conns < cfg.max_per_ip;
}

static unsigned hash_ptr(const struct lws *wsi)
{
	uintptr_t p = (uintptr_t)wsi;
	return (unsigned)((p >> 4) ^ (p >> 16)) & (BUCKETS - 1);
}

void quota_attach(struct lws *wsi)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	struct wsi_entry *w;
	uint8_t key[16];
	int fd = lws_get_socket_fd(wsi);

	w = calloc(1, sizeof *w);
	if (!w)
		return;
	if (fd >= 0 && !getpeername(fd, (struct sockaddr *)&ss, &len) &&
	    to_key((struct sockaddr *)&ss, key)) {
		memcpy(w->peer, key, 16);
		w->has_peer = true;
		w->ip = ip_find(key, true);
	}
	if (w->ip)
		w->ip->conns++;
	w->wsi = wsi;
	w->next = wsis[hash_ptr(wsi)];
	wsis[hash_ptr(wsi)] = w;
	open_count++;
}

static struct wsi_entry **wsi_find(const struct lws *wsi)
{
	struct wsi_entry **pp = &wsis[hash_ptr(wsi)];

	while (*pp && (*pp)->wsi != wsi)
		pp = &(*pp)->next;
	return pp;
}

void quota_detach(struct lws *wsi)
{
	struct wsi_entry **pp = wsi_find(wsi), *w = *pp;

	if (!w)
		return;
	*pp = w->next;
	if (w->ip && --w->ip->conns == 0)
		ip_release(w->ip);
	free(w);
	open_count--;
}

/* The right-most address of X-Forwarded-For that is not a trusted proxy:
 * each trusted hop appended the address it received from, so walking
 * from the right over trusted hops reaches the client, and nothing left
 * of the first untrusted hop (which the client may have written) is
 * believed. An unreadable entry stops the walk at the last hop read. */
static void forwarded_client(struct lws *wsi, uint8_t hop[16])
{
	char xff[4096];
	int n = lws_hdr_copy(wsi, xff, sizeof xff, WSI_TOKEN_X_FORWARDED_FOR);
	char *end = xff + (n > 0 ? n : 0);

	while (end > xff) {
		char *start = end, *a, *b;
		uint8_t key[16];

		while (start > xff && start[-1] != ',')
			start--;
		for (a = start; a < end && (*a == ' ' || *a == '\t'); a++)
			;
		for (b = end; b > a && (b[-1] == ' ' || b[-1] == '\t'); b--)
			;
		if (netaddr_parse(a, (size_t)(b - a), key))
			return;
		memcpy(hop, key, 16);
		if (!netaddr_list_match(&trusted, key))
			return;
		end = start > xff ? start - 1 : xff;
	}
}

bool quota_attribute(struct lws *wsi)
{
	struct wsi_entry *w = *wsi_find(wsi);
	struct ip_entry *e;
	uint8_t client[16];

	if (!w || !w->has_peer)
		return true;
	memcpy(client, w->peer, 16);
	if (netaddr_list_match(&trusted, w->peer))
		forwarded_client(wsi, client);
	if (w->ip && !memcmp(w->ip->addr, client, 16))
		return true;
	e = ip_find(client, true);
	if (!e)
		return false;
	if (e->conns >= cfg.max_per_ip &&
	    !netaddr_list_match(&trusted, client)) {
		if (!e->conns)
			ip_release(e);
		return false;
	}
	if (w->ip && --w->ip->conns == 0)
		ip_release(w->ip);
	w->ip = e;
	e->conns++;
	return true;
}

bool quota_client(struct lws *wsi, uint8_t addr[16])
{
	struct wsi_entry *w = *wsi_find(wsi);

	if (!w || !w->ip)
		return false;
	memcpy(addr, w->ip->addr, 16);
	return true;
}

static bool take(struct bucket *b, double rate, double burst, int64_t now)
{
	if (b->at_ms == 0)
		b->tokens = burst, b->at_ms = now;
	b->tokens += (double)(now - b->at_ms) * rate / 1000.0;
	if (b->tokens > burst)
		b->tokens = burst;
	b->at_ms = now;
	if (b->tokens < 1.0)
		return false;
	b->tokens -= 1.0;
	return true;
}

bool quota_message(struct lws *wsi, struct bucket *own, int64_t now_ms)
{
	struct wsi_entry *w = *wsi_find(wsi);

	if (!take(own, cfg.msg_rate, cfg.msg_burst, now_ms))
		return false;
	return !w || !w->ip ||
	       take(&w->ip->rate, cfg.ip_msg_rate, 2.0 * cfg.ip_msg_rate,
		    now_ms);
}

void quota_free(void)
{
	for (size_t i = 0; i < BUCKETS; i++) {
		while (wsis[i]) {
			struct wsi_entry *w = wsis[i];
			wsis[i] = w->next;
			free(w);
		}
		while (ips[i]) {
			struct ip_entry *e = ips[i];
			ips[i] = e->next;
			free(e);
		}
	}
	open_count = 0;
	netaddr_list_free(&trusted);
}
