"""Snapshots (bytes, files, streams), machines from snapshots, checkpoints."""
import io

import pytest

import arm64emu
from arm64emu import ExitReason, Machine
from conftest import ADD_X0_X0_1, B_MINUS_4, BRK_0, CODE, DATA, RAM_SIZE, load, mov64, movz


def _counting_guest(m):
    load(m, ADD_X0_X0_1, B_MINUS_4)
    m.run(100)


def test_save_and_load_round_trip(machine):
    _counting_guest(machine)
    machine.mem_write(DATA, b"saved")
    machine.regs.tpidr_el0 = 0xABC
    machine.regs.v7 = bytes(range(16))
    snap = machine.save()
    assert isinstance(snap, bytes) and len(snap) > 0

    machine.run(100)
    machine.mem_write(DATA, b"later")
    machine.regs.tpidr_el0 = 0
    machine.load(snap)
    assert machine.regs.x0 == 50
    assert machine.mem_read(DATA, 5) == b"saved"
    assert machine.regs.tpidr_el0 == 0xABC
    assert machine.regs.v7 == bytes(range(16))
    assert machine.snapshot_report == ""


def test_restored_machine_continues_exactly(machine):
    _counting_guest(machine)
    snap = machine.save()
    machine.run(300)
    expected = (machine.regs.x0, machine.regs.pc, machine.instructions())
    machine.load(snap)
    machine.run(300)
    assert (machine.regs.x0, machine.regs.pc, machine.instructions()) == expected


def test_machine_from_snapshot(machine):
    _counting_guest(machine)
    snap = machine.save(compression=1)
    with Machine.from_snapshot(snap) as m2:
        assert m2.regs.x0 == 50 and m2.regs.pc == machine.regs.pc
        assert m2.mem_read(CODE, 8) == machine.mem_read(CODE, 8)
        m2.run(10)
        assert m2.regs.x0 == 55


def test_save_file_and_load_file_by_path(machine, tmp_path):
    _counting_guest(machine)
    path = tmp_path / "m.snap"
    machine.save_file(path)
    assert path.read_bytes()[:4] == machine.save()[:4]
    machine.run(50)
    machine.load_file(str(path))
    assert machine.regs.x0 == 50
    with Machine.from_snapshot_file(path) as m2:
        assert m2.regs.x0 == 50


def test_save_to_open_file_and_python_stream(machine, tmp_path):
    _counting_guest(machine)
    with open(tmp_path / "f.snap", "wb") as f:
        machine.save_file(f)
    stream = io.BytesIO()
    machine.save_file(stream)
    assert stream.getvalue() == (tmp_path / "f.snap").read_bytes()
    machine.run(50)
    stream.seek(0)
    machine.load_file(stream)
    assert machine.regs.x0 == 50
    machine.run(50)
    with open(tmp_path / "f.snap", "rb") as f:
        machine.load_file(f)
    assert machine.regs.x0 == 50


def test_snapshot_without_ram_keeps_the_ram(machine):
    machine.mem_write(DATA, b"before")
    snap = machine.save(no_ram=True)
    machine.mem_write(DATA, b"after!")
    machine.load(snap)
    assert machine.mem_read(DATA, 6) == b"after!"
    assert len(snap) < len(machine.save())


def test_damaged_snapshot_raises_with_a_message(machine):
    snap = bytearray(machine.save())
    with pytest.raises(arm64emu.BadSnapshotError) as ei:
        machine.load(b"not a snapshot at all")
    assert ei.value.message
    snap[len(snap) // 2] ^= 0xFF
    with pytest.raises(arm64emu.Arm64EmuError) as ei:
        Machine.from_snapshot(bytes(snap))
    assert ei.value.message


def test_snapshot_of_another_layout_is_incompatible(machine):
    with Machine() as other:
        other.map_ram(0x400000, 0x1000)
        snap = other.save()
    with pytest.raises(arm64emu.IncompatibleError) as ei:
        machine.load(snap)
    assert ei.value.message


def test_stream_write_failure_is_raised(machine):
    class Broken:
        def write(self, data):
            raise OSError("disk full")
    with pytest.raises(OSError, match="disk full"):
        machine.save_file(Broken())


def test_checkpoint_and_restore(machine):
    load(machine, mov64(2, DATA), movz(1, 0x77), 0xF9000041, ADD_X0_X0_1, B_MINUS_4)
    machine.run(3)
    machine.checkpoint()
    pc, x0 = machine.regs.pc, machine.regs.x0
    machine.run(1000)
    machine.mem_write(DATA + 0x100, b"junk")
    assert machine.regs.x0 != x0
    machine.restore_checkpoint()
    assert (machine.regs.pc, machine.regs.x0) == (pc, x0)
    assert machine.mem_read(DATA + 0x100, 4) == b"\0\0\0\0"
    machine.restore_checkpoint()  # again: a checkpoint can be restored many times


def test_restore_without_checkpoint_raises(machine):
    with pytest.raises(arm64emu.InvalidArgumentError) as ei:
        machine.restore_checkpoint()
    assert ei.value.message


def test_snapshot_inside_a_hook_is_busy():
    if not arm64emu.has_function("hook_code"):
        pytest.skip("the library does not export arm64emu_hook_code yet")
    with Machine() as m:
        m.map_ram(CODE, RAM_SIZE)
        load(m, ADD_X0_X0_1, BRK_0)

        def hook(mm, cpu, pc, insn):
            mm.load(mm.save())
        hid = m.hook_code(hook)
        with pytest.raises(arm64emu.BusyError) as ei:
            m.run()
        assert "running" in ei.value.message
        m.hook_del(hid)
        assert m.run().reason == ExitReason.BRK


def _kernel_like(n):
    """n bytes of a fixed pseudo-random pattern (compresses poorly)."""
    x, out = 12345, bytearray()
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        out.append(x >> 16 & 0xFF)
    return bytes(out)


def test_ram_source_leaves_its_pages_out_and_is_needed_to_load():
    image = _kernel_like(8 * 4096)
    at = 0x40000000 + 0x10000   # in the default RAM (base 0x40000000)
    ram = 1 << 20
    with Machine(ram_size=ram) as m:
        m.mem_write(at, image)
        m.ram_source_add("image", image, at)
        m.mem_write(at + 4096, b"changed")
        lean, full = m.save(), m.save(self_contained=True)
        assert len(lean) + 6 * 4096 < len(full)
        want = m.mem_read(at, len(image))
    with Machine(ram_size=ram) as t:
        with pytest.raises(arm64emu.IncompatibleError, match="needs RAM source 'image'"):
            t.load(lean)
        t.ram_source_add("image", image)
        t.load(lean)
        assert t.mem_read(at, len(image)) == want
    with Machine.from_snapshot(lean, ram_sources=[("image", image)]) as t:
        assert t.mem_read(at, len(image)) == want
        assert t.save() == lean
