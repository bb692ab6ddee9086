/* GICv3 CPU interface: the ICC_* system registers, acknowledge, priority
 * drop and deactivation, SGI generation, and the decision of which line
 * (IRQ or FIQ) a CPU sees. Five priority bits, so 32 preemption levels
 * and one active-priority register per group (AP0R0, AP1R0). */
#include "gic_internal.h"

#define K(op0, op1, crn, crm, op2) ARM64EMU_SYSREG(op0, op1, crn, crm, op2)

enum {
    ICC_PMR_EL1 = K(3, 0, 4, 6, 0),
    ICC_IAR0_EL1 = K(3, 0, 12, 8, 0),
    ICC_EOIR0_EL1 = K(3, 0, 12, 8, 1),
    ICC_HPPIR0_EL1 = K(3, 0, 12, 8, 2),
    ICC_BPR0_EL1 = K(3, 0, 12, 8, 3),
    ICC_AP0R0_EL1 = K(3, 0, 12, 8, 4),
    ICC_AP1R0_EL1 = K(3, 0, 12, 9, 0),
    ICC_DIR_EL1 = K(3, 0, 12, 11, 1),
    ICC_RPR_EL1 = K(3, 0, 12, 11, 3),
    ICC_SGI1R_EL1 = K(3, 0, 12, 11, 5),
    ICC_ASGI1R_EL1 = K(3, 0, 12, 11, 6),
    ICC_SGI0R_EL1 = K(3, 0, 12, 11, 7),
    ICC_IAR1_EL1 = K(3, 0, 12, 12, 0),
    ICC_EOIR1_EL1 = K(3, 0, 12, 12, 1),
    ICC_HPPIR1_EL1 = K(3, 0, 12, 12, 2),
    ICC_BPR1_EL1 = K(3, 0, 12, 12, 3),
    ICC_CTLR_EL1 = K(3, 0, 12, 12, 4),
    ICC_SRE_EL1 = K(3, 0, 12, 12, 5),
    ICC_IGRPEN0_EL1 = K(3, 0, 12, 12, 6),
    ICC_IGRPEN1_EL1 = K(3, 0, 12, 12, 7),
    ICC_SRE_EL2 = K(3, 4, 12, 9, 5),
    ICC_CTLR_EL3 = K(3, 6, 12, 12, 4),
    ICC_SRE_EL3 = K(3, 6, 12, 12, 5),
    ICC_IGRPEN1_EL3 = K(3, 6, 12, 12, 7),
};

/* access columns (sysreg.h layout) */
#define RW1 0xfcu
#define RO1 0x54u
#define WO1 0xa8u
#define RW2 0xf0u
#define RW3 0xc0u

const gic_icc_reg_t gic_icc_regs[] = {
    {"ICC_PMR_EL1", ICC_PMR_EL1, RW1, GIC_ICC_COMMON},
    {"ICC_IAR0_EL1", ICC_IAR0_EL1, RO1, GIC_ICC_G0},
    {"ICC_EOIR0_EL1", ICC_EOIR0_EL1, WO1, GIC_ICC_G0},
    {"ICC_HPPIR0_EL1", ICC_HPPIR0_EL1, RO1, GIC_ICC_G0},
    {"ICC_BPR0_EL1", ICC_BPR0_EL1, RW1, GIC_ICC_G0},
    {"ICC_AP0R0_EL1", ICC_AP0R0_EL1, RW1, GIC_ICC_G0},
    {"ICC_AP1R0_EL1", ICC_AP1R0_EL1, RW1, GIC_ICC_G1},
    {"ICC_DIR_EL1", ICC_DIR_EL1, WO1, GIC_ICC_COMMON},
    {"ICC_RPR_EL1", ICC_RPR_EL1, RO1, GIC_ICC_COMMON},
    {"ICC_SGI1R_EL1", ICC_SGI1R_EL1, WO1, GIC_ICC_SGI},
    {"ICC_ASGI1R_EL1", ICC_ASGI1R_EL1, WO1, GIC_ICC_SGI},
    {"ICC_SGI0R_EL1", ICC_SGI0R_EL1, WO1, GIC_ICC_SGI},
    {"ICC_IAR1_EL1", ICC_IAR1_EL1, RO1, GIC_ICC_G1},
    {"ICC_EOIR1_EL1", ICC_EOIR1_EL1, WO1, GIC_ICC_G1},
    {"ICC_HPPIR1_EL1", ICC_HPPIR1_EL1, RO1, GIC_ICC_G1},
    {"ICC_BPR1_EL1", ICC_BPR1_EL1, RW1, GIC_ICC_G1},
    {"ICC_CTLR_EL1", ICC_CTLR_EL1, RW1, GIC_ICC_COMMON},
    {"ICC_SRE_EL1", ICC_SRE_EL1, RW1, GIC_ICC_PLAIN},
    {"ICC_IGRPEN0_EL1", ICC_IGRPEN0_EL1, RW1, GIC_ICC_G0},
    {"ICC_IGRPEN1_EL1", ICC_IGRPEN1_EL1, RW1, GIC_ICC_G1},
    {"ICC_SRE_EL2", ICC_SRE_EL2, RW2, GIC_ICC_PLAIN},
    {"ICC_CTLR_EL3", ICC_CTLR_EL3, RW3, GIC_ICC_PLAIN},
    {"ICC_SRE_EL3", ICC_SRE_EL3, RW3, GIC_ICC_PLAIN},
    {"ICC_IGRPEN1_EL3", ICC_IGRPEN1_EL3, RW3, GIC_ICC_PLAIN},
    {NULL, 0, 0, 0},
};

