/*
 * config.c — table-driven INI configuration.
 *
 * Every key is one row of `keys`: section, name, type, where it lives in
 * struct config, default, bounds, whether SIGHUP may change it in a running
 * hub, and a one-line help. Loading, command-line overrides, reloads and
 * the printed reference all read this table, so a key cannot exist in one
 * and be missing from another.
 *
 * A key is reloadable only if every reader either reads struct config at
 * the moment of use or is re-applied by the reload (net/server.c
 * server_reconfigure). Sizes baked into allocations (send queues, rooms'
 * limits, which are also persisted with each room) and the listening
 * sockets are restart-only.
 */
#include "config/config.h"

#include "util/log.h"
#include "util/netaddr.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum key_type { KEY_INT, KEY_STR, KEY_BOOL };

struct key {
	bool reloadable;
	const char *section, *name;
	enum key_type type;
	size_t offset, size; /* size: capacity for strings */
	const char *def;
	long min, max; /* ints: value bounds; strings: length bounds */
	const char *help;
};

#define RELOAD true
#define RESTART false

#define INT(reload, sec, name, def, lo, hi, help)                              \
	{                                                                      \
		reload, sec, #name, KEY_INT, offsetof(struct config, name),    \
			sizeof(int), def, lo, hi, help                         \
	}
#define STR(reload, sec, name, def, lo, help)                                  \
	{                                                                      \
		reload, sec, #name, KEY_STR, offsetof(struct config, name),    \
			sizeof(((struct config *)0)->name), def, lo,           \
			sizeof(((struct config *)0)->name) - 1, help           \
	}
#define BOOL(reload, sec, name, def, help)                                     \
	{                                                                      \
		reload, sec, #name, KEY_BOOL, offsetof(struct config, name),   \
			sizeof(bool), def, 0, 1, help                          \
	}

