/* Exception levels: entry to the vectors, syndromes, routing through
 * HCR_EL2 and SCR_EL3, exception return, interrupts and traps. */
#include <string.h>

#include "harness.h"

#define CODE TEST_RAM_BASE
#define VBAR (TEST_RAM_BASE + 0x10000) /* 2 KiB aligned */
#define UNMAPPED_VA 0x1000ull

#define SVC5 0xd40000a1u
#define HVC7 0xd40000e2u
#define SMC9 0xd4000123u
#define BRK3 0xd4200060u
#define BRK0 0xd4200000u
#define ERET 0xd69f03e0u
#define NOP 0xd503201fu
#define WFI 0xd503207fu
#define UDF 0x00000000u
#define DAIFCLR_I 0xd50342ffu
#define LDR_X1_X2 0xf9400041u
#define LDXR_X1_X2 0xc85f7c41u
#define MSR_SCTLR_EL1_X1 0xd5181001u
#define FMOV_D0_X1 0x9e670020u

#define SR(op0, op1, crn, crm, op2) ARM64EMU_SYSREG(op0, op1, crn, crm, op2)
#define ELR_EL1 SR(3, 0, 4, 0, 1)
#define SPSR_EL1 SR(3, 0, 4, 0, 0)
#define ESR_EL1 SR(3, 0, 5, 2, 0)
#define FAR_EL1 SR(3, 0, 6, 0, 0)
#define VBAR_EL1 SR(3, 0, 12, 0, 0)
#define CPACR_EL1 SR(3, 0, 1, 0, 2)
#define ELR_EL2 SR(3, 4, 4, 0, 1)
#define SPSR_EL2 SR(3, 4, 4, 0, 0)
#define ESR_EL2 SR(3, 4, 5, 2, 0)
#define VBAR_EL2 SR(3, 4, 12, 0, 0)
#define HCR_EL2 SR(3, 4, 1, 1, 0)
#define ELR_EL3 SR(3, 6, 4, 0, 1)
#define ESR_EL3 SR(3, 6, 5, 2, 0)
#define VBAR_EL3 SR(3, 6, 12, 0, 0)
#define SCR_EL3 SR(3, 6, 1, 1, 0)

/* PSTATE values (SPSR format). */
#define EL0T 0x0u
#define EL1T 0x4u
#define EL1H 0x5u
#define EL2H 0x9u
#define EL3H 0xdu
#define DAIF_ALL 0x3c0u

/* A machine whose exceptions go to the guest's vectors except BRK, which
 * each vector holds to stop the run there. */
static arm64emu_machine *el_machine_mem(int el3, int off_normal)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, TEST_RAM_SIZE), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXCEPTION_EXITS, ARM64EMU_EXC_BRK), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL3, (uint64_t)el3), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_MMU_OFF_NORMAL, (uint64_t)off_normal), ARM64EMU_OK);
    arm64emu_machine *m;
    ck_assert_int_eq(arm64emu_create(cfg, &m), ARM64EMU_OK);
    arm64emu_config_free(cfg);
    /* every vector entry of the three tables: brk #(entry index) */
    for (unsigned el = 1; el <= 3; el++) {
        uint64_t base = VBAR + (el - 1) * 0x1000;
        for (unsigned i = 0; i < 16; i++) {
            uint32_t w = BRK0 | ((el * 16 + i) << 5);
            ck_assert_int_eq(arm64emu_mem_write(m, base + i * 0x80, &w, 4), ARM64EMU_OK);
        }
    }
    ck_assert_int_eq(arm64emu_sysreg_write(m, 0, VBAR_EL1, VBAR), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_sysreg_write(m, 0, VBAR_EL2, VBAR + 0x1000), ARM64EMU_OK);
    if (el3) {
        ck_assert_int_eq(arm64emu_sysreg_write(m, 0, VBAR_EL3, VBAR + 0x2000), ARM64EMU_OK);
        /* Non-secure, HVC enabled, AArch64 below */
        ck_assert_int_eq(arm64emu_sysreg_write(m, 0, SCR_EL3, 0x531), ARM64EMU_OK);
    }
    return m;
}

/* A bare machine: data is Normal memory while stage 1 is off. */
static arm64emu_machine *el_machine(int el3)
{
    return el_machine_mem(el3, 1);
}

