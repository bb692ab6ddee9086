/* The MMU's system instructions as sysreg table entries (SYS, op0 = 1):
 * TLB maintenance (TLBI), address translation (AT), and the data and
 * instruction cache maintenance that takes an address (DC, IC).
 *
 * The soft TLB is split per translation context and the decoded blocks
 * are keyed by virtual pc, so TLB maintenance drops soft TLB entries and,
 * when decoded code may depend on them, decoded blocks. The Inner
 * Shareable forms act on every CPU of the machine. Stage 2 is not
 * modelled: the IPAS2 forms have nothing to drop. */
#include "machine.h"
#include "mem.h"
#include "mmu.h"
#include "pstate.h"
#include "sysreg.h"

/* ---- TLBI ---------------------------------------------------------------- */

typedef enum tlbi_scope {
    TLBI_ALL,     /* every entry of the regime */
    TLBI_ASID,    /* non-global entries of one ASID */
    TLBI_VA,      /* one VA, in one ASID or global */
    TLBI_VA_ALL,  /* one VA, any ASID */
} tlbi_scope_t;

static const unsigned regime_contexts[3][4] = {
    {MMU_E10_0, MMU_E10_1, MMU_E10_1_PAN, MMU_IDX_COUNT},
    {MMU_E2, MMU_IDX_COUNT},
    {MMU_E3, MMU_IDX_COUNT},
};

/* ASID of a TLBI argument (Xt[63:48]), as wide as TCR_EL1.AS makes it. */
static uint16_t tlbi_asid(const cpu_t *cpu, uint64_t xt)
{
    bool asid16 = ((cpu->sr[SR_TCR_EL1] >> 36) & 1) &&
                  ((cpu->model->id_aa64mmfr0_el1 >> 4) & 0xf) == 2;
    return (uint16_t)(xt >> 48) & (asid16 ? 0xffff : 0xff);
}

static bool entry_matches(const tlb_entry_t *e, tlbi_scope_t scope,
                          uint64_t va, uint16_t asid)
{
    if (e->page == TLB_INVALID)
        return false;
    if (scope == TLBI_ALL)
        return true;
    bool global = e->flags & TLB_F_GLOBAL;
    if (scope == TLBI_ASID)
        return !global && e->asid == asid;
    if (scope == TLBI_VA && !global && e->asid != asid)
        return false;
    /* VA[55:12] against the leaf the entry came from (a block's entries
     * all go when any address in the block is named). */
    uint64_t mask = 0x00fffffffffff000ull & ~((1ull << e->size_log2) - 1);
    return ((e->page ^ va) & mask) == 0;
}

static void tlbi_cpu(cpu_t *cpu, unsigned regime, tlbi_scope_t scope,
                     uint64_t xt)
{
    uint64_t va = (xt & 0x00000fffffffffffull) << 12;
    uint16_t asid = tlbi_asid(cpu, xt);
    for (const unsigned *c = regime_contexts[regime]; *c != MMU_IDX_COUNT;
         c++) {
        tlb_table_t *t = &cpu->tlb.t[*c];
        if (scope == TLBI_ALL) {
            tlb_flush_table(t);
            continue;
        }
        for (unsigned i = 0; i < TLB_ENTRIES; i++)
            if (entry_matches(&t->e[i], scope, va, asid))
                tlb_entry_clear(&t->e[i]);
    }
    bool by_va = scope == TLBI_VA || scope == TLBI_VA_ALL;
    if (!by_va || mmu_code_va_may_hold(cpu, va))
        mmu_flush_blocks(cpu);
}

static void tlbi(cpu_t *cpu, unsigned regime, tlbi_scope_t scope,
                 uint64_t xt, bool shareable)
{
    if (!shareable) {
        tlbi_cpu(cpu, regime, scope, xt);
        return;
    }
    machine_t *m = cpu->machine;
    for (unsigned i = 0; i < m->ncpus; i++)
        tlbi_cpu(&m->cpus[i], regime, scope, xt);
}

#define TLBI_OP(name, regime, scope, is)                                       \
    static bool name(cpu_t *cpu, uint64_t xt)                                  \
    {                                                                          \
        tlbi(cpu, regime, scope, xt, is);                                      \
        return true;                                                           \
    }

