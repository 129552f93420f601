/*
 * event.c — room events: {"type": <event name>, "seq": n, ...payload}.
 *
 * One table row per enum core_event_type: the wire name (equal to
 * core_event_name(), checked by a test) and the function that adds the
 * payload. Rule of the payloads: an event carries the complete current
 * value of what changed, the same object as in the snapshot, so a client
 * replaces its copy without a further request:
 *   participant.*, name.changed → participant (subject id), entry (its
 *               item of participants), backup, acting_facilitator
 *               (presence changes who acts as facilitator)
 *   role.assigned, backup.set → participant (subject id), participants,
 *               backup, acting_facilitator (they may touch two people)
 *   step.changed → step, steps, timer
 *   timer.changed → timer (+ reason); timer.warning → remaining_s, timer;
 *   timer.expired → timer
 *   hands.changed → hands; floor.given and round.changed → floor, round
 *   sheet.updated → sheet; contract.set → contract; notes.updated → notes
 *   question.* → question; suggestion.* → suggestion
 *   enough.signaled → enough_by; plan.updated → plan
 *   learning.added → learning (the newest one) and learnings_count
 *   seat.changed → participant, entry (with its seat), backup,
 *               acting_facilitator; room.locked → locked;
 *   room.ended → ended, timer
 *   item.hidden → kind, item, hidden and the item itself (question,
 *               suggestion or learning, as in the snapshot)
 *   participant.merged → participant (the duplicate), into, participants,
 *               backup, acting_facilitator, questions, suggestions,
 *               learnings (authors moved to into)
 * Any event also carries "reason" when the core gave one.
 */
#include "codec/codec.h"
#include "codec/roomjson.h"

struct evctx {
	const struct room *r;
	const struct core_event *ev;
	int64_t mono, wall;
};

static json_t *id(uint32_t v)
{
	return json_integer((json_int_t)v);
}

static bool people(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "participant", id(c->ev->subject)) &&
	       roomjson_people(c->r, o);
}

/* Only the subject changed: its entry alone, so a join costs the room
 * O(1) bytes per member (and the resume log O(n), not O(n²)). */
static bool entry(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "participant", id(c->ev->subject)) &&
	       roomjson_entry(c->r, c->ev->subject, o);
}

static bool timer(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "timer", roomjson_timer(c->r, c->mono, c->wall));
}

static bool step(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "step", json_integer((json_int_t)c->r->step)) &&
	       roomjson_set(o, "steps", roomjson_steps(c->r, c->mono)) &&
	       timer(c, o);
}

static bool warning(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "remaining_s", id(c->ev->detail)) && timer(c, o);
}

static bool hands(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "hands",
			    roomjson_ids(c->r->hands, c->r->n_hands));
}

static bool floor_round(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "floor", id(c->r->floor)) &&
	       roomjson_set(o, "round", roomjson_round(c->r));
}

static bool sheet(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "sheet", roomjson_sheet(c->r));
}

static bool contract(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "contract", json_string(c->r->contract));
}

static bool question(const struct evctx *c, json_t *o)
{
	for (size_t i = 0; i < c->r->n_questions; i++)
		if (c->r->questions[i].id == c->ev->subject)
			return roomjson_set(
				o, "question",
				roomjson_question(&c->r->questions[i]));
	return false; /* an event about a question the room lacks: a bug */
}

static bool suggestion(const struct evctx *c, json_t *o)
{
	for (size_t i = 0; i < c->r->n_suggestions; i++)
		if (c->r->suggestions[i].id == c->ev->subject)
			return roomjson_set(
				o, "suggestion",
				roomjson_suggestion(&c->r->suggestions[i]));
	return false;
}

static bool enough(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "enough_by", id(c->r->enough_by));
}

static bool plan(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "plan", roomjson_plan(c->r));
}

/* Learnings have no id: the event is encoded right after the command,
 * so the newest one is the one added. The count lets a client notice a
 * gap and resynchronise. */
static bool learning(const struct evctx *c, json_t *o)
{
	size_t n = c->r->n_learnings;
	return n > 0 &&
	       roomjson_set(o, "learning",
			    roomjson_learning(&c->r->learnings[n - 1])) &&
	       roomjson_set(o, "learnings_count", json_integer((json_int_t)n));
}

static bool notes(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "notes", json_string(c->r->notes));
}

static bool locked(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "locked", json_boolean(c->r->locked));
}

static bool ended(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "ended", json_boolean(c->r->ended)) &&
	       timer(c, o);
}

