/* GICv3 driven directly: MMIO to the distributor and redistributors, ICC
 * register accesses as the sysreg layer makes them, and the IRQ/FIQ lines
 * it drives into each CPU. */
#include <string.h>

#include "gic.h"
#include "harness.h"

#define NCPU_MAX 4
#define FIQ_FLAG 0x100u

#define ICC_PMR ARM64EMU_SYSREG(3, 0, 4, 6, 0)
#define ICC_IAR0 ARM64EMU_SYSREG(3, 0, 12, 8, 0)
#define ICC_EOIR0 ARM64EMU_SYSREG(3, 0, 12, 8, 1)
#define ICC_AP1R0 ARM64EMU_SYSREG(3, 0, 12, 9, 0)
#define ICC_DIR ARM64EMU_SYSREG(3, 0, 12, 11, 1)
#define ICC_RPR ARM64EMU_SYSREG(3, 0, 12, 11, 3)
#define ICC_SGI1R ARM64EMU_SYSREG(3, 0, 12, 11, 5)
#define ICC_IAR1 ARM64EMU_SYSREG(3, 0, 12, 12, 0)
#define ICC_EOIR1 ARM64EMU_SYSREG(3, 0, 12, 12, 1)
#define ICC_HPPIR1 ARM64EMU_SYSREG(3, 0, 12, 12, 2)
#define ICC_BPR1 ARM64EMU_SYSREG(3, 0, 12, 12, 3)
#define ICC_CTLR ARM64EMU_SYSREG(3, 0, 12, 12, 4)
#define ICC_SRE ARM64EMU_SYSREG(3, 0, 12, 12, 5)
#define ICC_IGRPEN0 ARM64EMU_SYSREG(3, 0, 12, 12, 6)
#define ICC_IGRPEN1 ARM64EMU_SYSREG(3, 0, 12, 12, 7)
#define ICC_IGRPEN1_EL3 ARM64EMU_SYSREG(3, 6, 12, 12, 7)

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IGRPMODR 0x0d00
#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xffe8
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000

typedef struct lines {
    bool irq[NCPU_MAX], fiq[NCPU_MAX];
} lines_t;

static lines_t L;
static bool mmio_secure_answer = true;

static void line_set(void *ctx, unsigned n, bool level)
{
    lines_t *l = ctx;
    if (n & FIQ_FLAG)
        l->fiq[n & 0xff] = level;
    else
        l->irq[n] = level;
}

static bool mmio_secure(void *ctx)
{
    (void)ctx;
    return mmio_secure_answer;
}

static gic_t *make(unsigned ncpus, bool el3)
{
    irq_line_t irq[NCPU_MAX], fiq[NCPU_MAX];
    uint64_t mpidr[NCPU_MAX];
    memset(&L, 0, sizeof(L));
    for (unsigned c = 0; c < ncpus; c++) {
        irq[c] = (irq_line_t){line_set, &L, c};
        fiq[c] = (irq_line_t){line_set, &L, c | FIQ_FLAG};
        mpidr[c] = 0x80000000ull | c; /* Aff0 = c */
    }
    gic_config_t cfg = {.ncpus = ncpus, .have_el3 = el3, .cpu_irq = irq,
                        .cpu_fiq = fiq, .mpidr = mpidr,
                        .mmio_secure = mmio_secure};
    gic_t *g = gic_new(&cfg);
    ck_assert_ptr_nonnull(g);
    return g;
}

static uint64_t rd(gic_t *g, uint64_t off)
{
    uint64_t v = 0xdead;
    ck_assert_int_eq(gic_dist_read(g, off, 4, &v), 0);
    return v;
}
static void wr(gic_t *g, uint64_t off, uint64_t v)
{
    ck_assert_int_eq(gic_dist_write(g, off, 4, v), 0);
}
static uint64_t rrd(gic_t *g, unsigned cpu, uint64_t off, unsigned size)
{
    uint64_t v = 0xdead;
    ck_assert_int_eq(gic_redist_read(g, cpu * GIC_REDIST_STRIDE + off, size, &v), 0);
    return v;
}
static void rwr(gic_t *g, unsigned cpu, uint64_t off, uint64_t v)
{
    ck_assert_int_eq(gic_redist_write(g, cpu * GIC_REDIST_STRIDE + off, 4, v), 0);
}

/* Non-secure EL1, as Linux runs. */
static const gic_icc_ctx_t NS_EL1 = {.el = 1, .scr_ns = true};
static const gic_icc_ctx_t S_EL1 = {.el = 1, .secure = true};

