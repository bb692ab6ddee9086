/* The virt board's PL011 UART and PL031 RTC: creation, wiring, the RTC's
 * alarm as a clock event, and the arm64emu_uart_* calls. */
#include "board.h"

#include <stdio.h>
#include <stdlib.h>

#include "gic.h"
#include "machine.h"
#include "pl011.h"
#include "pl031.h"
#include "timer.h"

static void uart_tx(void *ctx, uint8_t byte)
{
    const board_t *b = ctx;
    if (b->tx)
        b->tx(b->tx_user, byte);
}

/* The RTC counts virtual seconds from 0 (1970-01-01): deterministic. */
static uint64_t rtc_now(void *ctx)
{
    const machine_t *m = ctx;
    return vclock_ticks(m, m->clock.running,
                        m->clock.running ? m->clock.running->icount : 0) /
           GT_CNTFRQ_HZ;
}

int board_devices_create(machine_t *m, char *err, size_t err_len)
{
    board_t *b = m->board;
    b->uart = calloc(1, sizeof(pl011_t));
    b->rtc = calloc(1, sizeof(pl031_t));
    if (!b->uart || !b->rtc) {
        snprintf(err, err_len, "out of memory creating the UART and RTC");
        return ARM64EMU_ERR_NO_MEMORY;
    }
    pl011_init(b->uart, uart_tx, b, gic_spi_line(b->gic, 32 + VIRT_UART_SPI));
    pl031_init(b->rtc, rtc_now, m, gic_spi_line(b->gic, 32 + VIRT_RTC_SPI));
    region_t u = {.base = VIRT_UART_BASE, .size = PL011_SIZE,
                  .read = pl011_read, .write = pl011_write, .user = b->uart};
    region_t r = {.base = VIRT_RTC_BASE, .size = PL031_SIZE,
                  .read = pl031_read, .write = pl031_write, .user = b->rtc};
    int rc = bus_add(&m->bus, &u, err, err_len);
    if (rc == ARM64EMU_OK)
        rc = bus_add(&m->bus, &r, err, err_len);
    return rc;
}

void board_devices_free(machine_t *m)
{
    free(m->board->uart);
    free(m->board->rtc);
}

uint64_t board_devices_event(machine_t *m, uint64_t next)
{
    pl031_t *rtc = m->board->rtc;
    if (!rtc)
        return next;
    pl031_poll(rtc);
    uint64_t when;
    if (!pl031_next_alarm(rtc, &when))
        return next;
    uint64_t per_sec = (uint64_t)GT_CNTFRQ_HZ * m->clock.ipt;
    if (when > UINT64_MAX / per_sec)
        return next;
    return when * per_sec < next ? when * per_sec : next;
}

int arm64emu_uart_set_tx(arm64emu_machine *m, arm64emu_uart_tx_fn tx,
                         void *user)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    board_t *b = board_of(m);
    if (!b)
        return ARM64EMU_ERR_UNSUPPORTED;
    b->tx = tx;
    b->tx_user = user;
    return machine_ok(m);
}

int arm64emu_uart_rx(arm64emu_machine *m, const void *bytes, size_t len,
                     size_t *accepted)
{
    if (!m || (!bytes && len) || !accepted)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    *accepted = 0;
    board_t *b = board_of(m);
    if (!b)
        return ARM64EMU_ERR_UNSUPPORTED;
    *accepted = pl011_receive(b->uart, bytes, len);
    return machine_ok(m);
}
