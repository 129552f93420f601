/*
 * perm_fixture.h — reads tests/fixtures/permissions.txt, the permission
 * rules written once by hand (format in the file's header), into masks
 * shaped like the core's table, so test_perm.c can compare every cell of
 * core_permits() / core_permits_on_others() with an independent source.
 *
 * Only names are taken from the core (core_cmd_parse, core_role_parse,
 * core_step_kind_parse: the wire words, round-trip tested in test_perm.c),
 * never a permission. Every problem of the file is a `not ok` line naming
 * the line number: an unknown or duplicate command, role or step kind, a
 * row with the wrong number of cells, a command of enum core_cmd_type
 * without a row.
 */
#ifndef TESTS_CORE_PERM_FIXTURE_H
#define TESTS_CORE_PERM_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/room.h"
#include "tap.h"

struct perm_fixture {
	bool has_row[CMD__COUNT];
	int row_line[CMD__COUNT];
	uint16_t steps[CMD__COUNT][ROLE__COUNT]; /* bit k: step kind k */
	uint8_t others[CMD__COUNT];		 /* bit r: role r */
	uint16_t any; /* the kinds of the `kinds` line */
	int problems;
};

/* What the fixture expects core_permits() to answer. */
static inline enum core_err perm_fixture_want(const struct perm_fixture *p,
					      enum core_cmd_type t,
					      enum core_role r,
					      enum core_step_kind k)
{
	uint16_t m = p->steps[t][r];

	if (!m)
		return CORE_E_FORBIDDEN;
	return (m & (1u << k)) ? CORE_OK : CORE_E_WRONG_STEP;
}

static inline void pf_problem(struct perm_fixture *p, const char *path,
			      int line, const char *what, const char *tok)
{
	p->problems++;
	ok(0, "fixture %s:%d: %s '%s'", path, line, what, tok ? tok : "");
}

/* "-", "*" or "kind,kind,...": a step mask; false on a bad word. */
static inline bool pf_steps(struct perm_fixture *p, const char *path, int line,
			    char *cell, uint16_t *out)
{
	char *save = NULL;

	*out = 0;
	if (!strcmp(cell, "-"))
		return true;
	if (!strcmp(cell, "*")) {
		*out = p->any;
		return true;
	}
	for (char *w = strtok_r(cell, ",", &save); w;
	     w = strtok_r(NULL, ",", &save)) {
		enum core_step_kind k;
		if (!core_step_kind_parse(w, &k) || !(p->any & (1u << k))) {
			pf_problem(p, path, line, "unknown step kind", w);
			return false;
		}
		if (*out & (1u << k))
			pf_problem(p, path, line, "step kind twice", w);
		*out |= (uint16_t)(1u << k);
	}
	if (!*out)
		pf_problem(p, path, line, "empty cell", cell);
	return *out != 0;
}

/* "-" or "role,role,...": a role mask. */
static inline bool pf_roles(struct perm_fixture *p, const char *path, int line,
			    char *cell, uint8_t *out)
{
	char *save = NULL;

	*out = 0;
	if (!strcmp(cell, "-"))
		return true;
	for (char *w = strtok_r(cell, ",", &save); w;
	     w = strtok_r(NULL, ",", &save)) {
		enum core_role r;
		if (!core_role_parse(w, &r)) {
			pf_problem(p, path, line, "unknown role", w);
			return false;
		}
		*out |= (uint8_t)(1u << r);
	}
	return true;
}

#define PF_COLS (ROLE__COUNT + 1) /* the roles, then `others` */
#define PF_MAX_TOK 16		  /* words kept from one line */

/* Loads `path`; returns false (after `not ok` lines) if anything is wrong
 * with it, including a command of the core without a row. */
