/* Unit tests for TURN credentials: the expected password was computed
 * apart, with Python's hmac and base64 modules:
 *   base64(HMAC-SHA1("north-star-secret", "1700000600:p7"))
 * and the bad arguments are refused. */
#include <string.h>

#include "auth/turn.h"
#include "tap.h"

#define SECRET "north-star-secret"

int main(void)
{
	struct turn_credentials c;

	is_int(turn_credentials(SECRET, strlen(SECRET), "p7", 1700000000, 600,
				&c),
	       0, "minted");
	is_str(c.username, "1700000600:p7", "username: expiry:id");
	is_str(c.password, "/eyLgzbDLnTWihpy38vGWfIOiik=",
	       "password: base64 HMAC-SHA1 of the username");
	ok(c.expires_s == 1700000600, "expiry now + ttl");
	turn_credentials(SECRET, strlen(SECRET), "p8", 1700000000, 600, &c);
	ok(strcmp(c.password, "/eyLgzbDLnTWihpy38vGWfIOiik="),
	   "another participant: another password");
	ok(turn_credentials("", 0, "p7", 1, 600, &c) == -1, "no secret");
	ok(turn_credentials(SECRET, strlen(SECRET), "a:b", 1, 600, &c) == -1,
	   "':' in the id");
	ok(turn_credentials(SECRET, strlen(SECRET), "", 1, 600, &c) == -1,
	   "empty id");
	ok(turn_credentials(SECRET, strlen(SECRET), "p7", 1, 0, &c) == -1,
	   "no lifetime");
	char long_id[42];
	memset(long_id, 'x', 41);
	long_id[41] = 0;
	ok(turn_credentials(SECRET, strlen(SECRET), long_id, 1, 600, &c) == -1,
	   "id over 40 chars");
	return tap_done();
}
