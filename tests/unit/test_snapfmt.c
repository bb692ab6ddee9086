/* The snapshot record codec against docs/snapshot-format.md: every field
 * type round-trips, encoding is canonical, unknown items follow the
 * reading rules, and no damaged file crashes the reader. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "snapfmt.h"

#define LEVEL 3
#define RAM_BYTES 8192u
#define ZBYTES_LIMIT (1u << 20)

static const uint64_t regs_x[31] = {
    0, 1, 2, 0xffffffffffffffffull, 0x8000000000000000ull, 5, 6, 7, 8, 9, 10,
    11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
    29, 0x123456789abcdef0ull,
};

static void fill_ram(uint8_t *ram)
{
    for (unsigned i = 0; i < RAM_BYTES; i++)
        ram[i] = (uint8_t)(i < 4096 ? i * 7 : 0);
}

/* A small file using every type, two levels of nesting and an optional
 * safe-to-copy record. */
static uint8_t *sample(size_t *len)
{
    uint8_t ram[RAM_BYTES], v[64];
    fill_ram(ram);
    for (unsigned i = 0; i < sizeof(v); i++)
        v[i] = (uint8_t)(0xa0 + i);
    snap_writer_t w;
    snap_w_init(&w);
    ck_assert(snap_w_header(&w, "libarm64emu", "0.0.0-test", 0));
    ck_assert(snap_w_begin(&w, "cpu0", SNAP_F_CRITICAL));
    ck_assert(snap_w_begin(&w, "cpu0.regs", SNAP_F_CRITICAL));
    ck_assert(snap_w_u64(&w, "pc", SNAP_F_CRITICAL, 0x40000000ull));
    ck_assert(snap_w_i64(&w, "delta", 0, -5));
    ck_assert(snap_w_u64_array(&w, "x", SNAP_F_CRITICAL, regs_x, 31));
    ck_assert(snap_w_bytes(&w, "v", 0, v, sizeof(v)));
    ck_assert(snap_w_str(&w, "model", 0, "max"));
    ck_assert(snap_w_bytes(&w, "empty", 0, NULL, 0));
    ck_assert(snap_w_end(&w));
    ck_assert(snap_w_zbytes(&w, "ram", SNAP_F_CRITICAL, ram, sizeof(ram), LEVEL));
    ck_assert(snap_w_end(&w));
    ck_assert(snap_w_begin(&w, "extra", SNAP_F_SAFE_TO_COPY));
    ck_assert(snap_w_u64(&w, "a", 0, 7));
    ck_assert(snap_w_end(&w));
    ck_assert(snap_w_finish(&w));
    uint8_t *b = snap_w_take(&w, len);
    ck_assert_ptr_nonnull(b);
    return b;
}

/* Re-encodes a sequence through the typed getters and emitters. */
static bool copy_seq(snap_cursor_t *c, snap_writer_t *w, snap_err_t *err)
{
    snap_item_t it;
    int r;
    while ((r = snap_next(c, &it, err)) == 1) {
        bool ok = true;
        switch (it.type) {
        case SNAP_T_U64: {
            uint64_t v;
            ok = snap_get_u64(&it, &v, err) && snap_w_u64(w, it.name, it.flags, v);
            break;
        }
        case SNAP_T_I64: {
            int64_t v;
            ok = snap_get_i64(&it, &v, err) && snap_w_i64(w, it.name, it.flags, v);
            break;
        }
        case SNAP_T_BYTES: {
            const uint8_t *p;
            size_t n;
            ok = snap_get_bytes(&it, &p, &n, err) &&
                 snap_w_bytes(w, it.name, it.flags, p, n);
            break;
        }
        case SNAP_T_STRING: {
            char s[256];
            ok = snap_get_str(&it, s, sizeof(s), err) &&
                 snap_w_str(w, it.name, it.flags, s);
            break;
        }
        case SNAP_T_U64_ARRAY: {
            uint64_t a[64];
            size_t n;
            ok = snap_get_u64_array(&it, a, 64, &n, err) &&
                 snap_w_u64_array(w, it.name, it.flags, a, n);
            break;
        }
        case SNAP_T_ZBYTES: {
            uint64_t n;
            if (!snap_get_zbytes_size(&it, &n, err))
                return false;
            if (n > ZBYTES_LIMIT)
                return false;
            uint8_t *p = malloc(n ? (size_t)n : 1);
            ck_assert_ptr_nonnull(p);
            ok = snap_get_zbytes(&it, p, (size_t)n, err) &&
                 snap_w_zbytes(w, it.name, it.flags, p, (size_t)n, LEVEL);
            free(p);
            break;
        }
        case SNAP_T_RECORD: {
            snap_cursor_t child;
            ok = snap_enter(&it, &child, err) &&
                 snap_w_begin(w, it.name, it.flags) && copy_seq(&child, w, err) &&
                 snap_w_end(w);
            break;
        }
        default:
            ok = snap_w_raw(w, it.start, it.size);
            break;
        }
        if (!ok)
            return false;
    }
    return r == 0;
}

