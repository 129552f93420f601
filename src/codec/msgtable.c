/*
 * msgtable.c — every client request of codev.v1, as data.
 *
 * Invariants (checked by tests/unit/codec/test_schema.c against
 * proto/schemas/<type>.json): one entry per request schema and vice
 * versa; field names, required-ness, kinds, bounds and patterns equal the
 * schema's; every command type of core/cmd.h appears exactly once and its
 * wire name is core_cmd_name(). The envelope keys "type" and "id" are
 * common to all requests and handled by decode.c, not listed here.
 */
#include "codec/msgtable.h"

#include <string.h>

#include "auth/token.h"

#define OFF(m) offsetof(struct codec_request, m)
#define LIM(m) offsetof(struct codec_limits, m)
#define ID_MAX 4294967295LL /* participant, question, suggestion ids */

#define STR(n, req, dst, lo, lim, pat)                                         \
	{                                                                      \
		.name = n, .kind = MT_STR, .required = req, .off = OFF(dst),   \
		.present_off = MT_NO_OFF, .min = lo, .limit_off = LIM(lim),    \
		.pattern = pat                                                 \
	}
#define STR_FIXED(n, req, dst, lo, hi, pat)                                    \
	{                                                                      \
		.name = n, .kind = MT_STR, .required = req, .off = OFF(dst),   \
		.present_off = MT_NO_OFF, .min = lo, .max = hi,                \
		.limit_off = MT_NO_LIMIT, .pattern = pat                       \
	}
#define INT(n, req, dst, width, lo, hi)                                        \
	{                                                                      \
		.name = n, .kind = MT_INT, .required = req, .dest = width,     \
		.off = OFF(dst), .present_off = MT_NO_OFF, .min = lo,          \
		.max = hi, .limit_off = MT_NO_LIMIT                            \
	}
#define BOOL(n, req, dst)                                                      \
	{                                                                      \
		.name = n, .kind = MT_BOOL, .required = req, .off = OFF(dst),  \
		.present_off = MT_NO_OFF, .limit_off = MT_NO_LIMIT             \
	}
#define FIELDS(a) a, sizeof(a) / sizeof((a)[0])
#define NOFIELDS NULL, 0

static const struct mt_field hello_f[] = {
	STR_FIXED("token", true, hello.token, 1, CODEC_TOKEN_MAX, PAT_B64URL),
	STR("name", false, hello.name, 1, max_name, PAT_SINGLE_LINE),
	STR_FIXED("resume", false, hello.resume, 1, CODEC_RESUME_MAX,
		  PAT_B64URL),
	STR_FIXED("seat", false, hello.seat, CODEC_SEAT_MIN, CODEC_SEAT_MAX,
		  PAT_B64URL),
	STR_FIXED("room", false, hello.room, 1, TOKEN_ROOM_MAX, PAT_B64URL),
	BOOL("observe", false, hello.observe),
	{.name = "last_seq",
	 .kind = MT_INT,
	 .dest = D_U64,
	 .off = OFF(hello.last_seq),
	 .present_off = OFF(hello.has_last_seq),
	 .min = 0,
	 .max = CODEC_INT_MAX,
	 .limit_off = MT_NO_LIMIT},
};
static const struct mt_field ping_f[] = {
	INT("t0", true, ping.t0, D_I64, 0, CODEC_INT_MAX),
};
static const struct mt_field help_f[] = {
	STR_FIXED("message", false, help.message, 1, 500, PAT_NONE),
};
static const struct mt_field console_f[] = {
	STR_FIXED("token", true, console.token, 1, CODEC_TOKEN_MAX, PAT_B64URL),
	INT("session", true, console.session, D_U32, 1, 2147483647),
};
static const struct mt_field record_get_f[] = {
	STR_FIXED("room", true, record.room, 1, TOKEN_ROOM_MAX, PAT_B64URL),
};
static const struct mt_field name_set_f[] = {
	STR("name", true, cmd.u.name_set.name, 1, max_name, PAT_SINGLE_LINE),
};
static const struct mt_field role_assign_f[] = {
	INT("participant", true, cmd.u.role_assign.participant, D_U32, 1,
	    ID_MAX),
	{.name = "role",
	 .kind = MT_ROLE,
	 .required = true,
	 .off = OFF(cmd.u.role_assign.role),
	 .present_off = MT_NO_OFF,
	 .limit_off = MT_NO_LIMIT},
};
static const struct mt_field backup_set_f[] = {
	INT("participant", true, cmd.u.backup_set.participant, D_U32, 0,
	    ID_MAX),
};
static const struct mt_field step_next_f[] = {
	BOOL("confirm", false, cmd.u.step_next.confirm),
};
static const struct mt_field step_goto_f[] = {
	INT("step", true, cmd.u.step_goto.step, D_U32, 0, CORE_MAX_STEPS - 1),
	BOOL("confirm", false, cmd.u.step_goto.confirm),
};
static const struct mt_field timer_extend_f[] = {
	INT("minutes", true, cmd.u.timer_extend.minutes, D_U32, 1, 60),
};
static const struct mt_field hand_lower_f[] = {
	INT("participant", false, cmd.u.hand_lower.participant, D_U32, 1,
	    ID_MAX),
};
static const struct mt_field floor_give_f[] = {
	INT("participant", true, cmd.u.floor_give.participant, D_U32, 0,
	    ID_MAX),
};
static const struct mt_field sheet_update_f[] = {
	STR("title", true, cmd.u.sheet_update.title, 0, max_title,
	    PAT_SINGLE_LINE),
	STR("question", true, cmd.u.sheet_update.question, 0, max_question,
	    PAT_SINGLE_LINE),
	STR("context", true, cmd.u.sheet_update.context, 0, max_long_text,
	    PAT_NONE),
	STR("tried", true, cmd.u.sheet_update.tried, 0, max_long_text,
	    PAT_NONE),
	STR("help_wanted", true, cmd.u.sheet_update.help_wanted, 0,
	    max_long_text, PAT_NONE),
};
static const struct mt_field contract_set_f[] = {
	STR("text", true, cmd.u.text.text, 1, max_long_text, PAT_NONE),
};
static const struct mt_field item_text_f[] = {
	STR("text", true, cmd.u.text.text, 1, max_item_text, PAT_NONE),
};
static const struct mt_field question_answer_f[] = {
	INT("question", true, cmd.u.question_answer.question, D_U32, 1, ID_MAX),
	STR("text", true, cmd.u.question_answer.text, 1, max_item_text,
	    PAT_NONE),
};
static const struct mt_field suggestion_keep_f[] = {
	INT("suggestion", true, cmd.u.suggestion_keep.suggestion, D_U32, 1,
	    ID_MAX),
	BOOL("kept", true, cmd.u.suggestion_keep.kept),
};

