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

typedef struct sysreg_def {
    const char *name;
    uint32_t key;
    bool el0_read, el0_write; /* accessible from EL0 */
    uint64_t writable;        /* bits a guest MSR may change */
    sysreg_read_fn read;
    sysreg_write_fn write;    /* NULL: read-only */
} sysreg_def_t;

/* The definition for key, or NULL. */
const sysreg_def_t *sysreg_find(uint32_t key);

/* All definitions, for tests and listings. */
const sysreg_def_t *sysreg_table(unsigned *count);

/* The guest's view (MRS at EL0). icount is the exact retired count at the
 * instruction, for the counters. */
sysreg_status_t sysreg_guest_read(cpu_t *cpu, uint32_t key, uint64_t icount,
                                  uint64_t *value);
/* MSR at EL0: applies the writable mask. */
sysreg_status_t sysreg_guest_write(cpu_t *cpu, uint32_t key, uint64_t value);

/* The API's view: every register, raw values, no EL checks. */
sysreg_status_t sysreg_raw_read(cpu_t *cpu, uint32_t key, uint64_t *value);
sysreg_status_t sysreg_raw_write(cpu_t *cpu, uint32_t key, uint64_t value);

#endif