/* Loads a file and saves it again; NULL if the load fails. */
static uint8_t *reencode(const uint8_t *file, size_t size, size_t *len,
                         snap_err_t *err)
{
    snap_header_t h;
    snap_cursor_t top;
    snap_writer_t w;
    snap_w_init(&w);
    if (!snap_open(file, size, &h, &top, err) ||
        !snap_w_header(&w, h.producer, h.version, h.flags) ||
        !copy_seq(&top, &w, err) || !snap_w_finish(&w)) {
        snap_w_free(&w);
        return NULL;
    }
    return snap_w_take(&w, len);
}

static void expect_top(snap_cursor_t *top, const char *name, snap_item_t *it)
{
    snap_err_t err = {0};
    ck_assert_int_eq(snap_next(top, it, &err), 1);
    ck_assert_str_eq(it->name, name);
}

static void expect_field(const snap_item_t *rec, const char *name,
                         snap_item_t *it)
{
    snap_err_t err = {0};
    ck_assert_msg(snap_find(rec, name, it, &err) == 1, "field %s: %s", name, err.msg);
}

/* Finds the item whose name is tag; returns its offset. */
static size_t find_item(const uint8_t *b, size_t len, const char *tag)
{
    size_t k = strlen(tag);
    for (size_t i = 3; i + k <= len; i++)
        if (b[i - 1] == k && memcmp(b + i, tag, k) == 0)
            return i - 3;
    ck_abort_msg("item %s not in sample", tag);
    return 0;
}

START_TEST(crc32c_matches_the_castagnoli_check_value)
{
    ck_assert_uint_eq(snap_crc32c(0, "123456789", 9), 0xe3069283u);
    ck_assert_uint_eq(snap_crc32c(snap_crc32c(0, "1234", 4), "56789", 5), 0xe3069283u);
}
END_TEST

START_TEST(every_field_type_and_nesting_round_trips)
{
    size_t len;
    uint8_t *b = sample(&len);
    snap_header_t h;
    snap_cursor_t top;
    snap_err_t err = {0};
    ck_assert_msg(snap_open(b, len, &h, &top, &err), "%s", err.msg);
    ck_assert_uint_eq(h.generation, SNAP_GENERATION);
    ck_assert_str_eq(h.producer, "libarm64emu");
    ck_assert_str_eq(h.version, "0.0.0-test");

    snap_item_t cpu, regs, f;
    expect_top(&top, "cpu0", &cpu);
    ck_assert_uint_eq(cpu.flags, SNAP_F_CRITICAL);
    expect_field(&cpu, "cpu0.regs", &regs);
    ck_assert_uint_eq(regs.depth, 2);
    ck_assert_str_eq(regs.parent, "cpu0");

    uint64_t u;
    expect_field(&regs, "pc", &f);
    ck_assert(snap_get_u64(&f, &u, &err));
    ck_assert_uint_eq(u, 0x40000000ull);
    int64_t i;
    expect_field(&regs, "delta", &f);
    ck_assert(snap_get_i64(&f, &i, &err));
    ck_assert_int_eq(i, -5);
    uint64_t x[31];
    size_t n;
    expect_field(&regs, "x", &f);
    ck_assert(snap_get_u64_array(&f, x, 31, &n, &err));
    ck_assert_uint_eq(n, 31);
    ck_assert_mem_eq(x, regs_x, sizeof(x));
    const uint8_t *p;
    expect_field(&regs, "v", &f);
    ck_assert(snap_get_bytes(&f, &p, &n, &err));
    ck_assert_uint_eq(n, 64);
    ck_assert_uint_eq(p[0], 0xa0);
    ck_assert_uint_eq(p[63], 0xa0 + 63);
    char s[16];
    expect_field(&regs, "model", &f);
    ck_assert(snap_get_str(&f, s, sizeof(s), &err));
    ck_assert_str_eq(s, "max");
    expect_field(&regs, "empty", &f);
    ck_assert(snap_get_bytes(&f, &p, &n, &err));
    ck_assert_uint_eq(n, 0);

    uint8_t want[RAM_BYTES], got[RAM_BYTES];
    fill_ram(want);
    expect_field(&cpu, "ram", &f);
    ck_assert_uint_lt(f.len, RAM_BYTES / 2); /* compressed */
    ck_assert_msg(snap_get_zbytes(&f, got, sizeof(got), &err), "%s", err.msg);
    ck_assert_mem_eq(got, want, sizeof(got));

    snap_item_t extra;
    expect_top(&top, "extra", &extra);
    ck_assert_uint_eq(extra.flags, SNAP_F_SAFE_TO_COPY);
    ck_assert_int_eq(snap_find_u64(&extra, "a", 9, &u, &err), 1);
    ck_assert_uint_eq(u, 7);
    ck_assert_int_eq(snap_find_u64(&extra, "missing", 9, &u, &err), 0);
    ck_assert_uint_eq(u, 9);
    ck_assert_int_eq(snap_next(&top, &f, &err), 0);
    ck_assert(snap_verify(b, len, &err));
    free(b);
}
END_TEST

