/* Exception entry and return, routing, PSTATE bookkeeping and the
 * interrupt inputs. Follows the Arm ARM pseudocode AArch64.TakeException,
 * AArch64.ExceptionReturn and the interrupt routing and masking tables. */
#include "exception.h"
#include "hooks.h"
#include "mem.h"
#include "mmu.h"

#include "machine.h"
#include "pstate.h"

static const int elr_slot[4] = {-1, SR_ELR_EL1, SR_ELR_EL2, SR_ELR_EL3};
static const int spsr_slot[4] = {-1, SR_SPSR_EL1, SR_SPSR_EL2, SR_SPSR_EL3};
static const int esr_slot[4] = {-1, SR_ESR_EL1, SR_ESR_EL2, SR_ESR_EL3};
static const int far_slot[4] = {-1, SR_FAR_EL1, SR_FAR_EL2, SR_FAR_EL3};
static const int vbar_slot[4] = {-1, SR_VBAR_EL1, SR_VBAR_EL2, SR_VBAR_EL3};
static const int sctlr_slot[4] = {SR_SCTLR_EL1, SR_SCTLR_EL1, SR_SCTLR_EL2,
                                  SR_SCTLR_EL3};

/* ---- PSTATE -------------------------------------------------------------- */

uint32_t pstate_bits_of_model(const cpu_model_t *m)
{
    uint32_t b = PSR_IL | PSR_SS;
    if (model_has_pan(m))
        b |= PSR_PAN;
    if (model_has_uao(m))
        b |= PSR_UAO;
    if (model_has_ssbs(m))
        b |= PSR_SSBS;
    if (id_field(m->id_aa64pfr0_el1, 48) >= 1)
        b |= PSR_DIT;
    return b;
}

void pstate_write(cpu_t *cpu, uint64_t spsr)
{
    pstate_set_el_sp(cpu, (unsigned)(spsr >> 2) & 3, (unsigned)spsr & 1);
    cpu->nzcv = (uint32_t)spsr & PSR_NZCV;
    cpu->daif = (uint32_t)spsr & PSR_DAIF;
    cpu->pstate = (uint32_t)spsr & pstate_bits_of_model(cpu->model);
    cpu_update_mode(cpu);
}

unsigned cpu_fp_trap_el(const cpu_t *cpu)
{
    unsigned el = cpu->el;
    uint64_t hcr = cpu_hcr(cpu);
    if (el <= 1 && !(el == 0 && (hcr & HCR_TGE))) {
        unsigned fpen = (unsigned)(cpu->sr[SR_CPACR_EL1] >> 20) & 3;
        if (fpen == 0 || fpen == 2 || (el == 0 && fpen == 1))
            return 1;
    }
    if (el <= 2 && cpu_el2_enabled(cpu) && (cpu->sr[SR_CPTR_EL2] & (1u << 10)))
        return 2;
    if (cpu->have_el3 && (cpu->sr[SR_CPTR_EL3] & (1u << 10)))
        return 3;
    return 0;
}

static bool virq_pending(const cpu_t *cpu, uint64_t hcr)
{
    return (cpu->lines & ARM64EMU_LINE_VIRQ) || (hcr & HCR_VI);
}

static bool vfiq_pending(const cpu_t *cpu, uint64_t hcr)
{
    return (cpu->lines & ARM64EMU_LINE_VFIQ) || (hcr & HCR_VF);
}

void cpu_update_mode(cpu_t *cpu)
{
    cpu->mode = cpu->el | (cpu_fp_trap_el(cpu) ? MODE_FP_TRAP : 0);
    uint32_t a = 0;
    if (cpu->pstate & PSR_IL)
        a |= ATTN_IL;
    if (cpu->lines || (cpu_hcr(cpu) & (HCR_VI | HCR_VF | HCR_VSE)))
        a |= ATTN_IRQ;
    cpu->attention = a;
    /* EL, PAN and the translation controls select the soft TLB and may
     * invalidate cached translations and blocks. */
    mmu_context_changed(cpu);
}

/* ---- taking an exception -------------------------------------------------- */

unsigned exc_sync_target(const cpu_t *cpu)
{
    if (cpu->el >= 2)
        return cpu->el;
    if (cpu->el == 0 && (cpu_hcr(cpu) & HCR_TGE))
        return 2;
    return 1;
}

