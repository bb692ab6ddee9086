/* GICv3 redistributors: one RD_base frame (control, identification,
 * wake-up) and one SGI_base frame (the SGIs' and PPIs' registers) per
 * CPU, GIC_REDIST_STRIDE apart. */
#include "gic_internal.h"

enum {
    GICR_CTLR = 0x0000,
    GICR_IIDR = 0x0004,
    GICR_TYPER = 0x0008,
    GICR_WAKER = 0x0014,
    GICR_SGI_BASE = 0x10000,
};

#define WAKER_PROCESSOR_SLEEP (1u << 1)
#define WAKER_CHILDREN_ASLEEP (1u << 2)
#define TYPER_LAST (1ull << 4)

static uint64_t gicr_typer(const gic_t *g, unsigned cpu)
{
    uint64_t m = g->mpidr[cpu];
    uint64_t aff = (m & 0xffffff) | (((m >> 32) & 0xff) << 24);
    return (aff << 32) | ((uint64_t)cpu << 8) |
           (cpu == g->ncpus - 1 ? TYPER_LAST : 0);
}

/* Splits a region offset into CPU and frame offset; false past the end. */
static bool locate(const gic_t *g, uint64_t offset, unsigned *cpu, uint64_t *off)
{
    uint64_t c = offset / GIC_REDIST_STRIDE;
    if (c >= g->ncpus)
        return false;
    *cpu = (unsigned)c;
    *off = offset % GIC_REDIST_STRIDE;
    return true;
}

static uint64_t rd_read(gic_t *g, unsigned cpu, uint64_t off, unsigned size)
{
    if (off >= GICR_TYPER && off < GICR_TYPER + 8) {
        uint64_t t = gicr_typer(g, cpu);
        if (size == 8 && off == GICR_TYPER)
            return t;
        if (size == 4 && !(off & 3))
            return (t >> ((off - GICR_TYPER) * 8)) & 0xffffffffull;
        return 0;
    }
    if (size != 4 || (off & 3))
        return 0;
    switch (off) {
    case GICR_IIDR:
        return 0x43b;
    case GICR_WAKER: {
        if (gic_mmio_ns(g))
            return 0;
        uint32_t w = g->state.cpu[cpu].gicr_waker & WAKER_PROCESSOR_SLEEP;
        /* The redistributor quiesces at once. */
        return w | (w ? WAKER_CHILDREN_ASLEEP : 0);
    }
    default:
        return gic_id_reg(off);
    }
}

int gic_redist_read(void *user, uint64_t offset, unsigned size, uint64_t *value)
{
    gic_t *g = user;
    unsigned cpu;
    uint64_t off;
    *value = 0;
    if ((size != 1 && size != 2 && size != 4 && size != 8) ||
        !locate(g, offset, &cpu, &off))
        return 0;
    if (off < GICR_SGI_BASE)
        *value = rd_read(g, cpu, off, size);
    else
        gic_irqregs_read(g, cpu, 0, 32, off - GICR_SGI_BASE, size, value);
    return 0;
}

int gic_redist_write(void *user, uint64_t offset, unsigned size, uint64_t value)
{
    gic_t *g = user;
    unsigned cpu;
    uint64_t off;
    if ((size != 1 && size != 2 && size != 4 && size != 8) ||
        !locate(g, offset, &cpu, &off))
        return 0;
    if (off >= GICR_SGI_BASE) {
        gic_irqregs_write(g, cpu, 0, 32, off - GICR_SGI_BASE, size, value);
        return 0;
    }
    if (off == GICR_WAKER && size == 4 && !gic_mmio_ns(g))
        g->state.cpu[cpu].gicr_waker = (uint32_t)value & WAKER_PROCESSOR_SLEEP;
    return 0;
}