START_TEST(write_read_write_is_byte_identical)
{
    size_t len, len2, len3;
    uint8_t *b = sample(&len);
    snap_err_t err = {0};
    uint8_t *b2 = reencode(b, len, &len2, &err);
    ck_assert_msg(b2 != NULL, "%s", err.msg);
    ck_assert_uint_eq(len2, len);
    ck_assert_mem_eq(b2, b, len);
    uint8_t *b3 = reencode(b2, len2, &len3, &err);
    ck_assert_ptr_nonnull(b3);
    ck_assert_uint_eq(len3, len);
    ck_assert_mem_eq(b3, b, len);
    free(b);
    free(b2);
    free(b3);
}
END_TEST

START_TEST(kept_safe_to_copy_item_is_written_back_unchanged)
{
    size_t len, len2;
    uint8_t *b = sample(&len);
    snap_header_t h;
    snap_cursor_t top;
    snap_err_t err = {0};
    snap_item_t it;
    snap_writer_t w;
    snap_w_init(&w);
    ck_assert(snap_open(b, len, &h, &top, &err));
    ck_assert(snap_w_header(&w, h.producer, h.version, h.flags));
    while (snap_next(&top, &it, &err) == 1)
        ck_assert(snap_w_raw(&w, it.start, it.size));
    ck_assert(snap_w_finish(&w));
    uint8_t *b2 = snap_w_take(&w, &len2);
    ck_assert_uint_eq(len2, len);
    ck_assert_mem_eq(b2, b, len);
    free(b);
    free(b2);
}
END_TEST

START_TEST(unknown_optional_field_is_skipped_and_reported)
{
    snap_writer_t w;
    snap_w_init(&w);
    snap_w_header(&w, "libarm64emu", "9.9.9", 0);
    snap_w_begin(&w, "pl011.0", SNAP_F_CRITICAL);
    snap_w_u64(&w, "cr", SNAP_F_CRITICAL, 0x301);
    snap_w_u64_array(&w, "future", SNAP_F_SAFE_TO_COPY, regs_x, 3);
    snap_w_end(&w);
    ck_assert(snap_w_finish(&w));
    size_t len;
    uint8_t *b = snap_w_take(&w, &len);

    static const snap_known_t known[] = {{"cr", SNAP_T_U64, false},
                                         {"ifls", SNAP_T_U64, false}};
    snap_header_t h;
    snap_cursor_t top, fields;
    snap_item_t rec;
    snap_err_t err = {0};
    snap_report_t rep;
    snap_report_init(&rep);
    ck_assert(snap_open(b, len, &h, &top, &err));
    ck_assert_int_eq(snap_next(&top, &rec, &err), 1);
    ck_assert(snap_enter(&rec, &fields, &err));
    ck_assert_msg(snap_check_items(&fields, known, 2, &rep, &err), "%s", err.msg);
    ck_assert_uint_eq(rep.skipped, 1);
    ck_assert_ptr_nonnull(strstr(rep.text, "field 'future' in record 'pl011.0'"));
    ck_assert_ptr_nonnull(strstr(rep.text, "kept"));
    uint64_t v;
    ck_assert_int_eq(snap_find_u64(&rec, "ifls", 0x12, &v, &err), 0);
    snap_report_defaulted(&rep, rec.name, "ifls");
    ck_assert_uint_eq(v, 0x12);
    ck_assert_ptr_nonnull(strstr(rep.text, "defaulted missing 'ifls' in record 'pl011.0'"));
    snap_report_free(&rep);
    free(b);
}
END_TEST

