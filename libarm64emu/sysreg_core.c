/* The core system registers: special-purpose registers, EL0, EL1, EL2 and
 * EL3 controls, debug and PMU. Names and encodings from the Arm ARM.
 *
 * Reset values that the architecture leaves UNKNOWN are chosen so that a
 * machine started at EL0 behaves as under Linux (SCTLR_EL1 UCI, UCT, DZE,
 * nTWI, nTWE set; CPACR_EL1.FPEN = 3; CNTKCTL_EL1 EL0VCTEN, EL0PCTEN set;
 * CNTHCTL_EL2 EL1PCTEN, EL1PCEN set), which is what the API promised before
 * exception levels existed.
 */
#include "sysreg.h"

#include "pstate.h"

#define CNTFRQ_HZ 62500000u /* as QEMU's virt; one tick per instruction */

/* ---- features ---------------------------------------------------------- */

static bool has_fp16(const cpu_model_t *m) { return id_field(m->id_aa64pfr0_el1, 16) == 1; }
static bool has_ecv(const cpu_model_t *m) { return id_field(m->id_aa64mmfr0_el1, 60) >= 1; }
static bool has_el2(const cpu_model_t *m) { return model_has_el(m, 2); }
static bool has_el3(const cpu_model_t *m) { return model_has_el(m, 3); }
static bool has_pan(const cpu_model_t *m) { return model_has_pan(m); }
static bool has_uao(const cpu_model_t *m) { return model_has_uao(m); }
static bool has_ssbs(const cpu_model_t *m) { return model_has_ssbs(m); }
static bool has_pmu(const cpu_model_t *m) { return model_has_pmu(m); }

#define BRP_PRESENT(n)                                                         \
    static bool has_brp##n(const cpu_model_t *m)                             \
    {                                                                          \
        return id_field(m->id_aa64dfr0_el1, 12) + 1 > (n);                        \
    }
#define WRP_PRESENT(n)                                                         \
    static bool has_wrp##n(const cpu_model_t *m)                             \
    {                                                                          \
        return id_field(m->id_aa64dfr0_el1, 20) + 1 > (n);                        \
    }
BRP_PRESENT(0) BRP_PRESENT(1) BRP_PRESENT(2) BRP_PRESENT(3) BRP_PRESENT(4)
BRP_PRESENT(5) WRP_PRESENT(0) WRP_PRESENT(1) WRP_PRESENT(2) WRP_PRESENT(3)

/* ---- read/write functions ---------------------------------------------- */

#define FPCR_AARCH32_ONLY 0x00370000u /* Stride 21:20, Len 18:16 */
#define FPCR_FZ16 (1u << 19)

static uint64_t rd_nzcv(const cpu_t *c, uint64_t n) { (void)n; return c->nzcv; }
static void wr_nzcv(cpu_t *c, uint64_t v) { c->nzcv = (uint32_t)v & PSR_NZCV; }
static uint64_t rd_fpcr(const cpu_t *c, uint64_t n) { (void)n; return c->fpcr; }
static uint64_t rd_fpsr(const cpu_t *c, uint64_t n) { (void)n; return c->fpsr; }
/* FPCR.FZ16 exists with FEAT_FP16; Len/Stride only with AArch32. The
 * floating-point trap enables are RAZ/WI (not implemented, as on most
 * cores). */
static void wr_fpcr(cpu_t *c, uint64_t v)
{
    uint32_t w = 0x07ff0000u & ~FPCR_AARCH32_ONLY;
    if (!has_fp16(c->model))
        w &= ~FPCR_FZ16;
    c->fpcr = (uint32_t)v & w;
}
static void wr_fpsr(cpu_t *c, uint64_t v) { c->fpsr = (uint32_t)v & 0x0800009fu; }
static uint64_t rd_tpidr(const cpu_t *c, uint64_t n) { (void)n; return c->tpidr_el0; }
static void wr_tpidr(cpu_t *c, uint64_t v) { c->tpidr_el0 = v; }
static uint64_t rd_tpidrro(const cpu_t *c, uint64_t n) { (void)n; return c->tpidrro_el0; }
static void wr_tpidrro(cpu_t *c, uint64_t v) { c->tpidrro_el0 = v; }
static uint64_t rd_cntfrq(const cpu_t *c, uint64_t n) { (void)c; (void)n; return CNTFRQ_HZ; }
/* The frequency is fixed per machine: firmware writing it at the highest
 * implemented EL (the only one that may) is accepted and ignored. */
