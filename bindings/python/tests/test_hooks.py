"""Hooks as Python callables."""
import pytest

import arm64emu
from arm64emu import Access, ExceptionKind, ExitReason, HookResult, InterruptKind, Line
from conftest import (ADD_X0_X0_1, B_MINUS_4, BRK_0, CODE, DATA, LDR_X1_X2,
                      MRS_X0_TPIDR_EL0, MSR_TPIDR_EL0_X0, NOP, STR_X1_X2, load, mov64, movz,
                      need, svc)


@need("hook_code")
def test_code_hook_sees_every_instruction(machine):
    seen = []
    load(machine, movz(0, 1), ADD_X0_X0_1, BRK_0)
    machine.hook_code(lambda m, cpu, pc, insn: seen.append((cpu, pc, insn)))
    assert machine.run().reason == ExitReason.BRK
    assert seen[:2] == [(0, CODE, movz(0, 1)), (0, CODE + 4, ADD_X0_X0_1)]


@need("hook_code")
def test_code_hook_range_limits_the_calls(machine):
    seen = []
    load(machine, NOP, NOP, NOP, BRK_0)
    machine.hook_code(lambda m, cpu, pc, insn: seen.append(pc), begin=CODE + 4, end=CODE + 8)
    machine.run()
    assert seen == [CODE + 4]


@need("hook_code")
def test_hook_returning_a_positive_code_stops_the_run(machine):
    load(machine, movz(0, 1), ADD_X0_X0_1, ADD_X0_X0_1, BRK_0)

    def hook(m, cpu, pc, insn):
        return 5 if pc == CODE + 8 else None
    machine.hook_code(hook)
    ex = machine.run()
    assert ex.reason == ExitReason.HOOK and ex.imm == 5 and ex.pc == CODE + 8
    assert machine.regs.x0 == 2           # the instruction at pc is not retired
    assert machine.run().reason == ExitReason.BRK
    assert machine.regs.x0 == 3


@need("hook_code")
def test_exception_in_a_hook_is_raised_after_run(machine):
    load(machine, NOP, NOP, BRK_0)

    def hook(m, cpu, pc, insn):
        if pc == CODE + 4:
            raise ZeroDivisionError("from the hook")
    machine.hook_code(hook)
    with pytest.raises(ZeroDivisionError, match="from the hook") as ei:
        machine.run()
    assert ei.value.arm64emu_exit.reason == ExitReason.HOOK
    assert ei.value.arm64emu_exit.pc == CODE + 4


@need("hook_code", "hook_del")
def test_hook_del_and_hook_del_inside_a_hook(machine):
    calls = []
    load(machine, ADD_X0_X0_1, B_MINUS_4)

    def once(m, cpu, pc, insn):
        calls.append(pc)
        m.hook_del(hid)
    hid = machine.hook_code(once)
    machine.run(100)
    assert calls == [CODE]
    with pytest.raises(arm64emu.InvalidArgumentError):
        machine.hook_del(hid)
    other = machine.hook_code(lambda *a: calls.append(1))
    machine.hook_del(other)
    machine.run(10)
    assert calls == [CODE]


@need("hook_block")
def test_block_hook(machine):
    blocks = []
    load(machine, ADD_X0_X0_1, B_MINUS_4)
    machine.hook_block(lambda m, cpu, pc, n: blocks.append((pc, n)))
    machine.run(6)
    assert blocks and all(pc == CODE for pc, _ in blocks)
    assert blocks[0][1] >= 1


@need("hook_mem")
def test_mem_hook_reports_reads_and_writes(machine):
    log = []
    machine.mem_write(DATA + 8, (0x1234).to_bytes(8, "little"))
    load(machine, mov64(2, DATA), mov64(1, 0x55), STR_X1_X2, mov64(2, DATA + 8), LDR_X1_X2,
         BRK_0)
    machine.hook_mem(lambda m, cpu, acc, va, pa, size, value: log.append((acc, va, size, value)))
    machine.run()
    assert log == [(Access.WRITE, DATA, 8, 0x55), (Access.READ, DATA + 8, 8, 0x1234)]


