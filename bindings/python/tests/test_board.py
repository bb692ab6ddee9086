"""The virt board: kernel loading, boot, the PL011 UART, the device tree."""
import pytest

import arm64emu
from arm64emu import ExitReason, Machine
from conftest import HVC_0, LDR_W1_X2, STRB_W1_X2, mov64, movz, words

UART = 0x09000000
KERNEL_BASE = 0x40080000   # a flat binary is loaded at RAM + 0x80000


def _kernel():
    """Prints "OK", reads one received byte into x1, then PSCI SYSTEM_OFF."""
    return words(mov64(2, UART), movz(1, ord("O")), STRB_W1_X2, movz(1, ord("K")),
                 STRB_W1_X2, LDR_W1_X2, mov64(0, 0x84000008), HVC_0)


def test_kernel_prints_on_the_uart_and_powers_off():
    out = bytearray()
    with Machine(board="virt") as m:
        m.load_kernel(_kernel())
        m.uart_set_tx(out.append)
        m.boot()
        assert m.regs.pc == KERNEL_BASE
        assert m.uart_rx(b"Z") == 1
        ex = m.run(10000)
        assert ex.reason == ExitReason.POWEROFF
        assert m.regs.x1 & 0xFF == ord("Z")
    assert bytes(out) == b"OK"


def test_kernel_from_a_file_and_bootargs_in_the_device_tree(tmp_path):
    path = tmp_path / "kernel.bin"
    path.write_bytes(_kernel())
    with Machine(board="virt", ram_size=64 << 20) as m:
        m.load_kernel(path)
        m.set_bootargs("console=ttyAMA0 python=yes")
        m.boot()
        dtb = m.get_dtb()
        assert dtb[:4] == b"\xd0\x0d\xfe\xed"
        assert b"console=ttyAMA0 python=yes" in dtb
        assert m.regs.x0 != 0                  # the DTB address
        assert m.mem_read(m.regs.x0, 4) == dtb[:4]
        assert m.run(10000).reason == ExitReason.POWEROFF


def test_exception_in_uart_callback_is_raised_after_run():
    def tx(byte):
        raise ValueError("tx refused %c" % byte)
    with Machine(board="virt") as m:
        m.load_kernel(_kernel())
        m.uart_set_tx(tx)
        m.boot()
        with pytest.raises(ValueError, match="tx refused O") as ei:
            m.run(10000)
        assert ei.value.arm64emu_exit.reason in (ExitReason.STOP, ExitReason.POWEROFF)
        # The stop the failed callback requested does not end the next run.
        out = bytearray()
        m.uart_set_tx(out.append)
        m.regs.pc = KERNEL_BASE
        assert m.run(10000).reason == ExitReason.POWEROFF
        assert bytes(out) == b"OK"


def test_malformed_elf_kernel_is_refused_with_a_message():
    with Machine(board="virt") as m:
        with pytest.raises(arm64emu.InvalidArgumentError) as ei:
            m.load_kernel(b"\x7fELF" + b"\x02\x01\x01" + b"\0" * 57)
        assert ei.value.message


def test_board_calls_on_a_bare_machine_are_unsupported():
    with Machine() as m:
        with pytest.raises(arm64emu.UnsupportedError):
            m.boot()
        with pytest.raises(arm64emu.UnsupportedError):
            m.uart_rx(b"x")


def test_missing_kernel_file_raises():
    with Machine(board="virt") as m:
        with pytest.raises(arm64emu.Arm64EmuError) as ei:
            m.load_kernel("/nonexistent/kernel")
        assert "nonexistent" in ei.value.message


def test_board_image_names_the_placed_kernel_for_ram_sources():
    kernel = _kernel()
    with Machine(board="virt") as m:
        m.load_kernel(kernel)
        assert m.board_image(arm64emu.BoardImage.KERNEL) == (kernel, arm64emu.RAM_SOURCE_UNPLACED)
        m.boot()
        data, at = m.board_image(arm64emu.BoardImage.KERNEL)
        assert (data, at) == (kernel, KERNEL_BASE)
        with pytest.raises(arm64emu.InvalidArgumentError, match="no initrd was loaded"):
            m.board_image(arm64emu.BoardImage.INITRD)
        m.ram_source_add("kernel", data, at)
        lean, full = m.save(), m.save(self_contained=True)
        assert len(lean) < len(full)
        with pytest.raises(arm64emu.IncompatibleError, match="needs RAM source 'kernel'"):
            Machine.from_snapshot(lean).close()
        with Machine.from_snapshot(lean, ram_sources=[("kernel", kernel)]) as t:
            assert t.run(10000).reason == ExitReason.POWEROFF
