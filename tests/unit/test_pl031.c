/* PL031 RTC driven through its MMIO callbacks with a time source the test
 * controls. */
#include <string.h>

#include "harness.h"
#include "pl031.h"

#define DR 0x00
#define MR 0x04
#define LR 0x08
#define CR 0x0c
#define IMSC 0x10
#define RIS 0x14
#define MIS 0x18
#define ICR 0x1c

typedef struct world {
    uint64_t seconds;
    bool irq;
} world_t;

static uint64_t clock_now(void *ctx)
{
    return ((world_t *)ctx)->seconds;
}

static void irq(void *ctx, unsigned n, bool level)
{
    (void)n;
    ((world_t *)ctx)->irq = level;
}

static void make(pl031_t *r, world_t *w, uint64_t t0)
{
    memset(w, 0, sizeof(*w));
    w->seconds = t0;
    pl031_init(r, clock_now, w, (irq_line_t){irq, w, 34});
}

static uint64_t rd(pl031_t *r, uint64_t off)
{
    uint64_t v = 0xdead;
    ck_assert_int_eq(pl031_read(r, off, 4, &v), 0);
    return v;
}

static void wr(pl031_t *r, uint64_t off, uint64_t v)
{
    ck_assert_int_eq(pl031_write(r, off, 4, v), 0);
}

START_TEST(dr_reads_the_time_source)
{
    pl031_t r;
    world_t w;
    make(&r, &w, 1700000000);
    ck_assert_uint_eq(rd(&r, DR), 1700000000);
    w.seconds += 5;
    ck_assert_uint_eq(rd(&r, DR), 1700000005);
    ck_assert_uint_eq(rd(&r, CR), 1);
}
END_TEST

START_TEST(lr_sets_the_count_which_then_follows_time)
{
    pl031_t r;
    world_t w;
    make(&r, &w, 1000);
    wr(&r, LR, 42);
    ck_assert_uint_eq(rd(&r, LR), 42);
    ck_assert_uint_eq(rd(&r, DR), 42);
    w.seconds += 10;
    ck_assert_uint_eq(rd(&r, DR), 52);
}
END_TEST

START_TEST(alarm_match_raises_the_line)
{
    pl031_t r;
    world_t w;
    make(&r, &w, 100);
    wr(&r, IMSC, 1);
    wr(&r, MR, 103);
    uint64_t when = 0;
    ck_assert(pl031_next_alarm(&r, &when));
    ck_assert_uint_eq(when, 103);
    w.seconds = 102;
    pl031_poll(&r);
    ck_assert(!w.irq);
    ck_assert_uint_eq(rd(&r, RIS), 0);
    w.seconds = 103;
    pl031_poll(&r);
    ck_assert(w.irq);
    ck_assert_uint_eq(rd(&r, RIS), 1);
    ck_assert_uint_eq(rd(&r, MIS), 1);
    ck_assert(!pl031_next_alarm(&r, &when));
    wr(&r, ICR, 1);
    ck_assert(!w.irq);
    ck_assert_uint_eq(rd(&r, RIS), 0);
}
END_TEST

START_TEST(masked_alarm_sets_ris_but_not_the_line)
{
    pl031_t r;
    world_t w;
    make(&r, &w, 100);
    wr(&r, MR, 101);
    w.seconds = 200; /* a late poll still fires, through a read */
    ck_assert_uint_eq(rd(&r, RIS), 1);
    ck_assert(!w.irq);
    ck_assert_uint_eq(rd(&r, MIS), 0);
    wr(&r, IMSC, 1);
    ck_assert(w.irq);
}
END_TEST

START_TEST(alarm_behind_the_count_waits_for_the_wrap)
{
    pl031_t r;
    world_t w;
    make(&r, &w, 100);
    wr(&r, MR, 50);
    uint64_t when;
    ck_assert(pl031_next_alarm(&r, &when));
    ck_assert_uint_eq(when, 100 + (1ull << 32) - 50);
    /* MR equal to the count fires at once, as QEMU's */
    wr(&r, MR, 100);
    ck_assert_uint_eq(rd(&r, RIS), 1);
}
END_TEST

START_TEST(primecell_ids_and_harmless_accesses)
{
    static const uint8_t want[8] = {0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    pl031_t r;
    world_t w;
    make(&r, &w, 7);
    for (unsigned i = 0; i < 8; i++)
        ck_assert_uint_eq(rd(&r, 0xfe0 + 4 * i), want[i]);
    for (unsigned size = 0; size <= 9; size++)
        for (uint64_t off = 0; off < 0x1008; off++) {
            uint64_t v;
            ck_assert_int_eq(pl031_read(&r, off, size, &v), 0);
            if (off != LR && off != MR)
                ck_assert_int_eq(pl031_write(&r, off, size, ~0ull), 0);
        }
    ck_assert_uint_eq(rd(&r, DR), 7);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pl031");
    TCase *tc = tcase_create("pl031");
    tcase_add_test(tc, dr_reads_the_time_source);
    tcase_add_test(tc, lr_sets_the_count_which_then_follows_time);
    tcase_add_test(tc, alarm_match_raises_the_line);
    tcase_add_test(tc, masked_alarm_sets_ris_but_not_the_line);
    tcase_add_test(tc, alarm_behind_the_count_waits_for_the_wrap);
    tcase_add_test(tc, primecell_ids_and_harmless_accesses);
    suite_add_tcase(s, tc);
    return test_main(s);
}
