/* Stage-1 translation at EL1 with the 4K, 16K and 64K granules, two VA
 * sizes each (so 2, 3 and 4 levels of tables), through TTBR0 and TTBR1;
 * the MMU switched off and on again; the level of a translation fault. */
#include "rt.h"

#define ALIAS0 0x0000000100000000ul
#define ALIAS1_OFF 0x20000ul /* below the top of the TTBR1 range */
static u64 pages[3][8192] __attribute__((aligned(65536)));

static u64 alias1(unsigned vabits)
{
    return (~0ul << vabits) + ALIAS1_OFF;
}

static volatile u64 cur_vabits1;

static u64 walk(u64 a)
{
    (void)a;
    u64 r = 0;
    r |= *(volatile u64 *)ALIAS0 << 0;             /* page 0 via TTBR0 */
    r |= *(volatile u64 *)alias1(cur_vabits1) << 8; /* page 1 via TTBR1 */
    *(volatile u64 *)(ALIAS0 + 8) = 0x55;            /* write through alias */
    /* MMU off: VA is PA; on again */
    write_sysreg(SCTLR_EL1_BASE, sctlr_el1);
    isb();
    r |= *(volatile u64 *)&pages[2][0] << 16;
    r |= pages[0][1] << 24;
    write_sysreg(SCTLR_EL1_BASE | 1, sctlr_el1);
    isb();
    r |= *(volatile u64 *)(alias1(cur_vabits1) + 8) << 32;
    return r;
}

static u64 touch(u64 va)
{
    return *(volatile u64 *)va;
}

int main(void);
int main(void)
{
    static const struct { unsigned g, va0, va1; } cfgs[] = {
        {12, 39, 39}, {12, 48, 42}, {14, 36, 47}, {14, 47, 40},
        {16, 42, 48}, {16, 48, 39},
    };
    for (unsigned i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
        pt_t t0, t1;
        unsigned g = cfgs[i].g;
        u64 attrs = PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF |
                    PTE_AP_RW_EL1 | PTE_PXN | PTE_UXN;
        pt_init(&t0, g, cfgs[i].va0);
        pt_init(&t1, g, cfgs[i].va1);
        pt_map_program(&t0, 0);
        pt_map(&t0, ALIAS0, (u64)pages[0], 1ul << g, attrs);
        pt_map(&t1, alias1(cfgs[i].va1), (u64)pages[1], 1ul << g, attrs);
        pages[0][0] = 0x10 + i;
        pages[0][1] = 0;
        pages[1][0] = 0x20 + i;
        pages[1][1] = 0x40 + i;
        pages[2][0] = 0x30 + i;
        cur_vabits1 = cfgs[i].va1;
        el1_mmu(&t0, 0, &t1, 0, 1);
        exc_clear();
        u64 r = run_in(MODE_EL1h, walk, 0);
        pr("granule %uK va %u/%u: r=0x%lx n=%lu\n", 1u << (g - 10),
           cfgs[i].va0, cfgs[i].va1, r, exc.count);
        /* Unmapped: a hole in the last-level table, a missing table, and
         * an address outside both ranges. */
        static const u64 holes[] = {ALIAS0 + 0x10000ul * 4, 0x0000004000000000ul,
                                    0x0080000000000000ul};
        for (unsigned h = 0; h < 3; h++) {
            u64 va = holes[h];
            if (h == 1 && cfgs[i].va0 <= 38)
                va = 0x0000002000000000ul >> (39 - cfgs[i].va0);
            exc_clear();
            run_in(MODE_EL1h, touch, va);
            pr("  hole %u: ", h);
            pr_exc("fault", 0x7ff);
            if (exc.count)
                pr("  far=va+%ld\n", (i64)(exc.far - va));
        }
        el1_mmu(&t0, 0, &t1, 0, 0);
    }
    return 0;
}
