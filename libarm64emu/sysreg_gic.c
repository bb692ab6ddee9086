/* The GICv3 CPU interface (ICC_* registers) as a system register table:
 * each entry forwards to gic_icc_read/gic_icc_write of the board's GIC
 * with the accessing CPU's state. The registers exist when the model
 * advertises the system register interface (ID_AA64PFR0_EL1.GIC, which
 * the virt board sets); a machine without a GIC reads them as zero. */
#include "board.h"
#include "gic.h"
#include "machine.h"
#include "pstate.h"
#include "sysreg.h"

static bool has_gic(const cpu_model_t *m) { return id_field(m->id_aa64pfr0_el1, 24) != 0; }
static bool has_gic_el2(const cpu_model_t *m) { return has_gic(m) && model_has_el(m, 2); }
static bool has_gic_el3(const cpu_model_t *m) { return has_gic(m) && model_has_el(m, 3); }

static gic_icc_ctx_t icc_ctx(const cpu_t *c)
{
    uint64_t scr = c->have_el3 ? c->sr[SR_SCR_EL3] : SCR_NS;
    uint64_t hcr = cpu_hcr(c);
    return (gic_icc_ctx_t){
        .el = c->el,
        .secure = cpu_is_secure(c),
        .scr_ns = (scr & SCR_NS) != 0,
        .scr_irq = c->have_el3 && (scr & SCR_IRQ),
        .scr_fiq = c->have_el3 && (scr & SCR_FIQ),
        .hcr_imo = (hcr & HCR_IMO) != 0,
        .hcr_fmo = (hcr & HCR_FMO) != 0,
    };
}

static uint64_t icc_read(const cpu_t *c, uint32_t key)
{
    board_t *b = c->machine->board;
    uint64_t v = 0;
    if (!b || !b->gic)
        return 0;
    gic_icc_ctx_t ctx = icc_ctx(c);
    if (gic_icc_read(b->gic, c->index, key, &ctx, &v) != GIC_ICC_OK)
        return 0;
    return v;
}

static void icc_write(cpu_t *c, uint32_t key, uint64_t v)
{
    board_t *b = c->machine->board;
    if (!b || !b->gic)
        return;
    gic_icc_ctx_t ctx = icc_ctx(c);
    (void)gic_icc_write(b->gic, c->index, key, &ctx, v);
}

