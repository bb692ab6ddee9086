/* Host calls: guest calls, SVCs and HVCs answered by host C functions
 * through libffi, with AAPCS64 argument and result passing. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define CODE TEST_RAM_BASE
#define FUNC (TEST_RAM_BASE + 0x100) /* the bound entry point */
#define DATA (TEST_RAM_BASE + 0x1000)

#define BL_FUNC 0x94000040u   /* bl CODE+0x100 (from CODE) */
#define BRK0 0xd4200000u
#define MOV_X9_99 0xd2800c69u /* mov x9, #99 */
#define RET 0xd65f03c0u
#define SVC(imm) (0xd4000001u | ((uint32_t)(imm) << 5))
#define HVC(imm) (0xd4000002u | ((uint32_t)(imm) << 5))

/* What the host functions saw (each test runs in its own process). */
static struct {
    arm64emu_machine *m;
    int calls;
    int64_t i[8];
    uint64_t u[8];
    double d[8];
    int ptr_rc;
} seen;

static void reset_seen(void)
{
    memset(&seen, 0, sizeof(seen));
}

/* A machine with "bl FUNC; brk #0" at CODE and a placeholder function at
 * FUNC that the binding replaces. */
static arm64emu_machine *call_machine(void)
{
    arm64emu_machine *m = test_machine();
    const uint32_t caller[] = {BL_FUNC, BRK0};
    const uint32_t callee[] = {MOV_X9_99, RET};
    ck_assert_int_eq(arm64emu_mem_write(m, FUNC, callee, sizeof(callee)),
                     ARM64EMU_OK);
    test_load(m, CODE, caller, 2);
    reset_seen();
    return m;
}

static void bind_addr(arm64emu_machine *m, const char *sig,
                      arm64emu_hostcall_fn fn, uint32_t *id)
{
    int rc = arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_ADDR, FUNC, sig, fn,
                                    id);
    ck_assert_msg(rc == ARM64EMU_OK, "bind %s: %s", sig, arm64emu_last_error(m));
}

/* Runs the call and checks it came back to the BRK after the BL. */
static void run_call(arm64emu_machine *m)
{
    arm64emu_exit e = test_run(m, 100);
    ck_assert_msg(e.reason == ARM64EMU_EXIT_BRK && e.pc == CODE + 4,
                  "exit %u at 0x%llx", e.reason, (unsigned long long)e.pc);
}

static void set_v(arm64emu_machine *m, unsigned n, uint64_t lo, uint64_t hi)
{
    uint64_t b[2] = {lo, hi};
    ck_assert_int_eq(arm64emu_vreg_write(m, 0, n, b), ARM64EMU_OK);
}

static void get_v(arm64emu_machine *m, unsigned n, uint64_t *lo, uint64_t *hi)
{
    uint64_t b[2];
    ck_assert_int_eq(arm64emu_vreg_read(m, 0, n, b), ARM64EMU_OK);
    *lo = b[0];
    *hi = b[1];
}

static uint64_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static uint64_t double_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

#define GARBAGE 0xa5a5a5a500000000ull /* upper bits a narrow type ignores */

/* ---- argument kinds ------------------------------------------------------ */

static int64_t ints_fn(arm64emu_machine *m, int8_t a, int16_t b, int32_t c,
                       int64_t d, uint8_t e, uint16_t f, uint32_t g,
                       uint64_t h)
{
    seen.m = m;
    seen.calls++;
    seen.i[0] = a;
    seen.i[1] = b;
    seen.i[2] = c;
    seen.i[3] = d;
    seen.u[4] = e;
    seen.u[5] = f;
    seen.u[6] = g;
    seen.u[7] = h;
    return 7;
}

