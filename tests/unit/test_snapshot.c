/* Machine snapshots through the public API: round trips over every
 * transport, canonical bytes, machines created from snapshots, and files
 * that are mutated, truncated or damaged (docs/snapshot-format.md §5). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "snapfmt.h"

/* x1 = RAM + 0x8000; for x0 in 1..1000: store x0 at x1, x1 += 8; BRK. */
static const uint32_t loop_code[] = {
    0xd2a80001, /* movz x1, #0x4000, lsl #16 */
    0x91402021, /* add x1, x1, #0x8, lsl #12 */
    0xd2800000, /* mov x0, #0 */
    0x91000400, /* loop: add x0, x0, #1 */
    0xf8008420, /* str x0, [x1], #8 */
    0xf10fa01f, /* cmp x0, #1000 */
    0x54ffffa1, /* b.ne loop */
    0xd4200000, /* brk #0 */
};
#define LOOP_N (sizeof(loop_code) / sizeof(loop_code[0]))
#define LOOP_TOTAL (3u + 4u * 1000u) /* instructions before the BRK */

static arm64emu_machine *make(const char *board, uint64_t ram, unsigned cpus)
{
    arm64emu_config *c;
    ck_assert_int_eq(arm64emu_config_new(&c), ARM64EMU_OK);
    if (board)
        ck_assert_int_eq(arm64emu_config_set_str(c, ARM64EMU_CFG_BOARD, board),
                         ARM64EMU_OK);
    if (ram)
        ck_assert_int_eq(arm64emu_config_set_u64(c, ARM64EMU_CFG_RAM_SIZE, ram),
                         ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(c, ARM64EMU_CFG_NUM_CPUS, cpus),
                     ARM64EMU_OK);
    arm64emu_machine *m = NULL;
    ck_assert_msg(arm64emu_create(c, &m) == ARM64EMU_OK, "create: %s",
                  arm64emu_config_last_error(c));
    arm64emu_config_free(c);
    return m;
}

/* A bare machine with the loop loaded, run for `steps` instructions. */
static arm64emu_machine *loop_machine(uint64_t ram, uint64_t steps)
{
    arm64emu_machine *m = make(NULL, ram, 1);
    test_load(m, TEST_RAM_BASE, loop_code, LOOP_N);
    if (steps)
        ck_assert_uint_eq(test_run(m, steps).reason, ARM64EMU_EXIT_BUDGET);
    return m;
}

static uint8_t *save(arm64emu_machine *m, int level, uint32_t flags,
                     size_t *len)
{
    arm64emu_snapshot_options o = {sizeof(o), level, flags};
    void *data = NULL;
    int rc = arm64emu_snapshot_save(m, &o, &data, len);
    ck_assert_msg(rc == ARM64EMU_OK, "save: %s", arm64emu_last_error(m));
    ck_assert_ptr_nonnull(data);
    return data;
}

static void load_ok(arm64emu_machine *m, const void *d, size_t len)
{
    int rc = arm64emu_snapshot_load(m, d, len);
    ck_assert_msg(rc == ARM64EMU_OK, "load: %d %s", rc, arm64emu_last_error(m));
}

/* Runs the loop machine to its BRK and checks the result. */
static void finish_loop(arm64emu_machine *m)
{
    arm64emu_exit e = test_run(m, 0);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 0), 1000);
    ck_assert_uint_eq(test_x(m, 1), TEST_RAM_BASE + 0x8000 + 8000);
    ck_assert_uint_eq(test_icount(m), LOOP_TOTAL);
    uint64_t v[1000];
    ck_assert_int_eq(arm64emu_mem_read(m, TEST_RAM_BASE + 0x8000, v, sizeof(v)),
                     ARM64EMU_OK);
    for (unsigned i = 0; i < 1000; i++)
        ck_assert_uint_eq(v[i], i + 1);
}

static bool same_bytes(const uint8_t *a, size_t na, const uint8_t *b,
                       size_t nb)
{
    return na == nb && memcmp(a, b, na) == 0;
}

static bool contains(const uint8_t *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return true;
    return false;
}

/* ---- round trips --------------------------------------------------------- */

