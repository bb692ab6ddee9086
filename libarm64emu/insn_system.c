/* Exception generation (SVC, HVC, SMC, BRK, HLT), exception return (ERET),
 * hints (WFI, WFE), barriers, CLREX, PSTATE (MSR immediate), MRS/MSR
 * (register) and SYS.
 *
 * Access rules per EL are decided when the block is built (blocks are
 * keyed by EL); trap controls held in registers (SCTLR_EL1, HCR_EL2,
 * MDCR_ELx, ...) are checked when the instruction runs, only for the
 * registers that have such traps.
 */
#include "alu.h"
#include "bus.h"
#include "decode.h"
#include "exception.h"
#include "mem.h"
#include "pstate.h"
#include "semihost.h"
#include "sysreg.h"

static inline uint64_t esr(unsigned ec, uint64_t iss)
{
    return esr_make(ec, iss);
}

#define ESR_EC_SVC64 EC_SVC64
#define ESR_EC_HVC64 EC_HVC64
#define ESR_EC_SMC64 EC_SMC64
#define ESR_EC_BRK64 EC_BRK64

/* ISS of an EC 0x18 trap: the MRS/MSR/SYS encoding, Rt and direction. */
static uint64_t sysreg_trap_iss(uint32_t insn)
{
    uint32_t op0 = (insn >> 19) & 3, op1 = (insn >> 16) & 7;
    uint32_t crn = (insn >> 12) & 15, crm = (insn >> 8) & 15;
    uint32_t op2 = (insn >> 5) & 7, rt = insn & 31, read = (insn >> 21) & 1;
    return ((uint64_t)op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) |
           (rt << 5) | (crm << 1) | read;
}

/* Ends the run (or enters the guest's vectors) with a trap of op to
 * target_el, or UNDEFINED for SYSREG_TRAP_UNDEF. */
static op_result_t trap_to(cpu_t *cpu, const op_t *op, uint64_t syndrome,
                           unsigned target_el)
{
    if (target_el == SYSREG_TRAP_UNDEF)
        return op_undefined(cpu, op);
    cpu_set_exit(cpu, ARM64EMU_EXIT_EXCEPTION, op->pc, op->insn);
    exc_set_trap(cpu, syndrome, target_el);
    return OP_FAULT;
}

static op_result_t sysreg_trap(cpu_t *cpu, const op_t *op, unsigned target_el)
{
    return trap_to(cpu, op, esr(EC_SYSREG, sysreg_trap_iss(op->insn)),
                   target_el);
}

/* ---- features read from the model's ID registers ----------------------- */

/* FEAT_PAuth: any of ID_AA64ISAR1_EL1.APA/API/GPA/GPI, ISAR2.APA3/GPA3. */
static bool has_pauth(const cpu_model_t *m)
{
    uint64_t i1 = m->id_aa64isar1_el1, i2 = m->id_aa64isar2_el1;
    return id_field(i1, 4) || id_field(i1, 8) || id_field(i1, 24) ||
           id_field(i1, 28) || id_field(i2, 12) || id_field(i2, 8);
}

/* FEAT_SB: ID_AA64ISAR1_EL1.SB. */
static bool has_sb(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar1_el1, 36) >= 1;
}

/* FEAT_XS: ID_AA64ISAR1_EL1.XS (DSB nXS). */
static bool has_xs(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar1_el1, 56) >= 1;
}

/* FEAT_FlagM (CFINV): ID_AA64ISAR0_EL1.TS >= 1; FEAT_FlagM2 (AXFLAG,
 * XAFLAG): TS >= 2. */
static unsigned flagm_level(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar0_el1, 52);
}

/* FEAT_DPB (DC CVAP): ID_AA64ISAR1_EL1.DPB >= 1; FEAT_DPB2 (DC CVADP): 2. */
static unsigned dpb_level(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar1_el1, 0);
}

/* ---- handlers ---------------------------------------------------------- */

static op_result_t op_nop(cpu_t *cpu, const op_t *op)
{
    (void)cpu;
    (void)op;
    return OP_NEXT;
}