START_TEST(integer_arguments_are_narrowed_and_extended_as_typed)
{
    arm64emu_machine *m = call_machine();
    bind_addr(m, "i64(i8,i16,i32,i64,u8,u16,u32,u64)",
              (arm64emu_hostcall_fn)ints_fn, NULL);
    test_set_x(m, 0, GARBAGE | 0x80);         /* i8 -128 */
    test_set_x(m, 1, GARBAGE | 0xfffe);       /* i16 -2 */
    test_set_x(m, 2, GARBAGE | 0x80000000u);  /* i32 INT32_MIN */
    test_set_x(m, 3, 0x8000000000000001ull);  /* i64 */
    test_set_x(m, 4, GARBAGE | 0x1ff);        /* u8 0xff */
    test_set_x(m, 5, GARBAGE | 0x1fffe);      /* u16 0xfffe */
    test_set_x(m, 6, 0xffffffff00000005ull);  /* u32 5 */
    test_set_x(m, 7, 0xfedcba9876543210ull);  /* u64 */
    run_call(m);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_ptr_eq(seen.m, m);
    ck_assert_int_eq(seen.i[0], -128);
    ck_assert_int_eq(seen.i[1], -2);
    ck_assert_int_eq(seen.i[2], INT32_MIN);
    ck_assert_int_eq(seen.i[3], (int64_t)0x8000000000000001ull);
    ck_assert_uint_eq(seen.u[4], 0xff);
    ck_assert_uint_eq(seen.u[5], 0xfffe);
    ck_assert_uint_eq(seen.u[6], 5);
    ck_assert_uint_eq(seen.u[7], 0xfedcba9876543210ull);
    ck_assert_uint_eq(test_x(m, 0), 7);
    arm64emu_destroy(m);
}
END_TEST

static void fp_fn(arm64emu_machine *m, float a, double b, float c, double d)
{
    (void)m;
    seen.calls++;
    seen.d[0] = a;
    seen.d[1] = b;
    seen.d[2] = c;
    seen.d[3] = d;
}

START_TEST(float_comes_from_s_and_double_from_d_registers)
{
    arm64emu_machine *m = call_machine();
    bind_addr(m, "v(f,d,f,d)", (arm64emu_hostcall_fn)fp_fn, NULL);
    set_v(m, 0, 0x1234567800000000ull | float_bits(1.5f), 99);
    set_v(m, 1, double_bits(-2.25), 99);
    set_v(m, 2, 0xffffffff00000000ull | float_bits(3.0f), 99);
    set_v(m, 3, double_bits(1e300), 99);
    test_set_x(m, 0, 0x1111);
    run_call(m);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert(seen.d[0] == 1.5);
    ck_assert(seen.d[1] == -2.25);
    ck_assert(seen.d[2] == 3.0);
    ck_assert(seen.d[3] == 1e300);
    ck_assert_uint_eq(test_x(m, 0), 0x1111); /* void: X0 untouched */
    arm64emu_destroy(m);
}
END_TEST

/* 8 integer and 8 FP arguments interleaved: each class takes its own
 * registers in order (X0-X7, V0-V7), whatever the interleaving. */
static double mixed_fn(arm64emu_machine *m, int32_t i0, float f0, uint64_t p1,
                       double d1, uint8_t i2, float f2, double d3, int64_t i3,
                       float f4, double d5, uint16_t i4, float f6, double d7,
                       uint32_t i5, int8_t i6, int16_t i7)
{
    (void)m;
    seen.calls++;
    seen.u[0] = (uint64_t)(int64_t)i0;
    seen.u[1] = p1;
    seen.u[2] = i2;
    seen.u[3] = (uint64_t)i3;
    seen.u[4] = i4;
    seen.u[5] = i5;
    seen.u[6] = (uint64_t)(int64_t)i6;
    seen.u[7] = (uint64_t)(int64_t)i7;
    seen.d[0] = f0;
    seen.d[1] = d1;
    seen.d[2] = f2;
    seen.d[3] = d3;
    seen.d[4] = f4;
    seen.d[5] = d5;
    seen.d[6] = f6;
    seen.d[7] = d7;
    return f0 + d1 + f2 + d3 + f4 + d5 + f6 + d7;
}