START_TEST(buffer_round_trip_continues_exactly)
{
    arm64emu_machine *a = loop_machine(TEST_RAM_SIZE, 2001);
    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    arm64emu_machine *b = make(NULL, TEST_RAM_SIZE, 1);
    load_ok(b, snap, len);
    ck_assert_str_eq(arm64emu_snapshot_report(b), "");
    ck_assert_uint_eq(test_icount(b), 2001);
    finish_loop(b);
    finish_loop(a);
    arm64emu_free(snap);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

START_TEST(save_load_save_is_byte_identical)
{
    arm64emu_machine *a = loop_machine(TEST_RAM_SIZE, 1234);
    size_t n1, n2;
    uint8_t *s1 = save(a, 0, 0, &n1);
    arm64emu_machine *b = make(NULL, TEST_RAM_SIZE, 1);
    load_ok(b, s1, n1);
    uint8_t *s2 = save(b, 0, 0, &n2);
    ck_assert_msg(same_bytes(s1, n1, s2, n2), "sizes %zu and %zu", n1, n2);
    arm64emu_free(s1);
    arm64emu_free(s2);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

START_TEST(fd_round_trip_through_a_file_and_a_pipe)
{
    arm64emu_machine *a = loop_machine(0x10000, 777);
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(arm64emu_snapshot_save_fd(a, NULL, fileno(f)), ARM64EMU_OK);
    rewind(f);
    arm64emu_machine *b = make(NULL, 0x10000, 1);
    ck_assert_int_eq(arm64emu_snapshot_load_fd(b, fileno(f)), ARM64EMU_OK);
    fclose(f);
    ck_assert_uint_eq(test_icount(b), 777);

    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    ck_assert_uint_lt(len, 60000); /* fits a pipe's buffer */
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(write(p[1], snap, len), (ssize_t)len);
    close(p[1]);
    arm64emu_machine *c = NULL;
    char err[256];
    ck_assert_int_eq(arm64emu_create_from_snapshot_fd(NULL, p[0], &c, err,
                                                      sizeof(err)),
                     ARM64EMU_OK);
    close(p[0]);
    finish_loop(b);
    finish_loop(c);
    arm64emu_free(snap);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
    arm64emu_destroy(c);
}
END_TEST

typedef struct membuf {
    uint8_t *p;
    size_t len, pos;
    unsigned calls;
} membuf_t;

static int mem_write_cb(void *user, const void *data, size_t len)
{
    membuf_t *b = user;
    uint8_t *g = realloc(b->p, b->len + len);
    if (!g)
        return -1;
    memcpy(g + b->len, data, len);
    b->p = g;
    b->len += len;
    b->calls++;
    return 0;
}

/* Hands out at most 7 bytes per call. */
static long mem_read_cb(void *user, void *data, size_t len)
{
    membuf_t *b = user;
    size_t n = b->len - b->pos;
    if (n > len)
        n = len;
    if (n > 7)
        n = 7;
    memcpy(data, b->p + b->pos, n);
    b->pos += n;
    return (long)n;
}

static int failing_write(void *user, const void *data, size_t len)
{
    (void)user, (void)data, (void)len;
    return 1;
}

static long failing_read(void *user, void *data, size_t len)
{
    (void)user, (void)data, (void)len;
    return -1;
}

START_TEST(callback_round_trip_in_small_pieces)
{
    arm64emu_machine *a = loop_machine(0x10000, 999);
    membuf_t buf = {0};
    ck_assert_int_eq(arm64emu_snapshot_save_cb(a, NULL, mem_write_cb, &buf),
                     ARM64EMU_OK);
    size_t len;
    uint8_t *direct = save(a, 0, 0, &len);
    ck_assert(same_bytes(buf.p, buf.len, direct, len));
    arm64emu_machine *b = make(NULL, 0x10000, 1);
    ck_assert_int_eq(arm64emu_snapshot_load_cb(b, mem_read_cb, &buf), ARM64EMU_OK);
    finish_loop(b);
    ck_assert_int_eq(arm64emu_snapshot_save_cb(a, NULL, failing_write, NULL),
                     ARM64EMU_ERR_IO);
    ck_assert_int_eq(arm64emu_snapshot_load_cb(b, failing_read, NULL),
                     ARM64EMU_ERR_IO);
    free(buf.p);
    arm64emu_free(direct);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

START_TEST(no_ram_snapshot_keeps_the_targets_ram)
{
    arm64emu_machine *a = loop_machine(0x10000, 2001);
    size_t len, full;
    uint8_t *snap = save(a, 0, ARM64EMU_SNAPSHOT_NO_RAM, &len);
    uint8_t *with = save(a, 0, 0, &full);
    ck_assert(!contains(snap, len, "ram.chunk"));
    ck_assert_uint_lt(len, full);
    arm64emu_machine *b = make(NULL, 0x10000, 1);
    uint32_t marker = 0xdeadbeef;
    arm64emu_mem_write(b, TEST_RAM_BASE + 0xf000, &marker, 4);
    load_ok(b, snap, len);
    uint32_t got = 0;
    arm64emu_mem_read(b, TEST_RAM_BASE + 0xf000, &got, 4);
    ck_assert_uint_eq(got, marker);
    ck_assert_uint_eq(test_icount(b), 2001);
    /* The loop's code is not in b's RAM: it stops on a zero word. */
    arm64emu_free(snap);
    arm64emu_free(with);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

START_TEST(every_compression_level_loads_the_same_state)
{
    arm64emu_machine *a = loop_machine(TEST_RAM_SIZE, 3000);
    size_t n1, n19, n3;
    uint8_t *s1 = save(a, 1, 0, &n1);
    uint8_t *s19 = save(a, 19, 0, &n19);
    uint8_t *s3 = save(a, 0, 0, &n3);
    arm64emu_machine *b = make(NULL, TEST_RAM_SIZE, 1);
    load_ok(b, s19, n19);
    size_t nb;
    uint8_t *sb = save(b, 1, 0, &nb);
    ck_assert(same_bytes(s1, n1, sb, nb));
    finish_loop(b);
    arm64emu_snapshot_options bad = {sizeof(bad), 20, 0};
    void *d;
    size_t l;
    ck_assert_int_eq(arm64emu_snapshot_save(a, &bad, &d, &l),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    bad.compression = -1;
    ck_assert_int_eq(arm64emu_snapshot_save(a, &bad, &d, &l),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    arm64emu_free(s1);
    arm64emu_free(s19);
    arm64emu_free(s3);
    arm64emu_free(sb);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

START_TEST(zero_pages_are_not_stored)
{
    arm64emu_machine *small = loop_machine(TEST_RAM_SIZE, 10);
    arm64emu_machine *big = loop_machine(64ull << 20, 10);
    size_t ns, nb;
    uint8_t *s = save(small, 0, 0, &ns);
    uint8_t *b = save(big, 0, 0, &nb);
    /* 63 MiB more of zero RAM costs only the region's numbers. */
    ck_assert_uint_lt(nb, ns + 64);
    arm64emu_free(s);
    arm64emu_free(b);
    arm64emu_destroy(small);
    arm64emu_destroy(big);
}
END_TEST

/* ---- machines created from snapshots -------------------------------- */

START_TEST(bare_machine_is_created_from_a_snapshot)
{
    arm64emu_machine *a = loop_machine(TEST_RAM_SIZE, 2500);
    ck_assert_int_eq(arm64emu_map_ram(a, 0x80000000ull, 0x2000), ARM64EMU_OK);
    uint32_t v = 0x12345678;
    arm64emu_mem_write(a, 0x80001000ull, &v, 4);
    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    arm64emu_machine *b = NULL;
    char err[256] = "x";
    int rc = arm64emu_create_from_snapshot(NULL, snap, len, &b, err, sizeof(err));
    ck_assert_msg(rc == ARM64EMU_OK, "create_from_snapshot: %s", err);
    ck_assert_str_eq(err, "");
    ck_assert_str_eq(arm64emu_cpu_model(b), "max");
    uint32_t got = 0;
    ck_assert_int_eq(arm64emu_mem_read(b, 0x80001000ull, &got, 4), ARM64EMU_OK);
    ck_assert_uint_eq(got, v);
    size_t len2;
    uint8_t *snap2 = save(b, 0, 0, &len2);
    ck_assert(same_bytes(snap, len, snap2, len2));
    finish_loop(b);
    arm64emu_free(snap);
    arm64emu_free(snap2);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

static bool has_feature(arm64emu_machine *m, const char *feat)
{
    const char *names[256];
    size_t n = 0;
    ck_assert_int_eq(arm64emu_machine_features(m, names, 256, &n), ARM64EMU_OK);
    for (size_t i = 0; i < n && i < 256; i++)
        if (strcmp(names[i], feat) == 0)
            return true;
    return false;
}

START_TEST(created_machine_runs_the_saved_model_not_the_named_one)
{
    arm64emu_config *c;
    arm64emu_config_new(&c);
    arm64emu_config_set_u64(c, ARM64EMU_CFG_RAM_SIZE, 0x10000);
    arm64emu_config_set_str(c, ARM64EMU_CFG_CPU_MODEL, "cortex-a53");
    ck_assert_int_eq(arm64emu_config_set_feature(c, "FEAT_CRC32", 0), ARM64EMU_OK);
    arm64emu_machine *a;
    ck_assert_int_eq(arm64emu_create(c, &a), ARM64EMU_OK);
    arm64emu_config_free(c);
    ck_assert(!has_feature(a, "FEAT_CRC32"));
    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    arm64emu_machine *b = NULL;
    char err[256];
    ck_assert_int_eq(arm64emu_create_from_snapshot(NULL, snap, len, &b, err,
                                                   sizeof(err)),
                     ARM64EMU_OK);
    ck_assert_str_eq(arm64emu_cpu_model(b), "cortex-a53");
    ck_assert(!has_feature(b, "FEAT_CRC32"));
    uint64_t ia = 0, ib = 1;
    uint32_t isar0 = ARM64EMU_SYSREG(3, 0, 0, 6, 0);
    arm64emu_sysreg_read(a, 0, isar0, &ia);
    arm64emu_sysreg_read(b, 0, isar0, &ib);
    ck_assert_uint_eq(ia, ib);
    arm64emu_free(snap);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

START_TEST(virt_machine_is_created_from_a_snapshot)
{
    arm64emu_machine *a = make("virt", 16ull << 20, 2);
    test_load(a, TEST_RAM_BASE, loop_code, LOOP_N);
    ck_assert_uint_eq(test_run(a, 1500).reason, ARM64EMU_EXIT_BUDGET);
    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    arm64emu_machine *b = NULL;
    char err[256];
    int rc = arm64emu_create_from_snapshot(NULL, snap, len, &b, err, sizeof(err));
    ck_assert_msg(rc == ARM64EMU_OK, "create_from_snapshot: %s", err);
    ck_assert_uint_eq(arm64emu_num_cpus(b), 2);
    size_t len2;
    uint8_t *snap2 = save(b, 0, 0, &len2);
    ck_assert_msg(same_bytes(snap, len, snap2, len2), "sizes %zu, %zu", len,
                  len2);
    arm64emu_exit ea = test_run(a, 0), eb = test_run(b, 0);
    ck_assert_uint_eq(ea.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(eb.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(b, 0), 1000);
    ck_assert_uint_eq(test_icount(a), test_icount(b));
    arm64emu_free(snap);
    arm64emu_free(snap2);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

START_TEST(incompatible_machine_is_refused_naming_the_difference)
{
    arm64emu_machine *a = loop_machine(TEST_RAM_SIZE, 100);
    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    arm64emu_machine *other_ram = make(NULL, 2 * TEST_RAM_SIZE, 1);
    ck_assert_int_eq(arm64emu_snapshot_load(other_ram, snap, len),
                     ARM64EMU_ERR_INCOMPATIBLE);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(other_ram), "ram_size"));
    arm64emu_machine *two = make(NULL, TEST_RAM_SIZE, 2);
    ck_assert_int_eq(arm64emu_snapshot_load(two, snap, len),
                     ARM64EMU_ERR_INCOMPATIBLE);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(two), "cpus"));
    arm64emu_machine *virt = make("virt", TEST_RAM_SIZE, 1);
    ck_assert_int_eq(arm64emu_snapshot_load(virt, snap, len),
                     ARM64EMU_ERR_INCOMPATIBLE);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(virt), "board"));
    /* A caller's MMIO region must exist in the target too. */
    arm64emu_machine *mm = loop_machine(TEST_RAM_SIZE, 100);
    ck_assert_int_eq(arm64emu_map_mmio(mm, 0x10000000, 0x1000, NULL, NULL, NULL),
                     ARM64EMU_OK);
    size_t ml;
    uint8_t *ms = save(mm, 0, 0, &ml);
    arm64emu_machine *plain = make(NULL, TEST_RAM_SIZE, 1);
    ck_assert_int_eq(arm64emu_snapshot_load(plain, ms, ml),
                     ARM64EMU_ERR_INCOMPATIBLE);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(plain), "MMIO"));
    ck_assert_int_eq(arm64emu_map_mmio(plain, 0x10000000, 0x1000, NULL, NULL, NULL),
                     ARM64EMU_OK);
    load_ok(plain, ms, ml);
    /* Created from the snapshot: the region is reported, not mapped. */
    arm64emu_machine *c = NULL;
    char err[256];
    ck_assert_int_eq(arm64emu_create_from_snapshot(NULL, ms, ml, &c, err,
                                                   sizeof(err)),
                     ARM64EMU_OK);
    ck_assert_ptr_nonnull(strstr(arm64emu_snapshot_report(c), "0x10000000"));
    arm64emu_free(snap);
    arm64emu_free(ms);
    arm64emu_destroy(a);
    arm64emu_destroy(other_ram);
    arm64emu_destroy(two);
    arm64emu_destroy(virt);
    arm64emu_destroy(mm);
    arm64emu_destroy(plain);
    arm64emu_destroy(c);
}
END_TEST

/* ---- synthetic files ------------------------------------------------------ */

#define MAX_RECS 64

typedef struct recs {
    snap_item_t it[MAX_RECS];
    size_t n;
} recs_t;

static void split(const uint8_t *f, size_t len, recs_t *r)
{
    snap_header_t h;
    snap_cursor_t top;
    snap_err_t err;
    ck_assert(snap_open(f, len, &h, &top, &err));
    r->n = 0;
    int rc;
    while ((rc = snap_next(&top, &r->it[r->n], &err)) == 1)
        ck_assert_uint_lt(++r->n, MAX_RECS);
    ck_assert_int_eq(rc, 0);
}

static size_t find_rec(const recs_t *r, const char *tag)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->it[i].name, tag) == 0)
            return i;
    ck_abort_msg("no record '%s'", tag);
    return 0;
}

