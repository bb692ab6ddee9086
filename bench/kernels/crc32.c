/* CRC32 and CRC32C instructions over a 64 KiB buffer, repeated. */
#define RT_IMPL
#include "rt.h"

static u64 buf[8192];

static u64 arg(u64 *sp, u64 dflt)
{
    if (sp[0] < 2)
        return dflt;
    const char *s = (const char *)sp[2];
    u64 v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (u64)(*s++ - '0');
    return v;
}

int cmain(u64 *sp)
{
    u64 s = 7;
    for (int i = 0; i < 8192; i++)
        buf[i] = lcg(&s) << 17 ^ lcg(&s);
    u32 c = ~0u, cc = ~0u;
    for (u64 r = arg(sp, 8000); r; r--)
        for (int i = 0; i < 8192; i += 2) {
            c = __builtin_aarch64_crc32x(c, buf[i]);
            cc = __builtin_aarch64_crc32cx(cc, buf[i + 1]);
        }
    show("crc32", c);
    show("crc32c", cc);
    return 0;
}