/* SVC returns to the next instruction: with exit_on_svc the embedder (a
 * user-mode runner) handles the call and resumes there. Otherwise it is an
 * exception (reported as an EXCEPTION exit with the syndrome, or taken, as
 * ARM64EMU_CFG_EXCEPTION_EXITS says). exit.pc is the SVC in both cases. */
static op_result_t op_svc(cpu_t *cpu, const op_t *op)
{
    cpu_set_exit(cpu,
                 cpu->exit_on_svc ? ARM64EMU_EXIT_SVC : ARM64EMU_EXIT_EXCEPTION,
                 op->pc, op->insn);
    cpu->exit.imm = op->imm;
    cpu->exit.syndrome = esr(ESR_EC_SVC64, op->imm);
    cpu->pc = op->pc + 4;
    return OP_EXIT;
}

/* HVC and SMC reported as exits skip the EL rules (the host answers
 * PSCI through them). Otherwise: HVC is UNDEFINED at EL0, without EL2, at
 * Secure EL1, or when disabled (SCR_EL3.HCE = 0, or HCR_EL2.HCD = 1
 * without EL3). */
static bool hvc_undefined(const cpu_t *cpu)
{
    if (cpu->el == 0 || !cpu->have_el2)
        return true;
    if (cpu->el == 1 && cpu_is_secure(cpu))
        return true;
    if (cpu->have_el3)
        return !(cpu->sr[SR_SCR_EL3] & SCR_HCE);
    return (cpu->sr[SR_HCR_EL2] & HCR_HCD) != 0;
}

static op_result_t op_hvc(cpu_t *cpu, const op_t *op)
{
    if (!(cpu->exception_exits & ARM64EMU_EXC_HVC) && hvc_undefined(cpu))
        return op_undefined(cpu, op);
    cpu_set_exit(cpu, ARM64EMU_EXIT_HVC, op->pc, op->insn);
    cpu->exit.imm = op->imm;
    cpu->exit.syndrome = esr(ESR_EC_HVC64, op->imm);
    cpu->pc = op->pc + 4;
    return OP_EXIT;
}

/* SMC: UNDEFINED at EL0; trapped to EL2 from EL1 by HCR_EL2.TSC (the
 * preferred return is the SMC itself); UNDEFINED without EL3 or with
 * SCR_EL3.SMD. */
static op_result_t op_smc(cpu_t *cpu, const op_t *op)
{
    if (!(cpu->exception_exits & ARM64EMU_EXC_SMC)) {
        if (cpu->el == 0)
            return op_undefined(cpu, op);
        if (cpu->el == 1 && (cpu_hcr(cpu) & HCR_TSC)) {
            cpu_set_exit(cpu, ARM64EMU_EXIT_EXCEPTION, op->pc, op->insn);
            cpu->exit.imm = op->imm;
            exc_set_trap(cpu, esr(ESR_EC_SMC64, op->imm), 2);
            return OP_FAULT;
        }
        if (!cpu->have_el3 || (cpu->sr[SR_SCR_EL3] & SCR_SMD))
            return op_undefined(cpu, op);
    }
    cpu_set_exit(cpu, ARM64EMU_EXIT_SMC, op->pc, op->insn);
    cpu->exit.imm = op->imm;
    cpu->exit.syndrome = esr(ESR_EC_SMC64, op->imm);
    cpu->pc = op->pc + 4;
    return OP_EXIT;
}

/* BRK and HLT are not retired: pc stays at them (the preferred return
 * address of a Breakpoint Instruction exception is the BRK itself). */
static op_result_t op_brk(cpu_t *cpu, const op_t *op)
{
    cpu_set_exit(cpu, ARM64EMU_EXIT_BRK, op->pc, op->insn);
    cpu->exit.imm = op->imm;
    cpu->exit.syndrome = esr(ESR_EC_BRK64, op->imm);
    return OP_FAULT;
}

static op_result_t op_hlt(cpu_t *cpu, const op_t *op)
{
    if (cpu->semihosting && op->imm == SEMIHOST_HLT_IMM) {
        bool go_on = semihost_call(cpu);
        cpu->pc = op->pc + 4;
        if (go_on)
            return OP_BRANCH;
        cpu->exit.pc = op->pc;
        cpu->exit.insn = op->insn;
        return OP_EXIT;
    }
    cpu_set_exit(cpu, ARM64EMU_EXIT_HLT, op->pc, op->insn);
    cpu->exit.imm = op->imm;
    return OP_FAULT;
}