typedef void (*extra_fn)(snap_writer_t *w);

/* Copies rec, adding extra's items at its end. */
static void copy_with(snap_writer_t *w, const snap_item_t *rec, extra_fn extra)
{
    snap_cursor_t c;
    snap_item_t it;
    snap_err_t err;
    ck_assert(snap_enter(rec, &c, &err));
    ck_assert(snap_w_begin(w, rec->name, rec->flags));
    while (snap_next(&c, &it, &err) == 1)
        ck_assert(snap_w_raw(w, it.start, it.size));
    extra(w);
    ck_assert(snap_w_end(w));
}

/* A file of the records in order[] (indexes into r; SIZE_MAX runs the
 * record hook instead), with `target`'s record rewritten by extra. */
static uint8_t *rebuild(const recs_t *r, const size_t *order, size_t n,
                        const char *target, extra_fn extra,
                        extra_fn toplevel, size_t *len)
{
    snap_writer_t w;
    snap_w_init(&w);
    ck_assert(snap_w_header(&w, "libarm64emu", "test", 0));
    for (size_t i = 0; i < n; i++) {
        if (order[i] == SIZE_MAX) {
            toplevel(&w);
            continue;
        }
        const snap_item_t *it = &r->it[order[i]];
        if (target && strcmp(it->name, target) == 0)
            copy_with(&w, it, extra);
        else
            ck_assert(snap_w_raw(&w, it->start, it->size));
    }
    ck_assert(snap_w_finish(&w));
    uint8_t *out = snap_w_take(&w, len);
    ck_assert_ptr_nonnull(out);
    return out;
}

