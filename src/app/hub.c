/*
 * hub.c — the hub's lifecycle and the entry points the transport calls.
 *
 * Every WebSocket gets a session at open; the first message must be hello
 * within hello_timeout_s (a once-a-second sweep over open connections, not
 * one timer per connection: PERF-NOTES pitfall 2). Messages are decoded
 * strictly by the codec and routed: hello → session_hello, ping → pong,
 * commands → session_command, console.watch and help.request →
 * console.c.
 */
#include "app/hub.h"

#include <stdlib.h>
#include <string.h>

#include "app/metrics.h"
#include "app/internal.h"
#include "util/clock.h"
#include "util/log.h"

/* Closes the connections that have not said hello in time. Every peer
 * is in the list from its opening; the sweep looks only at those past
 * the deadline, oldest first, and each leaves the list then: closed if it
 * has neither a room nor a console by that time, kept otherwise. */
static void expire_hellos(struct hub *hub, int64_t now)
{
	int64_t limit = (int64_t)hub->cfg->hello_timeout_s * 1000;
	struct peer *p;

	while ((p = peer_oldest_waiting(&hub->peers)) &&
	       now - p->opened_ms > limit) {
		peer_past_deadline(&hub->peers, p);
		if (p->room || p->console)
			continue;
		log_rl(LOG_INFO, "conn_closed conn=%llu reason=hello_timeout",
		       (unsigned long long)p->conn_id);
		hub->net->close(p->conn_id, CODEC_CLOSE_POLICY,
				"hello timeout");
	}
}

static void on_sweep(uv_timer_t *t)
{
	struct hub *hub = t->data;

	persist_alive(hub);
	console_sweep(hub);
	expire_hellos(hub, clock_mono_ms());
}

static void room_config(const struct config *cfg, struct core_room_config *rc)
{
	core_room_config_default(rc);
	rc->max_participants = (uint32_t)cfg->max_participants;
	rc->max_questions = (uint32_t)cfg->max_questions;
	rc->max_suggestions = (uint32_t)cfg->max_suggestions;
	rc->max_learnings = (uint32_t)cfg->max_learnings;
	rc->n_warn_marks = 0;
	if (cfg->warn_first_s)
		rc->warn_marks_s[rc->n_warn_marks++] =
			(uint32_t)cfg->warn_first_s;
	if (cfg->warn_second_s)
		rc->warn_marks_s[rc->n_warn_marks++] =
			(uint32_t)cfg->warn_second_s;
	rc->pause_when_client_away = cfg->pause_when_client_away;
}

int64_t hub_time(const struct hub *hub)
{
	return clock_mono_ms() + hub->clock_offset;
}

struct hub *hub_new(uv_loop_t *loop, const struct config *cfg,
		    const struct token_keyring *keys, struct store *store,
		    const struct transport *net)
{
	struct hub *hub = calloc(1, sizeof *hub);
	char err[512];

	if (!hub)
		return NULL;
	hub->loop = loop;
	hub->net = net;
	hub->cfg = cfg;
	hub->keys = keys;
	hub->store = store;
	hub->dl.due = -1;
	codec_limits_default(&hub->limits);
	room_config(cfg, &hub->room_cfg);
	uv_timer_init(loop, &hub->dl.timer);
	uv_timer_init(loop, &hub->sweep);
	hub->dl.timer.data = hub->sweep.data = hub;
	persist_start(hub);
	if (templates_load(cfg->templates_dir, &hub->templates, err,
			   sizeof err) ||
	    persist_restore(hub, err, sizeof err) ||
	    osessions_load(hub, err, sizeof err) || links_load(hub)) {
		fprintf(stderr, "codevhub: %s\n", err);
		hub_stop(hub);
		return hub; /* the caller sees !hub_ready() and ends the loop */
	}
	uv_timer_start(&hub->sweep, on_sweep, 1000, 1000);
	hub->ready = true;
	return hub;
}

bool hub_ready(const struct hub *hub)
{
	return hub && hub->ready;
}

