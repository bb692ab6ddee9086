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
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$fetch" --pinned >"$tmp/fetch.out" 2>"$tmp/fetch.err"
st=$?
if [ $st = 77 ]; then
    echo "SKIP: cannot fetch the pinned kernel and busybox:"
    cat "$tmp/fetch.err"
    exit 77
fi
[ $st = 0 ] || { cat "$tmp/fetch.err"; echo "FAIL: fetch-linux --pinned status $st"; exit 1; }
images=$(tail -1 "$tmp/fetch.out")
"$boot" --restore "$here/midboot.snap" --kernel "$images/$kernel" \
    --initrd "$images/$initrd" \
    --script "$here/session.script" --max-insns 4G --stats \
    </dev/null >"$tmp/out" 2>"$tmp/err"
st=$?
end="exit $st instructions $(sed -n 's/^instructions \([0-9]*\),.*/\1/p' "$tmp/err")"
if ! cmp -s "$tmp/out" "$here/midboot.expected" ||
   [ "$end" != "$(cat "$here/midboot.end")" ]; then
    echo "FAIL: the restored run does not continue as recorded"
    echo "want: $(cat "$here/midboot.end"); got: $end"
    diff "$here/midboot.expected" "$tmp/out" | head -40
    cat "$tmp/err"
    exit 1
fi
echo "ok: restored midboot.snap and continued it exactly ($end)"
