#!/bin/sh
# run_gdb.sh DRIVER GUEST SESSION EXPECTED: serves GUEST with DRIVER, runs
# gdb-multiarch on SESSION against it, and checks that every line of
# EXPECTED (an extended regular expression) matches a line of its output,
# in order. Exit 77 (skip) without gdb-multiarch.
driver=$1 guest=$2 session=$3 expected=$4
if ! command -v gdb-multiarch >/dev/null 2>&1; then
    echo "gdb-multiarch not found: skipped"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$driver" "$guest" >"$tmp/driver.out" 2>&1 &
pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$tmp/driver.out")
    [ -n "$port" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then
    echo "the driver did not listen:"; cat "$tmp/driver.out"
    kill $pid 2>/dev/null
    exit 1
fi
timeout 120 gdb-multiarch -batch -nx -ex 'set architecture aarch64' \
    -ex "file $guest" -ex "target remote :$port" -x "$session" \
    >"$tmp/gdb.out" 2>&1
gst=$?
wait $pid
dst=$?
status=0
line=0
while IFS= read -r want; do
    found=$(tail -n +$((line + 1)) "$tmp/gdb.out" | grep -n -E -m1 -- "$want" | cut -d: -f1)
    if [ -z "$found" ]; then
        echo "missing (in order): $want"
        status=1
        break
    fi
    line=$((line + found))
done <"$expected"
if ! grep -q '^served: reason 12 imm 3$' "$tmp/driver.out"; then
    echo "the driver did not report the guest's exit"
    status=1
fi
if [ $status != 0 ] || [ $gst != 0 ] || [ $dst != 0 ]; then
    echo "--- gdb (status $gst) ---"; cat "$tmp/gdb.out"
    echo "--- driver (status $dst) ---"; cat "$tmp/driver.out"
    exit 1
fi
echo "gdb session matched $(wc -l <"$expected") expected lines"
