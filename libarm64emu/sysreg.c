/* System register lookup, access checks and traps. The tables themselves
 * are in sysreg_core.c, sysreg_id.c and the other modules' files. */
#include "sysreg.h"

#include "mmu.h"

#include <stddef.h>

#include "pstate.h"

static const sysreg_def_t *const tables[] = {
    timer_sysregs,
    gic_sysregs,
    sysreg_core_table,
    sysreg_id_table,
    mmu_sysops,
};
#define TABLE_COUNT (sizeof(tables) / sizeof(tables[0]))

static uint64_t rd_zero(const cpu_t *c, uint64_t n)
{
    (void)c;
    (void)n;
    return 0;
}

/* The ID space (op0 3, op1 0, CRn 0, CRm 1-7) is allocated as a whole:
 * registers the architecture has not assigned, or that belong to features
 * the model lacks, read as zero at EL1 and above. */
static const sysreg_def_t id_unallocated = {
    .name = "ID_UNALLOCATED", .access = SR_RO_EL1, .traps = SR_T_TID3,
    .slot = SR_NONE, .read = rd_zero,
};

static bool in_id_space(uint32_t key)
{
    unsigned crm = (key >> 3) & 15;
    return (key & ~(uint32_t)0x7f) == SYSREG_KEY(3, 0, 0, 0, 0) && crm >= 1 &&
           crm <= 7;
}

const sysreg_def_t *sysreg_find(uint32_t key)
{
    for (size_t t = 0; t < TABLE_COUNT; t++)
        for (const sysreg_def_t *d = tables[t]; d->name; d++)
            if (d->key == key)
                return d;
    return in_id_space(key) ? &id_unallocated : NULL;
}

void sysreg_for_each(void (*fn)(const sysreg_def_t *d, void *ctx), void *ctx)
{
    for (size_t t = 0; t < TABLE_COUNT; t++)
        for (const sysreg_def_t *d = tables[t]; d->name; d++)
            if (t == 0 || sysreg_find(d->key) == d)
                fn(d, ctx);
}

bool sysreg_present(const cpu_model_t *model, const sysreg_def_t *d)
{
    return !d->present || d->present(model);
}

bool sysreg_el_allows(const cpu_model_t *model, const sysreg_def_t *d,
                      unsigned el, bool write)
{
    if (!sysreg_present(model, d))
        return false;
    unsigned bit = 1u << (el * 2 + (write ? 1 : 0));
    if (write && (d->access & SR_W_HIGHEST))
        return el == (model_has_el(model, 3) ? 3u : model_has_el(model, 2) ? 2u : 1u);
    return (d->access & bit) != 0;
}

/* Traps of EL0 accesses controlled from EL1 (SCTLR_EL1, CNTKCTL_EL1,
 * PMUSERENR_EL0). */
static bool el0_trapped(const cpu_t *cpu, uint32_t t)
{
    uint64_t sctlr = cpu->sr[SR_SCTLR_EL1];
    uint64_t kctl = cpu->sr[SR_CNTKCTL_EL1];
    if ((t & SR_T_UCT) && !(sctlr & SCTLR_UCT))
        return true;
    if ((t & SR_T_UMA) && !(sctlr & SCTLR_UMA))
        return true;
    if ((t & SR_T_UCI) && !(sctlr & SCTLR_UCI))
        return true;
    if ((t & SR_T_DZE) && !(sctlr & SCTLR_DZE))
        return true;
    if ((t & SR_T_CNTP) && !(kctl & 1))
        return true;
    if ((t & SR_T_CNTV) && !(kctl & 2))
        return true;
    if ((t & SR_T_CNTFRQ) && !(kctl & 3))
        return true;
    if ((t & SR_T_PMU) && !(cpu->sr[SR_PMUSERENR_EL0] & 1))
        return true;
    if ((t & SR_T_CNTPT) && !(kctl & (1u << 9)))
        return true;
    if ((t & SR_T_CNTVT) && !(kctl & (1u << 8)))
        return true;
    return false;
}

/* Traps to EL2 of accesses from EL0 and EL1 (HCR_EL2, CNTHCTL_EL2,
 * MDCR_EL2, CPTR_EL2). */
static bool el2_trapped(const cpu_t *cpu, uint32_t t, bool write)
{
    uint64_t hcr = cpu->sr[SR_HCR_EL2];
    uint64_t mdcr = cpu->sr[SR_MDCR_EL2];
    bool el1 = cpu->el == 1;
    if (el1 && (t & SR_T_TVM) && (hcr & (write ? HCR_TVM : HCR_TRVM)))
        return true;
    if (el1 && (t & SR_T_TID1) && (hcr & HCR_TID1))
        return true;
    if ((t & SR_T_TID2) && (hcr & HCR_TID2))
        return true;
    if (el1 && (t & SR_T_TID3) && (hcr & HCR_TID3))
        return true;
    if (el1 && (t & SR_T_TACR) && (hcr & HCR_TACR))
        return true;
    if (el1 && (t & SR_T_TTLB) && (hcr & HCR_TTLB))
        return true;
    if (el1 && (t & SR_T_TSW) && (hcr & HCR_TSW))
        return true;
    if ((t & SR_T_TPU) && (hcr & HCR_TPU))
        return true;
    if ((t & SR_T_TPC) && (hcr & HCR_TPCP))
        return true;
    if ((t & SR_T_TDZ) && (hcr & HCR_TDZ))
        return true;
    if ((t & SR_T_CNTP) && !(cpu->sr[SR_CNTHCTL_EL2] & 1))
        return true;
    if ((t & SR_T_CNTPT) && !(cpu->sr[SR_CNTHCTL_EL2] & 2))
        return true;
    if ((t & SR_T_PMU) && (mdcr & (1u << 6)))
        return true;
    if ((t & SR_T_DBG) && (mdcr & (1u << 9)))
        return true;
    if ((t & SR_T_OSL) && (mdcr & (1u << 10)))
        return true;
    if (el1 && (t & SR_T_CPAC) && (cpu->sr[SR_CPTR_EL2] & (1ull << 31)))
        return true;
    return false;
}

