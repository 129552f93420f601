#!/bin/sh
# The core is pure: with the core's own include flags, an #include of any
# I/O library fails to compile, while the C library and core headers work.
# usage: purity.sh CC POISON_DIR SRC_DIR
cc=$1 poison=$2 src=$3
n=0 failed=0
check() { # expect(pass|fail) header
	n=$((n + 1))
	if printf '#include <%s>\nint x;\n' "$2" |
		$cc -std=c11 -fsyntax-only -I"$poison" -I"$src" -x c - 2>/dev/null; then
		got=pass
	else
		got=fail
	fi
	if [ "$got" = "$1" ]; then
		echo "ok $n - #include <$2> in src/core: compile $( [ $1 = pass ] && echo passes || echo fails )"
	else
		echo "not ok $n - #include <$2> in src/core: expected compile to $1, got $got"
		failed=$((failed + 1))
	fi
}
for h in libwebsockets.h uv.h jansson.h sqlite3.h openssl/hmac.h openssl/evp.h \
	openssl/ssl.h openssl/rand.h openssl/crypto.h ini.h uv/unix.h; do
	check fail "$h"
done
for h in stdint.h string.h stdlib.h core/cmd.h core/template.h; do
	check pass "$h"
done
echo "1..$n"
[ "$failed" -eq 0 ]