static const struct key keys[] = {
	STR(RESTART, "server", bind, "127.0.0.1", 1,
	    "address to listen on (IPv4/IPv6 literal)"),
	INT(RESTART, "server", port, "8080", 0, 65535,
	    "TCP port; 0 picks a free port (printed at start)"),
	STR(RESTART, "server", public_url, "", 0,
	    "base URL printed in links; empty = http://<bind>:<port>"),
	STR(RELOAD, "server", origins, "", 0,
	    "allowed WebSocket Origins, space-separated scheme://host:port; "
	    "empty = the public URL and http://127.0.0.1|localhost:<port>"),
	STR(RELOAD, "server", trusted_proxies, "", 0,
	    "reverse proxies (addresses or CIDR ranges, space-separated) "
	    "whose X-Forwarded-For names the client; empty = trust none"),
	STR(RESTART, "server", web_root, "web-client", 1,
	    "directory of the browser client's static files"),
	STR(RESTART, "server", templates_dir, "config/templates", 1,
	    "directory of workshop templates (*.json)"),
	STR(RESTART, "tls", tls_cert, "", 0,
	    "PEM certificate chain; set with tls_key to serve HTTPS/WSS "
	    "(TLS 1.2+, ECDHE and AEAD ciphers only); SIGHUP re-reads both "
	    "files"),
	STR(RESTART, "tls", tls_key, "", 0, "PEM private key of tls_cert"),
	INT(RESTART, "tls", redirect_http_port, "0", 0, 65535,
	    "with TLS: plain HTTP port that redirects to HTTPS (0 = off)"),
	STR(RESTART, "store", data_dir, "var", 1,
	    "data directory (created 0700): secrets, links, database"),
	BOOL(RESTART, "store", group_commit, "true",
	     "commit all commands of one loop iteration together (false: one "
	     "commit per command, for measurement)"),
	BOOL(RESTART, "store", sync_full, "true",
	     "fsync every commit (synchronous=FULL); false trades the last "
	     "commits before a power cut for speed"),
	INT(RESTART, "limits", max_message_bytes, "65536", 512, 1048576,
	    "largest accepted WebSocket message; larger closes with 1009"),
	INT(RELOAD, "limits", max_connections, "10000", 1, 19000,
	    "simultaneous sockets, HTTP and WebSocket (keep well below the "
	    "fd limit); more are refused at accept"),
	INT(RELOAD, "limits", max_connections_per_ip, "64", 1, 19000,
	    "simultaneous sockets from one address"),
	INT(RELOAD, "limits", msg_rate, "20", 1, 100000,
	    "WebSocket messages per second one connection may send"),
	INT(RELOAD, "limits", msg_burst, "40", 1, 100000,
	    "messages one connection may send at once above the rate"),
	INT(RELOAD, "limits", ip_msg_rate, "200", 1, 1000000,
	    "messages per second from one address, all its connections"),
	INT(RELOAD, "limits", rate_strikes, "20", 1, 10000,
	    "messages refused in a row for rate before closing with 1008"),
	INT(RESTART, "limits", handshake_timeout_s, "10", 1, 300,
	    "seconds to complete the HTTP request or WebSocket handshake"),
	INT(RELOAD, "limits", heartbeat_s, "30", 1, 3600,
	    "idle seconds before the hub pings a WebSocket"),
	INT(RELOAD, "limits", heartbeat_misses, "2", 1, 10,
	    "unanswered pings before the connection is closed"),
	INT(RESTART, "limits", send_queue_messages, "256", 4, 65536,
	    "messages queued for one slow reader before it is dropped"),
	INT(RESTART, "limits", send_queue_bytes, "1048576", 4096, 67108864,
	    "bytes queued for one slow reader before it is dropped"),
	INT(RELOAD, "limits", hello_timeout_s, "10", 1, 300,
	    "seconds a new WebSocket has to send hello"),
	INT(RELOAD, "limits", max_rooms, "1000", 1, 100000,
	    "rooms held at once"),
	INT(RELOAD, "limits", api_body_max, "262144", 4096, 16777216,
	    "bytes of one HTTP API request body"),
	INT(RELOAD, "limits", max_session_people, "300", 1, 2000,
	    "people in one session's cohort"),
	INT(RELOAD, "limits", max_sessions, "200", 1, 100000,
	    "sessions held at once, all organizations"),
	INT(RELOAD, "limits", max_consoles, "64", 1, 10000,
	    "organizer console connections at once"),
	INT(RESTART, "limits", max_participants, "16", 2, 64,
	    "participants in one room (groups are 5-8, plus observers)"),
	INT(RESTART, "limits", max_questions, "200", 1, 10000,
	    "clarifying questions kept in one workshop"),
	INT(RESTART, "limits", max_suggestions, "200", 1, 10000,
	    "suggestions kept in one workshop"),
	INT(RESTART, "limits", max_learnings, "100", 1, 10000,
	    "learnings kept in one workshop"),
	INT(RESTART, "limits", resume_log_events, "1024", 16, 65536,
	    "events kept per room so a reconnecting client catches up "
	    "without a full snapshot"),
	INT(RESTART, "limits", resume_log_bytes, "1048576", 65536, 67108864,
	    "bytes of events kept per room for resumes"),
	INT(RESTART, "workshop", warn_first_s, "120", 0, 3600,
	    "first timer warning, seconds before zero (0 = off)"),
	INT(RESTART, "workshop", warn_second_s, "30", 0, 3600,
	    "second timer warning, seconds before zero (0 = off)"),
	INT(RELOAD, "workshop", report_back_minutes, "10", 1, 60,
	    "the report-back step opening a cycle's later meetings"),
	BOOL(RESTART, "workshop", pause_when_client_away, "false",
	     "pause the running timer when the client disconnects"),
	INT(RELOAD, "workshop", seat_release_minutes, "30", 0, 10080,
	    "free the seat of someone away this long when a newcomer joins "
	    "(never the facilitator's, client's or backup's; their items "
	    "stay under their name; 0 = never)"),
	INT(RELOAD, "workshop", link_ttl_hours, "720", 1, 87600,
	    "validity of facilitator and participant links, in hours"),
	INT(RELOAD, "workshop", personal_link_days, "400", 1, 3650,
	    "validity of a session's personal links (a cycle lasts 6-12 "
	    "months)"),
	STR(RELOAD, "log", log_level, "info", 1, "error, warn, info or debug"),
	STR(RESTART, "log", log_format, "text", 1,
	    "text (human lines) or json (one object per line)"),
	STR(RELOAD, "metrics", metrics_allow, "127.0.0.1 ::1", 0,
	    "addresses or CIDR ranges allowed to read /metrics, "
	    "space-separated"),
	STR(RELOAD, "metrics", metrics_token, "", 0,
	    "if set, /metrics also answers Authorization: Bearer <token> "
	    "from any address"),
};

#define N_KEYS (sizeof keys / sizeof keys[0])

static const struct key *find_key(const char *section, const char *name)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (!strcmp(keys[i].section, section) &&
		    !strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

static bool section_exists(const char *section)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (!strcmp(keys[i].section, section))
			return true;
	return false;
}

