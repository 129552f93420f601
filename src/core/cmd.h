/*
 * cmd.h — the typed vocabulary between the hub and the pure core.
 *
 * The codec turns a decoded JSON request into a `struct core_cmd`; the core
 * executes it against a room and reports what happened as `struct core_event`
 * values in a `struct core_effects`; the net layer encodes those once and
 * fans them out. No JSON, no sockets, no clock here: time is an argument.
 *
 * Ownership: every string in a core_cmd is borrowed from the caller for the
 * duration of the call (the core copies what it keeps). Events point into
 * the room and are valid until the next call that mutates that room.
 */
#ifndef CORE_CMD_H
#define CORE_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Roles of one workshop (CODEV.md). Order is the wire order of role names. */
enum core_role {
	ROLE_FACILITATOR,
	ROLE_CLIENT,
	ROLE_CONSULTANT,
	ROLE_SCRIBE,
	ROLE_OBSERVER,
	ROLE__COUNT
};

/* What a step is for; the permission table is keyed by kind, so templates
 * of 5, 6 or 7 steps reuse the same rules. */
enum core_step_kind {
	STEP_PRESENTATION, /* 1: the client presents, sheet shown */
	STEP_QUESTIONS,	   /* 2: consultants ask, client answers */
	STEP_CONTRACT,	   /* 3: client states the help wanted */
	STEP_CONSULTATION, /* 4: consultants suggest, client marks kept */
	STEP_SYNTHESIS,	   /* 5: client writes the action plan */
	STEP_LEARNINGS,	   /* 6: everyone names a learning */
	STEP_REPORT_BACK,  /* cycles: previous client reports back */
	STEP__COUNT
};

/* Commands a participant can send, one per wire request type. */
enum core_cmd_type {
	CMD_NAME_SET,
	CMD_ROLE_ASSIGN,
	CMD_BACKUP_SET,
	CMD_STEP_NEXT,
	CMD_STEP_PREV,
	CMD_STEP_GOTO,
	CMD_TIMER_START,
	CMD_TIMER_PAUSE,
	CMD_TIMER_RESUME,
	CMD_TIMER_EXTEND,
	CMD_TIMER_RESET,
	CMD_HAND_RAISE,
	CMD_HAND_LOWER,
	CMD_FLOOR_GIVE,
	CMD_ROUND_START,
	CMD_ROUND_NEXT,
	CMD_SHEET_UPDATE,
	CMD_CONTRACT_SET,
	CMD_QUESTION_ADD,
	CMD_QUESTION_ANSWER,
	CMD_SUGGESTION_ADD,
	CMD_SUGGESTION_KEEP,
	CMD_ENOUGH_SIGNAL,
	CMD_PLAN_UPDATE,
	CMD_LEARNING_ADD,
	CMD_NOTES_UPDATE,
	CMD_ROOM_LOCK, /* nobody new may enter */
	CMD_ROOM_UNLOCK,
	CMD_ROOM_END,		/* the room becomes read-only, for good */
	CMD_PARTICIPANT_REMOVE, /* frees the seat; no way back for that id */
	CMD_ITEM_HIDE, /* hide or show a question, suggestion or learning */
	CMD_PARTICIPANT_MERGE, /* a duplicate seat joins the person's other */
	CMD__COUNT
};

/* Internal errors: one enum; codec_error_code() maps each to its stable
 * wire code (bad_json, unknown_type, bad_field, forbidden, wrong_step,
 * not_found, limit, storage, conflict, confirm_required, ...). */
enum core_err {
	CORE_OK = 0,
	CORE_E_BAD_JSON,
	CORE_E_UNKNOWN_TYPE,
	CORE_E_BAD_FIELD,
	CORE_E_FORBIDDEN,  /* role may not send this command */
	CORE_E_WRONG_STEP, /* allowed for the role, not in this step */
	CORE_E_NOT_FOUND,  /* participant, suggestion, step... */
	CORE_E_LIMIT,	   /* a bounded list is full */
	CORE_E_CONFLICT,   /* state does not allow it (timer not running...) */
	CORE_E_CONFIRM_REQUIRED, /* step 4 without contract, step 6 without plan
				  */
	CORE_E_STORAGE,
	CORE_E_UNAUTHORIZED, /* bad or expired capability */
	CORE_E_INTERNAL,
	CORE_E_LOCKED,	  /* the room is locked: nobody new may enter */
	CORE_E_ENDED,	  /* the workshop ended: the room is read-only */
	CORE_E_REMOVED,	  /* the facilitator removed this participant */
	CORE_E_ROOM_FULL, /* every seat of the room is taken */
	CORE_E__COUNT
};

