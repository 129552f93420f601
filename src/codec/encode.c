/*
 * encode.c — replies to one connection: ack, error, pong, welcome, and
 * the bare room snapshot.
 *
 * Invariants: "type" comes first and "re" second in every reply (jansson
 * keeps insertion order), so logs and humans read them easily; "re" is
 * the request id verbatim, or null only in an error whose request id was
 * unreadable. Results are malloc'd strings for the caller to free.
 */
#include "codec/codec.h"
#include "codec/roomjson.h"

/* {"type": type, "re": re-or-null}; NULL on OOM. */
static json_t *reply(const char *type, const char *re)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	if (!roomjson_set(o, "type", json_string(type)) ||
	    !roomjson_set(o, "re", re ? json_string(re) : json_null())) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Releases o and returns NULL unless okay; dumps it otherwise. */
static char *finish(json_t *o, bool okay)
{
	if (!okay) {
		json_decref(o);
		return NULL;
	}
	return roomjson_dump(o);
}

char *codec_encode_ack(const char *re, uint64_t seq)
{
	json_t *o = reply("ack", re);
	bool okay = o != NULL;
	if (okay && seq)
		okay = roomjson_set(o, "seq", json_integer((json_int_t)seq));
	return finish(o, okay);
}

char *codec_encode_error(const char *re, const struct codec_error *e)
{
	json_t *o = reply("error", re);
	bool okay = o &&
		    roomjson_set(o, "code",
				 json_string(codec_error_code(e->err))) &&
		    roomjson_set(o, "message", json_string(e->message));
	if (okay && e->field[0])
		okay = roomjson_set(o, "field", json_string(e->field));
	return finish(o, okay);
}

char *codec_encode_pong(const char *re, int64_t t0, int64_t server_ms)
{
	json_t *o = reply("pong", re);
	bool okay = o && roomjson_set(o, "t0", json_integer((json_int_t)t0)) &&
		    roomjson_set(o, "server_ms",
				 json_integer((json_int_t)server_ms));
	return finish(o, okay);
}

/* {"participant", "role"}; without a room (replay) only the id. */
static json_t *you(const struct room *r, uint32_t pid)
{
	const struct core_participant *p = r ? room_participant(r, pid) : NULL;
	json_t *o = (p || !r) ? json_object() : NULL;
	if (!o)
		return NULL;
	bool okay = roomjson_set(o, "participant", json_integer(pid));
	if (okay && p)
		okay = roomjson_set(o, "role",
				    json_string(core_role_name(p->role)));
	if (!okay) {
		json_decref(o);
		return NULL;
	}
	return o;
}

char *codec_encode_welcome(const struct room *r, const char *re, uint32_t pid,
			   const char *resume_secret, bool resumed,
			   uint64_t seq, int64_t mono_now, int64_t wall_now)
{
	json_t *o = reply("welcome", re);
	bool okay = o && roomjson_set(o, "you", you(r, pid)) &&
		    roomjson_set(o, "resume", json_string(resume_secret)) &&
		    roomjson_set(o, "resumed", json_boolean(resumed)) &&
		    roomjson_set(o, "server_ms", json_integer(wall_now)) &&
		    roomjson_set(o, "seq", json_integer((json_int_t)seq));
	if (okay && r)
		okay = roomjson_set(o, "room",
				    roomjson_room(r, mono_now, wall_now));
	return finish(o, okay);
}

char *codec_encode_snapshot(const struct room *r, int64_t mono_now,
			    int64_t wall_now)
{
	return roomjson_dump(roomjson_room(r, mono_now, wall_now));
}
