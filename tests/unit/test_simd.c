/* Advanced SIMD integer and cryptographic instructions: saturation and
 * FPSR.QC, rounding and narrowing shifts, table lookups, permutes, the
 * UNDEFINED reserved sizes, model gating, and known answers for AES
 * (FIPS-197 appendix B), SHA-256 ("abc", FIPS 180-4) and PMULL 64-bit.
 * Encodings come from the GNU assembler.
 */
#include <string.h>

#include "harness.h"

#define FPSR_QC (1u << 27)

static void set_v(arm64emu_machine *m, unsigned n, const uint8_t *b16)
{
    ck_assert_int_eq(arm64emu_vreg_write(m, 0, n, b16), ARM64EMU_OK);
}

static void set_v64(arm64emu_machine *m, unsigned n, uint64_t lo, uint64_t hi)
{
    uint8_t b[16];
    for (unsigned i = 0; i < 8; i++) {
        b[i] = (uint8_t)(lo >> (8 * i));
        b[8 + i] = (uint8_t)(hi >> (8 * i));
    }
    set_v(m, n, b);
}

static void set_v32(arm64emu_machine *m, unsigned n, const uint32_t *w4)
{
    set_v64(m, n, w4[0] | ((uint64_t)w4[1] << 32), w4[2] | ((uint64_t)w4[3] << 32));
}

static void get_v(arm64emu_machine *m, unsigned n, uint8_t *b16)
{
    ck_assert_int_eq(arm64emu_vreg_read(m, 0, n, b16), ARM64EMU_OK);
}

static uint64_t v_d(arm64emu_machine *m, unsigned n, unsigned half)
{
    uint8_t b[16];
    get_v(m, n, b);
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)b[8 * half + i] << (8 * i);
    return v;
}

static void check_v(arm64emu_machine *m, unsigned n, const uint8_t *want)
{
    uint8_t got[16];
    get_v(m, n, got);
    for (unsigned i = 0; i < 16; i++)
        ck_assert_msg(got[i] == want[i], "v%u byte %u: expected 0x%02x, got 0x%02x",
                      n, i, want[i], got[i]);
}

static void check_v64(arm64emu_machine *m, unsigned n, uint64_t lo, uint64_t hi)
{
    uint64_t glo = v_d(m, n, 0), ghi = v_d(m, n, 1);
    ck_assert_msg(glo == lo && ghi == hi,
                  "v%u: expected %016llx:%016llx, got %016llx:%016llx", n,
                  (unsigned long long)hi, (unsigned long long)lo,
                  (unsigned long long)ghi, (unsigned long long)glo);
}

static arm64emu_machine *model_machine(const char *model)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, TEST_RAM_SIZE),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_str(cfg, ARM64EMU_CFG_CPU_MODEL, model),
                     ARM64EMU_OK);
    arm64emu_machine *m;
    ck_assert_int_eq(arm64emu_create(cfg, &m), ARM64EMU_OK);
    arm64emu_config_free(cfg);
    return m;
}

/* Runs n words followed by a UDF; expects to stop on the UDF. */
static void run(arm64emu_machine *m, const uint32_t *code, unsigned n)
{
    uint32_t buf[256];
    ck_assert_uint_lt(n, 256);
    memcpy(buf, code, 4 * n);
    buf[n] = 0; /* UDF #0 */
    test_load(m, TEST_RAM_BASE, buf, n + 1);
    arm64emu_exit e = test_run(m, 10000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNDEFINED);
    ck_assert_uint_eq(e.pc, TEST_RAM_BASE + 4ull * n);
}

#define RUN(m, code) run(m, code, sizeof(code) / 4)

static void expect_undefined(arm64emu_machine *m, uint32_t word)
{
    test_load(m, TEST_RAM_BASE, &word, 1);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_msg(e.reason == ARM64EMU_EXIT_UNDEFINED && e.pc == TEST_RAM_BASE,
                  "word 0x%08x: reason %u pc 0x%llx", word, e.reason,
                  (unsigned long long)e.pc);
}

