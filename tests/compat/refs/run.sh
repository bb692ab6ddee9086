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
. "$here/../continuation.sh"
"$boot" --restore "$here/demo.snap" --kernel "$here/demo.bin" --stats \
    --script "$here/session.script" \
    </dev/null >"$tmp/out" 2>"$tmp/err"
check_continuation "$tmp/out" "$tmp/err" $? "$here/demo" demo
"$boot" --restore "$here/demo.snap" </dev/null >/dev/null 2>"$tmp/err2"
st=$?
if [ $st = 0 ] || ! grep -q "needs RAM source 'kernel' (5647 bytes" "$tmp/err2"; then
    echo "FAIL: a restore without demo.bin was not refused naming it (status $st)"
    cat "$tmp/err2"
    exit 1
fi
echo "ok: demo.snap continued exactly ($end); refused without its source"
