/*
 * roomjson.c — a room's parts as JSON (see roomjson.h).
 *
 * Invariants: ids are integers, 0 meaning "nobody/none" exactly as in the
 * core; role, step-kind and timer-status words come from the core's name
 * functions; every object matches its $defs entry in
 * proto/schemas/common.json (checked by test_encode.c). Failure anywhere
 * (OOM) propagates as NULL and every partial object is released.
 */
#include "codec/roomjson.h"

bool roomjson_set(json_t *obj, const char *key, json_t *v)
{
	return v && json_object_set_new(obj, key, v) == 0;
}

char *roomjson_dump(json_t *o)
{
	if (!o)
		return NULL;
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

/* Finishes a build: returns obj, or releases it when a step failed. */
static json_t *done(json_t *obj, bool okay)
{
	if (okay)
		return obj;
	json_decref(obj);
	return NULL;
}

static json_t *id(uint32_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *ms(int64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *str(const char *s)
{
	return json_string(s ? s : "");
}

static json_t *word(const char *s)
{
	return s ? json_string(s) : NULL;
}

static json_t *participant(const struct room *r,
			   const struct core_participant *p)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	bool okay = roomjson_set(o, "id", id(p->id)) &&
		    roomjson_set(o, "name", str(p->name)) &&
		    roomjson_set(o, "role", word(core_role_name(p->role))) &&
		    roomjson_set(o, "connected", json_boolean(p->connected)) &&
		    roomjson_set(o, "backup",
				 json_boolean(r->backup && r->backup == p->id));
	/* Only a freed seat says so: a taken one is the common case. */
	if (okay && p->seat != CORE_SEAT_TAKEN)
		okay = roomjson_set(o, "seat", word(core_seat_name(p->seat)));
	if (okay && p->organizer)
		okay = roomjson_set(o, "organizer", json_true());
	if (okay && p->seat == CORE_SEAT_MERGED)
		okay = roomjson_set(o, "merged_into", id(p->merged_into));
	return done(o, okay);
}

bool roomjson_people(const struct room *r, json_t *obj)
{
	json_t *a = json_array();
	if (!a)
		return false;
	for (size_t i = 0; i < r->n_participants; i++)
		if (json_array_append_new(
			    a, participant(r, &r->participants[i]))) {
			json_decref(a);
			return false;
		}
	return roomjson_set(obj, "participants", a) &&
	       roomjson_set(obj, "backup", id(r->backup)) &&
	       roomjson_set(obj, "acting_facilitator",
			    id(room_acting_facilitator(r)));
}

bool roomjson_entry(const struct room *r, uint32_t pid, json_t *obj)
{
	const struct core_participant *p = room_participant(r, pid);
	return p && roomjson_set(obj, "entry", participant(r, p)) &&
	       roomjson_set(obj, "backup", id(r->backup)) &&
	       roomjson_set(obj, "acting_facilitator",
			    id(room_acting_facilitator(r)));
}

/* remaining_ms is clamped at 0 and the overrun sent on its own, so a
 * client never has to interpret a negative duration. */
json_t *roomjson_timer(const struct room *r, int64_t mono, int64_t wall)
{
	struct core_timer_view v;
	room_timer_view(r, mono, &v);
	json_t *o = json_object();
	if (!o)
		return NULL;
	bool okay =
		roomjson_set(o, "status",
			     word(core_timer_status_name(v.status))) &&
		roomjson_set(o, "step", json_integer((json_int_t)r->step)) &&
		roomjson_set(o, "duration_ms", ms(v.duration_ms)) &&
		roomjson_set(o, "remaining_ms",
			     ms(v.remaining_ms > 0 ? v.remaining_ms : 0)) &&
		roomjson_set(o, "overrun_ms", ms(v.overrun_ms));
	if (okay && v.status == CORE_TIMER_RUNNING)
		okay = roomjson_set(o, "deadline_ms",
				    ms(wall + (v.deadline_ms - mono)));
	return done(o, okay);
}

static json_t *step(const struct room *r, size_t i, int64_t mono)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	bool okay =
		roomjson_set(o, "kind",
			     word(core_step_kind_name(r->tpl.steps[i].kind))) &&
		roomjson_set(o, "duration_ms",
			     ms((int64_t)r->tpl.steps[i].duration_s * 1000)) &&
		roomjson_set(o, "spent_ms",
			     ms(room_step_time_ms(r, i, mono))) &&
		roomjson_set(o, "overrun_ms", ms(r->step_overrun_ms[i]));
	return done(o, okay);
}

json_t *roomjson_steps(const struct room *r, int64_t mono)
{
	json_t *a = json_array();
	bool okay = a != NULL;
	for (size_t i = 0; okay && i < r->tpl.n_steps; i++)
		okay = json_array_append_new(a, step(r, i, mono)) == 0;
	return done(a, okay);
}

json_t *roomjson_ids(const uint32_t *ids, size_t n)
{
	json_t *a = json_array();
	bool okay = a != NULL;
	for (size_t i = 0; okay && i < n; i++)
		okay = json_array_append_new(a, id(ids[i])) == 0;
	return done(a, okay);
}

/* The timer's warning marks, in seconds, largest first (the room's
 * configuration): a page that joins late colours its countdown with the
 * hub's marks, not with defaults of its own. */
static json_t *warn_marks(const struct room *r)
{
	json_t *a = json_array();
	bool okay = a != NULL;
	for (size_t i = 0; okay && i < r->n_warn_marks; i++)
		okay = json_array_append_new(
			       a, json_integer(
					  (json_int_t)r->warn_marks_s[i])) == 0;
	return done(a, okay);
}

static json_t *turn(uint32_t pid, bool spoke)
{
	json_t *t = json_object();
	if (!t)
		return NULL;
	bool okay = roomjson_set(t, "participant", id(pid)) &&
		    roomjson_set(t, "spoke", json_boolean(spoke));
	return done(t, okay);
}

json_t *roomjson_round(const struct room *r)
{
	json_t *order = json_array();
	bool okay = order != NULL;
	for (size_t i = 0; okay && i < r->round.n; i++)
		okay = json_array_append_new(order, turn(r->round.order[i],
							 r->round.spoke[i])) ==
		       0;
	json_t *o = okay ? json_object() : NULL;
	if (!o) {
		json_decref(order);
		return NULL;
	}
	/* "order" first: roomjson_set steals it even when it fails. */
	okay = roomjson_set(o, "order", order) &&
	       roomjson_set(o, "active", json_boolean(r->round.active));
	return done(o, okay);
}

json_t *roomjson_sheet(const struct room *r)
{
	const struct core_sheet *s = &r->sheet;
	json_t *o = json_object();
	if (!o)
		return NULL;
	bool okay = roomjson_set(o, "title", str(s->title)) &&
		    roomjson_set(o, "question", str(s->question)) &&
		    roomjson_set(o, "context", str(s->context)) &&
		    roomjson_set(o, "tried", str(s->tried)) &&
		    roomjson_set(o, "help_wanted", str(s->help_wanted));
	return done(o, okay);
}

/* "hidden": true only on an item the facilitator hid (item.hide): the
 * snapshot of a room without hidden items is what it was before. */
static bool hidden(json_t *o, bool is_hidden)
{
	return !is_hidden || roomjson_set(o, "hidden", json_true());
}

json_t *roomjson_question(const struct core_question *q)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	bool okay = roomjson_set(o, "id", id(q->id)) &&
		    roomjson_set(o, "author", id(q->author)) &&
		    roomjson_set(o, "text", str(q->text)) &&
		    roomjson_set(o, "answer",
				 q->answer ? json_string(q->answer)
					   : json_null()) &&
		    hidden(o, q->hidden);
	return done(o, okay);
}

