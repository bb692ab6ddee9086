/* Named upgrade steps (docs/snapshot-format.md §7.3): a step turns a
 * retired record into its successor before a load, steps run in order,
 * everything else is copied byte for byte, and this build's own table is
 * consistent. The golden before/after files are built here with the codec:
 * "before" holds the retired record demo.old, "after" what the steps must
 * produce from it. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "snap_upgrade.h"

/* demo.old {value} becomes demo.new {twice = 2 * value}. */
static bool old_to_new(const snap_item_t *old, snap_writer_t *w,
                       snap_err_t *err)
{
    snap_item_t f;
    uint64_t v;
    if (snap_find(old, "value", &f, err) != 1 || !snap_get_u64(&f, &v, err))
        return false;
    return snap_w_begin(w, "demo.new", SNAP_F_CRITICAL) &&
           snap_w_u64(w, "twice", SNAP_F_CRITICAL, 2 * v) && snap_w_end(w);
}

/* demo.new {twice} becomes demo.newer {twice, plus_one}. */
static bool new_to_newer(const snap_item_t *old, snap_writer_t *w,
                         snap_err_t *err)
{
    snap_item_t f;
    uint64_t v;
    if (snap_find(old, "twice", &f, err) != 1 || !snap_get_u64(&f, &v, err))
        return false;
    return snap_w_begin(w, "demo.newer", SNAP_F_CRITICAL) &&
           snap_w_u64(w, "twice", SNAP_F_CRITICAL, v) &&
           snap_w_u64(w, "plus_one", SNAP_F_CRITICAL, v + 1) && snap_w_end(w);
}

static const snap_upgrade_step_t steps[] = {
    {"upgrade_demo.old_to_demo.new", "demo.old", old_to_new},
    {"upgrade_demo.new_to_demo.newer", "demo.new", new_to_newer},
    {NULL, NULL, NULL},
};

/* A file: header, keep {x = 7}, then the given middle, then end. */
typedef void (*middle_fn)(snap_writer_t *w);

static uint8_t *file_with(middle_fn middle, size_t *len)
{
    snap_writer_t w;
    snap_w_init(&w);
    ck_assert(snap_w_header(&w, "libarm64emu", "0.0.1-test", 0));
    ck_assert(snap_w_begin(&w, "keep", SNAP_F_CRITICAL));
    ck_assert(snap_w_u64(&w, "x", SNAP_F_CRITICAL, 7));
    ck_assert(snap_w_end(&w));
    middle(&w);
    ck_assert(snap_w_finish(&w));
    uint8_t *b = snap_w_take(&w, len);
    ck_assert_ptr_nonnull(b);
    return b;
}

static void before_middle(snap_writer_t *w)
{
    ck_assert(snap_w_begin(w, "demo.old", SNAP_F_CRITICAL));
    ck_assert(snap_w_u64(w, "value", SNAP_F_CRITICAL, 21));
    ck_assert(snap_w_end(w));
}

static void after_middle(snap_writer_t *w)
{
    ck_assert(snap_w_begin(w, "demo.newer", SNAP_F_CRITICAL));
    ck_assert(snap_w_u64(w, "twice", SNAP_F_CRITICAL, 42));
    ck_assert(snap_w_u64(w, "plus_one", SNAP_F_CRITICAL, 43));
    ck_assert(snap_w_end(w));
}

static void no_middle(snap_writer_t *w)
{
    (void)w;
}

static void bad_middle(snap_writer_t *w)
{
    ck_assert(snap_w_begin(w, "demo.old", SNAP_F_CRITICAL));
    ck_assert(snap_w_str(w, "value", SNAP_F_CRITICAL, "not a number"));
    ck_assert(snap_w_end(w));
}

START_TEST(steps_turn_the_golden_before_into_the_golden_after)
{
    size_t blen, alen, olen;
    uint8_t *before = file_with(before_middle, &blen);
    uint8_t *after = file_with(after_middle, &alen);
    uint8_t *out = NULL;
    snap_report_t rep;
    snap_report_init(&rep);
    snap_err_t err = {0, ""};
    ck_assert_msg(snap_upgrade(before, blen, steps, &out, &olen, &rep, &err),
                  "%s", err.msg);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(olen, alen);
    ck_assert(memcmp(out, after, alen) == 0);
    ck_assert_ptr_nonnull(strstr(rep.text, "upgrade_demo.old_to_demo.new"));
    ck_assert_ptr_nonnull(strstr(rep.text, "upgrade_demo.new_to_demo.newer"));
    snap_report_free(&rep);
    free(before);
    free(after);
    free(out);
}
END_TEST

START_TEST(a_file_without_retired_records_is_left_alone)
{
    size_t len, olen = 1;
    uint8_t *f = file_with(no_middle, &len);
    uint8_t *out = (uint8_t *)f;
    snap_err_t err = {0, ""};
    ck_assert(snap_upgrade(f, len, steps, &out, &olen, NULL, &err));
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(olen, 0);
    free(f);
}
END_TEST

START_TEST(a_malformed_retired_record_fails_naming_it)
{
    size_t len, olen;
    uint8_t *f = file_with(bad_middle, &len);
    uint8_t *out = NULL;
    snap_err_t err = {0, ""};
    ck_assert(!snap_upgrade(f, len, steps, &out, &olen, NULL, &err));
    ck_assert_ptr_null(out);
    ck_assert_ptr_nonnull(strstr(err.msg, "value"));
    free(f);
}
END_TEST

START_TEST(a_damaged_file_fails_without_output)
{
    size_t len, olen;
    uint8_t *f = file_with(before_middle, &len);
    f[len - 10] ^= 0x40; /* inside the end record's CRC region */
    uint8_t *out = NULL;
    snap_err_t err = {0, ""};
    ck_assert(!snap_upgrade(f, len, steps, &out, &olen, NULL, &err));
    ck_assert_ptr_null(out);
    free(f);
}
END_TEST

START_TEST(this_builds_steps_have_names_and_distinct_inputs)
{
    for (const snap_upgrade_step_t *s = snap_upgrade_steps; s->name; s++) {
        ck_assert_ptr_nonnull(s->from);
        ck_assert_ptr_nonnull(s->fn);
        ck_assert(strncmp(s->name, "upgrade_", 8) == 0);
        for (const snap_upgrade_step_t *t = s + 1; t->name; t++)
            ck_assert_str_ne(s->from, t->from);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("snap_upgrade");
    TCase *tc = tcase_create("steps");
    tcase_add_test(tc, steps_turn_the_golden_before_into_the_golden_after);
    tcase_add_test(tc, a_file_without_retired_records_is_left_alone);
    tcase_add_test(tc, a_malformed_retired_record_fails_naming_it);
    tcase_add_test(tc, a_damaged_file_fails_without_output);
    tcase_add_test(tc, this_builds_steps_have_names_and_distinct_inputs);
    suite_add_tcase(s, tc);
    return test_main(s);
}
