#!/bin/sh
# A time-boxed libFuzzer run of one target on its committed corpus, then a
# merge that keeps the corpus minimal (new inputs only if they add
# coverage). Runs the -campaign build (known findings tolerated, see
# fuzz.h). Crashes land in build-fuzz/artifacts/<target>/.
#   tests/fuzz/run.sh decode|token|core SECONDS [extra libFuzzer flags]
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$1 SECS=$2
shift 2
OUT=${OUT:-$TOP/build-fuzz}
CORPUS=$TOP/tests/fuzz/corpus/$T
ART=$OUT/artifacts/$T
mkdir -p "$ART" "$OUT/grow/$T"
case $T in decode) MAXLEN=4096 ;; token) MAXLEN=320 ;; *) MAXLEN=2048 ;; esac
"$OUT/fuzz-$T-campaign" -max_total_time="$SECS" -max_len=$MAXLEN \
	-artifact_prefix="$ART/" -print_final_stats=1 "$@" \
	"$OUT/grow/$T" "$CORPUS"
# Merge what was found back into the committed corpus, minimally.
mkdir -p "$OUT/merged/$T"
rm -f "$OUT/merged/$T"/*
# -use_counters=0: keep inputs for new edges only (not hit counts), so the
# committed corpus stays small (< 500 files, < 2 MB for all targets).
"$OUT/fuzz-$T-campaign" -merge=1 -use_counters=0 -max_len=$MAXLEN \
	"$OUT/merged/$T" "$CORPUS" \
	"$OUT/grow/$T" 2>/dev/null
# Named reproducers of reported findings (crash-*) and the seeds (valid-*,
# invalid-*, text-*, raw-*, and the hand-written core streams) stay as
# they are; only the hash-named inputs libFuzzer found are replaced.
find "$CORPUS" -type f -regextype posix-extended -regex '.*/[0-9a-f]{40}' \
	-delete
cp -n "$OUT/merged/$T"/* "$CORPUS"/
# A hash-named copy of a named file is a duplicate.
for f in "$CORPUS"/*; do
	case $(basename "$f") in *[!0-9a-f]*) ;; *) continue ;; esac
	rm -f "$CORPUS/$(sha1sum <"$f" | cut -c1-40)"
done
echo "corpus $T: $(ls "$CORPUS" | wc -l) files, $(cat "$CORPUS"/* | wc -c) bytes"