@need("hook_mem")
def test_mem_hook_for_writes_only(machine):
    log = []
    machine.mem_write(DATA + 8, (0x1234).to_bytes(8, "little"))
    load(machine, mov64(2, DATA), STR_X1_X2, mov64(2, DATA + 8), LDR_X1_X2, BRK_0)
    machine.hook_mem(lambda m, cpu, acc, va, pa, size, value: log.append(acc), read=False)
    machine.run()
    assert log == [Access.WRITE]


@need("hook_unmapped")
def test_unmapped_hook_maps_memory_and_retries(machine):
    load(machine, mov64(2, 0x800000), mov64(1, 0x66), STR_X1_X2, LDR_X1_X2, BRK_0)
    seen = []

    def unmapped(m, cpu, access, addr, size):
        seen.append((access, addr, size))
        m.map_ram(addr & ~0xFFF, 0x1000)
        return HookResult.RETRY
    machine.hook_unmapped(unmapped)
    assert machine.run().reason == ExitReason.BRK
    assert seen == [(Access.WRITE, 0x800000, 8)]
    assert machine.regs.x1 == 0x66


@need("hook_exception")
def test_exception_hook_can_suppress_a_guest_exception():
    with arm64emu.Machine(exception_exits=ExceptionKind.BRK) as m:
        m.map_ram(CODE, 0x20000)
        load(m, svc(3), movz(0, 9), BRK_0)
        m.regs.pstate = 0x5  # EL1h: SVC is taken to EL1
        seen = []

        def exc(mm, cpu, esr, far, el):
            seen.append((esr >> 26, el))
            mm.regs.pc = CODE + 4
            return HookResult.SUPPRESS
        m.hook_exception(exc)
        assert m.run().reason == ExitReason.BRK
        assert seen == [(0x15, 1)] and m.regs.x0 == 9


@need("hook_interrupt")
def test_interrupt_hook_sees_the_irq(machine):
    load(machine, ADD_X0_X0_1, B_MINUS_4)
    machine.regs.pstate = 0x5
    seen = []

    def intr(m, cpu, kind, el):
        seen.append((kind, el))
        m.set_irq_line(Line.IRQ, False)
        m.request_stop()
        return HookResult.SUPPRESS
    machine.hook_interrupt(intr)
    machine.set_irq_line(Line.IRQ, True)
    ex = machine.run(10000)
    assert seen == [(InterruptKind.IRQ, 1)]
    assert ex.reason == ExitReason.STOP


@need("hook_sysreg")
def test_sysreg_hook_changes_what_the_guest_reads_and_writes(machine):
    machine.regs.tpidr_el0 = 1
    load(machine, MRS_X0_TPIDR_EL0, movz(0, 7), MSR_TPIDR_EL0_X0, BRK_0)
    seen = []

    def hook(m, cpu, access):
        seen.append((access.name, access.is_write, access.value))
        access.value = 0x99 if not access.is_write else access.value * 2
    machine.hook_sysreg(hook, "TPIDR_EL0")
    machine.run(1)
    assert machine.regs.x0 == 0x99
    machine.run()
    assert machine.regs.tpidr_el0 == 14
    assert seen == [("TPIDR_EL0", False, 1), ("TPIDR_EL0", True, 7)]


@need("hook_sysreg")
def test_sysreg_hook_for_every_register(machine):
    keys = []
    load(machine, MRS_X0_TPIDR_EL0, BRK_0)
    machine.hook_sysreg(lambda m, cpu, a: keys.append(a.key))
    machine.run()
    assert keys == [arm64emu.sysreg_encoding("TPIDR_EL0")]


@need("hook_code")
def test_machine_with_hooks_is_freed_when_dropped():
    import gc
    import weakref
    m = arm64emu.Machine()
    m.map_ram(CODE, 0x1000)
    m.hook_code(lambda mm, cpu, pc, insn: None)
    ref = weakref.ref(m)
    del m
    gc.collect()
    assert ref() is None
