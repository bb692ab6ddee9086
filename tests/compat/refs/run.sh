#!/bin/sh
# Restores demo.snap, which refers to demo.bin as a RAM source, and checks
# that the demo continues exactly as recorded; then checks that a restore
# without the file is refused naming it.
# usage: run.sh ARM64EMU_BOOT
set -u
boot=${1:?usage: run.sh ARM64EMU_BOOT}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$boot" --restore "$here/demo.snap" --kernel "$here/demo.bin" --stats \
    --script "$here/session.script" \
    </dev/null >"$tmp/out" 2>"$tmp/err"
st=$?
end="exit $st instructions $(sed -n 's/^instructions \([0-9]*\),.*/\1/p' "$tmp/err")"
if ! cmp -s "$tmp/out" "$here/demo.expected" || [ "$end" != "$(cat "$here/demo.end")" ]; then
    echo "FAIL: the restored demo does not continue as recorded"
    echo "want: $(cat "$here/demo.end"); got: $end"
    diff "$here/demo.expected" "$tmp/out" | head -20
    cat "$tmp/err"
    exit 1
fi
"$boot" --restore "$here/demo.snap" </dev/null >/dev/null 2>"$tmp/err2"
st=$?
if [ $st = 0 ] || ! grep -q "needs RAM source 'kernel' (5647 bytes" "$tmp/err2"; then
    echo "FAIL: a restore without demo.bin was not refused naming it (status $st)"
    cat "$tmp/err2"
    exit 1
fi
echo "ok: demo.snap continued exactly ($end); refused without its source"
