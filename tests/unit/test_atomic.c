/* Exclusives, load-acquire/store-release and the FEAT_LSE atomics. */
#include <string.h>

#include "harness.h"

#define CODE TEST_RAM_BASE
#define DATA (TEST_RAM_BASE + 0x1000)
#define BRK0 0xd4200000u /* brk #0 */

static void put64(arm64emu_machine *m, uint64_t addr, uint64_t v)
{
    ck_assert_int_eq(arm64emu_mem_write(m, addr, &v, 8), ARM64EMU_OK);
}

static uint64_t get64(arm64emu_machine *m, uint64_t addr)
{
    uint64_t v;
    ck_assert_int_eq(arm64emu_mem_read(m, addr, &v, 8), ARM64EMU_OK);
    return v;
}

/* Runs one word that must fault with reason at CODE. */
static arm64emu_exit run_one_fault(arm64emu_machine *m, uint32_t insn,
                                   uint32_t reason)
{
    uint32_t words[2] = {insn, BRK0};
    test_load(m, CODE, words, 2);
    uint64_t before = test_icount(m);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_msg(e.reason == reason, "insn 0x%08x: expected reason %u, got %u",
                  insn, reason, e.reason);
    ck_assert_uint_eq(e.pc, CODE);
    ck_assert_uint_eq(e.insn, insn);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), CODE);
    ck_assert_uint_eq(test_icount(m), before); /* not retired */
    return e;
}

