/* System registers and system instructions as tables keyed by encoding
 * (ARM64EMU_SYSREG(op0, op1, CRn, CRm, op2)).
 *
 * Lookup consults a list of tables: the core registers (sysreg_core.c), the
 * ID space (sysreg_id.c), the MMU's TLBI/AT/DC/IC operations (mmu_sysops[])
 * and the GIC and timer modules' own tables. The first table holding a key
 * wins: the timer table comes first and replaces the core's counters. Each entry says who may
 * access it (per EL, read and write), which trap controls apply, its reset
 * value and its RES0/RES1 masks. Most registers are plain storage in
 * cpu->sr[] (slot); the rest have read/write functions.
 */
#ifndef ARM64EMU_SYSREG_H
#define ARM64EMU_SYSREG_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

#define SYSREG_KEY(op0, op1, crn, crm, op2) ARM64EMU_SYSREG(op0, op1, crn, crm, op2)

/* Encoding key of an MRS/MSR/SYS word: bits 20:5 (op0 of SYS is 1). */
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

/* Access columns: read/write per EL. */
enum {
    SR_R0 = 1u << 0, SR_W0 = 1u << 1,
    SR_R1 = 1u << 2, SR_W1 = 1u << 3,
    SR_R2 = 1u << 4, SR_W2 = 1u << 5,
    SR_R3 = 1u << 6, SR_W3 = 1u << 7,
};
/* Writable only at the highest implemented EL (CNTFRQ_EL0). */
#define SR_W_HIGHEST (1u << 8)
#define SR_RW_EL0 0xffu                  /* every EL reads and writes */
#define SR_RO_EL0 (SR_R0 | SR_R1 | SR_R2 | SR_R3)
#define SR_RW_EL1 0xfcu
#define SR_RO_EL1 (SR_R1 | SR_R2 | SR_R3)
#define SR_WO_EL1 (SR_W1 | SR_W2 | SR_W3)
#define SR_RW_EL2 0xf0u
#define SR_RO_EL2 (SR_R2 | SR_R3)
#define SR_RW_EL3 0xc0u
#define SR_RO_EL3 SR_R3

/* Trap controls that apply to an entry (checked when the access would
 * otherwise be allowed, in the architecture's order: EL1 controls for EL0,
 * then EL2, then EL3). */
enum {
    SR_T_TVM = 1u << 0,    /* HCR_EL2.TVM (writes) / TRVM (reads), EL1 */
    SR_T_TID1 = 1u << 1,   /* HCR_EL2.TID1 */
    SR_T_TID2 = 1u << 2,   /* HCR_EL2.TID2 (EL0 and EL1) */
    SR_T_TID3 = 1u << 3,   /* HCR_EL2.TID3 */
    SR_T_TACR = 1u << 4,   /* HCR_EL2.TACR */
    SR_T_UCT = 1u << 5,    /* SCTLR_EL1.UCT at EL0 */
    SR_T_UMA = 1u << 6,    /* SCTLR_EL1.UMA at EL0 (DAIF) */
    SR_T_CNTP = 1u << 7,   /* CNTKCTL_EL1.EL0PCTEN, CNTHCTL_EL2.EL1PCTEN */
    SR_T_CNTV = 1u << 8,   /* CNTKCTL_EL1.EL0VCTEN */
    SR_T_CNTFRQ = 1u << 9, /* CNTKCTL_EL1.EL0PCTEN | EL0VCTEN */
    SR_T_PMU = 1u << 10,   /* PMUSERENR_EL0.EN, MDCR_EL2/EL3.TPM */
    SR_T_DBG = 1u << 11,   /* MDCR_EL2/EL3.TDA */
    SR_T_OSL = 1u << 12,   /* MDCR_EL2/EL3.TDOSA */
    SR_T_CPAC = 1u << 13,  /* CPTR_EL2.TCPAC (EL1), CPTR_EL3.TCPAC */
    SR_T_TTLB = 1u << 14,  /* HCR_EL2.TTLB (TLBI at EL1) */
    SR_T_TPU = 1u << 15,   /* HCR_EL2.TPU (IC, DC to PoU) */
    SR_T_TPC = 1u << 16,   /* HCR_EL2.TPCP (DC to PoC/PoP) */
    SR_T_TSW = 1u << 17,   /* HCR_EL2.TSW (DC set/way) */
    SR_T_TDZ = 1u << 18,   /* HCR_EL2.TDZ (DC ZVA) */
    SR_T_UCI = 1u << 19,   /* SCTLR_EL1.UCI at EL0 (DC/IC by VA) */
    SR_T_DZE = 1u << 20,   /* SCTLR_EL1.DZE at EL0 (DC ZVA) */
    SR_T_FP = 1u << 21,    /* FP register (FPCR/FPSR): CPACR/CPTR FP traps */
    SR_T_SPSEL = 1u << 22, /* SP_EL0: UNDEFINED while SPSel is 0 */
    SR_T_CNTPT = 1u << 23, /* CNTKCTL_EL1.EL0PTEN, CNTHCTL_EL2.EL1PCEN */
    SR_T_CNTVT = 1u << 24, /* CNTKCTL_EL1.EL0VTEN */
};

