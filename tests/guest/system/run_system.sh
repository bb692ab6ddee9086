#!/bin/sh
# Runs one bare-metal system test program under arm64emu-sysrun and under
# qemu-system-aarch64 (virt, EL3 and EL2 present, -cpu max, semihosting) and
# compares the guest's console output line for line and its exit status.
#
# If NAME.expected exists beside the program's source, it is the reference
# for our output instead (the Arm ARM wins where QEMU 7.2 is known to be
# wrong, see README.md); QEMU's output is then compared with it on every
# line except those starting with "[arch]", the lines that show the
# difference.
# usage: run_system.sh SYSRUN QEMU PROG.elf [EXPECTED]   (exit 77 = skipped)
sysrun=$1 qemu=$2 prog=$3 expected=${4:-}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
timeout=${ARM64EMU_SYSTEM_TIMEOUT:-60}

"$sysrun" "$prog" >"$tmp/ours.out" 2>"$tmp/ours.err" </dev/null
ours=$?

have_qemu=0
if [ -n "$qemu" ] && [ -x "$qemu" ]; then
    have_qemu=1
    # Semihosting console output arrives on stderr; the UART (unused) and
    # the monitor on stdout.
    timeout "$timeout" "$qemu" -M virt,virtualization=on,secure=on -cpu max \
        -m 128 -semihosting -nographic -no-reboot -kernel "$prog" \
        </dev/null >"$tmp/qemu.stdout" 2>"$tmp/qemu.out"
    theirs=$?
    if [ $theirs = 124 ]; then
        echo "qemu-system-aarch64 timed out after ${timeout}s"
        cat "$tmp/qemu.out"
        exit 1
    fi
fi

status=0
if [ -n "$expected" ]; then
    ref="$expected"
    refname="expected file $(basename "$expected")"
    refstatus=0
    if [ $have_qemu = 1 ]; then
        grep -v '^\[arch\]' "$expected" >"$tmp/exp.noarch"
        grep -v '^\[arch\]' "$tmp/qemu.out" >"$tmp/qemu.noarch"
        if ! diff -u "$tmp/exp.noarch" "$tmp/qemu.noarch" >"$tmp/d"; then
            echo "qemu-system-aarch64 disagrees with the expected file outside [arch] lines:"
            head -40 "$tmp/d"
            status=1
        fi
        refstatus=$theirs
    fi
elif [ $have_qemu = 1 ]; then
    ref="$tmp/qemu.out"
    refname="qemu-system-aarch64"
    refstatus=$theirs
else
    echo "qemu-system-aarch64 not found and no expected file: skipped"
    exit 77
fi

if ! diff -u "$ref" "$tmp/ours.out" >"$tmp/d"; then
    echo "output differs (--- $refname, +++ arm64emu-sysrun):"
    head -60 "$tmp/d"
    status=1
fi
if [ "$ours" != "$refstatus" ]; then
    echo "exit status differs: $refname $refstatus, arm64emu-sysrun $ours"
    status=1
fi
if [ $status != 0 ]; then
    echo "arm64emu-sysrun stderr:"
    head -20 "$tmp/ours.err"
else
    echo "same output ($(wc -l <"$tmp/ours.out") lines) and exit status $ours"
fi
exit $status
