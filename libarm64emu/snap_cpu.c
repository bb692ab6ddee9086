/* The CPU part of machine snapshots: the cpuN record with its nested
 * cpuN.model, cpuN.regs and cpuN.sysregs records (docs/snapshot/cpu.md).
 *
 * System registers are saved as (encoding, value) pairs, never by storage
 * slot, so that a later version with another slot layout reads them. The
 * tables below decide what happens to values this version cannot take as
 * they are: bits it treats as RES0 (res0_policy), encodings it does not
 * implement (unknown_policy), encodings that were renamed (aliases), and
 * ID register fields that differ between the snapshot's CPU model and the
 * machine's (id_fields).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmu.h"
#include "pstate.h"
#include "snapshot.h"
#include "sysreg.h"

#define K SYSREG_KEY
#define F_C SNAP_F_CRITICAL
#define F_O 0u

/* ---- report lines -------------------------------------------------------- */

/* Appends one line to the load report (warnings and skipped registers). */
/* A formatted line in the load report (warnings, skipped registers). */
static void report_note(snap_report_t *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void report_note(snap_report_t *r, const char *fmt, ...)
{
    char line[320];
    va_list ap;
    if (!r)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    snap_report_note(r, line);
}

/* "S3_0_C1_C2_0": the generic name of an encoding. */
static void encoding_name(uint32_t key, char *buf, size_t cap)
{
    snprintf(buf, cap, "S%u_%u_C%u_C%u_%u", (key >> 14) & 3, (key >> 11) & 7,
             (key >> 7) & 15, (key >> 3) & 15, key & 7);
}

/* ---- per-register policies ----------------------------------------------- */

/* What restore does with a saved value that sets bits this version treats
 * as RES0 for the machine's model. */
typedef enum res0_policy {
    RES0_MASK = 0, /* clear them and report (the default) */
    RES0_KEEP,     /* store the value raw, silently */
    RES0_REFUSE,   /* refuse the snapshot: a control this version lacks */
} res0_policy_t;

/* What restore does with an encoding this version does not keep in
 * cpuN.sysregs (not implemented, or not CPU state here). */
typedef enum unknown_policy {
    UNKNOWN_SKIP = 0, /* skip it and report it by name (the default) */
    UNKNOWN_REFUSE,   /* refuse: losing it would break the guest */
} unknown_policy_t;

typedef struct reg_policy {
    uint32_t key;
    const char *name;  /* for encodings this version does not implement */
    uint8_t res0;      /* res0_policy_t */
    uint8_t unknown;   /* unknown_policy_t */
} reg_policy_t;

#define KEEP(n, k) {k, n, RES0_KEEP, UNKNOWN_SKIP}
#define REFUSE(n, k) {k, n, RES0_REFUSE, UNKNOWN_REFUSE}
#define SKIP(n, k) {k, n, RES0_MASK, UNKNOWN_SKIP}

static const reg_policy_t reg_policies[] = {
    /* Implemented: IMPLEMENTATION DEFINED contents and syndromes are data,
     * kept raw whatever this version knows of their bits. */
    KEEP("ACTLR_EL1", K(3, 0, 1, 0, 1)),
    KEEP("ACTLR_EL2", K(3, 4, 1, 0, 1)),
    KEEP("ACTLR_EL3", K(3, 6, 1, 0, 1)),
    KEEP("AFSR0_EL1", K(3, 0, 5, 1, 0)),
    KEEP("AFSR1_EL1", K(3, 0, 5, 1, 1)),
    KEEP("AFSR0_EL2", K(3, 4, 5, 1, 0)),
    KEEP("AFSR1_EL2", K(3, 4, 5, 1, 1)),
    KEEP("AFSR0_EL3", K(3, 6, 5, 1, 0)),
    KEEP("AFSR1_EL3", K(3, 6, 5, 1, 1)),
    KEEP("AMAIR_EL1", K(3, 0, 10, 3, 0)),
    KEEP("AMAIR_EL2", K(3, 4, 10, 3, 0)),
    KEEP("AMAIR_EL3", K(3, 6, 10, 3, 0)),
    KEEP("ESR_EL1", K(3, 0, 5, 2, 0)),
    KEEP("ESR_EL2", K(3, 4, 5, 2, 0)),
    KEEP("ESR_EL3", K(3, 6, 5, 2, 0)),
    KEEP("HACR_EL2", K(3, 4, 1, 1, 7)),
    /* Implemented: trap and routing controls. A bit this version does not
     * implement is a control the guest relies on and would silently lose. */
    REFUSE("CPACR_EL1", K(3, 0, 1, 0, 2)),
    REFUSE("HCR_EL2", K(3, 4, 1, 1, 0)),
    REFUSE("MDCR_EL2", K(3, 4, 1, 1, 1)),
    REFUSE("CPTR_EL2", K(3, 4, 1, 1, 2)),
    REFUSE("HSTR_EL2", K(3, 4, 1, 1, 3)),
    REFUSE("SCR_EL3", K(3, 6, 1, 1, 0)),
    REFUSE("CPTR_EL3", K(3, 6, 1, 1, 2)),
    REFUSE("MDCR_EL3", K(3, 6, 1, 3, 1)),
    /* Not implemented by this version: state whose loss breaks a running
     * guest (keys, vector lengths, tags, translation controls). */
    REFUSE("ZCR_EL1", K(3, 0, 1, 2, 0)),
    REFUSE("ZCR_EL2", K(3, 4, 1, 2, 0)),
    REFUSE("SMCR_EL1", K(3, 0, 1, 2, 6)),
    REFUSE("SVCR", K(3, 3, 4, 2, 2)),
    REFUSE("TPIDR2_EL0", K(3, 3, 13, 0, 5)),
    REFUSE("APIAKeyLo_EL1", K(3, 0, 2, 1, 0)),
    REFUSE("APIAKeyHi_EL1", K(3, 0, 2, 1, 1)),
    REFUSE("APIBKeyLo_EL1", K(3, 0, 2, 1, 2)),
    REFUSE("APIBKeyHi_EL1", K(3, 0, 2, 1, 3)),
    REFUSE("APDAKeyLo_EL1", K(3, 0, 2, 2, 0)),
    REFUSE("APDAKeyHi_EL1", K(3, 0, 2, 2, 1)),
    REFUSE("APDBKeyLo_EL1", K(3, 0, 2, 2, 2)),
    REFUSE("APDBKeyHi_EL1", K(3, 0, 2, 2, 3)),
    REFUSE("APGAKeyLo_EL1", K(3, 0, 2, 3, 0)),
    REFUSE("APGAKeyHi_EL1", K(3, 0, 2, 3, 1)),
    REFUSE("GCR_EL1", K(3, 0, 1, 0, 6)),
    REFUSE("RGSR_EL1", K(3, 0, 1, 0, 5)),
    REFUSE("TFSR_EL1", K(3, 0, 5, 6, 0)),
    REFUSE("TFSRE0_EL1", K(3, 0, 5, 6, 1)),
    REFUSE("TCR2_EL1", K(3, 0, 2, 0, 3)),
    REFUSE("HCRX_EL2", K(3, 4, 1, 2, 2)),
    REFUSE("PIRE0_EL1", K(3, 0, 10, 2, 2)),
    REFUSE("PIR_EL1", K(3, 0, 10, 2, 3)),
    /* Not implemented: named, skipped and reported. */
    SKIP("SCTLR2_EL1", K(3, 0, 1, 0, 3)),
    SKIP("DISR_EL1", K(3, 0, 12, 1, 1)),
    SKIP("VDISR_EL2", K(3, 4, 12, 1, 1)),
    SKIP("VSESR_EL2", K(3, 4, 5, 2, 3)),
    SKIP("ACCDATA_EL1", K(3, 0, 13, 0, 5)),
};

static const reg_policy_t *policy_find(uint32_t key)
{
    for (size_t i = 0; i < sizeof(reg_policies) / sizeof(reg_policies[0]); i++)
        if (reg_policies[i].key == key)
            return &reg_policies[i];
    return NULL;
}

/* ---- the alias table (docs/snapshot-format.md §7.2) ----------------------- */

/* A saved encoding that now means another one. Consulted on load only,
 * before values are applied. */
typedef struct sysreg_alias {
    uint32_t old_key, new_key;
    const char *note; /* NULL ends the table */
} sysreg_alias_t;

static const sysreg_alias_t sysreg_aliases[] = {
    {0, 0, NULL},
};

/* The current encoding of a saved one, by table (the tests pass their own). */
static uint32_t alias_lookup(const sysreg_alias_t *table, uint32_t key)
{
    for (const sysreg_alias_t *a = table; a && a->note; a++)
        if (a->old_key == key)
            return a->new_key;
    return key;
}

/* ---- which system registers cpuN.sysregs holds --------------------------- */

/* Registers backed by functions whose state is not a plain slot read. The
 * set/clear pairs are saved once, under the SET encoding. */
enum { HOLD_SLOT = 0, HOLD_TPIDR_EL0, HOLD_TPIDRRO_EL0 };

typedef struct fn_state_reg {
    uint32_t key;
    int slot;       /* storage slot, or SR_NONE with hold */
    uint8_t hold;   /* HOLD_* */
    uint64_t res0;  /* bits that read as zero */
} fn_state_reg_t;

static const fn_state_reg_t fn_state_regs[] = {
    {K(3, 3, 13, 0, 2), SR_NONE, HOLD_TPIDR_EL0, 0},       /* TPIDR_EL0 */
    {K(3, 3, 13, 0, 3), SR_NONE, HOLD_TPIDRRO_EL0, 0},     /* TPIDRRO_EL0 */
    {K(3, 3, 9, 12, 1), SR_PMCNTEN_EL0, HOLD_SLOT, ~(1ull << 31)}, /* PMCNTENSET_EL0 */
    {K(3, 3, 9, 14, 3), SR_PMOVS_EL0, HOLD_SLOT, ~(1ull << 31)},   /* PMOVSSET_EL0 */
    {K(3, 0, 9, 14, 1), SR_PMINTEN_EL1, HOLD_SLOT, ~(1ull << 31)}, /* PMINTENSET_EL1 */
    {K(2, 0, 7, 8, 6), SR_DBGCLAIM_EL1, HOLD_SLOT, ~0xffull},      /* DBGCLAIMSET_EL1 */
};
#define FN_STATE_COUNT (sizeof(fn_state_regs) / sizeof(fn_state_regs[0]))

/* One register of cpuN.sysregs. */
typedef struct saved_reg {
    uint32_t key;
    const sysreg_def_t *d;
    int slot;        /* storage slot, or SR_NONE */
    uint8_t hold;    /* HOLD_* */
    uint64_t res0;   /* extra RES0 bits (function-backed registers) */
} saved_reg_t;

#define SAVED_MAX 256u

typedef struct catalogue {
    saved_reg_t r[SAVED_MAX];
    size_t n;
} catalogue_t;

static void add_saved(catalogue_t *c, const sysreg_def_t *d, int slot,
                      uint8_t hold, uint64_t res0)
{
    if (c->n == SAVED_MAX)
        return; /* the unit tests prove the catalogue fits */
    c->r[c->n++] = (saved_reg_t){d->key, d, slot, hold, res0};
}

/* Every storage register, whichever table defines it: CNTVOFF_EL2 (timer
 * table) and ICH_HCR_EL2 (GIC table) are CPU slots too. The timer's CTL and
 * CVAL registers and the ICC_* registers are function-backed views of the
 * timerN and gic.cpuifN records, so they are not collected. */
static void collect_one(const sysreg_def_t *d, void *ctx)
{
    if (d->slot < 0 || d->slot >= SR_COUNT || d->op)
        return;
    add_saved(ctx, d, d->slot, HOLD_SLOT, 0);
}

static int saved_cmp(const void *a, const void *b)
{
    uint32_t x = ((const saved_reg_t *)a)->key, y = ((const saved_reg_t *)b)->key;
    return x < y ? -1 : x > y;
}

/* Every register cpuN.sysregs holds (for any model), sorted by encoding. */
static void catalogue_build(catalogue_t *c)
{
    c->n = 0;
    sysreg_for_each(collect_one, c);
    for (size_t i = 0; i < FN_STATE_COUNT; i++) {
        const sysreg_def_t *d = sysreg_find(fn_state_regs[i].key);
        if (d)
            add_saved(c, d, fn_state_regs[i].slot, fn_state_regs[i].hold,
                      fn_state_regs[i].res0);
    }
    qsort(c->r, c->n, sizeof(c->r[0]), saved_cmp);
}

static const saved_reg_t *catalogue_find(const catalogue_t *c, uint32_t key)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->r[mid].key == key)
            return &c->r[mid];
        if (c->r[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The bits of r this version treats as RES0 on model. */
static uint64_t saved_res0(const saved_reg_t *r, const cpu_model_t *model)
{
    if (r->hold != HOLD_SLOT || r->d->slot < 0)
        return r->res0;
    return ~sysreg_guest_writable(model, r->d) & ~r->d->res1;
}

static uint64_t saved_read(const saved_reg_t *r, const cpu_t *cpu)
{
    switch (r->hold) {
    case HOLD_TPIDR_EL0: return cpu->tpidr_el0;
    case HOLD_TPIDRRO_EL0: return cpu->tpidrro_el0;
    default: return cpu->sr[r->slot];
    }
}

/* The value a register has after reset (cpu_reset). */
static uint64_t saved_reset(const saved_reg_t *r, const cpu_t *cpu)
{
    if (r->hold != HOLD_SLOT)
        return 0;
    if (r->slot == SR_VPIDR_EL2)
        return cpu->model->midr_el1;
    if (r->slot == SR_VMPIDR_EL2)
        return model_mpidr(cpu->model, cpu->index);
    return r->d->slot == r->slot ? r->d->reset : 0;
}

/* ---- ID registers and the mismatch table -------------------------------- */

typedef struct id_reg {
    const char *name;
    uint32_t key;
    size_t off;          /* in cpu_model_t */
    bool required;       /* a cpuN.model without it is refused */
    uint64_t res0;       /* bits that must be zero in a saved value */
} id_reg_t;

enum {
    IDR_MIDR, IDR_REVIDR, IDR_PFR0, IDR_PFR1, IDR_DFR0, IDR_ISAR0, IDR_ISAR1,
    IDR_ISAR2, IDR_MMFR0, IDR_MMFR1, IDR_MMFR2, IDR_CTR, IDR_DCZID, IDR_CLIDR,
    IDR_COUNT
};

#define MOFF(f) offsetof(cpu_model_t, f)
#define HI32 0xffffffff00000000ull

static const id_reg_t id_regs[IDR_COUNT] = {
    [IDR_MIDR] = {"MIDR_EL1", K(3, 0, 0, 0, 0), MOFF(midr_el1), true, HI32},
    [IDR_REVIDR] = {"REVIDR_EL1", K(3, 0, 0, 0, 6), MOFF(revidr_el1), false, HI32},
    [IDR_PFR0] = {"ID_AA64PFR0_EL1", K(3, 0, 0, 4, 0), MOFF(id_aa64pfr0_el1), true, 0},
    [IDR_PFR1] = {"ID_AA64PFR1_EL1", K(3, 0, 0, 4, 1), MOFF(id_aa64pfr1_el1), false, 0},
    [IDR_DFR0] = {"ID_AA64DFR0_EL1", K(3, 0, 0, 5, 0), MOFF(id_aa64dfr0_el1), true, 0},
    [IDR_ISAR0] = {"ID_AA64ISAR0_EL1", K(3, 0, 0, 6, 0), MOFF(id_aa64isar0_el1), false, 0},
    [IDR_ISAR1] = {"ID_AA64ISAR1_EL1", K(3, 0, 0, 6, 1), MOFF(id_aa64isar1_el1), false, 0},
    [IDR_ISAR2] = {"ID_AA64ISAR2_EL1", K(3, 0, 0, 6, 2), MOFF(id_aa64isar2_el1), false, 0},
    [IDR_MMFR0] = {"ID_AA64MMFR0_EL1", K(3, 0, 0, 7, 0), MOFF(id_aa64mmfr0_el1), true, 0},
    [IDR_MMFR1] = {"ID_AA64MMFR1_EL1", K(3, 0, 0, 7, 1), MOFF(id_aa64mmfr1_el1), false, 0},
    [IDR_MMFR2] = {"ID_AA64MMFR2_EL1", K(3, 0, 0, 7, 2), MOFF(id_aa64mmfr2_el1), false, 0},
    /* CTR_EL0: bits 63:38 and 30 RES0 (bit 31 RES1: checked apart) */
    [IDR_CTR] = {"CTR_EL0", K(3, 3, 0, 0, 1), MOFF(ctr_el0), true, ~0x3fbfffffffull},
    /* DCZID_EL0: only BS belongs to the model (DZP is computed) */
    [IDR_DCZID] = {"DCZID_EL0", K(3, 3, 0, 0, 7), MOFF(dczid_el0), true, ~0xfull},
    [IDR_CLIDR] = {"CLIDR_EL1", K(3, 1, 0, 0, 1), MOFF(clidr_el1), true, ~0x7fffffffffffull},
};

/* CCSIDR_EL1 for CSSELR_EL1 = s is keyed as its encoding | s << 16. */
#define CCSIDR_KEY K(3, 1, 0, 0, 0)
#define CCSIDR_RES0 HI32 /* no FEAT_CCIDX */

static uint64_t id_get(const cpu_model_t *m, unsigned r)
{
    uint64_t v;
    memcpy(&v, (const char *)m + id_regs[r].off, sizeof(v));
    return v;
}

static void id_set(cpu_model_t *m, unsigned r, uint64_t v)
{
    memcpy((char *)m + id_regs[r].off, &v, sizeof(v));
}

/* How a difference in one field between the snapshot's model and the
 * machine's is handled. */
typedef enum id_policy {
    ID_FEATURE,   /* unsigned level: machine lower -> refuse, higher -> warn */
    ID_SIGNED,    /* the same, as a signed field (0xF: not implemented) */
    ID_EXACT,     /* any difference refuses */
    ID_WARN,      /* any difference is reported */
} id_policy_t;

typedef struct id_field_def {
    uint8_t reg;      /* IDR_* */
    uint8_t shift, width;
    uint8_t policy;   /* id_policy_t */
    const char *name;
    uint8_t extra;    /* ID_FEATURE/SIGNED: a level this version implements
                         although no shipped model has it (0: none);
                         ID_EXACT/WARN: the highest valid value (0: any) */
} id_field_def_t;

#define FEAT(r, s, n) {IDR_##r, s, 4, ID_FEATURE, n, 0}
#define SFEAT(r, s, n) {IDR_##r, s, 4, ID_SIGNED, n, 0}
#define WARN(r, s, w, n) {IDR_##r, s, w, ID_WARN, n, 0}

static const id_field_def_t id_fields[] = {
    WARN(MIDR, 0, 4, "Revision"),
    WARN(MIDR, 4, 12, "PartNum"),
    WARN(MIDR, 16, 4, "Architecture"),
    WARN(MIDR, 20, 4, "Variant"),
    WARN(MIDR, 24, 8, "Implementer"),
    WARN(REVIDR, 0, 32, "REVIDR"),

    FEAT(PFR0, 0, "EL0"), FEAT(PFR0, 4, "EL1"), FEAT(PFR0, 8, "EL2"),
    FEAT(PFR0, 12, "EL3"), SFEAT(PFR0, 16, "FP"), SFEAT(PFR0, 20, "AdvSIMD"),
    {IDR_PFR0, 24, 4, ID_FEATURE, "GIC", 1}, /* the virt board's GICv3 */
    FEAT(PFR0, 28, "RAS"), FEAT(PFR0, 32, "SVE"), FEAT(PFR0, 36, "SEL2"),
    FEAT(PFR0, 40, "MPAM"), FEAT(PFR0, 44, "AMU"), FEAT(PFR0, 48, "DIT"),
    FEAT(PFR0, 52, "RME"), FEAT(PFR0, 56, "CSV2"), FEAT(PFR0, 60, "CSV3"),

    FEAT(PFR1, 0, "BT"), FEAT(PFR1, 4, "SSBS"), FEAT(PFR1, 8, "MTE"),
    FEAT(PFR1, 12, "RAS_frac"), FEAT(PFR1, 16, "MPAM_frac"),
    FEAT(PFR1, 24, "SME"), FEAT(PFR1, 28, "RNDR_trap"),
    FEAT(PFR1, 32, "CSV2_frac"), FEAT(PFR1, 36, "NMI"),
    FEAT(PFR1, 40, "MTE_frac"), FEAT(PFR1, 44, "GCS"), FEAT(PFR1, 48, "THE"),
    FEAT(PFR1, 52, "MTEX"), FEAT(PFR1, 56, "DF2"), FEAT(PFR1, 60, "PFAR"),

    FEAT(DFR0, 0, "DebugVer"), FEAT(DFR0, 4, "TraceVer"),
    SFEAT(DFR0, 8, "PMUVer"), FEAT(DFR0, 12, "BRPs"), FEAT(DFR0, 16, "PMSS"),
    FEAT(DFR0, 20, "WRPs"), FEAT(DFR0, 24, "SEBEP"), FEAT(DFR0, 28, "CTX_CMPs"),
    FEAT(DFR0, 32, "PMSVer"), SFEAT(DFR0, 36, "DoubleLock"),
    FEAT(DFR0, 40, "TraceFilt"), FEAT(DFR0, 44, "TraceBuffer"),
    SFEAT(DFR0, 48, "MTPMU"), FEAT(DFR0, 52, "BRBE"),
    FEAT(DFR0, 56, "ExtTrcBuff"), FEAT(DFR0, 60, "HPMN0"),

    FEAT(ISAR0, 4, "AES"), FEAT(ISAR0, 8, "SHA1"), FEAT(ISAR0, 12, "SHA2"),
    FEAT(ISAR0, 16, "CRC32"), FEAT(ISAR0, 20, "Atomic"), FEAT(ISAR0, 24, "TME"),
    FEAT(ISAR0, 28, "RDM"), FEAT(ISAR0, 32, "SHA3"), FEAT(ISAR0, 36, "SM3"),
    FEAT(ISAR0, 40, "SM4"), FEAT(ISAR0, 44, "DP"), FEAT(ISAR0, 48, "FHM"),
    FEAT(ISAR0, 52, "TS"), FEAT(ISAR0, 56, "TLB"), FEAT(ISAR0, 60, "RNDR"),

    FEAT(ISAR1, 0, "DPB"), FEAT(ISAR1, 4, "APA"), FEAT(ISAR1, 8, "API"),
    FEAT(ISAR1, 12, "JSCVT"), FEAT(ISAR1, 16, "FCMA"), FEAT(ISAR1, 20, "LRCPC"),
    FEAT(ISAR1, 24, "GPA"), FEAT(ISAR1, 28, "GPI"), FEAT(ISAR1, 32, "FRINTTS"),
    FEAT(ISAR1, 36, "SB"), FEAT(ISAR1, 40, "SPECRES"), FEAT(ISAR1, 44, "BF16"),
    FEAT(ISAR1, 48, "DGH"), FEAT(ISAR1, 52, "I8MM"), FEAT(ISAR1, 56, "XS"),
    FEAT(ISAR1, 60, "LS64"),

    FEAT(ISAR2, 0, "WFxT"), FEAT(ISAR2, 4, "RPRES"), FEAT(ISAR2, 8, "GPA3"),
    FEAT(ISAR2, 12, "APA3"), FEAT(ISAR2, 16, "MOPS"), FEAT(ISAR2, 20, "BC"),
    FEAT(ISAR2, 24, "PAC_frac"), FEAT(ISAR2, 28, "CLRBHB"),
    FEAT(ISAR2, 32, "SYSREG_128"), FEAT(ISAR2, 36, "SYSINSTR_128"),
    FEAT(ISAR2, 40, "PRFMSLC"), FEAT(ISAR2, 48, "RPRFM"), FEAT(ISAR2, 52, "CSSC"),
    FEAT(ISAR2, 56, "LUT"), FEAT(ISAR2, 60, "ATS1A"),

    FEAT(MMFR0, 0, "PARange"), FEAT(MMFR0, 4, "ASIDBits"),
    FEAT(MMFR0, 8, "BigEnd"), FEAT(MMFR0, 12, "SNSMem"),
    FEAT(MMFR0, 16, "BigEndEL0"), FEAT(MMFR0, 20, "TGran16"),
    SFEAT(MMFR0, 24, "TGran64"), SFEAT(MMFR0, 28, "TGran4"),
    WARN(MMFR0, 32, 4, "TGran16_2"), WARN(MMFR0, 36, 4, "TGran64_2"),
    WARN(MMFR0, 40, 4, "TGran4_2"), FEAT(MMFR0, 44, "ExS"),
    FEAT(MMFR0, 56, "FGT"), FEAT(MMFR0, 60, "ECV"),

    FEAT(MMFR1, 0, "HAFDBS"), FEAT(MMFR1, 4, "VMIDBits"), FEAT(MMFR1, 8, "VH"),
    FEAT(MMFR1, 12, "HPDS"), FEAT(MMFR1, 16, "LO"), FEAT(MMFR1, 20, "PAN"),
    FEAT(MMFR1, 24, "SpecSEI"), FEAT(MMFR1, 28, "XNX"), FEAT(MMFR1, 32, "TWED"),
    FEAT(MMFR1, 36, "ETS"), FEAT(MMFR1, 40, "HCX"), FEAT(MMFR1, 44, "AFP"),
    FEAT(MMFR1, 48, "nTLBPA"), FEAT(MMFR1, 52, "TIDCP1"), FEAT(MMFR1, 56, "CMOW"),
    FEAT(MMFR1, 60, "ECBHB"),

    FEAT(MMFR2, 0, "CnP"), FEAT(MMFR2, 4, "UAO"), FEAT(MMFR2, 8, "LSM"),
    FEAT(MMFR2, 12, "IESB"), FEAT(MMFR2, 16, "VARange"), FEAT(MMFR2, 20, "CCIDX"),
    FEAT(MMFR2, 24, "NV"), FEAT(MMFR2, 28, "ST"), FEAT(MMFR2, 32, "AT"),
    FEAT(MMFR2, 36, "IDS"), FEAT(MMFR2, 40, "FWB"), FEAT(MMFR2, 48, "TTL"),
    FEAT(MMFR2, 52, "BBM"), FEAT(MMFR2, 56, "EVT"), FEAT(MMFR2, 60, "E0PD"),

    {IDR_CTR, 0, 4, ID_WARN, "IminLine", 0},
    {IDR_CTR, 14, 2, ID_WARN, "L1Ip", 0},
    {IDR_CTR, 16, 4, ID_WARN, "DminLine", 0},
    {IDR_CTR, 20, 4, ID_WARN, "ERG", 0},
    {IDR_CTR, 24, 4, ID_WARN, "CWG", 0},
    {IDR_CTR, 28, 1, ID_FEATURE, "IDC", 1},
    {IDR_CTR, 29, 1, ID_FEATURE, "DIC", 1},
    {IDR_CTR, 32, 6, ID_WARN, "TminLine", 0},
    /* DC ZVA zeroes exactly the block the guest measured at boot. */
    {IDR_DCZID, 0, 4, ID_EXACT, "BS", 9},
    {IDR_CLIDR, 0, 47, ID_WARN, "cache hierarchy", 0},
};
#define ID_FIELD_COUNT (sizeof(id_fields) / sizeof(id_fields[0]))

static unsigned field_of(uint64_t v, const id_field_def_t *f)
{
    uint64_t mask = f->width >= 64 ? ~0ull : (1ull << f->width) - 1;
    return (unsigned)((v >> f->shift) & mask);
}

/* A field as an ordered level (signed fields: 0xF is -1). */
static int field_level(unsigned v, const id_field_def_t *f)
{
    return f->policy == ID_SIGNED && v >= 8 ? (int)v - 16 : (int)v;
}

/* The highest level of a feature field this version implements: what the
 * shipped models have (max advertises exactly what runs) or the row's
 * extra level. */
static int field_ceiling(const id_field_def_t *f)
{
    int best = f->extra;
    for (const char *const *n = model_names; *n; n++) {
        const cpu_model_t *m = model_find(*n);
        if (!m)
            continue;
        int l = field_level(field_of(id_get(m, f->reg), f), f);
        if (l > best)
            best = l;
    }
    return best;
}

/* The bits of reg the table describes. */
static uint64_t fields_mask(unsigned reg)
{
    uint64_t mask = 0;
    for (size_t i = 0; i < ID_FIELD_COUNT; i++) {
        const id_field_def_t *f = &id_fields[i];
        if (f->reg == reg)
            mask |= (f->width >= 64 ? ~0ull : (1ull << f->width) - 1) << f->shift;
    }
    return mask;
}

/* ---- record names and schema -------------------------------------------- */

static const snap_field_def_t cpu_fields[] = {
    {"cpuN.model", SNAP_T_RECORD, F_C, false},
    {"cpuN.regs", SNAP_T_RECORD, F_C, false},
    {"cpuN.sysregs", SNAP_T_RECORD, F_C, false},
    {NULL, 0, 0, false},
};

static const snap_field_def_t model_fields[] = {
    {"id", SNAP_T_U64_ARRAY, F_C, false},
    {"features", SNAP_T_STRING, F_O, false},
    {"name", SNAP_T_STRING, F_O, false},
    {"mpidr_cluster", SNAP_T_U64, F_C, false},
    {NULL, 0, 0, false},
};

static const snap_field_def_t regs_fields[] = {
    {"x", SNAP_T_U64_ARRAY, F_C, false},
    {"sp_el0", SNAP_T_U64, F_C, false},
    {"sp_el1", SNAP_T_U64, F_C, false},
    {"sp_el2", SNAP_T_U64, F_C, false},
    {"sp_el3", SNAP_T_U64, F_C, false},
    {"pc", SNAP_T_U64, F_C, false},
    {"pstate", SNAP_T_U64, F_C, false},
    {"v", SNAP_T_BYTES, F_C, false},
    {"fpcr", SNAP_T_U64, F_C, false},
    {"fpsr", SNAP_T_U64, F_C, false},
    {"icount", SNAP_T_U64, F_C, false},
    {"excl_valid", SNAP_T_U64, F_C, false},
    {"excl_addr", SNAP_T_U64, F_C, false},
    {"excl_size", SNAP_T_U64, F_C, false},
    {"excl_value", SNAP_T_U64_ARRAY, F_C, false},
    {"lines", SNAP_T_U64, F_C, false},
    {NULL, 0, 0, false},
};

static const snap_field_def_t sysregs_fields[] = {
    {"pairs", SNAP_T_U64_ARRAY, F_C, false},
    {NULL, 0, 0, false},
};

static const snap_record_def_t cpu_schema[] = {
    {"cpuN", F_C, cpu_fields},
    {"cpuN.model", F_C, model_fields},
    {"cpuN.regs", F_C, regs_fields},
    {"cpuN.sysregs", F_C, sysregs_fields},
    {NULL, 0, NULL},
};

/* A definition with "N" replaced by n in its tag and field names. */
typedef struct named_def {
    snap_record_def_t def;
    snap_field_def_t fields[24];
    char names[24][SNAP_NAME_MAX + 1];
    char tag[SNAP_NAME_MAX + 1];
} named_def_t;

static void subst_n(char *out, const char *in, unsigned n)
{
    const char *p = strstr(in, "cpuN");
    if (p)
        snprintf(out, SNAP_NAME_MAX + 1, "%.*scpu%u%s", (int)(p - in), in, n,
                 p + 4);
    else
        snprintf(out, SNAP_NAME_MAX + 1, "%s", in);
}

static const snap_record_def_t *named(named_def_t *nd, const snap_record_def_t *d,
                                      unsigned n)
{
    size_t i = 0;
    subst_n(nd->tag, d->tag, n);
    for (; d->fields[i].name && i + 1 < 24; i++) {
        nd->fields[i] = d->fields[i];
        subst_n(nd->names[i], d->fields[i].name, n);
        nd->fields[i].name = nd->names[i];
    }
    nd->fields[i] = (snap_field_def_t){NULL, 0, 0, false};
    nd->def = (snap_record_def_t){nd->tag, d->flags, nd->fields};
    return &nd->def;
}

/* ---- saving ---------------------------------------------------------------- */

typedef struct pair_buf {
    uint64_t v[2 * (SAVED_MAX + IDR_COUNT + 16)];
    size_t n;
} pair_buf_t;

static void pair_add(pair_buf_t *p, uint64_t key, uint64_t value)
{
    if (p->n + 2 <= sizeof(p->v) / sizeof(p->v[0])) {
        p->v[p->n++] = key;
        p->v[p->n++] = value;
    }
}

static int pair_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static bool save_model(snap_writer_t *w, const machine_t *m,
                       const cpu_model_t *model, const char *tag)
{
    pair_buf_t *p = calloc(1, sizeof(*p));
    char *feat = calloc(1, 4096);
    bool ok = p && feat;
    if (ok) {
        for (unsigned r = 0; r < IDR_COUNT; r++)
            pair_add(p, id_regs[r].key, id_get(model, r));
        for (unsigned s = 0; s < 16; s++)
            if (model->ccsidr[s])
                pair_add(p, CCSIDR_KEY | (uint64_t)s << 16, model->ccsidr[s]);
        qsort(p->v, p->n / 2, 2 * sizeof(uint64_t), pair_cmp);
        size_t len = 0;
        for (const model_feature_t *f = model_features; f->name; f++)
            if (model_feature_has(model, f) && len + strlen(f->name) + 2 < 4096)
                len += (size_t)snprintf(feat + len, 4096 - len, "%s%s",
                                        len ? " " : "", f->name);
        ok = snap_w_begin(w, tag, F_C) &&
             snap_w_u64_array(w, "id", F_C, p->v, p->n) &&
             snap_w_str(w, "features", F_O, feat) &&
             snap_w_str(w, "name", F_O, model->name ? model->name : "") &&
             snap_w_u64(w, "mpidr_cluster", F_C, model->mpidr_cluster) &&
             snap_save_kept(w, m, tag) && snap_w_end(w);
    }
    free(p);
    free(feat);
    return ok;
}

static bool save_regs(snap_writer_t *w, const machine_t *m, const cpu_t *cpu,
                      const char *tag)
{
    uint8_t v[32 * 16];
    for (unsigned i = 0; i < 32; i++)
        memcpy(v + 16 * i, cpu->v[i].b, 16);
    bool ok = snap_w_begin(w, tag, F_C) && snap_w_u64_array(w, "x", F_C, cpu->r, 31);
    static const char *const sp_names[4] = {"sp_el0", "sp_el1", "sp_el2", "sp_el3"};
    for (unsigned el = 0; el < 4 && ok; el++)
        if (el < 2 || model_has_el(cpu->model, el))
            ok = snap_w_u64(w, sp_names[el], F_C, cpu_sp_el(cpu, el));
    return ok && snap_w_u64(w, "pc", F_C, cpu->pc) &&
           snap_w_u64(w, "pstate", F_C, pstate_read(cpu)) &&
           snap_w_bytes(w, "v", F_C, v, sizeof(v)) &&
           snap_w_u64(w, "fpcr", F_C, cpu->fpcr) &&
           snap_w_u64(w, "fpsr", F_C, cpu->fpsr) &&
           snap_w_u64(w, "icount", F_C, cpu->icount) &&
           snap_w_u64(w, "excl_valid", F_C, cpu->excl.valid) &&
           snap_w_u64(w, "excl_addr", F_C, cpu->excl.addr) &&
           snap_w_u64(w, "excl_size", F_C, cpu->excl.size) &&
           snap_w_u64_array(w, "excl_value", F_C, cpu->excl.value, 2) &&
           snap_w_u64(w, "lines", F_C, cpu->lines) && snap_save_kept(w, m, tag) &&
           snap_w_end(w);
}

static bool save_sysregs(snap_writer_t *w, const machine_t *m, const cpu_t *cpu,
                         const char *tag)
{
    catalogue_t *c = malloc(sizeof(*c));
    pair_buf_t *p = calloc(1, sizeof(*p));
    bool ok = c && p;
    if (ok) {
        catalogue_build(c);
        for (size_t i = 0; i < c->n; i++)
            if (sysreg_present(cpu->model, c->r[i].d))
                pair_add(p, c->r[i].key, saved_read(&c->r[i], cpu));
        ok = snap_w_begin(w, tag, F_C) && snap_w_u64_array(w, "pairs", F_C, p->v, p->n) &&
             snap_save_kept(w, m, tag) && snap_w_end(w);
    }
    free(c);
    free(p);
    return ok;
}

static bool cpu_save(snap_writer_t *w, machine_t *m, unsigned n)
{
    if (n >= m->ncpus)
        return false;
    const cpu_t *cpu = &m->cpus[n];
    char tag[SNAP_NAME_MAX + 1], sub[SNAP_NAME_MAX + 1];
    snprintf(tag, sizeof(tag), "cpu%u", n);
    if (!snap_w_begin(w, tag, F_C))
        return false;
    snprintf(sub, sizeof(sub), "cpu%u.model", n);
    if (!save_model(w, m, cpu->model, sub))
        return false;
    snprintf(sub, sizeof(sub), "cpu%u.regs", n);
    if (!save_regs(w, m, cpu, sub))
        return false;
    snprintf(sub, sizeof(sub), "cpu%u.sysregs", n);
    if (!save_sysregs(w, m, cpu, sub))
        return false;
    return snap_save_kept(w, m, tag) && snap_w_end(w);
}

static bool cpu_owns(const char *tag, unsigned *n)
{
    if (strncmp(tag, "cpu", 3) != 0)
        return false;
    const char *p = tag + 3;
    if (*p < '0' || *p > '9' || (p[0] == '0' && p[1]))
        return false;
    unsigned long v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > ARM64EMU_MAX_CPUS)
            return false;
        v = v * 10 + (unsigned long)(*p - '0');
    }
    if (v >= ARM64EMU_MAX_CPUS)
        return false;
    *n = (unsigned)v;
    return true;
}

