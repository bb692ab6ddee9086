/* Floating point: results, NaN propagation and FPSR flags as the Arm ARM
 * pseudocode defines them (FPRound, FPProcessNaNs, FPMulAdd, FPToFixed,
 * FPRecipEstimate...), under each FPCR mode.
 *
 * Each test runs one instruction with V1, V2, V3 as sources and V0 as the
 * destination; encodings come from the GNU assembler. */
#include <stdbool.h>
#include <string.h>

#include "harness.h"

#define FPCR_AHP (1u << 26)
#define FPCR_DN (1u << 25)
#define FPCR_FZ (1u << 24)
#define FPCR_RP (1u << 22)
#define FPCR_RM (2u << 22)
#define FPCR_RZ (3u << 22)
#define FPCR_FZ16 (1u << 19)

#define IOC 0x01u
#define DZC 0x02u
#define OFC 0x04u
#define UFC 0x08u
#define IXC 0x10u
#define IDC 0x80u

typedef struct fp_run {
    uint64_t lo, hi; /* V0 after */
    uint64_t fpsr;
    uint64_t nzcv;
    uint64_t x0;
    unsigned reason;
} fp_run_t;

/* Runs word once with FPCR = fpcr, V1/V2/V3 low halves = n/m/a, V0 and X0
 * filled with ones, FPSR clear. */
static fp_run_t run1(uint32_t word, uint32_t fpcr, uint64_t n, uint64_t m,
                     uint64_t a)
{
    arm64emu_machine *m_ = test_machine();
    uint32_t code[2] = {word, 0};
    test_load(m_, TEST_RAM_BASE, code, 2);
    uint8_t v[16];
    memset(v, 0xff, sizeof(v));
    ck_assert_int_eq(arm64emu_vreg_write(m_, 0, 0, v), ARM64EMU_OK);
    uint64_t src[3] = {n, m, a};
    for (unsigned i = 0; i < 3; i++) {
        memset(v, 0, sizeof(v));
        memcpy(v, &src[i], 8);
        ck_assert_int_eq(arm64emu_vreg_write(m_, 0, i + 1, v), ARM64EMU_OK);
    }
    test_set_x(m_, 0, ~0ull);
    test_set_x(m_, 1, n);
    test_set_x(m_, ARM64EMU_REG_FPCR, fpcr);
    test_set_x(m_, ARM64EMU_REG_FPSR, 0);
    arm64emu_exit e = test_run(m_, 1);
    fp_run_t r;
    r.reason = e.reason;
    ck_assert_int_eq(arm64emu_vreg_read(m_, 0, 0, v), ARM64EMU_OK);
    memcpy(&r.lo, v, 8);
    memcpy(&r.hi, v + 8, 8);
    r.fpsr = test_x(m_, ARM64EMU_REG_FPSR);
    r.nzcv = test_x(m_, ARM64EMU_REG_NZCV) >> 28;
    r.x0 = test_x(m_, 0);
    arm64emu_destroy(m_);
    return r;
}

#define EXPECT(r, val, flags)                                                  \
    do {                                                                       \
        ck_assert_uint_eq((r).reason, ARM64EMU_EXIT_BUDGET);                   \
        ck_assert_msg((r).lo == (uint64_t)(val),                               \
                      "result %#llx, expected %#llx",                          \
                      (unsigned long long)(r).lo,                              \
                      (unsigned long long)(val));                              \
        ck_assert_msg((r).fpsr == (flags), "FPSR %#llx, expected %#x",         \
                      (unsigned long long)(r).fpsr, (unsigned)(flags));        \
    } while (0)

