/*
 * perm_export.c — prints the core's permission table as JSON, for the
 * authorization matrix test (authz.test.js), which checks that it equals
 * the hand-written rules of tests/fixtures/permissions.txt (the live hub's
 * answers are compared with the fixture, not with this output):
 *   {"permits": {"<command>": {"<role>": {"<step kind>": "ok" |
 *    "forbidden" | "wrong_step"}}}, "others": {"<command>": ["<role>"...]}}
 * Names come from the core's own name tables, values from core_permits()
 * and core_permits_on_others(): nothing is restated here.
 */
#include <stdio.h>

#include "core/room.h"

int main(void)
{
	printf("{\"permits\":{");
	for (int c = 0; c < CMD__COUNT; c++) {
		printf("%s\"%s\":{", c ? "," : "", core_cmd_name(c));
		for (int r = 0; r < ROLE__COUNT; r++) {
			printf("%s\"%s\":{", r ? "," : "", core_role_name(r));
			for (int k = 0; k < STEP__COUNT; k++)
				printf("%s\"%s\":\"%s\"", k ? "," : "",
				       core_step_kind_name(k),
				       core_err_name(core_permits(c, r, k)));
			printf("}");
		}
		printf("}");
	}
	printf("},\"others\":{");
	for (int c = 0; c < CMD__COUNT; c++) {
		printf("%s\"%s\":[", c ? "," : "", core_cmd_name(c));
		for (int r = 0, n = 0; r < ROLE__COUNT; r++)
			if (core_permits_on_others(c, r))
				printf("%s\"%s\"", n++ ? "," : "",
				       core_role_name(r));
		printf("]");
	}
	printf("}}\n");
	return 0;
}
