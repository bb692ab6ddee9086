/* GICv3 lifecycle, interrupt inputs, routing and the highest priority
 * pending interrupt of each CPU. */
#include <stdlib.h>
#include <string.h>

#include "gic_internal.h"

#define IROUTER_IRM (1ull << 31)
#define AFF_MASK 0xff00ffffffull /* Aff3 (39:32), Aff2, Aff1, Aff0 */
#define WAKER_PROCESSOR_SLEEP (1u << 1)

gic_t *gic_new(const gic_config_t *cfg)
{
    if (!cfg || cfg->ncpus == 0 || cfg->ncpus > GIC_MAX_CPUS || !cfg->cpu_irq ||
        !cfg->cpu_fiq || !cfg->mpidr)
        return NULL;
    gic_t *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    g->ncpus = cfg->ncpus;
    g->have_el3 = cfg->have_el3;
    g->mmio_secure = cfg->mmio_secure;
    g->mmio_ctx = cfg->mmio_ctx;
    for (unsigned i = 0; i < cfg->ncpus; i++) {
        g->cpu_irq[i] = cfg->cpu_irq[i];
        g->cpu_fiq[i] = cfg->cpu_fiq[i];
        g->mpidr[i] = cfg->mpidr[i];
    }
    gic_reset(g);
    return g;
}

void gic_free(gic_t *gic)
{
    free(gic);
}

void gic_reset(gic_t *g)
{
    memset(&g->state, 0, sizeof(g->state));
    for (unsigned c = 0; c < g->ncpus; c++) {
        gic_cpu_state_t *cs = &g->state.cpu[c];
        cs->priv.edge = 0xffff; /* SGIs are always edge-triggered */
        cs->gicr_waker = WAKER_PROCESSOR_SLEEP;
        cs->bpr[GIC_G0] = 2;  /* minimum binary points for 5 priority bits */
        cs->bpr[GIC_G1S] = 2;
        cs->bpr[GIC_G1NS] = 3;
        cs->el = g->have_el3 ? 3 : 1;
        cs->secure = g->have_el3;
    }
    gic_sync(g);
}

void gic_setup_nonsecure_boot(gic_t *g)
{
    for (unsigned c = 0; c < g->ncpus; c++) {
        g->state.cpu[c].priv.group = ~0u;
        g->state.cpu[c].priv.grpmod = 0;
    }
    for (unsigned b = 0; b < GIC_SPI_BANKS; b++) {
        g->state.spi[b].group = ~0u;
        g->state.spi[b].grpmod = 0;
    }
    gic_update(g);
}

void gic_sync(gic_t *g)
{
    for (unsigned c = 0; c < g->ncpus; c++)
        gic_update_cpu(g, c, true);
}

void gic_cpu_set_state(gic_t *g, unsigned cpu, unsigned el, bool secure)
{
    if (cpu >= g->ncpus)
        return;
    gic_cpu_state_t *cs = &g->state.cpu[cpu];
    if (cs->el == el && cs->secure == secure)
        return;
    cs->el = (uint8_t)el;
    cs->secure = secure;
    gic_update_cpu(g, cpu, false);
}

/* ---- inputs ---------------------------------------------------------- */

static void bank_set_level(gic_bank_t *b, unsigned i, bool level)
{
    uint32_t bit = 1u << i;
    bool was = b->level & bit;
    if (level == was)
        return;
    if (level) {
        b->level |= bit;
        if (b->edge & bit)
            b->pending |= bit;
    } else {
        b->level &= ~bit;
    }
}

void gic_set_spi(gic_t *g, unsigned intid, bool level)
{
    if (intid < 32 || intid >= GIC_NUM_IRQS)
        return;
    bank_set_level(gic_bank(g, 0, intid), intid % 32, level);
    gic_update(g);
}

void gic_set_ppi(gic_t *g, unsigned cpu, unsigned intid, bool level)
{
    if (cpu >= g->ncpus || intid < 16 || intid >= 32)
        return;
    bank_set_level(&g->state.cpu[cpu].priv, intid, level);
    gic_update_cpu(g, cpu, false);
}

