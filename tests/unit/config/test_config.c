/* Unit tests for the config table: defaults, bounds, file:line errors. */
#include <stdlib.h>
#include <unistd.h>

#include "config/config.h"
#include "tap.h"

static char dir[] = "/tmp/codevhub-config-XXXXXX";

static const char *write_ini(const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/t.ini", dir);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_defaults(void)
{
	struct config c;
	char err[256];

	config_defaults(&c);
	is_int(c.port, 8080, "default port");
	is_str(c.bind, "127.0.0.1", "default bind is loopback");
	is_int(c.max_message_bytes, 65536, "default message limit");
	ok(c.max_connections < 19990, "max connections below the fd limit");
	is_int(c.warn_first_s, 120, "first warning at 2 min");
	is_int(c.warn_second_s, 30, "second warning at 30 s");
	ok(!c.pause_when_client_away, "client-away pause off by default");
	is_int(config_validate(&c, err, sizeof err), 0, "defaults validate");
}

static void test_load(void)
{
	struct config c;
	char err[512];
	const char *p;

	config_defaults(&c);
	p = write_ini("; comment\n[server]\nport = 9000\n[workshop]\n"
		      "pause_when_client_away = yes\n");
	is_int(config_load(&c, p, err, sizeof err), 0, "valid file loads");
	is_int(c.port, 9000, "port read");
	ok(c.pause_when_client_away, "bool read");
	is_int(c.max_rooms, 1000, "untouched keys keep defaults");

	p = write_ini("[server]\n\nport = 70000\n");
	is_int(config_load(&c, p, err, sizeof err), -1, "out of range");
	ok(strstr(err, "t.ini:3: [server] port") != NULL,
	   "error names file:line and key: %s", err);

	p = write_ini("[limits]\nmax_rooms = 12abc\n");
	is_int(config_load(&c, p, err, sizeof err), -1, "trailing garbage");
	p = write_ini("[workshop]\npause_when_client_away = perhaps\n");
	is_int(config_load(&c, p, err, sizeof err), -1, "bad bool");
	ok(strstr(err, ":2:") != NULL, "bad bool names line 2");
	p = write_ini("[server]\nport = 1\nport = 2\nbogus = 3\n");
	is_int(config_load(&c, p, err, sizeof err), -1, "unknown key");
	ok(strstr(err, ":4:") && strstr(err, "bogus"),
	   "unknown key at line 4: %s", err);
	is_int(config_load(&c, "/nonexistent/x.ini", err, sizeof err), -1,
	       "missing file");

	char text[512];
	snprintf(text, sizeof text, "[server]\nport = 1\norigins = %0300d\n",
		 0);
	p = write_ini(text);
	is_int(config_load(&c, p, err, sizeof err), -1, "over-long line");
	ok(strstr(err, "t.ini:3: line longer than 198 characters") != NULL,
	   "names the line: %s", err);
	snprintf(text, sizeof text, "[server]\norigins = %0187d\n", 0);
	p = write_ini(text);
	is_int(config_load(&c, p, err, sizeof err), 0,
	       "a line of 198 characters is fine");
	is_int((int)strlen(c.origins), 187, "and read whole");
}

static void test_set_and_validate(void)
{
	struct config c;
	char err[256];

	config_defaults(&c);
	is_int(config_set(&c, "server", "port", "0", err, sizeof err), 0,
	       "port 0 (ephemeral) allowed");
	is_int(config_set(&c, "server", "port", "-1", err, sizeof err), -1,
	       "negative port refused");
	is_int(config_set(&c, "store", "data_dir", "", err, sizeof err), -1,
	       "empty data dir refused");
	config_set(&c, "workshop", "warn_second_s", "200", err, sizeof err);
	is_int(config_validate(&c, err, sizeof err), -1,
	       "second warning must come after the first");
	config_defaults(&c);
	config_set(&c, "log", "log_level", "loud", err, sizeof err);
	is_int(config_validate(&c, err, sizeof err), -1, "bad log level");
}

static void test_reload(void)
{
	struct config live, next;
	char err[256], restart[256];

	config_defaults(&live);
	next = live;
	is_int(config_apply_reloadable(&live, &next, restart, sizeof restart),
	       0, "nothing changed, nothing applied");
	is_str(restart, "", "and no restart needed");
	config_set(&next, "limits", "msg_rate", "7", err, sizeof err);
	config_set(&next, "log", "log_level", "debug", err, sizeof err);
	config_set(&next, "server", "port", "9999", err, sizeof err);
	config_set(&next, "limits", "send_queue_messages", "8", err,
		   sizeof err);
	is_int(config_apply_reloadable(&live, &next, restart, sizeof restart),
	       2, "two reloadable keys applied");
	is_int(live.msg_rate, 7, "rate limit reloaded");
	is_str(live.log_level, "debug", "log level reloaded");
	is_int(live.port, 8080, "port kept until restart");
	is_int(live.send_queue_messages, 256, "queue size kept until restart");
	is_str(restart, "server.port,limits.send_queue_messages",
	       "restart-only changes are named");
	config_set(&next, "metrics", "metrics_token", "t0k", err, sizeof err);
	config_apply_reloadable(&live, &next, restart, 8);
	is_str(live.metrics_token, "t0k", "token reloaded");
	ok(strlen(restart) < 8, "restart list is bounded by its buffer");
}

static void test_addresses(void)
{
	struct config c;
	char err[256];

	config_defaults(&c);
	is_str(c.trusted_proxies, "", "no proxy trusted by default");
	config_set(&c, "server", "trusted_proxies", "127.0.0.1 10.0.0.0/8 ::1",
		   err, sizeof err);
	is_int(config_validate(&c, err, sizeof err), 0, "CIDR list validates");
	config_set(&c, "server", "trusted_proxies", "10.0.0.1/8", err,
		   sizeof err);
	is_int(config_validate(&c, err, sizeof err), -1, "host bits refused");
	ok(strstr(err, "[server] trusted_proxies") != NULL, "names the key: %s",
	   err);
	config_defaults(&c);
	config_set(&c, "metrics", "metrics_allow", "localhost", err,
		   sizeof err);
	is_int(config_validate(&c, err, sizeof err), -1,
	       "metrics_allow takes addresses only");
}

static void test_reference(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	is_int(config_print_reference(f, "markdown"), 0, "markdown reference");
	fclose(f);
	ok(strstr(buf, "| `msg_rate` | `20` | 1..100000 | reloaded |") != NULL,
	   "a reloadable int row");
	ok(strstr(buf, "| `port` | `8080` | 0..65535 | restart |") != NULL,
	   "a restart-only row");
	ok(strstr(buf, "127.0.0.1\\|localhost") != NULL,
	   "a '|' in help text is escaped");
	ok(strstr(buf, "| `public_url` | (empty) |") != NULL,
	   "empty default shown");
	free(buf);
	f = open_memstream(&buf, &len);
	config_print_reference(f, "ini");
	fclose(f);
	ok(strstr(buf, "[reloadable: SIGHUP]\nmsg_rate = 20\n") != NULL,
	   "ini marks reloadable keys");
	ok(strstr(buf, "(0..65535)\nport = 8080\n") != NULL,
	   "and not the others");
	free(buf);
	is_int(config_print_reference(stdout, "yaml"), -1, "unknown format");
}

int main(void)
{
	ok(mkdtemp(dir) != NULL, "temp dir");
	test_defaults();
	test_load();
	test_set_and_validate();
	test_reload();
	test_addresses();
	test_reference();
	char path[128];
	snprintf(path, sizeof path, "%s/t.ini", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