void hub_set_base_url(struct hub *hub, const char *base)
{
	snprintf(hub->base_url, sizeof hub->base_url, "%s", base);
}

void hub_stop(struct hub *hub)
{
	if (!hub || hub->stopped)
		return;
	persist_stop(hub);
	hub->stopped = true;
	uv_timer_stop(&hub->dl.timer);
	uv_timer_stop(&hub->sweep);
	uv_close((uv_handle_t *)&hub->dl.timer, NULL);
	uv_close((uv_handle_t *)&hub->sweep, NULL);
}

char *hub_room_export(struct hub *hub, const char *room_id)
{
	struct hub_room *hr = hub ? rooms_find(hub, room_id) : NULL;

	return hr ? codec_encode_snapshot(hr->room, hub_time(hub),
					  clock_wall_ms())
		  : NULL;
}

void hub_free(struct hub *hub)
{
	if (!hub)
		return;
	peer_free_all(&hub->peers);
	links_free(hub);
	outbox_free(hub);
	console_free_all(hub);
	osessions_free_all(hub);
	rooms_free_all(hub);
	free(hub);
}

void hub_on_open(struct hub *hub, uint64_t conn_id)
{
	if (!peer_new(&hub->peers, conn_id, clock_mono_ms()))
		hub->net->close(conn_id, 1011, "oom");
}

/* One decoded message to its handler: hello, the clock probe, a room
 * command, the organizer's console and the call for help. */
static void dispatch(struct hub *hub, struct peer *p,
		     const struct codec_request *req, const char *buf,
		     size_t len)
{
	switch (req->kind) {
	case REQ_HELLO:
		join_hello(hub, p, req);
		break;
	case REQ_PING:
		outbox_text(hub, p->conn_id,
			    codec_encode_pong(req->id, req->ping.t0,
					      clock_wall_ms()));
		break;
	case REQ_COMMAND:
		command_run(hub, p, req, buf, len);
		break;
	case REQ_HELP:
		console_help(hub, p, req);
		break;
	case REQ_CONSOLE_WATCH:
		console_watch(hub, p, req);
		break;
	case REQ_RECORDS_LIST:
		records_list(hub, p, req);
		break;
	case REQ_RECORD_GET:
		records_get(hub, p, req);
		break;
	}
}

void hub_on_message(struct hub *hub, uint64_t conn_id, const char *buf,
		    size_t len)
{
	struct peer *p = peer_find(&hub->peers, conn_id);
	struct codec_request req;
	struct codec_error e;

	if (!p)
		return;
	if (codec_decode(buf, len, &hub->limits, &req, &e) != CORE_OK) {
		metrics_error(e.err);
		outbox_text(hub, conn_id,
			    codec_encode_error(req.has_id ? req.id : NULL, &e));
		log_rl(LOG_DEBUG, "request_refused conn=%llu code=%s",
		       (unsigned long long)conn_id, codec_error_code(e.err));
		return;
	}
	dispatch(hub, p, &req, buf, len);
	codec_request_release(&req);
	if (!hub->cfg->group_commit)
		persist_commit_now(hub); /* one transaction per command */
}

void hub_rate_limited(struct hub *hub, uint64_t conn_id, bool close)
{
	metrics_rate_limited();
	outbox_error(hub, conn_id, NULL, CORE_E_LIMIT, NULL,
		     "too many messages: slow down");
	if (close) {
		log_rl(LOG_INFO, "conn_closed conn=%llu reason=rate",
		       (unsigned long long)conn_id);
		outbox_close(hub, conn_id, CODEC_CLOSE_POLICY);
	}
}

void hub_on_close(struct hub *hub, uint64_t conn_id)
{
	struct peer *p = peer_find(&hub->peers, conn_id);

	if (!p)
		return;
	join_left(hub, p);
	console_closed(hub, p);
	peer_free(&hub->peers, p);
}

char *hub_metrics(struct hub *hub)
{
	return metrics_render(hub);
}
