/* Arm semihosting: console calls into the caller's sink, exit, clocks,
 * and host file access bounded by the configured root directory. Most tests
 * call the semihosting entry point directly (what HLT #0xF000 does), so
 * they do not depend on the exception path. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "machine.h"
#include "semihost.h"

#define BLOCK (TEST_RAM_BASE + 0x1000) /* parameter block */
#define STR (TEST_RAM_BASE + 0x2000)   /* strings and buffers */
#define BUF (TEST_RAM_BASE + 0x3000)
#define HLT_F000 0xd45e0000u
#define BRK0 0xd4200000u

typedef struct sink {
    char out[4096], err[4096];
    size_t nout, nerr;
    const char *input;
    size_t in_pos;
    size_t accept; /* at most this many bytes per write (0 = all) */
} sink_t;

static size_t sink_write(void *user, unsigned stream, const void *buf,
                         size_t len)
{
    sink_t *s = user;
    if (s->accept && len > s->accept)
        len = s->accept;
    char *dst = stream == 2 ? s->err : s->out;
    size_t *n = stream == 2 ? &s->nerr : &s->nout;
    ck_assert_uint_lt(*n + len, sizeof(s->out));
    memcpy(dst + *n, buf, len);
    *n += len;
    dst[*n] = '\0';
    return len;
}

static size_t sink_read(void *user, void *buf, size_t len)
{
    sink_t *s = user;
    size_t left = s->input ? strlen(s->input) - s->in_pos : 0;
    size_t n = len < left ? len : left;
    memcpy(buf, s->input + s->in_pos, n);
    s->in_pos += n;
    return n;
}

static arm64emu_machine *semi_machine(const char *root, sink_t *s)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, TEST_RAM_SIZE), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_SEMIHOSTING, 1), ARM64EMU_OK);
    if (root)
        ck_assert_int_eq(arm64emu_config_set_str(cfg, ARM64EMU_CFG_SEMIHOSTING_ROOT, root), ARM64EMU_OK);
    arm64emu_machine *m;
    int rc = arm64emu_create(cfg, &m);
    ck_assert_msg(rc == ARM64EMU_OK, "create: %s", arm64emu_config_last_error(cfg));
    arm64emu_config_free(cfg);
    if (s) {
        memset(s, 0, sizeof(*s));
        ck_assert_int_eq(arm64emu_set_console(m, sink_write, sink_read, s), ARM64EMU_OK);
    }
    return m;
}

static void put_str(arm64emu_machine *m, uint64_t addr, const char *str)
{
    ck_assert_int_eq(arm64emu_mem_write(m, addr, str, strlen(str) + 1), ARM64EMU_OK);
}

static void put_block(arm64emu_machine *m, const uint64_t *args, unsigned n)
{
    ck_assert_int_eq(arm64emu_mem_write(m, BLOCK, args, n * 8u), ARM64EMU_OK);
}

/* Performs call op with X1 = x1; returns X0. */
static uint64_t call(arm64emu_machine *m, uint32_t op, uint64_t x1)
{
    test_set_x(m, 0, op);
    test_set_x(m, 1, x1);
    ck_assert_msg(semihost_call(&m->cpus[0]), "call 0x%x ended the run", op);
    return test_x(m, 0);
}

static uint64_t call_block(arm64emu_machine *m, uint32_t op,
                           const uint64_t *args, unsigned n)
{
    put_block(m, args, n);
    return call(m, op, BLOCK);
}

static uint64_t open_file(arm64emu_machine *m, const char *name,
                          uint64_t mode)
{
    put_str(m, STR, name);
    const uint64_t a[3] = {STR, mode, strlen(name)};
    return call_block(m, 0x01, a, 3);
}

static uint64_t last_errno(arm64emu_machine *m)
{
    return call(m, 0x13, 0);
}

