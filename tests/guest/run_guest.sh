#!/bin/sh
# Runs one guest program under arm64emu-user and under qemu-aarch64 -cpu max
# with the same arguments and an empty environment, and compares stdout
# byte for byte and the exit status.
# usage: run_guest.sh RUNNER QEMU PROGRAM [ARGS...]   (exit 77 = skipped)
# ARM64EMU_USER_FLAGS: extra options for arm64emu-user (e.g. --strace).
runner=$1 qemu=$2 prog=$3
shift 3
if [ -z "$qemu" ] || [ ! -x "$qemu" ]; then
    echo "qemu-aarch64 not found: nothing to compare against, skipped"
    exit 77
fi
ulimit -c 0 # a crashing guest must not leave qemu core files behind
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# shellcheck disable=SC2086 # the flags are words on purpose
env -i "$runner" ${ARM64EMU_USER_FLAGS:-} "$prog" "$@" >"$tmp/ours.out" 2>"$tmp/ours.err"
ours=$?
env -i "$qemu" -cpu max "$prog" "$@" >"$tmp/qemu.out" 2>"$tmp/qemu.err"
theirs=$?

status=0
if ! cmp -s "$tmp/ours.out" "$tmp/qemu.out"; then
    echo "stdout differs (--- qemu-aarch64, +++ arm64emu-user):"
    diff -u "$tmp/qemu.out" "$tmp/ours.out" | head -60
    status=1
fi
if [ "$ours" != "$theirs" ]; then
    echo "exit status differs: qemu-aarch64 $theirs, arm64emu-user $ours"
    status=1
fi
if [ $status != 0 ]; then
    echo "arm64emu-user stderr:"
    head -40 "$tmp/ours.err"
else
    echo "same stdout ($(wc -c <"$tmp/ours.out") bytes) and exit status $ours"
fi
exit $status
