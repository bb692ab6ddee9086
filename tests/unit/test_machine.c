/* Machine lifecycle, memory map, run loop and block cache behaviour. */
#include <stdio.h>
#include <string.h>

#include "harness.h"

START_TEST(version_string_matches_macros)
{
    char want[32];
    snprintf(want, sizeof(want), "%d.%d.%d", ARM64EMU_VERSION_MAJOR,
             ARM64EMU_VERSION_MINOR, ARM64EMU_VERSION_PATCH);
    ck_assert_str_eq(arm64emu_version_string(), want);
    ck_assert_uint_eq(arm64emu_version(), ARM64EMU_VERSION_NUMBER);
}
END_TEST

START_TEST(status_strings_name_every_code)
{
    for (int s = 0; s >= ARM64EMU_ERR_UNSUPPORTED; s--)
        ck_assert_str_ne(arm64emu_status_string(s), "unknown status");
    ck_assert_str_eq(arm64emu_status_string(-999), "unknown status");
    ck_assert_str_eq(arm64emu_status_string(5), "unknown status");
}
END_TEST

START_TEST(unknown_model_is_refused_with_its_name)
{
    arm64emu_config *cfg;
    arm64emu_config_new(&cfg);
    ck_assert_int_eq(arm64emu_config_set_str(cfg, ARM64EMU_CFG_CPU_MODEL, "cortex-z9"),
                     ARM64EMU_ERR_UNKNOWN_MODEL);
    ck_assert_ptr_nonnull(strstr(arm64emu_config_last_error(cfg), "cortex-z9"));
    arm64emu_config_free(cfg);
}
END_TEST

