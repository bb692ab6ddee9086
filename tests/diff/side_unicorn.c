/* The Unicorn 2 side: one engine, reused for every case.
 *
 * Unicorn runs the CPU at EL1 (Secure EL1h: its CPUs have EL2 and EL3,
 * SCR_EL3.NS = 0) with the MMU off. Facts this file relies on (Unicorn
 * 2.0.1, QEMU 5.0 target/arm):
 *  - An exception is reported through UC_HOOK_INTR with QEMU's EXCP_*
 *    number and is not taken; the hook stops the run. The PC is then the
 *    preferred return address QEMU computed: the instruction itself for
 *    UNDEFINED, BRK and data aborts, the next instruction for SVC and SMC.
 *  - Unmapped accesses stop the run with UC_ERR_*_UNMAPPED, PC at the
 *    instruction.
 *  - The exclusive monitor lives in the CPU state: it is reset by restoring
 *    a context saved right after setup.
 *  - Writing UC_ARM64_REG_PSTATE does not rebuild the cached translation
 *    flags: a PSTATE.EL written that way is not what the translator
 *    checks. So EL0 is entered by running an ERET (at DT_TRAMPOLINE),
 *    which does; other PSTATE fields written directly take effect.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicorn/unicorn.h>

#include "difftest.h"

/* QEMU 5.0 target/arm/cpu.h exception numbers. */
enum {
    EXCP_UDEF = 1,
    EXCP_SWI = 2,
    EXCP_PREFETCH_ABORT = 3,
    EXCP_DATA_ABORT = 4,
    EXCP_BKPT = 7,
    EXCP_HVC = 11,
    EXCP_SMC = 13,
};

struct dt_uc {
    uc_engine *uc;
    unsigned el;
    uc_context *ctx;
    uint8_t *ram;
    uc_hook h_intr, h_unmapped;
    int intno;            /* last exception, -1 if none */
    uint64_t unmapped_addr;
};

static void on_intr(uc_engine *uc, uint32_t intno, void *user)
{
    dt_uc_t *u = user;
    if (u->intno < 0)
        u->intno = (int)intno;
    uc_emu_stop(uc);
}

static bool on_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr,
                        int size, int64_t value, void *user)
{
    (void)uc;
    (void)type;
    (void)size;
    (void)value;
    dt_uc_t *u = user;
    u->unmapped_addr = addr;
    return false; /* stop with UC_ERR_*_UNMAPPED */
}

static int uc_model(const char *model)
{
    if (strcmp(model, "cortex-a72") == 0)
        return UC_CPU_ARM64_A72;
    if (strcmp(model, "cortex-a53") == 0)
        return UC_CPU_ARM64_A53;
    return UC_CPU_ARM64_MAX;
}

static uc_err write_sysreg(uc_engine *uc, unsigned op0, unsigned op1,
                           unsigned crn, unsigned crm, unsigned op2,
                           uint64_t v)
{
    uc_arm64_cp_reg r = {.crn = crn, .crm = crm, .op0 = op0, .op1 = op1,
                         .op2 = op2, .val = v};
    return uc_reg_write(uc, UC_ARM64_REG_CP_REG, &r);
}

static uc_err read_sysreg(uc_engine *uc, unsigned op0, unsigned op1,
                          unsigned crn, unsigned crm, unsigned op2,
                          uint64_t *v)
{
    uc_arm64_cp_reg r = {.crn = crn, .crm = crm, .op0 = op0, .op1 = op1,
                         .op2 = op2};
    uc_err e = uc_reg_read(uc, UC_ARM64_REG_CP_REG, &r);
    *v = r.val;
    return e;
}

/* The EL1 controls both sides share (side_ours.c, README.md). */
#define DT_SCTLR_EL1_EL1 0x30d50838ull
#define DT_SCTLR_EL1_EL0 (DT_SCTLR_EL1_EL1 | (1ull << 26) | (1ull << 15) | \
                          (1ull << 14)) /* UCI, UCT, DZE */

