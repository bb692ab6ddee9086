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
} cpu_model_t;

/* The model called name, or NULL. */
const cpu_model_t *model_find(const char *name);

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

/* DC ZVA block size in bytes (DCZID_EL0.BS is log2 of words). */
static inline unsigned model_dczva_bytes(const cpu_model_t *m)
{
    return 4u << (m->dczid_el0 & 0xf);
}

#endif
