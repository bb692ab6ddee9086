/* Integer data processing: immediate and register groups, with the flag,
 * bitmask, bitfield, division and CRC32 edge cases the Arm ARM pins down.
 *
 * Guest code ends with an undefined word (0x00000000) so a run stops there
 * with ARM64EMU_EXIT_UNDEFINED; encodings come from the GNU assembler, and
 * hand-encoded words (unallocated forms) say which field makes them so. */
#include <stdbool.h>

#include "harness.h"

#define NZCV(n, z, c, v)                                                       \
    ((uint64_t)(((n) << 3) | ((z) << 2) | ((c) << 1) | (v)) << 28)

/* Loads code at the start of RAM. */
static void load(arm64emu_machine *m, const uint32_t *code, unsigned n)
{
    test_load(m, TEST_RAM_BASE, code, n);
}

/* Runs until the final undefined word and checks it is where the run
 * stopped. */
static void run_to_end(arm64emu_machine *m, unsigned n)
{
    arm64emu_exit e = test_run(m, 1000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNDEFINED);
    ck_assert_uint_eq(e.pc, TEST_RAM_BASE + 4ull * (n - 1));
}

/* Runs exactly n instructions. */
static void step(arm64emu_machine *m, unsigned n)
{
    arm64emu_exit e = test_run(m, n);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BUDGET);
}

static uint64_t nzcv(arm64emu_machine *m)
{
    return test_x(m, ARM64EMU_REG_NZCV);
}

/* An unallocated word is UNDEFINED right away and changes nothing. */
static void expect_undefined(const uint32_t *code)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 0, 0x1234);
    load(m, code, 2);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNDEFINED);
    ck_assert_uint_eq(e.pc, TEST_RAM_BASE);
    ck_assert_uint_eq(e.insn, code[0]);
    ck_assert_uint_eq(test_x(m, 0), 0x1234);
    arm64emu_destroy(m);
}

#define N_OF(code) ((unsigned)(sizeof(code) / sizeof(code[0])))
#define LOAD(m, code) load(m, code, N_OF(code))
#define RUN(m, code) run_to_end(m, N_OF(code))

static const uint32_t adds_imm64_code[] = {
    0xb1000420, /* adds x0, x1, #1 */
    0xb1000462, /* adds x2, x3, #1 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t adds_imm32_code[] = {
    0x31000420, /* adds w0, w1, #1 */
    0x31000462, /* adds w2, w3, #1 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t subs_imm_code[] = {
    0xf1001420, /* subs x0, x1, #5 */
    0x7140405f, /* cmp w2, #0x10, lsl #12 */
    0xb100047f, /* cmn x3, #1 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t sp_imm_code[] = {
    0xd14007ff, /* sub sp, sp, #1, lsl #12 */
    0x910043e0, /* add x0, sp, #16 */
    0x910003e1, /* mov x1, sp */
    0x110007e2, /* add w2, wsp, #1 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t logic_imm_code[] = {
    0xb200f3e0, /* mov x0, #0x5555555555555555 */
    0x12089c41, /* and w1, w2, #0xff00ff00 */
    0xd2410083, /* eor x3, x4, #0x8000000000000000 */
    0xb2009cc5, /* orr x5, x6, #0x00ff00ff00ff00ff */
    0x927ff907, /* and x7, x8, #0xfffffffffffffffe */
    0x52000129, /* eor w9, w9, #0x1 */
    0xb27c17ff, /* orr sp, xzr, #0x3f0 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t ands_imm_code[] = {
    0xf2410020, /* ands x0, x1, #0x8000000000000000 */
    0x72001c5f, /* tst w2, #0xff */
    0x00000000, /* udf: ends the run */
};

static const uint32_t logic_imm_n1_w_code[] = {
    0x12400000, /* and w0, w0, #? with N=1 and sf=0 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t movw_code[] = {
    0xd2e24680, /* movz x0, #0x1234, lsl #48 */
    0xf2aacf00, /* movk x0, #0x5678, lsl #16 */
    0x12800001, /* movn w1, #0 */
    0x92a00022, /* movn x2, #1, lsl #16 */
    0x7297dde3, /* movk w3, #0xbeef */
    0x52bfffe4, /* movz w4, #0xffff, lsl #16 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t movw_hw2_w_code[] = {
    0x52c00000, /* movz w0 with hw=2 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t movw_opc01_code[] = {
    0x32800000, /* move wide w0 with opc=01 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t bitfield_code[] = {
    0xd3442c20, /* ubfx x0, x1, #4, #8 */
    0x937cfc22, /* sbfx x2, x1, #60, #4 */
    0x131c7c23, /* sbfx w3, w1, #28, #4 */
    0xd3503c24, /* ubfiz x4, x1, #48, #16 */
    0x13181425, /* sbfiz w5, w1, #8, #6 */
    0xd3410026, /* lsl x6, x1, #63 */
    0x531f7c27, /* lsr w7, w1, #31 */
    0x937ffc28, /* asr x8, x1, #63 */
    0x93401dc9, /* sxtb x9, w14 */
    0x53003c2a, /* uxth w10, w1 */
    0x93407c2b, /* sxtw x11, w1 */
    0x937ff82c, /* sbfiz x12, x1, #1, #63 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t bfm_code[] = {
    0xb3783c20, /* bfi x0, x1, #8, #16 */
    0x33042c22, /* bfxil w2, w1, #4, #8 */
    0x33010023, /* bfi w3, w1, #31, #1 */
    0xb340fc24, /* bfxil x4, x1, #0, #64 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t bitfield_sf_n_code[] = {
    0x93000000, /* sbfm x0, x0 with sf=1 and N=0 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t bitfield_w_immr32_code[] = {
    0x13200000, /* sbfm w0 with immr=32 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t extr_code[] = {
    0x93c22020, /* extr x0, x1, x2, #8 */
    0x13821023, /* extr w3, w1, w2, #4 */
    0x93c10424, /* ror x4, x1, #1 */
    0x93c20025, /* extr x5, x1, x2, #0 */
    0x13820026, /* extr w6, w1, w2, #0 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t extr_w_lsb32_code[] = {
    0x13808000, /* extr w0 with imms=32 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t adr_code[] = {
    0x10000040, /* adr x0, .+8 */
    0x10ffffe1, /* adr x1, .-4 */
    0xf0000002, /* adrp x2, .+0x3000 */
    0xf0ffffe3, /* adrp x3, .-0x1000 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t addsub_shift_code[] = {
    0x8b020c20, /* add x0, x1, x2, lsl #3 */
    0x4b827c23, /* sub w3, w1, w2, asr #31 */
    0xab820444, /* adds x4, x2, x2, asr #1 */
    0xcb0203e5, /* neg x5, x2 */
    0x6b0213e6, /* negs w6, w2, lsl #4 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t addsub_shift_ror_code[] = {
    0x8bc00000, /* add x0, x0, x0, ror #0: reserved */
    0x00000000, /* udf: ends the run */
};

