/* Runtime for the system test programs (see rt.h). */
#include "rt.h"

volatile exc_rec_t exc;
u64 (*volatile exc_hook)(frame_t *f, u64 off, u64 el);
volatile u64 exc_resume;

void *memset(void *d, int c, unsigned long n)
{
    volatile u8 *p = d;
    while (n--)
        *p++ = (u8)c;
    return d;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
    volatile u8 *p = d;
    const u8 *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

u64 semihost(u64 op, u64 arg)
{
    register u64 x0 __asm__("x0") = op;
    register u64 x1 __asm__("x1") = arg;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

void rt_exit(u64 code)
{
    u64 block[2] = {0x20026, code};
    semihost(0x18, (u64)block);
    for (;;)
        ;
}

static char *put_num(char *p, char *end, u64 v, unsigned base, int width,
                     char padc)
{
    char tmp[24];
    int n = 0;
    do {
        unsigned d = (unsigned)(v % base);
        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    while (width > n && p < end) {
        *p++ = padc;
        width--;
    }
    while (n && p < end)
        *p++ = tmp[--n];
    return p;
}

void pr(const char *fmt, ...)
{
    char buf[256];
    char *p = buf, *end = buf + sizeof(buf) - 1;
    va_list ap;
    va_start(ap, fmt);
    for (const char *f = fmt; *f && p < end; f++) {
        if (*f != '%') {
            *p++ = *f;
            continue;
        }
        f++;
        char padc = ' ';
        int width = 0, is_long = 0;
        if (*f == '0')
            padc = '0', f++;
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (*f++ - '0');
        if (*f == 'l')
            is_long = 1, f++;
        switch (*f) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            while (*s && p < end)
                *p++ = *s++;
            break;
        }
        case 'd': {
            i64 v = is_long ? va_arg(ap, i64) : va_arg(ap, int);
            if (v < 0 && p < end) {
                *p++ = '-';
                v = -v;
            }
            p = put_num(p, end, (u64)v, 10, width, padc);
            break;
        }
        case 'u':
            p = put_num(p, end, is_long ? va_arg(ap, u64) : va_arg(ap, u32),
                        10, width, padc);
            break;
        case 'x':
            p = put_num(p, end, is_long ? va_arg(ap, u64) : va_arg(ap, u32),
                        16, width, padc);
            break;
        default:
            *p++ = *f;
            break;
        }
    }
    va_end(ap);
    *p = 0;
    semihost(0x04, (u64)buf);
}

void exc_clear(void)
{
    exc.count = exc.esr = exc.far = exc.elr = exc.spsr = 0;
    exc.off = exc.el = 0;
    exc_hook = 0;
    exc_resume = 0;
}

void pr_exc(const char *label, u64 iss_mask)
{
    if (!exc.count) {
        pr("%s: no exception\n", label);
        return;
    }
    pr("%s: el%lu off=0x%03lx ec=0x%02lx il=%lu iss=0x%07lx n=%lu\n", label,
       exc.el, exc.off, ESR_EC(exc.esr), ESR_IL(exc.esr),
       ESR_ISS(exc.esr) & iss_mask, exc.count);
}

u64 exc_dispatch(frame_t *f, u64 off, u64 el);
u64 exc_dispatch(frame_t *f, u64 off, u64 el)
{
    u64 ec = ESR_EC(f->esr), imm = f->esr & 0xffff;
    int sync = (off & 0x180) == 0;
    if (sync && imm == 0xffff && (ec == 0x15 || (ec == 0x17 && el != 3)))
        return 1; /* going home */
    exc.count++;
    exc.esr = f->esr;
    exc.far = f->far;
    exc.elr = f->elr;
    exc.spsr = f->spsr;
    exc.off = off;
    exc.el = el;
    if (exc_hook && exc_hook(f, off, el))
        return 0;
    if (sync) {
        if (exc_resume) {
            f->elr = exc_resume;
            exc_resume = 0;
        } else if (!(ec == 0x15 || ec == 0x16 || (ec == 0x17 && el == 3))) {
            f->elr += 4;
        }
    } else {
        f->spsr |= (off & 0x180) == 0x80 ? 0x80 : (off & 0x180) == 0x100 ? 0x40 : 0x100;
    }
    return 0;
}

/* ---- page tables ---- */

#define PT_POOL_SIZE (48 * 65536)
static u8 pt_pool[PT_POOL_SIZE] __attribute__((aligned(65536)));
static u64 pt_used;

static u64 *pt_alloc(unsigned gshift)
{
    u64 size = 1ul << gshift;
    pt_used = (pt_used + size - 1) & ~(size - 1);
    if (pt_used + size > PT_POOL_SIZE) {
        pr("page table pool exhausted\n");
        rt_exit(3);
    }
    u64 *t = (u64 *)(pt_pool + pt_used);
    pt_used += size;
    memset(t, 0, size);
    return t;
}

void pt_init(pt_t *pt, unsigned gshift, unsigned vabits)
{
    pt->gshift = gshift;
    pt->vabits = vabits;
    pt->root = (u64)pt_alloc(gshift);
}

static unsigned pt_start_level(const pt_t *pt)
{
    unsigned stride = pt->gshift - 3;
    unsigned levels = (pt->vabits - pt->gshift + stride - 1) / stride;
    return 4 - levels;
}

static u64 *pt_walk(pt_t *pt, u64 va, int alloc)
{
    unsigned stride = pt->gshift - 3;
    u64 *table = (u64 *)pt->root;
    va &= (1ul << pt->vabits) - 1;
    for (unsigned level = pt_start_level(pt);; level++) {
        unsigned shift = pt->gshift + (3 - level) * stride;
        u64 idx = (va >> shift) & ((1ul << stride) - 1);
        if (level == 3)
            return &table[idx];
        if (!(table[idx] & PTE_VALID)) {
            if (!alloc)
                return 0;
            table[idx] = (u64)pt_alloc(pt->gshift) | PTE_VALID | PTE_TABLE;
        }
        table = (u64 *)(table[idx] & 0x0000fffffffff000ul &
                        ~((1ul << pt->gshift) - 1));
    }
}

void pt_map(pt_t *pt, u64 va, u64 pa, u64 size, u64 attrs)
{
    u64 page = 1ul << pt->gshift;
    for (u64 off = 0; off < size; off += page)
        *pt_walk(pt, va + off, 1) = (pa + off) | attrs | PTE_VALID | PTE_TABLE;
    dsb();
}

u64 *pt_entry(pt_t *pt, u64 va)
{
    return pt_walk(pt, va, 0);
}

void pt_map_program(pt_t *pt, int el0)
{
    u64 page = 1ul << pt->gshift;
    u64 ts = (u64)__text_start & ~(page - 1);
    u64 te = ((u64)__text_end + page - 1) & ~(page - 1);
    u64 ds = te;
    u64 de = ((u64)__data_end + page - 1) & ~(page - 1);
    u64 normal = PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF;
    pt_map(pt, ts, ts, te - ts,
           normal | (el0 ? PTE_AP_RO_ALL : PTE_AP_RO_EL1));
    pt_map(pt, ds, ds, de - ds,
           normal | (el0 ? PTE_AP_RW_ALL : PTE_AP_RW_EL1) | PTE_PXN | PTE_UXN);
}

u64 tcr_tg0(unsigned gshift)
{
    return (gshift == 12 ? 0ul : gshift == 16 ? 1ul : 2ul) << 14;
}

u64 tcr_tg1(unsigned gshift)
{
    return (gshift == 12 ? 2ul : gshift == 16 ? 3ul : 1ul) << 30;
}

void tlbi_all_el1(void)
{
    __asm__ volatile("dsb ishst\n tlbi vmalle1\n dsb ish\n isb" : : : "memory");
}

void el1_mmu(const pt_t *t0, u64 asid0, const pt_t *t1, u64 extra, int on)
{
    u64 tcr = (64 - t0->vabits) | tcr_tg0(t0->gshift) | (1ul << 8) |
              (1ul << 10) | (3ul << 12) | (2ul << 32) | extra;
    if (t1)
        tcr |= ((u64)(64 - t1->vabits) << 16) | tcr_tg1(t1->gshift) |
               (1ul << 24) | (1ul << 26) | (3ul << 28);
    else
        tcr |= 1ul << 23; /* EPD1 */
    write_sysreg(MAIR_VALUE, mair_el1);
    write_sysreg(tcr, tcr_el1);
    write_sysreg(t0->root | asid0 << 48, ttbr0_el1);
    write_sysreg(t1 ? t1->root : 0, ttbr1_el1);
    isb();
    write_sysreg(SCTLR_EL1_BASE | (on ? 1ul : 0ul), sctlr_el1);
    __asm__ volatile("dsb sy\n tlbi vmalle1\n dsb sy\n isb" : : : "memory");
}

u64 exc_return_on_iabort(frame_t *f, u64 off, u64 el)
{
    (void)off, (void)el;
    u64 ec = ESR_EC(f->esr);
    if (ec != 0x20 && ec != 0x21)
        return 0;
    f->elr = f->x[30];
    f->x[0] = 0;
    return 1;
}
