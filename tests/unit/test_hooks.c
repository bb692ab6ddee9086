/* Hooks and debugger stops: every hook kind fires with the right
 * arguments (on code decoded before the hook existed too), removal from
 * inside a hook, stop codes, RETRY and SUPPRESS, breakpoints, watchpoints
 * and single steps. */
#include <stdbool.h>
#include <string.h>

#include "harness.h"
#include "hooks.h"

#define B TEST_RAM_BASE

/* mov x0, #0; 1: add x0, x0, #1; cmp x0, #10; b.ne 1b; brk #0 */
static const uint32_t loop_code[] = {0xd2800000, 0x91000400, 0xf100281f,
                                     0x54ffffc1, 0xd4200000};

typedef struct rec {
    unsigned calls;
    uint64_t pc[64];
    uint64_t a[64], b[64];
    uint32_t insn[64];
    int stop_at;   /* call number (1-based) that returns stop_code */
    int stop_code;
    uint32_t self_id;
    bool del_self;
    arm64emu_machine *m;
} rec_t;

static int code_hook(arm64emu_machine *m, unsigned cpu, uint64_t pc,
                     uint32_t insn, void *user)
{
    rec_t *r = user;
    ck_assert_uint_eq(cpu, 0);
    uint64_t reg_pc;
    arm64emu_reg_read(m, 0, ARM64EMU_REG_PC, &reg_pc);
    ck_assert_uint_eq(reg_pc, pc);
    if (r->calls < 64) {
        r->pc[r->calls] = pc;
        r->insn[r->calls] = insn;
    }
    r->calls++;
    if (r->del_self)
        ck_assert_int_eq(arm64emu_hook_del(m, r->self_id), ARM64EMU_OK);
    return (int)r->calls == r->stop_at ? r->stop_code : 0;
}

static void restart_loop(arm64emu_machine *m)
{
    test_set_x(m, 0, 0);
    test_set_x(m, ARM64EMU_REG_PC, B);
}

