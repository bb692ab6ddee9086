"""Finds libarm64emu and declares the C prototypes of its public API.

Every function of include/arm64emu/arm64emu.h is declared here. A function
the loaded library does not export (an older library) is reported by
has_function() and raises UnsupportedError when called, so the rest of
the bindings keep working.
"""
import ctypes
import ctypes.util
import glob
import os
import subprocess
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char, c_char_p, c_double,
                    c_int, c_int32, c_long, c_size_t, c_uint, c_uint8, c_uint16,
                    c_uint32, c_uint64, c_void_p)

from . import _constants
from ._constants import Status
from .errors import UnsupportedError

_LIBNAMES = ("libarm64emu.so.%d" % _constants.ARM64EMU_VERSION_MAJOR,
             "libarm64emu.so", "libarm64emu.dylib", "arm64emu.dll")


# ------------------------------------------------------------- structures ---

class ExitStruct(Structure):
    """struct arm64emu_exit."""
    _fields_ = [("struct_size", c_uint32), ("reason", c_uint32), ("cpu", c_uint32),
                ("insn", c_uint32), ("pc", c_uint64), ("imm", c_uint64),
                ("addr", c_uint64), ("access_size", c_uint32), ("access", c_uint32),
                ("syndrome", c_uint64)]


class SnapshotOptions(Structure):
    """struct arm64emu_snapshot_options."""
    _fields_ = [("struct_size", c_uint32), ("compression", c_int32), ("flags", c_uint32)]


class CmplogEntryStruct(Structure):
    """struct arm64emu_cmplog_entry (fixed layout)."""
    _fields_ = [("pc", c_uint64), ("a", c_uint64), ("b", c_uint64),
                ("size", c_uint32), ("kind", c_uint32)]


# --------------------------------------------------------- callback types ---

machine_p = c_void_p  # arm64emu_machine * (opaque)
config_p = c_void_p   # arm64emu_config *

MMIO_READ_FN = CFUNCTYPE(c_int, c_void_p, c_uint64, c_uint, POINTER(c_uint64))
MMIO_WRITE_FN = CFUNCTYPE(c_int, c_void_p, c_uint64, c_uint, c_uint64)
CONSOLE_WRITE_FN = CFUNCTYPE(c_size_t, c_void_p, c_uint, c_void_p, c_size_t)
CONSOLE_READ_FN = CFUNCTYPE(c_size_t, c_void_p, c_void_p, c_size_t)
UART_TX_FN = CFUNCTYPE(None, c_void_p, c_uint8)
SNAPSHOT_WRITE_FN = CFUNCTYPE(c_int, c_void_p, c_void_p, c_size_t)
SNAPSHOT_READ_FN = CFUNCTYPE(c_long, c_void_p, c_void_p, c_size_t)

CODE_HOOK_FN = CFUNCTYPE(c_int, machine_p, c_uint, c_uint64, c_uint32, c_void_p)
BLOCK_HOOK_FN = CFUNCTYPE(c_int, machine_p, c_uint, c_uint64, c_uint32, c_void_p)
MEM_HOOK_FN = CFUNCTYPE(c_int, machine_p, c_uint, c_uint32, c_uint64, c_uint64,
                        c_uint32, c_uint64, c_void_p)
UNMAPPED_HOOK_FN = CFUNCTYPE(c_int, machine_p, c_uint, c_uint32, c_uint64, c_uint32,
                             c_void_p)
EXCEPTION_HOOK_FN = CFUNCTYPE(c_int, machine_p, c_uint, c_uint64, c_uint64, c_uint32,
                              c_void_p)
INTERRUPT_HOOK_FN = CFUNCTYPE(c_int, machine_p, c_uint, c_uint32, c_uint32, c_void_p)
SYSREG_HOOK_FN = CFUNCTYPE(c_int, machine_p, c_uint, c_uint32, c_uint32,
                           POINTER(c_uint64), c_void_p)
HOSTCALL_FN = CFUNCTYPE(None)

_u32p = POINTER(c_uint32)
_u64p = POINTER(c_uint64)
_sizep = POINTER(c_size_t)
_exitp = POINTER(ExitStruct)
_optp = POINTER(SnapshotOptions)