static void wr_ignore(cpu_t *c, uint64_t v) { (void)c; (void)v; }
/* The counters are the exact retired-instruction count: one tick per
 * instruction, deterministic. */
static uint64_t rd_cntpct(const cpu_t *c, uint64_t n) { (void)c; return n; }
static uint64_t rd_cntvct(const cpu_t *c, uint64_t n)
{
    return cpu_el2_enabled(c) && c->el < 2 ? n - c->sr[SR_CNTVOFF_EL2] : n;
}
static uint64_t rd_ctr(const cpu_t *c, uint64_t n) { (void)n; return c->model->ctr_el0; }
/* DZP reads 1 where DC ZVA is prohibited. */
static uint64_t rd_dczid(const cpu_t *c, uint64_t n)
{
    (void)n;
    uint64_t v = c->model->dczid_el0;
    if ((c->el == 0 && !(c->sr[SR_SCTLR_EL1] & SCTLR_DZE)) ||
        (c->el <= 1 && (cpu_hcr(c) & HCR_TDZ)))
        v |= 0x10;
    return v;
}
/* EL1 reads the virtualised identity when EL2 is enabled. */
static uint64_t rd_midr(const cpu_t *c, uint64_t n)
{
    (void)n;
    return c->el == 1 && cpu_el2_enabled(c) ? c->sr[SR_VPIDR_EL2]
                                            : c->model->midr_el1;
}
static uint64_t rd_mpidr(const cpu_t *c, uint64_t n)
{
    (void)n;
    return c->el == 1 && cpu_el2_enabled(c) ? c->sr[SR_VMPIDR_EL2]
                                            : model_mpidr(c->model, c->index);
}
static uint64_t rd_revidr(const cpu_t *c, uint64_t n) { (void)n; return c->model->revidr_el1; }
static uint64_t rd_zero(const cpu_t *c, uint64_t n) { (void)c; (void)n; return 0; }
static uint64_t rd_clidr(const cpu_t *c, uint64_t n) { (void)n; return c->model->clidr_el1; }
static uint64_t rd_ccsidr(const cpu_t *c, uint64_t n)
{
    (void)n;
    return c->model->ccsidr[c->sr[SR_CSSELR_EL1] & 0xf];
}

/* Special-purpose registers. */
static uint64_t rd_spsel(const cpu_t *c, uint64_t n) { (void)n; return c->spsel; }
static void wr_spsel(cpu_t *c, uint64_t v) { pstate_set_el_sp(c, c->el, (unsigned)v & 1); }
static uint64_t rd_currentel(const cpu_t *c, uint64_t n) { (void)n; return c->el << 2; }
static uint64_t rd_daif(const cpu_t *c, uint64_t n) { (void)n; return c->daif; }
static void wr_daif(cpu_t *c, uint64_t v) { c->daif = (uint32_t)v & PSR_DAIF; }
#define PSTATE_BIT_ACCESSORS(name, bit)                                        \
    static uint64_t rd_##name(const cpu_t *c, uint64_t n)                      \
    {                                                                          \
        (void)n;                                                               \
        return c->pstate & (bit);                                              \
    }                                                                          \
    static void wr_##name(cpu_t *c, uint64_t v)                                \
    {                                                                          \
        c->pstate = (c->pstate & ~(uint32_t)(bit)) | ((uint32_t)v & (bit));    \
    }
PSTATE_BIT_ACCESSORS(pan, PSR_PAN)
PSTATE_BIT_ACCESSORS(uao, PSR_UAO)
PSTATE_BIT_ACCESSORS(ssbs, PSR_SSBS)
#define SP_ACCESSORS(n)                                                        \
    static uint64_t rd_sp_el##n(const cpu_t *c, uint64_t i)                    \
    {                                                                          \
        (void)i;                                                               \
        return cpu_sp_el(c, n);                                                \
    }                                                                          \
    static void wr_sp_el##n(cpu_t *c, uint64_t v) { cpu_set_sp_el(c, n, v); }
