"""The generated constants match the C header and the library."""
import importlib.util
import os
import shutil

import pytest

import arm64emu
from arm64emu import ExitReason, Reg, Status
from conftest import source_root

HERE = os.path.dirname(os.path.abspath(__file__))


def _generator():
    root = source_root()
    if root is None:
        pytest.skip("the repository sources are not next to these tests")
    path = os.path.join(root, "bindings", "python", "gen_constants.py")
    spec = importlib.util.spec_from_file_location("gen_constants", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return root, mod


def _committed(root, name):
    with open(os.path.join(root, "bindings", "python", "arm64emu", name), encoding="utf-8") as f:
        return f.read()


def test_committed_constants_are_generated_from_the_header():
    root, gen = _generator()
    assert _committed(root, "_constants.py") == gen.generate_constants(root), \
        "run bindings/python/gen_constants.py: _constants.py differs from the header"


def test_committed_sysreg_table_is_generated_from_the_library_tables():
    root, gen = _generator()
    cc = os.environ.get("CC") or "cc"
    if shutil.which(cc.split()[0]) is None:
        pytest.skip("no C compiler (%s) to preprocess the tables" % cc)
    assert _committed(root, "_sysregs.py") == gen.generate_sysregs(root), \
        "run bindings/python/gen_constants.py: _sysregs.py differs from libarm64emu's tables"


def test_installed_constants_are_the_committed_ones():
    root, _ = _generator()
    with open(arm64emu._constants.__file__, encoding="utf-8") as f:
        assert f.read() == _committed(root, "_constants.py")


def test_status_names_agree_with_the_library():
    assert "busy" in arm64emu.status_string(Status.ERR_BUSY)
    assert "snapshot" in arm64emu.status_string(Status.ERR_BAD_SNAPSHOT)
    assert arm64emu.status_string(-1000) == "unknown status"


def test_enums_have_the_header_values():
    assert Reg.PC == 32 and Reg.PSTATE == 34 and Reg.SP_EL3 == 40
    assert ExitReason.HOOK == 15 and ExitReason.STEP == 18
    assert arm64emu.ExceptionKind.ALL == 0x7FFF
    assert arm64emu.SnapshotFlag.NO_RAM == 1
    assert arm64emu.HookResult.SUPPRESS == -2
    assert arm64emu._constants.ARM64EMU_SYSREG_ANY == 0xFFFFFFFF
    assert arm64emu._constants.ConfigKey.MMU_OFF_NORMAL == 14


def test_config_key_types_come_from_the_header_comments():
    types = arm64emu._constants.CONFIG_KEY_TYPES
    assert types[arm64emu.ConfigKey.CPU_MODEL] == "str"
    assert types[arm64emu.ConfigKey.BOARD] == "str"
    assert types[arm64emu.ConfigKey.RAM_SIZE] == "u64"
    assert len(types) == len(arm64emu.ConfigKey)


def test_library_version_matches_the_header():
    c = arm64emu._constants
    assert arm64emu.version() == c.ARM64EMU_VERSION_NUMBER
    assert arm64emu.version_string() == "%d.%d.%d" % (
        c.ARM64EMU_VERSION_MAJOR, c.ARM64EMU_VERSION_MINOR, c.ARM64EMU_VERSION_PATCH)
