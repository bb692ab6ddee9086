/* Integer and SIMD&FP loads and stores: every addressing form, sign
 * extension, writeback, SP as base, page-crossing accesses, faults without
 * architectural effect, structure loads/stores and MMIO access sizes.
 *
 * Each program ends with the undefined word 0, so a run that gets through
 * it stops with ARM64EMU_EXIT_UNDEFINED at that word. Encodings come from
 * aarch64-linux-gnu-as. */
#include <string.h>

#include "harness.h"

#define DATA (TEST_RAM_BASE + 0x10000)
#define RAM_END (TEST_RAM_BASE + TEST_RAM_SIZE)

/* ---- helpers ------------------------------------------------------------- */

static uint8_t pat(uint64_t addr)
{
    return (uint8_t)(addr * 7 + 3 + (addr >> 8));
}

static void pat_bytes(uint64_t addr, uint8_t *out, unsigned len)
{
    for (unsigned i = 0; i < len; i++)
        out[i] = pat(addr + i);
}

/* The little-endian value of the pattern at addr. */
static uint64_t pat_le(uint64_t addr, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)pat(addr + i) << (8 * i);
    return v;
}

static void fill_pattern(arm64emu_machine *m, uint64_t addr, unsigned len)
{
    uint8_t buf[4096];
    ck_assert_uint_le(len, sizeof(buf));
    pat_bytes(addr, buf, len);
    ck_assert_int_eq(arm64emu_mem_write(m, addr, buf, len), ARM64EMU_OK);
}

static uint64_t mem_le(arm64emu_machine *m, uint64_t addr, unsigned size)
{
    uint8_t b[8] = {0};
    ck_assert_int_eq(arm64emu_mem_read(m, addr, b, size), ARM64EMU_OK);
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

static void set_sp(arm64emu_machine *m, uint64_t v)
{
    test_set_x(m, ARM64EMU_REG_SP, v);
}

static void set_v(arm64emu_machine *m, unsigned n, const uint8_t *bytes16)
{
    ck_assert_int_eq(arm64emu_vreg_write(m, 0, n, bytes16), ARM64EMU_OK);
}

static void set_v_fill(arm64emu_machine *m, unsigned n, uint8_t b)
{
    uint8_t v[16];
    memset(v, b, sizeof(v));
    set_v(m, n, v);
}

static void check_v(arm64emu_machine *m, unsigned n, const uint8_t *want)
{
    uint8_t got[16];
    ck_assert_int_eq(arm64emu_vreg_read(m, 0, n, got), ARM64EMU_OK);
    for (unsigned i = 0; i < 16; i++)
        ck_assert_msg(got[i] == want[i], "v%u byte %u: expected 0x%02x, got 0x%02x",
                      n, i, want[i], got[i]);
}

static void check_mem(arm64emu_machine *m, uint64_t addr, const uint8_t *want,
                      unsigned len)
{
    uint8_t got[256];
    ck_assert_uint_le(len, sizeof(got));
    ck_assert_int_eq(arm64emu_mem_read(m, addr, got, len), ARM64EMU_OK);
    for (unsigned i = 0; i < len; i++)
        ck_assert_msg(got[i] == want[i], "byte at 0x%llx: expected 0x%02x, got 0x%02x",
                      (unsigned long long)(addr + i), want[i], got[i]);
}

/* Loads code at TEST_RAM_BASE, runs it and expects it to reach the final
 * undefined word at index end. */
static void run_to_end(arm64emu_machine *m, const uint32_t *code, unsigned n,
                       unsigned end)
{
    test_load(m, TEST_RAM_BASE, code, n);
    arm64emu_exit e = test_run(m, 1000);
    ck_assert_msg(e.reason == ARM64EMU_EXIT_UNDEFINED, "exit reason %u at pc 0x%llx",
                  e.reason, (unsigned long long)e.pc);
    ck_assert_uint_eq(e.pc, TEST_RAM_BASE + 4ull * end);
}

#define RUN(m, code) run_to_end(m, code, sizeof(code) / 4, sizeof(code) / 4 - 1)

/* Runs code whose first instruction must fault on an unmapped access. */
static arm64emu_exit run_to_fault(arm64emu_machine *m, const uint32_t *code,
                                  unsigned n)
{
    test_load(m, TEST_RAM_BASE, code, n);
    arm64emu_exit e = test_run(m, 1000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNMAPPED);
    ck_assert_uint_eq(e.pc, TEST_RAM_BASE);
    ck_assert_uint_eq(e.insn, code[0]);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), TEST_RAM_BASE);
    uint64_t count;
    arm64emu_instructions(m, 0, &count);
    ck_assert_uint_eq(count, 0);
    return e;
}

/* ---- integer, single register -------------------------------------------- */

