#!/bin/sh
# Builds and runs the fuzzing-harness benchmark (fuzzbench.c): executions
# per second of the examples/fuzz target under arm64emu and under Unicorn 2
# (libunicorn-dev), and prints the table.
# usage: bench/fuzz/run.sh [-b BUILD_DIR (build-bench)] [ROUNDS]
#   ROUNDS: passes over the inputs per row (default: about 1 s of ours)
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
build=$root/build-bench
if [ "${1:-}" = -b ]; then build=$2; shift 2; fi
pkg-config --exists unicorn || { echo "need Unicorn 2 (libunicorn-dev)" >&2; exit 1; }
if [ ! -f "$build/libarm64emu/libarm64emu.a" ] ||
   [ ! -f "$build/examples/fuzz/parser.bin" ]; then
    echo "building the library and the fuzz target in $build (Release)" >&2
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DARM64EMU_TESTS=OFF >/dev/null
    cmake --build "$build" --target arm64emu_static fuzz_parser_image -j >/dev/null
fi
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$root/include" \
    -I"$root/examples/fuzz" -o "$build/fuzzbench" \
    "$here/fuzzbench.c" "$root/examples/fuzz/fuzz_target.c" \
    "$build/libarm64emu/libarm64emu.a" \
    $(pkg-config --cflags --libs unicorn) \
    $(pkg-config --libs libzstd zlib libfdt libffi 2>/dev/null || echo -lzstd -lz -lfdt -lffi) \
    -lm -lpthread
"$build/fuzzbench" "$build/examples/fuzz/parser.bin" "$@"
