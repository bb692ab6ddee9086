/* The system register table. Names and encodings from the Arm ARM. */
#include "sysreg.h"

#include <stddef.h>

#define CNTFRQ_HZ 62500000u /* as QEMU's virt; one tick per instruction */

/* AArch32 at EL0 (ID_AA64PFR0_EL1.EL0 == 2): FPCR.Len/Stride and FPSR.NZCV
 * exist only for AArch32's FPSCR and are RES0 otherwise. */
static bool has_aarch32_el0(const cpu_model_t *m)
{
    return id_field(m->id_aa64pfr0_el1, 0) == 2;
}

/* FEAT_FP16: ID_AA64PFR0_EL1.FP == 1 (FPCR.FZ16). */
static bool has_fp16(const cpu_model_t *m)
{
    return id_field(m->id_aa64pfr0_el1, 16) == 1;
}

/* FEAT_ECV: ID_AA64MMFR0_EL1.ECV >= 1 (self-synchronised counter views). */
static bool has_ecv(const cpu_model_t *m)
{
    return id_field(m->id_aa64mmfr0_el1, 60) >= 1;
}

#define FPCR_AARCH32_ONLY 0x00370000u /* Stride 21:20, Len 18:16 */
#define FPCR_FZ16 (1u << 19)
#define FPSR_AARCH32_ONLY 0xf0000000u /* N Z C V */

static uint64_t rd_nzcv(const cpu_t *c, uint64_t n) { (void)n; return c->nzcv; }
static void wr_nzcv(cpu_t *c, uint64_t v) { c->nzcv = (uint32_t)v & 0xf0000000u; }
static uint64_t rd_fpcr(const cpu_t *c, uint64_t n) { (void)n; return c->fpcr; }
static uint64_t rd_fpsr(const cpu_t *c, uint64_t n) { (void)n; return c->fpsr; }
static uint64_t rd_tpidr(const cpu_t *c, uint64_t n) { (void)n; return c->tpidr_el0; }
static void wr_tpidr(cpu_t *c, uint64_t v) { c->tpidr_el0 = v; }
static uint64_t rd_tpidrro(const cpu_t *c, uint64_t n) { (void)n; return c->tpidrro_el0; }
static void wr_tpidrro(cpu_t *c, uint64_t v) { c->tpidrro_el0 = v; }
static uint64_t rd_cntfrq(const cpu_t *c, uint64_t n) { (void)c; (void)n; return CNTFRQ_HZ; }
/* The counters are the exact retired-instruction count: one tick per
 * instruction, deterministic. The physical and virtual counters agree
 * (CNTVOFF is 0). */
static uint64_t rd_counter(const cpu_t *c, uint64_t n) { (void)c; return n; }
static uint64_t rd_ctr(const cpu_t *c, uint64_t n) { (void)n; return c->model->ctr_el0; }
static uint64_t rd_dczid(const cpu_t *c, uint64_t n) { (void)n; return c->model->dczid_el0; }
static uint64_t rd_midr(const cpu_t *c, uint64_t n) { (void)n; return c->model->midr_el1; }
static uint64_t rd_mpidr(const cpu_t *c, uint64_t n) { (void)n; return (1ull << 31) | c->index; }
static uint64_t rd_revidr(const cpu_t *c, uint64_t n) { (void)n; return c->model->revidr_el1; }

static void wr_fpcr(cpu_t *c, uint64_t v) { c->fpcr = (uint32_t)v; }
static void wr_fpsr(cpu_t *c, uint64_t v) { c->fpsr = (uint32_t)v; }

#define ID_READER(field)                                                     \
    static uint64_t rd_##field(const cpu_t *c, uint64_t n)                   \
    {                                                                        \
        (void)n;                                                             \
        return c->model->field;                                              \
    }
ID_READER(id_aa64pfr0_el1)
ID_READER(id_aa64pfr1_el1)
ID_READER(id_aa64isar0_el1)
ID_READER(id_aa64isar1_el1)
ID_READER(id_aa64isar2_el1)
ID_READER(id_aa64mmfr0_el1)
ID_READER(id_aa64mmfr1_el1)
ID_READER(id_aa64mmfr2_el1)
ID_READER(id_aa64dfr0_el1)