START_TEST(unsigned_offset_is_scaled_by_access_size)
{
    static const uint32_t code[] = {
        0xf9000801, /* str x1, [x0, #16] */
        0xb9401002, /* ldr w2, [x0, #16] */
        0x39404403, /* ldrb w3, [x0, #17] */
        0x79402404, /* ldrh w4, [x0, #18] */
        0xf9400805, /* ldr x5, [x0, #16] */
        0x393ffc01, /* strb w1, [x0, #4095] */
        0x793ffc01, /* strh w1, [x0, #8190] */
        0xb93ffc01, /* str w1, [x0, #16380] */
        0xf97ffc06, /* ldr x6, [x0, #32760] */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA + 32760, 8);
    test_set_x(m, 0, DATA);
    test_set_x(m, 1, 0x1122334455667788ull);
    for (unsigned r = 2; r <= 6; r++)
        test_set_x(m, r, ~0ull);
    RUN(m, code);
    ck_assert_uint_eq(test_x(m, 2), 0x55667788);
    ck_assert_uint_eq(test_x(m, 3), 0x77);
    ck_assert_uint_eq(test_x(m, 4), 0x5566);
    ck_assert_uint_eq(test_x(m, 5), 0x1122334455667788ull);
    ck_assert_uint_eq(test_x(m, 6), pat_le(DATA + 32760, 8));
    ck_assert_uint_eq(mem_le(m, DATA + 4095, 1), 0x88);
    ck_assert_uint_eq(mem_le(m, DATA + 8190, 2), 0x7788);
    ck_assert_uint_eq(mem_le(m, DATA + 16380, 4), 0x55667788);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(unscaled_offset_is_signed_bytes)
{
    static const uint32_t code[] = {
        0xf81fd001, /* stur x1, [x0, #-3] */
        0xf85fd002, /* ldur x2, [x0, #-3] */
        0xb85fe003, /* ldur w3, [x0, #-2] */
        0x380ff001, /* sturb w1, [x0, #255] */
        0x388ff004, /* ldursb x4, [x0, #255] */
        0x78100001, /* sturh w1, [x0, #-256] */
        0x78500005, /* ldurh w5, [x0, #-256] */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    test_set_x(m, 0, DATA + 0x100);
    test_set_x(m, 1, 0x1122334455667788ull);
    RUN(m, code);
    ck_assert_uint_eq(mem_le(m, DATA + 0xfd, 8), 0x1122334455667788ull);
    ck_assert_uint_eq(test_x(m, 2), 0x1122334455667788ull);
    ck_assert_uint_eq(test_x(m, 3), 0x44556677);
    ck_assert_uint_eq(mem_le(m, DATA + 0x1ff, 1), 0x88);
    ck_assert_uint_eq(test_x(m, 4), 0xffffffffffffff88ull);
    ck_assert_uint_eq(mem_le(m, DATA, 2), 0x7788);
    ck_assert_uint_eq(test_x(m, 5), 0x7788);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(pre_index_writes_back_before_and_post_index_after)
{
    static const uint32_t code[] = {
        0xf8408c01, /* ldr x1, [x0, #8]! */
        0xf85f8402, /* ldr x2, [x0], #-8 */
        0xb81fcc03, /* str w3, [x0, #-4]! */
        0x38005403, /* strb w3, [x0], #5 */
        0x785ffc04, /* ldrh w4, [x0, #-1]! */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA - 16, 64);
    test_set_x(m, 0, DATA);
    test_set_x(m, 3, 0x99aabbccddull);
    RUN(m, code);
    ck_assert_uint_eq(test_x(m, 1), pat_le(DATA + 8, 8));
    ck_assert_uint_eq(test_x(m, 2), pat_le(DATA + 8, 8));
    ck_assert_uint_eq(mem_le(m, DATA - 4, 4), 0xaabbccdd);
    ck_assert_uint_eq(test_x(m, 4), pat_le(DATA, 2));
    ck_assert_uint_eq(test_x(m, 0), DATA);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(register_offset_extends_and_shifts_index)
{
    static const uint32_t code[] = {
        0xf8617803, /* ldr x3, [x0, x1, lsl #3] */
        0xf8614804, /* ldr x4, [x0, w1, uxtw] */
        0xb862d805, /* ldr w5, [x0, w2, sxtw #2] */
        0x3862e806, /* ldrb w6, [x0, x2, sxtx] */
        0x78617807, /* ldrh w7, [x0, x1, lsl #1] */
        0xf868480a, /* ldr x10, [x0, w8, uxtw] */
        0xf8216809, /* str x9, [x0, x1] */
        0xb8a2c80b, /* ldrsw x11, [x0, w2, sxtw] */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA - 64, 128);
    test_set_x(m, 0, DATA);
    test_set_x(m, 1, 2);
    test_set_x(m, 2, ~0ull);
    test_set_x(m, 8, 0xffffffff00000010ull);
    test_set_x(m, 9, 0xdeadbeefcafef00dull);
    RUN(m, code);
    ck_assert_uint_eq(test_x(m, 3), pat_le(DATA + 16, 8));
    ck_assert_uint_eq(test_x(m, 4), pat_le(DATA + 2, 8));
    ck_assert_uint_eq(test_x(m, 5), pat_le(DATA - 4, 4));
    ck_assert_uint_eq(test_x(m, 6), pat_le(DATA - 1, 1));
    ck_assert_uint_eq(test_x(m, 7), pat_le(DATA + 4, 2));
    ck_assert_uint_eq(test_x(m, 10), pat_le(DATA + 0x10, 8));
    ck_assert_uint_eq(mem_le(m, DATA + 2, 8), 0xdeadbeefcafef00dull);
    /* DATA + 2 now holds the low byte of x9. */
    uint32_t w = (uint32_t)pat_le(DATA - 1, 3) | 0x0d000000u;
    ck_assert_uint_eq(test_x(m, 11), (uint64_t)(int64_t)(int32_t)w);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(signed_loads_extend_to_w_or_x)
{
    static const uint32_t code[] = {
        0x39c00001, /* ldrsb w1, [x0] */
        0x39800002, /* ldrsb x2, [x0] */
        0x79c00403, /* ldrsh w3, [x0, #2] */
        0x79800404, /* ldrsh x4, [x0, #2] */
        0xb9800405, /* ldrsw x5, [x0, #4] */
        0x39802006, /* ldrsb x6, [x0, #8] */
        0x79c01407, /* ldrsh w7, [x0, #10] */
        0xb9800c08, /* ldrsw x8, [x0, #12] */
        0x38c01009, /* ldursb w9, [x0, #1] */
        0x3940000a, /* ldrb w10, [x0] */
        0x00000000, /* udf #0 */
    };
    static const uint8_t data[16] = {0xf0, 0x81, 0x01, 0x80, 0x02, 0x00, 0x00, 0x80,
                                     0x7f, 0x00, 0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f};
    arm64emu_machine *m = test_machine();
    arm64emu_mem_write(m, DATA, data, sizeof(data));
    test_set_x(m, 0, DATA);
    for (unsigned r = 1; r <= 10; r++)
        test_set_x(m, r, ~0ull);
    RUN(m, code);
    ck_assert_uint_eq(test_x(m, 1), 0xfffffff0ull);
    ck_assert_uint_eq(test_x(m, 2), 0xfffffffffffffff0ull);
    ck_assert_uint_eq(test_x(m, 3), 0xffff8001ull);
    ck_assert_uint_eq(test_x(m, 4), 0xffffffffffff8001ull);
    ck_assert_uint_eq(test_x(m, 5), 0xffffffff80000002ull);
    ck_assert_uint_eq(test_x(m, 6), 0x7f);
    ck_assert_uint_eq(test_x(m, 7), 0x7fff);
    ck_assert_uint_eq(test_x(m, 8), 0x7fffffff);
    ck_assert_uint_eq(test_x(m, 9), 0xffffff81ull);
    ck_assert_uint_eq(test_x(m, 10), 0xf0);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(register_31_is_sp_as_base_and_zr_as_data)
{
    static const uint32_t code[] = {
        0xf81f0fe1, /* str x1, [sp, #-16]! */
        0xf84107e2, /* ldr x2, [sp], #16 */
        0xf90007ff, /* str xzr, [sp, #8] */
        0xf94007e3, /* ldr x3, [sp, #8] */
        0xf85f03ff, /* ldur xzr, [sp, #-16] */
        0xa97f17e4, /* ldp x4, x5, [sp, #-16] */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA, 0x80);
    set_sp(m, DATA + 0x40);
    test_set_x(m, 1, 0x0123456789abcdefull);
    test_set_x(m, 3, ~0ull);
    RUN(m, code);
    ck_assert_uint_eq(mem_le(m, DATA + 0x30, 8), 0x0123456789abcdefull);
    ck_assert_uint_eq(test_x(m, 2), 0x0123456789abcdefull);
    ck_assert_uint_eq(mem_le(m, DATA + 0x48, 8), 0);
    ck_assert_uint_eq(test_x(m, 3), 0);
    ck_assert_uint_eq(test_x(m, 4), 0x0123456789abcdefull);
    ck_assert_uint_eq(test_x(m, 5), pat_le(DATA + 0x38, 8));
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_SP), DATA + 0x40);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(literal_loads_are_pc_relative)
{
    static const uint32_t code[] = {
        0x180000a1, /* ldr w1, lit1 */
        0x580000a2, /* ldr x2, lit2 */
        0x98000063, /* ldrsw x3, lit1 */
        0xd8000040, /* prfm pldl1keep, lit1 */
        0x00000000, /* udf #0 */
        0x80000001, /* lit1: .word 0x80000001 */
        0x55667788, /* lit2: .quad 0x1122334455667788 */
        0x11223344,
    };
    arm64emu_machine *m = test_machine();
    for (unsigned r = 1; r <= 3; r++)
        test_set_x(m, r, ~0ull);
    run_to_end(m, code, 8, 4);
    ck_assert_uint_eq(test_x(m, 1), 0x80000001ull);
    ck_assert_uint_eq(test_x(m, 2), 0x1122334455667788ull);
    ck_assert_uint_eq(test_x(m, 3), 0xffffffff80000001ull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(prefetch_never_accesses_memory)
{
    static const uint32_t code[] = {
        0xf9800400, /* prfm pldl1keep, [x0, #8] */
        0xf89ff013, /* prfum pstl2strm, [x0, #-1] */
        0xf8a1780c, /* prfm plil3keep, [x0, x1, lsl #3] */
        0xf8a1c801, /* prfm pldl1strm, [x0, w1, sxtw] */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    test_set_x(m, 0, 0x1000); /* unmapped */
    test_set_x(m, 1, 5);
    RUN(m, code);
    ck_assert_uint_eq(test_x(m, 0), 0x1000);
    ck_assert_uint_eq(test_x(m, 1), 5);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(unprivileged_forms_act_as_normal_at_el0)
{
    static const uint32_t code[] = {
        0xf8408801, /* ldtr x1, [x0, #8] */
        0x381ff801, /* sttrb w1, [x0, #-1] */
        0x78802802, /* ldtrsh x2, [x0, #2] */
        0xb8804803, /* ldtrsw x3, [x0, #4] */
        0xb8100801, /* sttr w1, [x0, #-256] */
        0x385ff804, /* ldtrb w4, [x0, #-1] */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA - 0x100, 0x200);
    test_set_x(m, 0, DATA);
    RUN(m, code);
    uint64_t v = pat_le(DATA + 8, 8);
    ck_assert_uint_eq(test_x(m, 1), v);
    ck_assert_uint_eq(mem_le(m, DATA - 1, 1), v & 0xff);
    ck_assert_uint_eq(test_x(m, 2), (uint64_t)(int64_t)(int16_t)pat_le(DATA + 2, 2));
    ck_assert_uint_eq(test_x(m, 3), (uint64_t)(int64_t)(int32_t)pat_le(DATA + 4, 4));
    ck_assert_uint_eq(mem_le(m, DATA - 256, 4), v & 0xffffffff);
    ck_assert_uint_eq(test_x(m, 4), v & 0xff);
    arm64emu_destroy(m);
}
END_TEST

/* ---- integer pairs --------------------------------------------------------- */

START_TEST(pairs_in_every_index_form)
{
    static const uint32_t code[] = {
        0xa9010801, /* stp x1, x2, [x0, #16] */
        0xa9411003, /* ldp x3, x4, [x0, #16] */
        0x29bf0801, /* stp w1, w2, [x0, #-8]! */
        0x28c11805, /* ldp w5, w6, [x0], #8 */
        0x697f2007, /* ldpsw x7, x8, [x0, #-8] */
        0xa8020801, /* stnp x1, x2, [x0, #32] */
        0xa8422809, /* ldnp x9, x10, [x0, #32] */
        0xa9c1300b, /* ldp x11, x12, [x0, #16]! */
        0xa8bf0402, /* stp x2, x1, [x0], #-16 */
        0x00000000, /* udf #0 */
    };
    const uint64_t x1 = 0x1234567880000001ull, x2 = 0x9abcdef07ffffffeull;
    arm64emu_machine *m = test_machine();
    test_set_x(m, 0, DATA);
    test_set_x(m, 1, x1);
    test_set_x(m, 2, x2);
    RUN(m, code);
    ck_assert_uint_eq(test_x(m, 3), x1);
    ck_assert_uint_eq(test_x(m, 4), x2);
    ck_assert_uint_eq(mem_le(m, DATA - 8, 4), 0x80000001);
    ck_assert_uint_eq(mem_le(m, DATA - 4, 4), 0x7ffffffe);
    ck_assert_uint_eq(test_x(m, 5), 0x80000001);
    ck_assert_uint_eq(test_x(m, 6), 0x7ffffffe);
    ck_assert_uint_eq(test_x(m, 7), 0xffffffff80000001ull);
    ck_assert_uint_eq(test_x(m, 8), 0x7ffffffe);
    ck_assert_uint_eq(mem_le(m, DATA + 32, 8), x1);
    ck_assert_uint_eq(mem_le(m, DATA + 40, 8), x2);
    ck_assert_uint_eq(test_x(m, 9), x1);
    ck_assert_uint_eq(test_x(m, 10), x2);
    ck_assert_uint_eq(test_x(m, 11), x1);
    ck_assert_uint_eq(test_x(m, 12), x2);
    ck_assert_uint_eq(mem_le(m, DATA + 16, 8), x2);
    ck_assert_uint_eq(mem_le(m, DATA + 24, 8), x1);
    ck_assert_uint_eq(test_x(m, 0), DATA);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(unaligned_accesses_cross_pages)
{
    static const uint32_t code[] = {
        0xf9000001, /* str x1, [x0] */
        0xf9400002, /* ldr x2, [x0] */
        0xb8401003, /* ldur w3, [x0, #1] */
        0xa97f9404, /* ldp x4, x5, [x0, #-8] */
        0x29002501, /* stp w1, w9, [x8] */
        0x29401d06, /* ldp w6, w7, [x8] */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA + 0x1000 - 16, 32);
    test_set_x(m, 0, DATA + 0x1000 - 3);
    test_set_x(m, 1, 0x1122334455667788ull);
    test_set_x(m, 8, DATA + 0x2000 - 6);
    test_set_x(m, 9, 0xaabbccdd);
    RUN(m, code);
    ck_assert_uint_eq(mem_le(m, DATA + 0x1000 - 3, 8), 0x1122334455667788ull);
    ck_assert_uint_eq(test_x(m, 2), 0x1122334455667788ull);
    ck_assert_uint_eq(test_x(m, 3), 0x44556677);
    ck_assert_uint_eq(test_x(m, 4), pat_le(DATA + 0x1000 - 11, 8));
    ck_assert_uint_eq(test_x(m, 5), 0x1122334455667788ull);
    ck_assert_uint_eq(mem_le(m, DATA + 0x2000 - 6, 8), 0xaabbccdd55667788ull);
    ck_assert_uint_eq(test_x(m, 6), 0x55667788);
    ck_assert_uint_eq(test_x(m, 7), 0xaabbccdd);
    arm64emu_destroy(m);
}
END_TEST

/* The Arm ARM leaves these CONSTRAINED UNPREDICTABLE; we do what QEMU and
 * Unicorn do. */
START_TEST(writeback_overlap_follows_qemu)
{
    static const uint32_t code[] = {
        0xf8408c21, /* ldr x1, [x1, #8]! */
        0xf8008463, /* str x3, [x3], #8 */
        0xa9401044, /* ldp x4, x4, [x2] */
        0xa8c118a5, /* ldp x5, x6, [x5], #16 */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA, 0x100);
    test_set_x(m, 1, DATA);
    test_set_x(m, 2, DATA + 0x80);
    test_set_x(m, 3, DATA + 0x40);
    test_set_x(m, 5, DATA + 0xc0);
    RUN(m, code);
    ck_assert_uint_eq(test_x(m, 1), DATA + 8);            /* writeback wins */
    ck_assert_uint_eq(mem_le(m, DATA + 0x40, 8), DATA + 0x40); /* old value stored */
    ck_assert_uint_eq(test_x(m, 3), DATA + 0x48);
    ck_assert_uint_eq(test_x(m, 4), pat_le(DATA + 0x80, 8)); /* first element */
    ck_assert_uint_eq(test_x(m, 5), DATA + 0xd0);
    ck_assert_uint_eq(test_x(m, 6), pat_le(DATA + 0xc8, 8));
    arm64emu_destroy(m);
}
END_TEST

START_TEST(unallocated_load_store_encodings_are_undefined)
{
    static const uint32_t words[] = {
        0xf8613803, /* ldr x3, [x0, x1, <option 001>] */
        0xf8611803, /* option 000 */
        0xf8619803, /* option 100 */
        0xf8800c00, /* prfm with pre-index */
        0xf8800800, /* prfm unprivileged */
        0xb8c00000, /* size 10 opc 11 (unscaled) */
        0xf9c00000, /* size 11 opc 11 (unsigned offset) */
        0x68400000, /* ldnp opc 01 */
        0x69000000, /* stgp (FEAT_MTE, not implemented) */
        0xe9400000, /* ldp opc 11 */
        0x7dc00000, /* SIMD&FP size 01 opc 11 */
        0xed400000, /* SIMD&FP ldp opc 11 */
        0x3c400800, /* SIMD&FP unprivileged */
        0xdc000000, /* SIMD&FP literal opc 11 */
        0x4c401000, /* ld1-4 multiple, opcode 0001 */
        0x0c408c00, /* ld2 {.1d} */
        0x4c417000, /* ld1 multiple without post-index, Rm != 0 */
        0x4d00c000, /* st1r does not exist */
        0x4d41c800, /* ld1r without post-index, Rm != 0 */
        0x4d404400, /* ld1 {v0.h}[..] with size<0> set */
    };
    arm64emu_machine *m = test_machine();
    for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        test_load(m, TEST_RAM_BASE + 0x100 * i, &words[i], 1);
        arm64emu_exit e = test_run(m, 10);
        ck_assert_msg(e.reason == ARM64EMU_EXIT_UNDEFINED, "0x%08x: exit %u", words[i],
                      e.reason);
        ck_assert_uint_eq(e.pc, TEST_RAM_BASE + 0x100 * i);
    }
    arm64emu_destroy(m);
}
END_TEST

/* ---- faults have no architectural effect -------------------------------- */

START_TEST(store_to_unmapped_reports_access_and_changes_nothing)
{
    static const uint32_t code[] = {
        0xf8008c01, /* str x1, [x0, #8]! */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    test_set_x(m, 0, RAM_END - 8);
    test_set_x(m, 1, 0x55);
    arm64emu_exit e = run_to_fault(m, code, 2);
    ck_assert_uint_eq(e.addr, RAM_END);
    ck_assert_uint_eq(e.access_size, 8);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_WRITE);
    ck_assert_uint_eq(test_x(m, 0), RAM_END - 8);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(store_crossing_into_unmapped_writes_nothing)
{
    static const uint32_t code[] = {
        0xf9000001, /* str x1, [x0] */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, RAM_END - 16, 16);
    test_set_x(m, 0, RAM_END - 4);
    test_set_x(m, 1, 0x1122334455667788ull);
    arm64emu_exit e = run_to_fault(m, code, 2);
    ck_assert_uint_eq(e.addr, RAM_END);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_WRITE);
    uint8_t want[16];
    pat_bytes(RAM_END - 16, want, 16);
    check_mem(m, RAM_END - 16, want, 16);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(load_from_unmapped_leaves_registers)
{
    static const uint32_t code[] = {
        0xf8408402, /* ldr x2, [x0], #8 */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    test_set_x(m, 0, RAM_END);
    test_set_x(m, 2, 0x77);
    arm64emu_exit e = run_to_fault(m, code, 2);
    ck_assert_uint_eq(e.addr, RAM_END);
    ck_assert_uint_eq(e.access_size, 8);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_READ);
    ck_assert_uint_eq(test_x(m, 0), RAM_END);
    ck_assert_uint_eq(test_x(m, 2), 0x77);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(pair_store_crossing_into_unmapped_writes_nothing)
{
    static const uint32_t stp_x[] = {
        0xa9808801, /* stp x1, x2, [x0, #8]! */
        0x00000000, /* udf #0 */
    };
    static const uint32_t stp_w[] = {
        0x29000801, /* stp w1, w2, [x0] */
        0x00000000, /* udf #0 */
    };
    uint8_t want[16];
    pat_bytes(RAM_END - 16, want, 16);
    arm64emu_machine *m = test_machine();
    fill_pattern(m, RAM_END - 16, 16);
    test_set_x(m, 0, RAM_END - 16);
    test_set_x(m, 1, 0x1111111111111111ull);
    test_set_x(m, 2, 0x2222222222222222ull);
    arm64emu_exit e = run_to_fault(m, stp_x, 2);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_WRITE);
    ck_assert_uint_eq(test_x(m, 0), RAM_END - 16);
    check_mem(m, RAM_END - 16, want, 16);

    test_set_x(m, 0, RAM_END - 4);
    e = run_to_fault(m, stp_w, 2);
    ck_assert_uint_eq(e.addr, RAM_END);
    check_mem(m, RAM_END - 16, want, 16);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(pair_load_faulting_on_second_element_writes_no_register)
{
    static const uint32_t code[] = {
        0xa9409003, /* ldp x3, x4, [x0, #8] */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    test_set_x(m, 0, RAM_END - 16);
    test_set_x(m, 3, 3);
    test_set_x(m, 4, 4);
    arm64emu_exit e = run_to_fault(m, code, 2);
    ck_assert_uint_eq(e.addr, RAM_END);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_READ);
    ck_assert_uint_eq(test_x(m, 3), 3);
    ck_assert_uint_eq(test_x(m, 4), 4);
    arm64emu_destroy(m);
}
END_TEST

/* ---- MMIO ---------------------------------------------------------------- */

typedef struct mmio_access {
    int write;
    uint64_t offset;
    unsigned size;
    uint64_t value;
} mmio_access_t;

typedef struct mmio_log {
    unsigned n;
    mmio_access_t e[16];
} mmio_log_t;

static int log_read(void *user, uint64_t offset, unsigned size, uint64_t *value)
{
    mmio_log_t *l = user;
    if (offset == 0x100)
        return -1; /* a hole in the device */
    if (l->n < 16)
        l->e[l->n++] = (mmio_access_t){0, offset, size, 0};
    *value = 0xf1f2f3f4f5f6f7f8ull;
    return 0;
}

static int log_write(void *user, uint64_t offset, unsigned size, uint64_t value)
{
    mmio_log_t *l = user;
    if (l->n < 16)
        l->e[l->n++] = (mmio_access_t){1, offset, size, value};
    return 0;
}

#define MMIO_BASE 0x09000000ull

START_TEST(mmio_callbacks_see_each_access_size)
{
    static const uint32_t code[] = {
        0x39400401, /* ldrb w1, [x0, #1] */
        0x79400402, /* ldrh w2, [x0, #2] */
        0xb9400403, /* ldr w3, [x0, #4] */
        0xf9400404, /* ldr x4, [x0, #8] */
        0x39000405, /* strb w5, [x0, #1] */
        0x79000405, /* strh w5, [x0, #2] */
        0xb9000405, /* str w5, [x0, #4] */
        0xf9000405, /* str x5, [x0, #8] */
        0x29021805, /* stp w5, w6, [x0, #16] */
        0x79800407, /* ldrsh x7, [x0, #2] */
        0x00000000, /* udf #0 */
    };
    static const mmio_access_t want[] = {
        {0, 1, 1, 0},  {0, 2, 2, 0}, {0, 4, 4, 0}, {0, 8, 8, 0},
        {1, 1, 1, 0xef}, {1, 2, 2, 0xcdef}, {1, 4, 4, 0x89abcdef},
        {1, 8, 8, 0x0123456789abcdefull}, {1, 16, 4, 0x89abcdef},
        {1, 20, 4, 0x55667788}, {0, 2, 2, 0},
    };
    mmio_log_t log = {0};
    arm64emu_machine *m = test_machine();
    ck_assert_int_eq(arm64emu_map_mmio(m, MMIO_BASE, 0x1000, log_read, log_write, &log),
                     ARM64EMU_OK);
    test_set_x(m, 0, MMIO_BASE);
    test_set_x(m, 5, 0x0123456789abcdefull);
    test_set_x(m, 6, 0x1122334455667788ull);
    RUN(m, code);
    ck_assert_uint_eq(log.n, sizeof(want) / sizeof(want[0]));
    for (unsigned i = 0; i < log.n; i++) {
        ck_assert_msg(log.e[i].write == want[i].write && log.e[i].offset == want[i].offset &&
                          log.e[i].size == want[i].size && log.e[i].value == want[i].value,
                      "access %u: got %s offset %llu size %u value 0x%llx", i,
                      log.e[i].write ? "write" : "read", (unsigned long long)log.e[i].offset,
                      log.e[i].size, (unsigned long long)log.e[i].value);
    }
    ck_assert_uint_eq(test_x(m, 1), 0xf8);
    ck_assert_uint_eq(test_x(m, 2), 0xf7f8);
    ck_assert_uint_eq(test_x(m, 3), 0xf5f6f7f8);
    ck_assert_uint_eq(test_x(m, 4), 0xf1f2f3f4f5f6f7f8ull);
    ck_assert_uint_eq(test_x(m, 7), 0xfffffffffffff7f8ull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(mmio_read_error_faults_without_effect)
{
    static const uint32_t code[] = {
        0xf9408001, /* ldr x1, [x0, #256] */
        0x00000000, /* udf #0 */
    };
    mmio_log_t log = {0};
    arm64emu_machine *m = test_machine();
    arm64emu_map_mmio(m, MMIO_BASE, 0x1000, log_read, log_write, &log);
    test_set_x(m, 0, MMIO_BASE);
    test_set_x(m, 1, 1);
    arm64emu_exit e = run_to_fault(m, code, 2);
    ck_assert_uint_eq(e.addr, MMIO_BASE + 0x100);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_READ);
    ck_assert_uint_eq(test_x(m, 1), 1);
    arm64emu_destroy(m);
}
END_TEST

/* ---- SIMD&FP ---------------------------------------------------------------- */

START_TEST(q_register_loads_and_stores_in_every_form)
{
    static const uint32_t code[] = {
        0x3dc00000, /* ldr q0, [x0] */
        0x3d800800, /* str q0, [x0, #32] */
        0x3dc00801, /* ldr q1, [x0, #32] */
        0x3cc01002, /* ldur q2, [x0, #1] */
        0x3cc10c03, /* ldr q3, [x0, #16]! */
        0x3cdf0404, /* ldr q4, [x0], #-16 */
        0x3ca17800, /* str q0, [x0, x1, lsl #4] */
        0x3ce17805, /* ldr q5, [x0, x1, lsl #4] */
        0x9c000066, /* ldr q6, qlit */
        0x00000000, /* udf #0 */
        0x00000000,
        0x03020100, /* qlit */
        0x07060504,
        0x0b0a0908,
        0x0f0e0d0c,
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA, 0x100);
    test_set_x(m, 0, DATA);
    test_set_x(m, 1, 4);
    run_to_end(m, code, 15, 9);
    uint8_t p0[16], p1[16], p16[16], lit[16];
    pat_bytes(DATA, p0, 16);
    pat_bytes(DATA + 1, p1, 16);
    pat_bytes(DATA + 16, p16, 16);
    for (unsigned i = 0; i < 16; i++)
        lit[i] = (uint8_t)i;
    check_v(m, 0, p0);
    check_mem(m, DATA + 32, p0, 16);
    check_v(m, 1, p0);
    check_v(m, 2, p1);
    check_v(m, 3, p16);
    check_v(m, 4, p16);
    check_mem(m, DATA + 64, p0, 16);
    check_v(m, 5, p0);
    check_v(m, 6, lit);
    ck_assert_uint_eq(test_x(m, 0), DATA);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(scalar_fp_loads_zero_the_rest_and_stores_only_their_size)
{
    static const uint32_t code[] = {
        0x3d400000, /* ldr b0, [x0] */
        0x7d400001, /* ldr h1, [x0] */
        0xbd400002, /* ldr s2, [x0] */
        0xfd400003, /* ldr d3, [x0] */
        0x1c0000e4, /* ldr s4, slit */
        0x3d010000, /* str b0, [x0, #64] */
        0x7d009001, /* str h1, [x0, #72] */
        0xbd005002, /* str s2, [x0, #80] */
        0xfd002c03, /* str d3, [x0, #88] */
        0xfc61d805, /* ldr d5, [x0, w1, sxtw #3] */
        0x00000000, /* udf #0 */
        0x44332211, /* slit */
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA - 8, 40);
    uint8_t ee[64];
    memset(ee, 0xee, sizeof(ee));
    arm64emu_mem_write(m, DATA + 64, ee, sizeof(ee));
    for (unsigned n = 0; n <= 5; n++)
        set_v_fill(m, n, 0xff);
    test_set_x(m, 0, DATA);
    test_set_x(m, 1, ~0ull);
    run_to_end(m, code, 12, 10);
    static const unsigned sizes[4] = {1, 2, 4, 8};
    for (unsigned n = 0; n < 4; n++) {
        uint8_t want[16] = {0};
        pat_bytes(DATA, want, sizes[n]);
        check_v(m, n, want);
        uint8_t mem[9];
        pat_bytes(DATA, mem, sizes[n]);
        mem[sizes[n]] = 0xee;
        check_mem(m, DATA + 64 + 8 * n, mem, sizes[n] + 1);
    }
    uint8_t s4[16] = {0x11, 0x22, 0x33, 0x44};
    check_v(m, 4, s4);
    uint8_t d5[16] = {0};
    pat_bytes(DATA - 8, d5, 8);
    check_v(m, 5, d5);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(fp_pairs_in_every_index_form)
{
    static const uint32_t code[] = {
        0xad400400, /* ldp q0, q1, [x0] */
        0xad820400, /* stp q0, q1, [x0, #64]! */
        0x2d7f0c02, /* ldp s2, s3, [x0, #-8] */
        0x6c810c02, /* stp d2, d3, [x0], #16 */
        0x6c401404, /* ldnp d4, d5, [x0] */
        0x2c3f8c02, /* stnp s2, s3, [x0, #-4] */
        0x00000000, /* udf #0 */
    };
    /* A model of the 128 bytes at DATA, updated as the program goes. */
    uint8_t mem[128];
    pat_bytes(DATA, mem, sizeof(mem));
    uint8_t q0[16], q1[16], s2[16] = {0}, s3[16] = {0}, d4[16] = {0}, d5[16] = {0};
    memcpy(q0, mem, 16);
    memcpy(q1, mem + 16, 16);
    memcpy(mem + 64, q0, 16);
    memcpy(mem + 80, q1, 16);
    memcpy(s2, mem + 56, 4);
    memcpy(s3, mem + 60, 4);
    memcpy(mem + 64, s2, 8);
    memcpy(mem + 72, s3, 8);
    memcpy(d4, mem + 80, 8);
    memcpy(d5, mem + 88, 8);
    memcpy(mem + 76, s2, 4);
    memcpy(mem + 80, s3, 4);

    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA, 128);
    test_set_x(m, 0, DATA);
    RUN(m, code);
    check_v(m, 0, q0);
    check_v(m, 1, q1);
    check_v(m, 2, s2);
    check_v(m, 3, s3);
    check_v(m, 4, d4);
    check_v(m, 5, d5);
    check_mem(m, DATA, mem, sizeof(mem));
    ck_assert_uint_eq(test_x(m, 0), DATA + 80);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(ld1_st1_multiple_with_post_index)
{
    static const uint32_t code[] = {
        0x4cdf7000, /* ld1 {v0.16b}, [x0], #16 */
        0x0cc1a001, /* ld1 {v1.8b, v2.8b}, [x0], x1 */
        0x4c402803, /* ld1 {v3.4s-v6.4s}, [x0] */
        0x4c9fac40, /* st1 {v0.2d, v1.2d}, [x2], #32 */
        0x4c40ac1f, /* ld1 {v31.2d, v0.2d}, [x0] */
        0x0c006c43, /* st1 {v3.1d-v5.1d}, [x2] */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA, 0x300);
    for (unsigned n = 0; n < 32; n++)
        set_v_fill(m, n, 0xcc);
    test_set_x(m, 0, DATA);
    test_set_x(m, 1, 32);
    test_set_x(m, 2, DATA + 0x200);
    RUN(m, code);
    uint8_t v0[16], v1[16] = {0}, v2[16] = {0}, v[16];
    pat_bytes(DATA, v0, 16);
    pat_bytes(DATA + 16, v1, 8);
    pat_bytes(DATA + 24, v2, 8);
    check_v(m, 1, v1);
    check_v(m, 2, v2);
    for (unsigned r = 0; r < 4; r++) {
        pat_bytes(DATA + 48 + 16 * r, v, 16);
        check_v(m, 3 + r, v);
    }
    check_mem(m, DATA + 0x200, v0, 16);
    check_mem(m, DATA + 0x210, v1, 16);
    pat_bytes(DATA + 48, v, 16);
    check_v(m, 31, v);
    pat_bytes(DATA + 64, v, 16);
    check_v(m, 0, v); /* the register list wraps from v31 to v0 */
    for (unsigned r = 0; r < 3; r++) {
        pat_bytes(DATA + 48 + 16 * r, v, 8);
        check_mem(m, DATA + 0x220 + 8 * r, v, 8);
    }
    ck_assert_uint_eq(test_x(m, 0), DATA + 48);
    ck_assert_uint_eq(test_x(m, 2), DATA + 0x220);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(ld2_ld3_ld4_deinterleave_and_st2_interleaves)
{
    static const uint32_t code[] = {
        0x4c408400, /* ld2 {v0.8h, v1.8h}, [x0] */
        0x4c9f8440, /* st2 {v0.8h, v1.8h}, [x2], #32 */
        0x0c404002, /* ld3 {v2.8b-v4.8b}, [x0] */
        0x4cdf0805, /* ld4 {v5.4s-v8.4s}, [x0], #64 */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA, 0x100);
    for (unsigned n = 0; n < 32; n++)
        set_v_fill(m, n, 0xcc);
    test_set_x(m, 0, DATA);
    test_set_x(m, 2, DATA + 0x200);
    RUN(m, code);
    uint8_t v[16];
    for (unsigned s = 0; s < 2; s++) {
        for (unsigned e = 0; e < 8; e++)
            pat_bytes(DATA + 4 * e + 2 * s, v + 2 * e, 2);
        check_v(m, s, v);
    }
    uint8_t orig[32];
    pat_bytes(DATA, orig, 32);
    check_mem(m, DATA + 0x200, orig, 32);
    for (unsigned s = 0; s < 3; s++) {
        memset(v, 0, sizeof(v));
        for (unsigned e = 0; e < 8; e++)
            v[e] = pat(DATA + 3 * e + s);
        check_v(m, 2 + s, v);
    }
    for (unsigned s = 0; s < 4; s++) {
        for (unsigned e = 0; e < 4; e++)
            pat_bytes(DATA + 16 * e + 4 * s, v + 4 * e, 4);
        check_v(m, 5 + s, v);
    }
    ck_assert_uint_eq(test_x(m, 0), DATA + 64);
    ck_assert_uint_eq(test_x(m, 2), DATA + 0x220);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(single_structure_and_replicate_forms)
{
    static const uint32_t code[] = {
        0x4d40c800, /* ld1r {v0.4s}, [x0] */
        0x4d408001, /* ld1 {v1.s}[2], [x0] */
        0x4d005841, /* st1 {v1.h}[7], [x2] */
        0x0dffe004, /* ld4r {v4.8b-v7.8b}, [x0], #4 */
        0x4de18448, /* ld2 {v8.d, v9.d}[1], [x2], x1 */
        0x00000000, /* udf #0 */
    };
    arm64emu_machine *m = test_machine();
    fill_pattern(m, DATA, 0x300);
    set_v_fill(m, 1, 0xaa);
    set_v_fill(m, 8, 0xbb);
    set_v_fill(m, 9, 0xbb);
    test_set_x(m, 0, DATA);
    test_set_x(m, 1, 16);
    test_set_x(m, 2, DATA + 0x200);
    RUN(m, code);
    uint8_t v[16];
    for (unsigned i = 0; i < 4; i++)
        pat_bytes(DATA, v + 4 * i, 4);
    check_v(m, 0, v);
    memset(v, 0xaa, 16);
    pat_bytes(DATA, v + 8, 4);
    check_v(m, 1, v);
    for (unsigned s = 0; s < 4; s++) {
        memset(v, 0, 16);
        memset(v, pat(DATA + s), 8);
        check_v(m, 4 + s, v);
    }
    uint8_t mem[16];
    pat_bytes(DATA + 0x200, mem, 16);
    mem[0] = mem[1] = 0xaa;
    check_mem(m, DATA + 0x200, mem, 2);
    memset(v, 0xbb, 16);
    memcpy(v + 8, mem, 8);
    check_v(m, 8, v);
    memcpy(v + 8, mem + 8, 8);
    check_v(m, 9, v);
    ck_assert_uint_eq(test_x(m, 0), DATA + 4);
    ck_assert_uint_eq(test_x(m, 2), DATA + 0x210);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(simd_faults_have_no_effect)
{
    static const uint32_t ldr_q[] = {
        0x3dc00000, /* ldr q0, [x0] */
        0x00000000, /* udf #0 */
    };
    static const uint32_t st1_4[] = {
        0x4c9f2000, /* st1 {v0.16b-v3.16b}, [x0], #64 */
        0x00000000, /* udf #0 */
    };
    static const uint32_t stp_q[] = {
        0xad000400, /* stp q0, q1, [x0] */
        0x00000000, /* udf #0 */
    };
    uint8_t want[64], v0[16];
    pat_bytes(RAM_END - 64, want, 64);
    memset(v0, 0x5a, sizeof(v0));
    arm64emu_machine *m = test_machine();
    fill_pattern(m, RAM_END - 64, 64);
    for (unsigned n = 0; n < 4; n++)
        set_v_fill(m, n, 0x5a);

    test_set_x(m, 0, RAM_END - 8);
    arm64emu_exit e = run_to_fault(m, ldr_q, 2);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_READ);
    check_v(m, 0, v0);

    test_set_x(m, 0, RAM_END - 48);
    e = run_to_fault(m, st1_4, 2);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_WRITE);
    ck_assert_uint_eq(test_x(m, 0), RAM_END - 48);
    check_mem(m, RAM_END - 64, want, 64);

    test_set_x(m, 0, RAM_END - 16);
    e = run_to_fault(m, stp_q, 2);
    check_mem(m, RAM_END - 64, want, 64);
    arm64emu_destroy(m);
}
END_TEST

static Suite *ldst_suite(void)
{
    Suite *s = suite_create("ldst");
    TCase *tc = tcase_create("integer");
    tcase_add_test(tc, unsigned_offset_is_scaled_by_access_size);
    tcase_add_test(tc, unscaled_offset_is_signed_bytes);
    tcase_add_test(tc, pre_index_writes_back_before_and_post_index_after);
    tcase_add_test(tc, register_offset_extends_and_shifts_index);
    tcase_add_test(tc, signed_loads_extend_to_w_or_x);
    tcase_add_test(tc, register_31_is_sp_as_base_and_zr_as_data);
    tcase_add_test(tc, literal_loads_are_pc_relative);
    tcase_add_test(tc, prefetch_never_accesses_memory);
    tcase_add_test(tc, unprivileged_forms_act_as_normal_at_el0);
    tcase_add_test(tc, pairs_in_every_index_form);
    tcase_add_test(tc, unaligned_accesses_cross_pages);
    tcase_add_test(tc, writeback_overlap_follows_qemu);
    tcase_add_test(tc, unallocated_load_store_encodings_are_undefined);
    suite_add_tcase(s, tc);

    tc = tcase_create("faults");
    tcase_add_test(tc, store_to_unmapped_reports_access_and_changes_nothing);
    tcase_add_test(tc, store_crossing_into_unmapped_writes_nothing);
    tcase_add_test(tc, load_from_unmapped_leaves_registers);
    tcase_add_test(tc, pair_store_crossing_into_unmapped_writes_nothing);
    tcase_add_test(tc, pair_load_faulting_on_second_element_writes_no_register);
    tcase_add_test(tc, mmio_callbacks_see_each_access_size);
    tcase_add_test(tc, mmio_read_error_faults_without_effect);
    suite_add_tcase(s, tc);

    tc = tcase_create("simd");
    tcase_add_test(tc, q_register_loads_and_stores_in_every_form);
    tcase_add_test(tc, scalar_fp_loads_zero_the_rest_and_stores_only_their_size);
    tcase_add_test(tc, fp_pairs_in_every_index_form);
    tcase_add_test(tc, ld1_st1_multiple_with_post_index);
    tcase_add_test(tc, ld2_ld3_ld4_deinterleave_and_st2_interleaves);
    tcase_add_test(tc, single_structure_and_replicate_forms);
    tcase_add_test(tc, simd_faults_have_no_effect);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_main(ldst_suite());
}