static void set_pstate(arm64emu_machine *m, uint64_t v)
{
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, v), ARM64EMU_OK);
}

static uint64_t pstate(arm64emu_machine *m)
{
    uint64_t v;
    ck_assert_int_eq(arm64emu_reg_read(m, 0, ARM64EMU_REG_PSTATE, &v), ARM64EMU_OK);
    return v;
}

static uint64_t sysreg(arm64emu_machine *m, uint32_t key)
{
    uint64_t v;
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, key, &v), ARM64EMU_OK);
    return v;
}

static void set_sysreg(arm64emu_machine *m, uint32_t key, uint64_t v)
{
    ck_assert_int_eq(arm64emu_sysreg_write(m, 0, key, v), ARM64EMU_OK);
}

/* Runs words at CODE until the BRK of a vector entry; returns the vector
 * address it stopped at. */
static uint64_t run_to_vector(arm64emu_machine *m, const uint32_t *code,
                              unsigned n)
{
    test_load(m, CODE, code, n);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_msg(e.reason == ARM64EMU_EXIT_BRK,
                  "expected a vector's BRK, got reason %u at 0x%llx",
                  e.reason, (unsigned long long)e.pc);
    return e.pc;
}

START_TEST(svc_from_el0_enters_the_el1_lower_el_vector)
{
    arm64emu_machine *m = el_machine(0);
    uint32_t code[] = {NOP, SVC5};
    set_pstate(m, 0x20000000u | EL0T); /* C set */
    ck_assert_uint_eq(run_to_vector(m, code, 2), VBAR + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL1), 0x56000005u);
    ck_assert_uint_eq(sysreg(m, ELR_EL1), CODE + 8);
    ck_assert_uint_eq(sysreg(m, SPSR_EL1), 0x20000000u);
    ck_assert_uint_eq(pstate(m) & 0x3cf, DAIF_ALL | EL1H);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(each_source_uses_its_vector_offset)
{
    arm64emu_machine *m = el_machine(0);
    uint32_t code[] = {UDF};
    set_pstate(m, EL1T); /* current EL with SP_EL0 */
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x000);
    set_pstate(m, EL1H); /* current EL with SP_ELx */
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x200);
    set_pstate(m, EL0T); /* lower EL, AArch64 */
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL1), 0x02000000u); /* EC 0, IL */
    ck_assert_uint_eq(sysreg(m, ELR_EL1), CODE);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(banked_stack_pointers_follow_el_and_spsel)
{
    arm64emu_machine *m = el_machine(0);
    set_pstate(m, EL0T);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_SP, 0x1000), ARM64EMU_OK);
    set_pstate(m, EL1H);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_SP, 0x2000), ARM64EMU_OK);
    uint64_t v;
    ck_assert_int_eq(arm64emu_reg_read(m, 0, ARM64EMU_REG_SP_EL0, &v), ARM64EMU_OK);
    ck_assert_uint_eq(v, 0x1000);
    set_pstate(m, EL1T);
    ck_assert_uint_eq(test_x(m, 31), 0x1000);
    ck_assert_int_eq(arm64emu_reg_read(m, 0, ARM64EMU_REG_SP_EL1, &v), ARM64EMU_OK);
    ck_assert_uint_eq(v, 0x2000);
    /* EL3 does not exist on this machine */
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, EL3H), ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_reg_read(m, 0, ARM64EMU_REG_SP_EL3, &v), ARM64EMU_ERR_UNKNOWN_REGISTER);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(hvc_goes_to_el2_and_is_undefined_at_el0)
{
    arm64emu_machine *m = el_machine(0);
    uint32_t code[] = {HVC7};
    set_pstate(m, EL1H);
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x1000 + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL2), 0x5a000007u);
    ck_assert_uint_eq(sysreg(m, ELR_EL2), CODE + 4);
    ck_assert_uint_eq(sysreg(m, SPSR_EL2), EL1H);
    set_pstate(m, EL0T);
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL1), 0x02000000u);
    /* HCR_EL2.HCD disables it at EL1 too */
    set_sysreg(m, HCR_EL2, (1ull << 31) | (1ull << 29));
    set_pstate(m, EL1H);
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x200);
    ck_assert_uint_eq(sysreg(m, ESR_EL1), 0x02000000u);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(smc_goes_to_el3_is_trapped_by_tsc_and_undefined_without_el3)
{
    arm64emu_machine *m = el_machine(0);
    uint32_t code[] = {SMC9};
    set_pstate(m, EL1H);
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x200);
    ck_assert_uint_eq(sysreg(m, ESR_EL1), 0x02000000u);
    arm64emu_destroy(m);

    m = el_machine(1);
    set_pstate(m, EL1H);
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x2000 + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL3), 0x5e000009u);
    ck_assert_uint_eq(sysreg(m, ELR_EL3), CODE + 4);
    set_sysreg(m, HCR_EL2, (1ull << 31) | (1ull << 19)); /* TSC */
    set_pstate(m, EL1H);
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x1000 + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL2), 0x5e000009u);
    ck_assert_uint_eq(sysreg(m, ELR_EL2), CODE); /* the SMC itself */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(brk_is_taken_with_its_comment_when_not_an_exit)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, TEST_RAM_SIZE), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXCEPTION_EXITS, ARM64EMU_EXC_UNDEFINED), ARM64EMU_OK);
    arm64emu_machine *m;
    ck_assert_int_eq(arm64emu_create(cfg, &m), ARM64EMU_OK);
    arm64emu_config_free(cfg);
    uint32_t udf = UDF;
    ck_assert_int_eq(arm64emu_mem_write(m, VBAR + 0x200, &udf, 4), ARM64EMU_OK);
    set_sysreg(m, VBAR_EL1, VBAR);
    set_pstate(m, EL1H);
    uint32_t code[] = {BRK3};
    test_load(m, CODE, code, 1);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNDEFINED);
    ck_assert_uint_eq(e.pc, VBAR + 0x200);
    ck_assert_uint_eq(sysreg(m, ESR_EL1), 0xf2000003u);
    ck_assert_uint_eq(sysreg(m, ELR_EL1), CODE);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(data_abort_and_alignment_fault_report_fsc_wnr_and_far)
{
    arm64emu_machine *m = el_machine(0);
    uint32_t code[] = {LDR_X1_X2};
    set_pstate(m, EL1H);
    test_set_x(m, 2, UNMAPPED_VA + 8);
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x200);
    /* EC 0x25 (same EL), IL, DFSC 0x10 external abort, read */
    ck_assert_uint_eq(sysreg(m, ESR_EL1), 0x96000010u);
    ck_assert_uint_eq(sysreg(m, FAR_EL1), UNMAPPED_VA + 8);
    ck_assert_uint_eq(sysreg(m, ELR_EL1), CODE);

    uint32_t code2[] = {LDXR_X1_X2};
    set_pstate(m, EL0T);
    test_set_x(m, 2, CODE + 0x801);
    ck_assert_uint_eq(run_to_vector(m, code2, 1), VBAR + 0x400);
    /* EC 0x24 (lower EL), DFSC 0x21 alignment */
    ck_assert_uint_eq(sysreg(m, ESR_EL1), 0x92000021u);
    ck_assert_uint_eq(sysreg(m, FAR_EL1), CODE + 0x801);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(eret_restores_pstate_and_pc)
{
    arm64emu_machine *m = el_machine(0);
    set_pstate(m, EL1H);
    set_sysreg(m, ELR_EL1, CODE + 0x100);
    set_sysreg(m, SPSR_EL1, 0x90000000u | EL0T); /* N, V */
    uint32_t brk = BRK3;
    ck_assert_int_eq(arm64emu_mem_write(m, CODE + 0x100, &brk, 4), ARM64EMU_OK);
    uint32_t code[] = {ERET};
    /* the BRK at ELR is reached at EL0 with NZCV from SPSR */
    ck_assert_uint_eq(run_to_vector(m, code, 1), CODE + 0x100);
    ck_assert_uint_eq(pstate(m), 0x90000000u | EL0T);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(illegal_return_sets_il_and_the_next_instruction_faults)
{
    arm64emu_machine *m = el_machine(0);
    set_pstate(m, EL1H);
    set_sysreg(m, ELR_EL1, CODE + 0x100);
    set_sysreg(m, SPSR_EL1, EL2H); /* to a higher EL: illegal */
    uint32_t code[] = {ERET};
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x200);
    ck_assert_uint_eq(sysreg(m, ESR_EL1), 0x3a000000u); /* EC 0x0e */
    ck_assert_uint_eq(sysreg(m, ELR_EL1), CODE + 0x100);
    /* SPSR has IL (bit 20) and the EL stayed EL1 */
    ck_assert_uint_eq(sysreg(m, SPSR_EL1), (1u << 20) | EL1H);
    ck_assert_uint_eq(pstate(m) & 0x10000f, EL1H);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(eret_is_undefined_at_el0)
{
    arm64emu_machine *m = el_machine(0);
    set_pstate(m, EL0T);
    uint32_t code[] = {ERET};
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL1), 0x02000000u);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(irq_waits_for_daif_i_then_enters_the_irq_vector)
{
    arm64emu_machine *m = el_machine(0);
    set_pstate(m, EL1H | 0x80); /* I masked */
    ck_assert_int_eq(arm64emu_set_irq_line(m, 0, ARM64EMU_LINE_IRQ, 1), ARM64EMU_OK);
    uint32_t code[] = {NOP, NOP, DAIFCLR_I, NOP};
    ck_assert_uint_eq(run_to_vector(m, code, 4), VBAR + 0x280);
    ck_assert_uint_eq(sysreg(m, ELR_EL1), CODE + 12);
    ck_assert_uint_eq(sysreg(m, SPSR_EL1), EL1H);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(irq_routing_follows_hcr_el2_and_scr_el3)
{
    arm64emu_machine *m = el_machine(1);
    uint32_t code[] = {NOP, NOP};
    ck_assert_int_eq(arm64emu_set_irq_line(m, 0, ARM64EMU_LINE_IRQ, 1), ARM64EMU_OK);
    /* IMO: to EL2 from EL1 even with PSTATE.I set */
    set_sysreg(m, HCR_EL2, (1ull << 31) | (1ull << 4));
    set_pstate(m, EL1H | DAIF_ALL);
    ck_assert_uint_eq(run_to_vector(m, code, 2), VBAR + 0x1000 + 0x480);
    /* ... and not taken at EL2 while masked there */
    set_pstate(m, EL2H | DAIF_ALL);
    test_load(m, CODE, (const uint32_t[]){NOP, BRK3}, 2);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_uint_eq(e.pc, CODE + 4);
    /* SCR_EL3.IRQ: to EL3 */
    set_sysreg(m, SCR_EL3, 0x533);
    set_pstate(m, EL1H | DAIF_ALL);
    ck_assert_uint_eq(run_to_vector(m, code, 2), VBAR + 0x2000 + 0x480);
    /* FIQ with SCR_EL3.FIQ clear, no FMO: to EL1 */
    ck_assert_int_eq(arm64emu_set_irq_line(m, 0, ARM64EMU_LINE_IRQ, 0), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_set_irq_line(m, 0, ARM64EMU_LINE_FIQ, 1), ARM64EMU_OK);
    set_pstate(m, EL0T);
    ck_assert_uint_eq(run_to_vector(m, code, 2), VBAR + 0x500);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(tge_routes_el0_exceptions_to_el2)
{
    arm64emu_machine *m = el_machine(0);
    set_sysreg(m, HCR_EL2, (1ull << 31) | (1ull << 27));
    set_pstate(m, EL0T);
    uint32_t code[] = {SVC5};
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x1000 + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL2), 0x56000005u);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(external_abort_goes_to_el3_with_scr_ea)
{
    arm64emu_machine *m = el_machine(1);
    set_sysreg(m, SCR_EL3, 0x539); /* EA */
    set_pstate(m, EL1H);
    test_set_x(m, 2, UNMAPPED_VA);
    uint32_t code[] = {LDR_X1_X2};
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x2000 + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL3), 0x92000010u); /* lower EL */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(cpacr_fpen_traps_fp_to_el1_and_cptr_tfp_to_el2)
{
    arm64emu_machine *m = el_machine(0);
    set_sysreg(m, CPACR_EL1, 0);
    set_pstate(m, EL1H);
    uint32_t code[] = {FMOV_D0_X1};
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x200);
    ck_assert_uint_eq(sysreg(m, ESR_EL1) >> 26, 0x07);
    set_sysreg(m, CPACR_EL1, 3ull << 20);
    set_sysreg(m, SR(3, 4, 1, 1, 2), 0x33ff | (1u << 10)); /* CPTR_EL2.TFP */
    set_pstate(m, EL1H);
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x1000 + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL2) >> 26, 0x07);
    /* cleared: the same code runs (blocks are keyed by the trap state) */
    set_sysreg(m, SR(3, 4, 1, 1, 2), 0x33ff);
    set_pstate(m, EL1H);
    test_load(m, CODE, (const uint32_t[]){FMOV_D0_X1, BRK3}, 2);
    ck_assert_uint_eq(test_run(m, 10).pc, CODE + 4);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(hcr_tvm_traps_sctlr_writes_to_el2_with_the_encoding)
{
    arm64emu_machine *m = el_machine(0);
    set_sysreg(m, HCR_EL2, (1ull << 31) | (1ull << 26));
    set_pstate(m, EL1H);
    uint32_t code[] = {MSR_SCTLR_EL1_X1};
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x1000 + 0x400);
    /* EC 0x18, Op0 3, Op2 0, Op1 0, CRn 1, Rt 1, CRm 0, write */
    ck_assert_uint_eq(sysreg(m, ESR_EL2), 0x62000000u | (3u << 20) | (1u << 10) | (1u << 5));
    arm64emu_destroy(m);
}
END_TEST

