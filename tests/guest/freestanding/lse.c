/* LSE atomics (ARMv8.1): LDADD, LDCLR, LDEOR, LDSET, LD{S,U}{MAX,MIN}, SWP,
 * CAS, CASP in every size, with and without acquire/release. Each prints
 * the value returned and the value left in memory. Needs -march=armv8.1-a. */
#define RT_IMPL
#include "rt.h"

static volatile u64 m64;
static volatile u32 m32;
static volatile u16 m16;
static volatile u8 m8;
static u64 h = 0;

static void note(u64 old, u64 now)
{
    h = (h ^ old) * 0x100000001b3ull;
    h = (h ^ now) * 0x100000001b3ull;
}

#define OP64(insn, val)                                                      \
    do {                                                                     \
        u64 old;                                                             \
        __asm__ volatile(insn " %1, %0, [%2]"                                \
                         : "=&r"(old)                                        \
                         : "r"((u64)(val)), "r"(&m64)                        \
                         : "memory");                                        \
        note(old, m64);                                                      \
    } while (0)
#define OP32(insn, val)                                                      \
    do {                                                                     \
        u32 old;                                                             \
        __asm__ volatile(insn " %w1, %w0, [%2]"                              \
                         : "=&r"(old)                                        \
                         : "r"((u32)(val)), "r"(&m32)                        \
                         : "memory");                                        \
        note(old, m32);                                                      \
    } while (0)
#define OP16(insn, val)                                                      \
    do {                                                                     \
        u32 old;                                                             \
        __asm__ volatile(insn "h %w1, %w0, [%2]"                             \
                         : "=&r"(old)                                        \
                         : "r"((u32)(val)), "r"(&m16)                        \
                         : "memory");                                        \
        note(old, m16);                                                      \
    } while (0)
#define OP8(insn, val)                                                       \
    do {                                                                     \
        u32 old;                                                             \
        __asm__ volatile(insn "b %w1, %w0, [%2]"                             \
                         : "=&r"(old)                                        \
                         : "r"((u32)(val)), "r"(&m8)                         \
                         : "memory");                                        \
        note(old, m8);                                                       \
    } while (0)

static const char *const ops[] = {"ldadd", "ldclr", "ldeor", "ldset",
                                  "ldsmax", "ldsmin", "ldumax", "ldumin",
                                  "swp"};

static const u64 vals[] = {1, 0x80, 0xfff0, 0x7fffffff, 0x80000000,
                           0x8000000000000000ull, 0xffffffffffffffffull,
                           0x0123456789abcdefull};

#define ALL_ORDERS(OP, base, v)                                              \
    do {                                                                     \
        OP(base, v);                                                         \
        OP(base "a", v);                                                     \
        OP(base "l", v);                                                     \
        OP(base "al", v);                                                    \
    } while (0)

#define RUN_OP(name, v)                                                      \
    do {                                                                     \
        ALL_ORDERS(OP64, name, v);                                           \
        ALL_ORDERS(OP32, name, v);                                           \
        ALL_ORDERS(OP16, name, v);                                           \
        ALL_ORDERS(OP8, name, v);                                            \
    } while (0)

static void reset(void)
{
    m64 = 0x5a5a5a5a5a5a5a5aull;
    m32 = 0x5a5a5a5a;
    m16 = 0x5a5a;
    m8 = 0x5a;
}

int cmain(u64 *sp)
{
    (void)sp;
    for (unsigned i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        u64 v = vals[i];
        h = 0;
        reset();
        RUN_OP("ldadd", v);
        show(ops[0], h);
        h = 0;
        reset();
        RUN_OP("ldclr", v);
        show(ops[1], h);
        h = 0;
        reset();
        RUN_OP("ldeor", v);
        show(ops[2], h);
        h = 0;
        reset();
        RUN_OP("ldset", v);
        show(ops[3], h);
        h = 0;
        reset();
        RUN_OP("ldsmax", v);
        RUN_OP("ldsmin", v ^ 0x8080808080808080ull);
        show("ldsmax/min", h);
        h = 0;
        reset();
        RUN_OP("ldumax", v);
        RUN_OP("ldumin", v >> 3);
        show("ldumax/min", h);
        h = 0;
        reset();
        RUN_OP("swp", v);
        show(ops[8], h);
    }

    /* CAS: a hit swaps, a miss only returns the current value. */
    u64 cmp = 0x5a5a5a5a5a5a5a5aull;
    reset();
    __asm__ volatile("casal %0, %1, [%2]" : "+r"(cmp) : "r"(7ull), "r"(&m64) : "memory");
    show("cas hit old", cmp);
    show("cas hit mem", m64);
    cmp = 3;
    __asm__ volatile("cas %0, %1, [%2]" : "+r"(cmp) : "r"(9ull), "r"(&m64) : "memory");
    show("cas miss old", cmp);
    show("cas miss mem", m64);
    u32 c32 = 0x5a5a5a5a;
    __asm__ volatile("casa %w0, %w1, [%2]" : "+r"(c32) : "r"(0x11u), "r"(&m32) : "memory");
    show("cas w old", c32);
    show("cas w mem", m32);
    u32 c16 = 0x5a5a;
    __asm__ volatile("caslh %w0, %w1, [%2]" : "+r"(c16) : "r"(0x1234u), "r"(&m16) : "memory");
    show("cash old", c16);
    show("cash mem", m16);
    u32 c8 = 0x11;
    __asm__ volatile("casb %w0, %w1, [%2]" : "+r"(c8) : "r"(0x22u), "r"(&m8) : "memory");
    show("casb miss old", c8);
    show("casb mem", m8);

    static volatile u64 pair[2] __attribute__((aligned(16))) = {10, 20};
    register u64 x0 __asm__("x0") = 10, x1 __asm__("x1") = 20;
    register u64 x2 __asm__("x2") = 111, x3 __asm__("x3") = 222;
    __asm__ volatile("caspal x0, x1, x2, x3, [%4]"
                     : "+r"(x0), "+r"(x1)
                     : "r"(x2), "r"(x3), "r"(pair)
                     : "memory");
    u64 old_lo = x0, old_hi = x1; /* before any call clobbers x0/x1 */
    show("casp old lo", old_lo);
    show("casp old hi", old_hi);
    show("casp mem lo", pair[0]);
    show("casp mem hi", pair[1]);

    /* STADD (LDADD to XZR) and friends. */
    m64 = 100;
    __asm__ volatile("stadd %0, [%1]" ::"r"(5ull), "r"(&m64) : "memory");
    __asm__ volatile("stsetl %0, [%1]" ::"r"(0x100ull), "r"(&m64) : "memory");
    show("stadd/stset", m64);
    return 0;
}
