/* Arm PrimeCell UART (PL011): registers, receive FIFO, interrupts. */
#include <string.h>

#include "pl011.h"

enum {
    UARTDR = 0x000,
    UARTRSR = 0x004, /* read: RSR, write: ECR */
    UARTFR = 0x018,
    UARTILPR = 0x020,
    UARTIBRD = 0x024,
    UARTFBRD = 0x028,
    UARTLCR_H = 0x02c,
    UARTCR = 0x030,
    UARTIFLS = 0x034,
    UARTIMSC = 0x038,
    UARTRIS = 0x03c,
    UARTMIS = 0x040,
    UARTICR = 0x044,
    UARTDMACR = 0x048,
};

#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define FR_RXFF (1u << 6)
#define FR_TXFE (1u << 7)
#define LCR_FEN (1u << 4)
#define CR_LBE (1u << 7)
#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_RT (1u << 6)
#define INT_ALL 0x7ffu

static unsigned depth(const pl011_state_t *s)
{
    return (s->lcr_h & LCR_FEN) ? PL011_FIFO_DEPTH : 1;
}

/* Entries at which the RX interrupt asserts (IFLS.RXIFLSEL). */
static unsigned rx_trigger(const pl011_state_t *s)
{
    static const uint8_t level[8] = {2, 4, 8, 12, 14, 14, 14, 14};
    return (s->lcr_h & LCR_FEN) ? level[(s->ifls >> 3) & 7] : 1;
}

static void update(pl011_t *u, bool force)
{
    bool level = (u->state.ris & u->state.imsc) != 0;
    if (force || level != u->state.irq_out) {
        u->state.irq_out = level;
        irq_line_set(&u->irq, level);
    }
}

void pl011_sync(pl011_t *u)
{
    update(u, true);
}

static void reset_rx_fifo(pl011_state_t *s)
{
    s->rx_pos = 0;
    s->rx_count = 0;
    s->ris &= ~(INT_RX | INT_RT);
}

void pl011_reset(pl011_t *u)
{
    memset(&u->state, 0, sizeof(u->state));
    u->state.cr = 0x300; /* TXE, RXE */
    u->state.ifls = 0x12;
    update(u, true);
}

void pl011_init(pl011_t *u, pl011_tx_fn tx, void *tx_ctx, irq_line_t irq)
{
    u->tx = tx;
    u->tx_ctx = tx_ctx;
    u->irq = irq;
    pl011_reset(u);
}

unsigned pl011_rx_room(const pl011_t *u)
{
    unsigned d = depth(&u->state);
    return u->state.rx_count < d ? d - u->state.rx_count : 0;
}

static bool put_fifo(pl011_state_t *s, uint16_t v)
{
    unsigned d = depth(s);
    if (s->rx_count >= d)
        return false;
    s->rx_fifo[(s->rx_pos + s->rx_count) % d] = v;
    s->rx_count++;
    if (s->rx_count >= rx_trigger(s))
        s->ris |= INT_RX;
    return true;
}

size_t pl011_receive(pl011_t *u, const uint8_t *buf, size_t len)
{
    size_t n = 0;
    while (n < len && put_fifo(&u->state, buf[n]))
        n++;
    if (u->state.rx_count)
        u->state.ris |= INT_RT; /* the line is idle after the burst */
    update(u, false);
    return n;
}

static uint16_t read_dr(pl011_t *u)
{
    pl011_state_t *s = &u->state;
    uint16_t c = s->rx_fifo[s->rx_pos % PL011_FIFO_DEPTH];
    if (s->rx_count) {
        s->rx_count--;
        s->rx_pos = (uint8_t)((s->rx_pos + 1) % depth(s));
    }
    if (s->rx_count < rx_trigger(s))
        s->ris &= ~INT_RX;
    if (!s->rx_count)
        s->ris &= ~INT_RT;
    s->rsr = (c >> 8) & 0xf;
    update(u, false);
    return c;
}

static void write_dr(pl011_t *u, uint64_t v)
{
    uint8_t byte = (uint8_t)v;
    if (u->tx)
        u->tx(u->tx_ctx, byte);
    if (u->state.cr & CR_LBE)
        put_fifo(&u->state, byte);
    u->state.ris |= INT_TX; /* the transmit FIFO drained at once */
    update(u, false);
}

static uint32_t read_fr(const pl011_state_t *s)
{
    uint32_t fr = FR_TXFE;
    if (!s->rx_count)
        fr |= FR_RXFE;
    if (s->rx_count >= depth(s))
        fr |= FR_RXFF;
    return fr;
}

int pl011_read(void *user, uint64_t off, unsigned size, uint64_t *value)
{
    static const uint8_t ids[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    pl011_t *u = user;
    const pl011_state_t *s = &u->state;
    uint64_t v = 0;
    *value = 0;
    if ((size != 1 && size != 2 && size != 4 && size != 8) || (off & 3))
        return 0;
    switch (off) {
    case UARTDR: v = read_dr(u); break;
    case UARTRSR: v = s->rsr; break;
    case UARTFR: v = read_fr(s); break;
    case UARTILPR: v = s->ilpr; break;
    case UARTIBRD: v = s->ibrd; break;
    case UARTFBRD: v = s->fbrd; break;
    case UARTLCR_H: v = s->lcr_h; break;
    case UARTCR: v = s->cr; break;
    case UARTIFLS: v = s->ifls; break;
    case UARTIMSC: v = s->imsc; break;
    case UARTRIS: v = s->ris; break;
    case UARTMIS: v = s->ris & s->imsc; break;
    case UARTDMACR: v = s->dmacr; break;
    default:
        if (off >= 0xfe0 && off < 0x1000)
            v = ids[(off - 0xfe0) / 4];
        break;
    }
    if (size < 8)
        v &= (1ull << (size * 8)) - 1;
    *value = v;
    return 0;
}

int pl011_write(void *user, uint64_t off, unsigned size, uint64_t v)
{
    pl011_t *u = user;
    pl011_state_t *s = &u->state;
    if ((size != 1 && size != 2 && size != 4 && size != 8) || (off & 3))
        return 0;
    switch (off) {
    case UARTDR: write_dr(u, v); return 0;
    case UARTRSR: s->rsr = 0; return 0;
    case UARTILPR: s->ilpr = v & 0xff; return 0;
    case UARTIBRD: s->ibrd = v & 0xffff; return 0;
    case UARTFBRD: s->fbrd = v & 0x3f; return 0;
    case UARTLCR_H:
        if ((s->lcr_h ^ v) & LCR_FEN)
            reset_rx_fifo(s);
        s->lcr_h = v & 0xff;
        break;
    case UARTCR: s->cr = v & 0xff87; return 0;
    case UARTIFLS: s->ifls = v & 0x3f; return 0;
    case UARTIMSC: s->imsc = v & INT_ALL; break;
    case UARTICR: s->ris &= (uint16_t)~v; break;
    case UARTDMACR: s->dmacr = v & 7; return 0;
    default: return 0;
    }
    update(u, false);
    return 0;
}
