/* GICv3 delivery: an SGI, a PPI and an SPI; preemption by a higher
 * priority and none by a lower one; EOImode 0 and 1 (priority drop and
 * deactivation split). */
#include "brt.h"

static volatile unsigned seen[64];
static volatile int nested_phase;

static int on_irq(u64 intid)
{
    seen[intid]++;
    pr("irq %lu rpr %lx\n", intid, sysreg_read(ICC_RPR));
    if (intid == 30)
        sysreg_write(cntp_ctl_el0, 0);
    if (intid == 41) { /* low priority: a higher one preempts */
        gic_pend(0, 5);
        irq_on();
        while (!seen[5])
            ;
        irq_off();
        pr("leaving 41\n");
    } else if (intid == 42) { /* a lower one waits for the EOI */
        gic_pend(0, 43);
        irq_on();
        for (volatile int i = 0; i < 1000; i++)
            ;
        irq_off();
        pr("43 during 42: taken %u, hppir %lx\n", seen[43],
           sysreg_read(ICC_HPPIR1) & 0xffffff);
    } else if (intid == 44) { /* EOImode 1: EOIR drops, DIR deactivates */
        sysreg_write(ICC_EOIR1, intid);
        pr("after EOIR: active %d rpr %lx\n", gic_active(0, 44),
           sysreg_read(ICC_RPR));
        sysreg_write(ICC_DIR, intid);
        pr("after DIR: active %d\n", gic_active(0, 44));
        return 1;
    }
    return 0;
}

static void wait_for(unsigned intid)
{
    WAIT_UNTIL(seen[intid]);
}

int main(void)
{
    pr("gic_irqs\n");
    gic_init_dist();
    gic_init_cpu(0);
    irq_hook = on_irq;
    gic_enable(0, 3, 0x80);
    gic_enable(0, 5, 0x40);
    gic_enable(0, 30, 0x80);
    gic_enable(0, 40, 0x80);
    gic_enable(0, 41, 0xa0);
    gic_enable(0, 42, 0x90);
    gic_enable(0, 43, 0xc0);
    gic_enable(0, 44, 0x80);

    sysreg_write(ICC_SGI1R, (3ul << 24) | 1); /* SGI 3 to CPU 0 */
    isb();
    wait_for(3);
    gic_pend(0, 40);
    wait_for(40);
    sysreg_write(cntp_tval_el0, 1000);
    sysreg_write(cntp_ctl_el0, 1);
    wait_for(30);

    gic_pend(0, 41);
    wait_for(41);
    gic_pend(0, 42);
    wait_for(42);
    wait_for(43);
    pr("43 after 42: %u\n", seen[43]);

    sysreg_write(ICC_CTLR, sysreg_read(ICC_CTLR) | 2); /* EOImode */
    isb();
    gic_pend(0, 44);
    wait_for(44);
    sysreg_write(ICC_CTLR, sysreg_read(ICC_CTLR) & ~2ul);
    pr("done\n");
    return 0;
}
