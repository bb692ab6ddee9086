"""Shared fixtures: small guests written as instruction words."""
import os
import struct

import pytest

import arm64emu

CODE = 0x10000        # where the guests of these tests live
DATA = 0x20000
RAM_SIZE = 0x20000

# Instruction words (checked against GNU as).
BRK_0 = 0xD4200000
NOP = 0xD503201F
ADD_X0_X0_1 = 0x91000400      # add x0, x0, #1
ADD_X0_X0_X1 = 0x8B010000     # add x0, x0, x1
B_MINUS_4 = 0x17FFFFFF        # b .-4
LDR_X1_X2 = 0xF9400041        # ldr x1, [x2]
STR_X1_X2 = 0xF9000041        # str x1, [x2]
LDR_W1_X2 = 0xB9400041        # ldr w1, [x2]
STR_W1_X2 = 0xB9000041        # str w1, [x2]
STRB_W1_X2 = 0x39000041       # strb w1, [x2]
MRS_X0_TPIDR_EL0 = 0xD53BD040
MSR_TPIDR_EL0_X0 = 0xD51BD040
HLT_SEMIHOST = 0xD45E0000     # hlt #0xf000
HVC_0 = 0xD4000002
UDF_0 = 0x00000000
BLR_X2 = 0xD63F0040
RET = 0xD65F03C0
CMP_X0_X1 = 0xEB01001F
WFI = 0xD503207F


def brk(imm):
    return 0xD4200000 | (imm & 0xFFFF) << 5


def svc(imm):
    return 0xD4000001 | (imm & 0xFFFF) << 5


def movz(rd, imm16, shift=0):
    """movz xRD, #imm16, lsl #shift."""
    return 0xD2800000 | (shift // 16) << 21 | (imm16 & 0xFFFF) << 5 | rd


def movk(rd, imm16, shift=0):
    return 0xF2800000 | (shift // 16) << 21 | (imm16 & 0xFFFF) << 5 | rd


def mov64(rd, value):
    """movz/movk words that put a 64-bit value in xRD."""
    words = [movz(rd, value & 0xFFFF)]
    for shift in (16, 32, 48):
        part = (value >> shift) & 0xFFFF
        if part:
            words.append(movk(rd, part, shift))
    return words


def words(*ws):
    """Instruction words (ints or lists of ints) as little-endian bytes."""
    flat = []
    for w in ws:
        flat.extend(w if isinstance(w, (list, tuple)) else [w])
    return struct.pack("<%dI" % len(flat), *flat)


def load(m, *ws, at=CODE):
    """Writes the instructions at `at` and points the PC there."""
    m.mem_write(at, words(*ws))
    m.regs.pc = at


@pytest.fixture
def machine():
    """A bare machine with RAM at CODE (code) and DATA."""
    with arm64emu.Machine() as m:
        m.map_ram(CODE, RAM_SIZE)
        yield m


def need(*functions):
    """Skips a test whose library functions are not implemented yet."""
    missing = [f for f in functions if not arm64emu.has_function(f)]
    return pytest.mark.skipif(
        bool(missing), reason="the library does not export %s yet"
        % ", ".join("arm64emu_" + f for f in missing))


def source_root():
    """The repository root holding the header, or None (installed elsewhere)."""
    root = os.environ.get("ARM64EMU_SOURCE_DIR")
    if not root:
        root = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    header = os.path.join(root, "include", "arm64emu", "arm64emu.h")
    return root if os.path.exists(header) else None
