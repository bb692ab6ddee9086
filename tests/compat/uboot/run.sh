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
"$fetch" --pinned >"$tmp/fetch.out" 2>"$tmp/fetch.err"
st=$?
if [ $st = 77 ]; then
    echo "SKIP: cannot fetch the pinned U-Boot:"
    cat "$tmp/fetch.err"
    exit 77
fi
[ $st = 0 ] || { cat "$tmp/fetch.err"; echo "FAIL: fetch-linux --pinned status $st"; exit 1; }
bios=$(tail -1 "$tmp/fetch.out")/u-boot-qemu_arm64-2023.01.bin
"$boot" --restore "$here/boot.snap" --bios "$bios" --script "$here/session.script" --stats \
    </dev/null >"$tmp/out" 2>"$tmp/err"
st=$?
end="exit $st instructions $(sed -n 's/^instructions \([0-9]*\),.*/\1/p' "$tmp/err")"
if ! cmp -s "$tmp/out" "$here/boot.expected" || [ "$end" != "$(cat "$here/boot.end")" ]; then
    echo "FAIL: the restored U-Boot does not continue as recorded"
    echo "want: $(cat "$here/boot.end"); got: $end"
    diff "$here/boot.expected" "$tmp/out" | head -40
    cat "$tmp/err"
    exit 1
fi
echo "ok: restored boot.snap and continued it exactly ($end)"
