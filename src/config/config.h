/*
 * config.h — the hub's settings: one table of keys, each with a type, a
 * default and bounds (config.c). Loading is one pass over an INI file
 * (libinih); the first error names file:line and the key.
 *
 * Ownership: struct config is a plain value; strings are inline arrays.
 */
#ifndef CONFIG_CONFIG_H
#define CONFIG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CONFIG_PATH_MAX 1024
#define CONFIG_STR_MAX 1024

struct config {
	/* [server] */
	char bind[64];
	int port;
	char public_url[256];
	char origins[CONFIG_STR_MAX];
	char trusted_proxies[CONFIG_STR_MAX];
	char web_root[CONFIG_PATH_MAX];
	char templates_dir[CONFIG_PATH_MAX];
	/* [tls] */
	char tls_cert[CONFIG_PATH_MAX];
	char tls_key[CONFIG_PATH_MAX];
	int redirect_http_port;
	/* [store] */
	char data_dir[CONFIG_PATH_MAX];
	bool group_commit;
	bool sync_full;
	/* [limits] */
	int max_message_bytes;
	int max_connections;
	int max_connections_per_ip;
	int msg_rate;
	int msg_burst;
	int ip_msg_rate;
	int rate_strikes;
	int heartbeat_s;
	int heartbeat_misses;
	int handshake_timeout_s;
	int send_queue_messages;
	int send_queue_bytes;
	int hello_timeout_s;
	int max_rooms;
	int max_session_people;
	int api_body_max;
	int max_sessions;
	int max_consoles;
	int report_back_minutes;
	int personal_link_days;
	int max_participants;
	int max_questions;
	int max_suggestions;
	int max_learnings;
	int resume_log_events;
	int resume_log_bytes;
	/* [workshop] */
	int warn_first_s;
	int warn_second_s;
	bool pause_when_client_away;
	int seat_release_minutes;
	int link_ttl_hours;
	/* [log] */
	char log_level[16];
	char log_format[16];
	/* [metrics] */
	char metrics_allow[CONFIG_STR_MAX];
	char metrics_token[128];
};

/* Fills every key with its default. */
void config_defaults(struct config *cfg);
/* Loads path over the current values. Returns 0, or -1 with a message
 * "file:line: [section] key: reason" in err. */
int config_load(struct config *cfg, const char *path, char *err, size_t errlen);
/* Checks cross-key rules after loading and command-line overrides. */
int config_validate(const struct config *cfg, char *err, size_t errlen);
/* Sets one key from text, with the same checks as the file ("port",
 * "data_dir"...), for command-line overrides. */
int config_set(struct config *cfg, const char *section, const char *key,
	       const char *value, char *err, size_t errlen);
/* A reload (SIGHUP): copies into live every key marked reloadable whose
 * value differs in next, and lists in restart the changed keys that are
 * not ("server.port,tls.redirect_http_port"; empty when none): those keep
 * their running value until a restart. Returns the number copied. */
int config_apply_reloadable(struct config *live, const struct config *next,
			    char *restart, size_t restart_len);
/* Writes the reference of every key (section, key, default, bounds,
 * whether SIGHUP reloads it, help) as INI comments ("ini") or Markdown
 * tables ("markdown"): the documentation never drifts from the table.
 * Returns -1 for an unknown format. */
int config_print_reference(FILE *out, const char *format);

#endif
