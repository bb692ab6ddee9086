"""The Machine class: one libarm64emu machine and everything done with it."""
import ctypes
import os
import weakref
from ctypes import byref, c_char_p, c_size_t, c_uint16, c_uint32, c_uint64, c_void_p, sizeof
from dataclasses import dataclass

from . import _lib
from ._constants import (CONFIG_KEY_TYPES, Access, ConfigKey, ExitReason, HookResult,
                         HostcallKind, InterruptKind, SnapshotFlag, ARM64EMU_PAGE_SIZE,
                         ARM64EMU_SYSREG_ANY)
from .errors import Arm64EmuError, error_for
from .registers import CORE_REGISTERS, sysreg_encoding, sysreg_name, vreg_index

ALL_ADDRESSES = (0, (1 << 64) - 1)
_SNAPSHOT_ERR_LEN = 1024


@dataclass(frozen=True)
class Exit:
    """Why run() (or step(), gdb_serve()) returned: struct arm64emu_exit."""
    reason: ExitReason
    cpu: int
    insn: int
    pc: int
    imm: int
    addr: int
    access_size: int
    access: Access
    syndrome: int

    @classmethod
    def _from(cls, s):
        reason = ExitReason(s.reason) if s.reason in ExitReason._value2member_map_ else s.reason
        access = Access(s.access) if s.access in Access._value2member_map_ else s.access
        return cls(reason, s.cpu, s.insn, s.pc, s.imm, s.addr, s.access_size, access,
                   s.syndrome)

    def __repr__(self):
        r = self.reason.name if isinstance(self.reason, ExitReason) else self.reason
        parts = ["%s cpu=%d pc=%#x" % (r, self.cpu, self.pc)]
        if self.insn:
            parts.append("insn=%#010x" % self.insn)
        if self.imm:
            parts.append("imm=%#x" % self.imm)
        if self.access_size:
            parts.append("addr=%#x size=%d %s" % (self.addr, self.access_size,
                                                  getattr(self.access, "name", self.access)))
        if self.syndrome:
            parts.append("syndrome=%#x" % self.syndrome)
        return "Exit(%s)" % " ".join(parts)

    @property
    def ec(self):
        """The exception class of the syndrome (ESR bits 31:26)."""
        return (self.syndrome >> 26) & 0x3F


@dataclass(frozen=True)
class CmplogEntry:
    """One logged comparison (struct arm64emu_cmplog_entry)."""
    pc: int
    a: int
    b: int
    size: int
    kind: int


class SysregAccess:
    """What a sysreg hook sees: key, name, is_write, and value, which the
    hook may change (what the guest reads, or what gets written)."""
    __slots__ = ("key", "is_write", "value")

    def __init__(self, key, is_write, value):
        self.key = key
        self.is_write = bool(is_write)
        self.value = value

    @property
    def name(self):
        return sysreg_name(self.key)

    def __repr__(self):
        return "SysregAccess(%s, %s, %#x)" % (self.name, "write" if self.is_write else "read",
                                             self.value)


class Registers:
    """Registers of one CPU by name: regs.x0, regs["pc"], regs.v3 (16 bytes),
    regs.tpidr_el0 (system registers by their Arm ARM name)."""

    def __init__(self, machine, cpu):
        object.__setattr__(self, "_m", machine)
        object.__setattr__(self, "_cpu", cpu)

    def __getitem__(self, name):
        return self._m.read_reg(name, cpu=self._cpu)

    def __setitem__(self, name, value):
        self._m.write_reg(name, value, cpu=self._cpu)

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(str(e)) from None

    def __setattr__(self, name, value):
        self[name] = value


def _as_bytes(data):
    return data if isinstance(data, bytes) else bytes(data)


def _is_path(x):
    return isinstance(x, (str, os.PathLike))


def _hook_result(r):
    if r is None:
        return HookResult.CONTINUE
    if isinstance(r, bool):  # True: stop the run
        return 1 if r else 0
    return int(r)


def _parse_hostcall_signature(sig):
    if "(" not in sig or not sig.endswith(")") or " " in sig:
        raise ValueError("a host call signature reads RET(ARG,...), not %r" % sig)
    ret, args = sig[:-1].split("(", 1)
    names = [a for a in args.split(",")] if args else []
    try:
        restype = _lib.HOSTCALL_TYPES[ret]
        argtypes = [_lib.HOSTCALL_TYPES[a] for a in names]
    except KeyError as e:
        raise ValueError("unknown type %s in host call signature %r" % (e, sig)) from None
    if None in argtypes:
        raise ValueError("v is a return type only: %r" % sig)
    return restype, argtypes


RAM_SOURCE_UNPLACED = (1 << 64) - 1


