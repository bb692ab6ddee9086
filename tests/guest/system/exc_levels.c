/* Exception entry and return at each exception level: the synchronous
 * vectors for "current EL with SP_EL0", "current EL with SP_ELx" and
 * "lower EL, AArch64" at EL1, EL2 and EL3; the saved SPSR and ELR; PSTATE
 * in the handler; and ERET restoring PSTATE from the SPSR. */
#include "rt.h"

#define SPSR_MASK 0xf00003cful /* NZCV, DAIF, M[3:0] */
static volatile u64 site, handler_daif, handler_spsel;

static u64 record_state(frame_t *f, u64 off, u64 el)
{
    (void)f, (void)off, (void)el;
    handler_daif = read_sysreg(daif);
    handler_spsel = read_sysreg(spsel);
    return 0; /* and the default action */
}

static u64 do_brk(u64 a)
{
    (void)a;
    u64 s;
    __asm__ volatile("adr %0, 1f\n1: brk #0x12" : "=r"(s) : : "memory");
    site = s;
    return 0;
}

static u64 do_svc(u64 a)
{
    (void)a;
    u64 s;
    __asm__ volatile("adr %0, 1f\n1: svc #0x34" : "=r"(s) : : "memory");
    site = s;
    return 0;
}

static u64 do_hvc(u64 a)
{
    (void)a;
    u64 s;
    __asm__ volatile("adr %0, 1f\n1: hvc #0x56" : "=r"(s) : : "memory");
    site = s;
    return 0;
}

static u64 do_smc(u64 a)
{
    (void)a;
    u64 s;
    __asm__ volatile("adr %0, 1f\n1: smc #0x78" : "=r"(s) : : "memory");
    site = s;
    return 0;
}

static void report(const char *label)
{
    pr_exc(label, 0x1ffffff);
    if (exc.count)
        pr("  spsr=0x%08lx elr=site+%ld daif=0x%03lx spsel=%lu\n",
           exc.spsr & SPSR_MASK, (i64)(exc.elr - site), handler_daif,
           handler_spsel);
}

static void trial(const char *label, u64 mode, u64 (*fn)(u64))
{
    exc_clear();
    exc_hook = record_state;
    handler_daif = handler_spsel = 99;
    run_in(mode, fn, 0);
    report(label);
}

/* The handler returns with Z and C set and DAIF cleared except F. */
static u64 set_flags(frame_t *f, u64 off, u64 el)
{
    (void)off, (void)el;
    f->spsr = (f->spsr & ~0xf00003c0ul) | 0x60000040ul;
    return 0;
}

static u64 eret_flags(u64 a)
{
    (void)a;
    __asm__ volatile("msr nzcv, xzr\n brk #1" : : : "memory");
    return read_sysreg(nzcv) | read_sysreg(daif);
}

int main(void);
int main(void)
{
    static const struct { const char *name; u64 mode; } same[] = {
        {"brk EL1t", MODE_EL1t}, {"brk EL1h", MODE_EL1h},
        {"brk EL2t", MODE_EL2t}, {"brk EL2h", MODE_EL2h},
        {"brk EL3t", MODE_EL3t}, {"brk EL3h", MODE_EL3t | 1},
    };
    for (unsigned i = 0; i < sizeof(same) / sizeof(same[0]); i++)
        trial(same[i].name, same[i].mode, do_brk);

    trial("svc EL1h", MODE_EL1h, do_svc);
    trial("svc EL0 to EL1", MODE_EL0t, do_svc);
    trial("brk EL0 to EL1", MODE_EL0t, do_brk);
    write_sysreg((1ul << 31) | (1ul << 27), hcr_el2); /* TGE */
    isb();
    trial("svc EL0 to EL2 (TGE)", MODE_EL0t, do_svc);
    trial("brk EL0 to EL2 (TGE)", MODE_EL0t, do_brk);
    write_sysreg(1ul << 31, hcr_el2);
    isb();
    trial("hvc EL1 to EL2", MODE_EL1h, do_hvc);
    trial("hvc EL2", MODE_EL2h, do_hvc);
    trial("smc EL1 to EL3", MODE_EL1h, do_smc);
    trial("smc EL2 to EL3", MODE_EL2h, do_smc);
    trial("smc EL3", MODE_EL3t | 1, do_smc);

    static const struct { const char *name; u64 mode; } back[] = {
        {"eret flags EL1", MODE_EL1h}, {"eret flags EL2", MODE_EL2h},
        {"eret flags EL3", MODE_EL3t | 1},
    };
    for (unsigned i = 0; i < 3; i++) {
        exc_clear();
        exc_hook = set_flags;
        u64 v = run_in(back[i].mode, eret_flags, 0);
        pr("%s: nzcv|daif=0x%08lx n=%lu\n", back[i].name, v, exc.count);
    }
    return 0;
}
