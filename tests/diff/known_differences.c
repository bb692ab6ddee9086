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

/* ---- predicates ------------------------------------------------------------ */

static bool ours_hlt_uc_undef(const dt_case_t *c)
{
    return c->ours->outcome == DT_HLT && c->uc->outcome == DT_UNDEF;
}

static bool ours_hvc_uc_undef(const dt_case_t *c)
{
    return c->ours->outcome == DT_HVC && c->uc->outcome == DT_UNDEF;
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

/* ---- EL0 (ours) against EL1 (Unicorn) ---- */

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

/* Registers EL0 cannot access with EL1's controls at their reset values:
 * everything with op1 != 3 (EL1 and higher), the debug registers (op0 = 2),
 * and among the op1 = 3 ones DAIF (SCTLR_EL1.UMA), the PMU
 * (PMUSERENR_EL0), the EL0 timers' control registers (CNTKCTL_EL1),
 * the activity monitors and the debug-state DSPSR/DLR. Unicorn, at EL1,
 * accesses them. */
static bool sysreg_el1_only(const dt_case_t *c)
{
    uint32_t w = c->word;
    if (!ours_undef_uc_ran(c))
        return false;
    unsigned op0 = SR_OP0(w), op1 = SR_OP1(w), crn = SR_CRN(w),
             crm = SR_CRM(w), op2 = SR_OP2(w);
    if (op0 == 2 || op1 != 3)
        return true;
    if (crn == 4 && crm == 2 && op2 == 1) /* DAIF */
        return true;
    if (crn == 4 && crm == 5)             /* DSPSR_EL0, DLR_EL0 */
        return true;
    if (crn == 9 && crm >= 12)            /* PMU */
        return true;
    if (crn == 14 && (crm == 2 || crm == 3 || crm >= 8)) /* timers, PMU */
        return true;
    if (crn == 13 && crm >= 2)            /* AMU */
        return true;
    return false;
}

/* MSR to a register EL0 may only read (TPIDRRO_EL0, CNTFRQ_EL0): EL1 may
 * write it. */
static bool el0_read_only(const dt_case_t *c)
{
    return ours_undef_uc_ran(c);
}

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
    return memcmp(&o, &u, sizeof(o)) == 0 && !(c->diff & DIFF_MEM);
}

/* Counter and frequency registers: our clock is the instruction count,
 * Unicorn's the host clock. */
static bool counter_value(const dt_case_t *c)
{
    return c->ours->outcome == DT_RETIRED && c->uc->outcome == DT_RETIRED &&
           (c->diff & ~DIFF_REGS) == 0;
}

/* MSR (immediate) to PSTATE fields EL0 may not write: SPSel, PAN, UAO
 * (op1 = 0, op2 = 3..5) and DAIFSet/DAIFClr (op1 = 3, op2 = 6, 7) with
 * SCTLR_EL1.UMA = 0. */
static bool pstate_el1_only(const dt_case_t *c)
{
    uint32_t w = c->word;
    unsigned op1 = SR_OP1(w), op2 = SR_OP2(w);
    if (!ours_undef_uc_ran(c))
        return false;
    return (op1 == 0 && op2 >= 3 && op2 <= 5) ||
           (op1 == 3 && op2 >= 6);
}

/* SYS with op1 != 3: AT, TLBI, and the set/way and invalidate DC ops are
 * EL1 operations. */