typedef uint64_t (*sysreg_read_fn)(const cpu_t *cpu, uint64_t icount);
typedef void (*sysreg_write_fn)(cpu_t *cpu, uint64_t value);
/* A system instruction (SYS, op0 = 1) with Xt as argument. Returns false
 * when it faults (cpu->exit filled as for a memory access). */
typedef bool (*sysreg_op_fn)(cpu_t *cpu, uint64_t xt);
/* Whether a model has the register (its FEAT_ is advertised). */
typedef bool (*sysreg_present_fn)(const cpu_model_t *model);

typedef struct sysreg_def {
    const char *name;
    uint32_t key;
    uint16_t access;  /* SR_R0 ... SR_W3 */
    uint32_t traps;   /* SR_T_* */
    int16_t slot;     /* index into cpu->sr[], or SR_NONE */
    uint64_t reset;   /* value at reset (storage registers) */
    uint64_t res0;    /* bits a guest write leaves 0 */
    uint64_t res1;    /* bits a guest write leaves 1 */
    sysreg_present_fn present; /* NULL: every model has it */
    sysreg_read_fn read;       /* NULL: cpu->sr[slot] */
    sysreg_write_fn write;     /* NULL: cpu->sr[slot] (when slot >= 0) */
    sysreg_op_fn op;           /* SYS instructions only */
    bool sync;  /* a write changes how code runs (traps, EL state): the
                   write ends the block and refreshes cpu->mode */
} sysreg_def_t;

#define SR_NONE (-1)

/* Other modules' tables, each ending with an entry whose name is NULL. */
extern const sysreg_def_t sysreg_core_table[];
extern const sysreg_def_t sysreg_id_table[];
extern const sysreg_def_t mmu_sysops[]; /* TLBI, AT, DC, IC (mmu) */
extern const sysreg_def_t timer_sysregs[]; /* generic timer (timer.c) */
extern const sysreg_def_t gic_sysregs[];   /* ICC_* (sysreg_gic.c) */

/* The definition for key in any table, or NULL. Unallocated encodings of
 * the ID space resolve to a read-as-zero definition. */
const sysreg_def_t *sysreg_find(uint32_t key);

/* Calls fn for every entry of every table (tests, listings, reset). An
 * entry that an earlier table's entry with the same key shadows (the timer
 * module's counters replace the core's) is skipped. */
void sysreg_for_each(void (*fn)(const sysreg_def_t *d, void *ctx), void *ctx);

/* Whether the model has the register at all. */
bool sysreg_present(const cpu_model_t *model, const sysreg_def_t *d);

/* Whether an access is allowed by the access column at el (before traps);
 * also false for registers the model lacks. Static per (model, EL), so
 * MRS/MSR compute it at translate time. */
bool sysreg_el_allows(const cpu_model_t *model, const sysreg_def_t *d,
                      unsigned el, bool write);

/* The trap an otherwise-allowed access takes at the current EL: 0 for
 * none, the target EL (1..3) of an EC 0x18 trap, or SYSREG_TRAP_UNDEF when
 * the access is UNDEFINED in the current state (SP_EL0 with SPSel 0). */
#define SYSREG_TRAP_UNDEF 4u
unsigned sysreg_trap_el(const cpu_t *cpu, const sysreg_def_t *d, bool write);

/* The bits a guest MSR may change on this model: everything but RES0/RES1
 * and the bits of features the model lacks. Constant per model. */
uint64_t sysreg_guest_writable(const cpu_model_t *model, const sysreg_def_t *d);

/* MRS/MSR through a definition (no checks). */
uint64_t sysreg_def_read(const sysreg_def_t *d, const cpu_t *cpu,
                         uint64_t icount);
/* Guest MSR: only the bits in writable change; RES1 bits are set. */
void sysreg_def_write(const sysreg_def_t *d, cpu_t *cpu, uint64_t writable,
                      uint64_t value);

/* The API's view: every register the model has, raw values (no masks), no
 * EL checks. */
sysreg_status_t sysreg_raw_read(cpu_t *cpu, uint32_t key, uint64_t *value);
sysreg_status_t sysreg_raw_write(cpu_t *cpu, uint32_t key, uint64_t value);

/* Sets every storage register to its reset value. */
void sysreg_reset(cpu_t *cpu);

#endif
