/* The virt board's run loop: generic timer, WFI clock jumps, PSCI and
 * several CPUs taking turns. Guests are flat binaries at RAM + 0x80000. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "harness.h"

#define KERNEL_BASE 0x40080000ull

static arm64emu_machine *board_el(unsigned ncpus, const uint32_t *code,
                                  size_t nwords, unsigned el)
{
    arm64emu_config *cfg;
    arm64emu_config_new(&cfg);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_BOOT_EL, el), 0);
    ck_assert_int_eq(arm64emu_config_set_str(cfg, ARM64EMU_CFG_BOARD, "virt"), 0);
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_NUM_CPUS, ncpus);
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, 16u << 20);
    arm64emu_machine *m = NULL;
    ck_assert_int_eq(arm64emu_create(cfg, &m), 0);
    arm64emu_config_free(cfg);
    ck_assert_int_eq(arm64emu_board_load_kernel(m, code, nwords * 4), 0);
    ck_assert_int_eq(arm64emu_board_boot(m), 0);
    return m;
}

static arm64emu_machine *board(unsigned ncpus, const uint32_t *code,
                               size_t nwords)
{
    return board_el(ncpus, code, nwords, 1);
}

START_TEST(unknown_board_is_refused_with_its_name)
{
    arm64emu_config *cfg;
    arm64emu_config_new(&cfg);
    ck_assert_int_eq(arm64emu_config_set_str(cfg, ARM64EMU_CFG_BOARD, "sbsa"),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(arm64emu_config_last_error(cfg), "sbsa"));
    arm64emu_config_free(cfg);
}
END_TEST

START_TEST(board_calls_on_bare_machine_are_unsupported)
{
    arm64emu_machine *m = test_machine();
    ck_assert_int_eq(arm64emu_board_set_bootargs(m, "x"), ARM64EMU_ERR_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(m), "board"));
    arm64emu_destroy(m);
}
END_TEST

START_TEST(bare_machine_counter_is_the_instruction_count)
{
    arm64emu_machine *m = test_machine();
    /* nop; nop; mrs x0, cntpct_el0; brk #0 */
    const uint32_t code[] = {0xd503201f, 0xd503201f, 0xd53be020};
    test_run_to_brk(m, code, 3);
    ck_assert_uint_eq(test_x(m, 0), 2);
    arm64emu_destroy(m);
}
END_TEST

/* Enables PPI 27 in the GIC, arms the virtual timer 1000 ticks ahead and
 * sleeps in WFI with IRQs masked; x10/x11 are CNTVCT before and after,
 * x12 CNTV_CTL, x13 the acknowledged INTID. */
static const uint32_t timer_code[] = {
    0xd2a10141, 0xb900143f, 0x91404022, 0x52a10003, 0xb9010043, 0xd2a10004,
    0x52800045, 0xb9000085, 0xd2801fe6, 0xd5184606, 0xd2800026, 0xd518cce6,
    0xd5033fdf, 0xd53be04a, 0xd2807d07, 0xd51be307, 0xd2800027, 0xd51be327,
    0xd503207f, 0xd53be04b, 0xd53be32c, 0xd538cc0d, 0xd4200000,
};

START_TEST(wfi_jumps_virtual_time_to_the_timer_deadline)
{
    arm64emu_machine *m = board(1, timer_code, 23);
    arm64emu_exit e = test_run(m, 100000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    uint64_t before = test_x(m, 10), after = test_x(m, 11);
    ck_assert_uint_ge(after - before, 1000);
    ck_assert_uint_lt(after - before, 1010);
    ck_assert_uint_lt(test_icount(m), 100); /* no spinning */
    ck_assert_uint_eq(test_x(m, 12), 5);    /* ENABLE | ISTATUS */
    ck_assert_uint_eq(test_x(m, 13), 27);   /* the virtual timer's PPI */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(timer_ticks_follow_insns_per_tick)
{
    arm64emu_config *cfg;
    arm64emu_config_new(&cfg);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_INSNS_PER_TICK, 0),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_INSNS_PER_TICK, 10), 0);
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, 1 << 20);
    arm64emu_machine *m;
    ck_assert_int_eq(arm64emu_create(cfg, &m), 0);
    arm64emu_config_free(cfg);
    /* 40 nops, then mrs x0, cntpct_el0; brk #0 */
    uint32_t code[42];
    for (int i = 0; i < 40; i++)
        code[i] = 0xd503201f;
    code[40] = 0xd53be020;
    test_run_to_brk(m, code, 41);
    ck_assert_uint_eq(test_x(m, 0), 4);
    uint64_t ticks, insns;
    arm64emu_virtual_time(m, &ticks, &insns);
    ck_assert_uint_eq(insns, 41);
    ck_assert_uint_eq(ticks, 4);
    arm64emu_destroy(m);
}
END_TEST