START_TEST(code_hook_fires_on_already_decoded_code)
{
    arm64emu_machine *m = test_machine();
    test_load(m, B, loop_code, 5);
    ck_assert_uint_eq(test_run(m, 1000).reason, ARM64EMU_EXIT_BRK);
    restart_loop(m);
    rec_t r = {0};
    uint32_t id;
    ck_assert_int_eq(arm64emu_hook_code(m, B + 4, B + 8, code_hook, &r, &id),
                     ARM64EMU_OK);
    arm64emu_exit e = test_run(m, 1000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(r.calls, 10);
    ck_assert_uint_eq(r.pc[0], B + 4);
    ck_assert_uint_eq(r.insn[0], 0x91000400);
    ck_assert_uint_eq(test_x(m, 0), 10);
    ck_assert_int_eq(arm64emu_hook_del(m, id), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_hook_del(m, id), ARM64EMU_ERR_INVALID_ARGUMENT);
    restart_loop(m);
    test_run(m, 1000);
    ck_assert_uint_eq(r.calls, 10);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(hook_removed_from_inside_itself_stops_at_once)
{
    arm64emu_machine *m = test_machine();
    test_load(m, B, loop_code, 5);
    rec_t r = {.del_self = true};
    ck_assert_int_eq(arm64emu_hook_code(m, B + 4, B + 8, code_hook, &r,
                                        &r.self_id), ARM64EMU_OK);
    arm64emu_exit e = test_run(m, 1000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(r.calls, 1);
    ck_assert_uint_eq(test_x(m, 0), 10);
    ck_assert_uint_eq(test_icount(m), 1 + 3 * 10);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(code_hook_stop_code_exits_unretired_and_resumes_once)
{
    arm64emu_machine *m = test_machine();
    test_load(m, B, loop_code, 5);
    rec_t r = {.stop_at = 3, .stop_code = 7};
    uint32_t id;
    arm64emu_hook_code(m, B + 4, B + 8, code_hook, &r, &id);
    arm64emu_exit e = test_run(m, 1000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_HOOK);
    ck_assert_uint_eq(e.imm, 7);
    ck_assert_uint_eq(e.pc, B + 4);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), B + 4);
    ck_assert_uint_eq(test_x(m, 0), 2); /* the third add did not run */
    ck_assert_uint_eq(test_icount(m), 1 + 3 * 2);
    e = test_run(m, 1000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 0), 10);
    ck_assert_uint_eq(r.calls, 10); /* not called again for the resumed add */
    arm64emu_destroy(m);
}
END_TEST

static int redirect_hook(arm64emu_machine *m, unsigned cpu, uint64_t pc,
                         uint32_t insn, void *user)
{
    (void)pc;
    (void)insn;
    (void)user;
    uint64_t lr;
    arm64emu_reg_read(m, cpu, ARM64EMU_REG_X30, &lr);
    arm64emu_reg_write(m, cpu, ARM64EMU_REG_X0, 42);
    arm64emu_reg_write(m, cpu, ARM64EMU_REG_PC, lr);
    return 0;
}

START_TEST(code_hook_writing_pc_skips_the_instruction)
{
    arm64emu_machine *m = test_machine();
    /* bl f; brk #0; f: udf #0 */
    const uint32_t code[] = {0x94000002, 0xd4200000, 0x00000000};
    test_load(m, B, code, 3);
    uint32_t id;
    arm64emu_hook_code(m, B + 8, B + 12, redirect_hook, NULL, &id);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(e.pc, B + 4);
    ck_assert_uint_eq(test_x(m, 0), 42);
    ck_assert_uint_eq(test_icount(m), 1); /* the udf was not executed */
    arm64emu_destroy(m);
}
END_TEST

static int installer_hook(arm64emu_machine *m, unsigned cpu, uint64_t pc,
                          uint32_t insn, void *user)
{
    (void)cpu;
    (void)insn;
    rec_t *r = user;
    if (pc == B && !r->self_id)
        ck_assert_int_eq(arm64emu_hook_code(m, B + 4, B + 8, code_hook, r,
                                            &r->self_id), ARM64EMU_OK);
    return 0;
}

START_TEST(hook_added_inside_a_hook_applies_to_the_next_instruction)
{
    arm64emu_machine *m = test_machine();
    test_load(m, B, loop_code, 5);
    rec_t r = {0};
    uint32_t id;
    arm64emu_hook_code(m, B, B + 4, installer_hook, &r, &id);
    ck_assert_uint_eq(test_run(m, 1000).reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(r.calls, 10); /* the add in the same block too */
    ck_assert_uint_eq(r.pc[0], B + 4);
    ck_assert_uint_eq(test_icount(m), 1 + 3 * 10);
    arm64emu_destroy(m);
}
END_TEST

static int block_hook(arm64emu_machine *m, unsigned cpu, uint64_t pc,
                      uint32_t ninsns, void *user)
{
    (void)m;
    (void)cpu;
    rec_t *r = user;
    if (r->calls < 64) {
        r->pc[r->calls] = pc;
        r->a[r->calls] = ninsns;
    }
    r->calls++;
    return 0;
}

START_TEST(block_hook_sees_each_block_entry)
{
    arm64emu_machine *m = test_machine();
    test_load(m, B, loop_code, 5);
    test_run(m, 1000);
    restart_loop(m);
    rec_t r = {0};
    uint32_t id;
    ck_assert_int_eq(arm64emu_hook_block(m, 0, UINT64_MAX, block_hook, &r, &id),
                     ARM64EMU_OK);
    ck_assert_uint_eq(test_run(m, 1000).reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(r.calls, 11);
    ck_assert_uint_eq(r.pc[0], B);
    ck_assert_uint_eq(r.a[0], 4);
    for (unsigned i = 1; i < 10; i++) {
        ck_assert_uint_eq(r.pc[i], B + 4);
        ck_assert_uint_eq(r.a[i], 3);
    }
    ck_assert_uint_eq(r.pc[10], B + 16);
    ck_assert_uint_eq(r.a[10], 1);
    arm64emu_destroy(m);
}
END_TEST

typedef struct mem_rec {
    unsigned n;
    uint32_t access[8], size[8];
    uint64_t va[8], pa[8], value[8];
    int stop_first_write;
} mem_rec_t;

static int mem_hook(arm64emu_machine *m, unsigned cpu, uint32_t access,
                    uint64_t va, uint64_t pa, uint32_t size, uint64_t value,
                    void *user)
{
    (void)m;
    (void)cpu;
    mem_rec_t *r = user;
    if (r->n < 8) {
        r->access[r->n] = access;
        r->va[r->n] = va;
        r->pa[r->n] = pa;
        r->size[r->n] = size;
        r->value[r->n] = value;
    }
    r->n++;
    if (access == ARM64EMU_ACCESS_WRITE && r->stop_first_write) {
        r->stop_first_write = 0;
        return 5;
    }
    return 0;
}

/* str x1, [x2]; ldr x3, [x2]; brk #0 */
static const uint32_t mem_code[] = {0xf9000041, 0xf9400043, 0xd4200000};
#define DATA (B + 0x8000)

static void mem_setup(arm64emu_machine *m)
{
    test_load(m, B, mem_code, 3);
    test_set_x(m, 1, 0x1122334455667788ull);
    test_set_x(m, 2, DATA);
}

START_TEST(memory_hook_sees_write_before_and_read_after)
{
    arm64emu_machine *m = test_machine();
    mem_setup(m);
    test_run(m, 100); /* warm the TLB: the fast path must miss now */
    mem_setup(m);
    test_set_x(m, 1, 0xabcdull);
    mem_rec_t r = {0};
    uint32_t id;
    ck_assert_int_eq(arm64emu_hook_mem(m, 3, DATA, DATA + 8, mem_hook, &r, &id),
                     ARM64EMU_OK);
    ck_assert_uint_eq(test_run(m, 100).reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(r.n, 2);
    ck_assert_uint_eq(r.access[0], ARM64EMU_ACCESS_WRITE);
    ck_assert_uint_eq(r.va[0], DATA);
    ck_assert_uint_eq(r.pa[0], DATA);
    ck_assert_uint_eq(r.size[0], 8);
    ck_assert_uint_eq(r.value[0], 0xabcd);
    ck_assert_uint_eq(r.access[1], ARM64EMU_ACCESS_READ);
    ck_assert_uint_eq(r.value[1], 0xabcd);
    ck_assert_int_eq(arm64emu_hook_mem(m, 4, 0, 8, mem_hook, &r, &id),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(memory_hook_stop_leaves_the_store_undone)
{
    arm64emu_machine *m = test_machine();
    mem_setup(m);
    mem_rec_t r = {.stop_first_write = 1};
    uint32_t id;
    arm64emu_hook_mem(m, 1u << ARM64EMU_ACCESS_WRITE, DATA, DATA + 1, mem_hook,
                      &r, &id);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_HOOK);
    ck_assert_uint_eq(e.imm, 5);
    ck_assert_uint_eq(e.pc, B);
    uint64_t v = 1;
    arm64emu_mem_read(m, DATA, &v, 8);
    ck_assert_uint_eq(v, 0);
    ck_assert_uint_eq(test_icount(m), 0);
    e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    arm64emu_mem_read(m, DATA, &v, 8);
    ck_assert_uint_eq(v, 0x1122334455667788ull);
    ck_assert_uint_eq(r.n, 1); /* the resumed store is not reported again */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(sixteen_byte_access_is_reported_once)
{
    arm64emu_machine *m = test_machine();
    /* stp x1, x2, [x3]; ldr q0, [x3]; brk #0 */
    const uint32_t code[] = {0xa9000861, 0x3dc00060, 0xd4200000};
    test_load(m, B, code, 3);
    test_set_x(m, 1, 0x11);
    test_set_x(m, 2, 0x22);
    test_set_x(m, 3, DATA);
    mem_rec_t r = {0};
    uint32_t id;
    arm64emu_hook_mem(m, 3, 0, UINT64_MAX, mem_hook, &r, &id);
    ck_assert_uint_eq(test_run(m, 100).reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_ge(r.n, 2);
    ck_assert_uint_eq(r.access[r.n - 1], ARM64EMU_ACCESS_READ);
    ck_assert_uint_eq(r.size[r.n - 1], 16);
    ck_assert_uint_eq(r.value[r.n - 1], 0x11);
    arm64emu_destroy(m);
}
END_TEST

static int unmapped_hook(arm64emu_machine *m, unsigned cpu, uint32_t access,
                         uint64_t addr, uint32_t size, void *user)
{
    (void)cpu;
    rec_t *r = user;
    r->pc[r->calls] = addr;
    r->a[r->calls] = access;
    r->b[r->calls] = size;
    r->calls++;
    uint64_t page = addr & ~0xfffull;
    ck_assert_int_eq(arm64emu_map_ram(m, page, 0x1000), ARM64EMU_OK);
    if (access == ARM64EMU_ACCESS_FETCH) {
        const uint32_t brk = 0xd4200000;
        arm64emu_mem_write(m, addr, &brk, 4);
    } else {
        const uint64_t v = 0x5a5a;
        arm64emu_mem_write(m, addr, &v, 8);
    }
    return ARM64EMU_HOOK_RETRY;
}

START_TEST(unmapped_hook_maps_memory_and_retries)
{
    arm64emu_machine *m = test_machine();
    /* ldr x0, [x1]; br x2 */
    const uint32_t code[] = {0xf9400020, 0xd61f0040};
    test_load(m, B, code, 2);
    test_set_x(m, 1, 0x80000000ull);
    test_set_x(m, 2, 0x90000010ull);
    rec_t r = {0};
    uint32_t id;
    ck_assert_int_eq(arm64emu_hook_unmapped(m, unmapped_hook, &r, &id),
                     ARM64EMU_OK);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(e.pc, 0x90000010ull);
    ck_assert_uint_eq(test_x(m, 0), 0x5a5a);
    ck_assert_uint_eq(r.calls, 2);
    ck_assert_uint_eq(r.pc[0], 0x80000000ull);
    ck_assert_uint_eq(r.a[0], ARM64EMU_ACCESS_READ);
    ck_assert_uint_eq(r.b[0], 8);
    ck_assert_uint_eq(r.a[1], ARM64EMU_ACCESS_FETCH);
    arm64emu_destroy(m);
}
END_TEST

static arm64emu_machine *taking_machine(void)
{
    arm64emu_config *cfg;
    arm64emu_config_new(&cfg);
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, TEST_RAM_SIZE);
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXCEPTION_EXITS, 0);
    arm64emu_machine *m = NULL;
    ck_assert_int_eq(arm64emu_create(cfg, &m), ARM64EMU_OK);
    arm64emu_config_free(cfg);
    return m;
}

static int exc_hook(arm64emu_machine *m, unsigned cpu, uint64_t esr,
                    uint64_t far, uint32_t target_el, void *user)
{
    (void)far;
    rec_t *r = user;
    r->a[r->calls] = esr >> 26;
    r->b[r->calls] = target_el;
    r->calls++;
    if ((esr >> 26) == 0x3c)
        return 9; /* BRK: stop */
    uint64_t pc;
    arm64emu_reg_read(m, cpu, ARM64EMU_REG_PC, &pc);
    r->pc[r->calls - 1] = pc;
    arm64emu_reg_write(m, cpu, ARM64EMU_REG_PC, pc + 4);
    return ARM64EMU_HOOK_SUPPRESS;
}

START_TEST(exception_hook_suppresses_and_redirects)
{
    arm64emu_machine *m = taking_machine();
    /* udf #0; mov x0, #1; brk #0 */
    const uint32_t code[] = {0x00000000, 0xd2800020, 0xd4200000};
    test_load(m, B, code, 3);
    rec_t r = {0};
    uint32_t id;
    arm64emu_hook_exception(m, exc_hook, &r, &id);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_HOOK);
    ck_assert_uint_eq(e.imm, 9);
    ck_assert_uint_eq(e.pc, B + 8);
    ck_assert_uint_eq(r.calls, 2);
    ck_assert_uint_eq(r.a[0], 0x00);
    ck_assert_uint_eq(r.b[0], 1);
    ck_assert_uint_eq(r.pc[0], B);
    ck_assert_uint_eq(r.a[1], 0x3c);
    ck_assert_uint_eq(test_x(m, 0), 1);
    uint64_t el;
    arm64emu_reg_read(m, 0, ARM64EMU_REG_PSTATE, &el);
    ck_assert_uint_eq((el >> 2) & 3, 0); /* nothing was taken */
    arm64emu_destroy(m);
}
END_TEST

static int intr_hook(arm64emu_machine *m, unsigned cpu, uint32_t kind,
                     uint32_t target_el, void *user)
{
    (void)m;
    (void)cpu;
    rec_t *r = user;
    r->a[r->calls] = kind;
    r->b[r->calls] = target_el;
    r->calls++;
    return r->calls == 1 ? ARM64EMU_HOOK_SUPPRESS : 3;
}

/* timer_code of test_board.c (GIC, virtual timer 1000 ticks ahead) with
 * the WFI replaced by unmasking IRQs and a loop. */
static const uint32_t board_irq_code[] = {
    0xd2a10141, 0xb900143f, 0x91404022, 0x52a10003, 0xb9010043, 0xd2a10004,
    0x52800045, 0xb9000085, 0xd2801fe6, 0xd5184606, 0xd2800026, 0xd518cce6,
    0xd5033fdf, 0xd53be04a, 0xd2807d07, 0xd51be307, 0xd2800027, 0xd51be327,
    0xd50342ff, 0x14000000,
};

START_TEST(interrupt_hook_sees_the_board_timer_irq)
{
    arm64emu_config *cfg;
    arm64emu_config_new(&cfg);
    arm64emu_config_set_str(cfg, ARM64EMU_CFG_BOARD, "virt");
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, 16u << 20);
    arm64emu_machine *m = NULL;
    ck_assert_int_eq(arm64emu_create(cfg, &m), 0);
    arm64emu_config_free(cfg);
    ck_assert_int_eq(arm64emu_board_load_kernel(m, board_irq_code,
                                                sizeof(board_irq_code)), 0);
    ck_assert_int_eq(arm64emu_board_boot(m), 0);
    rec_t r = {0};
    uint32_t id;
    arm64emu_hook_interrupt(m, intr_hook, &r, &id);
    arm64emu_exit e = test_run(m, 1000000);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_HOOK);
    ck_assert_uint_eq(e.imm, 3);
    ck_assert_uint_eq(r.calls, 2); /* suppressed once, then stopped */
    ck_assert_uint_eq(r.a[0], ARM64EMU_INTR_IRQ);
    ck_assert_uint_eq(r.b[0], 1);
    ck_assert_uint_eq(e.pc, 0x40080000ull + 19 * 4);
    arm64emu_destroy(m);
}
END_TEST

static int sysreg_hook(arm64emu_machine *m, unsigned cpu, uint32_t key,
                       uint32_t is_write, uint64_t *value, void *user)
{
    (void)m;
    (void)cpu;
    rec_t *r = user;
    r->a[r->calls] = key;
    r->b[r->calls] = is_write;
    r->calls++;
    *value = is_write ? *value + 1 : 0x1234;
    return 0;
}

START_TEST(sysreg_hook_changes_read_and_written_values)
{
    arm64emu_machine *m = test_machine();
    /* mrs x0, tpidr_el0; msr tpidr_el0, x1; brk #0 */
    const uint32_t code[] = {0xd53bd040, 0xd51bd041, 0xd4200000};
    test_load(m, B, code, 3);
    test_run(m, 100);
    test_set_x(m, ARM64EMU_REG_PC, B);
    test_set_x(m, 1, 0x50);
    rec_t r = {0};
    uint32_t id, id2;
    const uint32_t key = ARM64EMU_SYSREG(3, 3, 13, 0, 2);
    ck_assert_int_eq(arm64emu_hook_sysreg(m, key, sysreg_hook, &r, &id),
                     ARM64EMU_OK);
    arm64emu_hook_sysreg(m, ARM64EMU_SYSREG(3, 3, 13, 0, 3), sysreg_hook, &r,
                         &id2); /* another register: never called */
    ck_assert_uint_eq(test_run(m, 100).reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(r.calls, 2);
    ck_assert_uint_eq(r.a[0], key);
    ck_assert_uint_eq(r.b[0], 0);
    ck_assert_uint_eq(r.b[1], 1);
    ck_assert_uint_eq(test_x(m, 0), 0x1234);
    ck_assert_uint_eq(test_x(m, 1), 0x50);
    uint64_t v;
    arm64emu_sysreg_read(m, 0, key, &v);
    ck_assert_uint_eq(v, 0x51);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(breakpoint_stops_before_and_continues_over_it)
{
    arm64emu_machine *m = test_machine();
    test_load(m, B, loop_code, 5);
    test_run(m, 1000);
    restart_loop(m);
    ck_assert_int_eq(arm64emu_debug_break_add(m, B + 8), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_debug_break_add(m, B + 8),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    for (unsigned i = 1; i <= 3; i++) {
        arm64emu_exit e = test_run(m, 1000);
        ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BREAKPOINT);
        ck_assert_uint_eq(e.pc, B + 8);
        ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), B + 8);
        ck_assert_uint_eq(test_x(m, 0), i);
    }
    ck_assert_int_eq(arm64emu_debug_break_del(m, B + 8), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_debug_break_del(m, B + 8),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_uint_eq(test_run(m, 1000).reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 0), 10);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(watchpoint_stops_after_the_access)
{
    arm64emu_machine *m = test_machine();
    mem_setup(m);
    test_run(m, 100);
    mem_setup(m);
    ck_assert_int_eq(arm64emu_debug_watch_add(m, DATA + 4, 2,
                                              1u << ARM64EMU_ACCESS_READ),
                     ARM64EMU_OK);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_WATCHPOINT);
    ck_assert_uint_eq(e.pc, B + 4);
    ck_assert_uint_eq(e.addr, DATA);
    ck_assert_uint_eq(e.access, ARM64EMU_ACCESS_READ);
    ck_assert_uint_eq(e.access_size, 8);
    ck_assert_uint_eq(test_x(m, 3), 0x1122334455667788ull); /* retired */
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), B + 8);
    ck_assert_uint_eq(test_run(m, 100).reason, ARM64EMU_EXIT_BRK);
    ck_assert_int_eq(arm64emu_debug_watch_del(m, DATA + 4, 2, 2),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_debug_watch_del(m, DATA + 4, 2,
                                              1u << ARM64EMU_ACCESS_READ),
                     ARM64EMU_OK);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(step_runs_one_instruction_even_on_a_breakpoint)
{
    arm64emu_machine *m = test_machine();
    test_load(m, B, loop_code, 5);
    arm64emu_debug_break_add(m, B);
    arm64emu_exit e = {.struct_size = sizeof(e)};
    const uint64_t pcs[] = {B + 4, B + 8, B + 12, B + 4, B + 8};
    for (unsigned i = 1; i <= 5; i++) {
        ck_assert_int_eq(arm64emu_debug_step(m, 0, &e), ARM64EMU_OK);
        ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_STEP);
        ck_assert_uint_eq(e.cpu, 0);
        ck_assert_uint_eq(test_icount(m), i);
        ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), pcs[i - 1]);
    }
    ck_assert_uint_eq(test_x(m, 0), 2);
    /* a breakpoint not at the PC stops the step before it runs */
    arm64emu_debug_break_add(m, B + 12);
    arm64emu_debug_step(m, 0, &e);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_STEP);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), B + 12);
    ck_assert_uint_eq(test_run(m, 100).reason, ARM64EMU_EXIT_BREAKPOINT);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), B + 12);
    ck_assert_int_eq(arm64emu_debug_step(m, 1, &e),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(step_into_a_taken_exception_stops_at_the_vector)
{
    arm64emu_machine *m = taking_machine();
    const uint32_t code[] = {0x00000000, 0xd2800020, 0xd4200000};
    test_load(m, B, code, 3);
    arm64emu_sysreg_write(m, 0, ARM64EMU_SYSREG(3, 0, 12, 0, 0), B + 0x1000);
    arm64emu_exit e = {.struct_size = sizeof(e)};
    ck_assert_int_eq(arm64emu_debug_step(m, 0, &e), ARM64EMU_OK);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_STEP);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), B + 0x1000 + 0x400);
    ck_assert_uint_eq(test_icount(m), 0);
    arm64emu_destroy(m);
}
END_TEST

