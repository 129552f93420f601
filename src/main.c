/*
 * main.c — the codevhub process: options, config, data directory, keys,
 * the owned libuv loop, signals, reloads and a clean shutdown.
 *
 * Exit codes: 0 clean stop, 1 runtime failure, 2 bad usage or config.
 *
 * SIGHUP reloads: the config file is read again exactly as at start
 * (defaults, file, then the same command-line overrides) and checked;
 * then the certificate files are re-read and every list parsed; only if
 * all of that succeeds are the reloadable keys copied into the running
 * config and the rest reported as needing a restart. Any failure is
 * logged and the hub goes on with what it had.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "app/admin.h"
#include "auth/keyring.h"
#include "cli/cli.h"
#include "config/config.h"
#include "app/hub.h"
#include "net/server.h"
#include "net/transport.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/fileutil.h"
#include "util/log.h"

static uv_signal_t sig_int, sig_term, sig_hup;

static void usage(FILE *out)
{
	fprintf(out,
		"usage: codevhub [--config FILE] [--port N] [--data DIR]\n"
		"                [--log-format text|json]\n"
		"                [--check-config] [--help] [--version]\n"
		"       codevhub --print-config-reference [--format "
		"ini|markdown]\n"
		"       codevhub --rotate-key [--config FILE] [--data DIR]\n"
		"       codevhub [--config FILE] [--data DIR] org create NAME\n"
		"       codevhub [--config FILE] [--data DIR] org list\n"
		"       codevhub [--config FILE] [--data DIR] session create "
		"--org N\n"
		"                --cohort FILE.csv [--template ID] [--name "
		"NAME]\n"
		"                [--workshops N] [--rotate-facilitator]\n"
		"       codevhub [--config FILE] [--data DIR] links SESSION "
		"[--org N]\n"
		"       codevhub [--config FILE] [--data DIR] export ROOM\n"
		"signals: SIGTERM, SIGINT stop cleanly; SIGHUP reloads the "
		"TLS certificate\n"
		"         and the reloadable configuration keys\n");
}

static void close_signals(void)
{
	uv_close((uv_handle_t *)&sig_int, NULL);
	uv_close((uv_handle_t *)&sig_term, NULL);
	uv_close((uv_handle_t *)&sig_hup, NULL);
}

static void on_signal(uv_signal_t *h, int signum)
{
	(void)h;
	log_info("signal_received signal=%d", signum);
	server_shutdown();
	close_signals();
}

struct options {
	const char *config, *port, *data, *log_format, *format;
	int check_only, rotate_key, print_reference;
	int n_command; /* an admin command: argv from `command` */
	char **command;
};

/* Returns -1 to continue, otherwise the exit code. */
static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"port", required_argument, NULL, 'p'},
		{"data", required_argument, NULL, 'd'},
		{"check-config", no_argument, NULL, 'C'},
		{"print-config-reference", no_argument, NULL, 'R'},
		{"rotate-key", no_argument, NULL, 'K'},
		{"log-format", required_argument, NULL, 'L'},
		{"format", required_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "+c:p:d:hV", longopts, NULL)) !=
	       -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'p':
			o->port = optarg;
			break;
		case 'd':
			o->data = optarg;
			break;
		case 'C':
			o->check_only = 1;
			break;
		case 'K':
			o->rotate_key = 1;
			break;
		case 'L':
			o->log_format = optarg;
			break;
		case 'F':
			o->format = optarg;
			break;
		case 'R':
			o->print_reference = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("codevhub %s\n", CODEVHUB_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc && cli_is_command(argv[optind]) && !o->format) {
		o->n_command = argc - optind;
		o->command = argv + optind;
		return -1;
	}
	if (optind < argc || (o->format && !o->print_reference)) {
		usage(stderr);
		return 2;
	}
	if (o->print_reference) {
		if (config_print_reference(stdout,
					   o->format ? o->format : "ini") == 0)
			return 0;
		usage(stderr);
		return 2;
	}
	return -1;
}

