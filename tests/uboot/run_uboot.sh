#!/bin/sh
# Boots Debian's U-Boot for QEMU (qemu_arm64/u-boot.bin, fetched from the
# archive at test time and never committed) on arm64emu-boot --bios, waits
# for the "=>" prompt and types version, bdinfo, dm tree and poweroff
# (reset if this U-Boot has no poweroff), checking every answer.
# usage: run_uboot.sh ARM64EMU_BOOT   (exit 77 = skipped: offline)
# U_BOOT_BIN=path uses a u-boot.bin already at hand.
set -u
boot=$1
tmp=$(mktemp -d) || exit 1
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
step_timeout=${ARM64EMU_UBOOT_TIMEOUT:-120}

ub=${U_BOOT_BIN:-}
if [ -z "$ub" ]; then
    if ! (cd "$tmp" && apt-get download u-boot-qemu >"$tmp/apt.log" 2>&1); then
        echo "SKIP: cannot fetch u-boot-qemu from the Debian archive (offline?):"
        tail -3 "$tmp/apt.log"
        exit 77
    fi
    dpkg -x "$tmp"/u-boot-qemu_*.deb "$tmp/x" || exit 1
    ub="$tmp/x/usr/lib/u-boot/qemu_arm64/u-boot.bin"
fi
[ -f "$ub" ] || { echo "FAIL: $ub not found"; exit 1; }

mkfifo "$tmp/in" || exit 1
"$boot" --bios "$ub" --stats <"$tmp/in" >"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3>"$tmp/in"

fail() {
    echo "FAIL: $*"
    echo "---- U-Boot console ----"
    cat "$tmp/out"
    echo "---- arm64emu-boot stderr ----"
    cat "$tmp/err"
    exit 1
}

# wait_for PATTERN N: until N lines of the console match PATTERN.
wait_for() {
    t=0
    while [ "$(grep -c -- "$1" "$tmp/out")" -lt "$2" ]; do
        kill -0 "$pid" 2>/dev/null || fail "arm64emu-boot exited while waiting for '$1'"
        t=$((t + 1))
        [ $t -gt $((step_timeout * 5)) ] && fail "no '$1' after ${step_timeout}s"
        sleep 0.2
    done
}

type_line() {
    printf '%s\r' "$1" >&3
}

# Stop the autoboot countdown, then one command per prompt.
wait_for "Hit any key to stop autoboot" 1
printf ' ' >&3
wait_for "^=>" 1
type_line version
wait_for "^=>" 2
type_line bdinfo
wait_for "^=>" 3
type_line "dm tree"
wait_for "^=>" 4

grep -q "^U-Boot 20[0-9][0-9]" "$tmp/out" || fail "version: no 'U-Boot 20xx' line"
grep -q "aarch64-linux-gnu-gcc\|GCC\|gcc" "$tmp/out" || fail "version: no compiler line"
grep -q "DRAM bank" "$tmp/out" || fail "bdinfo: no DRAM bank"
grep -q "start *= 0x0*40000000" "$tmp/out" || fail "bdinfo: DRAM does not start at 0x40000000"
grep -q "size *= 0x0*8000000" "$tmp/out" || fail "bdinfo: DRAM size is not 128 MiB"
grep -q "serial .*pl011" "$tmp/out" || fail "dm tree: no pl011 serial device"
grep -q "Class  *Index  *Probed" "$tmp/out" || fail "dm tree: no device table"

type_line poweroff
t=0
while kill -0 "$pid" 2>/dev/null; do
    if grep -q "Unknown command 'poweroff'" "$tmp/out"; then
        type_line reset
        break
    fi
    t=$((t + 1))
    [ $t -gt $((step_timeout * 5)) ] && fail "poweroff: still running after ${step_timeout}s"
    sleep 0.2
done
exec 3>&-
wait "$pid"
status=$?
pid=
case $status in
0) echo "ok: U-Boot powered the board off" ;;
2) grep -q "Unknown command 'poweroff'" "$tmp/out" ||
       fail "reset requested without being asked"
   echo "ok: U-Boot reset the board (it has no poweroff command)" ;;
*) fail "arm64emu-boot exit status $status" ;;
esac
cat "$tmp/out"
cat "$tmp/err"