START_TEST(exclusive_pair_store_succeeds_after_load_pair)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 0x1111);
    put64(m, DATA + 8, 0x2222);
    test_set_x(m, 2, DATA);
    test_set_x(m, 3, 77);
    test_set_x(m, 4, 0xaaaa);
    test_set_x(m, 5, 0xbbbb);
    const uint32_t code[] = {
        0xc87f8440, /* ldaxp x0, x1, [x2] */
        0xc8231444, /* stxp w3, x4, x5, [x2] */
    };
    test_run_to_brk(m, code, 2);
    ck_assert_uint_eq(test_x(m, 0), 0x1111);
    ck_assert_uint_eq(test_x(m, 1), 0x2222);
    ck_assert_uint_eq(test_x(m, 3), 0);
    ck_assert_uint_eq(get64(m, DATA), 0xaaaa);
    ck_assert_uint_eq(get64(m, DATA + 8), 0xbbbb);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(exclusive_word_pair_is_one_doubleword)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 0x2222222211111111ull);
    test_set_x(m, 2, DATA);
    test_set_x(m, 4, 0xffffffff0000aaaaull); /* upper half not stored */
    test_set_x(m, 5, 0xbbbb);
    const uint32_t code[] = {
        0x887f0440, /* ldxp w0, w1, [x2] */
        0x88231444, /* stxp w3, w4, w5, [x2] */
    };
    test_run_to_brk(m, code, 2);
    ck_assert_uint_eq(test_x(m, 0), 0x11111111);
    ck_assert_uint_eq(test_x(m, 1), 0x22222222);
    ck_assert_uint_eq(test_x(m, 3), 0);
    ck_assert_uint_eq(get64(m, DATA), 0x0000bbbb0000aaaaull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(exclusive_pair_store_fails_without_monitor)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 0x1111);
    test_set_x(m, 2, DATA);
    test_set_x(m, 4, 0xaaaa);
    const uint32_t code[] = {0xc8231444}; /* stxp w3, x4, x5, [x2] */
    test_run_to_brk(m, code, 1);
    ck_assert_uint_eq(test_x(m, 3), 1);
    ck_assert_uint_eq(get64(m, DATA), 0x1111);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(store_exclusive_clears_the_monitor_either_way)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, DATA);
    test_set_x(m, 3, 5);
    const uint32_t code[] = {
        0xc85f7c20, /* ldxr x0, [x1] */
        0xc8027c23, /* stxr w2, x3, [x1] */
        0xc8047c23, /* stxr w4, x3, [x1] */
    };
    test_set_x(m, 4, 99);
    test_run_to_brk(m, code, 3);
    ck_assert_uint_eq(test_x(m, 2), 0);
    ck_assert_uint_eq(test_x(m, 4), 1);
    ck_assert_uint_eq(get64(m, DATA), 5);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(clrex_clears_the_monitor)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 42);
    test_set_x(m, 1, DATA);
    test_set_x(m, 3, 5);
    const uint32_t code[] = {
        0xc85f7c20, /* ldxr x0, [x1] */
        0xd5033f5f, /* clrex */
        0xc8027c23, /* stxr w2, x3, [x1] */
    };
    test_run_to_brk(m, code, 3);
    ck_assert_uint_eq(test_x(m, 0), 42);
    ck_assert_uint_eq(test_x(m, 2), 1);
    ck_assert_uint_eq(get64(m, DATA), 42);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(store_exclusive_fails_when_memory_changed)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 42);
    test_set_x(m, 1, DATA);
    test_set_x(m, 3, 5);
    test_set_x(m, 6, 43);
    const uint32_t code[] = {
        0xc85f7c20, /* ldxr x0, [x1] */
        0xc89ffc26, /* stlr x6, [x1] */
        0xc8027c23, /* stxr w2, x3, [x1] */
    };
    test_run_to_brk(m, code, 3);
    ck_assert_uint_eq(test_x(m, 2), 1);
    ck_assert_uint_eq(get64(m, DATA), 43);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(store_exclusive_fails_at_another_address_or_size)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, DATA);
    test_set_x(m, 5, DATA + 8);
    const uint32_t code[] = {
        0xc85f7c20, /* ldxr x0, [x1] */
        0xc8027ca3, /* stxr w2, x3, [x5] */
        0xc85f7c20, /* ldxr x0, [x1] */
        0x88047c23, /* stxr w4, w3, [x1] */
    };
    test_set_x(m, 3, 7);
    test_run_to_brk(m, code, 4);
    ck_assert_uint_eq(test_x(m, 2), 1);
    ck_assert_uint_eq(test_x(m, 4), 1);
    ck_assert_uint_eq(get64(m, DATA), 0);
    ck_assert_uint_eq(get64(m, DATA + 8), 0);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(exclusive_byte_and_halfword_forms_zero_extend)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 0x8182838485868788ull);
    test_set_x(m, 1, DATA + 1);
    test_set_x(m, 3, 0x1234);
    const uint32_t code[] = {
        0x085f7c20, /* ldxrb w0, [x1] */
        0x08027c23, /* stxrb w2, w3, [x1] */
    };
    test_run_to_brk(m, code, 2);
    ck_assert_uint_eq(test_x(m, 0), 0x87);
    ck_assert_uint_eq(test_x(m, 2), 0);
    ck_assert_uint_eq(get64(m, DATA), 0x8182838485863488ull);

    test_set_x(m, 1, DATA + 2);
    const uint32_t code_h[] = {
        0x485ffc20, /* ldaxrh w0, [x1] */
        0x4802fc23, /* stlxrh w2, w3, [x1] */
    };
    test_run_to_brk(m, code_h, 2);
    ck_assert_uint_eq(test_x(m, 0), 0x8586);
    ck_assert_uint_eq(test_x(m, 2), 0);
    ck_assert_uint_eq(get64(m, DATA), 0x8182838412343488ull);
    arm64emu_destroy(m);
}
END_TEST

/* CONSTRAINED UNPREDICTABLE Rs == Rt == Rn: the old Rt is stored at the old
 * Rn, then Rs gets the status (QEMU's choice). */