/* ---- loading: the model --------------------------------------------------- */

/* Finds the nested record tag (cpuN.<what>) inside cpu_rec. */
static int find_sub(snap_load_t *ld, const snap_item_t *cpu_rec, const char *what,
                    snap_item_t *out)
{
    char name[2 * SNAP_NAME_MAX];
    snprintf(name, sizeof(name), "%s.%s", cpu_rec->name, what);
    int r = snap_find(cpu_rec, name, out, ld->err);
    if (r < 0) {
        ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
        return -1;
    }
    if (r == 0) {
        snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, cpu_rec,
                  "has no record '%s' (required)", name);
        return -1;
    }
    if (out->type != SNAP_T_RECORD) {
        snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, out, "is not a record");
        return -1;
    }
    return 1;
}

/* Reads a u64[] field of (key, value) pairs into a new array. */
static bool read_pairs(snap_load_t *ld, const snap_item_t *rec, const char *name,
                       uint64_t **out, size_t *n)
{
    snap_item_t it;
    *out = NULL;
    *n = 0;
    int r = snap_find(rec, name, &it, ld->err);
    if (r < 0) {
        ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
        return false;
    }
    if (r == 0)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                         "has no field '%s' (required)", name);
    size_t count;
    if (!snap_get_u64_count(&it, &count, ld->err)) {
        ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
        return false;
    }
    if (count % 2)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &it,
                         "holds %zu elements: (encoding, value) pairs need an "
                         "even number", count);
    uint64_t *v = malloc((count ? count : 1) * sizeof(uint64_t));
    if (!v)
        return snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, &it, "out of memory");
    if (!snap_get_u64_array(&it, v, count, &count, ld->err)) {
        free(v);
        ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
        return false;
    }
    *out = v;
    *n = count / 2;
    return true;
}

