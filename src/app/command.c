/*
 * command.c — the command pipeline, one function: command_run.
 *
 * decoded request → hello said? → retried id? (the remembered reply
 * again, nothing applied) → due timer marks → the core's one pipeline
 * (participant → state guard → permission table → handler, room_execute)
 * → queue the ack, then the events → log the input. The loop's group
 * commit then delivers the ack and the events once the input is durable
 * (outbox.c). Room and role come from the peer, never from client fields.
 */
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "util/log.h"

static struct replay *find_replay(struct member *m, const char *id)
{
	for (size_t i = 0; m->replay && i < HUB_REPLAY_SLOTS; i++)
		if (m->replay[i].reply &&
		    !strcmp(m->replay[i].long_id ? m->replay[i].long_id
						 : m->replay[i].id,
			    id))
			return &m->replay[i];
	return NULL;
}

void command_remember(struct member *m, const char *id, struct outmsg *reply)
{
	if (!m->replay &&
	    !(m->replay = calloc(HUB_REPLAY_SLOTS, sizeof *m->replay))) {
		log_rl(LOG_ERROR, "replay_not_kept reason=oom");
		return; /* out of memory: a retry of it would apply again */
	}
	struct replay *r = &m->replay[m->replay_next++ % HUB_REPLAY_SLOTS];
	size_t n = strlen(id);

	outmsg_unref(r->reply);
	free(r->long_id);
	r->reply = NULL;
	r->long_id = n < sizeof r->id ? NULL : strdup(id);
	if (n >= sizeof r->id && !r->long_id) {
		log_rl(LOG_ERROR, "replay_not_kept reason=oom");
		return;
	}
	if (!r->long_id)
		memcpy(r->id, id, n + 1);
	r->reply = outmsg_ref(reply);
}

/* The field a core BAD_FIELD is about: the codec checked shapes and
 * lengths; the core refuses values that are empty once trimmed or out of
 * its range, always in the command's main field. */
static const char *bad_field_of(const struct core_cmd *cmd)
{
	static const char *const fields[CMD__COUNT] = {
		[CMD_NAME_SET] = "name",
		[CMD_ROLE_ASSIGN] = "role",
		[CMD_BACKUP_SET] = "participant",
		[CMD_STEP_GOTO] = "step",
		[CMD_TIMER_EXTEND] = "minutes",
		[CMD_HAND_LOWER] = "participant",
		[CMD_FLOOR_GIVE] = "participant",
		[CMD_SHEET_UPDATE] = "title",
		[CMD_CONTRACT_SET] = "text",
		[CMD_QUESTION_ADD] = "text",
		[CMD_QUESTION_ANSWER] = "text",
		[CMD_SUGGESTION_ADD] = "text",
		[CMD_SUGGESTION_KEEP] = "suggestion",
		[CMD_PLAN_UPDATE] = "items",
		[CMD_LEARNING_ADD] = "text",
		[CMD_NOTES_UPDATE] = "text",
		[CMD_ITEM_HIDE] = "kind",
	};

	return (unsigned)cmd->type < CMD__COUNT ? fields[cmd->type] : NULL;
}

/* A removed (4006) or merged (4007) participant's connection closes once
 * that is durable (after its events); its close must not mark them away. */
static void send_off(struct hub *hub, struct hub_room *hr, uint32_t pid,
		     uint16_t code)
{
	struct member *m = rooms_member(hr, pid);
	struct peer *p =
		m && m->conn_id ? peer_find(&hub->peers, m->conn_id) : NULL;

	if (p)
		p->room = NULL;
	if (m && m->conn_id)
		outbox_close(hub, m->conn_id, code);
	if (m)
		m->conn_id = 0;
}

void command_run(struct hub *hub, struct peer *s,
		 const struct codec_request *req, const char *raw,
		 size_t raw_len)
{
	struct hub_room *hr = s->room;
	struct core_effects fx;
	struct member *m;
	struct replay *again;
	int64_t now = hub_time(hub);
	enum core_err err;

	if (!hr) {
		outbox_error(hub, s->conn_id, req->id, CORE_E_UNAUTHORIZED,
			     NULL, "send hello first");
		return;
	}
	m = rooms_member(hr, s->pid);
	again = find_replay(m, req->id);
	if (again) {
		outbox_conn(hub, s->conn_id, again->reply);
		return;
	}
	fanout_catch_up(hub, hr, now);
	err = room_execute(hr->room, s->pid, &req->cmd, now, &fx);
	if (err) {
		/* Nothing changed: a plain error, no log entry. */
		outbox_error(hub, s->conn_id, req->id, err,
			     err == CORE_E_BAD_FIELD ? bad_field_of(&req->cmd)
						     : NULL,
			     NULL);
		return;
	}
	/* The ack names the seq of the command's last event and goes before
	 * the events on this connection. */
	uint64_t last = fx.n ? hr->seq + fx.n : 0;
	struct outmsg *ack = outmsg_take(codec_encode_ack(req->id, last));
	if (ack) {
		outbox_reply(hub, s->conn_id, req->id, ack, false);
		command_remember(m, req->id, ack);
		outmsg_unref(ack);
	}
	fanout_effects(hub, hr, &fx, now);
	persist_input(hub, hr, now, INPUT_COMMAND, s->pid, 0, raw, raw_len,
		      NULL);
	if (req->cmd.type == CMD_PARTICIPANT_REMOVE)
		send_off(hub, hr, req->cmd.u.participant_remove.participant,
			 CODEC_CLOSE_REMOVED);
	else if (req->cmd.type == CMD_PARTICIPANT_MERGE)
		send_off(hub, hr, req->cmd.u.participant_merge.participant,
			 CODEC_CLOSE_MERGED);
}