START_TEST(unknown_critical_record_is_refused_with_its_name)
{
    snap_writer_t w;
    snap_w_init(&w);
    snap_w_header(&w, "libarm64emu", "9.9.9", 0);
    snap_w_begin(&w, "cpu0", SNAP_F_CRITICAL);
    snap_w_end(&w);
    snap_w_begin(&w, "smmu.future", SNAP_F_CRITICAL);
    snap_w_u64(&w, "x", 0, 1);
    snap_w_end(&w);
    ck_assert(snap_w_finish(&w));
    size_t len;
    uint8_t *b = snap_w_take(&w, &len);

    static const snap_known_t known[] = {{"cpu0", SNAP_T_RECORD, false}};
    snap_header_t h;
    snap_cursor_t top;
    snap_err_t err = {0};
    snap_report_t rep;
    snap_report_init(&rep);
    ck_assert(snap_open(b, len, &h, &top, &err));
    ck_assert(snap_verify(b, len, &err)); /* well formed, just unknown */
    ck_assert(!snap_check_items(&top, known, 1, &rep, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "record 'smmu.future'"));
    ck_assert_ptr_nonnull(strstr(err.msg, "critical"));
    ck_assert_uint_eq(err.offset, find_item(b, len, "smmu.future"));
    snap_report_free(&rep);
    free(b);
}
END_TEST

START_TEST(known_name_with_another_type_or_twice_is_refused)
{
    snap_writer_t w;
    snap_w_init(&w);
    snap_w_header(&w, "libarm64emu", "9.9.9", 0);
    snap_w_begin(&w, "timer0", SNAP_F_CRITICAL);
    snap_w_str(&w, "cval", 0, "12");
    snap_w_end(&w);
    snap_w_begin(&w, "timer0", SNAP_F_CRITICAL);
    snap_w_end(&w);
    ck_assert(snap_w_finish(&w));
    size_t len;
    uint8_t *b = snap_w_take(&w, &len);
    snap_header_t h;
    snap_cursor_t top;
    snap_item_t rec, f;
    snap_err_t err = {0};
    ck_assert(snap_open(b, len, &h, &top, &err));
    static const snap_known_t known[] = {{"timer0", SNAP_T_RECORD, false}};
    ck_assert(!snap_check_items(&top, known, 1, NULL, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "record 'timer0'"));
    ck_assert_ptr_nonnull(strstr(err.msg, "more than once"));
    ck_assert_int_eq(snap_next(&top, &rec, &err), 1);
    ck_assert_int_eq(snap_find(&rec, "cval", &f, &err), 1);
    uint64_t v;
    ck_assert(!snap_get_u64(&f, &v, &err));
    ck_assert_str_eq(err.msg, "snapshot field 'cval' in record 'timer0' at offset 55: "
                              "is a string where a u64 is expected");
    char small[2];
    ck_assert(!snap_get_str(&f, small, sizeof(small), &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "exceeds"));
    ck_assert(!snap_get_zbytes(&f, small, sizeof(small), &err));
    free(b);
}
END_TEST

