/* Address translation instructions: AT S1E1R/W and S1E0R/W at EL1 (4K
 * granule) on mapped, read-only, EL1-only and unmapped pages, with PAR_EL1
 * shown as F, the PA (relative to the target) on success, and FST, PTW, S
 * on failure (attribute and IMPLEMENTATION DEFINED bits masked); AT S1E2R
 * and S1E3R with those regimes' MMU off. */
#include "rt.h"

#define VA 0x0000000100000000ul
#define NORMAL (PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_PXN | PTE_UXN)
static u64 pg[3][512] __attribute__((aligned(4096)));

#define AT(op)                                                                \
    static u64 at_##op(u64 va)                                                \
    {                                                                         \
        __asm__ volatile("at " #op ", %0\n isb" : : "r"(va) : "memory");      \
        return read_sysreg(par_el1);                                          \
    }
AT(s1e1r)
AT(s1e1w)
AT(s1e0r)
AT(s1e0w)

static void show(const char *label, u64 par, u64 pa)
{
    if (par & 1)
        pr("%s: F=1 fst=0x%02lx ptw=%lu s=%lu\n", label, par >> 1 & 0x3f,
           par >> 8 & 1, par >> 9 & 1);
    else
        pr("%s: F=0 pa=target+0x%lx\n", label,
           (par & 0x0000fffffffff000ul) - (pa & ~0xffful));
}

int main(void);
int main(void)
{
    pt_t t;
    pt_init(&t, 12, 39);
    pt_map_program(&t, 0);
    pt_map(&t, VA, (u64)pg[0], 0x1000, NORMAL | PTE_AP_RW_ALL);
    pt_map(&t, VA + 0x1000, (u64)pg[1], 0x1000, NORMAL | PTE_AP_RO_ALL);
    pt_map(&t, VA + 0x2000, (u64)pg[2], 0x1000, NORMAL | PTE_AP_RW_EL1);
    pt_map(&t, VA + 0x3000, (u64)pg[2], 0x1000, PTE_ATTR(ATTR_NORMAL) | PTE_AP_RW_EL1); /* AF=0 */
    el1_mmu(&t, 0, 0, 0, 1);

    static const struct { const char *name; u64 (*fn)(u64); } ops[] = {
        {"s1e1r", at_s1e1r}, {"s1e1w", at_s1e1w},
        {"s1e0r", at_s1e0r}, {"s1e0w", at_s1e0w}};
    static const char *const pages[] = {"RW/RW", "RO/RO", "RW/--", "AF=0",
                                        "unmapped"};
    const u64 pas[] = {(u64)pg[0], (u64)pg[1], (u64)pg[2], (u64)pg[2], 0};
    for (unsigned p = 0; p < 5; p++) {
        for (unsigned o = 0; o < 4; o++) {
            char label[40];
            unsigned n = 0;
            for (const char *s = ops[o].name; *s;)
                label[n++] = *s++;
            label[n++] = ' ';
            for (const char *s = pages[p]; *s;)
                label[n++] = *s++;
            label[n] = 0;
            exc_clear();
            u64 par = run_in(MODE_EL1h, ops[o].fn, VA + p * 0x1000ul + 0x123);
            show(label, par, pas[p]);
            if (exc.count)
                pr_exc("  unexpected", 0x1ffffff);
        }
    }
    el1_mmu(&t, 0, 0, 0, 0);

    /* EL2 and EL3 regimes with their MMUs off: PA = VA */
    u64 va = (u64)pg[1] + 0x40;
    __asm__ volatile("at s1e2r, %0\n isb" : : "r"(va) : "memory");
    show("s1e2r mmu off", read_sysreg(par_el1), va);
    __asm__ volatile("at s1e3r, %0\n isb" : : "r"(va) : "memory");
    show("s1e3r mmu off", read_sysreg(par_el1), va);
    return 0;
}