START_TEST(store_exclusive_with_status_equal_to_data_stores_old_value)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, DATA);
    const uint32_t code[] = {
        0xc85f7c20, /* ldxr x0, [x1] */
        0xc8017c21, /* stxr w1, x1, [x1] */
    };
    test_run_to_brk(m, code, 2);
    ck_assert_uint_eq(test_x(m, 1), 0);
    ck_assert_uint_eq(get64(m, DATA), DATA);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(exclusive_accesses_need_natural_alignment)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 0, 0x5555);
    test_set_x(m, 1, DATA + 4);
    arm64emu_exit e = run_one_fault(m, 0xc85f7c20, ARM64EMU_EXIT_ALIGNMENT); /* ldxr x0, [x1] */
    ck_assert_uint_eq(e.addr, DATA + 4);
    ck_assert_uint_eq(e.access_size, 8);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_READ);
    ck_assert_uint_eq(test_x(m, 0), 0x5555);

    /* a 64-bit pair needs 16-byte alignment */
    test_set_x(m, 2, DATA + 8);
    e = run_one_fault(m, 0xc87f0440, ARM64EMU_EXIT_ALIGNMENT); /* ldxp x0, x1, [x2] */
    ck_assert_uint_eq(e.access_size, 16);
    ck_assert_uint_eq(test_x(m, 0), 0x5555);

    /* store-exclusive checks alignment before the monitor */
    test_set_x(m, 2, 0x7777);
    test_set_x(m, 1, DATA + 2);
    e = run_one_fault(m, 0x88027c23, ARM64EMU_EXIT_ALIGNMENT); /* stxr w2, w3, [x1] */
    ck_assert_uint_eq(test_x(m, 2), 0x7777);
    run_one_fault(m, 0x88dffc20, ARM64EMU_EXIT_ALIGNMENT); /* ldar w0, [x1] */
    run_one_fault(m, 0x889ffc23, ARM64EMU_EXIT_ALIGNMENT); /* stlr w3, [x1] */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(load_acquire_and_store_release_every_size)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 0xf1f2f3f4f5f6f7f8ull);
    test_set_x(m, 1, DATA);
    const uint32_t loads[] = {
        0x08dffc20, /* ldarb w0, [x1] */
        0x48dffc22, /* ldarh w2, [x1] */
        0x88dffc24, /* ldar w4, [x1] */
        0xc8dffc26, /* ldar x6, [x1] */
        0x38bfc028, /* ldaprb w8, [x1] */
        0xf8bfc02a, /* ldapr x10, [x1] */
    };
    test_run_to_brk(m, loads, 6);
    ck_assert_uint_eq(test_x(m, 0), 0xf8);
    ck_assert_uint_eq(test_x(m, 2), 0xf7f8);
    ck_assert_uint_eq(test_x(m, 4), 0xf5f6f7f8);
    ck_assert_uint_eq(test_x(m, 6), 0xf1f2f3f4f5f6f7f8ull);
    ck_assert_uint_eq(test_x(m, 8), 0xf8);
    ck_assert_uint_eq(test_x(m, 10), 0xf1f2f3f4f5f6f7f8ull);

    test_set_x(m, 3, 0x0102030405060708ull);
    test_set_x(m, 1, DATA + 8);
    const uint32_t stores[] = {0xc89ffc23}; /* stlr x3, [x1] */
    test_run_to_brk(m, stores, 1);
    test_set_x(m, 1, DATA);
    const uint32_t small[] = {
        0x889ffc23, /* stlr w3, [x1] */
    };
    test_run_to_brk(m, small, 1);
    ck_assert_uint_eq(get64(m, DATA), 0xf1f2f3f405060708ull);
    ck_assert_uint_eq(get64(m, DATA + 8), 0x0102030405060708ull);
    test_set_x(m, 1, DATA + 4);
    const uint32_t tiny[] = {0x489ffc23, 0x089ffc23}; /* stlrh, stlrb w3 */
    test_run_to_brk(m, tiny, 2);
    ck_assert_uint_eq(get64(m, DATA), 0xf1f20708ull << 32 | 0x05060708ull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(cas_swaps_only_when_equal_and_returns_old_value)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 100);
    test_set_x(m, 2, DATA);
    test_set_x(m, 0, 100);
    test_set_x(m, 1, 200);
    const uint32_t code[] = {0xc8a07c41}; /* cas x0, x1, [x2] */
    test_run_to_brk(m, code, 1);
    ck_assert_uint_eq(test_x(m, 0), 100);
    ck_assert_uint_eq(get64(m, DATA), 200);

    test_set_x(m, 0, 100); /* memory now holds 200 */
    test_set_x(m, 1, 300);
    test_run_to_brk(m, code, 1);
    ck_assert_uint_eq(test_x(m, 0), 200);
    ck_assert_uint_eq(get64(m, DATA), 200);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(cas_narrow_forms_compare_only_their_width)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 0x99999999000000abull);
    test_set_x(m, 2, DATA);
    test_set_x(m, 0, 0xffffffffffffffabull); /* upper bits ignored */
    test_set_x(m, 1, 0xcd);
    const uint32_t casb[] = {0x08a07c41}; /* casb w0, w1, [x2] */
    test_run_to_brk(m, casb, 1);
    ck_assert_uint_eq(test_x(m, 0), 0xab);
    ck_assert_uint_eq(get64(m, DATA), 0x99999999000000cdull);

    test_set_x(m, 0, 0x1234000000cdull);
    test_set_x(m, 1, 0x5555);
    const uint32_t casal[] = {0x88e0fc41}; /* casal w0, w1, [x2] */
    test_run_to_brk(m, casal, 1);
    ck_assert_uint_eq(test_x(m, 0), 0xcd);
    ck_assert_uint_eq(get64(m, DATA), 0x9999999900005555ull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(casp_swaps_a_pair_when_both_halves_equal)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 1);
    put64(m, DATA + 8, 2);
    test_set_x(m, 4, DATA);
    test_set_x(m, 0, 1);
    test_set_x(m, 1, 2);
    test_set_x(m, 2, 10);
    test_set_x(m, 3, 20);
    const uint32_t code[] = {0x48207c82}; /* casp x0, x1, x2, x3, [x4] */
    test_run_to_brk(m, code, 1);
    ck_assert_uint_eq(get64(m, DATA), 10);
    ck_assert_uint_eq(get64(m, DATA + 8), 20);
    ck_assert_uint_eq(test_x(m, 0), 1);
    ck_assert_uint_eq(test_x(m, 1), 2);

    /* low half equal, high half not: no store, old pair returned */
    test_set_x(m, 0, 10);
    test_set_x(m, 1, 21);
    test_run_to_brk(m, code, 1);
    ck_assert_uint_eq(get64(m, DATA), 10);
    ck_assert_uint_eq(get64(m, DATA + 8), 20);
    ck_assert_uint_eq(test_x(m, 0), 10);
    ck_assert_uint_eq(test_x(m, 1), 20);

    /* word pair: one doubleword, Rs at the lower address */
    put64(m, DATA, 0x0000000200000001ull);
    test_set_x(m, 0, 0xffffffff00000001ull);
    test_set_x(m, 1, 2);
    test_set_x(m, 2, 0x33);
    test_set_x(m, 3, 0x44);
    const uint32_t code_w[] = {0x08207c82}; /* casp w0, w1, w2, w3, [x4] */
    test_run_to_brk(m, code_w, 1);
    ck_assert_uint_eq(get64(m, DATA), 0x0000004400000033ull);
    ck_assert_uint_eq(test_x(m, 0), 1);
    ck_assert_uint_eq(test_x(m, 1), 2);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(casp_with_rs_30_pairs_it_with_zero_register)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 7);
    put64(m, DATA + 8, 0);
    test_set_x(m, 4, DATA);
    test_set_x(m, 30, 7);
    test_set_x(m, ARM64EMU_REG_SP, 0x1230);
    test_set_x(m, 2, 8);
    test_set_x(m, 3, 9);
    const uint32_t code[] = {0x483e7c82}; /* casp x30, xzr, x2, x3, [x4] */
    test_run_to_brk(m, code, 1);
    ck_assert_uint_eq(get64(m, DATA), 8);
    ck_assert_uint_eq(get64(m, DATA + 8), 9);
    ck_assert_uint_eq(test_x(m, 30), 7);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_SP), 0x1230);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(casp_with_odd_registers_is_undefined)
{
    arm64emu_machine *m = test_machine();
    run_one_fault(m, 0x48217c82, ARM64EMU_EXIT_UNDEFINED); /* Rs = 1 */
    run_one_fault(m, 0x48207c83, ARM64EMU_EXIT_UNDEFINED); /* Rt = 3 */
    arm64emu_destroy(m);
}
END_TEST

