/* PL011 UART driven through its MMIO callbacks: transmit, flags, the
 * receive FIFO and its interrupts, identification. */
#include <string.h>

#include "harness.h"
#include "pl011.h"

#define DR 0x000
#define RSR 0x004
#define FR 0x018
#define IBRD 0x024
#define LCR_H 0x02c
#define CR 0x030
#define IFLS 0x034
#define IMSC 0x038
#define RIS 0x03c
#define MIS 0x040
#define ICR 0x044

#define FR_RXFE 0x10
#define FR_TXFF 0x20
#define FR_RXFF 0x40
#define FR_TXFE 0x80
#define INT_RX 0x10
#define INT_TX 0x20
#define INT_RT 0x40

typedef struct sink {
    uint8_t out[64];
    unsigned n;
    bool irq;
    unsigned irq_calls;
} sink_t;

static void tx(void *ctx, uint8_t b)
{
    sink_t *s = ctx;
    if (s->n < sizeof(s->out))
        s->out[s->n++] = b;
}

static void irq(void *ctx, unsigned n, bool level)
{
    (void)n;
    sink_t *s = ctx;
    s->irq = level;
    s->irq_calls++;
}

static void make(pl011_t *u, sink_t *s)
{
    memset(s, 0, sizeof(*s));
    pl011_init(u, tx, s, (irq_line_t){irq, s, 33});
}

static uint64_t r(pl011_t *u, uint64_t off)
{
    uint64_t v = 0xdead;
    ck_assert_int_eq(pl011_read(u, off, 4, &v), 0);
    return v;
}

static void w(pl011_t *u, uint64_t off, uint64_t v)
{
    ck_assert_int_eq(pl011_write(u, off, 4, v), 0);
}

START_TEST(tx_callback_receives_bytes_written_to_dr)
{
    pl011_t u;
    sink_t s;
    make(&u, &s);
    ck_assert_int_eq(pl011_write(&u, DR, 1, 'h'), 0); /* earlycon: byte */
    w(&u, DR, 0x100 | 'i');                           /* driver: word */
    ck_assert_uint_eq(s.n, 2);
    ck_assert_mem_eq(s.out, "hi", 2);
    ck_assert_uint_eq(r(&u, FR) & (FR_TXFE | FR_TXFF), FR_TXFE);
}
END_TEST