/* name, op1, CRm, op2, access, presence (CRn is 12 except PMR) */
#define ICC_LIST(X)                                                            \
    X(ICC_IAR0_EL1, 0, 12, 8, 0, SR_RO_EL1, has_gic)                           \
    X(ICC_EOIR0_EL1, 0, 12, 8, 1, SR_WO_EL1, has_gic)                          \
    X(ICC_HPPIR0_EL1, 0, 12, 8, 2, SR_RO_EL1, has_gic)                         \
    X(ICC_BPR0_EL1, 0, 12, 8, 3, SR_RW_EL1, has_gic)                           \
    X(ICC_AP0R0_EL1, 0, 12, 8, 4, SR_RW_EL1, has_gic)                          \
    X(ICC_AP0R1_EL1, 0, 12, 8, 5, SR_RW_EL1, has_gic)                          \
    X(ICC_AP0R2_EL1, 0, 12, 8, 6, SR_RW_EL1, has_gic)                          \
    X(ICC_AP0R3_EL1, 0, 12, 8, 7, SR_RW_EL1, has_gic)                          \
    X(ICC_AP1R0_EL1, 0, 12, 9, 0, SR_RW_EL1, has_gic)                          \
    X(ICC_AP1R1_EL1, 0, 12, 9, 1, SR_RW_EL1, has_gic)                          \
    X(ICC_AP1R2_EL1, 0, 12, 9, 2, SR_RW_EL1, has_gic)                          \
    X(ICC_AP1R3_EL1, 0, 12, 9, 3, SR_RW_EL1, has_gic)                          \
    X(ICC_DIR_EL1, 0, 12, 11, 1, SR_WO_EL1, has_gic)                           \
    X(ICC_RPR_EL1, 0, 12, 11, 3, SR_RO_EL1, has_gic)                           \
    X(ICC_SGI1R_EL1, 0, 12, 11, 5, SR_WO_EL1, has_gic)                         \
    X(ICC_ASGI1R_EL1, 0, 12, 11, 6, SR_WO_EL1, has_gic)                        \
    X(ICC_SGI0R_EL1, 0, 12, 11, 7, SR_WO_EL1, has_gic)                         \
    X(ICC_IAR1_EL1, 0, 12, 12, 0, SR_RO_EL1, has_gic)                          \
    X(ICC_EOIR1_EL1, 0, 12, 12, 1, SR_WO_EL1, has_gic)                         \
    X(ICC_HPPIR1_EL1, 0, 12, 12, 2, SR_RO_EL1, has_gic)                        \
    X(ICC_BPR1_EL1, 0, 12, 12, 3, SR_RW_EL1, has_gic)                          \
    X(ICC_CTLR_EL1, 0, 12, 12, 4, SR_RW_EL1, has_gic)                          \
    X(ICC_SRE_EL1, 0, 12, 12, 5, SR_RW_EL1, has_gic)                           \
    X(ICC_IGRPEN0_EL1, 0, 12, 12, 6, SR_RW_EL1, has_gic)                       \
    X(ICC_IGRPEN1_EL1, 0, 12, 12, 7, SR_RW_EL1, has_gic)                       \
    X(ICC_PMR_EL1, 0, 4, 6, 0, SR_RW_EL1, has_gic)                             \
    X(ICC_SRE_EL2, 4, 12, 9, 5, SR_RW_EL2, has_gic_el2)                        \
    X(ICC_CTLR_EL3, 6, 12, 12, 4, SR_RW_EL3, has_gic_el3)                      \
    X(ICC_SRE_EL3, 6, 12, 12, 5, SR_RW_EL3, has_gic_el3)                       \
    X(ICC_IGRPEN1_EL3, 6, 12, 12, 7, SR_RW_EL3, has_gic_el3)

#define ICC_FNS(nm, op1, crn, crm, op2, acc, pres)                             \
    static uint64_t rd_##nm(const cpu_t *c, uint64_t n)                        \
    {                                                                          \
        (void)n;                                                               \
        return icc_read(c, SYSREG_KEY(3, op1, crn, crm, op2));                 \
    }                                                                          \
    static void wr_##nm(cpu_t *c, uint64_t v)                                  \
    {                                                                          \
        icc_write(c, SYSREG_KEY(3, op1, crn, crm, op2), v);                    \
    }
ICC_LIST(ICC_FNS)

/* Writes end the block (sync): an interrupt they unmask is taken at once. */
#define ICC_DEF(nm, op1, crn, crm, op2, acc, pres)                             \
    {.name = #nm, .key = SYSREG_KEY(3, op1, crn, crm, op2), .access = acc,     \
     .slot = SR_NONE, .present = pres, .read = rd_##nm, .write = wr_##nm,     \
     .sync = true},

/* ICH_HCR_EL2 writable fields: the enables in bits 7:0, TC, TALL0, TALL1
 * and EOIcount. TSEI and TDIR are RES0 (no SEI, no FEAT_GICv3_TDIR), as
 * are the GICv4.1 bits 8 and 15. */
#define ICH_HCR_RW 0xf8001cffull

const sysreg_def_t gic_sysregs[] = {
    ICC_LIST(ICC_DEF)
    /* The virtual CPU interface is not modelled: ICH_HCR_EL2 is storage, so
     * EL2 software such as Linux's hyp stub can clear it, and En has no
     * effect. The other ICH_* registers are not implemented yet. */
    {.name = "ICH_HCR_EL2", .key = SYSREG_KEY(3, 4, 12, 11, 0),
     .access = SR_RW_EL2, .slot = SR_ICH_HCR_EL2, .res0 = ~ICH_HCR_RW,
     .present = has_gic_el2},
    {.name = NULL},
};