TLBI_OP(tlbi_vmalle1, 0, TLBI_ALL, false)
TLBI_OP(tlbi_vmalle1is, 0, TLBI_ALL, true)
TLBI_OP(tlbi_vae1, 0, TLBI_VA, false)
TLBI_OP(tlbi_vae1is, 0, TLBI_VA, true)
TLBI_OP(tlbi_aside1, 0, TLBI_ASID, false)
TLBI_OP(tlbi_aside1is, 0, TLBI_ASID, true)
TLBI_OP(tlbi_vaae1, 0, TLBI_VA_ALL, false)
TLBI_OP(tlbi_vaae1is, 0, TLBI_VA_ALL, true)
TLBI_OP(tlbi_alle2, 1, TLBI_ALL, false)
TLBI_OP(tlbi_alle2is, 1, TLBI_ALL, true)
TLBI_OP(tlbi_vae2, 1, TLBI_VA_ALL, false)
TLBI_OP(tlbi_vae2is, 1, TLBI_VA_ALL, true)
TLBI_OP(tlbi_alle3, 2, TLBI_ALL, false)
TLBI_OP(tlbi_alle3is, 2, TLBI_ALL, true)
TLBI_OP(tlbi_vae3, 2, TLBI_VA_ALL, false)
TLBI_OP(tlbi_vae3is, 2, TLBI_VA_ALL, true)

/* Stage 2 is not modelled: nothing is cached by IPA. */
static bool tlbi_ipas2(cpu_t *cpu, uint64_t xt)
{
    (void)cpu;
    (void)xt;
    return true;
}

/* ---- AT ------------------------------------------------------------------ */

#define PAR_F (1ull << 0)
#define PAR_RES1 (1ull << 11)

/* Walks va in context idx as access (no TLB) and reports the result in
 * PAR_EL1: PA, attributes and shareability, or F with the fault status.
 * Faults are reported there, never taken. */
static void at(cpu_t *cpu, mmu_idx_t idx, uint64_t va, mmu_access_t access,
               bool pan)
{
    mmu_regime_t rg;
    mmu_regime_of(cpu, idx, &rg);
    mmu_req_t req = {
        .va = va, .access = access, .unpriv = idx == MMU_E10_0, .pan = pan};
    mmu_result_t r;
    uint64_t par;
    if (mmu_walk(&rg, cpu->bus, &req, &r)) {
        if (!rg.enabled) { /* Device-nGnRnE, at EL0 too */
            r.attr = 0;
            r.device = true;
        }
        /* Device and Normal Non-cacheable memory report Outer Shareable. */
        bool nc = r.device || r.attr == 0x44;
        uint64_t sh = nc ? 2 : r.sh;
        par = (r.pa & 0x0000fffffffff000ull) | ((uint64_t)r.attr << 56) |
              (sh << 7) | PAR_RES1;
    } else {
        par = PAR_F | ((uint64_t)(r.fsc & 0x3f) << 1) | PAR_RES1;
    }
    cpu->sr[SR_PAR_EL1] = par;
}

static bool pan_on(const cpu_t *cpu)
{
    return (cpu->pstate & PSR_PAN) != 0;
}

#define AT_OP(name, idx, access, pan)                                          \
    static bool name(cpu_t *cpu, uint64_t xt)                                  \
    {                                                                          \
        at(cpu, idx, xt, access, pan);                                         \
        return true;                                                           \
    }

AT_OP(at_s1e1r, MMU_E10_1, MMU_READ, false)
AT_OP(at_s1e1w, MMU_E10_1, MMU_WRITE, false)
AT_OP(at_s1e0r, MMU_E10_0, MMU_READ, false)
AT_OP(at_s1e0w, MMU_E10_0, MMU_WRITE, false)
AT_OP(at_s1e1rp, MMU_E10_1, MMU_READ, pan_on(cpu))
AT_OP(at_s1e1wp, MMU_E10_1, MMU_WRITE, pan_on(cpu))
AT_OP(at_s1e2r, MMU_E2, MMU_READ, false)
AT_OP(at_s1e2w, MMU_E2, MMU_WRITE, false)
AT_OP(at_s1e3r, MMU_E3, MMU_READ, false)
AT_OP(at_s1e3w, MMU_E3, MMU_WRITE, false)

/* ---- DC, IC -------------------------------------------------------------- */

static bool dc_zva(cpu_t *cpu, uint64_t xt)
{
    return mem_zero_block(cpu, xt, model_dczva_bytes(cpu->model));
}

