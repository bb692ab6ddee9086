#!/bin/sh
# Writes this directory's mid-boot Linux snapshot and its continuation.
# Run once, when the corpus is made; the files are never rewritten after
# that (a later release that cannot continue them is a broken release).
#
# usage: write.sh ARM64EMU_BOOT FETCH_LINUX
set -eu
boot=${1:?usage: write.sh ARM64EMU_BOOT FETCH_LINUX}
fetch=${2:?usage: write.sh ARM64EMU_BOOT FETCH_LINUX}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/config.sh"
images=$("$fetch" --pinned | tail -1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/../continuation.sh"
"$boot" --kernel "$images/$kernel" --initrd "$images/$initrd" --ram $ram \
    --smp $smp --append "$append" --script "$here/session.script" \
    --max-insns 4G --save-at $save_at:"$here/midboot.snap" \
    --snapshot-refs kernel,initrd \
    --snapshot-level 19 --stats </dev/null >"$tmp/out" 2>"$tmp/err" ||
    { cat "$tmp/err"; echo "write.sh: the uninterrupted run failed"; exit 1; }
record_continuation "$tmp/out" "$tmp/err" "$here/midboot"
echo "wrote $here/midboot.snap ($(wc -c <"$here/midboot.snap") bytes)," \
    "midboot.expected ($(wc -c <"$here/midboot.expected") bytes), midboot.end"
