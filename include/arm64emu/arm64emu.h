/*
 * libarm64emu — an embeddable AArch64 (ARMv8-A, A64) emulator.
 *
 * This header is the whole public API and reads top to bottom as its guide.
 * A symbol that is not documented here is not public.
 *
 * Rules that hold for every call:
 *  - Every function that can fail returns an int status: ARM64EMU_OK (0) or a
 *    negative ARM64EMU_ERR_* value. arm64emu_status_string() names it and
 *    arm64emu_last_error() gives a message naming what was wrong.
 *  - Handles are opaque. Structs that cross the ABI start with their own size
 *    (set it to sizeof before the call), so they can grow without breaking
 *    compiled clients.
 *  - Enum values are only ever appended, never renumbered.
 *  - A machine is driven by one thread at a time; arm64emu_request_stop() is
 *    the one call that may come from another thread. Two machines never
 *    share state.
 */
#ifndef ARM64EMU_H
#define ARM64EMU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define ARM64EMU_API
#else
#define ARM64EMU_API __attribute__((visibility("default")))
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                   */
/* ------------------------------------------------------------------------ */

#define ARM64EMU_VERSION_MAJOR 0
#define ARM64EMU_VERSION_MINOR 2
#define ARM64EMU_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH */
#define ARM64EMU_VERSION_NUMBER                                               \
    (ARM64EMU_VERSION_MAJOR * 10000 + ARM64EMU_VERSION_MINOR * 100 +          \
     ARM64EMU_VERSION_PATCH)

/* The library's version as ARM64EMU_VERSION_NUMBER computes it, at run time
 * (may differ from the header a client was compiled with). */
ARM64EMU_API unsigned arm64emu_version(void);

/* "MAJOR.MINOR.PATCH" of the running library. Never NULL. */
ARM64EMU_API const char *arm64emu_version_string(void);

/* ------------------------------------------------------------------------ */
/* Status codes                                                              */
/* ------------------------------------------------------------------------ */

typedef enum arm64emu_status {
    ARM64EMU_OK = 0,
    ARM64EMU_ERR_INVALID_ARGUMENT = -1, /* a parameter is out of range or NULL */
    ARM64EMU_ERR_NO_MEMORY = -2,        /* a host allocation failed */
    ARM64EMU_ERR_UNMAPPED = -3,         /* a guest address has no memory behind it */
    ARM64EMU_ERR_OVERLAP = -4,          /* a new region overlaps an existing one */
    ARM64EMU_ERR_UNKNOWN_MODEL = -5,    /* no CPU model has that name */
    ARM64EMU_ERR_UNKNOWN_REGISTER = -6, /* no register with that id/encoding */
    ARM64EMU_ERR_BUSY = -7,             /* not allowed while the machine runs */
    ARM64EMU_ERR_UNSUPPORTED = -8,      /* valid request, not implemented */
    ARM64EMU_ERR_BAD_SNAPSHOT = -9,     /* a snapshot is damaged or refused */
    ARM64EMU_ERR_INCOMPATIBLE = -10,    /* a snapshot does not fit this machine */
    ARM64EMU_ERR_IO = -11               /* a read or write callback/fd failed */
} arm64emu_status;

/* A static, human-readable name for a status code ("invalid argument").
 * Unknown codes give "unknown status". Never NULL. */
ARM64EMU_API const char *arm64emu_status_string(int status);

/* ------------------------------------------------------------------------ */
/* Configuration                                                             */
/* ------------------------------------------------------------------------ */

typedef struct arm64emu_config arm64emu_config;

/* Configuration keys. Each is set with the setter of its type (u64 or str);
 * using the wrong setter is ARM64EMU_ERR_INVALID_ARGUMENT. */
typedef enum arm64emu_config_key {
    /* u64: bytes of RAM the machine allocates at RAM_BASE (page multiple).
     * Default 0: no RAM; map memory yourself with arm64emu_map_*. */
    ARM64EMU_CFG_RAM_SIZE = 0,
    /* u64: guest-physical base of that RAM. Default 0x40000000 (virt). */
    ARM64EMU_CFG_RAM_BASE = 1,
    /* u64: number of CPUs, 1..ARM64EMU_MAX_CPUS. Default 1. */
    ARM64EMU_CFG_NUM_CPUS = 2,
    /* str: CPU model name ("max", "cortex-a72", "cortex-a53"). Default "max". */
    ARM64EMU_CFG_CPU_MODEL = 3,
    /* u64 (0/1): SVC ends arm64emu_run with ARM64EMU_EXIT_SVC instead of
     * being taken as an exception. Default 0. The user-mode runner sets 1. */
    ARM64EMU_CFG_EXIT_ON_SVC = 4,
    /* u64 (0/1): Arm semihosting. With 1, HLT #0xF000 performs the
     * semihosting call in W0 (parameter block in X1, result in X0) instead
     * of being an HLT. Console calls (SYS_WRITEC, SYS_WRITE0, SYS_READC and
     * SYS_READ/SYS_WRITE on ":tt") go to the console set with
     * arm64emu_set_console (default: the host's stdin/stdout/stderr);
     * SYS_EXIT and SYS_EXIT_EXTENDED end arm64emu_run with
     * ARM64EMU_EXIT_SEMIHOST_EXIT. SYS_CLOCK, SYS_ELAPSED and SYS_TICKFREQ
     * count retired instructions at a nominal 10^9 per second, so they are
     * deterministic; SYS_TIME is the host's wall clock. Default 0. */
    ARM64EMU_CFG_SEMIHOSTING = 5,
    /* str: host directory that bounds semihosting file access (SYS_OPEN of
     * real files, SYS_REMOVE). Guest paths are resolved inside it: relative
     * ones from it, absolute ones only if they lie under it; ".." components
     * and symbolic links leading out of it are refused. Checked when the
     * machine is created (must be an existing directory). Default unset
     * (""): the guest can open only ":tt" and ":semihosting-features". */
    ARM64EMU_CFG_SEMIHOSTING_ROOT = 6,
    /* u64: the arm64emu_exception_kind bits of the synchronous exceptions
     * that end arm64emu_run as an exit (the exit reasons of the first API
     * version: BRK, UNDEFINED, UNMAPPED, ...) instead of being taken to the
     * guest's vector table. Default ARM64EMU_EXC_ALL: every exception is
     * an exit. A bare-metal or kernel guest sets 0 (and writes
     * ARM64EMU_REG_PSTATE to start at EL1, EL2 or EL3) so that its own
     * vectors handle them. EXIT_ON_SVC = 1 reports SVC as ARM64EMU_EXIT_SVC
     * whatever this says; with EXIT_ON_SVC = 0, SVC follows the SVC bit
     * here (reported as ARM64EMU_EXIT_EXCEPTION with the syndrome). */
    ARM64EMU_CFG_EXCEPTION_EXITS = 7,
    /* u64 (0/1): EL2 is implemented. Default 1. */
    ARM64EMU_CFG_HAVE_EL2 = 8,
    /* u64 (0/1): EL3 is implemented (the CPU then starts in the Secure
     * state; SCR_EL3.NS selects Non-secure). Default 0. The model's
     * ID_AA64PFR0_EL1.EL2/EL3 fields follow these two keys. */
    ARM64EMU_CFG_HAVE_EL3 = 9,
    /* str: the board. "" (the default) is the bare machine: CPUs, the RAM
     * of RAM_SIZE and whatever the caller maps. "virt" builds QEMU's virt
     * board around the CPUs (see docs/board.md): flash at 0, a GICv3, the
     * generic timer's interrupts, a PL011 UART at 0x09000000, a PL031 RTC
     * at 0x09010000, RAM at 0x40000000 (RAM_BASE is ignored; RAM_SIZE
     * defaults to 128 MiB), PSCI firmware, a device tree, and the
     * arm64emu_board_* loaders. With a board, WFI idles the CPU instead of
     * ending the run, and the CPUs started by PSCI CPU_ON run round-robin. */
    ARM64EMU_CFG_BOARD = 10,
    /* u64: instructions per tick of the system counter (CNTPCT_EL0) whose
     * frequency CNTFRQ_EL0 is fixed at 62.5 MHz. Virtual time advances with
     * the instructions every CPU retires (and jumps to the next timer
     * deadline when every CPU waits in WFI), so runs are deterministic.
     * 1..1000000, default 1. */
    ARM64EMU_CFG_INSNS_PER_TICK = 11,
    /* u64: an arm64emu_psci_conduit: how the virt board's PSCI firmware is
     * called. Default ARM64EMU_PSCI_AUTO. */
    ARM64EMU_CFG_PSCI_CONDUIT = 12,
    /* u64: the Exception level (1, 2 or 3) the virt board starts the boot
     * CPU at; EL2/EL3 need HAVE_EL2/HAVE_EL3. Default 1, as QEMU's virt. A
     * kernel entered at EL1 or EL2 finds EL3 (when present) configured for
     * Non-secure AArch64 and EL2 (when present, below it) for AArch64 EL1. */
    ARM64EMU_CFG_BOOT_EL = 13,
    /* u64 (0/1): what data accesses see while stage 1 translation is off.
     * 0: the architecture's rule, Device-nGnRnE (unaligned accesses take
     * alignment faults, DC ZVA faults). 1: Normal memory, as Unicorn and
     * QEMU behave, so code runs without page tables at any EL. Default: 1
     * on a bare machine, 0 with a board (real firmware and kernels). */
    ARM64EMU_CFG_MMU_OFF_NORMAL = 14
} arm64emu_config_key;