dt_uc_t *dt_uc_new(const char *model, unsigned el, char *err, size_t err_len)
{
    dt_uc_t *u = calloc(1, sizeof(*u));
    uc_err e = UC_ERR_NOMEM;
    const char *what = "alloc";
    if (!u)
        goto fail;
    u->el = el;
    u->ram = aligned_alloc(4096, DT_RAM_SIZE);
    if (!u->ram)
        goto fail;
    memset(u->ram, 0, DT_RAM_SIZE);
    what = "uc_open";
    if ((e = uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &u->uc)) != UC_ERR_OK)
        goto fail;
    what = "set cpu model";
    if ((e = uc_ctl_set_cpu_model(u->uc, uc_model(model))) != UC_ERR_OK)
        goto fail;
    what = "uc_mem_map_ptr";
    if ((e = uc_mem_map_ptr(u->uc, DT_RAM_BASE, DT_RAM_SIZE, UC_PROT_ALL,
                            u->ram)) != UC_ERR_OK)
        goto fail;
    what = "hooks";
    if ((e = uc_hook_add(u->uc, &u->h_intr, UC_HOOK_INTR, (void *)on_intr, u,
                         1, 0)) != UC_ERR_OK ||
        (e = uc_hook_add(u->uc, &u->h_unmapped, UC_HOOK_MEM_UNMAPPED,
                         (void *)on_unmapped, u, 1, 0)) != UC_ERR_OK)
        goto fail;
    /* FP/SIMD enabled at EL1 and EL0 (CPACR_EL1.FPEN = 0b11). */
    uint64_t cpacr = 3ull << 20;
    what = "CPACR_EL1";
    if ((e = uc_reg_write(u->uc, UC_ARM64_REG_CPACR_EL1, &cpacr)) != UC_ERR_OK)
        goto fail;
    what = "SCTLR_EL1/CNTKCTL_EL1";
    if ((e = write_sysreg(u->uc, 3, 0, 1, 0, 0,
                          el ? DT_SCTLR_EL1_EL1 : DT_SCTLR_EL1_EL0)) != UC_ERR_OK ||
        (e = write_sysreg(u->uc, 3, 0, 14, 1, 0, 3)) != UC_ERR_OK)
        goto fail;
    /* Unicorn resets SCR_EL3 to 0, whose RW = 0 says EL1 is AArch32: its
     * ERET then finds every return to EL1 illegal. Ours resets it with
     * RW = 1 (and RES1 bits 5:4), NS = 0. */
    what = "SCR_EL3";
    if ((e = write_sysreg(u->uc, 3, 6, 1, 1, 0, 0x430)) != UC_ERR_OK)
        goto fail;
    what = "context";
    if ((e = uc_context_alloc(u->uc, &u->ctx)) != UC_ERR_OK ||
        (e = uc_context_save(u->uc, u->ctx)) != UC_ERR_OK)
        goto fail;
    return u;
fail:
    snprintf(err, err_len, "unicorn %s: %s", what, uc_strerror(e));
    dt_uc_free(u);
    return NULL;
}

void dt_uc_free(dt_uc_t *u)
{
    if (!u)
        return;
    if (u->ctx)
        uc_context_free(u->ctx);
    if (u->uc)
        uc_close(u->uc);
    free(u->ram);
    free(u);
}

uint8_t *dt_uc_mem(dt_uc_t *u) { return u->ram; }

void dt_uc_invalidate(dt_uc_t *u)
{
    uc_ctl_remove_cache(u->uc, DT_RAM_BASE, DT_RAM_BASE + DT_RAM_SIZE);
}