/* Whether key is in the AArch64 ID space (op0 3, op1 0, CRn 0, CRm 1-7),
 * whose unlisted encodings read as zero. */
static bool in_id_space(uint32_t key)
{
    unsigned crm = (key >> 3) & 15;
    return (key & ~(uint32_t)0x7f) == K(3, 0, 0, 0, 0) && crm >= 1 && crm <= 7;
}

/* Checks that the ID values of m are ones this version can run exactly. */
static bool model_valid(snap_load_t *ld, const snap_item_t *at,
                        const cpu_model_t *m)
{
    for (unsigned r = 0; r < IDR_COUNT; r++) {
        uint64_t v = id_get(m, r), known = fields_mask(r);
        uint64_t bad = v & id_regs[r].res0;
        if (r >= IDR_PFR0 && r <= IDR_MMFR2)
            bad |= v & ~known;
        if (bad)
            return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, at,
                             "%s = 0x%llx sets bits 0x%llx that are RES0 in this "
                             "version", id_regs[r].name, (unsigned long long)v,
                             (unsigned long long)bad);
    }
    if (!(m->ctr_el0 & (1ull << 31)))
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, at,
                         "CTR_EL0 = 0x%llx lacks its RES1 bit 31",
                         (unsigned long long)m->ctr_el0);
    for (unsigned s = 0; s < 16; s++)
        if (m->ccsidr[s] & CCSIDR_RES0)
            return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, at,
                             "CCSIDR_EL1 (CSSELR_EL1 = %u) = 0x%llx sets bits above "
                             "31, which need FEAT_CCIDX", s,
                             (unsigned long long)m->ccsidr[s]);
    for (size_t i = 0; i < ID_FIELD_COUNT; i++) {
        const id_field_def_t *f = &id_fields[i];
        unsigned v = field_of(id_get(m, f->reg), f);
        bool feature = f->policy == ID_FEATURE || f->policy == ID_SIGNED;
        if (feature && field_level(v, f) > field_ceiling(f))
            return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, at,
                             "%s.%s = %u is beyond what this version implements "
                             "(at most %d)", id_regs[f->reg].name, f->name, v,
                             field_ceiling(f));
        if (!feature && f->extra && v > f->extra)
            return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, at,
                             "%s.%s = %u is not a valid value (at most %u)",
                             id_regs[f->reg].name, f->name, v, f->extra);
    }
    uint64_t pfr0 = m->id_aa64pfr0_el1;
    if (id_field(pfr0, 0) == 0 || id_field(pfr0, 4) == 0)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, at,
                         "ID_AA64PFR0_EL1 = 0x%llx says EL0 or EL1 is not "
                         "implemented", (unsigned long long)pfr0);
    if (id_field(pfr0, 16) != id_field(pfr0, 20))
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, at,
                         "ID_AA64PFR0_EL1.FP (%u) and AdvSIMD (%u) differ",
                         id_field(pfr0, 16), id_field(pfr0, 20));
    return true;
}