/* ARM64EMU_CFG_PSCI_CONDUIT values. */
typedef enum arm64emu_psci_conduit {
    /* HVC when booting at EL1, SMC at EL2, none at EL3 (the guest's own
     * firmware answers PSCI then). */
    ARM64EMU_PSCI_AUTO = 0,
    ARM64EMU_PSCI_HVC = 1,
    ARM64EMU_PSCI_SMC = 2,
    ARM64EMU_PSCI_NONE = 3 /* no PSCI node; HVC/SMC are plain exceptions */
} arm64emu_psci_conduit;

/* Kinds of synchronous exception, as bits of ARM64EMU_CFG_EXCEPTION_EXITS.
 * A kind in the mask ends the run with the exit reason given; otherwise
 * the exception is taken to its EL's vectors (ESR, FAR, ELR, SPSR set as
 * the architecture says) and the run goes on. */
typedef enum arm64emu_exception_kind {
    /* SVC: ARM64EMU_EXIT_EXCEPTION (syndrome EC 0x15); see EXIT_ON_SVC. */
    ARM64EMU_EXC_SVC = 1u << 0,
    /* HVC: ARM64EMU_EXIT_HVC, before any EL check (a host can answer PSCI
     * calls itself). Taken: to EL2 (EL3 from EL3), UNDEFINED at EL0, or
     * without EL2, or with HCR_EL2.HCD / SCR_EL3.HCE disabling it. */
    ARM64EMU_EXC_HVC = 1u << 1,
    /* SMC: ARM64EMU_EXIT_SMC, before any EL check. Taken: to EL3; trapped
     * to EL2 by HCR_EL2.TSC; UNDEFINED at EL0, without EL3 or with
     * SCR_EL3.SMD. */
    ARM64EMU_EXC_SMC = 1u << 2,
    ARM64EMU_EXC_BRK = 1u << 3,       /* BRK: ARM64EMU_EXIT_BRK (EC 0x3c) */
    /* HLT (other than semihosting): ARM64EMU_EXIT_HLT. Taken: halting
     * debug is not enabled, so HLT is UNDEFINED (EC 0x00). */
    ARM64EMU_EXC_HLT = 1u << 4,
    /* UNDEFINED instructions: ARM64EMU_EXIT_UNDEFINED (EC 0x00). */
    ARM64EMU_EXC_UNDEFINED = 1u << 5,
    /* Data aborts (unmapped addresses, translation and permission
     * faults): ARM64EMU_EXIT_UNMAPPED (EC 0x24/0x25, FAR). */
    ARM64EMU_EXC_DATA_ABORT = 1u << 6,
    /* Instruction aborts: ARM64EMU_EXIT_UNMAPPED with access FETCH
     * (EC 0x20/0x21). */
    ARM64EMU_EXC_INSN_ABORT = 1u << 7,
    /* Data alignment faults: ARM64EMU_EXIT_ALIGNMENT (a data abort with
     * FSC 0x21 when taken). */
    ARM64EMU_EXC_ALIGNMENT = 1u << 8,
    /* Trapped MRS/MSR/system instructions: ARM64EMU_EXIT_EXCEPTION with
     * syndrome EC 0x18 (ISS: the encoding, Rt and direction). */
    ARM64EMU_EXC_SYSREG_TRAP = 1u << 9,
    /* FP/SIMD access trapped by CPACR_EL1/CPTR_EL2/CPTR_EL3:
     * ARM64EMU_EXIT_EXCEPTION, EC 0x07. */
    ARM64EMU_EXC_FP_TRAP = 1u << 10,
    /* WFI/WFE trapped by SCTLR_EL1.nTWI/nTWE, HCR_EL2.TWI/TWE or
     * SCR_EL3.TWI/TWE: ARM64EMU_EXIT_EXCEPTION, EC 0x01. (An untrapped WFI
     * with nothing pending is always ARM64EMU_EXIT_WFI.) */
    ARM64EMU_EXC_WFX_TRAP = 1u << 11,
    /* PC alignment faults: ARM64EMU_EXIT_ALIGNMENT with access FETCH
     * (EC 0x22). */
    ARM64EMU_EXC_PC_ALIGNMENT = 1u << 12,
    /* SP alignment faults: ARM64EMU_EXIT_EXCEPTION, EC 0x26 (SP alignment
     * checking is not modelled yet). */
    ARM64EMU_EXC_SP_ALIGNMENT = 1u << 13,
    /* Illegal execution state (PSTATE.IL after an illegal exception
     * return): ARM64EMU_EXIT_EXCEPTION, EC 0x0e. */
    ARM64EMU_EXC_ILLEGAL_STATE = 1u << 14,
    ARM64EMU_EXC_ALL = 0x7fff
} arm64emu_exception_kind;

#define ARM64EMU_MAX_CPUS 64

/* A new configuration with every key at its default. */
ARM64EMU_API int arm64emu_config_new(arm64emu_config **out);
ARM64EMU_API void arm64emu_config_free(arm64emu_config *cfg);
ARM64EMU_API int arm64emu_config_set_u64(arm64emu_config *cfg,
                                         arm64emu_config_key key,
                                         uint64_t value);
ARM64EMU_API int arm64emu_config_set_str(arm64emu_config *cfg,
                                         arm64emu_config_key key,
                                         const char *value);
/* The message for the last failed call on cfg (or on arm64emu_create with
 * cfg). Empty string when there was none. Never NULL. */
ARM64EMU_API const char *arm64emu_config_last_error(const arm64emu_config *cfg);

