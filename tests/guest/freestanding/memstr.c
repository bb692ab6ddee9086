/* Byte, halfword, word and doubleword loads and stores at every alignment:
 * copy, fill, compare, search and reverse, with checksums of the results. */
#define RT_IMPL
#include "rt.h"

static u8 src[512], dst[512];

static u64 fnv(const u8 *p, u64 n)
{
    u64 h = 0xcbf29ce484222325ull;
    for (u64 i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

/* Word-at-a-time copy with unaligned 8-byte accesses. */
static void copy64(u8 *d, const u8 *s, u64 n)
{
    while (n >= 8) {
        u64 v;
        __builtin_memcpy(&v, s, 8);
        __builtin_memcpy(d, &v, 8);
        d += 8, s += 8, n -= 8;
    }
    while (n--)
        *d++ = *s++;
}

static u64 my_strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (u64)(p - s);
}

static const char *my_strchr(const char *s, int c)
{
    for (; *s; s++)
        if (*s == (char)c)
            return s;
    return 0;
}

int cmain(u64 *sp)
{
    (void)sp;
    for (int i = 0; i < 512; i++)
        src[i] = (u8)(i * 7 + 3);
    u64 h = 0;
    for (int so = 0; so < 8; so++)
        for (int d_o = 0; d_o < 8; d_o++)
            for (int n = 0; n < 70; n += 3) {
                memset(dst, 0xee, sizeof(dst));
                copy64(dst + d_o, src + so, (u64)n);
                h = h * 33 + fnv(dst, 96);
            }
    show("copy64", h);

    volatile u16 *hw = (volatile u16 *)(dst + 1);
    volatile u32 *w = (volatile u32 *)(dst + 3);
    volatile u64 *dw = (volatile u64 *)(dst + 5);
    memset(dst, 0, sizeof(dst));
    *hw = 0xbeef;
    *w = 0x12345678;
    *dw = 0x1122334455667788ull;
    show("unaligned", fnv(dst, 16));
    show("ldrh", *hw);
    show("ldrw", *w);
    show("ldr", *dw);
    volatile i8 *sb = (volatile i8 *)dst;
    volatile i16 *sh = (volatile i16 *)(dst + 12);
    volatile i32 *sw = (volatile i32 *)(dst + 10);
    dst[0] = 0x80;
    show("ldrsb", (u64)(i64)*sb);
    show("ldrsh", (u64)(i64)*sh);
    show("ldrsw", (u64)(i64)*sw);

    memmove(dst + 3, dst, 100);
    memmove(dst, dst + 7, 100);
    show("memmove", fnv(dst, 128));
    show("memcmp", (u64)(i64)(memcmp(src, src + 1, 10) * 2 + memcmp(dst, dst, 5)));

    const char *text = "The quick brown fox jumps over the lazy dog";
    put_str("strlen = ");
    put_udec(my_strlen(text));
    put_str(", strchr(z) at ");
    put_udec((u64)(my_strchr(text, 'z') - text));
    put_str("\n");
    char rev[64];
    u64 n = my_strlen(text);
    for (u64 i = 0; i < n; i++)
        rev[i] = text[n - 1 - i];
    rev[n] = '\n';
    rev[n + 1] = 0;
    put_str(rev);

    /* Stack arrays and pair loads/stores (stp/ldp) through struct copies. */
    struct pair { u64 a, b, c, d; } p = {1, 2, 3, 4}, q;
    volatile struct pair *vp = &p;
    q = *(struct pair *)vp;
    show("struct copy", q.a + q.b * 10 + q.c * 100 + q.d * 1000);
    return 0;
}