START_TEST(wfi_traps_with_hcr_twi_and_continues_on_a_masked_interrupt)
{
    arm64emu_machine *m = el_machine(0);
    uint32_t code[] = {WFI};
    set_pstate(m, EL1H | DAIF_ALL);
    ck_assert_int_eq(arm64emu_set_irq_line(m, 0, ARM64EMU_LINE_IRQ, 1), ARM64EMU_OK);
    test_load(m, CODE, (const uint32_t[]){WFI, BRK3}, 2);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_uint_eq(e.pc, CODE + 4); /* woke, masked: not taken */
    ck_assert_int_eq(arm64emu_set_irq_line(m, 0, ARM64EMU_LINE_IRQ, 0), ARM64EMU_OK);
    test_load(m, CODE, (const uint32_t[]){WFI, BRK3}, 2);
    e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_WFI);
    set_sysreg(m, HCR_EL2, (1ull << 31) | (1ull << 13)); /* TWI */
    set_pstate(m, EL1H);
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x1000 + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL2), 0x06000000u | (1u << 24) | (0xeu << 20));
    arm64emu_destroy(m);
}
END_TEST

/* ---- EL0 cache maintenance and DC ZVA traps ---- */

#define SCTLR_EL1 SR(3, 0, 1, 0, 0)
#define DCZID_EL0 SR(3, 3, 0, 0, 7)
#define SCTLR_BASE 0x30d00800ull
#define SCTLR_DZE (1ull << 14)
#define SCTLR_UCI (1ull << 26)
#define DC_ZVA_X1 0xd50b7421u
#define DC_CVAU_X1 0xd50b7b21u
#define DC_CVAC_X1 0xd50b7a21u
#define DC_CIVAC_X1 0xd50b7e21u
#define IC_IVAU_X1 0xd50b7521u
#define MRS_X2_DCZID 0xd53b00e2u
#define ZVA_BUF (TEST_RAM_BASE + 0x20000)

