/* GICv3 interrupt controller: distributor, one redistributor per CPU and
 * the CPU interfaces (ICC_* system registers). No LPIs/ITS, no virtual
 * CPU interface (ICH_*, ICV_*); see docs/devices.md.
 *
 * Wiring, as the board does it:
 *
 *   irq_line_t irq[n], fiq[n];     // lines into each CPU (the CPU side
 *                                  // applies PSTATE masks and routing)
 *   gic_t *gic = gic_new(&(gic_config_t){.ncpus = n, .have_el3 = ...,
 *                        .cpu_irq = irq, .cpu_fiq = fiq, .mpidr = mpidr});
 *   map_mmio(0x08000000, GIC_DIST_SIZE, gic_dist_read, gic_dist_write, gic);
 *   map_mmio(0x080A0000, gic_redist_size(gic), gic_redist_read,
 *            gic_redist_write, gic);
 *   uart irq line  = gic_spi_line(gic, 33);          // SPI 1 = INTID 33
 *   timer line cpu = gic_ppi_line(gic, cpu, 27);     // virtual timer PPI
 *   sysreg layer   : gic_icc_regs[] + gic_icc_read/gic_icc_write
 *   on every EL or security-state change of a CPU: gic_cpu_set_state()
 *
 * The GIC drives its output lines (irq_line_set) synchronously from any
 * call that changes what a CPU should see: MMIO, ICC accesses, inputs,
 * reset. It only calls a line when its level changes (gic_sync forces).
 *
 * State lives in plain structs (gic_state_t): no pointers, no time, no
 * globals, no allocation after gic_new. A snapshot saves gic->state field
 * by field, and after loading calls gic_sync().
 *
 * Security: with have_el3 the GIC has two Security states (GICD_CTLR.DS
 * is 0, RAZ/WI): Group 0, Secure Group 1 and Non-secure Group 1, banked
 * CPU interface registers and the Non-secure views of priorities. Without
 * it, DS is 1 (RAO/WI): Group 0 and Group 1 only. Affinity routing is
 * always on (ARE RAO/WI).
 */
#ifndef ARM64EMU_GIC_H
#define ARM64EMU_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "arm64emu/arm64emu.h"
#include "device.h"

#define GIC_MAX_CPUS ARM64EMU_MAX_CPUS
#define GIC_NUM_IRQS 288u   /* INTIDs 0-287: 16 SGIs, 16 PPIs, 256 SPIs */
#define GIC_SPI_BANKS ((GIC_NUM_IRQS - 32u) / 32u)
#define GIC_SPURIOUS 1023u
#define GIC_PRIO_MASK 0xf8u /* 5 priority bits implemented */

#define GIC_DIST_SIZE 0x10000ull       /* distributor region */
#define GIC_REDIST_STRIDE 0x20000ull   /* RD_base + SGI_base per CPU */

/* Interrupt groups; also the bit positions of the group enables. */
enum { GIC_G0 = 0, GIC_G1NS = 1, GIC_G1S = 2 };

/* 32 interrupts: the SGIs/PPIs of one redistributor, or 32 SPIs. */
typedef struct gic_bank {
    uint32_t group;    /* GICD/GICR_IGROUPR */
    uint32_t grpmod;   /* IGRPMODR (Secure Group 1 when group is 0) */
    uint32_t enabled;
    uint32_t pending;  /* the pending latch (edge, or set by ISPENDR) */
    uint32_t active;
    uint32_t level;    /* input line levels */
    uint32_t edge;     /* ICFGR: 1 = edge-triggered */
    uint8_t priority[32];
} gic_bank_t;

