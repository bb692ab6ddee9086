/* SHA-256 (scalar, no crypto extension) of a 1 MiB buffer, repeated. */
#define RT_IMPL
#include "rt.h"

#include "sha256_block.h"

static u8 big[1 << 20];

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
    u32 h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    u64 s = 1;
    for (u64 i = 0; i < sizeof(big); i++)
        big[i] = (u8)(lcg(&s) >> 24);
    for (u64 r = arg(sp, 64); r; r--)
        for (u64 i = 0; i < sizeof(big); i += 64)
            block(h, big + i);
    for (int i = 0; i < 8; i++)
        show("h", h[i]);
    return 0;
}
