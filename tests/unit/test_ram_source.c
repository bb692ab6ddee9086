/* RAM sources: snapshots leave out pages equal to registered host bytes
 * (a kernel image), name them by SHA-256, and need them back to load
 * (docs/snapshot/machine.md, `ram.source`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sha256.h"
#include "snapfmt.h"

#define RAM (1u << 20)
#define SRC_AT (TEST_RAM_BASE + 0x10000)
#define SRC_LEN (16u * 4096u + 100u) /* ends inside a page */

static uint8_t *pattern(size_t len, uint32_t seed)
{
    uint8_t *p = malloc(len);
    ck_assert_ptr_nonnull(p);
    for (size_t i = 0; i < len; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (uint8_t)(seed >> 16);
    }
    return p;
}

static arm64emu_machine *make(arm64emu_config *extra)
{
    arm64emu_config *c = extra;
    if (!c)
        ck_assert_int_eq(arm64emu_config_new(&c), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(c, ARM64EMU_CFG_RAM_SIZE, RAM),
                     ARM64EMU_OK);
    arm64emu_machine *m = NULL;
    ck_assert_msg(arm64emu_create(c, &m) == ARM64EMU_OK, "create: %s",
                  arm64emu_config_last_error(c));
    arm64emu_config_free(c);
    return m;
}

static uint8_t *save(arm64emu_machine *m, uint32_t flags, size_t *len)
{
    arm64emu_snapshot_options o = {sizeof(o), 0, flags};
    void *data = NULL;
    int rc = arm64emu_snapshot_save(m, &o, &data, len);
    ck_assert_msg(rc == ARM64EMU_OK, "save: %s", arm64emu_last_error(m));
    return data;
}

static uint8_t *ram_of(arm64emu_machine *m)
{
    uint8_t *r = malloc(RAM);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(arm64emu_mem_read(m, TEST_RAM_BASE, r, RAM), ARM64EMU_OK);
    return r;
}

/* A machine whose RAM holds src at SRC_AT, registered, then changed: one
 * page of it rewritten, one zeroed, the tail page's slack written, and a
 * page outside it. */
static arm64emu_machine *booted(const uint8_t *src)
{
    arm64emu_machine *m = make(NULL);
    ck_assert_int_eq(arm64emu_mem_write(m, SRC_AT, src, SRC_LEN), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_ram_source_add(m, "kern", src, SRC_LEN, SRC_AT),
                     ARM64EMU_OK);
    static const uint8_t zero[4096];
    uint64_t v = 0x1122334455667788ull;
    ck_assert_int_eq(arm64emu_mem_write(m, SRC_AT + 3 * 4096 + 8, &v, 8),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_mem_write(m, SRC_AT + 5 * 4096, zero, 4096),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_mem_write(m, SRC_AT + SRC_LEN + 8, &v, 8),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_mem_write(m, TEST_RAM_BASE + 0x80000, &v, 8),
                     ARM64EMU_OK);
    return m;
}

START_TEST(sha256_matches_fips_180_examples)
{
    static const struct {
        const char *msg, *hex;
    } cases[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t d[SHA256_LEN];
        char h[2 * SHA256_LEN + 1];
        sha256(cases[i].msg, strlen(cases[i].msg), d);
        for (unsigned k = 0; k < SHA256_LEN; k++)
            snprintf(h + 2 * k, 3, "%02x", d[k]);
        ck_assert_str_eq(h, cases[i].hex);
    }
    /* a million 'a' (many blocks) */
    char *a = malloc(1000000);
    ck_assert_ptr_nonnull(a);
    memset(a, 'a', 1000000);
    uint8_t d[SHA256_LEN], e[SHA256_LEN];
    sha256(a, 1000000, d);
    sha256_portable(a, 1000000, e);
    free(a);
    static const uint8_t million_a[SHA256_LEN] = {
        0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7,
        0xe2, 0x84, 0xd7, 0x3e, 0x67, 0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97,
        0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0};
    ck_assert_int_eq(memcmp(d, million_a, SHA256_LEN), 0);
    ck_assert_int_eq(memcmp(e, million_a, SHA256_LEN), 0);
}
END_TEST

/* The CPU-extension path (where the CPU has one) and the portable one give
 * the same digests, for every tail length around the block boundaries. */
START_TEST(sha256_paths_agree)
{
    uint8_t *data = pattern(4096 + 200, 11);
    for (size_t len = 0; len <= 4096 + 200; len += len < 300 ? 1 : 61) {
        uint8_t d[SHA256_LEN], e[SHA256_LEN];
        sha256(data, len, d);
        sha256_portable(data, len, e);
        ck_assert_msg(memcmp(d, e, SHA256_LEN) == 0, "length %zu", len);
    }
    free(data);
}
END_TEST