typedef struct gic_cpu_state {
    gic_bank_t priv;     /* SGIs and PPIs */
    uint32_t gicr_waker; /* ProcessorSleep (bit 1) */
    /* CPU interface */
    uint8_t pmr;
    uint8_t bpr[3];      /* by group: BPR0, BPR1 (NS), BPR1 (S) */
    uint8_t igrpen;      /* bit per group */
    uint8_t ctlr_el1[2]; /* [0] Non-secure, [1] Secure: CBPR, EOImode */
    uint8_t eoimode_el3;
    uint32_t apr[3];     /* AP0R0, AP1R0 (NS), AP1R0 (S) */
    /* the CPU's state, for IRQ versus FIQ */
    uint8_t el;
    bool secure;
    /* the levels last driven on the output lines */
    bool irq_out, fiq_out;
} gic_cpu_state_t;

typedef struct gic_state {
    uint32_t ctlr;       /* GICD_CTLR group enables (bits 0-2) */
    gic_bank_t spi[GIC_SPI_BANKS]; /* INTIDs 32-287 */
    uint64_t irouter[GIC_NUM_IRQS]; /* used from 32 */
    gic_cpu_state_t cpu[GIC_MAX_CPUS];
} gic_state_t;

typedef struct gic_config {
    unsigned ncpus;         /* 1..GIC_MAX_CPUS */
    bool have_el3;          /* two Security states */
    const irq_line_t *cpu_irq; /* ncpus lines, copied */
    const irq_line_t *cpu_fiq; /* ncpus lines, copied */
    const uint64_t *mpidr;  /* ncpus MPIDR_EL1 values (affinity), copied */
    /* Whether the current MMIO access is Secure (e.g. from the accessing
     * CPU's state). NULL: every access is Secure. Unused without EL3. */
    bool (*mmio_secure)(void *ctx);
    void *mmio_ctx;
} gic_config_t;

typedef struct gic {
    /* configuration (fixed after gic_new) */
    unsigned ncpus;
    bool have_el3;
    irq_line_t cpu_irq[GIC_MAX_CPUS];
    irq_line_t cpu_fiq[GIC_MAX_CPUS];
    uint64_t mpidr[GIC_MAX_CPUS];
    bool (*mmio_secure)(void *ctx);
    void *mmio_ctx;
    /* state */
    gic_state_t state;
} gic_t;

/* Creates a GIC in its reset state (which drives every line low). Returns
 * NULL for a bad config (ncpus out of range, NULL arrays) or no memory. */
gic_t *gic_new(const gic_config_t *cfg);
void gic_free(gic_t *gic);

/* Reset: everything disabled, Group 0, priority 0, edge SGIs and level
 * PPIs/SPIs, redistributors asleep, PMR 0. Drives all lines. */
void gic_reset(gic_t *gic);

/* What a loader that starts a kernel directly in Non-secure state does in
 * place of Secure firmware: every interrupt in Non-secure Group 1. */
void gic_setup_nonsecure_boot(gic_t *gic);

/* Recomputes every CPU's lines and drives them all (after a load). */
void gic_sync(gic_t *gic);

/* A CPU's current Exception level and Security state changed (EL3 is
 * Secure). Decides whether an interrupt is signalled as IRQ or FIQ. */
void gic_cpu_set_state(gic_t *gic, unsigned cpu, unsigned el, bool secure);

/* ---- interrupt inputs ---------------------------------------------- */

/* Input level of SPI intid (32..GIC_NUM_IRQS-1); others are ignored.
 * A rising edge latches pending for an edge-triggered SPI; a level SPI is
 * pending while its line is high. */
void gic_set_spi(gic_t *gic, unsigned intid, bool level);
/* Input level of PPI intid (16..31) of one CPU. */
void gic_set_ppi(gic_t *gic, unsigned cpu, unsigned intid, bool level);

/* irq_line_t values for device outputs. */
irq_line_t gic_spi_line(gic_t *gic, unsigned intid);
irq_line_t gic_ppi_line(gic_t *gic, unsigned cpu, unsigned intid);

/* ---- MMIO (bus region callbacks, user = the gic_t) -------------------
 * Any offset and size is accepted: unknown offsets are RAZ/WI, and the
 * callbacks always return 0. */
