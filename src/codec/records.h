/*
 * records.h — the client's records of their workshops, as replies to
 * records.list and record.get (proto/sessions.md): what a person who was
 * client in a session's rooms can read again through their personal link.
 */
#ifndef CODEC_RECORDS_H
#define CODEC_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "auth/token.h"

struct room;

/* One workshop where the person was client. */
struct codec_record_item {
	char room[TOKEN_ROOM_MAX + 1];
	uint32_t group;
	int64_t created_ms; /* hub time, comparable to the wall clock */
	const struct room *r;
};

/* {"type":"records","re":…,"records":[{room, group, created_ms, title,
 * question}…]}: the list, without the records' content. malloc'd. */
char *codec_records_list(const char *re, const struct codec_record_item *v,
			 size_t n);
/* {"type":"record","re":…,"room":…,"group":…,"created_ms":…,
 * "snapshot":{the room, as in a welcome}}. malloc'd. */
char *codec_record(const char *re, const struct codec_record_item *it,
		   int64_t mono_now, int64_t wall_now);

#endif