START_TEST(snapshot_leaves_out_pages_equal_to_the_source)
{
    uint8_t *src = pattern(SRC_LEN, 1);
    arm64emu_machine *m = booted(src);
    size_t lean_len, full_len;
    uint8_t *lean = save(m, 0, &lean_len);
    uint8_t *full = save(m, ARM64EMU_SNAPSHOT_SELF_CONTAINED, &full_len);
    /* 14 untouched pages of random bytes stay out */
    ck_assert_uint_lt(lean_len + 13 * 4096, full_len);

    arm64emu_machine *t = make(NULL);
    ck_assert_int_eq(arm64emu_ram_source_add(t, "kern", src, SRC_LEN,
                                             ARM64EMU_RAM_SOURCE_UNPLACED),
                     ARM64EMU_OK);
    uint64_t junk = 77;
    ck_assert_int_eq(arm64emu_mem_write(t, SRC_AT + 4096, &junk, 8),
                     ARM64EMU_OK);
    int rc = arm64emu_snapshot_load(t, lean, lean_len);
    ck_assert_msg(rc == ARM64EMU_OK, "load: %s", arm64emu_last_error(t));
    uint8_t *want = ram_of(m), *got = ram_of(t);
    ck_assert_int_eq(memcmp(want, got, RAM), 0);
    /* The load placed the source: saving again gives the same bytes. */
    size_t again_len;
    uint8_t *again = save(t, 0, &again_len);
    ck_assert_uint_eq(again_len, lean_len);
    ck_assert_int_eq(memcmp(again, lean, lean_len), 0);
    arm64emu_free(again);
    free(want);
    free(got);
    arm64emu_free(lean);
    arm64emu_free(full);
    arm64emu_destroy(t);
    arm64emu_destroy(m);
    free(src);
}
END_TEST

START_TEST(load_without_the_source_is_refused_naming_it)
{
    uint8_t *src = pattern(SRC_LEN, 2);
    arm64emu_machine *m = booted(src);
    size_t len;
    uint8_t *snap = save(m, 0, &len);
    arm64emu_machine *t = make(NULL);
    uint8_t *before = ram_of(t);
    ck_assert_int_eq(arm64emu_snapshot_load(t, snap, len),
                     ARM64EMU_ERR_INCOMPATIBLE);
    const char *e = arm64emu_last_error(t);
    ck_assert_msg(strstr(e, "needs RAM source 'kern' (65636 bytes, sha256 "),
                  "message: %s", e);
    /* Other bytes of the same size are not it either. */
    uint8_t *other = pattern(SRC_LEN, 3);
    ck_assert_int_eq(arm64emu_ram_source_add(t, "kern", other, SRC_LEN,
                                             ARM64EMU_RAM_SOURCE_UNPLACED),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_snapshot_load(t, snap, len),
                     ARM64EMU_ERR_INCOMPATIBLE);
    uint8_t *after = ram_of(t);
    ck_assert_int_eq(memcmp(before, after, RAM), 0);
    /* The right bytes under another name are. */
    ck_assert_int_eq(arm64emu_ram_source_add(t, "vmlinuz", src, SRC_LEN,
                                             ARM64EMU_RAM_SOURCE_UNPLACED),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_snapshot_load(t, snap, len), ARM64EMU_OK);
    /* A self-contained save needs nothing. */
    arm64emu_free(snap);
    snap = save(m, ARM64EMU_SNAPSHOT_SELF_CONTAINED, &len);
    ck_assert_int_eq(arm64emu_snapshot_load(t, snap, len), ARM64EMU_OK);
    free(before);
    free(after);
    free(other);
    arm64emu_free(snap);
    arm64emu_destroy(t);
    arm64emu_destroy(m);
    free(src);
}
END_TEST

START_TEST(create_from_snapshot_takes_the_configs_sources)
{
    uint8_t *src = pattern(SRC_LEN, 4);
    arm64emu_machine *m = booted(src);
    size_t len;
    uint8_t *snap = save(m, 0, &len);
    arm64emu_machine *t = NULL;
    char err[300];
    ck_assert_int_eq(arm64emu_create_from_snapshot(NULL, snap, len, &t, err,
                                                   sizeof(err)),
                     ARM64EMU_ERR_INCOMPATIBLE);
    ck_assert_msg(strstr(err, "'kern'"), "message: %s", err);
    arm64emu_config *c;
    ck_assert_int_eq(arm64emu_config_new(&c), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_add_ram_source(
                         c, "kern", src, SRC_LEN, ARM64EMU_RAM_SOURCE_UNPLACED),
                     ARM64EMU_OK);
    ck_assert_msg(arm64emu_create_from_snapshot(c, snap, len, &t, err,
                                                sizeof(err)) == ARM64EMU_OK,
                  "create: %s", err);
    arm64emu_config_free(c);
    uint8_t *want = ram_of(m), *got = ram_of(t);
    ck_assert_int_eq(memcmp(want, got, RAM), 0);
    free(want);
    free(got);
    arm64emu_free(snap);
    arm64emu_destroy(t);
    arm64emu_destroy(m);
    free(src);
}
END_TEST