static bool sys_el1_only(const dt_case_t *c)
{
    return ours_undef_uc_ran(c) && SR_OP1(c->word) != 3;
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
     .peer_crashes = true,
     .reason = "Unicorn aborts (assertion in sve_zcr_get_valid_len) on some "
               "writes of CPACR_EL1/CPTR_ELx; EL1+ registers, UNDEFINED at "
               "EL0."},
    {.mask = 0xfffff080u, .value = 0xd5100080u, .peer_crashes = true,
     .reason = "Unicorn crashes (SIGSEGV) on some writes of the breakpoint "
               "and watchpoint registers DBGB[CV]Rn_EL1/DBGW[CV]Rn_EL1; EL1 "
               "registers, UNDEFINED at EL0."},
    {.mask = 0xffd8ffe0u, .value = 0xd5181200u, .peer_crashes = true,
     .reason = "Unicorn aborts (assertion in sve_zcr_get_valid_len) on some "
               "writes of ZCR_ELx; ZCR_ELx are EL1+ registers, UNDEFINED at "
               "EL0."},

    /* -- design decisions of libarm64emu's API -- */
    {.mask = 0xffe0001fu, .value = 0xd4400000u, .applies = ours_hlt_uc_undef,
     .reason = "HLT: Unicorn (QEMU 5.0) has no halting debug and makes HLT "
               "UNDEFINED, as the Arm ARM does when halting is disabled; "
               "libarm64emu reports ARM64EMU_EXIT_HLT to the host by design."},
    {.mask = 0xffe0001fu, .value = 0xd4000002u, .applies = ours_hvc_uc_undef,
     .reason = "HVC: Unicorn runs at EL1 with SCR_EL3.HCE=0, where HVC is "
               "UNDEFINED (at EL0 it is UNDEFINED too); libarm64emu reports "
               "ARM64EMU_EXIT_HVC to the host by design (host calls)."},

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

    /* -- Unicorn runs at EL1, libarm64emu models EL0 -- */
    {.mask = 0xffd00000u, .value = 0xd5100000u, .applies = sysreg_el1_only,
     .reason = "MSR/MRS of a register EL0 cannot access (op1 != 3, debug, "
               "DAIF with SCTLR_EL1.UMA=0, PMU, EL0 timer controls, AMU): "
               "UNDEFINED (trapped) at EL0, accessible at Unicorn's EL1."},
    {.mask = 0xffffffe0u, .value = 0xd51bd060u, .applies = el0_read_only,
     .reason = "MSR TPIDRRO_EL0: read-only at EL0 (UNDEFINED), writable at "
               "Unicorn's EL1."},
    {.mask = 0xffffffe0u, .value = 0xd51be000u, .applies = el0_read_only,
     .reason = "MSR CNTFRQ_EL0: read-only at EL0 (UNDEFINED), writable at "
               "Unicorn's EL1."},
    {.mask = 0xffffffc0u, .value = 0xd51b4400u, .applies = fp_control_res0,
     .reason = "MSR FPCR/FPSR: FPSR.NZCV and FPCR.Len/Stride are RES0 without "
               "AArch32, FPCR.FZ16 without FEAT_FP16; Unicorn's max CPU has "
               "both and keeps the bits, our model has neither."},
    {.mask = 0xfffffe00u, .value = 0xd53be000u, .applies = counter_value,
     .reason = "CNTFRQ_EL0/CNTPCT_EL0/CNTVCT_EL0: libarm64emu's counter is "
               "derived from the instruction count, Unicorn's from the host "
               "clock."},
    {.mask = 0xffffffffu, .value = 0xd69f03e0u, .applies = ours_undef_uc_ran,
     .reason = "ERET: UNDEFINED at EL0; Unicorn returns from EL1."},
    {.mask = 0xfff8f01fu, .value = 0xd500401fu, .applies = pstate_el1_only,
     .reason = "MSR SPSel/PAN/UAO/DAIFSet/DAIFClr, #imm: UNDEFINED (or trapped "
               "with SCTLR_EL1.UMA=0) at EL0, executed at Unicorn's EL1."},
    {.mask = 0xfff80000u, .value = 0xd5080000u, .applies = sys_el1_only,
     .reason = "SYS with op1 != 3 (AT, TLBI, DC by set/way, DC IVAC): EL1 "
               "operations, UNDEFINED at EL0, executed at Unicorn's EL1."},

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