static uint64_t icc_r(gic_t *g, unsigned cpu, uint32_t key)
{
    uint64_t v = 0xdead;
    ck_assert_int_eq(gic_icc_read(g, cpu, key, &NS_EL1, &v), GIC_ICC_OK);
    return v;
}
static void icc_w(gic_t *g, unsigned cpu, uint32_t key, uint64_t v)
{
    ck_assert_int_eq(gic_icc_write(g, cpu, key, &NS_EL1, v), GIC_ICC_OK);
}

/* Linux-like setup without EL3: Group 1 enabled everywhere, PMR open. */
static void linux_setup(gic_t *g, unsigned ncpus)
{
    wr(g, GICD_CTLR, 2 | (1u << 4)); /* EnableGrp1, ARE */
    for (unsigned i = 1; i < GIC_NUM_IRQS / 32; i++)
        wr(g, GICD_IGROUPR + 4 * i, ~0u);
    for (unsigned c = 0; c < ncpus; c++) {
        rwr(g, c, GICR_WAKER, 0);
        rwr(g, c, GICR_SGI + GICD_IGROUPR, ~0u);
        icc_w(g, c, ICC_PMR, 0xf0);
        icc_w(g, c, ICC_IGRPEN1, 1);
    }
}

static void spi_config(gic_t *g, unsigned intid, uint8_t prio, unsigned cpu,
                       bool edge)
{
    ck_assert_int_eq(gic_dist_write(g, GICD_IPRIORITYR + intid, 1, prio), 0);
    ck_assert_int_eq(gic_dist_write(g, GICD_IROUTER + 8 * intid, 8, cpu), 0);
    uint64_t cfg = rd(g, GICD_ICFGR + intid / 16 * 4);
    unsigned sh = (intid % 16) * 2 + 1;
    wr(g, GICD_ICFGR + intid / 16 * 4, edge ? cfg | (1u << sh) : cfg & ~(1u << sh));
    wr(g, GICD_ISENABLER + intid / 32 * 4, 1u << (intid % 32));
}

static bool is_bit(gic_t *g, uint64_t reg, unsigned intid)
{
    return (rd(g, reg + intid / 32 * 4) >> (intid % 32)) & 1;
}

START_TEST(distributor_and_redistributor_report_arch_rev_3)
{
    gic_t *g = make(1, false);
    ck_assert_uint_eq((rd(g, GICD_PIDR2) >> 4) & 0xf, 3);
    ck_assert_uint_eq((rrd(g, 0, 0xffe8, 4) >> 4) & 0xf, 3);
    ck_assert_uint_eq(rd(g, GICD_TYPER) & 0x1f, GIC_NUM_IRQS / 32 - 1);
    ck_assert_uint_eq(rd(g, GICD_CTLR) & (1u << 6), 1u << 6); /* DS */
    gic_free(g);
}
END_TEST

START_TEST(redistributor_typer_marks_only_the_last_frame)
{
    gic_t *g = make(3, false);
    for (unsigned c = 0; c < 3; c++) {
        uint64_t t = rrd(g, c, GICR_TYPER, 8);
        ck_assert_uint_eq((t >> 4) & 1, c == 2);
        ck_assert_uint_eq((t >> 8) & 0xffff, c);     /* Processor_Number */
        ck_assert_uint_eq(t >> 32, c);               /* Aff0 */
        ck_assert_uint_eq(rrd(g, c, GICR_TYPER, 4), t & 0xffffffffu);
        ck_assert_uint_eq(rrd(g, c, GICR_TYPER + 4, 4), t >> 32);
    }
    /* Past the last frame: RAZ */
    ck_assert_uint_eq(rrd(g, 3, GICR_TYPER, 8), 0);
    gic_free(g);
}
END_TEST

START_TEST(waker_handshake_wakes_the_redistributor)
{
    gic_t *g = make(1, false);
    ck_assert_uint_eq(rrd(g, 0, GICR_WAKER, 4), 6); /* asleep at reset */
    rwr(g, 0, GICR_WAKER, 0);                        /* clear ProcessorSleep */
    ck_assert_uint_eq(rrd(g, 0, GICR_WAKER, 4), 0);  /* ChildrenAsleep follows */
    rwr(g, 0, GICR_WAKER, 2);
    ck_assert_uint_eq(rrd(g, 0, GICR_WAKER, 4), 6);
    gic_free(g);
}
END_TEST

