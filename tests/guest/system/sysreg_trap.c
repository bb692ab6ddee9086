/* System register and instruction traps from EL0 (SCTLR_EL1.UCT, UMA,
 * DZE, UCI, nTWI and CNTKCTL_EL1) with their EC 0x18 / 0x01 syndromes,
 * UNDEFINED accesses to EL1 registers, and the same accesses allowed once
 * enabled. QEMU 7.2 swaps Op1 and Op2 in the ISS of a trapped MSR
 * DAIFSet/DAIFClr: those lines are "[arch]" (see README.md). */
#include "rt.h"

#define SCTLR_EL1_BASE 0x30d00800ul
#define UMA (1ul << 9)
#define DZE (1ul << 14)
#define UCT (1ul << 15)
#define NTWI (1ul << 16)
#define UCI (1ul << 26)

static u64 zbuf[64] __attribute__((aligned(256)));

#define OP(name, ...)                                                         \
    static u64 name(u64 a)                                                    \
    {                                                                         \
        (void)a;                                                              \
        __asm__ volatile(__VA_ARGS__);                                        \
        return 0;                                                             \
    }
OP(mrs_sctlr, "mrs x3, sctlr_el1" : : : "x3")
OP(msr_vbar, "msr vbar_el1, xzr" : : : "memory")
OP(mrs_ctr, "mrs x5, ctr_el0" : : : "x5")
OP(mrs_daif, "mrs x6, daif" : : : "x6")
OP(msr_daif, "msr daif, x7" : : : "x7")
OP(msr_daifset, "msr daifset, #2" : : : "memory")
OP(msr_daifclr, "msr daifclr, #4" : : : "memory")
OP(dc_zva, "dc zva, %0" : : "r"(zbuf) : "memory")
OP(dc_cvau, "dc cvau, %0" : : "r"(zbuf) : "memory")
OP(ic_ivau, "ic ivau, %0" : : "r"(zbuf) : "memory")
OP(mrs_cntvct, "mrs x8, cntvct_el0" : : : "x8")
OP(wfi, "wfi" : : : "memory")

static void trial(const char *label, u64 mode, u64 (*fn)(u64))
{
    exc_clear();
    run_in(mode, fn, 0);
    pr_exc(label, 0x1ffffff);
}

int main(void);
int main(void)
{
    static const struct { const char *name; u64 (*fn)(u64); } ops[] = {
        {"mrs sctlr_el1", mrs_sctlr}, {"msr vbar_el1", msr_vbar},
        {"mrs ctr_el0", mrs_ctr}, {"mrs daif", mrs_daif},
        {"msr daif", msr_daif}, {"[arch] msr daifset", msr_daifset},
        {"[arch] msr daifclr", msr_daifclr},
        {"dc zva", dc_zva}, {"dc cvau", dc_cvau}, {"ic ivau", ic_ivau},
        {"mrs cntvct_el0", mrs_cntvct}, {"wfi", wfi},
    };
    const unsigned n = sizeof(ops) / sizeof(ops[0]);
    write_sysreg(0, cntkctl_el1);
    write_sysreg(SCTLR_EL1_BASE, sctlr_el1);
    isb();
    pr("-- EL0, traps enabled\n");
    for (unsigned i = 0; i < n; i++)
        trial(ops[i].name, MODE_EL0t, ops[i].fn);

    write_sysreg(SCTLR_EL1_BASE | UMA | DZE | UCT | UCI, sctlr_el1);
    write_sysreg(3, cntkctl_el1); /* EL0PCTEN, EL0VCTEN */
    isb();
    pr("-- EL0, traps disabled\n");
    for (unsigned i = 2; i < n - 1; i++) {
        const char *name = ops[i].name[0] == '[' ? ops[i].name + 7 : ops[i].name;
        /* allowed DC ZVA with the MMU off meets Device memory: QEMU zeroes,
         * the Arm ARM takes an alignment fault */
        if (ops[i].fn == dc_zva)
            name = "[arch] dc zva";
        trial(name, MODE_EL0t, ops[i].fn);
    }
    write_sysreg(SCTLR_EL1_BASE, sctlr_el1);
    isb();

    return 0;
}
