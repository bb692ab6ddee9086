/* glibc's AdvSIMD string and memory routines over every length 0..300 and
 * source/destination offsets 0..31, checked against plain byte loops, and
 * again with the data ending at an inaccessible page. Prints, per function,
 * the number of calls, the number of wrong answers and a hash of the
 * answers. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "fp_common.h"

/* The reference loops must stay loops (not become calls to the functions
 * under test) and scalar. */
#define REF __attribute__((noinline, optimize("no-tree-loop-distribute-patterns", "no-tree-vectorize")))

#define MAXN 300
#define BUFSZ 1024

static unsigned char srcbuf[BUFSZ] __attribute__((aligned(64)));
static unsigned char dstbuf[BUFSZ] __attribute__((aligned(64)));
static unsigned char refbuf[BUFSZ] __attribute__((aligned(64)));

typedef struct {
    const char *name;
    unsigned long calls, bad;
    uint64_t hash;
    char first[96];
} tally_t;

static void note(tally_t *t, int ok, uint64_t answer, const char *what,
                 size_t n, size_t s, size_t d)
{
    t->calls++;
    t->hash = fnv_u64(t->hash, answer);
    if (!ok) {
        if (!t->bad)
            snprintf(t->first, sizeof(t->first), "%s n=%zu s=%zu d=%zu",
                     what, n, s, d);
        t->bad++;
    }
}

static void report(const tally_t *t)
{
    printf("%-8s calls %7lu bad %5lu hash %016llx%s%s\n", t->name, t->calls,
           t->bad, (unsigned long long)t->hash, t->bad ? " first: " : "",
           t->bad ? t->first : "");
}

REF static void ref_copy(unsigned char *d, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
}

REF static void ref_move(unsigned char *d, const unsigned char *s, size_t n)
{
    if (d < s)
        for (size_t i = 0; i < n; i++)
            d[i] = s[i];
    else
        for (size_t i = n; i--;)
            d[i] = s[i];
}