START_TEST(eight_integer_and_eight_fp_arguments_mix)
{
    arm64emu_machine *m = call_machine();
    bind_addr(m, "d(i32,f,p,d,u8,f,d,i64,f,d,u16,f,d,u32,i8,i16)",
              (arm64emu_hostcall_fn)mixed_fn, NULL);
    for (unsigned n = 0; n < 8; n++) {
        test_set_x(m, n, 100 + n);
        bool single = n % 2 == 0;
        double v = (double)(n + 1) * 0.5;
        set_v(m, n, single ? float_bits((float)v) : double_bits(v), 0);
    }
    run_call(m);
    ck_assert_int_eq(seen.calls, 1);
    for (unsigned n = 0; n < 8; n++) {
        ck_assert_uint_eq(seen.u[n], 100 + n);
        ck_assert(seen.d[n] == (double)(n + 1) * 0.5);
    }
    uint64_t lo, hi;
    get_v(m, 0, &lo, &hi);
    ck_assert_uint_eq(lo, double_bits(18.0));
    ck_assert_uint_eq(hi, 0);
    arm64emu_destroy(m);
}
END_TEST

/* ---- results --------------------------------------------------------------- */

static int8_t ret_i8(arm64emu_machine *m) { (void)m; return -1; }
static int16_t ret_i16(arm64emu_machine *m) { (void)m; return -300; }
static int32_t ret_i32(arm64emu_machine *m) { (void)m; return -5; }
static int64_t ret_i64(arm64emu_machine *m) { (void)m; return INT64_MIN; }
static uint8_t ret_u8(arm64emu_machine *m) { (void)m; return 0xff; }
static uint16_t ret_u16(arm64emu_machine *m) { (void)m; return 0xfff0; }
static uint32_t ret_u32(arm64emu_machine *m) { (void)m; return 0xffffffffu; }
static uint64_t ret_u64(arm64emu_machine *m) { (void)m; return ~0ull - 1; }
static uint64_t ret_p(arm64emu_machine *m) { (void)m; return DATA; }

static void expect_x0(const char *sig, arm64emu_hostcall_fn fn, uint64_t x0)
{
    arm64emu_machine *m = call_machine();
    bind_addr(m, sig, fn, NULL);
    test_set_x(m, 0, 0x5555555555555555ull);
    run_call(m);
    ck_assert_msg(test_x(m, 0) == x0, "%s: X0 0x%llx, expected 0x%llx", sig,
                  (unsigned long long)test_x(m, 0), (unsigned long long)x0);
    arm64emu_destroy(m);
}

START_TEST(integer_results_are_extended_into_x0)
{
    expect_x0("i8()", (arm64emu_hostcall_fn)ret_i8, ~0ull);
    expect_x0("i16()", (arm64emu_hostcall_fn)ret_i16, (uint64_t)-300);
    expect_x0("i32()", (arm64emu_hostcall_fn)ret_i32, (uint64_t)-5);
    expect_x0("i64()", (arm64emu_hostcall_fn)ret_i64, 1ull << 63);
    expect_x0("u8()", (arm64emu_hostcall_fn)ret_u8, 0xff);
    expect_x0("u16()", (arm64emu_hostcall_fn)ret_u16, 0xfff0);
    expect_x0("u32()", (arm64emu_hostcall_fn)ret_u32, 0xffffffffull);
    expect_x0("u64()", (arm64emu_hostcall_fn)ret_u64, ~0ull - 1);
    expect_x0("p()", (arm64emu_hostcall_fn)ret_p, DATA);
}
END_TEST

static float ret_f(arm64emu_machine *m) { (void)m; return -0.75f; }
static double ret_d(arm64emu_machine *m) { (void)m; return 3.141592653589793; }