START_TEST(enabled_pending_spi_raises_irq_of_routed_cpu_only)
{
    gic_t *g = make(2, false);
    linux_setup(g, 2);
    spi_config(g, 40, 0xa0, 1, false);
    ck_assert(!L.irq[0] && !L.irq[1]);
    gic_set_spi(g, 40, true);
    ck_assert(L.irq[1]);
    ck_assert(!L.irq[0] && !L.fiq[0] && !L.fiq[1]);
    /* rerouting moves the signal */
    ck_assert_int_eq(gic_dist_write(g, GICD_IROUTER + 8 * 40, 8, 0), 0);
    ck_assert(L.irq[0] && !L.irq[1]);
    gic_free(g);
}
END_TEST

START_TEST(iar1_returns_intid_and_the_line_drops)
{
    gic_t *g = make(1, false);
    linux_setup(g, 1);
    spi_config(g, 40, 0xa0, 0, false);
    gic_set_spi(g, 40, true);
    ck_assert(L.irq[0]);
    ck_assert_uint_eq(icc_r(g, 0, ICC_HPPIR1), 40);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), 40);
    ck_assert(!L.irq[0]);
    ck_assert_uint_eq(icc_r(g, 0, ICC_RPR), 0xa0);
    ck_assert(is_bit(g, GICD_ISACTIVER, 40));
    ck_assert(is_bit(g, GICD_ISPENDR, 40)); /* level still high */
    /* EOI with the line still high: pending again */
    icc_w(g, 0, ICC_EOIR1, 40);
    ck_assert_uint_eq(icc_r(g, 0, ICC_RPR), 0xff);
    ck_assert(L.irq[0]);
    gic_set_spi(g, 40, false);
    ck_assert(!L.irq[0]);
    gic_free(g);
}
END_TEST

START_TEST(pmr_masks_equal_and_lower_priorities)
{
    gic_t *g = make(1, false);
    linux_setup(g, 1);
    spi_config(g, 50, 0x80, 0, false);
    icc_w(g, 0, ICC_PMR, 0x80);
    gic_set_spi(g, 50, true);
    ck_assert(!L.irq[0]);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), GIC_SPURIOUS);
    icc_w(g, 0, ICC_PMR, 0x88);
    ck_assert(L.irq[0]);
    icc_w(g, 0, ICC_PMR, 0);
    ck_assert(!L.irq[0]);
    gic_free(g);
}
END_TEST

START_TEST(higher_priority_preempts_running_priority)
{
    gic_t *g = make(1, false);
    linux_setup(g, 1);
    spi_config(g, 40, 0x80, 0, true);
    spi_config(g, 41, 0x40, 0, true);
    spi_config(g, 42, 0x60, 0, true);
    gic_set_spi(g, 40, true);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), 40);
    ck_assert(!L.irq[0]);
    gic_set_spi(g, 41, true); /* 0x40 < running 0x80 */
    ck_assert(L.irq[0]);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), 41);
    ck_assert_uint_eq(icc_r(g, 0, ICC_RPR), 0x40);
    ck_assert_uint_eq(icc_r(g, 0, ICC_AP1R0), (1u << (0x80 >> 3)) | (1u << (0x40 >> 3)));
    gic_set_spi(g, 42, true); /* 0x60 does not preempt 0x40 */
    ck_assert(!L.irq[0]);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), GIC_SPURIOUS);
    icc_w(g, 0, ICC_EOIR1, 41); /* back to 0x80: 0x60 preempts */
    ck_assert_uint_eq(icc_r(g, 0, ICC_RPR), 0x80);
    ck_assert(L.irq[0]);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), 42);
    gic_free(g);
}
END_TEST

START_TEST(same_group_priority_does_not_preempt)
{
    gic_t *g = make(1, false);
    linux_setup(g, 1);
    /* BPR1 (NS) 4: group priority is bits [7:4], 0x80 and 0x88 tie */
    icc_w(g, 0, ICC_BPR1, 4);
    ck_assert_uint_eq(icc_r(g, 0, ICC_BPR1), 4);
    spi_config(g, 40, 0x88, 0, true);
    spi_config(g, 41, 0x80, 0, true);
    gic_set_spi(g, 40, true);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), 40);
    gic_set_spi(g, 41, true);
    ck_assert(!L.irq[0]);
    icc_w(g, 0, ICC_BPR1, 0); /* clamps to the minimum, 3 */
    ck_assert_uint_eq(icc_r(g, 0, ICC_BPR1), 3);
    gic_free(g);
}
END_TEST

