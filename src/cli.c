/*
 * cli.c — admin commands against the data directory:
 *
 *   org create NAME   a new organization; prints its id and organizer link
 *   org list          id, name and creation date of every organization
 *
 * A running hub picks up a new organization at its organizer's first
 * call (it looks unknown organizations up in the store again).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/keyring.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/fileutil.h"

#define ORG_LINK_TTL_S (10LL * 365 * 24 * 3600)
#define ORG_NAME_MAX 120

static const char *const commands[] = {"org"};

int cli_is_command(const char *word)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(word, commands[i]))
			return 1;
	return 0;
}

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

static int org_create(struct store *st, const struct token_keyring *kr,
		      const char *base, const char *name)
{
	struct token_claims c = {.scope = SCOPE_ORGANIZER};
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
	if (store_begin(st) ||
	    (id = store_org_create(st, name, clock_wall_ms())) < 0 ||
	    store_commit(st)) {
		store_rollback(st);
		fprintf(stderr, "codevhub: cannot store: %s\n",
			store_errmsg(st));
		return 1;
	}
	c.org = (uint32_t)id;
	c.expires_s = clock_wall_ms() / 1000 + ORG_LINK_TTL_S;
	if (auth_random(c.nonce, sizeof c.nonce) ||
	    token_sign(kr, &c, token, sizeof token)) {
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

int cli_run(const struct config *cfg, const char *base_url, int argc,
	    char **argv)
{
	struct token_keyring kr;
	struct store *st = NULL;
	int rc = 2;

	if (argc < 2 || strcmp(argv[0], "org") ||
	    (strcmp(argv[1], "create") && strcmp(argv[1], "list")) ||
	    (!strcmp(argv[1], "create") && argc != 3) ||
	    (!strcmp(argv[1], "list") && argc != 2)) {
		fprintf(stderr, "usage: codevhub [--config FILE] org create "
				"NAME | org list\n");
		return 2;
	}
	if (cli_open_data(cfg, &kr, &st))
		return 1;
	if (!strcmp(argv[1], "create"))
		rc = org_create(st, &kr, base_url, argv[2]);
	else
		rc = store_orgs_each(st, print_org, NULL) ? 1 : 0;
	store_close(st);
	memset(&kr, 0, sizeof kr);
	return rc;
}