enum {
    FADD_S = 0x1e222820,  /* fadd s0, s1, s2 */
    FMUL_S = 0x1e220820,  /* fmul s0, s1, s2 */
    FADD_D = 0x1e622820,  /* fadd d0, d1, d2 */
    FMADD_D = 0x1f420c20, /* fmadd d0, d1, d2, d3 */
    FMSUB_D = 0x1f428c20, /* fmsub d0, d1, d2, d3 */
    FCVTZS_WS = 0x1e380020, /* fcvtzs w0, s1 */
    FCVTZU_WS = 0x1e390020, /* fcvtzu w0, s1 */
    FCVTAS_WD = 0x1e640020, /* fcvtas w0, d1 */
    FCVTNS_WD = 0x1e600020, /* fcvtns w0, d1 */
    FRECPE_S = 0x5ea1d820,  /* frecpe s0, s1 */
    FRSQRTE_S = 0x7ea1d820, /* frsqrte s0, s1 */
    FCMP_S = 0x1e222020,    /* fcmp s1, s2 */
    FCMPE_S = 0x1e222030,   /* fcmpe s1, s2 */
    FCVT_HS = 0x1e23c020,   /* fcvt h0, s1 */
    FCVT_SH = 0x1ee24020,   /* fcvt s0, h1 */
    FCVT_SD = 0x1e624020,   /* fcvt s0, d1 */
    FADD_H = 0x1ee22820,    /* fadd h0, h1, h2 */
    FRINTX_D = 0x1e674020,  /* frintx d0, d1 */
    FRINTI_D = 0x1e67c020,  /* frinti d0, d1 */
    FJCVTZS = 0x1e7e0020,   /* fjcvtzs w0, d1 */
    FSQRT_D = 0x1e61c020,   /* fsqrt d0, d1 */
    FCVTZS_XD8 = 0x9e58e020, /* fcvtzs x0, d1, #8 */
    SCVTF_SW4 = 0x1e02f020,  /* scvtf s0, w1, #4 */
    FMIN_D = 0x1e625820,     /* fmin d0, d1, d2 */
    FMAXNM_D = 0x1e626820,   /* fmaxnm d0, d1, d2 */
    FRECPX_D = 0x5ee1f820,   /* frecpx d0, d1 */
    FADD_4S = 0x4e22d420,    /* fadd v0.4s, v1.4s, v2.4s */
    FCVTXN_SD = 0x7e616820,  /* fcvtxn s0, d1 */
};

static const uint64_t ONE_S = 0x3f800000, ONE_D = 0x3ff0000000000000ull;

START_TEST(fadd_rounds_by_fpcr_rmode)
{
    /* 1 + 2^-24 is halfway between 1 and the next single: ties to even
     * gives 1; +inf gives 1 + 2^-23; -inf and zero give 1. */
    uint64_t half_ulp = 0x33800000;
    EXPECT(run1(FADD_S, 0, ONE_S, half_ulp, 0), ONE_S, IXC);
    EXPECT(run1(FADD_S, FPCR_RP, ONE_S, half_ulp, 0), 0x3f800001, IXC);
    EXPECT(run1(FADD_S, FPCR_RM, ONE_S, half_ulp, 0), ONE_S, IXC);
    EXPECT(run1(FADD_S, FPCR_RZ, ONE_S, half_ulp, 0), ONE_S, IXC);
    /* -(1 + 2^-24): -inf rounds away from zero. */
    EXPECT(run1(FADD_S, FPCR_RM, ONE_S | 0x80000000, half_ulp | 0x80000000, 0),
           0xbf800001, IXC);
}
END_TEST

START_TEST(exact_zero_sum_is_negative_only_rounding_down)
{
    EXPECT(run1(FADD_D, 0, ONE_D, ONE_D | (1ull << 63), 0), 0, 0);
    EXPECT(run1(FADD_D, FPCR_RM, ONE_D, ONE_D | (1ull << 63), 0), 1ull << 63, 0);
}
END_TEST

START_TEST(overflow_gives_infinity_or_max_normal_by_mode)
{
    uint64_t max = 0x7f7fffff;
    EXPECT(run1(FADD_S, 0, max, max, 0), 0x7f800000, OFC | IXC);
    EXPECT(run1(FADD_S, FPCR_RZ, max, max, 0), max, OFC | IXC);
    EXPECT(run1(FADD_S, FPCR_RM, max, max, 0), max, OFC | IXC);
}
END_TEST

START_TEST(underflow_is_detected_before_rounding)
{
    /* 2^-126 * (1 - 2^-24) = 2^-126 - 2^-150 rounds up to the smallest
     * normal, but it is tiny before rounding: Underflow with Inexact. */
    EXPECT(run1(FMUL_S, 0, 0x00800000, 0x3f7fffff, 0), 0x00800000, UFC | IXC);
    /* An exact denormal result is not an underflow. */
    EXPECT(run1(FMUL_S, 0, 0x00800000, 0x3f000000, 0), 0x00400000, 0);
}
END_TEST