/* ESR of a trapped SYS #3, C7, Cm, #1, X1 (EC 0x18, IL, Op0 1, Op2 1,
 * Op1 3, CRn 7, Rt 1, CRm). */
static uint64_t sys_trap_esr(unsigned crm)
{
    return 0x62000000u | (1u << 20) | (1u << 17) | (3u << 14) | (7u << 10) |
           (1u << 5) | (crm << 1);
}

static void run_at_el0(arm64emu_machine *m, uint32_t word, uint64_t x1)
{
    set_pstate(m, EL0T);
    test_set_x(m, 1, x1);
    test_load(m, CODE, (const uint32_t[]){word, BRK3}, 2);
}

START_TEST(dc_zva_at_el0_traps_to_el1_while_sctlr_dze_is_clear)
{
    arm64emu_machine *m = el_machine(0);
    set_sysreg(m, SCTLR_EL1, SCTLR_BASE);
    uint64_t ones = ~0ull;
    ck_assert_int_eq(arm64emu_mem_write(m, ZVA_BUF, &ones, 8), ARM64EMU_OK);
    uint32_t code[] = {DC_ZVA_X1};
    set_pstate(m, EL0T);
    test_set_x(m, 1, ZVA_BUF);
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL1), sys_trap_esr(4));
    ck_assert_uint_eq(sysreg(m, ELR_EL1), CODE);
    uint64_t v = 0;
    ck_assert_int_eq(arm64emu_mem_read(m, ZVA_BUF, &v, 8), ARM64EMU_OK);
    ck_assert_uint_eq(v, ~0ull); /* nothing zeroed */
    /* enabled: the block is zeroed and the next instruction runs */
    set_sysreg(m, SCTLR_EL1, SCTLR_BASE | SCTLR_DZE);
    run_at_el0(m, DC_ZVA_X1, ZVA_BUF);
    ck_assert_uint_eq(test_run(m, 10).pc, CODE + 4);
    ck_assert_int_eq(arm64emu_mem_read(m, ZVA_BUF, &v, 8), ARM64EMU_OK);
    ck_assert_uint_eq(v, 0);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(dczid_dzp_reads_one_at_el0_while_sctlr_dze_is_clear)
{
    arm64emu_machine *m = el_machine(0);
    set_sysreg(m, SCTLR_EL1, SCTLR_BASE);
    set_pstate(m, EL0T);
    test_load(m, CODE, (const uint32_t[]){MRS_X2_DCZID, BRK3}, 2);
    ck_assert_uint_eq(test_run(m, 10).pc, CODE + 4);
    ck_assert_uint_eq(test_x(m, 2) & 0x10, 0x10);
    set_sysreg(m, SCTLR_EL1, SCTLR_BASE | SCTLR_DZE);
    set_pstate(m, EL0T);
    test_load(m, CODE, (const uint32_t[]){MRS_X2_DCZID, BRK3}, 2);
    ck_assert_uint_eq(test_run(m, 10).pc, CODE + 4);
    ck_assert_uint_eq(test_x(m, 2) & 0x10, 0);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(dc_zva_at_el0_traps_to_el2_under_hcr_tge)
{
    arm64emu_machine *m = el_machine(0);
    set_sysreg(m, SCTLR_EL1, SCTLR_BASE);
    set_sysreg(m, HCR_EL2, (1ull << 31) | (1ull << 27));
    uint32_t code[] = {DC_ZVA_X1};
    set_pstate(m, EL0T);
    test_set_x(m, 1, ZVA_BUF);
    ck_assert_uint_eq(run_to_vector(m, code, 1), VBAR + 0x1000 + 0x400);
    ck_assert_uint_eq(sysreg(m, ESR_EL2), sys_trap_esr(4));
    arm64emu_destroy(m);
}
END_TEST

START_TEST(cache_maintenance_by_va_at_el0_traps_while_sctlr_uci_is_clear)
{
    static const struct { uint32_t word; unsigned crm; } ops[] = {
        {DC_CVAU_X1, 11}, {DC_CVAC_X1, 10}, {DC_CIVAC_X1, 14}, {IC_IVAU_X1, 5},
    };
    arm64emu_machine *m = el_machine(0);
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        set_sysreg(m, SCTLR_EL1, SCTLR_BASE | SCTLR_DZE);
        set_pstate(m, EL0T);
        test_set_x(m, 1, ZVA_BUF);
        ck_assert_uint_eq(run_to_vector(m, &ops[i].word, 1), VBAR + 0x400);
        ck_assert_uint_eq(sysreg(m, ESR_EL1), sys_trap_esr(ops[i].crm));
        set_sysreg(m, SCTLR_EL1, SCTLR_BASE | SCTLR_UCI);
        run_at_el0(m, ops[i].word, ZVA_BUF);
        ck_assert_uint_eq(test_run(m, 10).pc, CODE + 4);
    }
    arm64emu_destroy(m);
}
END_TEST

