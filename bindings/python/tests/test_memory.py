"""Guest memory: RAM, host buffers, MMIO callbacks, dirty pages, vmem."""
import pytest

import arm64emu
from arm64emu import Access, ExitReason
from conftest import (BRK_0, CODE, DATA, LDR_W1_X2, LDR_X1_X2, STR_W1_X2, STR_X1_X2, load,
                      mov64, need)


def test_mem_read_write_round_trip(machine):
    machine.mem_write(DATA, b"hello")
    machine.mem_write(DATA + 5, bytearray(b"!"))
    machine.mem_write(DATA + 6, memoryview(b"?"))
    assert machine.mem_read(DATA, 7) == b"hello!?"


def test_unmapped_access_raises_with_the_address_in_the_message(machine):
    with pytest.raises(arm64emu.UnmappedError) as ei:
        machine.mem_read(0x900000, 4)
    assert ei.value.status == arm64emu.Status.ERR_UNMAPPED
    assert "0x900000" in ei.value.message
    assert "0x900000" in str(ei.value)


def test_overlapping_map_raises(machine):
    with pytest.raises(arm64emu.OverlapError, match="overlaps"):
        machine.map_ram(CODE + 0x1000, 0x1000)


def test_unaligned_map_raises_invalid_argument(machine):
    with pytest.raises(arm64emu.InvalidArgumentError) as ei:
        machine.map_ram(0x100001, 0x1000)
    assert isinstance(ei.value, ValueError)  # also a ValueError for Python code


def test_unmap_removes_the_region(machine):
    machine.map_ram(0x100000, 0x1000)
    machine.unmap(0x100000, 0x1000)
    with pytest.raises(arm64emu.UnmappedError):
        machine.mem_read(0x100000, 1)


def test_guest_stores_land_in_a_host_buffer(machine):
    buf = bytearray(0x1000)
    machine.map_host(0x100000, buf)
    buf[8:16] = (0x1122334455667788).to_bytes(8, "little")
    load(machine, mov64(2, 0x100000), mov64(1, 0xAABBCCDD), STR_X1_X2,
         mov64(2, 0x100008), LDR_X1_X2, BRK_0)
    assert machine.run().reason == ExitReason.BRK
    assert buf[0:8] == (0xAABBCCDD).to_bytes(8, "little")
    assert machine.regs.x1 == 0x1122334455667788


def test_mmio_callbacks_see_guest_accesses(machine):
    log = []

    def read(offset, size):
        log.append(("r", offset, size))
        return 0xCAFE

    def write(offset, size, value):
        log.append(("w", offset, size, value))
    machine.map_mmio(0x200000, 0x1000, read=read, write=write)
    load(machine, mov64(2, 0x200010), mov64(1, 0x55), STR_W1_X2, LDR_W1_X2, BRK_0)
    assert machine.run().reason == ExitReason.BRK
    assert log == [("w", 0x10, 4, 0x55), ("r", 0x10, 4)]
    assert machine.regs.x1 == 0xCAFE


def test_exception_in_mmio_callback_is_raised_after_run(machine):
    def read(offset, size):
        raise RuntimeError("device on fire")
    machine.map_mmio(0x200000, 0x1000, read=read)
    load(machine, mov64(2, 0x200000), LDR_W1_X2, BRK_0)
    with pytest.raises(RuntimeError, match="device on fire") as ei:
        machine.run()
    assert ei.value.arm64emu_exit.reason != ExitReason.BRK
    # the machine stays usable
    machine.regs.pc = CODE
    machine.mem_write(CODE, BRK_0.to_bytes(4, "little"))
    assert machine.run().reason == ExitReason.BRK


def test_mmio_without_callbacks_reads_zero(machine):
    machine.map_mmio(0x200000, 0x1000)
    load(machine, mov64(2, 0x200000), mov64(1, 7), LDR_W1_X2, STR_W1_X2, BRK_0)
    assert machine.run().reason == ExitReason.BRK
    assert machine.regs.x1 == 0


def test_dirty_pages_follow_writes(machine):
    machine.dirty_clear(CODE, 0x20000)
    assert machine.dirty_pages(CODE, 0x20000) == []
    machine.mem_write(DATA + 0x1000, b"x")
    load(machine, mov64(2, DATA + 0x3000), STR_X1_X2, BRK_0)
    machine.run()
    dirty = machine.dirty_pages(CODE, 0x20000)
    assert DATA + 0x1000 in dirty and DATA + 0x3000 in dirty and CODE in dirty
    assert DATA + 0x2000 not in dirty


def test_invalidate_code_accepts_a_range(machine):
    machine.invalidate_code(CODE, 0x1000)


def test_unmapped_guest_access_is_an_exit(machine):
    load(machine, mov64(2, 0x700000), LDR_X1_X2, BRK_0)
    ex = machine.run()
    assert ex.reason == ExitReason.UNMAPPED
    assert ex.addr == 0x700000 and ex.access == Access.READ and ex.access_size == 8


@need("vmem_read", "vmem_write")
def test_vmem_with_the_mmu_off_is_physical(machine):
    machine.vmem_write(DATA, b"virt")
    assert machine.mem_read(DATA, 4) == b"virt"
    assert machine.vmem_read(DATA, 4) == b"virt"
    with pytest.raises(arm64emu.UnmappedError) as ei:
        machine.vmem_read(0x900000, 4)
    assert ei.value.message
