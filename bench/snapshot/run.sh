#!/bin/sh
# Builds and runs the snapshot benchmark (snapbench.c) against a Release
# build of the library and Unicorn 2 (libunicorn-dev), and prints its tables.
# usage: bench/snapshot/run.sh [-b BUILD_DIR] [ROUNDS]
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
build=$root/build-bench
if [ "$1" = -b ]; then build=$2; shift 2; fi
if [ ! -f "$build/libarm64emu/libarm64emu.a" ]; then
    echo "building the library in $build (Release)" >&2
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DARM64EMU_TESTS=OFF >/dev/null
    cmake --build "$build" --target arm64emu_static -j >/dev/null
fi
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$root/include" -o "$build/snapbench" \
    "$here/snapbench.c" "$build/libarm64emu/libarm64emu.a" \
    $(pkg-config --cflags --libs unicorn) $(pkg-config --libs libzstd zlib libfdt libffi 2>/dev/null || echo -lzstd -lz -lfdt -lffi) -lm -lpthread
"$build/snapbench" "$@"
