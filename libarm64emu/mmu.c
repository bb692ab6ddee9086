/* VMSAv8-64 stage-1 translation table walks (Arm ARM D8: "The AArch64
 * Virtual Memory System Architecture"), and the translation contexts.
 *
 * Implemented: 4K/16K/64K granules, 48-bit VA and OA (no FEAT_LPA,
 * FEAT_LPA2, FEAT_LVA, FEAT_TTST), TBI, hierarchical permissions, PAN, WXN,
 * nG with 8/16-bit ASIDs, MAIR attributes. Not advertised, so not
 * implemented: hardware Access flag and dirty state (FEAT_HAFDBS), FEAT_HPDS,
 * FEAT_E0PD, FEAT_PAN3, VHE (FEAT_VHE: no EL2&0 regime). The contiguous bit
 * is accepted and ignored (a TLB may cache the entries one by one). */
#include "mmu.h"

#include <string.h>

#include "block.h"
#include "pstate.h"

#define DESC_VALID (1ull << 0)
#define DESC_TABLE (1ull << 1) /* table at levels 0-2, page at level 3 */
#define DESC_AP1 (1ull << 6)   /* AP[1]: EL0 access (two-range regimes) */
#define DESC_AP2 (1ull << 7)   /* AP[2]: read-only */
#define DESC_AF (1ull << 10)
#define DESC_NG (1ull << 11)
#define DESC_PXN (1ull << 53)
#define DESC_UXN (1ull << 54)  /* XN in single-range regimes */
#define DESC_PXN_TABLE (1ull << 59)
#define DESC_UXN_TABLE (1ull << 60) /* XNTable in single-range regimes */
#define DESC_AP_TABLE0 (1ull << 61) /* no EL0 access below */
#define DESC_AP_TABLE1 (1ull << 62) /* no write access below */
#define OA_MASK 0x0000fffffffff000ull /* bits 47:12 */

#define SCTLR_M (1ull << 0)
#define SCTLR_WXN (1ull << 19)
#define SCTLR_EE (1ull << 25)

unsigned mmu_pa_bits(uint64_t mmfr0)
{
    static const unsigned bits[] = {32, 36, 40, 42, 44, 48};
    unsigned f = mmfr0 & 0xf;
    return bits[f < 6 ? f : 5]; /* 52 bits needs FEAT_LPA: capped at 48 */
}

/* Which granules the model implements (ID_AA64MMFR0_EL1.TGran*). */
static bool has_granule(uint64_t mmfr0, unsigned gbits)
{
    switch (gbits) {
    case 12: return ((mmfr0 >> 28) & 0xf) != 0xf;
    case 14: return ((mmfr0 >> 20) & 0xf) != 0;
    default: return ((mmfr0 >> 24) & 0xf) != 0xf;
    }
}

/* A reserved or unimplemented TGx value selects an implemented granule
 * (the IMPLEMENTATION DEFINED choice: 4K if there, else 64K). */
static unsigned pick_granule(uint64_t mmfr0, unsigned gbits)
{
    if (gbits && has_granule(mmfr0, gbits))
        return gbits;
    return has_granule(mmfr0, 12) ? 12 : 16;
}

/* Output sizes of the TCR IPS/PS field; reserved values act as PAMax. */
static unsigned ps_bits(unsigned ps, unsigned pa_bits)
{
    static const unsigned bits[] = {32, 36, 40, 42, 44, 48};
    unsigned b = ps < 6 ? bits[ps] : pa_bits;
    return b < pa_bits ? b : pa_bits;
}

/* The walk parameters of the VA range an address falls in. */
typedef struct walk_params {
    uint64_t ttbr;
    unsigned tsz;
    unsigned gbits; /* granule: 12, 14 or 16 */
    unsigned oa_bits;
    bool epd;       /* walks disabled for this range */
    bool tbi;
    bool upper;     /* TTBR1 range */
    bool two_ranges;
    uint16_t asid;
} walk_params_t;