const gic_icc_reg_t *gic_icc_find(uint32_t key)
{
    for (const gic_icc_reg_t *r = gic_icc_regs; r->name; r++)
        if (r->key == key)
            return r;
    return NULL;
}

/* ICC_CTLR_EL1 bits */
#define CTLR_CBPR 1u
#define CTLR_EOIMODE 2u
#define CTLR_RO_BITS                                                           \
    ((4u << 8) /* PRIbits: 5 bits */ | (1u << 15) /* A3V */ |                  \
     (1u << 18) /* RSS: SGIs reach Aff0 0-255 */)

#define MIN_BPR 2u /* 7 - 5 preemption bits */

enum { BANK_NS = 0, BANK_S = 1 };

/* Which copy of a banked register the access uses. */
static unsigned bank_of(const gic_t *g, const gic_icc_ctx_t *x)
{
    if (!g->have_el3)
        return BANK_NS;
    if (x->el == 3)
        return x->scr_ns ? BANK_NS : BANK_S;
    return x->secure ? BANK_S : BANK_NS;
}

static unsigned g1_of_bank(unsigned bank)
{
    return bank == BANK_S ? GIC_G1S : GIC_G1NS;
}

/* Whether Group 0 registers are reachable (else RAZ/WI). */
static bool g0_accessible(const gic_t *g, const gic_icc_ctx_t *x)
{
    return !g->have_el3 || x->secure;
}

/* Whether PMR and RPR show the Non-secure view of priorities. */
static bool ns_prio_view(const gic_t *g, const gic_icc_ctx_t *x)
{
    return g->have_el3 && !x->secure && x->scr_fiq;
}

/* ---- priorities ------------------------------------------------------ */

static unsigned running_prio(const gic_cpu_state_t *cs)
{
    uint32_t any = cs->apr[0] | cs->apr[1] | cs->apr[2];
    return any ? (unsigned)__builtin_ctz(any) << 3 : 0xff;
}

/* The group with the highest priority active bit (-1 if none); on a tie,
 * Group 0, then Secure Group 1, then Non-secure Group 1. */
static int highest_active_group(const gic_cpu_state_t *cs)
{
    static const unsigned order[3] = {GIC_G0, GIC_G1S, GIC_G1NS};
    int best = -1;
    unsigned best_bit = 32;
    for (unsigned k = 0; k < 3; k++) {
        uint32_t a = cs->apr[order[k]];
        if (a && (unsigned)__builtin_ctz(a) < best_bit) {
            best_bit = (unsigned)__builtin_ctz(a);
            best = (int)order[k];
        }
    }
    return best;
}