/* Plan items land in struct core_plan_item, not struct codec_request. */
static const struct mt_field plan_item_f[] = {
	{.name = "action",
	 .kind = MT_STR,
	 .required = true,
	 .off = offsetof(struct core_plan_item, action),
	 .present_off = MT_NO_OFF,
	 .min = 1,
	 .limit_off = LIM(max_plan_action),
	 .pattern = PAT_NONE},
	{.name = "by_when",
	 .kind = MT_STR,
	 .required = true,
	 .off = offsetof(struct core_plan_item, by_when),
	 .present_off = MT_NO_OFF,
	 .min = 0,
	 .limit_off = LIM(max_plan_by_when),
	 .pattern = PAT_SINGLE_LINE},
};
static const struct mt_field plan_update_f[] = {
	{.name = "items",
	 .kind = MT_ARRAY,
	 .required = true,
	 .off = OFF(cmd.u.plan_update.items),
	 .present_off = MT_NO_OFF,
	 .min = 0,
	 .max = CORE_PLAN_MAX_ITEMS,
	 .limit_off = MT_NO_LIMIT,
	 .sub = FIELDS(plan_item_f),
	 .elem_size = sizeof(struct core_plan_item),
	 .count_off = OFF(cmd.u.plan_update.n)},
};
static const struct mt_field participant_merge_f[] = {
	INT("participant", true, cmd.u.participant_merge.participant, D_U32, 1,
	    ID_MAX),
	INT("into", true, cmd.u.participant_merge.into, D_U32, 1, ID_MAX),
};
static const struct mt_field participant_remove_f[] = {
	INT("participant", true, cmd.u.participant_remove.participant, D_U32, 1,
	    ID_MAX),
};
static const struct mt_field item_hide_f[] = {
	{.name = "kind",
	 .kind = MT_ITEM_KIND,
	 .required = true,
	 .off = OFF(cmd.u.item_hide.kind),
	 .present_off = MT_NO_OFF,
	 .limit_off = MT_NO_LIMIT},
	INT("item", true, cmd.u.item_hide.item, D_U32, 1, ID_MAX),
	BOOL("hidden", true, cmd.u.item_hide.hidden),
};
static const struct mt_field notes_update_f[] = {
	STR("text", true, cmd.u.text.text, 0, max_notes, PAT_NONE),
};

#define CMD(n, c, f)                                                           \
	{                                                                      \
		n, REQ_COMMAND, c, f                                           \
	}