static void params_of(const mmu_regime_t *rg, uint64_t va, walk_params_t *p)
{
    uint64_t tcr = rg->tcr;
    memset(p, 0, sizeof(*p));
    if (rg->el == 1) {
        static const unsigned tg0[4] = {12, 16, 14, 0};
        static const unsigned tg1[4] = {0, 14, 12, 16};
        p->two_ranges = true;
        p->upper = (va >> 55) & 1;
        if (p->upper) {
            p->ttbr = rg->ttbr1;
            p->tsz = (tcr >> 16) & 0x3f;
            p->gbits = tg1[(tcr >> 30) & 3];
            p->epd = (tcr >> 23) & 1;
            p->tbi = (tcr >> 38) & 1;
        } else {
            p->ttbr = rg->ttbr0;
            p->tsz = tcr & 0x3f;
            p->gbits = tg0[(tcr >> 14) & 3];
            p->epd = (tcr >> 7) & 1;
            p->tbi = (tcr >> 37) & 1;
        }
        p->oa_bits = ps_bits((tcr >> 32) & 7, rg->pa_bits);
        uint64_t asid_reg = (tcr >> 22) & 1 ? rg->ttbr1 : rg->ttbr0;
        p->asid = (uint16_t)(asid_reg >> 48);
        bool asid16 = ((tcr >> 36) & 1) && ((rg->mmfr0 >> 4) & 0xf) == 2;
        if (!asid16)
            p->asid &= 0xff;
    } else {
        static const unsigned tg[4] = {12, 16, 14, 0};
        p->ttbr = rg->ttbr0;
        p->tsz = tcr & 0x3f;
        p->gbits = tg[(tcr >> 14) & 3];
        p->tbi = (tcr >> 20) & 1;
        p->oa_bits = ps_bits((tcr >> 16) & 7, rg->pa_bits);
    }
    p->gbits = pick_granule(rg->mmfr0, p->gbits);
    /* TxSZ outside 16..39 is clamped (the IMPLEMENTATION DEFINED choice
     * QEMU makes too). */
    if (p->tsz < 16)
        p->tsz = 16;
    if (p->tsz > 39)
        p->tsz = 39;
}

static bool walk_fault(mmu_result_t *res, unsigned fsc, unsigned level)
{
    res->fault = true;
    res->level = level;
    res->fsc = fsc + (fsc < FSC_SEA || fsc == FSC_SEA_WALK ? level : 0);
    return false;
}

/* Reads the descriptor at physical address pa. Stage 2 of the walk's own
 * accesses (S1PTW) would go here. */
static bool walk_read_desc(const bus_t *bus, uint64_t pa, bool big_endian,
                           uint64_t *desc)
{
    const region_t *r = bus_find(bus, pa);
    if (!r || !region_is_ram(r) || pa - r->base > r->size - 8)
        return false;
    uint64_t d;
    memcpy(&d, r->host + (pa - r->base), 8);
    *desc = big_endian ? __builtin_bswap64(d) : d;
    return true;
}

/* Stage 1 disabled: flat, Device-nGnRnE for data (Normal for fetches), or
 * Normal for data too when the machine asks for it (ARM64EMU_CFG_
 * MMU_OFF_NORMAL, Unicorn-style embedding). A virtual address wider than
 * the implemented PA size is an Address size fault at level 0
 * (AArch64.S1DisabledOutput). */
static bool walk_off(const mmu_regime_t *rg, const mmu_req_t *req,
                     mmu_result_t *res)
{
    if (req->va >> rg->pa_bits)
        return walk_fault(res, FSC_ADDR_SIZE, 0);
    res->pa = req->va;
    res->perms = MMU_PERM_R | MMU_PERM_W | MMU_PERM_X;
    res->device = req->access != MMU_FETCH && !rg->off_normal;
    res->attr = res->device ? 0x00 : 0x44;
    res->global = true;
    res->level = 0;
    res->size_log2 = 12;
    return true;
}

static bool block_allowed(unsigned gbits, unsigned level)
{
    return gbits == 12 ? (level == 1 || level == 2) : level == 2;
}

/* Permissions of a leaf for the request's privilege, from its AP/XN bits
 * and the table bits collected on the way (D8.4 "Memory access control"). */
