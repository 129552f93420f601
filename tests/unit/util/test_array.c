/* Unit tests for util/array: capacities by doubling from the minimum,
 * contents kept across growth, overflow refused without touching the
 * array. */
#include <stdint.h>
#include <stdlib.h>

#include "tap.h"
#include "util/array.h"

struct item {
	uint32_t a, b;
};

static void test_doubling(void)
{
	struct item *v = NULL, *before;
	size_t cap = 0;
	/* need → capacity after the call, starting from an empty array. */
	static const struct {
		size_t need, cap;
	} steps[] = {
		{0, 0},	  /* nothing needed: stays empty */
		{1, 4},	  /* the minimum */
		{4, 4},	  /* fits */
		{5, 8},	  /* doubles */
		{17, 32}, /* doubles twice */
		{32, 32}, /* fits exactly */
		{1000, 1024},
	};

	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		is_int(array_grow(&v, &cap, steps[i].need, sizeof *v), 0,
		       "grow to hold %zu", steps[i].need);
		is_int(cap, steps[i].cap, "capacity %zu for %zu items",
		       steps[i].cap, steps[i].need);
		if (v && cap >= steps[i].need && steps[i].need)
			v[steps[i].need - 1] =
				(struct item){(uint32_t)i, (uint32_t)i * 7};
	}
	ok(v != NULL, "the array was allocated");
	/* The items written at each step survived every later growth. */
	ok(v && v[0].a == 1 && v[3].a == 2 && v[4].a == 3 && v[16].a == 4 &&
		   v[31].a == 5 && v[31].b == 35 && v[999].a == 6,
	   "items are kept across reallocations");

	before = v;
	is_int(array_grow(&v, &cap, 1024, sizeof *v), 0, "a need that fits");
	ok(v == before && cap == 1024, "does not reallocate");
	free(v);

	/* A capacity below the minimum (set by someone else) grows from 4. */
	v = malloc(2 * sizeof *v);
	cap = 2;
	is_int(array_grow(&v, &cap, 3, sizeof *v), 0, "grow a 2-item array");
	is_int(cap, 4, "to the minimum");
	free(v);
}

static void test_overflow(void)
{
	struct item *v = NULL, *before;
	size_t cap = 0;

	is_int(array_grow(&v, &cap, SIZE_MAX / sizeof *v + 1, sizeof *v), -1,
	       "a byte size past SIZE_MAX is refused");
	ok(v == NULL && cap == 0, "and leaves the empty array alone");

	ok(!array_grow(&v, &cap, 3, sizeof *v), "a small array");
	before = v;
	/* Doubling 4 up past SIZE_MAX / 2 falls back to need itself, whose
	 * bytes still overflow. */
	is_int(array_grow(&v, &cap, SIZE_MAX / 2 + 2, 2), -1,
	       "a need whose doubling overflows is refused");
	ok(v == before && cap == 4, "and leaves the array alone");
	is_int(array_grow(&v, &cap, 5, 0), -1, "item_size 0 is refused");
	is_int(cap, 4, "capacity unchanged");
	free(v);
}

int main(void)
{
	test_doubling();
	test_overflow();
	return tap_done();
}