START_TEST(fp_results_write_v0_and_zero_the_rest)
{
    arm64emu_machine *m = call_machine();
    bind_addr(m, "f()", (arm64emu_hostcall_fn)ret_f, NULL);
    set_v(m, 0, ~0ull, ~0ull);
    test_set_x(m, 0, 42);
    run_call(m);
    uint64_t lo, hi;
    get_v(m, 0, &lo, &hi);
    ck_assert_uint_eq(lo, float_bits(-0.75f));
    ck_assert_uint_eq(hi, 0);
    ck_assert_uint_eq(test_x(m, 0), 42);
    arm64emu_destroy(m);

    m = call_machine();
    bind_addr(m, "d()", (arm64emu_hostcall_fn)ret_d, NULL);
    set_v(m, 0, ~0ull, ~0ull);
    run_call(m);
    get_v(m, 0, &lo, &hi);
    ck_assert_uint_eq(lo, double_bits(3.141592653589793));
    ck_assert_uint_eq(hi, 0);
    arm64emu_destroy(m);
}
END_TEST

/* ---- control flow ---------------------------------------------------------- */

static void nothing_fn(arm64emu_machine *m)
{
    (void)m;
    seen.calls++;
}

START_TEST(address_binding_replaces_the_function_and_returns_to_lr)
{
    arm64emu_machine *m = call_machine();
    uint32_t id = 0;
    bind_addr(m, "v()", (arm64emu_hostcall_fn)nothing_fn, &id);
    ck_assert_uint_ne(id, 0);
    run_call(m);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_uint_eq(test_x(m, 9), 0);  /* the placeholder did not run */
    ck_assert_uint_eq(test_icount(m), 1); /* only the BL retired */
    ck_assert_uint_eq(test_x(m, 30), CODE + 4);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(unbinding_lets_the_guest_function_run_again)
{
    arm64emu_machine *m = call_machine();
    uint32_t id;
    bind_addr(m, "v()", (arm64emu_hostcall_fn)nothing_fn, &id);
    run_call(m);
    ck_assert_int_eq(arm64emu_hostcall_unbind(m, id), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_hostcall_unbind(m, id),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, CODE),
                     ARM64EMU_OK);
    run_call(m);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_uint_eq(test_x(m, 9), 99);
    arm64emu_destroy(m);
}
END_TEST

static arm64emu_machine *self_m;
static uint32_t self_id;

static uint32_t unbind_self_fn(arm64emu_machine *m, uint32_t x)
{
    seen.calls++;
    seen.ptr_rc = arm64emu_hostcall_unbind(m, self_id);
    return x + 1;
}

START_TEST(a_host_function_may_unbind_itself)
{
    arm64emu_machine *m = call_machine();
    self_m = m;
    bind_addr(m, "u32(u32)", (arm64emu_hostcall_fn)unbind_self_fn, &self_id);
    test_set_x(m, 0, 41);
    run_call(m);
    ck_assert_int_eq(seen.ptr_rc, ARM64EMU_OK);
    ck_assert_uint_eq(test_x(m, 0), 42);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, CODE),
                     ARM64EMU_OK);
    run_call(m);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_uint_eq(test_x(m, 9), 99);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(bindings_survive_checkpoint_restore_and_snapshot_load)
{
    arm64emu_machine *m = call_machine();
    bind_addr(m, "v()", (arm64emu_hostcall_fn)nothing_fn, NULL);
    ck_assert_int_eq(arm64emu_checkpoint(m), ARM64EMU_OK);
    void *snap;
    size_t len;
    ck_assert_int_eq(arm64emu_snapshot_save(m, NULL, &snap, &len),
                     ARM64EMU_OK);
    run_call(m);
    ck_assert_int_eq(arm64emu_checkpoint_restore(m), ARM64EMU_OK);
    run_call(m);
    ck_assert_int_eq(arm64emu_snapshot_load(m, snap, len), ARM64EMU_OK);
    arm64emu_free(snap);
    run_call(m);
    ck_assert_int_eq(seen.calls, 3);
    ck_assert_uint_eq(test_x(m, 9), 0);
    arm64emu_destroy(m);
}
END_TEST

static uint64_t svc_fn(arm64emu_machine *m, uint64_t a, uint64_t b)
{
    (void)m;
    seen.calls++;
    return a * b;
}