/* The ID values of model record it into *out (base otherwise). */
static bool model_parse(snap_load_t *ld, const snap_item_t *it,
                        const cpu_model_t *base, cpu_model_t *out)
{
    static const snap_known_t known[] = {
        {"id", SNAP_T_U64_ARRAY, false},
        {"features", SNAP_T_STRING, false},
        {"name", SNAP_T_STRING, false},
        {"mpidr_cluster", SNAP_T_U64, false},
    };
    snap_cursor_t cur;
    if (!snap_enter(it, &cur, ld->err) ||
        !snap_check_items(&cur, known, sizeof(known) / sizeof(known[0]), NULL,
                          ld->err)) {
        ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
        return false;
    }
    uint64_t *p;
    size_t n;
    if (!read_pairs(ld, it, "id", &p, &n))
        return false;
    cpu_model_t m = *base;
    bool seen[IDR_COUNT] = {false}, seen_cc[16] = {false};
    for (unsigned r = 0; r < IDR_COUNT; r++)
        id_set(&m, r, 0);
    memset(m.ccsidr, 0, sizeof(m.ccsidr));
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        uint64_t key = p[2 * i], v = p[2 * i + 1];
        unsigned r = 0;
        while (r < IDR_COUNT && id_regs[r].key != key)
            r++;
        char nm[32];
        encoding_name((uint32_t)key, nm, sizeof(nm));
        if (r < IDR_COUNT) {
            if (seen[r])
                ok = snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, it,
                               "'id' lists %s twice", id_regs[r].name);
            seen[r] = true;
            id_set(&m, r, v);
        } else if ((key & 0xffff) == CCSIDR_KEY && (key >> 16) < 16) {
            unsigned s = (unsigned)(key >> 16);
            if (seen_cc[s])
                ok = snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, it,
                               "'id' lists CCSIDR_EL1 (CSSELR_EL1 = %u) twice", s);
            seen_cc[s] = true;
            m.ccsidr[s] = v;
        } else if (key <= 0xffff && in_id_space((uint32_t)key)) {
            /* An ID register this version reads as zero. */
            if (v)
                ok = snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, it,
                               "'id' gives ID register %s = 0x%llx; this version "
                               "implements none of its features", nm,
                               (unsigned long long)v);
        } else {
            ok = snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, it,
                           "'id' holds 0x%llx, which is not an ID register "
                           "encoding", (unsigned long long)key);
        }
    }
    free(p);
    for (unsigned r = 0; r < IDR_COUNT && ok; r++)
        if (id_regs[r].required && !seen[r])
            ok = snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, it,
                           "'id' lacks %s (required)", id_regs[r].name);
    if (!ok)
        return false;
    snap_item_t f;
    int r = snap_find(it, "mpidr_cluster", &f, ld->err);
    uint64_t c = 0;
    if (r < 0 || (r == 1 && !snap_get_u64(&f, &c, ld->err))) {
        ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
        return false;
    }
    if (r == 1) {
        if (c > 256)
            return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &f,
                             "is %llu; at most 256 cores make a cluster",
                             (unsigned long long)c);
        m.mpidr_cluster = (unsigned)c;
    }
    if (!model_valid(ld, it, &m))
        return false;
    *out = m;
    return true;
}