START_TEST(flags_track_the_receive_fifo)
{
    pl011_t u;
    sink_t s;
    make(&u, &s);
    ck_assert_uint_eq(r(&u, FR), FR_RXFE | FR_TXFE);
    /* without FIFOs one byte fills it */
    ck_assert_uint_eq(pl011_receive(&u, (const uint8_t *)"ab", 2), 1);
    ck_assert_uint_eq(r(&u, FR) & (FR_RXFE | FR_RXFF), FR_RXFF);
    ck_assert_uint_eq(r(&u, DR), 'a');
    ck_assert_uint_eq(r(&u, FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
    /* with FIFOs: 16 entries */
    w(&u, LCR_H, 0x70); /* FEN, 8 bits */
    uint8_t buf[20];
    for (unsigned i = 0; i < 20; i++)
        buf[i] = (uint8_t)('A' + i);
    ck_assert_uint_eq(pl011_rx_room(&u), 16);
    ck_assert_uint_eq(pl011_receive(&u, buf, 20), 16);
    ck_assert_uint_eq(pl011_rx_room(&u), 0);
    ck_assert_uint_eq(r(&u, FR) & (FR_RXFE | FR_RXFF), FR_RXFF);
    for (unsigned i = 0; i < 16; i++)
        ck_assert_uint_eq(r(&u, DR), 'A' + i);
    ck_assert_uint_eq(r(&u, FR) & FR_RXFE, FR_RXFE);
    /* toggling FEN empties the FIFO */
    ck_assert_uint_eq(pl011_receive(&u, buf, 3), 3);
    w(&u, LCR_H, 0x60);
    ck_assert_uint_eq(r(&u, FR) & FR_RXFE, FR_RXFE);
}
END_TEST

START_TEST(rx_level_interrupt_follows_ifls)
{
    pl011_t u;
    sink_t s;
    make(&u, &s);
    w(&u, LCR_H, 0x70);
    w(&u, IFLS, 2 << 3); /* RX at 1/2: 8 entries */
    w(&u, IMSC, INT_RX);
    uint8_t buf[8] = "01234567";
    pl011_receive(&u, buf, 7);
    ck_assert(!s.irq);
    ck_assert_uint_eq(r(&u, RIS) & INT_RX, 0);
    pl011_receive(&u, buf + 7, 1);
    ck_assert(s.irq);
    ck_assert_uint_eq(r(&u, MIS), INT_RX);
    r(&u, DR); /* below the level: cleared */
    ck_assert(!s.irq);
    ck_assert_uint_eq(r(&u, RIS) & INT_RX, 0);
}
END_TEST

START_TEST(rx_timeout_fires_for_data_below_the_level_until_emptied)
{
    pl011_t u;
    sink_t s;
    make(&u, &s);
    w(&u, LCR_H, 0x70);
    w(&u, IMSC, INT_RX | INT_RT); /* as Linux's amba-pl011 */
    pl011_receive(&u, (const uint8_t *)"x", 1);
    ck_assert(s.irq);
    ck_assert_uint_eq(r(&u, MIS), INT_RT);
    ck_assert_uint_eq(r(&u, DR), 'x');
    ck_assert(!s.irq);
    /* ICR clears it too */
    pl011_receive(&u, (const uint8_t *)"yz", 2);
    ck_assert(s.irq);
    w(&u, ICR, INT_RT | INT_RX);
    ck_assert(!s.irq);
    ck_assert_uint_eq(r(&u, FR) & FR_RXFE, 0);
}
END_TEST

START_TEST(tx_interrupt_is_raised_by_writes_and_cleared_by_icr)
{
    pl011_t u;
    sink_t s;
    make(&u, &s);
    w(&u, IMSC, INT_TX);
    ck_assert(!s.irq);
    w(&u, DR, 'a');
    ck_assert(s.irq);
    w(&u, ICR, INT_TX);
    ck_assert(!s.irq);
    w(&u, DR, 'b');
    w(&u, IMSC, 0);
    ck_assert(!s.irq);
    ck_assert_uint_eq(r(&u, RIS) & INT_TX, INT_TX);
}
END_TEST

START_TEST(loopback_feeds_written_bytes_to_the_receiver)
{
    pl011_t u;
    sink_t s;
    make(&u, &s);
    w(&u, CR, 0x381); /* UARTEN, LBE, TXE, RXE */
    w(&u, DR, 'q');
    ck_assert_uint_eq(r(&u, DR), 'q');
}
END_TEST

START_TEST(primecell_ids_match_qemu)
{
    static const uint8_t want[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    pl011_t u;
    sink_t s;
    make(&u, &s);
    for (unsigned i = 0; i < 8; i++)
        ck_assert_uint_eq(r(&u, 0xfe0 + 4 * i), want[i]);
}
END_TEST

START_TEST(reset_values_and_register_masks)
{
    pl011_t u;
    sink_t s;
    make(&u, &s);
    ck_assert_uint_eq(r(&u, CR), 0x300);
    ck_assert_uint_eq(r(&u, IFLS), 0x12);
    w(&u, IBRD, 0x12345);
    ck_assert_uint_eq(r(&u, IBRD), 0x2345);
    ck_assert_uint_eq(pl011_write(&u, IBRD, 2, 0x11), 0);
    uint64_t v;
    ck_assert_int_eq(pl011_read(&u, IBRD, 1, &v), 0);
    ck_assert_uint_eq(v, 0x11);
    w(&u, RSR, 0);
    ck_assert_uint_eq(r(&u, RSR), 0);
}
END_TEST

START_TEST(any_offset_and_size_is_harmless)
{
    pl011_t u;
    sink_t s;
    make(&u, &s);
    for (unsigned size = 0; size <= 16; size++)
        for (uint64_t off = 0; off < 0x1010; off++) {
            uint64_t v;
            ck_assert_int_eq(pl011_read(&u, off, size, &v), 0);
            if (off != DR)
                ck_assert_int_eq(pl011_write(&u, off, size, ~0ull), 0);
        }
    /* still a working UART */
    w(&u, ICR, 0x7ff);
    w(&u, DR, 'k');
    ck_assert_uint_eq(s.out[s.n - 1], 'k');
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pl011");
    TCase *tc = tcase_create("pl011");
    tcase_add_test(tc, tx_callback_receives_bytes_written_to_dr);
    tcase_add_test(tc, flags_track_the_receive_fifo);
    tcase_add_test(tc, rx_level_interrupt_follows_ifls);
    tcase_add_test(tc, rx_timeout_fires_for_data_below_the_level_until_emptied);
    tcase_add_test(tc, tx_interrupt_is_raised_by_writes_and_cleared_by_icr);
    tcase_add_test(tc, loopback_feeds_written_bytes_to_the_receiver);
    tcase_add_test(tc, primecell_ids_match_qemu);
    tcase_add_test(tc, reset_values_and_register_masks);
    tcase_add_test(tc, any_offset_and_size_is_harmless);
    suite_add_tcase(s, tc);
    return test_main(s);
}