static unsigned leaf_perms(const mmu_regime_t *rg, const walk_params_t *p,
                           const mmu_req_t *req, uint64_t desc,
                           uint64_t table)
{
    bool ro = (desc & DESC_AP2) || (table & DESC_AP_TABLE1);
    bool wxn = rg->sctlr & SCTLR_WXN;
    if (!p->two_ranges) {
        bool w = !ro;
        bool x = !((desc & DESC_UXN) || (table & DESC_UXN_TABLE));
        if (wxn && w)
            x = false;
        return MMU_PERM_R | (w ? MMU_PERM_W : 0) | (x ? MMU_PERM_X : 0);
    }
    bool el0 = (desc & DESC_AP1) && !(table & DESC_AP_TABLE0);
    bool pr = true, pw = !ro, ur = el0, uw = el0 && !ro;
    bool ux = !((desc & DESC_UXN) || (table & DESC_UXN_TABLE));
    /* Memory writable at EL0 is never executable at EL1. */
    bool px = !((desc & DESC_PXN) || (table & DESC_PXN_TABLE)) && !uw;
    if (wxn) {
        px = px && !pw;
        ux = ux && !uw;
    }
    if (req->unpriv)
        return (ur ? MMU_PERM_R : 0) | (uw ? MMU_PERM_W : 0) |
               (ux ? MMU_PERM_X : 0);
    if (req->pan && ur)
        pr = pw = false;
    return (pr ? MMU_PERM_R : 0) | (pw ? MMU_PERM_W : 0) |
           (px ? MMU_PERM_X : 0);
}

static bool perms_allow(const mmu_req_t *req, unsigned perms)
{
    if (req->no_perm)
        return true;
    if (req->cm) {
        /* Cache maintenance by VA: DC IVAC needs write permission; the
         * others fault only at EL0 without read permission. */
        if (req->access == MMU_WRITE)
            return perms & MMU_PERM_W;
        return !req->unpriv || (perms & MMU_PERM_R);
    }
    switch (req->access) {
    case MMU_READ: return perms & MMU_PERM_R;
    case MMU_WRITE: return perms & MMU_PERM_W;
    default: return perms & MMU_PERM_X;
    }
}

bool mmu_walk(const mmu_regime_t *rg, const bus_t *bus, const mmu_req_t *req,
              mmu_result_t *res)
{
    memset(res, 0, sizeof(*res));
    if (!rg->enabled)
        return walk_off(rg, req, res);

    walk_params_t p;
    params_of(rg, req->va, &p);
    res->asid = p.asid;

    /* The VA must lie in the range: bits [top:inputsize] all equal to the
     * range select bit (all 0 in single-range regimes). */
    unsigned inputsize = 64 - p.tsz;
    unsigned top = p.tbi ? 55 : 63;
    uint64_t range_mask = (top == 63 ? ~0ull : ((1ull << (top + 1)) - 1)) &
                          ~((1ull << inputsize) - 1);
    uint64_t expect = p.upper ? range_mask : 0;
    if ((req->va & range_mask) != expect || p.epd)
        return walk_fault(res, FSC_TRANSLATION, 0);

    unsigned g = p.gbits, stride = g - 3;
    unsigned level = 3 - (inputsize - g - 1) / stride;
    uint64_t table = p.ttbr & 0x0000fffffffffffeull;
    if (table >> p.oa_bits)
        return walk_fault(res, FSC_ADDR_SIZE, 0);
    unsigned first_bits = inputsize - (g + stride * (3 - level));
    uint64_t table_size = 8ull << first_bits;
    table &= ~((table_size < 64 ? 64 : table_size) - 1);

    bool be = rg->sctlr & SCTLR_EE;
    uint64_t table_attrs = 0; /* APTable, XNTable, PXNTable collected */
    uint64_t desc = 0;
    for (unsigned start = level;; level++) {
        unsigned shift = g + stride * (3 - level);
        unsigned nbits = level == start ? first_bits : stride;
        uint64_t index = (req->va >> shift) & ((1ull << nbits) - 1);
        if (!walk_read_desc(bus, table + 8 * index, be, &desc))
            return walk_fault(res, FSC_SEA_WALK, level);
        if (!(desc & DESC_VALID))
            return walk_fault(res, FSC_TRANSLATION, level);
        if (level < 3 && (desc & DESC_TABLE)) {
            uint64_t next = desc & OA_MASK & ~((1ull << g) - 1);
            if (next >> p.oa_bits)
                return walk_fault(res, FSC_ADDR_SIZE, level);
            table_attrs |= desc & (DESC_PXN_TABLE | DESC_UXN_TABLE |
                                   DESC_AP_TABLE0 | DESC_AP_TABLE1);
            table = next;
            continue;
        }
        if (level == 3 ? !(desc & DESC_TABLE) : !block_allowed(g, level))
            return walk_fault(res, FSC_TRANSLATION, level);
        res->size_log2 = shift;
        break;
    }

    uint64_t oa = desc & OA_MASK & ~((1ull << res->size_log2) - 1);
    if (oa >> p.oa_bits)
        return walk_fault(res, FSC_ADDR_SIZE, level);
    res->level = level;
    res->pa = oa | (req->va & ((1ull << res->size_log2) - 1));
    res->global = !p.two_ranges || !(desc & DESC_NG);
    unsigned attr_index = (desc >> 2) & 7;
    res->attr = (uint8_t)(rg->mair >> (8 * attr_index));
    res->device = (res->attr & 0xf0) == 0;
    res->sh = (uint8_t)((desc >> 8) & 3);
    res->perms = leaf_perms(rg, &p, req, desc, table_attrs);

    if (!(desc & DESC_AF) && !req->cm)
        return walk_fault(res, FSC_ACCESS_FLAG, level);
    if (!perms_allow(req, res->perms))
        return walk_fault(res, FSC_PERMISSION, level);
    return true;
}

