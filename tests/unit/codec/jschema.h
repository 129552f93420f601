/*
 * jschema.h — a small JSON Schema (draft 2020-12) checker for the codec
 * tests: exactly the subset proto/schemas/ uses (type, const, enum,
 * properties, required, additionalProperties: false, min/maxLength in
 * code points, pattern of the form ^[class]*$, minimum, maximum, items,
 * minItems, maxItems, $ref to "#/$defs/x" or "file.json#/$defs/x").
 * Any other keyword is an error, so a schema can never use a rule this
 * checker silently ignores.
 */
#ifndef TESTS_JSCHEMA_H
#define TESTS_JSCHEMA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct jschema {
	char dir[512]; /* proto/schemas */
	json_t *cache; /* file name -> parsed schema */
	char err[512]; /* first failure: path and reason */
};

void jschema_init(struct jschema *js, const char *dir);
void jschema_free(struct jschema *js);
/* Borrowed reference to the schema in dir/file (cached), NULL if absent. */
json_t *jschema_load(struct jschema *js, const char *file);
/* Validates inst against dir/file; false with js->err set. */
bool jschema_check(struct jschema *js, const char *file, json_t *inst);
/* Follows a {"$ref": ...} (relative to file) to its target; returns the
 * node itself when it has no $ref. Borrowed. */
json_t *jschema_deref(struct jschema *js, const char *file, json_t *node);
/* Whether the code points of s match a pattern "^[class]*$". */
bool jschema_pattern(const char *pattern, const char *s, char *err,
		     size_t errlen);

#endif
