#!/bin/sh
# Writes the golden corpus of this build's version into tests/compat/<version>/
# (refuses to overwrite an existing one). usage: write_corpus.sh BUILD_DIR
set -e
build=${1:?usage: write_corpus.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
version=$("$build/examples/snap/arm64emu-snap" --version | awk 'NR == 1 {print $NF}')
dir=$here/$version
if [ -e "$dir" ]; then
    echo "write_corpus: $dir exists; a release's corpus is never rewritten" >&2
    exit 1
fi
mkdir -p "$dir"
eq=$build/tests/equiv/arm64emu-equiv
g=$build/tests/guest
"$eq" --corpus "$dir" user.arith --user "$g/arith"
"$eq" --corpus "$dir" user.lse --user "$g/lse"
"$eq" --corpus "$dir" system.mmu_asid --system "$g/system/mmu_asid.elf"
"$eq" --corpus "$dir" system.virq --system "$g/system/virq.elf"
"$eq" --corpus "$dir" board.timers --board "$g/board/timers.bin"
"$eq" --corpus "$dir" board.psci_smp --smp 4 --board "$g/board/psci_smp.bin"
"$eq" --corpus "$dir" board.demo --input "$root/examples/boot/demo/input.txt" \
    --board "$build/examples/boot/demo/demo.bin"
ls -l "$dir"