bool snap_model_read(snap_load_t *ld, const snap_item_t *cpu_rec,
                     const cpu_model_t *base, cpu_model_t *out)
{
    snap_item_t it;
    if (find_sub(ld, cpu_rec, "model", &it) < 0)
        return false;
    return model_parse(ld, &it, base, out);
}

bool snap_model_check(snap_load_t *ld, const cpu_model_t *saved,
                      const cpu_model_t *have)
{
    for (size_t i = 0; i < ID_FIELD_COUNT; i++) {
        const id_field_def_t *f = &id_fields[i];
        unsigned s = field_of(id_get(saved, f->reg), f);
        unsigned h = field_of(id_get(have, f->reg), f);
        if (s == h)
            continue;
        const char *reg = id_regs[f->reg].name;
        int ls = field_level(s, f), lh = field_level(h, f);
        bool refuse = f->policy == ID_EXACT ||
                      (f->policy != ID_WARN && lh < ls);
        if (refuse)
            return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, NULL,
                             "CPU model mismatch: %s.%s is %u in the snapshot but "
                             "%u on this machine%s", reg, f->name, s, h,
                             f->policy == ID_EXACT ? " (must be equal)"
                                                   : " (lower: refused)");
        report_note(ld->rep, "warning: CPU model differs: %s.%s is %u in the "
                    "snapshot, %u on this machine", reg, f->name, s, h);
    }
    for (unsigned s = 0; s < 16; s++)
        if (saved->ccsidr[s] != have->ccsidr[s])
            report_note(ld->rep, "warning: CPU model differs: CCSIDR_EL1 "
                        "(CSSELR_EL1 = %u) is 0x%llx in the snapshot, 0x%llx on "
                        "this machine", s, (unsigned long long)saved->ccsidr[s],
                        (unsigned long long)have->ccsidr[s]);
    if (saved->mpidr_cluster != have->mpidr_cluster)
        return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, NULL,
                         "CPU model mismatch: mpidr_cluster (MPIDR_EL1 "
                         "affinity layout) is %u in the snapshot but %u on this "
                         "machine", saved->mpidr_cluster, have->mpidr_cluster);
    return true;
}

