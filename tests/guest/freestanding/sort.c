/* Sorting: quicksort, heapsort and insertion sort of the same pseudo-random
 * data must agree and be ordered. Prints checksums. */
#define RT_IMPL
#include "rt.h"

#define N 20000
static i64 a[N], b[N], c[N];

static void quick(i64 *v, long lo, long hi)
{
    while (lo < hi) {
        i64 p = v[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (v[i] < p)
                i++;
            while (v[j] > p)
                j--;
            if (i <= j) {
                i64 t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        if (j - lo < hi - i) {
            quick(v, lo, j);
            lo = i;
        } else {
            quick(v, i, hi);
            hi = j;
        }
    }
}

static void sift(i64 *v, long n, long i)
{
    for (;;) {
        long l = 2 * i + 1, m = i;
        if (l < n && v[l] > v[m])
            m = l;
        if (l + 1 < n && v[l + 1] > v[m])
            m = l + 1;
        if (m == i)
            return;
        i64 t = v[i];
        v[i] = v[m];
        v[m] = t;
        i = m;
    }
}

static void heap(i64 *v, long n)
{
    for (long i = n / 2 - 1; i >= 0; i--)
        sift(v, n, i);
    for (long i = n - 1; i > 0; i--) {
        i64 t = v[0];
        v[0] = v[i];
        v[i] = t;
        sift(v, i, 0);
    }
}

static void insertion(i64 *v, long n)
{
    for (long i = 1; i < n; i++) {
        i64 x = v[i];
        long j = i - 1;
        while (j >= 0 && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

int cmain(u64 *sp)
{
    (void)sp;
    u64 s = 42;
    for (int i = 0; i < N; i++)
        a[i] = b[i] = (i64)lcg(&s) - (1ll << 46);
    for (int i = 0; i < 2000; i++)
        c[i] = a[i];
    quick(a, 0, N - 1);
    heap(b, N);
    insertion(c, 2000);
    int ordered = 1, same = 1;
    u64 sum = 0;
    for (int i = 0; i < N; i++) {
        if (i && a[i - 1] > a[i])
            ordered = 0;
        if (a[i] != b[i])
            same = 0;
        sum = sum * 31 + (u64)a[i];
    }
    for (int i = 1; i < 2000; i++)
        if (c[i - 1] > c[i])
            ordered = 0;
    put_str(ordered ? "ordered\n" : "NOT ordered\n");
    put_str(same ? "quick == heap\n" : "quick != heap\n");
    show("checksum", sum);
    show("min", (u64)a[0]);
    show("max", (u64)a[N - 1]);
    show("median", (u64)a[N / 2]);
    show("insertion[1000]", (u64)c[1000]);
    return ordered && same ? 0 : 1;
}