/* PSCI_VERSION -> x20, an unknown function -> x21, PSCI_FEATURES(CPU_ON)
 * -> x22, SMCCC_VERSION -> x23, then SYSTEM_RESET. */
static const uint32_t version_code[] = {
    0xd2800000, 0xf2b08000, 0xd4000002, 0xaa0003f4, 0xd29fffe0, 0xf2b08000,
    0xd4000002, 0xaa0003f5, 0xd2800140, 0xf2b08000, 0xd2800061, 0xf2b88001,
    0xd4000002, 0xaa0003f6, 0xd2800000, 0xf2b00000, 0xd4000002, 0xaa0003f7,
    0xd2800120, 0xf2b08000, 0xd4000002, 0xd4200020,
};

START_TEST(psci_answers_version_features_and_resets)
{
    arm64emu_machine *m = board(1, version_code, 22);
    arm64emu_exit e = test_run(m, 1000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_RESET);
    ck_assert_uint_eq(e.pc, KERNEL_BASE + 20 * 4);
    ck_assert_uint_eq(test_x(m, 20), 0x10001);
    ck_assert_uint_eq(test_x(m, 21), UINT64_MAX); /* NOT_SUPPORTED */
    ck_assert_uint_eq(test_x(m, 22), 0);
    ck_assert_uint_eq(test_x(m, 23), 0x10001);
    arm64emu_destroy(m);
}
END_TEST

/* CPU 0 starts CPU 1 with CPU_ON (context 0x1234), waits for its flag,
 * waits with AFFINITY_INFO until CPU 1 is off again, then SYSTEM_OFF. */
static const uint32_t smp_code[] = {
    0xd2800060, 0xf2b88000, 0xd2b00001, 0xb2400021, 0x10000262, 0xd2824683,
    0xd4000002, 0xaa0003f4, 0x10000305, 0xf94000a6, 0xb4ffffe6, 0xd2800080,
    0xf2b88000, 0xd2b00001, 0xb2400021, 0xd2800002, 0xd4000002, 0xf100041f,
    0x54ffff21, 0xd2800100, 0xf2b08000, 0xd4000002, 0xd4200020, 0x10000125,
    0xd53800a6, 0x8b0000c6, 0xf90000a6, 0xd2800040, 0xf2b08000, 0xd4000002,
    0xd4200040, 0xd503201f, 0x00000000, 0x00000000,
};

static uint64_t run_smp(uint64_t *cpu1_insns)
{
    arm64emu_machine *m = board(2, smp_code, 34);
    arm64emu_exit e = test_run(m, 1000000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_POWEROFF);
    ck_assert_uint_eq(e.cpu, 0);
    ck_assert_uint_eq(test_x(m, 20), 0); /* CPU_ON: SUCCESS */
    uint64_t flag = 0;
    arm64emu_mem_read(m, KERNEL_BASE + 0x80, &flag, 8);
    ck_assert_uint_eq(flag, 0x80000001ull + 0x1234);
    arm64emu_instructions(m, 1, cpu1_insns);
    uint64_t n0;
    arm64emu_instructions(m, 0, &n0);
    arm64emu_destroy(m);
    return n0;
}

START_TEST(psci_cpu_on_runs_a_second_cpu_deterministically)
{
    uint64_t a1, b1;
    uint64_t a0 = run_smp(&a1), b0 = run_smp(&b1);
    ck_assert_uint_eq(a1, 7); /* adr, mrs, add, str, movz, movk, hvc */
    ck_assert_uint_eq(a0, b0);
    ck_assert_uint_eq(a1, b1);
}
END_TEST

/* Booted at EL2, CPU 0 drops to EL1 as Linux's hyp stub does, starts
 * CPU 1 with CPU_ON over SMC and waits for CPU 1's CurrentEL in a flag
 * (x20 = CPU_ON result, x21 = CPU 0's CurrentEL), then SYSTEM_OFF. */
static const uint32_t el2_smp_code[] = {
    0xd2b00000, 0xd51c1100, 0xd28078a0, 0xd51c4000, 0x10000060, 0xd51c4020,
    0xd69f03e0, 0xd2800060, 0xf2b88000, 0xd2800021, 0x10000182, 0xd2800003,
    0xd4000003, 0xaa0003f4, 0x100001c5, 0xf94000a6, 0xb4ffffe6, 0xd5384255,
    0xd2800100, 0xf2b08000, 0xd4000003, 0xd4200020, 0xd5384246, 0x100000a5,
    0xf90000a6, 0xd503207f, 0x17ffffff, 0xd503201f, 0x00000000, 0x00000000,
};

