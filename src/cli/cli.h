/*
 * cli.h — the admin commands (codevhub [options] COMMAND ...), run against
 * the data directory of the configuration, for people who script.
 */
#ifndef CLI_H
#define CLI_H

#include "auth/token.h"
#include "config/config.h"

struct store;
/* The data directory (created if missing), its signing keys (created on
 * first use) and its store; the hub and the admin commands share it.
 * -1 after saying why on stderr. */
int cli_open_data(const struct config *cfg, struct token_keyring *kr,
		  struct store **st);
/* Whether argv[0] names an admin command. */
int cli_is_command(const char *word);
/* Runs one command; the process exit code (0 ok, 1 failure, 2 usage). */
int cli_run(const struct config *cfg, const char *base_url, int argc,
	    char **argv);

#endif
