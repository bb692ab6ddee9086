/* SHA-256 of fixed inputs, printed as hex digests. "abc" and the empty
 * string have published answers; the 1 MiB pattern exercises the loop. */
#define RT_IMPL
#include "rt.h"

#include "sha256_block.h"

static void sha256(const u8 *msg, u64 len, u32 h[8])
{
    static const u32 init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                0xa54ff53a, 0x510e527f, 0x9b05688c,
                                0x1f83d9ab, 0x5be0cd19};
    for (int i = 0; i < 8; i++)
        h[i] = init[i];
    u64 i = 0;
    for (; i + 64 <= len; i += 64)
        block(h, msg + i);
    u8 tail[128];
    u64 rest = len - i, n = rest + 9 <= 64 ? 64 : 128;
    memset(tail, 0, sizeof(tail));
    memcpy(tail, msg + i, rest);
    tail[rest] = 0x80;
    for (int k = 0; k < 8; k++)
        tail[n - 1 - k] = (u8)((len * 8) >> (8 * k));
    block(h, tail);
    if (n == 128)
        block(h, tail + 64);
}

static void print_digest(const char *name, const u8 *msg, u64 len)
{
    u32 h[8];
    sha256(msg, len, h);
    put_str(name);
    put_str(": ");
    for (int i = 0; i < 8; i++)
        put_hex(h[i], 8);
    put_str("\n");
}

static u8 big[1 << 20];

int cmain(u64 *sp)
{
    (void)sp;
    print_digest("sha256(\"\")", (const u8 *)"", 0);
    print_digest("sha256(\"abc\")", (const u8 *)"abc", 3);
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    print_digest("sha256(448 bits)", (const u8 *)two, rt_strlen(two));
    u64 s = 1;
    for (u64 i = 0; i < sizeof(big); i++)
        big[i] = (u8)(lcg(&s) >> 24);
    print_digest("sha256(1 MiB)", big, sizeof(big));
    return 0;
}
