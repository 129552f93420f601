#!/bin/sh
# Writes "poison" headers that shadow every I/O library header, so that an
# #include of libwebsockets, libuv, jansson, SQLite, OpenSSL or inih inside
# src/core fails to compile (the system include dir holds them all, so
# leaving out a meson dependency alone would not stop it).
set -eu
out=$1
rm -rf "$out"
mkdir -p "$out/openssl" "$out/uv" "$out/libwebsockets"
poison() {
	printf '#error "src/core is pure: no I/O library (%s) may be included here"\n' "$1" > "$out/$1"
}
for h in libwebsockets.h lws_config.h uv.h jansson.h jansson_config.h sqlite3.h sqlite3ext.h ini.h; do
	poison "$h"
done
for dir in openssl uv libwebsockets; do
	for f in /usr/include/$dir/*.h /usr/include/x86_64-linux-gnu/$dir/*.h; do
		[ -e "$f" ] && poison "$dir/$(basename "$f")"
	done
done
# Guarantee the common names even if the system layout differs.
for h in hmac.h evp.h rand.h ssl.h crypto.h sha.h; do poison "openssl/$h"; done