START_TEST(eoimode1_eoir_drops_priority_and_dir_deactivates)
{
    gic_t *g = make(1, false);
    linux_setup(g, 1);
    icc_w(g, 0, ICC_CTLR, 2); /* EOImode */
    ck_assert_uint_eq(icc_r(g, 0, ICC_CTLR) & 2, 2);
    spi_config(g, 40, 0x80, 0, true);
    gic_set_spi(g, 40, true);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), 40);
    icc_w(g, 0, ICC_EOIR1, 40);
    ck_assert_uint_eq(icc_r(g, 0, ICC_RPR), 0xff);
    ck_assert(is_bit(g, GICD_ISACTIVER, 40));
    /* still active: a new edge stays pending, not signalled */
    gic_set_spi(g, 40, false);
    gic_set_spi(g, 40, true);
    ck_assert(!L.irq[0]);
    icc_w(g, 0, ICC_DIR, 40);
    ck_assert(!is_bit(g, GICD_ISACTIVER, 40));
    ck_assert(L.irq[0]);

    /* EOImode 0: EOIR deactivates too, DIR is ignored */
    icc_w(g, 0, ICC_CTLR, 0);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), 40);
    icc_w(g, 0, ICC_DIR, 40);
    ck_assert(is_bit(g, GICD_ISACTIVER, 40));
    icc_w(g, 0, ICC_EOIR1, 40);
    ck_assert(!is_bit(g, GICD_ISACTIVER, 40));
    gic_free(g);
}
END_TEST

START_TEST(edge_latches_and_level_follows_the_line)
{
    gic_t *g = make(1, false);
    linux_setup(g, 1);
    spi_config(g, 40, 0x80, 0, true);
    spi_config(g, 41, 0x80, 0, false);
    ck_assert_uint_eq((rd(g, GICD_ICFGR + 8) >> (8 * 2 + 1)) & 1, 1);
    /* edge: a pulse leaves it pending until cleared */
    gic_set_spi(g, 40, true);
    gic_set_spi(g, 40, false);
    ck_assert(is_bit(g, GICD_ISPENDR, 40));
    wr(g, GICD_ICPENDR + 4, 1u << 8);
    ck_assert(!is_bit(g, GICD_ISPENDR, 40));
    ck_assert(!L.irq[0]);
    /* level: pending only while the line is high */
    gic_set_spi(g, 41, true);
    ck_assert(is_bit(g, GICD_ISPENDR, 41));
    ck_assert(L.irq[0]);
    gic_set_spi(g, 41, false);
    ck_assert(!is_bit(g, GICD_ISPENDR, 41));
    ck_assert(!L.irq[0]);
    /* level with ISPENDR: the latch holds it until acknowledged */
    wr(g, GICD_ISPENDR + 4, 1u << 9);
    ck_assert(L.irq[0]);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), 41);
    ck_assert(!is_bit(g, GICD_ISPENDR, 41));
    gic_free(g);
}
END_TEST

START_TEST(ppi_line_reaches_its_own_cpu)
{
    gic_t *g = make(2, false);
    linux_setup(g, 2);
    /* PPI 27 (virtual timer) of CPU 1: enable and priority in its frame */
    ck_assert_int_eq(gic_redist_write(g, GIC_REDIST_STRIDE + GICR_SGI + GICD_IPRIORITYR + 27, 1, 0xa0), 0);
    rwr(g, 1, GICR_SGI + GICD_ISENABLER, 1u << 27);
    irq_line_t l = gic_ppi_line(g, 1, 27);
    irq_line_set(&l, true);
    ck_assert(L.irq[1] && !L.irq[0]);
    ck_assert_uint_eq(icc_r(g, 1, ICC_IAR1), 27);
    irq_line_set(&l, false);
    icc_w(g, 1, ICC_EOIR1, 27);
    ck_assert(!L.irq[1]);
    gic_free(g);
}
END_TEST

