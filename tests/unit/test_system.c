/* Exception generation, hints, barriers, system registers and the EL0
 * system instructions. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sysreg.h"

#define CODE TEST_RAM_BASE
#define DATA (TEST_RAM_BASE + 0x1000)
#define BRK0 0xd4200000u /* brk #0 */
#define NOP 0xd503201fu

START_TEST(brk_exits_with_imm_and_pc_at_the_brk)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {NOP, 0xd4224680}; /* nop; brk #0x1234 */
    test_load(m, CODE, code, 2);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(e.imm, 0x1234);
    ck_assert_uint_eq(e.pc, CODE + 4);
    ck_assert_uint_eq(e.insn, 0xd4224680);
    ck_assert_uint_eq(e.syndrome, 0xf2001234u); /* EC 0x3c, IL, imm16 */
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), CODE + 4);
    ck_assert_uint_eq(test_icount(m), 1); /* the BRK is not retired */
    /* running again hits the same BRK */
    e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(e.pc, CODE + 4);
    ck_assert_uint_eq(test_icount(m), 1);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(svc_exits_and_resuming_continues_after_it)
{
    arm64emu_machine *m = test_machine(); /* exit on SVC */
    const uint32_t code[] = {0xd4000021, 0xd4000041, BRK0}; /* svc #1; svc #2 */
    test_load(m, CODE, code, 3);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_SVC);
    ck_assert_uint_eq(e.imm, 1);
    ck_assert_uint_eq(e.pc, CODE);
    ck_assert_uint_eq(e.insn, 0xd4000021);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), CODE + 4);
    ck_assert_uint_eq(test_icount(m), 1); /* retired */
    e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_SVC);
    ck_assert_uint_eq(e.imm, 2);
    ck_assert_uint_eq(e.pc, CODE + 4);
    e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_icount(m), 2);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(svc_without_exit_on_svc_reports_an_exception_syndrome)
{
    arm64emu_machine *m = test_machine_with("max", 0);
    const uint32_t code[] = {0xd4000841}; /* svc #0x42 */
    test_load(m, CODE, code, 1);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_EXCEPTION);
    ck_assert_uint_eq(e.syndrome, (0x15u << 26) | (1u << 25) | 0x42);
    ck_assert_uint_eq(e.pc, CODE);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), CODE + 4);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(hvc_and_smc_exit_with_imm_and_resume_after)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {0xd4000222, 0xd4000443}; /* hvc #0x11; smc #0x22 */
    test_load(m, CODE, code, 2);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_HVC);
    ck_assert_uint_eq(e.imm, 0x11);
    ck_assert_uint_eq(e.syndrome, (0x16u << 26) | (1u << 25) | 0x11);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), CODE + 4);
    e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_SMC);
    ck_assert_uint_eq(e.imm, 0x22);
    ck_assert_uint_eq(e.pc, CODE + 4);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), CODE + 8);
    ck_assert_uint_eq(test_icount(m), 2);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(hlt_exits_at_the_hlt_without_retiring_it)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {NOP, NOP, 0xd44000e0}; /* hlt #7 */
    test_load(m, CODE, code, 3);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_HLT);
    ck_assert_uint_eq(e.imm, 7);
    ck_assert_uint_eq(e.pc, CODE + 8);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), CODE + 8);
    ck_assert_uint_eq(test_icount(m), 2);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(wfi_exits_retired_with_pc_after_it)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {NOP, 0xd503207f, BRK0}; /* nop; wfi; brk */
    test_load(m, CODE, code, 3);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_WFI);
    ck_assert_uint_eq(e.pc, CODE + 4);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), CODE + 8);
    ck_assert_uint_eq(test_icount(m), 2);
    e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(dcps_is_undefined)
{
    arm64emu_machine *m = test_machine();
    test_expect_undefined(m, 0xd4a00001);
    test_expect_undefined(m, 0xd4a00002);
    test_expect_undefined(m, 0xd4a00003);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(cntvct_reads_the_exact_instruction_count)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {
        NOP,
        0xd53be040, /* mrs x0, cntvct_el0   (1 retired before it) */
        NOP,
        0x14000002, /* b +8: ends the block */
        0x00000000,
        0xd53be021, /* mrs x1, cntpct_el0   (4 retired before it) */
        NOP,
        NOP,
        0xd53be042, /* mrs x2, cntvct_el0   (7 retired before it) */
        BRK0,
    };
    test_load(m, CODE, code, 10);
    /* a budget that splits the first block must not change the count */
    arm64emu_exit e = test_run(m, 3);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BUDGET);
    e = test_run(m, 1000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 0), 1);
    ck_assert_uint_eq(test_x(m, 1), 4);
    ck_assert_uint_eq(test_x(m, 2), 7);
    /* again from a later count: the values move by exactly the count */
    test_set_x(m, ARM64EMU_REG_PC, CODE);
    uint64_t base = test_icount(m);
    e = test_run(m, 1000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 0), base + 1);
    ck_assert_uint_eq(test_x(m, 1), base + 4);
    ck_assert_uint_eq(test_x(m, 2), base + 7);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(el0_registers_read_their_values)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {
        0xd53b0028, /* mrs x8, ctr_el0 */
        0xd53b00e9, /* mrs x9, dczid_el0 */
        0xd53be00a, /* mrs x10, cntfrq_el0 */
    };
    test_run_to_brk(m, code, 3);
    ck_assert_uint_eq(test_x(m, 8), 0x8444c004);
    ck_assert_uint_eq(test_x(m, 9), 0x4);
    ck_assert_uint_eq(test_x(m, 10), 62500000);
    arm64emu_destroy(m);
}
END_TEST