#define RW true, true
#define RO true, false
#define EL1 false, false
#define ALL ~0ull

/* One line per register, keyed by encoding. EL0 access is for MRS/MSR at
 * EL0; registers EL0 cannot reach (the ID registers: Linux traps EL0 reads
 * and emulates them) are UNDEFINED there but readable through the API.
 * name, encoding, EL0 read, EL0 write, guest-writable bits, present, read,
 * write */
static const sysreg_def_t sysregs[] = {
    {"NZCV",         SYSREG_KEY(3, 3, 4, 2, 0),  RW,  0xf0000000u, NULL, rd_nzcv, wr_nzcv},
    {"FPCR",         SYSREG_KEY(3, 3, 4, 4, 0),  RW,  0x07ff0000u, NULL, rd_fpcr, wr_fpcr},
    {"FPSR",         SYSREG_KEY(3, 3, 4, 4, 1),  RW,  0xf800009fu, NULL, rd_fpsr, wr_fpsr},
    {"TPIDR_EL0",    SYSREG_KEY(3, 3, 13, 0, 2), RW,  ALL, NULL, rd_tpidr, wr_tpidr},
    {"TPIDRRO_EL0",  SYSREG_KEY(3, 3, 13, 0, 3), RO,  ALL, NULL, rd_tpidrro, wr_tpidrro},
    {"CTR_EL0",      SYSREG_KEY(3, 3, 0, 0, 1),  RO,  0, NULL, rd_ctr, NULL},
    {"DCZID_EL0",    SYSREG_KEY(3, 3, 0, 0, 7),  RO,  0, NULL, rd_dczid, NULL},
    {"CNTFRQ_EL0",   SYSREG_KEY(3, 3, 14, 0, 0), RO,  0, NULL, rd_cntfrq, NULL},
    {"CNTPCT_EL0",   SYSREG_KEY(3, 3, 14, 0, 1), RO,  0, NULL, rd_counter, NULL},
    {"CNTVCT_EL0",   SYSREG_KEY(3, 3, 14, 0, 2), RO,  0, NULL, rd_counter, NULL},
    {"CNTPCTSS_EL0", SYSREG_KEY(3, 3, 14, 0, 5), RO,  0, has_ecv, rd_counter, NULL},
    {"CNTVCTSS_EL0", SYSREG_KEY(3, 3, 14, 0, 6), RO,  0, has_ecv, rd_counter, NULL},
    {"MIDR_EL1",     SYSREG_KEY(3, 0, 0, 0, 0),  EL1, 0, NULL, rd_midr, NULL},
    {"MPIDR_EL1",    SYSREG_KEY(3, 0, 0, 0, 5),  EL1, 0, NULL, rd_mpidr, NULL},
    {"REVIDR_EL1",   SYSREG_KEY(3, 0, 0, 0, 6),  EL1, 0, NULL, rd_revidr, NULL},
    {"ID_AA64PFR0_EL1",  SYSREG_KEY(3, 0, 0, 4, 0), EL1, 0, NULL, rd_id_aa64pfr0_el1, NULL},
    {"ID_AA64PFR1_EL1",  SYSREG_KEY(3, 0, 0, 4, 1), EL1, 0, NULL, rd_id_aa64pfr1_el1, NULL},
    {"ID_AA64DFR0_EL1",  SYSREG_KEY(3, 0, 0, 5, 0), EL1, 0, NULL, rd_id_aa64dfr0_el1, NULL},
    {"ID_AA64ISAR0_EL1", SYSREG_KEY(3, 0, 0, 6, 0), EL1, 0, NULL, rd_id_aa64isar0_el1, NULL},
    {"ID_AA64ISAR1_EL1", SYSREG_KEY(3, 0, 0, 6, 1), EL1, 0, NULL, rd_id_aa64isar1_el1, NULL},
    {"ID_AA64ISAR2_EL1", SYSREG_KEY(3, 0, 0, 6, 2), EL1, 0, NULL, rd_id_aa64isar2_el1, NULL},
    {"ID_AA64MMFR0_EL1", SYSREG_KEY(3, 0, 0, 7, 0), EL1, 0, NULL, rd_id_aa64mmfr0_el1, NULL},
    {"ID_AA64MMFR1_EL1", SYSREG_KEY(3, 0, 0, 7, 1), EL1, 0, NULL, rd_id_aa64mmfr1_el1, NULL},
    {"ID_AA64MMFR2_EL1", SYSREG_KEY(3, 0, 0, 7, 2), EL1, 0, NULL, rd_id_aa64mmfr2_el1, NULL},
};