START_TEST(sgi1r_reaches_target_list_and_all_but_self)
{
    gic_t *g = make(4, false);
    linux_setup(g, 4);
    for (unsigned c = 0; c < 4; c++)
        rwr(g, c, GICR_SGI + GICD_ISENABLER, 0xffff);
    /* from CPU 0: INTID 5 to Aff0 1 and 3 */
    icc_w(g, 0, ICC_SGI1R, (5ull << 24) | 0xa);
    for (unsigned c = 0; c < 4; c++)
        ck_assert_uint_eq((rrd(g, c, GICR_SGI + GICD_ISPENDR, 4) >> 5) & 1, c == 1 || c == 3);
    ck_assert(L.irq[1] && L.irq[3] && !L.irq[0] && !L.irq[2]);
    ck_assert_uint_eq(icc_r(g, 3, ICC_IAR1), 5);
    /* from CPU 2 with IRM: every CPU but 2 gets INTID 7 */
    icc_w(g, 2, ICC_SGI1R, (7ull << 24) | (1ull << 40));
    for (unsigned c = 0; c < 4; c++)
        ck_assert_uint_eq((rrd(g, c, GICR_SGI + GICD_ISPENDR, 4) >> 7) & 1, c != 2);
    gic_free(g);
}
END_TEST

START_TEST(group0_signals_fiq_and_group1_irq_by_security_state)
{
    gic_t *g = make(1, true);
    /* Secure setup (MMIO is Secure by default): G0, G1S, G1NS SPIs */
    wr(g, GICD_CTLR, 7);
    ck_assert_uint_eq(rd(g, GICD_CTLR) & 0x37, 0x37); /* enables, ARE_S, ARE_NS */
    spi_config(g, 40, 0x10, 0, false); /* G0 (reset group) */
    spi_config(g, 41, 0x20, 0, false);
    spi_config(g, 42, 0x30, 0, false);
    wr(g, GICD_IGRPMODR + 4, 1u << 9);  /* 41: Secure Group 1 */
    wr(g, GICD_IGROUPR + 4, 1u << 10); /* 42: Non-secure Group 1 */
    gic_icc_ctx_t el3 = {.el = 3, .secure = true};
    ck_assert_int_eq(gic_icc_write(g, 0, ICC_IGRPEN0, &el3, 1), GIC_ICC_OK);
    ck_assert_int_eq(gic_icc_write(g, 0, ICC_IGRPEN1_EL3, &el3, 3), GIC_ICC_OK);
    ck_assert_int_eq(gic_icc_write(g, 0, ICC_PMR, &el3, 0xf0), GIC_ICC_OK);
    gic_cpu_set_state(g, 0, 1, false); /* Non-secure EL1 */

    gic_set_spi(g, 40, true);
    ck_assert(L.fiq[0] && !L.irq[0]);
    gic_set_spi(g, 40, false);
    gic_set_spi(g, 41, true); /* Secure Group 1 in Non-secure state */
    ck_assert(L.fiq[0] && !L.irq[0]);
    gic_set_spi(g, 41, false);
    gic_set_spi(g, 42, true);
    ck_assert(L.irq[0] && !L.fiq[0]);
    gic_cpu_set_state(g, 0, 3, true); /* at EL3 everything is FIQ */
    ck_assert(L.fiq[0] && !L.irq[0]);
    gic_cpu_set_state(g, 0, 1, false);
    /* Non-secure IAR1 takes the Non-secure interrupt; IAR0 is RAZ */
    uint64_t v;
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_IAR0, &NS_EL1, &v), GIC_ICC_OK);
    ck_assert_uint_eq(v, GIC_SPURIOUS);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), 42);
    gic_free(g);
}
END_TEST

START_TEST(iar0_at_el3_names_group1_interrupts_with_special_intids)
{
    gic_t *g = make(1, true);
    wr(g, GICD_CTLR, 7);
    spi_config(g, 42, 0x30, 0, false);
    wr(g, GICD_IGROUPR + 4, 1u << 10);
    gic_icc_ctx_t el3 = {.el = 3, .secure = true};
    ck_assert_int_eq(gic_icc_write(g, 0, ICC_IGRPEN1_EL3, &el3, 3), GIC_ICC_OK);
    ck_assert_int_eq(gic_icc_write(g, 0, ICC_PMR, &el3, 0xf0), GIC_ICC_OK);
    gic_set_spi(g, 42, true);
    uint64_t v;
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_IAR0, &el3, &v), GIC_ICC_OK);
    ck_assert_uint_eq(v, 1021);
    gic_free(g);
}
END_TEST

