#!/bin/sh
# Compares the built shared library's ABI with the last released baseline
# (tests/abi/libarm64emu-<version>.abi, written at release time with
#  abidw --headers-dir include --drop-private-types --no-corpus-path \
#        --out-file tests/abi/libarm64emu-X.Y.Z.abi build/libarm64emu/libarm64emu.so.X.Y.Z
#  from a RelWithDebInfo build). Compatible additions pass; removals and
# changed signatures or layouts fail.
# Before the first release there is no baseline and the check says so.
# Usage: check_abi.sh BUILD_DIR
set -eu
build=$1
here=$(dirname "$0")
lib=$(find "$build/libarm64emu" -maxdepth 1 -name 'libarm64emu.so.*.*.*' | head -n 1)
[ -n "$lib" ] || { echo "check_abi: no shared library under $build"; exit 1; }
baseline=$(ls "$here"/libarm64emu-*.abi 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$baseline" ]; then
    echo "check_abi: no released baseline yet (first release pending); nothing to compare"
    exit 0
fi
command -v abidiff >/dev/null || { echo "check_abi: abidiff missing (abigail-tools)"; exit 1; }
echo "check_abi: $lib against $baseline"
status=0
abidiff --headers-dir2 "$here/../../include" "$baseline" "$lib" || status=$?
# abidiff's status bits: 1 error, 2 usage error, 4 some ABI change (added
# functions are compatible), 8 an incompatible change.
if [ $((status & 11)) -ne 0 ]; then
    echo "check_abi: incompatible ABI change or abidiff error (status $status)"
    exit 1
fi
[ $((status & 4)) -eq 0 ] || echo "check_abi: compatible additions (fine)"
