/* PSCI: version and features, CPU_ON bringing up CPU 1, which prints and
 * powers itself off (AFFINITY_INFO sees it go), an SGI between CPUs, then
 * SYSTEM_OFF. Run with two CPUs. */
#include "brt.h"

extern char secondary_entry[];
static volatile int stage;

static int on_irq(u64 intid)
{
    pr("cpu %u: irq %lu\n", cpu_id(), intid);
    stage = 3;
    return 0;
}

static void second(void)
{
    pr("cpu %u up at EL%lu\n", cpu_id(), sysreg_read(CurrentEL) >> 2);
    gic_init_cpu(1);
    gic_enable(1, 7, 0x80);
    stage = 1;
    WAIT_UNTIL(stage == 3);
    pr("cpu 1 powering off\n");
}

int main(void)
{
    pr("psci_smp\n");
    pr("version %lx\n", psci(0x84000000ul, 0, 0, 0));
    pr("features cpu_on %ld, system_reset2 %ld\n",
       (long)psci(0x8400000aul, 0xc4000003ul, 0, 0),
       (long)psci(0x8400000aul, 0xc4000012ul, 0, 0));
    pr("migrate_info_type %lu\n", psci(0x84000006ul, 0, 0, 0));
    pr("affinity cpu1 %lu\n", psci(0xc4000004ul, 0x80000001ul & 0xff, 0, 0));
    gic_init_dist();
    gic_init_cpu(0);
    irq_hook = on_irq;
    long r = (long)psci(0xc4000003ul, 1, (u64)secondary_entry, (u64)second);
    while (stage != 1)
        ;
    pr("cpu_on %ld\n", r);
    pr("cpu_on again %ld\n",
       (long)psci(0xc4000003ul, 1, (u64)secondary_entry, (u64)second));
    sysreg_write(ICC_SGI1R, (7ul << 24) | (1ul << 1)); /* SGI 7 to CPU 1 */
    isb();
    while (psci(0xc4000004ul, 1, 0, 0) != 1)
        ;
    pr("cpu 1 is off\n");
    return 0;
}
