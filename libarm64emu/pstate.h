/* PSTATE, exception levels and the translation state blocks are keyed by.
 *
 * PSTATE lives in cpu_t as separate fields (nzcv, el, spsel, daif, pstate)
 * in their SPSR bit positions; pstate_read() assembles the SPSR view. The
 * current stack pointer is r[REG_SP]; the others are banked in sp_el[].
 */
#ifndef ARM64EMU_PSTATE_H
#define ARM64EMU_PSTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

#define PSR_M_MASK 0x1fu   /* M[4:0]: nRW, EL, SP */
#define PSR_F (1u << 6)
#define PSR_I (1u << 7)
#define PSR_A (1u << 8)
#define PSR_D (1u << 9)
#define PSR_DAIF 0x3c0u
#define PSR_SSBS (1u << 12)
#define PSR_IL (1u << 20)
#define PSR_SS (1u << 21)
#define PSR_PAN (1u << 22)
#define PSR_UAO (1u << 23)
#define PSR_DIT (1u << 24)
#define PSR_NZCV 0xf0000000u

/* cpu->mode: what a decoded block depends on besides its pc. */
#define MODE_EL_MASK 3u
#define MODE_FP_TRAP (1u << 2) /* FP/SIMD instructions trap at this EL */

/* cpu->attention bits: checked by the run loop at block boundaries. */
#define ATTN_IRQ (1u << 0) /* an input line or virtual interrupt is set */
#define ATTN_IL (1u << 1)  /* PSTATE.IL: the next instruction is illegal */

/* HCR_EL2 bits. */
#define HCR_VM (1ull << 0)
#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_VF (1ull << 6)
#define HCR_VI (1ull << 7)
#define HCR_VSE (1ull << 8)
#define HCR_TWI (1ull << 13)
#define HCR_TWE (1ull << 14)
#define HCR_TID1 (1ull << 16)
#define HCR_TID2 (1ull << 17)
#define HCR_TID3 (1ull << 18)
#define HCR_TSC (1ull << 19)
#define HCR_TACR (1ull << 21)
#define HCR_TSW (1ull << 22)
#define HCR_TPCP (1ull << 23)
#define HCR_TPU (1ull << 24)
#define HCR_TTLB (1ull << 25)
#define HCR_TVM (1ull << 26)
#define HCR_TGE (1ull << 27)
#define HCR_TDZ (1ull << 28)
#define HCR_HCD (1ull << 29)
#define HCR_TRVM (1ull << 30)
#define HCR_RW (1ull << 31)

/* SCR_EL3 bits. */
#define SCR_NS (1ull << 0)
#define SCR_IRQ (1ull << 1)
#define SCR_FIQ (1ull << 2)
#define SCR_EA (1ull << 3)
#define SCR_SMD (1ull << 7)
#define SCR_HCE (1ull << 8)
#define SCR_RW (1ull << 10)
#define SCR_TWI (1ull << 12)
#define SCR_TWE (1ull << 13)

/* SCTLR_ELx bits. */
#define SCTLR_UMA (1ull << 9)
#define SCTLR_DZE (1ull << 14)
#define SCTLR_UCT (1ull << 15)
#define SCTLR_NTWI (1ull << 16)
#define SCTLR_NTWE (1ull << 18)
#define SCTLR_SPAN (1ull << 23)
#define SCTLR_UCI (1ull << 26)
#define SCTLR_DSSBS (1ull << 44)

/* The SPSR-format view of PSTATE. */
static inline uint64_t pstate_read(const cpu_t *cpu)
{
    return cpu->nzcv | cpu->pstate | cpu->daif | (cpu->el << 2) | cpu->spsel;
}

/* Moves to EL el with SP selection spsel, banking the stack pointers. */
static inline void pstate_set_el_sp(cpu_t *cpu, unsigned el, unsigned spsel)
{
    unsigned old = cpu->spsel ? cpu->el : 0, now = spsel ? el : 0;
    cpu->sp_el[old] = cpu->r[REG_SP];
    cpu->r[REG_SP] = cpu->sp_el[now];
    cpu->el = el;
    cpu->spsel = spsel;
}

/* The stack pointer SP_ELn, wherever it lives now. */
static inline uint64_t cpu_sp_el(const cpu_t *cpu, unsigned n)
{
    unsigned cur = cpu->spsel ? cpu->el : 0;
    return n == cur ? cpu->r[REG_SP] : cpu->sp_el[n];
}

static inline void cpu_set_sp_el(cpu_t *cpu, unsigned n, uint64_t v)
{
    unsigned cur = cpu->spsel ? cpu->el : 0;
    if (n == cur)
        cpu->r[REG_SP] = v;
    else
        cpu->sp_el[n] = v;
}

/* Security state: Secure when EL3 exists and SCR_EL3.NS is 0 (or at EL3). */
static inline bool cpu_is_secure(const cpu_t *cpu)
{
    return cpu->have_el3 && (cpu->el == 3 || !(cpu->sr[SR_SCR_EL3] & SCR_NS));
}

/* EL2Enabled(): EL2 exists in the current Security state (no Secure EL2). */
static inline bool cpu_el2_enabled(const cpu_t *cpu)
{
    return cpu->have_el2 &&
           (!cpu->have_el3 || (cpu->sr[SR_SCR_EL3] & SCR_NS));
}

/* HCR_EL2 as it applies now: zero when EL2 is not enabled. */
static inline uint64_t cpu_hcr(const cpu_t *cpu)
{
    return cpu_el2_enabled(cpu) ? cpu->sr[SR_HCR_EL2] : 0;
}

/* Writes PSTATE from an SPSR-format value with no checks (the API and a
 * legal exception return): EL, SP, NZCV, DAIF and the model's PSTATE bits. */
void pstate_write(cpu_t *cpu, uint64_t spsr);

/* The PSTATE bits (besides NZCV, DAIF and M) the model implements. */
uint32_t pstate_bits_of_model(const cpu_model_t *model);

/* The EL an FP/SIMD access at the current EL traps to, or 0 (CPACR_EL1,
 * CPTR_EL2, CPTR_EL3). */
unsigned cpu_fp_trap_el(const cpu_t *cpu);

/* Recomputes cpu->mode and cpu->attention after a change to EL, PSTATE,
 * the trap registers or the input lines. */
void cpu_update_mode(cpu_t *cpu);

#endif