/* ------------------------------------------------------------------------ */
/* Machine lifecycle                                                         */
/* ------------------------------------------------------------------------ */

typedef struct arm64emu_machine arm64emu_machine;

/* Creates a machine from cfg (cfg may be freed afterwards). CPUs start at
 * PC 0, all registers zero, at EL0 semantics with every exception reported
 * as an exit. On failure *out is NULL and arm64emu_config_last_error(cfg)
 * says why. */
ARM64EMU_API int arm64emu_create(const arm64emu_config *cfg,
                                 arm64emu_machine **out);

/* Frees the machine and everything it allocated. Caller-owned host buffers
 * mapped with arm64emu_map_host are not touched. NULL is a no-op. */
ARM64EMU_API void arm64emu_destroy(arm64emu_machine *m);

/* The message for the last failed call on m, naming what was wrong.
 * Empty string when there was none. Never NULL. Valid until the next call. */
ARM64EMU_API const char *arm64emu_last_error(const arm64emu_machine *m);

/* Number of CPUs the machine was created with. */
ARM64EMU_API unsigned arm64emu_num_cpus(const arm64emu_machine *m);

/* The CPU model name the machine runs ("max", ...). */
ARM64EMU_API const char *arm64emu_cpu_model(const arm64emu_machine *m);

/* ------------------------------------------------------------------------ */
/* Guest-physical memory                                                     */
/* ------------------------------------------------------------------------ */

/* Page size of the dirty bitmaps and of region alignment. */
#define ARM64EMU_PAGE_SIZE 4096u

/* Maps size bytes of zeroed RAM owned by the library at base. base and size
 * are page multiples; the range may not overlap another region. The host
 * memory comes from calloc, so on hosts that overcommit (Linux) untouched
 * pages cost nothing until the guest writes them. */
ARM64EMU_API int arm64emu_map_ram(arm64emu_machine *m, uint64_t base,
                                  uint64_t size);

/* Maps a caller-owned host buffer as RAM. The buffer must stay valid until
 * the region is unmapped or the machine destroyed. Guest writes land in it
 * directly; if the caller writes it behind the machine's back while code
 * from it is cached, call arm64emu_invalidate_code(). */
ARM64EMU_API int arm64emu_map_host(arm64emu_machine *m, uint64_t base,
                                   uint64_t size, void *host);

/* MMIO callbacks. size is 1, 2, 4 or 8; addr is the offset into the
 * region. A read stores the value (zero-extended) in *value. Returning
 * nonzero makes the access fail as if unmapped. */
typedef int (*arm64emu_mmio_read_fn)(void *user, uint64_t offset,
                                     unsigned size, uint64_t *value);
typedef int (*arm64emu_mmio_write_fn)(void *user, uint64_t offset,
                                      unsigned size, uint64_t value);

/* Maps an MMIO region served by callbacks. Either callback may be NULL
 * (reads then return 0, writes are ignored). */
ARM64EMU_API int arm64emu_map_mmio(arm64emu_machine *m, uint64_t base,
                                   uint64_t size, arm64emu_mmio_read_fn read,
                                   arm64emu_mmio_write_fn write, void *user);

/* Removes the region that starts exactly at base and has exactly size.
 * Decoded code from the region is dropped; library-owned RAM is freed. */
ARM64EMU_API int arm64emu_unmap(arm64emu_machine *m, uint64_t base,
                                uint64_t size);

/* Copies guest-physical memory. The range may span regions but every byte
 * must be RAM (MMIO is not touched by these calls). Writes mark pages dirty
 * and invalidate cached code on them. */
ARM64EMU_API int arm64emu_mem_read(arm64emu_machine *m, uint64_t addr,
                                   void *buf, size_t len);
ARM64EMU_API int arm64emu_mem_write(arm64emu_machine *m, uint64_t addr,
                                    const void *buf, size_t len);

/* Drops cached decoded code overlapping [addr, addr+len). */
ARM64EMU_API int arm64emu_invalidate_code(arm64emu_machine *m, uint64_t addr,
                                          uint64_t len);

/* Dirty pages of the RAM region containing [base, base+size): bit i of
 * bits[] (64 per word, least significant first) is page base/4096 + i.
 * nwords must hold size/4096 bits. Pages are marked dirty by guest stores
 * and arm64emu_mem_write. */
ARM64EMU_API int arm64emu_dirty_get(arm64emu_machine *m, uint64_t base,
                                    uint64_t size, uint64_t *bits,
                                    size_t nwords);
/* Clears the dirty bits of [base, base+size). */
ARM64EMU_API int arm64emu_dirty_clear(arm64emu_machine *m, uint64_t base,
                                      uint64_t size);

/* ------------------------------------------------------------------------ */
/* Registers                                                                 */
/* ------------------------------------------------------------------------ */

/* Core registers, read and written as 64-bit values. */
typedef enum arm64emu_reg {
    ARM64EMU_REG_X0 = 0, /* X0..X30 are ARM64EMU_REG_X0 + n */
    ARM64EMU_REG_X30 = 30,
    ARM64EMU_REG_LR = 30,
    ARM64EMU_REG_SP = 31,     /* the current stack pointer */
    ARM64EMU_REG_PC = 32,
    ARM64EMU_REG_NZCV = 33,   /* flags in bits 31:28, as MRS NZCV reads */
    /* SPSR-format view of PSTATE: NZCV (31:28), PAN (22), UAO (23), SS
     * (21), IL (20), SSBS (12), DAIF (9:6), M[3:0] = EL << 2 | SPSel.
     * Writing it changes EL and stack pointer selection (the current SP
     * is banked); M[4] (AArch32) or an EL the machine lacks is
     * ARM64EMU_ERR_INVALID_ARGUMENT. A new machine is at EL0t, all 0. */
    ARM64EMU_REG_PSTATE = 34,
    ARM64EMU_REG_FPCR = 35,
    ARM64EMU_REG_FPSR = 36,
    /* The banked stack pointers, wherever PSTATE.EL/SP put the current
     * one. SP_EL2/SP_EL3 exist only with that EL. */
    ARM64EMU_REG_SP_EL0 = 37,
    ARM64EMU_REG_SP_EL1 = 38,
    ARM64EMU_REG_SP_EL2 = 39,
    ARM64EMU_REG_SP_EL3 = 40
} arm64emu_reg;

/* System register key from its architectural encoding, the same key the
 * snapshot format uses. E.g. TPIDR_EL0 = ARM64EMU_SYSREG(3, 3, 13, 0, 2). */
#define ARM64EMU_SYSREG(op0, op1, crn, crm, op2)                              \
    ((uint32_t)(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | \
                (op2)))

ARM64EMU_API int arm64emu_reg_read(arm64emu_machine *m, unsigned cpu,
                                   arm64emu_reg reg, uint64_t *value);
ARM64EMU_API int arm64emu_reg_write(arm64emu_machine *m, unsigned cpu,
                                    arm64emu_reg reg, uint64_t value);

/* V0..V31 as 16 bytes, little-endian (byte 0 is the least significant). */
ARM64EMU_API int arm64emu_vreg_read(arm64emu_machine *m, unsigned cpu,
                                    unsigned n, void *bytes16);
ARM64EMU_API int arm64emu_vreg_write(arm64emu_machine *m, unsigned cpu,
                                     unsigned n, const void *bytes16);

/* System registers by ARM64EMU_SYSREG encoding. Writes store the value raw
 * (no guest-write masks or side effects); read-only ID registers reject
 * writes with ARM64EMU_ERR_INVALID_ARGUMENT. */
