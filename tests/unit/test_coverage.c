/* Edge coverage (AFL-style map) and comparison logging. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define B TEST_RAM_BASE

/* mov x0, #0; 1: add x0, x0, #1; cmp x0, #10; b.ne 1b; brk #0 */
static const uint32_t loop_code[] = {0xd2800000, 0x91000400, 0xf100281f,
                                     0x54ffffc1, 0xd4200000};

/* The block hash docs/api.md documents. */
static uint32_t cov_hash(uint64_t va)
{
    return (uint32_t)(((va ^ (va >> 32)) * 0x9e3779b97f4a7c15ull) >> 32);
}

static size_t edge(uint64_t from, uint64_t to, size_t size)
{
    uint32_t prev = from ? cov_hash(from) >> 1 : 0;
    return (prev ^ cov_hash(to)) & (size - 1);
}

#define MAP_SIZE 65536u

/* AFL's never-zero increment: 255 wraps to 1. */
static void bump(uint8_t *map, size_t i, unsigned times)
{
    while (times--)
        map[i] = (uint8_t)(map[i] == 255 ? 1 : map[i] + 1);
}

START_TEST(loop_edges_have_deterministic_counts)
{
    arm64emu_machine *m = test_machine();
    test_load(m, B, loop_code, 5);
    static uint8_t map[MAP_SIZE];
    memset(map, 0, sizeof(map));
    ck_assert_int_eq(arm64emu_coverage_attach(m, map, sizeof(map)),
                     ARM64EMU_OK);
    ck_assert_uint_eq(test_run(m, 1000).reason, ARM64EMU_EXIT_BRK);
    /* blocks: B (4 insns), B+4 (3 insns, 9 times), B+16 (brk) */
    static uint8_t want[MAP_SIZE];
    memset(want, 0, sizeof(want));
    bump(want, edge(0, B, MAP_SIZE), 1);
    bump(want, edge(B, B + 4, MAP_SIZE), 1);
    bump(want, edge(B + 4, B + 4, MAP_SIZE), 8);
    bump(want, edge(B + 4, B + 16, MAP_SIZE), 1);
    ck_assert_int_eq(memcmp(map, want, sizeof(map)), 0);
    unsigned total = 0;
    for (size_t i = 0; i < MAP_SIZE; i++)
        total += map[i];
    ck_assert_uint_eq(total, 11);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(checkpoint_restore_replays_the_same_map)
{
    arm64emu_machine *m = test_machine();
    test_load(m, B, loop_code, 5);
    test_run(m, 3); /* some history before the checkpoint */
    ck_assert_int_eq(arm64emu_checkpoint(m), ARM64EMU_OK);
    static uint8_t map[MAP_SIZE], first[MAP_SIZE];
    memset(map, 0, sizeof(map));
    arm64emu_coverage_attach(m, map, sizeof(map));
    test_run(m, 1000);
    memcpy(first, map, sizeof(map));
    memset(map, 0, sizeof(map));
    ck_assert_int_eq(arm64emu_checkpoint_restore(m), ARM64EMU_OK);
    test_run(m, 1000);
    ck_assert_int_eq(memcmp(map, first, sizeof(map)), 0);
    /* detached: nothing more is counted */
    arm64emu_coverage_attach(m, NULL, 0);
    memset(map, 0, sizeof(map));
    arm64emu_checkpoint_restore(m);
    test_run(m, 1000);
    for (size_t i = 0; i < MAP_SIZE; i++)
        ck_assert_uint_eq(map[i], 0);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(counts_wrap_from_255_to_1)
{
    arm64emu_machine *m = test_machine();
    /* mov x0, #300; 1: subs x0, x0, #1; b.ne 1b; brk #0 */
    const uint32_t code[] = {0xd2802580, 0xf1000400, 0x54ffffe1, 0xd4200000};
    test_load(m, B, code, 4);
    static uint8_t map[64];
    memset(map, 0, sizeof(map));
    arm64emu_coverage_attach(m, map, sizeof(map));
    ck_assert_uint_eq(test_run(m, 10000).reason, ARM64EMU_EXIT_BRK);
    /* blocks: B (3 insns), B+4 (2 insns, 299 times), B+12 (brk) */
    uint8_t want[64] = {0};
    bump(want, edge(0, B, 64), 1);
    bump(want, edge(B, B + 4, 64), 1);
    bump(want, edge(B + 4, B + 4, 64), 298);
    bump(want, edge(B + 4, B + 12, 64), 1);
    ck_assert_int_eq(memcmp(map, want, 64), 0);
    uint8_t self[64] = {0};
    bump(self, 0, 298);
    ck_assert_uint_eq(self[0], 43); /* the wrap happened */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(cmplog_records_compare_operands)
{
    arm64emu_machine *m = test_machine();
    /* mov x0, #5; mov x1, #7; cmp x0, x1; cmp w0, #3;
     * ccmp x0, x1, #0, eq (condition false: no comparison);
     * adds x2, x0, x1, lsl #1; cmn x0, #1; ccmp x0, #4, #0, ne; brk #0 */
    const uint32_t code[] = {0xd28000a0, 0xd28000e1, 0xeb01001f,
                             0x71000c1f, 0xfa410000, 0xab010402,
                             0xb100041f, 0xfa441800, 0xd4200000};
    test_load(m, B, code, 9);
    arm64emu_cmplog_entry buf[16];
    ck_assert_int_eq(arm64emu_cmplog_attach(m, buf, 16), ARM64EMU_OK);
    ck_assert_uint_eq(test_run(m, 100).reason, ARM64EMU_EXIT_BRK);
    size_t n;
    ck_assert_int_eq(arm64emu_cmplog_count(m, &n), ARM64EMU_OK);
    ck_assert_uint_eq(n, 5);
    const arm64emu_cmplog_entry want[] = {
        {B + 8, 5, 7, 8, 0},   {B + 12, 5, 3, 4, 0}, {B + 20, 5, 14, 8, 0},
        {B + 24, 5, 1, 8, 0},  {B + 28, 5, 4, 8, 0},
    };
    for (unsigned i = 0; i < 5; i++) {
        ck_assert_uint_eq(buf[i].pc, want[i].pc);
        ck_assert_uint_eq(buf[i].a, want[i].a);
        ck_assert_uint_eq(buf[i].b, want[i].b);
        ck_assert_uint_eq(buf[i].size, want[i].size);
        ck_assert_uint_eq(buf[i].kind, 0);
    }
    /* a full buffer drops later entries; reset empties it */
    arm64emu_cmplog_attach(m, buf, 2);
    test_set_x(m, ARM64EMU_REG_PC, B);
    test_run(m, 100);
    arm64emu_cmplog_count(m, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(buf[1].pc, B + 12);
    arm64emu_cmplog_reset(m);
    arm64emu_cmplog_count(m, &n);
    ck_assert_uint_eq(n, 0);
    arm64emu_destroy(m);
}
END_TEST

/* A memcmp answered by the host, logging its operands as kind 1. */
static int32_t host_memcmp(arm64emu_machine *m, uint64_t a, uint64_t b,
                           uint64_t n)
{
    void *pa, *pb;
    if (arm64emu_hostcall_ptr(m, a, n, 0, &pa) != ARM64EMU_OK ||
        arm64emu_hostcall_ptr(m, b, n, 0, &pb) != ARM64EMU_OK)
        return -1;
    arm64emu_cmplog_memory(m, 0, pa, pb, n);
    return memcmp(pa, pb, n) < 0 ? -1 : memcmp(pa, pb, n) > 0;
}

START_TEST(cmplog_records_host_memory_compares)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {0xd65f03c0, 0xd4200000}; /* ret (bound); brk #0 */
    test_load(m, B, code, 2);
    arm64emu_mem_write(m, B + 0x100, "MAGIC!x", 7);
    arm64emu_mem_write(m, B + 0x200, "MAGIK", 5);
    uint32_t id;
    ck_assert_int_eq(arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_ADDR, B,
                                            "i32(p,p,u64)",
                                            (arm64emu_hostcall_fn)host_memcmp,
                                            &id),
                     ARM64EMU_OK);
    arm64emu_cmplog_entry buf[4];
    ck_assert_int_eq(arm64emu_cmplog_attach(m, buf, 4), ARM64EMU_OK);
    test_set_x(m, 0, B + 0x100);
    test_set_x(m, 1, B + 0x200);
    test_set_x(m, 2, 5);
    test_set_x(m, 30, B + 4);
    test_set_x(m, ARM64EMU_REG_PC, B);
    ck_assert_uint_eq(test_run(m, 100).reason, ARM64EMU_EXIT_BRK);
    size_t n;
    arm64emu_cmplog_count(m, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(buf[0].kind, 1);
    ck_assert_uint_eq(buf[0].size, 5);
    ck_assert_uint_eq(buf[0].pc, B);
    ck_assert_uint_eq(buf[0].a, 0x434947414dull); /* "MAGIC", zero-padded */
    ck_assert_uint_eq(buf[0].b, 0x4b4947414dull); /* "MAGIK" */
    ck_assert_uint_eq(test_x(m, 0), 0xffffffffffffffffull); /* C < K */
    arm64emu_destroy(m);
}
END_TEST

static Suite *coverage_suite(void)
{
    Suite *s = suite_create("coverage");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, loop_edges_have_deterministic_counts);
    tcase_add_test(tc, checkpoint_restore_replays_the_same_map);
    tcase_add_test(tc, counts_wrap_from_255_to_1);
    tcase_add_test(tc, cmplog_records_compare_operands);
    tcase_add_test(tc, cmplog_records_host_memory_compares);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_main(coverage_suite());
}