void exc_take(cpu_t *cpu, unsigned target, exc_type_t type, uint64_t esr,
              uint64_t elr, bool far_valid, uint64_t far)
{
    uint64_t offset = cpu->el < target ? 0x400 : cpu->spsel ? 0x200 : 0;
    offset += 0x80u * (unsigned)type;
    if (cpu->machine->hooks)
        hooks_cancel_resume(cpu);
    cpu->sr[spsr_slot[target]] = pstate_read(cpu);
    cpu->sr[elr_slot[target]] = elr;
    if (type == EXC_SYNC || type == EXC_SERROR)
        cpu->sr[esr_slot[target]] = esr;
    if (far_valid)
        cpu->sr[far_slot[target]] = far;

    pstate_set_el_sp(cpu, target, 1);
    cpu->daif = PSR_DAIF;
    uint32_t ps = cpu->pstate & ~(PSR_IL | PSR_SS | PSR_UAO);
    uint32_t have = pstate_bits_of_model(cpu->model);
    uint64_t sctlr = cpu->sr[sctlr_slot[target]];
    if ((have & PSR_PAN) && target == 1 && !(sctlr & SCTLR_SPAN))
        ps |= PSR_PAN;
    if (have & PSR_SSBS)
        ps = (ps & ~PSR_SSBS) | ((sctlr & SCTLR_DSSBS) ? PSR_SSBS : 0);
    cpu->pstate = ps;
    cpu->excl.valid = false;
    cpu->pc = (cpu->sr[vbar_slot[target]] & ~0x7ffull) + offset;
    cpu_update_mode(cpu);
}

void exc_set_trap(cpu_t *cpu, uint64_t esr, unsigned target_el)
{
    cpu->exit.reason = ARM64EMU_EXIT_EXCEPTION;
    cpu->exit.syndrome = esr;
    cpu->trap_el = target_el;
}

/* IllegalExceptionReturn() for an AArch64-only implementation. */
static bool illegal_return(const cpu_t *cpu, uint64_t spsr)
{
    unsigned target = (unsigned)(spsr >> 2) & 3;
    if (spsr & 0x10)                  /* AArch32: not implemented */
        return true;
    if (spsr & 2)                     /* M[1]: reserved */
        return true;
    if (target == 0 && (spsr & 1))    /* EL0 with SP_ELx */
        return true;
    if (target > cpu->el)
        return true;
    if ((target == 2 && !cpu->have_el2) || (target == 3 && !cpu->have_el3))
        return true;
    if (target == 2 && cpu->have_el3 && !(cpu->sr[SR_SCR_EL3] & SCR_NS))
        return true;                  /* no Secure EL2 */
    if (target == 1 && (cpu_hcr(cpu) & HCR_TGE))
        return true;
    return false;
}

void exc_return(cpu_t *cpu)
{
    unsigned el = cpu->el;
    uint64_t spsr = cpu->sr[spsr_slot[el]];
    uint64_t elr = cpu->sr[elr_slot[el]];
    uint32_t have = pstate_bits_of_model(cpu->model);
    cpu->excl.valid = false;
    if (illegal_return(cpu, spsr)) {
        /* EL and SP stay; IL is set; the rest of SetPSTATEFromPSR's
         * UNKNOWN fields keep their values. */
        cpu->pstate |= PSR_IL;
    } else {
        pstate_set_el_sp(cpu, (unsigned)(spsr >> 2) & 3, (unsigned)spsr & 1);
        uint32_t legal = have & (PSR_IL | PSR_SSBS | PSR_UAO | PSR_DIT);
        cpu->pstate = (cpu->pstate & ~legal) | ((uint32_t)spsr & legal);
    }
    /* Restored whether or not the return is legal. Software step is not
     * modelled: SS is not restored. */
    cpu->nzcv = (uint32_t)spsr & PSR_NZCV;
    cpu->daif = (uint32_t)spsr & PSR_DAIF;
    if (have & PSR_PAN)
        cpu->pstate = (cpu->pstate & ~PSR_PAN) | ((uint32_t)spsr & PSR_PAN);
    cpu->pstate &= ~PSR_SS;
    cpu->pc = elr;
    cpu_update_mode(cpu);
}

/* ---- exits that become exceptions ---------------------------------------- */

static bool is_external_abort(unsigned fsc)
{
    return fsc == 0x10 || (fsc & 0x3c) == 0x14;
}