static const uint32_t addsub_shift_w_amount32_code[] = {
    0x0b008000, /* add w0, w0, w0, lsl #32 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t logic_shift_code[] = {
    0x8a220020, /* bic x0, x1, x2 */
    0x2a222023, /* orn w3, w1, w2, lsl #8 */
    0xcae21024, /* eon x4, x1, x2, ror #4 */
    0x2a2203e5, /* mvn w5, w2 */
    0x8a82f026, /* and x6, x1, x2, asr #60 */
    0x2ac23027, /* orr w7, w1, w2, ror #12 */
    0xca420428, /* eor x8, x1, x2, lsr #1 */
    0xea210029, /* bics x9, x1, x1 */
    0x6a02002b, /* ands w11, w1, w2 */
    0xaa0203ed, /* mov x13, x2 */
    0x2a0203ee, /* mov w14, w2 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t addsub_ext_code[] = {
    0x8b21cbe0, /* add x0, sp, w1, sxtw #2 */
    0xcb210062, /* sub x2, x3, w1, uxtb */
    0xab21b064, /* adds x4, x3, w1, sxth #4 */
    0xeb21407f, /* cmp x3, w1, uxtw */
    0x8b21647f, /* add sp, x3, x1, uxtx #1 */
    0x0b218065, /* add w5, w3, w1, sxtb */
    0xcb21ec66, /* sub x6, x3, x1, sxtx #3 */
    0x8b212467, /* add x7, x3, w1, uxth #1 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t addsub_ext_shift5_code[] = {
    0x8b201400, /* add x0, x0, w0, uxtb #5 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t adc_code[] = {
    0xab030020, /* adds x0, x1, x3 */
    0xba040042, /* adcs x2, x2, x4 */
    0x1a0700c5, /* adc w5, w6, w7 */
    0xfa030028, /* sbcs x8, x1, x3 */
    0x5a0700c9, /* sbc w9, w6, w7 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t ccmp_code[] = {
    0xeb02003f, /* cmp x1, x2 */
    0xfa430826, /* ccmp x1, #3, #0b0110, eq */
    0xfa421029, /* ccmp x1, x2, #0b1001, ne */
    0x3a41e860, /* ccmn w3, #1, #0, al */
    0x7a44f06f, /* ccmp w3, w4, #0b1111, nv */
    0x00000000, /* udf: ends the run */
};

static const uint32_t csel_code[] = {
    0xeb02003f, /* cmp x1, x2 */
    0x9a82b020, /* csel x0, x1, x2, lt */
    0x9a82a423, /* csinc x3, x1, x2, ge */
    0x5a82a024, /* csinv w4, w1, w2, ge */
    0xda82a425, /* csneg x5, x1, x2, ge */
    0x1a9fa7e6, /* cset w6, lt */
    0xda9fb3e7, /* csetm x7, ge */
    0x5a81a428, /* cneg w8, w1, lt */
    0x1a8aa429, /* csinc w9, w1, w10, ge */
    0x00000000, /* udf: ends the run */
};

