/* The access flag (4K granule, hardware update off): loads, stores and
 * instruction fetches from a page whose AF is clear take an Access flag
 * fault (level 3) at EL1 and from EL0; after software sets AF and
 * invalidates the TLB entry the access succeeds. */
#include "rt.h"

#define VA 0x0000000100000000ul
#define NORMAL (PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER)
static u64 data[512] __attribute__((aligned(4096)));
static u32 code[1024] __attribute__((aligned(4096)));

static u64 rd(u64 va) { return *(volatile u64 *)va; }
static u64 wr(u64 va) { *(volatile u64 *)va = 7; return 0; }
static u64 call(u64 va) { return ((u64 (*)(u64))va)(0); }

static void trial(const char *label, u64 mode, u64 (*fn)(u64), u64 va)
{
    exc_clear();
    exc_hook = exc_return_on_iabort;
    u64 r = run_in(mode, fn, va);
    pr("%s: r=%lu ", label, exc.count ? 0 : r);
    pr_exc("af", 0x7ff);
    if (exc.count)
        pr("  far=va+%ld\n", (i64)(exc.far - va));
}

int main(void);
int main(void)
{
    pt_t t;
    pt_init(&t, 12, 39);
    pt_map_program(&t, 1);
    pt_map(&t, VA, (u64)data, 0x1000, NORMAL | PTE_AP_RW_ALL | PTE_PXN | PTE_UXN);
    pt_map(&t, VA + 0x1000, (u64)code, 0x1000, NORMAL | PTE_AP_RO_ALL);
    code[0] = 0xd2800540u; /* mov x0, #42 */
    code[1] = 0xd65f03c0u; /* ret */
    data[0] = 5;
    __asm__ volatile("dc cvau, %0\n dsb ish\n ic iallu\n dsb ish\n isb"
                     : : "r"(code) : "memory");
    el1_mmu(&t, 0, 0, 0, 1);
    trial("el1 read", MODE_EL1h, rd, VA + 8);
    trial("el1 write", MODE_EL1h, wr, VA + 16);
    trial("el0 read", MODE_EL0t, rd, VA + 24);
    trial("el0 write", MODE_EL0t, wr, VA);
    trial("el1 exec", MODE_EL1h, call, VA + 0x1000);
    trial("el0 exec", MODE_EL0t, call, VA + 0x1000);

    *pt_entry(&t, VA) |= PTE_AF;
    *pt_entry(&t, VA + 0x1000) |= PTE_AF;
    __asm__ volatile("dsb sy\n tlbi vmalle1\n dsb sy\n isb" : : : "memory");
    trial("el1 read AF=1", MODE_EL1h, rd, VA);
    trial("el0 write AF=1", MODE_EL0t, wr, VA);
    trial("el0 read AF=1", MODE_EL0t, rd, VA);
    trial("el1 exec AF=1", MODE_EL1h, call, VA + 0x1000);
    el1_mmu(&t, 0, 0, 0, 0);
    return 0;
}