/* ---- loading: registers ---------------------------------------------------- */

typedef struct cpu_stage {
    uint64_t x[31];
    uint64_t sp_el[4];
    uint64_t pc, pstate, fpcr, fpsr, icount, lines;
    uint8_t v[32][16];
    bool excl_valid;
    uint64_t excl_addr, excl_size, excl_value[2];
    uint64_t sr[SR_COUNT];
    bool owned[SR_COUNT]; /* slots cpuN.sysregs restores */
    uint64_t tpidr_el0, tpidrro_el0;
} cpu_stage_t;

static bool get_u64_field(snap_load_t *ld, const snap_item_t *rec,
                          const char *name, uint64_t *v, bool required)
{
    snap_item_t it;
    if (required) {
        int r = snap_find(rec, name, &it, ld->err);
        if (r < 0) {
            ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
            return false;
        }
        if (r == 0)
            return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                             "has no field '%s' (required)", name);
        if (!snap_get_u64(&it, v, ld->err)) {
            ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
            return false;
        }
        return true;
    }
    return snap_load_u64(ld, rec, name, v);
}

/* Reads a u64[] field of exactly n elements (missing: *v stays, reported). */
static bool get_u64_array(snap_load_t *ld, const snap_item_t *rec,
                          const char *name, uint64_t *v, size_t n, bool required)
{
    snap_item_t it;
    int r = snap_find(rec, name, &it, ld->err);
    if (r < 0) {
        ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
        return false;
    }
    if (r == 0) {
        if (required)
            return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                             "has no field '%s' (required)", name);
        snap_report_defaulted(ld->rep, rec->name, name);
        return true;
    }
    size_t count;
    if (!snap_get_u64_count(&it, &count, ld->err)) {
        ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
        return false;
    }
    if (count != n)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &it,
                         "holds %zu elements where %zu are expected", count, n);
    if (!snap_get_u64_array(&it, v, n, &count, ld->err)) {
        ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
        return false;
    }
    return true;
}

