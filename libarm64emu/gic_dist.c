/* GICv3 distributor: GICD_* registers, and the per-interrupt register
 * block it shares with the redistributors' SGI frames. */
#include "gic_internal.h"

enum {
    GICD_CTLR = 0x0000,
    GICD_TYPER = 0x0004,
    GICD_IIDR = 0x0008,
    GICD_IROUTER = 0x6000,
    GICD_IROUTER_END = 0x6000 + 8 * GIC_NUM_IRQS,
};

/* GICD_CTLR bits (Secure or single-state view) */
#define CTLR_ENABLE_MASK 7u
#define CTLR_ARE_S (1u << 4)
#define CTLR_ARE_NS (1u << 5)
#define CTLR_DS (1u << 6)

#define GIC_IIDR 0x0000043bu /* implementer ARM */

/* ---- the per-interrupt block ----------------------------------------- */

typedef enum irqreg {
    R_GROUP, R_SENABLE, R_CENABLE, R_SPEND, R_CPEND, R_SACTIVE, R_CACTIVE,
    R_PRIORITY, R_CFG, R_GRPMOD, R_NONE
} irqreg_t;

/* Which register an offset is in, its first offset and bits per IRQ. */
static irqreg_t irqreg_of(uint64_t off, uint64_t *base, unsigned *bits)
{
    static const struct {
        uint16_t start, end;
        uint8_t bits;
        irqreg_t reg;
    } map[] = {
        {0x080, 0x100, 1, R_GROUP},    {0x100, 0x180, 1, R_SENABLE},
        {0x180, 0x200, 1, R_CENABLE},  {0x200, 0x280, 1, R_SPEND},
        {0x280, 0x300, 1, R_CPEND},    {0x300, 0x380, 1, R_SACTIVE},
        {0x380, 0x400, 1, R_CACTIVE},  {0x400, 0x800, 8, R_PRIORITY},
        {0xc00, 0xd00, 2, R_CFG},      {0xd00, 0xd80, 1, R_GRPMOD},
    };
    for (unsigned k = 0; k < sizeof(map) / sizeof(map[0]); k++)
        if (off >= map[k].start && off < map[k].end) {
            *base = map[k].start;
            *bits = map[k].bits;
            return map[k].reg;
        }
    return R_NONE;
}

static unsigned field_read(gic_t *g, irqreg_t r, gic_bank_t *b, unsigned i,
                           bool ns)
{
    uint32_t bit = 1u << i;
    switch (r) {
    case R_GROUP:
        return ns ? 0 : !!(b->group & bit);
    case R_GRPMOD:
        return ns || !g->have_el3 ? 0 : !!(b->grpmod & bit);
    case R_SENABLE:
    case R_CENABLE:
        return !!(b->enabled & bit);
    case R_SPEND:
    case R_CPEND:
        return !!(gic_bank_pending(b) & bit);
    case R_SACTIVE:
    case R_CACTIVE:
        return !!(b->active & bit);
    case R_PRIORITY:
        return ns ? (unsigned)(b->priority[i] << 1) & 0xff : b->priority[i];
    case R_CFG:
        return (b->edge & bit) ? 2 : 0;
    case R_NONE:
        break;
    }
    return 0;
}

static void field_write(gic_t *g, irqreg_t r, gic_bank_t *b, unsigned intid,
                        unsigned v, bool ns)
{
    unsigned i = intid % 32;
    uint32_t bit = 1u << i;
    switch (r) {
    case R_GROUP:
        if (!ns)
            b->group = v ? b->group | bit : b->group & ~bit;
        break;
    case R_GRPMOD:
        if (!ns && g->have_el3)
            b->grpmod = v ? b->grpmod | bit : b->grpmod & ~bit;
        break;
    case R_SENABLE:
        if (v)
            b->enabled |= bit;
        break;
    case R_CENABLE:
        if (v)
            b->enabled &= ~bit;
        break;
    case R_SPEND:
        if (v)
            b->pending |= bit;
        break;
    case R_CPEND:
        if (v)
            b->pending &= ~bit;
        break;
    case R_SACTIVE:
        if (v)
            b->active |= bit;
        break;
    case R_CACTIVE:
        if (v)
            b->active &= ~bit;
        break;
    case R_PRIORITY:
        /* A Non-secure write lands in the lower half of the range. */
        b->priority[i] = (uint8_t)((ns ? (v >> 1) | 0x80 : v) & GIC_PRIO_MASK);
        break;
    case R_CFG:
        if (intid >= 16) /* SGIs stay edge-triggered */
            b->edge = (v & 2) ? b->edge | bit : b->edge & ~bit;
        break;
    case R_NONE:
        break;
    }
}

/* Whether the access may see interrupt i of bank b. */
static bool visible(const gic_t *g, const gic_bank_t *b, unsigned i, bool ns)
{
    return !ns || gic_bank_group(g, b, i) == GIC_G1NS;
}

bool gic_irqregs_read(gic_t *g, unsigned cpu, unsigned first, unsigned n,
                      uint64_t offset, unsigned size, uint64_t *value)
{
    uint64_t base;
    unsigned bits;
    irqreg_t r = irqreg_of(offset, &base, &bits);
    if (r == R_NONE)
        return false;
    bool ns = gic_mmio_ns(g);
    unsigned intid0 = (unsigned)((offset - base) * 8 / bits);
    uint64_t v = 0;
    for (unsigned k = 0; k < size * 8 / bits; k++) {
        unsigned intid = intid0 + k;
        if (intid < first || intid >= first + n)
            continue;
        gic_bank_t *b = gic_bank(g, cpu, intid);
        if (!visible(g, b, intid % 32, ns))
            continue;
        v |= (uint64_t)field_read(g, r, b, intid % 32, ns) << (k * bits);
    }
    *value = v;
    return true;
}

