/*
 * transport.c — the app's transport table (app/transport.h) over the
 * connection registry, and the heartbeat.
 *
 * Heartbeat: one once-a-second sweep over the open connections, not one
 * timer per connection (lws keeps timers in a sorted list: PERF-NOTES
 * pitfall 2). A connection quiet for a beat is pinged; a beat after each
 * unanswered ping it is pinged again, until heartbeat_misses went
 * unanswered, then it is closed.
 */
#include "net/transport.h"

#include "app/transport.h"
#include "codec/codec.h"
#include "net/conn.h"
#include "net/quota.h"
#include "util/clock.h"
#include "util/log.h"

static int send_by_id(uint64_t id, struct outmsg *m)
{
	struct conn *c = conn_find(id);

	return c ? conn_send(c, m) : -1;
}

static void close_by_id(uint64_t id, uint16_t code, const char *reason)
{
	struct conn *c = conn_find(id);

	if (c)
		conn_close(c, code, reason);
}

static const struct transport table = {
	.send = send_by_id,
	.close = close_by_id,
	.cork = conn_cork,
	.uncork = conn_uncork,
	.reap = conn_reap,
	.connections = conn_count,
	.sockets = quota_open,
};

const struct transport *transport_table(void)
{
	return &table;
}

static struct {
	uv_timer_t timer;
	const struct config *cfg;
	bool running;
} beat;

static void sweep(uv_timer_t *t)
{
	int64_t now = clock_mono_ms();
	int64_t period = (int64_t)beat.cfg->heartbeat_s * 1000;
	uint32_t misses = (uint32_t)beat.cfg->heartbeat_misses;

	(void)t;
	for (struct conn *c = conn_first(); c; c = c->next) {
		if (c->closing || now - c->last_rx_ms <= period ||
		    now - c->pinged_ms < period)
			continue;
		if (c->pings_out >= misses) {
			log_rl(LOG_INFO,
			       "conn_closed conn=%llu reason=heartbeat",
			       (unsigned long long)c->id);
			conn_close(c, CODEC_CLOSE_POLICY, "no heartbeat");
			continue;
		}
		c->pinged_ms = now;
		c->pings_out++;
		conn_ping(c);
	}
}

void transport_heartbeat_start(uv_loop_t *loop, const struct config *cfg)
{
	beat.cfg = cfg;
	uv_timer_init(loop, &beat.timer);
	uv_timer_start(&beat.timer, sweep, 1000, 1000);
	beat.running = true;
}

void transport_heartbeat_stop(void)
{
	if (!beat.running)
		return;
	beat.running = false;
	uv_timer_stop(&beat.timer);
	uv_close((uv_handle_t *)&beat.timer, NULL);
}
