/*
 * records.c — encoding the client's records (records.h).
 */
#include "codec/records.h"

#include <jansson.h>

#include "codec/roomjson.h"
#include "core/room.h"

static json_t *head(const char *type, const char *re)
{
	json_t *o = json_object();

	if (o && roomjson_set(o, "type", json_string(type)) &&
	    roomjson_set(o, "re", re ? json_string(re) : json_null()))
		return o;
	json_decref(o);
	return NULL;
}

static bool describe(json_t *o, const struct codec_record_item *it)
{
	return roomjson_set(o, "room", json_string(it->room)) &&
	       roomjson_set(o, "group", json_integer(it->group)) &&
	       roomjson_set(o, "created_ms", json_integer(it->created_ms));
}

static json_t *list_item(const struct codec_record_item *it)
{
	json_t *o = json_object();

	if (o && describe(o, it) &&
	    roomjson_set(o, "title", json_string(it->r->sheet.title)) &&
	    roomjson_set(o, "question", json_string(it->r->sheet.question)))
		return o;
	json_decref(o);
	return NULL;
}

char *codec_records_list(const char *re, const struct codec_record_item *v,
			 size_t n)
{
	json_t *o = head("records", re), *list = json_array();
	bool okay = o && list;

	for (size_t i = 0; okay && i < n; i++) {
		json_t *item = list_item(&v[i]);
		okay = item && !json_array_append_new(list, item);
	}
	if (okay && roomjson_set(o, "records", list))
		return roomjson_dump(o);
	if (!okay)
		json_decref(list);
	json_decref(o);
	return NULL;
}

char *codec_record(const char *re, const struct codec_record_item *it,
		   int64_t mono_now, int64_t wall_now)
{
	json_t *o = head("record", re);

	if (o && describe(o, it) &&
	    roomjson_set(o, "snapshot",
			 roomjson_room(it->r, mono_now, wall_now)))
		return roomjson_dump(o);
	json_decref(o);
	return NULL;
}