/* The reference for LD<op>/SWP, written independently of the library. */
static uint64_t ref_op(unsigned o3opc, unsigned bytes, uint64_t old, uint64_t s)
{
    unsigned bits = bytes * 8;
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    old &= mask;
    s &= mask;
    int64_t so = (int64_t)(old << (64 - bits)) >> (64 - bits);
    int64_t ss = (int64_t)(s << (64 - bits)) >> (64 - bits);
    switch (o3opc) {
    case 0: return (old + s) & mask;
    case 1: return old & ~s;
    case 2: return old ^ s;
    case 3: return old | s;
    case 4: return so > ss ? old : s;
    case 5: return so < ss ? old : s;
    case 6: return old > s ? old : s;
    case 7: return old < s ? old : s;
    default: return s; /* SWP */
    }
}

START_TEST(ldadd_family_works_at_every_size_and_ordering)
{
    static const uint64_t olds[] = {0x8081828384858687ull, 0x0102030405060708ull,
                                    0xfffffffffffffffeull};
    static const uint64_t ss[] = {0x7f7f7f7f7f7f7f7full, 0xff00ff00ff00ff01ull,
                                  0x0000000000000003ull};
    arm64emu_machine *m = test_machine();
    test_set_x(m, 2, DATA + 8);
    for (unsigned kind = 0; kind < 9; kind++)
        for (unsigned size = 0; size < 4; size++)
            for (unsigned ar = 0; ar < 4; ar++)
                for (unsigned v = 0; v < 3; v++) {
                    unsigned bytes = 1u << size;
                    unsigned o3opc = kind == 8 ? 8 : kind;
                    /* ld<op><a><l><size> w/x0, w/x1, [x2] */
                    uint32_t insn = (size << 30) | 0x38200000u | (ar << 22) |
                                    (1u << 16) | (o3opc << 12) | (2u << 5);
                    put64(m, DATA, 0x5a5a5a5a5a5a5a5aull);
                    put64(m, DATA + 8, olds[v]);
                    put64(m, DATA + 16, 0xa5a5a5a5a5a5a5a5ull);
                    test_set_x(m, 0, 0xdeadbeefdeadbeefull);
                    test_set_x(m, 1, ss[v]);
                    test_run_to_brk(m, &insn, 1);
                    uint64_t mask = bytes == 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
                    uint64_t want_mem = (olds[v] & ~mask) |
                                        ref_op(o3opc, bytes, olds[v], ss[v]);
                    ck_assert_msg(get64(m, DATA + 8) == want_mem,
                                  "insn 0x%08x case %u: memory 0x%llx, want 0x%llx",
                                  insn, v, (unsigned long long)get64(m, DATA + 8),
                                  (unsigned long long)want_mem);
                    ck_assert_msg(test_x(m, 0) == (olds[v] & mask),
                                  "insn 0x%08x case %u: Rt 0x%llx, want 0x%llx",
                                  insn, v, (unsigned long long)test_x(m, 0),
                                  (unsigned long long)(olds[v] & mask));
                    ck_assert_uint_eq(test_x(m, 1), ss[v]);
                    ck_assert_uint_eq(get64(m, DATA), 0x5a5a5a5a5a5a5a5aull);
                    ck_assert_uint_eq(get64(m, DATA + 16), 0xa5a5a5a5a5a5a5a5ull);
                }
    arm64emu_destroy(m);
}
END_TEST