START_TEST(cache_maintenance_at_el1_ignores_the_el0_controls)
{
    arm64emu_machine *m = el_machine(0);
    set_sysreg(m, SCTLR_EL1, SCTLR_BASE);
    set_pstate(m, EL1H);
    test_set_x(m, 1, ZVA_BUF);
    test_load(m, CODE, (const uint32_t[]){DC_ZVA_X1, DC_CVAU_X1, IC_IVAU_X1, BRK3}, 4);
    ck_assert_uint_eq(test_run(m, 10).pc, CODE + 12);
    arm64emu_destroy(m);
}
END_TEST

/* With the architecture's memory model and the EL1 MMU off, data accesses
 * are Device-nGnRnE, and DC ZVA of any Device memory is an Alignment fault
 * (Arm ARM, DC ZVA). */
START_TEST(dc_zva_at_el1_with_the_mmu_off_is_an_alignment_fault)
{
    arm64emu_machine *m = el_machine_mem(0, 0);
    set_sysreg(m, SCTLR_EL1, SCTLR_BASE);
    set_pstate(m, EL1H);
    test_set_x(m, 1, ZVA_BUF);
    ck_assert_uint_eq(run_to_vector(m, (const uint32_t[]){DC_ZVA_X1}, 1), VBAR + 0x200);
    uint64_t esr = sysreg(m, ESR_EL1);
    ck_assert_uint_eq(esr >> 26, 0x25); /* data abort, same EL */
    ck_assert_uint_eq(esr & 0x3f, 0x21); /* alignment fault */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(default_config_still_reports_every_exception_as_an_exit)
{
    arm64emu_machine *m = test_machine();
    set_pstate(m, EL1H);
    test_load(m, CODE, (const uint32_t[]){HVC7}, 1);
    ck_assert_uint_eq(test_run(m, 10).reason, ARM64EMU_EXIT_HVC);
    test_load(m, CODE, (const uint32_t[]){UDF}, 1);
    ck_assert_uint_eq(test_run(m, 10).reason, ARM64EMU_EXIT_UNDEFINED);
    ck_assert_uint_eq(pstate(m) & 0xf, EL1H);
    arm64emu_destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("exceptions");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, svc_from_el0_enters_the_el1_lower_el_vector);
    tcase_add_test(tc, each_source_uses_its_vector_offset);
    tcase_add_test(tc, banked_stack_pointers_follow_el_and_spsel);
    tcase_add_test(tc, hvc_goes_to_el2_and_is_undefined_at_el0);
    tcase_add_test(tc, smc_goes_to_el3_is_trapped_by_tsc_and_undefined_without_el3);
    tcase_add_test(tc, brk_is_taken_with_its_comment_when_not_an_exit);
    tcase_add_test(tc, data_abort_and_alignment_fault_report_fsc_wnr_and_far);
    tcase_add_test(tc, eret_restores_pstate_and_pc);
    tcase_add_test(tc, illegal_return_sets_il_and_the_next_instruction_faults);
    tcase_add_test(tc, eret_is_undefined_at_el0);
    tcase_add_test(tc, irq_waits_for_daif_i_then_enters_the_irq_vector);
    tcase_add_test(tc, irq_routing_follows_hcr_el2_and_scr_el3);
    tcase_add_test(tc, tge_routes_el0_exceptions_to_el2);
    tcase_add_test(tc, external_abort_goes_to_el3_with_scr_ea);
    tcase_add_test(tc, cpacr_fpen_traps_fp_to_el1_and_cptr_tfp_to_el2);
    tcase_add_test(tc, hcr_tvm_traps_sctlr_writes_to_el2_with_the_encoding);
    tcase_add_test(tc, wfi_traps_with_hcr_twi_and_continues_on_a_masked_interrupt);
    tcase_add_test(tc, dc_zva_at_el0_traps_to_el1_while_sctlr_dze_is_clear);
    tcase_add_test(tc, dczid_dzp_reads_one_at_el0_while_sctlr_dze_is_clear);
    tcase_add_test(tc, dc_zva_at_el0_traps_to_el2_under_hcr_tge);
    tcase_add_test(tc, cache_maintenance_by_va_at_el0_traps_while_sctlr_uci_is_clear);
    tcase_add_test(tc, cache_maintenance_at_el1_ignores_the_el0_controls);
    tcase_add_test(tc, dc_zva_at_el1_with_the_mmu_off_is_an_alignment_fault);
    tcase_add_test(tc, default_config_still_reports_every_exception_as_an_exit);
    suite_add_tcase(s, tc);
    return test_main(s);
}
