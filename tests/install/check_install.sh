#!/bin/sh
# Installs the build into a scratch prefix and proves an outside program
# builds with nothing but pkg-config, and with find_package(arm64emu), and
# that the shared library exports only arm64emu_* symbols.
# Usage: check_install.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
libdir=$(find "$work/prefix" -name 'libarm64emu.so' -printf '%h\n' | head -n 1)
[ -n "$libdir" ] || { echo "FAIL: libarm64emu.so not installed"; exit 1; }

soname=$(objdump -p "$libdir/libarm64emu.so" | awk '/SONAME/ {print $2}')
case "$soname" in
libarm64emu.so.[0-9]*) echo "ok: SONAME $soname" ;;
*) echo "FAIL: SONAME is '$soname'"; exit 1 ;;
esac

bad=$(nm -D --defined-only "$libdir/libarm64emu.so" | awk '{print $3}' | grep -v '^arm64emu_' | grep -v '^ARM64EMU_' || true)
if [ -n "$bad" ]; then
    echo "FAIL: exported symbols outside arm64emu_*:"
    echo "$bad"
    exit 1
fi
echo "ok: only arm64emu_* symbols exported"

[ -f "$libdir/libarm64emu.a" ] || { echo "FAIL: static library not installed"; exit 1; }
[ -f "$work/prefix/include/arm64emu/arm64emu.h" ] || { echo "FAIL: header not installed"; exit 1; }

export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -std=c11 -Wall -Werror -o "$work/consumer" "$src/tests/install/consumer.c" \
    $(pkg-config --cflags --libs arm64emu)
LD_LIBRARY_PATH="$libdir" "$work/consumer"
echo "ok: pkg-config consumer builds and runs"

mkdir -p "$work/cmake-consumer"
cat > "$work/cmake-consumer/CMakeLists.txt" <<CMK
cmake_minimum_required(VERSION 3.18)
project(consumer C)
find_package(arm64emu CONFIG REQUIRED)
add_executable(consumer $src/tests/install/consumer.c)
target_link_libraries(consumer PRIVATE arm64emu::arm64emu)
CMK
cmake -S "$work/cmake-consumer" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/cmake-build/consumer"
echo "ok: find_package(arm64emu) consumer builds and runs"

if [ -x "$work/prefix/bin/arm64emu-user" ]; then
    echo "ok: arm64emu-user installed in bin/"
else
    echo "FAIL: arm64emu-user not installed in bin/"
    exit 1
fi
