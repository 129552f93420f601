/*
 * internal.h — what the admin command files (cli.c, session.c,
 * export.c) share: argument parsing, usage, store helpers.
 */
#ifndef CLI_INTERNAL_H
#define CLI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/admin.h"
#include "cli/cli.h"

#define COHORT_FILE_MAX (8u << 20) /* bytes of a CSV cohort */
#define LINK_TEXT_MAX ADMIN_LINK_MAX

struct store;

/* One option of a command's table. */
struct cli_opt {
	const char *name; /* without the dashes */
	bool flag;	  /* takes no value */
	const char *value;
	bool given;
};

/* Says why (when fmt is given), then the usage of cmd's first word (of
 * every command when cmd is NULL); returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Splits args into positional words (at most n_max) and options of the
 * table. 0, or 2 after saying what is wrong. */
int cli_parse_args(const char *cmd, int argc, char **argv, struct cli_opt *opts,
		   size_t n_opts, const char **words, size_t n_max,
		   size_t *n_words);
/* A decimal integer in [min, max], nothing else. */
bool cli_parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);
/* Valid UTF-8 without control characters. */
bool cli_text_ok(const char *s, size_t n);
/* BEGIN IMMEDIATE, retried while the hub holds the write lock. */
int cli_begin(struct store *st);
/* Rolls back and says the store refused; returns 1. */
int cli_cannot_store(struct store *st);
int cli_org_exists(struct store *st, uint32_t org);

/* session.c */
int cli_cmd_session(const struct config *cfg, int argc, char **argv);
int cli_cmd_links(const struct config *cfg, const char *base, int argc,
		  char **argv);
/* export.c */
int cli_cmd_export(const struct config *cfg, int argc, char **argv);

#endif