const sysreg_def_t *sysreg_table(unsigned *count)
{
    *count = sizeof(sysregs) / sizeof(sysregs[0]);
    return sysregs;
}

const sysreg_def_t *sysreg_find(uint32_t key)
{
    for (size_t i = 0; i < sizeof(sysregs) / sizeof(sysregs[0]); i++)
        if (sysregs[i].key == key)
            return &sysregs[i];
    return NULL;
}

/* The definition of key if cpu's model has the register. */
static const sysreg_def_t *find_present(const cpu_model_t *m, uint32_t key)
{
    const sysreg_def_t *d = sysreg_find(key);
    if (d && d->present && !d->present(m))
        return NULL;
    return d;
}

/* The writable column is the most any model allows; bits of features the
 * model lacks are RES0. The floating-point trap enables (FPCR IOE, DZE,
 * OFE, UFE, IXE, IDE) are not in the column: trapped floating-point
 * exceptions are not implemented (as on most cores), so they are RAZ/WI. */
uint64_t sysreg_guest_writable(const cpu_model_t *model, const sysreg_def_t *d)
{
    uint64_t w = d->writable;
    if (d->key == SYSREG_KEY(3, 3, 4, 4, 0)) {
        if (!has_fp16(model))
            w &= ~(uint64_t)FPCR_FZ16;
        if (!has_aarch32_el0(model))
            w &= ~(uint64_t)FPCR_AARCH32_ONLY;
    } else if (d->key == SYSREG_KEY(3, 3, 4, 4, 1)) {
        if (!has_aarch32_el0(model))
            w &= ~(uint64_t)FPSR_AARCH32_ONLY;
    }
    return w;
}

const sysreg_def_t *sysreg_guest_lookup(const cpu_model_t *model, uint32_t key,
                                        bool write)
{
    const sysreg_def_t *d = find_present(model, key);
    if (!d)
        return NULL;
    if (write ? !(d->el0_write && d->write) : !d->el0_read)
        return NULL;
    return d;
}

sysreg_status_t sysreg_guest_read(cpu_t *cpu, uint32_t key, uint64_t icount,
                                  uint64_t *value)
{
    const sysreg_def_t *d = find_present(cpu->model, key);
    if (!d)
        return SYSREG_UNKNOWN;
    if (!d->el0_read)
        return SYSREG_DENIED;
    *value = sysreg_def_read(d, cpu, icount);
    return SYSREG_OK;
}

sysreg_status_t sysreg_guest_write(cpu_t *cpu, uint32_t key, uint64_t value)
{
    const sysreg_def_t *d = find_present(cpu->model, key);
    if (!d)
        return SYSREG_UNKNOWN;
    if (!d->el0_write || !d->write)
        return SYSREG_DENIED;
    sysreg_def_write(d, cpu, sysreg_guest_writable(cpu->model, d), value);
    return SYSREG_OK;
}

sysreg_status_t sysreg_raw_read(cpu_t *cpu, uint32_t key, uint64_t *value)
{
    const sysreg_def_t *d = find_present(cpu->model, key);
    if (!d)
        return SYSREG_UNKNOWN;
    *value = d->read(cpu, cpu->icount);
    return SYSREG_OK;
}

sysreg_status_t sysreg_raw_write(cpu_t *cpu, uint32_t key, uint64_t value)
{
    const sysreg_def_t *d = find_present(cpu->model, key);
    if (!d)
        return SYSREG_UNKNOWN;
    if (!d->write)
        return SYSREG_READ_ONLY;
    d->write(cpu, value);
    return SYSREG_OK;
}
