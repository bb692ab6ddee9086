/* SVC, HVC and SMC routing: where each is taken from each level, when it
 * is UNDEFINED (HVC/SMC at EL0, HVC with SCR_EL3.HCE=0), and an SMC
 * trapped to EL2 by HCR_EL2.TSC (its ELR is the SMC itself). */
#include "rt.h"

static volatile u64 site;

#define CALL(name, insn)                                                      \
    static u64 name(u64 a)                                                    \
    {                                                                         \
        (void)a;                                                              \
        u64 s;                                                                \
        __asm__ volatile("adr %0, 1f\n1: " insn : "=r"(s) : : "memory");     \
        site = s;                                                             \
        return 0;                                                             \
    }
CALL(do_svc, "svc #0x11")
CALL(do_hvc, "hvc #0x22")
CALL(do_smc, "smc #0x33")

#define SCR_BASE 0x531ul
#define SCR_HCE (1ul << 8)
#define HCR_RW (1ul << 31)
#define HCR_TSC (1ul << 19)

static void trial(const char *label, u64 mode, u64 (*fn)(u64))
{
    exc_clear();
    site = 0;
    run_in(mode, fn, 0);
    pr_exc(label, 0x1ffffff);
    if (exc.count)
        pr("  elr=site+%ld\n", (i64)(exc.elr - site));
}

int main(void);
int main(void)
{
    trial("svc EL0", MODE_EL0t, do_svc);
    trial("svc EL1", MODE_EL1h, do_svc);
    trial("svc EL2", MODE_EL2h, do_svc);
    trial("svc EL3", MODE_EL3t | 1, do_svc);
    trial("hvc EL0", MODE_EL0t, do_hvc);
    trial("hvc EL1", MODE_EL1h, do_hvc);
    trial("hvc EL2", MODE_EL2h, do_hvc);
    trial("smc EL0", MODE_EL0t, do_smc);
    trial("smc EL1", MODE_EL1h, do_smc);
    trial("smc EL2", MODE_EL2h, do_smc);

    write_sysreg(SCR_BASE & ~SCR_HCE, scr_el3);
    isb();
    trial("hvc EL1 HCE=0", MODE_EL1h, do_hvc);
    trial("hvc EL2 HCE=0", MODE_EL2h, do_hvc);
    write_sysreg(SCR_BASE, scr_el3);
    isb();

    write_sysreg(HCR_RW | HCR_TSC, hcr_el2);
    isb();
    trial("smc EL1 TSC=1", MODE_EL1h, do_smc);
    trial("smc EL2 TSC=1", MODE_EL2h, do_smc);
    trial("smc EL0 TSC=1", MODE_EL0t, do_smc);
    write_sysreg(HCR_RW, hcr_el2);
    isb();
    return 0;
}