#define CORE_PLAN_MAX_ITEMS 20

/* The items the facilitator may hide (item.hide); wire words in names.c. */
enum core_item_kind {
	CORE_ITEM_QUESTION,
	CORE_ITEM_SUGGESTION,
	CORE_ITEM_LEARNING,
	CORE_ITEM__COUNT
};

struct core_plan_item {
	const char *action;
	const char *by_when; /* free text ("next Monday", "2026-12-01") */
};

struct core_cmd {
	enum core_cmd_type type;
	union {
		struct {
			const char *name;
		} name_set;
		struct {
			uint32_t participant;
			enum core_role role;
		} role_assign;
		struct {
			uint32_t participant; /* 0 clears */
		} backup_set;
		struct {
			bool confirm;
		} step_next;
		struct {
			uint32_t step;
			bool confirm;
		} step_goto; /* 0-based */
		struct {
			uint32_t minutes;
		} timer_extend; /* 1..60 */
		struct {
			uint32_t participant; /* 0 = self */
		} hand_lower;
		struct {
			uint32_t participant; /* 0 = nobody */
		} floor_give;
		struct {
			uint32_t participant;
		} participant_remove;
		struct {
			uint32_t participant; /* the duplicate, given up */
			uint32_t into;	      /* the seat that stays */
		} participant_merge;
		struct {
			enum core_item_kind kind;
			uint32_t item; /* id; a learning's 1-based position */
			bool hidden;
		} item_hide;
		struct {
			const char *title, *question, *context, *tried,
				*help_wanted;
		} sheet_update;
		struct {
			const char *text;
		} text; /* contract, question,
			   suggestion, learning, notes */
		struct {
			uint32_t question;
			const char *text;
		} question_answer;
		struct {
			uint32_t suggestion;
			bool kept;
		} suggestion_keep;
		struct {
			size_t n;
			struct core_plan_item items[CORE_PLAN_MAX_ITEMS];
		} plan_update;
	} u;
};

/* Events: named after what happened. Each carries the ids it concerns; the
 * encoder reads the current values from the room (read-only) so a single
 * event kind covers the whole changed object. */
enum core_event_type {
	EV_PARTICIPANT_JOINED,
	EV_PARTICIPANT_LEFT,	 /* presence off (still a member) */
	EV_PARTICIPANT_RETURNED, /* presence on again */
	EV_NAME_CHANGED,
	EV_ROLE_ASSIGNED,
	EV_BACKUP_SET,
	EV_STEP_CHANGED,
	EV_TIMER_CHANGED, /* started, paused, resumed, extended, reset */
	EV_TIMER_WARNING,
	EV_TIMER_EXPIRED,
	EV_HANDS_CHANGED,
	EV_FLOOR_GIVEN,
	EV_ROUND_CHANGED,
	EV_SHEET_UPDATED,
	EV_CONTRACT_SET,
	EV_QUESTION_ADDED,
	EV_QUESTION_ANSWERED,
	EV_SUGGESTION_ADDED,
	EV_SUGGESTION_KEPT,
	EV_ENOUGH_SIGNALED,
	EV_PLAN_UPDATED,
	EV_LEARNING_ADDED,
	EV_NOTES_UPDATED,
	EV_SEAT_CHANGED, /* a seat removed, released or taken again */
	EV_ROOM_LOCKED,	 /* locked or unlocked (reason) */
	EV_ROOM_ENDED,
	EV_ITEM_HIDDEN,	       /* hidden or shown again (item.hide) */
	EV_PARTICIPANT_MERGED, /* a duplicate seat merged into another */
	EV__COUNT
};

struct core_event {
	enum core_event_type type;
	uint32_t subject; /* participant / question / suggestion id, or 0 */
	uint32_t detail;  /* e.g. warning mark in seconds, or 0 */
	const char
		*reason; /* optional machine word, e.g. "client_disconnected" */
};

#define CORE_MAX_EVENTS 8

/* What one call into the core produced. Fixed size: a command never makes
 * more than CORE_MAX_EVENTS events (asserted in tests). */
struct core_effects {
	size_t n;
	struct core_event ev[CORE_MAX_EVENTS];
};

#endif
