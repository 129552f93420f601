/*
 * naive-lws.c — the baseline our design choices must beat: a room
 * broadcaster on libwebsockets written the way its examples teach.
 *
 * Naive on purpose, in exactly the ways PERF-NOTES measures:
 *  - writes only from LWS_CALLBACK_SERVER_WRITEABLE: every message is
 *    copied into the recipient's queue and lws_callback_on_writable() is
 *    requested, one message per writable callback;
 *  - lws's own per-connection validity timers (ping after 30 s idle,
 *    hang up after 40 s) through the vhost retry policy;
 *  - the default rx buffer (4096) and per-session allocations.
 * It runs on lws's libuv event loop (LWS_SERVER_OPTION_LIBUV, a loop lws
 * creates): the built-in poll() loop would be O(n) per wake-up and make
 * the comparison meaningless.
 *
 * Wire contract shared by all peers: hello {room} -> welcome {re, seq};
 * any other command -> ack {re, seq} to the sender, then the event
 * {"type":"ev","seq":N,"cmd":<the command>} to every member.
 */
#include <jansson.h>
#include <libwebsockets.h>
#include <signal.h>
#include <uv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROOMS 5000
#define ROOM_MAX 16

struct msg {
	struct msg *next;
	size_t len;
	unsigned char buf[]; /* LWS_PRE + payload */
};

struct pss {
	struct lws *wsi;
	int room; /* -1 before hello */
	int participant;
	struct msg *head, *tail;
};

struct room {
	unsigned long seq;
	int next_participant;
	struct pss *member[ROOM_MAX];
};

static struct room rooms[MAX_ROOMS];
static struct lws_context *ctx;

static void enqueue(struct pss *p, const char *text, size_t len)
{
	struct msg *m = malloc(sizeof *m + LWS_PRE + len);

	if (!m)
		return;
	m->next = NULL;
	m->len = len;
	memcpy(m->buf + LWS_PRE, text, len);
	if (p->tail)
		p->tail->next = m;
	else
		p->head = m;
	p->tail = m;
	lws_callback_on_writable(p->wsi);
}

static void send_json(struct pss *p, json_t *o)
{
	char *text = json_dumps(o, JSON_COMPACT);

	if (text)
		enqueue(p, text, strlen(text));
	free(text);
	json_decref(o);
}

static void broadcast(struct room *r, json_t *o, struct pss *except)
{
	char *text = json_dumps(o, JSON_COMPACT);
	size_t len = text ? strlen(text) : 0;

	for (int i = 0; text && i < ROOM_MAX; i++)
		if (r->member[i] && r->member[i] != except)
			enqueue(r->member[i], text, len);
	free(text);
	json_decref(o);
}

static void on_hello(struct pss *p, json_t *msg)
{
	const char *name = json_string_value(json_object_get(msg, "room"));
	int id = name && name[0] == 'r' ? atoi(name + 1) : -1;
	struct room *r;
	int slot = -1;

	if (id < 0 || id >= MAX_ROOMS || p->room >= 0)
		return;
	r = &rooms[id];
	for (int i = 0; i < ROOM_MAX && slot < 0; i++)
		if (!r->member[i])
			slot = i;
	if (slot < 0)
		return;
	p->room = id;
	p->participant = ++r->next_participant;
	r->seq++;
	broadcast(r,
		  json_pack("{s:s,s:I,s:i}", "type", "participant.joined",
			    "seq", (json_int_t)r->seq, "participant",
			    p->participant),
		  NULL);
	r->member[slot] = p;
	send_json(p, json_pack("{s:s,s:O,s:I,s:{s:i}}", "type", "welcome", "re",
			       json_object_get(msg, "id"), "seq",
			       (json_int_t)r->seq, "you", "participant",
			       p->participant));
}