static const uint32_t dp1_code[] = {
    0xdac00020, /* rbit x0, x1 */
    0x5ac00022, /* rbit w2, w1 */
    0xdac00423, /* rev16 x3, x1 */
    0x5ac00424, /* rev16 w4, w1 */
    0xdac00825, /* rev32 x5, x1 */
    0x5ac00826, /* rev w6, w1 */
    0xdac00c27, /* rev x7, x1 */
    0xdac01028, /* clz x8, x1 */
    0x5ac013e9, /* clz w9, wzr */
    0xdac0142a, /* cls x10, x1 */
    0x5ac0142b, /* cls w11, w1 */
    0xdac017ec, /* cls x12, xzr */
    0xdac011cd, /* clz x13, x14 */
    0x5ac0160f, /* cls w15, w16 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t rev_w_opc3_code[] = {
    0x5ac00c00, /* rev with sf=0 and opc=11 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t div_code[] = {
    0x9ac20820, /* udiv x0, x1, x2 */
    0x9ac50c83, /* sdiv x3, x4, x5 */
    0x1ac80ce6, /* sdiv w6, w7, w8 */
    0x9adf0829, /* udiv x9, x1, xzr */
    0x1adf0cea, /* sdiv w10, w7, wzr */
    0x9acd0d8b, /* sdiv x11, x12, x13 */
    0x1ad00dee, /* sdiv w14, w15, w16 */
    0x1ad30a51, /* udiv w17, w18, w19 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t shiftv_code[] = {
    0x9ac22020, /* lsl x0, x1, x2 */
    0x1ac22423, /* lsr w3, w1, w2 */
    0x9ac52824, /* asr x4, x1, x5 */
    0x1ac52c26, /* ror w6, w1, w5 */
    0x9ac52427, /* lsr x7, x1, x5 */
    0x1ac22828, /* asr w8, w1, w2 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t crc_code[] = {
    0x9ac14c00, /* crc32x w0, w0, x1 */
    0x1ac24000, /* crc32b w0, w0, w2 */
    0x2a2003e0, /* mvn w0, w0 */
    0x9ac15c63, /* crc32cx w3, w3, x1 */
    0x1ac25063, /* crc32cb w3, w3, w2 */
    0x2a2303e3, /* mvn w3, w3 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t crc_small_code[] = {
    0x1ac14800, /* crc32w w0, w0, w1 */
    0x1ac24400, /* crc32h w0, w0, w2 */
    0x1ac34000, /* crc32b w0, w0, w3 */
    0x1ac44000, /* crc32b w0, w0, w4 */
    0x2a2003e0, /* mvn w0, w0 */
    0x1ac158a5, /* crc32cw w5, w5, w1 */
    0x1ac254a5, /* crc32ch w5, w5, w2 */
    0x1ac350a5, /* crc32cb w5, w5, w3 */
    0x1ac450a5, /* crc32cb w5, w5, w4 */
    0x2a2503e5, /* mvn w5, w5 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t crc_x_w_code[] = {
    0x1ac04c00, /* crc32x with sf=0 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t crc_b_x_code[] = {
    0x9ac04000, /* crc32b with sf=1 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t mul_code[] = {
    0x9b020c20, /* madd x0, x1, x2, x3 */
    0x1b028c24, /* msub w4, w1, w2, w3 */
    0x9b027c25, /* mul x5, x1, x2 */
    0x1b02fc26, /* mneg w6, w1, w2 */
    0x9b220c27, /* smaddl x7, w1, w2, x3 */
    0x9ba28c28, /* umsubl x8, w1, w2, x3 */
    0x9b227c29, /* smull x9, w1, w2 */
    0x9ba27c2a, /* umull x10, w1, w2 */
    0x9b427c2b, /* smulh x11, x1, x2 */
    0x9bc27c2c, /* umulh x12, x1, x2 */
    0x9b4e7dcd, /* smulh x13, x14, x14 */
    0x9bce7dcf, /* umulh x15, x14, x14 */
    0x00000000, /* udf: ends the run */
};

static const uint32_t cond_code[] = {
    0x9a9f07e0, /* csinc x0, xzr, xzr, eq */
    0x9a9f17e1, /* csinc x1, xzr, xzr, ne */
    0x9a9f27e2, /* csinc x2, xzr, xzr, cs */
    0x9a9f37e3, /* csinc x3, xzr, xzr, cc */
    0x9a9f47e4, /* csinc x4, xzr, xzr, mi */
    0x9a9f57e5, /* csinc x5, xzr, xzr, pl */
    0x9a9f67e6, /* csinc x6, xzr, xzr, vs */
    0x9a9f77e7, /* csinc x7, xzr, xzr, vc */
    0x9a9f87e8, /* csinc x8, xzr, xzr, hi */
    0x9a9f97e9, /* csinc x9, xzr, xzr, ls */
    0x9a9fa7ea, /* csinc x10, xzr, xzr, ge */
    0x9a9fb7eb, /* csinc x11, xzr, xzr, lt */
    0x9a9fc7ec, /* csinc x12, xzr, xzr, gt */
    0x9a9fd7ed, /* csinc x13, xzr, xzr, le */
    0x9a9fe7ee, /* csinc x14, xzr, xzr, al */
    0x9a9ff7ef, /* csinc x15, xzr, xzr, nv */
    0x00000000, /* udf: ends the run */
};

/* ---- add/subtract (immediate) ------------------------------------------ */

START_TEST(adds_imm_64bit_overflows_at_int_max_and_carries_at_all_ones)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 0x7fffffffffffffffull);
    test_set_x(m, 3, ~0ull);
    LOAD(m, adds_imm64_code);
    step(m, 1);
    ck_assert_uint_eq(test_x(m, 0), 0x8000000000000000ull);
    ck_assert_uint_eq(nzcv(m), NZCV(1, 0, 0, 1));
    RUN(m, adds_imm64_code);
    ck_assert_uint_eq(test_x(m, 2), 0);
    ck_assert_uint_eq(nzcv(m), NZCV(0, 1, 1, 0));
    arm64emu_destroy(m);
}
END_TEST

START_TEST(adds_imm_32bit_flags_come_from_bit_31_and_ignore_upper_bits)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 0xdead00007fffffffull);
    test_set_x(m, 3, 0x12345678ffffffffull);
    LOAD(m, adds_imm32_code);
    step(m, 1);
    ck_assert_uint_eq(test_x(m, 0), 0x80000000ull);
    ck_assert_uint_eq(nzcv(m), NZCV(1, 0, 0, 1));
    RUN(m, adds_imm32_code);
    ck_assert_uint_eq(test_x(m, 2), 0);
    ck_assert_uint_eq(nzcv(m), NZCV(0, 1, 1, 0));
    arm64emu_destroy(m);
}
END_TEST