static bool write_state(uc_engine *uc, unsigned el, const dt_state_t *st)
{
    int ids[31 + 8];
    const void *vals[31 + 8];
    unsigned n = 0;
    for (unsigned i = 0; i < 29; i++) {
        ids[n] = UC_ARM64_REG_X0 + (int)i;
        vals[n++] = &st->x[i];
    }
    ids[n] = UC_ARM64_REG_X29;
    vals[n++] = &st->x[29];
    ids[n] = UC_ARM64_REG_X30;
    vals[n++] = &st->x[30];
    ids[n] = UC_ARM64_REG_SP;
    vals[n++] = &st->sp;
    ids[n] = UC_ARM64_REG_PC;
    vals[n++] = &st->pc;
    ids[n] = UC_ARM64_REG_NZCV;
    vals[n++] = &st->nzcv;
    ids[n] = UC_ARM64_REG_FPCR;
    vals[n++] = &st->fpcr;
    ids[n] = UC_ARM64_REG_FPSR;
    vals[n++] = &st->fpsr;
    ids[n] = UC_ARM64_REG_TPIDR_EL0;
    vals[n++] = &st->tpidr_el0;
    ids[n] = UC_ARM64_REG_TPIDRRO_EL0;
    vals[n++] = &st->tpidrro_el0;
    /* PSTATE before SP: it selects which stack pointer SP is. At EL0
     * PSTATE stays EL1h here: the ERET at the trampoline sets it. */
    uint64_t pstate = el ? (st->pstate | st->nzcv) : 0x3c5;
    if (uc_reg_write(uc, UC_ARM64_REG_PSTATE, &pstate) != UC_ERR_OK ||
        uc_reg_write(uc, UC_ARM64_REG_SP_EL0, &st->sp_el0) != UC_ERR_OK)
        return false;
    if (uc_reg_write_batch(uc, ids, (void *const *)vals, (int)n) != UC_ERR_OK)
        return false;
    for (unsigned i = 0; i < 32; i++)
        if (uc_reg_write(uc, UC_ARM64_REG_Q0 + (int)i, st->v[i]) != UC_ERR_OK)
            return false;
    return write_sysreg(uc, 3, 0, 4, 0, 1, st->elr_el1) == UC_ERR_OK &&
           write_sysreg(uc, 3, 0, 4, 0, 0, st->spsr_el1) == UC_ERR_OK &&
           write_sysreg(uc, 3, 0, 7, 4, 0, st->par_el1) == UC_ERR_OK;
}

static bool read_state(uc_engine *uc, dt_state_t *st)
{
    int ids[31 + 8];
    void *vals[31 + 8];
    unsigned n = 0;
    for (unsigned i = 0; i < 29; i++) {
        ids[n] = UC_ARM64_REG_X0 + (int)i;
        vals[n++] = &st->x[i];
    }
    ids[n] = UC_ARM64_REG_X29;
    vals[n++] = &st->x[29];
    ids[n] = UC_ARM64_REG_X30;
    vals[n++] = &st->x[30];
    ids[n] = UC_ARM64_REG_SP;
    vals[n++] = &st->sp;
    ids[n] = UC_ARM64_REG_PC;
    vals[n++] = &st->pc;
    ids[n] = UC_ARM64_REG_NZCV;
    vals[n++] = &st->nzcv;
    ids[n] = UC_ARM64_REG_FPCR;
    vals[n++] = &st->fpcr;
    ids[n] = UC_ARM64_REG_FPSR;
    vals[n++] = &st->fpsr;
    ids[n] = UC_ARM64_REG_TPIDR_EL0;
    vals[n++] = &st->tpidr_el0;
    ids[n] = UC_ARM64_REG_TPIDRRO_EL0;
    vals[n++] = &st->tpidrro_el0;
    memset(st, 0, sizeof(*st));
    if (uc_reg_read_batch(uc, ids, vals, (int)n) != UC_ERR_OK)
        return false;
    /* 32-bit registers come back in the low half of our 64-bit fields. */
    for (unsigned i = 0; i < 32; i++)
        if (uc_reg_read(uc, UC_ARM64_REG_Q0 + (int)i, st->v[i]) != UC_ERR_OK)
            return false;
    st->nzcv &= 0xf0000000u;
    uint64_t pstate = 0; /* Unicorn writes 32 bits */
    if (uc_reg_read(uc, UC_ARM64_REG_PSTATE, &pstate) != UC_ERR_OK ||
        uc_reg_read(uc, UC_ARM64_REG_SP_EL0, &st->sp_el0) != UC_ERR_OK ||
        read_sysreg(uc, 3, 0, 4, 0, 1, &st->elr_el1) != UC_ERR_OK ||
        read_sysreg(uc, 3, 0, 4, 0, 0, &st->spsr_el1) != UC_ERR_OK ||
        read_sysreg(uc, 3, 0, 7, 4, 0, &st->par_el1) != UC_ERR_OK)
        return false;
    st->pstate = pstate & ~0xf0000000ull;
    /* QEMU keeps the current stack pointer in SP only; its SP_EL0 slot is
     * stale while SPSel = 0. */
    if ((pstate & 1) == 0)
        st->sp_el0 = st->sp;
    return true;
}

