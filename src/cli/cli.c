/*
 * cli.c — admin commands against the data directory (the same operations
 * as the HTTP API, on the same store):
 *
 *   org create NAME   a new organization; prints its id and organizer link
 *   org list          id, name and creation date of every organization
 *   session create    a draft session from a CSV cohort; prints its groups
 *   links SESSION     every person's personal link, signed as the hub does
 *   export ROOM       the room's snapshot (JSON), rebuilt from the store
 *
 * A running hub picks up a new organization or session at its organizer's
 * next call (it looks unknown ids up in the store again). Exit codes: 0
 * done, 1 failure (said on stderr), 2 bad cli_usage (with the cli_usage line).
 *
 * This file: arguments, the data directory, organizations and dispatch;
 * sessions and links are in session.c, export in export.c. What the
 * commands make (sessions, links) comes from app/admin.h, the functions
 * the HTTP API uses too.
 *
 * Options of a command are "--key VALUE" (or "--key=VALUE"), anywhere
 * after the command's words; the options of codevhub itself (--config,
 * --data) go before the command.
 */
#include "cli/cli.h"
#include "cli/internal.h"

#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/admin.h"
#include "auth/keyring.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/fileutil.h"
#include "util/utf8.h"

#define ORG_NAME_MAX 120
#define BEGIN_TRIES 100 /* × 20 ms: the hub's commits are short */

static const char *const commands[] = {"org", "session", "links", "export"};

static const char *const usage_lines[] = {
	"org create NAME",
	"org list",
	"session create --org N --cohort FILE.csv\n"
	"         [--template ID] [--name NAME] [--workshops N] "
	"[--rotate-facilitator]",
	"links SESSION [--org N]",
	"export ROOM",
};

int cli_is_command(const char *word)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(word, commands[i]))
			return 1;
	return 0;
}

/* Says why (when given), then the usage of the command named by cmd's
 * first word (of every command when cmd is NULL); returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...)
{
	const char *lead = "usage:";
	size_t want = cmd ? strcspn(cmd, " ") : 0;

	if (fmt) {
		va_list ap;
		fputs("codevhub: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	for (size_t i = 0; i < sizeof usage_lines / sizeof *usage_lines; i++) {
		size_t n = strcspn(usage_lines[i], " ");
		if (cmd && (want != n || strncmp(cmd, usage_lines[i], n)))
			continue;
		fprintf(stderr, "%s codevhub [--config FILE] [--data DIR] %s\n",
			lead, usage_lines[i]);
		lead = "      ";
	}
	return 2;
}

/* --- arguments --------------------------------------------------------- */

/* Whether an option is one of codevhub's own (main.c). */
static bool cli_main_option(const char *name, size_t len)
{
	static const char *const own[] = {"config", "data", "port",
					  "log-format"};

	for (size_t i = 0; i < sizeof own / sizeof *own; i++)
		if (strlen(own[i]) == len && !strncmp(name, own[i], len))
			return true;
	return false;
}

/* Splits args into positional words (at most n_max) and options of the
 * table. 0, or 2 after saying what is wrong. */
int cli_parse_args(const char *cmd, int argc, char **argv, struct cli_opt *opts,
		   size_t n_opts, const char **words, size_t n_max,
		   size_t *n_words)
{
	bool words_only = false;

	*n_words = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *eq;
		struct cli_opt *o = NULL;
		size_t len;

		if (!words_only && !strcmp(a, "--")) {
			words_only = true; /* what follows are words */
			continue;
		}
		if (words_only || strncmp(a, "--", 2)) {
			if (*n_words == n_max)
				return cli_usage(cmd,
						 "%s: unexpected argument "
						 "\"%s\"",
						 cmd, a);
			words[(*n_words)++] = a;
			continue;
		}
		eq = strchr(a, '=');
		len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		for (size_t k = 0; k < n_opts; k++)
			if (strlen(opts[k].name) == len &&
			    !strncmp(a + 2, opts[k].name, len))
				o = &opts[k];
		if (!o) {
			if (cli_main_option(a + 2, len))
				return cli_usage(
					cmd,
					"%.*s: the options of codevhub "
					"itself go before the command",
					(int)(len + 2), a);
			return cli_usage(cmd, "%s: unknown option %.*s", cmd,
					 (int)(len + 2), a);
		}
		if (o->given)
			return cli_usage(cmd, "%s: --%s given twice", cmd,
					 o->name);
		o->given = true;
		if (o->flag) {
			if (eq)
				return cli_usage(cmd, "%s: --%s takes no value",
						 cmd, o->name);
			continue;
		}
		if (eq)
			o->value = eq + 1;
		else if (i + 1 < argc)
			o->value = argv[++i];
		else
			return cli_usage(cmd, "%s: --%s needs a value", cmd,
					 o->name);
	}
	return 0;
}