START_TEST(st_alias_updates_memory_and_writes_no_register)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 40);
    test_set_x(m, 1, 2);
    test_set_x(m, 2, DATA);
    test_set_x(m, ARM64EMU_REG_SP, 0x4560);
    const uint32_t code[] = {0xb821005f}; /* stadd w1, [x2] */
    test_run_to_brk(m, code, 1);
    ck_assert_uint_eq(get64(m, DATA), 42);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_SP), 0x4560);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(atomics_need_natural_alignment_and_change_nothing_on_fault)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 0x1111);
    test_set_x(m, 0, 0x77);
    test_set_x(m, 1, 0x88);
    test_set_x(m, 2, DATA + 2);
    arm64emu_exit e = run_one_fault(m, 0xf8200041, ARM64EMU_EXIT_ALIGNMENT); /* ldadd x0, x1, [x2] */
    ck_assert_uint_eq(e.addr, DATA + 2);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_READ); /* a read would fault */
    run_one_fault(m, 0xc8a07c41, ARM64EMU_EXIT_ALIGNMENT); /* cas x0, x1, [x2] */
    test_set_x(m, 4, DATA + 8);
    run_one_fault(m, 0x48207c82, ARM64EMU_EXIT_ALIGNMENT); /* casp x0, x1, x2, x3, [x4] */
    ck_assert_uint_eq(test_x(m, 0), 0x77);
    ck_assert_uint_eq(get64(m, DATA), 0x1111);

    /* an unmapped location faults before any register changes */
    test_set_x(m, 2, 0x10000000);
    e = run_one_fault(m, 0xf8208041, ARM64EMU_EXIT_UNMAPPED); /* swp x0, x1, [x2] */
    ck_assert_uint_eq(e.addr, 0x10000000);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_READ);
    ck_assert_uint_eq(test_x(m, 0), 0x77);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(lse_and_ldapr_are_undefined_on_cortex_a72)
{
    arm64emu_machine *m = test_machine_with("cortex-a72", 0);
    test_set_x(m, 2, DATA);
    test_set_x(m, 4, DATA);
    test_set_x(m, 1, DATA);
    run_one_fault(m, 0xc8a07c41, ARM64EMU_EXIT_UNDEFINED); /* cas x0, x1, [x2] */
    run_one_fault(m, 0x48207c82, ARM64EMU_EXIT_UNDEFINED); /* casp */
    run_one_fault(m, 0xf8200041, ARM64EMU_EXIT_UNDEFINED); /* ldadd */
    run_one_fault(m, 0xf8208041, ARM64EMU_EXIT_UNDEFINED); /* swp */
    run_one_fault(m, 0xb821005f, ARM64EMU_EXIT_UNDEFINED); /* stadd */
    run_one_fault(m, 0xf8bfc020, ARM64EMU_EXIT_UNDEFINED); /* ldapr */
    /* the v8.0 exclusives still work */
    const uint32_t code[] = {0xc85f7c20, 0xc8027c23}; /* ldxr; stxr */
    test_run_to_brk(m, code, 2);
    ck_assert_uint_eq(test_x(m, 2), 0);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(lorelease_and_loacquire_are_undefined_without_feat_lor)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, DATA);
    run_one_fault(m, 0xc8df7c20, ARM64EMU_EXIT_UNDEFINED); /* ldlar x0, [x1] */
    run_one_fault(m, 0xc89f7c20, ARM64EMU_EXIT_UNDEFINED); /* stllr x0, [x1] */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(exclusive_load_through_sp_base)
{
    arm64emu_machine *m = test_machine();
    put64(m, DATA, 9);
    test_set_x(m, ARM64EMU_REG_SP, DATA);
    test_set_x(m, 3, 10);
    const uint32_t code[] = {
        0xc85f7fe0, /* ldxr x0, [sp] */
        0xc8027fe3, /* stxr w2, x3, [sp] */
    };
    test_run_to_brk(m, code, 2);
    ck_assert_uint_eq(test_x(m, 0), 9);
    ck_assert_uint_eq(test_x(m, 2), 0);
    ck_assert_uint_eq(get64(m, DATA), 10);
    arm64emu_destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("atomic");
    TCase *tc = tcase_create("atomic");
    tcase_add_test(tc, exclusive_pair_store_succeeds_after_load_pair);
    tcase_add_test(tc, exclusive_word_pair_is_one_doubleword);
    tcase_add_test(tc, exclusive_pair_store_fails_without_monitor);
    tcase_add_test(tc, store_exclusive_clears_the_monitor_either_way);
    tcase_add_test(tc, clrex_clears_the_monitor);
    tcase_add_test(tc, store_exclusive_fails_when_memory_changed);
    tcase_add_test(tc, store_exclusive_fails_at_another_address_or_size);
    tcase_add_test(tc, exclusive_byte_and_halfword_forms_zero_extend);
    tcase_add_test(tc, store_exclusive_with_status_equal_to_data_stores_old_value);
    tcase_add_test(tc, exclusive_accesses_need_natural_alignment);
    tcase_add_test(tc, load_acquire_and_store_release_every_size);
    tcase_add_test(tc, cas_swaps_only_when_equal_and_returns_old_value);
    tcase_add_test(tc, cas_narrow_forms_compare_only_their_width);
    tcase_add_test(tc, casp_swaps_a_pair_when_both_halves_equal);
    tcase_add_test(tc, casp_with_rs_30_pairs_it_with_zero_register);
    tcase_add_test(tc, casp_with_odd_registers_is_undefined);
    tcase_add_test(tc, ldadd_family_works_at_every_size_and_ordering);
    tcase_add_test(tc, st_alias_updates_memory_and_writes_no_register);
    tcase_add_test(tc, atomics_need_natural_alignment_and_change_nothing_on_fault);
    tcase_add_test(tc, lse_and_ldapr_are_undefined_on_cortex_a72);
    tcase_add_test(tc, lorelease_and_loacquire_are_undefined_without_feat_lor);
    tcase_add_test(tc, exclusive_load_through_sp_base);
    suite_add_tcase(s, tc);
    return test_main(s);
}
