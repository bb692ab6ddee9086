/* The documented differences between libarm64emu and Unicorn 2.0.1.
 *
 * A case that disagrees is excused only by an entry here. Each entry names
 * the class (or every class), the words (mask/value), a predicate on the
 * case when the words alone do not say enough, and the reason: where
 * Unicorn contradicts the Arm ARM, where Unicorn's EL1 differs from our
 * EL0, or where our API deliberately reports an event to the host. Keep
 * the predicates narrow: they must not hide a real bug in the same words.
 */
#include <string.h>

#include "difftest.h"
#include "sysreg.h" /* internal: which system operations our tables have */

/* ---- predicates ------------------------------------------------------------ */

static bool ours_hlt_uc_undef(const dt_case_t *c)
{
    return c->ours->outcome == DT_HLT && c->uc->outcome == DT_UNDEF;
}

/* Both sides fault on the same store; registers agree; ours wrote nothing
 * and Unicorn wrote the part of the access before the unmapped byte. */
static bool partial_store_before_fault(const dt_case_t *c)
{
    return c->ours->outcome == DT_FAULT_WRITE &&
           c->uc->outcome == DT_FAULT_WRITE && c->diff == DIFF_MEM &&
           memcmp(c->ours->mem, c->init_mem, DT_RAM_SIZE) == 0;
}

/* Bytes an exclusive, ordered or atomic access must be aligned to, or 0
 * for words that are none of those. */
static unsigned required_alignment(uint32_t w)
{
    if (((w >> 24) & 0x3f) == 0x08) {          /* exclusive, LDAR/STLR, CAS */
        if ((w & (1u << 21)) && !(w & (1u << 23)))
            return 8u << ((w >> 30) & 1);      /* LDXP/STXP, CASP */
        return 1u << (w >> 30);
    }
    if (((w >> 24) & 0x3f) == 0x38 && (w & (1u << 21)) &&
        ((w >> 10) & 3) == 0)                  /* LSE atomics, LDAPR */
        return 1u << (w >> 30);
    return 0;
}

/* Ours raised the alignment fault the Arm ARM requires for a misaligned
 * exclusive/ordered/atomic access (Mem[] checks alignment before the
 * access is translated or performed); Unicorn did not. */
static bool missed_alignment_fault(const dt_case_t *c)
{
    unsigned a = required_alignment(c->word);
    return a && c->ours->outcome == DT_ALIGN && c->uc->outcome != DT_ALIGN &&
           (c->ours->fault_addr & (a - 1)) != 0 &&
           memcmp(c->ours->mem, c->init_mem, DT_RAM_SIZE) == 0;
}