int gic_dist_read(void *user, uint64_t offset, unsigned size, uint64_t *value);
int gic_dist_write(void *user, uint64_t offset, unsigned size, uint64_t value);
/* The redistributor region: GIC_REDIST_STRIDE per CPU, in CPU order. */
int gic_redist_read(void *user, uint64_t offset, unsigned size, uint64_t *value);
int gic_redist_write(void *user, uint64_t offset, unsigned size, uint64_t value);
static inline uint64_t gic_redist_size(const gic_t *gic)
{
    return gic->ncpus * GIC_REDIST_STRIDE;
}

/* ---- CPU interface (ICC_* system registers) -------------------------- */

/* The accessing CPU's state, as the sysreg layer knows it. */
typedef struct gic_icc_ctx {
    unsigned el;   /* current Exception level */
    bool secure;   /* IsSecure() (true at EL3) */
    bool scr_ns;   /* SCR_EL3.NS: at EL3 it selects the banked copy */
    bool scr_irq, scr_fiq; /* SCR_EL3.IRQ, SCR_EL3.FIQ (0 without EL3) */
    bool hcr_imo, hcr_fmo; /* HCR_EL2.IMO, FMO if EL2 is enabled, else 0 */
} gic_icc_ctx_t;

/* Trap classes of the registers (the GICv3 accessibility pseudocode). */
typedef enum gic_icc_kind {
    GIC_ICC_G0,     /* Group 0: HCR_EL2.FMO virtualises, SCR_EL3.FIQ traps */
    GIC_ICC_G1,     /* Group 1: HCR_EL2.IMO virtualises, SCR_EL3.IRQ traps */
    GIC_ICC_COMMON, /* CTLR, PMR, RPR, DIR: IMO|FMO virtualise, IRQ&FIQ trap */
    GIC_ICC_SGI,    /* SGI generation: IMO|FMO trap to EL2, IRQ&FIQ to EL3 */
    GIC_ICC_PLAIN   /* SRE and EL2/EL3 registers: the access columns only */
} gic_icc_kind_t;

typedef struct gic_icc_reg {
    const char *name;
    uint32_t key;    /* ARM64EMU_SYSREG(op0, op1, CRn, CRm, op2) */
    uint16_t access; /* bit 2*el: read allowed at el; bit 2*el+1: write
                        (the layout of SR_R0..SR_W3 in sysreg.h) */
    uint8_t kind;    /* gic_icc_kind_t */
} gic_icc_reg_t;

/* Every ICC register the GIC implements, ending with name NULL. */
extern const gic_icc_reg_t gic_icc_regs[];
const gic_icc_reg_t *gic_icc_find(uint32_t key);

typedef enum gic_icc_status {
    GIC_ICC_OK = 0,
    GIC_ICC_UNDEF,    /* UNDEFINED at this EL (access columns) */
    GIC_ICC_TRAP_EL2, /* EC 0x18 trap to EL2 */
    GIC_ICC_TRAP_EL3, /* EC 0x18 trap to EL3 */
    GIC_ICC_VIRTUAL,  /* would reach the virtual CPU interface (ICV_*),
                         which is not modelled: treat as UNDEFINED */
    GIC_ICC_UNKNOWN   /* not an ICC register */
} gic_icc_status_t;

/* MRS/MSR of an ICC register by cpu. Applies the access columns and the
 * trap rules itself; on a status other than GIC_ICC_OK nothing changed.
 * A write may change the CPU's lines before returning; so may a read of
 * IAR0/IAR1 (acknowledge). */
gic_icc_status_t gic_icc_read(gic_t *gic, unsigned cpu, uint32_t key,
                              const gic_icc_ctx_t *ctx, uint64_t *value);
gic_icc_status_t gic_icc_write(gic_t *gic, unsigned cpu, uint32_t key,
                               const gic_icc_ctx_t *ctx, uint64_t value);

#endif