static int svc_id_hook(arm64emu_machine *m, unsigned cpu, uint64_t pc,
                       uint32_t insn, void *user)
{
    (void)cpu;
    (void)pc;
    (void)insn;
    rec_t *r = user;
    r->calls++;
    ck_assert_int_eq(arm64emu_run(m, 1, &(arm64emu_exit){.struct_size =
                                                           sizeof(arm64emu_exit)}),
                     ARM64EMU_ERR_BUSY);
    return 0;
}

START_TEST(run_from_inside_a_hook_is_busy)
{
    arm64emu_machine *m = test_machine();
    test_load(m, B, loop_code, 5);
    rec_t r = {0};
    uint32_t id;
    arm64emu_hook_code(m, B, B + 4, svc_id_hook, &r, &id);
    ck_assert_uint_eq(test_run(m, 1000).reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(r.calls, 1);
    arm64emu_destroy(m);
}
END_TEST

static int svc_cb(machine_t *m, cpu_t *cpu, uint32_t kind, uint32_t imm16,
                  void *user)
{
    (void)m;
    rec_t *r = user;
    r->a[r->calls] = kind;
    r->b[r->calls] = imm16;
    r->pc[r->calls] = cpu->pc;
    r->calls++;
    if (imm16 == 1) {
        cpu->r[0] = 77;
        return HOOKS_HANDLED;
    }
    return imm16 == 2 ? 4 : ARM64EMU_HOOK_CONTINUE;
}

START_TEST(svc_callback_handles_continues_or_stops)
{
    arm64emu_machine *m = test_machine(); /* SVC exits */
    /* svc #1; svc #2; svc #3; brk #0 */
    const uint32_t code[] = {0xd4000021, 0xd4000041, 0xd4000061, 0xd4200000};
    test_load(m, B, code, 4);
    rec_t r = {0};
    ck_assert_int_eq(hooks_set_insn_callback(m, svc_cb, &r), ARM64EMU_OK);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_HOOK); /* svc #2 */
    ck_assert_uint_eq(e.imm, 4);
    ck_assert_uint_eq(e.pc, B + 4);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), B + 8);
    ck_assert_uint_eq(test_x(m, 0), 77);
    ck_assert_uint_eq(r.a[0], ARM64EMU_HOSTCALL_SVC);
    ck_assert_uint_eq(r.pc[0], B + 4);
    ck_assert_uint_eq(test_icount(m), 2);
    e = test_run(m, 100); /* svc #3: not handled, the usual SVC exit */
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_SVC);
    ck_assert_uint_eq(e.imm, 3);
    ck_assert_uint_eq(r.calls, 3);
    hooks_set_insn_callback(m, NULL, NULL);
    test_set_x(m, ARM64EMU_REG_PC, B);
    ck_assert_uint_eq(test_run(m, 100).reason, ARM64EMU_EXIT_SVC);
    ck_assert_uint_eq(r.calls, 3);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(internal_code_hook_is_not_removable_by_the_user)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {0x94000002, 0xd4200000, 0x00000000};
    test_load(m, B, code, 3);
    uint32_t id;
    ck_assert_int_eq(hooks_add_code_at(m, B + 8, redirect_hook, NULL, &id),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_hook_del(m, id), ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_uint_eq(test_run(m, 100).reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 0), 42);
    ck_assert_int_eq(hooks_del(m, id), ARM64EMU_OK);
    test_set_x(m, ARM64EMU_REG_PC, B);
    ck_assert_uint_eq(test_run(m, 100).reason, ARM64EMU_EXIT_UNDEFINED);
    arm64emu_destroy(m);
}
END_TEST