/* Clean/invalidate by VA: there are no caches, but the address is
 * translated and may fault (CM = 1). */
static bool dc_clean(cpu_t *cpu, uint64_t xt)
{
    uint64_t pa;
    return mem_translate_cm(cpu, xt, false, &pa);
}

static bool dc_ivac(cpu_t *cpu, uint64_t xt)
{
    uint64_t pa;
    return mem_translate_cm(cpu, xt, true, &pa);
}

static bool nop(cpu_t *cpu, uint64_t xt)
{
    (void)cpu;
    (void)xt;
    return true;
}

/* IC IVAU: drops the blocks decoded from the physical page behind Xt on
 * every CPU (through the bus's code_written line). Clearing the page's
 * code mark keeps the bus's invariant, as a store would. */
static bool ic_ivau(cpu_t *cpu, uint64_t xt)
{
    uint64_t pa;
    if (!mem_translate_cm(cpu, xt, false, &pa))
        return false;
    bus_t *bus = cpu->bus;
    region_t *r = bus_find(bus, pa);
    if (r && region_is_ram(r)) {
        size_t page = region_page(r, pa);
        if (bit_test(r->code, page)) {
            bit_clear(r->code, page);
            if (bus->events.code_written)
                bus->events.code_written(bus->events.ctx,
                                         pa & ~(BUS_PAGE_SIZE - 1));
        }
    }
    return true;
}

static bool ic_iallu(cpu_t *cpu, uint64_t xt)
{
    (void)xt;
    mmu_flush_blocks(cpu);
    return true;
}

static bool ic_ialluis(cpu_t *cpu, uint64_t xt)
{
    (void)xt;
    machine_t *m = cpu->machine;
    for (unsigned i = 0; i < m->ncpus; i++)
        mmu_flush_blocks(&m->cpus[i]);
    return true;
}

/* ---- the table ----------------------------------------------------------- */

static bool has_el2(const cpu_model_t *m) { return model_has_el(m, 2); }
static bool has_el3(const cpu_model_t *m) { return model_has_el(m, 3); }
/* FEAT_PAN2 (AT S1E1RP/WP): ID_AA64MMFR1_EL1.PAN >= 2. */
static bool has_pan2(const cpu_model_t *m)
{
    return id_field(m->id_aa64mmfr1_el1, 20) >= 2;
}
/* DC ZVA exists unless DCZID_EL0.DZP says it is prohibited. */
static bool has_zva(const cpu_model_t *m) { return !(m->dczid_el0 & 0x10); }
/* FEAT_DPB (DC CVAP): ID_AA64ISAR1_EL1.DPB >= 1; FEAT_DPB2 (DC CVADP). */
static bool has_dpb(const cpu_model_t *m) { return id_field(m->id_aa64isar1_el1, 0) >= 1; }
static bool has_dpb2(const cpu_model_t *m) { return id_field(m->id_aa64isar1_el1, 0) >= 2; }

#define W_ALL (SR_W0 | SR_W1 | SR_W2 | SR_W3)
#define W_EL1 SR_WO_EL1
#define W_EL2 (SR_W2 | SR_W3)
#define W_EL3 SR_W3
#define SYS(op1, crn, crm, op2) SYSREG_KEY(1, op1, crn, crm, op2)
/* name, encoding, access, traps, present, function, ends the block */
#define OP(name, key, access, traps, present, fn, sync)                        \
    {name, key, access, traps, SR_NONE, 0, 0, 0, present, NULL, NULL, fn, sync}

