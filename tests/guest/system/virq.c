/* The IRQ, FIQ and SError vectors, reached with virtual interrupts
 * (HCR_EL2.VI, VF, VSE with IMO, FMO, AMO): taken at EL1 from EL1t, EL1h
 * and EL0, each at its vector offset, only when unmasked, never at EL2. */
#include "rt.h"

#define HCR_RW (1ul << 31)
#define HCR_FMO (1ul << 3)
#define HCR_IMO (1ul << 4)
#define HCR_AMO (1ul << 5)
#define HCR_VF (1ul << 6)
#define HCR_VI (1ul << 7)
#define HCR_VSE (1ul << 8)

static u64 nothing(u64 a)
{
    (void)a;
    __asm__ volatile("nop\n nop\n isb" : : : "memory");
    return 0;
}

static void trial(const char *label, u64 pend, u64 spsr)
{
    write_sysreg(HCR_RW | HCR_IMO | HCR_FMO | HCR_AMO | pend, hcr_el2);
    isb();
    exc_clear();
    run_at(spsr, nothing, 0);
    write_sysreg(HCR_RW, hcr_el2);
    isb();
    /* IRQ and FIQ leave ESR unchanged; the SError ISS comes from VSESR_EL2
     * only with FEAT_RAS: only the SError EC is shown. */
    if (!exc.count)
        pr("%s: no exception\n", label);
    else if ((exc.off & 0x180) == 0x180)
        pr("%s: el%lu off=0x%03lx ec=0x%02lx n=%lu\n", label, exc.el, exc.off,
           ESR_EC(exc.esr), exc.count);
    else
        pr("%s: el%lu off=0x%03lx n=%lu\n", label, exc.el, exc.off, exc.count);
}

int main(void);
int main(void)
{
    static const struct { const char *name; u64 mode; } modes[] = {
        {"EL1t", MODE_EL1t}, {"EL1h", MODE_EL1h}, {"EL0", MODE_EL0t}};
    for (unsigned i = 0; i < 3; i++) {
        char label[32];
        static const char *const kinds[] = {"irq", "fiq", "serror"};
        static const u64 pend[] = {HCR_VI, HCR_VF, HCR_VSE};
        for (unsigned k = 0; k < 3; k++) {
            memcpy(label, kinds[k], 7);
            unsigned l = 0;
            while (label[l])
                l++;
            label[l++] = ' ';
            memcpy(label + l, modes[i].name, 5);
            trial(label, pend[k], modes[i].mode); /* DAIF clear */
        }
    }
    trial("irq EL1h masked", HCR_VI, MODE_EL1h | 0x80);
    trial("fiq EL1h masked", HCR_VF, MODE_EL1h | 0x40);
    trial("serror EL1h masked", HCR_VSE, MODE_EL1h | 0x100);
    trial("irq EL2h unmasked", HCR_VI, MODE_EL2h);
    trial("serror EL2h unmasked", HCR_VSE, MODE_EL2h);
    return 0;
}
