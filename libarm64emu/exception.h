/* Taking exceptions to the guest's vectors, routing them (HCR_EL2,
 * SCR_EL3), exception return, and the input interrupt lines. */
#ifndef ARM64EMU_EXCEPTION_H
#define ARM64EMU_EXCEPTION_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* ESR_ELx exception classes. */
enum {
    EC_UNKNOWN = 0x00,
    EC_WFX = 0x01,
    EC_FP = 0x07,
    EC_ILLEGAL = 0x0e,
    EC_SVC64 = 0x15,
    EC_HVC64 = 0x16,
    EC_SMC64 = 0x17,
    EC_SYSREG = 0x18,
    EC_IABT_LOW = 0x20,
    EC_IABT_CUR = 0x21,
    EC_PC_ALIGN = 0x22,
    EC_DABT_LOW = 0x24,
    EC_DABT_CUR = 0x25,
    EC_SP_ALIGN = 0x26,
    EC_SERROR = 0x2f,
    EC_BRK64 = 0x3c,
};

#define ESR_IL (1ull << 25)

static inline uint64_t esr_make(unsigned ec, uint64_t iss)
{
    return ((uint64_t)ec << 26) | ESR_IL | iss;
}

/* Kinds of exception the vectors can receive. */
typedef enum exc_type {
    EXC_SYNC = 0,
    EXC_IRQ = 1,
    EXC_FIQ = 2,
    EXC_SERROR = 3
} exc_type_t;

/* The EL a synchronous exception from the current EL goes to by default
 * (EL1 from EL0/EL1, EL2 with HCR_EL2.TGE from EL0, else the current EL). */
unsigned exc_sync_target(const cpu_t *cpu);

/* Takes an exception to target_el: SPSR, ELR (= elr), ESR (sync and
 * SError), FAR (when far_valid), PSTATE, and pc = the vector. */
void exc_take(cpu_t *cpu, unsigned target_el, exc_type_t type, uint64_t esr,
              uint64_t elr, bool far_valid, uint64_t far);

/* ERET at EL1 and above (PAuth variants are rejected at decode): restores
 * PSTATE from SPSR_ELx and pc from ELR_ELx, with the illegal-return rules
 * (PSTATE.IL set, EL unchanged). */
void exc_return(cpu_t *cpu);

/* Sets an EXIT_EXCEPTION for a trap with syndrome esr to target_el (an
 * EC 0x18/0x07/0x01 trap); the handler returns OP_FAULT. */
void exc_set_trap(cpu_t *cpu, uint64_t esr, unsigned target_el);

/* Called by the run loop when a handler stopped with an exit: if its kind
 * is not in cpu->exception_exits, takes the exception to the guest and
 * returns true (the run goes on); false to report the exit. cpu->pc holds
 * the preferred return address (the instruction for faults, the next one
 * for SVC/HVC/SMC). */
bool exc_from_exit(cpu_t *cpu);

/* Called at a block boundary when cpu->attention is set: takes a pending,
 * unmasked interrupt or an illegal-state exception. Returns true if it
 * took one. */
bool exc_check_pending(cpu_t *cpu);

/* WFI/WFE: the EL a WFx at the current EL traps to, or 0. */
unsigned exc_wfx_trap_el(const cpu_t *cpu, bool wfe);

/* Whether an interrupt is pending for WFI to wake on (masked or not). */
bool exc_wfi_wakes(const cpu_t *cpu);

#endif