/* A data or instruction abort from an access fault exit (the memory layer
 * records the details in cpu->fault; an exit without a matching record is
 * an access to a physical address with nothing behind it: a synchronous
 * external abort, as on QEMU's virt). */
/* Exception hooks on a synchronous exception about to be taken: true to
 * take it; false when a hook suppressed it (*go_on true: the run goes on
 * at the hook's PC) or asked to stop (*go_on false: a HOOK exit is set). */
static bool sync_hook(cpu_t *cpu, uint64_t esr, uint64_t far, unsigned target,
                      bool *go_on)
{
    if (LIKELY(!cpu->machine->hooks))
        return true;
    uint64_t pc = cpu->exit.pc;
    int r = hooks_exception(cpu, esr, far, target);
    if (r == ARM64EMU_HOOK_SUPPRESS) {
        *go_on = true;
        return false;
    }
    if (r > 0) {
        cpu_set_exit(cpu, ARM64EMU_EXIT_HOOK, pc, cpu->exit.insn);
        cpu->exit.imm = (uint64_t)r;
        *go_on = false;
        return false;
    }
    return true;
}

static bool take_abort(cpu_t *cpu)
{
    arm64emu_exit *e = &cpu->exit;
    bool fetch = e->access == ARM64EMU_ACCESS_FETCH;
    fault_info_t f = {.fsc = 0x10, .write = e->access == ARM64EMU_ACCESS_WRITE,
                      .va = e->addr};
    if (cpu->fault.va == e->addr) {
        f = cpu->fault;
        cpu->fault.va = e->addr + 1; /* consumed */
    }
    unsigned target = exc_sync_target(cpu);
    if (is_external_abort(f.fsc) && cpu->have_el3 &&
        (cpu->sr[SR_SCR_EL3] & SCR_EA))
        target = 3;
    bool lower = target > cpu->el;
    uint64_t iss = (f.fsc & 0x3f) | (f.s1ptw ? 1u << 7 : 0);
    unsigned ec;
    if (fetch) {
        ec = lower ? EC_IABT_LOW : EC_IABT_CUR;
    } else {
        ec = lower ? EC_DABT_LOW : EC_DABT_CUR;
        iss |= (f.write ? 1u << 6 : 0) | (f.cm ? 1u << 8 : 0);
    }
    bool go_on;
    if (!sync_hook(cpu, esr_make(ec, iss), f.va, target, &go_on))
        return go_on;
    exc_take(cpu, target, EXC_SYNC, esr_make(ec, iss), cpu->pc, true, f.va);
    return true;
}

/* The kind an EXIT_EXCEPTION belongs to, from its class. */
static uint32_t kind_of_class(unsigned ec)
{
    switch (ec) {
    case EC_SVC64: return ARM64EMU_EXC_SVC;
    case EC_HVC64: return ARM64EMU_EXC_HVC;
    case EC_SMC64: return ARM64EMU_EXC_SMC;
    case EC_FP: return ARM64EMU_EXC_FP_TRAP;
    case EC_SYSREG: return ARM64EMU_EXC_SYSREG_TRAP;
    case EC_WFX: return ARM64EMU_EXC_WFX_TRAP;
    case EC_ILLEGAL: return ARM64EMU_EXC_ILLEGAL_STATE;
    case EC_PC_ALIGN: return ARM64EMU_EXC_PC_ALIGNMENT;
    case EC_SP_ALIGN: return ARM64EMU_EXC_SP_ALIGNMENT;
    case EC_BRK64: return ARM64EMU_EXC_BRK;
    case EC_UNKNOWN: return ARM64EMU_EXC_UNDEFINED;
    default: return 0;
    }
}

