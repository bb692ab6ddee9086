#!/bin/sh
# Writes this directory's snapshot and its continuation. Run once, when
# the files are made; they are never rewritten after that.
# usage: write.sh ARM64EMU_BOOT
set -eu
boot=${1:?usage: write.sh ARM64EMU_BOOT}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$boot" --kernel "$here/demo.bin" --save-at 2000:"$here/demo.snap" \
    --snapshot-refs kernel --script "$here/session.script" --stats \
    </dev/null >"$tmp/out" 2>"$tmp/err"
k=$(sed -n "s/.*saved .* after \([0-9]*\) console bytes.*/\1/p" "$tmp/err")
tail -c +$((k + 1)) "$tmp/out" >"$here/demo.expected"
sed -n 's/^instructions \([0-9]*\),.*/exit 0 instructions \1/p' "$tmp/err" >"$here/demo.end"
echo "wrote demo.snap ($(wc -c <"$here/demo.snap") bytes), demo.expected, demo.end"
