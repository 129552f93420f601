/*
 * Unit tests for util/utf8: tables of valid and invalid sequences written
 * by hand from RFC 3629 (its section 4 syntax and section 7 examples) and
 * the boundaries of each length, with the code points they encode.
 */
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "util/utf8.h"

/* One character each: its bytes and code point. */
static const struct {
	const char *s;
	size_t len;
	uint32_t cp;
} one[] = {
	{"\x00", 1, 0x0000}, /* U+0000 is valid UTF-8 */
	{"A", 1, 0x41},
	{"\x7F", 1, 0x7F},
	{"\xC2\x80", 2, 0x80}, /* smallest two-byte */
	{"\xC3\xA9", 2, 0xE9}, /* é */
	{"\xDF\xBF", 2, 0x7FF},
	{"\xE0\xA0\x80", 3, 0x800},  /* smallest three-byte */
	{"\xE2\x82\xAC", 3, 0x20AC}, /* € */
	{"\xED\x9F\xBF", 3, 0xD7FF}, /* just below the surrogates */
	{"\xEE\x80\x80", 3, 0xE000}, /* just above them */
	{"\xEF\xBB\xBF", 3, 0xFEFF}, /* BOM */
	{"\xEF\xBF\xBF", 3, 0xFFFF},
	{"\xF0\x90\x80\x80", 4, 0x10000},  /* smallest four-byte */
	{"\xF0\xA3\x8E\xB4", 4, 0x233B4},  /* RFC 3629 section 7 */
	{"\xF4\x8F\xBF\xBF", 4, 0x10FFFF}, /* the largest */
};

/* Not valid anywhere in a string. */
static const struct {
	const char *s;
	size_t len;
	const char *why;
} bad[] = {
	{"\x80", 1, "a lone continuation byte"},
	{"\xBF", 1, "a lone continuation byte (last)"},
	{"\xC0\x80", 2, "overlong U+0000 (C0)"},
	{"\xC1\xBF", 2, "overlong U+007F (C1)"},
	{"\xE0\x80\x80", 3, "overlong U+0000 in three bytes"},
	{"\xE0\x9F\xBF", 3, "overlong U+07FF in three bytes"},
	{"\xF0\x80\x80\x80", 4, "overlong U+0000 in four bytes"},
	{"\xF0\x8F\xBF\xBF", 4, "overlong U+FFFF in four bytes"},
	{"\xED\xA0\x80", 3, "surrogate U+D800"},
	{"\xED\xAD\xBF", 3, "surrogate U+DB7F"},
	{"\xED\xBF\xBF", 3, "surrogate U+DFFF"},
	{"\xED\xA0\x80\xED\xB0\x80", 6, "a surrogate pair (CESU-8)"},
	{"\xF4\x90\x80\x80", 4, "U+110000, past U+10FFFF"},
	{"\xF5\x80\x80\x80", 4, "lead F5"},
	{"\xF7\xBF\xBF\xBF", 4, "lead F7 (U+1FFFFF)"},
	{"\xF8\x88\x80\x80\x80", 5, "a five-byte form"},
	{"\xFC\x84\x80\x80\x80\x80", 6, "a six-byte form"},
	{"\xFE", 1, "FE"},
	{"\xFF", 1, "FF"},
	{"\xC2", 1, "two-byte lead, cut"},
	{"\xE2\x82", 2, "three-byte lead, cut after two"},
	{"\xF0\x9F\x98", 3, "four-byte lead, cut after three"},
	{"\xC2"
	 "A",
	 2, "a lead followed by ASCII"},
	{"\xE2\x28\xA1", 3, "a lead whose second byte is ASCII"},
	{"\xE2\x82\x28", 3, "a lead whose third byte is ASCII"},
};

/* Whole strings. */
static const struct {
	const char *s;
	size_t len, count;
} text[] = {
	{"", 0, 0},
	{"hello", 5, 5},
	{"\x41\xE2\x89\xA2\xCE\x91\x2E", 7, 4},		/* RFC 3629: A≢Α. */
	{"\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4", 9, 3}, /* 한국어 */
	{"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", 9, 3}, /* 日本語 */
	{"\xEF\xBB\xBF\xF0\xA3\x8E\xB4", 7, 2},		/* BOM, U+233B4 */
	{"a\0b", 3, 3},
	{"Zo\xC3\xA9 \xF0\x9F\x98\x80", 9, 5}, /* Zoé 😀 */
};

static void test_next(void)
{
	for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
		uint32_t cp = 0xDEAD;
		is_int(utf8_next(one[i].s, one[i].len, &cp), one[i].len,
		       "U+%04X is %zu bytes", (unsigned)one[i].cp, one[i].len);
		is_int(cp, one[i].cp, "U+%04X decodes", (unsigned)one[i].cp);
		ok(utf8_valid(one[i].s, one[i].len), "U+%04X is valid",
		   (unsigned)one[i].cp);
		if (one[i].len > 1)
			is_int(utf8_next(one[i].s, one[i].len - 1, &cp), 0,
			       "U+%04X without its last byte is not",
			       (unsigned)one[i].cp);
	}
	is_int(utf8_next("A", 0, NULL), 0, "nothing at n = 0");
	is_int(utf8_next("\xE2\x82\xAC"
			 "x",
			 4, NULL),
	       3, "the length of the first sequence only; cp may be NULL");
}

static void test_bad(void)
{
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint32_t cp = 0xBEEF;
		char buf[16];

		is_int(utf8_next(bad[i].s, bad[i].len, &cp), 0,
		       "no sequence: %s", bad[i].why);
		is_int(cp, 0xBEEF, "cp untouched: %s", bad[i].why);
		ok(!utf8_valid(bad[i].s, bad[i].len), "invalid: %s",
		   bad[i].why);
		/* Inside text, the prefix stops right before it. */
		memcpy(buf, "ok", 2);
		memcpy(buf + 2, bad[i].s, bad[i].len);
		is_int(utf8_prefix(buf, 2 + bad[i].len), 2,
		       "the valid prefix ends before: %s", bad[i].why);
	}
}

static void test_text(void)
{
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
		ok(utf8_valid(text[i].s, text[i].len), "text %zu is valid", i);
		is_int(utf8_prefix(text[i].s, text[i].len), text[i].len,
		       "text %zu is its own valid prefix", i);
		is_int(utf8_count(text[i].s, text[i].len), text[i].count,
		       "text %zu has %zu code points", i, text[i].count);
	}
}

/* Cutting text at a byte count keeps whole characters only. */
static void test_cut(void)
{
	static const char s[] =
		"a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"; /* aé€😀 */
	static const struct {
		size_t at, want;
	} cut[] = {
		{0, 0}, {1, 1}, {2, 1}, {3, 3}, {4, 3},	  {5, 3},
		{6, 6}, {7, 6}, {8, 6}, {9, 6}, {10, 10},
	};

	for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++)
		is_int(utf8_prefix(s, cut[i].at), cut[i].want,
		       "cut at %zu keeps %zu bytes", cut[i].at, cut[i].want);
	is_int(utf8_next("\xC3\xA9\xA9", 3, NULL), 2,
	       "a continuation byte too many: the character before is whole");
	ok(!utf8_valid("\xC3\xA9\xA9", 3), "but the text is not valid");
	is_int(utf8_prefix("ab\x80"
			   "cd",
			   5),
	       2, "a stray byte ends the prefix even when valid text follows");
}

int main(void)
{
	test_next();
	test_bad();
	test_text();
	test_cut();
	return tap_done();
}