# name: (restype, argtypes). In the header's order.
PROTOTYPES = {
    "arm64emu_version": (c_uint, []),
    "arm64emu_version_string": (c_char_p, []),
    "arm64emu_status_string": (c_char_p, [c_int]),
    "arm64emu_config_new": (c_int, [POINTER(config_p)]),
    "arm64emu_config_free": (None, [config_p]),
    "arm64emu_config_set_u64": (c_int, [config_p, c_int, c_uint64]),
    "arm64emu_config_set_str": (c_int, [config_p, c_int, c_char_p]),
    "arm64emu_config_last_error": (c_char_p, [config_p]),
    "arm64emu_create": (c_int, [config_p, POINTER(machine_p)]),
    "arm64emu_destroy": (None, [machine_p]),
    "arm64emu_last_error": (c_char_p, [machine_p]),
    "arm64emu_num_cpus": (c_uint, [machine_p]),
    "arm64emu_cpu_model": (c_char_p, [machine_p]),
    "arm64emu_map_ram": (c_int, [machine_p, c_uint64, c_uint64]),
    "arm64emu_map_host": (c_int, [machine_p, c_uint64, c_uint64, c_void_p]),
    "arm64emu_map_mmio": (c_int, [machine_p, c_uint64, c_uint64, MMIO_READ_FN,
                                  MMIO_WRITE_FN, c_void_p]),
    "arm64emu_unmap": (c_int, [machine_p, c_uint64, c_uint64]),
    "arm64emu_mem_read": (c_int, [machine_p, c_uint64, c_void_p, c_size_t]),
    "arm64emu_mem_write": (c_int, [machine_p, c_uint64, c_void_p, c_size_t]),
    "arm64emu_invalidate_code": (c_int, [machine_p, c_uint64, c_uint64]),
    "arm64emu_dirty_get": (c_int, [machine_p, c_uint64, c_uint64, _u64p, c_size_t]),
    "arm64emu_dirty_clear": (c_int, [machine_p, c_uint64, c_uint64]),
    "arm64emu_reg_read": (c_int, [machine_p, c_uint, c_int, _u64p]),
    "arm64emu_reg_write": (c_int, [machine_p, c_uint, c_int, c_uint64]),
    "arm64emu_vreg_read": (c_int, [machine_p, c_uint, c_uint, c_void_p]),
    "arm64emu_vreg_write": (c_int, [machine_p, c_uint, c_uint, c_void_p]),
    "arm64emu_sysreg_read": (c_int, [machine_p, c_uint, c_uint32, _u64p]),
    "arm64emu_sysreg_write": (c_int, [machine_p, c_uint, c_uint32, c_uint64]),
    "arm64emu_run": (c_int, [machine_p, c_uint64, _exitp]),
    "arm64emu_set_console": (c_int, [machine_p, CONSOLE_WRITE_FN, CONSOLE_READ_FN,
                                      c_void_p]),
    "arm64emu_request_stop": (None, [machine_p]),
    "arm64emu_set_irq_line": (c_int, [machine_p, c_uint, c_uint, c_int]),
    "arm64emu_instructions": (c_int, [machine_p, c_uint, _u64p]),
    "arm64emu_model_features": (c_int, [c_char_p, POINTER(c_char_p), c_size_t, _sizep]),
    "arm64emu_machine_features": (c_int, [machine_p, POINTER(c_char_p), c_size_t,
                                          _sizep]),
    "arm64emu_config_set_feature": (c_int, [config_p, c_char_p, c_int]),
    "arm64emu_board_load_kernel": (c_int, [machine_p, c_void_p, c_size_t]),
    "arm64emu_board_load_kernel_file": (c_int, [machine_p, c_char_p]),
    "arm64emu_board_load_initrd": (c_int, [machine_p, c_void_p, c_size_t]),
    "arm64emu_board_load_initrd_file": (c_int, [machine_p, c_char_p]),
    "arm64emu_board_load_dtb": (c_int, [machine_p, c_void_p, c_size_t]),
    "arm64emu_board_load_dtb_file": (c_int, [machine_p, c_char_p]),
    "arm64emu_board_load_bios": (c_int, [machine_p, c_void_p, c_size_t]),
    "arm64emu_board_load_bios_file": (c_int, [machine_p, c_char_p]),
    "arm64emu_board_set_bootargs": (c_int, [machine_p, c_char_p]),
    "arm64emu_board_boot": (c_int, [machine_p]),
    "arm64emu_board_get_dtb": (c_int, [machine_p, c_void_p, c_size_t, _sizep]),
    "arm64emu_board_image_get": (c_int, [machine_p, c_int, POINTER(c_void_p), _sizep,
                                         _u64p]),
    "arm64emu_uart_set_tx": (c_int, [machine_p, UART_TX_FN, c_void_p]),
    "arm64emu_uart_rx": (c_int, [machine_p, c_void_p, c_size_t, _sizep]),
    "arm64emu_virtual_time": (c_int, [machine_p, _u64p, _u64p]),
    "arm64emu_snapshot_save": (c_int, [machine_p, _optp, POINTER(c_void_p), _sizep]),
    "arm64emu_snapshot_save_fd": (c_int, [machine_p, _optp, c_int]),
    "arm64emu_snapshot_save_cb": (c_int, [machine_p, _optp, SNAPSHOT_WRITE_FN, c_void_p]),
    "arm64emu_free": (None, [c_void_p]),
    "arm64emu_snapshot_load": (c_int, [machine_p, c_void_p, c_size_t]),
    "arm64emu_snapshot_load_fd": (c_int, [machine_p, c_int]),
    "arm64emu_snapshot_load_cb": (c_int, [machine_p, SNAPSHOT_READ_FN, c_void_p]),
    "arm64emu_create_from_snapshot": (c_int, [config_p, c_void_p, c_size_t,
                                              POINTER(machine_p), c_char_p, c_size_t]),
    "arm64emu_create_from_snapshot_fd": (c_int, [config_p, c_int, POINTER(machine_p),
                                                 c_char_p, c_size_t]),
    "arm64emu_snapshot_report": (c_char_p, [machine_p]),
    "arm64emu_ram_source_add": (c_int, [machine_p, c_char_p, c_void_p, c_uint64, c_uint64]),
    "arm64emu_config_add_ram_source": (c_int, [config_p, c_char_p, c_void_p, c_uint64,
                                               c_uint64]),
    "arm64emu_checkpoint": (c_int, [machine_p]),
    "arm64emu_checkpoint_restore": (c_int, [machine_p]),
    "arm64emu_vmem_read": (c_int, [machine_p, c_uint, c_uint64, c_void_p, c_size_t]),
    "arm64emu_vmem_write": (c_int, [machine_p, c_uint, c_uint64, c_void_p, c_size_t]),
    "arm64emu_hook_code": (c_int, [machine_p, c_uint64, c_uint64, CODE_HOOK_FN,
                                   c_void_p, _u32p]),
    "arm64emu_hook_block": (c_int, [machine_p, c_uint64, c_uint64, BLOCK_HOOK_FN,
                                    c_void_p, _u32p]),
    "arm64emu_hook_mem": (c_int, [machine_p, c_uint32, c_uint64, c_uint64, MEM_HOOK_FN,
                                  c_void_p, _u32p]),
    "arm64emu_hook_unmapped": (c_int, [machine_p, UNMAPPED_HOOK_FN, c_void_p, _u32p]),
    "arm64emu_hook_exception": (c_int, [machine_p, EXCEPTION_HOOK_FN, c_void_p, _u32p]),
    "arm64emu_hook_interrupt": (c_int, [machine_p, INTERRUPT_HOOK_FN, c_void_p, _u32p]),
    "arm64emu_hook_sysreg": (c_int, [machine_p, c_uint32, SYSREG_HOOK_FN, c_void_p,
                                     _u32p]),
    "arm64emu_hook_del": (c_int, [machine_p, c_uint32]),
    "arm64emu_coverage_attach": (c_int, [machine_p, c_void_p, c_size_t]),
    "arm64emu_cmplog_attach": (c_int, [machine_p, POINTER(CmplogEntryStruct), c_size_t]),
    "arm64emu_cmplog_count": (c_int, [machine_p, _sizep]),
    "arm64emu_cmplog_reset": (c_int, [machine_p]),
    "arm64emu_cmplog_memory": (c_int, [machine_p, c_uint, c_char_p, c_char_p,
                                       c_size_t]),
    "arm64emu_hostcall_bind": (c_int, [machine_p, c_uint32, c_uint64, c_char_p,
                                       HOSTCALL_FN, _u32p]),
    "arm64emu_hostcall_unbind": (c_int, [machine_p, c_uint32]),
    "arm64emu_hostcall_ptr": (c_int, [machine_p, c_uint64, c_size_t, c_int,
                                      POINTER(c_void_p)]),
    "arm64emu_debug_break_add": (c_int, [machine_p, c_uint64]),
    "arm64emu_debug_break_del": (c_int, [machine_p, c_uint64]),
    "arm64emu_debug_watch_add": (c_int, [machine_p, c_uint64, c_uint64, c_uint32]),
    "arm64emu_debug_watch_del": (c_int, [machine_p, c_uint64, c_uint64, c_uint32]),
    "arm64emu_debug_step": (c_int, [machine_p, c_uint, _exitp]),
    "arm64emu_gdb_listen": (c_int, [machine_p, c_uint16, POINTER(c_uint16)]),
    "arm64emu_gdb_serve": (c_int, [machine_p, _exitp]),
}