/* ---- translation contexts ------------------------------------------- */

static unsigned regime_of_idx(mmu_idx_t idx)
{
    return idx <= MMU_E10_1_PAN ? 0 : idx == MMU_E2 ? 1 : 2;
}

void mmu_regime_of(const cpu_t *cpu, mmu_idx_t idx, mmu_regime_t *rg)
{
    memset(rg, 0, sizeof(*rg));
    rg->mmfr0 = cpu->model->id_aa64mmfr0_el1;
    rg->pa_bits = mmu_pa_bits(rg->mmfr0);
    rg->off_normal = cpu->mmu_off_normal;
    switch (regime_of_idx(idx)) {
    case 0: {
        uint64_t hcr = cpu_hcr(cpu);
        rg->el = 1;
        rg->sctlr = cpu->sr[SR_SCTLR_EL1];
        rg->tcr = cpu->sr[SR_TCR_EL1];
        rg->ttbr0 = cpu->sr[SR_TTBR0_EL1];
        rg->ttbr1 = cpu->sr[SR_TTBR1_EL1];
        rg->mair = cpu->sr[SR_MAIR_EL1];
        /* HCR_EL2.TGE and DC make stage 1 of EL1&0 act as disabled. */
        rg->enabled = (rg->sctlr & SCTLR_M) &&
                      !(hcr & (HCR_TGE | (1ull << 12)));
        break;
    }
    case 1:
        rg->el = 2;
        rg->sctlr = cpu->sr[SR_SCTLR_EL2];
        rg->tcr = cpu->sr[SR_TCR_EL2];
        rg->ttbr0 = cpu->sr[SR_TTBR0_EL2];
        rg->mair = cpu->sr[SR_MAIR_EL2];
        rg->enabled = rg->sctlr & SCTLR_M;
        break;
    default:
        rg->el = 3;
        rg->sctlr = cpu->sr[SR_SCTLR_EL3];
        rg->tcr = cpu->sr[SR_TCR_EL3];
        rg->ttbr0 = cpu->sr[SR_TTBR0_EL3];
        rg->mair = cpu->sr[SR_MAIR_EL3];
        rg->enabled = rg->sctlr & SCTLR_M;
        break;
    }
}

mmu_idx_t mmu_current_idx(const cpu_t *cpu)
{
    switch (cpu->el) {
    case 0: return MMU_E10_0;
    case 1: return (cpu->pstate & PSR_PAN) ? MMU_E10_1_PAN : MMU_E10_1;
    case 2: return MMU_E2;
    default: return MMU_E3;
    }
}

/* PSTATE.UAO (FEAT_UAO) makes LDTR/STTR at EL1 ordinary accesses; at
 * EL2 they are unprivileged only with HCR_EL2.{E2H,TGE} (VHE, not
 * modelled), at EL3 never. */
mmu_idx_t mmu_unpriv_idx(const cpu_t *cpu)
{
    if (cpu->el == 0 || (cpu->el == 1 && !(cpu->pstate & PSR_UAO)))
        return MMU_E10_0;
    return mmu_current_idx(cpu);
}

static void regime_regs(const cpu_t *cpu,
                        uint64_t out[TLB_REGIMES][TLB_REGIME_REGS])
{
    const uint64_t *sr = cpu->sr;
    uint64_t hcr = cpu_hcr(cpu);
    uint64_t r[TLB_REGIMES][TLB_REGIME_REGS] = {
        {sr[SR_SCTLR_EL1], sr[SR_TCR_EL1], sr[SR_TTBR0_EL1],
         sr[SR_TTBR1_EL1], sr[SR_MAIR_EL1], hcr},
        {sr[SR_SCTLR_EL2], sr[SR_TCR_EL2], sr[SR_TTBR0_EL2],
         sr[SR_MAIR_EL2], hcr, 0},
        {sr[SR_SCTLR_EL3], sr[SR_TCR_EL3], sr[SR_TTBR0_EL3],
         sr[SR_MAIR_EL3], 0, 0},
    };
    memcpy(out, r, sizeof(r));
}

