#!/bin/sh
# Writes this directory's snapshot and its continuation. Run once, when
# the files are made; they are never rewritten after that.
# usage: write.sh ARM64EMU_BOOT
set -eu
boot=${1:?usage: write.sh ARM64EMU_BOOT}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/../continuation.sh"
"$boot" --kernel "$here/demo.bin" --save-at 2000:"$here/demo.snap" \
    --snapshot-refs kernel --script "$here/session.script" --stats \
    </dev/null >"$tmp/out" 2>"$tmp/err"
record_continuation "$tmp/out" "$tmp/err" "$here/demo"
echo "wrote demo.snap ($(wc -c <"$here/demo.snap") bytes), demo.expected, demo.end"