START_TEST(flush_to_zero_flushes_inputs_with_idc)
{
    EXPECT(run1(FADD_S, FPCR_FZ, 0x00000001, 0, 0), 0, IDC);
    EXPECT(run1(FADD_S, 0, 0x00000001, 0, 0), 1, 0);
}
END_TEST

START_TEST(flush_to_zero_flushes_outputs_with_ufc_not_ixc)
{
    EXPECT(run1(FMUL_S, FPCR_FZ, 0x00800000, 0x3f000000, 0), 0, UFC);
    /* Tiny before rounding even though it would round to the smallest
     * normal: flushed. */
    EXPECT(run1(FMUL_S, FPCR_FZ, 0x00800000, 0x3f7fffff, 0), 0, UFC);
}
END_TEST

START_TEST(fz16_flushes_half_inputs_without_idc)
{
    EXPECT(run1(FADD_H, FPCR_FZ16, 0x0001, 0, 0), 0, 0);
    EXPECT(run1(FADD_H, FPCR_FZ, 0x0001, 0, 0), 1, 0);
}
END_TEST

START_TEST(signalling_nan_wins_and_is_quieted)
{
    /* qNaN first, sNaN second: the sNaN is returned, quiet, with IOC. */
    EXPECT(run1(FADD_S, 0, 0x7fc00001, 0x7f800002, 0), 0x7fc00002, IOC);
    /* Two quiet NaNs: the first operand's. */
    EXPECT(run1(FADD_S, 0, 0xffc00003, 0x7fc00004, 0), 0xffc00003, 0);
}
END_TEST

START_TEST(default_nan_mode_returns_default_nan)
{
    EXPECT(run1(FADD_S, FPCR_DN, 0x7fc00001, ONE_S, 0), 0x7fc00000, 0);
    EXPECT(run1(FADD_S, FPCR_DN, 0xff800001, ONE_S, 0), 0x7fc00000, IOC);
}
END_TEST

START_TEST(invalid_operations_return_default_nan)
{
    EXPECT(run1(FADD_S, 0, 0x7f800000, 0xff800000, 0), 0x7fc00000, IOC);
    EXPECT(run1(FSQRT_D, 0, ONE_D | (1ull << 63), 0, 0), 0x7ff8000000000000ull,
           IOC);
    EXPECT(run1(FSQRT_D, 0, 1ull << 63, 0, 0), 1ull << 63, 0); /* -0 */
}
END_TEST

START_TEST(fmadd_checks_addend_nan_first)
{
    uint64_t qa = 0x7ff8000000000001ull, qb = 0x7ff8000000000002ull;
    uint64_t sb = 0x7ff0000000000002ull;
    /* fmadd d0, d1, d2, d3: d3 is the addend. */
    EXPECT(run1(FMADD_D, 0, qb, ONE_D, qa), qa, 0);
    EXPECT(run1(FMADD_D, 0, sb, ONE_D, qa), qb, IOC);
}
END_TEST

START_TEST(fmadd_inf_times_zero_plus_quiet_nan_is_invalid)
{
    EXPECT(run1(FMADD_D, 0, 0x7ff0000000000000ull, 0, 0x7ff8000000000001ull),
           0x7ff8000000000000ull, IOC);
}
END_TEST

START_TEST(fmadd_rounds_once)
{
    /* (1 + 2^-52)^2 - (1 + 2^-51) = 2^-104 exactly; separate rounding of
     * the product would give 0. */
    EXPECT(run1(FMADD_D, 0, 0x3ff0000000000001ull, 0x3ff0000000000001ull,
                0xbff0000000000002ull),
           0x3970000000000000ull, 0);
}
END_TEST

START_TEST(fmsub_negates_a_nan_multiplicand)
{
    EXPECT(run1(FMSUB_D, 0, 0x7ff8000000000005ull, ONE_D, ONE_D),
           0xfff8000000000005ull, 0);
}
END_TEST

