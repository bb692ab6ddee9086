#!/bin/sh
# Runs one board test program under arm64emu-boot and under
# qemu-system-aarch64 -M virt,gic-version=3 -cpu max (the reference) with
# the same stdin, and compares the UART output and the exit status.
# usage: run_board.sh BOOT QEMU PROG.bin SMP [INPUT]   (exit 77 = skipped)
boot=$1 qemu=$2 prog=$3 smp=$4 input=${5:-/dev/null}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
timeout=${ARM64EMU_BOARD_TIMEOUT:-60}

timeout "$timeout" "$boot" --kernel "$prog" --smp "$smp" <"$input" \
    >"$tmp/ours.out" 2>"$tmp/ours.err"
ours=$?
if [ $ours != 0 ]; then
    echo "arm64emu-boot exit status $ours"
    cat "$tmp/ours.err"
    cat "$tmp/ours.out"
    exit 1
fi
if [ -z "$qemu" ] || [ ! -x "$qemu" ]; then
    echo "qemu-system-aarch64 not found: ran ours only"
    cat "$tmp/ours.out"
    exit 77
fi
# QEMU reads the pipe as soon as it starts: feed the input a little later,
# once the guest has its receive interrupt on, like a user typing.
( sleep 1; cat "$input" ) | timeout "$timeout" "$qemu" -M virt,gic-version=3 \
    -cpu max -m 128 -smp "$smp" -nographic -no-reboot -kernel "$prog" \
    >"$tmp/qemu.out" 2>"$tmp/qemu.err"
theirs=$?
if [ $theirs != 0 ]; then
    echo "qemu-system-aarch64 exit status $theirs"
    cat "$tmp/qemu.err"
    cat "$tmp/qemu.out"
    exit 1
fi
if ! diff -u "$tmp/qemu.out" "$tmp/ours.out"; then
    echo "output differs from qemu-system-aarch64 (- qemu, + ours)"
    exit 1
fi
cat "$tmp/ours.out"
