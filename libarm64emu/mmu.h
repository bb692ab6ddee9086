/* VMSAv8-64 stage-1 translation: the table walker, the translation
 * contexts the soft TLB is split into, and the operations on them (TLBI,
 * AT, context switches).
 *
 * A translation context ("MMU index") is a translation regime plus the
 * privilege and PAN state of the accesses made in it; each has its own
 * soft TLB (tlb.h), so switching EL or PAN never flushes anything.
 *
 * Stage 2 is not modelled. It plugs in where the walker turns a stage-1
 * output address (an IPA when stage 2 is enabled) into a physical one:
 * mmu_walk() for the final address and walk_read_desc() for each
 * descriptor address (those two faults are the S1PTW ones).
 */
#ifndef ARM64EMU_MMU_H
#define ARM64EMU_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "cpu.h"

/* Translation contexts; one soft TLB each. */
typedef enum mmu_idx {
    MMU_E10_0 = 0,  /* EL1&0 regime, EL0 (and LDTR/STTR at EL1) */
    MMU_E10_1,      /* EL1&0 regime, EL1 */
    MMU_E10_1_PAN,  /* EL1&0 regime, EL1 with PSTATE.PAN */
    MMU_E2,         /* EL2 regime */
    MMU_E3,         /* EL3 regime */
    MMU_IDX_COUNT
} mmu_idx_t;

/* Fault status codes (ESR_ELx.ISS.DFSC/IFSC); level-based ones add the
 * level. */
enum {
    FSC_ADDR_SIZE = 0x00,
    FSC_TRANSLATION = 0x04,
    FSC_ACCESS_FLAG = 0x08,
    FSC_PERMISSION = 0x0c,
    FSC_SEA = 0x10,      /* synchronous external abort, not on a walk */
    FSC_SEA_WALK = 0x14, /* on a walk, + level */
    FSC_ALIGNMENT = 0x21,
};

/* Access kinds the walker checks permissions for. */
typedef enum mmu_access {
    MMU_READ = 0,
    MMU_WRITE = 1,
    MMU_FETCH = 2,
} mmu_access_t;

/* Permission bits of a translation, for the context's privilege. */
enum { MMU_PERM_R = 1, MMU_PERM_W = 2, MMU_PERM_X = 4 };

/* The registers of one translation regime, gathered for the walker. */
typedef struct mmu_regime {
    unsigned el;      /* 1 (EL1&0), 2, 3 */
    bool enabled;     /* stage 1 on (SCTLR_ELx.M, HCR_EL2.TGE/DC) */
    uint64_t sctlr, tcr, ttbr0, ttbr1, mair;
    unsigned pa_bits; /* ID_AA64MMFR0_EL1.PARange as bits */
    uint64_t mmfr0;   /* granules and ASID size the model supports */
    bool off_normal;  /* stage 1 off: data is Normal (machine option) */
} mmu_regime_t;

/* One translation request. */
typedef struct mmu_req {
    uint64_t va;
    mmu_access_t access;
    bool unpriv;  /* EL0 permissions (EL0, LDTR/STTR, AT S1E0*) */
    bool pan;     /* PSTATE.PAN applies (privileged data accesses) */
    bool cm;      /* cache maintenance: no access flag fault, read perms */
    bool no_perm; /* skip the permission check (TLB fill of other kinds) */
} mmu_req_t;

/* What a walk found: the mapping, or a fault. */
typedef struct mmu_result {
    bool fault;
    unsigned fsc;      /* valid when fault */
    unsigned level;    /* level of the leaf or of the fault */
    uint64_t pa;       /* physical address of va */
    unsigned perms;    /* MMU_PERM_* for the request's privilege */
    uint8_t attr;      /* MAIR attribute byte */
    uint8_t sh;        /* shareability (descriptor SH[1:0]) */
    bool device;       /* Device memory (unaligned accesses fault) */
    bool global;       /* !nG */
    uint16_t asid;     /* ASID the mapping was walked under */
    unsigned size_log2; /* size of the block or page */
} mmu_result_t;

/* Translates req->va in regime rg, reading descriptors from bus RAM.
 * Never trusts a descriptor; every loop is bounded by the four levels.
 * Returns false with res->fault/fsc/level set on a fault. */
bool mmu_walk(const mmu_regime_t *rg, const bus_t *bus, const mmu_req_t *req,
              mmu_result_t *res);

/* The registers of the regime context idx uses, from cpu's state. */
void mmu_regime_of(const cpu_t *cpu, mmu_idx_t idx, mmu_regime_t *rg);

/* The context accesses at the current EL/PAN use. */
mmu_idx_t mmu_current_idx(const cpu_t *cpu);

/* The context unprivileged accesses (LDTR/STTR) use at the current EL:
 * MMU_E10_0 at EL1 (and EL0), else the current one. */
mmu_idx_t mmu_unpriv_idx(const cpu_t *cpu);

/* Call after any change of PSTATE.EL or PSTATE.PAN, of SCTLR_ELx, TCR_ELx,
 * TTBR0/1_ELx, MAIR_ELx, HCR_EL2 or SCR_EL3 (MSR, exception entry, ERET,
 * reset, the API's register writes, snapshot restore). It selects the
 * soft TLB of the current context and, if the translation registers of
 * a regime changed since the last call, drops that regime's cached
 * translations and the decoded blocks. Cheap when nothing changed. */
void mmu_context_changed(cpu_t *cpu);

/* Whether a write to storage slot (cpu->sr[]) may change translation, so
 * that the write must be followed by mmu_context_changed. */
static inline bool mmu_slot_affects_translation(int slot)
{
    switch (slot) {
    case SR_SCTLR_EL1: case SR_TCR_EL1: case SR_TTBR0_EL1: case SR_TTBR1_EL1:
    case SR_MAIR_EL1: case SR_HCR_EL2: case SR_SCTLR_EL2: case SR_TCR_EL2:
    case SR_TTBR0_EL2: case SR_MAIR_EL2: case SR_SCTLR_EL3: case SR_TCR_EL3:
    case SR_TTBR0_EL3: case SR_MAIR_EL3: case SR_SCR_EL3:
        return true;
    default:
        return false;
    }
}

/* Drops every cached translation and decoded block of cpu. */
void mmu_flush_all(cpu_t *cpu);

/* Drops the decoded blocks of cpu; safe from a running block's handler. */
void mmu_flush_blocks(cpu_t *cpu);

/* Translates va for cpu in context idx as access (the slow path of
 * mem.c and AT). On success fills res; on a fault fills cpu->fault and
 * res, and returns false (no exit is set). */
bool mmu_translate(cpu_t *cpu, mmu_idx_t idx, uint64_t va,
                   mmu_access_t access, bool cm, mmu_result_t *res);

/* The ESR_ELx value of a data or instruction abort described by
 * cpu->fault, taken from the current EL (EC 0x20/0x21 or 0x24/0x25,
 * IL = 1, ISS with DFSC/IFSC, WnR, S1PTW, CM). */
uint64_t mmu_fault_syndrome(const cpu_t *cpu, bool fetch);

/* Physical-address bits of the model (ID_AA64MMFR0_EL1.PARange). */
unsigned mmu_pa_bits(uint64_t mmfr0);

/* Records that a decoded block was built from va, mapped by a leaf of
 * 2^size_log2 bytes: a TLBI by VA drops the decoded blocks only when
 * mmu_code_va_may_hold says its address may hold some. */
void mmu_note_code_va(cpu_t *cpu, uint64_t va, unsigned size_log2);
bool mmu_code_va_may_hold(const cpu_t *cpu, uint64_t va);

#endif
