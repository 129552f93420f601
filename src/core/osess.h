/*
 * osess.h — an organization's session: a cohort split into groups, each
 * group's plan of consecutive workshops (who is client, who facilitates),
 * the meetings of a cycle, and what the organizer pushes to every room
 * (banner, plenary countdown) or receives from them (help requests).
 *
 * Pure data and rules: no JSON, no I/O, no clock (times are arguments).
 * The hub owns one struct org_session per session; the codec turns it into
 * the API document and the stored document (sessionjson.c). Rooms are
 * referred to by id only; creating them is the hub's job.
 *
 * Ids: people are numbered 1..n_people in cohort order and never
 * renumbered; groups 1..n_groups. 0 means "none".
 *
 * Ownership: every pointer in a struct org_session is owned by it and
 * freed by osess_free. Strings passed in are copied.
 *
 * Errors: every mutating call is check-then-mutate: on error the session
 * is unchanged and err (when not NULL) says why and who.
 */
#ifndef CORE_OSESS_H
#define CORE_OSESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cohort.h"
#include "core/template.h"

#define OSESS_NAME_MAX 120  /* session name, bytes */
#define OSESS_PERSON_MAX 64 /* person name, bytes (the room's name limit) */
#define OSESS_EMAIL_MAX 254 /* bytes */
#define OSESS_TEXT_MAX 2000 /* banner and help message, bytes (500 chars) */
#define OSESS_MAX_WORKSHOPS ROTATION_MAX_WORKSHOPS
#define OSESS_ROOM_ID_MAX 32 /* = TOKEN_ROOM_MAX */
#define OSESS_NONCE_LEN 16   /* = TOKEN_NONCE_LEN */
#define OSESS_HELP_MAX 64    /* open help requests kept per session */

enum osess_state { OSESS_DRAFT, OSESS_RUNNING, OSESS__STATE_COUNT };

struct osess_person {
	char *name;  /* non-empty */
	char *email; /* "" when not given */
	bool wants_client, can_facilitate, fixed_facilitator;
	uint32_t group;			/* 1-based, 0 before the split */
	uint8_t nonce[OSESS_NONCE_LEN]; /* of the current personal link */
	uint32_t client_count;		/* workshops as client, all meetings */
	uint32_t facilitator_count;	/* workshops facilitated */
};

struct osess_plan_item {
	uint32_t client, facilitator; /* person ids */
};

struct osess_group {
	uint32_t *members; /* person ids, ascending; capacity n_people */
	size_t n_members;
	uint32_t facilitator; /* the group's facilitator (plan default) */
	struct osess_plan_item plan[OSESS_MAX_WORKSHOPS]; /* n_workshops */
	uint32_t workshop;		  /* current, 1-based; 0: not started */
	char room[OSESS_ROOM_ID_MAX + 1]; /* current room, "" before start */
};

struct osess_help {
	uint32_t id; /* per session, from 1 */
	uint32_t group;
	char room[OSESS_ROOM_ID_MAX + 1];
	char *person;  /* name of who asked, "" if unknown */
	char *message; /* "" when none */
	uint32_t step; /* 0-based step index at the time */
	int step_kind; /* enum core_step_kind */
	int64_t remaining_ms;
	int64_t at_ms; /* wall clock */
};

struct org_session {
	uint32_t id, org;
	char *name;
	char template_id[CORE_TEMPLATE_ID_MAX];
	enum osess_state state;
	uint32_t meeting;     /* 1-based meeting of the cycle */
	uint32_t n_workshops; /* per group and meeting, 1..8 */
	bool rotate_facilitator;
	uint32_t alert_behind_min; /* 1..120 */
	uint32_t min_size, max_size;
	int64_t links_expire_s; /* unix s: every personal link of the session
				   expires then (so a link is the same text
				   each time it is shown) */

	struct osess_person *people;
	size_t n_people;
	struct cohort_pair *apart, *together; /* person ids (1-based) */
	size_t n_apart, n_together;
	/* pairings of earlier meetings, for reshuffles (person ids) */
	struct cohort_pairing *history;
	size_t n_history;

	struct osess_group *groups;
	size_t n_groups;

	char *banner; /* "" when none */
	int64_t banner_at_ms;
	int64_t plenary_at_ms; /* 0 when none */
	struct osess_help help[OSESS_HELP_MAX];
	size_t n_help;
	uint32_t next_help_id;
};

/* A person as given by the organizer (strings borrowed). */
struct osess_person_in {
	const char *name, *email; /* email NULL or "" = none */
	bool wants_client, can_facilitate, fixed_facilitator;
};

/* Everything POST /api/sessions carries, decoded (strings borrowed). */
struct osess_request {
	const char *name;
	const char *template_id; /* NULL = the hub's default */
	uint32_t n_workshops;	 /* 0 = 1 */
	bool rotate_facilitator;
	uint32_t alert_behind_min;   /* 0 = 5 */
	uint32_t min_size, max_size; /* 0 = 5 / 8 */
	const struct osess_person_in *people;
	size_t n_people;
	const struct cohort_pair *apart, *together; /* person ids, 1-based */
	size_t n_apart, n_together;
};

/* A group as edited by the organizer (PUT .../groups). */
struct osess_group_in {
	const uint32_t *members; /* person ids */
	size_t n_members;
	uint32_t facilitator;
};

