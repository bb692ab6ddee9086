"""Register names: core registers, vector registers and system registers."""
import re

from ._constants import Reg, ARM64EMU_SYSREG_ANY
from ._sysregs import SYSREGS

CORE_REGISTERS = {"x%d" % i: Reg.X0 + i for i in range(31)}
CORE_REGISTERS.update({
    "fp": Reg.X0 + 29, "lr": Reg.LR, "sp": Reg.SP, "pc": Reg.PC, "nzcv": Reg.NZCV,
    "pstate": Reg.PSTATE, "fpcr": Reg.FPCR, "fpsr": Reg.FPSR,
    "sp_el0": Reg.SP_EL0, "sp_el1": Reg.SP_EL1, "sp_el2": Reg.SP_EL2, "sp_el3": Reg.SP_EL3,
})

_BY_UPPER = {name.upper(): enc for name, enc in SYSREGS.items()}
_GENERIC = re.compile(r"^S([0-3])_([0-7])_C([0-9]|1[0-5])_C([0-9]|1[0-5])_([0-7])$")


def sysreg_key(op0, op1, crn, crm, op2):
    """ARM64EMU_SYSREG(op0, op1, crn, crm, op2): the key the C API takes."""
    for value, bits in ((op0, 2), (op1, 3), (crn, 4), (crm, 4), (op2, 3)):
        if not 0 <= value < (1 << bits):
            raise ValueError("system register encoding field out of range: %r"
                             % ((op0, op1, crn, crm, op2),))
    return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2


def sysreg_fields(key):
    """(op0, op1, crn, crm, op2) of a key."""
    return ((key >> 14) & 3, (key >> 11) & 7, (key >> 7) & 15, (key >> 3) & 15, key & 7)


def sysreg_encoding(reg):
    """The key of a system register given as a name ("TPIDR_EL0", any case,
    or the generic "S3_3_C13_C0_2"), an (op0, op1, CRn, CRm, op2) tuple, or
    a key already."""
    if isinstance(reg, int):
        if not 0 <= reg < (1 << 16) and reg != ARM64EMU_SYSREG_ANY:
            raise ValueError("not a system register key: %#x" % reg)
        return reg
    if isinstance(reg, tuple):
        return sysreg_key(*reg)
    if isinstance(reg, str):
        upper = reg.upper()
        if upper in _BY_UPPER:
            return sysreg_key(*_BY_UPPER[upper])
        mt = _GENERIC.match(upper)
        if mt:
            return sysreg_key(*(int(g) for g in mt.groups()))
        raise KeyError("unknown system register name %r" % reg)
    raise TypeError("a system register is a name, an encoding tuple or a key, not %r"
                    % type(reg).__name__)


_NAMES = {}
for _n in sorted(SYSREGS):
    _NAMES.setdefault(sysreg_key(*SYSREGS[_n]), _n)


def sysreg_name(key):
    """The name of a key ("TPIDR_EL0"), or the generic S<op0>_<op1>_C<n>_C<m>_<op2>."""
    if key in _NAMES:
        return _NAMES[key]
    return "S%d_%d_C%d_C%d_%d" % sysreg_fields(key)


def vreg_index(name):
    """n for "v<n>" / "q<n>", else None."""
    mt = re.match(r"^[vVqQ]([0-9]|[12][0-9]|3[01])$", name)
    return int(mt.group(1)) if mt else None