ARM64EMU_API int arm64emu_sysreg_read(arm64emu_machine *m, unsigned cpu,
                                      uint32_t encoding, uint64_t *value);
ARM64EMU_API int arm64emu_sysreg_write(arm64emu_machine *m, unsigned cpu,
                                       uint32_t encoding, uint64_t value);

/* ------------------------------------------------------------------------ */
/* Running                                                                   */
/* ------------------------------------------------------------------------ */

/* Why arm64emu_run returned. */
typedef enum arm64emu_exit_reason {
    ARM64EMU_EXIT_BUDGET = 0,    /* the instruction budget is spent */
    ARM64EMU_EXIT_BRK = 1,       /* BRK #imm; not retired, PC stays on it */
    ARM64EMU_EXIT_SVC = 2,       /* SVC #imm (EXIT_ON_SVC); retired, PC is
                                    the next instruction */
    ARM64EMU_EXIT_HLT = 3,       /* HLT #imm; not retired, PC stays on it */
    ARM64EMU_EXIT_WFI = 4,       /* WFI with nothing to wake it; retired */
    ARM64EMU_EXIT_UNDEFINED = 5, /* undefined/unimplemented instruction */
    ARM64EMU_EXIT_UNMAPPED = 6,  /* access to unmapped memory */
    ARM64EMU_EXIT_STOP = 7,      /* arm64emu_request_stop */
    ARM64EMU_EXIT_ALIGNMENT = 8, /* alignment fault (exclusives, atomics,
                                    misaligned PC/SP) */
    ARM64EMU_EXIT_HVC = 9,       /* HVC #imm; retired, PC is the next one */
    ARM64EMU_EXIT_SMC = 10,      /* SMC #imm; retired, PC is the next one */
    ARM64EMU_EXIT_EXCEPTION = 11, /* another exception with no handler;
                                     syndrome holds ESR-style details */
    ARM64EMU_EXIT_SEMIHOST_EXIT = 12, /* semihosting SYS_EXIT or
                                     SYS_EXIT_EXTENDED; retired, PC is after
                                     the HLT. imm is the exit status (the
                                     subcode for ADP_Stopped_ApplicationExit,
                                     else 1); addr is the reason code */
    ARM64EMU_EXIT_POWEROFF = 13, /* PSCI SYSTEM_OFF (a board); retired, pc
                                    is the HVC/SMC, cpu the caller */
    ARM64EMU_EXIT_RESET = 14,    /* PSCI SYSTEM_RESET (a board); as above.
                                    The machine is left as it was: the
                                    caller resets it or destroys it */
    ARM64EMU_EXIT_HOOK = 15,     /* a hook asked to stop: imm is the code it
                                    returned; pc the instruction concerned
                                    (not retired for code and memory hooks:
                                    running again executes it, without
                                    calling that code hook again) */
    ARM64EMU_EXIT_BREAKPOINT = 16, /* a debugger breakpoint (arm64emu_debug_*);
                                    not retired, pc is it */
    ARM64EMU_EXIT_WATCHPOINT = 17, /* a debugger watchpoint: addr, access and
                                    access_size say which access; the
                                    instruction at pc is retired */
    ARM64EMU_EXIT_STEP = 18      /* arm64emu_debug_step: one instruction ran */
} arm64emu_exit_reason;

/* Access kinds for ARM64EMU_EXIT_UNMAPPED / _ALIGNMENT. */
typedef enum arm64emu_access {
    ARM64EMU_ACCESS_READ = 0,
    ARM64EMU_ACCESS_WRITE = 1,
    ARM64EMU_ACCESS_FETCH = 2
} arm64emu_access;

typedef struct arm64emu_exit {
    uint32_t struct_size; /* set to sizeof(arm64emu_exit) before the call */
    uint32_t reason;      /* arm64emu_exit_reason */
    uint32_t cpu;         /* which CPU stopped */
    uint32_t insn;        /* instruction word (BRK/SVC/HLT/HVC/SMC/UNDEFINED) */
    uint64_t pc;          /* address of the instruction concerned (the
                             SVC itself, not the PC register after it) */
    uint64_t imm;         /* imm16 of BRK/SVC/HLT/HVC/SMC */
    uint64_t addr;        /* faulting address (UNMAPPED/ALIGNMENT) */
    uint32_t access_size; /* bytes of the faulting access */
    uint32_t access;      /* arm64emu_access */
    uint64_t syndrome;    /* ESR_ELx-style syndrome where one applies */
} arm64emu_exit;

/* Runs the machine for at most budget instructions (0 = no limit) and
 * reports why it stopped in *exit. Returns ARM64EMU_OK whenever the guest
 * ran, whatever the exit reason; guest faults are exit reasons, never
 * errors. Only retired instructions count; a faulting instruction is not
 * retired. The bare machine runs CPU 0 only. A board runs every powered-on
 * CPU (CPU 0 at first, the others once PSCI CPU_ON starts them) in turns
 * of a fixed number of instructions, on the calling thread; a CPU in WFI
 * sleeps until an interrupt is pending for it; when all sleep, virtual
 * time jumps to the next timer deadline, and with none the run ends with
 * ARM64EMU_EXIT_WFI (the caller can inject input, e.g. UART bytes, and
 * run again). The budget counts the instructions of all CPUs. */
ARM64EMU_API int arm64emu_run(arm64emu_machine *m, uint64_t budget,
                              arm64emu_exit *exit);

/* Semihosting console. stream is 1 (guest stdout) or 2 (guest stderr);
 * write returns how many bytes it took (fewer tells the guest that the rest
 * was not written). read fills at most len bytes and returns how many, 0 at
 * end of input; it may block. */
typedef size_t (*arm64emu_console_write_fn)(void *user, unsigned stream,
                                            const void *buf, size_t len);
typedef size_t (*arm64emu_console_read_fn)(void *user, void *buf,
                                           size_t len);

/* Sets where semihosting console traffic goes (see
 * ARM64EMU_CFG_SEMIHOSTING). A NULL write discards output (reported as
 * written); a NULL read gives end of input. Until this is called, a machine
 * with semihosting on uses the host's stdin, stdout and stderr: turning
 * semihosting on is the caller's consent to that; nothing is written to
 * the host's streams with semihosting off. */
ARM64EMU_API int arm64emu_set_console(arm64emu_machine *m,
                                      arm64emu_console_write_fn write,
                                      arm64emu_console_read_fn read,
                                      void *user);

/* Makes a running (or the next) arm64emu_run return ARM64EMU_EXIT_STOP at
 * the next block boundary. Safe from any thread and from callbacks. */
ARM64EMU_API void arm64emu_request_stop(arm64emu_machine *m);

/* Interrupt inputs of a CPU, as bits (also the values of line). */
typedef enum arm64emu_line {
    ARM64EMU_LINE_IRQ = 1u << 0,
    ARM64EMU_LINE_FIQ = 1u << 1,
    ARM64EMU_LINE_SERROR = 1u << 2, /* asynchronous external abort */
    ARM64EMU_LINE_VIRQ = 1u << 3,   /* virtual IRQ (as HCR_EL2.VI) */
    ARM64EMU_LINE_VFIQ = 1u << 4,   /* virtual FIQ (as HCR_EL2.VF) */
    ARM64EMU_LINE_ALL = 0x1f
} arm64emu_line;

