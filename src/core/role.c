/*
 * role.c — display names, role assignment and the backup facilitator.
 *
 * Invariants:
 *   - exactly one facilitator once anyone became facilitator: the seat is
 *     only ever handed over (role.assign facilitator), never emptied, so
 *     assigning another role to the facilitator is CORE_E_CONFLICT;
 *   - at most one client: assigning a new client makes the old one a
 *     consultant; handing the facilitator seat over makes the old
 *     facilitator a consultant;
 *   - the backup is never the facilitator nor an observer (0 otherwise);
 *   - observers hold no raised hand.
 * Several scribes are allowed: nothing in the method forbids two people
 * sharing the notes.
 * Re-assigning the role someone already has is a successful no-op without
 * events (a double click must not error).
 */
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

static bool is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

char *role_trimmed_name(const char *name, enum core_err *err)
{
	*err = CORE_E_BAD_FIELD;
	if (!name)
		return NULL;
	size_t len = strlen(name);
	while (len && is_ascii_space(name[len - 1]))
		len--;
	while (len && is_ascii_space(*name)) {
		name++;
		len--;
	}
	if (!len)
		return NULL;
	char *copy = malloc(len + 1);
	if (!copy) {
		*err = CORE_E_INTERNAL;
		return NULL;
	}
	memcpy(copy, name, len);
	copy[len] = '\0';
	*err = CORE_OK;
	return copy;
}

enum core_err role_cmd_name(struct room *r, const struct actor *a,
			    const struct core_cmd *cmd, int64_t now_ms,
			    struct core_effects *fx)
{
	enum core_err err;
	(void)now_ms;

	char *copy = role_trimmed_name(cmd->u.name_set.name, &err);
	if (!copy)
		return err;
	struct core_participant *p = room_participant_mut(r, a->pid);
	free(p->name);
	p->name = copy;
	fx_emit(fx, EV_NAME_CHANGED, a->pid, 0, NULL);
	return CORE_OK;
}

static void set_role(struct core_participant *p, enum core_role role,
		     struct core_effects *fx)
{
	p->role = role;
	fx_emit(fx, EV_ROLE_ASSIGNED, p->id, 0, NULL);
}

static void clear_backup_if(struct room *r, uint32_t pid,
			    struct core_effects *fx)
{
	if (r->backup && r->backup == pid) {
		r->backup = 0;
		fx_emit(fx, EV_BACKUP_SET, 0, 0, NULL);
	}
}

/* The facilitator seat moves: old facilitator → consultant. */
static void hand_over(struct room *r, struct core_participant *to,
		      struct core_effects *fx)
{
	struct core_participant *old =
		room_participant_mut(r, room_facilitator(r));

	set_role(to, ROLE_FACILITATOR, fx);
	if (old)
		set_role(old, ROLE_CONSULTANT, fx);
	clear_backup_if(r, to->id, fx);
}

enum core_err role_cmd_assign(struct room *r, const struct actor *a,
			      const struct core_cmd *cmd, int64_t now_ms,
			      struct core_effects *fx)
{
	enum core_role role = cmd->u.role_assign.role;
	struct core_participant *p =
		room_participant_mut(r, cmd->u.role_assign.participant);
	(void)a;
	(void)now_ms;

	if ((unsigned)role >= ROLE__COUNT)
		return CORE_E_BAD_FIELD;
	if (!p)
		return CORE_E_NOT_FOUND;
	if (p->role == role)
		return CORE_OK;
	if (p->organizer)
		return CORE_E_CONFLICT; /* the organizer only looks in */
	if (role == ROLE_FACILITATOR) {
		hand_over(r, p, fx);
		return CORE_OK;
	}
	if (p->role == ROLE_FACILITATOR)
		return CORE_E_CONFLICT; /* would leave the room without one */

	if (role == ROLE_CLIENT) {
		struct core_participant *old =
			room_participant_mut(r, room_client(r));
		if (old)
			set_role(old, ROLE_CONSULTANT, fx);
	}
	set_role(p, role, fx);
	if (role == ROLE_OBSERVER) {
		clear_backup_if(r, p->id, fx);
		if (queue_remove_hand(r, p->id))
			fx_emit(fx, EV_HANDS_CHANGED, 0, 0, NULL);
		/* Observers never hold the floor (queue.c's invariant). */
		if (r->floor == p->id) {
			r->floor = 0;
			fx_emit(fx, EV_FLOOR_GIVEN, 0, 0, NULL);
		}
	}
	return CORE_OK;
}

enum core_err role_cmd_backup(struct room *r, const struct actor *a,
			      const struct core_cmd *cmd, int64_t now_ms,
			      struct core_effects *fx)
{
	uint32_t pid = cmd->u.backup_set.participant;
	const struct core_participant *p = room_participant(r, pid);
	(void)a;
	(void)now_ms;

	if (pid && !p)
		return CORE_E_NOT_FOUND;
	if (p && (p->role == ROLE_FACILITATOR || p->role == ROLE_OBSERVER))
		return CORE_E_CONFLICT;
	if (r->backup == pid)
		return CORE_OK;
	r->backup = pid;
	fx_emit(fx, EV_BACKUP_SET, pid, 0, NULL);
	return CORE_OK;
}