/* Mask giving the group priority of an interrupt of group grp. */
static unsigned gprio_mask(const gic_cpu_state_t *cs, unsigned grp)
{
    unsigned bpr;
    if ((grp == GIC_G1S && (cs->ctlr_el1[BANK_S] & CTLR_CBPR)) ||
        (grp == GIC_G1NS && (cs->ctlr_el1[BANK_NS] & CTLR_CBPR)))
        bpr = cs->bpr[GIC_G0];
    else if (grp == GIC_G1NS) /* BPR1(NS) is one above the binary point */
        bpr = cs->bpr[GIC_G1NS] ? cs->bpr[GIC_G1NS] - 1u : 0u;
    else
        bpr = cs->bpr[grp];
    return (0xffu << ((bpr & 7u) + 1)) & 0xffu;
}

static bool can_preempt(const gic_cpu_state_t *cs, const gic_hppi_t *h)
{
    return h->prio < cs->pmr &&
           (h->prio & gprio_mask(cs, h->group)) < running_prio(cs);
}

void gic_cpuif_lines(gic_t *g, unsigned cpu, bool *irq, bool *fiq)
{
    const gic_cpu_state_t *cs = &g->state.cpu[cpu];
    *irq = *fiq = false;
    gic_hppi_t h = gic_hppi(g, cpu);
    if (h.intid == GIC_SPURIOUS || !can_preempt(cs, &h))
        return;
    bool as_irq;
    if (!g->have_el3)
        as_irq = h.group != GIC_G0;
    else if (cs->el == 3 || h.group == GIC_G0)
        as_irq = false;
    else
        as_irq = (h.group == GIC_G1S) == cs->secure;
    *irq = as_irq;
    *fiq = !as_irq;
}

/* ---- acknowledge, drop, deactivate ------------------------------------ */

static void activate(gic_t *g, unsigned cpu, const gic_hppi_t *h)
{
    gic_cpu_state_t *cs = &g->state.cpu[cpu];
    gic_bank_t *b = gic_bank(g, cpu, h->intid);
    uint32_t bit = 1u << (h->intid % 32);
    b->active |= bit;
    b->pending &= ~bit;
    cs->apr[h->group] |= 1u << ((h->prio & gprio_mask(cs, h->group)) >> 3);
    gic_update(g);
}

static unsigned acknowledge(gic_t *g, unsigned cpu, unsigned grp)
{
    gic_hppi_t h = gic_hppi(g, cpu);
    if (h.intid == GIC_SPURIOUS || h.group != grp ||
        !can_preempt(&g->state.cpu[cpu], &h))
        return GIC_SPURIOUS;
    activate(g, cpu, &h);
    return h.intid;
}

/* HPPIR0/IAR0 at EL3 name the Group 1 interrupt EL3 must pass on. */
static unsigned el3_special(unsigned grp)
{
    return grp == GIC_G1S ? 1020u : 1021u;
}

static unsigned read_iar0(gic_t *g, unsigned cpu, const gic_icc_ctx_t *x)
{
    gic_hppi_t h = gic_hppi(g, cpu);
    if (x->el == 3 && g->have_el3 && h.intid != GIC_SPURIOUS &&
        h.group != GIC_G0 && can_preempt(&g->state.cpu[cpu], &h))
        return el3_special(h.group);
    return acknowledge(g, cpu, GIC_G0);
}

static unsigned read_hppir(gic_t *g, unsigned cpu, unsigned grp,
                           const gic_icc_ctx_t *x)
{
    gic_hppi_t h = gic_hppi(g, cpu);
    if (h.intid == GIC_SPURIOUS || h.group == grp)
        return h.intid;
    if (grp == GIC_G0 && x->el == 3 && g->have_el3)
        return el3_special(h.group);
    return GIC_SPURIOUS;
}

static void deactivate(gic_t *g, unsigned cpu, unsigned intid,
                       const gic_icc_ctx_t *x)
{
    if (intid >= GIC_NUM_IRQS)
        return;
    gic_bank_t *b = gic_bank(g, cpu, intid);
    /* Non-secure software cannot deactivate Secure interrupts. */
    if (g->have_el3 && !x->secure &&
        gic_bank_group(g, b, intid % 32) != GIC_G1NS)
        return;
    b->active &= ~(1u << (intid % 32));
    gic_update(g);
}