/* Sets (level != 0) or clears one interrupt line of CPU cpu. Lines are
 * levels: the interrupt stays pending until the caller clears it. A
 * pending line is taken at the next block boundary when unmasked
 * (PSTATE.DAIF) and routed (SCR_EL3.IRQ/FIQ/EA, HCR_EL2.IMO/FMO/AMO/TGE)
 * to an EL the CPU may take it at; the virtual lines reach EL1/EL0 only
 * when HCR_EL2.IMO/FMO route the physical ones to EL2. A pending line,
 * masked or not, also makes WFI continue instead of ending the run with
 * ARM64EMU_EXIT_WFI. line is one ARM64EMU_LINE_* value. */
ARM64EMU_API int arm64emu_set_irq_line(arm64emu_machine *m, unsigned cpu,
                                       unsigned line, int level);

/* Exact number of instructions CPU cpu has retired since creation. */
ARM64EMU_API int arm64emu_instructions(arm64emu_machine *m, unsigned cpu,
                                       uint64_t *count);

/* ------------------------------------------------------------------------ */
/* CPU features                                                              */
/* ------------------------------------------------------------------------ */

/* Features are named as the Arm ARM names them ("FEAT_LSE", "FEAT_PAN",
 * "FEAT_CRC32", ...) and derived from the model's ID register fields.
 * The list functions store up to capacity names (static strings) in
 * names[] and the total in *count; call with capacity 0 to size the
 * array. */

/* The features of the CPU model called model ("max", "cortex-a72", ...).
 * ARM64EMU_ERR_UNKNOWN_MODEL for an unknown name. */
ARM64EMU_API int arm64emu_model_features(const char *model,
                                         const char **names, size_t capacity,
                                         size_t *count);

/* The features of the machine's CPUs (its model with the configuration's
 * feature changes and EL2/EL3 choice applied). */
ARM64EMU_API int arm64emu_machine_features(arm64emu_machine *m,
                                           const char **names,
                                           size_t capacity, size_t *count);

/* Builds a custom model: the machine created from cfg gets the model set
 * with ARM64EMU_CFG_CPU_MODEL plus (enable != 0) or minus (enable == 0)
 * the named feature, by rewriting its ID register field. Calls apply in
 * order at arm64emu_create. Only features this version implements (those
 * of "max") can be added: others are ARM64EMU_ERR_UNSUPPORTED; unknown
 * names ARM64EMU_ERR_INVALID_ARGUMENT. Removing a feature lowers its field
 * below it, so higher levels of the same field go too (removing FEAT_PAN
 * removes FEAT_PAN2). */
ARM64EMU_API int arm64emu_config_set_feature(arm64emu_config *cfg,
                                             const char *feature, int enable);

/* ------------------------------------------------------------------------ */
/* The virt board (ARM64EMU_CFG_BOARD "virt"; docs/board.md)                 */
/* ------------------------------------------------------------------------ */

/* The functions below return ARM64EMU_ERR_UNSUPPORTED on a machine without
 * a board. Images given as buffers are copied; files are read at once. A
 * later call of the same loader replaces the earlier image. Nothing is
 * placed in guest memory until arm64emu_board_boot. */

/* The kernel: a Linux arm64 Image (its header's text_offset and size are
 * honoured, loaded at a 2 MiB aligned base; x0 = the DTB), the same
 * compressed with gzip, an ELF64 AArch64 executable (its PT_LOAD segments
 * at their physical addresses, entry from the header), or else a flat
 * binary loaded at RAM + 0x80000 and entered at its start. A malformed
 * Image or ELF is ARM64EMU_ERR_INVALID_ARGUMENT, naming the problem. */
ARM64EMU_API int arm64emu_board_load_kernel(arm64emu_machine *m,
                                            const void *image, size_t len);
ARM64EMU_API int arm64emu_board_load_kernel_file(arm64emu_machine *m,
                                                 const char *path);
/* An initial ramdisk, placed after the kernel (2 MiB aligned) and named
 * in /chosen (linux,initrd-start/end). */
ARM64EMU_API int arm64emu_board_load_initrd(arm64emu_machine *m,
                                            const void *data, size_t len);
ARM64EMU_API int arm64emu_board_load_initrd_file(arm64emu_machine *m,
                                                 const char *path);
/* A device tree blob to pass instead of the one the board writes. It must
 * be a valid DTB; the board only updates /chosen (bootargs, initrd). */
ARM64EMU_API int arm64emu_board_load_dtb(arm64emu_machine *m, const void *dtb,
                                         size_t len);
ARM64EMU_API int arm64emu_board_load_dtb_file(arm64emu_machine *m,
                                              const char *path);
/* Firmware (QEMU's -bios): loaded in the flash at 0 and entered there, with
 * the DTB at the start of RAM. Used instead of a kernel (both together are
 * refused at arm64emu_board_boot). */
ARM64EMU_API int arm64emu_board_load_bios(arm64emu_machine *m,
                                          const void *image, size_t len);
ARM64EMU_API int arm64emu_board_load_bios_file(arm64emu_machine *m,
                                               const char *path);
/* The images the board holds (arm64emu_board_image_get). */
typedef enum arm64emu_board_image {
    ARM64EMU_BOARD_IMAGE_KERNEL = 0,
    ARM64EMU_BOARD_IMAGE_INITRD = 1,
    ARM64EMU_BOARD_IMAGE_BIOS = 2
} arm64emu_board_image;

/* The bytes of a loaded image as the board places them (a gzip'd kernel
 * decompressed) and where arm64emu_board_boot put them in one piece
 * (*guest_addr; ARM64EMU_RAM_SOURCE_UNPLACED before the boot, and for an
 * ELF kernel, which goes by segments). The bytes stay the board's: valid
 * until that image is loaded again (which also drops a RAM source made of
 * them) or the machine is destroyed. Made for RAM sources: after the boot,
 * arm64emu_ram_source_add(m, "kernel", data, len, guest_addr) makes
 * snapshots refer to the kernel instead of storing it. INVALID_ARGUMENT:
 * no such image was loaded; UNSUPPORTED: the machine has no board. */
ARM64EMU_API int arm64emu_board_image_get(arm64emu_machine *m,
                                          arm64emu_board_image which,
                                          const void **data, size_t *len,
                                          uint64_t *guest_addr);
/* The kernel command line (/chosen/bootargs). */
ARM64EMU_API int arm64emu_board_set_bootargs(arm64emu_machine *m,
                                             const char *bootargs);
/* Places the images and the device tree in guest memory and sets up the
 * boot CPU (pc, x0 = DTB address, PSTATE at ARM64EMU_CFG_BOOT_EL with
 * DAIF masked and the MMU off) as a boot loader would. Errors name what
 * does not fit. */
ARM64EMU_API int arm64emu_board_boot(arm64emu_machine *m);
/* The device tree the board passes (after arm64emu_board_boot, or built
 * now if it has not run): copies up to capacity bytes to buf and stores
 * the full size in *size (capacity 0 to ask for the size). */
ARM64EMU_API int arm64emu_board_get_dtb(arm64emu_machine *m, void *buf,
                                        size_t capacity, size_t *size);

/* The PL011 UART. The TX callback receives each byte the guest transmits
 * (NULL: discarded). */
typedef void (*arm64emu_uart_tx_fn)(void *user, uint8_t byte);
ARM64EMU_API int arm64emu_uart_set_tx(arm64emu_machine *m,
                                      arm64emu_uart_tx_fn tx, void *user);
/* Offers bytes to the UART's receive FIFO (which raises its interrupts as
 * the guest configured them). Stores in *accepted how many fitted (the
 * FIFO holds 16 bytes, 1 while the guest has the FIFO disabled); offer the
 * rest later, e.g. after the next arm64emu_run. */
