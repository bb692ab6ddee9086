/* The PL011 with interrupts: RX and receive-timeout interrupts bring the
 * bytes of a line (stdin of the test), TX output is the test's stdout. */
#include "brt.h"

static char line[64];
static volatile unsigned len;
static volatile int done;
static volatile unsigned irqs;

static int on_irq(u64 intid)
{
    if (intid == 33) {
        irqs++;
        u32 mis = r32(UART + 0x40);
        if (!(mis & ((1u << 4) | (1u << 6))))
            pr("spurious uart irq mis %x\n", mis);
        while (!(r32(UART + 0x18) & (1u << 4))) {
            char c = (char)r32(UART);
            if (c == '\n' || c == '\r')
                done = 1;
            else if (!done && len < sizeof(line) - 1)
                line[len++] = c;
        }
        w32(UART + 0x44, (1u << 4) | (1u << 6));
    }
    return 0;
}

int main(void)
{
    pr("uart_rx\n");
    pr("periph id %x %x %x %x\n", r32(UART + 0xfe0), r32(UART + 0xfe4),
       r32(UART + 0xfe8) & 0xf, r32(UART + 0xfec));
    pr("cr %x ifls %x\n", r32(UART + 0x30), r32(UART + 0x34));
    gic_init_dist();
    gic_init_cpu(0);
    irq_hook = on_irq;
    gic_enable(0, 33, 0x80);
    w32(UART + 0x38, (1u << 4) | (1u << 6));
    WAIT_UNTIL(done);
    line[len] = 0;
    pr("got '%s' (%u bytes, interrupts seen %d)\n", line, len, irqs > 0);
    return 0;
}
