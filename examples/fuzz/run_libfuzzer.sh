#!/bin/sh
# Runs the libFuzzer harness from an empty corpus for at most SECONDS and
# checks that it finds the planted out-of-bounds write: the harness reports
# it, libFuzzer saves the input, and replaying that input gives the same
# verdict. Only the out-of-bounds write counts as a crash here
# (FUZZ_REPORT=oob-write): the hang and the bad pointer are found too, and
# would stop the run first.
# MODE coverage: guided by the guest's edge coverage alone (no cmplog).
# MODE cmplog: guided by the guest's comparisons alone (no coverage map;
# slower and more variable: not a CTest).
# MODE both: coverage and comparisons.
# Usage: run_libfuzzer.sh HARNESS REPLAY WORKDIR [SECONDS (100)] [SEED (1)]
#                         [MODE (coverage)]
set -eu
harness=$1
replay=$2
work=$3
seconds=${4:-100}
seed=${5:-1}
case ${6:-coverage} in
coverage) FUZZ_NO_COVERAGE=0 FUZZ_CMPLOG=0 ;;
cmplog) FUZZ_NO_COVERAGE=1 FUZZ_CMPLOG=1 ;;
both) FUZZ_NO_COVERAGE=0 FUZZ_CMPLOG=1 ;;
*) echo "unknown mode $6" >&2; exit 2 ;;
esac
export FUZZ_NO_COVERAGE FUZZ_CMPLOG

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
log=$work/libfuzzer.log
start=$(date +%s)
status=0
FUZZ_REPORT=oob-write "$harness" -seed="$seed" -max_total_time="$seconds" \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
    "$work/corpus" >"$log" 2>&1 || status=$?
elapsed=$(( $(date +%s) - start ))
grep -E '^#[0-9]+ +(INITED|DONE)|==fuzz-parser==|stat::number_of_executed_units|Test unit written' "$log" || true

if [ "$status" -eq 0 ]; then
    echo "FAIL: no out-of-bounds write found in ${seconds}s"
    tail -n 5 "$log"
    exit 1
fi
if ! grep -q '==fuzz-parser== guest out-of-bounds write' "$log"; then
    echo "FAIL: the harness stopped (status $status) without reporting the out-of-bounds write"
    tail -n 30 "$log"
    exit 1
fi
crash=$(ls "$work"/artifacts/crash-* 2>/dev/null | head -n 1)
if [ -z "$crash" ]; then
    echo "FAIL: libFuzzer saved no crash input"
    exit 1
fi
if ! "$replay" "$crash" | grep 'guest out-of-bounds write: write of 1 bytes at 0x81000'; then
    echo "FAIL: the saved input does not replay as the out-of-bounds write"
    exit 1
fi
echo "ok: out-of-bounds write found and replayed in ${elapsed}s"