/* ISS of a trapped WFx: CV = 1, COND = 0xE (as for A64), TI = WFE. */
static uint64_t wfx_syndrome(bool wfe)
{
    return esr(EC_WFX, (1u << 24) | (0xeu << 20) | (wfe ? 1u : 0u));
}

/* WFI: trapped (SCTLR_EL1.nTWI at EL0, HCR_EL2.TWI, SCR_EL3.TWI); with an
 * interrupt pending (masked or not) it completes at once; with nothing to
 * wake it the run stops with a WFI exit, retired, resuming after it. */
static op_result_t op_wfi(cpu_t *cpu, const op_t *op)
{
    unsigned trap = exc_wfx_trap_el(cpu, false);
    if (trap)
        return trap_to(cpu, op, wfx_syndrome(false), trap);
    if (UNLIKELY(cpu->attention) && exc_wfi_wakes(cpu)) {
        cpu->pc = op->pc + 4;
        return OP_BRANCH;
    }
    cpu_set_exit(cpu, ARM64EMU_EXIT_WFI, op->pc, op->insn);
    cpu->pc = op->pc + 4;
    return OP_EXIT;
}

/* WFE: no event model (an event is always pending as far as the guest
 * can tell), so it only traps. */
static op_result_t op_wfe(cpu_t *cpu, const op_t *op)
{
    unsigned trap = exc_wfx_trap_el(cpu, true);
    if (trap)
        return trap_to(cpu, op, wfx_syndrome(true), trap);
    return OP_NEXT;
}

/* ERET (EL1 and above; UNDEFINED at EL0 by decode). */
static op_result_t op_eret(cpu_t *cpu, const op_t *op)
{
    (void)op;
    exc_return(cpu);
    return OP_BRANCH;
}

/* MSR (immediate) to PSTATE fields. */
static op_result_t op_msr_spsel(cpu_t *cpu, const op_t *op)
{
    pstate_set_el_sp(cpu, cpu->el, (unsigned)op->imm);
    return OP_NEXT;
}

/* PAN, UAO, SSBS, DIT: op->imm2 is the PSTATE bit, op->imm the value. */
static op_result_t op_msr_pstate_bit(cpu_t *cpu, const op_t *op)
{
    uint32_t bit = (uint32_t)op->imm2;
    cpu->pstate = op->imm ? cpu->pstate | bit : cpu->pstate & ~bit;
    cpu_update_mode(cpu);
    cpu->pc = op->pc + 4;
    return OP_BRANCH;
}

/* DAIFSet/DAIFClr: at EL0 only with SCTLR_EL1.UMA. The block ends so a
 * newly unmasked interrupt is taken at once. */
static op_result_t op_msr_daif(cpu_t *cpu, const op_t *op)
{
    if (cpu->el == 0 && !(cpu->sr[SR_SCTLR_EL1] & SCTLR_UMA))
        return sysreg_trap(cpu, op, (cpu_hcr(cpu) & HCR_TGE) ? 2 : 1);
    uint32_t bits = (uint32_t)op->imm << 6;
    cpu->daif = op->aux ? cpu->daif | bits : cpu->daif & ~bits;
    cpu->pc = op->pc + 4;
    return OP_BRANCH;
}

static op_result_t op_clrex(cpu_t *cpu, const op_t *op)
{
    (void)op;
    cpu->excl.valid = false;
    return OP_NEXT;
}

/* FEAT_FlagM CFINV: C = NOT(C). */
static op_result_t op_cfinv(cpu_t *cpu, const op_t *op)
{
    (void)op;
    cpu->nzcv ^= NZCV_C;
    return OP_NEXT;
}

