/* <fenv.h>: the four rounding modes on arithmetic and conversions, the
 * exception flags each operation raises (FPSR), and FPCR.FZ and FPCR.DN
 * written with MSR. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fp_common.h"

static volatile double vd[] = {1.0, 3.0, 0x1p-1022, 0x1.fffffffffffffp1023, 0.1, -0.0, 0x1p-1074, 2.0,
                               1e308, 0x1.0000000000001p0, -7.0};
static volatile float vf[] = {1.0f, 3.0f, 0x1p-126f, 0x1.fffffep127f, 0.1f, 16777217.0f, -5.5f};

static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
static const char *const mode_names[] = {"nearest", "upward", "downward", "towardzero"};

static uint64_t get_fpsr(void);

static void flags(const char *what)
{
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("%s fpsr %08llx%s%s%s%s%s%s\n", what, (unsigned long long)get_fpsr(), f & FE_INVALID ? " invalid" : "",
           f & FE_DIVBYZERO ? " divbyzero" : "", f & FE_OVERFLOW ? " overflow" : "",
           f & FE_UNDERFLOW ? " underflow" : "", f & FE_INEXACT ? " inexact" : "",
           f ? "" : " none");
}

#define OP(name, expr)                         \
    do {                                       \
        feclearexcept(FE_ALL_EXCEPT);          \
        volatile double r_ = (expr);           \
        printf("  %-16s %-24a", name, (double)r_); \
        flags("");                             \
    } while (0)

static uint64_t get_fpcr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpcr" : "=r"(v));
    return v;
}

static void set_fpcr(uint64_t v) { __asm__ volatile("msr fpcr, %0" ::"r"(v) : "memory"); }

static uint64_t get_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    return v;
}

static void arith(void)
{
    double a = vd[0], b = vd[1], tiny = vd[2], big = vd[3], t = vd[4];
    float fa = vf[0], fb = vf[1], fbig = vf[3];
    printf("  add %a sub %a mul %a div %a sqrt %a fma %a\n", a + t, a - t, t * b, a / b,
           sqrt(t), fma(t, b, -a));
    printf("  float add %a div %a sqrt %a big+big %a tiny/3 %a\n", (double)(fa + vf[4]),
           (double)(fa / fb), (double)sqrtf(vf[4]), (double)(fbig + fbig),
           (double)(vf[2] / fb));
    printf("  d->f %a %a %a i %ld %d %lu u %u\n", (double)(float)t, (double)(float)vd[9],
           (double)(float)(a / b), (long)(b / 0.7 * -1e10), (int)(vf[6] * 3),
           (unsigned long)(b * 1e18), (unsigned)(vf[1] * 1e9f));
    printf("  lrint %ld %ld nearbyint %a rint %a cvt %a %a\n", lrint(2.5), lrint(-vd[10] / 2),
           nearbyint(-vd[10] / 2), rint(b / 2), (double)(float)16777217.0 * vd[0],
           (double)(long)(big / 1e300 * 1e4) / 3);
    printf("  subnormal %a %a big %a %a\n", tiny / b, tiny * t, big * (a + t), big + big / 1e16);
    char buf[64];
    snprintf(buf, sizeof(buf), "%.3f %.0f %.2e", 2.0 / 3, 2.5, 1.0 / 3);
    printf("  printf %s strtod %a\n", buf, strtod("0.1", NULL));
}

int main(void)
{
    printf("initial fpcr %08llx fpsr %08llx round %d\n", (unsigned long long)get_fpcr(),
           (unsigned long long)get_fpsr(), fegetround() == FE_TONEAREST);
    for (int m = 0; m < 4; m++) {
        int r = fesetround(modes[m]);
        printf("%s: fesetround %d fegetround ok %d fpcr %08llx\n", mode_names[m], r,
               fegetround() == modes[m], (unsigned long long)get_fpcr());
        arith();
    }
    fesetround(FE_TONEAREST);

    /* Operands are read from volatile memory after feclearexcept so that
     * the operation cannot move before it. */
