#!/bin/sh
# Writes this directory's snapshot of U-Boot (saved after 100M instructions,
# while it looks for boot devices, before its prompt) and what its
# continuation prints. Run once; the files are never rewritten after that.
# usage: write.sh ARM64EMU_BOOT FETCH_LINUX
set -eu
boot=${1:?usage: write.sh ARM64EMU_BOOT FETCH_LINUX}
fetch=${2:?usage: write.sh ARM64EMU_BOOT FETCH_LINUX}
here=$(cd "$(dirname "$0")" && pwd)
bios=$("$fetch" --pinned | tail -1)/u-boot-qemu_arm64-2023.01.bin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/../continuation.sh"
"$boot" --bios "$bios" --snapshot-refs bios --snapshot-level 19 \
    --save-at 100M:"$here/boot.snap" --script "$here/session.script" --stats \
    </dev/null >"$tmp/out" 2>"$tmp/err"
record_continuation "$tmp/out" "$tmp/err" "$here/boot"
echo "wrote boot.snap ($(wc -c <"$here/boot.snap") bytes), boot.expected, boot.end"