START_TEST(subs_imm_borrow_clears_carry_and_cmp_uses_lsl12)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 3);
    test_set_x(m, 2, 0xffffffff00010000ull);
    test_set_x(m, 3, 0x7fffffffffffffffull);
    LOAD(m, subs_imm_code);
    step(m, 1);
    ck_assert_uint_eq(test_x(m, 0), 0xfffffffffffffffeull);
    ck_assert_uint_eq(nzcv(m), NZCV(1, 0, 0, 0));
    step(m, 1); /* cmp w2, #0x10, lsl #12 */
    ck_assert_uint_eq(nzcv(m), NZCV(0, 1, 1, 0));
    RUN(m, subs_imm_code); /* cmn x3, #1 */
    ck_assert_uint_eq(nzcv(m), NZCV(1, 0, 0, 1));
    ck_assert_uint_eq(test_x(m, 3), 0x7fffffffffffffffull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(add_sub_imm_read_and_write_sp_and_w_form_truncates)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, ARM64EMU_REG_SP, 0x100008000ull);
    LOAD(m, sp_imm_code);
    RUN(m, sp_imm_code);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_SP), 0x100007000ull);
    ck_assert_uint_eq(test_x(m, 0), 0x100007010ull);
    ck_assert_uint_eq(test_x(m, 1), 0x100007000ull);
    ck_assert_uint_eq(test_x(m, 2), 0x7001);
    arm64emu_destroy(m);
}
END_TEST

/* ---- logical (immediate) ----------------------------------------------- */

START_TEST(logical_imm_decodes_replicated_bitmasks)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 0, 0x77);
    test_set_x(m, 2, 0xffffffff12345678ull);
    test_set_x(m, 4, 1);
    test_set_x(m, 6, 0x1000000000000000ull);
    test_set_x(m, 8, 0xffff);
    test_set_x(m, 9, 0xffffffff00000000ull);
    LOAD(m, logic_imm_code);
    RUN(m, logic_imm_code);
    ck_assert_uint_eq(test_x(m, 0), 0x5555555555555555ull);
    ck_assert_uint_eq(test_x(m, 1), 0x12005600);
    ck_assert_uint_eq(test_x(m, 3), 0x8000000000000001ull);
    ck_assert_uint_eq(test_x(m, 5), 0x10ff00ff00ff00ffull);
    ck_assert_uint_eq(test_x(m, 7), 0xfffe);
    ck_assert_uint_eq(test_x(m, 9), 1);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_SP), 0x3f0);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(ands_imm_sets_nz_clears_cv_and_writes_zr_not_sp)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, ~0ull);
    test_set_x(m, 2, 0x100);
    test_set_x(m, ARM64EMU_REG_SP, 0x4000);
    test_set_x(m, ARM64EMU_REG_NZCV, NZCV(0, 0, 1, 1));
    LOAD(m, ands_imm_code);
    step(m, 1);
    ck_assert_uint_eq(test_x(m, 0), 0x8000000000000000ull);
    ck_assert_uint_eq(nzcv(m), NZCV(1, 0, 0, 0));
    RUN(m, ands_imm_code); /* tst w2, #0xff */
    ck_assert_uint_eq(nzcv(m), NZCV(0, 1, 0, 0));
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_SP), 0x4000);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(logical_imm_with_n1_in_32bit_form_is_undefined)
{
    expect_undefined(logic_imm_n1_w_code);
}
END_TEST

/* ---- move wide --------------------------------------------------------- */

START_TEST(move_wide_builds_constants_and_movk_keeps_other_halves)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 0x1234567800000000ull);
    test_set_x(m, 3, 0xaaaaaaaa12345678ull);
    LOAD(m, movw_code);
    RUN(m, movw_code);
    ck_assert_uint_eq(test_x(m, 0), 0x1234000056780000ull);
    ck_assert_uint_eq(test_x(m, 1), 0xffffffffull);
    ck_assert_uint_eq(test_x(m, 2), 0xfffffffffffeffffull);
    ck_assert_uint_eq(test_x(m, 3), 0x1234beefull);
    ck_assert_uint_eq(test_x(m, 4), 0xffff0000ull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(move_wide_32bit_with_hw2_is_undefined)
{
    expect_undefined(movw_hw2_w_code);
}
END_TEST

START_TEST(move_wide_opc01_is_undefined)
{
    expect_undefined(movw_opc01_code);
}
END_TEST

/* ---- bitfield and extract ---------------------------------------------- */

START_TEST(sbfm_ubfm_aliases_extract_insert_and_extend)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 0xfedcba9887654321ull);
    test_set_x(m, 14, 0x12345680);
    LOAD(m, bitfield_code);
    RUN(m, bitfield_code);
    ck_assert_uint_eq(test_x(m, 0), 0x32);                  /* ubfx */
    ck_assert_uint_eq(test_x(m, 2), ~0ull);                 /* sbfx 64 */
    ck_assert_uint_eq(test_x(m, 3), 0xfffffff8ull);         /* sbfx 32 */
    ck_assert_uint_eq(test_x(m, 4), 0x4321000000000000ull); /* ubfiz */
    ck_assert_uint_eq(test_x(m, 5), 0xffffe100ull);         /* sbfiz 32 */
    ck_assert_uint_eq(test_x(m, 6), 0x8000000000000000ull); /* lsl #63 */
    ck_assert_uint_eq(test_x(m, 7), 1);                     /* lsr w #31 */
    ck_assert_uint_eq(test_x(m, 8), ~0ull);                 /* asr */
    ck_assert_uint_eq(test_x(m, 9), 0xffffffffffffff80ull); /* sxtb */
    ck_assert_uint_eq(test_x(m, 10), 0x4321);               /* uxth */
    ck_assert_uint_eq(test_x(m, 11), 0xffffffff87654321ull); /* sxtw */
    ck_assert_uint_eq(test_x(m, 12), 0xfdb975310eca8642ull); /* sbfiz 63 */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(bfm_inserts_field_and_keeps_other_destination_bits)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 0, 0x1111111111111111ull);
    test_set_x(m, 1, 0xfedcba9887654321ull);
    test_set_x(m, 2, 0xffffffffaaaaaaaaull);
    test_set_x(m, 3, 0);
    test_set_x(m, 4, 0x5555);
    LOAD(m, bfm_code);
    RUN(m, bfm_code);
    ck_assert_uint_eq(test_x(m, 0), 0x1111111111432111ull); /* bfi */
    ck_assert_uint_eq(test_x(m, 2), 0xaaaaaa32ull);         /* bfxil 32 */
    ck_assert_uint_eq(test_x(m, 3), 0x80000000ull);         /* bfi #31 */
    ck_assert_uint_eq(test_x(m, 4), 0xfedcba9887654321ull); /* whole */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(bitfield_with_sf_not_equal_n_is_undefined)
{
    expect_undefined(bitfield_sf_n_code);
}
END_TEST