bool exc_from_exit(cpu_t *cpu)
{
    arm64emu_exit *e = &cpu->exit;
    uint32_t kinds = cpu->exception_exits;
    unsigned trap_el = cpu->trap_el;
    cpu->trap_el = 0;
    uint64_t esr;
    unsigned target = exc_sync_target(cpu);
    switch (e->reason) {
    case ARM64EMU_EXIT_UNDEFINED:
        if (kinds & ARM64EMU_EXC_UNDEFINED)
            return false;
        esr = esr_make(EC_UNKNOWN, 0);
        break;
    case ARM64EMU_EXIT_HLT: /* halting debug is off: HLT is UNDEFINED */
        if (kinds & ARM64EMU_EXC_HLT)
            return false;
        esr = esr_make(EC_UNKNOWN, 0);
        break;
    case ARM64EMU_EXIT_BRK:
        if (kinds & ARM64EMU_EXC_BRK)
            return false;
        esr = e->syndrome;
        break;
    case ARM64EMU_EXIT_HVC:
        if (kinds & ARM64EMU_EXC_HVC)
            return false;
        esr = e->syndrome;
        target = cpu->el == 3 ? 3 : 2;
        break;
    case ARM64EMU_EXIT_SMC:
        if (kinds & ARM64EMU_EXC_SMC)
            return false;
        esr = e->syndrome;
        target = 3;
        break;
    case ARM64EMU_EXIT_UNMAPPED:
        if (kinds & (e->access == ARM64EMU_ACCESS_FETCH
                         ? ARM64EMU_EXC_INSN_ABORT
                         : ARM64EMU_EXC_DATA_ABORT))
            return false;
        return take_abort(cpu);
    case ARM64EMU_EXIT_ALIGNMENT:
        if (e->access == ARM64EMU_ACCESS_FETCH) {
            if (kinds & ARM64EMU_EXC_PC_ALIGNMENT)
                return false;
            bool go_on;
            if (!sync_hook(cpu, esr_make(EC_PC_ALIGN, 0), e->addr, target,
                           &go_on))
                return go_on;
            exc_take(cpu, target, EXC_SYNC, esr_make(EC_PC_ALIGN, 0), cpu->pc,
                     true, e->addr);
            return true;
        }
        if (kinds & ARM64EMU_EXC_ALIGNMENT)
            return false;
        cpu->fault = (fault_info_t){.fsc = 0x21,
                                    .write = e->access == ARM64EMU_ACCESS_WRITE,
                                    .va = e->addr};
        return take_abort(cpu);
    case ARM64EMU_EXIT_EXCEPTION: {
        uint32_t kind = kind_of_class((unsigned)(e->syndrome >> 26) & 0x3f);
        if (!kind || (kinds & kind))
            return false;
        esr = e->syndrome;
        break;
    }
    default:
        return false;
    }
    if (trap_el)
        target = trap_el;
    bool go_on;
    if (!sync_hook(cpu, esr, 0, target, &go_on))
        return go_on;
    exc_take(cpu, target, EXC_SYNC, esr, cpu->pc, false, 0);
    return true;
}

/* ---- interrupts ------------------------------------------------------------- */

/* Target EL of a physical interrupt routed by SCR_EL3 bit scr and HCR_EL2
 * bit hcr (TGE routes them all to EL2). */
static unsigned phys_target(const cpu_t *cpu, uint64_t scr, uint64_t hcr)
{
    if (cpu->have_el3 && (cpu->sr[SR_SCR_EL3] & scr))
        return 3;
    if (cpu_hcr(cpu) & (HCR_TGE | hcr))
        return 2;
    return 1;
}

/* Whether an interrupt for target is taken now: never to a lower EL;
 * masked by PSTATE when it targets the current EL or EL1 from EL0. */
static bool unmasked(const cpu_t *cpu, unsigned target, uint32_t mask)
{
    if (target < cpu->el)
        return false;
    if (target == cpu->el || target == 1)
        return !(cpu->daif & mask);
    return true;
}

/* Interrupt hooks on an interrupt about to be taken: true to take it. */
static bool intr_hook(cpu_t *cpu, uint32_t kind, unsigned target)
{
    if (LIKELY(!cpu->machine->hooks))
        return true;
    return hooks_interrupt(cpu, kind, target) == 0;
}

