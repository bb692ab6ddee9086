#!/bin/sh
# Installs the Python bindings into a scratch virtual environment and runs
# their tests against the shared library of this build.
# Usage: run_pytest.sh SOURCE_DIR WORK_DIR LIBRARY
# Exits 77 (skipped) when no python3 has venv, ensurepip, pytest and
# setuptools (Debian: python3-venv python3-pytest python3-setuptools).
set -eu
src=$1
work=$2
lib=$3

python=
for cand in "${PYTHON:-}" python3 /usr/bin/python3; do
    [ -n "$cand" ] || continue
    command -v "$cand" >/dev/null 2>&1 || continue
    if "$cand" -c 'import venv, ensurepip, pytest, setuptools' >/dev/null 2>&1; then
        python=$cand
        break
    fi
done
if [ -z "$python" ]; then
    echo "SKIP: no python3 with venv, ensurepip, pytest and setuptools"
    exit 77
fi

rm -rf "$work"
mkdir -p "$work"
# pip builds in the source tree: build from a copy to keep the sources clean.
cp -R "$src/bindings/python" "$work/src"
rm -rf "$work/src/build" "$work/src"/*.egg-info "$work/src/.pytest_cache"

# Offline-safe: setuptools and pytest come from the system (no PyPI access).
"$python" -m venv --system-site-packages "$work/venv"
"$work/venv/bin/python" -m pip install --no-build-isolation --no-index --no-deps -q "$work/src"

cd "$work"
"$work/venv/bin/python" -c 'import arm64emu, sys; sys.exit("site-packages" not in arm64emu.__file__)' ||
    { echo "FAIL: arm64emu was not imported from the virtual environment"; exit 1; }
ARM64EMU_LIBRARY=$lib ARM64EMU_SOURCE_DIR=$src \
    exec "$work/venv/bin/python" -m pytest -q -rs -p no:cacheprovider "$work/src/tests"