START_TEST(spurious_1023_when_nothing_is_pending)
{
    gic_t *g = make(1, false);
    linux_setup(g, 1);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), 1023);
    ck_assert_uint_eq(icc_r(g, 0, ICC_HPPIR1), 1023);
    /* a Group 0 interrupt is not Group 1's to take */
    wr(g, GICD_CTLR, 3 | (1u << 4));
    wr(g, GICD_IGROUPR + 4, 0);
    icc_w(g, 0, ICC_IGRPEN0, 1);
    spi_config(g, 40, 0x80, 0, false);
    gic_set_spi(g, 40, true);
    ck_assert(L.fiq[0]);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR1), 1023);
    ck_assert_uint_eq(icc_r(g, 0, ICC_IAR0), 40);
    icc_w(g, 0, ICC_EOIR0, 40);
    ck_assert(L.fiq[0]); /* level still high */
    gic_free(g);
}
END_TEST

START_TEST(icc_accesses_trap_by_el_and_routing)
{
    gic_t *g = make(1, true);
    uint64_t v;
    gic_icc_ctx_t x = {.el = 0};
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_IAR1, &x, &v), GIC_ICC_UNDEF);
    x = (gic_icc_ctx_t){.el = 1, .scr_irq = true};
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_IAR1, &x, &v), GIC_ICC_TRAP_EL3);
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_PMR, &x, &v), GIC_ICC_OK);
    x = (gic_icc_ctx_t){.el = 1, .hcr_imo = true};
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_IAR1, &x, &v), GIC_ICC_VIRTUAL);
    ck_assert_int_eq(gic_icc_write(g, 0, ICC_SGI1R, &x, 0), GIC_ICC_TRAP_EL2);
    x = (gic_icc_ctx_t){.el = 2};
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_IAR1, &x, &v), GIC_ICC_OK);
    ck_assert_int_eq(gic_icc_write(g, 0, ICC_IAR1, &x, 0), GIC_ICC_UNDEF);
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_EOIR1, &x, &v), GIC_ICC_UNDEF);
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_IGRPEN1_EL3, &x, &v), GIC_ICC_UNDEF);
    ck_assert_int_eq(gic_icc_read(g, 0, ARM64EMU_SYSREG(3, 0, 1, 0, 0), &x, &v),
                     GIC_ICC_UNKNOWN);
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_SRE, &x, &v), GIC_ICC_OK);
    ck_assert_uint_eq(v & 1, 1); /* SRE is RAO */
    /* every table entry has a name and is found by its key */
    for (const gic_icc_reg_t *r = gic_icc_regs; r->name; r++)
        ck_assert_ptr_eq(gic_icc_find(r->key), r);
    gic_free(g);
}
END_TEST

START_TEST(nonsecure_mmio_sees_only_group1_and_shifted_priorities)
{
    gic_t *g = make(1, true);
    wr(g, GICD_IGROUPR + 4, 1u << 10); /* 42 Non-secure, 43 Secure */
    mmio_secure_answer = false;
    ck_assert_uint_eq(rd(g, GICD_IGROUPR + 4), 0); /* RAZ/WI */
    wr(g, GICD_IGROUPR + 4, ~0u);
    ck_assert_int_eq(gic_dist_write(g, GICD_IPRIORITYR + 42, 1, 0x40), 0);
    ck_assert_int_eq(gic_dist_write(g, GICD_IPRIORITYR + 43, 1, 0x40), 0);
    wr(g, GICD_ISENABLER + 4, 3u << 10);
    ck_assert_uint_eq(rd(g, GICD_IPRIORITYR + 40) >> 16, 0x40); /* 42 only */
    ck_assert_uint_eq(rd(g, GICD_ISENABLER + 4), 1u << 10);
    wr(g, GICD_CTLR, 0x13); /* Linux: ARE_NS | EnableGrp1A | EnableGrp1 */
    ck_assert_uint_eq(rd(g, GICD_CTLR), 0x12);
    mmio_secure_answer = true;
    ck_assert_uint_eq(rd(g, GICD_IGROUPR + 4), 1u << 10);
    ck_assert_uint_eq(rd(g, GICD_IPRIORITYR + 40) >> 16, 0xa0); /* 0x40>>1|0x80 */
    ck_assert_uint_eq(rd(g, GICD_CTLR) & 7, 2);  /* EnableGrp1NS */
    gic_free(g);
}
END_TEST

