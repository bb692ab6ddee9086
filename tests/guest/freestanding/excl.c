/* Exclusive-access loops: LDXR/STXR and LDAXR/STLXR in every size, LDXP/
 * STXP, a CLREX in the middle, and the usual atomic-increment idiom. */
#define RT_IMPL
#include "rt.h"

static volatile u64 c64;
static volatile u32 c32;
static volatile u16 c16;
static volatile u8 c8;
static volatile u64 pair[2] __attribute__((aligned(16)));

static u64 inc64(volatile u64 *p, u64 by)
{
    u64 old, tmp;
    u32 fail;
    __asm__ volatile("1: ldxr %0, [%3]\n\t"
                     "add %1, %0, %4\n\t"
                     "stxr %w2, %1, [%3]\n\t"
                     "cbnz %w2, 1b"
                     : "=&r"(old), "=&r"(tmp), "=&r"(fail)
                     : "r"(p), "r"(by)
                     : "memory");
    return old;
}

static u32 inc32_acqrel(volatile u32 *p, u32 by)
{
    u32 old, tmp, fail;
    __asm__ volatile("1: ldaxr %w0, [%3]\n\t"
                     "add %w1, %w0, %w4\n\t"
                     "stlxr %w2, %w1, [%3]\n\t"
                     "cbnz %w2, 1b"
                     : "=&r"(old), "=&r"(tmp), "=&r"(fail)
                     : "r"(p), "r"(by)
                     : "memory");
    return old;
}

static u32 inc16(volatile u16 *p)
{
    u32 old, tmp, fail;
    __asm__ volatile("1: ldxrh %w0, [%3]\n\t"
                     "add %w1, %w0, #1\n\t"
                     "stxrh %w2, %w1, [%3]\n\t"
                     "cbnz %w2, 1b"
                     : "=&r"(old), "=&r"(tmp), "=&r"(fail)
                     : "r"(p)
                     : "memory");
    return old;
}

static u32 inc8(volatile u8 *p)
{
    u32 old, tmp, fail;
    __asm__ volatile("1: ldaxrb %w0, [%3]\n\t"
                     "add %w1, %w0, #3\n\t"
                     "stlxrb %w2, %w1, [%3]\n\t"
                     "cbnz %w2, 1b"
                     : "=&r"(old), "=&r"(tmp), "=&r"(fail)
                     : "r"(p)
                     : "memory");
    return old;
}

int cmain(u64 *sp)
{
    (void)sp;
    u64 s64 = 0;
    u32 s32 = 0, s16 = 0, s8 = 0;
    for (u64 i = 0; i < 1000; i++) {
        s64 += inc64(&c64, i);
        s32 += inc32_acqrel(&c32, (u32)i * 3);
        s16 += inc16(&c16);
        s8 += inc8(&c8);
    }
    show("c64", c64);
    show("sum of old 64", s64);
    show("c32", c32);
    show("sum of old 32", s32);
    show("c16", c16);
    show("sum of old 16", s16);
    show("c8", c8);
    show("sum of old 8", s8);

    /* Pair: swap the two halves atomically. */
    pair[0] = 0x1111;
    pair[1] = 0x2222;
    u64 lo, hi;
    u32 fail;
    __asm__ volatile("1: ldaxp %0, %1, [%3]\n\t"
                     "stlxp %w2, %1, %0, [%3]\n\t"
                     "cbnz %w2, 1b"
                     : "=&r"(lo), "=&r"(hi), "=&r"(fail)
                     : "r"(pair)
                     : "memory");
    show("ldxp lo", lo);
    show("ldxp hi", hi);
    show("pair[0]", pair[0]);
    show("pair[1]", pair[1]);

    /* CLREX drops the monitor: the store-exclusive must fail. */
    u64 v;
    u32 st;
    __asm__ volatile("ldxr %0, [%2]\n\t"
                     "clrex\n\t"
                     "stxr %w1, %0, [%2]"
                     : "=&r"(v), "=&r"(st)
                     : "r"(&c64)
                     : "memory");
    show("stxr after clrex", st);
    /* A store-exclusive without a load-exclusive fails too. */
    __asm__ volatile("stxr %w0, %1, [%2]" : "=&r"(st) : "r"(5ull), "r"(&c64) : "memory");
    show("stxr without ldxr", st);
    show("c64 unchanged", c64);
    return 0;
}