START_TEST(overlapping_region_is_refused_and_named)
{
    arm64emu_machine *m = test_machine();
    ck_assert_int_eq(arm64emu_map_ram(m, TEST_RAM_BASE + 0x1000, 0x1000), ARM64EMU_ERR_OVERLAP);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(m), "overlaps"));
    ck_assert_int_eq(arm64emu_map_ram(m, 0x1000, 0x1001), ARM64EMU_ERR_INVALID_ARGUMENT);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(budget_counts_exact_instructions)
{
    arm64emu_machine *m = test_machine();
    /* b +8; udf; b . */
    const uint32_t code[] = {0x14000002, 0x00000000, 0x14000000};
    test_load(m, TEST_RAM_BASE, code, 3);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BUDGET);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), TEST_RAM_BASE + 8);
    uint64_t n;
    arm64emu_instructions(m, 0, &n);
    ck_assert_uint_eq(n, 10);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(undefined_word_exits_with_word_and_pc)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {0x14000001, 0x00000000};
    test_load(m, TEST_RAM_BASE, code, 2);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNDEFINED);
    ck_assert_uint_eq(e.pc, TEST_RAM_BASE + 4);
    ck_assert_uint_eq(e.insn, 0);
    uint64_t n;
    arm64emu_instructions(m, 0, &n);
    ck_assert_uint_eq(n, 1);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(fetch_from_unmapped_memory_exits)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, ARM64EMU_REG_PC, 0x1000);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNMAPPED);
    ck_assert_uint_eq(e.addr, 0x1000);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_FETCH);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(api_write_to_cached_code_takes_effect)
{
    arm64emu_machine *m = test_machine();
    const uint32_t loop[] = {0x14000000}; /* b . */
    test_load(m, TEST_RAM_BASE, loop, 1);
    test_run(m, 5);
    const uint32_t undef = 0;
    arm64emu_mem_write(m, TEST_RAM_BASE, &undef, 4);
    arm64emu_exit e = test_run(m, 5);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNDEFINED);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(request_stop_before_run_stops_at_once)
{
    arm64emu_machine *m = test_machine();
    const uint32_t loop[] = {0x14000000};
    test_load(m, TEST_RAM_BASE, loop, 1);
    arm64emu_request_stop(m);
    arm64emu_exit e = test_run(m, 0);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_STOP);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(dirty_bitmap_tracks_api_writes_and_clears)
{
    arm64emu_machine *m = test_machine();
    uint64_t bits[4];
    arm64emu_dirty_clear(m, TEST_RAM_BASE, TEST_RAM_SIZE);
    ck_assert_int_eq(arm64emu_dirty_get(m, TEST_RAM_BASE, TEST_RAM_SIZE, bits, 4), ARM64EMU_OK);
    ck_assert_uint_eq(bits[0] | bits[1] | bits[2] | bits[3], 0);
    uint8_t b = 1;
    arm64emu_mem_write(m, TEST_RAM_BASE + 3 * 4096 + 5, &b, 1);
    arm64emu_dirty_get(m, TEST_RAM_BASE, TEST_RAM_SIZE, bits, 4);
    ck_assert_uint_eq(bits[0], 1u << 3);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(mmio_and_unmapped_are_refused_by_mem_read)
{
    arm64emu_machine *m = test_machine();
    uint8_t buf[8];
    ck_assert_int_eq(arm64emu_mem_read(m, 0x1000, buf, 8), ARM64EMU_ERR_UNMAPPED);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(m), "0x1000"));
    ck_assert_int_eq(arm64emu_mem_read(m, TEST_RAM_BASE + TEST_RAM_SIZE - 4, buf, 8),
                     ARM64EMU_ERR_UNMAPPED);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(sysreg_by_encoding_reads_and_rejects_id_writes)
{
    arm64emu_machine *m = test_machine();
    uint32_t tpidr = ARM64EMU_SYSREG(3, 3, 13, 0, 2);
    ck_assert_int_eq(arm64emu_sysreg_write(m, 0, tpidr, 0x1234), ARM64EMU_OK);
    uint64_t v;
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, tpidr, &v), ARM64EMU_OK);
    ck_assert_uint_eq(v, 0x1234);
    uint32_t midr = ARM64EMU_SYSREG(3, 0, 0, 0, 0);
    ck_assert_int_eq(arm64emu_sysreg_write(m, 0, midr, 1), ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, ARM64EMU_SYSREG(3, 7, 15, 15, 7), &v),
                     ARM64EMU_ERR_UNKNOWN_REGISTER);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(page_crossing_fault_reports_the_instruction_access_size)
{
    arm64emu_machine *m = test_machine();
    const uint64_t end = TEST_RAM_BASE + TEST_RAM_SIZE;
    const uint32_t ldr[] = {0xf9400020}; /* ldr x0, [x1] */
    test_load(m, TEST_RAM_BASE, ldr, 1);
    test_set_x(m, 1, end - 4);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNMAPPED);
    ck_assert_uint_eq(e.addr, end);
    ck_assert_uint_eq(e.access_size, 8);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_READ);

    const uint32_t str[] = {0xf9000020}; /* str x0, [x1] */
    test_load(m, TEST_RAM_BASE, str, 1);
    test_set_x(m, 0, ~0ull);
    e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNMAPPED);
    ck_assert_uint_eq(e.access_size, 8);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_WRITE);
    uint32_t tail;
    arm64emu_mem_read(m, end - 4, &tail, 4);
    ck_assert_uint_eq(tail, 0); /* nothing partially written */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(guest_store_to_cached_code_invalidates_it)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {
        0xb9400041, /* ldr w1, [x2]   the new instruction */
        0xb9000061, /* str w1, [x3]   over the cached one at +0x10 */
        0x14000002, /* b +8 */
        0x00000000,
        0xd2800020, /* +0x10: movz x0, #1 (becomes movz x0, #7) */
        0x00000000, /* udf: stop */
    };
    const uint32_t replacement = 0xd28000e0; /* movz x0, #7 */
    test_load(m, TEST_RAM_BASE, code, 6);
    arm64emu_mem_write(m, TEST_RAM_BASE + 0x800, &replacement, 4);
    test_set_x(m, ARM64EMU_REG_PC, TEST_RAM_BASE + 0x10);
    arm64emu_exit e = test_run(m, 10); /* caches the block at +0x10 */
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNDEFINED);
    ck_assert_uint_eq(test_x(m, 0), 1);

    test_set_x(m, 2, TEST_RAM_BASE + 0x800);
    test_set_x(m, 3, TEST_RAM_BASE + 0x10);
    test_set_x(m, ARM64EMU_REG_PC, TEST_RAM_BASE);
    e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNDEFINED);
    ck_assert_uint_eq(e.pc, TEST_RAM_BASE + 0x14);
    ck_assert_uint_eq(test_x(m, 0), 7);
    arm64emu_destroy(m);
}
END_TEST

static Suite *machine_suite(void)
{
    Suite *s = suite_create("machine");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, version_string_matches_macros);
    tcase_add_test(tc, status_strings_name_every_code);
    tcase_add_test(tc, unknown_model_is_refused_with_its_name);
    tcase_add_test(tc, overlapping_region_is_refused_and_named);
    tcase_add_test(tc, budget_counts_exact_instructions);
    tcase_add_test(tc, undefined_word_exits_with_word_and_pc);
    tcase_add_test(tc, fetch_from_unmapped_memory_exits);
    tcase_add_test(tc, api_write_to_cached_code_takes_effect);
    tcase_add_test(tc, request_stop_before_run_stops_at_once);
    tcase_add_test(tc, dirty_bitmap_tracks_api_writes_and_clears);
    tcase_add_test(tc, mmio_and_unmapped_are_refused_by_mem_read);
    tcase_add_test(tc, sysreg_by_encoding_reads_and_rejects_id_writes);
    tcase_add_test(tc, page_crossing_fault_reports_the_instruction_access_size);
    tcase_add_test(tc, guest_store_to_cached_code_invalidates_it);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_main(machine_suite());
}