static int parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};

	for (size_t i = 0; i < 4; i++) {
		if (!strcmp(s, yes[i]))
			return *out = true, 0;
		if (!strcmp(s, no[i]))
			return *out = false, 0;
	}
	return -1;
}

/* Applies one value; on error writes the reason (without location). */
static int apply(struct config *cfg, const struct key *k, const char *value,
		 char *err, size_t errlen)
{
	char *field = (char *)cfg + k->offset;
	size_t len = strlen(value);

	switch (k->type) {
	case KEY_INT:
		if (parse_int(value, k->min, k->max, (int *)field) == 0)
			return 0;
		snprintf(err, errlen, "expected an integer in %ld..%ld", k->min,
			 k->max);
		return -1;
	case KEY_BOOL:
		if (parse_bool(value, (bool *)field) == 0)
			return 0;
		snprintf(err, errlen, "expected true or false");
		return -1;
	case KEY_STR:
		if ((long)len < k->min || (long)len > k->max) {
			snprintf(err, errlen, "length must be %ld..%ld", k->min,
				 k->max);
			return -1;
		}
		memcpy(field, value, len + 1);
		return 0;
	}
	return -1;
}

void config_defaults(struct config *cfg)
{
	char ignored[128]; /* defaults are valid: never written */

	memset(cfg, 0, sizeof *cfg);
	for (size_t i = 0; i < N_KEYS; i++)
		apply(cfg, &keys[i], keys[i].def, ignored, sizeof ignored);
}

int config_set(struct config *cfg, const char *section, const char *key,
	       const char *value, char *err, size_t errlen)
{
	const struct key *k = find_key(section, key);
	char why[128];

	if (!k) {
		snprintf(err, errlen, "[%s] %s: unknown key", section, key);
		return -1;
	}
	if (apply(cfg, k, value, why, sizeof why)) {
		snprintf(err, errlen, "[%s] %s: %s", section, key, why);
		return -1;
	}
	return 0;
}

struct load_ctx {
	struct config *cfg;
	char msg[256]; /* first error, without the file:line prefix */
};

static int on_key(void *user, const char *section, const char *name,
		  const char *value)
{
	struct load_ctx *ctx = user;
	const struct key *k = find_key(section, name);
	char why[128];

	/* inih reports only the first failing line; keep its message. */
	if (ctx->msg[0])
		return 0;
	if (!k) {
		snprintf(ctx->msg, sizeof ctx->msg, "[%s] %s: unknown %s",
			 section, name,
			 section_exists(section) ? "key" : "section");
		return 0;
	}
	if (apply(ctx->cfg, k, value, why, sizeof why)) {
		snprintf(ctx->msg, sizeof ctx->msg, "[%s] %s: %s", section,
			 name, why);
		return 0;
	}
	return 1;
}

/* inih reads lines into a fixed buffer (INI_MAX_LINE, 200 in Debian's
 * build) and parses the rest of a longer line as a line of its own, which
 * would turn a long Origin list into a baffling "unknown key". This reader
 * stops at such a line so the error can say what happened. */
struct reader {
	FILE *f;
	int line;
	bool too_long;
};

static char *read_line(char *str, int num, void *stream)
{
	struct reader *r = stream;

	if (!fgets(str, num, r->f))
		return NULL;
	r->line++;
	if (!strchr(str, '\n') && !feof(r->f)) {
		r->too_long = true;
		return NULL;
	}
	return str;
}

int config_load(struct config *cfg, const char *path, char *err, size_t errlen)
{
	struct load_ctx ctx = {.cfg = cfg};
	struct reader r = {.f = fopen(path, "r")};
	int line;

	if (!r.f) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
			 strerror(errno));
		return -1;
	}
	line = ini_parse_stream(read_line, &r, on_key, &ctx);
	fclose(r.f);
	if (line == 0 && r.too_long)
		snprintf(err, errlen, "%s:%d: line longer than %d characters",
			 path, r.line, INI_MAX_LINE - 2);
	else if (line == 0)
		return 0;
	else if (line == -2)
		snprintf(err, errlen, "%s: out of memory", path);
	else if (ctx.msg[0])
		snprintf(err, errlen, "%s:%d: %s", path, line, ctx.msg);
	else
		snprintf(err, errlen, "%s:%d: syntax error", path, line);
	return -1;
}

/* Address lists are parsed here once so that a bad entry is a config
 * error with the key's name, at start and on SIGHUP alike. */