START_TEST(fmin_and_fmaxnm_handle_zeros_and_quiet_nans)
{
    EXPECT(run1(FMIN_D, 0, 0, 1ull << 63, 0), 1ull << 63, 0);
    EXPECT(run1(FMAXNM_D, 0, 0x7ff8000000000000ull, ONE_D, 0), ONE_D, 0);
    EXPECT(run1(FMAXNM_D, 0, 0x7ff0000000000001ull, ONE_D, 0),
           0x7ff8000000000001ull, IOC);
}
END_TEST

START_TEST(fcmpe_signals_quiet_nans_fcmp_does_not)
{
    fp_run_t r = run1(FCMP_S, 0, 0x7fc00000, ONE_S, 0);
    ck_assert_uint_eq(r.nzcv, 0x3);
    ck_assert_uint_eq(r.fpsr, 0);
    r = run1(FCMPE_S, 0, 0x7fc00000, ONE_S, 0);
    ck_assert_uint_eq(r.nzcv, 0x3);
    ck_assert_uint_eq(r.fpsr, IOC);
    r = run1(FCMP_S, 0, 0x80000000, 0, 0); /* -0 == +0 */
    ck_assert_uint_eq(r.nzcv, 0x6);
    r = run1(FCMP_S, 0, 0xbf800000, ONE_S, 0);
    ck_assert_uint_eq(r.nzcv, 0x8);
}
END_TEST

START_TEST(fcvtzs_saturates_with_ioc)
{
    fp_run_t r = run1(FCVTZS_WS, 0, 0x4f32d05e /* 3e9 */, 0, 0);
    ck_assert_uint_eq(r.x0, 0x7fffffff);
    ck_assert_uint_eq(r.fpsr, IOC);
    r = run1(FCVTZS_WS, 0, 0x7fc00000, 0, 0);
    ck_assert_uint_eq(r.x0, 0);
    ck_assert_uint_eq(r.fpsr, IOC);
    r = run1(FCVTZU_WS, 0, 0xbfc00000 /* -1.5 */, 0, 0);
    ck_assert_uint_eq(r.x0, 0);
    ck_assert_uint_eq(r.fpsr, IOC);
    r = run1(FCVTZU_WS, 0, 0xbf000000 /* -0.5 truncates to 0 */, 0, 0);
    ck_assert_uint_eq(r.x0, 0);
    ck_assert_uint_eq(r.fpsr, IXC);
}
END_TEST

START_TEST(fcvtas_ties_away_fcvtns_ties_to_even)
{
    fp_run_t r = run1(FCVTAS_WD, 0, 0x4004000000000000ull /* 2.5 */, 0, 0);
    ck_assert_uint_eq(r.x0, 3);
    ck_assert_uint_eq(r.fpsr, IXC);
    r = run1(FCVTAS_WD, 0, 0xc004000000000000ull, 0, 0);
    ck_assert_uint_eq(r.x0, 0xfffffffd);
    r = run1(FCVTNS_WD, 0, 0x4004000000000000ull, 0, 0);
    ck_assert_uint_eq(r.x0, 2);
}
END_TEST

START_TEST(fixed_point_conversions_scale_by_fbits)
{
    fp_run_t r = run1(FCVTZS_XD8, 0, 0x3ff8000000000000ull /* 1.5 */, 0, 0);
    ck_assert_uint_eq(r.x0, 0x180);
    ck_assert_uint_eq(r.fpsr, 0);
    /* scvtf s0, w1, #4 with w1 = -8: -0.5 */
    EXPECT(run1(SCVTF_SW4, 0, 0xfffffff8, 0, 0), 0xbf000000, 0);
}
END_TEST

START_TEST(frintx_signals_inexact_frinti_does_not)
{
    EXPECT(run1(FRINTX_D, 0, 0x4004000000000000ull, 0, 0), 0x4000000000000000ull,
           IXC);
    EXPECT(run1(FRINTI_D, FPCR_RP, 0x4004000000000000ull, 0, 0),
           0x4008000000000000ull, 0);
    EXPECT(run1(FRINTI_D, 0, 0xbfe0000000000000ull, 0, 0), 1ull << 63, 0);
}
END_TEST