/* FEAT_FlagM2 XAFLAG: external (float compare) format to Arm format. */
static op_result_t op_xaflag(cpu_t *cpu, const op_t *op)
{
    (void)op;
    bool z = cpu->nzcv & NZCV_Z, c = cpu->nzcv & NZCV_C;
    cpu->nzcv = (!c && !z ? NZCV_N : 0) | (z && c ? NZCV_Z : 0) |
                (c || z ? NZCV_C : 0) | (!c && z ? NZCV_V : 0);
    return OP_NEXT;
}

/* FEAT_FlagM2 AXFLAG: Arm format to external format. */
static op_result_t op_axflag(cpu_t *cpu, const op_t *op)
{
    (void)op;
    bool z = cpu->nzcv & NZCV_Z, c = cpu->nzcv & NZCV_C,
         v = cpu->nzcv & NZCV_V;
    cpu->nzcv = (z || v ? NZCV_Z : 0) | (c && !v ? NZCV_C : 0);
    return OP_NEXT;
}

/* op->imm: the sysreg_def_t; imm2: MRS the op's index in its block (the
 * counters read icount + index, exact), MSR the writable bits. */
static const sysreg_def_t *op_sysreg(const op_t *op)
{
    return (const sysreg_def_t *)(uintptr_t)op->imm;
}

static op_result_t op_mrs(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] =
        sysreg_def_read(op_sysreg(op), cpu, cpu->icount + op->imm2);
    return OP_NEXT;
}

/* op->aux: the op's index in its block. cpu->icount counts to the block's
 * start; during the write it is exact, so that writes that depend on time
 * (CNTx_TVAL, the timer checks of CTL/CVAL writes) do not depend on where
 * a run's budget happened to cut the block. */
static op_result_t op_msr(cpu_t *cpu, const op_t *op)
{
    cpu->icount += op->aux;
    sysreg_def_write(op_sysreg(op), cpu, op->imm2, cpu->r[op->rd]);
    cpu->icount -= op->aux;
    return OP_NEXT;
}

/* Registers with trap controls check them first. */
static op_result_t op_mrs_checked(cpu_t *cpu, const op_t *op)
{
    unsigned trap = sysreg_trap_el(cpu, op_sysreg(op), false);
    if (UNLIKELY(trap))
        return sysreg_trap(cpu, op, trap);
    return op_mrs(cpu, op);
}

static op_result_t op_msr_checked(cpu_t *cpu, const op_t *op)
{
    unsigned trap = sysreg_trap_el(cpu, op_sysreg(op), true);
    if (UNLIKELY(trap))
        return sysreg_trap(cpu, op, trap);
    return op_msr(cpu, op);
}

/* A write that changes how code runs (EL state, trap controls) ends the
 * block: the next one is looked up for the new cpu->mode. */
static op_result_t op_msr_sync(cpu_t *cpu, const op_t *op)
{
    op_result_t r = op_msr_checked(cpu, op);
    if (r != OP_NEXT)
        return r;
    cpu->pc = op->pc + 4;
    return OP_BRANCH;
}

/* SYS through a table entry (op0 = 1): op->imm the definition. */
static op_result_t op_sysop(cpu_t *cpu, const op_t *op)
{
    const sysreg_def_t *d = op_sysreg(op);
    unsigned trap = sysreg_trap_el(cpu, d, true);
    if (UNLIKELY(trap))
        return sysreg_trap(cpu, op, trap);
    if (!d->op(cpu, cpu->r[op->rd]))
        return OP_FAULT;
    if (op->ends_block) {
        cpu->pc = op->pc + 4;
        return OP_BRANCH;
    }
    return OP_NEXT;
}

/* TLS accesses are frequent enough for their own handlers. */
static op_result_t op_mrs_tpidr(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = cpu->tpidr_el0;
    return OP_NEXT;
}

static op_result_t op_msr_tpidr(cpu_t *cpu, const op_t *op)
{
    cpu->tpidr_el0 = cpu->r[op->rd];
    return OP_NEXT;
}

/* DC ZVA: zeroes the naturally aligned block (DCZID_EL0 size) containing
 * Xt. Nothing is written unless the whole block is writable. */
