/*
 * hooks.c — where the app's modules meet. Durability (persist.c), the
 * room runtime (fanout.c, rooms.c) and the organizations (osessions.c)
 * do not call the outbox or the consoles themselves: they say what
 * happened, and this file says who hears of it and in which order.
 */
#include "app/internal.h"

void hooks_committed(struct hub *hub)
{
	outbox_flush(hub);
	console_flush(hub);
	hub->net->reap();
}

void hooks_durable(struct hub *hub)
{
	outbox_release(hub);
	console_flush(hub);
}

void hooks_commit_failed(struct hub *hub)
{
	/* What was held was committed before the failure: it goes out
	 * first, so the storage errors overtake nothing. The consoles wait
	 * for the rooms to be rebuilt (hooks_room_changed). */
	outbox_release(hub);
	outbox_fail(hub);
}

void hooks_room_changed(struct hub *hub, struct hub_room *hr)
{
	console_mark(hub, hr);
}

void hooks_room_deleted(struct hub *hub, struct hub_room *hr)
{
	console_forget_room(hub, hr);
}

void hooks_session_changed(struct hub *hub, struct hub_osess *hs)
{
	console_session_changed(hub, hs);
}