static void expect_retires(arm64emu_machine *m, uint32_t word)
{
    uint32_t code[1] = {word};
    run(m, code, 1);
}

START_TEST(saturating_add_clamps_and_sets_qc)
{
    arm64emu_machine *m = test_machine();
    uint8_t a[16], b[16];
    for (unsigned i = 0; i < 16; i++) {
        a[i] = (uint8_t)(i < 8 ? 0x7f : 0x80);
        b[i] = (uint8_t)(i < 8 ? 1 : 0xff);
    }
    set_v(m, 1, a);
    set_v(m, 2, b);
    test_set_x(m, ARM64EMU_REG_FPSR, 0);
    static const uint32_t code[] = {0x4e220c20}; /* sqadd v0.16b, v1.16b, v2.16b */
    RUN(m, code);
    uint8_t want[16];
    for (unsigned i = 0; i < 16; i++)
        want[i] = (uint8_t)(i < 8 ? 0x7f : 0x80);
    check_v(m, 0, want);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_FPSR) & FPSR_QC, FPSR_QC);

    /* no saturation leaves QC alone (clear) */
    set_v64(m, 1, 0x0001000200030004ull, 0);
    set_v64(m, 2, 0x0001000100010001ull, 0);
    test_set_x(m, ARM64EMU_REG_FPSR, 0);
    static const uint32_t uq[] = {0x6e620c23}; /* uqadd v3.8h, v1.8h, v2.8h */
    RUN(m, uq);
    check_v64(m, 3, 0x0002000300040005ull, 0);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_FPSR) & FPSR_QC, 0);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(scalar_sqdmulh_saturates_minus_one_squared)
{
    arm64emu_machine *m = test_machine();
    set_v64(m, 1, 0x80000000u, 0x1234);
    set_v64(m, 2, 0x80000000u, 0x5678);
    test_set_x(m, ARM64EMU_REG_FPSR, 0);
    static const uint32_t code[] = {0x5ea2b420}; /* sqdmulh s0, s1, s2 */
    RUN(m, code);
    check_v64(m, 0, 0x7fffffff, 0);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_FPSR) & FPSR_QC, FPSR_QC);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(rounding_shifts_round_half_up)
{
    arm64emu_machine *m = test_machine();
    /* lanes 1, 2, 5, 6, 0xffff: urshr #2 gives 0, 1, 1, 2, 0x4000 */
    set_v64(m, 1, 0x0006000500020001ull, 0xffffull);
    static const uint32_t code[] = {0x6f1e2420}; /* urshr v0.8h, v1.8h, #2 */
    RUN(m, code);
    check_v64(m, 0, 0x0002000100010000ull, 0x4000ull);
    /* srshr #3 on -4 and -5 and 4: -4/8 rounds to 0, -5/8 to -1, 4/8 to 1 */
    set_v64(m, 1, 0xfffffffbfffffffcull, 4);
    static const uint32_t s[] = {0x4f3d2420}; /* srshr v0.4s, v1.4s, #3 */
    RUN(m, s);
    check_v64(m, 0, 0xffffffff00000000ull, 1);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(narrowing_shift_fills_low_half_and_2_form_keeps_it)
{
    arm64emu_machine *m = test_machine();
    /* lanes 0x0010 -> 1, 0x7fff -> 0x7f (sat), 0x8000 -> 0x80 (sat), 0xfff0 -> 0xff */
    set_v64(m, 1, 0xfff080007fff0010ull, 0);
    set_v64(m, 2, 0x0020002000200020ull, 0x0020002000200020ull);
    set_v64(m, 0, ~0ull, ~0ull);
    test_set_x(m, ARM64EMU_REG_FPSR, 0);
    static const uint32_t lo[] = {0x0f0c9420}; /* sqshrn v0.8b, v1.8h, #4 */
    RUN(m, lo);
    check_v64(m, 0, 0x00000000ff807f01ull, 0);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_FPSR) & FPSR_QC, FPSR_QC);
    static const uint32_t hi[] = {0x4f0c9440}; /* sqshrn2 v0.16b, v2.8h, #4 */
    RUN(m, hi);
    check_v64(m, 0, 0x00000000ff807f01ull, 0x0202020202020202ull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(tbl_gives_zero_for_out_of_range_indexes)
{
    arm64emu_machine *m = test_machine();
    uint8_t t1[16], t2[16], idx[16];
    for (unsigned i = 0; i < 16; i++) {
        t1[i] = (uint8_t)(0xa0 + i);
        t2[i] = (uint8_t)(0xb0 + i);
        idx[i] = (uint8_t)(i * 3); /* 0..45: 32 and above are out of range */
    }
    set_v(m, 1, t1);
    set_v(m, 2, t2);
    set_v(m, 3, idx);
    static const uint32_t code[] = {0x4e032020}; /* tbl v0.16b, {v1.16b, v2.16b}, v3.16b */
    RUN(m, code);
    uint8_t want[16];
    for (unsigned i = 0; i < 16; i++) {
        unsigned k = i * 3;
        want[i] = (uint8_t)(k < 16 ? 0xa0 + k : k < 32 ? 0xb0 + k - 16 : 0);
    }
    check_v(m, 0, want);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(tbx_keeps_destination_bytes_for_out_of_range_indexes)
{
    arm64emu_machine *m = test_machine();
    uint8_t t1[16], idx[16];
    for (unsigned i = 0; i < 16; i++) {
        t1[i] = (uint8_t)(0xa0 + i);
        idx[i] = (uint8_t)(i & 1 ? 0x40 + i : 15 - i);
    }
    set_v(m, 1, t1);
    set_v(m, 3, idx);
    set_v64(m, 0, 0x7766554433221100ull, 0xffeeddccbbaa9988ull);
    static const uint32_t code[] = {0x0e031020}; /* tbx v0.8b, {v1.16b}, v3.8b */
    RUN(m, code);
    uint8_t want[16] = {0};
    for (unsigned i = 0; i < 8; i++)
        want[i] = (uint8_t)(i & 1 ? 0x11 * i : 0xa0 + 15 - i);
    check_v(m, 0, want); /* the 64-bit form clears the upper half */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(zip_uzp_trn_interleave_lanes)
{
    arm64emu_machine *m = test_machine();
    set_v64(m, 1, 0x0003000200010000ull, 0x0007000600050004ull);
    set_v64(m, 2, 0x0013001200110010ull, 0x0017001600150014ull);
    static const uint32_t zip[] = {0x4e423820}; /* zip1 v0.8h, v1.8h, v2.8h */
    RUN(m, zip);
    check_v64(m, 0, 0x0011000100100000ull, 0x0013000300120002ull);
    static const uint32_t uzp[] = {0x4e825820}; /* uzp2 v0.4s, v1.4s, v2.4s */
    RUN(m, uzp);
    /* words of v1: 0x00010000, 0x00030002, 0x00050004, 0x00070006 */
    check_v64(m, 0, 0x0007000600030002ull, 0x0017001600130012ull);
    static const uint32_t trn[] = {0x4e022820}; /* trn1 v0.16b, v1.16b, v2.16b */
    RUN(m, trn);
    check_v64(m, 0, 0x1303120211011000ull, 0x1707160615051404ull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(reserved_sizes_are_undefined)
{
    arm64emu_machine *m = test_machine();
    expect_undefined(m, 0x0ee28420); /* add v0.1d (size 11, Q 0) */
    expect_undefined(m, 0x4ee20420); /* shadd .2d */
    expect_undefined(m, 0x4ee29c20); /* mul .2d */
    expect_undefined(m, 0x4e62e020 & ~0u); /* pmull .8h from size 01 */
    expect_undefined(m, 0x5e22b420); /* sqdmulh b0 (size 00) */
    expect_undefined(m, 0x0f4c9420 | (1u << 22)); /* sqshrn with immh 1xxx */
    expect_undefined(m, 0x2e000000 | (1u << 14) | (1u << 11) | 0x20); /* ext .8b #9 */
    arm64emu_destroy(m);
}
END_TEST

/* FIPS-197 appendix B, round 1: start state 193de3be..., round key of 0 is
 * folded into the start state; ShiftRows(SubBytes) and MixColumns. */
START_TEST(aes_round_matches_fips197)
{
    arm64emu_machine *m = test_machine();
    static const uint8_t in[16] = {0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d,
                                   0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34};
    static const uint8_t key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                    0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
    static const uint8_t after_sr[16] = {0xd4, 0xbf, 0x5d, 0x30, 0xe0, 0xb4, 0x52, 0xae,
                                         0xb8, 0x41, 0x11, 0xf1, 0x1e, 0x27, 0x98, 0xe5};
    static const uint8_t after_mc[16] = {0x04, 0x66, 0x81, 0xe5, 0xe0, 0xcb, 0x19, 0x9a,
                                         0x48, 0xf8, 0xd3, 0x7a, 0x28, 0x06, 0x26, 0x4c};
    static const uint8_t zero[16] = {0};
    uint8_t start[16];
    for (unsigned i = 0; i < 16; i++)
        start[i] = in[i] ^ key[i];
    set_v(m, 0, in);
    set_v(m, 1, key);
    set_v(m, 4, zero);
    static const uint32_t code[] = {
        0x4e284820, /* aese v0.16b, v1.16b */
        0x4e286802, /* aesmc v2.16b, v0.16b */
        0x4e287843, /* aesimc v3.16b, v2.16b */
        0x4e285883, /* aesd v3.16b, v4.16b */
    };
    RUN(m, code);
    check_v(m, 0, after_sr);
    check_v(m, 2, after_mc);
    check_v(m, 3, start);
    arm64emu_destroy(m);
}
END_TEST

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

/* One SHA-256 compression of the padded block of "abc", with the schedule
 * computed by SHA256SU0/SU1 and the rounds by SHA256H/H2. Registers: v0, v1
 * state, v2 copy of v0, v3 W+K, v4-v7 schedule, v8-v23 K, v24/v25 the
 * initial state. */
START_TEST(sha256_instructions_hash_one_block)
{
    arm64emu_machine *m = test_machine();
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint32_t w[16] = {0x61626380};
    w[15] = 24;
    set_v32(m, 0, h0);
    set_v32(m, 1, h0 + 4);
    set_v32(m, 24, h0);
    set_v32(m, 25, h0 + 4);
    for (unsigned i = 0; i < 4; i++)
        set_v32(m, 4 + i, w + 4 * i);
    for (unsigned i = 0; i < 16; i++)
        set_v32(m, 8 + i, sha256_k + 4 * i);
    uint32_t code[128];
    unsigned n = 0;
#define VADD(d, a, b) (0x4ea08400u | ((b) << 16) | ((a) << 5) | (d))
    for (unsigned i = 0; i < 16; i++) {
        unsigned j = i % 4;
        code[n++] = VADD(3, 4 + j, 8 + i);
        code[n++] = 0x4ea01c02;              /* mov v2.16b, v0.16b */
        code[n++] = 0x5e034020;              /* sha256h q0, q1, v3.4s */
        code[n++] = 0x5e035041;              /* sha256h2 q1, q2, v3.4s */
        if (i < 12) {
            code[n++] = 0x5e282800u | ((4 + (j + 1) % 4) << 5) | (4 + j);
            code[n++] = 0x5e006000u | ((4 + (j + 3) % 4) << 16) |
                        ((4 + (j + 2) % 4) << 5) | (4 + j);
        }
    }
    code[n++] = VADD(0, 0, 24);
    code[n++] = VADD(1, 1, 25);
#undef VADD
    run(m, code, n);
    check_v64(m, 0, 0x8f01cfeaba7816bfull, 0x5dae2223414140deull);
    check_v64(m, 1, 0x96177a9cb00361a3ull, 0xf20015adb410ff61ull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(pmull_64bit_is_carryless)
{
    arm64emu_machine *m = test_machine();
    set_v64(m, 1, 0x8000000000000001ull, ~0ull);
    set_v64(m, 2, 0x3, ~0ull);
    static const uint32_t code[] = {
        0x0ee2e020, /* pmull v0.1q, v1.1d, v2.1d */
        0x4ee2e023, /* pmull2 v3.1q, v1.2d, v2.2d */
    };
    RUN(m, code);
    /* (x^63 + 1)(x + 1) = x^64 + x^63 + x + 1 */
    check_v64(m, 0, 0x8000000000000003ull, 1);
    /* the square of all-ones has every even bit set */
    check_v64(m, 3, 0x5555555555555555ull, 0x5555555555555555ull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(later_extensions_follow_the_model)
{
    static const uint32_t sha512h = 0xce628020, sdot = 0x4e829420,
                          sqrdmlah = 0x6e428420, eor3 = 0xce020c20,
                          aese = 0x4e284820, pmull = 0x0ee2e020;
    arm64emu_machine *a72 = model_machine("cortex-a72");
    expect_undefined(a72, sha512h);
    expect_undefined(a72, sdot);
    expect_undefined(a72, sqrdmlah);
    expect_undefined(a72, eor3);
    expect_retires(a72, aese);
    expect_retires(a72, pmull);
    arm64emu_destroy(a72);
    arm64emu_machine *max = test_machine();
    expect_retires(max, sha512h);
    expect_retires(max, sdot);
    expect_retires(max, sqrdmlah);
    expect_retires(max, eor3);
    arm64emu_destroy(max);
}
END_TEST

START_TEST(by_element_multiply_uses_one_lane)
{
    arm64emu_machine *m = test_machine();
    set_v64(m, 1, 0x0004000300020001ull, 0x0008000700060005ull);
    set_v64(m, 2, 0, 0x00000000000a0000ull); /* h[5] = 10 */
    static const uint32_t code[] = {0x4f528820}; /* mul v0.8h, v1.8h, v2.h[5] */
    RUN(m, code);
    check_v64(m, 0, 0x0028001e0014000aull, 0x00500046003c0032ull);
    arm64emu_destroy(m);
}
END_TEST

static Suite *simd_suite(void)
{
    Suite *s = suite_create("simd");
    TCase *tc = tcase_create("simd");
    tcase_add_test(tc, saturating_add_clamps_and_sets_qc);
    tcase_add_test(tc, scalar_sqdmulh_saturates_minus_one_squared);
    tcase_add_test(tc, rounding_shifts_round_half_up);
    tcase_add_test(tc, narrowing_shift_fills_low_half_and_2_form_keeps_it);
    tcase_add_test(tc, tbl_gives_zero_for_out_of_range_indexes);
    tcase_add_test(tc, tbx_keeps_destination_bytes_for_out_of_range_indexes);
    tcase_add_test(tc, zip_uzp_trn_interleave_lanes);
    tcase_add_test(tc, reserved_sizes_are_undefined);
    tcase_add_test(tc, aes_round_matches_fips197);
    tcase_add_test(tc, sha256_instructions_hash_one_block);
    tcase_add_test(tc, pmull_64bit_is_carryless);
    tcase_add_test(tc, later_extensions_follow_the_model);
    tcase_add_test(tc, by_element_multiply_uses_one_lane);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_main(simd_suite());
}