/* A decimal integer in [min, max], nothing else. */
bool cli_parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long long v = 0;

	if (!s || !*s || strlen(s) > 10)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (v < min || v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Valid UTF-8 without control characters (C0, DEL, C1). */
bool cli_text_ok(const char *s, size_t n)
{
	uint32_t cp;

	for (size_t i = 0, k; i < n; i += k) {
		k = utf8_next(s + i, n - i, &cp);
		if (!k || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			return false;
	}
	return true;
}

/* --- the data directory ------------------------------------------------ */

int cli_open_data(const struct config *cfg, struct token_keyring *kr,
		  struct store **st)
{
	char path[CONFIG_PATH_MAX + 32], err[512];

	if (file_ensure_dir(cfg->data_dir)) {
		fprintf(stderr, "codevhub: cannot use %s\n", cfg->data_dir);
		return -1;
	}
	snprintf(path, sizeof path, "%s/keys", cfg->data_dir);
	if (keyring_load_or_create(kr, path, err, sizeof err)) {
		fprintf(stderr, "codevhub: %s\n", err);
		return -1;
	}
	snprintf(path, sizeof path, "%s/codevhub.db", cfg->data_dir);
	*st = store_open(path, !cfg->sync_full, err, sizeof err);
	if (!*st) {
		fprintf(stderr, "codevhub: %s\n", err);
		return -1;
	}
	return 0;
}

/* A write transaction; a running hub may hold the lock for a commit. */
int cli_begin(struct store *st)
{
	for (int i = 0; i < BEGIN_TRIES; i++) {
		if (!store_begin(st))
			return 0;
		usleep(20000);
	}
	return -1;
}

int cli_cannot_store(struct store *st)
{
	fprintf(stderr, "codevhub: cannot store: %s\n", store_errmsg(st));
	store_rollback(st);
	return 1;
}

/* --- organizations ----------------------------------------------------- */

static int org_create(struct store *st, const struct token_keyring *kr,
		      const char *base, const char *name)
{
	char token[TOKEN_TEXT_MAX];
	int64_t id;

	if (!name[0] || strlen(name) > ORG_NAME_MAX ||
	    strpbrk(name, "\t\r\n")) {
		fprintf(stderr,
			"codevhub: an organization name is 1..%d "
			"characters on one line\n",
			ORG_NAME_MAX);
		return 2;
	}
	if (cli_begin(st) ||
	    (id = store_org_create(st, name, clock_wall_ms())) < 0 ||
	    store_commit(st))
		return cli_cannot_store(st);
	if (admin_organizer_token(kr, (uint32_t)id, clock_wall_ms() / 1000,
				  token, sizeof token)) {
		fprintf(stderr, "codevhub: cannot sign the link\n");
		return 1;
	}
	/* The token on its own line too: scripts pass it as a Bearer. */
	printf("organization %lld created\norganizer link: %s/#%s\n"
	       "organizer token: %s\n",
	       (long long)id, base, token, token);
	return 0;
}

static int print_org(void *ud, int64_t id, const char *name, int64_t at)
{
	char when[32] = "-";
	time_t t = (time_t)(at / 1000);
	struct tm tm;

	(void)ud;
	if (at && gmtime_r(&t, &tm))
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("%lld\t%s\t%s\n", (long long)id, name, when);
	return 0;
}

static int org_seen(void *ud, int64_t id, const char *name, int64_t at)
{
	const uint32_t *org = ud;

	(void)name;
	(void)at;
	return id == (int64_t)*org;
}

/* 1 when the organization exists, 0 when not, -1 on a store error. */
int cli_org_exists(struct store *st, uint32_t org)
{
	return store_orgs_each(st, org_seen, &org);
}

static int cmd_org(const struct config *cfg, const char *base, int argc,
		   char **argv)
{
	struct token_keyring kr;
	struct store *st = NULL;
	const char *words[2];
	size_t n;
	int rc;

	if (cli_parse_args("org", argc - 1, argv + 1, NULL, 0, words, 2, &n))
		return 2;
	if (!n)
		return cli_usage("org", "org: create or list?");
	if (strcmp(words[0], "create") && strcmp(words[0], "list"))
		return cli_usage("org", "org: unknown subcommand \"%s\"",
				 words[0]);
	if (!strcmp(words[0], "create") && n != 2)
		return cli_usage("org",
				 "org create: the organization's NAME is "
				 "missing");
	if (!strcmp(words[0], "list") && n != 1)
		return cli_usage("org", "org list: unexpected argument \"%s\"",
				 words[1]);
	if (cli_open_data(cfg, &kr, &st))
		return 1;
	if (!strcmp(words[0], "create"))
		rc = org_create(st, &kr, base, words[1]);
	else
		rc = store_orgs_each(st, print_org, NULL) ? 1 : 0;
	store_close(st);
	memset(&kr, 0, sizeof kr);
	return rc;
}

/* --- dispatch ---------------------------------------------------------- */

int cli_run(const struct config *cfg, const char *base_url, int argc,
	    char **argv)
{
	if (argc < 1)
		return cli_usage(NULL, NULL);
	if (!strcmp(argv[0], "org"))
		return cmd_org(cfg, base_url, argc, argv);
	if (!strcmp(argv[0], "session"))
		return cli_cmd_session(cfg, argc, argv);
	if (!strcmp(argv[0], "links"))
		return cli_cmd_links(cfg, base_url, argc, argv);
	if (!strcmp(argv[0], "export"))
		return cli_cmd_export(cfg, argc, argv);
	return cli_usage(NULL, "unknown command \"%s\"", argv[0]);
}
