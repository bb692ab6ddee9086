/* CPU models as data: a named table of ID register values. Features are
 * read from ID register fields, never from a private bitmask. */
#ifndef ARM64EMU_MODEL_H
#define ARM64EMU_MODEL_H

#include <stdbool.h>
#include <stdint.h>

typedef struct cpu_model {
    const char *name;
    uint64_t midr_el1;
    uint64_t revidr_el1;
    uint64_t id_aa64pfr0_el1;
    uint64_t id_aa64pfr1_el1;
    uint64_t id_aa64isar0_el1;
    uint64_t id_aa64isar1_el1;
    uint64_t id_aa64isar2_el1;
    uint64_t id_aa64mmfr0_el1;
    uint64_t id_aa64mmfr1_el1;
    uint64_t id_aa64mmfr2_el1;
    uint64_t id_aa64dfr0_el1;
    uint64_t ctr_el0;
    uint64_t dczid_el0;
    uint64_t clidr_el1;
    uint64_t ccsidr[16];  /* CCSIDR_EL1 by CSSELR_EL1 (Level << 1 | InD) */
    unsigned mpidr_cluster; /* cores per cluster (MPIDR Aff0); 0: flat */
} cpu_model_t;

/* The model called name, or NULL. */
const cpu_model_t *model_find(const char *name);

/* The names of the shipped models, ending with NULL. */
extern const char *const model_names[];

/* Unsigned 4-bit ID register field at bit shift. */
static inline unsigned id_field(uint64_t reg, unsigned shift)
{
    return (unsigned)((reg >> shift) & 0xf);
}

/* FEAT_LSE: ID_AA64ISAR0_EL1.Atomic >= 2. */
static inline bool model_has_lse(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar0_el1, 20) >= 2;
}

/* FEAT_CRC32: ID_AA64ISAR0_EL1.CRC32 >= 1. */
static inline bool model_has_crc32(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar0_el1, 16) >= 1;
}

/* FEAT_LRCPC: ID_AA64ISAR1_EL1.LRCPC >= 1 (LDAPR). */
static inline bool model_has_lrcpc(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar1_el1, 20) >= 1;
}

/* ID_AA64PFR0_EL1.ELn != 0: EL n is implemented. */
static inline bool model_has_el(const cpu_model_t *m, unsigned el)
{
    return id_field(m->id_aa64pfr0_el1, 4 * el) != 0;
}

/* FEAT_PAN: ID_AA64MMFR1_EL1.PAN >= 1. */
static inline bool model_has_pan(const cpu_model_t *m)
{
    return id_field(m->id_aa64mmfr1_el1, 20) >= 1;
}

/* FEAT_UAO: ID_AA64MMFR2_EL1.UAO >= 1. */
static inline bool model_has_uao(const cpu_model_t *m)
{
    return id_field(m->id_aa64mmfr2_el1, 4) >= 1;
}

/* FEAT_SSBS: ID_AA64PFR1_EL1.SSBS >= 1. */
static inline bool model_has_ssbs(const cpu_model_t *m)
{
    return id_field(m->id_aa64pfr1_el1, 4) >= 1;
}

/* FEAT_PMUv3: ID_AA64DFR0_EL1.PMUVer is neither 0 nor 0xf. */
static inline bool model_has_pmu(const cpu_model_t *m)
{
    unsigned v = id_field(m->id_aa64dfr0_el1, 8);
    return v != 0 && v != 0xf;
}

/* MPIDR_EL1 of CPU index: Aff0 the core in its cluster, Aff1 the cluster,
 * bit 31 RES1, U (bit 30) 0: a multiprocessor system. */
static inline uint64_t model_mpidr(const cpu_model_t *m, unsigned index)
{
    unsigned per = m->mpidr_cluster ? m->mpidr_cluster : 256;
    return (1ull << 31) | ((uint64_t)(index / per) << 8) | (index % per);
}

/* Features by Arm name, each an ID register field value (features.c). */
typedef struct model_feature {
    const char *name; /* "FEAT_LSE" */
    unsigned reg;     /* MODEL_REG_* */
    unsigned shift;   /* field position */
    unsigned min;     /* lowest field value that has the feature */
    bool sign;        /* signed field: 0xF means absent (FP, AdvSIMD) */
    int shift2;       /* a second field moving with the first, or -1 */
} model_feature_t;

enum {
    MODEL_REG_PFR0, MODEL_REG_PFR1, MODEL_REG_ISAR0, MODEL_REG_ISAR1,
    MODEL_REG_ISAR2, MODEL_REG_MMFR0, MODEL_REG_MMFR1, MODEL_REG_MMFR2,
    MODEL_REG_DFR0
};

/* All features the API knows, ending with a NULL name. */
extern const model_feature_t model_features[];

/* The feature called name, or NULL. */
const model_feature_t *model_feature_find(const char *name);

/* Whether m has f (its ID field says so). */
bool model_feature_has(const cpu_model_t *m, const model_feature_t *f);

/* Adds (enable) or removes f from m by rewriting its ID field: adding
 * raises the field to f's value, removing lowers it below (which removes
 * the higher features of the same field too). */
void model_feature_set(cpu_model_t *m, const model_feature_t *f, bool enable);

/* DC ZVA block size in bytes (DCZID_EL0.BS is log2 of words). */
static inline unsigned model_dczva_bytes(const cpu_model_t *m)
{
    return 4u << (m->dczid_el0 & 0xf);
}

#endif
