#!/bin/sh
# Restores the mid-boot Linux snapshot in a new process, with the kernel and
# initramfs it refers to, replays the session, and checks that the console prints exactly
# the recorded bytes and the run ends as recorded. Exit 77 (skipped) when
# the pinned packages cannot be fetched.
#
# usage: run.sh ARM64EMU_BOOT FETCH_LINUX
set -u
boot=${1:?usage: run.sh ARM64EMU_BOOT FETCH_LINUX}
fetch=${2:?usage: run.sh ARM64EMU_BOOT FETCH_LINUX}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/config.sh"
. "$here/../continuation.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
images=$(pinned_images "$fetch" "kernel and busybox") || exit $?
"$boot" --restore "$here/midboot.snap" --kernel "$images/$kernel" \
    --initrd "$images/$initrd" \
    --script "$here/session.script" --max-insns 4G --stats \
    </dev/null >"$tmp/out" 2>"$tmp/err"
check_continuation "$tmp/out" "$tmp/err" $? "$here/midboot" run
echo "ok: restored midboot.snap and continued it exactly ($end)"