ARM64EMU_API int arm64emu_uart_rx(arm64emu_machine *m, const void *bytes,
                                  size_t len, size_t *accepted);

/* Virtual time: the system counter value (ticks at CNTFRQ_EL0 = 62.5 MHz)
 * and the machine-wide instruction count it derives from. */
ARM64EMU_API int arm64emu_virtual_time(arm64emu_machine *m, uint64_t *ticks,
                                       uint64_t *insns);


/* ------------------------------------------------------------------------ */
/* Snapshots                                                                 */
/* ------------------------------------------------------------------------ */

/* A snapshot is the whole machine state in the tagged record format of
 * docs/snapshot-format.md: CPUs (registers, system registers by their
 * architectural encoding, the CPU model as ID register values), devices,
 * the virtual clock, RAM and the board configuration. Every later library
 * version loads it, and the guest continues exactly as it would have.
 *
 * Saving and loading are allowed between arm64emu_run calls only (BUSY
 * otherwise). Loading is all or nothing: a snapshot that is refused leaves
 * the machine unchanged, and arm64emu_last_error names the record, field
 * and file offset at fault. Host-side settings are not part of a snapshot
 * and survive a load: callbacks (UART TX, console, MMIO), the semihosting
 * root, caller-owned host memory (its contents are saved and restored). */

/* Flags of arm64emu_snapshot_options.flags. */
typedef enum arm64emu_snapshot_flag {
    /* Leave RAM out (device and CPU state only). Loading such a snapshot
     * keeps the machine's RAM as it is. */
    ARM64EMU_SNAPSHOT_NO_RAM = 1u << 0,
    /* Store every RAM page, referring to no RAM source (below): the file
     * then loads without them. */
    ARM64EMU_SNAPSHOT_SELF_CONTAINED = 1u << 1
} arm64emu_snapshot_flag;

typedef struct arm64emu_snapshot_options {
    uint32_t struct_size;   /* sizeof(arm64emu_snapshot_options) */
    int32_t compression;    /* zstd level 1..19 for RAM; 0: the default (3) */
    uint32_t flags;         /* arm64emu_snapshot_flag bits */
} arm64emu_snapshot_options;

/* Receives the snapshot bytes in order; returns 0 on success, nonzero to
 * abort the save (ARM64EMU_ERR_IO). */
typedef int (*arm64emu_snapshot_write_fn)(void *user, const void *data,
                                          size_t len);
/* Fills up to len bytes; returns how many (0 at the end), or a negative
 * value on error (ARM64EMU_ERR_IO). */
typedef long (*arm64emu_snapshot_read_fn)(void *user, void *data, size_t len);

/* Saves the machine to a buffer the library allocates; free it with
 * arm64emu_free. opt may be NULL (defaults). */
ARM64EMU_API int arm64emu_snapshot_save(arm64emu_machine *m,
                                        const arm64emu_snapshot_options *opt,
                                        void **data, size_t *len);
/* Saves to an open file descriptor (written from its current position). */
ARM64EMU_API int arm64emu_snapshot_save_fd(arm64emu_machine *m,
                                           const arm64emu_snapshot_options *opt,
                                           int fd);
/* Saves through a write callback. */
ARM64EMU_API int arm64emu_snapshot_save_cb(arm64emu_machine *m,
                                           const arm64emu_snapshot_options *opt,
                                           arm64emu_snapshot_write_fn write,
                                           void *user);

/* Frees memory the library handed out (arm64emu_snapshot_save). */
ARM64EMU_API void arm64emu_free(void *p);

/* Loads a snapshot into an existing machine whose board and configuration
 * match the snapshot's (same board, CPU count, RAM layout; CPU model ID
 * registers as docs/snapshot-format.md's mismatch table allows), else
 * ARM64EMU_ERR_INCOMPATIBLE naming the difference. */
ARM64EMU_API int arm64emu_snapshot_load(arm64emu_machine *m, const void *data,
                                        size_t len);
ARM64EMU_API int arm64emu_snapshot_load_fd(arm64emu_machine *m, int fd);
ARM64EMU_API int arm64emu_snapshot_load_cb(arm64emu_machine *m,
                                           arm64emu_snapshot_read_fn read,
                                           void *user);

/* Creates a new machine from a snapshot alone: the board configuration
 * and the CPU model come from the snapshot (its ID register values, not
 * this build's model of that name). cfg may be NULL; when given, only its
 * host-side settings are used (SEMIHOSTING_ROOT, RAM sources). On failure *out is NULL
 * and err (if not NULL) receives a NUL-terminated message. */
ARM64EMU_API int arm64emu_create_from_snapshot(const arm64emu_config *cfg,
                                               const void *data, size_t len,
                                               arm64emu_machine **out,
                                               char *err, size_t err_len);
ARM64EMU_API int arm64emu_create_from_snapshot_fd(const arm64emu_config *cfg,
                                                  int fd,
                                                  arm64emu_machine **out,
                                                  char *err, size_t err_len);

/* RAM sources: bytes the host loaded into guest RAM (a kernel image, an
 * initrd) that snapshots may refer to instead of storing them. A snapshot
 * leaves out every page of a placed source's range that still equals the
 * source, and records the source's name, size, place and SHA-256 instead:
 * a snapshot taken while Linux boots shrinks from the kernel's size to the
 * pages the kernel wrote. Loading such a snapshot needs the same bytes
 * registered with the target (found by size and SHA-256, whatever their
 * name or place), else ARM64EMU_ERR_INCOMPATIBLE naming the source; the
 * load places the source where the snapshot had it.
 *
 * The library keeps data's address and hashes the bytes once, here: they
 * must stay valid and unchanged while the machine (or any machine created
 * from cfg) lives. A source is placed when guest_addr is page-aligned and
 * [guest_addr, guest_addr + size) lies in one RAM region; saves ignore
 * sources that are not. Give ARM64EMU_RAM_SOURCE_UNPLACED for bytes that
 * only a load will place (restoring a snapshot that names them). A load
 * leaves the sources the file does not name unplaced, so that saving
 * right after a load gives the file's bytes (the names being the same). name (1..63 bytes) is for messages and `arm64emu-snap info`.
 * Registering bytes already registered (same SHA-256) replaces that entry.
 * INVALID_ARGUMENT: NULL data or name, size 0, an unaligned guest_addr, a
 * bad name, or ARM64EMU_MAX_RAM_SOURCES sources already. Not while the
 * machine runs (BUSY). Sources are host-side settings: not part of a
 * snapshot, kept across loads and checkpoint restores. */
#define ARM64EMU_MAX_RAM_SOURCES 16
#define ARM64EMU_RAM_SOURCE_UNPLACED UINT64_MAX
ARM64EMU_API int arm64emu_ram_source_add(arm64emu_machine *m, const char *name,
                                         const void *data, uint64_t size,
                                         uint64_t guest_addr);
/* The same for a configuration: machines created from it (including
 * arm64emu_create_from_snapshot) start with these sources. */
ARM64EMU_API int arm64emu_config_add_ram_source(arm64emu_config *cfg,
                                                const char *name,
                                                const void *data,
                                                uint64_t size,
                                                uint64_t guest_addr);

/* What the last successful load skipped (unknown optional items) and
 * defaulted (missing items), one line each ("skipped cpu0.sysregs/foo at
 * offset 1234 (optional field)"), or "" when nothing was. Never NULL;
 * valid until the next load. */
ARM64EMU_API const char *arm64emu_snapshot_report(const arm64emu_machine *m);