/* The same sequence at start and on SIGHUP: defaults, file, overrides. */
static int load_config(const struct options *o, struct config *cfg, char *err,
		       size_t errlen)
{
	config_defaults(cfg);
	if ((o->config && config_load(cfg, o->config, err, errlen)) ||
	    (o->port &&
	     config_set(cfg, "server", "port", o->port, err, errlen)) ||
	    (o->data &&
	     config_set(cfg, "store", "data_dir", o->data, err, errlen)) ||
	    (o->log_format && config_set(cfg, "log", "log_format",
					 o->log_format, err, errlen)) ||
	    config_validate(cfg, err, errlen))
		return -1;
	return 0;
}

static void apply_logging(const struct config *cfg)
{
	log_set_level((enum log_level)log_level_parse(cfg->log_level));
	log_set_json(!strcmp(cfg->log_format, "json"));
}

static void base_url(const struct config *cfg, int port, char *out, size_t len)
{
	const char *host = cfg->bind;

	if (cfg->public_url[0]) {
		snprintf(out, len, "%s", cfg->public_url);
		size_t n = strlen(out);
		if (n && out[n - 1] == '/')
			out[n - 1] = '\0';
		return;
	}
	if (!strcmp(host, "0.0.0.0") || !strcmp(host, "::"))
		host = "127.0.0.1";
	snprintf(out, len, strchr(host, ':') ? "%s://[%s]:%d" : "%s://%s:%d",
		 cfg->tls_cert[0] ? "https" : "http", host, port);
}

static void origins_list(const struct config *cfg, const char *base, int port,
			 char *list, size_t len)
{
	const char *scheme = cfg->tls_cert[0] ? "https" : "http";

	if (cfg->origins[0])
		snprintf(list, len, "%s", cfg->origins);
	else
		snprintf(list, len, "%s %s://127.0.0.1:%d %s://localhost:%d",
			 base, scheme, port, scheme, port);
}

static int set_origins(const struct config *cfg, const char *base, int port)
{
	char list[CONFIG_STR_MAX];

	origins_list(cfg, base, port, list, sizeof list);
	return server_set_origins(list);
}

/* What SIGHUP needs: the options and config the hub runs with, and the
 * base URL and port the default Origins derive from. */
static struct {
	const struct options *opts;
	struct config *cfg;
	char base[300];
	int port;
	bool serving;
} running;

static void on_reload(uv_signal_t *h, int signum)
{
	char err[512], restart[512], list[CONFIG_STR_MAX];
	struct config next;
	int changed;

	(void)h;
	log_info("signal_received signal=%d", signum);
	if (!running.serving)
		return;
	if (load_config(running.opts, &next, err, sizeof err)) {
		log_error("reload_failed reason=config %s", err);
		return;
	}
	origins_list(&next, running.base, running.port, list, sizeof list);
	if (server_reload_prepare(&next, list, err, sizeof err)) {
		log_error("reload_failed reason=config %s", err);
		return;
	}
	changed = config_apply_reloadable(running.cfg, &next, restart,
					  sizeof restart);
	server_reload_commit();
	apply_logging(running.cfg);
	log_info("reload_done changed=%d tls=%d restart_needed=%s", changed,
		 running.cfg->tls_cert[0] != 0, restart[0] ? restart : "none");
}

/* The organizer's capability: kept in DATA/organizer-link (0600), reused
 * while it verifies, so the printed link stays the same across restarts. */
static int organizer_link(const struct config *cfg,
			  const struct token_keyring *kr, const char *base,
			  char *link, size_t len)
{
	char path[CONFIG_PATH_MAX + 32], token[TOKEN_TEXT_MAX];
	struct token_claims claims = {.scope = SCOPE_ORGANIZER};
	char *old, *hash;
	int64_t now_s = clock_wall_ms() / 1000;

	snprintf(path, sizeof path, "%s/organizer-link", cfg->data_dir);
	old = file_read_all(path, 4096, NULL);
	hash = old ? strchr(old, '#') : NULL;
	token[0] = '\0';
	if (hash) {
		hash[strcspn(hash, "\r\n")] = '\0';
		if (token_verify(kr, hash + 1, strlen(hash + 1), now_s,
				 &claims) == TOKEN_OK &&
		    claims.scope == SCOPE_ORGANIZER)
			snprintf(token, sizeof token, "%s", hash + 1);
	}
	free(old);
	/* Organization 0 in the token: the first organization, as tokens
	 * issued before there were several. */
	if (!token[0] &&
	    admin_organizer_token(kr, 0, now_s, token, sizeof token))
		return -1;
	snprintf(link, len, "%s/#%s", base, token);
	size_t n = strlen(link);
	link[n] = '\n';
	int rc = file_write_private(path, link, n + 1);
	link[n] = '\0';
	return rc;
}

