#include "harness.h"

#include <stdlib.h>

arm64emu_machine *test_machine(void)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, TEST_RAM_SIZE), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXIT_ON_SVC, 1), ARM64EMU_OK);
    arm64emu_machine *m;
    int rc = arm64emu_create(cfg, &m);
    ck_assert_msg(rc == ARM64EMU_OK, "create: %s", arm64emu_config_last_error(cfg));
    arm64emu_config_free(cfg);
    return m;
}

void test_load(arm64emu_machine *m, uint64_t addr, const uint32_t *words,
               unsigned n)
{
    ck_assert_int_eq(arm64emu_mem_write(m, addr, words, n * 4u), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, addr), ARM64EMU_OK);
}

arm64emu_exit test_run(arm64emu_machine *m, uint64_t budget)
{
    arm64emu_exit e = {.struct_size = sizeof(e)};
    int rc = arm64emu_run(m, budget, &e);
    ck_assert_msg(rc == ARM64EMU_OK, "run: %s", arm64emu_last_error(m));
    return e;
}

uint64_t test_x(arm64emu_machine *m, unsigned n)
{
    uint64_t v;
    ck_assert_int_eq(arm64emu_reg_read(m, 0, (arm64emu_reg)n, &v), ARM64EMU_OK);
    return v;
}

void test_set_x(arm64emu_machine *m, unsigned n, uint64_t v)
{
    ck_assert_int_eq(arm64emu_reg_write(m, 0, (arm64emu_reg)n, v), ARM64EMU_OK);
}

int test_main(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
