/* Unit tests for util: base64url canonical form, private files, log levels. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "util/b64url.h"
#include "util/fileutil.h"
#include "util/log.h"

static void test_b64url_vectors(void)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{"", ""},
		{"f", "Zg"},
		{"fo", "Zm8"},
		{"foo", "Zm9v"},
		{"foob", "Zm9vYg"},
		{"fooba", "Zm9vYmE"},
		{"foobar", "Zm9vYmFy"},
		{"\xfb\xff", "-_8"},
	};
	char out[32];
	uint8_t back[32];

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		size_t n = strlen(v[i].in);
		b64url_encode((const uint8_t *)v[i].in, n, out);
		is_str(out, v[i].out, "encode \"%s\"", v[i].out);
		is_int(b64url_encoded_len(n), strlen(v[i].out),
		       "encoded length of %zu bytes", n);
		long m = b64url_decode(out, strlen(out), back, sizeof back);
		ok(m == (long)n && !memcmp(back, v[i].in, n),
		   "round trip \"%s\"", v[i].out);
	}
}

static void test_b64url_rejects(void)
{
	uint8_t buf[16];
	static const char *const bad[] = {
		"Zg==",	 /* padding */
		"Zh",	 /* non-zero unused bits: "Zg" is the canonical form */
		"Zm9=",	 /* padding char */
		"Z",	 /* impossible length */
		"Zm 9v", /* whitespace */
		"Zm+v",	 /* standard alphabet, not url-safe */
		"Zm/v",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		is_int(b64url_decode(bad[i], strlen(bad[i]), buf, sizeof buf),
		       -1, "reject \"%s\"", bad[i]);
	is_int(b64url_decode("Zm9vYmFy", 8, buf, 5), -1,
	       "reject when the output does not fit");
}

static void test_private_file(void)
{
	char dir[] = "/tmp/codevhub-util-XXXXXX", path[128];
	struct stat st;
	size_t len = 0;

	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(path, sizeof path, "%s/secret", dir);
	is_int(file_write_private(path, "abc\n", 4), 0, "write private file");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "private file mode is 0600");
	char *text = file_read_all(path, 100, &len);
	ok(text && len == 4 && !strcmp(text, "abc\n"), "read it back");
	free(text);
	ok(file_read_all(path, 3, NULL) == NULL, "refuse a file over max");
	is_int(file_write_private(path, "xy", 2), 0, "overwrite atomically");
	text = file_read_all(path, 100, &len);
	ok(text && len == 2 && !strcmp(text, "xy"), "new content");
	free(text);
	snprintf(path, sizeof path, "%s/sub", dir);
	is_int(file_ensure_dir(path), 0, "create dir");
	is_int(file_ensure_dir(path), 0, "existing dir is fine");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0700,
	   "data dir mode is 0700");
	rmdir(path);
	snprintf(path, sizeof path, "%s/secret", dir);
	unlink(path);
	rmdir(dir);
}

static void test_log_levels(void)
{
	is_int(log_level_parse("error"), LOG_ERROR, "parse error");
	is_int(log_level_parse("debug"), LOG_DEBUG, "parse debug");
	is_int(log_level_parse("verbose"), -1, "unknown level refused");
}

int main(void)
{
	test_b64url_vectors();
	test_b64url_rejects();
	test_private_file();
	test_log_levels();
	return tap_done();
}