START_TEST(secure_and_nonsecure_banks_are_separate)
{
    gic_t *g = make(1, true);
    ck_assert_int_eq(gic_icc_write(g, 0, ICC_IGRPEN1, &S_EL1, 1), GIC_ICC_OK);
    uint64_t v;
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_IGRPEN1, &NS_EL1, &v), GIC_ICC_OK);
    ck_assert_uint_eq(v, 0);
    gic_icc_ctx_t el3 = {.el = 3, .secure = true};
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_IGRPEN1_EL3, &el3, &v), GIC_ICC_OK);
    ck_assert_uint_eq(v, 2); /* EnableGrp1S */
    /* Non-secure PMR view with SCR_EL3.FIQ: writes land in the upper half */
    gic_icc_ctx_t ns = {.el = 1, .scr_ns = true, .scr_fiq = true};
    ck_assert_int_eq(gic_icc_write(g, 0, ICC_PMR, &el3, 0xff), GIC_ICC_OK);
    ck_assert_int_eq(gic_icc_write(g, 0, ICC_PMR, &ns, 0x08), GIC_ICC_OK);
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_PMR, &el3, &v), GIC_ICC_OK);
    ck_assert_uint_eq(v, 0x80);
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_PMR, &ns, &v), GIC_ICC_OK);
    ck_assert_uint_eq(v, 0); /* Linux reads this as "no Group 0 access" */
    gic_free(g);
}
END_TEST

START_TEST(one_of_n_spi_goes_to_a_cpu_that_takes_the_group)
{
    gic_t *g = make(2, false);
    linux_setup(g, 2);
    spi_config(g, 60, 0x80, 0, false);
    ck_assert_int_eq(gic_dist_write(g, GICD_IROUTER + 8 * 60, 8, 1ull << 31), 0);
    icc_w(g, 0, ICC_IGRPEN1, 0);
    gic_set_spi(g, 60, true);
    ck_assert(L.irq[1] && !L.irq[0]);
    gic_free(g);
}
END_TEST

START_TEST(any_offset_and_size_is_harmless)
{
    gic_t *g = make(2, true);
    static const unsigned sizes[] = {1, 2, 3, 4, 8, 16, 0};
    for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        for (uint64_t off = 0; off < 0x10008; off += 3) {
            uint64_t v = 0;
            ck_assert_int_eq(gic_dist_read(g, off, sizes[s], &v), 0);
            ck_assert_int_eq(gic_dist_write(g, off, sizes[s], ~0ull), 0);
            ck_assert_int_eq(gic_redist_read(g, off * 5, sizes[s], &v), 0);
            ck_assert_int_eq(gic_redist_write(g, off * 5, sizes[s], ~0ull), 0);
        }
    }
    uint64_t v;
    ck_assert_int_eq(gic_dist_read(g, ~0ull, 4, &v), 0);
    ck_assert_uint_eq(v, 0);
    ck_assert_int_eq(gic_icc_write(g, 7, ICC_PMR, &NS_EL1, 0), GIC_ICC_UNDEF);
    gic_set_spi(g, 5000, true);
    gic_set_ppi(g, 9, 27, true);
    gic_set_ppi(g, 0, 40, true);
    gic_free(g);
}
END_TEST

START_TEST(sync_redrives_every_line)
{
    gic_t *g = make(1, false);
    linux_setup(g, 1);
    spi_config(g, 40, 0x80, 0, false);
    gic_set_spi(g, 40, true);
    L.irq[0] = false; /* as after a receiver reset */
    gic_sync(g);
    ck_assert(L.irq[0]);
    gic_free(g);
}
END_TEST

START_TEST(sgi_range_selector_reaches_aff0_above_15)
{
    irq_line_t irq[2], fiq[2];
    uint64_t mpidr[2] = {0x80000000ull, 0x80000000ull | (2u << 8) | 17u};
    memset(&L, 0, sizeof(L));
    for (unsigned c = 0; c < 2; c++) {
        irq[c] = (irq_line_t){line_set, &L, c};
        fiq[c] = (irq_line_t){line_set, &L, c | FIQ_FLAG};
    }
    gic_t *g = gic_new(&(gic_config_t){.ncpus = 2, .cpu_irq = irq,
                                       .cpu_fiq = fiq, .mpidr = mpidr});
    ck_assert_ptr_nonnull(g);
    linux_setup(g, 2);
    ck_assert_uint_eq((icc_r(g, 0, ICC_CTLR) >> 18) & 1, 1); /* RSS */
    rwr(g, 1, GICR_SGI + GICD_ISENABLER, 0xffff);
    /* Aff1 2, RS 1, target bit 1: Aff0 17 */
    icc_w(g, 0, ICC_SGI1R, (1ull << 44) | (3ull << 24) | (2ull << 16) | 2);
    ck_assert_uint_eq(rrd(g, 1, GICR_SGI + GICD_ISPENDR, 4), 1u << 3);
    /* the same without the range selector misses */
    icc_w(g, 0, ICC_SGI1R, (4ull << 24) | (2ull << 16) | 2);
    ck_assert_uint_eq(rrd(g, 1, GICR_SGI + GICD_ISPENDR, 4), 1u << 3);
    ck_assert_uint_eq(rrd(g, 1, GICR_TYPER, 8) >> 32, (2u << 8) | 17u);
    gic_free(g);
}
END_TEST

