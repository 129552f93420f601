/*
 * transport.c — the offline transport: no connection ever opens, so
 * nothing is ever sent; each call is a no-op.
 */
#include "app/transport.h"

static int send_none(uint64_t conn_id, struct outmsg *m)
{
	(void)conn_id;
	(void)m;
	return -1;
}

static void close_none(uint64_t conn_id, uint16_t code, const char *reason)
{
	(void)conn_id;
	(void)code;
	(void)reason;
}

static void nothing(void)
{
}

static void uncork_none(bool several)
{
	(void)several;
}

static size_t no_connections(void)
{
	return 0;
}

static uint32_t no_sockets(void)
{
	return 0;
}

const struct transport transport_offline = {
	.send = send_none,
	.close = close_none,
	.cork = nothing,
	.uncork = uncork_none,
	.reap = nothing,
	.connections = no_connections,
	.sockets = no_sockets,
};