static bool parse_regs(snap_load_t *ld, const snap_item_t *rec, const cpu_t *cpu,
                       cpu_stage_t *st, unsigned n)
{
    named_def_t nd;
    if (!snap_load_check(ld, rec, named(&nd, &cpu_schema[2], n)))
        return false;
    const cpu_model_t *model = cpu->model;
    if (!get_u64_array(ld, rec, "x", st->x, 31, true) ||
        !get_u64_field(ld, rec, "pc", &st->pc, true) ||
        !get_u64_field(ld, rec, "pstate", &st->pstate, true))
        return false;
    static const char *const sp_names[4] = {"sp_el0", "sp_el1", "sp_el2", "sp_el3"};
    for (unsigned el = 0; el < 4; el++) {
        if (el >= 2 && !model_has_el(model, el)) {
            snap_item_t it;
            int r = snap_find(rec, sp_names[el], &it, ld->err);
            if (r < 0) {
                ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
                return false;
            }
            if (r == 1)
                return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, &it,
                                 "is EL%u state but this CPU has no EL%u", el, el);
            continue;
        }
        if (!snap_load_u64(ld, rec, sp_names[el], &st->sp_el[el]))
            return false;
    }

    /* PSTATE: an AArch64 state this CPU can be in. */
    uint64_t ps = st->pstate;
    unsigned el = (unsigned)(ps >> 2) & 3;
    uint64_t allowed = PSR_NZCV | PSR_DAIF | 0xdu | pstate_bits_of_model(model);
    if (ps & 0x10)
        return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, rec,
                         "pstate 0x%llx is an AArch32 state, which this version "
                         "does not implement", (unsigned long long)ps);
    if (ps & 2)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                         "pstate 0x%llx sets the reserved bit M[1]",
                         (unsigned long long)ps);
    if (el == 0 && (ps & 1))
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                         "pstate 0x%llx selects SP_ELx at EL0, which has "
                         "only SP_EL0", (unsigned long long)ps);
    if (!model_has_el(model, el))
        return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, rec,
                         "pstate 0x%llx is at EL%u, which this CPU does not have",
                         (unsigned long long)ps, el);
    if (ps & ~allowed)
        return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, rec,
                         "pstate 0x%llx sets bits 0x%llx this CPU does not "
                         "implement", (unsigned long long)ps,
                         (unsigned long long)(ps & ~allowed));

    snap_item_t it;
    int r = snap_find(rec, "v", &it, ld->err);
    if (r < 0) {
        ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
        return false;
    }
    if (r == 1) {
        const uint8_t *b;
        size_t len;
        if (!snap_get_bytes(&it, &b, &len, ld->err)) {
            ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
            return false;
        }
        if (len != sizeof(st->v))
            return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &it,
                             "holds %zu bytes where %zu (32 x 16) are expected",
                             len, sizeof(st->v));
        memcpy(st->v, b, len);
    } else {
        snap_report_defaulted(ld->rep, rec->name, "v");
    }

    uint64_t excl_valid = 0;
    if (!snap_load_u64(ld, rec, "fpcr", &st->fpcr) ||
        !snap_load_u64(ld, rec, "fpsr", &st->fpsr) ||
        !snap_load_u64(ld, rec, "icount", &st->icount) ||
        !snap_load_u64(ld, rec, "excl_valid", &excl_valid) ||
        !snap_load_u64(ld, rec, "excl_addr", &st->excl_addr) ||
        !snap_load_u64(ld, rec, "excl_size", &st->excl_size) ||
        !get_u64_array(ld, rec, "excl_value", st->excl_value, 2, false) ||
        !snap_load_u64(ld, rec, "lines", &st->lines))
        return false;
    if (excl_valid > 1)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                         "excl_valid is %llu; 0 or 1 expected",
                         (unsigned long long)excl_valid);
    st->excl_valid = excl_valid == 1;
    uint64_t sz = st->excl_size;
    if (sz > 16 || (sz & (sz - 1)))
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                         "excl_size is %llu; 0, 1, 2, 4, 8 or 16 expected",
                         (unsigned long long)sz);
    if (st->lines & ~(uint64_t)ARM64EMU_LINE_ALL)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                         "lines 0x%llx sets bits that are no input line",
                         (unsigned long long)st->lines);

    /* FPCR and FPSR: bits this CPU does not implement are cleared and
     * reported (the default RES0 policy). */
    uint64_t fpcr_ok = 0x07ff0000u & ~0x00370000u;
    if (id_field(model->id_aa64pfr0_el1, 16) != 1)
        fpcr_ok &= ~(1ull << 19);
    if (st->fpcr & ~fpcr_ok) {
        report_note(ld->rep, "%s: fpcr 0x%llx: cleared bits 0x%llx this CPU "
                    "does not implement", rec->name,
                    (unsigned long long)st->fpcr,
                    (unsigned long long)(st->fpcr & ~fpcr_ok));
        st->fpcr &= fpcr_ok;
    }
    if (st->fpsr & ~0x0800009full) {
        report_note(ld->rep, "%s: fpsr 0x%llx: cleared bits 0x%llx this CPU "
                    "does not implement", rec->name,
                    (unsigned long long)st->fpsr,
                    (unsigned long long)(st->fpsr & ~0x0800009full));
        st->fpsr &= 0x0800009full;
    }
    return true;
}

/* Parses cpuN.sysregs into st with the given tables (the tests pass their
 * own alias table). */