static void on_command(struct pss *p, json_t *msg)
{
	struct room *r;

	if (p->room < 0)
		return;
	r = &rooms[p->room];
	r->seq++;
	send_json(p, json_pack("{s:s,s:O,s:I}", "type", "ack", "re",
			       json_object_get(msg, "id"), "seq",
			       (json_int_t)r->seq));
	broadcast(r,
		  json_pack("{s:s,s:I,s:O}", "type", "ev", "seq",
			    (json_int_t)r->seq, "cmd", msg),
		  NULL);
}

static void on_receive(struct pss *p, const char *in, size_t len)
{
	json_t *msg = json_loadb(in, len, 0, NULL);
	const char *type = json_string_value(json_object_get(msg, "type"));

	if (type && !strcmp(type, "hello"))
		on_hello(p, msg);
	else if (type)
		on_command(p, msg);
	json_decref(msg);
}

static void on_closed(struct pss *p)
{
	struct msg *m;

	if (p->room >= 0) {
		struct room *r = &rooms[p->room];
		for (int i = 0; i < ROOM_MAX; i++)
			if (r->member[i] == p)
				r->member[i] = NULL;
		r->seq++;
		broadcast(r,
			  json_pack("{s:s,s:I,s:i}", "type", "participant.left",
				    "seq", (json_int_t)r->seq, "participant",
				    p->participant),
			  NULL);
	}
	while ((m = p->head)) {
		p->head = m->next;
		free(m);
	}
}

static int on_writable(struct pss *p)
{
	struct msg *m = p->head;

	if (!m)
		return 0;
	if (lws_write(p->wsi, m->buf + LWS_PRE, m->len, LWS_WRITE_TEXT) <
	    (int)m->len)
		return -1;
	p->head = m->next;
	if (!p->head)
		p->tail = NULL;
	free(m);
	if (p->head)
		lws_callback_on_writable(p->wsi);
	return 0;
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason,
		    void *user, void *in, size_t len)
{
	struct pss *p = user;

	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		memset(p, 0, sizeof *p);
		p->wsi = wsi;
		p->room = -1;
		return 0;
	case LWS_CALLBACK_RECEIVE:
		/* Messages here fit one rx buffer; a naive server assumes so.
		 */
		on_receive(p, in, len);
		return 0;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return on_writable(p);
	case LWS_CALLBACK_CLOSED:
		on_closed(p);
		return 0;
	default:
		return 0;
	}
}

static const struct lws_protocols protocols[] = {
	{"codev.v1", callback, sizeof(struct pss), 0, 0, NULL, 0},
	{NULL, NULL, 0, 0, 0, NULL, 0}};

/* lws's own validity timers: ping after 30 s idle, hang up after 40 s. */
static const lws_retry_bo_t retry = {
	.secs_since_valid_ping = 30,
	.secs_since_valid_hangup = 40,
};

static void on_signal(uv_signal_t *s, int signum)
{
	(void)s;
	(void)signum;
	lws_context_destroy(ctx);
	exit(0);
}

int main(void)
{
	struct lws_context_creation_info info;
	struct lws_vhost *vh;
	void *foreign[1];
	uv_loop_t loop;
	uv_signal_t sig;

	lws_set_log_level(LLL_ERR, NULL);
	uv_loop_init(&loop);
	uv_signal_init(&loop, &sig);
	uv_signal_start(&sig, on_signal, SIGTERM);
	foreign[0] = &loop;
	memset(&info, 0, sizeof info);
	info.port = 0;
	info.iface = "127.0.0.1";
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_LIBUV;
	info.foreign_loops = foreign;
	info.retry_and_idle_policy = &retry;
	ctx = lws_create_context(&info);
	if (!ctx)
		return 1;
	vh = lws_get_vhost_by_name(ctx, "default");
	printf("listening on http://127.0.0.1:%d\n",
	       vh ? lws_get_vhost_listen_port(vh) : 0);
	fflush(stdout);
	uv_run(&loop, UV_RUN_DEFAULT);
	return 0;
}