static dt_outcome_t outcome_of_intno(int intno)
{
    switch (intno) {
    case EXCP_UDEF: return DT_UNDEF;
    case EXCP_SWI: return DT_SVC;
    case EXCP_BKPT: return DT_BRK;
    case EXCP_HVC: return DT_HVC;
    case EXCP_SMC: return DT_SMC;
    /* Unmapped accesses never get here (the unmapped hook stops first), so
     * a data abort is an alignment fault. */
    case EXCP_DATA_ABORT: return DT_ALIGN;
    default: return DT_OTHER;
    }
}

bool dt_uc_run(dt_uc_t *u, const dt_state_t *st, unsigned count,
               uint64_t until, dt_result_t *r, char *err, size_t err_len)
{
    uc_err e;
    if ((e = uc_context_restore(u->uc, u->ctx)) != UC_ERR_OK) {
        snprintf(err, err_len, "unicorn context restore: %s", uc_strerror(e));
        return false;
    }
    if (!write_state(u->uc, u->el, st)) {
        snprintf(err, err_len, "unicorn: writing registers failed");
        return false;
    }
    u->intno = -1;
    u->unmapped_addr = 0;
    /* Stopping at `until` (where our side ended) keeps Unicorn from
     * translating the words at a branch target, which are random data. */
    e = u->el ? uc_emu_start(u->uc, st->pc, until == st->pc ? 0 : until, 0,
                             count)
              : uc_emu_start(u->uc, DT_TRAMPOLINE,
                             until == st->pc ? 0 : until, 0, count + 1);

    memset(r, 0, sizeof(*r));
    r->mem = u->ram;
    switch (e) {
    case UC_ERR_OK:
        r->outcome = u->intno < 0 ? DT_RETIRED : outcome_of_intno(u->intno);
        r->detail = u->intno < 0 ? 0 : (uint64_t)u->intno;
        break;
    case UC_ERR_READ_UNMAPPED:
    case UC_ERR_READ_PROT:
        r->outcome = DT_FAULT_READ;
        r->fault_addr = u->unmapped_addr;
        break;
    case UC_ERR_WRITE_UNMAPPED:
    case UC_ERR_WRITE_PROT:
        r->outcome = DT_FAULT_WRITE;
        r->fault_addr = u->unmapped_addr;
        break;
    case UC_ERR_FETCH_UNMAPPED:
    case UC_ERR_FETCH_PROT:
        r->outcome = DT_FAULT_FETCH;
        r->fault_addr = u->unmapped_addr;
        break;
    case UC_ERR_INSN_INVALID:
        r->outcome = DT_UNDEF;
        break;
    case UC_ERR_READ_UNALIGNED:
    case UC_ERR_WRITE_UNALIGNED:
    case UC_ERR_FETCH_UNALIGNED:
        r->outcome = DT_ALIGN;
        break;
    default:
        r->outcome = DT_OTHER;
        r->detail = u->intno < 0 ? 1000u + (unsigned)e : (uint64_t)u->intno;
        break;
    }
    if (!read_state(u->uc, &r->st)) {
        snprintf(err, err_len, "unicorn: reading registers failed");
        return false;
    }
    /* The instructions under test are always fetchable, so a fetch fault
     * or prefetch abort belongs to the instruction after them: Unicorn
     * stops only when it reaches that one, after translating it. The
     * instructions retired and the PC is the branch target. */
    if (r->outcome == DT_FAULT_FETCH) {
        r->outcome = DT_RETIRED;
        r->st.pc = r->fault_addr;
        r->fault_addr = 0;
    } else if (r->outcome == DT_OTHER && r->detail == EXCP_PREFETCH_ABORT) {
        r->outcome = DT_RETIRED;
        r->detail = 0;
    }
    return true;
}
