/*
 * internal.h — shared between the files of src/core only (not installed,
 * not for other layers): the handler signature, the effect emitter and
 * small helpers.
 *
 * Handlers run after room_execute has checked the permission table, so
 * they never look at roles or steps for permission: they only validate the
 * payload against the state (NOT_FOUND, LIMIT, CONFLICT, ...) and then
 * mutate. Every handler validates and allocates everything first and only
 * then mutates, so an error leaves the room untouched.
 */
#ifndef CORE_INTERNAL_H
#define CORE_INTERNAL_H

#include "core/room.h"

/* Who sends the command: id and the role the permission table used. */
struct actor {
	uint32_t pid;
	enum core_role role;
};

/* Appends one event; silently drops beyond CORE_MAX_EVENTS (callers are
 * written so that never happens; tests assert it). fx may be NULL. */
void fx_emit(struct core_effects *fx, enum core_event_type type,
	     uint32_t subject, uint32_t detail, const char *reason);

/* malloc'd copy, NULL on OOM (s NULL -> NULL). */
char *core_strdup(const char *s);
/* Replace *slot by owned copy of s; false (slot untouched) on OOM. */
bool core_str_replace(char **slot, const char *s);

struct core_participant *room_participant_mut(struct room *r, uint32_t pid);

/* step.c */
enum core_err step_cmd_next(struct room *, const struct actor *,
			    const struct core_cmd *, int64_t,
			    struct core_effects *);
enum core_err step_cmd_prev(struct room *, const struct actor *,
			    const struct core_cmd *, int64_t,
			    struct core_effects *);
enum core_err step_cmd_goto(struct room *, const struct actor *,
			    const struct core_cmd *, int64_t,
			    struct core_effects *);

/* timer.c */
void timer_arm(struct room *r); /* idle with current step time */
void timer_record_overrun(struct room *r, int64_t now_ms);
/* Keeps the current step's timer (before r->step changes) / restores the
 * new current step's kept timer, or arms it idle if never left. */
void timer_keep(struct room *r, int64_t now_ms);
void timer_enter(struct room *r, int64_t now_ms);
void timer_pause_now(struct room *r, int64_t now_ms);
enum core_err timer_cmd_start(struct room *, const struct actor *,
			      const struct core_cmd *, int64_t,
			      struct core_effects *);
enum core_err timer_cmd_pause(struct room *, const struct actor *,
			      const struct core_cmd *, int64_t,
			      struct core_effects *);
enum core_err timer_cmd_resume(struct room *, const struct actor *,
			       const struct core_cmd *, int64_t,
			       struct core_effects *);
enum core_err timer_cmd_extend(struct room *, const struct actor *,
			       const struct core_cmd *, int64_t,
			       struct core_effects *);
enum core_err timer_cmd_reset(struct room *, const struct actor *,
			      const struct core_cmd *, int64_t,
			      struct core_effects *);

/* queue.c */
bool queue_remove_hand(struct room *r, uint32_t pid);
/* Moves from's hand, floor, round place and "has spoken" to into. */
void queue_merge(struct room *r, uint32_t from, uint32_t into,
		 struct core_effects *fx);
void queue_end_round(struct room *r, struct core_effects *fx);
enum core_err queue_cmd_raise(struct room *, const struct actor *,
			      const struct core_cmd *, int64_t,
			      struct core_effects *);
enum core_err queue_cmd_lower(struct room *, const struct actor *,
			      const struct core_cmd *, int64_t,
			      struct core_effects *);
enum core_err queue_cmd_floor(struct room *, const struct actor *,
			      const struct core_cmd *, int64_t,
			      struct core_effects *);
enum core_err queue_cmd_round_start(struct room *, const struct actor *,
				    const struct core_cmd *, int64_t,
				    struct core_effects *);
enum core_err queue_cmd_round_next(struct room *, const struct actor *,
				   const struct core_cmd *, int64_t,
				   struct core_effects *);

/* material.c */
void material_free(struct room *r);
bool material_init(struct room *r);
enum core_err material_cmd_sheet(struct room *, const struct actor *,
				 const struct core_cmd *, int64_t,
				 struct core_effects *);
enum core_err material_cmd_contract(struct room *, const struct actor *,
				    const struct core_cmd *, int64_t,
				    struct core_effects *);
enum core_err material_cmd_question(struct room *, const struct actor *,
				    const struct core_cmd *, int64_t,
				    struct core_effects *);
enum core_err material_cmd_answer(struct room *, const struct actor *,
				  const struct core_cmd *, int64_t,
				  struct core_effects *);
enum core_err material_cmd_suggestion(struct room *, const struct actor *,
				      const struct core_cmd *, int64_t,
				      struct core_effects *);
enum core_err material_cmd_keep(struct room *, const struct actor *,
				const struct core_cmd *, int64_t,
				struct core_effects *);
enum core_err material_cmd_enough(struct room *, const struct actor *,
				  const struct core_cmd *, int64_t,
				  struct core_effects *);
enum core_err material_cmd_plan(struct room *, const struct actor *,
				const struct core_cmd *, int64_t,
				struct core_effects *);
enum core_err material_cmd_learning(struct room *, const struct actor *,
				    const struct core_cmd *, int64_t,
				    struct core_effects *);
enum core_err material_cmd_notes(struct room *, const struct actor *,
				 const struct core_cmd *, int64_t,
				 struct core_effects *);
enum core_err material_cmd_hide(struct room *, const struct actor *,
				const struct core_cmd *, int64_t,
				struct core_effects *);

/* seat.c */
enum core_err seat_cmd_lock(struct room *, const struct actor *,
			    const struct core_cmd *, int64_t,
			    struct core_effects *);
enum core_err seat_cmd_unlock(struct room *, const struct actor *,
			      const struct core_cmd *, int64_t,
			      struct core_effects *);
enum core_err seat_cmd_end(struct room *, const struct actor *,
			   const struct core_cmd *, int64_t,
			   struct core_effects *);
enum core_err seat_cmd_merge(struct room *, const struct actor *,
			     const struct core_cmd *, int64_t,
			     struct core_effects *);
enum core_err seat_cmd_remove(struct room *, const struct actor *,
			      const struct core_cmd *, int64_t,
			      struct core_effects *);

/* role.c */
enum core_err role_cmd_name(struct room *, const struct actor *,
			    const struct core_cmd *, int64_t,
			    struct core_effects *);
enum core_err role_cmd_assign(struct room *, const struct actor *,
			      const struct core_cmd *, int64_t,
			      struct core_effects *);
enum core_err role_cmd_backup(struct room *, const struct actor *,
			      const struct core_cmd *, int64_t,
			      struct core_effects *);
/* Trimmed owned copy of a display name; *err BAD_FIELD/INTERNAL on NULL. */
char *role_trimmed_name(const char *name, enum core_err *err);

#endif