static void spi_line_set(void *ctx, unsigned n, bool level)
{
    gic_set_spi(ctx, n, level);
}

static void ppi_line_set(void *ctx, unsigned n, bool level)
{
    gic_set_ppi(ctx, n / 32, n % 32, level);
}

irq_line_t gic_spi_line(gic_t *g, unsigned intid)
{
    return (irq_line_t){.set = spi_line_set, .ctx = g, .n = intid};
}

irq_line_t gic_ppi_line(gic_t *g, unsigned cpu, unsigned intid)
{
    return (irq_line_t){.set = ppi_line_set, .ctx = g, .n = cpu * 32 + intid};
}

/* ---- routing and selection ------------------------------------------- */

static unsigned groups_enabled(const gic_t *g, unsigned cpu)
{
    return g->state.ctlr & g->state.cpu[cpu].igrpen & 7u;
}

int gic_spi_target(gic_t *g, unsigned intid)
{
    uint64_t r = g->state.irouter[intid];
    if (r & IROUTER_IRM) {
        /* 1-of-N: the lowest-numbered CPU that can take the group. */
        const gic_bank_t *b = gic_bank(g, 0, intid);
        unsigned grp = gic_bank_group(g, b, intid % 32);
        for (unsigned c = 0; c < g->ncpus; c++)
            if (groups_enabled(g, c) & (1u << grp))
                return (int)c;
        return -1;
    }
    for (unsigned c = 0; c < g->ncpus; c++)
        if ((g->mpidr[c] & AFF_MASK) == (r & AFF_MASK))
            return (int)c;
    return -1;
}

static void consider_bank(gic_t *g, unsigned cpu, const gic_bank_t *b,
                          unsigned base, unsigned grp_ok, gic_hppi_t *best)
{
    uint32_t cand = gic_bank_pending(b) & b->enabled & ~b->active;
    while (cand) {
        unsigned i = (unsigned)__builtin_ctz(cand);
        cand &= cand - 1;
        unsigned grp = gic_bank_group(g, b, i);
        if (!(grp_ok & (1u << grp)) || b->priority[i] >= best->prio)
            continue;
        if (base >= 32 && gic_spi_target(g, base + i) != (int)cpu)
            continue;
        best->intid = base + i;
        best->prio = b->priority[i];
        best->group = grp;
    }
}

gic_hppi_t gic_hppi(gic_t *g, unsigned cpu)
{
    gic_hppi_t best = {GIC_SPURIOUS, GIC_NO_PRIO, 0};
    unsigned grp_ok = groups_enabled(g, cpu);
    if (!grp_ok)
        return best;
    consider_bank(g, cpu, &g->state.cpu[cpu].priv, 0, grp_ok, &best);
    for (unsigned b = 0; b < GIC_SPI_BANKS; b++)
        consider_bank(g, cpu, &g->state.spi[b], 32 + 32 * b, grp_ok, &best);
    return best;
}

void gic_update_cpu(gic_t *g, unsigned cpu, bool force)
{
    gic_cpu_state_t *cs = &g->state.cpu[cpu];
    bool irq, fiq;
    gic_cpuif_lines(g, cpu, &irq, &fiq);
    if (force || irq != cs->irq_out) {
        cs->irq_out = irq;
        irq_line_set(&g->cpu_irq[cpu], irq);
    }
    if (force || fiq != cs->fiq_out) {
        cs->fiq_out = fiq;
        irq_line_set(&g->cpu_fiq[cpu], fiq);
    }
}

void gic_update(gic_t *g)
{
    for (unsigned c = 0; c < g->ncpus; c++)
        gic_update_cpu(g, c, false);
}

uint32_t gic_id_reg(uint64_t offset)
{
    /* PIDR4-7, PIDR0-3, CIDR0-3 (ARM, GICv3, as QEMU's) */
    static const uint8_t ids[12] = {0x44, 0x00, 0x00, 0x00, 0x92, 0xb4,
                                    0x3b, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    if (offset < 0xffd0 || offset > 0xfffc || (offset & 3))
        return 0;
    return ids[(offset - 0xffd0) / 4];
}