START_TEST(cpu_on_starts_the_target_at_the_boot_el_not_the_callers)
{
    arm64emu_machine *m = board_el(2, el2_smp_code, 30, 2);
    arm64emu_exit e = test_run(m, 100000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_POWEROFF);
    ck_assert_uint_eq(test_x(m, 20), 0); /* CPU_ON: SUCCESS */
    ck_assert_uint_eq(test_x(m, 21), 1u << 2); /* the caller ran at EL1 */
    uint64_t flag = 0;
    arm64emu_mem_read(m, KERNEL_BASE + 0x70, &flag, 8);
    ck_assert_uint_eq(flag, 2u << 2); /* CPU 1 started at EL2 */
    arm64emu_destroy(m);
}
END_TEST

/* As timer_code, with the EL2 physical timer (PPI 26) 500 ticks ahead. */
static const uint32_t hyp_timer_code[] = {
    0xd2a10141, 0xb900143f, 0x91404022, 0x52a08003, 0xb9010043, 0xd2a10004,
    0x52800045, 0xb9000085, 0xd2801fe6, 0xd5184606, 0xd2800026, 0xd518cce6,
    0xd5033fdf, 0xd53be02a, 0xd2803e87, 0xd51ce207, 0xd2800027, 0xd51ce227,
    0xd503207f, 0xd53be02b, 0xd53ce22c, 0xd538cc0d, 0xd4200000,
};

START_TEST(el2_physical_timer_fires_on_ppi_26)
{
    arm64emu_machine *m = board_el(1, hyp_timer_code, 23, 2);
    arm64emu_exit e = test_run(m, 100000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_ge(test_x(m, 11) - test_x(m, 10), 500);
    ck_assert_uint_lt(test_x(m, 11) - test_x(m, 10), 510);
    ck_assert_uint_eq(test_x(m, 12), 5);
    ck_assert_uint_eq(test_x(m, 13), 26);
    arm64emu_destroy(m);
}
END_TEST

/* Linux's hyp stub at EL2: set ICC_SRE_EL2.SRE/Enable, then clear
 * ICH_HCR_EL2; here all ones are written first to see the writable bits. */
static const uint32_t hyp_gic_code[] = {
    0xd53cc9a0, /* mrs x0, icc_sre_el2 */
    0xb2400000, /* orr x0, x0, #1 */
    0xb27d0000, /* orr x0, x0, #8 */
    0xd51cc9a0, /* msr icc_sre_el2, x0 */
    0xd5033fdf, /* isb */
    0xd53cc9a0, /* mrs x0, icc_sre_el2 */
    0x92800001, /* mov x1, #-1 */
    0xd51ccb01, /* msr ich_hcr_el2, x1 */
    0xd53ccb02, /* mrs x2, ich_hcr_el2 */
    0xd51ccb1f, /* msr ich_hcr_el2, xzr */
    0xd53ccb03, /* mrs x3, ich_hcr_el2 */
    0xd4200000, /* brk #0 */
};

START_TEST(el2_hyp_stub_clears_ich_hcr_el2)
{
    arm64emu_machine *m = board_el(1, hyp_gic_code, 12, 2);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 0) & 9, 9);
    /* EOIcount, TALL1, TALL0, TC and the enables; TDIR, TSEI, RES0 stay 0 */
    ck_assert_uint_eq(test_x(m, 2), 0xf8001cffull);
    ck_assert_uint_eq(test_x(m, 3), 0);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(ich_hcr_el2_is_undefined_at_el1)
{
    static const uint32_t code[] = {0xd53ccb00, 0xd4200000}; /* mrs x0, ich_hcr_el2; brk */
    arm64emu_machine *m = board(1, code, 2);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_ne(e.reason, ARM64EMU_EXIT_BRK);
    uint64_t esr = 0;
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, ARM64EMU_SYSREG(3, 0, 5, 2, 0), &esr), 0);
    ck_assert_uint_eq(esr >> 26, 0); /* EC 0: unknown reason (UNDEFINED) */
    arm64emu_destroy(m);
}
END_TEST

/* A Linux arm64 Image: b +64 over the header; mov x1, x0; brk #0. */
static size_t make_image(uint8_t *buf, uint64_t text_offset)
{
    memset(buf, 0, 72);
    const uint32_t b64 = 0x14000010, mov = 0xaa0003e1, brk = 0xd4200000;
    const uint64_t size = 0x10000;
    memcpy(buf, &b64, 4);
    memcpy(buf + 8, &text_offset, 8);
    memcpy(buf + 16, &size, 8);
    memcpy(buf + 56, "ARM\x64", 4);
    memcpy(buf + 64, &mov, 4);
    memcpy(buf + 68, &brk, 4);
    return 72;
}

