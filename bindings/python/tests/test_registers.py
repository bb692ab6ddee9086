"""Registers by name and id, V registers, system registers."""
import pytest

import arm64emu
from arm64emu import Reg
from conftest import BRK_0, MRS_X0_TPIDR_EL0, MSR_TPIDR_EL0_X0, load, movz


def test_core_registers_by_name_and_id(machine):
    for i in range(31):
        machine.write_reg("x%d" % i, 0x1000 + i)
    assert [machine.read_reg("x%d" % i) for i in range(31)] == [0x1000 + i for i in range(31)]
    assert machine.read_reg(Reg.X0 + 5) == 0x1005
    assert machine.read_reg("lr") == machine.read_reg("X30") == 0x101E
    assert machine.read_reg("fp") == 0x101D
    machine.regs.sp = 0x8000
    assert machine.regs.sp == 0x8000 and machine.read_reg(Reg.SP) == 0x8000
    machine.regs["pc"] = 0x10004
    assert machine.regs.pc == 0x10004


def test_negative_values_wrap_to_64_bits(machine):
    machine.regs.x3 = -1
    assert machine.regs.x3 == 0xFFFFFFFFFFFFFFFF


def test_pstate_nzcv_fpcr_fpsr(machine):
    assert machine.regs.pstate == 0  # EL0t
    machine.regs.nzcv = 0x60000000
    assert machine.regs.nzcv == 0x60000000
    assert machine.regs.pstate & 0xF0000000 == 0x60000000
    machine.regs.pstate = 0x5  # EL1h
    assert machine.regs.pstate & 0xF == 0x5
    machine.regs.fpcr = 0x03000000  # RMode = toward zero
    assert machine.regs.fpcr == 0x03000000
    machine.regs.fpsr = 0x1
    assert machine.regs.fpsr == 0x1


def test_pstate_with_a_missing_el_is_refused_with_a_message():
    with arm64emu.Machine(have_el2=0) as m:
        with pytest.raises(arm64emu.InvalidArgumentError) as ei:
            m.regs.pstate = 0x9  # EL2h
        assert ei.value.message


def test_vector_registers_are_16_bytes(machine):
    data = bytes(range(16))
    machine.regs.v0 = data
    assert machine.regs.v0 == data
    assert machine.read_vreg(0) == data
    machine.write_reg("q31", 1 << 127)
    assert machine.regs.v31 == b"\x00" * 15 + b"\x80"
    with pytest.raises(ValueError):
        machine.regs.v1 = b"short"


def test_sysregs_by_name_tuple_key_and_generic_name(machine):
    machine.write_sysreg("TPIDR_EL0", 0x1234)
    assert machine.read_sysreg("tpidr_el0") == 0x1234
    assert machine.read_sysreg((3, 3, 13, 0, 2)) == 0x1234
    assert machine.read_sysreg(arm64emu.sysreg_key(3, 3, 13, 0, 2)) == 0x1234
    assert machine.read_sysreg("S3_3_C13_C0_2") == 0x1234
    assert machine.regs.tpidr_el0 == 0x1234
    assert arm64emu.sysreg_name(arm64emu.sysreg_encoding("tpidr_el0")) == "TPIDR_EL0"
    assert arm64emu.sysreg_fields(arm64emu.sysreg_key(3, 0, 1, 0, 0)) == (3, 0, 1, 0, 0)
    assert arm64emu.sysreg_name(arm64emu.sysreg_key(3, 7, 15, 15, 7)) == "S3_7_C15_C15_7"


def test_sysreg_table_has_the_common_registers():
    t = arm64emu.SYSREGS
    assert t["SCTLR_EL1"] == (3, 0, 1, 0, 0)
    assert t["TTBR0_EL1"] == (3, 0, 2, 0, 0)
    assert t["VBAR_EL1"] == (3, 0, 12, 0, 0)
    assert t["MIDR_EL1"] == (3, 0, 0, 0, 0)
    assert t["ID_AA64PFR0_EL1"] == (3, 0, 0, 4, 0)
    assert t["CNTV_CTL_EL0"] == (3, 3, 14, 3, 1)
    assert t["ICC_PMR_EL1"] == (3, 0, 4, 6, 0)
    assert t["MDSCR_EL1"] == (2, 0, 0, 2, 2)


def test_table_registers_are_known_to_the_library():
    # Some registers exist only with a feature the model may lack (PMU,
    # more breakpoints); the ones every machine has must all be readable.
    with arm64emu.Machine(have_el3=1, board="virt") as m:
        for name in ("SCTLR_EL1", "TCR_EL1", "MAIR_EL1", "VBAR_EL2", "SCR_EL3",
                     "CNTP_CVAL_EL0", "ICC_SRE_EL1", "ID_AA64ISAR0_EL1", "DBGBVR0_EL1",
                     "CurrentEL", "SPSel", "NZCV", "FPCR"):
            m.read_sysreg(name)
        known = 0
        for name in arm64emu.SYSREGS:
            try:
                m.read_sysreg(name)
                known += 1
            except arm64emu.UnknownRegisterError:
                pass
        assert known > len(arm64emu.SYSREGS) * 3 // 4


def test_guest_sees_sysreg_written_by_host(machine):
    machine.regs.tpidr_el0 = 77
    load(machine, MRS_X0_TPIDR_EL0, movz(0, 5), MSR_TPIDR_EL0_X0, BRK_0)
    machine.run(1)
    assert machine.regs.x0 == 77
    machine.run()
    assert machine.regs.tpidr_el0 == 5


def test_unknown_register_names_and_encodings(machine):
    with pytest.raises(KeyError):
        machine.read_reg("x31")
    with pytest.raises(KeyError):
        machine.read_sysreg("NOT_A_REGISTER")
    with pytest.raises(arm64emu.UnknownRegisterError) as ei:
        machine.read_sysreg((3, 7, 15, 15, 7))
    assert ei.value.message
    with pytest.raises(AttributeError):
        machine.regs.bogus
    with pytest.raises(ValueError):
        arm64emu.sysreg_key(4, 0, 0, 0, 0)


def test_read_only_id_register_rejects_writes(machine):
    with pytest.raises(arm64emu.InvalidArgumentError):
        machine.write_sysreg("MIDR_EL1", 0)


def test_registers_of_another_cpu():
    with arm64emu.Machine(num_cpus=2) as m:
        m.cpu_regs(1).x0 = 9
        assert m.read_reg("x0", cpu=1) == 9
        assert m.regs.x0 == 0
        with pytest.raises(arm64emu.InvalidArgumentError):
            m.read_reg("x0", cpu=2)