enum osess_err {
	OSESS_OK,
	OSESS_E_INVALID, /* a value out of range: err->field names it */
	OSESS_E_COHORT,	 /* the split failed: err->cohort says why */
	OSESS_E_STATE,	 /* not allowed in this state (draft/running) */
	OSESS_E_NOT_FOUND /* no such person, group or help request */,
	OSESS_E_LAST, /* no workshop after the last one */
	OSESS_E_NOMEM,
};

#define OSESS_ERR_PEOPLE 16

struct osess_error {
	enum osess_err code;
	char field[32]; /* for OSESS_E_INVALID */
	/* person ids (1-based) a cohort error is about when there are more
	 * than the splitter's two (e.g. every pre-chosen facilitator) */
	uint32_t people[OSESS_ERR_PEOPLE];
	size_t n_people;
	struct cohort_error cohort; /* for OSESS_E_COHORT (who[] are 0-based
				       indices; add 1 for person ids) */
	char message[COHORT_MSG_MAX];
};

/* A new draft session: checks the request (sizes 2..64, min <= max,
 * workshops 1..8, people 1..max_people, ids in range), splits the cohort
 * (seeded) and plans every group. NULL with err filled on failure. */
struct org_session *osess_new(uint32_t id, uint32_t org,
			      const struct osess_request *req,
			      size_t max_people, uint64_t seed,
			      struct osess_error *err);
void osess_free(struct org_session *s); /* NULL ok */

/* Replaces the proposed groups (draft only): every person in exactly one
 * group, each group of 2..max_group members (the room's capacity: the
 * organizer may go beyond the split's sizes), the facilitator a member,
 * keep-apart / keep-together pairs honoured (err->cohort names the pair).
 * Remakes every group's plan. */
enum osess_err osess_set_groups(struct org_session *s,
				const struct osess_group_in *groups,
				size_t n_groups, size_t max_group,
				struct osess_error *err);

/* Replaces the plan of the workshops not yet started (index >= current
 * workshop) of every group: plans[g * n_workshops + w]. Client and
 * facilitator must be distinct members of the group. */
enum osess_err osess_set_plan(struct org_session *s,
			      const struct osess_plan_item *plans,
			      size_t n_items, struct osess_error *err);

/* Recomputes group g's plan for the workshops after the current one from
 * the rotation counts (after a move, or new members). */
void osess_replan_group(struct org_session *s, uint32_t group);

/* Draft → running; every group's workshop becomes 1 (the hub then creates
 * the rooms and calls osess_set_room). Counts the first workshop's roles. */
enum osess_err osess_start(struct org_session *s, struct osess_error *err);
void osess_set_room(struct org_session *s, uint32_t group, const char *room);

/* Group g moves on to its next workshop (running only; OSESS_E_LAST after
 * the last one). The hub creates the room. */
enum osess_err osess_next_workshop(struct org_session *s, uint32_t group,
				   struct osess_error *err);

/* A new meeting of the cycle: meeting + 1, every group back to workshop 1
 * with a plan continuing the rotation counts; with reshuffle, new groups
 * minimising repeated pairings (the current groups are added to the
 * history first). The hub creates the rooms (with a report-back step). */
enum osess_err osess_new_meeting(struct org_session *s, bool reshuffle,
				 uint64_t seed, struct osess_error *err);

/* Moves a person to another group (running or draft); both groups' plans
 * for the workshops after the current one are remade. A keep-apart pair
 * is never put together (OSESS_E_COHORT, COHORT_E_APART); a keep-together
 * pair is separated only with force (else OSESS_E_COHORT,
 * COHORT_E_SEPARATED naming both). */
enum osess_err osess_move(struct org_session *s, uint32_t person,
			  uint32_t group, bool force, struct osess_error *err);

/* The person planned as client / facilitator of group g's current
 * workshop (0 = none). */
uint32_t osess_current_client(const struct org_session *s, uint32_t group);
uint32_t osess_current_facilitator(const struct org_session *s, uint32_t group);

/* Organizer messages. text "" clears the banner. */
enum osess_err osess_set_banner(struct org_session *s, const char *text,
				int64_t now_wall_ms);
/* Help requests: add copies h with its person and message (h's own
 * strings are ignored) and returns the new id (0 on OOM); when full, the
 * oldest is dropped. resolve: OSESS_E_NOT_FOUND for an unknown id. */
uint32_t osess_help_add(struct org_session *s, const struct osess_help *h,
			const char *person, const char *message);
enum osess_err osess_help_resolve(struct org_session *s, uint32_t id);

/* The group a room belongs to (0 = none of this session's current rooms). */
uint32_t osess_group_of_room(const struct org_session *s, const char *room);

/* Every group's plan remade for the workshops not started yet. */
void osess_plan_all(struct org_session *s);

/* New groups for the whole cohort (the split with the session's
 * constraints and pairing history); plans are left to the caller. */
enum osess_err osess_regroup(struct org_session *s, uint64_t seed,
			     struct osess_error *err);

/* Copies src into dst[cap], cut at cap - 1 bytes, always terminated. */
void osess_copy(char *dst, size_t cap, const char *src);

const char *osess_state_name(enum osess_state st); /* "draft" "running" */
bool osess_state_parse(const char *s, enum osess_state *out);

#endif
