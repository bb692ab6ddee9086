/* The bit-exact floating-point core: the Arm ARM's FP pseudocode (FPUnpack,
 * FPRound, FPProcessNaNs, FPAdd, FPMulAdd, FPToFixed, FPRecipEstimate...)
 * written once for half, single and double precision.
 *
 * Operands and results are raw encodings in the low bits of a uint64_t.
 * Every operation reads FPCR from env->fpcr and ORs the FPSR cumulative
 * exception bits it raises into env->exc; the caller adds them to FPSR.
 * No host floating point is used: values are unpacked to sign, exponent
 * and integer mantissa, computed exactly in 128-bit integers (with a sticky
 * bit where a result is not representable) and rounded by one FPRound.
 */
#ifndef ARM64EMU_FPU_H
#define ARM64EMU_FPU_H

#include <stdbool.h>
#include <stdint.h>

/* Precision selector: element size log2 minus 1. */
enum { FP_H = 0, FP_S = 1, FP_D = 2 };

#define FPCR_AHP (1u << 26)
#define FPCR_DN (1u << 25)
#define FPCR_FZ (1u << 24)
#define FPCR_RMODE_SHIFT 22
#define FPCR_FZ16 (1u << 19)

#define FPSR_IOC (1u << 0)
#define FPSR_DZC (1u << 1)
#define FPSR_OFC (1u << 2)
#define FPSR_UFC (1u << 3)
#define FPSR_IXC (1u << 4)
#define FPSR_IDC (1u << 7)
#define FPSR_QC (1u << 27)

/* FPRounding; the first four match FPCR.RMode. */
typedef enum fp_rounding {
    FPR_TIEEVEN = 0,
    FPR_POSINF = 1,
    FPR_NEGINF = 2,
    FPR_ZERO = 3,
    FPR_TIEAWAY = 4,
    FPR_ODD = 5
} fp_rounding_t;

typedef struct fp_env {
    uint32_t fpcr; /* FPCR in force */
    uint32_t exc;  /* FPSR cumulative bits raised */
} fp_env_t;

static inline fp_rounding_t fp_rmode(uint32_t fpcr)
{
    return (fp_rounding_t)((fpcr >> FPCR_RMODE_SHIFT) & 3);
}

/* Arithmetic (FPAdd, FPSub, FPMul, FPDiv, FPMulX, FPMax, FPMin, FPMaxNum,
 * FPMinNum, FPSqrt, FPMulAdd(addend, op1, op2), FPRecipStepFused,
 * FPRSqrtStepFused, FPRecpX, FPRecipEstimate, FPRSqrtEstimate). */
uint64_t fp_add(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
uint64_t fp_sub(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
uint64_t fp_mul(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
uint64_t fp_div(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
uint64_t fp_mulx(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
uint64_t fp_max(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
uint64_t fp_min(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
uint64_t fp_maxnm(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
uint64_t fp_minnm(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
uint64_t fp_sqrt(unsigned sz, uint64_t a, fp_env_t *env);
uint64_t fp_muladd(unsigned sz, uint64_t addend, uint64_t a, uint64_t b,
                   fp_env_t *env);
/* FPMulAddH: single-precision addend plus the product of two halves,
 * rounded once to single (FMLAL/FMLSL). */
uint64_t fp_muladd_h(uint64_t addend, uint64_t a, uint64_t b, fp_env_t *env);
uint64_t fp_recps(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
uint64_t fp_rsqrts(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
uint64_t fp_recpx(unsigned sz, uint64_t a, fp_env_t *env);
uint64_t fp_recip_estimate(unsigned sz, uint64_t a, fp_env_t *env);
uint64_t fp_rsqrt_estimate(unsigned sz, uint64_t a, fp_env_t *env);

/* UnsignedRecipEstimate / UnsignedRSqrtEstimate (URECPE, URSQRTE). */
uint32_t fp_unsigned_recip_estimate(uint32_t a);
uint32_t fp_unsigned_rsqrt_estimate(uint32_t a);

/* FPAbs / FPNeg: sign bit only, never an exception. */
static inline uint64_t fp_sign_bit(unsigned sz) { return 1ull << ((16u << sz) - 1); }
static inline uint64_t fp_abs(unsigned sz, uint64_t a) { return a & ~fp_sign_bit(sz); }
static inline uint64_t fp_neg(unsigned sz, uint64_t a) { return a ^ fp_sign_bit(sz); }

/* FPCompare: the NZCV nibble (in bits 3:0). signal_nans: FCMPE. */
unsigned fp_compare(unsigned sz, uint64_t a, uint64_t b, bool signal_nans,
                    fp_env_t *env);
/* FPCompareEQ / GE / GT (the SIMD compares). */
bool fp_compare_eq(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
bool fp_compare_ge(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);
bool fp_compare_gt(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env);

/* FPRoundInt(op, rounding, exact) and FPRoundIntN(op, rounding, intsize). */
uint64_t fp_round_int(unsigned sz, uint64_t a, fp_rounding_t rounding,
                      bool exact, fp_env_t *env);
uint64_t fp_round_int_n(unsigned sz, uint64_t a, fp_rounding_t rounding,
                        unsigned intsize, fp_env_t *env);

/* FPConvert between precisions (AHP and FPUnpackCV/FPRoundCV rules). */
uint64_t fp_convert(unsigned from, unsigned to, uint64_t a,
                    fp_rounding_t rounding, fp_env_t *env);

/* FPToFixed: to an intbits-bit (32 or 64) integer with fbits fraction
 * bits, saturating (IOC on NaN or overflow). The result is zero-extended
 * from intbits. */
uint64_t fp_to_fixed(unsigned sz, uint64_t a, unsigned fbits, bool is_unsigned,
                     unsigned intbits, fp_rounding_t rounding, fp_env_t *env);
/* FixedToFP: from the low intbits bits of v. */
uint64_t fp_from_fixed(unsigned sz, uint64_t v, unsigned fbits,
                       bool is_unsigned, unsigned intbits,
                       fp_rounding_t rounding, fp_env_t *env);
/* FPToFixedJS (FJCVTZS) from double: the 32-bit result; *z the Z flag. */
uint32_t fp_to_fixed_js(uint64_t a, bool *z, fp_env_t *env);

/* VFPExpandImm. */
uint64_t fp_expand_imm(unsigned sz, unsigned imm8);

/* FPDefaultNaN. */
uint64_t fp_default_nan(unsigned sz);

#endif