/* Fast in-memory checkpoint for fuzzers: arm64emu_checkpoint records the
 * whole machine state (RAM included) and starts tracking written pages;
 * arm64emu_checkpoint_restore puts the machine back into that state by
 * copying back only the RAM pages written since, plus the CPU and device
 * state. One checkpoint per machine (a new one replaces it). Both use the
 * dirty page bitmaps: arm64emu_dirty_get reports pages written since the
 * last checkpoint or restore. Restoring without a checkpoint is
 * ARM64EMU_ERR_INVALID_ARGUMENT. */
ARM64EMU_API int arm64emu_checkpoint(arm64emu_machine *m);
ARM64EMU_API int arm64emu_checkpoint_restore(arm64emu_machine *m);


/* ------------------------------------------------------------------------ */
/* Guest-virtual memory                                                      */
/* ------------------------------------------------------------------------ */

/* Reads or writes len bytes at virtual address va as CPU cpu sees it now
 * (its current translation regime and EL; permission checks as for a
 * privileged access of that EL, none for the read of a debugger). Fails
 * with ARM64EMU_ERR_UNMAPPED naming the first address that does not
 * translate or is not RAM; nothing is written then. Writes mark pages
 * dirty and drop decoded code as guest stores do. */
ARM64EMU_API int arm64emu_vmem_read(arm64emu_machine *m, unsigned cpu,
                                    uint64_t va, void *buf, size_t len);
ARM64EMU_API int arm64emu_vmem_write(arm64emu_machine *m, unsigned cpu,
                                     uint64_t va, const void *buf, size_t len);

/* ------------------------------------------------------------------------ */
/* Hooks                                                                     */
/* ------------------------------------------------------------------------ */

/* Callbacks the run loop makes. Each registration function takes one kind
 * of hook (no varargs, no unions: every signature can be described to
 * libffi or a binding generator) and returns an id for arm64emu_hook_del.
 * Adding or removing a hook takes effect at the next instruction, for
 * code already decoded too. With no hook installed the run loop pays
 * nothing for them. A hook may call any API function on its machine
 * except arm64emu_run, arm64emu_destroy and snapshot loads (BUSY).
 *
 * A hook returns an arm64emu_hook_result, or a positive number to stop
 * the run: arm64emu_run then returns with ARM64EMU_EXIT_HOOK and that
 * number in exit.imm. */
typedef enum arm64emu_hook_result {
    ARM64EMU_HOOK_CONTINUE = 0, /* go on as if there were no hook */
    ARM64EMU_HOOK_RETRY = -1,   /* unmapped hook: it mapped the memory;
                                   retry the access */
    ARM64EMU_HOOK_SUPPRESS = -2 /* exception/interrupt hook: do not take
                                   it; go on at the PC the hook set (the
                                   faulting instruction counts as not
                                   retired) */
} arm64emu_hook_result;

/* Before the instruction at pc executes (insn is its word). */
typedef int (*arm64emu_code_hook_fn)(arm64emu_machine *m, unsigned cpu,
                                     uint64_t pc, uint32_t insn, void *user);
/* When a translated block is entered at pc (ninsns instructions). */
typedef int (*arm64emu_block_hook_fn)(arm64emu_machine *m, unsigned cpu,
                                      uint64_t pc, uint32_t ninsns,
                                      void *user);
/* A data access by the guest at virtual address va (physical pa), size
 * 1..16 bytes, access an arm64emu_access (READ or WRITE; FETCH is not
 * reported). For reads called after the access with the value read; for
 * writes before it with the value to write. Values of 16-byte accesses:
 * the low 8 bytes. */
typedef int (*arm64emu_mem_hook_fn)(arm64emu_machine *m, unsigned cpu,
                                    uint32_t access, uint64_t va, uint64_t pa,
                                    uint32_t size, uint64_t value, void *user);
/* An access (READ, WRITE or FETCH) to an address with no memory behind
 * it, before it becomes an exit or a guest abort. Return
 * ARM64EMU_HOOK_RETRY after mapping memory (arm64emu_map_*) to retry. */
typedef int (*arm64emu_unmapped_hook_fn)(arm64emu_machine *m, unsigned cpu,
                                         uint32_t access, uint64_t addr,
                                         uint32_t size, void *user);
/* A synchronous exception about to be taken to target_el (1..3) with
 * syndrome esr (the EC is esr >> 26) and, where it applies, far; the PC
 * is still the faulting/trapping instruction's or the next one's as the
 * architecture says. Return ARM64EMU_HOOK_SUPPRESS after setting the PC
 * (and any registers) to redirect instead. */
typedef int (*arm64emu_exception_hook_fn)(arm64emu_machine *m, unsigned cpu,
                                          uint64_t esr, uint64_t far,
                                          uint32_t target_el, void *user);
/* Kinds of asynchronous exception for interrupt hooks. */
typedef enum arm64emu_interrupt_kind {
    ARM64EMU_INTR_IRQ = 0,
    ARM64EMU_INTR_FIQ = 1,
    ARM64EMU_INTR_SERROR = 2,
    ARM64EMU_INTR_VIRQ = 3,
    ARM64EMU_INTR_VFIQ = 4,
    ARM64EMU_INTR_VSERROR = 5
} arm64emu_interrupt_kind;
/* An interrupt about to be taken to target_el. SUPPRESS leaves it
 * pending and goes on (as if masked, for this boundary). */
typedef int (*arm64emu_interrupt_hook_fn)(arm64emu_machine *m, unsigned cpu,
                                          uint32_t kind, uint32_t target_el,
                                          void *user);
/* An MRS (is_write 0) or MSR/SYS (is_write 1) of the register with
 * encoding key that the access rules allow. *value: for reads the value
 * read (the hook may change what the guest gets), for writes the value to
 * be written (the hook may change it). */
typedef int (*arm64emu_sysreg_hook_fn)(arm64emu_machine *m, unsigned cpu,
                                       uint32_t key, uint32_t is_write,
                                       uint64_t *value, void *user);

/* Address ranges are [begin, end) virtual addresses; begin 0 and end
 * UINT64_MAX cover everything. access_mask for memory hooks: bit
 * ARM64EMU_ACCESS_READ and/or bit ARM64EMU_ACCESS_WRITE. key for sysreg
 * hooks: an ARM64EMU_SYSREG() encoding, or ARM64EMU_SYSREG_ANY. */
#define ARM64EMU_SYSREG_ANY 0xffffffffu
ARM64EMU_API int arm64emu_hook_code(arm64emu_machine *m, uint64_t begin,
                                    uint64_t end, arm64emu_code_hook_fn fn,
                                    void *user, uint32_t *id);
ARM64EMU_API int arm64emu_hook_block(arm64emu_machine *m, uint64_t begin,
                                     uint64_t end, arm64emu_block_hook_fn fn,
                                     void *user, uint32_t *id);
ARM64EMU_API int arm64emu_hook_mem(arm64emu_machine *m, uint32_t access_mask,
                                   uint64_t begin, uint64_t end,
                                   arm64emu_mem_hook_fn fn, void *user,
                                   uint32_t *id);
ARM64EMU_API int arm64emu_hook_unmapped(arm64emu_machine *m,
                                        arm64emu_unmapped_hook_fn fn,
                                        void *user, uint32_t *id);
ARM64EMU_API int arm64emu_hook_exception(arm64emu_machine *m,
                                         arm64emu_exception_hook_fn fn,
                                         void *user, uint32_t *id);
ARM64EMU_API int arm64emu_hook_interrupt(arm64emu_machine *m,
                                         arm64emu_interrupt_hook_fn fn,
                                         void *user, uint32_t *id);
