#!/bin/sh
# Restores U-Boot's snapshot in a new process with the firmware it refers
# to, types the session, and checks that the console
# prints exactly the recorded bytes and the run ends as recorded. Exit 77
# (skipped) when the pinned package cannot be fetched.
# usage: run.sh ARM64EMU_BOOT FETCH_LINUX
set -u
boot=${1:?usage: run.sh ARM64EMU_BOOT FETCH_LINUX}
fetch=${2:?usage: run.sh ARM64EMU_BOOT FETCH_LINUX}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
. "$here/../continuation.sh"
bios=$(pinned_images "$fetch" U-Boot)/u-boot-qemu_arm64-2023.01.bin || exit $?
"$boot" --restore "$here/boot.snap" --bios "$bios" --script "$here/session.script" --stats \
    </dev/null >"$tmp/out" 2>"$tmp/err"
check_continuation "$tmp/out" "$tmp/err" $? "$here/boot" U-Boot
echo "ok: restored boot.snap and continued it exactly ($end)"
