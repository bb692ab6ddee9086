#!/bin/sh
# Tests of arm64emu-snap on the samples make_samples wrote.
# Usage: tool_test.sh TOOL SAMPLES_DIR CASE
# CASE: cli info dump verify_valid verify_corrupt diff schema
set -u
tool=$1
dir=$2
case_=$3
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
failures=0

fail() {
    echo "FAIL: $*"
    echo "--- stdout:"; head -n 40 "$out"
    echo "--- stderr:"; head -n 20 "$err"
    failures=$((failures + 1))
}

# expect STATUS CMD...: runs CMD, checks its exit status.
expect() {
    want=$1
    shift
    "$@" >"$out" 2>"$err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        fail "'$*' exited $got, expected $want"
        return 1
    fi
    return 0
}

# has PATTERN: the last command's stdout+stderr matches the grep -E pattern.
has() {
    if ! cat "$out" "$err" | grep -Eq -- "$1"; then
        fail "output lacks /$1/"
    fi
}

lacks() {
    if cat "$out" "$err" | grep -Eq -- "$1"; then
        fail "output has /$1/"
    fi
}

# json PYTHON_EXPR: the last stdout parses as JSON (as `d`) and the
# expression is true.
json() {
    if ! python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def item(seq, *names):
    for n in names:
        seq = [i for i in seq if i["name"] == n]
        if not seq:
            return None
        it = seq[0]
        seq = it.get("items", [])
    return it
sys.exit(0 if eval(sys.argv[2]) else 1)
' "$out" "$1"; then
        fail "JSON check failed: $1"
    fi
}

case $case_ in
cli)
    expect 0 "$tool" --help && has '^Usage: arm64emu-snap' && has 'verify FILE'
    expect 0 "$tool" --version && has 'arm64emu-snap \(libarm64emu\) [0-9]+\.[0-9]+\.[0-9]+' &&
        has 'generation 1'
    expect 2 "$tool"
    expect 2 "$tool" frobnicate && has "unknown command 'frobnicate'"
    expect 2 "$tool" info && has 'expects one FILE'
    expect 2 "$tool" diff "$dir/bare.snap" && has 'expects two FILEs'
    expect 1 "$tool" info "$dir/does-not-exist.snap" && has 'No such file'
    ;;
info)
    expect 0 "$tool" info "$dir/bare.snap" &&
        has '^producer: +libarm64emu [0-9]' &&
        has '^format: +generation 1' &&
        has '^machine: +board bare, 1 CPU, model max, RAM 64 KiB at 0x40000000' &&
        has '^  machine +C ' && has '^  cpu0 +C ' && has '^    cpu0\.regs +C ' &&
        has '^  ram +C ' && has '^    ram\.chunk +C '
    expect 0 "$tool" info "$dir/virt.snap" &&
        has '^machine: +board virt, 1 CPU, model max, RAM 1 MiB' &&
        has '^  (gic|gic\.dist) +C '
    expect 1 "$tool" info "$dir/truncated.snap" && has 'truncated\.snap: snapshot'
    # A file that refers to a RAM source names it.
    expect 0 "$tool" info "$(dirname "$0")/../compat/linux/midboot.snap" &&
        has "^needs: +RAM source 'kernel', 27234816 bytes at 0x40000000, sha256 a08ee489c733d77b" &&
        has '^    ram\.source +C '
    ;;