bool gic_irqregs_write(gic_t *g, unsigned cpu, unsigned first, unsigned n,
                       uint64_t offset, unsigned size, uint64_t value)
{
    uint64_t base;
    unsigned bits;
    irqreg_t r = irqreg_of(offset, &base, &bits);
    if (r == R_NONE)
        return false;
    bool ns = gic_mmio_ns(g);
    unsigned intid0 = (unsigned)((offset - base) * 8 / bits);
    unsigned fmask = (1u << bits) - 1;
    for (unsigned k = 0; k < size * 8 / bits; k++) {
        unsigned intid = intid0 + k;
        if (intid < first || intid >= first + n)
            continue;
        gic_bank_t *b = gic_bank(g, cpu, intid);
        if (!visible(g, b, intid % 32, ns))
            continue;
        field_write(g, r, b, intid, (unsigned)(value >> (k * bits)) & fmask, ns);
    }
    gic_update(g);
    return true;
}

/* ---- GICD_* ---------------------------------------------------------- */

static uint32_t ctlr_read(const gic_t *g, bool ns)
{
    uint32_t en = g->state.ctlr;
    if (!g->have_el3)
        return (en & 3u) | CTLR_ARE_S | CTLR_DS;
    if (ns) /* EnableGrp1A at bit 1, ARE_NS at bit 4 (where ARE_S is) */
        return (en & (1u << GIC_G1NS)) | CTLR_ARE_S;
    return (en & CTLR_ENABLE_MASK) | CTLR_ARE_S | CTLR_ARE_NS;
}

static void ctlr_write(gic_t *g, uint32_t v, bool ns)
{
    uint32_t *en = &g->state.ctlr;
    if (!g->have_el3)
        *en = v & 3u;
    else if (ns)
        *en = (*en & ~(1u << GIC_G1NS)) | (v & (1u << GIC_G1NS));
    else
        *en = v & CTLR_ENABLE_MASK;
    gic_update(g);
}

static uint32_t typer(const gic_t *g)
{
    unsigned cpus = g->ncpus > 8 ? 7 : g->ncpus - 1;
    return (GIC_NUM_IRQS / 32 - 1) | (cpus << 5) |
           ((uint32_t)g->have_el3 << 10) | (15u << 19) /* IDbits: 16 */ |
           (1u << 24) /* A3V */ | (1u << 26) /* RSS */;
}

static bool irouter_visible(gic_t *g, unsigned intid, bool ns)
{
    return intid >= 32 && intid < GIC_NUM_IRQS &&
           visible(g, gic_bank(g, 0, intid), intid % 32, ns);
}

int gic_dist_read(void *user, uint64_t offset, unsigned size, uint64_t *value)
{
    gic_t *g = user;
    bool ns = gic_mmio_ns(g);
    *value = 0;
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return 0;
    if (offset >= GICD_IROUTER && offset < GICD_IROUTER_END) {
        unsigned intid = (unsigned)((offset - GICD_IROUTER) / 8);
        unsigned shift = (unsigned)(offset & 7) * 8;
        if (!irouter_visible(g, intid, ns))
            return 0;
        if (size == 8 && shift == 0)
            *value = g->state.irouter[intid];
        else if (size == 4)
            *value = (g->state.irouter[intid] >> shift) & 0xffffffffull;
        return 0;
    }
    if (gic_irqregs_read(g, 0, 32, GIC_NUM_IRQS - 32, offset, size, value))
        return 0;
    if (size != 4 || (offset & 3))
        return 0;
    switch (offset) {
    case GICD_CTLR:
        *value = ctlr_read(g, ns);
        break;
    case GICD_TYPER:
        *value = typer(g);
        break;
    case GICD_IIDR:
        *value = GIC_IIDR;
        break;
    default:
        *value = gic_id_reg(offset);
        break;
    }
    return 0;
}

int gic_dist_write(void *user, uint64_t offset, unsigned size, uint64_t value)
{
    gic_t *g = user;
    bool ns = gic_mmio_ns(g);
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return 0;
    if (offset >= GICD_IROUTER && offset < GICD_IROUTER_END) {
        unsigned intid = (unsigned)((offset - GICD_IROUTER) / 8);
        unsigned shift = (unsigned)(offset & 7) * 8;
        if (!irouter_visible(g, intid, ns))
            return 0;
        uint64_t *r = &g->state.irouter[intid];
        const uint64_t valid = 0xff80ffffffull; /* Aff3, IRM, Aff2..Aff0 */
        if (size == 8 && shift == 0)
            *r = value & valid;
        else if (size == 4)
            *r = ((*r & ~(0xffffffffull << shift)) |
                  ((value & 0xffffffffull) << shift)) & valid;
        gic_update(g);
        return 0;
    }
    if (gic_irqregs_write(g, 0, 32, GIC_NUM_IRQS - 32, offset, size, value))
        return 0;
    if (size == 4 && offset == GICD_CTLR)
        ctlr_write(g, (uint32_t)value, ns);
    return 0;
}