START_TEST(writec_and_write0_go_to_the_console_sink)
{
    sink_t s;
    arm64emu_machine *m = semi_machine(NULL, &s);
    put_str(m, STR, "hello, world\n");
    call(m, 0x04, STR);
    call(m, 0x03, STR + 4); /* 'o' */
    ck_assert_str_eq(s.out, "hello, world\no");
    ck_assert_uint_eq(s.nerr, 0);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(write_to_tt_handles_reaches_stdout_and_stderr)
{
    sink_t s;
    arm64emu_machine *m = semi_machine(NULL, &s);
    uint64_t out = open_file(m, ":tt", 4);
    uint64_t err = open_file(m, ":tt", 8);
    ck_assert_int_ge((int64_t)out, 0);
    ck_assert_int_ge((int64_t)err, 0);
    ck_assert_uint_ne(out, err);
    ck_assert_uint_eq(call(m, 0x09, (put_block(m, &out, 1), BLOCK)), 1); /* ISTTY */
    put_str(m, BUF, "to-out");
    uint64_t w1[3] = {out, BUF, 6};
    ck_assert_uint_eq(call_block(m, 0x05, w1, 3), 0); /* 0 bytes not written */
    uint64_t w2[3] = {err, BUF, 2};
    ck_assert_uint_eq(call_block(m, 0x05, w2, 3), 0);
    ck_assert_str_eq(s.out, "to-out");
    ck_assert_str_eq(s.err, "to");
    s.accept = 4; /* a short write reports the rest as not written */
    ck_assert_uint_eq(call_block(m, 0x05, w1, 3), 2);
    ck_assert_uint_eq(call_block(m, 0x02, &out, 1), 0); /* CLOSE */
    ck_assert_uint_eq(call_block(m, 0x05, w1, 3), (uint64_t)-1);
    ck_assert_uint_eq(last_errno(m), EBADF);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(readc_and_read_from_tt_take_console_input)
{
    sink_t s;
    arm64emu_machine *m = semi_machine(NULL, &s);
    s.input = "xyz";
    ck_assert_uint_eq(call(m, 0x07, 0), 'x');
    uint64_t in = open_file(m, ":tt", 0);
    uint64_t r[3] = {in, BUF, 10};
    ck_assert_uint_eq(call_block(m, 0x06, r, 3), 8); /* 8 of 10 not read */
    char got[3];
    ck_assert_int_eq(arm64emu_mem_read(m, BUF, got, 2), ARM64EMU_OK);
    ck_assert_int_eq(memcmp(got, "yz", 2), 0);
    ck_assert_uint_eq(call_block(m, 0x06, r, 3), 10); /* end of input */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(null_console_discards_output_and_gives_end_of_input)
{
    arm64emu_machine *m = semi_machine(NULL, NULL);
    ck_assert_int_eq(arm64emu_set_console(m, NULL, NULL, NULL), ARM64EMU_OK);
    put_str(m, STR, "dropped");
    call(m, 0x04, STR);
    uint64_t out = open_file(m, ":tt", 4);
    uint64_t w[3] = {out, STR, 7};
    ck_assert_uint_eq(call_block(m, 0x05, w, 3), 0);
    ck_assert_uint_eq(call(m, 0x07, 0), (uint64_t)-1);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(sys_exit_ends_the_run_with_the_application_exit_code)
{
    arm64emu_machine *m = semi_machine(NULL, NULL);
    cpu_t *cpu = &m->cpus[0];
    const uint64_t ok[2] = {0x20026, 42};
    put_block(m, ok, 2);
    test_set_x(m, 0, 0x18);
    test_set_x(m, 1, BLOCK);
    ck_assert(!semihost_call(cpu));
    ck_assert_uint_eq(cpu->exit.reason, ARM64EMU_EXIT_SEMIHOST_EXIT);
    ck_assert_uint_eq(cpu->exit.imm, 42);
    ck_assert_uint_eq(cpu->exit.addr, 0x20026);
    /* any other reason is a failure: status 1 */
    const uint64_t other[2] = {0x20023, 42}; /* ADP_Stopped_RunTimeErrorUnknown */
    put_block(m, other, 2);
    test_set_x(m, 0, 0x20); /* SYS_EXIT_EXTENDED */
    ck_assert(!semihost_call(cpu));
    ck_assert_uint_eq(cpu->exit.reason, ARM64EMU_EXIT_SEMIHOST_EXIT);
    ck_assert_uint_eq(cpu->exit.imm, 1);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(clocks_count_retired_instructions)
{
    arm64emu_machine *m = semi_machine(NULL, NULL);
    m->cpus[0].icount = 2500000000ull; /* 2.5 s at the nominal rate */
    ck_assert_uint_eq(call(m, 0x10, 0), 250); /* SYS_CLOCK, centiseconds */
    ck_assert_uint_eq(call(m, 0x31, 0), 1000000000ull); /* SYS_TICKFREQ */
    ck_assert_uint_eq(call(m, 0x30, BUF), 0); /* SYS_ELAPSED */
    uint64_t ticks;
    ck_assert_int_eq(arm64emu_mem_read(m, BUF, &ticks, 8), ARM64EMU_OK);
    ck_assert_uint_eq(ticks, 2500000000ull);
    ck_assert_uint_gt(call(m, 0x11, 0), 1600000000ull); /* SYS_TIME: host */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(heapinfo_describes_the_ram_like_qemu_virt)
{
    arm64emu_machine *m = semi_machine(NULL, NULL);
    uint64_t ptr = BUF;
    put_block(m, &ptr, 1);
    ck_assert_uint_eq(call(m, 0x16, BLOCK), 0);
    uint64_t v[4];
    ck_assert_int_eq(arm64emu_mem_read(m, BUF, v, sizeof(v)), ARM64EMU_OK);
    ck_assert_uint_eq(v[0], TEST_RAM_BASE + TEST_RAM_SIZE / 2);
    ck_assert_uint_eq(v[1], TEST_RAM_BASE + TEST_RAM_SIZE);
    ck_assert_uint_eq(v[2], TEST_RAM_BASE + TEST_RAM_SIZE);
    ck_assert_uint_eq(v[3], TEST_RAM_BASE);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(iserror_and_unknown_calls)
{
    arm64emu_machine *m = semi_machine(NULL, NULL);
    uint64_t st = (uint64_t)-5;
    ck_assert_uint_eq(call_block(m, 0x08, &st, 1), 1);
    st = 3;
    ck_assert_uint_eq(call_block(m, 0x08, &st, 1), 0);
    ck_assert_uint_eq(call(m, 0x12, BLOCK), (uint64_t)-1); /* SYS_SYSTEM */
    ck_assert_uint_eq(last_errno(m), ENOSYS);
    ck_assert_uint_eq(call(m, 0x99, 0), (uint64_t)-1);
    /* an unreadable parameter block is an error, not a fault */
    ck_assert_uint_eq(call(m, 0x02, 0x10), (uint64_t)-1);
    ck_assert_uint_eq(last_errno(m), EFAULT);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(semihosting_features_file_reports_exit_extended_and_stderr)
{
    arm64emu_machine *m = semi_machine(NULL, NULL);
    uint64_t h = open_file(m, ":semihosting-features", 1);
    ck_assert_int_ge((int64_t)h, 0);
    ck_assert_uint_eq(call_block(m, 0x0c, &h, 1), 5); /* FLEN */
    uint64_t r[3] = {h, BUF, 16};
    ck_assert_uint_eq(call_block(m, 0x06, r, 3), 11);
    uint8_t got[5];
    ck_assert_int_eq(arm64emu_mem_read(m, BUF, got, 5), ARM64EMU_OK);
    ck_assert_int_eq(memcmp(got, "SHFB\x03", 5), 0);
    ck_assert_uint_eq(open_file(m, ":semihosting-features", 4), (uint64_t)-1);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(files_are_refused_without_a_root)
{
    arm64emu_machine *m = semi_machine(NULL, NULL);
    ck_assert_uint_eq(open_file(m, "data.txt", 0), (uint64_t)-1);
    ck_assert_uint_eq(last_errno(m), EACCES);
    ck_assert_uint_eq(open_file(m, "/etc/passwd", 0), (uint64_t)-1);
    put_str(m, STR, "data.txt");
    const uint64_t rm[2] = {STR, 8};
    ck_assert_uint_eq(call_block(m, 0x0e, rm, 2), (uint64_t)-1);
    arm64emu_destroy(m);
}
END_TEST

static void make_tree(char *dir, size_t cap)
{
    char tmpl[] = "/tmp/arm64emu-semi-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    snprintf(dir, cap, "%s", tmpl);
    char p[512];
    snprintf(p, sizeof(p), "%s/root", dir);
    ck_assert_int_eq(mkdir(p, 0755), 0);
    snprintf(p, sizeof(p), "%s/root/sub", dir);
    ck_assert_int_eq(mkdir(p, 0755), 0);
    snprintf(p, sizeof(p), "%s/secret", dir);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs("secret", f);
    fclose(f);
    char target[512];
    snprintf(p, sizeof(p), "%s/root/escape", dir);
    snprintf(target, sizeof(target), "%s/secret", dir);
    ck_assert_int_eq(symlink(target, p), 0);
    snprintf(p, sizeof(p), "%s/root/sub/up", dir);
    ck_assert_int_eq(symlink("../../secret", p), 0);
    snprintf(p, sizeof(p), "%s/root/sub/inside", dir);
    ck_assert_int_eq(symlink("../hello.txt", p), 0);
}

static void remove_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(files_inside_the_root_can_be_written_read_and_removed)
{
    char dir[256], root[300];
    make_tree(dir, sizeof(dir));
    snprintf(root, sizeof(root), "%s/root", dir);
    arm64emu_machine *m = semi_machine(root, NULL);

    uint64_t h = open_file(m, "hello.txt", 4); /* "w" */
    ck_assert_int_ge((int64_t)h, 0);
    put_str(m, BUF, "0123456789");
    uint64_t w[3] = {h, BUF, 10};
    ck_assert_uint_eq(call_block(m, 0x05, w, 3), 0);
    ck_assert_uint_eq(call_block(m, 0x09, &h, 1), 0); /* not a tty */
    ck_assert_uint_eq(call_block(m, 0x02, &h, 1), 0);

    h = open_file(m, "hello.txt", 1); /* "rb" */
    ck_assert_int_ge((int64_t)h, 0);
    ck_assert_uint_eq(call_block(m, 0x0c, &h, 1), 10); /* FLEN */
    uint64_t sk[2] = {h, 6};
    ck_assert_uint_eq(call_block(m, 0x0a, sk, 2), 0); /* SEEK */
    uint64_t r[3] = {h, BUF + 0x100, 8};
    ck_assert_uint_eq(call_block(m, 0x06, r, 3), 4);
    char got[5] = {0};
    ck_assert_int_eq(arm64emu_mem_read(m, BUF + 0x100, got, 4), ARM64EMU_OK);
    ck_assert_str_eq(got, "6789");
    ck_assert_uint_eq(call_block(m, 0x02, &h, 1), 0);

    /* a symbolic link that stays inside works; an absolute path naming
     * something inside the root works */
    h = open_file(m, "sub/inside", 0);
    ck_assert_int_ge((int64_t)h, 0);
    char abs[400];
    snprintf(abs, sizeof(abs), "%s/sub/../hello.txt", root);
    ck_assert_uint_eq(open_file(m, abs, 0), (uint64_t)-1); /* ".." */
    snprintf(abs, sizeof(abs), "%s/hello.txt", root);
    ck_assert_int_ge((int64_t)open_file(m, abs, 0), 0);

    put_str(m, STR, "hello.txt");
    const uint64_t rm[2] = {STR, 9};
    ck_assert_uint_eq(call_block(m, 0x0e, rm, 2), 0);
    char p[400];
    snprintf(p, sizeof(p), "%s/hello.txt", root);
    ck_assert_int_ne(access(p, F_OK), 0);
    arm64emu_destroy(m);
    remove_tree(dir);
}
END_TEST

START_TEST(open_host_files_survive_a_snapshot_at_their_offset)
{
    char dir[256], root[300];
    make_tree(dir, sizeof(dir));
    snprintf(root, sizeof(root), "%s/root", dir);
    arm64emu_machine *m = semi_machine(root, NULL);
    uint64_t h = open_file(m, "hello.txt", 6); /* "w+" */
    ck_assert_int_ge((int64_t)h, 0);
    put_str(m, BUF, "0123456789");
    uint64_t w[3] = {h, BUF, 10};
    ck_assert_uint_eq(call_block(m, 0x05, w, 3), 0);
    uint64_t sk[2] = {h, 3};
    ck_assert_uint_eq(call_block(m, 0x0a, sk, 2), 0); /* SEEK to 3 */
    void *snap;
    size_t len;
    ck_assert_int_eq(arm64emu_snapshot_save(m, NULL, &snap, &len), ARM64EMU_OK);
    arm64emu_destroy(m);

    /* a new machine with the same root reopens the file, without
     * truncating it, at the saved offset */
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_str(cfg, ARM64EMU_CFG_SEMIHOSTING_ROOT, root), ARM64EMU_OK);
    char err[256];
    ck_assert_msg(arm64emu_create_from_snapshot(cfg, snap, len, &m, err,
                                                sizeof(err)) == ARM64EMU_OK,
                  "%s", err);
    arm64emu_config_free(cfg);
    ck_assert_ptr_null(strstr(arm64emu_snapshot_report(m), "host file"));
    uint64_t r[3] = {h, BUF + 0x100, 4};
    ck_assert_uint_eq(call_block(m, 0x06, r, 3), 0); /* all 4 bytes read */
    char got[5] = {0};
    ck_assert_int_eq(arm64emu_mem_read(m, BUF + 0x100, got, 4), ARM64EMU_OK);
    ck_assert_str_eq(got, "3456");

    /* once the file is gone, the handle comes back closed */
    char p[400];
    snprintf(p, sizeof(p), "%s/hello.txt", root);
    ck_assert_int_eq(unlink(p), 0);
    ck_assert_int_eq(arm64emu_snapshot_load(m, snap, len), ARM64EMU_OK);
    ck_assert_uint_eq(call_block(m, 0x06, r, 3), (uint64_t)-1);
    ck_assert_uint_eq(last_errno(m), EBADF);
    arm64emu_free(snap);
    arm64emu_destroy(m);
    remove_tree(dir);
}
END_TEST

START_TEST(paths_leaving_the_root_are_refused)
{
    char dir[256], root[300], p[400];
    make_tree(dir, sizeof(dir));
    snprintf(root, sizeof(root), "%s/root", dir);
    arm64emu_machine *m = semi_machine(root, NULL);
    ck_assert_uint_eq(open_file(m, "../secret", 0), (uint64_t)-1);
    ck_assert_uint_eq(open_file(m, "sub/../../secret", 0), (uint64_t)-1);
    ck_assert_uint_eq(open_file(m, "escape", 0), (uint64_t)-1);  /* absolute link */
    ck_assert_uint_eq(open_file(m, "sub/up", 0), (uint64_t)-1);  /* relative link out */
    ck_assert_uint_eq(open_file(m, "/etc/passwd", 0), (uint64_t)-1);
    snprintf(p, sizeof(p), "%s/secret", dir);
    ck_assert_uint_eq(open_file(m, p, 0), (uint64_t)-1);
    snprintf(p, sizeof(p), "%sx/secret", root); /* shares the prefix only */
    ck_assert_uint_eq(open_file(m, p, 0), (uint64_t)-1);
    ck_assert_uint_eq(open_file(m, "escape", 4), (uint64_t)-1); /* no write through */
    /* removing through a link out of the root is refused */
    put_str(m, STR, "sub/up/x");
    const uint64_t rm[2] = {STR, 8};
    ck_assert_uint_eq(call_block(m, 0x0e, rm, 2), (uint64_t)-1);
    snprintf(p, sizeof(p), "%s/secret", dir);
    ck_assert_int_eq(access(p, F_OK), 0);
    arm64emu_destroy(m);
    remove_tree(dir);
}
END_TEST

START_TEST(a_root_that_is_not_a_directory_fails_machine_creation)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_SEMIHOSTING, 1), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_str(cfg, ARM64EMU_CFG_SEMIHOSTING_ROOT, "/nonexistent/dir"), ARM64EMU_OK);
    arm64emu_machine *m = NULL;
    ck_assert_int_eq(arm64emu_create(cfg, &m), ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(arm64emu_config_last_error(cfg), "/nonexistent/dir"));
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_SEMIHOSTING_ROOT, 1), ARM64EMU_ERR_INVALID_ARGUMENT);
    arm64emu_config_free(cfg);
}
END_TEST

START_TEST(hlt_f000_is_a_plain_hlt_with_semihosting_off)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {HLT_F000, BRK0};
    test_load(m, TEST_RAM_BASE, code, 2);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_HLT);
    ck_assert_uint_eq(e.imm, 0xf000);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(hlt_f000_performs_the_call_and_sys_exit_stops_the_run)
{
    sink_t s;
    arm64emu_machine *m = semi_machine(NULL, &s);
    const uint64_t blk[2] = {0x20026, 7};
    put_block(m, blk, 2);
    put_str(m, STR, "hi\n");
    const uint32_t code[] = {
        0xd2800080u, /* mov x0, #4 (SYS_WRITE0) */
        0xd2a80001u, /* movz x1, #0x4000, lsl #16 */
        0xf2840001u, /* movk x1, #0x2000 */
        HLT_F000,
        0xd2800300u, /* mov x0, #0x18 (SYS_EXIT) */
        0xf2820001u, /* movk x1, #0x1000 */
        HLT_F000,
        BRK0,
    };
    test_load(m, TEST_RAM_BASE, code, 8);
    arm64emu_exit e = test_run(m, 100);
    ck_assert_msg(e.reason == ARM64EMU_EXIT_SEMIHOST_EXIT,
                  "expected SEMIHOST_EXIT, got reason %u at pc 0x%llx",
                  e.reason, (unsigned long long)e.pc);
    ck_assert_uint_eq(e.imm, 7);
    ck_assert_uint_eq(e.pc, TEST_RAM_BASE + 24);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), TEST_RAM_BASE + 28);
    ck_assert_str_eq(s.out, "hi\n");
    arm64emu_destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("semihost");
    TCase *tc;
#define ADD(t)                       \
    tc = tcase_create(#t);           \
    tcase_add_test(tc, t);           \
    suite_add_tcase(s, tc);
    ADD(writec_and_write0_go_to_the_console_sink);
    ADD(write_to_tt_handles_reaches_stdout_and_stderr);
    ADD(readc_and_read_from_tt_take_console_input);
    ADD(null_console_discards_output_and_gives_end_of_input);
    ADD(sys_exit_ends_the_run_with_the_application_exit_code);
    ADD(clocks_count_retired_instructions);
    ADD(heapinfo_describes_the_ram_like_qemu_virt);
    ADD(iserror_and_unknown_calls);
    ADD(semihosting_features_file_reports_exit_extended_and_stderr);
    ADD(files_are_refused_without_a_root);
    ADD(files_inside_the_root_can_be_written_read_and_removed);
    ADD(open_host_files_survive_a_snapshot_at_their_offset);
    ADD(paths_leaving_the_root_are_refused);
    ADD(a_root_that_is_not_a_directory_fails_machine_creation);
    ADD(hlt_f000_is_a_plain_hlt_with_semihosting_off);
    ADD(hlt_f000_performs_the_call_and_sys_exit_stops_the_run);
    return test_main(s);
}
