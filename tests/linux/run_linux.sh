#!/bin/sh
# Boots Debian 12's arm64 Linux (fetched at test time by scripts/fetch-linux,
# never committed) with a busybox initramfs on arm64emu-boot, types commands
# at the shell through --script and checks the answers.
#
# usage: run_linux.sh ARM64EMU_BOOT FETCH_LINUX CASE [EL0PROBE]
#        (exit 77: skipped)
# CASE:
#   cloud-smp1     cloud kernel, 1 CPU: uname, cpuinfo, interrupts, sysfs,
#                  a shell loop, no kernel warnings, poweroff -f -> status 0;
#                  with EL0PROBE (el0probe.c built static for arm64), also
#                  the registers user space reads (ID registers emulated by
#                  the kernel, CNTKCTL_EL1 gating of the timer)
#   cloud-smp2     the same on 2 CPUs (IPIs counted on both), twice: the two
#                  runs print the same bytes
#   cloud-el2-smp4 entered at EL2 (hyp stub, KVM initialises), 4 CPUs
#   generic-smp1   the generic arm64 kernel, 1 CPU
#   snap-prompt    save at the shell prompt; a fresh process restores it,
#                  sleeps 10 s of guest time (host time well under 1 s) and
#                  answers a command
#   snap-midboot   2 CPUs, save after 50M instructions referring to the
#                  kernel and initrd (refused without them); the restored run
#                  prints exactly what the uninterrupted run printed after
#                  that point
# Environment: ARM64EMU_LINUX_IMAGES=DIR uses images already fetched there.
set -u
boot=$1
fetch=$2
case_=$3
el0probe=${4:-}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

images=${ARM64EMU_LINUX_IMAGES:-}
if [ -z "$images" ]; then
    "$fetch" >"$tmp/fetch.out" 2>"$tmp/fetch.err"
    st=$?
    if [ $st = 77 ]; then
        echo "SKIP: cannot fetch the Debian packages:"
        cat "$tmp/fetch.err"
        exit 77
    fi
    [ $st = 0 ] || { cat "$tmp/fetch.err"; echo "FAIL: fetch-linux status $st"; exit 1; }
    images=$(tail -1 "$tmp/fetch.out")
fi
append='console=ttyAMA0 panic=-1'
ram=512M
budget=4G # retired instructions; a boot to the shell takes about 1G

