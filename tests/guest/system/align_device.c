/* Alignment on Device memory: any unaligned access to Device memory takes
 * an Alignment fault (DFSC 0x21), with the MMU on (a Device-nGnRnE page)
 * and with it off (all data accesses are Device). The same accesses to
 * Normal memory are fine. QEMU 7.2 raises no fault for the Device cases:
 * those lines are "[arch]" and checked against the expected file. */
#include "rt.h"

#define VA 0x0000000100000000ul
static u64 pg[2][512] __attribute__((aligned(4096)));

static u64 rd(u64 va) { return *(volatile u64 *)va; }
static u64 rd32(u64 va) { return *(volatile u32 *)va; }
static u64 wr(u64 va) { *(volatile u64 *)va = 1; return 0; }

static void trial(const char *label, u64 (*fn)(u64), u64 va)
{
    exc_clear();
    run_in(MODE_EL1h, fn, va);
    pr_exc(label, 0x7ff);
    if (exc.count)
        pr("%s  far=va+%ld\n", label[0] == '[' ? "[arch]" : "",
           (i64)(exc.far - va));
}

int main(void);
int main(void)
{
    pt_t t;
    pt_init(&t, 12, 39);
    pt_map_program(&t, 0);
    pt_map(&t, VA, (u64)pg[0], 0x1000, PTE_ATTR(ATTR_DEVICE) | PTE_AF |
           PTE_AP_RW_EL1 | PTE_PXN | PTE_UXN);
    pt_map(&t, VA + 0x1000, (u64)pg[1], 0x1000, PTE_ATTR(ATTR_NORMAL) |
           PTE_SH_INNER | PTE_AF | PTE_AP_RW_EL1 | PTE_PXN | PTE_UXN);
    el1_mmu(&t, 0, 0, 0, 1);
    trial("device ldr aligned", rd, VA + 8);
    trial("[arch] device ldr +1", rd, VA + 1);
    trial("[arch] device ldr w +2", rd32, VA + 2);
    trial("[arch] device str +4", wr, VA + 4);
    trial("normal ldr +1", rd, VA + 0x1001);
    trial("normal str +4", wr, VA + 0x1004);
    el1_mmu(&t, 0, 0, 0, 0);
    trial("mmu off ldr aligned", rd, (u64)pg[1] + 8);
    trial("[arch] mmu off ldr +3", rd, (u64)pg[1] + 3);
    return 0;
}
