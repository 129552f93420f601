/*
 * roomstored.h — a room's template and settings in the form stored with
 * its creation (store.h: rooms.template, rooms.config), and back.
 *
 * Stored forms (JSON, compact, every key present and no other; "v" names
 * the format):
 *   template {"v":1,"id":"codev-90","name":"Codev 90",
 *             "steps":[{"kind":"presentation","seconds":900},...]}
 *   settings {"v":1,"max_participants":16,"max_questions":200,
 *             "max_suggestions":200,"max_learnings":100,
 *             "warn_marks_s":[120,30],"pause_when_client_away":false}
 * Stores written before these forms hold the legacy texts
 * ("v1|id|kind:secs,...|name" and "v1 %u %u %u %u %d %zu %u %u %u %u");
 * the loaders still read those (roomstored.c, marked LEGACY), so an
 * existing data directory restores exactly as before.
 *
 * Ownership: encoders write into the caller's buffer; loaders fill the
 * caller's struct. Reasons never quote a stored value.
 */
#ifndef CODEC_ROOMSTORED_H
#define CODEC_ROOMSTORED_H

#include <stddef.h>

#include "core/room.h"
#include "core/template.h"

/* Bytes of a stored text, NUL included: the longest template (47-byte id,
 * 95-byte name with every byte escaped, 10 steps) takes under 700. A
 * longer stored text is refused unread. */
#define CODEC_ROOMSTORED_MAX 1024

/* The bounds a stored setting must be within. Wider than config.c's on
 * purpose (a room created under a looser configuration must still
 * restore): they only keep a damaged row from sizing a room's arrays. */
#define CODEC_ROOMSTORED_PARTICIPANTS_MAX 1000
#define CODEC_ROOMSTORED_ITEMS_MAX 100000 /* questions, suggestions, ... */
#define CODEC_ROOMSTORED_MARK_MAX 86400	  /* a warning mark, seconds */
#define CODEC_ROOMSTORED_STEP_MAX 14400	  /* a step, seconds (4 hours) */

/* 0, or -1 (out of memory, a string that is not UTF-8, or more than cap
 * bytes with the NUL). */
int codec_roomstored_template(const struct core_template *t, char *out,
			      size_t cap);
int codec_roomstored_config(const struct core_room_config *c, char *out,
			    size_t cap);

/* 0, or -1 with the reason in err (err may be NULL) and *t zeroed. Reads
 * the JSON form, or the legacy text. */
int codec_roomstored_template_load(const char *s, size_t len,
				   struct core_template *t, char *err,
				   size_t errlen);
/* 0, or -1 with the reason in err and *c the core's defaults. */
int codec_roomstored_config_load(const char *s, size_t len,
				 struct core_room_config *c, char *err,
				 size_t errlen);

#endif