static bool sysop_dc_zva(cpu_t *cpu, uint64_t xt)
{
    unsigned bytes = model_dczva_bytes(cpu->model);
    uint64_t va = xt & ~(uint64_t)(bytes - 1);
    uint8_t *host = mem_fast(cpu, va, bytes, true);
    if (host) {
        memset(host, 0, bytes);
        return true;
    }
    /* Regions are whole pages and a block never crosses one: one probe
     * covers it. */
    if (!mem_probe_write(cpu, va, bytes)) {
        cpu->exit.access_size = bytes;
        return false;
    }
    for (unsigned i = 0; i < bytes; i += 8)
        if (!mem_write(cpu, va + i, 8, 0))
            return false;
    return true;
}

/* IC IVAU: drops the decoded blocks of the page holding Xt (every CPU's,
 * through the bus's code_written line), so that code written and then
 * synchronised (DSB, ISB) is decoded again. Only a page marked as holding
 * code has blocks; clearing the mark keeps the bus's invariant, as a
 * store would. VA == PA until the MMU translates here. Never faults:
 * an address that is not RAM has no blocks. */
static bool sysop_ic_ivau(cpu_t *cpu, uint64_t xt)
{
    bus_t *bus = cpu->bus;
    region_t *r = bus_find(bus, xt);
    if (r && region_is_ram(r)) {
        size_t page = region_page(r, xt);
        if (bit_test(r->code, page)) {
            bit_clear(r->code, page);
            if (bus->events.code_written)
                bus->events.code_written(bus->events.ctx,
                                         xt & ~(BUS_PAGE_SIZE - 1));
        }
    }
    return true;
}

/* DC CVAC, CVAU, CIVAC, CVAP, CVADP: no caches to maintain. */
static bool sysop_nop(cpu_t *cpu, uint64_t xt)
{
    (void)cpu;
    (void)xt;
    return true;
}

static bool has_dpb(const cpu_model_t *m) { return dpb_level(m) >= 1; }
static bool has_dpb2(const cpu_model_t *m) { return dpb_level(m) >= 2; }
/* DCZID_EL0.DZP set in the model itself: DC ZVA is not implemented. */
static bool has_dc_zva(const cpu_model_t *m) { return !(m->dczid_el0 & 0x10); }

/* The cache maintenance by VA that EL0 may be allowed to do, until the
 * MMU's table (mmu_sysops) has its own entries, which sysreg_find then
 * finds first. Their EL0 traps are SCTLR_EL1.DZE (DC ZVA) and
 * SCTLR_EL1.UCI (the others), then HCR_EL2.TDZ/TPU/TPCP. */
#define SYSOP(name, op1, crm, op2, traps, present, fn)                       \
    {name, SYSREG_KEY(1, op1, 7, crm, op2), SR_W0 | SR_WO_EL1, traps,         \
     SR_NONE, 0, 0, 0, present, NULL, NULL, fn, false}
static const sysreg_def_t fallback_sysops[] = {
    SYSOP("DC ZVA", 3, 4, 1, SR_T_DZE | SR_T_TDZ, has_dc_zva, sysop_dc_zva),
    SYSOP("IC IVAU", 3, 5, 1, SR_T_UCI | SR_T_TPU, NULL, sysop_ic_ivau),
    SYSOP("DC CVAC", 3, 10, 1, SR_T_UCI | SR_T_TPC, NULL, sysop_nop),
    SYSOP("DC CVAU", 3, 11, 1, SR_T_UCI | SR_T_TPU, NULL, sysop_nop),
    SYSOP("DC CVAP", 3, 12, 1, SR_T_UCI | SR_T_TPC, has_dpb, sysop_nop),
    SYSOP("DC CVADP", 3, 13, 1, SR_T_UCI | SR_T_TPC, has_dpb2, sysop_nop),
    SYSOP("DC CIVAC", 3, 14, 1, SR_T_UCI | SR_T_TPC, NULL, sysop_nop),
};

static const sysreg_def_t *fallback_sysop(uint32_t key)
{
    for (size_t i = 0; i < sizeof(fallback_sysops) / sizeof(fallback_sysops[0]); i++)
        if (fallback_sysops[i].key == key)
            return &fallback_sysops[i];
    return NULL;
}

/* ---- translate --------------------------------------------------------- */