const struct mt_msg codec_msgtable[] = {
	{"hello", REQ_HELLO, CMD__COUNT, FIELDS(hello_f)},
	{"ping", REQ_PING, CMD__COUNT, FIELDS(ping_f)},
	{"help.request", REQ_HELP, CMD__COUNT, FIELDS(help_f)},
	{"console.watch", REQ_CONSOLE_WATCH, CMD__COUNT, FIELDS(console_f)},
	{"records.list", REQ_RECORDS_LIST, CMD__COUNT, NOFIELDS},
	{"record.get", REQ_RECORD_GET, CMD__COUNT, FIELDS(record_get_f)},
	CMD("name.set", CMD_NAME_SET, FIELDS(name_set_f)),
	CMD("role.assign", CMD_ROLE_ASSIGN, FIELDS(role_assign_f)),
	CMD("backup.set", CMD_BACKUP_SET, FIELDS(backup_set_f)),
	CMD("step.next", CMD_STEP_NEXT, FIELDS(step_next_f)),
	CMD("step.prev", CMD_STEP_PREV, NOFIELDS),
	CMD("step.goto", CMD_STEP_GOTO, FIELDS(step_goto_f)),
	CMD("timer.start", CMD_TIMER_START, NOFIELDS),
	CMD("timer.pause", CMD_TIMER_PAUSE, NOFIELDS),
	CMD("timer.resume", CMD_TIMER_RESUME, NOFIELDS),
	CMD("timer.extend", CMD_TIMER_EXTEND, FIELDS(timer_extend_f)),
	CMD("timer.reset", CMD_TIMER_RESET, NOFIELDS),
	CMD("hand.raise", CMD_HAND_RAISE, NOFIELDS),
	CMD("hand.lower", CMD_HAND_LOWER, FIELDS(hand_lower_f)),
	CMD("floor.give", CMD_FLOOR_GIVE, FIELDS(floor_give_f)),
	CMD("round.start", CMD_ROUND_START, NOFIELDS),
	CMD("round.next", CMD_ROUND_NEXT, NOFIELDS),
	CMD("sheet.update", CMD_SHEET_UPDATE, FIELDS(sheet_update_f)),
	CMD("contract.set", CMD_CONTRACT_SET, FIELDS(contract_set_f)),
	CMD("question.add", CMD_QUESTION_ADD, FIELDS(item_text_f)),
	CMD("question.answer", CMD_QUESTION_ANSWER, FIELDS(question_answer_f)),
	CMD("suggestion.add", CMD_SUGGESTION_ADD, FIELDS(item_text_f)),
	CMD("suggestion.keep", CMD_SUGGESTION_KEEP, FIELDS(suggestion_keep_f)),
	CMD("enough.signal", CMD_ENOUGH_SIGNAL, NOFIELDS),
	CMD("plan.update", CMD_PLAN_UPDATE, FIELDS(plan_update_f)),
	CMD("learning.add", CMD_LEARNING_ADD, FIELDS(item_text_f)),
	CMD("notes.update", CMD_NOTES_UPDATE, FIELDS(notes_update_f)),
	CMD("room.lock", CMD_ROOM_LOCK, NOFIELDS),
	CMD("room.unlock", CMD_ROOM_UNLOCK, NOFIELDS),
	CMD("room.end", CMD_ROOM_END, NOFIELDS),
	CMD("participant.remove", CMD_PARTICIPANT_REMOVE,
	    FIELDS(participant_remove_f)),
	CMD("participant.merge", CMD_PARTICIPANT_MERGE,
	    FIELDS(participant_merge_f)),
	CMD("item.hide", CMD_ITEM_HIDE, FIELDS(item_hide_f)),
};
const size_t codec_msgtable_len =
	sizeof(codec_msgtable) / sizeof(codec_msgtable[0]);

/* A linear scan: 30 short names, and no per-type code path. */
const struct mt_msg *codec_msgtable_find(const char *type)
{
	for (size_t i = 0; i < codec_msgtable_len; i++)
		if (!strcmp(codec_msgtable[i].name, type))
			return &codec_msgtable[i];
	return NULL;
}

const char *codec_pattern_regex(enum mt_pattern p)
{
	static const char *const re[PAT__COUNT] = {
		[PAT_SINGLE_LINE] = "^[^\\u0000-\\u001F\\u007F]*$",
		[PAT_B64URL] = "^[A-Za-z0-9_-]*$",
		[PAT_ID] = "^[!-~]*$",
	};
	return (unsigned)p < PAT__COUNT ? re[p] : NULL;
}

static bool char_ok(enum mt_pattern p, unsigned char c)
{
	switch (p) {
	case PAT_SINGLE_LINE:
		return c >= 0x20 && c != 0x7f; /* bytes >= 0x80: UTF-8, ok */
	case PAT_B64URL:
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		       (c >= '0' && c <= '9') || c == '-' || c == '_';
	case PAT_ID:
		return c >= '!' && c <= '~';
	default:
		return true;
	}
}

bool codec_pattern_match(enum mt_pattern p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!char_ok(p, (unsigned char)s[i]))
			return false;
	return true;
}

size_t codec_field_max(const struct mt_field *f, const struct codec_limits *lim)
{
	if (f->limit_off == MT_NO_LIMIT)
		return (size_t)f->max;
	size_t v;
	memcpy(&v, (const char *)lim + f->limit_off, sizeof v);
	return v;
}