START_TEST(bitfield_32bit_with_immr_bit5_is_undefined)
{
    expect_undefined(bitfield_w_immr32_code);
}
END_TEST

START_TEST(extr_concatenates_and_ror_rotates)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 0xfedcba9887654321ull);
    test_set_x(m, 2, 0x0123456789abcdefull);
    LOAD(m, extr_code);
    RUN(m, extr_code);
    ck_assert_uint_eq(test_x(m, 0), 0x210123456789abcdull);
    ck_assert_uint_eq(test_x(m, 3), 0x189abcdeull);
    ck_assert_uint_eq(test_x(m, 4), 0xff6e5d4c43b2a190ull);
    ck_assert_uint_eq(test_x(m, 5), 0x0123456789abcdefull);
    ck_assert_uint_eq(test_x(m, 6), 0x89abcdefull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(extr_32bit_with_lsb_32_is_undefined)
{
    expect_undefined(extr_w_lsb32_code);
}
END_TEST

START_TEST(adr_and_adrp_are_relative_to_the_instruction)
{
    arm64emu_machine *m = test_machine();
    LOAD(m, adr_code);
    RUN(m, adr_code);
    ck_assert_uint_eq(test_x(m, 0), TEST_RAM_BASE + 8);
    ck_assert_uint_eq(test_x(m, 1), TEST_RAM_BASE);
    ck_assert_uint_eq(test_x(m, 2), TEST_RAM_BASE + 0x3000);
    ck_assert_uint_eq(test_x(m, 3), TEST_RAM_BASE - 0x1000);
    arm64emu_destroy(m);
}
END_TEST

/* ---- add/subtract and logical (register) -------------------------------- */

START_TEST(add_sub_shifted_register_shifts_rm_and_sets_flags)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 0x0123456789abcdefull);
    test_set_x(m, 2, 0x8000000080000001ull);
    LOAD(m, addsub_shift_code);
    step(m, 3);
    ck_assert_uint_eq(test_x(m, 0), 0x0123456b89abcdf7ull);
    ck_assert_uint_eq(test_x(m, 3), 0x89abcdf0ull);
    ck_assert_uint_eq(test_x(m, 4), 0x40000000c0000001ull);
    ck_assert_uint_eq(nzcv(m), NZCV(0, 0, 1, 1));
    RUN(m, addsub_shift_code);
    ck_assert_uint_eq(test_x(m, 5), 0x7fffffff7fffffffull);
    ck_assert_uint_eq(test_x(m, 6), 0xfffffff0ull);
    ck_assert_uint_eq(nzcv(m), NZCV(1, 0, 0, 0));
    arm64emu_destroy(m);
}
END_TEST

START_TEST(add_shifted_register_with_ror_is_undefined)
{
    expect_undefined(addsub_shift_ror_code);
}
END_TEST

START_TEST(add_shifted_register_32bit_with_amount_32_is_undefined)
{
    expect_undefined(addsub_shift_w_amount32_code);
}
END_TEST

START_TEST(logical_shifted_register_covers_inverted_forms_and_ror)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 0xfedcba9887654321ull);
    test_set_x(m, 2, 0xf0f0f0f000ff00ffull);
    test_set_x(m, ARM64EMU_REG_NZCV, NZCV(1, 0, 1, 1));
    LOAD(m, logic_shift_code);
    step(m, 8);
    ck_assert_uint_eq(test_x(m, 0), 0x0e0c0a0887004300ull); /* bic */
    ck_assert_uint_eq(test_x(m, 3), 0x87ff43ffull);         /* orn lsl */
    ck_assert_uint_eq(test_x(m, 4), 0xfe2c4a6878954cd1ull); /* eon ror */
    ck_assert_uint_eq(test_x(m, 5), 0xff00ff00ull);         /* mvn */
    ck_assert_uint_eq(test_x(m, 6), 0xfedcba9887654321ull); /* and asr */
    ck_assert_uint_eq(test_x(m, 7), 0x8ff54ff1ull);         /* orr ror */
    ck_assert_uint_eq(test_x(m, 8), 0x86a4c2e0871ac35eull); /* eor lsr */
    ck_assert_uint_eq(test_x(m, 9), 0);                     /* bics */
    ck_assert_uint_eq(nzcv(m), NZCV(0, 1, 0, 0));
    step(m, 1);
    ck_assert_uint_eq(test_x(m, 11), 0x650021);             /* ands */
    ck_assert_uint_eq(nzcv(m), NZCV(0, 0, 0, 0));
    RUN(m, logic_shift_code);
    ck_assert_uint_eq(test_x(m, 13), 0xf0f0f0f000ff00ffull);
    ck_assert_uint_eq(test_x(m, 14), 0x00ff00ffull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(add_sub_extended_register_extends_shifts_and_uses_sp)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, ARM64EMU_REG_SP, 0x40010000);
    test_set_x(m, 1, 0xfffffff0);
    test_set_x(m, 3, 0x1000);
    LOAD(m, addsub_ext_code);
    step(m, 3);
    ck_assert_uint_eq(test_x(m, 0), 0x4000ffc0);   /* sxtw #2 from sp */
    ck_assert_uint_eq(test_x(m, 2), 0xf10);        /* uxtb */
    ck_assert_uint_eq(test_x(m, 4), 0xf00);        /* sxth #4 */
    ck_assert_uint_eq(nzcv(m), NZCV(0, 0, 1, 0));
    step(m, 1);                                    /* cmp x3, w1, uxtw */
    ck_assert_uint_eq(nzcv(m), NZCV(1, 0, 0, 0));
    RUN(m, addsub_ext_code);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_SP), 0x200000fe0ull);
    ck_assert_uint_eq(test_x(m, 5), 0xff0);        /* sxtb, 32-bit */
    ck_assert_uint_eq(test_x(m, 6), 0xfffffff800001080ull); /* sxtx #3 */
    ck_assert_uint_eq(test_x(m, 7), 0x20fe0);      /* uxth #1 */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(add_extended_register_with_shift_above_4_is_undefined)
{
    expect_undefined(addsub_ext_shift5_code);
}
END_TEST

