/* ESR and FAR of the faults that need no translation tables: undefined
 * instruction, PC alignment, alignment faults of exclusives and
 * atomics and with SCTLR_ELx.A set, the illegal execution state after a
 * bad ERET, from EL0, EL1, EL2 and EL3. Data abort ISS is shown in bits
 * 10:0 (FnV, EA, CM, S1PTW, WnR, DFSC); bits 24:14 are not defined for
 * these faults. */
#include "rt.h"

#define DABT_ISS 0x7ff
static u64 buf[4] __attribute__((aligned(16)));
static volatile u64 target;

static u64 do_udf(u64 a)
{
    (void)a;
    __asm__ volatile("udf #0x1234" : : : "memory");
    return 0;
}

static u64 do_pc_align(u64 a)
{
    (void)a;
    u64 t;
    __asm__ volatile("adr %0, 1f\n"
                     "add %0, %0, #2\n"
                     "str %0, [%1]\n"
                     "adr x9, 1f\n"
                     "str x9, [%2]\n"
                     "br %0\n"
                     "1: nop"
                     : "=&r"(t)
                     : "r"(&target), "r"(&exc_resume)
                     : "x9", "memory");
    return 0;
}

static u64 do_ldxr(u64 a)
{
    u64 v;
    __asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
    return 0;
}

static u64 do_ldaxr(u64 a)
{
    u32 v;
    __asm__ volatile("ldaxr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
    return 0;
}

static u64 do_ldadd(u64 a)
{
    u64 v;
    __asm__ volatile("ldadd %0, %0, [%1]" : "=&r"(v) : "r"(a) : "memory");
    return 0;
}

static u64 do_ldr(u64 a)
{
    u64 v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
    return 0;
}

static u64 do_str(u64 a)
{
    __asm__ volatile("str wzr, [%0]" : : "r"(a) : "memory");
    return 0;
}

static void trial(const char *label, u64 mode, u64 (*fn)(u64), u64 arg,
                  u64 iss_mask, int far)
{
    exc_clear();
    run_in(mode, fn, arg);
    pr_exc(label, iss_mask);
    if (exc.count && far)
        pr("  far=addr+%ld\n", (i64)(exc.far - arg));
}

/* Returns from the exception to EL2h, which EL1 cannot do: an illegal
 * exception return. The next exception clears SPSR.IL again. */
static u64 bad_return(frame_t *f, u64 off, u64 el)
{
    (void)off, (void)el;
    if (ESR_EC(f->esr) == 0x0e) {
        f->spsr &= ~(1ul << 20);
        f->elr += 4;
    } else {
        f->spsr = (f->spsr & ~0xful) | MODE_EL2h;
    }
    return 1;
}

static u64 do_illegal(u64 a)
{
    (void)a;
    __asm__ volatile("svc #1\n nop" : : : "memory");
    return 0;
}

int main(void);
int main(void)
{
    u64 b = (u64)buf;
    trial("udf EL0", MODE_EL0t, do_udf, 0, 0x1ffffff, 0);
    trial("udf EL1", MODE_EL1h, do_udf, 0, 0x1ffffff, 0);
    trial("udf EL2", MODE_EL2h, do_udf, 0, 0x1ffffff, 0);
    trial("udf EL3", MODE_EL3t | 1, do_udf, 0, 0x1ffffff, 0);

    exc_clear();
    run_in(MODE_EL1h, do_pc_align, 0);
    pr_exc("pc align EL1", 0x1ffffff);
    pr("  far=target+%ld elr=target+%ld\n", (i64)(exc.far - target),
       (i64)(exc.elr - target));
    exc_clear();
    run_in(MODE_EL0t, do_pc_align, 0);
    pr_exc("pc align EL0", 0x1ffffff);
    pr("  far=target+%ld elr=target+%ld\n", (i64)(exc.far - target),
       (i64)(exc.elr - target));

    trial("ldxr+1 EL1", MODE_EL1h, do_ldxr, b + 1, DABT_ISS, 1);
    trial("ldxr+4 EL0", MODE_EL0t, do_ldxr, b + 4, DABT_ISS, 1);
    trial("ldaxr+2 EL2", MODE_EL2h, do_ldaxr, b + 2, DABT_ISS, 1);
    trial("ldadd+1 EL1", MODE_EL1h, do_ldadd, b + 1, DABT_ISS, 1);
    trial("ldadd+8 EL1", MODE_EL1h, do_ldadd, b + 8, DABT_ISS, 1);

    write_sysreg(0x30d00800ul | (1ul << 1), sctlr_el1); /* A */
    write_sysreg(0x30c50830ul | (1ul << 1), sctlr_el2);
    write_sysreg(0x30c50830ul | (1ul << 1), sctlr_el3);
    isb();
    trial("ldr+4 A=1 EL1", MODE_EL1h, do_ldr, b + 4, DABT_ISS, 1);
    trial("str+2 A=1 EL0", MODE_EL0t, do_str, b + 2, DABT_ISS, 1);
    trial("str+4 A=1 EL0", MODE_EL0t, do_str, b + 4, DABT_ISS, 1);
    trial("ldr+1 A=1 EL2", MODE_EL2h, do_ldr, b + 1, DABT_ISS, 1);
    trial("ldr+3 A=1 EL3", MODE_EL3t | 1, do_ldr, b + 3, DABT_ISS, 1);
    write_sysreg(0x30d00800ul, sctlr_el1);
    write_sysreg(0x30c50830ul, sctlr_el2);
    write_sysreg(0x30c50830ul, sctlr_el3);
    isb();

    exc_clear();
    exc_hook = bad_return;
    run_in(MODE_EL1h, do_illegal, 0);
    pr_exc("illegal return EL1", 0x1ffffff);
    return 0;
}