const sysreg_def_t mmu_sysops[] = {
    /* TLBI, EL1&0 regime */
    OP("TLBI VMALLE1IS", SYS(0, 8, 3, 0), W_EL1, SR_T_TTLB, NULL, tlbi_vmalle1is, true),
    OP("TLBI VAE1IS",    SYS(0, 8, 3, 1), W_EL1, SR_T_TTLB, NULL, tlbi_vae1is, true),
    OP("TLBI ASIDE1IS",  SYS(0, 8, 3, 2), W_EL1, SR_T_TTLB, NULL, tlbi_aside1is, true),
    OP("TLBI VAAE1IS",   SYS(0, 8, 3, 3), W_EL1, SR_T_TTLB, NULL, tlbi_vaae1is, true),
    OP("TLBI VALE1IS",   SYS(0, 8, 3, 5), W_EL1, SR_T_TTLB, NULL, tlbi_vae1is, true),
    OP("TLBI VAALE1IS",  SYS(0, 8, 3, 7), W_EL1, SR_T_TTLB, NULL, tlbi_vaae1is, true),
    OP("TLBI VMALLE1",   SYS(0, 8, 7, 0), W_EL1, SR_T_TTLB, NULL, tlbi_vmalle1, true),
    OP("TLBI VAE1",      SYS(0, 8, 7, 1), W_EL1, SR_T_TTLB, NULL, tlbi_vae1, true),
    OP("TLBI ASIDE1",    SYS(0, 8, 7, 2), W_EL1, SR_T_TTLB, NULL, tlbi_aside1, true),
    OP("TLBI VAAE1",     SYS(0, 8, 7, 3), W_EL1, SR_T_TTLB, NULL, tlbi_vaae1, true),
    OP("TLBI VALE1",     SYS(0, 8, 7, 5), W_EL1, SR_T_TTLB, NULL, tlbi_vae1, true),
    OP("TLBI VAALE1",    SYS(0, 8, 7, 7), W_EL1, SR_T_TTLB, NULL, tlbi_vaae1, true),
    /* TLBI from EL2: EL2 regime, and all of EL1&0 (no stage 2, no VMID) */
    OP("TLBI IPAS2E1IS",  SYS(4, 8, 0, 1), W_EL2, 0, has_el2, tlbi_ipas2, false),
    OP("TLBI IPAS2LE1IS", SYS(4, 8, 0, 5), W_EL2, 0, has_el2, tlbi_ipas2, false),
    OP("TLBI ALLE2IS",    SYS(4, 8, 3, 0), W_EL2, 0, has_el2, tlbi_alle2is, true),
    OP("TLBI VAE2IS",     SYS(4, 8, 3, 1), W_EL2, 0, has_el2, tlbi_vae2is, true),
    OP("TLBI ALLE1IS",    SYS(4, 8, 3, 4), W_EL2, 0, has_el2, tlbi_vmalle1is, true),
    OP("TLBI VALE2IS",    SYS(4, 8, 3, 5), W_EL2, 0, has_el2, tlbi_vae2is, true),
    OP("TLBI VMALLS12E1IS", SYS(4, 8, 3, 6), W_EL2, 0, has_el2, tlbi_vmalle1is, true),
    OP("TLBI IPAS2E1",    SYS(4, 8, 4, 1), W_EL2, 0, has_el2, tlbi_ipas2, false),
    OP("TLBI IPAS2LE1",   SYS(4, 8, 4, 5), W_EL2, 0, has_el2, tlbi_ipas2, false),
    OP("TLBI ALLE2",      SYS(4, 8, 7, 0), W_EL2, 0, has_el2, tlbi_alle2, true),
    OP("TLBI VAE2",       SYS(4, 8, 7, 1), W_EL2, 0, has_el2, tlbi_vae2, true),
    OP("TLBI ALLE1",      SYS(4, 8, 7, 4), W_EL2, 0, has_el2, tlbi_vmalle1, true),
    OP("TLBI VALE2",      SYS(4, 8, 7, 5), W_EL2, 0, has_el2, tlbi_vae2, true),
    OP("TLBI VMALLS12E1", SYS(4, 8, 7, 6), W_EL2, 0, has_el2, tlbi_vmalle1, true),
    /* TLBI, EL3 regime */
    OP("TLBI ALLE3IS", SYS(6, 8, 3, 0), W_EL3, 0, has_el3, tlbi_alle3is, true),
    OP("TLBI VAE3IS",  SYS(6, 8, 3, 1), W_EL3, 0, has_el3, tlbi_vae3is, true),
    OP("TLBI VALE3IS", SYS(6, 8, 3, 5), W_EL3, 0, has_el3, tlbi_vae3is, true),
    OP("TLBI ALLE3",   SYS(6, 8, 7, 0), W_EL3, 0, has_el3, tlbi_alle3, true),
    OP("TLBI VAE3",    SYS(6, 8, 7, 1), W_EL3, 0, has_el3, tlbi_vae3, true),
    OP("TLBI VALE3",   SYS(6, 8, 7, 5), W_EL3, 0, has_el3, tlbi_vae3, true),
    /* Not implemented: the range forms (FEAT_TLBIRANGE, v8.4), the Outer
     * Shareable forms (FEAT_TLBIOS, v8.4), the nXS forms (FEAT_XS, v8.7):
     * no model advertises them. */

    /* AT */
    OP("AT S1E1R",  SYS(0, 7, 8, 0), W_EL1, 0, NULL, at_s1e1r, false),
    OP("AT S1E1W",  SYS(0, 7, 8, 1), W_EL1, 0, NULL, at_s1e1w, false),
    OP("AT S1E0R",  SYS(0, 7, 8, 2), W_EL1, 0, NULL, at_s1e0r, false),
    OP("AT S1E0W",  SYS(0, 7, 8, 3), W_EL1, 0, NULL, at_s1e0w, false),
    OP("AT S1E1RP", SYS(0, 7, 9, 0), W_EL1, 0, has_pan2, at_s1e1rp, false),
    OP("AT S1E1WP", SYS(0, 7, 9, 1), W_EL1, 0, has_pan2, at_s1e1wp, false),
    OP("AT S1E2R",  SYS(4, 7, 8, 0), W_EL2, 0, has_el2, at_s1e2r, false),
    OP("AT S1E2W",  SYS(4, 7, 8, 1), W_EL2, 0, has_el2, at_s1e2w, false),
    /* Stage 2 is not modelled: the two-stage forms give stage 1. */
    OP("AT S12E1R", SYS(4, 7, 8, 4), W_EL2, 0, has_el2, at_s1e1r, false),
    OP("AT S12E1W", SYS(4, 7, 8, 5), W_EL2, 0, has_el2, at_s1e1w, false),
    OP("AT S12E0R", SYS(4, 7, 8, 6), W_EL2, 0, has_el2, at_s1e0r, false),
    OP("AT S12E0W", SYS(4, 7, 8, 7), W_EL2, 0, has_el2, at_s1e0w, false),
    OP("AT S1E3R",  SYS(6, 7, 8, 0), W_EL3, 0, has_el3, at_s1e3r, false),
    OP("AT S1E3W",  SYS(6, 7, 8, 1), W_EL3, 0, has_el3, at_s1e3w, false),

    /* DC */
    OP("DC IVAC",  SYS(0, 7, 6, 1),  W_EL1, SR_T_TPC, NULL, dc_ivac, false),
    OP("DC ISW",   SYS(0, 7, 6, 2),  W_EL1, SR_T_TSW, NULL, nop, false),
    OP("DC CSW",   SYS(0, 7, 10, 2), W_EL1, SR_T_TSW, NULL, nop, false),
    OP("DC CISW",  SYS(0, 7, 14, 2), W_EL1, SR_T_TSW, NULL, nop, false),
    OP("DC ZVA",   SYS(3, 7, 4, 1),  W_ALL, SR_T_DZE | SR_T_TDZ, has_zva, dc_zva, false),
    OP("DC CVAC",  SYS(3, 7, 10, 1), W_ALL, SR_T_UCI | SR_T_TPC, NULL, dc_clean, false),
    OP("DC CVAU",  SYS(3, 7, 11, 1), W_ALL, SR_T_UCI | SR_T_TPU, NULL, dc_clean, false),
    OP("DC CVAP",  SYS(3, 7, 12, 1), W_ALL, SR_T_UCI | SR_T_TPC, has_dpb, dc_clean, false),
    OP("DC CVADP", SYS(3, 7, 13, 1), W_ALL, SR_T_UCI | SR_T_TPC, has_dpb2, dc_clean, false),
    OP("DC CIVAC", SYS(3, 7, 14, 1), W_ALL, SR_T_UCI | SR_T_TPC, NULL, dc_clean, false),
    /* Not implemented: DC GVA/GZVA and the tag forms (FEAT_MTE, v8.5). */

    /* IC */
    OP("IC IALLUIS", SYS(0, 7, 1, 0), W_EL1, SR_T_TPU, NULL, ic_ialluis, true),
    OP("IC IALLU",   SYS(0, 7, 5, 0), W_EL1, SR_T_TPU, NULL, ic_iallu, true),
    OP("IC IVAU",    SYS(3, 7, 5, 1), W_ALL, SR_T_UCI | SR_T_TPU, NULL, ic_ivau, false),

    {NULL, 0, 0, 0, SR_NONE, 0, 0, 0, NULL, NULL, NULL, NULL, false},
};