START_TEST(strings_must_be_utf8_without_nul)
{
    static const char *const bad[] = {"a\xff", "\xc0\x80", "\xed\xa0\x80", "\xe2\x82"};
    for (unsigned i = 0; i < 5; i++) {
        snap_writer_t w;
        snap_w_init(&w);
        snap_w_header(&w, "libarm64emu", "9.9.9", 0);
        snap_w_begin(&w, "r", 0);
        if (i < 4)
            snap_w_str(&w, "s", 0, bad[i]);
        else
            snap_w_bytes(&w, "s", 0, "a\0b", 3);
        snap_w_end(&w);
        ck_assert(snap_w_finish(&w));
        size_t len;
        uint8_t *b = snap_w_take(&w, &len);
        if (i == 4)
            b[find_item(b, len, "s")] = SNAP_T_STRING; /* bytes with a NUL */
        size_t r = find_item(b, len, "r"), e = find_item(b, len, SNAP_END_TAG);
        uint32_t crc = snap_crc32c(0, b + r, e - 4 - r);
        for (unsigned j = 0; j < 4; j++)
            b[e - 4 + j] = (uint8_t)(crc >> (8 * j));
        snap_err_t err = {0};
        ck_assert_msg(!snap_verify(b, len, &err), "string %u accepted", i);
        ck_assert_ptr_nonnull(strstr(err.msg, "field 's' in record 'r'"));
        ck_assert_ptr_nonnull(strstr(err.msg, "not UTF-8"));
        free(b);
    }
    snap_writer_t w;
    snap_w_init(&w);
    snap_w_header(&w, "libarm64emu", "9.9.9", 0);
    snap_w_begin(&w, "r", 0);
    snap_w_str(&w, "s", 0, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    snap_w_end(&w);
    ck_assert(snap_w_finish(&w));
    size_t len;
    uint8_t *b = snap_w_take(&w, &len);
    snap_err_t err = {0};
    ck_assert_msg(snap_verify(b, len, &err), "%s", err.msg);
    free(b);
}
END_TEST

START_TEST(crc_mismatch_is_detected_and_named)
{
    size_t len;
    uint8_t *b = sample(&len);
    size_t at = find_item(b, len, "extra");
    b[len - 30] ^= 0x10; /* inside 'extra' (the end record is 27 bytes) */
    snap_err_t err = {0};
    ck_assert(!snap_verify(b, len, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "record 'extra'"));
    ck_assert_ptr_nonnull(strstr(err.msg, "CRC mismatch"));
    ck_assert_uint_eq(err.offset, at);
    free(b);
}
END_TEST

START_TEST(length_beyond_the_file_is_refused_before_use)
{
    snap_writer_t w;
    snap_w_init(&w);
    snap_w_header(&w, "libarm64emu", "9.9.9", 0);
    snap_w_begin(&w, "gic.dist", SNAP_F_CRITICAL);
    snap_w_u64(&w, "ctlr", 0, 1);
    snap_w_end(&w);
    ck_assert(snap_w_finish(&w));
    size_t len;
    uint8_t *b = snap_w_take(&w, &len);
    size_t at = find_item(b, len, "gic.dist");
    uint8_t *lenf = b + at + 3 + 8;
    uint64_t claims[] = {70000, 0xffffffffffffffffull, len};
    for (unsigned i = 0; i < 3; i++) {
        for (unsigned j = 0; j < 8; j++)
            lenf[j] = (uint8_t)(claims[i] >> (8 * j));
        snap_err_t err = {0};
        ck_assert(!snap_verify(b, len, &err));
        ck_assert_ptr_nonnull(strstr(err.msg, "snapshot record 'gic.dist' at offset"));
        ck_assert_ptr_nonnull(strstr(err.msg, "exceeds the"));
        ck_assert_uint_eq(err.offset, at);
    }
    free(b);
}
END_TEST

START_TEST(zbytes_size_must_match_what_the_reader_expects)
{
    size_t len;
    uint8_t *b = sample(&len);
    snap_header_t h;
    snap_cursor_t top;
    snap_item_t cpu, f;
    snap_err_t err = {0};
    ck_assert(snap_open(b, len, &h, &top, &err));
    expect_top(&top, "cpu0", &cpu);
    expect_field(&cpu, "ram", &f);
    uint8_t small[16];
    ck_assert(!snap_get_zbytes(&f, small, sizeof(small), &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "field 'ram' in record 'cpu0'"));
    ck_assert_ptr_nonnull(strstr(err.msg, "8192"));
    free(b);
}
END_TEST

START_TEST(header_problems_are_refused)
{
    size_t len;
    uint8_t *b = sample(&len);
    snap_err_t err = {0};
    b[0] ^= 1;
    ck_assert(!snap_verify(b, len, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "bad magic"));
    free(b);

    uint32_t flags[] = {1u, 1u << 16};
    for (unsigned i = 0; i < 2; i++) {
        snap_writer_t w;
        snap_w_init(&w);
        snap_w_header(&w, "libarm64emu", "9.9.9", flags[i]);
        ck_assert(snap_w_finish(&w));
        b = snap_w_take(&w, &len);
        ck_assert_int_eq(snap_verify(b, len, &err), i == 1);
        if (i == 0)
            ck_assert_ptr_nonnull(strstr(err.msg, "unknown critical header flags"));
        free(b);
    }
}
END_TEST

START_TEST(end_record_must_close_the_file)
{
    size_t len;
    uint8_t *b = sample(&len);
    uint8_t *longer = malloc(len + 1);
    memcpy(longer, b, len);
    longer[len] = 0;
    snap_err_t err = {0};
    ck_assert(!snap_verify(longer, len + 1, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "follow the 'snapshot.end' record"));
    size_t end = find_item(b, len, SNAP_END_TAG);
    ck_assert(!snap_verify(b, end, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "no 'snapshot.end' record"));
    free(longer);
    free(b);
}
END_TEST

START_TEST(writer_refuses_bad_names_and_misuse)
{
    snap_writer_t w;
    snap_w_init(&w);
    ck_assert(!snap_w_u64(&w, "a", 0, 1)); /* before the header */
    snap_w_free(&w);
    snap_w_header(&w, "libarm64emu", "1", 0);
    ck_assert(!snap_w_u64(&w, "a", 0, 1)); /* top level field */
    snap_w_free(&w);
    snap_w_header(&w, "libarm64emu", "1", 0);
    ck_assert(!snap_w_begin(&w, "Upper", 0));
    snap_w_free(&w);
    snap_w_header(&w, "libarm64emu", "1", 0);
    for (unsigned i = 0; i < SNAP_DEPTH_MAX; i++)
        ck_assert(snap_w_begin(&w, "r", 0));
    ck_assert(!snap_w_begin(&w, "r", 0));
    size_t len;
    ck_assert_ptr_null(snap_w_take(&w, &len));
    ck_assert_uint_eq(len, 0);
}
END_TEST

/* Every prefix of a valid file is refused with a message, and the exact
 * size allocation lets the sanitizer catch any read past it. */
START_TEST(truncation_at_every_offset_fails_cleanly)
{
    size_t len;
    uint8_t *b = sample(&len);
    for (size_t n = 0; n < len; n++) {
        uint8_t *t = malloc(n ? n : 1);
        memcpy(t, b, n);
        snap_err_t err = {0};
        ck_assert_msg(!snap_verify(t, n, &err), "prefix %zu accepted", n);
        ck_assert_msg(strncmp(err.msg, "snapshot ", 9) == 0, "prefix %zu: '%s'", n, err.msg);
        size_t l2;
        ck_assert_ptr_null(reencode(t, n, &l2, &err));
        free(t);
    }
    free(b);
}
END_TEST

START_TEST(random_bit_flips_never_crash)
{
    size_t len;
    uint8_t *b = sample(&len);
    uint8_t *t = malloc(len);
    uint64_t s = 0x9e3779b97f4a7c15ull;
    unsigned refused = 0;
    for (unsigned i = 0; i < 3000; i++) {
        memcpy(t, b, len);
        unsigned flips = 1 + i % 3;
        for (unsigned j = 0; j < flips; j++) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            size_t bit = (size_t)(s % (len * 8));
            t[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        }
        snap_err_t err = {0};
        bool ok = snap_verify(t, len, &err);
        size_t l2;
        uint8_t *r = reencode(t, len, &l2, &err);
        refused += !ok;
        if (!ok)
            ck_assert_uint_gt(strlen(err.msg), 0);
        free(r);
    }
    /* Almost every flip lands under a CRC. */
    ck_assert_uint_gt(refused, 2900);
    free(t);
    free(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("snapfmt");
    TCase *tc = tcase_create("snapfmt");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, crc32c_matches_the_castagnoli_check_value);
    tcase_add_test(tc, every_field_type_and_nesting_round_trips);
    tcase_add_test(tc, write_read_write_is_byte_identical);
    tcase_add_test(tc, kept_safe_to_copy_item_is_written_back_unchanged);
    tcase_add_test(tc, unknown_optional_field_is_skipped_and_reported);
    tcase_add_test(tc, unknown_critical_record_is_refused_with_its_name);
    tcase_add_test(tc, known_name_with_another_type_or_twice_is_refused);
    tcase_add_test(tc, strings_must_be_utf8_without_nul);
    tcase_add_test(tc, crc_mismatch_is_detected_and_named);
    tcase_add_test(tc, length_beyond_the_file_is_refused_before_use);
    tcase_add_test(tc, zbytes_size_must_match_what_the_reader_expects);
    tcase_add_test(tc, header_problems_are_refused);
    tcase_add_test(tc, end_record_must_close_the_file);
    tcase_add_test(tc, writer_refuses_bad_names_and_misuse);
    tcase_add_test(tc, truncation_at_every_offset_fails_cleanly);
    tcase_add_test(tc, random_bit_flips_never_crash);
    suite_add_tcase(s, tc);
    return test_main(s);
}