static inline bool perm_fixture_load(struct perm_fixture *p, const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[1024];
	int line = 0, col_role[PF_COLS], n_cols = 0;
	bool have_kinds = false;

	memset(p, 0, sizeof *p);
	if (!f) {
		pf_problem(p, path, 0, "cannot open", path);
		return false;
	}
	while (fgets(buf, sizeof buf, f)) {
		char *save = NULL, *tok[PF_MAX_TOK];
		int n = 0;

		line++;
		if (!strchr(buf, '\n') && !feof(f))
			pf_problem(p, path, line, "line too long", "");
		for (char *w = strtok_r(buf, " \t\r\n", &save); w;
		     w = strtok_r(NULL, " \t\r\n", &save)) {
			if (n == 0 && w[0] == '#')
				break;
			if (n < PF_MAX_TOK)
				tok[n] = w;
			n++;
		}
		if (n == 0)
			continue;
		if (!strcmp(tok[0], "kinds")) {
			/* the universe of '*': every kind of the core, once */
			save = NULL;
			if (have_kinds)
				pf_problem(p, path, line, "second", "kinds");
			have_kinds = true;
			for (int i = 1; i < n && i < PF_MAX_TOK; i++) {
				enum core_step_kind k;
				if (!core_step_kind_parse(tok[i], &k))
					pf_problem(p, path, line,
						   "unknown step kind", tok[i]);
				else if (p->any & (1u << k))
					pf_problem(p, path, line,
						   "step kind twice", tok[i]);
				else
					p->any |= (uint16_t)(1u << k);
			}
			if (n > PF_MAX_TOK)
				pf_problem(p, path, line, "too many words", "");
			for (int k = 0; k < STEP__COUNT; k++)
				if (!(p->any & (1u << k)))
					pf_problem(
						p, path, line,
						"kinds line lacks the core's",
						core_step_kind_name((
							enum core_step_kind)k));
			continue;
		}
		if (!strcmp(tok[0], "command")) {
			/* the header: each role once, then `others` */
			unsigned seen = 0;
			if (n_cols)
				pf_problem(p, path, line, "second", "header");
			if (n != PF_COLS + 1) {
				pf_problem(p, path, line,
					   "header needs every role and",
					   "others");
				continue;
			}
			for (int i = 1; i <= PF_COLS; i++) {
				enum core_role r;
				col_role[i - 1] = -2; /* ignored */
				if (i == PF_COLS && !strcmp(tok[i], "others"))
					col_role[i - 1] = -1;
				else if (i < PF_COLS &&
					 core_role_parse(tok[i], &r) &&
					 !(seen & (1u << r))) {
					seen |= 1u << r;
					col_role[i - 1] = (int)r;
				} else {
					pf_problem(p, path, line,
						   "bad header column", tok[i]);
				}
			}
			n_cols = PF_COLS;
			continue;
		}
		if (!have_kinds || !n_cols) {
			pf_problem(p, path, line,
				   "row before the kinds and header lines",
				   tok[0]);
			continue;
		}
		enum core_cmd_type t;
		if (!core_cmd_parse(tok[0], &t)) {
			pf_problem(p, path, line,
				   "not a command of the core (enum "
				   "core_cmd_type)",
				   tok[0]);
			continue;
		}
		if (p->has_row[t]) {
			pf_problem(p, path, line, "second row for", tok[0]);
			continue;
		}
		if (n != n_cols + 1) {
			pf_problem(p, path, line,
				   "wrong number of cells in the row of",
				   tok[0]);
			continue;
		}
		p->has_row[t] = true;
		p->row_line[t] = line;
		for (int i = 0; i < n_cols; i++) {
			char *cell = tok[i + 1];
			if (col_role[i] == -2)
				continue;
			if (col_role[i] < 0) {
				pf_roles(p, path, line, cell, &p->others[t]);
				continue;
			}
			pf_steps(p, path, line, cell,
				 &p->steps[t][col_role[i]]);
		}
		for (int r = 0; r < ROLE__COUNT; r++)
			if ((p->others[t] & (1u << r)) && !p->steps[t][r])
				pf_problem(p, path, line,
					   "`others` lists a role the command "
					   "forbids, in",
					   tok[0]);
	}
	fclose(f);
	if (!have_kinds)
		pf_problem(p, path, line, "no kinds line", "");
	if (!n_cols)
		pf_problem(p, path, line, "no header line", "");
	for (int t = 0; t < CMD__COUNT; t++)
		if (!p->has_row[t])
			pf_problem(p, path, line,
				   "no row for the core's command",
				   core_cmd_name((enum core_cmd_type)t));
	return p->problems == 0;
}

#endif