static size_t identity(const recs_t *r, size_t *order)
{
    for (size_t i = 0; i < r->n; i++)
        order[i] = i;
    return r->n;
}

static void add_optional_record(snap_writer_t *w)
{
    ck_assert(snap_w_begin(w, "zz.optional", 0));
    ck_assert(snap_w_u64(w, "v", 0, 1));
    ck_assert(snap_w_end(w));
}

static void add_copy_record(snap_writer_t *w)
{
    ck_assert(snap_w_begin(w, "zz.copy", SNAP_F_SAFE_TO_COPY));
    ck_assert(snap_w_u64(w, "v", SNAP_F_CRITICAL, 7));
    ck_assert(snap_w_zbytes(w, "z", 0, "abcabcabc", 9, 3));
    ck_assert(snap_w_end(w));
}

static void add_critical_record(snap_writer_t *w)
{
    ck_assert(snap_w_begin(w, "zz.critical", SNAP_F_CRITICAL));
    ck_assert(snap_w_end(w));
}

static void add_optional_field(snap_writer_t *w)
{
    ck_assert(snap_w_u64(w, "zz_optional", 0, 5));
}

static void add_copy_field(snap_writer_t *w)
{
    ck_assert(snap_w_zbytes(w, "zz_copy", SNAP_F_SAFE_TO_COPY, "xyzxyz", 6, 3));
}