static bool tr_exception(op_t *op, const fields_t *f, op_fn_t fn)
{
    op->fn = fn;
    op->imm = F(f, 'i');
    op->ends_block = true;
    return true;
}

static bool tr_svc(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return tr_exception(op, f, op_svc);
}

static bool tr_hvc(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return tr_exception(op, f, op_hvc);
}

static bool tr_smc(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return tr_exception(op, f, op_smc);
}

static bool tr_brk(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return tr_exception(op, f, op_brk);
}

static bool tr_hlt(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return tr_exception(op, f, op_hlt);
}

/* Hints, selected by CRm:op2. Every hint not listed executes as a NOP, as
 * the architecture requires for unallocated and unimplemented hints. */
enum {
    HINT_WFE = 0x02,
    HINT_WFI = 0x03,
    HINT_XPACLRI = 0x07,
    HINT_PAC1716_FIRST = 0x08, /* PACIA1716 .. AUTIB1716: 0x08-0x0e */
    HINT_PAC1716_LAST = 0x0e,
    HINT_PACSP_FIRST = 0x18,   /* PACIAZ .. AUTIBSP: 0x18-0x1f */
    HINT_PACSP_LAST = 0x1f,
};

static bool tr_hint(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    unsigned sel = (F(f, 'm') << 3) | F(f, 'o');
    op->fn = op_nop;
    if (sel == HINT_WFI) {
        op->fn = op_wfi;
        op->ends_block = true;
        return true;
    }
    if (sel == HINT_WFE) {
        op->fn = op_wfe;
        return true;
    }
    /* Pointer authentication in the hint space: NOPs while the model lacks
     * FEAT_PAuth. A model that advertises it needs the real thing, so until
     * then such a model gets UNDEFINED rather than silently unsigned
     * pointers. The odd selectors in 0x08-0x0e are plain hints. */
    bool pauth = sel == HINT_XPACLRI ||
                 (sel >= HINT_PAC1716_FIRST && sel <= HINT_PAC1716_LAST &&
                  !(sel & 1)) ||
                 (sel >= HINT_PACSP_FIRST && sel <= HINT_PACSP_LAST);
    if (pauth && has_pauth(ctx->model))
        return false;
    /* NOP, YIELD, SEV, SEVL, DGH, ESB, PSB CSYNC, TSB CSYNC,
     * CSDB, CLRBHB, CHKFEAT (no feature reported: X16 unchanged), and BTI
     * (a landing pad only matters on guarded pages, which need the MMU). */
    return true;
}

static bool tr_clrex(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)f;
    (void)ctx;
    op->fn = op_clrex;
    return true;
}

/* DSB and DMB, every option (CRm = 0000 is SSBB, 0100 PSSBB): one CPU runs
 * at a time, so there is nothing to order. */
static bool tr_barrier(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)f;
    (void)ctx;
    op->fn = op_nop;
    return true;
}

/* ISB ends the block: code invalidated before it (stores, IC IVAU) is
 * decoded afresh from the next instruction on. */
static bool tr_isb(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)f;
    (void)ctx;
    op->fn = op_nop;
    op->ends_block = true;
    return true;
}

static bool tr_sb(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)f;
    if (!has_sb(ctx->model))
        return false;
    op->fn = op_nop;
    return true;
}

static bool tr_dsb_nxs(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)f;
    if (!has_xs(ctx->model))
        return false;
    op->fn = op_nop;
    return true;
}

/* MSR (immediate), PSTATE fields by op1:op2. The flag manipulation forms
 * (FEAT_FlagM) exist at every EL; SPSel, PAN and UAO at EL1 and above;
 * DAIFSet/DAIFClr everywhere (EL0 subject to SCTLR_EL1.UMA); SSBS and DIT
 * with their features. Not implemented: TCO (FEAT_MTE), ALLINT (FEAT_NMI),
 * SVCR (FEAT_SME): UNDEFINED. */
