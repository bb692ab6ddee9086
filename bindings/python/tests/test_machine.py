"""Creating, configuring and closing machines; library lookup."""
import os

import pytest

import arm64emu
from arm64emu import ExitReason, Machine
from conftest import BRK_0, CODE, load, movz


def test_keyword_configuration_reaches_the_machine():
    with Machine(num_cpus=2, cpu_model="cortex-a72", ram_size=0x10000,
                 ram_base=0x80000000) as m:
        assert m.num_cpus == 2
        assert m.cpu_model == "cortex-a72"
        m.mem_write(0x80000000, b"\x01\x02")
        assert m.mem_read(0x80000000, 2) == b"\x01\x02"


def test_unknown_configuration_key_is_a_type_error():
    with pytest.raises(TypeError, match="unknown configuration key 'ram_sise'"):
        Machine(ram_sise=4096)


def test_bad_configuration_raises_with_the_library_message():
    with pytest.raises(arm64emu.UnknownModelError) as ei:
        Machine(cpu_model="pentium")
    assert ei.value.status == arm64emu.Status.ERR_UNKNOWN_MODEL
    assert "pentium" in ei.value.message
    with pytest.raises(arm64emu.InvalidArgumentError, match="NUM_CPUS|CPU|cpus"):
        Machine(num_cpus=0)


def test_features_can_be_removed_and_added():
    assert "FEAT_LSE" in arm64emu.model_features("max")
    with Machine(features={"FEAT_LSE": False}) as m:
        assert "FEAT_LSE" not in m.features
    with Machine(cpu_model="cortex-a53", features={"FEAT_LSE": True}) as m:
        assert "FEAT_LSE" in m.features
    with pytest.raises(arm64emu.InvalidArgumentError):
        Machine(features={"FEAT_NOSUCHTHING": True})


def test_model_features_of_an_unknown_model_raise():
    with pytest.raises(arm64emu.UnknownModelError):
        arm64emu.model_features("z80")


def test_context_manager_closes_and_closed_machine_refuses_calls():
    with Machine() as m:
        assert not m.closed
    assert m.closed
    with pytest.raises(ValueError, match="closed"):
        m.run()
    m.close()  # twice is fine


def test_close_without_context_manager():
    m = Machine()
    m.map_ram(CODE, 0x1000)
    m.close()
    assert m.closed


def test_exit_on_svc_and_exception_exits_keys():
    from conftest import svc
    with Machine(exit_on_svc=True) as m:
        m.map_ram(CODE, 0x1000)
        load(m, svc(0x12), BRK_0)
        ex = m.run()
        assert ex.reason == ExitReason.SVC and ex.imm == 0x12 and ex.pc == CODE
        assert m.regs.pc == CODE + 4


def test_library_is_the_one_ARM64EMU_LIBRARY_names():
    env = os.environ.get("ARM64EMU_LIBRARY")
    if not env:
        pytest.skip("ARM64EMU_LIBRARY is not set")
    assert arm64emu.library_path() == env


def test_library_lookup_order_puts_the_environment_first(monkeypatch):
    from arm64emu import _lib
    monkeypatch.setenv("ARM64EMU_LIBRARY", "/nowhere/libarm64emu.so")
    assert _lib.candidates() == ["/nowhere/libarm64emu.so"]
    with pytest.raises(ImportError, match="ARM64EMU_LIBRARY"):
        _lib.Library()


def test_missing_library_functions_raise_unsupported():
    from arm64emu import _lib
    lib = _lib.lib()
    saved = lib.missing
    try:
        lib.missing = saved | {"arm64emu_nothing"}
        assert not lib.has("nothing")
    finally:
        lib.missing = saved
    assert lib.has("run") and lib.has("arm64emu_create")


def test_movz_brk_guest():
    with Machine() as m:
        m.map_ram(CODE, 0x1000)
        load(m, movz(0, 42), BRK_0)
        ex = m.run()
        assert ex.reason == ExitReason.BRK and ex.pc == CODE + 4
        assert m.regs.x0 == 42