static int run(struct config *cfg, struct token_keyring *kr)
{
	char base[300], link[600];
	struct store *st = NULL;
	struct hub *hub = NULL;
	uv_loop_t loop;
	int port, rc = 1;

	if (cli_open_data(cfg, kr, &st))
		return 1;
	uv_loop_init(&loop);
	uv_signal_init(&loop, &sig_int);
	uv_signal_init(&loop, &sig_term);
	uv_signal_init(&loop, &sig_hup);
	uv_signal_start(&sig_int, on_signal, SIGINT);
	uv_signal_start(&sig_term, on_signal, SIGTERM);
	uv_signal_start(&sig_hup, on_reload, SIGHUP);

	hub = hub_new(&loop, cfg, kr, st, transport_table());
	if (!hub_ready(hub))
		rc = 2; /* templates or stored rooms unusable */
	if (hub_ready(hub) && server_start(&loop, cfg, hub, &port) == 0) {
		base_url(cfg, port, base, sizeof base);
		hub_set_base_url(hub, base);
		if (set_origins(cfg, base, port) ||
		    organizer_link(cfg, kr, base, link, sizeof link)) {
			log_error("startup_failed step=links");
			server_shutdown();
			close_signals(); /* or they keep the loop alive */
		} else {
			printf("listening on %s\norganizer link: %s\n", base,
			       link);
			fflush(stdout);
			log_info("started port=%d", port);
			running.cfg = cfg;
			snprintf(running.base, sizeof running.base, "%s", base);
			running.port = port;
			running.serving = true;
			rc = 0;
		}
		uv_run(&loop, UV_RUN_DEFAULT);
		running.serving = false;
		server_finish(); /* second step of lws's foreign-loop destroy */
		uv_run(&loop, UV_RUN_DEFAULT);
	} else {
		close_signals();
		uv_run(&loop, UV_RUN_DEFAULT);
	}
	hub_free(hub);
	if (store_checkpoint(st))
		log_warn("store_checkpoint_failed");
	store_close(st);
	if (uv_loop_close(&loop) != 0) {
		log_error("shutdown_unclean reason=handles_open");
		rc = 1;
	}
	log_info("stopped status=%d", rc);
	return rc;
}

/* New links are signed with a fresh key from the next start on; links
 * signed before keep working until they expire. */
static int rotate_key(const struct config *cfg)
{
	char path[CONFIG_PATH_MAX + 16], err[512];

	if (file_ensure_dir(cfg->data_dir)) {
		fprintf(stderr, "codevhub: cannot use %s\n", cfg->data_dir);
		return 1;
	}
	snprintf(path, sizeof path, "%s/keys", cfg->data_dir);
	if (keyring_rotate(path, err, sizeof err)) {
		fprintf(stderr, "codevhub: %s\n", err);
		return 1;
	}
	printf("new signing key added to %s; restart the hub to use it\n",
	       path);
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	struct token_keyring kr;
	struct config cfg;
	char err[512];
	int rc = parse_args(argc, argv, &o);

	if (rc >= 0)
		return rc;
	if (load_config(&o, &cfg, err, sizeof err)) {
		fprintf(stderr, "codevhub: %s\n", err);
		return 2;
	}
	apply_logging(&cfg);
	running.opts = &o;
	if (o.check_only) {
		printf("config ok\n");
		return 0;
	}
	if (o.rotate_key)
		return rotate_key(&cfg);
	if (o.n_command) {
		char base[300];
		base_url(&cfg, cfg.port, base, sizeof base);
		return cli_run(&cfg, base, o.n_command, o.command);
	}
	signal(SIGPIPE, SIG_IGN);
	rc = run(&cfg, &kr);
	memset(&kr, 0, sizeof kr);
	return rc;
}