static bool tr_msr_imm(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    unsigned op1 = F(f, 'p'), op2 = F(f, 'q'), crm = F(f, 'm');
    const cpu_model_t *m = ctx->model;
    unsigned level = flagm_level(m);
    op->imm = crm & 1;
    switch ((op1 << 3) | op2) {
    case 0x00: op->fn = op_cfinv; return crm == 0 && level >= 1;
    case 0x01: op->fn = op_xaflag; return crm == 0 && level >= 2;
    case 0x02: op->fn = op_axflag; return crm == 0 && level >= 2;
    case 0x03: /* UAO */
        op->fn = op_msr_pstate_bit;
        op->imm2 = PSR_UAO;
        op->ends_block = true;
        return ctx->el >= 1 && model_has_uao(m);
    case 0x04: /* PAN */
        op->fn = op_msr_pstate_bit;
        op->imm2 = PSR_PAN;
        op->ends_block = true;
        return ctx->el >= 1 && model_has_pan(m);
    case 0x05: /* SPSel */
        op->fn = op_msr_spsel;
        return ctx->el >= 1;
    case 0x19: /* SSBS */
        op->fn = op_msr_pstate_bit;
        op->imm2 = PSR_SSBS;
        op->ends_block = true;
        return model_has_ssbs(m);
    case 0x1a: /* DIT */
        op->fn = op_msr_pstate_bit;
        op->imm2 = PSR_DIT;
        op->ends_block = true;
        return id_field(m->id_aa64pfr0_el1, 48) >= 1;
    case 0x1e: /* DAIFSet */
    case 0x1f: /* DAIFClr */
        op->fn = op_msr_daif;
        op->imm = crm;
        op->aux = op2 == 6;
        op->ends_block = true;
        return true;
    default:
        return false;
    }
}

/* SYS: an entry of the sysreg tables (op0 = 1), or one of the fallback
 * cache operations. Not implemented: DC GVA/GZVA and the tag forms
 * (FEAT_MTE, v8.5), CFP/DVP/CPP/COSP RCTX (FEAT_SPECRES, v8.5; v8.9), BRB
 * (FEAT_BRBE, v9.2), GCSPUSHM (FEAT_GCS, v9.4). */
static bool tr_sys(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    uint32_t key = sysreg_key_of_insn(ctx->insn);
    const sysreg_def_t *d = sysreg_find(key);
    if (!d || !d->op)
        d = fallback_sysop(key);
    if (!d || !sysreg_el_allows(ctx->model, d, ctx->el, true))
        return false;
    op->rd = reg_or_zr(F(f, 't'));
    op->fn = op_sysop;
    op->imm = (uint64_t)(uintptr_t)d;
    op->ends_block = d->sync;
    return true;
}

/* MRS/MSR (register): the register must exist on the model and its access
 * column allow the access at the block's EL, else UNDEFINED. FPCR/FPSR
 * trap as FP instructions when FP is disabled. */
static const sysreg_def_t *tr_sysreg(op_t *op, const decode_ctx_t *ctx,
                                     bool write)
{
    const sysreg_def_t *d = sysreg_find(sysreg_key_of_insn(ctx->insn));
    if (!d || d->op || !sysreg_el_allows(ctx->model, d, ctx->el, write))
        return NULL;
    if ((d->traps & SR_T_FP) && ctx->fp_trapped) {
        op->fn = op_fp_trap;
        op->ends_block = true;
        return NULL;
    }
    op->imm = (uint64_t)(uintptr_t)d;
    return d;
}

static bool tr_mrs(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    const sysreg_def_t *d = tr_sysreg(op, ctx, false);
    if (!d)
        return op->fn == op_fp_trap;
    op->rd = dst_or_zr(F(f, 't'));
    if (d->traps)
        op->fn = op_mrs_checked;
    else
        op->fn = d->key == SYSREG_KEY(3, 3, 13, 0, 2) ? op_mrs_tpidr : op_mrs;
    op->imm2 = ctx->index;
    return true;
}

