#!/bin/sh
# Builds the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined)
# outside meson, with jansson compiled from Debian's source package under
# -fsanitize=fuzzer-no-link so the JSON parser is instrumented too (the
# decoder's real attack surface is jansson's parser plus our checks).
#
#   tests/fuzz/build.sh [OUT]          default OUT: build-fuzz/ at the top
#   OUT/fuzz-decode OUT/fuzz-token OUT/fuzz-core      the targets
#   tests/fuzz/run.sh TARGET SECONDS                  a time-boxed run
#
# Needs: clang-14, libclang-rt-14-dev, cmake, libssl-dev, dpkg-dev and a
# deb-src line for `apt-get source jansson` (added here when missing).
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$TOP/build-fuzz}
CC=${CC:-clang-14}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# --- jansson, instrumented ------------------------------------------------
if [ ! -f "$OUT/jansson/lib/libjansson.a" ]; then
	if [ ! -d "$OUT/jansson-src" ]; then
		if ! grep -rqs '^Types: deb-src' /etc/apt/sources.list.d/; then
			sed 's/^Types: deb$/Types: deb-src/' \
				/etc/apt/sources.list.d/debian.sources \
				>/etc/apt/sources.list.d/debsrc.sources
			apt-get update -q
		fi
		(cd "$OUT" && apt-get source -q jansson)
		mv "$OUT"/jansson-2.* "$OUT/jansson-src"
		rm -f "$OUT"/jansson_*
	fi
	cmake -S "$OUT/jansson-src" -B "$OUT/jansson-build" \
		-DCMAKE_C_COMPILER="$CC" \
		-DCMAKE_C_FLAGS="-g -O1 -fsanitize=fuzzer-no-link $SAN" \
		-DCMAKE_INSTALL_PREFIX="$OUT/jansson" \
		-DJANSSON_BUILD_DOCS=OFF -DJANSSON_WITHOUT_TESTS=ON \
		-DJANSSON_EXAMPLES=OFF -DJANSSON_BUILD_SHARED_LIBS=OFF >/dev/null
	cmake --build "$OUT/jansson-build" -j2 >/dev/null
	cmake --install "$OUT/jansson-build" >/dev/null
fi

# --- the targets ------------------------------------------------------------
CFLAGS="-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
 -fsanitize=fuzzer $SAN -I$TOP/src -I$TOP/tests/fuzz -I$OUT/jansson/include"
CORE=$(ls "$TOP"/src/core/*.c)
CODEC="$(ls "$TOP"/src/codec/*.c) $TOP/src/util/utf8.c $TOP/src/util/array.c"
JANSSON="$OUT/jansson/lib/libjansson.a"

# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/fuzz-decode" "$TOP/tests/fuzz/fuzz_decode.c" \
	$CODEC $CORE "$JANSSON"
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/fuzz-core" "$TOP/tests/fuzz/fuzz_core.c" \
	$CODEC $CORE "$JANSSON"
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/fuzz-token" "$TOP/tests/fuzz/fuzz_token.c" \
	"$TOP/src/auth/token.c" "$TOP/src/util/b64url.c" -lcrypto
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/fuzz-roomstored" "$TOP/tests/fuzz/fuzz_roomstored.c" \
	$CODEC $CORE "$JANSSON"
# Campaign builds: the same targets, tolerating the invariants of bugs
# already reported (fuzz.h FUZZ_KNOWN_BUG), for long runs.
for t in decode token core roomstored; do
	case $t in
	token) SRCS="$TOP/src/auth/token.c $TOP/src/util/b64url.c -lcrypto" ;;
	*) SRCS="$CODEC $CORE $JANSSON" ;;
	esac
	# shellcheck disable=SC2086
	$CC $CFLAGS -DFUZZ_TOLERATE_KNOWN -o "$OUT/fuzz-$t-campaign" \
		"$TOP/tests/fuzz/fuzz_$t.c" $SRCS
done
echo "built: $OUT/fuzz-decode $OUT/fuzz-token $OUT/fuzz-core $OUT/fuzz-roomstored"
