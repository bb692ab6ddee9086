"""Breakpoints, watchpoints, single steps and the GDB server."""
import socket
import threading

import pytest

import arm64emu
from arm64emu import Access, ExitReason
from conftest import (ADD_X0_X0_1, BRK_0, CODE, DATA, NOP, STR_X1_X2, load, mov64, movz,
                      need)


@need("debug_break_add", "debug_break_del")
def test_breakpoint_stops_before_the_instruction(machine):
    load(machine, ADD_X0_X0_1, ADD_X0_X0_1, ADD_X0_X0_1, BRK_0)
    machine.break_add(CODE + 8)
    ex = machine.run()
    assert ex.reason == ExitReason.BREAKPOINT and ex.pc == CODE + 8
    assert machine.regs.x0 == 2
    with pytest.raises(arm64emu.InvalidArgumentError):
        machine.break_add(CODE + 8)
    machine.break_del(CODE + 8)
    with pytest.raises(arm64emu.InvalidArgumentError):
        machine.break_del(CODE + 8)
    assert machine.run().reason == ExitReason.BRK and machine.regs.x0 == 3


@need("debug_watch_add", "debug_watch_del")
def test_watchpoint_stops_after_the_write(machine):
    load(machine, mov64(2, DATA + 16), mov64(1, 5), STR_X1_X2, NOP, BRK_0)
    machine.watch_add(DATA + 16, 8, write=True)
    ex = machine.run()
    assert ex.reason == ExitReason.WATCHPOINT
    assert ex.addr == DATA + 16 and ex.access == Access.WRITE and ex.access_size == 8
    assert machine.mem_read(DATA + 16, 1) == b"\x05"
    machine.watch_del(DATA + 16, 8, write=True)
    assert machine.run().reason == ExitReason.BRK


@need("debug_step")
def test_step_runs_one_instruction(machine):
    load(machine, movz(0, 3), ADD_X0_X0_1, BRK_0)
    ex = machine.step()
    assert ex.reason == ExitReason.STEP
    assert machine.regs.pc == CODE + 4 and machine.regs.x0 == 3
    machine.step()
    assert machine.regs.x0 == 4 and machine.instructions() == 2


def _rsp(sock, payload):
    """Sends one GDB remote packet and returns the reply's payload."""
    csum = sum(payload.encode()) & 0xFF
    sock.sendall(b"$%s#%02x" % (payload.encode(), csum))
    data = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return None
        data += chunk
        start = data.find(b"$")
        end = data.find(b"#", start + 1)
        if start >= 0 and end >= 0 and len(data) >= end + 3:
            sock.sendall(b"+")
            return data[start + 1:end].decode()


@need("gdb_listen", "gdb_serve")
def test_gdb_server_answers_a_debugger(machine):
    load(machine, movz(0, 42), BRK_0)
    try:
        port = machine.gdb_listen(0)
    except arm64emu.UnsupportedError as e:
        pytest.skip("GDB server not implemented yet: %s" % e)
    assert port > 0
    replies = {}

    def debugger():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                replies["?"] = _rsp(s, "?")
                replies["g"] = _rsp(s, "g")
                replies["D"] = _rsp(s, "D")
        except OSError:
            machine.request_stop()  # never leave gdb_serve waiting
    t = threading.Thread(target=debugger)
    t.start()
    machine.gdb_serve()
    t.join(10)
    assert replies["?"] and replies["?"][0] in "ST"
    assert replies["g"] and len(replies["g"]) >= 33 * 16
    assert replies["D"] == "OK"
