/* The EL1 physical and virtual timers: each fires through its PPI no
 * earlier than its compare value, with ISTATUS set; IMASK holds the
 * interrupt back while ISTATUS shows; TVAL counts down. */
#include "brt.h"

#define VIRT_TICKS 5000000u /* the virtual timer test: 80 ms at 62.5 MHz */

static volatile u64 fired_at[32];
static volatile unsigned fired[32];

static int on_irq(u64 intid)
{
    if (intid == 30) {
        fired_at[30] = sysreg_read(cntpct_el0);
        pr("ppi 30: ctl %lx\n", sysreg_read(cntp_ctl_el0));
        sysreg_write(cntp_ctl_el0, 0);
    } else if (intid == 27) {
        fired_at[27] = sysreg_read(cntvct_el0);
        pr("ppi 27: ctl %lx\n", sysreg_read(cntv_ctl_el0));
        sysreg_write(cntv_ctl_el0, 0);
    }
    fired[intid]++;
    return 0;
}

int main(void)
{
    pr("timers\n");
    gic_init_dist();
    gic_init_cpu(0);
    irq_hook = on_irq;
    gic_enable(0, 30, 0x80);
    gic_enable(0, 27, 0x80);
    pr("cntfrq %lu\n", sysreg_read(cntfrq_el0));

    for (unsigned round = 1; round <= 3; round++) {
        u64 delta = 20000 * round;
        u64 cval = sysreg_read(cntpct_el0) + delta;
        sysreg_write(cntp_cval_el0, cval);
        sysreg_write(cntp_ctl_el0, 1);
        WAIT_UNTIL(fired[30] >= round);
        pr("phys round %u: on time %d\n", round, fired_at[30] >= cval);
    }

    /* 80 ms: QEMU's counter follows the host clock, and a host that
     * stalls QEMU between the write and the read for longer than TVAL
     * would make it read as expired (a loaded CI machine did, at 0.8 ms). */
    u64 start = sysreg_read(cntvct_el0);
    sysreg_write(cntv_tval_el0, VIRT_TICKS);
    sysreg_write(cntv_ctl_el0, 3); /* enabled, masked */
    u64 tval = sysreg_read(cntv_tval_el0);
    pr("tval counts down: %d\n", tval <= VIRT_TICKS && tval > 0);
    while (!(sysreg_read(cntv_ctl_el0) & 4))
        ;
    pr("masked: istatus %lx, late %d, taken %u\n",
       sysreg_read(cntv_ctl_el0) & 4,
       sysreg_read(cntvct_el0) - start >= VIRT_TICKS, fired[27]);
    sysreg_write(cntv_ctl_el0, 1); /* unmask: pending at once */
    WAIT_UNTIL(fired[27]);
    pr("virt on time %d\n", fired_at[27] - start >= VIRT_TICKS);
    return 0;
}
