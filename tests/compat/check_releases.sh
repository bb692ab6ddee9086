#!/bin/sh
# For every release in RELEASES: builds that commit's arm64emu-equiv from git
# history and lets it continue the current build's golden corpus snapshots.
# A snapshot whose records and fields are all known to the old release (or
# optional) must continue exactly as recorded; one that carries a critical
# record or field the old schema lacks must be refused with a message naming
# it. usage: check_releases.sh BUILD_DIR   (exit 77: nothing to check)
set -e
build=${1:?usage: check_releases.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
releases=$(grep -v '^#' "$here/RELEASES" | awk 'NF == 2' || true)
[ -n "$releases" ] || { echo "no release recorded yet: nothing to check"; exit 77; }
version=$("$build/examples/snap/arm64emu-snap" --version | awk 'NR == 1 {print $NF}')
corpus=$here/$version
[ -d "$corpus" ] || { echo "no corpus for $version: write it first"; exit 1; }
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/src" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$build/examples/snap/arm64emu-snap" schema >"$tmp/head.json"
fail=0
echo "$releases" | while read -r old commit; do
    [ "$old" = "$version" ] && continue
    git -C "$root" worktree add --detach "$tmp/src" "$commit" >/dev/null
    # An old release meets newer compilers: their new warnings are not errors.
    cmake -S "$tmp/src" -B "$tmp/build" -DCMAKE_BUILD_TYPE=Release \
        -DARM64EMU_WERROR=OFF >/dev/null
    cmake --build "$tmp/build" --target arm64emu-equiv -j"$(nproc)" >/dev/null
    # Critical names HEAD writes that the old schema does not know.
    new_critical=$(python3 "$here/../snap/compat_gate.py" critical-additions \
        "$here/schema/$old.json" "$tmp/head.json")
    # A pattern per new critical item: its last path component, the "N" of
    # numbered tags matching any number ("cpuN.regs" -> cpu[0-9]+\.regs).
    echo "$new_critical" | python3 -c 'import re, sys
for line in sys.stdin:
    if line.strip():
        name = re.escape(line.strip().split("/")[-1])
        print(re.sub(r"N(?=\\|$)", "[0-9]+", name))' >"$tmp/patterns"
    for snap in "$corpus"/*.snap; do
        kind=$(basename "$snap" | sed 's/\..*//')
        if "$tmp/build/tests/equiv/arm64emu-equiv" --continue "$snap" \
            "--$kind" "$snap" >"$tmp/out" 2>"$tmp/err"; then
            continue # loaded and continued exactly as recorded
        fi
        # Refused: only allowed for a critical item the old release lacks,
        # and the message must name it.
        if [ ! -s "$tmp/patterns" ] || ! grep -q -E -f "$tmp/patterns" "$tmp/err"; then
            echo "FAIL: $old could not continue $snap:"
            cat "$tmp/out" "$tmp/err"
            fail=1
        fi
    done
    git -C "$root" worktree remove --force "$tmp/src"
    rm -rf "$tmp/build"
    [ $fail = 0 ] || exit 1
done
