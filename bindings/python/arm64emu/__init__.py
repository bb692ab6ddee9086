"""Python bindings of libarm64emu, an embeddable AArch64 emulator.

    from arm64emu import Machine, ExitReason
    with Machine() as m:
        m.map_ram(0x10000, 0x1000)
        m.mem_write(0x10000, (0xd2800540).to_bytes(4, "little") +   # movz x0, #42
                             (0xd4200000).to_bytes(4, "little"))    # brk #0
        m.regs.pc = 0x10000
        assert m.run().reason == ExitReason.BRK and m.regs.x0 == 42

The shared library is found through ARM64EMU_LIBRARY, then the system's
library path, pkg-config, and a build tree next to these sources.
"""
from ._constants import (Access, BoardImage, ConfigKey, ExceptionKind, ExitReason, HookResult,
                         HostcallKind, InterruptKind, Line, PsciConduit, Reg,
                         SnapshotFlag, Status)
from .errors import (Arm64EmuError, BadSnapshotError, BusyError, IncompatibleError,
                     InvalidArgumentError, IOFailedError, OutOfMemoryError, OverlapError,
                     UnknownModelError, UnknownRegisterError, UnmappedError,
                     UnsupportedError)
from .machine import (ALL_ADDRESSES, RAM_SOURCE_UNPLACED, CmplogEntry, Exit, Machine,
                      Registers, SysregAccess,
                      has_function, library_path, model_features, status_string, version,
                      version_string)
from .registers import sysreg_encoding, sysreg_fields, sysreg_key, sysreg_name
from ._sysregs import SYSREGS

__version__ = "0.2.0"

__all__ = [
    "Access", "BoardImage", "ConfigKey", "ExceptionKind", "ExitReason", "HookResult", "HostcallKind",
    "InterruptKind", "Line", "PsciConduit", "Reg", "SnapshotFlag", "Status",
    "Arm64EmuError", "BadSnapshotError", "BusyError", "IncompatibleError",
    "InvalidArgumentError", "IOFailedError", "OutOfMemoryError", "OverlapError",
    "UnknownModelError", "UnknownRegisterError", "UnmappedError", "UnsupportedError",
    "ALL_ADDRESSES", "RAM_SOURCE_UNPLACED", "CmplogEntry", "Exit", "Machine", "Registers", "SysregAccess",
    "has_function", "library_path", "model_features", "status_string", "version",
    "version_string", "sysreg_encoding", "sysreg_fields", "sysreg_key", "sysreg_name",
    "SYSREGS",
]
