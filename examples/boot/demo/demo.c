/* The demo guest for arm64emu-boot: a bare-metal program for the virt
 * board (it runs the same under qemu-system-aarch64 -M virt,gic-version=3).
 * It prints a banner on the PL011, turns the MMU on, sets up the GICv3 and
 * the virtual timer, sleeps in WFI between timer interrupts, echoes a line
 * received by interrupt, and powers off through PSCI. */
typedef unsigned long u64;
typedef unsigned int u32;

#define UART 0x09000000ul
#define GICD 0x08000000ul
#define GICR 0x080A0000ul /* CPU 0's redistributor */
#define GICR_SGI (GICR + 0x10000ul)
#define TIMER_PPI 27u     /* virtual timer */
#define UART_SPI 33u      /* SPI 1 */
#define TICKS 5

#define sysreg_read(r)                                                        \
    ({                                                                        \
        u64 v_;                                                               \
        __asm__ volatile("mrs %0, " #r : "=r"(v_));                           \
        v_;                                                                   \
    })
#define sysreg_write(r, v)                                                    \
    __asm__ volatile("msr " #r ", %0" : : "r"((u64)(v)) : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")

static inline void w32(u64 a, u32 v) { *(volatile u32 *)a = v; }
static inline u32 r32(u64 a) { return *(volatile u32 *)a; }
static inline void w64(u64 a, u64 v) { *(volatile u64 *)a = v; }

/* ---- UART ---- */
static void putc_(char c)
{
    while (r32(UART + 0x18) & (1u << 5)) /* FR.TXFF */
        ;
    w32(UART, (u32)(unsigned char)c);
}

static void puts_(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            putc_('\r');
        putc_(*s);
    }
}

static void putu(u64 v)
{
    char b[21];
    int i = 20;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    puts_(b + i);
}

/* ---- PSCI ---- */
static void system_off(void)
{
    register u64 x0 __asm__("x0") = 0x84000008ul;
    __asm__ volatile("hvc #0" : "+r"(x0) : : "memory");
}

void fatal(u64 off, u64 esr, u64 elr)
{
    puts_("unexpected exception: vector 0x");
    putu(off);
    puts_(" esr ");
    putu(esr);
    puts_(" elr ");
    putu(elr);
    puts_("\n");
    system_off();
    for (;;)
        ;
}

/* ---- MMU: identity map, 1 GiB blocks: devices below 1 GiB, RAM above */
extern u64 __page_tables[];

static void mmu_on(void)
{
    u64 *l1 = __page_tables;
    for (int i = 0; i < 512; i++)
        l1[i] = 0;
    /* block | AF | inner shareable (RAM) | attr index */
    l1[0] = 0x00000000ul | 1 | (1ul << 10) | (1ul << 2);
    l1[1] = 0x40000000ul | 1 | (1ul << 10) | (3ul << 8) | (0ul << 2);
    __asm__ volatile("dsb ish" : : : "memory");
    sysreg_write(mair_el1, 0x00fful); /* attr0 Normal WB, attr1 Device */
    /* T0SZ 32 (4 GiB, walk from level 1), WB WA inner/outer, inner
     * shareable, 4K granule, TTBR1 walks off, IPS 32 bits. */
    sysreg_write(tcr_el1, 32ul | (1ul << 8) | (1ul << 10) | (3ul << 12) |
                              (1ul << 23));
    sysreg_write(ttbr0_el1, (u64)l1);
    isb();
    __asm__ volatile("tlbi vmalle1\n dsb ish" : : : "memory");
    isb();
    u64 sctlr = sysreg_read(sctlr_el1);
    sysreg_write(sctlr_el1, sctlr | 1 | (1ul << 2) | (1ul << 12));
    isb();
}

/* ---- GICv3 ---- */
static void gic_init(void)
{
    w32(GICD, (1u << 4) | (1u << 1));     /* ARE, EnableGrp1 */
    w32(GICR + 0x14, 0);                  /* WAKER: wake up */
    while (r32(GICR + 0x14) & (1u << 2))  /* ChildrenAsleep */
        ;
    w32(GICR_SGI + 0x80, 0xffffffffu);    /* SGIs/PPIs in Group 1 */
    *(volatile unsigned char *)(GICR_SGI + 0x400 + TIMER_PPI) = 0x80;
    w32(GICR_SGI + 0x100, 1u << TIMER_PPI);
    w32(GICD + 0x80 + 4, 0xffffffffu);    /* SPIs 32-63 in Group 1 */
    *(volatile unsigned char *)(GICD + 0x400 + UART_SPI) = 0x80;
    w64(GICD + 0x6000 + 8 * UART_SPI, 0); /* route to CPU 0 */
    w32(GICD + 0x100 + 4, 1u << (UART_SPI - 32));
    sysreg_write(S3_0_C12_C12_5, 7);      /* ICC_SRE_EL1.SRE */
    isb();
    sysreg_write(S3_0_C4_C6_0, 0xff);     /* ICC_PMR_EL1 */
    sysreg_write(S3_0_C12_C12_3, 0);      /* ICC_BPR1_EL1 */
    sysreg_write(S3_0_C12_C12_7, 1);      /* ICC_IGRPEN1_EL1 */
    isb();
}

/* ---- interrupts ---- */
static volatile unsigned ticks;
static u64 period;
static char line[80];
static volatile unsigned line_len;
static volatile int line_done;

void irq_handler(void)
{
    u64 intid = sysreg_read(S3_0_C12_C12_0) & 0xffffff; /* ICC_IAR1_EL1 */
    if (intid == TIMER_PPI) {
        ticks++;
        if (ticks < TICKS)
            sysreg_write(cntv_tval_el0, period);
        else
            sysreg_write(cntv_ctl_el0, 2); /* off, masked */
    } else if (intid == UART_SPI) {
        while (!(r32(UART + 0x18) & (1u << 4))) { /* !RXFE */
            char c = (char)r32(UART);
            if (line_done)
                continue;
            if (c == '\r' || c == '\n') {
                line_done = 1;
            } else if (line_len < sizeof(line) - 1) {
                line[line_len++] = c;
                putc_(c); /* echo as typed */
            }
        }
        w32(UART + 0x44, (1u << 4) | (1u << 6)); /* ICR: RX, RT */
    }
    if (intid < 1020)
        sysreg_write(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
}

/* WFI with IRQs masked (it still wakes on a pending interrupt), then let
 * the interrupt in: no wake-up is lost between a test and the WFI. */
static void sleep_until_irq(void)
{
    __asm__ volatile("wfi\n msr daifclr, #2\n isb\n msr daifset, #2"
                     : : : "memory");
}

int main(void)
{
    puts_("\narm64emu demo: bare metal on the virt board\n");
    mmu_on();
    puts_("MMU on (identity map, caches on)\n");
    gic_init();
    puts_("GICv3 ready\n");

    u64 freq = sysreg_read(cntfrq_el0);
    period = freq / 100; /* 10 ms */
    puts_("timer: ");
    putu(freq);
    puts_(" Hz, a tick every 10 ms\n");
    sysreg_write(cntv_tval_el0, period);
    sysreg_write(cntv_ctl_el0, 1);
    unsigned seen = 0;
    while (seen < TICKS) {
        sleep_until_irq();
        while (seen < ticks) {
            seen++;
            puts_("tick ");
            putu(seen);
            puts_("\n");
        }
    }

    puts_("type a line: ");
    w32(UART + 0x38, (1u << 4) | (1u << 6)); /* IMSC: RX, RX timeout */
    while (!line_done)
        sleep_until_irq();
    line[line_len] = 0;
    puts_("\nyou typed: ");
    puts_(line);
    puts_("\npowering off\n");
    system_off();
    return 0;
}