START_TEST(svc_binding_answers_the_svc_and_goes_on_after_it)
{
    arm64emu_machine *m = test_machine(); /* exit on SVC */
    reset_seen();
    ck_assert_int_eq(arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_SVC, 0x42,
                                            "u64(u64,u64)",
                                            (arm64emu_hostcall_fn)svc_fn, NULL),
                     ARM64EMU_OK);
    const uint32_t code[] = {SVC(0x42), SVC(0x43), BRK0};
    test_load(m, CODE, code, 3);
    test_set_x(m, 0, 6);
    test_set_x(m, 1, 7);
    arm64emu_exit e = test_run(m, 100);
    /* the bound SVC was answered; the unbound one still exits */
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_SVC);
    ck_assert_uint_eq(e.imm, 0x43);
    ck_assert_uint_eq(e.pc, CODE + 4);
    ck_assert_uint_eq(test_x(m, 0), 42);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_uint_eq(test_icount(m), 2);
    e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(hvc_binding_answers_the_hvc_at_el1_and_el0)
{
    arm64emu_machine *m = test_machine();
    reset_seen();
    uint32_t id;
    ck_assert_int_eq(arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_HVC, 7,
                                            "u64(u64,u64)",
                                            (arm64emu_hostcall_fn)svc_fn, &id),
                     ARM64EMU_OK);
    const uint32_t code[] = {HVC(7), BRK0};
    test_load(m, CODE, code, 2);
    test_set_x(m, 0, 3);
    test_set_x(m, 1, 5);
    arm64emu_exit e = test_run(m, 100); /* EL0: UNDEFINED without binding */
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(e.pc, CODE + 4);
    ck_assert_uint_eq(test_x(m, 0), 15);

    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, 0x3c5),
                     ARM64EMU_OK);
    test_load(m, CODE, code, 2);
    e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 0), 75);
    ck_assert_int_eq(seen.calls, 2);

    /* unbound again: an HVC exit as before */
    ck_assert_int_eq(arm64emu_hostcall_unbind(m, id), ARM64EMU_OK);
    test_load(m, CODE, code, 2);
    e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_HVC);
    ck_assert_uint_eq(e.imm, 7);
    arm64emu_destroy(m);
}
END_TEST

/* ---- guest pointers ------------------------------------------------------- */

static uint64_t sum_fn(arm64emu_machine *m, uint64_t p, uint64_t len)
{
    void *host = NULL;
    seen.calls++;
    seen.ptr_rc = arm64emu_hostcall_ptr(m, p, (size_t)len, 0, &host);
    if (seen.ptr_rc != ARM64EMU_OK)
        return ~0ull;
    uint64_t sum = 0;
    for (uint64_t i = 0; i < len; i++)
        sum += ((const uint8_t *)host)[i];
    return sum;
}

START_TEST(pointer_arguments_reach_guest_memory_through_hostcall_ptr)
{
    arm64emu_machine *m = call_machine();
    bind_addr(m, "u64(p,u64)", (arm64emu_hostcall_fn)sum_fn, NULL);
    uint8_t data[8192];
    uint64_t expect = 0;
    for (unsigned i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)(i * 7);
        expect += data[i];
    }
    ck_assert_int_eq(arm64emu_mem_write(m, DATA, data, sizeof(data)),
                     ARM64EMU_OK);
    test_set_x(m, 0, DATA);
    test_set_x(m, 1, sizeof(data));
    run_call(m);
    ck_assert_int_eq(seen.ptr_rc, ARM64EMU_OK);
    ck_assert_uint_eq(test_x(m, 0), expect);
    arm64emu_destroy(m);
}
END_TEST

static void store_fn(arm64emu_machine *m, uint64_t p, uint32_t word)
{
    void *host = NULL;
    seen.calls++;
    seen.ptr_rc = arm64emu_hostcall_ptr(m, p, 4, 1, &host);
    if (seen.ptr_rc == ARM64EMU_OK)
        memcpy(host, &word, 4);
}