START_TEST(adc_sbc_chain_carry_through_128_bits)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, ~0ull);
    test_set_x(m, 3, 1);
    test_set_x(m, 2, 5);
    test_set_x(m, 4, 0xfffffffffffffffaull);
    test_set_x(m, 6, 0xffffffff);
    test_set_x(m, 7, 0);
    LOAD(m, adc_code);
    step(m, 2);
    ck_assert_uint_eq(test_x(m, 0), 0);
    ck_assert_uint_eq(test_x(m, 2), 0);
    ck_assert_uint_eq(nzcv(m), NZCV(0, 1, 1, 0));
    step(m, 2);
    ck_assert_uint_eq(test_x(m, 5), 0);            /* adc w: wraps */
    ck_assert_uint_eq(test_x(m, 8), 0xfffffffffffffffeull);
    ck_assert_uint_eq(nzcv(m), NZCV(1, 0, 1, 0));
    RUN(m, adc_code);
    ck_assert_uint_eq(test_x(m, 9), 0xffffffff);   /* sbc w, no borrow */
    arm64emu_destroy(m);
}
END_TEST

/* ---- conditional compare and select ------------------------------------ */

START_TEST(ccmp_compares_when_condition_holds_else_sets_immediate_flags)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 3);
    test_set_x(m, 2, 3);
    test_set_x(m, 3, 0xffffffff);
    test_set_x(m, 4, 0);
    LOAD(m, ccmp_code);
    step(m, 2); /* cmp; ccmp x1, #3, #9, eq: holds */
    ck_assert_uint_eq(nzcv(m), NZCV(0, 1, 1, 0));
    step(m, 1); /* ccmp x1, x2, #9, ne: fails */
    ck_assert_uint_eq(nzcv(m), NZCV(1, 0, 0, 1));
    step(m, 1); /* ccmn w3, #1, #0, al */
    ck_assert_uint_eq(nzcv(m), NZCV(0, 1, 1, 0));
    RUN(m, ccmp_code); /* ccmp w3, w4, #15, nv: nv always holds */
    ck_assert_uint_eq(nzcv(m), NZCV(1, 0, 1, 0));
    arm64emu_destroy(m);
}
END_TEST

START_TEST(csel_family_selects_increments_inverts_and_negates)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 5);
    test_set_x(m, 2, 7);
    test_set_x(m, 10, 0x1ffffffffull);
    LOAD(m, csel_code);
    RUN(m, csel_code);
    ck_assert_uint_eq(test_x(m, 0), 5);
    ck_assert_uint_eq(test_x(m, 3), 8);
    ck_assert_uint_eq(test_x(m, 4), 0xfffffff8ull);
    ck_assert_uint_eq(test_x(m, 5), 0xfffffffffffffff9ull);
    ck_assert_uint_eq(test_x(m, 6), 1);
    ck_assert_uint_eq(test_x(m, 7), 0);
    ck_assert_uint_eq(test_x(m, 8), 0xfffffffbull);
    ck_assert_uint_eq(test_x(m, 9), 0); /* csinc w: 0xffffffff + 1 wraps */
    arm64emu_destroy(m);
}
END_TEST

/* ConditionHolds, written from the Arm ARM's condition table rather than
 * from the library's helper. */
static bool reference_condition(unsigned cond, unsigned nzcv4)
{
    bool n = nzcv4 & 8, z = nzcv4 & 4, c = nzcv4 & 2, v = nzcv4 & 1;
    switch (cond) {
    case 0x0: return z;                /* EQ */
    case 0x1: return !z;               /* NE */
    case 0x2: return c;                /* CS */
    case 0x3: return !c;               /* CC */
    case 0x4: return n;                /* MI */
    case 0x5: return !n;               /* PL */
    case 0x6: return v;                /* VS */
    case 0x7: return !v;               /* VC */
    case 0x8: return c && !z;          /* HI */
    case 0x9: return !(c && !z);       /* LS */
    case 0xa: return n == v;           /* GE */
    case 0xb: return n != v;           /* LT */
    case 0xc: return !z && n == v;     /* GT */
    case 0xd: return !(!z && n == v);  /* LE */
    default: return true;              /* AL, NV */
    }
}

