/* glibc libm over fixed hard inputs, printed with %a (bit-exact), plus a
 * hash of each function over many pseudo-random inputs. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>

#include "fp_common.h"

static volatile double in[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, 0.1, -0.7, 1e-300, 4.9e-324,
    2.2250738585072014e-308, 1.5, 2.5, -2.5, 3.5, 0.49999999999999994,
    1.0000000000000002, 10.0, 100.5, -100.5, 700.0, 709.78, 710.0,
    -745.2, 1e10, 1e22, 1.7976931348623157e308, M_PI, M_PI_2, M_PI_4,
    1e-8, 123456.789, -1e-5, 4503599627370495.5, 4503599627370497.0,
    2147483647.5, -2147483648.5, 9.2233720368547758e18, INFINITY,
    -INFINITY, NAN,
};
#define NIN (sizeof(in) / sizeof(in[0]))

typedef double (*fn1_t)(double);
typedef double (*fn2_t)(double, double);

static double w_lrint(double x) { return (double)lrint(x); }
static double w_llround(double x) { return (double)llround(x); }
static double w_frexp(double x)
{
    int e;
    double m = frexp(x, &e);
    return m + e;
}
static double w_ldexp(double x, double y) { return ldexp(x, (int)fmax(fmin(y, 3000), -3000)); }
static double w_fma(double x, double y) { return fma(x, y, -x * y); }
static double w_fma3(double x, double y) { return fma(x, y, 0x1p-60); }
static double w_modf(double x)
{
    double ip;
    double f = modf(x, &ip);
    return f + ip * 3;
}
static double w_remquo(double x, double y)
{
    int q;
    double r = remquo(x, y, &q);
    return r + (q & 7);
}

static const struct {
    const char *name;
    fn1_t f;
} fn1[] = {
    {"sin", sin}, {"cos", cos}, {"tan", tan}, {"exp", exp}, {"exp2", exp2},
    {"log", log}, {"log2", log2}, {"log10", log10}, {"sqrt", sqrt},
    {"cbrt", cbrt}, {"floor", floor}, {"ceil", ceil}, {"round", round},
    {"trunc", trunc}, {"rint", rint}, {"nearbyint", nearbyint},
    {"lrint", w_lrint}, {"llround", w_llround}, {"expm1", expm1},
    {"log1p", log1p}, {"asin", asin}, {"acos", acos}, {"atan", atan},
    {"sinh", sinh}, {"cosh", cosh}, {"tanh", tanh}, {"asinh", asinh},
    {"atanh", atanh}, {"erf", erf}, {"erfc", erfc}, {"tgamma", tgamma},
    {"lgamma", lgamma}, {"fabs", fabs}, {"frexp", w_frexp}, {"modf", w_modf},
    {"logb", logb},
};

static const struct {
    const char *name;
    fn2_t f;
} fn2[] = {
    {"pow", pow}, {"atan2", atan2}, {"hypot", hypot}, {"fmod", fmod},
    {"remainder", remainder}, {"fma", w_fma}, {"fma3", w_fma3},
    {"ldexp", w_ldexp}, {"fmin", fmin}, {"fmax", fmax}, {"fdim", fdim},
    {"copysign", copysign}, {"nextafter", nextafter}, {"remquo", w_remquo},
};

static volatile float fin[] = {0.0f, -0.0f, 1.0f, 0.1f, -2.5f, 3.5f, 88.7f, 89.0f, 1e-40f,
                               3.4028235e38f, 1e7f, 0.333333343f, 100.0f, -7.25f};
#define NFIN (sizeof(fin) / sizeof(fin[0]))

typedef float (*ff1_t)(float);
static const struct {
    const char *name;
    ff1_t f;
} ffn[] = {
    {"sinf", sinf}, {"cosf", cosf}, {"tanf", tanf}, {"expf", expf},
    {"logf", logf}, {"sqrtf", sqrtf}, {"cbrtf", cbrtf}, {"rintf", rintf},
    {"roundf", roundf}, {"expm1f", expm1f}, {"log1pf", log1pf},
    {"atanf", atanf}, {"tanhf", tanhf}, {"exp2f", exp2f}, {"log2f", log2f},
};

static double rnd(uint64_t *s)
{
    /* mixed magnitudes, both signs */
    uint64_t u = lcg64(s);
    double m = (double)(u >> 11) * 0x1p-53;
    int e = (int)((u >> 3) % 80) - 40;
    return (u & 1 ? -m : m) * ldexp(1.0, e);
}

int main(void)
{
    for (size_t f = 0; f < sizeof(fn1) / sizeof(fn1[0]); f++) {
        printf("%s:", fn1[f].name);
        for (size_t i = 0; i < NIN; i++)
            printf(" %a", fn1[f].f(in[i]));
        uint64_t s = 1 + f, h = FNV_INIT;
        for (int i = 0; i < 2000; i++)
            h = fnv_u64(h, bits64(fn1[f].f(rnd(&s))));
        printf("\n  random %016llx\n", (unsigned long long)h);
    }
    for (size_t f = 0; f < sizeof(fn2) / sizeof(fn2[0]); f++) {
        printf("%s:", fn2[f].name);
        for (size_t i = 0; i < NIN; i++)
            for (size_t j = 0; j < NIN; j += 3)
                printf(" %a", fn2[f].f(in[i], in[(i + j) % NIN]));
        uint64_t s = 100 + f, h = FNV_INIT;
        for (int i = 0; i < 2000; i++) {
            double x = rnd(&s), y = rnd(&s);
            h = fnv_u64(h, bits64(fn2[f].f(x, y)));
        }
        printf("\n  random %016llx\n", (unsigned long long)h);
    }
    for (size_t f = 0; f < sizeof(ffn) / sizeof(ffn[0]); f++) {
        printf("%s:", ffn[f].name);
        for (size_t i = 0; i < NFIN; i++)
            printf(" %a", (double)ffn[f].f(fin[i]));
        uint64_t s = 200 + f, h = FNV_INIT;
        for (int i = 0; i < 2000; i++)
            h = fnv_u64(h, bits32(ffn[f].f((float)rnd(&s))));
        printf("\n  random %016llx\n", (unsigned long long)h);
    }
    /* lrint/nearbyint follow the rounding mode. */
    static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        printf("mode %d: lrint(2.5)=%ld lrint(-2.5)=%ld rint(0.5)=%a nearbyint(-1.5)=%a "
               "llrint(1e15+0.5)=%lld sqrt(2)=%a exp(1)=%a sin(1e22)=%a\n",
               m, lrint(in[13]), lrint(in[14]), rint(in[4]), nearbyint(-in[12]),
               llrint(in[26] / 1e7 + 0.5), sqrt(in[5]), exp(in[2]), sin(in[26]));
    }
    return 0;
}