/* Runs one word that must trap to EL1 as EC 0x18 (reported as an
 * EXCEPTION exit, not retired), its ISS naming the encoding. */
static void expect_sysreg_trap(arm64emu_machine *m, uint32_t insn)
{
    uint32_t words[2] = {insn, BRK0};
    test_load(m, CODE, words, 2);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_msg(e.reason == ARM64EMU_EXIT_EXCEPTION,
                  "insn 0x%08x: expected EXCEPTION, got reason %u", insn, e.reason);
    ck_assert_uint_eq(e.pc, CODE);
    ck_assert_uint_eq(e.syndrome >> 26, 0x18);
    uint32_t iss = (uint32_t)e.syndrome & 0x1ffffff;
    ck_assert_uint_eq((iss >> 20) & 3, (insn >> 19) & 3);  /* Op0 */
    ck_assert_uint_eq((iss >> 14) & 7, (insn >> 16) & 7);  /* Op1 */
    ck_assert_uint_eq((iss >> 1) & 15, (insn >> 8) & 15);  /* CRm */
    ck_assert_uint_eq(iss & 1, (insn >> 21) & 1);          /* read */
}

START_TEST(el1_registers_are_undefined_at_el0)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 0x1111);
    test_expect_undefined(m, 0xd5380001); /* mrs x1, midr_el1 */
    ck_assert_uint_eq(test_x(m, 1), 0x1111);
    test_expect_undefined(m, 0xd5380603); /* mrs x3, id_aa64isar0_el1 */
    expect_sysreg_trap(m, 0xd53b4220); /* mrs x0, daif (SCTLR_EL1.UMA = 0) */
    test_expect_undefined(m, 0xd5384240); /* mrs x0, currentel */
    test_expect_undefined(m, 0xd51be041); /* msr cntvct_el0, x1: read-only */
    test_expect_undefined(m, 0xd51bd062); /* msr tpidrro_el0, x2: read-only at EL0 */
    test_expect_undefined(m, 0xd53bffe0); /* mrs x0, s3_3_c15_c15_7: unknown */
    /* the API still reads the ID registers */
    uint64_t v;
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, ARM64EMU_SYSREG(3, 0, 0, 0, 0), &v), ARM64EMU_OK);
    ck_assert_uint_eq(v, 0x000f0510);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(tpidr_el0_round_trips_and_tpidrro_el0_is_readable)
{
    arm64emu_machine *m = test_machine();
    ck_assert_int_eq(arm64emu_sysreg_write(m, 0, ARM64EMU_SYSREG(3, 3, 13, 0, 3), 0xabc), ARM64EMU_OK);
    test_set_x(m, 2, 0x123456789abcdef0ull);
    const uint32_t code[] = {
        0xd51bd042, /* msr tpidr_el0, x2 */
        0xd53bd043, /* mrs x3, tpidr_el0 */
        0xd53bd064, /* mrs x4, tpidrro_el0 */
    };
    test_run_to_brk(m, code, 3);
    ck_assert_uint_eq(test_x(m, 3), 0x123456789abcdef0ull);
    ck_assert_uint_eq(test_x(m, 4), 0xabc);
    uint64_t v;
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, ARM64EMU_SYSREG(3, 3, 13, 0, 2), &v), ARM64EMU_OK);
    ck_assert_uint_eq(v, 0x123456789abcdef0ull);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(msr_applies_the_writable_bits_of_the_model)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 4, ~0ull);
    test_set_x(m, 6, 0xffffffff6fffffffull);
    const uint32_t code[] = {
        0xd51b4404, /* msr fpcr, x4 */
        0xd53b4405, /* mrs x5, fpcr */
        0xd51b4206, /* msr nzcv, x6 */
        0xd53b4207, /* mrs x7, nzcv */
        0xd51b4424, /* msr fpsr, x4 */
        0xd53b4428, /* mrs x8, fpsr */
    };
    test_run_to_brk(m, code, 6);
    /* "max": AArch64 only, FP16 (FZ16), no trapped exceptions: AHP DN FZ
     * RMode FZ16 */
    ck_assert_uint_eq(test_x(m, 5), 0x07c80000);
    ck_assert_uint_eq(test_x(m, 7), 0x60000000);
    ck_assert_uint_eq(test_x(m, 8), 0x0800009f);
    arm64emu_destroy(m);

    /* cortex-a72 is modelled AArch64-only too: Len, Stride and FPSR.NZCV
     * are RES0 there as well */
    m = test_machine_with("cortex-a72", 1);
    test_set_x(m, 4, ~0ull);
    test_run_to_brk(m, code, 6);
    ck_assert_uint_eq(test_x(m, 5), 0x07c00000);
    ck_assert_uint_eq(test_x(m, 8), 0x0800009f);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(hints_execute_as_nops)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {
        NOP,        0xd503203f, /* yield */ 0xd503205f, /* wfe */
        0xd503209f, /* sev */   0xd50320bf, /* sevl */ 0xd503221f, /* esb */
        0xd503223f, /* psb csync */ 0xd503229f, /* csdb */
        0xd503241f, /* bti */   0xd503245f, /* bti c */ 0xd503249f, /* bti j */
        0xd50324df, /* bti jc */ 0xd503233f, /* paciasp */
        0xd50323bf, /* autiasp */ 0xd503237f, /* pacibsp */
        0xd50323ff, /* autibsp */ 0xd50320ff, /* xpaclri */
        0xd503211f, /* pacia1716 */ 0xd5032fff, /* hint #0x7f */
        0xd50320df, /* dgh */
    };
    test_set_x(m, 30, 0xffff000000401000ull);
    test_set_x(m, 17, 0x17);
    test_run_to_brk(m, code, 20);
    ck_assert_uint_eq(test_icount(m), 20);
    ck_assert_uint_eq(test_x(m, 30), 0xffff000000401000ull);
    ck_assert_uint_eq(test_x(m, 17), 0x17);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(barriers_execute_and_sb_needs_its_feature)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {
        0xd5033bbf, /* dmb ish */ 0xd5033dbf, /* dmb ld */
        0xd5033f9f, /* dsb sy */  0xd503379f, /* dsb nsh */
        0xd503309f, /* ssbb */    0xd503349f, /* pssbb */
        0xd5033fdf, /* isb */     0xd503355f, /* clrex #5 */
    };
    test_run_to_brk(m, code, 8);
    ck_assert_uint_eq(test_icount(m), 8);
    const uint32_t sb[] = {0xd50330ff}; /* sb: max advertises FEAT_SB */
    test_run_to_brk(m, sb, 1);
    test_expect_undefined(m, 0xd5033e3f); /* dsb synxs: FEAT_XS not advertised */
    arm64emu_destroy(m);
    m = test_machine_with("cortex-a72", 1);
    test_expect_undefined(m, 0xd50330ff); /* sb: no FEAT_SB on cortex-a72 */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(pstate_writes_are_undefined_at_el0)
{
    arm64emu_machine *m = test_machine();
    expect_sysreg_trap(m, 0xd50342df); /* msr daifset, #2: UMA = 0 traps */
    expect_sysreg_trap(m, 0xd50342ff); /* msr daifclr, #2 */
    test_expect_undefined(m, 0xd50041bf); /* msr spsel, #1 */
    test_expect_undefined(m, 0xd500419f); /* msr pan, #1 */
    test_expect_undefined(m, 0xd500401f); /* cfinv: FEAT_FlagM not advertised */
    test_expect_undefined(m, 0xd500403f); /* xaflag */
    test_expect_undefined(m, 0xd500405f); /* axflag */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(dc_zva_zeroes_the_aligned_64_byte_block)
{
    arm64emu_machine *m = test_machine();
    uint8_t buf[256];
    memset(buf, 0xff, sizeof(buf));
    ck_assert_int_eq(arm64emu_mem_write(m, DATA, buf, sizeof(buf)), ARM64EMU_OK);
    test_set_x(m, 5, DATA + 0x47);
    const uint32_t code[] = {0xd50b7425}; /* dc zva, x5 */
    test_run_to_brk(m, code, 1);
    ck_assert_int_eq(arm64emu_mem_read(m, DATA, buf, sizeof(buf)), ARM64EMU_OK);
    for (unsigned i = 0; i < sizeof(buf); i++)
        ck_assert_msg(buf[i] == (i >= 0x40 && i < 0x80 ? 0 : 0xff),
                      "byte 0x%x is 0x%02x", i, buf[i]);
    ck_assert_uint_eq(test_x(m, 5), DATA + 0x47);
    arm64emu_destroy(m);
}
END_TEST

typedef struct mmio_log {
    unsigned writes;
} mmio_log_t;

static int mmio_write_count(void *user, uint64_t offset, unsigned size,
                            uint64_t value)
{
    (void)offset;
    (void)size;
    (void)value;
    ((mmio_log_t *)user)->writes++;
    return 0;
}

START_TEST(dc_zva_faults_before_writing_anything)
{
    arm64emu_machine *m = test_machine();
    mmio_log_t log = {0};
    ck_assert_int_eq(arm64emu_map_mmio(m, 0x10000000, 4096, NULL, mmio_write_count, &log), ARM64EMU_OK);
    test_set_x(m, 5, 0x10001008); /* the page after the MMIO: unmapped */
    const uint32_t code[] = {0xd50b7425, BRK0}; /* dc zva, x5 */
    test_load(m, CODE, code, 2);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNMAPPED);
    ck_assert_uint_eq(e.pc, CODE);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_WRITE);
    ck_assert_uint_eq(e.addr, 0x10001000);
    ck_assert_uint_eq(e.access_size, 64);
    ck_assert_uint_eq(log.writes, 0);
    ck_assert_uint_eq(test_icount(m), 0);

    /* a block of MMIO is zeroed doubleword by doubleword */
    test_set_x(m, 5, 0x1000007f);
    test_load(m, CODE, code, 2);
    e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(log.writes, 8);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(cache_maintenance_for_el0_is_accepted_and_el1_forms_are_not)
{
    arm64emu_machine *m = test_machine();
    test_set_x(m, 1, 0x10000000); /* unmapped: cleaning never faults here */
    test_set_x(m, 9, DATA);
    const uint32_t code[] = {
        0xd50b7a21, /* dc cvac, x1 */
        0xd50b7b21, /* dc cvau, x1 */
        0xd50b7e21, /* dc civac, x1 */
        0xd50b7529, /* ic ivau, x9 */
    };
    test_run_to_brk(m, code, 4);
    const uint32_t cvap[] = {0xd50b7c21}; /* dc cvap: max advertises FEAT_DPB */
    test_run_to_brk(m, cvap, 1);
    test_expect_undefined(m, 0xd508751f); /* ic iallu */
    test_expect_undefined(m, 0xd508711f); /* ic ialluis */
    test_expect_undefined(m, 0xd508871f); /* tlbi vmalle1 */
    test_expect_undefined(m, 0xd5087621); /* dc ivac, x1 */
    test_expect_undefined(m, 0xd52b7700); /* sysl x0, #3, c7, c7, #0 */
    arm64emu_destroy(m);
    m = test_machine_with("cortex-a72", 1);
    test_expect_undefined(m, 0xd50b7c21); /* dc cvap: no FEAT_DPB on cortex-a72 */
    arm64emu_destroy(m);
}
END_TEST

