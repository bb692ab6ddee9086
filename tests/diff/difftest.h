/* Differential instruction tester: libarm64emu against Unicorn 2.
 *
 * One "case" is one instruction word from one decoder class, a random
 * register state and a shared memory image. Both emulators run it for one
 * instruction; their outcomes, registers and memory are compared.
 */
#ifndef DIFFTEST_H
#define DIFFTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Guest memory both sides map: one code page, then the data window. The
 * first word of the code page is an ERET that takes Unicorn to EL0 when
 * the tester runs at EL0 (--el 0); the words under test come after it. */
#define DT_RAM_BASE 0x40000000ull
#define DT_CODE_SIZE 0x1000ull
#define DT_WIN_BASE (DT_RAM_BASE + DT_CODE_SIZE)
#define DT_WIN_SIZE 0x10000ull
#define DT_RAM_SIZE (DT_CODE_SIZE + DT_WIN_SIZE)

/* The register state that is set before and compared after. */
typedef struct dt_state {
    uint64_t x[31];
    uint64_t sp;
    uint64_t pc;
    uint64_t nzcv; /* bits 31:28 */
    uint64_t fpcr;
    uint64_t fpsr;
    uint64_t tpidr_el0;
    uint64_t tpidrro_el0;
    /* PSTATE in SPSR format without NZCV (EL, SPSel, DAIF, PAN, UAO, IL,
     * SS), and the EL1 registers exception return, MSR and AT use. */
    uint64_t pstate;
    uint64_t sp_el0;
    uint64_t elr_el1;
    uint64_t spsr_el1;
    uint64_t par_el1;
    uint8_t v[32][16]; /* little-endian, byte 0 least significant */
} dt_state_t;

#define DT_TRAMPOLINE DT_RAM_BASE /* the ERET to EL0 */
#define DT_ERET 0xd69f03e0u

/* How the instruction ended, normalised across both emulators. */
typedef enum dt_outcome {
    DT_RETIRED = 0, /* ran to completion (a WFI/WFE that retires included) */
    DT_BRK,
    DT_SVC,
    DT_HVC,
    DT_SMC,
    DT_HLT,
    DT_UNDEF,
    DT_FAULT_READ,  /* access to unmapped memory */
    DT_FAULT_WRITE,
    DT_FAULT_FETCH,
    DT_ALIGN,       /* alignment fault */
    DT_OTHER,       /* another exception; detail says which */
    DT_OUTCOME_COUNT
} dt_outcome_t;

const char *dt_outcome_name(dt_outcome_t o);

typedef struct dt_result {
    dt_outcome_t outcome;
    uint64_t detail;     /* exit reason (ours) or interrupt number (Unicorn) */
    uint64_t fault_addr; /* for faults, when known */
    dt_state_t st;
    const uint8_t *mem;  /* DT_RAM_SIZE bytes at DT_RAM_BASE after the run */
} dt_result_t;

/* What a comparison found. */
enum {
    DIFF_OUTCOME = 1,     /* the two sides ended differently */
    DIFF_REGS = 2,        /* some register differs */
    DIFF_MEM = 4,         /* the memory images differ */
    DIFF_SIDE_EFFECT = 8  /* ours changed state on an instruction that did
                             not complete (never excused) */
};

/* One executed case, as the known-differences predicates see it. */
typedef struct dt_case {
    const char *cls;   /* class (decoder table line) the word was drawn from */
    uint32_t word;
    uint32_t prefix;   /* instruction run before word, 0 when none */
    uint32_t suffix;   /* instruction run after word, 0 when none (the
                          MRS that reads back what an MSR wrote) */
    unsigned el;       /* the EL both sides run the case at */
    const dt_state_t *init;
    const uint8_t *init_mem;
    const dt_result_t *ours;
    const dt_result_t *uc;
    unsigned diff;     /* DIFF_* bits: what disagrees */
    /* ID registers of our CPU model, for "feature not in our model" rules. */
    uint64_t isar0, isar1, pfr0, pfr1;
} dt_case_t;

/* ---- the two sides ------------------------------------------------------ */

typedef struct dt_ours dt_ours_t;
typedef struct dt_uc dt_uc_t;

/* model: our CPU model name ("max", "cortex-a72", "cortex-a53"); el: the
 * EL cases run at (0 or 1). */
dt_ours_t *dt_ours_new(const char *model, unsigned el, char *err,
                       size_t err_len);
void dt_ours_free(dt_ours_t *o);
/* Guest RAM of our machine (DT_RAM_SIZE bytes), writable by the tester;
 * call dt_ours_invalidate after changing the code page (the only page
 * executed from). */
uint8_t *dt_ours_mem(dt_ours_t *o);
void dt_ours_invalidate(dt_ours_t *o);
/* Runs budget instructions from st->pc and fills r (r->mem points into
 * the guest RAM). Returns false on an API failure (message in err). */
bool dt_ours_run(dt_ours_t *o, const dt_state_t *st, unsigned budget,
                 dt_result_t *r, char *err, size_t err_len);
/* Puts every system register back to its value after setup (after a
 * case whose instruction may have written one). */
void dt_ours_reset_sysregs(dt_ours_t *o);
/* ID_AA64ISAR0/ISAR1/PFR0 of our model. */
void dt_ours_id_regs(dt_ours_t *o, uint64_t *isar0, uint64_t *isar1,
                     uint64_t *pfr0);
/* ID_AA64PFR1_EL1 of our model. */
uint64_t dt_ours_pfr1(dt_ours_t *o);
/* The PSTATE bits (PAN, UAO) our model implements. */
uint64_t dt_ours_pstate_bits(dt_ours_t *o);

dt_uc_t *dt_uc_new(const char *model, unsigned el, char *err, size_t err_len);
void dt_uc_free(dt_uc_t *u);
uint8_t *dt_uc_mem(dt_uc_t *u);
void dt_uc_invalidate(dt_uc_t *u);
/* Runs count instructions from st->pc, stopping early at until (the pc
 * where our side stopped: Unicorn then need not translate what follows).
 * At EL0 it first runs the ERET at DT_TRAMPOLINE (st->elr_el1 is st->pc
 * and st->spsr_el1 the PSTATE then). */
bool dt_uc_run(dt_uc_t *u, const dt_state_t *st, unsigned count,
               uint64_t until, dt_result_t *r, char *err, size_t err_len);

/* ---- known differences --------------------------------------------------- */

typedef struct dt_known {
    const char *cls;  /* class name, or NULL for every class */
    uint32_t mask, value; /* words w with (w & mask) == value */
    /* Further condition on the case (NULL: always). */
    bool (*applies)(const dt_case_t *c);
    const char *reason;
    /* Unicorn aborts on these words (a missing check in its decoder): they
     * are not run there; ours must report UNDEFINED. applies() then sees
     * only cls and word. */
    bool peer_crashes;
    /* With peer_crashes: the Arm ARM lets ours execute these words at the
     * tester's EL (an EL1 register at EL1), so any outcome of ours without
     * side effects outside the registers is accepted: there is nothing to
     * compare it with. */
    bool ours_runs;
} dt_known_t;

/* The documented known difference covering c, or NULL. *index receives its
 * position in the table (for counting). */
const dt_known_t *dt_known_match(const dt_case_t *c, unsigned *index);
/* The entry for words Unicorn cannot run, or NULL. */
const dt_known_t *dt_known_crash(const char *cls, uint32_t word,
                                 unsigned *index);
unsigned dt_known_count(void);
const dt_known_t *dt_known_entry(unsigned i);

#endif
