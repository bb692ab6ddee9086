/* ASIDs (4K granule): two address spaces map the same VA (nG) to different
 * pages; switching TTBR0 with its ASID switches the view without TLB
 * maintenance. Remappings become visible after TLBI ASIDE1, VAE1, VAAE1 or
 * VMALLE1; 16-bit ASIDs (TCR_EL1.AS). Only outcomes after the required
 * invalidation are printed: whether stale entries are used before it is
 * not architecturally defined. */
#include "rt.h"

#define VA 0x0000000100000000ul
#define ATTRS (PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_NG | \
               PTE_AP_RW_EL1 | PTE_PXN | PTE_UXN)
static u64 pg[4][512] __attribute__((aligned(4096)));
static pt_t ta, tb;

static u64 read_as(u64 ttbr)
{
    write_sysreg(ttbr, ttbr0_el1);
    isb();
    return *(volatile u64 *)VA;
}

enum { INV_ASID, INV_VA, INV_VAA, INV_ALL };

/* arg: bits 0-1 invalidate kind, bits 16-31 asid, bit 2 use tb */
static u64 remap(u64 arg)
{
    u64 asid = arg >> 16 & 0xffff;
    u64 ttbr = ((arg & 4) ? tb.root : ta.root) | asid << 48;
    u64 before = read_as(ttbr); /* fills the TLB */
    pt_t *t = (arg & 4) ? &tb : &ta;
    u64 *e = pt_entry(t, VA);
    *e = (u64)pg[3] | ATTRS | PTE_VALID | PTE_TABLE;
    __asm__ volatile("dsb ishst" : : : "memory");
    switch (arg & 3) {
    case INV_ASID: __asm__ volatile("tlbi aside1, %0" : : "r"(asid << 48)); break;
    case INV_VA: __asm__ volatile("tlbi vae1, %0" : : "r"(asid << 48 | VA >> 12)); break;
    case INV_VAA: __asm__ volatile("tlbi vaae1, %0" : : "r"(VA >> 12)); break;
    default: __asm__ volatile("tlbi vmalle1"); break;
    }
    __asm__ volatile("dsb ish\n isb" : : : "memory");
    u64 after = *(volatile u64 *)VA;
    /* put the original mapping back */
    *e = (u64)pg[(arg & 4) ? 1 : 0] | ATTRS | PTE_VALID | PTE_TABLE;
    __asm__ volatile("dsb ishst\n tlbi vmalle1\n dsb ish\n isb" : : : "memory");
    return before << 8 | after;
}

static u64 switching(u64 big)
{
    u64 a = big ? 0x1234ul : 1, b = big ? 0x8765ul : 2;
    u64 r = 0;
    r |= read_as(ta.root | a << 48);
    r |= read_as(tb.root | b << 48) << 8;
    r |= read_as(ta.root | a << 48) << 16;
    r |= read_as(tb.root | b << 48) << 24;
    return r;
}

int main(void);
int main(void)
{
    for (unsigned i = 0; i < 4; i++)
        pg[i][0] = 0xa0 + i;
    pt_init(&ta, 12, 39);
    pt_init(&tb, 12, 39);
    pt_map_program(&ta, 0);
    pt_map_program(&tb, 0);
    pt_map(&ta, VA, (u64)pg[0], 0x1000, ATTRS);
    pt_map(&tb, VA, (u64)pg[1], 0x1000, ATTRS);

    el1_mmu(&ta, 1, 0, 0, 1);
    exc_clear();
    pr("switch 8-bit: 0x%lx n=%lu\n", run_in(MODE_EL1h, switching, 0), exc.count);
    static const char *const inv[] = {"aside1", "vae1", "vaae1", "vmalle1"};
    for (u64 k = 0; k < 4; k++) {
        exc_clear();
        u64 r = run_in(MODE_EL1h, remap, k | 1ul << 16);
        pr("remap a, tlbi %s: 0x%lx n=%lu\n", inv[k], r, exc.count);
        exc_clear();
        r = run_in(MODE_EL1h, remap, k | 4 | 2ul << 16);
        pr("remap b, tlbi %s: 0x%lx n=%lu\n", inv[k], r, exc.count);
    }
    el1_mmu(&ta, 0x1234, 0, 1ul << 36, 1); /* TCR_EL1.AS */
    exc_clear();
    pr("switch 16-bit: 0x%lx n=%lu\n", run_in(MODE_EL1h, switching, 1), exc.count);
    exc_clear();
    pr("remap a 16-bit, tlbi aside1: 0x%lx n=%lu\n",
       run_in(MODE_EL1h, remap, INV_ASID | 0x1234ul << 16), exc.count);
    el1_mmu(&ta, 0, 0, 0, 0);
    return 0;
}