/* Code written behind the machine's back (a caller-owned buffer) is seen
 * after the guest's IC IVAU and ISB. */
START_TEST(ic_ivau_then_isb_refetches_rewritten_code)
{
    arm64emu_machine *m = test_machine();
    const uint64_t host_base = 0x50000000;
    uint32_t *page = aligned_alloc(4096, 4096);
    ck_assert_ptr_nonnull(page);
    memset(page, 0, 4096);
    page[0] = 0xd4200020; /* brk #1 */
    ck_assert_int_eq(arm64emu_map_host(m, host_base, 4096, page), ARM64EMU_OK);
    test_set_x(m, 9, host_base);
    const uint32_t code[] = {
        0xd61f0120, /* br x9 */
        NOP,
        0xd50b7529, /* ic ivau, x9 */
        0xd5033b9f, /* dsb ish */
        0xd5033fdf, /* isb */
        0xd61f0120, /* br x9 */
    };
    test_load(m, CODE, code, 6);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(e.imm, 1);

    page[0] = 0xd4200040; /* brk #2, unseen by the machine */
    test_set_x(m, ARM64EMU_REG_PC, CODE + 8);
    e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(e.pc, host_base);
    ck_assert_uint_eq(e.imm, 2);
    arm64emu_destroy(m);
    free(page);
}
END_TEST

