/* The system register table. Names and encodings from the Arm ARM. */
#include "sysreg.h"

#include <stddef.h>

#define CNTFRQ_HZ 62500000u /* as QEMU's virt; one tick per instruction */

static uint64_t rd_nzcv(const cpu_t *c, uint64_t n) { (void)n; return c->nzcv; }
static void wr_nzcv(cpu_t *c, uint64_t v) { c->nzcv = (uint32_t)v & 0xf0000000u; }
static uint64_t rd_fpcr(const cpu_t *c, uint64_t n) { (void)n; return c->fpcr; }
static void wr_fpcr(cpu_t *c, uint64_t v) { c->fpcr = (uint32_t)v; }
static uint64_t rd_fpsr(const cpu_t *c, uint64_t n) { (void)n; return c->fpsr; }
static void wr_fpsr(cpu_t *c, uint64_t v) { c->fpsr = (uint32_t)v; }
static uint64_t rd_tpidr(const cpu_t *c, uint64_t n) { (void)n; return c->tpidr_el0; }
static void wr_tpidr(cpu_t *c, uint64_t v) { c->tpidr_el0 = v; }
static uint64_t rd_tpidrro(const cpu_t *c, uint64_t n) { (void)n; return c->tpidrro_el0; }
static void wr_tpidrro(cpu_t *c, uint64_t v) { c->tpidrro_el0 = v; }
static uint64_t rd_cntfrq(const cpu_t *c, uint64_t n) { (void)c; (void)n; return CNTFRQ_HZ; }
static uint64_t rd_cntvct(const cpu_t *c, uint64_t n) { (void)c; return n; }
static uint64_t rd_ctr(const cpu_t *c, uint64_t n) { (void)n; return c->model->ctr_el0; }
static uint64_t rd_dczid(const cpu_t *c, uint64_t n) { (void)n; return c->model->dczid_el0; }
static uint64_t rd_midr(const cpu_t *c, uint64_t n) { (void)n; return c->model->midr_el1; }
static uint64_t rd_mpidr(const cpu_t *c, uint64_t n) { (void)n; return (1ull << 31) | c->index; }
static uint64_t rd_revidr(const cpu_t *c, uint64_t n) { (void)n; return c->model->revidr_el1; }
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

/* name, encoding, EL0 read, EL0 write, guest-writable bits, read, write */
static const sysreg_def_t sysregs[] = {
    {"NZCV",        SYSREG_KEY(3, 3, 4, 2, 0),  true,  true,  0xf0000000u, rd_nzcv, wr_nzcv},
    {"FPCR",        SYSREG_KEY(3, 3, 4, 4, 0),  true,  true,  0x07ff9f00u, rd_fpcr, wr_fpcr},
    {"FPSR",        SYSREG_KEY(3, 3, 4, 4, 1),  true,  true,  0xf800009fu, rd_fpsr, wr_fpsr},
    {"TPIDR_EL0",   SYSREG_KEY(3, 3, 13, 0, 2), true,  true,  ~0ull, rd_tpidr, wr_tpidr},
    {"TPIDRRO_EL0", SYSREG_KEY(3, 3, 13, 0, 3), true,  false, ~0ull, rd_tpidrro, wr_tpidrro},
    {"CNTFRQ_EL0",  SYSREG_KEY(3, 3, 14, 0, 0), true,  false, 0, rd_cntfrq, NULL},
    {"CNTVCT_EL0",  SYSREG_KEY(3, 3, 14, 0, 2), true,  false, 0, rd_cntvct, NULL},
    {"CTR_EL0",     SYSREG_KEY(3, 3, 0, 0, 1),  true,  false, 0, rd_ctr, NULL},
    {"DCZID_EL0",   SYSREG_KEY(3, 3, 0, 0, 7),  true,  false, 0, rd_dczid, NULL},
    /* ID registers: EL1 only; Linux traps EL0 reads and emulates them. */
    {"MIDR_EL1",    SYSREG_KEY(3, 0, 0, 0, 0),  false, false, 0, rd_midr, NULL},
    {"MPIDR_EL1",   SYSREG_KEY(3, 0, 0, 0, 5),  false, false, 0, rd_mpidr, NULL},
    {"REVIDR_EL1",  SYSREG_KEY(3, 0, 0, 0, 6),  false, false, 0, rd_revidr, NULL},
    {"ID_AA64PFR0_EL1",  SYSREG_KEY(3, 0, 0, 4, 0), false, false, 0, rd_id_aa64pfr0_el1, NULL},
    {"ID_AA64PFR1_EL1",  SYSREG_KEY(3, 0, 0, 4, 1), false, false, 0, rd_id_aa64pfr1_el1, NULL},
    {"ID_AA64DFR0_EL1",  SYSREG_KEY(3, 0, 0, 5, 0), false, false, 0, rd_id_aa64dfr0_el1, NULL},
    {"ID_AA64ISAR0_EL1", SYSREG_KEY(3, 0, 0, 6, 0), false, false, 0, rd_id_aa64isar0_el1, NULL},
    {"ID_AA64ISAR1_EL1", SYSREG_KEY(3, 0, 0, 6, 1), false, false, 0, rd_id_aa64isar1_el1, NULL},
    {"ID_AA64ISAR2_EL1", SYSREG_KEY(3, 0, 0, 6, 2), false, false, 0, rd_id_aa64isar2_el1, NULL},
    {"ID_AA64MMFR0_EL1", SYSREG_KEY(3, 0, 0, 7, 0), false, false, 0, rd_id_aa64mmfr0_el1, NULL},
    {"ID_AA64MMFR1_EL1", SYSREG_KEY(3, 0, 0, 7, 1), false, false, 0, rd_id_aa64mmfr1_el1, NULL},
    {"ID_AA64MMFR2_EL1", SYSREG_KEY(3, 0, 0, 7, 2), false, false, 0, rd_id_aa64mmfr2_el1, NULL},
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

sysreg_status_t sysreg_guest_read(cpu_t *cpu, uint32_t key, uint64_t icount,
                                  uint64_t *value)
{
    const sysreg_def_t *d = sysreg_find(key);
    if (!d)
        return SYSREG_UNKNOWN;
    if (!d->el0_read)
        return SYSREG_DENIED;
    *value = d->read(cpu, icount);
    return SYSREG_OK;
}

sysreg_status_t sysreg_guest_write(cpu_t *cpu, uint32_t key, uint64_t value)
{
    const sysreg_def_t *d = sysreg_find(key);
    if (!d)
        return SYSREG_UNKNOWN;
    if (!d->el0_write || !d->write)
        return SYSREG_DENIED;
    uint64_t old = d->read(cpu, cpu->icount);
    d->write(cpu, (old & ~d->writable) | (value & d->writable));
    return SYSREG_OK;
}

sysreg_status_t sysreg_raw_read(cpu_t *cpu, uint32_t key, uint64_t *value)
{
    const sysreg_def_t *d = sysreg_find(key);
    if (!d)
        return SYSREG_UNKNOWN;
    *value = d->read(cpu, cpu->icount);
    return SYSREG_OK;
}

sysreg_status_t sysreg_raw_write(cpu_t *cpu, uint32_t key, uint64_t value)
{
    const sysreg_def_t *d = sysreg_find(key);
    if (!d)
        return SYSREG_UNKNOWN;
    if (!d->write)
        return SYSREG_READ_ONLY;
    d->write(cpu, value);
    return SYSREG_OK;
}
