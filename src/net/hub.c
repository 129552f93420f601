/*
 * hub.c — the hub's lifecycle and the entry points the server calls.
 *
 * Every WebSocket gets a session at open; the first message must be hello
 * within hello_timeout_s (a once-a-second sweep over open connections, not
 * one timer per connection: PERF-NOTES pitfall 2). Messages are decoded
 * strictly by the codec and routed: hello → session_hello, ping → pong,
 * commands → session_command, console.watch and help.request →
 * console.c.
 */
#include "net/hub.h"

#include <stdlib.h>
#include <string.h>

#include "net/http.h"
#include "net/metrics.h"
#include "net/hub_internal.h"
#include "util/clock.h"
#include "util/log.h"

static void on_sweep(uv_timer_t *t)
{
	struct hub *hub = t->data;
	int64_t now = clock_mono_ms();
	int64_t limit = (int64_t)hub->cfg->hello_timeout_s * 1000;

	int64_t beat = (int64_t)hub->cfg->heartbeat_s * 1000;

	persist_alive(hub);
	console_sweep(hub);
	for (struct conn *c = conn_first(); c; c = c->next) {
		struct session *s = c->session;
		if (c->closing)
			continue;
		if (s && !s->room && !s->console &&
		    now - c->opened_ms > limit) {
			log_rl(LOG_INFO,
			       "conn_closed conn=%llu "
			       "reason=hello_timeout",
			       (unsigned long long)c->id);
			conn_close(c, CODEC_CLOSE_POLICY, "hello timeout");
			continue;
		}
		/* Idle for a beat: ping; a beat after each unanswered ping,
		 * ping again, until heartbeat_misses pings went unanswered. */
		if (now - c->last_rx_ms <= beat || now - c->pinged_ms < beat)
			continue;
		if (c->pings_out >= (uint32_t)hub->cfg->heartbeat_misses) {
			log_rl(LOG_INFO,
			       "conn_closed conn=%llu "
			       "reason=heartbeat",
			       (unsigned long long)c->id);
			conn_close(c, CODEC_CLOSE_POLICY, "no heartbeat");
			continue;
		}
		c->pinged_ms = now;
		c->pings_out++;
		conn_ping(c);
	}
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
		    const struct token_keyring *keys, struct store *store)
{
	struct hub *hub = calloc(1, sizeof *hub);
	char err[512];

	if (!hub)
		return NULL;
	hub->loop = loop;
	hub->cfg = cfg;
	hub->keys = keys;
	hub->store = store;
	hub->deadline_due = -1;
	codec_limits_default(&hub->limits);
	room_config(cfg, &hub->room_cfg);
	uv_timer_init(loop, &hub->deadline);
	uv_timer_init(loop, &hub->sweep);
	hub->deadline.data = hub->sweep.data = hub;
	persist_start(hub);
	if (rooms_load_templates(hub, err, sizeof err) ||
	    persist_restore(hub, err, sizeof err) ||
	    osessions_load(hub, err, sizeof err) || links_load(hub)) {
		fprintf(stderr, "codevhub: %s\n", err);
		hub_stop(hub);
		return hub; /* the caller sees hub_failed() and ends the loop */
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
	uv_timer_stop(&hub->deadline);
	uv_timer_stop(&hub->sweep);
	uv_close((uv_handle_t *)&hub->deadline, NULL);
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
	api_free_all(hub);
	links_free(hub);
	pending_free(hub);
	console_free_all(hub);
	osessions_free_all(hub);
	rooms_free_all(hub);
	free(hub);
}

void hub_on_open(struct hub *hub, struct conn *c)
{
	struct session *s = calloc(1, sizeof *s);

	(void)hub;
	if (!s) {
		conn_close(c, 1011, "oom");
		return;
	}
	s->conn_id = c->id;
	c->session = s;
}

void hub_on_message(struct hub *hub, struct conn *c, const char *buf,
		    size_t len)
{
	struct session *s = c->session;
	struct codec_request req;
	struct codec_error e;

	if (!s || c->closing)
		return;
	if (codec_decode(buf, len, &hub->limits, &req, &e) != CORE_OK) {
		metrics_error(e.err);
		out_text(hub, c->id,
			 codec_encode_error(req.has_id ? req.id : NULL, &e));
		log_rl(LOG_DEBUG, "request_refused conn=%llu code=%s",
		       (unsigned long long)c->id, codec_error_code(e.err));
		return;
	}
	switch (req.kind) {
	case REQ_HELLO:
		session_hello(hub, c, s, &req);
		break;
	case REQ_PING:
		out_text(hub, c->id,
			 codec_encode_pong(req.id, req.ping.t0,
					   clock_wall_ms()));
		break;
	case REQ_COMMAND:
		session_command(hub, c, s, &req, buf, len);
		break;
	case REQ_HELP:
		console_help(hub, c, s, &req);
		break;
	case REQ_CONSOLE_WATCH:
		console_watch(hub, c, s, &req);
		break;
	}
	codec_request_release(&req);
	if (!hub->cfg->group_commit)
		persist_commit_now(hub); /* one transaction per command */
}

void hub_rate_limited(struct hub *hub, struct conn *c, bool close)
{
	metrics_rate_limited();
	out_error(hub, c->id, NULL, CORE_E_LIMIT, NULL,
		  "too many messages: slow down");
	if (close) {
		log_rl(LOG_INFO, "conn_closed conn=%llu reason=rate",
		       (unsigned long long)c->id);
		out_close(hub, c->id, CODEC_CLOSE_POLICY);
	}
}

void hub_on_close(struct hub *hub, struct conn *c)
{
	struct session *s = c->session;

	if (!s)
		return;
	session_closed(hub, s);
	console_closed(hub, s);
	free(s);
	c->session = NULL;
}