START_TEST(damaged_sourced_snapshots_fail_cleanly)
{
    uint8_t *src = pattern(SRC_LEN, 5);
    arm64emu_machine *m = booted(src);
    size_t len;
    uint8_t *snap = save(m, 0, &len);
    uint8_t *want = ram_of(m);
    arm64emu_machine *t = make(NULL);
    ck_assert_int_eq(arm64emu_ram_source_add(t, "kern", src, SRC_LEN,
                                             ARM64EMU_RAM_SOURCE_UNPLACED),
                     ARM64EMU_OK);
    for (size_t cut = 0; cut < len; cut += 7)
        ck_assert_int_ne(arm64emu_snapshot_load(t, snap, cut), ARM64EMU_OK);
    uint8_t *bad = malloc(len);
    ck_assert_ptr_nonnull(bad);
    uint32_t seed = 9;
    for (unsigned i = 0; i < 2000; i++) {
        memcpy(bad, snap, len);
        seed = seed * 1103515245u + 12345u;
        bad[(seed >> 8) % len] ^= (uint8_t)(1u << (seed >> 28 & 7));
        (void)arm64emu_snapshot_load(t, bad, len);
    }
    ck_assert_int_eq(arm64emu_snapshot_load(t, snap, len), ARM64EMU_OK);
    uint8_t *got = ram_of(t);
    ck_assert_int_eq(memcmp(want, got, RAM), 0);
    free(got);
    free(want);
    free(bad);
    arm64emu_free(snap);
    arm64emu_destroy(t);
    arm64emu_destroy(m);
    free(src);
}
END_TEST

START_TEST(load_unplaces_sources_the_file_does_not_name)
{
    uint8_t *src = pattern(SRC_LEN, 6);
    /* The file: a machine with the bytes in RAM but no source. */
    arm64emu_machine *b = booted(src);
    size_t len;
    uint8_t *plain = save(b, ARM64EMU_SNAPSHOT_SELF_CONTAINED, &len);
    /* The target has them placed; after the load they describe nothing. */
    arm64emu_machine *a = booted(src);
    ck_assert_int_eq(arm64emu_snapshot_load(a, plain, len), ARM64EMU_OK);
    size_t again_len;
    uint8_t *again = save(a, 0, &again_len);
    ck_assert_uint_eq(again_len, len);
    ck_assert_int_eq(memcmp(again, plain, len), 0);
    arm64emu_free(again);
    arm64emu_free(plain);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
    free(src);
}
END_TEST

/* The file with its ram.source written a second time, `shift` bytes
 * further on. */
static uint8_t *name_twice(const uint8_t *file, size_t len, uint64_t shift,
                           size_t *out_len)
{
    snap_header_t h;
    snap_cursor_t top, in;
    snap_item_t it, child, f;
    snap_err_t err;
    snap_writer_t w;
    ck_assert(snap_open(file, len, &h, &top, &err));
    snap_w_init(&w);
    ck_assert(snap_w_header(&w, h.producer, h.version, h.flags));
    while (snap_next(&top, &it, &err) == 1) {
        if (strcmp(it.name, "ram") != 0) {
            ck_assert(snap_w_raw(&w, it.start, it.size));
            continue;
        }
        ck_assert(snap_w_begin(&w, "ram", SNAP_F_CRITICAL));
        ck_assert(snap_enter(&it, &in, &err));
        while (snap_next(&in, &child, &err) == 1) {
            ck_assert(snap_w_raw(&w, child.start, child.size));
            if (strcmp(child.name, "ram.source") != 0)
                continue;
            uint64_t size = 0, offset = 0;
            const uint8_t *digest;
            size_t n;
            ck_assert_int_eq(snap_find_u64(&child, "size", 0, &size, &err), 1);
            ck_assert_int_eq(snap_find_u64(&child, "offset", 0, &offset, &err), 1);
            ck_assert_int_eq(snap_find(&child, "sha256", &f, &err), 1);
            ck_assert(snap_get_bytes(&f, &digest, &n, &err));
            ck_assert(snap_w_begin(&w, "ram.source", SNAP_F_CRITICAL) &&
                      snap_w_str(&w, "name", 0, "again") &&
                      snap_w_u64(&w, "size", SNAP_F_CRITICAL, size) &&
                      snap_w_u64(&w, "offset", SNAP_F_CRITICAL, offset + shift) &&
                      snap_w_bytes(&w, "sha256", SNAP_F_CRITICAL, digest, n) &&
                      snap_w_end(&w));
        }
        ck_assert(snap_w_end(&w));
    }
    ck_assert(snap_w_finish(&w));
    uint8_t *out = snap_w_take(&w, out_len);
    ck_assert_ptr_nonnull(out);
    return out;
}