REF static int ref_same(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

REF static void ref_fill(unsigned char *d, int c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = (unsigned char)c;
}

static int sign(long v) { return (v > 0) - (v < 0); }

/* Offsets of the destination tried against each source offset. */
static const size_t doffs[] = {0, 1, 7, 12, 16, 31};
#define NDOFF (sizeof(doffs) / sizeof(doffs[0]))

static void fill_src(void)
{
    uint64_t s = 12345;
    for (int i = 0; i < BUFSZ; i++)
        srcbuf[i] = (unsigned char)lcg64(&s);
}

static void test_memcpy(void)
{
    tally_t t = {"memcpy", 0, 0, FNV_INIT, ""};
    for (size_t n = 0; n <= MAXN; n++)
        for (size_t s = 0; s < 32; s++)
            for (size_t k = 0; k < NDOFF; k++) {
                size_t d = 64 + doffs[k];
                ref_fill(dstbuf + d - 16, 0xee, n + 32);
                void *r = memcpy(dstbuf + d, srcbuf + s, n);
                int ok = r == dstbuf + d && ref_same(dstbuf + d, srcbuf + s, n);
                for (size_t i = 0; i < 16; i++)
                    ok &= dstbuf[d - 16 + i] == 0xee && dstbuf[d + n + i] == 0xee;
                note(&t, ok, ok, "copy", n, s, d);
            }
    report(&t);
}

static void test_memmove(void)
{
    static const long deltas[] = {-33, -16, -1, 0, 1, 15, 32, 200};
    tally_t t = {"memmove", 0, 0, FNV_INIT, ""};
    ref_copy(dstbuf, srcbuf, BUFSZ);
    ref_copy(refbuf, srcbuf, BUFSZ);
    for (size_t n = 0; n <= MAXN; n++)
        for (size_t s = 0; s < 32; s++)
            for (size_t k = 0; k < sizeof(deltas) / sizeof(deltas[0]); k++) {
                size_t so = 300 + s, d = (size_t)((long)so + deltas[k]);
                size_t lo = (so < d ? so : d) - 16, hi = (so > d ? so : d) + n + 16;
                void *r = memmove(dstbuf + d, dstbuf + so, n);
                ref_move(refbuf + d, refbuf + so, n);
                int ok = r == dstbuf + d && ref_same(dstbuf + lo, refbuf + lo, hi - lo);
                note(&t, ok, ok, "move", n, so, d);
                if (!ok)
                    ref_copy(dstbuf, refbuf, BUFSZ);
            }
    t.hash = fnv_bytes(t.hash, dstbuf, BUFSZ);
    report(&t);
}

static void test_memset(void)
{
    tally_t t = {"memset", 0, 0, FNV_INIT, ""};
    static const int vals[] = {0, 0x5c, 0xff, 0x100 + 0x21};
    for (size_t n = 0; n <= MAXN; n++)
        for (size_t d = 0; d < 32; d++)
            for (size_t v = 0; v < 4; v++) {
                size_t o = 64 + d;
                ref_fill(dstbuf + o - 16, 0xee, n + 32);
                void *r = memset(dstbuf + o, vals[v], n);
                int ok = r == dstbuf + o;
                for (size_t i = 0; i < n; i++)
                    ok &= dstbuf[o + i] == (unsigned char)vals[v];
                for (size_t i = 0; i < 16; i++)
                    ok &= dstbuf[o - 16 + i] == 0xee && dstbuf[o + n + i] == 0xee;
                note(&t, ok, ok, "set", n, (size_t)vals[v], o);
            }
    report(&t);
}

static void test_memcmp(void)
{
    tally_t t = {"memcmp", 0, 0, FNV_INIT, ""};
    for (size_t n = 0; n <= MAXN; n++)
        for (size_t s = 0; s < 32; s++)
            for (size_t k = 0; k < NDOFF; k++) {
                size_t d = 64 + doffs[k];
                ref_copy(dstbuf + d, srcbuf + s, n);
                int r = memcmp(srcbuf + s, dstbuf + d, n);
                note(&t, r == 0, (uint64_t)sign(r), "equal", n, s, d);
                if (!n)
                    continue;
                size_t p = (n * 7 + s + k) % n;
                unsigned char old = dstbuf[d + p];
                int up = (n + s + k) & 1;
                dstbuf[d + p] = up ? (unsigned char)(old + 0x80) : (unsigned char)(old ^ 1);
                int want = srcbuf[s + p] < dstbuf[d + p] ? -1 : 1;
                r = memcmp(srcbuf + s, dstbuf + d, n);
                note(&t, sign(r) == want, (uint64_t)sign(r), "diff", n, s, d);
                dstbuf[d + p] = old;
            }
    report(&t);
}

/* Characters 'a'..'z' and bytes with the top bit set, never '#' or 'y'. */
static unsigned char spat[2 * BUFSZ];

static void fill_spat(void)
{
    for (int i = 0; i < 2 * BUFSZ; i++) {
        unsigned v = (unsigned)(i * 7) % 30;
        spat[i] = (unsigned char)(v < 24 ? 'a' + v : 0xc0 + v);
    }
}

/* A string of n characters at buf + off, terminated. */
static void make_str(unsigned char *buf, size_t off, size_t n, unsigned seed)
{
    ref_copy(buf + off, spat + seed % 30, n);
    buf[off + n] = 0;
}

static void test_strlen(void)
{
    tally_t t = {"strlen", 0, 0, FNV_INIT, ""};
    tally_t u = {"strnlen", 0, 0, FNV_INIT, ""};
    for (size_t n = 0; n <= MAXN; n++)
        for (size_t s = 0; s < 32; s++) {
            ref_fill(dstbuf + 64 + s + n, 'x', 48);
            make_str(dstbuf, 64 + s, n, (unsigned)s);
            size_t r = strlen((char *)dstbuf + 64 + s);
            note(&t, r == n, r, "len", n, s, 0);
            const size_t lims[] = {0, n ? n - 1 : 0, n, n + 1, n + 17, (size_t)-1};
            for (size_t k = 0; k < 6; k++) {
                size_t want = lims[k] < n ? lims[k] : n;
                r = strnlen((char *)dstbuf + 64 + s, lims[k]);
                note(&u, r == want, r, "nlen", n, s, lims[k]);
            }
        }
    report(&t);
    report(&u);
}

static void test_strchr(void)
{
    tally_t t = {"strchr", 0, 0, FNV_INIT, ""};
    tally_t u = {"strrchr", 0, 0, FNV_INIT, ""};
    tally_t m = {"memchr", 0, 0, FNV_INIT, ""};
    static const int needles[] = {'#', 0xe9, 0};
    for (size_t n = 0; n <= MAXN; n++)
        for (size_t s = 0; s < 32; s++)
            for (size_t k = 0; k < 3; k++) {
                int c = needles[k];
                char *str = (char *)dstbuf + 64 + s;
                ref_fill(dstbuf + 64 + s + n, 'y', 48);
                make_str(dstbuf, 64 + s, n, (unsigned)(s + k));
                /* absent (unless c is the terminator) */
                char *r = strchr(str, c);
                char *want = c ? NULL : str + n;
                note(&t, r == want, r ? (uint64_t)(r - str) : ~0ull, "absent", n, s, k);
                r = strrchr(str, c);
                note(&u, r == want, r ? (uint64_t)(r - str) : ~0ull, "absent", n, s, k);
                void *mr = memchr(str, c ? c : 1, n);
                note(&m, mr == NULL, mr ? (uint64_t)((char *)mr - str) : ~0ull, "absent", n, s, k);
                if (!c || !n)
                    continue;
                size_t p = (n * 5 + s) % n, q = p + (n - p) / 2;
                str[p] = (char)c;
                str[q] = (char)c;
                r = strchr(str, c);
                note(&t, r == str + p, (uint64_t)(r - str), "present", n, s, k);
                r = strrchr(str, c);
                note(&u, r == str + q, (uint64_t)(r - str), "present", n, s, k);
                mr = memchr(str, c, n);
                note(&m, mr == str + p, (uint64_t)((char *)mr - str), "present", n, s, k);
                mr = memchr(str, c, p);
                note(&m, mr == NULL, mr ? 1 : 0, "limit", n, s, k);
                mr = memchr(str, c, p + 1);
                note(&m, mr == str + p, mr ? 1 : 0, "limit+1", n, s, k);
            }
    report(&t);
    report(&u);
    report(&m);
}

static void test_strcmp(void)
{
    tally_t t = {"strcmp", 0, 0, FNV_INIT, ""};
    tally_t u = {"strncmp", 0, 0, FNV_INIT, ""};
    tally_t c = {"strcpy", 0, 0, FNV_INIT, ""};
    for (size_t n = 0; n <= MAXN; n++)
        for (size_t s = 0; s < 32; s++)
            for (size_t k = 0; k < NDOFF; k += 2) {
                size_t d = 512 + doffs[k];
                char *a = (char *)dstbuf + 64 + s;
                char *b = (char *)dstbuf + d;
                make_str(dstbuf, 64 + s, n, (unsigned)k);
                ref_fill(dstbuf + d - 16, 0xee, n + 32);
                char *r = strcpy(b, a);
                int ok = r == b && ref_same((unsigned char *)b, (unsigned char *)a, n + 1) &&
                         dstbuf[d - 1] == 0xee && dstbuf[d + n + 1] == 0xee;
                note(&c, ok, ok, "copy", n, s, d);
                int v = strcmp(a, b);
                note(&t, v == 0, (uint64_t)sign(v), "equal", n, s, d);
                v = strncmp(a, b, n + 3);
                note(&u, v == 0, (uint64_t)sign(v), "equal", n, s, d);
                if (!n)
                    continue;
                size_t p = (n * 3 + s + k) % n;
                static const unsigned char repl[] = {0, 0xff, 'a' - 1, 0x80};
                unsigned char nb = repl[(n + s + k) & 3];
                if (nb == (unsigned char)a[p])
                    nb ^= 0x40;
                b[p] = (char)nb;
                int want = (unsigned char)a[p] < nb ? -1 : 1;
                v = strcmp(a, b);
                note(&t, sign(v) == want, (uint64_t)sign(v), "diff", n, s, d);
                const size_t lims[] = {0, p, p + 1, n, (size_t)-1};
                for (size_t l = 0; l < 5; l++) {
                    int w = lims[l] > p ? want : 0;
                    v = strncmp(a, b, lims[l]);
                    note(&u, sign(v) == w, (uint64_t)sign(v), "diff", n, s, lims[l]);
                }
            }
    report(&t);
    report(&u);
    report(&c);
}

/* Data that ends just before an inaccessible page: the routines may read
 * ahead only within the page (aligned vector loads). */
static void test_page_end(void)
{
    tally_t t = {"pageend", 0, 0, FNV_INIT, ""};
    const size_t span = 65536;
    unsigned char *m = mmap(NULL, 2 * span, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED || mprotect(m + span, span, PROT_NONE)) {
        puts("pageend: mmap/mprotect failed");
        return;
    }
    unsigned char *end = m + span;
    for (size_t n = 0; n <= MAXN; n++) {
        char *str = (char *)end - n - 1;
        ref_fill(end - 512, 'z', 512);
        make_str((unsigned char *)str, 0, n, (unsigned)n);
        size_t r = strlen(str);
        note(&t, r == n, r, "strlen", n, 0, 0);
        r = strnlen(str, n + 100);
        note(&t, r == n, r, "strnlen", n, 0, 0);
        char *p = strchr(str, '#');
        note(&t, p == NULL, p != NULL, "strchr", n, 0, 0);
        p = strrchr(str, 'a');
        note(&t, 1, p ? (uint64_t)(p - str) : ~0ull, "strrchr", n, 0, 0);
        /* a copy elsewhere, compared against the one at the page end */
        char *cp = (char *)m + 1000 + (n & 15);
        strcpy(cp, str);
        int v = strcmp(cp, str);
        note(&t, v == 0, (uint64_t)v, "strcmp", n, 0, 0);
        v = strncmp(str, cp, n + 50);
        note(&t, v == 0, (uint64_t)v, "strncmp", n, 0, 0);
        unsigned char *b = end - n;
        ref_fill(b, 0x33, n);
        void *q = memchr(b, 0x44, n);
        note(&t, q == NULL, q != NULL, "memchr", n, 0, 0);
        ref_fill(m + 3000, 0x33, n);
        v = memcmp(b, (unsigned char *)m + 3000, n);
        note(&t, v == 0, (uint64_t)v, "memcmp", n, 0, 0);
        memcpy(m + 5000, b, n);
        memmove(b, b + (n > 0), n - (n > 0));
    }
    report(&t);
}

int main(void)
{
    fill_src();
    fill_spat();
    test_memcpy();
    test_memmove();
    test_memset();
    test_memcmp();
    test_strlen();
    test_strchr();
    test_strcmp();
    test_page_end();
    return 0;
}