START_TEST(ctlr_el3_aliases_the_banked_el1_controls)
{
    gic_t *g = make(1, true);
    gic_icc_ctx_t el3 = {.el = 3, .secure = true};
    uint64_t v;
    /* CBPR_EL1NS (bit 1), EOImode_EL3 (bit 2), EOImode_EL1NS (bit 4) */
    ck_assert_int_eq(gic_icc_write(g, 0, ARM64EMU_SYSREG(3, 6, 12, 12, 4), &el3, 0x16), GIC_ICC_OK);
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_CTLR, &NS_EL1, &v), GIC_ICC_OK);
    ck_assert_uint_eq(v & 3, 3);
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_CTLR, &S_EL1, &v), GIC_ICC_OK);
    ck_assert_uint_eq(v & 3, 0);
    ck_assert_int_eq(gic_icc_read(g, 0, ARM64EMU_SYSREG(3, 6, 12, 12, 4), &el3, &v), GIC_ICC_OK);
    ck_assert_uint_eq(v & 0x1f, 0x16);
    /* with CBPR, BPR1 (NS) reads BPR0 + 1 and ignores writes */
    ck_assert_int_eq(gic_icc_write(g, 0, ARM64EMU_SYSREG(3, 0, 12, 8, 3), &el3, 5), GIC_ICC_OK);
    ck_assert_int_eq(gic_icc_write(g, 0, ICC_BPR1, &NS_EL1, 3), GIC_ICC_OK);
    ck_assert_int_eq(gic_icc_read(g, 0, ICC_BPR1, &NS_EL1, &v), GIC_ICC_OK);
    ck_assert_uint_eq(v, 6);
    gic_free(g);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gic");
    TCase *tc = tcase_create("gic");
    tcase_add_test(tc, distributor_and_redistributor_report_arch_rev_3);
    tcase_add_test(tc, redistributor_typer_marks_only_the_last_frame);
    tcase_add_test(tc, waker_handshake_wakes_the_redistributor);
    tcase_add_test(tc, enabled_pending_spi_raises_irq_of_routed_cpu_only);
    tcase_add_test(tc, iar1_returns_intid_and_the_line_drops);
    tcase_add_test(tc, pmr_masks_equal_and_lower_priorities);
    tcase_add_test(tc, higher_priority_preempts_running_priority);
    tcase_add_test(tc, same_group_priority_does_not_preempt);
    tcase_add_test(tc, eoimode1_eoir_drops_priority_and_dir_deactivates);
    tcase_add_test(tc, edge_latches_and_level_follows_the_line);
    tcase_add_test(tc, ppi_line_reaches_its_own_cpu);
    tcase_add_test(tc, sgi1r_reaches_target_list_and_all_but_self);
    tcase_add_test(tc, group0_signals_fiq_and_group1_irq_by_security_state);
    tcase_add_test(tc, iar0_at_el3_names_group1_interrupts_with_special_intids);
    tcase_add_test(tc, spurious_1023_when_nothing_is_pending);
    tcase_add_test(tc, icc_accesses_trap_by_el_and_routing);
    tcase_add_test(tc, nonsecure_mmio_sees_only_group1_and_shifted_priorities);
    tcase_add_test(tc, secure_and_nonsecure_banks_are_separate);
    tcase_add_test(tc, one_of_n_spi_goes_to_a_cpu_that_takes_the_group);
    tcase_add_test(tc, any_offset_and_size_is_harmless);
    tcase_add_test(tc, sync_redrives_every_line);
    tcase_add_test(tc, sgi_range_selector_reaches_aff0_above_15);
    tcase_add_test(tc, ctlr_el3_aliases_the_banked_el1_controls);
    suite_add_tcase(s, tc);
    return test_main(s);
}
