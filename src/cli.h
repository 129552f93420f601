/*
 * cli.h — the admin commands (codevhub [options] COMMAND ...), run against
 * the data directory of the configuration, for people who script.
 */
#ifndef CLI_H
#define CLI_H

#include "auth/token.h"
#include "config/config.h"

/* Whether argv[0] names an admin command. */
int cli_is_command(const char *word);
/* Runs one command; the process exit code (0 ok, 1 failure, 2 usage). */
int cli_run(const struct config *cfg, const char *base_url, int argc,
	    char **argv);

#endif
