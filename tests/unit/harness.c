#include "harness.h"

#include <stdlib.h>
#include <string.h>

#define BRK0 0xd4200000u /* brk #0 */

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

arm64emu_machine *test_machine_with(const char *model, int exit_on_svc)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, TEST_RAM_SIZE), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXIT_ON_SVC, (uint64_t)exit_on_svc), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_str(cfg, ARM64EMU_CFG_CPU_MODEL, model), ARM64EMU_OK);
    arm64emu_machine *m;
    ck_assert_int_eq(arm64emu_create(cfg, &m), ARM64EMU_OK);
    arm64emu_config_free(cfg);
    return m;
}

uint64_t test_icount(arm64emu_machine *m)
{
    uint64_t n;
    ck_assert_int_eq(arm64emu_instructions(m, 0, &n), ARM64EMU_OK);
    return n;
}

void test_run_to_brk(arm64emu_machine *m, const uint32_t *code, unsigned n)
{
    uint32_t words[64];
    ck_assert_uint_lt(n, 64);
    memcpy(words, code, n * 4u);
    words[n] = BRK0;
    test_load(m, TEST_RAM_BASE, words, n + 1);
    arm64emu_exit e = test_run(m, 1000);
    ck_assert_msg(e.reason == ARM64EMU_EXIT_BRK,
                  "expected BRK exit, got reason %u at pc 0x%llx (insn 0x%08x)",
                  e.reason, (unsigned long long)e.pc, e.insn);
    ck_assert_uint_eq(e.pc, TEST_RAM_BASE + 4ull * n);
}

void test_expect_undefined(arm64emu_machine *m, uint32_t insn)
{
    uint32_t words[2] = {insn, BRK0};
    test_load(m, TEST_RAM_BASE, words, 2);
    uint64_t before = test_icount(m);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_msg(e.reason == ARM64EMU_EXIT_UNDEFINED,
                  "insn 0x%08x: expected UNDEFINED, got reason %u", insn, e.reason);
    ck_assert_uint_eq(e.pc, TEST_RAM_BASE);
    ck_assert_uint_eq(e.insn, insn);
    ck_assert_uint_eq(test_icount(m), before);
}