START_TEST(conditional_select_honours_every_condition_for_every_nzcv)
{
    for (unsigned f = 0; f < 16; f++) {
        arm64emu_machine *m = test_machine();
        test_set_x(m, ARM64EMU_REG_NZCV, (uint64_t)f << 28);
        LOAD(m, cond_code);
        RUN(m, cond_code);
        for (unsigned cond = 0; cond < 16; cond++) {
            uint64_t want = reference_condition(cond, f) ? 0 : 1;
            ck_assert_msg(test_x(m, cond) == want,
                          "cond %u with NZCV %x: got %llu, want %llu", cond,
                          f, (unsigned long long)test_x(m, cond),
                          (unsigned long long)want);
        }
        arm64emu_destroy(m);
    }
}
END_TEST

/* ---- data processing (1 source) ---------------------------------------- */

START_TEST(bit_and_byte_reversal_and_leading_bit_counts)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 0x0123456789abcdefull);
    test_set_x(m, 14, 1);
    test_set_x(m, 16, 0xffffffff);
    LOAD(m, dp1_code);
    RUN(m, dp1_code);
    ck_assert_uint_eq(test_x(m, 0), 0xf7b3d591e6a2c480ull);
    ck_assert_uint_eq(test_x(m, 2), 0xf7b3d591ull);
    ck_assert_uint_eq(test_x(m, 3), 0x23016745ab89efcdull);
    ck_assert_uint_eq(test_x(m, 4), 0xab89efcdull);
    ck_assert_uint_eq(test_x(m, 5), 0x67452301efcdab89ull);
    ck_assert_uint_eq(test_x(m, 6), 0xefcdab89ull);
    ck_assert_uint_eq(test_x(m, 7), 0xefcdab8967452301ull);
    ck_assert_uint_eq(test_x(m, 8), 7);
    ck_assert_uint_eq(test_x(m, 9), 32);  /* clz of zero is the width */
    ck_assert_uint_eq(test_x(m, 10), 6);
    ck_assert_uint_eq(test_x(m, 11), 0);
    ck_assert_uint_eq(test_x(m, 12), 63); /* cls of zero: width - 1 */
    ck_assert_uint_eq(test_x(m, 13), 63);
    ck_assert_uint_eq(test_x(m, 15), 31); /* cls of -1 */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(rev_64bit_opcode_in_32bit_form_is_undefined)
{
    expect_undefined(rev_w_opc3_code);
}
END_TEST

/* ---- data processing (2 source) ---------------------------------------- */

START_TEST(division_by_zero_gives_zero_and_int_min_by_minus_one_wraps)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, ~0ull);
    test_set_x(m, 2, 3);
    test_set_x(m, 4, 0x8000000000000000ull);
    test_set_x(m, 5, ~0ull);
    test_set_x(m, 7, 0x80000000);
    test_set_x(m, 8, 0xffffffff);
    test_set_x(m, 9, 0x99);
    test_set_x(m, 10, 0x99);
    test_set_x(m, 12, (uint64_t)-7);
    test_set_x(m, 13, 2);
    test_set_x(m, 15, 7);
    test_set_x(m, 16, 0xfffffffe);
    test_set_x(m, 18, 0x100000010ull);
    test_set_x(m, 19, 0xffffffff00000003ull);
    LOAD(m, div_code);
    RUN(m, div_code);
    ck_assert_uint_eq(test_x(m, 0), 0x5555555555555555ull);
    ck_assert_uint_eq(test_x(m, 3), 0x8000000000000000ull);
    ck_assert_uint_eq(test_x(m, 6), 0x80000000ull);
    ck_assert_uint_eq(test_x(m, 9), 0);
    ck_assert_uint_eq(test_x(m, 10), 0);
    ck_assert_uint_eq(test_x(m, 11), (uint64_t)-3); /* rounds toward 0 */
    ck_assert_uint_eq(test_x(m, 14), 0xfffffffdull);
    ck_assert_uint_eq(test_x(m, 17), 5);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(variable_shifts_take_amount_modulo_width)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 0x8123456789abcdefull);
    test_set_x(m, 2, 68);
    test_set_x(m, 5, ~0ull);
    LOAD(m, shiftv_code);
    RUN(m, shiftv_code);
    ck_assert_uint_eq(test_x(m, 0), 0x123456789abcdef0ull);
    ck_assert_uint_eq(test_x(m, 3), 0x089abcdeull);
    ck_assert_uint_eq(test_x(m, 4), ~0ull);
    ck_assert_uint_eq(test_x(m, 6), 0x13579bdfull);
    ck_assert_uint_eq(test_x(m, 7), 1);
    ck_assert_uint_eq(test_x(m, 8), 0xf89abcdeull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(crc32_and_crc32c_of_123456789_match_check_values)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 0, 0xdead0000ffffffffull);
    test_set_x(m, 3, 0xffffffff);
    test_set_x(m, 1, 0x3837363534333231ull); /* "12345678" */
    test_set_x(m, 2, 0x39);                  /* "9" */
    LOAD(m, crc_code);
    RUN(m, crc_code);
    ck_assert_uint_eq(test_x(m, 0), 0xcbf43926ull);
    ck_assert_uint_eq(test_x(m, 3), 0xe3069283ull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(crc32_w_h_b_forms_read_only_their_low_bits)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 0, 0xffffffff);
    test_set_x(m, 5, 0xffffffff);
    test_set_x(m, 1, 0xffffffff34333231ull); /* "1234" */
    test_set_x(m, 2, 0xabcdef0012343635ull); /* "56" */
    test_set_x(m, 3, 0xffffff37);            /* "7" */
    test_set_x(m, 4, 0x38);                  /* "8" */
    LOAD(m, crc_small_code);
    RUN(m, crc_small_code);
    ck_assert_uint_eq(test_x(m, 0), 0x9ae0daafull); /* CRC-32("12345678") */
    ck_assert_uint_eq(test_x(m, 5), 0x6087809aull); /* CRC-32C("12345678") */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(crc32x_in_32bit_form_is_undefined)
{
    expect_undefined(crc_x_w_code);
}
END_TEST