START_TEST(frecpe_and_frsqrte_follow_the_estimate_tables)
{
    EXPECT(run1(FRECPE_S, 0, ONE_S, 0, 0), 0x3f7f8000, 0);
    EXPECT(run1(FRSQRTE_S, 0, 0x40800000 /* 4.0 */, 0, 0), 0x3eff8000, 0);
    EXPECT(run1(FRECPE_S, 0, 0, 0, 0), 0x7f800000, DZC);
    EXPECT(run1(FRSQRTE_S, 0, 0xbf800000, 0, 0), 0x7fc00000, IOC);
    /* A denormal so small its reciprocal overflows. */
    EXPECT(run1(FRECPE_S, 0, 0x00000001, 0, 0), 0x7f800000, OFC | IXC);
    EXPECT(run1(FRECPE_S, FPCR_RZ, 0x00000001, 0, 0), 0x7f7fffff, OFC | IXC);
    EXPECT(run1(FRECPX_D, 0, 0x4010000000000000ull, 0, 0),
           0x3fe0000000000000ull, 0);
}
END_TEST

START_TEST(fcvt_to_half_observes_ahp)
{
    EXPECT(run1(FCVT_HS, 0, 0x7f800000, 0, 0), 0x7c00, 0);
    EXPECT(run1(FCVT_HS, FPCR_AHP, 0x7f800000, 0, 0), 0x7fff, IOC);
    EXPECT(run1(FCVT_HS, FPCR_AHP, 0x7fc00000, 0, 0), 0, IOC);
    /* With AHP, exponent 31 is a number: 0x7c00 is 2^16. */
    EXPECT(run1(FCVT_SH, FPCR_AHP, 0x7c00, 0, 0), 0x47800000, 0);
    /* FZ16 does not flush FCVT operands. */
    EXPECT(run1(FCVT_SH, FPCR_FZ16, 0x0001, 0, 0), 0x33800000, 0);
}
END_TEST

START_TEST(fcvt_keeps_the_top_of_a_nan_payload)
{
    EXPECT(run1(FCVT_SD, 0, 0x7ff4000020000000ull, 0, 0), 0x7fe00001, IOC);
}
END_TEST

START_TEST(fcvtxn_rounds_to_odd)
{
    /* 1 + 2^-26: truncation would give 1.0; round to odd sets the LSB. */
    EXPECT(run1(FCVTXN_SD, 0, 0x3ff0000004000000ull, 0, 0), 0x3f800001, IXC);
}
END_TEST

START_TEST(fjcvtzs_wraps_modulo_2_32_and_sets_z_when_exact)
{
    fp_run_t r = run1(FJCVTZS, 0, 0x4008000000000000ull /* 3.0 */, 0, 0);
    ck_assert_uint_eq(r.x0, 3);
    ck_assert_uint_eq(r.nzcv, 0x4);
    r = run1(FJCVTZS, 0, 0x41f0000000500000ull /* 2^32 + 5 */, 0, 0);
    ck_assert_uint_eq(r.x0, 5);
    ck_assert_uint_eq(r.nzcv, 0);
    ck_assert_uint_eq(r.fpsr, IOC);
}
END_TEST

START_TEST(scalar_results_clear_the_upper_register)
{
    fp_run_t r = run1(FADD_S, 0, ONE_S, ONE_S, 0);
    ck_assert_uint_eq(r.lo, 0x40000000);
    ck_assert_uint_eq(r.hi, 0);
}
END_TEST

START_TEST(fmov_immediate_expands_vfp_immediates)
{
    EXPECT(run1(0x1e7e9000 /* fmov d0, #-1.25 */, 0, 0, 0, 0),
           0xbff4000000000000ull, 0);
    EXPECT(run1(0x1e27f000 /* fmov s0, #31.0 */, 0, 0, 0, 0), 0x41f80000, 0);
    EXPECT(run1(0x1ee81000 /* fmov h0, #0.125 */, 0, 0, 0, 0), 0x3000, 0);
}
END_TEST

START_TEST(fmov_vector_immediate_replicates_per_element)
{
    fp_run_t r = run1(0x4f03f600 /* fmov v0.4s, #1.0 */, 0, 0, 0, 0);
    ck_assert_uint_eq(r.lo, 0x3f8000003f800000ull);
    ck_assert_uint_eq(r.hi, 0x3f8000003f800000ull);
    r = run1(0x6f04f400 /* fmov v0.2d, #-2.0 */, 0, 0, 0, 0);
    ck_assert_uint_eq(r.lo, 0xc000000000000000ull);
    ck_assert_uint_eq(r.hi, 0xc000000000000000ull);
    r = run1(0x0f03fc00 /* fmov v0.4h, #0.5 */, 0, 0, 0, 0);
    ck_assert_uint_eq(r.lo, 0x3800380038003800ull);
    ck_assert_uint_eq(r.hi, 0);
}
END_TEST

