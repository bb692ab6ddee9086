/* printf of doubles and floats (%a, %e, %f, %g at many precisions) over
 * hard values, and strtod/strtof of tricky decimal strings, with the bits
 * of each result and a round trip through %.17g / %.9g. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fp_common.h"

static const uint64_t dbits[] = {
    0x0000000000000000ull, 0x8000000000000000ull, /* +-0 */
    0x0000000000000001ull, 0x800fffffffffffffull, /* subnormals */
    0x0008000000000000ull, 0x0010000000000000ull, /* DBL_MIN */
    0x7fefffffffffffffull, 0xffefffffffffffffull, /* DBL_MAX */
    0x7ff0000000000000ull, 0xfff0000000000000ull, /* inf */
    0x7ff8000000000000ull, 0xfff8000000000000ull, /* nan */
    0x3fb999999999999aull,                       /* 0.1 */
    0x3ff0000000000000ull, 0x3feffffffffffff0ull,
    0x3ff0000000000001ull, 0x4024000000000000ull,
    0x44b52d02c7e14af6ull,                       /* 1e23 */
    0x4341c37937e08000ull,                       /* 1e16 */
    0x3e112e0be826d695ull,                       /* 1e-9 */
    0x400921fb54442d18ull,                       /* pi */
    0x3fe0000000000000ull, 0x3ff8000000000000ull, /* 0.5, 1.5 */
    0x4004000000000000ull, 0x4002000000000000ull, /* 2.5, 2.25 */
    0xc0fe240c9fbe76c9ull, 0x43e0000000000000ull, /* -123456.789, 2^63 */
    0x3f1a36e2eb1c432dull, 0x7e37e43c8800759cull, /* 1e-4, 1e300 */
    0x0031fa182c40c60dull,                       /* 1e-307 */
};

static const char *dfmt[] = {
    "%a", "%A", "%.0a", "%.1a", "%.3a", "%.13a", "%.20a", "%e", "%.0e",
    "%.1e", "%.5e", "%.16e", "%.17e", "%.25e", "%f", "%.0f", "%.1f",
    "%.3f", "%.10f", "%.20f", "%g", "%.0g", "%.1g", "%.6g", "%.15g",
    "%.17g", "%.30g", "%#g", "%#.0f", "%+e", "% .3e", "%15.4f", "%-12.3g|",
    "%012.2e",
};

static const char *const strs[] = {
    "0", "-0", "0.1", "0.2", "0.3", "1e23", "8.98846567431158e307",
    "2.2250738585072011e-308", "2.2250738585072012e-308",
    "2.2250738585072014e-308", "4.9406564584124654e-324",
    "2.4703282292062327e-324", "2.4703282292062328e-324",
    "1.7976931348623157e308", "1.7976931348623158e308",
    "1.7976931348623159e308", "1e309", "-1e-400", "9007199254740993",
    "9007199254740992.5", "9007199254740993.0000000001",
    "123456789012345678901234567890", "0.000000000000000000000000000001",
    "3.14159265358979323846264338327950288", "1.00000000000000011102230246251565404236316680908203125",
    "1.00000000000000011102230246251565404236316680908203124",
    "1.00000000000000011102230246251565404236316680908203126",
    "0x1.fffffffffffffp1023", "0x1p-1074", "0x1.8p-1075", "0x.8p1",
    "inf", "-Infinity", "nan", "-nan", "nan(123)", "  +12.5e-1xyz", ".5e1",
    "1e", "1e+", "7.038531e-26", "1.17549435e-38", "1.1754942e-38",
    "3.4028235e38", "3.4028236e38", "3.40282357e38", "1.4e-45", "7.0e-46",
    "7.1e-46", "16777217", "16777219", "0.33333334",
    "2.98023223876953125e-8", "2.98023223876953125000001e-8",
    "4.4501477170144023e-308", "6.9294956446009195e15",
    "1.8254370818746402660437411213933955878019332885742187e-44",
    "5e-324", "1e-324", "2.5e-324", "3e-324",
};

int main(void)
{
    char buf[512];
    uint64_t h = FNV_INIT;
    for (size_t i = 0; i < sizeof(dbits) / sizeof(dbits[0]); i++) {
        double d = from_bits64(dbits[i]);
        printf("[%016llx]", (unsigned long long)dbits[i]);
        for (size_t f = 0; f < sizeof(dfmt) / sizeof(dfmt[0]); f++) {
            snprintf(buf, sizeof(buf), dfmt[f], d);
            printf(" %s", buf);
        }
        printf("\n");
        /* Every precision of %e and %f, hashed. */
        for (int p = 0; p <= 40; p++) {
            snprintf(buf, sizeof(buf), "%.*e|%.*f|%.*g|%.*a", p, d, p, d, p, d, p, d);
            h = fnv_bytes(h, buf, strlen(buf));
        }
        /* Round trip. */
        snprintf(buf, sizeof(buf), "%.17g", d);
        double back = strtod(buf, NULL);
        printf("  roundtrip %s -> %016llx%s\n", buf, (unsigned long long)bits64(back),
               bits64(back) == dbits[i] || (isnan(d) && isnan(back)) ? "" : " MISMATCH");
        float fv = (float)d;
        snprintf(buf, sizeof(buf), "%.9g", fv);
        float fb = strtof(buf, NULL);
        printf("  float %08x %a %.9g %e -> %08x\n", bits32(fv), fv, fv, fv, bits32(fb));
    }
    printf("precisions hash %016llx\n", (unsigned long long)h);

    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        char *end;
        errno = 0;
        double d = strtod(strs[i], &end);
        int e1 = errno;
        errno = 0;
        float f = strtof(strs[i], NULL);
        int e2 = errno;
        errno = 0;
        long double ld = strtold(strs[i], NULL);
        printf("strtod(\"%s\") = %016llx %a end+%td erange %d; strtof = %08x %a erange %d; "
               "strtold = %La\n",
               strs[i], (unsigned long long)bits64(d), d, end - strs[i], e1 == ERANGE,
               bits32(f), f, e2 == ERANGE, ld);
        snprintf(buf, sizeof(buf), "%.17g", d);
        double back = strtod(buf, NULL);
        if (bits64(back) != bits64(d) && !isnan(d))
            printf("  round trip %s fails\n", buf);
    }

    /* Many random doubles: shortest exact %.17g round trip and hashes. */
    uint64_t s = 99, hr = FNV_INIT;
    int bad = 0;
    for (int i = 0; i < 3000; i++) {
        uint64_t u = lcg64(&s);
        double d = from_bits64(u);
        if (isnan(d))
            continue;
        snprintf(buf, sizeof(buf), "%.17g %.3e %a %.10f", d, d, d, d / 1e300);
        hr = fnv_bytes(hr, buf, strlen(buf));
        if (bits64(strtod(buf, NULL)) != u)
            bad++;
        float f = from_bits32((uint32_t)u);
        if (isnan(f))
            continue;
        snprintf(buf, sizeof(buf), "%.9g", f);
        hr = fnv_bytes(hr, buf, strlen(buf));
        if (bits32(strtof(buf, NULL)) != (uint32_t)u)
            bad++;
    }
    printf("random: hash %016llx round-trip failures %d\n", (unsigned long long)hr, bad);
    printf("long double: %La %.30Le %.40Lg\n", 1.0L / 3, 1.0L / 3, LDBL_MAX);
    return 0;
}