START_TEST(writes_through_a_pointer_mark_pages_dirty_and_drop_code)
{
    arm64emu_machine *m = call_machine();
    bind_addr(m, "v(p,u32)", (arm64emu_hostcall_fn)store_fn, NULL);
    ck_assert_int_eq(arm64emu_mem_write(m, CODE + 8, &(uint32_t){BRK0}, 4),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_dirty_clear(m, TEST_RAM_BASE, TEST_RAM_SIZE),
                     ARM64EMU_OK);
    test_set_x(m, 0, DATA + 12);
    test_set_x(m, 1, 0xabcdef01);
    run_call(m); /* decodes the BRK at CODE + 4 too */
    ck_assert_int_eq(seen.ptr_rc, ARM64EMU_OK);
    uint32_t back;
    ck_assert_int_eq(arm64emu_mem_read(m, DATA + 12, &back, 4), ARM64EMU_OK);
    ck_assert_uint_eq(back, 0xabcdef01);
    uint64_t bits[4];
    ck_assert_int_eq(arm64emu_dirty_get(m, TEST_RAM_BASE, TEST_RAM_SIZE, bits,
                                        4),
                     ARM64EMU_OK);
    ck_assert_uint_eq(bits[0], 1ull << ((DATA - TEST_RAM_BASE) >> 12));

    /* the host replaces the decoded BRK the call returns to */
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, CODE),
                     ARM64EMU_OK);
    test_set_x(m, 0, CODE + 4);
    test_set_x(m, 1, MOV_X9_99);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(e.pc, CODE + 8);
    ck_assert_uint_eq(test_x(m, 9), 99);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(pointers_outside_ram_or_the_call_are_refused)
{
    arm64emu_machine *m = call_machine();
    bind_addr(m, "u64(p,u64)", (arm64emu_hostcall_fn)sum_fn, NULL);
    /* runs past the end of RAM */
    test_set_x(m, 0, TEST_RAM_BASE + TEST_RAM_SIZE - 8);
    test_set_x(m, 1, 16);
    run_call(m);
    ck_assert_int_eq(seen.ptr_rc, ARM64EMU_ERR_UNMAPPED);
    ck_assert_uint_eq(test_x(m, 0), ~0ull);
    /* nothing at all there */
    test_set_x(m, 0, 0x1000);
    test_set_x(m, 1, 1);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, CODE),
                     ARM64EMU_OK);
    run_call(m);
    ck_assert_int_eq(seen.ptr_rc, ARM64EMU_ERR_UNMAPPED);
    /* wraps */
    test_set_x(m, 0, UINT64_MAX - 3);
    test_set_x(m, 1, 8);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, CODE),
                     ARM64EMU_OK);
    run_call(m);
    ck_assert_int_eq(seen.ptr_rc, ARM64EMU_ERR_UNMAPPED);
    /* outside a call */
    void *host = (void *)1;
    ck_assert_int_eq(arm64emu_hostcall_ptr(m, DATA, 4, 0, &host),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(host);
    arm64emu_destroy(m);
}
END_TEST

/* ---- refusals ----------------------------------------------------------------- */

static void expect_bad_signature(const char *sig, unsigned position)
{
    arm64emu_machine *m = test_machine();
    uint32_t id = 12345;
    int rc = arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_ADDR, FUNC, sig,
                                    (arm64emu_hostcall_fn)nothing_fn, &id);
    ck_assert_msg(rc == ARM64EMU_ERR_INVALID_ARGUMENT,
                  "\"%s\" was accepted (%d)", sig, rc);
    ck_assert_uint_eq(id, 12345);
    char want[32];
    snprintf(want, sizeof(want), "position %u:", position);
    ck_assert_msg(strstr(arm64emu_last_error(m), want),
                  "\"%s\": expected \"%s\" in \"%s\"", sig, want,
                  arm64emu_last_error(m));
    arm64emu_destroy(m);
}