static void add_critical_field(snap_writer_t *w)
{
    ck_assert(snap_w_u64(w, "zz_critical", SNAP_F_CRITICAL, 5));
}

static void add_unknown_type_field(snap_writer_t *w)
{
    /* Type code 200 under a known name: unknown, so skipped. */
    static const uint8_t item[] = {200, 0, 4, 'c', 'p', 'u', 's',
                                   1, 0, 0, 0, 0, 0, 0, 0, 0x55};
    ck_assert(snap_w_raw(w, item, sizeof(item)));
}

static void nothing(snap_writer_t *w)
{
    (void)w;
}

/* Loads f into a fresh loop machine; returns it (status in *rc). */
static arm64emu_machine *try_load(const uint8_t *f, size_t len, int *rc)
{
    arm64emu_machine *m = make(NULL, 0x10000, 1);
    *rc = arm64emu_snapshot_load(m, f, len);
    return m;
}

START_TEST(unknown_optional_items_are_skipped_reported_and_kept_if_safe)
{
    arm64emu_machine *a = loop_machine(0x10000, 2001);
    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    recs_t r;
    split(snap, len, &r);
    size_t order[MAX_RECS + 2], n = identity(&r, order);
    order[n++] = SIZE_MAX;
    /* Top level: an optional record is dropped, a safe-to-copy one kept. */
    struct {
        extra_fn rec;
        const char *name;
        bool kept;
    } cases[] = {
        {add_optional_record, "zz.optional", false},
        {add_copy_record, "zz.copy", true},
    };
    for (unsigned k = 0; k < 2; k++) {
        size_t ml;
        uint8_t *mut = rebuild(&r, order, n, NULL, nothing, cases[k].rec, &ml);
        int rc;
        arm64emu_machine *b = try_load(mut, ml, &rc);
        ck_assert_msg(rc == ARM64EMU_OK, "%s", arm64emu_last_error(b));
        ck_assert_ptr_nonnull(strstr(arm64emu_snapshot_report(b), cases[k].name));
        size_t l1, l2;
        uint8_t *s1 = save(b, 0, 0, &l1);
        ck_assert_int_eq(contains(s1, l1, cases[k].name), cases[k].kept);
        arm64emu_machine *c = make(NULL, 0x10000, 1);
        load_ok(c, s1, l1);
        uint8_t *s2 = save(c, 0, 0, &l2);
        ck_assert(same_bytes(s1, l1, s2, l2)); /* stable after one cycle */
        finish_loop(b);
        arm64emu_free(s1);
        arm64emu_free(s2);
        free(mut);
        arm64emu_destroy(b);
        arm64emu_destroy(c);
    }
    /* Inside machine and cpu0: optional fields, a safe-to-copy one, an
     * unknown type code. */
    struct {
        const char *target;
        extra_fn field;
        const char *name;
        bool kept;
    } fcases[] = {
        {"machine", add_optional_field, "zz_optional", false},
        {"machine", add_copy_field, "zz_copy", true},
        {"machine", add_unknown_type_field, "cpus", false},
        {"cpu0", add_optional_field, "zz_optional", false},
        {"cpu0", add_copy_field, "zz_copy", true},
    };
    for (unsigned k = 0; k < sizeof(fcases) / sizeof(fcases[0]); k++) {
        size_t ml;
        uint8_t *mut = rebuild(&r, order, n - 1, fcases[k].target,
                               fcases[k].field, NULL, &ml);
        int rc;
        arm64emu_machine *b = try_load(mut, ml, &rc);
        ck_assert_msg(rc == ARM64EMU_OK, "%s/%s: %s", fcases[k].target,
                      fcases[k].name, arm64emu_last_error(b));
        const char *rep = arm64emu_snapshot_report(b);
        ck_assert_msg(strstr(rep, fcases[k].name) && strstr(rep, fcases[k].target),
                      "report: %s", rep);
        size_t l1;
        uint8_t *s1 = save(b, 0, 0, &l1);
        ck_assert_int_eq(contains(s1, l1, fcases[k].name) &&
                             strcmp(fcases[k].name, "cpus") != 0,
                         fcases[k].kept);
        if (!fcases[k].kept)
            ck_assert(same_bytes(s1, l1, snap, len));
        finish_loop(b);
        arm64emu_free(s1);
        free(mut);
        arm64emu_destroy(b);
    }
    arm64emu_free(snap);
    arm64emu_destroy(a);
}
END_TEST

