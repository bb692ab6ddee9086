/* What the GIC's files share: interrupt lookup, grouping, the highest
 * priority pending interrupt and the per-interrupt register block that
 * the distributor and the redistributors' SGI frames have in common. */
#ifndef ARM64EMU_GIC_INTERNAL_H
#define ARM64EMU_GIC_INTERNAL_H

#include "gic.h"

#define GIC_NO_PRIO 0x100u /* lower than any priority */

/* The bank holding intid as seen by cpu (SGIs/PPIs are per CPU). */
static inline gic_bank_t *gic_bank(gic_t *g, unsigned cpu, unsigned intid)
{
    return intid < 32 ? &g->state.cpu[cpu].priv : &g->state.spi[intid / 32 - 1];
}

/* Group of bit i of a bank: G0, G1NS or G1S. */
static inline unsigned gic_bank_group(const gic_t *g, const gic_bank_t *b,
                                      unsigned i)
{
    if ((b->group >> i) & 1)
        return GIC_G1NS;
    if (g->have_el3 && ((b->grpmod >> i) & 1))
        return GIC_G1S;
    return GIC_G0;
}

/* Pending as the architecture sees it: the latch, or a high level input. */
static inline uint32_t gic_bank_pending(const gic_bank_t *b)
{
    return b->pending | (b->level & ~b->edge);
}

/* Whether an MMIO access is Non-secure (only with two Security states). */
static inline bool gic_mmio_ns(const gic_t *g)
{
    return g->have_el3 && g->mmio_secure && !g->mmio_secure(g->mmio_ctx);
}

typedef struct gic_hppi {
    unsigned intid; /* GIC_SPURIOUS when none */
    unsigned prio;  /* GIC_NO_PRIO when none */
    unsigned group;
} gic_hppi_t;

/* The highest priority pending interrupt cpu may take: enabled, pending,
 * not active, its group enabled in GICD_CTLR and ICC_IGRPEN, routed to
 * cpu. Ties go to the lowest INTID. */
gic_hppi_t gic_hppi(gic_t *g, unsigned cpu);

/* The CPU an SPI is routed to, or -1. */
int gic_spi_target(gic_t *g, unsigned intid);

/* Recomputes the lines of one CPU / of all CPUs; drives a line only when
 * its level changes, or always with force. */
void gic_update_cpu(gic_t *g, unsigned cpu, bool force);
void gic_update(gic_t *g);

/* The CPU interface's signalling decision, for gic_update_cpu. */
void gic_cpuif_lines(gic_t *g, unsigned cpu, bool *irq, bool *fiq);

/* Per-interrupt registers (IGROUPR..IGRPMODR, offsets 0x080-0xDFF of the
 * distributor or of an SGI_base frame) for interrupts first..first+n-1,
 * SGIs/PPIs from cpu's bank. Return false for offsets outside the block. */
bool gic_irqregs_read(gic_t *g, unsigned cpu, unsigned first, unsigned n,
                      uint64_t offset, unsigned size, uint64_t *value);
bool gic_irqregs_write(gic_t *g, unsigned cpu, unsigned first, unsigned n,
                       uint64_t offset, unsigned size, uint64_t value);

/* The PrimeCell/CoreSight ID registers at 0xFFD0-0xFFFC (PIDR2.ArchRev 3). */
uint32_t gic_id_reg(uint64_t offset);

#endif