START_TEST(bad_signatures_are_refused_naming_the_position)
{
    expect_bad_signature("", 0);
    expect_bad_signature("x()", 0);
    expect_bad_signature("I32()", 0);
    expect_bad_signature("i9()", 0);
    expect_bad_signature("i80()", 0);
    expect_bad_signature("i32", 3);
    expect_bad_signature("i32 ()", 3);
    expect_bad_signature("i32(", 4);
    expect_bad_signature("i32( i32)", 4);
    expect_bad_signature("i32(v)", 4);
    expect_bad_signature("i32(i32", 7);
    expect_bad_signature("i32(i32,)", 8);
    expect_bad_signature("i32(i32,,i32)", 8);
    expect_bad_signature("i32(i32;i32)", 7);
    expect_bad_signature("i32(i32)x", 8);
    expect_bad_signature("i32(i32) ", 8);
    expect_bad_signature("i32()()", 5);
    expect_bad_signature("v(i64,i64,i64,i64,i64,i64,i64,i64,p)", 34);
    expect_bad_signature("v(f,d,f,d,f,d,f,d,i8,f)", 21);
    expect_bad_signature("v(pp)", 3);
    expect_bad_signature("v(u)", 2);
}
END_TEST

START_TEST(limits_of_eight_per_class_are_accepted)
{
    arm64emu_machine *m = test_machine();
    uint32_t id;
    ck_assert_int_eq(
        arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_ADDR, FUNC,
                               "v(p,p,p,p,p,p,p,p,f,f,f,f,d,d,d,d)",
                               (arm64emu_hostcall_fn)nothing_fn, &id),
        ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_SVC, 0,
                                            "v()",
                                            (arm64emu_hostcall_fn)nothing_fn,
                                            &id),
                     ARM64EMU_OK);
    arm64emu_destroy(m); /* frees the bindings */
}
END_TEST

START_TEST(bad_places_and_duplicates_are_refused)
{
    arm64emu_machine *m = test_machine();
    arm64emu_hostcall_fn fn = (arm64emu_hostcall_fn)nothing_fn;
    uint32_t id;
    ck_assert_int_eq(arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_ADDR,
                                            FUNC + 2, "v()", fn, &id),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_SVC, 0x10000,
                                            "v()", fn, &id),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_hostcall_bind(m, 3, 0, "v()", fn, &id),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_ADDR, FUNC,
                                            "v()", NULL, &id),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_HVC, 1,
                                            "v()", fn, &id),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_HVC, 1,
                                            "i32()", fn, &id),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    /* the same immediate for SVC is another place */
    ck_assert_int_eq(arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_SVC, 1,
                                            "v()", fn, &id),
                     ARM64EMU_OK);
    /* host-call hooks are not user hooks */
    ck_assert_int_eq(arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_ADDR, FUNC,
                                            "v()", fn, &id),
                     ARM64EMU_OK);
    arm64emu_destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hostcall");
    TCase *tc = tcase_create("hostcall");
    tcase_add_test(tc, integer_arguments_are_narrowed_and_extended_as_typed);
    tcase_add_test(tc, float_comes_from_s_and_double_from_d_registers);
    tcase_add_test(tc, eight_integer_and_eight_fp_arguments_mix);
    tcase_add_test(tc, integer_results_are_extended_into_x0);
    tcase_add_test(tc, fp_results_write_v0_and_zero_the_rest);
    tcase_add_test(tc, address_binding_replaces_the_function_and_returns_to_lr);
    tcase_add_test(tc, unbinding_lets_the_guest_function_run_again);
    tcase_add_test(tc, a_host_function_may_unbind_itself);
    tcase_add_test(tc, bindings_survive_checkpoint_restore_and_snapshot_load);
    tcase_add_test(tc, svc_binding_answers_the_svc_and_goes_on_after_it);
    tcase_add_test(tc, hvc_binding_answers_the_hvc_at_el1_and_el0);
    tcase_add_test(tc, pointer_arguments_reach_guest_memory_through_hostcall_ptr);
    tcase_add_test(tc, writes_through_a_pointer_mark_pages_dirty_and_drop_code);
    tcase_add_test(tc, pointers_outside_ram_or_the_call_are_refused);
    tcase_add_test(tc, bad_signatures_are_refused_naming_the_position);
    tcase_add_test(tc, limits_of_eight_per_class_are_accepted);
    tcase_add_test(tc, bad_places_and_duplicates_are_refused);
    suite_add_tcase(s, tc);
    return test_main(s);
}
