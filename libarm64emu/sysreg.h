/* System registers as one table keyed by encoding (ARM64EMU_SYSREG). */
#ifndef ARM64EMU_SYSREG_H
#define ARM64EMU_SYSREG_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

#define SYSREG_KEY(op0, op1, crn, crm, op2) ARM64EMU_SYSREG(op0, op1, crn, crm, op2)

/* Encoding key of an MRS/MSR (register) word: bits 20:5. */
static inline uint32_t sysreg_key_of_insn(uint32_t insn)
{
    return (insn >> 5) & 0xffff;
}

typedef enum sysreg_status {
    SYSREG_OK = 0,
    SYSREG_UNKNOWN,   /* no register with that encoding */
    SYSREG_READ_ONLY, /* writes are not allowed */
    SYSREG_WRITE_ONLY,
    SYSREG_DENIED     /* not accessible at the current EL */
} sysreg_status_t;

typedef uint64_t (*sysreg_read_fn)(const cpu_t *cpu, uint64_t icount);
typedef void (*sysreg_write_fn)(cpu_t *cpu, uint64_t value);
/* Whether a model has the register (its FEAT_ is advertised). */
typedef bool (*sysreg_present_fn)(const cpu_model_t *model);

typedef struct sysreg_def {
    const char *name;
    uint32_t key;
    bool el0_read, el0_write; /* accessible from EL0 */
    uint64_t writable;        /* bits a guest MSR may change */
    sysreg_present_fn present; /* NULL: every model has it */
    sysreg_read_fn read;
    sysreg_write_fn write;    /* NULL: read-only */
} sysreg_def_t;

/* The definition for key, or NULL. */
const sysreg_def_t *sysreg_find(uint32_t key);

/* All definitions, for tests and listings. */
const sysreg_def_t *sysreg_table(unsigned *count);

/* For MRS/MSR at translate time: the definition of key if the model has
 * it and EL0 may read it (write = false) or write it (write = true), else
 * NULL (the instruction is UNDEFINED). */
const sysreg_def_t *sysreg_guest_lookup(const cpu_model_t *model, uint32_t key,
                                        bool write);

/* MRS through a definition from sysreg_guest_lookup. */
static inline uint64_t sysreg_def_read(const sysreg_def_t *d, cpu_t *cpu,
                                       uint64_t icount)
{
    return d->read(cpu, icount);
}

/* The bits a guest MSR may change on this model: the writable column less
 * the bits of features the model lacks (RES0). Constant per model, so MSR
 * computes it at translate time. */
uint64_t sysreg_guest_writable(const cpu_model_t *model, const sysreg_def_t *d);

/* MSR through a definition from sysreg_guest_lookup: only the bits in
 * writable (from sysreg_guest_writable) change. */
static inline void sysreg_def_write(const sysreg_def_t *d, cpu_t *cpu,
                                    uint64_t writable, uint64_t value)
{
    uint64_t old = d->read(cpu, cpu->icount);
    d->write(cpu, (old & ~writable) | (value & writable));
}

/* The guest's view (MRS at EL0). icount is the exact retired count at the
 * instruction, for the counters. */
sysreg_status_t sysreg_guest_read(cpu_t *cpu, uint32_t key, uint64_t icount,
                                  uint64_t *value);
/* MSR at EL0: applies sysreg_guest_writable. */
sysreg_status_t sysreg_guest_write(cpu_t *cpu, uint32_t key, uint64_t value);

/* The API's view: every register the model has, raw values (no masks),
 * no EL checks. */
sysreg_status_t sysreg_raw_read(cpu_t *cpu, uint32_t key, uint64_t *value);
sysreg_status_t sysreg_raw_write(cpu_t *cpu, uint32_t key, uint64_t value);

#endif
