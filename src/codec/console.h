/*
 * console.h — the organizer console's messages and the session messages
 * rooms receive (proto/sessions.md).
 */
#ifndef CODEC_CONSOLE_H
#define CODEC_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/osess.h"
#include "core/room.h"

#define CODEC_ALERT_BEHIND 1u	      /* behind plan beyond the threshold */
#define CODEC_ALERT_NO_FACILITATOR 2u /* nobody facilitating is connected */

/* What the hub knows about a room beyond the room itself. */
struct codec_console_room {
	const char *room;
	uint32_t group, workshop, workshops, meeting;
	int64_t behind_ms;
	unsigned alerts; /* CODEC_ALERT_* bits */
	uint64_t seq;
	/* persons[pid - 1]: the session person a participant is (0: came
	 * by a room link); NULL when nobody came by a personal link. */
	const uint32_t *persons;
};

#define CODEC_CONSOLE_MAX_PEOPLE 64 /* = the room's max_participants bound */

/* {"type":"console.room", ...summary}; malloc'd, NULL on OOM. */
char *codec_console_room(const struct room *r,
			 const struct codec_console_room *info, int64_t mono,
			 int64_t wall);
/* {"type":"console.snapshot","re","session":doc,"rooms":[...]}. */
char *codec_console_snapshot(const char *re, const char *session_doc,
			     const struct room *const *rooms,
			     const struct codec_console_room *infos, size_t n,
			     int64_t mono, int64_t wall);
/* {"type":"console.session","session":doc}. */
char *codec_console_session(const char *session_doc);
/* {"type":type[,"text":text],"at":at_ms or null}: session.banner (text)
 * and session.plenary (text NULL). */
char *codec_session_message(const char *type, const char *text, int64_t at_ms);
/* {"type":"session.moved","reason":reason,"group","workshop","meeting"
 * [,"link":link]}: sent to a member right before the 4005 close; reason
 * "moved" | "next_workshop" | "new_meeting"; link (a fresh room link of
 * the new room) for someone who came by a room link, NULL otherwise. */
char *codec_session_moved(const char *reason, uint32_t group, uint32_t workshop,
			  uint32_t meeting, const char *link);
/* {"type":"session.help","help":id,"state":state}: to the room that asked;
 * state "on_its_way" (received) or "handled" (the organizer resolved it). */
char *codec_session_help_state(uint32_t help, const char *state);

/* {"links":[{"person","name","group","link"}]}: links[i * stride] is
 * person i+1's link. */
char *codec_session_links(const struct org_session *s, const char *links,
			  size_t stride);
/* {"person":p,"link":link}. */
char *codec_person_link(uint32_t person, const char *link);
/* Adds "session":{id,group,workshop,workshops,meeting} to a welcome;
 * takes welcome (freed), returns a new string or NULL on OOM. */
char *codec_welcome_session(char *welcome, uint32_t session, uint32_t group,
			    uint32_t workshop, uint32_t workshops,
			    uint32_t meeting);

#endif