START_TEST(a_file_naming_a_source_twice_or_overlapping_is_refused)
{
    uint8_t *src = pattern(SRC_LEN, 7);
    arm64emu_machine *m = booted(src);
    size_t len, bad_len;
    uint8_t *snap = save(m, 0, &len);
    arm64emu_machine *t = make(NULL);
    ck_assert_int_eq(arm64emu_ram_source_add(t, "kern", src, SRC_LEN,
                                             ARM64EMU_RAM_SOURCE_UNPLACED),
                     ARM64EMU_OK);
    static const struct {
        uint64_t shift;
        const char *why;
    } cases[] = {
        {0x40000, "names RAM source 'again' a second time"},
        {0x1000, "overlaps another source at offset 0x10000"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t *bad = name_twice(snap, len, cases[i].shift, &bad_len);
        ck_assert_int_eq(arm64emu_snapshot_load(t, bad, bad_len),
                         ARM64EMU_ERR_BAD_SNAPSHOT);
        ck_assert_msg(strstr(arm64emu_last_error(t), cases[i].why),
                      "message: %s", arm64emu_last_error(t));
        free(bad);
    }
    ck_assert_int_eq(arm64emu_snapshot_load(t, snap, len), ARM64EMU_OK);
    arm64emu_free(snap);
    arm64emu_destroy(t);
    arm64emu_destroy(m);
    free(src);
}
END_TEST

#define RAM2 0x80000000ull /* a second RAM region, arm64emu_map_ram'd */

START_TEST(sources_in_a_second_region_and_across_a_boundary)
{
    uint8_t *src = pattern(SRC_LEN, 8), *edge = pattern(3 * 4096, 9);
    arm64emu_machine *m = make(NULL);
    ck_assert_int_eq(arm64emu_map_ram(m, RAM2, 1u << 20), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_mem_write(m, RAM2 + 0x20000, src, SRC_LEN),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_ram_source_add(m, "second", src, SRC_LEN,
                                             RAM2 + 0x20000),
                     ARM64EMU_OK);
    /* Placed so that it runs past the end of the first region: never
     * named (its pages are stored instead). */
    uint64_t at = TEST_RAM_BASE + RAM - 4096;
    ck_assert_int_eq(arm64emu_mem_write(m, at, edge, 4096), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_ram_source_add(m, "edge", edge, 3 * 4096, at),
                     ARM64EMU_OK);
    size_t len;
    uint8_t *snap = save(m, 0, &len);

    arm64emu_machine *t = make(NULL);
    ck_assert_int_eq(arm64emu_map_ram(t, RAM2, 1u << 20), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_snapshot_load(t, snap, len),
                     ARM64EMU_ERR_INCOMPATIBLE);
    ck_assert_msg(strstr(arm64emu_last_error(t), "'second'"), "message: %s",
                  arm64emu_last_error(t));
    ck_assert_int_eq(arm64emu_ram_source_add(t, "second", src, SRC_LEN,
                                             ARM64EMU_RAM_SOURCE_UNPLACED),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_snapshot_load(t, snap, len), ARM64EMU_OK);
    uint8_t *a = malloc(SRC_LEN), *b = malloc(SRC_LEN);
    ck_assert(a && b);
    ck_assert_int_eq(arm64emu_mem_read(t, RAM2 + 0x20000, a, SRC_LEN),
                     ARM64EMU_OK);
    ck_assert_int_eq(memcmp(a, src, SRC_LEN), 0);
    ck_assert_int_eq(arm64emu_mem_read(t, at, b, 4096), ARM64EMU_OK);
    ck_assert_int_eq(memcmp(b, edge, 4096), 0);
    free(a);
    free(b);
    arm64emu_free(snap);
    arm64emu_destroy(t);
    arm64emu_destroy(m);
    free(edge);
    free(src);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ram_source");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, sha256_matches_fips_180_examples);
    tcase_add_test(tc, sha256_paths_agree);
    tcase_add_test(tc, snapshot_leaves_out_pages_equal_to_the_source);
    tcase_add_test(tc, load_without_the_source_is_refused_naming_it);
    tcase_add_test(tc, create_from_snapshot_takes_the_configs_sources);
    tcase_add_test(tc, damaged_sourced_snapshots_fail_cleanly);
    tcase_add_test(tc, load_unplaces_sources_the_file_does_not_name);
    tcase_add_test(tc, a_file_naming_a_source_twice_or_overlapping_is_refused);
    tcase_add_test(tc, sources_in_a_second_region_and_across_a_boundary);
    suite_add_tcase(s, tc);
    return test_main(s);
}
