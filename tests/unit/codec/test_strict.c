/* Unit tests for codec/strict: the first key not allowed, in the order of
 * the text, from a list or from a predicate. */
#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "codec/strict.h"
#include "tap.h"

static json_t *obj(const char *text)
{
	json_t *o = json_loads(text, JSON_REJECT_DUPLICATES, NULL);

	if (!json_is_object(o))
		printf("# not an object: %s\n", text);
	return o;
}

static void test_list(void)
{
	static const char *const ab[] = {"a", "b", NULL};
	static const char *const none[] = {NULL};
	static const struct {
		const char *text, *want; /* want NULL: every key allowed */
	} cases[] = {
		{"{}", NULL},
		{"{\"a\":1}", NULL},
		{"{\"b\":1,\"a\":2}", NULL},
		{"{\"c\":1}", "c"},
		{"{\"a\":1,\"z\":2,\"y\":3}", "z"}, /* the first, in order */
		{"{\"y\":1,\"z\":2}", "y"},
		{"{\"A\":1}", "A"},   /* case matters */
		{"{\"ab\":1}", "ab"}, /* whole keys only */
		{"{\"\":1}", ""},     /* the empty key */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *o = obj(cases[i].text);
		const char *got = strict_unknown_key(o, ab);

		if (cases[i].want)
			is_str(got, cases[i].want, "%s: names \"%s\"",
			       cases[i].text, cases[i].want);
		else
			ok(got == NULL, "%s: every key allowed", cases[i].text);
		json_decref(o);
	}
	json_t *o = obj("{\"a\":1}");
	is_str(strict_unknown_key(o, none), "a", "an empty list allows none");
	json_decref(o);
	o = obj("{}");
	ok(strict_unknown_key(o, none) == NULL, "{} passes an empty list");
	json_decref(o);
}

static bool short_key(void *ud, const char *key)
{
	return strlen(key) <= *(size_t *)ud;
}

static void test_fn(void)
{
	size_t max = 2;
	json_t *o = obj("{\"ab\":1,\"abc\":2,\"abcd\":3}");

	is_str(strict_unknown_key_fn(o, short_key, &max), "abc",
	       "the predicate decides, first refusal wins");
	max = 4;
	ok(strict_unknown_key_fn(o, short_key, &max) == NULL,
	   "and passes when it allows all");
	json_decref(o);
}

int main(void)
{
	test_list();
	test_fn();
	return tap_done();
}