SP_ACCESSORS(0)
SP_ACCESSORS(1)
SP_ACCESSORS(2)

/* ISR_EL1: pending interrupts as EL1 sees them (virtual ones when routed
 * to EL2 and EL1 runs under it). */
static uint64_t rd_isr(const cpu_t *c, uint64_t n)
{
    (void)n;
    uint64_t hcr = cpu_hcr(c);
    uint32_t l = c->lines;
    uint64_t v = 0;
    bool virt_i = (hcr & HCR_IMO) && c->el < 2, virt_f = (hcr & HCR_FMO) && c->el < 2;
    bool virt_a = (hcr & HCR_AMO) && c->el < 2;
    if (virt_i ? ((l & ARM64EMU_LINE_VIRQ) || (hcr & HCR_VI)) : (l & ARM64EMU_LINE_IRQ))
        v |= 1u << 7;
    if (virt_f ? ((l & ARM64EMU_LINE_VFIQ) || (hcr & HCR_VF)) : (l & ARM64EMU_LINE_FIQ))
        v |= 1u << 6;
    if (virt_a ? (hcr & HCR_VSE) != 0 : (l & ARM64EMU_LINE_SERROR) != 0)
        v |= 1u << 8;
    return v;
}

/* OS lock: OSLAR_EL1.OSLK sets OSLSR_EL1.OSLK (bit 1). */
static void wr_oslar(cpu_t *c, uint64_t v)
{
    c->sr[SR_OSLSR_EL1] = (c->sr[SR_OSLSR_EL1] & ~2ull) | ((v & 1) << 1);
}

/* Set/clear register pairs over one storage slot. */
#define SET_CLR(name, slot, bits)                                              \
    static uint64_t rd_##name(const cpu_t *c, uint64_t n)                      \
    {                                                                          \
        (void)n;                                                               \
        return c->sr[slot];                                                    \
    }                                                                          \
    static void wr_##name##_set(cpu_t *c, uint64_t v) { c->sr[slot] |= v & (bits); } \
    static void wr_##name##_clr(cpu_t *c, uint64_t v) { c->sr[slot] &= ~v; }
/* With PMCR_EL0.N = 0 only the cycle counter (bit 31) exists; the other
 * bits are RAZ/WI. Eight claim tags. */
SET_CLR(pmcnten, SR_PMCNTEN_EL0, 1ull << 31)
SET_CLR(pmovs, SR_PMOVS_EL0, 1ull << 31)
SET_CLR(pminten, SR_PMINTEN_EL1, 1ull << 31)
SET_CLR(dbgclaim, SR_DBGCLAIM_EL1, 0xffull)

/* ---- the table ---------------------------------------------------------- */

#define K SYSREG_KEY
/* A plain storage register. */
#define REG(name, key, acc, traps, reset, res0, res1, present, sync)            \
    {#name, key, acc, traps, SR_##name, reset, res0, res1, present, NULL,       \
     NULL, NULL, sync}
/* A register with read/write functions (wr NULL: read-only). */
#define FN(name, key, acc, traps, present, rd, wr, sync)                        \
    {name, key, acc, traps, SR_NONE, 0, 0, 0, present, rd, wr, NULL, sync}
#define NOTRAP 0u
#define RO0_RW1 (SR_R0 | SR_RW_EL1)
#define HI32 0xffffffff00000000ull
#define ELR_SPSR_RES0 0 /* SPSR masks are per model (sysreg_guest_writable) */

/* SCTLR_EL1 RES1 without FEAT_ExS/CSV2_2/... and its EL0-as-Linux reset. */
#define SCTLR_EL1_RES1 0x30500800ull
#define SCTLR_EL1_RESET                                                        \
    (SCTLR_EL1_RES1 | SCTLR_SPAN | SCTLR_UCI | SCTLR_NTWE | SCTLR_NTWI |         \
     SCTLR_UCT | SCTLR_DZE)
