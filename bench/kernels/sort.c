/* Quicksort of 64 Ki pseudo-random integers, repeated with fresh data. */
#define RT_IMPL
#include "rt.h"

#define N 65536
static i64 v[N];

static void quick(i64 *a, long lo, long hi)
{
    while (lo < hi) {
        i64 p = a[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p)
                i++;
            while (a[j] > p)
                j--;
            if (i <= j) {
                i64 t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        if (j - lo < hi - i) {
            quick(a, lo, j);
            lo = i;
        } else {
            quick(a, i, hi);
            hi = j;
        }
    }
}

static u64 arg(u64 *sp, u64 dflt)
{
    if (sp[0] < 2)
        return dflt;
    const char *s = (const char *)sp[2];
    u64 x = 0;
    while (*s >= '0' && *s <= '9')
        x = x * 10 + (u64)(*s++ - '0');
    return x;
}

int cmain(u64 *sp)
{
    u64 s = 1, h = 0;
    for (u64 r = arg(sp, 80); r; r--) {
        for (int i = 0; i < N; i++)
            v[i] = (i64)lcg(&s);
        quick(v, 0, N - 1);
        h = h * 31 + (u64)v[N / 2];
    }
    show("sort", h);
    return 0;
}