static Suite *hooks_suite(void)
{
    Suite *s = suite_create("hooks");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, code_hook_fires_on_already_decoded_code);
    tcase_add_test(tc, hook_removed_from_inside_itself_stops_at_once);
    tcase_add_test(tc, code_hook_stop_code_exits_unretired_and_resumes_once);
    tcase_add_test(tc, code_hook_writing_pc_skips_the_instruction);
    tcase_add_test(tc, hook_added_inside_a_hook_applies_to_the_next_instruction);
    tcase_add_test(tc, block_hook_sees_each_block_entry);
    tcase_add_test(tc, memory_hook_sees_write_before_and_read_after);
    tcase_add_test(tc, memory_hook_stop_leaves_the_store_undone);
    tcase_add_test(tc, sixteen_byte_access_is_reported_once);
    tcase_add_test(tc, unmapped_hook_maps_memory_and_retries);
    tcase_add_test(tc, exception_hook_suppresses_and_redirects);
    tcase_add_test(tc, interrupt_hook_sees_the_board_timer_irq);
    tcase_add_test(tc, sysreg_hook_changes_read_and_written_values);
    tcase_add_test(tc, breakpoint_stops_before_and_continues_over_it);
    tcase_add_test(tc, watchpoint_stops_after_the_access);
    tcase_add_test(tc, step_runs_one_instruction_even_on_a_breakpoint);
    tcase_add_test(tc, step_into_a_taken_exception_stops_at_the_vector);
    tcase_add_test(tc, run_from_inside_a_hook_is_busy);
    tcase_add_test(tc, svc_callback_handles_continues_or_stops);
    tcase_add_test(tc, internal_code_hook_is_not_removable_by_the_user);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return test_main(hooks_suite());
}
