/* Integer arithmetic: multiply, divide, shifts, bit fields, conditional
 * ops, flags, CRC32. Inputs are volatile so the compiler cannot fold them;
 * every result is printed. Needs -march=armv8-a+crc. */
#define RT_IMPL
#include "rt.h"

static volatile u64 in[] = {
    0, 1, 2, 3, 7, 0x80, 0xff, 0x7fffffff, 0x80000000, 0xffffffff,
    0x100000000ull, 0x123456789abcdef0ull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0xfffffffffffffffeull, 0xffffffffffffffffull,
    0xdeadbeefcafebabeull, 12345, 0x5555555555555555ull,
};
#define N (sizeof(in) / sizeof(in[0]))

/* One running hash per operation, so a wrong result names its operation. */
#define MAX_OPS 64
static u64 mix[MAX_OPS];
static const char *names[MAX_OPS];
static unsigned op_i, n_ops;

static void acc(const char *name, u64 v)
{
    unsigned i = op_i++;
    if (i >= MAX_OPS)
        return;
    names[i] = name;
    mix[i] = (mix[i] ^ v) * 0x100000001b3ull + 1;
    if (op_i > n_ops)
        n_ops = op_i;
}

static void row(u64 a, u64 b)
{
    op_i = 0;
    i64 sa = (i64)a, sb = (i64)b;
    u32 wa = (u32)a, wb = (u32)b;
    acc("add", a + b);
    acc("sub", a - b);
    acc("mul", a * b);
    acc("mulw", (u32)(wa * wb));
    acc("umulh", (u64)(((unsigned __int128)a * b) >> 64));
    acc("smulh", (u64)(((__int128)sa * sb) >> 64));
    acc("umull", (u64)wa * wb);
    acc("smull", (u64)((i64)(i32)wa * (i32)wb));
    acc("madd", a * b + 0x1234);
    acc("msub", 0x1234 - a * b);
    acc("udiv", b ? a / b : 0);
    acc("urem", b ? a % b : 0);
    acc("sdiv", !b ? 0 : sb == -1 ? 0 - a : (u64)(sa / sb));
    acc("srem", !b || sb == -1 ? 0 : (u64)(sa % sb));
    acc("udivw", wb ? wa / wb : 0);
    acc("sdivw", !wb ? 0 : (i32)wb == -1 ? 0 - wa : (u32)((i32)wa / (i32)wb));
    unsigned s = (unsigned)(b & 63), sw = (unsigned)(b & 31);
    acc("lsl", a << s);
    acc("lsr", a >> s);
    acc("asr", (u64)(sa >> s));
    acc("ror", (a >> s) | (a << ((64 - s) & 63)));
    acc("lslw", (u32)(wa << sw));
    acc("lsrw", wa >> sw);
    acc("asrw", (u32)((i32)wa >> sw));
    acc("and", a & b);
    acc("orr", a | b);
    acc("eor", a ^ b);
    acc("bic", a & ~b);
    acc("orn", a | ~b);
    acc("eon", a ^ ~b);
    acc("cmp_lt", sa < sb);
    acc("cmp_ltu", a < b);
    acc("cmp_ltw", (i32)wa < (i32)wb);
    acc("csel", a > b ? a : b);
    acc("csinc", a == b ? a : b + 1);
    acc("csneg", sa >= sb ? a : 0 - b);
    acc("addcarry", (u64)(((unsigned __int128)a + b) >> 64));
    acc("ext", (u64)(i64)(i8)a + (u64)(i64)(i16)b + (u64)(i64)(i32)a);
    acc("uxt", (u64)(u8)a + (u64)(u16)b + (u64)(u32)a);
}

static u64 bitfields(u64 a)
{
    u64 r = 0;
    r ^= (a >> 7) & 0x1f;                   /* ubfx */
    r ^= (u64)((i64)(a << 40) >> 52);       /* sbfx */
    r ^= (a & ~0xff0ull) | ((a & 0xff) << 4); /* bfi */
    r ^= (u64)__builtin_clzll(a | 1);
    r ^= (u64)__builtin_ctzll(a | 0x8000000000000000ull) << 8;
    u64 pop = 0;
    for (u64 x = a; x; x &= x - 1)
        pop++;
    r ^= pop << 16;
    r ^= __builtin_bswap64(a);
    r ^= (u64)__builtin_bswap32((u32)a) << 3;
    r ^= (u64)__builtin_bswap16((u16)a) << 5;
    u64 rev = 0;
    for (int i = 0; i < 64; i++)
        rev |= ((a >> i) & 1) << (63 - i);
    r ^= rev;
    return r;
}

int cmain(u64 *sp)
{
    (void)sp;
    for (unsigned i = 0; i < N; i++)
        for (unsigned j = 0; j < N; j++)
            row(in[i], in[j]);
    for (unsigned i = 0; i < n_ops; i++)
        show(names[i], mix[i]);
    u64 b = 0;
    for (unsigned i = 0; i < N; i++)
        b = b * 31 + bitfields(in[i]);
    show("bitfields", b);

    u32 crc = 0xffffffffu, crcc = 0xffffffffu;
    for (unsigned i = 0; i < N; i++) {
        crc = __builtin_aarch64_crc32b(crc, (u8)in[i]);
        crc = __builtin_aarch64_crc32h(crc, (u16)in[i]);
        crc = __builtin_aarch64_crc32w(crc, (u32)in[i]);
        crc = __builtin_aarch64_crc32x(crc, in[i]);
        crcc = __builtin_aarch64_crc32cb(crcc, (u8)in[i]);
        crcc = __builtin_aarch64_crc32ch(crcc, (u16)in[i]);
        crcc = __builtin_aarch64_crc32cw(crcc, (u32)in[i]);
        crcc = __builtin_aarch64_crc32cx(crcc, in[i]);
    }
    show("crc32", crc);
    show("crc32c", crcc);

    /* Known answer: CRC-32 of "123456789" is 0xcbf43926. */
    const char *s = "123456789";
    u32 c = 0xffffffffu;
    for (int i = 0; s[i]; i++)
        c = __builtin_aarch64_crc32b(c, (u8)s[i]);
    show("crc32(123456789)", ~c);
    c = 0xffffffffu;
    for (int i = 0; s[i]; i++)
        c = __builtin_aarch64_crc32cb(c, (u8)s[i]);
    show("crc32c(123456789)", ~c);

    i64 d = -7;
    volatile i64 seven = 7;
    put_str("-7/2 = ");
    put_dec(d / 2);
    put_str(", -7%2 = ");
    put_dec(d % 2);
    put_str(", 7/-2 = ");
    put_dec(seven / -2);
    put_str("\n");
    return 0;
}