static uint64_t load_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static int64_t sext(uint64_t v, unsigned bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* LDSMAX/LDSMIN/LDUMAX/LDUMIN on bytes, halfwords and words: QEMU 5.0
 * compares the whole 64-bit Rs with the memory value, neither sign- nor
 * zero-extended to the access size. The Arm ARM compares size-bit values.
 * Applies only when ours stored exactly the Arm ARM result. */
static bool lse_minmax_extension(const dt_case_t *c)
{
    uint32_t w = c->word;
    unsigned size = w >> 30, opc = (w >> 12) & 7, rs = (w >> 16) & 31;
    unsigned rn = (w >> 5) & 31;
    if (size == 3 || opc < 4 || c->ours->outcome != DT_RETIRED ||
        c->uc->outcome != DT_RETIRED)
        return false;
    unsigned n = 1u << size, bits = 8 * n;
    uint64_t addr = rn == 31 ? c->init->sp : c->init->x[rn];
    if (addr < DT_RAM_BASE || addr + n > DT_RAM_BASE + DT_RAM_SIZE)
        return false;
    uint64_t mask = (1ull << bits) - 1;
    uint64_t old = load_le(c->init_mem + (addr - DT_RAM_BASE), n);
    uint64_t op = (rs == 31 ? 0 : c->init->x[rs]) & mask, res;
    switch (opc) {
    case 4: res = sext(old, bits) > sext(op, bits) ? old : op; break;
    case 5: res = sext(old, bits) < sext(op, bits) ? old : op; break;
    case 6: res = old > op ? old : op; break;
    default: res = old < op ? old : op; break;
    }
    return load_le(c->ours->mem + (addr - DT_RAM_BASE), n) == res;
}

/* STXR/STXP without a preceding load-exclusive: ours reports failure (Rs
 * = 1) with no access; Unicorn faults on the unmapped address. */
static bool failed_store_exclusive_no_fault(const dt_case_t *c)
{
    unsigned rs = (c->word >> 16) & 31;
    return !c->prefix && c->ours->outcome == DT_RETIRED &&
           (c->uc->outcome == DT_FAULT_READ ||
            c->uc->outcome == DT_FAULT_WRITE) &&
           (rs == 31 || c->ours->st.x[rs] == 1) &&
           memcmp(c->ours->mem, c->init_mem, DT_RAM_SIZE) == 0;
}

/* DC ZVA on unmapped memory: both fault, but Unicorn's helper raises the
 * fault without restoring the PC, which is left after the instruction.
 * The Arm ARM reports a synchronous abort at the instruction itself. */
static bool dc_zva_fault_pc(const dt_case_t *c)
{
    dt_state_t u = c->uc->st;
    if (c->ours->outcome != DT_FAULT_WRITE || c->uc->outcome != DT_FAULT_WRITE ||
        u.pc != c->ours->st.pc + 4 || (c->diff & DIFF_MEM))
        return false;
    u.pc -= 4;
    return memcmp(&u, &c->ours->st, sizeof(u)) == 0;
}

/* DC/IC maintenance by VA of an address wider than the PA size with the
 * MMU off: ours takes the Address size fault, Unicorn does not translate
 * the address at all and retires the instruction. */
static bool cmo_address_size_fault(const dt_case_t *c)
{
    return (c->ours->outcome == DT_FAULT_READ ||
            c->ours->outcome == DT_FAULT_WRITE) &&
           c->uc->outcome == DT_RETIRED && (c->ours->fault_addr >> 48) != 0 &&
           memcmp(c->ours->mem, c->init_mem, DT_RAM_SIZE) == 0;
}

/* Ours refuses at EL0: UNDEFINED, or a trap to EL1 (EC 0x18, e.g. DAIF
 * with SCTLR_EL1.UMA = 0) reported as another exception. */
static bool ours_undef_uc_ran(const dt_case_t *c)
{
    return (c->ours->outcome == DT_UNDEF || c->ours->outcome == DT_OTHER) &&
           c->uc->outcome != DT_UNDEF;
}

/* A feature max advertises and Unicorn 2.0.1's CPU lacks. */
static bool ours_ran_uc_undef(const dt_case_t *c)
{
    return c->ours->outcome == DT_RETIRED && c->uc->outcome == DT_UNDEF;
}

/* System register op0:op1:CRn:CRm:op2 of an MRS/MSR word. */
#define SR_OP0(w) (2 + (((w) >> 19) & 1))
#define SR_OP1(w) (((w) >> 16) & 7)
#define SR_CRN(w) (((w) >> 12) & 15)
#define SR_CRM(w) (((w) >> 8) & 15)
#define SR_OP2(w) (((w) >> 5) & 7)

/* MSR FPCR/FPSR: FPSR.NZCV (31:28) and FPCR.Len/Stride (18:16, 21:20)
 * exist only for AArch32, FPCR.FZ16 (19) only with FEAT_FP16; Unicorn's
 * max CPU has both, so it keeps them, while they are RES0 for a model
 * without them. Excused when only those bits differ and ours holds 0. */
static bool fp_control_res0(const dt_case_t *c)
{
    bool no_aarch32 = (c->pfr0 & 0xf) == 1;
    bool no_fp16 = ((c->pfr0 >> 16) & 0xf) == 0;
    uint64_t fpcr_bits = (no_aarch32 ? 0x00370000u : 0) |
                         (no_fp16 ? 0x00080000u : 0);
    uint64_t fpsr_bits = no_aarch32 ? 0xf0000000u : 0;
    dt_state_t o = c->ours->st, u = c->uc->st;
    if (c->ours->outcome != DT_RETIRED || c->uc->outcome != DT_RETIRED ||
        (o.fpcr & fpcr_bits) || (o.fpsr & fpsr_bits))
        return false;
    u.fpcr &= ~fpcr_bits;
    u.fpsr &= ~fpsr_bits;
    /* The MRS after the MSR read the register back into Rt (X0 for XZR). */
    unsigned rt = c->suffix & 31;
    if (c->suffix)
        u.x[rt] &= ~(((c->word >> 5) & 1) ? fpsr_bits : fpcr_bits);
    return memcmp(&o, &u, sizeof(o)) == 0 && !(c->diff & DIFF_MEM);
}

/* Counter and frequency registers: our clock is the instruction count,
 * Unicorn's the host clock. */
static bool counter_value(const dt_case_t *c)
{
    return c->ours->outcome == DT_RETIRED && c->uc->outcome == DT_RETIRED &&
           (c->diff & ~DIFF_REGS) == 0;
}

/* AdvSIMD three same (FP16), vector: U:a:opcode values the Arm ARM leaves
 * unallocated. QEMU 5.0's disas_simd_three_reg_same_fp16 lets them through
 * to g_assert_not_reached(). */
static bool fp16_three_same_unallocated(const dt_case_t *c)
{
    unsigned op = ((c->word >> 29) & 1) << 4 | ((c->word >> 23) & 1) << 3 |
                  ((c->word >> 11) & 7);
    switch (op) {
    case 0x05: case 0x0b: case 0x0c: case 0x0d:
    case 0x11: case 0x19: case 0x1b: case 0x1f:
        return true;
    default:
        return false;
    }
}

/* AdvSIMD two-register miscellaneous (FP16), vector and scalar: per U:a,
 * a bitmap of the opcode (bits 16:12) values on which QEMU 5.0's
 * disas_simd_two_reg_misc_fp16 reaches g_assert_not_reached(). Found by
 * running every U:a:opcode in a child process; all of them are unallocated
 * in the Arm ARM. */
static bool fp16_two_reg_misc_crash(const dt_case_t *c)
{
    static const uint32_t vector[4] = {0xc0ffffffu, 0xd0ff0fffu, 0xc0ffffffu,
                                       0x51ff4fffu};
    static const uint32_t scalar[4] = {0xc0ffffffu, 0x50ff8fffu, 0xc0ffffffu,
                                       0xd1ff4fffu};
    uint32_t w = c->word;
    unsigned ua = ((w >> 29) & 1) << 1 | ((w >> 23) & 1);
    uint32_t op = 1u << ((w >> 12) & 31);
    if ((w & 0x9f7e0c00u) == 0x0e780800u)
        return (vector[ua] & op) != 0;
    if ((w & 0xdf7e0c00u) == 0x5e780800u)
        return (scalar[ua] & op) != 0;
    return false;
}

/* MSR/MRS of the pointer-authentication key registers (op0 = 3, op1 = 0,
 * CRn = 2, CRm = 1..3): Unicorn asserts in access_check_cp_reg (a trap to
 * EL3 it cannot route). EL1 registers: UNDEFINED at EL0. */
static bool pauth_key_register(const dt_case_t *c)
{
    unsigned crm = (c->word >> 8) & 15;
    return crm >= 1 && crm <= 3;
}

/* MSR CPACR_EL1/CPACR_EL12 (CRm = 0) or CPTR_EL2/CPTR_EL3 (CRm = 1):
 * enabling SVE there makes Unicorn recompute the vector length and assert
 * in sve_zcr_get_valid_len. EL1+ registers: UNDEFINED at EL0. */
static bool sve_control_write(const dt_case_t *c)
{
    unsigned op1 = SR_OP1(c->word), crm = SR_CRM(c->word);
    return (crm == 0 && (op1 == 0 || op1 == 5)) ||
           (crm == 1 && (op1 == 4 || op1 == 6));
}

/* ---- registers, PSTATE and exception return at EL1 ---- */

/* System register key of an MRS/MSR word (bits 20:5). */
#define SR_KEY(w) (((w) >> 5) & 0xffff)
#define KEY(op0, op1, crn, crm, op2)                                         \
    ((uint32_t)(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | \
                (op2)))

/* Everything agrees but the register the MRS wrote. */
static bool only_rt_differs(const dt_case_t *c, unsigned rt)
{
    dt_state_t o = c->ours->st, u = c->uc->st;
    if (c->ours->outcome != DT_RETIRED || c->uc->outcome != DT_RETIRED ||
        (c->diff & DIFF_MEM) || rt == 31)
        return false;
    u.x[rt] = o.x[rt];
    return memcmp(&o, &u, sizeof(o)) == 0;
}

/* Identification registers whose values are the CPU model's (MIDR,
 * MPIDR, REVIDR, the ID space, CTR, CLIDR, CCSIDR, AIDR) and the PMU's
 * identification (PMCR_EL0.IMP/IDCODE/N, PMCEID0/1): our models are not
 * Unicorn's. */
static bool model_register(uint32_t key)
{
    if ((key & ~0x7fu) == KEY(3, 0, 0, 0, 0))   /* MIDR..ID space */
        return ((key >> 3) & 15) <= 7;
    switch (key) {
    case KEY(3, 1, 0, 0, 0): case KEY(3, 1, 0, 0, 1): case KEY(3, 1, 0, 0, 7):
    case KEY(3, 3, 0, 0, 1): case KEY(3, 3, 9, 12, 0):
    case KEY(3, 3, 9, 12, 6): case KEY(3, 3, 9, 12, 7):
        return true;
    default:
        return false;
    }
}

static bool model_register_value(const dt_case_t *c)
{
    uint32_t key = SR_KEY(c->word);
    if (!c->suffix)
        return model_register(key) && only_rt_differs(c, c->word & 31);
    /* MSR PMCR_EL0 then MRS: only IMP, IDCODE and N (31:11) differ. */
    unsigned rt = c->suffix & 31;
    return key == KEY(3, 3, 9, 12, 0) && only_rt_differs(c, rt) &&
           ((c->ours->st.x[rt] ^ c->uc->st.x[rt]) & 0x7ffull) == 0;
}

/* An unassigned encoding of the ID space (op0 3, op1 0, CRn 0, CRm 1-7):
 * the Arm ARM makes it read as zero at EL1 (reserved ID registers);
 * QEMU 5.0 leaves some of them UNDEFINED. */
static bool id_space_raz(const dt_case_t *c)
{
    uint32_t key = SR_KEY(c->word);
    unsigned crm = (key >> 3) & 15, rt = c->word & 31;
    return (key & ~0x7fu) == KEY(3, 0, 0, 0, 0) && crm >= 1 && crm <= 7 &&
           c->ours->outcome == DT_RETIRED && c->uc->outcome == DT_UNDEF &&
           (rt == 31 || c->ours->st.x[rt] == 0);
}

/* Debug registers every Armv8.0 PE has that QEMU 5.0 does not model:
 * OSECCR_EL1, DBGCLAIMSET_EL1, DBGCLAIMCLR_EL1, DBGAUTHSTATUS_EL1. */
static bool debug_register_missing_in_peer(const dt_case_t *c)
{
    switch (SR_KEY(c->word)) {
    case KEY(2, 0, 0, 6, 2): case KEY(2, 0, 7, 8, 6): case KEY(2, 0, 7, 9, 6):
    case KEY(2, 0, 7, 14, 6): case KEY(2, 0, 1, 4, 4):
        return c->ours->outcome == DT_RETIRED && c->uc->outcome == DT_UNDEF;
    default:
        return false;
    }
}

/* MSR then MRS of a register whose RES0/RES1 bits (as our table declares
 * them) Unicorn stores: the Arm ARM lets a RES0 bit be RAZ/WI (RES1:
 * RAO/WI), which ours implements, and QEMU keeps what was written.
 * Excused when only the read-back register differs, in those bits. */
static bool res0_bits_stored(const dt_case_t *c)
{
    const sysreg_def_t *d = sysreg_find(SR_KEY(c->word));
    unsigned rt = c->suffix & 31;
    if (!c->suffix || !d || !only_rt_differs(c, rt))
        return false;
    uint64_t o = c->ours->st.x[rt], u = c->uc->st.x[rt];
    uint64_t reserved = d->res0 | d->res1;
    /* SCTLR_EL1.SPAN is RES1 without FEAT_PAN (cortex-a72, -a53). */
    if (d->key == KEY(3, 0, 1, 0, 0))
        reserved |= 1ull << 23;
    return ((o ^ u) & ~reserved) == 0;
}

/* Generic timer registers (CRn 14, CRm 2-3: CNTP/CNTV TVAL, CTL, CVAL):
 * TVAL and CTL.ISTATUS follow the counter, which is the instruction
 * count for ours and the host clock for Unicorn. Only the value read
 * differs. */
static bool timer_register_value(const dt_case_t *c)
{
    uint32_t key = SR_KEY(c->word);
    unsigned crn = (key >> 7) & 15, crm = (key >> 3) & 15;
    unsigned rt = c->suffix ? c->suffix & 31 : c->word & 31;
    return (key >> 11) == 0x1b && crn == 14 && (crm == 2 || crm == 3) &&
           only_rt_differs(c, rt);
}

/* Timer registers not yet in our tables (the timer module's): UNDEFINED
 * on ours; stops applying as soon as sysreg_find knows the encoding. */
static bool timer_register_missing(const dt_case_t *c)
{
    uint32_t key = SR_KEY(c->word);
    unsigned crn = (key >> 7) & 15, crm = (key >> 3) & 15;
    return ours_undef_uc_ran(c) && (key >> 11) == 0x1b && crn == 14 &&
           (crm == 2 || crm == 3) && !sysreg_find(key);
}

/* PMU event counters: Unicorn's CPUs have four (PMCR_EL0.N = 4), ours
 * none (N = 0): the counter-enable/overflow/interrupt bits P0-P3 are
 * RAZ/WI on ours, and PMXEVCNTR/PMXEVTYPER select no counter (RAZ/WI, one
 * of the CONSTRAINED UNPREDICTABLE choices for SEL >= N); Unicorn also
 * keeps the RES0 bits 63:32. Excused when only the read-back register
 * differs, outside bit 31 (C), ours holding 0 there (or all of it for
 * PMXEVCNTR/PMXEVTYPER). */
static bool pmu_event_counters(const dt_case_t *c)
{
    uint32_t key = SR_KEY(c->word);
    unsigned rt = c->suffix ? c->suffix & 31 : c->word & 31;
    unsigned crn = (key >> 7) & 15, crm = (key >> 3) & 15, op2 = key & 7;
    if ((key >> 11) != 0x18 && (key >> 11) != 0x1b)
        return false;
    if (crn != 9 || crm < 12 || !only_rt_differs(c, rt))
        return false;
    if (crm == 13 && (op2 == 1 || op2 == 2))
        return c->ours->st.x[rt] == 0 || (key >> 11) == 0x1b;
    uint64_t o = c->ours->st.x[rt], u = c->uc->st.x[rt];
    return ((o ^ u) & (1ull << 31)) == 0 && (o & ~(1ull << 31)) == 0;
}

/* MRS OSLAR_EL1 (also as the read-back after MSR): write-only, so the
 * MRS is UNDEFINED in the Arm ARM; QEMU 5.0 reads it. */
static bool oslar_read(const dt_case_t *c)
{
    return SR_KEY(c->word) == KEY(2, 0, 1, 0, 4) &&
           c->ours->outcome == DT_UNDEF && c->uc->outcome == DT_RETIRED;
}

/* LORSA/LOREA/LORN/LORC/LORID_EL1 (FEAT_LOR): Unicorn's max has it, our
 * models do not advertise it (ID_AA64MMFR1_EL1.LO = 0). */
static bool no_lor(const dt_case_t *c)
{
    uint32_t key = SR_KEY(c->word);
    return ours_undef_uc_ran(c) && (key & ~7u) == KEY(3, 0, 10, 4, 0) &&
           ((key & 7) <= 3 || (key & 7) == 7);
}

/* Breakpoint and watchpoint registers beyond our model's count
 * (ID_AA64DFR0_EL1.BRPs/WRPs): UNDEFINED on ours, Unicorn's CPUs have
 * more. */
static bool debug_pair_beyond_model(const dt_case_t *c)
{
    return ours_undef_uc_ran(c) && ((c->word >> 7) & 1);
}

/* PMU registers (CRn 9, CRm 12-14; CRn 14, CRm 8-15): Unicorn's CPUs have
 * a PMUv3, our models advertise none (ID_AA64DFR0_EL1.PMUVer = 0), where
 * they are UNDEFINED. */
static bool pmu_register(const dt_case_t *c)
{
    uint32_t key = SR_KEY(c->word);
    unsigned crn = (key >> 7) & 15, crm = (key >> 3) & 15;
    /* With the MRS read-back, Unicorn may run the MSR and refuse the MRS. */
    bool uc_ran = ours_undef_uc_ran(c) ||
                  (c->ours->outcome == DT_UNDEF && c->uc->outcome == DT_UNDEF &&
                   c->suffix && c->uc->st.pc == c->ours->st.pc + 4);
    return uc_ran && ((crn == 9 && crm >= 12) || (crn == 14 && crm >= 8));
}

/* IMPLEMENTATION DEFINED registers (op0 3, CRn 11 or 15): Unicorn models
 * Cortex-A57's (L2CTLR_EL1, L2ECTLR_EL1, CBAR_EL1, CPUACTLR, ...) on its
 * CPUs; our models have none, so they are UNDEFINED. */
static bool impdef_register(const dt_case_t *c)
{
    unsigned crn = (SR_KEY(c->word) >> 7) & 15;
    return ours_undef_uc_ran(c) && (crn == 11 || crn == 15);
}

/* PSTATE.BTYPE (bits 11:10): Unicorn's max has FEAT_BTI (BR/BLR set it,
 * ERET restores it), our model does not advertise it
 * (ID_AA64PFR1_EL1.BT = 0), so the field does not exist. */
static bool btype_without_bti(const dt_case_t *c)
{
    dt_state_t u = c->uc->st;
    if ((c->pfr1 & 0xf) != 0 || (c->ours->st.pstate & 0xc00) ||
        c->ours->outcome != c->uc->outcome || (c->diff & DIFF_MEM))
        return false;
    u.pstate &= ~0xc00ull;
    return memcmp(&u, &c->ours->st, sizeof(u)) == 0;
}

/* ERET with SPSR_EL1.M[4] = 1: a return to AArch32, which our models do
 * not implement at any EL, so it is an illegal exception return (Arm ARM
 * IllegalExceptionReturn: the target Execution state is not implemented):
 * PSTATE.IL set, EL and SP unchanged, PC = ELR_EL1. Unicorn's CPUs have
 * AArch32 at EL0 and EL1 and return there. */
static bool eret_to_aarch32(const dt_case_t *c)
{
    uint64_t p = c->ours->st.pstate;
    return (c->init->spsr_el1 & 0x10) && (p & (1u << 20)) &&
           (p & 0xf) == (c->init->pstate & 0xf) &&
           c->ours->st.pc == c->init->elr_el1;
}

/* ERET to EL1t from EL1: legal (IllegalExceptionReturn has no rule
 * against it); QEMU 5.0 as in Unicorn treats it as illegal. Ours went to
 * EL1t at ELR_EL1. */
static bool eret_to_el1t(const dt_case_t *c)
{
    uint64_t p = c->ours->st.pstate;
    return (c->init->spsr_el1 & 0x1f) == 0x4 && (p & 0xf) == 0x4 &&
           c->ours->st.pc == c->init->elr_el1 && (c->uc->st.pstate & (1u << 20));
}

/* ERET restores the PSTATE bits of the features the CPU has: Unicorn's
 * max has FEAT_UAO and FEAT_BTI (BTYPE), which our model does not
 * advertise, and lacks FEAT_SSBS, which ours has. Excused when PSTATE
 * differs only there, ours without UAO/BTYPE and with SPSR's SSBS. */
static bool eret_feature_bits(const dt_case_t *c)
{
    dt_state_t u = c->uc->st;
    uint64_t uao = 1u << 23, btype = 0xc00, ssbs = 1u << 12;
    uint64_t p = c->ours->st.pstate;
    if ((p & (uao | btype)) || (c->diff & DIFF_MEM) ||
        (!(p & (1u << 20)) && (p & ssbs) != (c->init->spsr_el1 & ssbs)))
        return false;
    u.pstate = (u.pstate & ~(uao | btype | ssbs)) | (p & ssbs);
    return memcmp(&u, &c->ours->st, sizeof(u)) == 0;
}

/* Illegal exception return: the Arm ARM (SetPSTATEFromPSR) restores
 * NZCV, DAIF and PAN whether or not the return is legal; QEMU 5.0 keeps
 * the old PAN. Excused when only PSTATE.PAN differs and ours is SPSR's. */
static bool illegal_eret_pan(const dt_case_t *c)
{
    dt_state_t u = c->uc->st;
    uint64_t pan = 1u << 22;
    if (!(c->ours->st.pstate & (1u << 20)) || !(u.pstate & (1u << 20)) ||
        (c->ours->st.pstate & pan) != (c->init->spsr_el1 & pan) ||
        (c->diff & DIFF_MEM))
        return false;
    u.pstate = (u.pstate & ~pan) | (c->ours->st.pstate & pan);
    return memcmp(&u, &c->ours->st, sizeof(u)) == 0;
}

/* AT with stage 1 off: the result is Device-nGnRnE (ATTR 0x00) and the
 * Arm ARM reports Device memory as Outer Shareable in PAR_EL1.SH (0b10);
 * QEMU 5.0 reports SH = 0b00. Excused when only PAR.SH differs. */
static bool at_par_device_sh(const dt_case_t *c)
{
    dt_state_t u = c->uc->st;
    uint64_t o = c->ours->st.par_el1, sh = 3u << 7;
    if ((o & 1) || (o >> 56) != 0 || (o & sh) != (2u << 7) ||
        (c->diff & DIFF_MEM))
        return false;
    u.par_el1 = (u.par_el1 & ~sh) | (o & sh);
    return memcmp(&u, &c->ours->st, sizeof(u)) == 0;
}

/* AT S1E1RP/S1E1WP (FEAT_PAN2): Unicorn's max has it, our model's
 * ID_AA64MMFR1_EL1.PAN is below 2. */
static bool no_pan2(const dt_case_t *c)
{
    return ours_undef_uc_ran(c);
}

/* SYS with op1 != 3 (AT, TLBI, DC by set/way, DC IVAC, IC IALLU) at EL1:
 * these are the MMU's operations (mmu_sysops); until our tables have an
 * entry for the encoding, ours reports it UNDEFINED. The entry stops
 * applying by itself as the table fills. */
static bool sysop_not_in_our_tables(const dt_case_t *c)
{
    return ours_undef_uc_ran(c) && ((c->word >> 16) & 7) != 3 &&
           !sysreg_find(SR_KEY(c->word) & 0xffff);
}

/* ---- features Unicorn's "max" has and our model does not advertise ---- */

#define FEATURE_GAP(fn, reg, shift, min)                                     \
    static bool fn(const dt_case_t *c)                                       \
    {                                                                        \
        return ours_undef_uc_ran(c) &&                                       \
               ((c->reg >> (shift)) & 0xf) < (min);                          \
    }
FEATURE_GAP(no_sb, isar1, 36, 1)
FEATURE_GAP(no_flagm, isar0, 52, 1)
FEATURE_GAP(no_flagm2, isar0, 52, 2)
FEATURE_GAP(no_rng, isar0, 60, 1)
FEATURE_GAP(no_dit, pfr0, 48, 1)
FEATURE_GAP(no_specres, isar1, 40, 1)
FEATURE_GAP(no_dpb, isar1, 0, 1)
FEATURE_GAP(no_dpb2, isar1, 0, 2)

/* FJCVTZS of a denormal with FPCR.FZ = 1: FPToFixedJS flushes the input to
 * zero, and a zero that came from a nonzero fraction clears Z. QEMU before
 * 9.0.2 (issue 2375) sets Z. Excused when only NZCV differs, ours holding
 * 0 and Unicorn Z. */
static bool fjcvtzs_flushed_denormal(const dt_case_t *c)
{
    uint64_t d;
    memcpy(&d, c->init->v[(c->word >> 5) & 31], 8);
    dt_state_t o = c->ours->st, u = c->uc->st;
    if (c->ours->outcome != DT_RETIRED || c->uc->outcome != DT_RETIRED ||
        !(c->init->fpcr & (1u << 24)) || (d & 0x7ff0000000000000ull) != 0 ||
        (d & 0x000fffffffffffffull) == 0 || o.nzcv != 0 ||
        u.nzcv != 0x40000000u)
        return false;
    u.nzcv = 0;
    return memcmp(&o, &u, sizeof(o)) == 0 && !(c->diff & DIFF_MEM);
}

/* FCVTZS (scalar, fixed-point) of a half: the Arm ARM writes a 16-bit
 * element and zeroes the rest of the register; QEMU 5.0 writes the signed
 * result sign-extended to 32 bits. Excused when only Vd differs and
 * Unicorn's Vd is ours with bits 31:16 copies of bit 15. */
static bool fcvtzs_half_scalar_sign_extended(const dt_case_t *c)
{
    unsigned rd = c->word & 31;
    dt_state_t o = c->ours->st, u = c->uc->st;
    if (c->ours->outcome != DT_RETIRED || c->uc->outcome != DT_RETIRED ||
        (c->diff & DIFF_MEM) || !(o.v[rd][1] & 0x80) || o.v[rd][2] ||
        o.v[rd][3] || u.v[rd][2] != 0xff || u.v[rd][3] != 0xff)
        return false;
    u.v[rd][2] = u.v[rd][3] = 0;
    return memcmp(&o, &u, sizeof(o)) == 0;
}

FEATURE_GAP(no_fhm, isar0, 48, 1)

/* FEAT_UAO: our models do not advertise it (the difftest sees it through
 * the PSTATE bits our model implements: UAO never appears in ours). */
static bool no_uao(const dt_case_t *c)
{
    return ours_undef_uc_ran(c);
}

/* Modified immediate with op = 1 and cmode = 1111: only Q = 1, o2 = 0
 * (FMOV Vd.2D) is allocated. */
static bool fmov_vimm_unallocated(const dt_case_t *c)
{
    return ours_undef_uc_ran(c) &&
           (!((c->word >> 30) & 1) || ((c->word >> 11) & 1));
}

/* ---- the table -------------------------------------------------------------- */

static const dt_known_t known[] = {
    /* -- Unicorn aborts -- */
    {.mask = 0x9f60c400u, .value = 0x0e400400u,
     .applies = fp16_three_same_unallocated, .peer_crashes = true,
     .reason = "Unicorn aborts (g_assert_not_reached) on unallocated AdvSIMD "
               "three-same FP16 encodings instead of making them UNDEFINED."},
    {.mask = 0x9f7e0c00u, .value = 0x0e780800u,
     .applies = fp16_two_reg_misc_crash, .peer_crashes = true,
     .reason = "Unicorn aborts (g_assert_not_reached) on unallocated AdvSIMD "
               "two-register-misc FP16 (vector) encodings."},
    {.mask = 0xdf7e0c00u, .value = 0x5e780800u,
     .applies = fp16_two_reg_misc_crash, .peer_crashes = true,
     .reason = "Unicorn aborts (g_assert_not_reached) on unallocated AdvSIMD "
               "scalar two-register-misc FP16 encodings."},
    {.mask = 0xffdff000u, .value = 0xd5182000u, .applies = pauth_key_register,
     .peer_crashes = true,
     .reason = "Unicorn aborts (assertion in access_check_cp_reg) on MSR/MRS "
               "of the pointer-authentication key registers; they are EL1 "
               "registers, UNDEFINED at EL0."},
    {.mask = 0xfff8fee0u, .value = 0xd5181040u, .applies = sve_control_write,
     .peer_crashes = true, .ours_runs = true,
     .reason = "Unicorn aborts (assertion in sve_zcr_get_valid_len) on some "
               "writes of CPACR_EL1/CPTR_ELx; EL1+ registers, UNDEFINED at "
               "EL0, CPACR_EL1 written at EL1."},
    {.mask = 0xfffff080u, .value = 0xd5100080u, .peer_crashes = true,
     .ours_runs = true,
     .reason = "Unicorn crashes (SIGSEGV) on some writes of the breakpoint "
               "and watchpoint registers DBGB[CV]Rn_EL1/DBGW[CV]Rn_EL1; EL1 "
               "registers, UNDEFINED at EL0, written at EL1 when the model "
               "has the breakpoint (ID_AA64DFR0_EL1.BRPs/WRPs)."},
    {.mask = 0xffd8ffe0u, .value = 0xd5181200u, .peer_crashes = true,
     .reason = "Unicorn aborts (assertion in sve_zcr_get_valid_len) on some "
               "writes of ZCR_ELx; ZCR_ELx are EL1+ registers, UNDEFINED at "
               "EL0."},

    /* -- design decisions of libarm64emu's API -- */
    {.mask = 0xffe0001fu, .value = 0xd4400000u, .applies = ours_hlt_uc_undef,
     .reason = "HLT: Unicorn (QEMU 5.0) has no halting debug and makes HLT "
               "UNDEFINED, as the Arm ARM does when halting is disabled; "
               "libarm64emu reports ARM64EMU_EXIT_HLT to the host by design."},

    /* -- Unicorn contradicts the Arm ARM -- */
    {.applies = partial_store_before_fault,
     .reason = "Store faulting on an unmapped byte: Unicorn (QEMU) performs "
               "the bytes before the fault; the Arm ARM leaves memory written "
               "by an aborted multi-access or misaligned store UNKNOWN "
               "(partial writes allowed). libarm64emu checks every byte first "
               "and writes nothing."},
    {.applies = missed_alignment_fault,
     .reason = "Misaligned exclusive, load-acquire/store-release or atomic "
               "access: the Arm ARM (Mem[], AArch64.CheckAlignment, before "
               "translation; ExclusiveMonitorsPass before the monitor check) "
               "raises an alignment fault. Unicorn 2.0.1 performs LDAR/STLR/"
               "LDAPR and LSE atomics unaligned, fails a store-exclusive "
               "without checking, and reports an unmapped access first."},
    {.mask = 0x3f800000u, .value = 0x08000000u,
     .applies = failed_store_exclusive_no_fault,
     .reason = "Store-exclusive with the monitor open (no matching load-"
               "exclusive) to an unmapped address: the Arm ARM pseudocode "
               "(AArch64.ExclusiveMonitorsPass) returns 'failed' before "
               "translating the address, so there is no abort; Unicorn "
               "accesses memory first and faults."},
    {.mask = 0xfffff0e0u, .value = 0xd50b7020u, .applies = cmo_address_size_fault,
     .reason = "DC CVAC/CVAU/CIVAC/CVAP/CVADP and IC IVAU of a VA wider "
               "than the PA size with stage 1 off: the Arm ARM translates "
               "the VA (AArch64.S1DisabledOutput) and raises an Address "
               "size fault (a Data Abort with CM=1); Unicorn performs no "
               "translation for these and retires them."},
    {.mask = 0xffffffe0u, .value = 0xd50b7420u, .applies = dc_zva_fault_pc,
     .reason = "DC ZVA faulting on unmapped memory: Unicorn leaves the PC "
               "after the instruction (its helper does not restore it); the "
               "Arm ARM takes the abort with the PC at the DC ZVA."},
    {.mask = 0x3f208c00u, .value = 0x38200000u, .applies = lse_minmax_extension,
     .reason = "LDSMAX/LDSMIN/LDUMAX/LDUMIN (B/H/W): QEMU 5.0 compares the "
               "full 64-bit Rs with the loaded value instead of size-bit "
               "signed/unsigned values (fixed in later QEMU); ours matches "
               "the Arm ARM result, which the predicate recomputes."},

    {.mask = 0xffdfffe0u, .value = 0xd51b42c0u, .applies = ours_ran_uc_undef,
     .reason = "MSR/MRS SSBS: max advertises FEAT_SSBS (ID_AA64PFR1_EL1.SSBS "
               "= 1); Unicorn 2.0.1's CPU does not have it."},
    {.mask = 0xfffff0ffu, .value = 0xd503403fu, .applies = ours_ran_uc_undef,
     .reason = "MSR SSBS, #imm: max advertises FEAT_SSBS; Unicorn 2.0.1's CPU "
               "does not have it."},

    {.mask = 0xffffffc0u, .value = 0xd51b4400u, .applies = fp_control_res0,
     .reason = "MSR FPCR/FPSR: FPSR.NZCV and FPCR.Len/Stride are RES0 without "
               "AArch32, FPCR.FZ16 without FEAT_FP16; Unicorn's max CPU has "
               "both and keeps the bits, our model has neither."},
    {.mask = 0xfffffe00u, .value = 0xd53be000u, .applies = counter_value,
     .reason = "CNTFRQ_EL0/CNTPCT_EL0/CNTVCT_EL0: libarm64emu's counter is "
               "derived from the instruction count, Unicorn's from the host "
               "clock."},

    /* -- registers, PSTATE and exception return at EL1 -- */
    {.mask = 0xffd00000u, .value = 0xd5100000u, .applies = model_register_value,
     .reason = "MRS of an identification register (MIDR, MPIDR, REVIDR, the "
               "ID space, CTR, CLIDR, CCSIDR, AIDR, PMCR_EL0, PMCEID0/1): the "
               "values are the CPU model's; ours are not Unicorn's."},
    {.mask = 0xfff8f000u, .value = 0xd5380000u, .applies = id_space_raz,
     .reason = "MRS of an unassigned ID-space encoding (op0 3, op1 0, CRn 0, "
               "CRm 1-7): RAZ at EL1 per the Arm ARM (reserved ID registers); "
               "QEMU 5.0 makes some of them UNDEFINED."},
    {.mask = 0xffd80000u, .value = 0xd5100000u,
     .applies = debug_register_missing_in_peer,
     .reason = "OSECCR_EL1, DBGCLAIMSET_EL1, DBGCLAIMCLR_EL1, "
               "DBGAUTHSTATUS_EL1, DBGPRCR_EL1: part of every Armv8.0 debug implementation "
               "(Arm ARM D2/H9); QEMU 5.0 does not model them (UNDEFINED)."},
    {.mask = 0xffd80000u, .value = 0xd5180000u, .applies = pmu_register,
     .reason = "PMU registers: Unicorn's CPUs have a PMUv3; our models "
               "advertise none (ID_AA64DFR0_EL1.PMUVer = 0), so they are "
               "UNDEFINED."},
    {.mask = 0xffd80000u, .value = 0xd5180000u, .applies = impdef_register,
     .reason = "IMPLEMENTATION DEFINED registers (CRn 11, 15): Unicorn models "
               "Cortex-A57's (L2CTLR_EL1, CBAR_EL1, ...); our models have "
               "none (UNDEFINED)."},
    {.applies = btype_without_bti,
     .reason = "PSTATE.BTYPE: Unicorn's max has FEAT_BTI (BR/BLR set BTYPE, "
               "ERET restores it); our model does not advertise it "
               "(ID_AA64PFR1_EL1.BT = 0), so BTYPE stays 0."},
    {.mask = 0xffffffffu, .value = 0xd69f03e0u, .applies = eret_to_aarch32,
     .reason = "ERET with SPSR.M[4] = 1: our models are AArch64-only, so the "
               "return is illegal (PSTATE.IL, EL unchanged); Unicorn's CPUs "
               "have AArch32 at EL0/EL1 and return to it."},
    {.mask = 0xffffffffu, .value = 0xd69f03e0u, .applies = eret_to_el1t,
     .reason = "ERET from EL1 to EL1t: a legal return in the Arm ARM "
               "(IllegalExceptionReturn); QEMU 5.0 (Unicorn) treats it as "
               "illegal."},
    {.mask = 0xffffffffu, .value = 0xd69f03e0u, .applies = illegal_eret_pan,
     .reason = "Illegal ERET: SetPSTATEFromPSR restores PSTATE.PAN from SPSR "
               "on legal and illegal returns alike; QEMU 5.0 keeps the old "
               "PAN on an illegal return."},
    {.mask = 0xffd00000u, .value = 0xd5100000u, .applies = res0_bits_stored,
     .reason = "MSR then MRS: Unicorn keeps bits our table declares RES0 or "
               "RES1; the Arm ARM allows them to be RAZ/WI or RAO/WI (ours) "
               "or to hold what was written (glossary, RES0/RES1)."},
    {.mask = 0xffd80000u, .value = 0xd5180000u, .applies = timer_register_value,
     .reason = "CNTP/CNTV TVAL, CTL, CVAL: TVAL and CTL.ISTATUS follow the "
               "counter (instruction count for ours, host clock for "
               "Unicorn)."},
    {.mask = 0xffd80000u, .value = 0xd5180000u,
     .applies = timer_register_missing,
     .reason = "CNTP/CNTV TVAL, CTL, CVAL: not yet in our tables (the timer "
               "module's), UNDEFINED; stops applying once sysreg_find knows "
               "the encoding."},
    {.mask = 0xffd80000u, .value = 0xd5180000u, .applies = pmu_event_counters,
     .reason = "PMU event counters: Unicorn's CPUs have four (PMCR_EL0.N = "
               "4), our PMU models none (N = 0): P0-P3 bits RAZ/WI, "
               "PMXEVCNTR/PMXEVTYPER select no counter."},
    {.mask = 0xffdfffe0u, .value = 0xd5101080u, .applies = oslar_read,
     .reason = "MRS OSLAR_EL1: write-only, UNDEFINED in the Arm ARM; QEMU 5.0 "
               "reads it."},
    {.mask = 0xffdfff00u, .value = 0xd518a400u, .applies = no_lor,
     .reason = "LORSA/LOREA/LORN/LORC/LORID_EL1 (FEAT_LOR): not in our "
               "model's ID_AA64MMFR1_EL1; Unicorn's max has them."},
    {.mask = 0xffdff000u, .value = 0xd5100000u,
     .applies = debug_pair_beyond_model,
     .reason = "DBGBVRn/DBGBCRn/DBGWVRn/DBGWCRn beyond our model's "
               "ID_AA64DFR0_EL1.BRPs/WRPs: UNDEFINED; Unicorn's CPUs have "
               "more breakpoints and watchpoints."},
    {.mask = 0xffffffffu, .value = 0xd69f03e0u, .applies = eret_feature_bits,
     .reason = "ERET restores PSTATE.UAO (FEAT_UAO) and BTYPE (FEAT_BTI) on "
               "Unicorn's max, which our model lacks, and SSBS (FEAT_SSBS) on "
               "ours, which Unicorn's CPU lacks."},
    {.mask = 0xfffffe00u, .value = 0xd5087800u, .applies = at_par_device_sh,
     .reason = "AT S1E1x/S1E0x with the MMU off: Device-nGnRnE, reported "
               "Outer Shareable (PAR_EL1.SH = 0b10) as the Arm ARM says for "
               "Device memory; QEMU 5.0 reports SH = 0b00."},
    {.mask = 0xffffffc0u, .value = 0xd5087900u, .applies = no_pan2,
     .reason = "AT S1E1RP/S1E1WP (FEAT_PAN2): not in our model's "
               "ID_AA64MMFR1_EL1.PAN; Unicorn's max has it."},
    {.mask = 0xfff80000u, .value = 0xd5080000u,
     .applies = sysop_not_in_our_tables,
     .reason = "AT, TLBI, DC set/way, DC IVAC, IC IALLU(IS) at EL1: the MMU's "
               "operations, not yet in our tables (UNDEFINED); stops applying "
               "for each encoding once mmu_sysops has it."},
    {.mask = 0xfff8f0ffu, .value = 0xd500407fu, .applies = no_uao,
     .reason = "MSR UAO, #imm (FEAT_UAO): not in our model's "
               "ID_AA64MMFR2_EL1."},
    {.mask = 0xffdfffe0u, .value = 0xd5184280u, .applies = no_uao,
     .reason = "MSR/MRS UAO (FEAT_UAO): not in our model's ID_AA64MMFR2_EL1."},

    /* -- features Unicorn's max CPU has and our model does not advertise -- */
    {.mask = 0xffffffffu, .value = 0xd50330ffu, .applies = no_sb,
     .reason = "SB (FEAT_SB): not in our model's ID_AA64ISAR1_EL1, so "
               "UNDEFINED; Unicorn's max CPU implements it."},
    {.mask = 0xffffffffu, .value = 0xd500401fu, .applies = no_flagm,
     .reason = "CFINV (FEAT_FlagM): not in our model's ID_AA64ISAR0_EL1.TS."},
    {.mask = 0xffffffffu, .value = 0xd500403fu, .applies = no_flagm2,
     .reason = "XAFLAG (FEAT_FlagM2): not in our model's ID_AA64ISAR0_EL1.TS."},
    {.mask = 0xffffffffu, .value = 0xd500405fu, .applies = no_flagm2,
     .reason = "AXFLAG (FEAT_FlagM2): not in our model's ID_AA64ISAR0_EL1.TS."},
    {.mask = 0xffffffc0u, .value = 0xd53b2400u, .applies = no_rng,
     .reason = "MRS RNDR/RNDRRS (FEAT_RNG): not in our model's "
               "ID_AA64ISAR0_EL1."},
    {.mask = 0xfff8f0ffu, .value = 0xd503405fu, .applies = no_dit,
     .reason = "MSR DIT, #imm (FEAT_DIT): not in our model's ID_AA64PFR0_EL1."},
    {.mask = 0xffffff80u, .value = 0xd50b7380u, .applies = no_specres,
     .reason = "CFP/DVP/CPP RCTX (FEAT_SPECRES): not in our model's "
               "ID_AA64ISAR1_EL1."},
    {.mask = 0xffffffe0u, .value = 0xd50b7c20u, .applies = no_dpb,
     .reason = "DC CVAP (FEAT_DPB): not in our model's ID_AA64ISAR1_EL1."},
    {.mask = 0xffffffe0u, .value = 0xd50b7d20u, .applies = no_dpb2,
     .reason = "DC CVADP (FEAT_DPB2): not in our model's ID_AA64ISAR1_EL1."},
    {.mask = 0xffffffe0u, .value = 0xd51b42a0u, .applies = no_dit,
     .reason = "MSR DIT, Xt (FEAT_DIT): not in our model's ID_AA64PFR0_EL1."},
    {.mask = 0xffffffe0u, .value = 0xd53b42a0u, .applies = no_dit,
     .reason = "MRS Xt, DIT (FEAT_DIT): not in our model's ID_AA64PFR0_EL1."},
    {.mask = 0xfffffc00u, .value = 0x1e7e0000u,
     .applies = fjcvtzs_flushed_denormal,
     .reason = "FJCVTZS of a denormal with FPCR.FZ=1: the Arm ARM's "
               "FPToFixedJS flushes it to zero and clears Z (sign 0, value "
               "0.0, fraction nonzero); QEMU 5.0 sets Z (fixed in QEMU 9.0.2, "
               "issue 2375)."},
    {.mask = 0xfffffc00u, .value = 0x7ef8f800u, .applies = ours_undef_uc_ran,
     .reason = "AdvSIMD scalar two-register misc FP16 with U=1 a=1 opcode "
               "01111 (the vector FNEG slot): unallocated in the Arm ARM "
               "(there is no scalar FNEG); QEMU 5.0 executes it."},
    {.mask = 0xff7fcc00u, .value = 0x5e70c800u, .applies = ours_undef_uc_ran,
     .reason = "FMAXNMP/FADDP/FMAXP/FMINNMP/FMINP (scalar, half) with bit 22 "
               "set: the FP16 encoding fixes sz = 0, so it is unallocated; "
               "QEMU 5.0 ignores the bit and executes it."},
    {.mask = 0xbf7fcc00u, .value = 0x0e70c800u, .applies = ours_undef_uc_ran,
     .reason = "FMAXNMV/FMAXV/FMINNMV/FMINV (half) with bit 22 set: the FP16 "
               "encoding fixes sz = 0, so it is unallocated; QEMU 5.0 ignores "
               "the bit and executes it."},
    {.mask = 0xfff0fc00u, .value = 0x5f10fc00u,
     .applies = fcvtzs_half_scalar_sign_extended,
     .reason = "FCVTZS Hd, Hn, #fbits: the Arm ARM writes the 16-bit result "
               "and zeroes bits 127:16; QEMU 5.0 writes it sign-extended to "
               "32 bits."},
    {.mask = 0xbf60fc00u, .value = 0x0e20ec00u, .applies = no_fhm,
     .reason = "FMLAL/FMLSL (vector) (FEAT_FHM): not in our model's "
               "ID_AA64ISAR0_EL1."},
    {.mask = 0xbf60fc00u, .value = 0x2e20cc00u, .applies = no_fhm,
     .reason = "FMLAL2/FMLSL2 (vector) (FEAT_FHM): not in our model's "
               "ID_AA64ISAR0_EL1."},
    {.mask = 0xbff8f400u, .value = 0x2f00f400u, .applies = fmov_vimm_unallocated,
     .reason = "AdvSIMD modified immediate, op=1 cmode=1111 with Q=0 or o2=1: "
               "unallocated in the Arm ARM (FMOV Vd.2D needs Q=1, o2=0); "
               "QEMU 5.0 executes it as a double-precision FMOV."},
};

unsigned dt_known_count(void) { return sizeof(known) / sizeof(known[0]); }

const dt_known_t *dt_known_entry(unsigned i)
{
    return i < dt_known_count() ? &known[i] : NULL;
}

const dt_known_t *dt_known_crash(const char *cls, uint32_t word,
                                 unsigned *index)
{
    dt_case_t c = {.cls = cls, .word = word};
    for (unsigned i = 0; i < dt_known_count(); i++) {
        const dt_known_t *k = &known[i];
        if (!k->peer_crashes || (k->cls && strcmp(k->cls, cls) != 0) ||
            (word & k->mask) != k->value || (k->applies && !k->applies(&c)))
            continue;
        *index = i;
        return k;
    }
    return NULL;
}

const dt_known_t *dt_known_match(const dt_case_t *c, unsigned *index)
{
    for (unsigned i = 0; i < dt_known_count(); i++) {
        const dt_known_t *k = &known[i];
        if (k->peer_crashes)
            continue;
        if (k->cls && strcmp(k->cls, c->cls) != 0)
            continue;
        if ((c->word & k->mask) != k->value)
            continue;
        if (k->applies && !k->applies(c))
            continue;
        *index = i;
        return k;
    }
    return NULL;
}