START_TEST(vector_fadd_64bit_form_clears_the_upper_half)
{
    fp_run_t r = run1(0x0e22d420 /* fadd v0.2s, v1.2s, v2.2s */, 0,
                      0x3f80000040000000ull, 0x3f80000040000000ull, 0);
    ck_assert_uint_eq(r.lo, 0x4000000040800000ull);
    ck_assert_uint_eq(r.hi, 0);
}
END_TEST

START_TEST(half_precision_arithmetic_needs_fp16)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE,
                                             TEST_RAM_SIZE), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_str(cfg, ARM64EMU_CFG_CPU_MODEL,
                                             "cortex-a72"), ARM64EMU_OK);
    arm64emu_machine *m;
    ck_assert_int_eq(arm64emu_create(cfg, &m), ARM64EMU_OK);
    arm64emu_config_free(cfg);
    /* fcvt s0, h1 is base Armv8; fadd h0, h1, h2 needs FEAT_FP16. */
    uint32_t code[2] = {FCVT_SH, FADD_H};
    test_load(m, TEST_RAM_BASE, code, 2);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNDEFINED);
    ck_assert_uint_eq(e.pc, TEST_RAM_BASE + 4);
    arm64emu_destroy(m);
}
END_TEST

static Suite *fp_suite(void)
{
    Suite *s = suite_create("fp");
    TCase *tc = tcase_create("fp");
    tcase_add_test(tc, fadd_rounds_by_fpcr_rmode);
    tcase_add_test(tc, exact_zero_sum_is_negative_only_rounding_down);
    tcase_add_test(tc, overflow_gives_infinity_or_max_normal_by_mode);
    tcase_add_test(tc, underflow_is_detected_before_rounding);
    tcase_add_test(tc, flush_to_zero_flushes_inputs_with_idc);
    tcase_add_test(tc, flush_to_zero_flushes_outputs_with_ufc_not_ixc);
    tcase_add_test(tc, fz16_flushes_half_inputs_without_idc);
    tcase_add_test(tc, signalling_nan_wins_and_is_quieted);
    tcase_add_test(tc, default_nan_mode_returns_default_nan);
    tcase_add_test(tc, invalid_operations_return_default_nan);
    tcase_add_test(tc, fmadd_checks_addend_nan_first);
    tcase_add_test(tc, fmadd_inf_times_zero_plus_quiet_nan_is_invalid);
    tcase_add_test(tc, fmadd_rounds_once);
    tcase_add_test(tc, fmsub_negates_a_nan_multiplicand);
    tcase_add_test(tc, fmin_and_fmaxnm_handle_zeros_and_quiet_nans);
    tcase_add_test(tc, fcmpe_signals_quiet_nans_fcmp_does_not);
    tcase_add_test(tc, fcvtzs_saturates_with_ioc);
    tcase_add_test(tc, fcvtas_ties_away_fcvtns_ties_to_even);
    tcase_add_test(tc, fixed_point_conversions_scale_by_fbits);
    tcase_add_test(tc, frintx_signals_inexact_frinti_does_not);
    tcase_add_test(tc, frecpe_and_frsqrte_follow_the_estimate_tables);
    tcase_add_test(tc, fcvt_to_half_observes_ahp);
    tcase_add_test(tc, fcvt_keeps_the_top_of_a_nan_payload);
    tcase_add_test(tc, fcvtxn_rounds_to_odd);
    tcase_add_test(tc, fjcvtzs_wraps_modulo_2_32_and_sets_z_when_exact);
    tcase_add_test(tc, scalar_results_clear_the_upper_register);
    tcase_add_test(tc, fmov_immediate_expands_vfp_immediates);
    tcase_add_test(tc, fmov_vector_immediate_replicates_per_element);
    tcase_add_test(tc, vector_fadd_64bit_form_clears_the_upper_half);
    tcase_add_test(tc, half_precision_arithmetic_needs_fp16);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_main(fp_suite());
}
