#!/bin/sh
# Benchmarks arm64emu-user against qemu-aarch64 on freestanding guest
# kernels and prints a table: guest instructions, median wall time and
# MIPS for each runner, and the time ratio ours/qemu (< 1: we are faster).
#
# usage: bench/run.sh [-b BUILD_DIR] [-r RUNS] [-s SCALE%] [KERNEL...]
#   -b  build directory holding (or to build) arm64emu-user   [build-bench]
#   -r  timed runs per program and runner                     [5]
#   -s  work per kernel in percent of the default size        [100]
#   KERNEL: interp crc32 sort sha256 nbody neon (default: all)
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$root/build-bench
runs=5
scale=100
while getopts b:r:s:h opt; do
    case $opt in
    b) build=$OPTARG ;;
    r) runs=$OPTARG ;;
    s) scale=$OPTARG ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
kernels=${*:-interp crc32 sort sha256 nbody neon}

cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
qemu=${QEMU_AARCH64:-qemu-aarch64}
command -v "$cc" >/dev/null || { echo "need $cc" >&2; exit 1; }
command -v "$qemu" >/dev/null || { echo "need $qemu" >&2; exit 1; }

runner=$build/examples/user/arm64emu-user
if [ ! -x "$runner" ]; then
    echo "building arm64emu-user in $build (Release)" >&2
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
        -DARM64EMU_TESTS=OFF >/dev/null
    cmake --build "$build" --target arm64emu-user -j >/dev/null
fi

out=$build/bench
mkdir -p "$out"
rt=$root/tests/guest/freestanding
# The default work of each kernel (its argv[1]), about 1 s under qemu here.
size() {
    case $1 in
    interp) echo 6000000 ;; crc32) echo 8000 ;; sort) echo 80 ;; sha256) echo 64 ;;
    nbody) echo 300000 ;; neon) echo 600 ;;
    esac
}

# Code generation flags: the FP and SIMD kernels use the FP/SIMD registers,
# the others are integer-only.
cflags() {
    case $1 in
    nbody | neon) echo -fno-math-errno ;;
    *) echo -mgeneral-regs-only ;;
    esac
}

# median of the numbers on stdin
median() {
    sort -g | awk '{v[NR] = $1} END {
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# seconds CMD...: median wall time of $runs runs (after one warm-up)
seconds() {
    if command -v hyperfine >/dev/null; then
        hyperfine -N --style none --warmup 1 --runs "$runs" \
            --export-csv "$out/t.csv" "$*" >/dev/null 2>&1
        awk -F, 'NR == 2 { print $4 }' "$out/t.csv"
    else
        "$@" >/dev/null 2>&1
        i=0
        while [ $i -lt "$runs" ]; do
            t0=$(date +%s.%N)
            "$@" >/dev/null 2>&1
            t1=$(date +%s.%N)
            echo "$t1 - $t0" | bc -l
            i=$((i + 1))
        done | median
    fi
}

printf '%-8s %14s %10s %10s %9s %9s %11s\n' program "guest insns" \
    "ours s" "qemu s" "ours MIPS" "qemu MIPS" "ours/qemu"
for k in $kernels; do
    src=$here/kernels/$k.c
    [ -f "$src" ] || { echo "no kernel $k" >&2; exit 1; }
    bin=$out/$k
    # shellcheck disable=SC2046 # the flags are words on purpose
    "$cc" -ffreestanding -nostdlib -static -O2 $(cflags "$k") \
        -fno-stack-protector -march=armv8-a+crc -I"$rt" \
        -o "$bin" "$rt/start.S" "$src"
    n=$(( $(size "$k") * scale / 100 ))
    [ "$n" -gt 0 ] || n=1
    # Same output from both, or the numbers mean nothing.
    "$runner" "$bin" "$n" >"$out/$k.ours"
    "$qemu" -cpu max "$bin" "$n" >"$out/$k.qemu"
    cmp -s "$out/$k.ours" "$out/$k.qemu" ||
        { echo "$k: output differs between runners" >&2; exit 1; }
    insns=$("$runner" --icount "$bin" "$n" 2>&1 >/dev/null |
        sed -n 's/.*icount \([0-9]*\).*/\1/p')
    ours=$(seconds "$runner" "$bin" "$n")
    theirs=$(seconds "$qemu" -cpu max "$bin" "$n")
    awk -v k="$k" -v n="$insns" -v a="$ours" -v b="$theirs" 'BEGIN {
        printf "%-8s %14.0f %10.3f %10.3f %9.0f %9.0f %11.2f\n",
            k, n, a, b, n / a / 1e6, n / b / 1e6, a / b }'
done
