/*
 * errors.c — the one mapping from internal errors to the wire.
 *
 * Every enum core_err value has a stable code (proto/README.md, and the
 * "code" enum of proto/schemas/error.json, checked by a test) and a
 * default human message. Codes never change meaning once published; a new
 * error gets a new code. Messages are English and never quote values.
 */
#include "codec/codec.h"

#include <string.h>

#include "util/utf8.h"

struct err_desc {
	const char *code;
	const char *message;
};

static const struct err_desc errs[CORE_E__COUNT] = {
	[CORE_OK] = {"ok", "ok"},
	[CORE_E_BAD_JSON] = {"bad_json", "not a valid JSON object"},
	[CORE_E_UNKNOWN_TYPE] = {"unknown_type", "unknown message type"},
	[CORE_E_BAD_FIELD] = {"bad_field", "invalid field"},
	[CORE_E_FORBIDDEN] = {"forbidden", "your role may not do this"},
	[CORE_E_WRONG_STEP] = {"wrong_step", "not allowed in the current step"},
	[CORE_E_NOT_FOUND] = {"not_found", "no such item"},
	[CORE_E_LIMIT] = {"limit", "a limit of the room is reached"},
	[CORE_E_CONFLICT] = {"conflict",
			     "the room state does not allow it now"},
	[CORE_E_CONFIRM_REQUIRED] = {"confirm_required",
				     "send again with confirm: true"},
	[CORE_E_STORAGE] = {"storage", "could not save; try again"},
	[CORE_E_UNAUTHORIZED] = {"unauthorized", "this link is not valid"},
	[CORE_E_INTERNAL] = {"internal", "internal error"},
	[CORE_E_LOCKED] = {"locked",
			   "the room is locked: nobody new may enter"},
	[CORE_E_ENDED] = {"ended", "the workshop has ended"},
	[CORE_E_REMOVED] = {"removed",
			    "the facilitator removed you from this room"},
	[CORE_E_ROOM_FULL] = {"room_full", "every seat of the room is taken"},
};

static const struct err_desc *desc(enum core_err err)
{
	if ((unsigned)err >= CORE_E__COUNT || !errs[err].code)
		return &errs[CORE_E_INTERNAL];
	return &errs[err];
}

const char *codec_error_code(enum core_err err)
{
	return desc(err)->code;
}

int codec_close_code(enum core_err err)
{
	if (err == CORE_E_REMOVED)
		return CODEC_CLOSE_REMOVED;
	return err == CORE_E_UNAUTHORIZED ? CODEC_CLOSE_UNAUTHORIZED : 0;
}

/* Truncates on a UTF-8 boundary: the result goes into a JSON string, and
 * jansson refuses invalid UTF-8 (the whole error would be lost). */
static void copy_utf8(char *dst, size_t cap, const char *src)
{
	size_t n = utf8_prefix(src, strnlen(src, cap - 1));

	memcpy(dst, src, n);
	dst[n] = '\0';
}

void codec_error_set(struct codec_error *e, enum core_err err,
		     const char *field, const char *message)
{
	e->err = err;
	copy_utf8(e->field, sizeof e->field, field ? field : "");
	copy_utf8(e->message, sizeof e->message,
		  message ? message : desc(err)->message);
}