START_TEST(self_synchronised_counters_need_feat_ecv)
{
    arm64emu_machine *m = test_machine();
    test_expect_undefined(m, 0xd53be0c0); /* mrs x0, cntvctss_el0 */
    test_expect_undefined(m, 0xd53be0a0); /* mrs x0, cntpctss_el0 */
    arm64emu_destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("system");
    TCase *tc = tcase_create("system");
    tcase_add_test(tc, brk_exits_with_imm_and_pc_at_the_brk);
    tcase_add_test(tc, svc_exits_and_resuming_continues_after_it);
    tcase_add_test(tc, svc_without_exit_on_svc_reports_an_exception_syndrome);
    tcase_add_test(tc, hvc_and_smc_exit_with_imm_and_resume_after);
    tcase_add_test(tc, hlt_exits_at_the_hlt_without_retiring_it);
    tcase_add_test(tc, wfi_exits_retired_with_pc_after_it);
    tcase_add_test(tc, dcps_is_undefined);
    tcase_add_test(tc, cntvct_reads_the_exact_instruction_count);
    tcase_add_test(tc, el0_registers_read_their_values);
    tcase_add_test(tc, el1_registers_are_undefined_at_el0);
    tcase_add_test(tc, tpidr_el0_round_trips_and_tpidrro_el0_is_readable);
    tcase_add_test(tc, msr_applies_the_writable_bits_of_the_model);
    tcase_add_test(tc, hints_execute_as_nops);
    tcase_add_test(tc, barriers_execute_and_sb_needs_its_feature);
    tcase_add_test(tc, pstate_writes_are_undefined_at_el0);
    tcase_add_test(tc, dc_zva_zeroes_the_aligned_64_byte_block);
    tcase_add_test(tc, dc_zva_faults_before_writing_anything);
    tcase_add_test(tc, cache_maintenance_for_el0_is_accepted_and_el1_forms_are_not);
    tcase_add_test(tc, ic_ivau_then_isb_refetches_rewritten_code);
    tcase_add_test(tc, self_synchronised_counters_need_feat_ecv);
    suite_add_tcase(s, tc);
    return test_main(s);
}