START_TEST(unknown_critical_items_are_refused_by_name)
{
    arm64emu_machine *a = loop_machine(0x10000, 2001);
    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    recs_t r;
    split(snap, len, &r);
    size_t order[MAX_RECS + 2], n = identity(&r, order);
    order[n] = SIZE_MAX;
    size_t ml;
    uint8_t *mut = rebuild(&r, order, n + 1, NULL, nothing, add_critical_record,
                           &ml);
    int rc;
    arm64emu_machine *b = try_load(mut, ml, &rc);
    ck_assert_int_eq(rc, ARM64EMU_ERR_BAD_SNAPSHOT);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(b), "zz.critical"));
    free(mut);
    arm64emu_destroy(b);
    mut = rebuild(&r, order, n, "machine", add_critical_field, NULL, &ml);
    b = try_load(mut, ml, &rc);
    ck_assert_int_eq(rc, ARM64EMU_ERR_BAD_SNAPSHOT);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(b), "zz_critical"));
    free(mut);
    arm64emu_destroy(b);
    arm64emu_free(snap);
    arm64emu_destroy(a);
}
END_TEST

START_TEST(missing_records_take_defaults_and_are_reported)
{
    arm64emu_machine *a = loop_machine(0x10000, 2001);
    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    recs_t r;
    split(snap, len, &r);
    const char *drop[] = {"timer0", "clock"};
    for (unsigned k = 0; k < 2; k++) {
        size_t order[MAX_RECS], n = 0, skip = find_rec(&r, drop[k]);
        for (size_t i = 0; i < r.n; i++)
            if (i != skip)
                order[n++] = i;
        size_t ml;
        uint8_t *mut = rebuild(&r, order, n, NULL, nothing, NULL, &ml);
        int rc;
        arm64emu_machine *b = try_load(mut, ml, &rc);
        ck_assert_msg(rc == ARM64EMU_OK, "without %s: %s", drop[k],
                      arm64emu_last_error(b));
        ck_assert_msg(strstr(arm64emu_snapshot_report(b), drop[k]),
                      "report: %s", arm64emu_snapshot_report(b));
        free(mut);
        arm64emu_destroy(b);
    }
    /* Without the machine record there is nothing to check against. */
    size_t order[MAX_RECS], n = 0, skip = find_rec(&r, "machine");
    for (size_t i = 0; i < r.n; i++)
        if (i != skip)
            order[n++] = i;
    size_t ml;
    uint8_t *mut = rebuild(&r, order, n, NULL, nothing, NULL, &ml);
    int rc;
    arm64emu_machine *b = try_load(mut, ml, &rc);
    ck_assert_int_eq(rc, ARM64EMU_ERR_BAD_SNAPSHOT);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(b), "machine"));
    free(mut);
    arm64emu_destroy(b);
    arm64emu_free(snap);
    arm64emu_destroy(a);
}
END_TEST