#define one vd[0]
#define zero vd[5]
#define tiny vd[2]
#define big vd[3]
#define sub vd[6]
    printf("exceptions:\n");
    OP("1/3", one / vd[1]);
    OP("0/0", zero / zero);
    OP("inf-inf", INFINITY * one - INFINITY);
    OP("sqrt(-1)", sqrt(-one));
    OP("1/0", one / zero);
    OP("-1/-0", -one / zero);
    OP("log(0)", log(zero));
    OP("big*2", big * vd[7]);
    OP("big+big", big + big);
    OP("tiny*tiny", tiny * tiny);
    OP("tiny/3", tiny / vd[1]);
    OP("sub*0.5", sub * 0.5);
    OP("sub*2", sub * 2);
    OP("tiny-tiny*(1+e)", tiny - tiny * vd[9]);
    OP("1+2", one + vd[7]);
    OP("(int)1e300", (double)(int)vd[8]);
    OP("(long)nan", (double)(long)(zero / zero));
    OP("(float)big", (double)(float)big);
    OP("(float)tiny", (double)(float)tiny);
    OP("exp(1000)", exp(1000 * one));
    OP("exp(-1000)", exp(-1000 * one));
    OP("fma(big,2,-big)", fma(big, vd[7], -big));
    OP("snan+1", from_bits64(0x7ff0000000000001ull) + one);
    OP("nan==nan", (double)(from_bits64(0x7ff8000000000000ull) < one));
    OP("qnan+1", from_bits64(0x7ff8000000000123ull) + one);
    feclearexcept(FE_ALL_EXCEPT);
    feraiseexcept(FE_OVERFLOW | FE_INEXACT);
    flags("  feraiseexcept(ov|inex)");
    fexcept_t saved;
    fegetexceptflag(&saved, FE_ALL_EXCEPT);
    feclearexcept(FE_OVERFLOW);
    flags("  feclearexcept(ov)");
    fesetexceptflag(&saved, FE_ALL_EXCEPT);
    flags("  fesetexceptflag");
    printf("fpsr %08llx\n", (unsigned long long)get_fpsr());
    fenv_t env;
    feholdexcept(&env);
    OP("held 1/0", one / zero);
    feupdateenv(&env);
    flags("  feupdateenv");
    feclearexcept(FE_ALL_EXCEPT);

    /* NaN payloads: propagation and the default NaN. */
    volatile double qn = from_bits64(0x7ff8000000000abcull), sn = from_bits64(0x7ff0000000000defull);
    printf("nan bits: q+1 %016llx s+1 %016llx q+s %016llx s*q %016llx 0/0 %016llx -q %016llx\n",
           (unsigned long long)bits64(qn + one), (unsigned long long)bits64(sn + one),
           (unsigned long long)bits64(qn + sn), (unsigned long long)bits64(sn * qn),
           (unsigned long long)bits64(zero / zero), (unsigned long long)bits64(-qn));
    volatile float fq = from_bits32(0x7fc00123u);
    printf("nan bits: (float)q %08x (double)fq %016llx\n", bits32((float)qn),
           (unsigned long long)bits64((double)fq));

    /* FPCR.FZ (bit 24): subnormal inputs and outputs become zero. */
    uint64_t fpcr = get_fpcr();
    set_fpcr(fpcr | (1u << 24));
    feclearexcept(FE_ALL_EXCEPT);
    volatile double r1 = tiny / vd[1], r2 = sub + 0.0, r3 = sub * 1e300;
    volatile float r4 = vf[2] / vf[1];
    printf("FZ: fpcr %08llx tiny/3 %a sub+0 %a sub*1e300 %a ftiny/3 %a\n",
           (unsigned long long)get_fpcr(), (double)r1, (double)r2, (double)r3, (double)r4);
    flags("  FZ flags");
    /* FPCR.DN (bit 25): NaN results are the default NaN. */
    set_fpcr(fpcr | (1u << 25));
    feclearexcept(FE_ALL_EXCEPT);
    printf("DN: fpcr %08llx q+1 %016llx s+1 %016llx\n", (unsigned long long)get_fpcr(),
           (unsigned long long)bits64(qn + one), (unsigned long long)bits64(sn + one));
    flags("  DN flags");
    /* FPCR.RMode written directly (bits 23:22). */
    for (unsigned rm = 0; rm < 4; rm++) {
        set_fpcr(fpcr | (rm << 22));
        printf("RMode %u: 1/3 %a -1/3 %a fegetround %d\n", rm, one / vd[1], -one / vd[1],
               fegetround());
    }
    set_fpcr(fpcr);
    printf("final fpcr %08llx\n", (unsigned long long)get_fpcr());
    return 0;
}