def _source_buffer(data):
    """A private copy of a RAM source's bytes, for the library to keep."""
    data = _as_bytes(data)
    if not data:
        raise ValueError("a RAM source must not be empty")
    return ctypes.create_string_buffer(data, len(data))


class _Config:
    """An arm64emu_config built from keyword arguments, freed on exit."""

    def __init__(self, lib, options):
        self.lib = lib
        self.ptr = c_void_p()
        options = dict(options)
        features = options.pop("features", None) or {}
        ram_sources = options.pop("ram_sources", None) or ()
        self.buffers = []  # the RAM sources' bytes: the machine keeps them
        st = lib.config_new(byref(self.ptr))
        if st < 0:
            raise error_for(st, "arm64emu_config_new failed")
        try:
            for name, value in options.items():
                if value is None:
                    continue
                try:
                    key = ConfigKey[name.upper()]
                except KeyError:
                    raise TypeError("unknown configuration key %r (known: %s)" % (
                        name, ", ".join(k.name.lower() for k in ConfigKey))) from None
                if CONFIG_KEY_TYPES.get(key) == "str":
                    st = lib.config_set_str(self.ptr, key, str(value).encode())
                else:
                    st = lib.config_set_u64(self.ptr, key, int(value))
                self.check(st)
            for feat, enable in features.items():
                self.check(lib.config_set_feature(self.ptr, feat.encode(), 1 if enable else 0))
            for source in ram_sources:
                name, data, guest_addr = (tuple(source) + (RAM_SOURCE_UNPLACED,))[:3]
                buf = _source_buffer(data)
                self.buffers.append(buf)
                self.check(lib.config_add_ram_source(self.ptr, name.encode(), buf,
                                                     len(buf), guest_addr))
        except BaseException:
            self.close()
            raise

    def check(self, st):
        if st < 0:
            raise error_for(st, self.lib.config_last_error(self.ptr).decode(errors="replace"))

    def close(self):
        if self.ptr:
            self.lib.config_free(self.ptr)
            self.ptr = c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Machine:
    """An emulated AArch64 machine.

    Keyword arguments are the configuration keys in lower case (ram_size,
    ram_base, num_cpus, cpu_model, exit_on_svc, semihosting,
    semihosting_root, exception_exits, have_el2, have_el3, board,
    insns_per_tick, psci_conduit, boot_el, mmu_off_normal), plus features, a
    mapping of feature names ("FEAT_LSE") to True (add) or False (remove),
    and ram_sources, (name, bytes[, guest_addr]) tuples as for
    ram_source_add.
    Use it as a context manager, or call close().
    """

    def __init__(self, **config):
        lib = _lib.lib()
        with _Config(lib, config) as cfg:
            h = c_void_p()
            cfg.check(lib.create(cfg.ptr, byref(h)))
        self._init(lib, h)
        self._keep["config ram sources"] = cfg.buffers

    def _init(self, lib, handle):
        self._lib = lib
        self._h = handle
        self._pending = None      # an exception raised inside a callback
        self._hooks = {}          # hook id -> C thunk
        self._hostcalls = {}      # host call id -> C thunk
        self._keep = {}           # other callbacks and buffers the library holds
        self._graveyard = []      # thunks removed while they may be running
        self._in_run = 0
        self._stop_requested = False  # by a failing callback, maybe not consumed

    @classmethod
    def from_snapshot(cls, data, **config):
        """A new machine made from a snapshot alone (bytes); config may give
        host-side settings (semihosting_root)."""
        lib = _lib.lib()
        data = _as_bytes(data)
        err = ctypes.create_string_buffer(_SNAPSHOT_ERR_LEN)
        h = c_void_p()
        with _Config(lib, config) as cfg:
            st = lib.create_from_snapshot(cfg.ptr, data, len(data), byref(h), err, len(err))
        if st < 0:
            raise error_for(st, err.value.decode(errors="replace"))
        m = cls.__new__(cls)
        m._init(lib, h)
        m._keep["config ram sources"] = cfg.buffers
        return m

    @classmethod
    def from_snapshot_file(cls, file, **config):
        """A new machine from a snapshot file: a path, a file descriptor (int)
        or a binary file object."""
        if not _is_path(file) and not isinstance(file, int):
            return cls.from_snapshot(file.read(), **config)
        lib = _lib.lib()
        err = ctypes.create_string_buffer(_SNAPSHOT_ERR_LEN)
        h = c_void_p()
        with _Config(lib, config) as cfg, _Fd(file, os.O_RDONLY) as fd:
            st = lib.create_from_snapshot_fd(cfg.ptr, fd, byref(h), err, len(err))
        if st < 0:
            raise error_for(st, err.value.decode(errors="replace"))
        m = cls.__new__(cls)
        m._init(lib, h)
        m._keep["config ram sources"] = cfg.buffers
        return m

    # ---- lifetime -------------------------------------------------------

    def close(self):
        """Destroys the machine. Further calls raise ValueError."""
        h = getattr(self, "_h", None)
        if h:
            self._lib.destroy(h)
            self._h = None
            self._hooks.clear()
            self._hostcalls.clear()
            self._keep.clear()
            self._graveyard.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    @property
    def closed(self):
        return not self._h

    @property
    def handle(self):
        """The arm64emu_machine * as an int, for other ctypes code."""
        return self._handle.value

    @property
    def _handle(self):
        if not self._h:
            raise ValueError("the machine is closed")
        return self._h

    # ---- errors and callbacks -------------------------------------------

    @property
    def last_error(self):
        """arm64emu_last_error: the message of the last failed call."""
        return self._lib.last_error(self._handle).decode(errors="replace")

    def _check(self, st):
        if self._in_run == 0:  # inside a callback, the run raises it later
            self._graveyard.clear()
            e, self._pending = self._pending, None
            if e is not None:
                raise e
        if st < 0:
            raise error_for(st, self._lib.last_error(self._h).decode(errors="replace"))
        return st

    def _capture(self, e, stop):
        if self._pending is None:
            self._pending = e
        if stop and self._h:
            self._lib.request_stop(self._h)
            self._stop_requested = True

    def _thunk(self, ctype, body, on_error, stop=False):
        """A C callback of type ctype calling body(machine, *args). An
        exception in body is kept and raised when the current API call
        returns; the C side then gets on_error (and, with stop, the run is
        asked to stop: for callbacks whose result cannot end it)."""
        ref = weakref.ref(self)

        def thunk(*args):
            m = ref()
            if m is None:
                return on_error
            try:
                return body(m, *args)
            except BaseException as e:  # noqa: B902 - re-raised after the call
                m._capture(e, stop)
                return on_error
        return ctype(thunk)

    # ---- machine facts --------------------------------------------------

    @property
    def num_cpus(self):
        return self._lib.num_cpus(self._handle)

    @property
    def cpu_model(self):
        return self._lib.cpu_model(self._handle).decode()

    @property
    def features(self):
        """The features of the machine's CPUs ("FEAT_LSE", ...)."""
        return _feature_list(self._lib, lambda names, cap, count: self._lib.machine_features(
            self._handle, names, cap, count), self._check)

    # ---- memory ---------------------------------------------------------

    def map_ram(self, base, size):
        """Maps size bytes of zeroed library-owned RAM at base."""
        self._check(self._lib.map_ram(self._handle, base, size))

    def map_host(self, base, buffer):
        """Maps a writable host buffer (bytearray, mmap, ctypes array) as RAM;
        the machine keeps a reference to it until unmap or close."""
        arr = (ctypes.c_char * len(buffer)).from_buffer(buffer)
        self._check(self._lib.map_host(self._handle, base, len(buffer), arr))
        self._keep[("region", base, len(buffer))] = (buffer, arr)

    def map_mmio(self, base, size, read=None, write=None):
        """Maps MMIO served by read(offset, size) -> int and
        write(offset, size, value). An exception fails the access as
        unmapped, stops the run and is raised when run() returns."""
        def rd(m, user, offset, sz, value):
            value[0] = int(read(offset, sz)) & ((1 << (8 * sz)) - 1)
            return 0

        def wr(m, user, offset, sz, value):
            write(offset, sz, value)
            return 0
        r = (self._thunk(_lib.MMIO_READ_FN, rd, 1, stop=True) if read
             else _lib.MMIO_READ_FN())
        w = (self._thunk(_lib.MMIO_WRITE_FN, wr, 1, stop=True) if write
             else _lib.MMIO_WRITE_FN())
        self._check(self._lib.map_mmio(self._handle, base, size, r, w, None))
        self._keep[("region", base, size)] = (r, w)

    def unmap(self, base, size):
        """Removes the region that starts at base and has exactly size."""
        self._check(self._lib.unmap(self._handle, base, size))
        held = self._keep.pop(("region", base, size), None)
        if held is not None:
            self._graveyard.append(held)

    def mem_read(self, addr, size):
        """size bytes of guest-physical RAM at addr."""
        buf = ctypes.create_string_buffer(size)
        self._check(self._lib.mem_read(self._handle, addr, buf, size))
        return buf.raw

    def mem_write(self, addr, data):
        """Writes bytes to guest-physical RAM at addr."""
        data = _as_bytes(data)
        self._check(self._lib.mem_write(self._handle, addr, data, len(data)))

    def vmem_read(self, va, size, cpu=0):
        """size bytes at virtual address va as CPU cpu sees them now."""
        buf = ctypes.create_string_buffer(size)
        self._check(self._lib.vmem_read(self._handle, cpu, va, buf, size))
        return buf.raw

    def vmem_write(self, va, data, cpu=0):
        data = _as_bytes(data)
        self._check(self._lib.vmem_write(self._handle, cpu, va, data, len(data)))

    def invalidate_code(self, addr, length):
        self._check(self._lib.invalidate_code(self._handle, addr, length))

    def dirty_pages(self, base, size):
        """Addresses of the dirty pages of [base, base + size)."""
        npages = (size + ARM64EMU_PAGE_SIZE - 1) // ARM64EMU_PAGE_SIZE
        nwords = max(1, (npages + 63) // 64)
        bits = (c_uint64 * nwords)()
        self._check(self._lib.dirty_get(self._handle, base, size, bits, nwords))
        first = base - base % ARM64EMU_PAGE_SIZE
        return [first + i * ARM64EMU_PAGE_SIZE for i in range(npages)
                if bits[i // 64] >> (i % 64) & 1]

    def dirty_clear(self, base, size):
        self._check(self._lib.dirty_clear(self._handle, base, size))

    # ---- registers ------------------------------------------------------

    @property
    def regs(self):
        """Registers of CPU 0 by name (see Registers)."""
        return Registers(self, 0)

    def cpu_regs(self, cpu):
        """Registers of CPU cpu by name."""
        return Registers(self, cpu)

    def read_reg(self, reg, cpu=0):
        """A register by name or Reg id: x0..x30, fp, lr, sp, pc, nzcv,
        pstate, fpcr, fpsr, sp_el0..sp_el3 as ints; v0..v31 as 16 bytes;
        any other name is looked up as a system register."""
        if isinstance(reg, str):
            low = reg.lower()
            if low in CORE_REGISTERS:
                reg = CORE_REGISTERS[low]
            elif vreg_index(low) is not None:
                return self.read_vreg(vreg_index(low), cpu)
            else:
                return self.read_sysreg(reg, cpu)
        value = c_uint64()
        self._check(self._lib.reg_read(self._handle, cpu, int(reg), byref(value)))
        return value.value

    def write_reg(self, reg, value, cpu=0):
        """Writes a register named as read_reg takes it (v registers take 16
        bytes or an int)."""
        if isinstance(reg, str):
            low = reg.lower()
            if low in CORE_REGISTERS:
                reg = CORE_REGISTERS[low]
            elif vreg_index(low) is not None:
                return self.write_vreg(vreg_index(low), value, cpu)
            else:
                return self.write_sysreg(reg, value, cpu)
        self._check(self._lib.reg_write(self._handle, cpu, int(reg), value & (2**64 - 1)))

    def read_vreg(self, n, cpu=0):
        """V<n> as 16 little-endian bytes."""
        buf = ctypes.create_string_buffer(16)
        self._check(self._lib.vreg_read(self._handle, cpu, n, buf))
        return buf.raw

    def write_vreg(self, n, value, cpu=0):
        if isinstance(value, int):
            value = (value & (2**128 - 1)).to_bytes(16, "little")
        value = _as_bytes(value)
        if len(value) != 16:
            raise ValueError("a V register takes 16 bytes, not %d" % len(value))
        self._check(self._lib.vreg_write(self._handle, cpu, n, value))

    def read_sysreg(self, reg, cpu=0):
        """A system register by name ("TPIDR_EL0"), encoding tuple
        (op0, op1, CRn, CRm, op2) or key."""
        value = c_uint64()
        self._check(self._lib.sysreg_read(self._handle, cpu, sysreg_encoding(reg),
                                          byref(value)))
        return value.value

    def write_sysreg(self, reg, value, cpu=0):
        self._check(self._lib.sysreg_write(self._handle, cpu, sysreg_encoding(reg),
                                           value & (2**64 - 1)))

    # ---- running --------------------------------------------------------

    def _exit_call(self, fn, *args):
        ex = _lib.ExitStruct(struct_size=sizeof(_lib.ExitStruct))
        stale = self._stop_requested
        self._stop_requested = False
        before = self.virtual_time()[1] if stale else None
        self._in_run += 1
        try:
            st = fn(self._handle, *args, byref(ex))
            if (stale and st == 0 and ex.reason == ExitReason.STOP and self._pending is None
                    and self.virtual_time()[1] == before):
                # The stop a failing callback asked for outlived its run:
                # it ended this one at once; run for real.
                ex = _lib.ExitStruct(struct_size=sizeof(_lib.ExitStruct))
                st = fn(self._handle, *args, byref(ex))
        finally:
            self._in_run -= 1
        result = Exit._from(ex)
        if self._stop_requested and result.reason == ExitReason.STOP:
            self._stop_requested = False
        if self._pending is not None:
            try:
                self._pending.arm64emu_exit = result
            except AttributeError:
                pass
        self._check(st)
        return result

    def run(self, budget=0):
        """Runs at most budget instructions (0: no limit); returns the Exit.
        An exception raised by a callback stops the run and is raised here."""
        return self._exit_call(self._lib.run, budget)

    def request_stop(self):
        """Makes the running (or next) run() return ExitReason.STOP. Any thread."""
        self._lib.request_stop(self._handle)

    def set_irq_line(self, line, level=True, cpu=0):
        self._check(self._lib.set_irq_line(self._handle, cpu, int(line), 1 if level else 0))

    def instructions(self, cpu=0):
        """Instructions CPU cpu has retired since creation."""
        n = c_uint64()
        self._check(self._lib.instructions(self._handle, cpu, byref(n)))
        return n.value

    def virtual_time(self):
        """(ticks of the system counter, machine-wide instructions)."""
        ticks, insns = c_uint64(), c_uint64()
        self._check(self._lib.virtual_time(self._handle, byref(ticks), byref(insns)))
        return ticks.value, insns.value

    def set_console(self, write=None, read=None):
        """Semihosting console: write(stream, data) -> bytes taken (None: all);
        read(n) -> at most n bytes (b"": end of input)."""
        def wr(m, user, stream, buf, n):
            r = write(stream, ctypes.string_at(buf, n))
            return n if r is None else int(r)

        def rd(m, user, buf, n):
            data = _as_bytes(read(n))[:n]
            ctypes.memmove(buf, data, len(data))
            return len(data)
        w = (self._thunk(_lib.CONSOLE_WRITE_FN, wr, 0, stop=True) if write
             else _lib.CONSOLE_WRITE_FN())
        r = (self._thunk(_lib.CONSOLE_READ_FN, rd, 0, stop=True) if read
             else _lib.CONSOLE_READ_FN())
        self._check(self._lib.set_console(self._handle, w, r, None))
        self._keep["console"] = (w, r)

    # ---- hooks ----------------------------------------------------------

    def _add_hook(self, register, ctype, body, *args):
        thunk = self._thunk(ctype, body, 1)
        hid = c_uint32()
        self._check(register(self._handle, *args, thunk, None, byref(hid)))
        self._hooks[hid.value] = thunk
        return hid.value

    def hook_code(self, fn, begin=ALL_ADDRESSES[0], end=ALL_ADDRESSES[1]):
        """fn(machine, cpu, pc, insn) before each instruction in [begin, end).
        Return None (go on) or a positive int (stop: ExitReason.HOOK, exit.imm).
        Returns the hook id."""
        return self._add_hook(self._lib.hook_code, _lib.CODE_HOOK_FN,
                              lambda m, h, cpu, pc, insn, u: _hook_result(fn(m, cpu, pc, insn)),
                              begin, end)

    def hook_block(self, fn, begin=ALL_ADDRESSES[0], end=ALL_ADDRESSES[1]):
        """fn(machine, cpu, pc, ninsns) when a block is entered."""
        return self._add_hook(self._lib.hook_block, _lib.BLOCK_HOOK_FN,
                              lambda m, h, cpu, pc, n, u: _hook_result(fn(m, cpu, pc, n)),
                              begin, end)

    def hook_mem(self, fn, begin=ALL_ADDRESSES[0], end=ALL_ADDRESSES[1], read=True,
                 write=True):
        """fn(machine, cpu, access, va, pa, size, value) for guest data reads
        (after, with the value read) and writes (before, with the value)."""
        mask = (1 << Access.READ if read else 0) | (1 << Access.WRITE if write else 0)

        def body(m, h, cpu, access, va, pa, size, value, u):
            return _hook_result(fn(m, cpu, Access(access), va, pa, size, value))
        return self._add_hook(self._lib.hook_mem, _lib.MEM_HOOK_FN, body, mask, begin, end)

    def hook_unmapped(self, fn):
        """fn(machine, cpu, access, addr, size) for accesses to unmapped
        addresses; return HookResult.RETRY after mapping memory."""
        return self._add_hook(
            self._lib.hook_unmapped, _lib.UNMAPPED_HOOK_FN,
            lambda m, h, cpu, acc, addr, size, u: _hook_result(fn(m, cpu, Access(acc), addr,
                                                                  size)))

    def hook_exception(self, fn):
        """fn(machine, cpu, esr, far, target_el) before a synchronous exception
        is taken; return HookResult.SUPPRESS after setting the PC to skip it."""
        return self._add_hook(
            self._lib.hook_exception, _lib.EXCEPTION_HOOK_FN,
            lambda m, h, cpu, esr, far, el, u: _hook_result(fn(m, cpu, esr, far, el)))

    def hook_interrupt(self, fn):
        """fn(machine, cpu, kind, target_el) before an interrupt is taken;
        HookResult.SUPPRESS leaves it pending."""
        def body(m, h, cpu, kind, el, u):
            k = InterruptKind(kind) if kind in InterruptKind._value2member_map_ else kind
            return _hook_result(fn(m, cpu, k, el))
        return self._add_hook(self._lib.hook_interrupt, _lib.INTERRUPT_HOOK_FN, body)

    def hook_sysreg(self, fn, reg=None):
        """fn(machine, cpu, access) on MRS/MSR of reg (a name, tuple or key;
        None: every register). access is a SysregAccess whose value the
        hook may change."""
        key = ARM64EMU_SYSREG_ANY if reg is None else sysreg_encoding(reg)

        def body(m, h, cpu, k, is_write, value, u):
            acc = SysregAccess(k, is_write, value[0])
            r = _hook_result(fn(m, cpu, acc))
            value[0] = acc.value & (2**64 - 1)
            return r
        thunk = self._thunk(_lib.SYSREG_HOOK_FN, body, 1)
        hid = c_uint32()
        self._check(self._lib.hook_sysreg(self._handle, key, thunk, None, byref(hid)))
        self._hooks[hid.value] = thunk
        return hid.value

    def hook_del(self, hook_id):
        """Removes a hook (also from inside a hook)."""
        self._check(self._lib.hook_del(self._handle, hook_id))
        thunk = self._hooks.pop(hook_id, None)
        if thunk is not None:
            self._graveyard.append(thunk)  # it may be running right now

    # ---- coverage and comparison logging --------------------------------

    def attach_coverage(self, map_or_size=65536):
        """Attaches an AFL-style edge map: a writable buffer of a power-of-two
        size, or a size to allocate. Returns the buffer (a bytearray when
        allocated here). None detaches."""
        if map_or_size is None:
            self._check(self._lib.coverage_attach(self._handle, None, 0))
            self._keep.pop("coverage", None)
            return None
        buf = bytearray(map_or_size) if isinstance(map_or_size, int) else map_or_size
        arr = (ctypes.c_char * len(buf)).from_buffer(buf)
        self._check(self._lib.coverage_attach(self._handle, arr, len(buf)))
        self._keep["coverage"] = (buf, arr)
        return buf

    def attach_cmplog(self, capacity=4096):
        """Attaches a comparison log of capacity entries (0 detaches)."""
        if not capacity:
            self._check(self._lib.cmplog_attach(self._handle, None, 0))
            self._keep.pop("cmplog", None)
            return
        arr = (_lib.CmplogEntryStruct * capacity)()
        self._check(self._lib.cmplog_attach(self._handle, arr, capacity))
        self._keep["cmplog"] = arr

    def cmplog(self):
        """The logged comparisons, as CmplogEntry objects."""
        n = c_size_t()
        self._check(self._lib.cmplog_count(self._handle, byref(n)))
        arr = self._keep.get("cmplog")
        if arr is None:
            return []
        return [CmplogEntry(e.pc, e.a, e.b, e.size, e.kind) for e in arr[:n.value]]

    def cmplog_reset(self):
        self._check(self._lib.cmplog_reset(self._handle))

    def cmplog_memory(self, a, b, cpu=0):
        """Logs a host-side memory comparison of a and b (bytes) as kind 1."""
        a, b = bytes(a), bytes(b)
        n = min(len(a), len(b))
        self._check(self._lib.cmplog_memory(self._handle, cpu, a, b, n))

    # ---- host calls -----------------------------------------------------

    def hostcall_bind(self, where, signature, fn, kind=HostcallKind.ADDR):
        """Binds a guest entry (an address, or an SVC/HVC immediate with kind)
        to fn(machine, *args) with a signature such as "i64(p,u32,d)".
        Returns the binding id."""
        restype, argtypes = _parse_hostcall_signature(signature)
        ctype = ctypes.CFUNCTYPE(restype, c_void_p, *argtypes)
        zero = None if restype is None else 0
        thunk = self._thunk(ctype, lambda m, h, *args: fn(m, *args), zero, stop=True)
        hid = c_uint32()
        self._check(self._lib.hostcall_bind(self._handle, int(kind), where,
                                            signature.encode(),
                                            ctypes.cast(thunk, _lib.HOSTCALL_FN), byref(hid)))
        self._hostcalls[hid.value] = thunk
        return hid.value

    def hostcall_unbind(self, binding_id):
        self._check(self._lib.hostcall_unbind(self._handle, binding_id))
        thunk = self._hostcalls.pop(binding_id, None)
        if thunk is not None:
            self._graveyard.append(thunk)

    def hostcall_buffer(self, guest, length, write=False):
        """Inside a host call: the length bytes at guest address guest as a
        ctypes char array aliasing guest memory (valid until the call returns)."""
        ptr = c_void_p()
        self._check(self._lib.hostcall_ptr(self._handle, guest, length, 1 if write else 0,
                                           byref(ptr)))
        return (ctypes.c_char * length).from_address(ptr.value)

    # ---- debugging ------------------------------------------------------

    def break_add(self, va):
        self._check(self._lib.debug_break_add(self._handle, va))

    def break_del(self, va):
        self._check(self._lib.debug_break_del(self._handle, va))

    @staticmethod
    def _watch_mask(read, write):
        return (1 << Access.READ if read else 0) | (1 << Access.WRITE if write else 0)

    def watch_add(self, va, length, read=False, write=True):
        self._check(self._lib.debug_watch_add(self._handle, va, length,
                                              self._watch_mask(read, write)))

    def watch_del(self, va, length, read=False, write=True):
        self._check(self._lib.debug_watch_del(self._handle, va, length,
                                              self._watch_mask(read, write)))

    def step(self, cpu=0):
        """Runs one instruction of CPU cpu: ExitReason.STEP or an earlier exit."""
        return self._exit_call(self._lib.debug_step, cpu)

    def gdb_listen(self, port=0):
        """Listens on 127.0.0.1:port for a debugger; returns the port."""
        bound = c_uint16()
        self._check(self._lib.gdb_listen(self._handle, port, byref(bound)))
        return bound.value

    def gdb_serve(self):
        """Serves one debugger session; returns the Exit it ended with."""
        return self._exit_call(self._lib.gdb_serve)

    # ---- snapshots ------------------------------------------------------

    def ram_source_add(self, name, data, guest_addr=RAM_SOURCE_UNPLACED):
        """Registers bytes that guest RAM was loaded with (at guest_addr):
        snapshots leave out the pages still equal to them and name them by
        SHA-256; loading such a snapshot needs them registered. The machine
        keeps a copy for its lifetime."""
        buf = _source_buffer(data)
        self._check(self._lib.ram_source_add(self._handle, name.encode(), buf, len(buf),
                                             guest_addr))
        self._keep.setdefault("ram sources", []).append(buf)

    @staticmethod
    def _options(compression, no_ram, self_contained=False):
        flags = (SnapshotFlag.NO_RAM if no_ram else 0) | \
            (SnapshotFlag.SELF_CONTAINED if self_contained else 0)
        return _lib.SnapshotOptions(struct_size=sizeof(_lib.SnapshotOptions),
                                    compression=compression, flags=int(flags))

    def save(self, compression=0, no_ram=False, self_contained=False):
        """The machine's state as snapshot bytes (self_contained: store every
        RAM page, referring to no RAM source)."""
        data, n = c_void_p(), c_size_t()
        opt = self._options(compression, no_ram, self_contained)
        self._check(self._lib.snapshot_save(self._handle, byref(opt), byref(data), byref(n)))
        try:
            return ctypes.string_at(data, n.value)
        finally:
            self._lib.free(data)

    def save_file(self, file, compression=0, no_ram=False, self_contained=False):
        """Saves to a path, a file descriptor (int) or a binary file object
        (anything with write())."""
        opt = self._options(compression, no_ram, self_contained)
        if not _is_path(file) and not isinstance(file, int):
            def wr(m, user, data, n):
                file.write(ctypes.string_at(data, n))
                return 0
            cb = self._thunk(_lib.SNAPSHOT_WRITE_FN, wr, 1)
            self._check(self._lib.snapshot_save_cb(self._handle, byref(opt), cb, None))
            return
        with _Fd(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC) as fd:
            self._check(self._lib.snapshot_save_fd(self._handle, byref(opt), fd))

    def load(self, data):
        """Loads snapshot bytes into this machine (all or nothing)."""
        data = _as_bytes(data)
        self._check(self._lib.snapshot_load(self._handle, data, len(data)))

    def load_file(self, file):
        """Loads from a path, a file descriptor (int) or a binary file object
        (anything with read())."""
        if not _is_path(file) and not isinstance(file, int):
            def rd(m, user, buf, n):
                chunk = file.read(n)
                ctypes.memmove(buf, chunk, len(chunk))
                return len(chunk)
            cb = self._thunk(_lib.SNAPSHOT_READ_FN, rd, -1)
            self._check(self._lib.snapshot_load_cb(self._handle, cb, None))
            return
        with _Fd(file, os.O_RDONLY) as fd:
            self._check(self._lib.snapshot_load_fd(self._handle, fd))

    @property
    def snapshot_report(self):
        """What the last load skipped or defaulted, one line each ("" if nothing)."""
        return self._lib.snapshot_report(self._handle).decode(errors="replace")

    def checkpoint(self):
        """Records the whole state in memory for restore_checkpoint()."""
        self._check(self._lib.checkpoint(self._handle))

    def restore_checkpoint(self):
        self._check(self._lib.checkpoint_restore(self._handle))

    # ---- the virt board -------------------------------------------------

    def _load(self, name, image):
        if _is_path(image):
            self._check(getattr(self._lib, "board_load_%s_file" % name)(
                self._handle, os.fsencode(image)))
        else:
            data = _as_bytes(image)
            self._check(getattr(self._lib, "board_load_%s" % name)(self._handle, data,
                                                                     len(data)))

    def load_kernel(self, image):
        """A kernel (Image, gzip Image, ELF or flat binary) as bytes or a path."""
        self._load("kernel", image)

    def load_initrd(self, data):
        self._load("initrd", data)

    def load_dtb(self, dtb):
        self._load("dtb", dtb)

    def load_bios(self, image):
        self._load("bios", image)

    def set_bootargs(self, bootargs):
        self._check(self._lib.board_set_bootargs(self._handle, bootargs.encode()))

    def boot(self):
        """Places the images and the device tree and sets up the boot CPU."""
        self._check(self._lib.board_boot(self._handle))

    def get_dtb(self):
        """The device tree blob the board passes."""
        n = c_size_t()
        self._check(self._lib.board_get_dtb(self._handle, None, 0, byref(n)))
        buf = ctypes.create_string_buffer(n.value)
        self._check(self._lib.board_get_dtb(self._handle, buf, n.value, byref(n)))
        return buf.raw[:n.value]

    def board_image(self, which):
        """(bytes, guest_addr) of a loaded image (BoardImage.KERNEL, INITRD,
        BIOS) as the board places it; guest_addr is RAM_SOURCE_UNPLACED
        before boot()."""
        data, n, at = c_void_p(), c_size_t(), c_uint64()
        self._check(self._lib.board_image_get(self._handle, int(which), byref(data), byref(n),
                                              byref(at)))
        return ctypes.string_at(data, n.value), at.value

    def uart_set_tx(self, fn):
        """fn(byte: int) for every byte the guest sends on the PL011; None
        discards them."""
        cb = (self._thunk(_lib.UART_TX_FN, lambda m, user, b: fn(b), None, stop=True) if fn
              else _lib.UART_TX_FN())
        self._check(self._lib.uart_set_tx(self._handle, cb, None))
        old = self._keep.pop("uart_tx", None)
        if old is not None:
            self._graveyard.append(old)
        self._keep["uart_tx"] = cb

    def uart_rx(self, data):
        """Offers bytes to the UART's receive FIFO; returns how many it took."""
        data = _as_bytes(data)
        n = c_size_t()
        self._check(self._lib.uart_rx(self._handle, data, len(data), byref(n)))
        return n.value


class _Fd:
    """A file descriptor from a path (opened and closed here) or an int
    descriptor (used as is, from its current position)."""

    def __init__(self, file, flags):
        self.own = _is_path(file)
        self.fd = os.open(file, flags, 0o644) if self.own else int(file)

    def __enter__(self):
        return self.fd

    def __exit__(self, *exc):
        if self.own:
            os.close(self.fd)


def _feature_list(lib, call, check):
    count = c_size_t()
    check(call(None, 0, byref(count)))
    names = (c_char_p * max(1, count.value))()
    check(call(names, count.value, byref(count)))
    return [names[i].decode() for i in range(count.value)]


def _check_plain(st):
    if st < 0:
        raise error_for(st, _lib.lib().status_string(st).decode())


def model_features(model):
    """The features of the CPU model called model ("max", "cortex-a72", ...)."""
    lib = _lib.lib()
    return _feature_list(lib, lambda names, cap, count: lib.model_features(
        model.encode(), names, cap, count), _check_plain)


def version():
    """The running library's version number (MAJOR * 10000 + MINOR * 100 + PATCH)."""
    return _lib.lib().version()


def version_string():
    return _lib.lib().version_string().decode()


def status_string(status):
    return _lib.lib().status_string(int(status)).decode()


def library_path():
    """The path of the loaded shared library."""
    return _lib.lib().path


def has_function(name):
    """True if the loaded library exports arm64emu_<name>."""
    return _lib.lib().has(name)


__all__ = ["Machine", "Exit", "CmplogEntry", "SysregAccess", "Registers", "model_features",
           "version", "version_string", "status_string", "library_path", "has_function",
           "Arm64EmuError"]