#define SCTLR_EL2_RES1 0x30c50830ull /* without E2H */
#define HCR_RES0 0xfffffffc00000000ull /* E2H and later features */
#define CPTR_EL2_RES1 0x000033ffull
#define CPTR_EL2_RES0 (~(CPTR_EL2_RES1 | (1ull << 10) | (1ull << 20) | (1ull << 31)))
#define CPTR_EL3_RES0 (~((1ull << 10) | (1ull << 20) | (1ull << 31)))
#define SCR_RES1 0x30ull
/* IMP, IDCODE, N: read-only; P and C (bits 2:1) are write-only actions
 * that read as zero (no event counters to reset). */
#define PMCR_RO 0xffffffffffffff86ull

#define TVM SR_T_TVM
#define VM_REG(name, key, res0)                                                 \
    REG(name, key, SR_RW_EL1, TVM, 0, res0, 0, NULL, false)
#define EL2_REG(name, key, reset, res0)                                         \
    REG(name, key, SR_RW_EL2, NOTRAP, reset, res0, 0, has_el2, false)
#define EL3_REG(name, key, reset, res0)                                         \
    REG(name, key, SR_RW_EL3, NOTRAP, reset, res0, 0, has_el3, false)
#define DBG_PAIR(n)                                                             \
    REG(DBGBVR##n##_EL1, K(2, 0, 0, n, 4), SR_RW_EL1, SR_T_DBG, 0, 0, 0, has_brp##n, false), \
    REG(DBGBCR##n##_EL1, K(2, 0, 0, n, 5), SR_RW_EL1, SR_T_DBG, 0, HI32, 0, has_brp##n, false)
#define WP_PAIR(n)                                                              \
    REG(DBGWVR##n##_EL1, K(2, 0, 0, n, 6), SR_RW_EL1, SR_T_DBG, 0, 0, 0, has_wrp##n, false), \
    REG(DBGWCR##n##_EL1, K(2, 0, 0, n, 7), SR_RW_EL1, SR_T_DBG, 0, HI32, 0, has_wrp##n, false)

const sysreg_def_t sysreg_core_table[] = {
    /* Special-purpose registers */
    FN("NZCV",        K(3, 3, 4, 2, 0), SR_RW_EL0, NOTRAP, NULL, rd_nzcv, wr_nzcv, false),
    FN("DAIF",        K(3, 3, 4, 2, 1), SR_RW_EL0, SR_T_UMA, NULL, rd_daif, wr_daif, false),
    FN("SSBS",        K(3, 3, 4, 2, 6), SR_RW_EL0, NOTRAP, has_ssbs, rd_ssbs, wr_ssbs, false),
    FN("FPCR",        K(3, 3, 4, 4, 0), SR_RW_EL0, SR_T_FP, NULL, rd_fpcr, wr_fpcr, false),
    FN("FPSR",        K(3, 3, 4, 4, 1), SR_RW_EL0, SR_T_FP, NULL, rd_fpsr, wr_fpsr, false),
    FN("SPSel",       K(3, 0, 4, 2, 0), SR_RW_EL1, NOTRAP, NULL, rd_spsel, wr_spsel, true),
    FN("CurrentEL",   K(3, 0, 4, 2, 2), SR_RO_EL1, NOTRAP, NULL, rd_currentel, NULL, false),
    FN("PAN",         K(3, 0, 4, 2, 3), SR_RW_EL1, NOTRAP, has_pan, rd_pan, wr_pan, true),
    FN("UAO",         K(3, 0, 4, 2, 4), SR_RW_EL1, NOTRAP, has_uao, rd_uao, wr_uao, true),
    REG(SPSR_EL1,     K(3, 0, 4, 0, 0), SR_RW_EL1, NOTRAP, 0, ELR_SPSR_RES0, 0, NULL, false),
    REG(ELR_EL1,      K(3, 0, 4, 0, 1), SR_RW_EL1, NOTRAP, 0, 0, 0, NULL, false),
    FN("SP_EL0",      K(3, 0, 4, 1, 0), SR_RW_EL1, SR_T_SPSEL, NULL, rd_sp_el0, wr_sp_el0, false),
    REG(SPSR_EL2,     K(3, 4, 4, 0, 0), SR_RW_EL2, NOTRAP, 0, ELR_SPSR_RES0, 0, has_el2, false),
    REG(ELR_EL2,      K(3, 4, 4, 0, 1), SR_RW_EL2, NOTRAP, 0, 0, 0, has_el2, false),
    FN("SP_EL1",      K(3, 4, 4, 1, 0), SR_RW_EL2, NOTRAP, NULL, rd_sp_el1, wr_sp_el1, false),
    REG(SPSR_EL3,     K(3, 6, 4, 0, 0), SR_RW_EL3, NOTRAP, 0, ELR_SPSR_RES0, 0, has_el3, false),
    REG(ELR_EL3,      K(3, 6, 4, 0, 1), SR_RW_EL3, NOTRAP, 0, 0, 0, has_el3, false),
    FN("SP_EL2",      K(3, 6, 4, 1, 0), SR_RW_EL3, NOTRAP, has_el2, rd_sp_el2, wr_sp_el2, false),

    /* EL0 */
    FN("TPIDR_EL0",   K(3, 3, 13, 0, 2), SR_RW_EL0, NOTRAP, NULL, rd_tpidr, wr_tpidr, false),
    FN("TPIDRRO_EL0", K(3, 3, 13, 0, 3), RO0_RW1, NOTRAP, NULL, rd_tpidrro, wr_tpidrro, false),
    FN("CTR_EL0",     K(3, 3, 0, 0, 1), SR_RO_EL0, SR_T_UCT | SR_T_TID2, NULL, rd_ctr, NULL, false),
    FN("DCZID_EL0",   K(3, 3, 0, 0, 7), SR_RO_EL0, NOTRAP, NULL, rd_dczid, NULL, false),
    FN("CNTFRQ_EL0",  K(3, 3, 14, 0, 0), SR_RO_EL0 | SR_W_HIGHEST, SR_T_CNTFRQ, NULL, rd_cntfrq, wr_ignore, false),
    FN("CNTPCT_EL0",  K(3, 3, 14, 0, 1), SR_RO_EL0, SR_T_CNTP, NULL, rd_cntpct, NULL, false),
    FN("CNTVCT_EL0",  K(3, 3, 14, 0, 2), SR_RO_EL0, SR_T_CNTV, NULL, rd_cntvct, NULL, false),
    FN("CNTPCTSS_EL0", K(3, 3, 14, 0, 5), SR_RO_EL0, SR_T_CNTP, has_ecv, rd_cntpct, NULL, false),
    FN("CNTVCTSS_EL0", K(3, 3, 14, 0, 6), SR_RO_EL0, SR_T_CNTV, has_ecv, rd_cntvct, NULL, false),

    /* Identification outside the ID_AA64 space (sysreg_id.c) */
    FN("MIDR_EL1",    K(3, 0, 0, 0, 0), SR_RO_EL1, NOTRAP, NULL, rd_midr, NULL, false),
    FN("MPIDR_EL1",   K(3, 0, 0, 0, 5), SR_RO_EL1, NOTRAP, NULL, rd_mpidr, NULL, false),
    FN("REVIDR_EL1",  K(3, 0, 0, 0, 6), SR_RO_EL1, SR_T_TID1, NULL, rd_revidr, NULL, false),
    FN("AIDR_EL1",    K(3, 1, 0, 0, 7), SR_RO_EL1, SR_T_TID1, NULL, rd_zero, NULL, false),
    FN("CCSIDR_EL1",  K(3, 1, 0, 0, 0), SR_RO_EL1, SR_T_TID2, NULL, rd_ccsidr, NULL, false),
    FN("CLIDR_EL1",   K(3, 1, 0, 0, 1), SR_RO_EL1, SR_T_TID2, NULL, rd_clidr, NULL, false),
    REG(CSSELR_EL1,   K(3, 2, 0, 0, 0), SR_RW_EL1, SR_T_TID2, 0, ~0xfull, 0, NULL, false),

    /* EL1 */
    REG(SCTLR_EL1,    K(3, 0, 1, 0, 0), SR_RW_EL1, TVM, SCTLR_EL1_RESET, 0, SCTLR_EL1_RES1, NULL, true),
    REG(ACTLR_EL1,    K(3, 0, 1, 0, 1), SR_RW_EL1, SR_T_TACR, 0, ~0ull, 0, NULL, false),
    REG(CPACR_EL1,    K(3, 0, 1, 0, 2), SR_RW_EL1, SR_T_CPAC, 3ull << 20, ~(3ull << 20), 0, NULL, true),
    VM_REG(TTBR0_EL1, K(3, 0, 2, 0, 0), 0),
    VM_REG(TTBR1_EL1, K(3, 0, 2, 0, 1), 0),
    VM_REG(TCR_EL1,   K(3, 0, 2, 0, 2), 0),
    VM_REG(AFSR0_EL1, K(3, 0, 5, 1, 0), ~0ull),
    VM_REG(AFSR1_EL1, K(3, 0, 5, 1, 1), ~0ull),
    VM_REG(ESR_EL1,   K(3, 0, 5, 2, 0), HI32),
    VM_REG(FAR_EL1,   K(3, 0, 6, 0, 0), 0),
    REG(PAR_EL1,      K(3, 0, 7, 4, 0), SR_RW_EL1, NOTRAP, 0, 0, 0, NULL, false),
    VM_REG(MAIR_EL1,  K(3, 0, 10, 2, 0), 0),
    VM_REG(AMAIR_EL1, K(3, 0, 10, 3, 0), ~0ull),
    REG(VBAR_EL1,     K(3, 0, 12, 0, 0), SR_RW_EL1, NOTRAP, 0, 0x7ff, 0, NULL, false),
    FN("ISR_EL1",     K(3, 0, 12, 1, 0), SR_RO_EL1, NOTRAP, NULL, rd_isr, NULL, false),
    VM_REG(CONTEXTIDR_EL1, K(3, 0, 13, 0, 1), HI32),
    REG(TPIDR_EL1,    K(3, 0, 13, 0, 4), SR_RW_EL1, NOTRAP, 0, 0, 0, NULL, false),
    REG(CNTKCTL_EL1,  K(3, 0, 14, 1, 0), SR_RW_EL1, NOTRAP, 3, ~0x3ffull, 0, NULL, false),

    /* Debug (op0 = 2) */
    REG(MDCCINT_EL1,  K(2, 0, 0, 2, 0), SR_RW_EL1, SR_T_DBG, 0, ~(3ull << 29), 0, NULL, false),
    REG(MDSCR_EL1,    K(2, 0, 0, 2, 2), SR_RW_EL1, SR_T_DBG, 0, HI32, 0, NULL, false),
    REG(OSECCR_EL1,   K(2, 0, 0, 6, 2), SR_RW_EL1, SR_T_OSL, 0, HI32, 0, NULL, false),
    DBG_PAIR(0), DBG_PAIR(1), DBG_PAIR(2), DBG_PAIR(3), DBG_PAIR(4), DBG_PAIR(5),
    WP_PAIR(0), WP_PAIR(1), WP_PAIR(2), WP_PAIR(3),
    FN("MDRAR_EL1",   K(2, 0, 1, 0, 0), SR_RO_EL1, SR_T_DBG, NULL, rd_zero, NULL, false),
    FN("OSLAR_EL1",   K(2, 0, 1, 0, 4), SR_WO_EL1, SR_T_OSL, NULL, NULL, wr_oslar, false),
    REG(OSLSR_EL1,    K(2, 0, 1, 1, 4), SR_RO_EL1, SR_T_OSL, 0xa, 0, 0, NULL, false),
    REG(OSDLR_EL1,    K(2, 0, 1, 3, 4), SR_RW_EL1, SR_T_OSL, 0, ~1ull, 0, NULL, false),
    REG(DBGPRCR_EL1,  K(2, 0, 1, 4, 4), SR_RW_EL1, SR_T_OSL, 0, ~1ull, 0, NULL, false),
    FN("DBGCLAIMSET_EL1", K(2, 0, 7, 8, 6), SR_RW_EL1, SR_T_DBG, NULL, rd_dbgclaim, wr_dbgclaim_set, false),
    FN("DBGCLAIMCLR_EL1", K(2, 0, 7, 9, 6), SR_RW_EL1, SR_T_DBG, NULL, rd_dbgclaim, wr_dbgclaim_clr, false),
    FN("DBGAUTHSTATUS_EL1", K(2, 0, 7, 14, 6), SR_RO_EL1, SR_T_DBG, NULL, rd_zero, NULL, false),

    /* PMU: present when ID_AA64DFR0_EL1.PMUVer says so; no event counters
     * (PMCR_EL0.N = 0) and a cycle counter that does not count. */
    REG(PMCR_EL0,     K(3, 3, 9, 12, 0), SR_RW_EL0, SR_T_PMU, 0, PMCR_RO, 0, has_pmu, false),
    FN("PMCNTENSET_EL0", K(3, 3, 9, 12, 1), SR_RW_EL0, SR_T_PMU, has_pmu, rd_pmcnten, wr_pmcnten_set, false),
    FN("PMCNTENCLR_EL0", K(3, 3, 9, 12, 2), SR_RW_EL0, SR_T_PMU, has_pmu, rd_pmcnten, wr_pmcnten_clr, false),
    FN("PMOVSCLR_EL0", K(3, 3, 9, 12, 3), SR_RW_EL0, SR_T_PMU, has_pmu, rd_pmovs, wr_pmovs_clr, false),
    FN("PMSWINC_EL0", K(3, 3, 9, 12, 4), SR_W0 | SR_WO_EL1, SR_T_PMU, has_pmu, NULL, wr_ignore, false),
    REG(PMSELR_EL0,   K(3, 3, 9, 12, 5), SR_RW_EL0, SR_T_PMU, 0, ~0x1full, 0, has_pmu, false),
    FN("PMCEID0_EL0", K(3, 3, 9, 12, 6), SR_RO_EL0, SR_T_PMU, has_pmu, rd_zero, NULL, false),
    FN("PMCEID1_EL0", K(3, 3, 9, 12, 7), SR_RO_EL0, SR_T_PMU, has_pmu, rd_zero, NULL, false),
    REG(PMCCNTR_EL0,  K(3, 3, 9, 13, 0), SR_RW_EL0, SR_T_PMU, 0, 0, 0, has_pmu, false),
    REG(PMXEVTYPER_EL0, K(3, 3, 9, 13, 1), SR_RW_EL0, SR_T_PMU, 0, 0, 0, has_pmu, false),
    FN("PMXEVCNTR_EL0", K(3, 3, 9, 13, 2), SR_RW_EL0, SR_T_PMU, has_pmu, rd_zero, wr_ignore, false),
    REG(PMUSERENR_EL0, K(3, 3, 9, 14, 0), RO0_RW1, NOTRAP, 0, ~0xfull, 0, has_pmu, false),
    FN("PMOVSSET_EL0", K(3, 3, 9, 14, 3), SR_RW_EL0, SR_T_PMU, has_pmu, rd_pmovs, wr_pmovs_set, false),
    FN("PMINTENSET_EL1", K(3, 0, 9, 14, 1), SR_RW_EL1, SR_T_PMU, has_pmu, rd_pminten, wr_pminten_set, false),
    FN("PMINTENCLR_EL1", K(3, 0, 9, 14, 2), SR_RW_EL1, SR_T_PMU, has_pmu, rd_pminten, wr_pminten_clr, false),
    REG(PMCCFILTR_EL0, K(3, 3, 14, 15, 7), SR_RW_EL0, SR_T_PMU, 0, HI32 | 0x03ffffffull, 0, has_pmu, false),

    /* EL2 */
    REG(VPIDR_EL2,    K(3, 4, 0, 0, 0), SR_RW_EL2, NOTRAP, 0, HI32, 0, has_el2, false),
    REG(VMPIDR_EL2,   K(3, 4, 0, 0, 5), SR_RW_EL2, NOTRAP, 0, 0, 0, has_el2, false),
    REG(SCTLR_EL2,    K(3, 4, 1, 0, 0), SR_RW_EL2, NOTRAP, SCTLR_EL2_RES1, 0, SCTLR_EL2_RES1, has_el2, true),
    EL2_REG(ACTLR_EL2, K(3, 4, 1, 0, 1), 0, ~0ull),
    REG(HCR_EL2,      K(3, 4, 1, 1, 0), SR_RW_EL2, NOTRAP, HCR_RW, HCR_RES0, HCR_RW, has_el2, true),
    EL2_REG(MDCR_EL2, K(3, 4, 1, 1, 1), 0, ~0xfffull),
    REG(CPTR_EL2,     K(3, 4, 1, 1, 2), SR_RW_EL2, NOTRAP, CPTR_EL2_RES1, CPTR_EL2_RES0, CPTR_EL2_RES1, has_el2, true),
    EL2_REG(HSTR_EL2, K(3, 4, 1, 1, 3), 0, ~0xbfffull),
    EL2_REG(HACR_EL2, K(3, 4, 1, 1, 7), 0, ~0ull),
    EL2_REG(TTBR0_EL2, K(3, 4, 2, 0, 0), 0, 0),
    EL2_REG(TCR_EL2,  K(3, 4, 2, 0, 2), 0x80800000ull, HI32),
    EL2_REG(VTTBR_EL2, K(3, 4, 2, 1, 0), 0, 0),
    EL2_REG(VTCR_EL2, K(3, 4, 2, 1, 2), 0x80000000ull, HI32),
    EL2_REG(AFSR0_EL2, K(3, 4, 5, 1, 0), 0, ~0ull),
    EL2_REG(AFSR1_EL2, K(3, 4, 5, 1, 1), 0, ~0ull),
    EL2_REG(ESR_EL2,  K(3, 4, 5, 2, 0), 0, HI32),
    EL2_REG(FAR_EL2,  K(3, 4, 6, 0, 0), 0, 0),
    EL2_REG(HPFAR_EL2, K(3, 4, 6, 0, 4), 0, 0xf),
    EL2_REG(MAIR_EL2, K(3, 4, 10, 2, 0), 0, 0),
    EL2_REG(AMAIR_EL2, K(3, 4, 10, 3, 0), 0, ~0ull),
    EL2_REG(VBAR_EL2, K(3, 4, 12, 0, 0), 0, 0x7ff),
    EL2_REG(TPIDR_EL2, K(3, 4, 13, 0, 2), 0, 0),
    EL2_REG(CNTVOFF_EL2, K(3, 4, 14, 0, 3), 0, 0),
    EL2_REG(CNTHCTL_EL2, K(3, 4, 14, 1, 0), 3, ~0xffull),

    /* EL3 */
    REG(SCTLR_EL3,    K(3, 6, 1, 0, 0), SR_RW_EL3, NOTRAP, SCTLR_EL2_RES1, 0, SCTLR_EL2_RES1, has_el3, true),
    EL3_REG(ACTLR_EL3, K(3, 6, 1, 0, 1), 0, ~0ull),
    REG(SCR_EL3,      K(3, 6, 1, 1, 0), SR_RW_EL3, NOTRAP, SCR_RES1 | SCR_RW, ~0x3fffull, SCR_RES1 | SCR_RW, has_el3, true),
    REG(CPTR_EL3,     K(3, 6, 1, 1, 2), SR_RW_EL3, NOTRAP, 0, CPTR_EL3_RES0, 0, has_el3, true),
    EL3_REG(MDCR_EL3, K(3, 6, 1, 3, 1), 0, ~0x3fffffull),
    EL3_REG(TTBR0_EL3, K(3, 6, 2, 0, 0), 0, 0),
    EL3_REG(TCR_EL3,  K(3, 6, 2, 0, 2), 0x80800000ull, HI32),
    EL3_REG(AFSR0_EL3, K(3, 6, 5, 1, 0), 0, ~0ull),
    EL3_REG(AFSR1_EL3, K(3, 6, 5, 1, 1), 0, ~0ull),
    EL3_REG(ESR_EL3,  K(3, 6, 5, 2, 0), 0, HI32),
    EL3_REG(FAR_EL3,  K(3, 6, 6, 0, 0), 0, 0),
    EL3_REG(MAIR_EL3, K(3, 6, 10, 2, 0), 0, 0),
    EL3_REG(AMAIR_EL3, K(3, 6, 10, 3, 0), 0, ~0ull),
    EL3_REG(VBAR_EL3, K(3, 6, 12, 0, 0), 0, 0x7ff),
    EL3_REG(TPIDR_EL3, K(3, 6, 13, 0, 2), 0, 0),
    {NULL, 0, 0, 0, SR_NONE, 0, 0, 0, NULL, NULL, NULL, NULL, false},
};