START_TEST(crc32b_in_64bit_form_is_undefined)
{
    expect_undefined(crc_b_x_code);
}
END_TEST

/* ---- data processing (3 source) ---------------------------------------- */

START_TEST(multiply_accumulate_long_and_high_half_products)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 0xfffffffffffffffeull); /* -2, and w1 = -2 */
    test_set_x(m, 2, 0x0000000300000005ull); /* w2 = 5 */
    test_set_x(m, 3, 100);
    test_set_x(m, 14, 0x8000000000000000ull);
    LOAD(m, mul_code);
    RUN(m, mul_code);
    ck_assert_uint_eq(test_x(m, 0), 0xfffffffa0000005aull);  /* madd */
    ck_assert_uint_eq(test_x(m, 4), 110);                    /* msub w */
    ck_assert_uint_eq(test_x(m, 5), 0xfffffff9fffffff6ull);  /* mul */
    ck_assert_uint_eq(test_x(m, 6), 10);                     /* mneg w */
    ck_assert_uint_eq(test_x(m, 7), 90);                     /* smaddl */
    ck_assert_uint_eq(test_x(m, 8), 0xfffffffb0000006eull);  /* umsubl */
    ck_assert_uint_eq(test_x(m, 9), (uint64_t)-10);          /* smull */
    ck_assert_uint_eq(test_x(m, 10), 0x4fffffff6ull);        /* umull */
    ck_assert_uint_eq(test_x(m, 11), ~0ull);                 /* smulh */
    ck_assert_uint_eq(test_x(m, 12), 0x300000004ull);        /* umulh */
    ck_assert_uint_eq(test_x(m, 13), 0x4000000000000000ull); /* smulh min^2 */
    ck_assert_uint_eq(test_x(m, 15), 0x4000000000000000ull); /* umulh */
    arm64emu_destroy(m);
}
END_TEST

static Suite *dp_suite(void)
{
    Suite *s = suite_create("dp");
    TCase *tc = tcase_create("dp");
    tcase_add_test(tc, adds_imm_64bit_overflows_at_int_max_and_carries_at_all_ones);
    tcase_add_test(tc, adds_imm_32bit_flags_come_from_bit_31_and_ignore_upper_bits);
    tcase_add_test(tc, subs_imm_borrow_clears_carry_and_cmp_uses_lsl12);
    tcase_add_test(tc, add_sub_imm_read_and_write_sp_and_w_form_truncates);
    tcase_add_test(tc, logical_imm_decodes_replicated_bitmasks);
    tcase_add_test(tc, ands_imm_sets_nz_clears_cv_and_writes_zr_not_sp);
    tcase_add_test(tc, logical_imm_with_n1_in_32bit_form_is_undefined);
    tcase_add_test(tc, move_wide_builds_constants_and_movk_keeps_other_halves);
    tcase_add_test(tc, move_wide_32bit_with_hw2_is_undefined);
    tcase_add_test(tc, move_wide_opc01_is_undefined);
    tcase_add_test(tc, sbfm_ubfm_aliases_extract_insert_and_extend);
    tcase_add_test(tc, bfm_inserts_field_and_keeps_other_destination_bits);
    tcase_add_test(tc, bitfield_with_sf_not_equal_n_is_undefined);
    tcase_add_test(tc, bitfield_32bit_with_immr_bit5_is_undefined);
    tcase_add_test(tc, extr_concatenates_and_ror_rotates);
    tcase_add_test(tc, extr_32bit_with_lsb_32_is_undefined);
    tcase_add_test(tc, adr_and_adrp_are_relative_to_the_instruction);
    tcase_add_test(tc, add_sub_shifted_register_shifts_rm_and_sets_flags);
    tcase_add_test(tc, add_shifted_register_with_ror_is_undefined);
    tcase_add_test(tc, add_shifted_register_32bit_with_amount_32_is_undefined);
    tcase_add_test(tc, logical_shifted_register_covers_inverted_forms_and_ror);
    tcase_add_test(tc, add_sub_extended_register_extends_shifts_and_uses_sp);
    tcase_add_test(tc, add_extended_register_with_shift_above_4_is_undefined);
    tcase_add_test(tc, adc_sbc_chain_carry_through_128_bits);
    tcase_add_test(tc, ccmp_compares_when_condition_holds_else_sets_immediate_flags);
    tcase_add_test(tc, csel_family_selects_increments_inverts_and_negates);
    tcase_add_test(tc, conditional_select_honours_every_condition_for_every_nzcv);
    tcase_add_test(tc, bit_and_byte_reversal_and_leading_bit_counts);
    tcase_add_test(tc, rev_64bit_opcode_in_32bit_form_is_undefined);
    tcase_add_test(tc, division_by_zero_gives_zero_and_int_min_by_minus_one_wraps);
    tcase_add_test(tc, variable_shifts_take_amount_modulo_width);
    tcase_add_test(tc, crc32_and_crc32c_of_123456789_match_check_values);
    tcase_add_test(tc, crc32_w_h_b_forms_read_only_their_low_bits);
    tcase_add_test(tc, crc32x_in_32bit_form_is_undefined);
    tcase_add_test(tc, crc32b_in_64bit_form_is_undefined);
    tcase_add_test(tc, multiply_accumulate_long_and_high_half_products);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_main(dp_suite());
}
