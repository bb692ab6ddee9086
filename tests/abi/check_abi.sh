#!/bin/sh
# Compares the built shared library's ABI with the last released baseline
# (tests/abi/libarm64emu-<version>.abi, written by abidw at release time).
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
abidiff --headers-dir2 "$here/../../include" "$baseline" "$lib"