static json_t *hidden_item(const struct room *r, enum core_item_kind kind,
			   uint32_t item)
{
	switch (kind) {
	case CORE_ITEM_QUESTION:
		for (size_t i = 0; i < r->n_questions; i++)
			if (r->questions[i].id == item)
				return roomjson_question(&r->questions[i]);
		return NULL;
	case CORE_ITEM_SUGGESTION:
		for (size_t i = 0; i < r->n_suggestions; i++)
			if (r->suggestions[i].id == item)
				return roomjson_suggestion(&r->suggestions[i]);
		return NULL;
	case CORE_ITEM_LEARNING:
		return item >= 1 && item <= r->n_learnings
			       ? roomjson_learning(&r->learnings[item - 1])
			       : NULL;
	default:
		return NULL;
	}
}

static bool item_hidden(const struct evctx *c, json_t *o)
{
	enum core_item_kind kind = core_item_event_kind(c->ev->detail);
	const char *name = core_item_kind_name(kind);
	json_t *item = hidden_item(c->r, kind, c->ev->subject);

	if (!name || !item) {
		json_decref(item);
		return false; /* an event about an item the room lacks: a bug */
	}
	return roomjson_set(o, "kind", json_string(name)) &&
	       roomjson_set(o, "item", id(c->ev->subject)) &&
	       roomjson_set(
		       o, "hidden",
		       json_boolean(core_item_event_hidden(c->ev->detail))) &&
	       roomjson_set(o, name, item);
}

/* A merge moves authors, hands, floor and seats: everything it touches,
 * whole, so that a client copies it. */
static bool merged(const struct evctx *c, json_t *o)
{
	return roomjson_set(o, "into", id(c->ev->detail)) && people(c, o) &&
	       roomjson_set(o, "questions", roomjson_questions(c->r)) &&
	       roomjson_set(o, "suggestions", roomjson_suggestions(c->r)) &&
	       roomjson_set(o, "learnings", roomjson_learnings(c->r));
}

static const struct {
	const char *name;
	bool (*payload)(const struct evctx *, json_t *);
} events[EV__COUNT] = {
	[EV_PARTICIPANT_JOINED] = {"participant.joined", entry},
	[EV_PARTICIPANT_LEFT] = {"participant.left", entry},
	[EV_PARTICIPANT_RETURNED] = {"participant.returned", entry},
	[EV_NAME_CHANGED] = {"name.changed", entry},
	[EV_ROLE_ASSIGNED] = {"role.assigned", people},
	[EV_BACKUP_SET] = {"backup.set", people},
	[EV_STEP_CHANGED] = {"step.changed", step},
	[EV_TIMER_CHANGED] = {"timer.changed", timer},
	[EV_TIMER_WARNING] = {"timer.warning", warning},
	[EV_TIMER_EXPIRED] = {"timer.expired", timer},
	[EV_HANDS_CHANGED] = {"hands.changed", hands},
	[EV_FLOOR_GIVEN] = {"floor.given", floor_round},
	[EV_ROUND_CHANGED] = {"round.changed", floor_round},
	[EV_SHEET_UPDATED] = {"sheet.updated", sheet},
	[EV_CONTRACT_SET] = {"contract.set", contract},
	[EV_QUESTION_ADDED] = {"question.added", question},
	[EV_QUESTION_ANSWERED] = {"question.answered", question},
	[EV_SUGGESTION_ADDED] = {"suggestion.added", suggestion},
	[EV_SUGGESTION_KEPT] = {"suggestion.kept", suggestion},
	[EV_ENOUGH_SIGNALED] = {"enough.signaled", enough},
	[EV_PLAN_UPDATED] = {"plan.updated", plan},
	[EV_LEARNING_ADDED] = {"learning.added", learning},
	[EV_NOTES_UPDATED] = {"notes.updated", notes},
	[EV_SEAT_CHANGED] = {"seat.changed", entry},
	[EV_ROOM_LOCKED] = {"room.locked", locked},
	[EV_ROOM_ENDED] = {"room.ended", ended},
	[EV_ITEM_HIDDEN] = {"item.hidden", item_hidden},
	[EV_PARTICIPANT_MERGED] = {"participant.merged", merged},
};

const char *codec_event_name(enum core_event_type type)
{
	return (unsigned)type < EV__COUNT ? events[type].name : NULL;
}

char *codec_encode_event(const struct room *r, const struct core_event *ev,
			 uint64_t seq, int64_t mono_now, int64_t wall_now)
{
	if ((unsigned)ev->type >= EV__COUNT || !events[ev->type].name)
		return NULL;
	struct evctx c = {r, ev, mono_now, wall_now};
	json_t *o = json_object();
	bool okay =
		o &&
		roomjson_set(o, "type", json_string(events[ev->type].name)) &&
		roomjson_set(o, "seq", json_integer((json_int_t)seq)) &&
		events[ev->type].payload(&c, o);
	if (okay && ev->reason)
		okay = roomjson_set(o, "reason", json_string(ev->reason));
	if (!okay) {
		json_decref(o);
		return NULL;
	}
	return roomjson_dump(o);
}