START_TEST(reordered_records_load_the_same)
{
    arm64emu_machine *a = loop_machine(0x10000, 2001);
    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    recs_t r;
    split(snap, len, &r);
    size_t order[MAX_RECS];
    for (size_t i = 0; i < r.n; i++)
        order[i] = r.n - 1 - i;
    size_t ml;
    uint8_t *mut = rebuild(&r, order, r.n, NULL, nothing, NULL, &ml);
    int rc;
    arm64emu_machine *b = try_load(mut, ml, &rc);
    ck_assert_msg(rc == ARM64EMU_OK, "%s", arm64emu_last_error(b));
    size_t l2;
    uint8_t *s2 = save(b, 0, 0, &l2);
    ck_assert(same_bytes(snap, len, s2, l2));
    finish_loop(b);
    free(mut);
    arm64emu_free(s2);
    arm64emu_free(snap);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

/* Recomputes every CRC of a (possibly damaged) file where its framing
 * allows, so that a mutation reaches the parsers behind the CRC check. */
static void fix_seq(uint8_t *f, size_t pos, size_t end, unsigned depth)
{
    while (depth <= SNAP_DEPTH_MAX && end - pos >= 11) {
        size_t k = f[pos + 2];
        if (k == 0 || end - pos < 11 + k)
            return;
        uint64_t l = 0;
        for (unsigned i = 0; i < 8; i++)
            l |= (uint64_t)f[pos + 3 + k + i] << (8 * i);
        size_t value = pos + 11 + k;
        if (l > end - value)
            return;
        if (f[pos] == SNAP_T_RECORD && l >= 4) {
            fix_seq(f, value, value + (size_t)l - 4, depth + 1);
            uint32_t crc = snap_crc32c(0, f + pos, value + (size_t)l - 4 - pos);
            for (unsigned i = 0; i < 4; i++)
                f[value + l - 4 + i] = (uint8_t)(crc >> (8 * i));
        }
        pos = value + (size_t)l;
    }
}

static void fix_crcs(uint8_t *f, size_t len)
{
    if (len < 18)
        return;
    size_t pos = 16;
    pos += 1 + f[pos];
    if (pos >= len)
        return;
    pos += 1 + f[pos];
    if (pos + 4 > len)
        return;
    uint32_t crc = snap_crc32c(0, f, pos);
    for (unsigned i = 0; i < 4; i++)
        f[pos + i] = (uint8_t)(crc >> (8 * i));
    fix_seq(f, pos + 4, len, 1);
}

START_TEST(truncation_at_every_offset_is_refused_cleanly)
{
    arm64emu_machine *a = loop_machine(0x10000, 2001);
    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    arm64emu_machine *b = loop_machine(0x10000, 5);
    size_t l0;
    uint8_t *before = save(b, 0, 0, &l0);
    for (size_t cut = 0; cut < len; cut++) {
        int rc = arm64emu_snapshot_load(b, snap, cut);
        ck_assert_msg(rc == ARM64EMU_ERR_BAD_SNAPSHOT, "cut at %zu: %d", cut, rc);
        ck_assert(arm64emu_last_error(b)[0] != '\0');
    }
    size_t l1;
    uint8_t *after = save(b, 0, 0, &l1);
    ck_assert(same_bytes(before, l0, after, l1));
    arm64emu_free(snap);
    arm64emu_free(before);
    arm64emu_free(after);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

START_TEST(random_bit_flips_never_crash_or_half_load)
{
    arm64emu_machine *a = loop_machine(0x10000, 2001);
    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    uint8_t *mut = malloc(len);
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    unsigned refused = 0, loaded = 0;
    for (unsigned iter = 0; iter < 3000; iter++) {
        memcpy(mut, snap, len);
        unsigned flips = 1 + iter % 3;
        for (unsigned k = 0; k < flips; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t bit = (size_t)(seed >> 20) % (len * 8);
            mut[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        }
        if (iter % 2)
            fix_crcs(mut, len); /* reach the parsers behind the CRCs */
        arm64emu_machine *b = loop_machine(0x10000, 5);
        size_t l0;
        uint8_t *before = iter % 8 == 0 ? save(b, 0, 0, &l0) : NULL;
        int rc = arm64emu_snapshot_load(b, mut, len);
        if (rc == ARM64EMU_OK) {
            loaded++;
        } else {
            refused++;
            ck_assert_msg(rc == ARM64EMU_ERR_BAD_SNAPSHOT ||
                              rc == ARM64EMU_ERR_INCOMPATIBLE,
                          "status %d: %s", rc, arm64emu_last_error(b));
            if (before) {
                size_t l1;
                uint8_t *after = save(b, 0, 0, &l1);
                ck_assert_msg(same_bytes(before, l0, after, l1),
                              "refused load changed the machine: %s",
                              arm64emu_last_error(b));
                arm64emu_free(after);
            }
        }
        arm64emu_free(before);
        arm64emu_destroy(b);
    }
    printf("bit flips: %u refused, %u loaded\n", refused, loaded);
    ck_assert_uint_gt(refused, 0);
    free(mut);
    arm64emu_free(snap);
    arm64emu_destroy(a);
}
END_TEST

START_TEST(garbage_arguments_are_refused)
{
    arm64emu_machine *m = make(NULL, 0x10000, 1);
    void *d;
    size_t l;
    ck_assert_int_eq(arm64emu_snapshot_save(NULL, NULL, &d, &l),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_snapshot_save(m, NULL, NULL, &l),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_snapshot_load(m, NULL, 5),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_snapshot_load(m, "junk", 4),
                     ARM64EMU_ERR_BAD_SNAPSHOT);
    ck_assert_int_eq(arm64emu_snapshot_load_fd(m, -1),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    arm64emu_machine *out = (arm64emu_machine *)&l;
    char err[64];
    ck_assert_int_eq(arm64emu_create_from_snapshot(NULL, "junk", 4, &out, err,
                                                   sizeof(err)),
                     ARM64EMU_ERR_BAD_SNAPSHOT);
    ck_assert_ptr_null(out);
    ck_assert(err[0] != '\0');
    ck_assert_str_eq(arm64emu_snapshot_report(m), "");
    arm64emu_free(NULL);
    arm64emu_destroy(m);
}
END_TEST

typedef struct busy_probe {
    arm64emu_machine *m;
    int save_rc, load_rc, ckpt_rc;
} busy_probe_t;

static int busy_read(void *user, uint64_t off, unsigned size, uint64_t *value)
{
    busy_probe_t *p = user;
    void *d = NULL;
    size_t l = 0;
    (void)off, (void)size;
    p->save_rc = arm64emu_snapshot_save(p->m, NULL, &d, &l);
    p->load_rc = arm64emu_snapshot_load(p->m, "x", 1);
    p->ckpt_rc = arm64emu_checkpoint(p->m);
    *value = 0;
    return 0;
}

START_TEST(save_and_load_are_refused_while_running)
{
    static const uint32_t code[] = {
        0xd2a20001, /* movz x1, #0x1000, lsl #16 */
        0xf9400020, /* ldr x0, [x1] */
        0xd4200000, /* brk #0 */
    };
    arm64emu_machine *m = make(NULL, 0x10000, 1);
    busy_probe_t p = {m, 0, 0, 0};
    ck_assert_int_eq(arm64emu_map_mmio(m, 0x10000000, 0x1000, busy_read, NULL, &p),
                     ARM64EMU_OK);
    test_load(m, TEST_RAM_BASE, code, 3);
    ck_assert_uint_eq(test_run(m, 0).reason, ARM64EMU_EXIT_BRK);
    ck_assert_int_eq(p.save_rc, ARM64EMU_ERR_BUSY);
    ck_assert_int_eq(p.load_rc, ARM64EMU_ERR_BUSY);
    ck_assert_int_eq(p.ckpt_rc, ARM64EMU_ERR_BUSY);
    arm64emu_destroy(m);
}
END_TEST

/* ---- files of a newer version (ARM64EMU_SNAPSHOT_FUTURE) ---------------
 * A build with the option writes $ARM64EMU_SNAP_FUTURE_FILE; a normal
 * build given the same variable loads it and continues. */

START_TEST(newer_version_file_loads_and_continues)
{
    const char *path = getenv("ARM64EMU_SNAP_FUTURE_FILE");
#ifdef ARM64EMU_SNAPSHOT_FUTURE
    arm64emu_machine *a = loop_machine(0x10000, 2001);
    size_t len;
    uint8_t *snap = save(a, 0, 0, &len);
    ck_assert(contains(snap, len, "future.copy"));
    if (path) {
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        ck_assert_uint_eq(fwrite(snap, 1, len, f), len);
        fclose(f);
    }
    arm64emu_machine *b = make(NULL, 0x10000, 1);
    load_ok(b, snap, len);
    finish_loop(b);
    arm64emu_free(snap);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
#else
    if (!path)
        return; /* nothing written by a newer build to read */
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    static uint8_t buf[1 << 20];
    size_t len = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    arm64emu_machine *b = make(NULL, 0x10000, 1);
    load_ok(b, buf, len);
    const char *rep = arm64emu_snapshot_report(b);
    ck_assert_msg(strstr(rep, "future.note") && strstr(rep, "future.copy") &&
                      strstr(rep, "future_option") && strstr(rep, "future_blob") &&
                      strstr(rep, "future_field"),
                  "report: %s", rep);
    size_t l1;
    uint8_t *s1 = save(b, 0, 0, &l1);
    ck_assert(contains(s1, l1, "future.copy"));
    ck_assert(contains(s1, l1, "future_blob"));
    ck_assert(!contains(s1, l1, "future.note"));
    ck_assert(!contains(s1, l1, "future_field"));
    finish_loop(b);
    arm64emu_free(s1);
    arm64emu_destroy(b);
#endif
}
END_TEST

int main(void)
{
    Suite *s = suite_create("snapshot");
    TCase *tc = tcase_create("snapshot");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, buffer_round_trip_continues_exactly);
    tcase_add_test(tc, save_load_save_is_byte_identical);
    tcase_add_test(tc, fd_round_trip_through_a_file_and_a_pipe);
    tcase_add_test(tc, callback_round_trip_in_small_pieces);
    tcase_add_test(tc, no_ram_snapshot_keeps_the_targets_ram);
    tcase_add_test(tc, every_compression_level_loads_the_same_state);
    tcase_add_test(tc, zero_pages_are_not_stored);
    tcase_add_test(tc, bare_machine_is_created_from_a_snapshot);
    tcase_add_test(tc, created_machine_runs_the_saved_model_not_the_named_one);
    tcase_add_test(tc, virt_machine_is_created_from_a_snapshot);
    tcase_add_test(tc, incompatible_machine_is_refused_naming_the_difference);
    tcase_add_test(tc, unknown_optional_items_are_skipped_reported_and_kept_if_safe);
    tcase_add_test(tc, unknown_critical_items_are_refused_by_name);
    tcase_add_test(tc, missing_records_take_defaults_and_are_reported);
    tcase_add_test(tc, reordered_records_load_the_same);
    tcase_add_test(tc, truncation_at_every_offset_is_refused_cleanly);
    tcase_add_test(tc, random_bit_flips_never_crash_or_half_load);
    tcase_add_test(tc, garbage_arguments_are_refused);
    tcase_add_test(tc, save_and_load_are_refused_while_running);
    tcase_add_test(tc, newer_version_file_loads_and_continues);
    suite_add_tcase(s, tc);
    return test_main(s);
}
