/*
 * roomjson.h — the JSON values of a room's parts (codec-internal).
 *
 * Shared by the snapshot and the events so that a part (a participant,
 * the timer, a question...) has the same shape wherever it appears: an
 * event carries exactly the object a client stores from the snapshot.
 * Each function returns a new reference, NULL on OOM; the room is only
 * read. Times: `mono` is the core's clock, `wall` unix ms.
 */
#ifndef CODEC_ROOMJSON_H
#define CODEC_ROOMJSON_H

#include <jansson.h>
#include <stdint.h>

#include "core/room.h"

/* Adds key → v to obj, stealing v; false if v is NULL or on OOM. */
bool roomjson_set(json_t *obj, const char *key, json_t *v);

/* Serializes compactly and releases o (NULL in, NULL out); the result
 * is malloc'd (jansson's default allocator), the caller frees it. */
char *roomjson_dump(json_t *o);

/* Sets "participants", "backup" and "acting_facilitator" on obj. */
bool roomjson_people(const struct room *r, json_t *obj);
/* Sets "entry" (participant pid as in "participants"), "backup" and
 * "acting_facilitator" on obj; false if pid is not in the room. */
bool roomjson_entry(const struct room *r, uint32_t pid, json_t *obj);
json_t *roomjson_timer(const struct room *r, int64_t mono, int64_t wall);
json_t *roomjson_steps(const struct room *r, int64_t mono);
json_t *roomjson_ids(const uint32_t *ids, size_t n);
json_t *roomjson_round(const struct room *r);
json_t *roomjson_sheet(const struct room *r);
json_t *roomjson_question(const struct core_question *q);
json_t *roomjson_suggestion(const struct core_suggestion *s);
json_t *roomjson_learning(const struct core_learning *l);
/* The whole lists, as in the snapshot. */
json_t *roomjson_questions(const struct room *r);
json_t *roomjson_suggestions(const struct room *r);
json_t *roomjson_learnings(const struct room *r);
json_t *roomjson_plan(const struct room *r);
json_t *roomjson_room(const struct room *r, int64_t mono, int64_t wall);

#endif
