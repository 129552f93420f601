/*
 * export.c — `export ROOM`: the room's snapshot (JSON) rebuilt from
 * the store by the hub's own restore, on a private copy of that room's
 * rows so that nothing is written to the real store.
 */
#include "cli/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "app/hub.h"
#include "app/transport.h"
#include "store/store.h"
#include "util/log.h"

/* --- export ------------------------------------------------------------ */

struct room_copy {
	const char *id;
	struct store *dst;
	bool found, failed;
};

static int copy_room(void *ud, const struct store_room *r)
{
	struct room_copy *x = ud;

	if (strcmp(r->id, x->id))
		return 0;
	x->found = true;
	if (store_room_create(x->dst, r))
		x->failed = true;
	return 1;
}

static int copy_input(void *ud, const struct store_input *in)
{
	struct room_copy *x = ud;

	return store_input_append(x->dst, x->id, in) ? -1 : 0;
}

/* One room's creation and inputs (and the hub's last alive time, which
 * restore needs) into a private in-memory store: the export rebuilds the
 * room there, exactly as a restart would, without writing anything into
 * the data directory (a running hub may be using it). 1 copied, 0 no such
 * room, -1 after saying why. */
static int copy_one_room(struct store *src, struct store *dst, const char *id)
{
	struct room_copy x = {.id = id, .dst = dst};
	int64_t alive;

	if (store_begin(dst))
		goto fail;
	if (store_rooms_each(src, copy_room, &x) < 0 || x.failed)
		goto fail;
	if (!x.found) {
		store_rollback(dst);
		return 0;
	}
	if (store_inputs_each(src, id, copy_input, &x) ||
	    (!store_meta_get(src, "alive_ms", &alive) &&
	     store_meta_set(dst, "alive_ms", alive)) ||
	    store_commit(dst))
		goto fail;
	return 1;
fail:
	fprintf(stderr, "codevhub: cannot read the room: %s / %s\n",
		store_errmsg(src), store_errmsg(dst));
	store_rollback(dst);
	return -1;
}

/* Rebuilds the room in a hub without a server (restore by replay, as at
 * start) and prints its snapshot. */
static int export_room(const struct config *cfg, const struct token_keyring *kr,
		       struct store *copy, const char *id)
{
	uv_loop_t loop;
	struct hub *hub;
	char *json = NULL;
	int rc = 1;

	if (uv_loop_init(&loop)) {
		fprintf(stderr, "codevhub: cannot make an event loop\n");
		return 1;
	}
	hub = hub_new(&loop, cfg, kr, copy, &transport_offline);
	if (!hub)
		fprintf(stderr, "codevhub: out of memory\n");
	else if (!hub_ready(hub))
		fprintf(stderr, "codevhub: cannot rebuild the room (see above; "
				"[server] templates_dir is relative to the "
				"working directory)\n");
	else if (!(json = hub_room_export(hub, id)))
		fprintf(stderr, "codevhub: cannot encode room %s\n", id);
	hub_stop(hub);
	uv_run(&loop, UV_RUN_DEFAULT); /* the hub's handles close */
	hub_free(hub);
	if (uv_loop_close(&loop)) {
		fprintf(stderr, "codevhub: handles left open\n");
		free(json);
		return 1;
	}
	if (json) {
		rc = printf("%s\n", json) < 0 || fflush(stdout) ? 1 : 0;
		if (rc)
			fprintf(stderr, "codevhub: cannot write: %s\n",
				strerror(errno));
	}
	free(json);
	return rc;
}

int cli_cmd_export(const struct config *cfg, int argc, char **argv)
{
	struct token_keyring kr;
	struct store *st = NULL, *copy = NULL;
	const char *words[1];
	char err[256];
	size_t n;
	int rc = 1;

	if (cli_parse_args("export", argc - 1, argv + 1, NULL, 0, words, 1, &n))
		return 2;
	if (n != 1)
		return cli_usage("export", "export: which ROOM?");
	if (!token_room_id_valid(words[0])) {
		fprintf(stderr,
			"codevhub: no room \"%s\" (a room id is 1 to "
			"32 of a-z and 0-9)\n",
			words[0]);
		return 1;
	}
	if (cli_open_data(cfg, &kr, &st))
		return 1;
	copy = store_open(":memory:", 1, err, sizeof err);
	if (!copy) {
		fprintf(stderr, "codevhub: %s\n", err);
		goto done;
	}
	switch (copy_one_room(st, copy, words[0])) {
	case 0:
		fprintf(stderr, "codevhub: no room %s in %s\n", words[0],
			cfg->data_dir);
		break;
	case 1:
		/* The restore's own log lines are for the hub, not here. */
		if (!log_enabled(LOG_DEBUG))
			log_set_level(LOG_WARN);
		rc = export_room(cfg, &kr, copy, words[0]);
		break;
	default:
		break;
	}
done:
	store_close(copy);
	store_close(st);
	memset(&kr, 0, sizeof kr);
	return rc;
}