static bool eoi_split(const gic_cpu_state_t *cs, const gic_t *g,
                      const gic_icc_ctx_t *x)
{
    if (x->el == 3 && g->have_el3)
        return cs->eoimode_el3;
    return cs->ctlr_el1[bank_of(g, x)] & CTLR_EOIMODE;
}

static void write_eoir(gic_t *g, unsigned cpu, unsigned grp, uint64_t value,
                       const gic_icc_ctx_t *x)
{
    gic_cpu_state_t *cs = &g->state.cpu[cpu];
    unsigned intid = (unsigned)(value & 0xffffff);
    if (intid >= 1020 && intid <= 1023)
        return;
    /* An EOI that does not match the highest active group is
     * UNPREDICTABLE; it is ignored. */
    if (highest_active_group(cs) != (int)grp)
        return;
    cs->apr[grp] &= cs->apr[grp] - 1; /* priority drop */
    if (!eoi_split(cs, g, x))
        deactivate(g, cpu, intid, x);
    else
        gic_update(g);
}

static void write_dir(gic_t *g, unsigned cpu, uint64_t value,
                      const gic_icc_ctx_t *x)
{
    /* DIR with EOImode 0 is UNPREDICTABLE; it is ignored. */
    if (eoi_split(&g->state.cpu[cpu], g, x))
        deactivate(g, cpu, (unsigned)(value & 0xffffff), x);
}

/* ---- SGIs -------------------------------------------------------------- */

static void generate_sgi(gic_t *g, unsigned self, uint64_t v, unsigned grp)
{
    unsigned intid = (unsigned)(v >> 24) & 0xf;
    bool all_but_self = (v >> 40) & 1;
    uint64_t aff321 = ((v >> 16) & 0xff) << 8 | ((v >> 32) & 0xff) << 16 |
                      ((v >> 48) & 0xff) << 32;
    unsigned rs = (unsigned)(v >> 44) & 0xf;
    for (unsigned c = 0; c < g->ncpus; c++) {
        uint64_t m = g->mpidr[c];
        if (all_but_self) {
            if (c == self)
                continue;
        } else {
            unsigned aff0 = (unsigned)m & 0xff;
            if ((m & 0xff00ffff00ull) != aff321 || aff0 / 16 != rs ||
                !((v >> (aff0 % 16)) & 1))
                continue;
        }
        gic_bank_t *b = &g->state.cpu[c].priv;
        /* Delivered only to a target that has the SGI in that group
         * (GICR_NSACR is not modelled: no Non-secure Secure SGIs). */
        if (gic_bank_group(g, b, intid) == grp)
            b->pending |= 1u << intid;
    }
    gic_update(g);
}

/* ---- access checks ------------------------------------------------------ */

static gic_icc_status_t check(const gic_icc_reg_t *r, const gic_icc_ctx_t *x,
                              bool write)
{
    if (!r)
        return GIC_ICC_UNKNOWN;
    if (x->el > 3 || !(r->access & (1u << (2 * x->el + write))))
        return GIC_ICC_UNDEF;
    bool el1 = x->el == 1, below3 = x->el < 3;
    switch ((gic_icc_kind_t)r->kind) {
    case GIC_ICC_G0:
        if (el1 && x->hcr_fmo)
            return GIC_ICC_VIRTUAL;
        if (below3 && x->scr_fiq)
            return GIC_ICC_TRAP_EL3;
        break;
    case GIC_ICC_G1:
        if (el1 && x->hcr_imo)
            return GIC_ICC_VIRTUAL;
        if (below3 && x->scr_irq)
            return GIC_ICC_TRAP_EL3;
        break;
    case GIC_ICC_COMMON:
        if (el1 && (x->hcr_imo || x->hcr_fmo))
            return GIC_ICC_VIRTUAL;
        if (below3 && x->scr_irq && x->scr_fiq)
            return GIC_ICC_TRAP_EL3;
        break;
    case GIC_ICC_SGI:
        if (el1 && (x->hcr_imo || x->hcr_fmo))
            return GIC_ICC_TRAP_EL2;
        if (below3 && x->scr_irq && x->scr_fiq)
            return GIC_ICC_TRAP_EL3;
        break;
    case GIC_ICC_PLAIN:
        break;
    }
    return GIC_ICC_OK;
}