static bool tr_msr(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    const sysreg_def_t *d = tr_sysreg(op, ctx, true);
    if (!d)
        return op->fn == op_fp_trap;
    op->rd = reg_or_zr(F(f, 't'));
    op->imm2 = sysreg_guest_writable(ctx->model, d);
    op->aux = (uint8_t)ctx->index;
    bool daif = d->key == SYSREG_KEY(3, 3, 4, 2, 1);
    if (d->sync || daif) {
        op->fn = op_msr_sync;
        op->ends_block = true;
    } else if (d->traps) {
        op->fn = op_msr_checked;
    } else {
        op->fn = d->key == SYSREG_KEY(3, 3, 13, 0, 2) ? op_msr_tpidr : op_msr;
    }
    return true;
}

/* ERET from EL1 and above; ERETAA/ERETAB need FEAT_PAuth (absent). */
static bool tr_eret(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)f;
    if (ctx->el == 0)
        return false;
    op->fn = op_eret;
    op->ends_block = true;
    return true;
}

const pattern_t insn_system_table[] = {
    /* Exception generation: 11010100 opc imm16 op2 LL */
    {"SVC",    "11010100 000 iiiiiiiiiiiiiiii 000 01", tr_svc},
    {"HVC",    "11010100 000 iiiiiiiiiiiiiiii 000 10", tr_hvc},
    {"SMC",    "11010100 000 iiiiiiiiiiiiiiii 000 11", tr_smc},
    {"BRK",    "11010100 001 iiiiiiiiiiiiiiii 000 00", tr_brk},
    {"HLT",    "11010100 010 iiiiiiiiiiiiiiii 000 00", tr_hlt},
    {"ERET",   "1101011 0100 11111 0000 00 11111 00000", tr_eret},
    /* Not implemented: ERETAA/ERETAB (FEAT_PAuth, v8.3), DRPS (Debug
     * state only). */
    /* Not implemented: TCANCEL (FEAT_TME, v9.0): opc 011.
     * DCPS1/DCPS2/DCPS3 (opc 101, LL 01/10/11): UNDEFINED outside Debug
     * state, which is not modelled. */

    /* Hints: 1101010100 0 00 011 0010 CRm op2 11111 */
    {"HINT",   "1101010100 0 00 011 0010 mmmm ooo 11111", tr_hint},

    /* Barriers: 1101010100 0 00 011 0011 CRm op2 11111 */
    {"CLREX",  "1101010100 0 00 011 0011 ---- 010 11111", tr_clrex},
    {"DSB",    "1101010100 0 00 011 0011 ---- 100 11111", tr_barrier},
    {"DMB",    "1101010100 0 00 011 0011 ---- 101 11111", tr_barrier},
    {"ISB",    "1101010100 0 00 011 0011 ---- 110 11111", tr_isb},
    {"SB",     "1101010100 0 00 011 0011 0000 111 11111", tr_sb},
    {"DSB nXS", "1101010100 0 00 011 0011 --10 001 11111", tr_dsb_nxs},
    /* Not implemented: TCOMMIT (FEAT_TME, v9.0): CRm 0000 op2 011.
     * TSTART/TTEST (FEAT_TME): 1101010100 1 00 011 0011 0000 011 Rt.
     * WFET/WFIT (FEAT_WFxT, v8.7): 1101010100 0 00 011 0001 0000 00x Rt. */

    /* PSTATE: 1101010100 0 00 op1 0100 CRm op2 11111 */
    {"MSR (immediate)", "1101010100 0 00 ppp 0100 mmmm qqq 11111", tr_msr_imm},

    /* SYS: 1101010100 0 01 op1 CRn CRm op2 Rt */
    {"SYS",    "1101010100 0 01 ppp cccc mmmm qqq ttttt", tr_sys},
    /* Not implemented: SYSL (1101010100 1 01 ...): nothing at EL0 (GCSPOPM,
     * GCSSS2: FEAT_GCS, v9.4). SYSP, MRRS, MSRR (FEAT_SYSINSTR128,
     * FEAT_SYSREG128, v9.4): 1101010101 ... */

    /* MRS/MSR (register): 1101010100 L 1 o0 op1 CRn CRm op2 Rt */
    {"MSR (register)", "1101010100 0 1 kkkkkkkkkkkkkkk ttttt", tr_msr},
    {"MRS",    "1101010100 1 1 kkkkkkkkkkkkkkk ttttt", tr_mrs},
    {NULL, NULL, NULL},
};