bool exc_check_pending(cpu_t *cpu)
{
    if (cpu->pstate & PSR_IL) {
        exc_take(cpu, exc_sync_target(cpu), EXC_SYNC, esr_make(EC_ILLEGAL, 0),
                 cpu->pc, false, 0);
        return true;
    }
    uint32_t l = cpu->lines;
    uint64_t hcr = cpu_hcr(cpu);
    unsigned t;
    if (l & ARM64EMU_LINE_SERROR) {
        t = phys_target(cpu, SCR_EA, HCR_AMO);
        if (unmasked(cpu, t, PSR_A)) {
            if (!intr_hook(cpu, ARM64EMU_INTR_SERROR, t))
                return false;
            exc_take(cpu, t, EXC_SERROR, esr_make(EC_SERROR, 0), cpu->pc,
                     false, 0);
            return true;
        }
    }
    if (l & ARM64EMU_LINE_FIQ) {
        t = phys_target(cpu, SCR_FIQ, HCR_FMO);
        if (unmasked(cpu, t, PSR_F)) {
            if (!intr_hook(cpu, ARM64EMU_INTR_FIQ, t))
                return false;
            exc_take(cpu, t, EXC_FIQ, 0, cpu->pc, false, 0);
            return true;
        }
    }
    if (l & ARM64EMU_LINE_IRQ) {
        t = phys_target(cpu, SCR_IRQ, HCR_IMO);
        if (unmasked(cpu, t, PSR_I)) {
            if (!intr_hook(cpu, ARM64EMU_INTR_IRQ, t))
                return false;
            exc_take(cpu, t, EXC_IRQ, 0, cpu->pc, false, 0);
            return true;
        }
    }
    /* Virtual interrupts reach EL1 and EL0 under a hypervisor that routes
     * the physical ones to itself. */
    if (cpu->el <= 1 && !(hcr & HCR_TGE)) {
        if ((hcr & HCR_AMO) && (hcr & HCR_VSE) && !(cpu->daif & PSR_A)) {
            if (!intr_hook(cpu, ARM64EMU_INTR_VSERROR, 1))
                return false;
            cpu->sr[SR_HCR_EL2] &= ~HCR_VSE; /* taken: no longer pending */
            exc_take(cpu, 1, EXC_SERROR, esr_make(EC_SERROR, 0), cpu->pc,
                     false, 0);
            return true;
        }
        if ((hcr & HCR_FMO) && vfiq_pending(cpu, hcr) && !(cpu->daif & PSR_F)) {
            if (!intr_hook(cpu, ARM64EMU_INTR_VFIQ, 1))
                return false;
            exc_take(cpu, 1, EXC_FIQ, 0, cpu->pc, false, 0);
            return true;
        }
        if ((hcr & HCR_IMO) && virq_pending(cpu, hcr) && !(cpu->daif & PSR_I)) {
            if (!intr_hook(cpu, ARM64EMU_INTR_VIRQ, 1))
                return false;
            exc_take(cpu, 1, EXC_IRQ, 0, cpu->pc, false, 0);
            return true;
        }
    }
    return false;
}

unsigned exc_wfx_trap_el(const cpu_t *cpu, bool wfe)
{
    unsigned el = cpu->el;
    if (el == 0 &&
        !(cpu->sr[SR_SCTLR_EL1] & (wfe ? SCTLR_NTWE : SCTLR_NTWI)))
        return (cpu_hcr(cpu) & HCR_TGE) ? 2 : 1;
    if (el <= 1 && (cpu_hcr(cpu) & (wfe ? HCR_TWE : HCR_TWI)))
        return 2;
    if (el <= 2 && cpu->have_el3 &&
        (cpu->sr[SR_SCR_EL3] & (wfe ? SCR_TWE : SCR_TWI)))
        return 3;
    return 0;
}

bool exc_wfi_wakes(const cpu_t *cpu)
{
    uint64_t hcr = cpu_hcr(cpu);
    if (cpu->lines & (ARM64EMU_LINE_IRQ | ARM64EMU_LINE_FIQ |
                      ARM64EMU_LINE_SERROR))
        return true;
    return cpu->el <= 1 &&
           (((hcr & HCR_IMO) && virq_pending(cpu, hcr)) ||
            ((hcr & HCR_FMO) && vfiq_pending(cpu, hcr)) ||
            ((hcr & HCR_AMO) && (hcr & HCR_VSE)));
}

/* ---- API ------------------------------------------------------------------ */

int arm64emu_set_irq_line(arm64emu_machine *m, unsigned cpu, unsigned line,
                          int level)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (cpu >= m->ncpus)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "cpu %u does not exist (the machine has %u)", cpu,
                            m->ncpus);
    if (line == 0 || (line & ~(uint32_t)ARM64EMU_LINE_ALL) ||
        (line & (line - 1)))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "interrupt line 0x%x is not one ARM64EMU_LINE_*",
                            line);
    cpu_t *c = &m->cpus[cpu];
    if (level)
        c->lines |= line;
    else
        c->lines &= ~line;
    cpu_update_mode(c);
    return machine_ok(m);
}