static bool parse_sysregs_with(snap_load_t *ld, const snap_item_t *rec,
                               const cpu_t *cpu, cpu_stage_t *st, unsigned n,
                               const sysreg_alias_t *aliases)
{
    named_def_t nd;
    if (!snap_load_check(ld, rec, named(&nd, &cpu_schema[3], n)))
        return false;
    catalogue_t *c = malloc(sizeof(*c));
    if (!c)
        return snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, rec, "out of memory");
    catalogue_build(c);
    bool *seen = calloc(c->n ? c->n : 1, sizeof(bool));
    uint64_t *p = NULL;
    size_t np = 0;
    bool ok = seen && read_pairs(ld, rec, "pairs", &p, &np);
    if (!seen)
        ok = snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, rec, "out of memory");

    /* Reset values first: a register the snapshot lacks keeps them. */
    for (size_t i = 0; ok && i < c->n; i++) {
        const saved_reg_t *s = &c->r[i];
        if (s->hold == HOLD_SLOT) {
            st->owned[s->slot] = true;
            st->sr[s->slot] = saved_reset(s, cpu);
        }
    }
    for (size_t i = 0; ok && i < np; i++) {
        uint64_t key64 = p[2 * i], v = p[2 * i + 1];
        if (key64 > 0xffff || (key64 >> 14) < 2) {
            ok = snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                           "'pairs' holds 0x%llx, which is not a system register "
                           "encoding", (unsigned long long)key64);
            break;
        }
        uint32_t key = alias_lookup(aliases, (uint32_t)key64);
        const saved_reg_t *s = catalogue_find(c, key);
        const reg_policy_t *pol = policy_find(key);
        char nm[48];
        if (s)
            snprintf(nm, sizeof(nm), "%s", s->d->name);
        else if (pol)
            snprintf(nm, sizeof(nm), "%s", pol->name);
        else {
            const sysreg_def_t *d = sysreg_find(key);
            if (d)
                snprintf(nm, sizeof(nm), "%s", d->name);
            else
                encoding_name(key, nm, sizeof(nm));
        }
        if (!s) {
            if (pol && pol->unknown == UNKNOWN_REFUSE) {
                ok = snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, rec,
                               "holds %s = 0x%llx, which this version does not "
                               "implement", nm, (unsigned long long)v);
                break;
            }
            report_note(ld->rep, "skipped %s/pairs register %s = 0x%llx: not "
                        "CPU state this version restores", rec->name, nm,
                        (unsigned long long)v);
            if (ld->rep)
                ld->rep->skipped++;
            continue;
        }
        size_t idx = (size_t)(s - c->r);
        if (seen[idx]) {
            ok = snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                           "'pairs' lists %s twice", nm);
            break;
        }
        seen[idx] = true;
        if (!sysreg_present(cpu->model, s->d)) {
            ok = snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, rec,
                           "holds %s, which this CPU model does not have", nm);
            break;
        }
        uint64_t res0 = saved_res0(s, cpu->model);
        if (v & res0) {
            unsigned policy = pol ? pol->res0 : RES0_MASK;
            if (policy == RES0_REFUSE) {
                ok = snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, rec,
                               "%s = 0x%llx sets bits 0x%llx that this version "
                               "does not implement", nm, (unsigned long long)v,
                               (unsigned long long)(v & res0));
                break;
            }
            if (policy == RES0_MASK) {
                report_note(ld->rep, "%s: %s = 0x%llx: cleared bits 0x%llx that "
                            "are RES0 in this version", rec->name, nm,
                            (unsigned long long)v, (unsigned long long)(v & res0));
                v &= ~res0;
            }
        }
        switch (s->hold) {
        case HOLD_TPIDR_EL0: st->tpidr_el0 = v; break;
        case HOLD_TPIDRRO_EL0: st->tpidrro_el0 = v; break;
        default: st->sr[s->slot] = v; break;
        }
    }
    for (size_t i = 0; ok && i < c->n; i++)
        if (!seen[i] && sysreg_present(cpu->model, c->r[i].d))
            snap_report_defaulted(ld->rep, rec->name, c->r[i].d->name);
    free(p);
    free(seen);
    free(c);
    return ok;
}

static void *parse_with(snap_load_t *ld, unsigned n, const snap_item_t *rec,
                        const sysreg_alias_t *aliases)
{
    if (!rec) {
        snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, NULL,
                  "snapshot has no record 'cpu%u' (required)", n);
        return NULL;
    }
    if (n >= ld->m->ncpus) {
        snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, rec,
                  "is for a CPU this machine does not have (%u CPUs)",
                  ld->m->ncpus);
        return NULL;
    }
    const cpu_t *cpu = &ld->m->cpus[n];
    /* The model's EL fields and the configuration must agree (a machine
     * made from a file whose `machine` and `cpuN.model` disagree). */
    if (model_has_el(cpu->model, 2) != cpu->have_el2 ||
        model_has_el(cpu->model, 3) != cpu->have_el3) {
        snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, rec,
                  "the CPU model's EL2/EL3 fields disagree with the machine's "
                  "configuration (EL2 %d, EL3 %d)", cpu->have_el2, cpu->have_el3);
        return NULL;
    }
    named_def_t nd;
    if (!snap_load_check(ld, rec, named(&nd, &cpu_schema[0], n)))
        return NULL;
    cpu_stage_t *st = calloc(1, sizeof(*st));
    if (!st) {
        snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, rec, "out of memory");
        return NULL;
    }
    snap_item_t sub;
    cpu_model_t saved;
    bool ok = find_sub(ld, rec, "model", &sub) > 0 &&
              snap_load_check(ld, &sub, named(&nd, &cpu_schema[1], n)) &&
              model_parse(ld, &sub, cpu->model, &saved);
    ok = ok && find_sub(ld, rec, "regs", &sub) > 0 &&
         parse_regs(ld, &sub, cpu, st, n);
    ok = ok && find_sub(ld, rec, "sysregs", &sub) > 0 &&
         parse_sysregs_with(ld, &sub, cpu, st, n, aliases);
    if (!ok) {
        free(st);
        return NULL;
    }
    return st;
}

static void *cpu_parse(snap_load_t *ld, unsigned n, const snap_item_t *rec)
{
    return parse_with(ld, n, rec, sysreg_aliases);
}

/* ---- applying ------------------------------------------------------------------ */

static void cpu_apply(machine_t *m, unsigned n, void *stage)
{
    const cpu_stage_t *st = stage;
    if (!st || n >= m->ncpus)
        return;
    cpu_t *cpu = &m->cpus[n];
    memcpy(cpu->r, st->x, sizeof(st->x));
    cpu->r[REG_ZR] = 0;
    cpu->r[REG_SINK] = 0;
    for (unsigned i = 0; i < 32; i++)
        memcpy(cpu->v[i].b, st->v[i], 16);
    cpu->pc = st->pc;
    cpu->el = (unsigned)(st->pstate >> 2) & 3;
    cpu->spsel = (unsigned)st->pstate & 1;
    cpu->nzcv = (uint32_t)st->pstate & PSR_NZCV;
    cpu->daif = (uint32_t)st->pstate & PSR_DAIF;
    cpu->pstate = (uint32_t)st->pstate & pstate_bits_of_model(cpu->model);
    memcpy(cpu->sp_el, st->sp_el, sizeof(cpu->sp_el));
    cpu->r[REG_SP] = cpu->sp_el[cpu->spsel ? cpu->el : 0];
    cpu->fpcr = (uint32_t)st->fpcr;
    cpu->fpsr = (uint32_t)st->fpsr;
    cpu->icount = st->icount;
    cpu->excl.valid = st->excl_valid;
    cpu->excl.addr = st->excl_addr;
    cpu->excl.size = (unsigned)st->excl_size;
    cpu->excl.value[0] = st->excl_value[0];
    cpu->excl.value[1] = st->excl_value[1];
    cpu->lines = (uint32_t)st->lines;
    cpu->trap_el = 0;
    for (unsigned s = 0; s < SR_COUNT; s++)
        if (st->owned[s])
            cpu->sr[s] = st->sr[s];
    cpu->tpidr_el0 = st->tpidr_el0;
    cpu->tpidrro_el0 = st->tpidrro_el0;
    /* Cached translations and decoded blocks describe the old state. */
    mmu_flush_all(cpu);
    cpu_update_mode(cpu);
}

static void cpu_release(void *stage)
{
    free(stage);
}

const snap_part_t snap_part_cpu = {
    .name = "cpu",
    .per_cpu = true,
    .board_only = false,
    .save = cpu_save,
    .owns = cpu_owns,
    .parse = cpu_parse,
    .apply = cpu_apply,
    .release = cpu_release,
    .schema = cpu_schema,
};