static int validate_addresses(const char *section, const char *name,
			      const char *text, char *err, size_t errlen)
{
	struct netaddr_list l;
	char why[128];

	if (netaddr_list_parse(text, &l, why, sizeof why)) {
		snprintf(err, errlen, "[%s] %s: %s", section, name, why);
		return -1;
	}
	netaddr_list_free(&l);
	return 0;
}

int config_validate(const struct config *cfg, char *err, size_t errlen)
{
	if (log_level_parse(cfg->log_level) < 0) {
		snprintf(err, errlen,
			 "[log] log_level: expected error, warn, "
			 "info or debug");
		return -1;
	}
	if (strcmp(cfg->log_format, "text") &&
	    strcmp(cfg->log_format, "json")) {
		snprintf(err, errlen,
			 "[log] log_format: expected text or json");
		return -1;
	}
	if (!cfg->tls_cert[0] != !cfg->tls_key[0]) {
		snprintf(err, errlen, "[tls] tls_cert and tls_key go together");
		return -1;
	}
	if (cfg->warn_second_s && cfg->warn_first_s &&
	    cfg->warn_second_s >= cfg->warn_first_s) {
		snprintf(err, errlen,
			 "[workshop] warn_second_s must be below "
			 "warn_first_s");
		return -1;
	}
	if (validate_addresses("server", "trusted_proxies",
			       cfg->trusted_proxies, err, errlen) ||
	    validate_addresses("metrics", "metrics_allow", cfg->metrics_allow,
			       err, errlen))
		return -1;
	return 0;
}

static bool key_differs(const struct key *k, const struct config *a,
			const struct config *b)
{
	const char *x = (const char *)a + k->offset;
	const char *y = (const char *)b + k->offset;

	return k->type == KEY_STR ? strcmp(x, y) != 0 : memcmp(x, y, k->size);
}

int config_apply_reloadable(struct config *live, const struct config *next,
			    char *restart, size_t restart_len)
{
	size_t used = 0;
	int copied = 0;

	if (restart_len)
		restart[0] = '\0';
	for (size_t i = 0; i < N_KEYS; i++) {
		const struct key *k = &keys[i];
		if (!key_differs(k, live, next))
			continue;
		if (k->reloadable) {
			memcpy((char *)live + k->offset,
			       (const char *)next + k->offset, k->size);
			copied++;
		} else if (used < restart_len) {
			int n = snprintf(restart + used, restart_len - used,
					 "%s%s.%s", used ? "," : "", k->section,
					 k->name);
			used += n > 0 ? (size_t)n : 0;
		}
	}
	return copied;
}

static void print_ini(FILE *out)
{
	const char *section = "";

	for (size_t i = 0; i < N_KEYS; i++) {
		const struct key *k = &keys[i];
		if (strcmp(section, k->section)) {
			section = k->section;
			fprintf(out, "\n[%s]\n", section);
		}
		fprintf(out, "; %s", k->help);
		if (k->type == KEY_INT)
			fprintf(out, " (%ld..%ld)", k->min, k->max);
		if (k->reloadable)
			fprintf(out, " [reloadable: SIGHUP]");
		fprintf(out, "\n%s = %s\n", k->name, k->def);
	}
}

/* Markdown table cells: '|' would end the cell, '<' start an HTML tag
 * ("<port>" would vanish), '*' emphasis. */
static void print_cell(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '*')
			fprintf(out, "\\%c", *s);
		else if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else
			fputc(*s, out);
	}
}

static void print_markdown(FILE *out)
{
	const char *section = "";

	for (size_t i = 0; i < N_KEYS; i++) {
		const struct key *k = &keys[i];
		if (strcmp(section, k->section)) {
			section = k->section;
			fprintf(out,
				"%s#### [%s]\n\n"
				"| key | default | range | on SIGHUP | meaning "
				"|\n|---|---|---|---|---|\n",
				i ? "\n" : "", section);
		}
		fprintf(out, "| `%s` | %s%s%s | ", k->name,
			k->def[0] ? "`" : "", k->def[0] ? k->def : "(empty)",
			k->def[0] ? "`" : "");
		if (k->type == KEY_INT)
			fprintf(out, "%ld..%ld", k->min, k->max);
		else if (k->type == KEY_BOOL)
			fprintf(out, "true, false");
		fprintf(out, " | %s | ",
			k->reloadable ? "reloaded" : "restart");
		print_cell(out, k->help);
		fprintf(out, " |\n");
	}
}

int config_print_reference(FILE *out, const char *format)
{
	if (!strcmp(format, "ini"))
		print_ini(out);
	else if (!strcmp(format, "markdown"))
		print_markdown(out);
	else
		return -1;
	return 0;
}