# Host-call signature letters -> ctypes types (p: a guest address).
HOSTCALL_TYPES = {
    "v": None, "i8": ctypes.c_int8, "i16": ctypes.c_int16, "i32": ctypes.c_int32,
    "i64": ctypes.c_int64, "u8": c_uint8, "u16": c_uint16, "u32": c_uint32,
    "u64": c_uint64, "p": c_uint64, "f": ctypes.c_float, "d": c_double,
}


# ----------------------------------------------------------------- lookup ---

def _pkg_config_libdir():
    try:
        out = subprocess.run(["pkg-config", "--variable=libdir", "arm64emu"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    libdir = out.stdout.strip()
    return libdir if out.returncode == 0 and libdir else None


def _build_tree_candidates():
    """Shared libraries of build directories next to this source tree."""
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", "..", ".."))
    if not os.path.exists(os.path.join(root, "include", "arm64emu", "arm64emu.h")):
        return []
    found = glob.glob(os.path.join(root, "build*", "libarm64emu", "libarm64emu.so"))
    preferred = os.path.join(root, "build", "libarm64emu", "libarm64emu.so")
    found.sort(key=lambda p: (p != preferred, -os.path.getmtime(p)))
    return found


def candidates():
    """The places tried, in order: ARM64EMU_LIBRARY, the system's library
    search (ctypes.util.find_library), pkg-config's libdir, a build tree."""
    env = os.environ.get("ARM64EMU_LIBRARY")
    if env:
        return [env]  # an explicit choice is never second-guessed
    out = []
    found = ctypes.util.find_library("arm64emu")
    if found:
        out.append(found)
    libdir = _pkg_config_libdir()
    if libdir:
        out.extend(os.path.join(libdir, n) for n in _LIBNAMES)
    out.extend(_build_tree_candidates())
    return out


class Library:
    """The loaded library with its prototypes applied."""

    def __init__(self, path=None):
        tried = [path] if path else candidates()
        errors = []
        self.dll = None
        for cand in tried:
            try:
                self.dll = ctypes.CDLL(cand)
                self.path = cand
                break
            except OSError as e:
                errors.append("%s: %s" % (cand, e))
        if self.dll is None:
            raise ImportError(
                "libarm64emu not found; set ARM64EMU_LIBRARY to the shared library's "
                "path (tried: %s)" % ("; ".join(errors) or "nothing found"))
        self.missing = set()
        for name, (restype, argtypes) in PROTOTYPES.items():
            try:
                fn = getattr(self.dll, name)
            except AttributeError:
                self.missing.add(name)
                continue
            fn.restype = restype
            fn.argtypes = argtypes
            setattr(self, name[len("arm64emu_"):], fn)
        major = self.version() // 10000 if "arm64emu_version" not in self.missing else -1
        if major != _constants.ARM64EMU_VERSION_MAJOR:
            raise ImportError("%s is version %s; these bindings need major version %d"
                              % (self.path, major, _constants.ARM64EMU_VERSION_MAJOR))

    def __getattr__(self, name):
        # Only reached for names not set in __init__: functions the library
        # lacks fail when called, not when the bindings load.
        full = "arm64emu_" + name
        if full in PROTOTYPES:
            def missing(*args, **kwargs):
                raise UnsupportedError(
                    Status.ERR_UNSUPPORTED,
                    "%s has no function %s (a library older than these bindings)"
                    % (self.path, full))
            return missing
        raise AttributeError(name)

    def has(self, name):
        """True if the library exports arm64emu_<name> (or the full name)."""
        full = name if name.startswith("arm64emu_") else "arm64emu_" + name
        return full in PROTOTYPES and full not in self.missing


_LIB = None


def lib():
    """The process-wide library, loaded on first use."""
    global _LIB
    if _LIB is None:
        _LIB = Library()
    return _LIB


__all__ = ["Library", "lib", "candidates", "ExitStruct", "SnapshotOptions",
           "CmplogEntryStruct", "HOSTCALL_TYPES", "c_char"]