json_t *roomjson_suggestion(const struct core_suggestion *s)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	bool okay = roomjson_set(o, "id", id(s->id)) &&
		    roomjson_set(o, "author", id(s->author)) &&
		    roomjson_set(o, "text", str(s->text)) &&
		    roomjson_set(o, "kept", json_boolean(s->kept)) &&
		    hidden(o, s->hidden);
	return done(o, okay);
}

json_t *roomjson_learning(const struct core_learning *l)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	bool okay = roomjson_set(o, "author", id(l->author)) &&
		    roomjson_set(o, "text", str(l->text)) &&
		    hidden(o, l->hidden);
	return done(o, okay);
}

static json_t *plan_item(const struct core_plan_entry *e)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	bool okay = roomjson_set(o, "action", str(e->action)) &&
		    roomjson_set(o, "by_when", str(e->by_when));
	return done(o, okay);
}

json_t *roomjson_plan(const struct room *r)
{
	json_t *a = json_array();
	bool okay = a != NULL;
	for (size_t i = 0; okay && i < r->n_plan; i++)
		okay = json_array_append_new(a, plan_item(&r->plan[i])) == 0;
	return done(a, okay);
}

json_t *roomjson_questions(const struct room *r)
{
	json_t *a = json_array();
	bool okay = a != NULL;
	for (size_t i = 0; okay && i < r->n_questions; i++)
		okay = json_array_append_new(
			       a, roomjson_question(&r->questions[i])) == 0;
	return done(a, okay);
}