/* Traps to EL3 (MDCR_EL3, CPTR_EL3). */
static bool el3_trapped(const cpu_t *cpu, uint32_t t)
{
    uint64_t mdcr = cpu->sr[SR_MDCR_EL3];
    if ((t & SR_T_PMU) && (mdcr & (1u << 6)))
        return true;
    if ((t & SR_T_DBG) && (mdcr & (1u << 9)))
        return true;
    if ((t & SR_T_OSL) && (mdcr & (1u << 10)))
        return true;
    if (cpu->el >= 1 && (t & SR_T_CPAC) &&
        (cpu->sr[SR_CPTR_EL3] & (1ull << 31)))
        return true;
    return false;
}

unsigned sysreg_trap_el(const cpu_t *cpu, const sysreg_def_t *d, bool write)
{
    uint32_t t = d->traps;
    if (!t)
        return 0;
    unsigned el = cpu->el;
    if ((t & SR_T_SPSEL) && !cpu->spsel)
        return SYSREG_TRAP_UNDEF;
    if (el == 0 && el0_trapped(cpu, t))
        return (cpu_hcr(cpu) & HCR_TGE) ? 2 : 1;
    if (el <= 1 && cpu_el2_enabled(cpu) && el2_trapped(cpu, t, write))
        return 2;
    if (el <= 2 && cpu->have_el3 && el3_trapped(cpu, t))
        return 3;
    return 0;
}

/* Feature-dependent RES0 bits of a few registers. */
uint64_t sysreg_guest_writable(const cpu_model_t *model, const sysreg_def_t *d)
{
    uint64_t w = ~(d->res0 | d->res1);
    uint32_t psr = pstate_bits_of_model(model);
    switch (d->key) {
    case SYSREG_KEY(3, 0, 4, 0, 0): /* SPSR_EL1 */
    case SYSREG_KEY(3, 4, 4, 0, 0): /* SPSR_EL2 */
    case SYSREG_KEY(3, 6, 4, 0, 0): /* SPSR_EL3 */
        w &= PSR_NZCV | PSR_DAIF | PSR_M_MASK | psr;
        break;
    case SYSREG_KEY(3, 0, 1, 0, 0): /* SCTLR_EL1 */
    case SYSREG_KEY(3, 4, 1, 0, 0): /* SCTLR_EL2 */
    case SYSREG_KEY(3, 6, 1, 0, 0): /* SCTLR_EL3 */
        if (!(psr & PSR_SSBS))
            w &= ~SCTLR_DSSBS;
        if (!(psr & PSR_PAN) && d->key == SYSREG_KEY(3, 0, 1, 0, 0))
            w &= ~SCTLR_SPAN; /* RES1 without FEAT_PAN */
        break;
    default:
        break;
    }
    return w;
}

uint64_t sysreg_def_read(const sysreg_def_t *d, const cpu_t *cpu,
                         uint64_t icount)
{
    if (d->read)
        return d->read(cpu, icount);
    return d->slot >= 0 ? cpu->sr[d->slot] : 0;
}

static void store(const sysreg_def_t *d, cpu_t *cpu, uint64_t v)
{
    if (d->write)
        d->write(cpu, v);
    else if (d->slot >= 0)
        cpu->sr[d->slot] = v;
    if (d->sync)
        cpu_update_mode(cpu);
    else if (mmu_slot_affects_translation(d->slot))
        mmu_context_changed(cpu);
}

void sysreg_def_write(const sysreg_def_t *d, cpu_t *cpu, uint64_t writable,
                      uint64_t value)
{
    bool readable = d->read || d->slot >= 0;
    uint64_t old = readable ? sysreg_def_read(d, cpu, cpu->icount) : 0;
    store(d, cpu, (old & ~writable) | (value & writable) | d->res1);
}

static const sysreg_def_t *find_present(const cpu_t *cpu, uint32_t key)
{
    const sysreg_def_t *d = sysreg_find(key);
    if (!d || d->op || !sysreg_present(cpu->model, d))
        return NULL;
    return d;
}

sysreg_status_t sysreg_raw_read(cpu_t *cpu, uint32_t key, uint64_t *value)
{
    const sysreg_def_t *d = find_present(cpu, key);
    if (!d)
        return SYSREG_UNKNOWN;
    if (!d->read && d->slot < 0)
        return SYSREG_WRITE_ONLY;
    *value = sysreg_def_read(d, cpu, cpu->icount);
    return SYSREG_OK;
}

sysreg_status_t sysreg_raw_write(cpu_t *cpu, uint32_t key, uint64_t value)
{
    const sysreg_def_t *d = find_present(cpu, key);
    if (!d)
        return SYSREG_UNKNOWN;
    if (!d->write && d->slot < 0)
        return SYSREG_READ_ONLY;
    store(d, cpu, value);
    return SYSREG_OK;
}

static void reset_one(const sysreg_def_t *d, void *ctx)
{
    cpu_t *cpu = ctx;
    if (d->slot >= 0 && d->slot < SR_COUNT)
        cpu->sr[d->slot] = d->reset;
}

void sysreg_reset(cpu_t *cpu)
{
    sysreg_for_each(reset_one, cpu);
}
