/* Stage-1 permissions (4K granule): the four AP encodings read and written
 * from EL1 and EL0, PXN/UXN and the implicit PXN of EL0-writable pages on
 * instruction fetch, and PAN: EL1 data accesses to EL0-accessible pages
 * fault while PSTATE.PAN is set, LDTR/STTR do not. */
#include "rt.h"

#define VA 0x0000000100000000ul
#define NORMAL (PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF)
static u64 data[4][512] __attribute__((aligned(4096)));
static u32 code[1024] __attribute__((aligned(4096)));

static u64 rd(u64 va) { return *(volatile u64 *)va; }
static u64 wr(u64 va) { *(volatile u64 *)va = 1; return 0; }
static u64 call(u64 va) { return ((u64 (*)(u64))va)(0); }
static u64 pan_rd(u64 va)
{
    u64 v;
    __asm__ volatile("msr pan, #1\n ldr %0, [%1]\n msr pan, #0"
                     : "=&r"(v) : "r"(va) : "memory");
    return v;
}
static u64 pan_wr(u64 va)
{
    __asm__ volatile("msr pan, #1\n str xzr, [%0]\n msr pan, #0"
                     : : "r"(va) : "memory");
    return 0;
}
static u64 pan_ldtr(u64 va)
{
    u64 v;
    __asm__ volatile("msr pan, #1\n ldtr %0, [%1]\n msr pan, #0"
                     : "=&r"(v) : "r"(va) : "memory");
    return v;
}
static u64 pan_sttr(u64 va)
{
    __asm__ volatile("msr pan, #1\n sttr xzr, [%0]\n msr pan, #0"
                     : : "r"(va) : "memory");
    return 0;
}

static void trial(const char *label, u64 mode, u64 (*fn)(u64), u64 va)
{
    exc_clear();
    run_in(mode, fn, va);
    pr_exc(label, 0x7ff);
}

int main(void);
int main(void)
{
    static const char *const ap_name[] = {"RW/--", "RW/RW", "RO/--", "RO/RO"};
    pt_t t;
    pt_init(&t, 12, 39);
    pt_map_program(&t, 1);
    for (unsigned ap = 0; ap < 4; ap++)
        pt_map(&t, VA + ap * 0x1000ul, (u64)data[ap], 0x1000,
               NORMAL | (u64)ap << 6 | PTE_PXN | PTE_UXN);
    /* code: mov x0, #42; ret */
    code[0] = 0xd2800540u;
    code[1] = 0xd65f03c0u;
    __asm__ volatile("dc cvau, %0\n dsb ish\n ic iallu\n dsb ish\n isb"
                     : : "r"(code) : "memory");
    static const struct { const char *name; u64 attrs; } xs[] = {
        {"x RO/RO", PTE_AP_RO_ALL},
        {"x RO/RO PXN", PTE_AP_RO_ALL | PTE_PXN},
        {"x RO/RO UXN", PTE_AP_RO_ALL | PTE_UXN},
        {"x RW/RW", PTE_AP_RW_ALL},
        {"x RW/--", PTE_AP_RW_EL1},
    };
    for (unsigned i = 0; i < 5; i++)
        pt_map(&t, VA + 0x10000ul + i * 0x1000ul, (u64)code, 0x1000,
               NORMAL | xs[i].attrs);
    el1_mmu(&t, 0, 0, 0, 1);

    for (unsigned ap = 0; ap < 4; ap++) {
        char l[4][32];
        static const char *const what[] = {"el1 read", "el1 write",
                                           "el0 read", "el0 write"};
        for (unsigned k = 0; k < 4; k++) {
            const char *s = ap_name[ap];
            unsigned n = 0;
            while (*s)
                l[k][n++] = *s++;
            l[k][n++] = ' ';
            for (s = what[k]; *s;)
                l[k][n++] = *s++;
            l[k][n] = 0;
        }
        u64 va = VA + ap * 0x1000ul;
        trial(l[0], MODE_EL1h, rd, va);
        trial(l[1], MODE_EL1h, wr, va);
        trial(l[2], MODE_EL0t, rd, va);
        trial(l[3], MODE_EL0t, wr, va);
    }
    for (unsigned i = 0; i < 5; i++) {
        u64 va = VA + 0x10000ul + i * 0x1000ul;
        exc_clear();
        exc_hook = exc_return_on_iabort;
        u64 r = run_in(MODE_EL1h, call, va);
        pr("%s el1: r=%lu ", xs[i].name, exc.count ? 0 : r);
        pr_exc("exec", 0x7ff);
        if (exc.count)
            pr("  far=va+%ld\n", (i64)(exc.far - va));
        exc_clear();
        exc_hook = exc_return_on_iabort;
        r = run_in(MODE_EL0t, call, va);
        pr("%s el0: r=%lu ", xs[i].name, exc.count ? 0 : r);
        pr_exc("exec", 0x7ff);
    }

    /* PAN: the program itself is EL1-only here, so handlers run. */
    pt_t p;
    pt_init(&p, 12, 39);
    pt_map_program(&p, 0);
    pt_map(&p, VA, (u64)data[0], 0x1000, NORMAL | PTE_AP_RW_ALL | PTE_PXN | PTE_UXN);
    pt_map(&p, VA + 0x1000, (u64)data[1], 0x1000, NORMAL | PTE_AP_RO_ALL | PTE_PXN | PTE_UXN);
    pt_map(&p, VA + 0x2000, (u64)data[2], 0x1000, NORMAL | PTE_AP_RW_EL1 | PTE_PXN | PTE_UXN);
    el1_mmu(&p, 0, 0, 0, 1);
    trial("pan read RW/RW", MODE_EL1h, pan_rd, VA);
    trial("pan write RW/RW", MODE_EL1h, pan_wr, VA);
    trial("pan read RO/RO", MODE_EL1h, pan_rd, VA + 0x1000);
    trial("pan read RW/--", MODE_EL1h, pan_rd, VA + 0x2000);
    trial("pan ldtr RW/RW", MODE_EL1h, pan_ldtr, VA);
    trial("pan sttr RW/RW", MODE_EL1h, pan_sttr, VA);
    trial("pan sttr RO/RO", MODE_EL1h, pan_sttr, VA + 0x1000);
    trial("pan ldtr RW/--", MODE_EL1h, pan_ldtr, VA + 0x2000);
    el1_mmu(&p, 0, 0, 0, 0);
    return 0;
}
