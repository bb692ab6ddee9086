/* Hooks, coverage, comparison logging and debugger stops (hooks.c,
 * coverage.c): the internal interface other library modules build on.
 *
 * Everything is instrumented when a block is decoded: an op that needs a
 * callback (a code hook or breakpoint at its pc, a sysreg hook on its
 * register, a compare for cmplog, the first op of a block for coverage and
 * block hooks, every op while memory hooks or watchpoints exist, SVC/HVC
 * while an instruction callback is set) gets the handler hooks_op, and
 * its real handler is kept aside (block_cache_t.ext). Changing the set of
 * hooks drops every decoded block (and the soft TLBs when memory hooks or
 * watchpoints change); from inside a hook, the running block ends after
 * the current instruction so that the change applies from the next one.
 * With nothing installed, m->hooks is NULL or inactive and no block holds
 * a hooks_op: the run loop pays nothing.
 */
#ifndef ARM64EMU_HOOKS_H
#define ARM64EMU_HOOKS_H

#include <stdbool.h>
#include <stdint.h>

#include "block.h"
#include "machine.h"

/* ---- for other modules (host calls) ------------------------------------- */

/* Registers an internal code hook on exactly the instruction at va
 * (arm64emu_hook_code(m, va, va + 4, ...) semantics): fn runs before the
 * instruction, with the PC register reading va. If fn changes the PC
 * (arm64emu_reg_write of ARM64EMU_REG_PC), execution goes on at the new PC
 * and the instruction at va is NOT executed (nor counted as retired); the
 * other code hooks at va are not called then. A positive return stops the
 * run (ARM64EMU_EXIT_HOOK, the instruction at va not retired); it wins
 * over a PC change (the PC is put back on va). Internal hooks are
 * invisible to
 * arm64emu_hook_del (INVALID_ARGUMENT); remove them with hooks_del. */
int hooks_add_code_at(machine_t *m, uint64_t va, arm64emu_code_hook_fn fn,
                      void *user, uint32_t *id);

/* Removes any hook, internal or not. ARM64EMU_ERR_INVALID_ARGUMENT (with
 * the message set) for an unknown id. */
int hooks_del(machine_t *m, uint32_t id);

/* Returned by an instruction callback that answered the instruction. */
#define HOOKS_HANDLED (-100)

/* Instruction callback for SVC and HVC: kind is ARM64EMU_HOSTCALL_SVC or
 * ARM64EMU_HOSTCALL_HVC, imm16 the instruction's immediate. Called when the
 * instruction executes (at any EL, before the library decides between an
 * exit, an exception or UNDEFINED), with the PC register reading the
 * address after the instruction. Returns:
 *   ARM64EMU_HOOK_CONTINUE (0): not handled, the instruction goes on as
 *     without callback;
 *   HOOKS_HANDLED: handled; the instruction is retired and execution goes
 *     on at the PC register (the next instruction unless the callback
 *     wrote the PC);
 *   a positive number: stop the run with ARM64EMU_EXIT_HOOK, imm = that
 *     number, pc = the SVC/HVC, retired (the PC register is after it).
 * One callback per machine; fn NULL removes it. */
typedef int (*hooks_insn_fn)(machine_t *m, cpu_t *cpu, uint32_t kind,
                             uint32_t imm16, void *user);
int hooks_set_insn_callback(machine_t *m, hooks_insn_fn fn, void *user);

/* Appends an entry to the attached cmplog buffer (kind 1: a host-side
 * memory comparison); dropped when none is attached or it is full. */
void hooks_cmplog_add(machine_t *m, uint64_t pc, uint64_t a, uint64_t b,
                      uint32_t size, uint32_t kind);

/* ---- for the core (run loop, decoder, memory, exceptions) --------------- */

/* What an instrumented op does, kept beside the arena (block_cache_t.ext,
 * indexed like block_cache_t.ops). */
typedef struct op_ext {
    op_fn_t fn;       /* the real handler */
    uint32_t flags;   /* X_* (hooks.c) */
    uint32_t cov;     /* first op: coverage hash of the block's pc */
    uint32_t ninsns;  /* first op: the block's length */
    uint32_t key;     /* sysreg hooks: the register's encoding */
    uint32_t kind;    /* SVC/HVC callback: ARM64EMU_HOSTCALL_SVC/HVC */
    uint8_t c_form, c_n, c_m, c_sf, c_type, c_amount, c_cond; /* cmplog */
    uint64_t c_imm;
} op_ext_t;

/* Whether anything needs instrumenting. */
static inline bool hooks_active(const machine_t *m);

/* Instruments the n ops of block b just decoded by block_build (replaces
 * handlers by hooks_op where something must be called). */
void hooks_instrument_block(cpu_t *cpu, block_t *b);

/* Memory slow path (mem.c): whether the access must go through
 * hooks_mem_* (memory hooks, watchpoints). */
bool hooks_mem_watched(const machine_t *m);
/* Whether page va (TLB_PAGE_SIZE bytes) may hold no fast-path tag for
 * reads (want_write false) or writes. */
bool hooks_page_slow(const machine_t *m, uint64_t page_va, bool want_write);
/* Calls memory hooks and notes watchpoint hits for an access that is
 * about to happen (writes) or happened (reads). Returns false with a HOOK
 * exit set when a hook asked to stop. */
bool hooks_mem_access(cpu_t *cpu, bool write, uint64_t va, uint64_t pa,
                      unsigned size, uint64_t value);
/* An access to nothing (before it becomes an exit or abort). Returns
 * ARM64EMU_HOOK_RETRY to retry, 0 to fault as usual, or a positive stop
 * code. */
int hooks_unmapped(cpu_t *cpu, uint32_t access, uint64_t addr,
                   unsigned size);

/* exception.c: a synchronous exception about to be taken. Returns 0 to
 * take it, ARM64EMU_HOOK_SUPPRESS to skip it (the PC is the hook's), or a
 * positive stop code. */
int hooks_exception(cpu_t *cpu, uint64_t esr, uint64_t far,
                    unsigned target_el);
/* An interrupt (arm64emu_interrupt_kind) about to be taken. */
int hooks_interrupt(cpu_t *cpu, uint32_t kind, unsigned target_el);

/* The current instruction's skip state (a breakpoint or code hook stopped
 * at pc: running again executes it) is dropped when an exception is taken
 * or the PC moves. */
void hooks_cancel_resume(cpu_t *cpu);
/* arm64emu_run: drops the resume state if the PC moved since the stop. */
void hooks_run_begin(cpu_t *cpu);
/* arm64emu_debug_step: a breakpoint at the current PC does not stop the
 * step. */
void hooks_arm_step(cpu_t *cpu);
/* Whether an interrupt hook asked to stop (the exit is set); clears it. */
bool hooks_take_stop(cpu_t *cpu);
/* Around accesses that memory hooks and watchpoints must not see: the two
 * halves of a 16-byte access reported as one, a semihosting call's reads
 * and writes of guest memory (the host's, as QEMU's are). Nests. */
void hooks_mem_mute(cpu_t *cpu, bool on);

/* ---- state ---------------------------------------------------------------- */

struct hooks;
static inline bool hooks_active(const machine_t *m)
{
    return m->hooks_on;
}

void hooks_free(machine_t *m);

#endif
