#!/bin/sh
# Feeds arm64emu-user malformed and unsupported ELF files made from a good
# one. Each must be refused with a message and exit status 127: never a
# host crash, never a run.
# usage: run_bad_elf.sh RUNNER GOOD_STATIC_ELF [DYNAMIC_ELF]
runner=$1 good=$2 dynamic=$3
[ -x "$runner" ] || { echo "no runner at $runner"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

# patch FILE OFFSET HEXBYTES: overwrite bytes in place (little-endian given)
patch() {
    bytes=
    for h in $(echo "$3" | sed 's/../& /g'); do
        bytes="$bytes\\$(printf '%03o' "0x$h")"
    done
    printf "$bytes" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

variant() {
    cp "$good" "$tmp/$1"
    chmod +x "$tmp/$1"
}

: >"$tmp/empty"
head -c 40 "$good" >"$tmp/truncated_header"
head -c 100 "$good" >"$tmp/truncated_phdrs"
head -c 300 "$good" >"$tmp/truncated_segment"
variant bad_magic;      patch "$tmp/bad_magic" 1 58
variant elf32;          patch "$tmp/elf32" 4 01
variant big_endian;     patch "$tmp/big_endian" 5 02
variant x86_64;         patch "$tmp/x86_64" 18 3e00
variant relocatable;    patch "$tmp/relocatable" 16 0100
variant phoff_beyond;   patch "$tmp/phoff_beyond" 32 ffffffff00000000
variant phoff_wraps;    patch "$tmp/phoff_wraps" 32 f8ffffffffffffff
variant phentsize;      patch "$tmp/phentsize" 54 3900
variant phnum_huge;     patch "$tmp/phnum_huge" 56 fe7f
variant phnum_zero;     patch "$tmp/phnum_zero" 56 0000
# First program header at 64: p_offset +8, p_vaddr +16, p_filesz +32,
# p_memsz +40 (the first header of these programs is a PT_LOAD).
variant filesz_huge;    patch "$tmp/filesz_huge" 96 00000000ffff0000
variant offset_beyond;  patch "$tmp/offset_beyond" 72 0000000000000100
variant offset_wraps;   patch "$tmp/offset_wraps" 72 00f0ffffffffffff
variant vaddr_high;     patch "$tmp/vaddr_high" 80 0000000000000100
variant vaddr_wraps;    patch "$tmp/vaddr_wraps" 80 00f0ffffffffffff
variant memsz_huge;     patch "$tmp/memsz_huge" 104 ffffffffffffffff
head -c 4096 /dev/zero >"$tmp/zeros"
cases="empty truncated_header truncated_phdrs truncated_segment bad_magic elf32
big_endian x86_64 relocatable phoff_beyond phoff_wraps phentsize phnum_huge
phnum_zero filesz_huge offset_beyond offset_wraps vaddr_high vaddr_wraps
memsz_huge zeros missing_file"
if [ -n "$dynamic" ]; then
    cp "$dynamic" "$tmp/dynamic"
    cases="$cases dynamic"
fi

for c in $cases; do
    "$runner" "$tmp/$c" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc != 127 ] || ! grep -q "^arm64emu-user: " "$tmp/err"; then
        echo "FAIL $c: exit status $rc (want 127 and a message)"
        head -5 "$tmp/err"
        fail=1
    else
        echo "ok   $c: $(head -1 "$tmp/err")"
    fi
done
exit $fail
