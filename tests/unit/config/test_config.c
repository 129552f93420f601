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

int main(void)
{
	ok(mkdtemp(dir) != NULL, "temp dir");
	test_defaults();
	test_load();
	test_set_and_validate();
	char path[128];
	snprintf(path, sizeof path, "%s/t.ini", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