ARM64EMU_API int arm64emu_hook_sysreg(arm64emu_machine *m, uint32_t key,
                                      arm64emu_sysreg_hook_fn fn, void *user,
                                      uint32_t *id);
/* Removes a hook (from inside a hook too). Unknown ids are
 * ARM64EMU_ERR_INVALID_ARGUMENT. */
ARM64EMU_API int arm64emu_hook_del(arm64emu_machine *m, uint32_t id);

/* ------------------------------------------------------------------------ */
/* Coverage and comparison logging (fuzzers)                                 */
/* ------------------------------------------------------------------------ */

/* Attaches an AFL-style edge coverage map owned by the caller (size a
 * power of two, 64 bytes to 16 MiB): on every transition from block A to
 * block B the core increments map[(hash(A) >> 1) ^ hash(B)] (wrapping
 * 255 -> 0 -> 1 is AFL's "never zero" choice: it wraps to 1), with no
 * callback. hash is a fixed function of the block's virtual address,
 * documented in docs/api.md. NULL detaches. The map is not part of
 * snapshots or checkpoints; the previous-block state is reset by
 * arm64emu_checkpoint_restore. */
ARM64EMU_API int arm64emu_coverage_attach(arm64emu_machine *m, uint8_t *map,
                                          size_t size);

/* One logged comparison: the operands of CMP/CMN/SUBS/ADDS/CCMP/CCMN
 * (kind 0) and of host-call hooks that compare memory (kind 1, a and b
 * then hold the first 8 bytes of each side). This layout is fixed. */
typedef struct arm64emu_cmplog_entry {
    uint64_t pc;
    uint64_t a, b;
    uint32_t size; /* operand bytes: 4 or 8 (kind 1: bytes compared) */
    uint32_t kind;
} arm64emu_cmplog_entry;

/* Attaches a caller buffer of capacity entries that comparisons are
 * appended to; when full, later comparisons are dropped. NULL detaches.
 * arm64emu_cmplog_count gives how many entries are filled; _reset
 * empties it. */
ARM64EMU_API int arm64emu_cmplog_attach(arm64emu_machine *m,
                                        arm64emu_cmplog_entry *buf,
                                        size_t capacity);
ARM64EMU_API int arm64emu_cmplog_count(arm64emu_machine *m, size_t *count);
ARM64EMU_API int arm64emu_cmplog_reset(arm64emu_machine *m);
/* For host functions that compare memory (a memcmp or strcmp bound with
 * arm64emu_hostcall_bind): appends a kind 1 entry with CPU cpu's PC, the
 * first 8 bytes of a and of b (zero-padded, little-endian) and len. Does
 * nothing when no buffer is attached or it is full. */
ARM64EMU_API int arm64emu_cmplog_memory(arm64emu_machine *m, unsigned cpu,
                                        const void *a, const void *b,
                                        size_t len);

/* ------------------------------------------------------------------------ */
/* Host calls (libffi)                                                       */
/* ------------------------------------------------------------------------ */

/* Binds a guest entry point to a host C function. When CPU cpu reaches
 * the bound place, the library reads the arguments per AAPCS64 from
 * X0-X7 / V0-V7 as the signature describes, calls fn(m, args...) through
 * libffi, writes the result to X0 (integers, pointers) or V0 (float,
 * double), and returns to the guest's LR (for SVC/HVC bindings: goes on
 * after the instruction). Guest pointers arrive as uint64_t guest
 * addresses: translate them with arm64emu_hostcall_ptr or use
 * arm64emu_vmem_*; never dereference them.
 *
 * Signature: "RET(ARG,ARG,...)" with types v (void, return only), i8 i16
 * i32 i64 u8 u16 u32 u64, p (guest pointer: u64), f (float), d (double);
 * at most 8 integer/pointer and 8 float/double arguments. Example:
 * "i64(p,u32,d)". The host function's C prototype is
 * RET fn(arm64emu_machine *m, ARG...). Spaces are not allowed. */
typedef enum arm64emu_hostcall_kind {
    ARM64EMU_HOSTCALL_ADDR = 0, /* where = a guest virtual address */
    ARM64EMU_HOSTCALL_SVC = 1,  /* where = an SVC #imm16 */
    ARM64EMU_HOSTCALL_HVC = 2   /* where = an HVC #imm16 */
} arm64emu_hostcall_kind;
typedef void (*arm64emu_hostcall_fn)(void);
ARM64EMU_API int arm64emu_hostcall_bind(arm64emu_machine *m, uint32_t kind,
                                        uint64_t where, const char *signature,
                                        arm64emu_hostcall_fn fn, uint32_t *id);
ARM64EMU_API int arm64emu_hostcall_unbind(arm64emu_machine *m, uint32_t id);
/* Inside a host call: a host pointer to len bytes at guest virtual address
 * guest on the calling CPU, if they are contiguous RAM (and writable when
 * write is 1); else ARM64EMU_ERR_UNMAPPED. Valid until the call returns. */
ARM64EMU_API int arm64emu_hostcall_ptr(arm64emu_machine *m, uint64_t guest,
                                       size_t len, int write, void **host);

/* ------------------------------------------------------------------------ */
/* Debugging                                                                 */
/* ------------------------------------------------------------------------ */

/* Debugger breakpoints and watchpoints, outside the guest's view (they
 * use no guest debug registers). Breakpoints stop before the instruction
 * at va executes (ARM64EMU_EXIT_BREAKPOINT); watchpoints after an access
 * overlapping [va, va + len) of the kinds in access_mask
 * (ARM64EMU_EXIT_WATCHPOINT). Adding an existing one or removing a
 * missing one is ARM64EMU_ERR_INVALID_ARGUMENT. */
ARM64EMU_API int arm64emu_debug_break_add(arm64emu_machine *m, uint64_t va);
ARM64EMU_API int arm64emu_debug_break_del(arm64emu_machine *m, uint64_t va);
ARM64EMU_API int arm64emu_debug_watch_add(arm64emu_machine *m, uint64_t va,
                                          uint64_t len, uint32_t access_mask);
ARM64EMU_API int arm64emu_debug_watch_del(arm64emu_machine *m, uint64_t va,
                                          uint64_t len, uint32_t access_mask);
/* Runs exactly one instruction of CPU cpu (an exception taken counts as
 * the step) and returns ARM64EMU_EXIT_STEP, or an earlier exit. Other
 * CPUs do not run. */
ARM64EMU_API int arm64emu_debug_step(arm64emu_machine *m, unsigned cpu,
                                     arm64emu_exit *exit);

/* A GDB remote-protocol server. arm64emu_gdb_listen binds 127.0.0.1:port
 * (only the loopback interface; port 0 picks a free port) and stores the
 * port in *bound_port. arm64emu_gdb_serve then waits for one debugger to
 * connect, before the first instruction (as qemu -s -S), and runs the
 * machine under its control: registers (core, FP/SIMD and system
 * registers, described in target.xml), memory through the current
 * translation, software and hardware breakpoints, watchpoints, step,
 * continue, Ctrl-C, CPUs as threads. It returns when the debugger
 * detaches or kills the target, or the guest exits in a way the debugger
 * cannot continue from (*exit says how), and closes the socket. */
ARM64EMU_API int arm64emu_gdb_listen(arm64emu_machine *m, uint16_t port,
                                     uint16_t *bound_port);
ARM64EMU_API int arm64emu_gdb_serve(arm64emu_machine *m, arm64emu_exit *exit);

#ifdef __cplusplus
}
#endif

#endif /* ARM64EMU_H */