/* Blocks are dropped while one of them may be running (MSR, TLBI): each
 * is marked invalid first, so that the run loop does not follow a chain
 * out of the running block into the flushed arena. */
void mmu_flush_blocks(cpu_t *cpu)
{
    block_cache_t *bc = cpu->blocks;
    if (bc) {
        for (unsigned i = 0; i < bc->nblocks; i++)
            bc->blocks[i].valid = false;
        block_cache_flush(bc);
    }
    memset(cpu->tlb.code_va, 0, sizeof(cpu->tlb.code_va));
}

void mmu_context_changed(cpu_t *cpu)
{
    tlb_t *t = &cpu->tlb;
    uint64_t now[TLB_REGIMES][TLB_REGIME_REGS];
    regime_regs(cpu, now);
    bool changed = false;
    for (unsigned r = 0; r < TLB_REGIMES; r++) {
        if (memcmp(now[r], t->seen[r], sizeof(now[r])) == 0)
            continue;
        memcpy(t->seen[r], now[r], sizeof(now[r]));
        for (unsigned i = 0; i < MMU_IDX_COUNT; i++)
            if (regime_of_idx((mmu_idx_t)i) == r)
                tlb_flush_table(&t->t[i]);
        changed = true;
    }
    if (changed)
        mmu_flush_blocks(cpu);
    t->cur_idx = mmu_current_idx(cpu);
    t->cur = &t->t[t->cur_idx];
}

void mmu_flush_all(cpu_t *cpu)
{
    tlb_flush(&cpu->tlb);
    mmu_flush_blocks(cpu);
}

bool mmu_translate(cpu_t *cpu, mmu_idx_t idx, uint64_t va,
                   mmu_access_t access, bool cm, mmu_result_t *res)
{
    mmu_regime_t rg;
    mmu_regime_of(cpu, idx, &rg);
    mmu_req_t req = {
        .va = va,
        .access = access,
        .unpriv = idx == MMU_E10_0,
        .pan = idx == MMU_E10_1_PAN && access != MMU_FETCH,
        .cm = cm,
    };
    if (mmu_walk(&rg, cpu->bus, &req, res))
        return true;
    cpu->fault = (fault_info_t){
        .fsc = res->fsc,
        .s1ptw = false,
        .write = access == MMU_WRITE || cm, /* WnR is 1 for maintenance */
        .cm = cm,
        .va = va,
    };
    return false;
}

uint64_t mmu_fault_syndrome(const cpu_t *cpu, bool fetch)
{
    unsigned ec = fetch ? 0x20 : 0x24;
    if (cpu->el > 0)
        ec += 1; /* taken to the same EL */
    uint64_t iss = cpu->fault.fsc & 0x3f;
    if (cpu->fault.s1ptw)
        iss |= 1u << 7;
    if (!fetch) {
        /* Cache maintenance faults report WnR = 1. */
        if (cpu->fault.write || cpu->fault.cm)
            iss |= 1u << 6;
        if (cpu->fault.cm)
            iss |= 1u << 8;
    }
    return ((uint64_t)ec << 26) | (1ull << 25) | iss;
}

/* The code filter is kept at 2 MiB granularity; a leaf larger than that
 * (1 GiB, 512 MiB blocks) holding code sets every bit, so that any TLBI
 * by VA drops the blocks. */
static unsigned code_hash(uint64_t va)
{
    uint64_t n = (va & 0x00ffffffffffffffull) >> 21; /* no tag, as TLBI */
    return (unsigned)(n ^ (n >> TLB_CODE_BITS)) & ((1u << TLB_CODE_BITS) - 1);
}

void mmu_note_code_va(cpu_t *cpu, uint64_t va, unsigned size_log2)
{
    uint64_t *f = cpu->tlb.code_va;
    if (size_log2 > 21) {
        memset(f, 0xff, sizeof(cpu->tlb.code_va));
        return;
    }
    unsigned h = code_hash(va);
    f[h / 64] |= 1ull << (h % 64);
}

bool mmu_code_va_may_hold(const cpu_t *cpu, uint64_t va)
{
    unsigned h = code_hash(va);
    return (cpu->tlb.code_va[h / 64] >> (h % 64)) & 1;
}