static void boot_image(const uint8_t *img, size_t n, uint64_t want_entry)
{
    arm64emu_config *cfg;
    arm64emu_config_new(&cfg);
    arm64emu_config_set_str(cfg, ARM64EMU_CFG_BOARD, "virt");
    arm64emu_machine *m;
    ck_assert_int_eq(arm64emu_create(cfg, &m), 0);
    arm64emu_config_free(cfg);
    ck_assert_int_eq(arm64emu_board_load_kernel(m, img, n), 0);
    ck_assert_int_eq(arm64emu_board_set_bootargs(m, "console=ttyAMA0"), 0);
    ck_assert_int_eq(arm64emu_board_boot(m), 0);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), want_entry);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    uint64_t dtb = test_x(m, 1);
    ck_assert_uint_eq(dtb % (2u << 20), 0);
    ck_assert_uint_gt(dtb, want_entry);
    uint8_t magic[4];
    arm64emu_mem_read(m, dtb, magic, 4);
    ck_assert_mem_eq(magic, "\xd0\x0d\xfe\xed", 4);
    size_t size = 0;
    ck_assert_int_eq(arm64emu_board_get_dtb(m, NULL, 0, &size), 0);
    char *blob = malloc(size);
    arm64emu_board_get_dtb(m, blob, size, &size);
    bool found = false;
    for (size_t i = 0; i + 15 <= size && !found; i++)
        found = memcmp(blob + i, "console=ttyAMA0", 15) == 0;
    ck_assert(found);
    free(blob);
    arm64emu_destroy(m);
}

START_TEST(image_loads_at_text_offset_with_dtb_in_x0)
{
    uint8_t img[72];
    size_t n = make_image(img, 0x80000);
    boot_image(img, n, 0x40080000);
}
END_TEST

START_TEST(gzip_image_is_inflated)
{
    uint8_t img[72], gz[256];
    size_t n = make_image(img, 0);
    z_stream z;
    memset(&z, 0, sizeof(z));
    ck_assert_int_eq(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
                                  Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = img;
    z.avail_in = (uInt)n;
    z.next_out = gz;
    z.avail_out = sizeof(gz);
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t gzlen = sizeof(gz) - z.avail_out;
    deflateEnd(&z);
    boot_image(gz, gzlen, 0x40000000);
}
END_TEST

START_TEST(bad_images_are_refused_with_the_reason)
{
    arm64emu_config *cfg;
    arm64emu_config_new(&cfg);
    arm64emu_config_set_str(cfg, ARM64EMU_CFG_BOARD, "virt");
    arm64emu_machine *m;
    ck_assert_int_eq(arm64emu_create(cfg, &m), 0);
    arm64emu_config_free(cfg);
    uint8_t elf[64] = {0x7f, 'E', 'L', 'F', 2, 1};
    elf[18] = 62; /* x86-64 */
    ck_assert_int_eq(arm64emu_board_load_kernel(m, elf, sizeof(elf)),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(m), "not AArch64"));
    const uint8_t gz[20] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};
    ck_assert_int_eq(arm64emu_board_load_kernel(m, gz, sizeof(gz)),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(m), "gzip"));
    ck_assert_int_eq(arm64emu_board_load_dtb(m, "nope", 4),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_board_boot(m), ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(m), "no kernel"));
    ck_assert_int_eq(arm64emu_board_load_kernel_file(m, "/nonexistent/Image"),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(m), "/nonexistent/Image"));
    arm64emu_destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("board");
    TCase *tc = tcase_create("board");
    tcase_add_test(tc, unknown_board_is_refused_with_its_name);
    tcase_add_test(tc, board_calls_on_bare_machine_are_unsupported);
    tcase_add_test(tc, bare_machine_counter_is_the_instruction_count);
    tcase_add_test(tc, wfi_jumps_virtual_time_to_the_timer_deadline);
    tcase_add_test(tc, timer_ticks_follow_insns_per_tick);
    tcase_add_test(tc, psci_answers_version_features_and_resets);
    tcase_add_test(tc, psci_cpu_on_runs_a_second_cpu_deterministically);
    tcase_add_test(tc, cpu_on_starts_the_target_at_the_boot_el_not_the_callers);
    tcase_add_test(tc, el2_physical_timer_fires_on_ppi_26);
    tcase_add_test(tc, el2_hyp_stub_clears_ich_hcr_el2);
    tcase_add_test(tc, ich_hcr_el2_is_undefined_at_el1);
    tcase_add_test(tc, image_loads_at_text_offset_with_dtb_in_x0);
    tcase_add_test(tc, gzip_image_is_inflated);
    tcase_add_test(tc, bad_images_are_refused_with_the_reason);
    suite_add_tcase(s, tc);
    return test_main(s);
}
