/* The architectural state of one AArch64 CPU and the exit it reports. */
#ifndef ARM64EMU_CPU_H
#define ARM64EMU_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arm64emu/arm64emu.h"
#include "model.h"
#include "sysreg_slots.h"
#include "tlb.h"

/* General register file indexes. Decoding maps the architectural register
 * number 31 onto ZR (reads as zero), SINK (writes vanish) or SP, so that
 * handlers never test for register 31. */
enum {
    REG_ZR = 31,   /* always 0; never written */
    REG_SINK = 32, /* destination for writes to XZR/WZR */
    REG_SP = 33,   /* the current stack pointer */
    REG_COUNT = 34
};

typedef union vreg {
    uint8_t b[16];
    uint16_t h[8];
    uint32_t s[4];
    uint64_t d[2];
} vreg_t;

/* Local exclusive monitor (LDXR/STXR). */
typedef struct excl_monitor {
    bool valid;
    uint64_t addr;  /* address of the exclusive load */
    unsigned size;  /* total bytes covered */
    uint64_t value[2]; /* values read, for the pair forms */
} excl_monitor_t;

/* Details of a memory fault, filled by the translation and access paths
 * and read when the fault becomes an exception (ESR ISS / FAR). */
typedef struct fault_info {
    unsigned fsc;   /* ESR_ELx.ISS.DFSC/IFSC fault status code */
    bool s1ptw;     /* the fault happened on a stage-1 table walk */
    bool write;     /* WnR */
    bool cm;        /* cache maintenance (DC ZVA, DC CIVAC, ...) */
    uint64_t va;    /* faulting virtual address (FAR) */
} fault_info_t;

struct block_cache;
struct bus;
struct arm64emu_machine;

typedef struct cpu {
    uint64_t r[REG_COUNT];
    uint64_t pc;
    uint32_t nzcv; /* N Z C V in bits 31:28, other bits zero */
    uint32_t fpcr;
    uint32_t fpsr;
    vreg_t v[32];

    uint64_t tpidr_el0;
    uint64_t tpidrro_el0;

    excl_monitor_t excl;

    uint64_t icount; /* retired instructions */

    /* Filled by a handler that stops the run. */
    arm64emu_exit exit;
    fault_info_t fault;

    const cpu_model_t *model;
    bool exit_on_svc;
    unsigned index;

    tlb_t tlb;
    struct block_cache *blocks;
    struct bus *bus;
    struct arm64emu_machine *machine;

    bool semihosting; /* HLT #0xF000 is a semihosting call */

    /* ---- exception levels, PSTATE, system registers (pstate.h) ---- */
    unsigned el;        /* PSTATE.EL */
    unsigned spsel;     /* PSTATE.SP: 0 = SP_EL0, 1 = SP_ELx */
    uint32_t daif;      /* PSTATE.D A I F in SPSR positions (bits 9:6) */
    uint32_t pstate;    /* PAN, UAO, SS, IL, SSBS, DIT in SPSR positions */
    uint64_t sp_el[4];  /* banked SPs; the current one lives in r[REG_SP] */
    uint32_t mode;      /* block key: EL and FP-trap state (pstate.h) */
    uint32_t exception_exits; /* arm64emu_exception_kind bits reported */
    bool have_el2, have_el3;
    bool mmu_off_normal; /* stage 1 off: data is Normal, not Device */
    uint32_t lines;     /* ARM64EMU_LINE_* input levels */
    uint32_t attention; /* nonzero: the run loop checks interrupts/IL */
    unsigned trap_el;   /* target EL of the trap in exit.syndrome (0: by
                           the exception's own routing) */
    uint64_t sr[SR_COUNT]; /* storage registers (sysreg_slots.h) */
} cpu_t;

#define NZCV_N (1u << 31)
#define NZCV_Z (1u << 30)
#define NZCV_C (1u << 29)
#define NZCV_V (1u << 28)

/* Sets a stop-the-run exit on cpu. */
static inline void cpu_set_exit(cpu_t *cpu, arm64emu_exit_reason reason,
                                uint64_t pc, uint32_t insn)
{
    cpu->exit.reason = (uint32_t)reason;
    cpu->exit.pc = pc;
    cpu->exit.insn = insn;
    cpu->exit.imm = 0;
    cpu->exit.addr = 0;
    cpu->exit.access_size = 0;
    cpu->exit.access = 0;
    cpu->exit.syndrome = 0;
    cpu->exit.cpu = cpu->index;
}

void cpu_reset(cpu_t *cpu);

#endif