/* ---- register reads and writes ----------------------------------------- */

static uint64_t read_bpr1(const gic_cpu_state_t *cs, unsigned bank)
{
    if (cs->ctlr_el1[bank] & CTLR_CBPR)
        return bank == BANK_S ? cs->bpr[GIC_G0]
                              : (cs->bpr[GIC_G0] < 7 ? cs->bpr[GIC_G0] + 1u : 7u);
    return cs->bpr[g1_of_bank(bank)];
}

static uint64_t read_ctlr_el3(const gic_cpu_state_t *cs)
{
    const uint8_t *c = cs->ctlr_el1;
    return (uint64_t)((c[BANK_S] & CTLR_CBPR) | (c[BANK_NS] & CTLR_CBPR) << 1 |
                      (unsigned)cs->eoimode_el3 << 2 |
                      (c[BANK_S] & CTLR_EOIMODE) << 2 |
                      (c[BANK_NS] & CTLR_EOIMODE) << 3 | CTLR_RO_BITS);
}

gic_icc_status_t gic_icc_read(gic_t *g, unsigned cpu, uint32_t key,
                              const gic_icc_ctx_t *x, uint64_t *value)
{
    gic_icc_status_t st = check(gic_icc_find(key), x, false);
    if (st != GIC_ICC_OK || cpu >= g->ncpus)
        return st != GIC_ICC_OK ? st : GIC_ICC_UNDEF;
    gic_cpu_state_t *cs = &g->state.cpu[cpu];
    unsigned bank = bank_of(g, x);
    bool g0 = g0_accessible(g, x);
    uint64_t v = 0;
    switch (key) {
    case ICC_PMR_EL1:
        v = cs->pmr;
        if (ns_prio_view(g, x))
            v = (v & 0x80) ? (v << 1) & 0xff : 0;
        break;
    case ICC_RPR_EL1:
        v = running_prio(cs);
        if (ns_prio_view(g, x))
            v = (v & 0x80) ? (v << 1) & 0xff : 0;
        break;
    case ICC_IAR0_EL1:
        v = g0 ? read_iar0(g, cpu, x) : GIC_SPURIOUS;
        break;
    case ICC_IAR1_EL1:
        v = acknowledge(g, cpu, g1_of_bank(bank));
        break;
    case ICC_HPPIR0_EL1:
        v = g0 ? read_hppir(g, cpu, GIC_G0, x) : GIC_SPURIOUS;
        break;
    case ICC_HPPIR1_EL1:
        v = read_hppir(g, cpu, g1_of_bank(bank), x);
        break;
    case ICC_BPR0_EL1:
        v = g0 ? cs->bpr[GIC_G0] : 0;
        break;
    case ICC_BPR1_EL1:
        v = read_bpr1(cs, bank);
        break;
    case ICC_AP0R0_EL1:
        v = g0 ? cs->apr[GIC_G0] : 0;
        break;
    case ICC_AP1R0_EL1:
        v = cs->apr[g1_of_bank(bank)];
        break;
    case ICC_CTLR_EL1:
        v = cs->ctlr_el1[bank] | CTLR_RO_BITS;
        break;
    case ICC_CTLR_EL3:
        v = read_ctlr_el3(cs);
        break;
    case ICC_SRE_EL1:
        v = 0x7; /* SRE, DFB, DIB: the memory-mapped interface is absent */
        break;
    case ICC_SRE_EL2:
    case ICC_SRE_EL3:
        v = 0xf; /* and Enable: lower ELs may use ICC_SRE_EL1/EL2 */
        break;
    case ICC_IGRPEN0_EL1:
        v = g0 ? cs->igrpen & 1u : 0;
        break;
    case ICC_IGRPEN1_EL1:
        v = (cs->igrpen >> g1_of_bank(bank)) & 1u;
        break;
    case ICC_IGRPEN1_EL3:
        v = (cs->igrpen >> GIC_G1NS) & 3u;
        break;
    default:
        break;
    }
    *value = v;
    return GIC_ICC_OK;
}

