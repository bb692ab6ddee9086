#!/bin/sh
# Builds the snapshot loader fuzz target (clang, ASan, UBSan, libFuzzer)
# and runs it for a number of seconds on a copy of the seed corpus.
# Exits nonzero on any crash, leak, sanitizer report or timeout; the input
# that caused it is left in BUILD_DIR/fuzz-artifacts/.
# Usage: tests/fuzz/run.sh [SECONDS (60)] [BUILD_DIR (build-fuzz)] [JOBS (2)]
set -eu
seconds=${1:-60}
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-$src/build-fuzz}
jobs=${3:-2}

CC=clang cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DARM64EMU_SANITIZE=ON -DARM64EMU_FUZZ=ON >/dev/null
cmake --build "$build" --target fuzz_snapshot -j "$jobs" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$src"/tests/fuzz/corpus/* "$work"/
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"

echo "fuzzing the snapshot loader for ${seconds}s"
status=0
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$build/tests/fuzz/fuzz_snapshot" -max_total_time="$seconds" \
    -timeout=20 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$work" 2>"$build/fuzz-snapshot.log" ||
    status=$?
tail -n 25 "$build/fuzz-snapshot.log"
if [ "$status" -ne 0 ]; then
    echo "FAIL: the snapshot fuzzer found a problem (status $status); reproducer(s):"
    ls -l "$artifacts"
    exit 1
fi
echo "ok: no crash in ${seconds}s"