fail() {
    echo "FAIL: $case_: $*"
    for f in "$tmp"/*.out "$tmp"/*.err; do
        [ -f "$f" ] || continue
        echo "---- $(basename "$f") ----"
        cat "$f"
    done
    exit 1
}

# Script building: one command per prompt, its output between two markers
# the shell computes (so the echoed command line never matches them).
ncmd=0
script_start() {
    : >"$tmp/$1"
    printf 'expect / # \n' >>"$tmp/$1"
    ncmd=0
}
script_cmd() { # FILE COMMAND
    ncmd=$((ncmd + 1))
    printf 'send echo "<<$((%d+0))>>"; %s; echo "<<$((%d+0))>>"\\n\nexpect <<%d>>\nexpect / # \n' \
        $((1000 + ncmd)) "$2" $((2000 + ncmd)) $((2000 + ncmd)) >>"$tmp/$1"
}
script_poweroff() { printf 'send poweroff -f\\n\n' >>"$tmp/$1"; }
# The output of command K in console file F, without carriage returns.
section() { # F K
    tr -d '\r' <"$1" | sed -n "/^<<$((1000 + $2))>>\$/,/^<<$((2000 + $2))>>\$/p" |
        sed '1d;$d'
}

# run NAME ARGS...: arm64emu-boot with the console in NAME.out, status in $st.
run() {
    name=$1
    shift
    "$boot" --max-insns $budget --stats "$@" </dev/null >"$tmp/$name.out" 2>"$tmp/$name.err"
    st=$?
}

# The standard session and its checks for a kernel on N CPUs.
standard_script() {
    script_start "$1"
    script_cmd "$1" "uname -a"
    script_cmd "$1" "cat /proc/cpuinfo"
    script_cmd "$1" "cat /proc/interrupts"
    script_cmd "$1" "ls /sys/devices/system/cpu"
    script_cmd "$1" 'i=0; s=0; while [ $i -lt 100 ]; do s=$((s+i*i)); i=$((i+1)); done; echo sum=$s'
    script_cmd "$1" "dmesg | grep -i -E 'warn|error|bug|oops|fail'"
    script_cmd "$1" "nproc; grep -c . /sys/devices/system/cpu/online; cat /sys/devices/system/cpu/online"
    [ -n "${2:-}" ] || script_poweroff "$1"
}

check_standard() { # OUT NCPUS
    out=$1
    n=$2
    [ $st = 0 ] || fail "exit status $st (0 = PSCI SYSTEM_OFF)"
    grep -q "reboot: Power down" "$out" || fail "no 'reboot: Power down'"
    section "$out" 1 | grep -q "^Linux .* 6\.[0-9.]*-[0-9]*-.*arm64 .* aarch64 GNU/Linux$" ||
        fail "uname -a: unexpected answer"
    [ "$(section "$out" 2 | grep -c '^processor')" = "$n" ] ||
        fail "/proc/cpuinfo does not list $n processors"
    section "$out" 2 | grep -q "^Features.*fp asimd.*cpuid" || fail "/proc/cpuinfo: no Features line"
    section "$out" 3 | grep -q "GICv3 *[0-9]* Level *arch_timer" ||
        fail "/proc/interrupts: no arch_timer"
    section "$out" 3 | grep -q "uart-pl011" || fail "/proc/interrupts: no uart-pl011"
    if [ "$n" -gt 1 ]; then
        # Function call IPIs reach every CPU.
        section "$out" 3 | awk -v n="$n" '
            /^ *IPI1:/ { for (i = 2; i <= n + 1; i++) if ($i + 0 == 0) bad = 1; seen = 1 }
            END { exit !(seen && !bad) }' ||
            fail "/proc/interrupts: a CPU received no function call IPI"
    fi
    k=0
    while [ $k -lt "$n" ]; do
        section "$out" 4 | grep -q "\<cpu$k\>" || fail "ls /sys/devices/system/cpu: no cpu$k"
        k=$((k + 1))
    done
    [ "$(section "$out" 5)" = "sum=328350" ] || fail "shell loop: wrong sum"
    [ -z "$(section "$out" 6)" ] || fail "kernel warnings: $(section "$out" 6)"
    [ "$(section "$out" 7 | head -1)" = "$n" ] || fail "nproc is not $n"
    [ "$(section "$out" 7 | tail -1)" = "$( [ "$n" = 1 ] && echo 0 || echo 0-$((n - 1)))" ] ||
        fail "/sys/devices/system/cpu/online is not 0-$((n - 1))"
}

cloud=$images/Image-cloud
generic=$images/Image-generic
initrd=$images/initrd.gz

case $case_ in
cloud-smp1)
    if [ -n "$el0probe" ]; then
        # A second cpio member: Linux unpacks concatenated archives.
        mkdir -p "$tmp/extra/bin" && cp "$el0probe" "$tmp/extra/bin/el0probe" &&
            (cd "$tmp/extra" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
            gzip -n >"$tmp/extra.gz" && cat "$initrd" "$tmp/extra.gz" >"$tmp/initrd.gz" ||
            fail "cannot add el0probe to the initramfs"
        initrd=$tmp/initrd.gz
        standard_script s.txt more
        script_cmd s.txt "el0probe"
        script_poweroff s.txt
    else
        standard_script s.txt
    fi
    run a --kernel "$cloud" --initrd "$initrd" --ram $ram --append "$append" --script "$tmp/s.txt"
    check_standard "$tmp/a.out" 1
    if [ -n "$el0probe" ]; then
        section "$tmp/a.out" 8 >"$tmp/probe.txt"
        val() { sed -n "s/^$1=//p" "$tmp/probe.txt"; }
        midr=$(val midr)
        [ -n "$midr" ] && [ "$midr" != SIGILL ] || fail "el0probe: MIDR_EL1 not emulated at EL0"
        part=$(printf '0x%03x' $(( (midr >> 4) & 0xfff )))
        impl=$(printf '0x%02x' $(( (midr >> 24) & 0xff )))
        section "$tmp/a.out" 2 | grep -q "^CPU part.*: $part$" ||
            fail "el0probe: MIDR_EL1 part $part is not /proc/cpuinfo's"
        section "$tmp/a.out" 2 | grep -q "^CPU implementer.*: $impl$" ||
            fail "el0probe: MIDR_EL1 implementer $impl is not /proc/cpuinfo's"
        isar0=$(val isar0)
        [ "$isar0" != SIGILL ] || fail "el0probe: ID_AA64ISAR0_EL1 not emulated"
        if section "$tmp/a.out" 2 | grep -q "^Features.* atomics"; then
            [ $(( (isar0 >> 20) & 0xf )) = 2 ] || fail "el0probe: atomics listed, ISAR0.Atomic is not 2"
        fi
        [ "$(val cntfrq)" = 0x3b9aca0 ] || fail "el0probe: CNTFRQ_EL0 is not 62.5 MHz"
        [ "$(val cntv_ctl)" = SIGILL ] || fail "el0probe: CNTV_CTL_EL0 readable at EL0"
        [ "$(val cntp_ctl)" = SIGILL ] || fail "el0probe: CNTP_CTL_EL0 readable at EL0"
        [ "$(val cntvct_advances)" = yes ] || fail "el0probe: CNTVCT_EL0 does not advance"
        case $(val dczid) in 0x[0-9a-f]|0x1[0-9a-f]) ;; *) fail "el0probe: DCZID_EL0 unreadable" ;; esac
        echo "el0probe: $(tr '\n' ' ' <"$tmp/probe.txt")"
    fi
    ;;
cloud-smp2)
    standard_script s.txt
    run a --kernel "$cloud" --initrd "$initrd" --ram $ram --smp 2 --append "$append" --script "$tmp/s.txt"
    check_standard "$tmp/a.out" 2
    run b --kernel "$cloud" --initrd "$initrd" --ram $ram --smp 2 --append "$append" --script "$tmp/s.txt"
    cmp -s "$tmp/a.out" "$tmp/b.out" || fail "two identical runs printed different bytes"
    ;;
cloud-el2-smp4)
    standard_script s.txt
    run a --kernel "$cloud" --initrd "$initrd" --ram $ram --smp 4 --el 2 --append "$append" --script "$tmp/s.txt"
    check_standard "$tmp/a.out" 4
    grep -q "CPU: All CPU(s) started at EL2" "$tmp/a.out" || fail "the CPUs did not start at EL2"
    grep -q "kvm \[1\]: Hyp mode initialized successfully" "$tmp/a.out" ||
        fail "KVM did not initialise through the hyp stub"
    ;;
generic-smp1)
    [ -f "$generic" ] || fail "no $generic (fetch-linux --cloud-only?)"
    standard_script s.txt
    run a --kernel "$generic" --initrd "$initrd" --ram $ram --append "$append" --script "$tmp/s.txt"
    check_standard "$tmp/a.out" 1
    ;;
snap-prompt)
    printf 'expect / # \nsave %s\nsend poweroff -f\\n\n' "$tmp/prompt.snap" >"$tmp/s1.txt"
    run a --kernel "$cloud" --initrd "$initrd" --ram $ram --append "$append" --script "$tmp/s1.txt"
    [ $st = 0 ] || fail "first run: exit status $st"
    [ -s "$tmp/prompt.snap" ] || fail "no snapshot written"
    # A fresh process: the shell waits at its prompt; sleep 10 s of guest
    # time (the WFI fast-forward makes it cheap), then compute.
    printf 'send sleep 10; echo "answer=$((6*7))"\\n\nexpect answer=42\nexpect / # \nsend poweroff -f\\n\n' >"$tmp/s2.txt"
    run b --restore "$tmp/prompt.snap" --script "$tmp/s2.txt"
    [ $st = 0 ] || fail "restored run: exit status $st"
    tr -d '\r' <"$tmp/b.out" | grep -q "^answer=42$" || fail "restored shell: no answer=42"
    # Guest time advanced by the sleep; host time stayed small.
    # The CPU time, not the wall time, so that a loaded host does not fail
    # the test; the instruction count is the exact measure.
    v0=$(sed -n "s/.*saved .* virtual time \([0-9.]*\) s.*/\1/p" "$tmp/a.err")
    i0=$(sed -n "s/.*saved .* at \([0-9]*\) instructions.*/\1/p" "$tmp/a.err")
    line=$(grep "^instructions" "$tmp/b.err")
    i1=$(echo "$line" | sed -n 's/^instructions \([0-9]*\),.*/\1/p')
    v1=$(echo "$line" | sed -n 's/.*virtual time \([0-9.]*\) s.*/\1/p')
    h1=$(echo "$line" | sed -n 's/.*host time \([0-9.]*\) s.*/\1/p')
    c1=$(echo "$line" | sed -n 's/.*cpu time \([0-9.]*\) s.*/\1/p')
    [ -n "$v0" ] && [ -n "$i0" ] && [ -n "$i1" ] && [ -n "$v1" ] && [ -n "$c1" ] ||
        fail "no times in the stats"
    awk -v a="$v0" -v b="$v1" 'BEGIN { exit !(b - a >= 10) }' ||
        fail "guest time went from $v0 s to $v1 s: less than the 10 s slept"
    # 10 s of guest time are 625M counter ticks; idle, the CPU retires a
    # few million instructions in them.
    [ $((i1 - i0)) -lt 20000000 ] ||
        fail "10 s of idle guest retired $((i1 - i0)) instructions (want < 20M)"
    awk -v c="$c1" 'BEGIN { exit !(c < 1.0) }' ||
        fail "10 s of idle guest took $c1 s of host CPU time (want < 1 s)"
    echo "idle: guest ${v0}s -> ${v1}s, $((i1 - i0)) instructions, ${c1}s CPU, ${h1}s wall"
    ;;
snap-midboot)
    standard_script s.txt
    run a --kernel "$cloud" --initrd "$initrd" --ram $ram --smp 2 --append "$append" \
        --script "$tmp/s.txt" --save-at 50M:"$tmp/mid.snap" --snapshot-refs kernel,initrd
    check_standard "$tmp/a.out" 2
    k=$(sed -n "s/.*saved .* after \([0-9]*\) console bytes.*/\1/p" "$tmp/a.err")
    [ -n "$k" ] || fail "no save message"
    [ "$(wc -c <"$tmp/mid.snap")" -lt 4000000 ] ||
        fail "the snapshot holds the kernel it should refer to ($(wc -c <"$tmp/mid.snap") bytes)"
    run c --restore "$tmp/mid.snap" --script "$tmp/s.txt"
    [ $st = 1 ] && grep -q "needs RAM source 'kernel'" "$tmp/c.err" ||
        fail "restoring without the kernel: status $st, not refused naming it"
    run b --restore "$tmp/mid.snap" --kernel "$cloud" --initrd "$initrd" --script "$tmp/s.txt"
    [ $st = 0 ] || fail "restored run: exit status $st"
    tail -c +$((k + 1)) "$tmp/a.out" >"$tmp/a-tail.out"
    cmp "$tmp/a-tail.out" "$tmp/b.out" ||
        fail "the restored run's console differs from the uninterrupted run's after the save point"
    ;;
*)
    echo "unknown case $case_"
    exit 2
    ;;
esac
echo "ok: $case_"
grep -h "^instructions" "$tmp"/*.err