dump)
    expect 0 "$tool" dump "$dir/bare.snap" &&
        json 'd["header"]["generation"] == 1 and d["header"]["producer"] == "libarm64emu"' &&
        json 'item(d["records"], "machine", "board")["value"] == ""' &&
        json 'item(d["records"], "machine", "cpus") == {"name": "cpus", "type": "u64", "flags": "C", "offset": item(d["records"], "machine", "cpus")["offset"], "value": "0x1"}' &&
        json 'item(d["records"], "cpu0", "cpu0.regs", "pc")["value"] == "0x4000000c"' &&
        json 'item(d["records"], "cpu0", "cpu0.regs", "x")["value"][0] == "0x1234"' &&
        json 'item(d["records"], "cpu0", "cpu0.model", "name")["value"] == "max"' &&
        json 'item(d["records"], "ram", "ram.chunk", "data")["value"]["length"] % 4096 == 0'
    expect 0 "$tool" dump --full "$dir/virt.snap" &&
        json '"abbreviated" not in open(sys.argv[1]).read()'
    expect 0 "$tool" dump "$dir/unknown-optional.snap" &&
        json 'item(d["records"], "future.optional", "value")["value"] == "0x2a"'
    expect 1 "$tool" dump "$dir/badcrc.snap" && has "record 'cpu0'" && has 'CRC mismatch'
    ;;
verify_valid)
    expect 0 "$tool" verify "$dir/bare.snap" "$dir/bare-later.snap" "$dir/virt.snap" &&
        has 'bare\.snap: valid' && has 'virt\.snap: valid'
    expect 0 "$tool" verify "$dir/unknown-optional.snap" &&
        has "note: unknown optional record 'future.optional' at offset [0-9]+" &&
        has 'valid'
    ;;
verify_corrupt)
    expect 1 "$tool" verify "$dir/truncated.snap" &&
        has "truncated\.snap: snapshot (record|item|field|file)[^:]* at offset [0-9]+:" &&
        lacks 'valid \('
    expect 1 "$tool" verify "$dir/badcrc.snap" &&
        has "badcrc\.snap: snapshot record 'cpu0' at offset [0-9]+: CRC mismatch"
    expect 1 "$tool" verify "$dir/unknown-critical.snap" &&
        has "unknown critical record 'future.critical' at offset [0-9]+"
    expect 1 "$tool" verify "$dir/duplicate.snap" &&
        has "record 'machine' at offset [0-9]+ appears more than once"
    # One bad file among good ones fails the whole run, but all are checked.
    expect 1 "$tool" verify "$dir/bare.snap" "$dir/badcrc.snap" "$dir/virt.snap" &&
        has 'bare\.snap: valid' && has 'virt\.snap: valid' && has 'CRC mismatch'
    ;;
diff)
    expect 0 "$tool" diff "$dir/bare.snap" "$dir/bare.snap" && has '^same$'
    expect 1 "$tool" diff "$dir/bare.snap" "$dir/bare-later.snap" &&
        has '^cpu0/cpu0\.regs/pc: A 0x4000000c, B 0x40000010$' &&
        has '^cpu0/cpu0\.regs/x\[0\]: A 0x1234, B 0x1236$' &&
        has '^ram@0x40000000: RAM pages differ' && has '0x40001000-0x40001fff' &&
        has '^ram@0x40000000: 1 page differs$' && lacks '^same$'
    expect 1 "$tool" diff "$dir/bare.snap" "$dir/virt.snap" &&
        has '^machine/board: A "", B "virt"$' && has '^only in B: '
    expect 1 "$tool" diff "$dir/bare.snap" "$dir/unknown-optional.snap" &&
        has '^only in B: future\.optional$'
    expect 2 "$tool" diff "$dir/bare.snap" "$dir/truncated.snap" && has 'truncated\.snap'
    ;;
schema)
    expect 0 "$tool" schema &&
        json 'd["generation"] == 1' &&
        json '{"machine", "ram", "ram.chunk", "snapshot.end", "cpuN"} <= {r["tag"] for r in d["records"]}' &&
        json 'all(f["type"] in ("u64","i64","bytes","string","u64[]","record","zbytes") for r in d["records"] for f in r["fields"])' &&
        json '[f for r in d["records"] if r["tag"] == "ram" for f in r["fields"] if f["name"] == "ram.chunk"][0]["repeatable"]'
    ;;
*)
    echo "unknown case $case_"
    exit 2
    ;;
esac

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "ok: $case_"
