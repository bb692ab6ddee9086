/* Runtime of the board tests (brt.h). */
#include "brt.h"

#include <stdarg.h>

static void putc_(char c)
{
    while (r32(UART + 0x18) & (1u << 5))
        ;
    w32(UART, (u32)(unsigned char)c);
}

static void put_num(u64 v, unsigned base, int neg)
{
    char b[24];
    int i = 23;
    b[i] = 0;
    do {
        b[--i] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        b[--i] = '-';
    for (; b[i]; i++)
        putc_(b[i]);
}

void pr(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            if (*p == '\n')
                putc_('\r');
            putc_(*p);
            continue;
        }
        int is_long = 0;
        if (p[1] == 'l') {
            is_long = 1;
            p++;
        }
        switch (*++p) {
        case 's':
            for (const char *s = va_arg(ap, const char *); *s; s++)
                putc_(*s);
            break;
        case 'u':
            put_num(is_long ? va_arg(ap, u64) : va_arg(ap, unsigned), 10, 0);
            break;
        case 'd': {
            long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
            put_num(v < 0 ? (u64)-v : (u64)v, 10, v < 0);
            break;
        }
        case 'x':
            put_num(is_long ? va_arg(ap, u64) : va_arg(ap, unsigned), 16, 0);
            break;
        default:
            putc_(*p);
        }
    }
    va_end(ap);
}

u64 psci(u64 fid, u64 a1, u64 a2, u64 a3)
{
    register u64 x0 __asm__("x0") = fid;
    register u64 x1 __asm__("x1") = a1;
    register u64 x2 __asm__("x2") = a2;
    register u64 x3 __asm__("x3") = a3;
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return x0;
}

void power_off(void)
{
    psci(0x84000008ul, 0, 0, 0);
}

void cpu_off(void)
{
    psci(0x84000002ul, 0, 0, 0);
}

unsigned cpu_id(void)
{
    return (unsigned)(sysreg_read(mpidr_el1) & 0xff);
}

void fatal(u64 off, u64 esr, u64 elr)
{
    pr("unexpected exception: vector %lx esr %lx elr %lx\n", off, esr, elr);
    power_off();
    for (;;)
        ;
}

void gic_init_dist(void)
{
    w32(GICD, (1u << 4) | (1u << 1)); /* ARE, EnableGrp1 */
    for (unsigned i = 1; i < 8; i++)
        w32(GICD + 0x80 + 4 * i, 0xffffffffu); /* SPIs in Group 1 */
}

void gic_init_cpu(unsigned cpu)
{
    w32(GICR(cpu) + 0x14, 0);
    while (r32(GICR(cpu) + 0x14) & (1u << 2))
        ;
    w32(GICR_SGI(cpu) + 0x80, 0xffffffffu);
    sysreg_write(ICC_SRE, 7);
    isb();
    sysreg_write(ICC_PMR, 0xff);
    sysreg_write(ICC_BPR1, 0);
    sysreg_write(ICC_IGRPEN1, 1);
    isb();
}

void gic_enable(unsigned cpu, unsigned intid, unsigned prio)
{
    if (intid < 32) {
        w8(GICR_SGI(cpu) + 0x400 + intid, (unsigned char)prio);
        w32(GICR_SGI(cpu) + 0x100, 1u << intid);
    } else {
        w8(GICD + 0x400 + intid, (unsigned char)prio);
        *(volatile u64 *)(GICD + 0x6000 + 8 * intid) = cpu;
        w32(GICD + 0x100 + 4 * (intid / 32), 1u << (intid % 32));
    }
}

void gic_pend(unsigned cpu, unsigned intid)
{
    if (intid < 32)
        w32(GICR_SGI(cpu) + 0x200, 1u << intid);
    else
        w32(GICD + 0x200 + 4 * (intid / 32), 1u << (intid % 32));
}

int gic_active(unsigned cpu, unsigned intid)
{
    u32 v = intid < 32 ? r32(GICR_SGI(cpu) + 0x300)
                       : r32(GICD + 0x300 + 4 * (intid / 32));
    return (v >> (intid % 32)) & 1;
}

int (*volatile irq_hook)(u64 intid);

void irq_dispatch(void)
{
    u64 intid = sysreg_read(ICC_IAR1) & 0xffffff;
    if (intid >= 1020)
        return;
    int done = irq_hook ? irq_hook(intid) : 0;
    if (!done)
        sysreg_write(ICC_EOIR1, intid);
}
