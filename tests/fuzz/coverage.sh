#!/bin/sh
# Line/region coverage of the committed corpus (clang source-based
# coverage through the replay driver, no sanitizers): prints llvm-cov's
# report for the files a target is about.
#   tests/fuzz/coverage.sh decode|token|core [OUT]
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$1
OUT=${2:-$TOP/build-fuzz}/cov
mkdir -p "$OUT"
J=$TOP/build-fuzz/jansson
CF="-O0 -g -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
 -DFUZZ_TOLERATE_KNOWN -fprofile-instr-generate -fcoverage-mapping -I$TOP/src -I$TOP/tests/fuzz"
CORE=$(ls "$TOP"/src/core/*.c)
CODEC=$(ls "$TOP"/src/codec/*.c)
case $T in
token) SRCS="$TOP/src/auth/token.c $TOP/src/util/b64url.c"; LIBS=-lcrypto
	SHOW="$TOP/src/auth/token.c $TOP/src/util/b64url.c" ;;
decode) SRCS="$CODEC $CORE"; LIBS=-ljansson
	SHOW="$TOP/src/codec/decode.c $TOP/src/codec/msgtable.c $TOP/src/codec/errors.c" ;;
core) SRCS="$CODEC $CORE"; LIBS=-ljansson; SHOW=$CORE ;;
esac
# shellcheck disable=SC2086
clang-14 $CF -o "$OUT/cov-$T" "$TOP/tests/fuzz/replay.c" \
	"$TOP/tests/fuzz/fuzz_$T.c" $SRCS $LIBS
# Built with FUZZ_TOLERATE_KNOWN: inputs of reported findings do not abort.
rm -rf "$OUT/corpus-$T" && mkdir -p "$OUT/corpus-$T"
find "$TOP/tests/fuzz/corpus/$T" -type f \
	-exec cp {} "$OUT/corpus-$T/" \;
LLVM_PROFILE_FILE="$OUT/$T.profraw" "$OUT/cov-$T" "$OUT/corpus-$T" \
	>/dev/null 2>&1 || true
llvm-profdata-14 merge -o "$OUT/$T.profdata" "$OUT/$T.profraw"
# shellcheck disable=SC2086
llvm-cov-14 report "$OUT/cov-$T" -instr-profile="$OUT/$T.profdata" $SHOW
