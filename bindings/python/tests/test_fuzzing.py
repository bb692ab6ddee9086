"""Edge coverage maps, comparison logs and host calls."""
import ctypes

import pytest

import arm64emu
from arm64emu import ExitReason, HostcallKind
from conftest import (ADD_X0_X0_1, BLR_X2, BRK_0, CMP_X0_X1, CODE, DATA, NOP, load, mov64,
                      movz, need, svc)

BNE_MINUS_8 = 0x54FFFFC1   # b.ne .-8


@need("coverage_attach")
def test_coverage_map_counts_edges(machine):
    # x0 counts up to x1: a loop whose back edge is taken 9 times.
    load(machine, movz(0, 0), movz(1, 10), ADD_X0_X0_1, CMP_X0_X1, BNE_MINUS_8, BRK_0)
    cov = machine.attach_coverage(1 << 16)
    assert machine.run().reason == ExitReason.BRK
    assert machine.regs.x0 == 10
    assert sum(cov) >= 9 and any(cov)
    machine.attach_coverage(None)


@need("coverage_attach")
def test_coverage_map_size_must_be_a_power_of_two(machine):
    with pytest.raises(arm64emu.InvalidArgumentError):
        machine.attach_coverage(1000)


@need("cmplog_attach", "cmplog_count", "cmplog_reset")
def test_cmplog_records_comparison_operands(machine):
    load(machine, mov64(0, 0x1234), mov64(1, 0x5678), CMP_X0_X1, BRK_0)
    machine.attach_cmplog(16)
    machine.run()
    entries = machine.cmplog()
    assert entries and entries[0].a == 0x1234 and entries[0].b == 0x5678
    assert entries[0].size == 8 and entries[0].kind == 0
    assert entries[0].pc == CODE + 4 * (len(mov64(0, 0x1234)) + len(mov64(1, 0x5678)))
    machine.cmplog_reset()
    assert machine.cmplog() == []


@need("cmplog_attach", "cmplog_memory")
def test_cmplog_memory_logs_a_host_side_compare(machine):
    machine.attach_cmplog(4)
    machine.cmplog_memory(b"MAGIC", b"MAGIK")
    (entry,) = machine.cmplog()
    assert entry.kind == 1 and entry.size == 5
    assert entry.a == int.from_bytes(b"MAGIC", "little")
    assert entry.b == int.from_bytes(b"MAGIK", "little")


HOSTFN = CODE + 0x8000


@need("hostcall_bind", "hostcall_unbind")
def test_hostcall_at_an_address_gets_arguments_and_returns_to_lr(machine):
    calls = []

    def add(m, a, b):
        calls.append((a, b))
        return a + b
    load(machine, movz(0, 40), movz(1, 2), mov64(2, HOSTFN), BLR_X2, ADD_X0_X0_1, BRK_0)
    machine.mem_write(HOSTFN, BRK_0.to_bytes(4, "little"))
    machine.hostcall_bind(HOSTFN, "i64(i64,i64)", add)
    assert machine.run().reason == ExitReason.BRK
    assert calls == [(40, 2)] and machine.regs.x0 == 43


@need("hostcall_bind", "hostcall_ptr")
def test_hostcall_reads_guest_memory_through_a_pointer(machine):
    machine.mem_write(DATA, b"\x01\x02\x03\x04")

    def total(m, ptr, n):
        return sum(bytes(m.hostcall_buffer(ptr, n)))
    load(machine, mov64(0, DATA), movz(1, 4), mov64(2, HOSTFN), BLR_X2, BRK_0)
    machine.hostcall_bind(HOSTFN, "u64(p,u64)", total)
    machine.run()
    assert machine.regs.x0 == 10


@need("hostcall_bind")
def test_hostcall_with_doubles(machine):
    load(machine, mov64(2, HOSTFN), BLR_X2, BRK_0)
    machine.regs.v0 = bytes(ctypes.c_double(1.5)) + bytes(8)
    machine.regs.v1 = bytes(ctypes.c_double(2.25)) + bytes(8)
    machine.hostcall_bind(HOSTFN, "d(d,d)", lambda m, a, b: a * b)
    machine.run()
    assert ctypes.c_double.from_buffer_copy(machine.regs.v0[:8]).value == 3.375


@need("hostcall_bind", "hostcall_unbind")
def test_hostcall_on_svc_goes_on_after_the_instruction(machine):
    load(machine, movz(0, 6), svc(0x42), ADD_X0_X0_1, BRK_0)
    hid = machine.hostcall_bind(0x42, "u64(u64)", lambda m, x: x * 7, kind=HostcallKind.SVC)
    assert machine.run().reason == ExitReason.BRK
    assert machine.regs.x0 == 43
    machine.hostcall_unbind(hid)
    with pytest.raises(arm64emu.InvalidArgumentError):
        machine.hostcall_unbind(hid)


@need("hostcall_bind")
def test_exception_in_a_hostcall_is_raised_after_run(machine):
    def bad(m):
        raise LookupError("no such service")
    load(machine, mov64(2, HOSTFN), BLR_X2, NOP, BRK_0)
    machine.hostcall_bind(HOSTFN, "v()", bad)
    with pytest.raises(LookupError, match="no such service"):
        machine.run()


def test_bad_hostcall_signature_is_a_value_error(machine):
    with pytest.raises(ValueError):
        machine.hostcall_bind(HOSTFN, "x(i32)", lambda m, a: 0)
    with pytest.raises(ValueError):
        machine.hostcall_bind(HOSTFN, "i32(v)", lambda m, a: 0)
