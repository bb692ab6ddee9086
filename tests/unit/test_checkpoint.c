/* Fuzzing checkpoints: restore puts RAM, registers and decoded code back
 * to the checkpoint, copying only the pages written since. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"

/* A program that calls `target`, patches its first instruction to
 * "movz x0, #2", calls it again, then scribbles on a data page. */
static const uint32_t smc_code[] = {
    0x94000009, /* bl target */
    0xaa0003e2, /* mov x2, x0 */
    0x52800803, /* mov w3, #0x40 */
    0x72ba5003, /* movk w3, #0xd280, lsl #16: w3 = movz x0, #2 */
    0x100000a4, /* adr x4, target */
    0xb9000083, /* str w3, [x4] */
    0x94000003, /* bl target */
    0xaa0003e5, /* mov x5, x0 */
    0xd4200000, /* brk #0 */
    0xd2800020, /* target: movz x0, #1 */
    0xd65f03c0, /* ret */
};
#define SMC_N (sizeof(smc_code) / sizeof(smc_code[0]))

static arm64emu_machine *board_machine(void)
{
    arm64emu_config *c;
    ck_assert_int_eq(arm64emu_config_new(&c), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_str(c, ARM64EMU_CFG_BOARD, "virt"),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(c, ARM64EMU_CFG_RAM_SIZE, 16u << 20),
                     ARM64EMU_OK);
    arm64emu_machine *m;
    ck_assert_int_eq(arm64emu_create(c, &m), ARM64EMU_OK);
    arm64emu_config_free(c);
    return m;
}

START_TEST(restore_without_checkpoint_is_refused)
{
    arm64emu_machine *m = test_machine();
    ck_assert_int_eq(arm64emu_checkpoint_restore(m), ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_checkpoint_restore(NULL), ARM64EMU_ERR_INVALID_ARGUMENT);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(restore_puts_back_ram_registers_and_code)
{
    arm64emu_machine *m = test_machine();
    test_load(m, TEST_RAM_BASE, smc_code, SMC_N);
    test_set_x(m, 7, 0x77);
    uint64_t data = 0x1111;
    arm64emu_mem_write(m, TEST_RAM_BASE + 0x5000, &data, 8);
    ck_assert_int_eq(arm64emu_checkpoint(m), ARM64EMU_OK);
    uint64_t dirty[4];
    ck_assert_int_eq(arm64emu_dirty_get(m, TEST_RAM_BASE, TEST_RAM_SIZE, dirty, 4),
                     ARM64EMU_OK);
    ck_assert_uint_eq(dirty[0] | dirty[1] | dirty[2] | dirty[3], 0);

    for (unsigned round = 0; round < 3; round++) {
        arm64emu_exit e = test_run(m, 0);
        ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
        ck_assert_uint_eq(test_x(m, 2), 1); /* the original target ran */
        ck_assert_uint_eq(test_x(m, 5), 2); /* then the patched one */
        /* Scribble more: registers and a data page. */
        test_set_x(m, 7, 0xdead);
        uint64_t junk = 0xbad;
        arm64emu_mem_write(m, TEST_RAM_BASE + 0x5000, &junk, 8);
        ck_assert_int_eq(arm64emu_checkpoint_restore(m), ARM64EMU_OK);
        ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), TEST_RAM_BASE);
        ck_assert_uint_eq(test_x(m, 7), 0x77);
        ck_assert_uint_eq(test_x(m, 2), 0);
        ck_assert_uint_eq(test_icount(m), 0);
        uint64_t got = 0;
        arm64emu_mem_read(m, TEST_RAM_BASE + 0x5000, &got, 8);
        ck_assert_uint_eq(got, 0x1111);
        uint32_t word = 0;
        arm64emu_mem_read(m, TEST_RAM_BASE + 4 * 9, &word, 4);
        ck_assert_uint_eq(word, smc_code[9]);
        ck_assert_int_eq(arm64emu_dirty_get(m, TEST_RAM_BASE, TEST_RAM_SIZE, dirty, 4),
                         ARM64EMU_OK);
        ck_assert_uint_eq(dirty[0] | dirty[1] | dirty[2] | dirty[3], 0);
    }
    arm64emu_destroy(m);
}
END_TEST

START_TEST(restore_brings_back_board_device_state)
{
    arm64emu_machine *m = board_machine();
    test_load(m, TEST_RAM_BASE, smc_code, SMC_N);
    ck_assert_int_eq(arm64emu_checkpoint(m), ARM64EMU_OK);
    uint64_t t0, i0;
    arm64emu_virtual_time(m, &t0, &i0);
    size_t acc = 0;
    /* FIFOs are off after reset: the receive holding register takes 1. */
    ck_assert_int_eq(arm64emu_uart_rx(m, "abc", 3, &acc), ARM64EMU_OK);
    ck_assert_uint_eq(acc, 1);
    ck_assert_int_eq(arm64emu_uart_rx(m, "bc", 2, &acc), ARM64EMU_OK);
    ck_assert_uint_eq(acc, 0);
    ck_assert_uint_eq(test_run(m, 0).reason, ARM64EMU_EXIT_BRK);
    ck_assert_int_eq(arm64emu_checkpoint_restore(m), ARM64EMU_OK);
    uint64_t t1, i1;
    arm64emu_virtual_time(m, &t1, &i1);
    ck_assert_uint_eq(i1, i0);
    /* The receive register is empty again. */
    ck_assert_int_eq(arm64emu_uart_rx(m, "xy", 2, &acc), ARM64EMU_OK);
    ck_assert_uint_eq(acc, 1);
    ck_assert_uint_eq(test_run(m, 0).reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 2), 1);
    arm64emu_destroy(m);
}
END_TEST

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

START_TEST(restore_of_one_dirty_page_is_fast)
{
    arm64emu_machine *m = board_machine(); /* 128 MiB flash + 16 MiB RAM */
    test_load(m, TEST_RAM_BASE, smc_code, SMC_N);
    ck_assert_int_eq(arm64emu_checkpoint(m), ARM64EMU_OK);
    const unsigned n = 2000;
    double total = 0;
    for (unsigned i = 0; i < n; i++) {
        uint64_t v = i;
        arm64emu_mem_write(m, TEST_RAM_BASE + 0x10000, &v, 8);
        double t = now_ns();
        ck_assert_int_eq(arm64emu_checkpoint_restore(m), ARM64EMU_OK);
        total += now_ns() - t;
    }
    uint64_t v = 1;
    arm64emu_mem_read(m, TEST_RAM_BASE + 0x10000, &v, 8);
    ck_assert_uint_eq(v, 0);
    printf("checkpoint_restore with 1 dirty page (virt, 144 MiB of RAM): "
           "%.1f us\n", total / n / 1000.0);
    arm64emu_destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("checkpoint");
    TCase *tc = tcase_create("checkpoint");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, restore_without_checkpoint_is_refused);
    tcase_add_test(tc, restore_puts_back_ram_registers_and_code);
    tcase_add_test(tc, restore_brings_back_board_device_state);
    tcase_add_test(tc, restore_of_one_dirty_page_is_fast);
    suite_add_tcase(s, tc);
    return test_main(s);
}