json_t *roomjson_suggestions(const struct room *r)
{
	json_t *a = json_array();
	bool okay = a != NULL;
	for (size_t i = 0; okay && i < r->n_suggestions; i++)
		okay = json_array_append_new(
			       a, roomjson_suggestion(&r->suggestions[i])) == 0;
	return done(a, okay);
}

json_t *roomjson_learnings(const struct room *r)
{
	json_t *a = json_array();
	bool okay = a != NULL;
	for (size_t i = 0; okay && i < r->n_learnings; i++)
		okay = json_array_append_new(
			       a, roomjson_learning(&r->learnings[i])) == 0;
	return done(a, okay);
}

static json_t *template_ref(const struct room *r)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	bool okay = roomjson_set(o, "id", str(r->tpl.id)) &&
		    roomjson_set(o, "name", str(r->tpl.name));
	return done(o, okay);
}

json_t *roomjson_room(const struct room *r, int64_t mono, int64_t wall)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	bool okay =
		roomjson_set(o, "id", str(r->id)) &&
		roomjson_set(o, "template", template_ref(r)) &&
		roomjson_people(r, o) &&
		roomjson_set(o, "steps", roomjson_steps(r, mono)) &&
		roomjson_set(o, "step", json_integer((json_int_t)r->step)) &&
		roomjson_set(o, "timer", roomjson_timer(r, mono, wall)) &&
		roomjson_set(o, "warn_marks_s", warn_marks(r)) &&
		roomjson_set(o, "hands", roomjson_ids(r->hands, r->n_hands)) &&
		roomjson_set(o, "floor", id(r->floor)) &&
		roomjson_set(o, "round", roomjson_round(r)) &&
		roomjson_set(o, "sheet", roomjson_sheet(r)) &&
		roomjson_set(o, "contract", str(r->contract)) &&
		roomjson_set(o, "questions", roomjson_questions(r)) &&
		roomjson_set(o, "suggestions", roomjson_suggestions(r)) &&
		roomjson_set(o, "enough_by", id(r->enough_by)) &&
		roomjson_set(o, "plan", roomjson_plan(r)) &&
		roomjson_set(o, "learnings", roomjson_learnings(r)) &&
		roomjson_set(o, "notes", str(r->notes)) &&
		roomjson_set(o, "locked", json_boolean(r->locked)) &&
		roomjson_set(o, "ended", json_boolean(r->ended));
	return done(o, okay);
}
