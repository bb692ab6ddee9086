"""Running guests: exits, budgets, interrupts, the semihosting console."""
import threading

import pytest

import arm64emu
from arm64emu import ExitReason, Line
from conftest import (ADD_X0_X0_1, B_MINUS_4, BRK_0, CODE, DATA, HLT_SEMIHOST, UDF_0, WFI,
                      brk, load, mov64, movz)


def test_exit_reports_brk_immediate_pc_and_syndrome(machine):
    load(machine, movz(0, 42), brk(7))
    ex = machine.run()
    assert ex.reason == ExitReason.BRK and isinstance(ex.reason, ExitReason)
    assert ex.imm == 7 and ex.pc == CODE + 4 and ex.insn == brk(7)
    assert ex.ec == 0x3C
    assert "BRK" in repr(ex) and "pc=0x10004" in repr(ex)


def test_budget_counts_retired_instructions(machine):
    load(machine, ADD_X0_X0_1, B_MINUS_4)
    ex = machine.run(1000)
    assert ex.reason == ExitReason.BUDGET
    assert machine.instructions() == 1000
    assert machine.regs.x0 == 500


def test_undefined_instruction_exit(machine):
    load(machine, UDF_0)
    ex = machine.run()
    assert ex.reason == ExitReason.UNDEFINED and ex.pc == CODE


def test_request_stop_from_another_thread(machine):
    load(machine, ADD_X0_X0_1, B_MINUS_4)
    t = threading.Timer(0.05, machine.request_stop)
    t.start()
    ex = machine.run()
    t.join()
    assert ex.reason == ExitReason.STOP


def test_wfi_without_interrupt_ends_the_run_and_irq_line_wakes_it(machine):
    load(machine, WFI, BRK_0)
    assert machine.run().reason == ExitReason.WFI
    machine.regs.pc = CODE
    machine.regs.pstate = 0x3C5            # EL1h, interrupts masked
    machine.set_irq_line(Line.IRQ, True)   # pending, masked: WFI goes on
    ex = machine.run()
    machine.set_irq_line(Line.IRQ, False)
    assert ex.reason == ExitReason.BRK and ex.pc == CODE + 4


def test_unmasked_irq_is_taken_to_the_vector_table(machine):
    load(machine, WFI, BRK_0)
    machine.regs.pstate = 0x5              # EL1h, unmasked
    machine.write_sysreg("VBAR_EL1", 0x11000)
    machine.mem_write(0x11000 + 0x280, BRK_0.to_bytes(4, "little"))  # current EL, SPx, IRQ
    machine.set_irq_line(Line.IRQ, True)
    ex = machine.run()
    assert ex.reason == ExitReason.BRK and ex.pc == 0x11280


def test_virtual_time_advances_with_instructions(machine):
    load(machine, ADD_X0_X0_1, B_MINUS_4)
    machine.run(100)
    ticks, insns = machine.virtual_time()
    assert insns == 100 and ticks >= 1


def test_semihosting_console_goes_to_python_callbacks():
    out = []
    with arm64emu.Machine(semihosting=1) as m:
        m.map_ram(CODE, 0x20000)
        m.mem_write(DATA, b"hi from the guest\0")
        m.set_console(write=lambda stream, data: out.append((stream, data)))
        # SYS_WRITE0 (4) with x1 = the string
        load(m, movz(0, 4), mov64(1, DATA), HLT_SEMIHOST, BRK_0)
        assert m.run().reason == ExitReason.BRK
    assert b"".join(d for _, d in out) == b"hi from the guest"


def test_semihosting_console_input_from_python():
    with arm64emu.Machine(semihosting=1) as m:
        m.map_ram(CODE, 0x20000)
        m.set_console(read=lambda n: b"Q")
        load(m, movz(0, 7), HLT_SEMIHOST, BRK_0)   # SYS_READC
        assert m.run().reason == ExitReason.BRK
        assert m.regs.x0 == ord("Q")


def test_semihosting_exit_reason():
    with arm64emu.Machine(semihosting=1) as m:
        m.map_ram(CODE, 0x20000)
        # SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit (0x20026)
        load(m, movz(0, 0x18), mov64(1, 0x20026), HLT_SEMIHOST)
        ex = m.run()
        assert ex.reason == ExitReason.SEMIHOST_EXIT


def test_console_callback_exception_is_raised_after_run():
    def write(stream, data):
        raise KeyError("console broke")
    with arm64emu.Machine(semihosting=1) as m:
        m.map_ram(CODE, 0x20000)
        m.mem_write(DATA, b"x\0")
        m.set_console(write=write)
        load(m, movz(0, 4), mov64(1, DATA), HLT_SEMIHOST, BRK_0)
        with pytest.raises(KeyError, match="console broke"):
            m.run()