static void set_igrpen(gic_t *g, unsigned cpu, unsigned grp, bool on)
{
    uint8_t *e = &g->state.cpu[cpu].igrpen;
    *e = (uint8_t)(on ? *e | (1u << grp) : *e & ~(1u << grp));
    gic_update(g); /* 1-of-N SPIs may move */
}

static uint8_t clamp_bpr(uint64_t v, unsigned min)
{
    unsigned b = (unsigned)v & 7u;
    return (uint8_t)(b < min ? min : b);
}

gic_icc_status_t gic_icc_write(gic_t *g, unsigned cpu, uint32_t key,
                               const gic_icc_ctx_t *x, uint64_t v)
{
    gic_icc_status_t st = check(gic_icc_find(key), x, true);
    if (st != GIC_ICC_OK || cpu >= g->ncpus)
        return st != GIC_ICC_OK ? st : GIC_ICC_UNDEF;
    gic_cpu_state_t *cs = &g->state.cpu[cpu];
    unsigned bank = bank_of(g, x);
    bool g0 = g0_accessible(g, x);
    switch (key) {
    case ICC_PMR_EL1:
        if (ns_prio_view(g, x)) {
            if (!(cs->pmr & 0x80)) /* a Secure mask stays */
                break;
            v = (v >> 1) | 0x80;
        }
        cs->pmr = (uint8_t)(v & GIC_PRIO_MASK);
        gic_update_cpu(g, cpu, false);
        break;
    case ICC_EOIR0_EL1:
        if (g0)
            write_eoir(g, cpu, GIC_G0, v, x);
        break;
    case ICC_EOIR1_EL1:
        write_eoir(g, cpu, g1_of_bank(bank), v, x);
        break;
    case ICC_DIR_EL1:
        write_dir(g, cpu, v, x);
        break;
    case ICC_SGI0R_EL1:
        generate_sgi(g, cpu, v, GIC_G0);
        break;
    case ICC_SGI1R_EL1:
        generate_sgi(g, cpu, v, g1_of_bank(bank));
        break;
    case ICC_ASGI1R_EL1:
        if (g->have_el3)
            generate_sgi(g, cpu, v, g1_of_bank(bank ^ 1u));
        break;
    case ICC_BPR0_EL1:
        if (g0)
            cs->bpr[GIC_G0] = clamp_bpr(v, MIN_BPR);
        gic_update_cpu(g, cpu, false);
        break;
    case ICC_BPR1_EL1:
        if (!(cs->ctlr_el1[bank] & CTLR_CBPR))
            cs->bpr[g1_of_bank(bank)] =
                clamp_bpr(v, bank == BANK_S ? MIN_BPR : MIN_BPR + 1);
        gic_update_cpu(g, cpu, false);
        break;
    case ICC_AP0R0_EL1:
        if (g0)
            cs->apr[GIC_G0] = (uint32_t)v;
        gic_update_cpu(g, cpu, false);
        break;
    case ICC_AP1R0_EL1:
        cs->apr[g1_of_bank(bank)] = (uint32_t)v;
        gic_update_cpu(g, cpu, false);
        break;
    case ICC_CTLR_EL1:
        cs->ctlr_el1[bank] = (uint8_t)(v & (CTLR_CBPR | CTLR_EOIMODE));
        gic_update_cpu(g, cpu, false);
        break;
    case ICC_CTLR_EL3:
        cs->ctlr_el1[BANK_S] = (uint8_t)((v & 1u) | ((v >> 2) & 2u));
        cs->ctlr_el1[BANK_NS] = (uint8_t)(((v >> 1) & 1u) | ((v >> 3) & 2u));
        cs->eoimode_el3 = (v >> 2) & 1u;
        gic_update_cpu(g, cpu, false);
        break;
    case ICC_IGRPEN0_EL1:
        if (g0)
            set_igrpen(g, cpu, GIC_G0, v & 1u);
        break;
    case ICC_IGRPEN1_EL1:
        set_igrpen(g, cpu, g1_of_bank(bank), v & 1u);
        break;
    case ICC_IGRPEN1_EL3:
        set_igrpen(g, cpu, GIC_G1NS, v & 1u);
        set_igrpen(g, cpu, GIC_G1S, v & 2u);
        break;
    default: /* SRE registers: fixed */
        break;
    }
    return GIC_ICC_OK;
}
