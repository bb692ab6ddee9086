/* A tiny runtime for freestanding AArch64 Linux programs: raw system calls
 * and output helpers. No libc: everything the compiler might call is here. */
#ifndef GUEST_RT_H
#define GUEST_RT_H

typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef int i32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef signed char i8;
typedef short i16;

static inline long rt_syscall6(long nr, long a0, long a1, long a2, long a3,
                               long a4, long a5)
{
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a0;
    register long x1 __asm__("x1") = a1;
    register long x2 __asm__("x2") = a2;
    register long x3 __asm__("x3") = a3;
    register long x4 __asm__("x4") = a4;
    register long x5 __asm__("x5") = a5;
    __asm__ volatile("svc #0"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                     : "memory");
    return x0;
}

#define rt_syscall(nr, a, b, c) rt_syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static inline long rt_write(int fd, const void *buf, u64 n)
{
    return rt_syscall(64, fd, buf, n);
}

static inline __attribute__((noreturn)) void rt_exit(int status)
{
    rt_syscall(94, status, 0, 0);
    for (;;)
        ;
}

static inline u64 rt_strlen(const char *s)
{
    u64 n = 0;
    while (s[n])
        n++;
    return n;
}

static inline void put_str(const char *s) { rt_write(1, s, rt_strlen(s)); }

static inline void put_udec(u64 v)
{
    char b[24];
    int i = 23;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put_str(b + i);
}

static inline void put_dec(i64 v)
{
    if (v < 0) {
        put_str("-");
        put_udec(0 - (u64)v);
    } else {
        put_udec((u64)v);
    }
}

static inline void put_hex(u64 v, int digits)
{
    char b[20];
    for (int i = digits - 1; i >= 0; i--) {
        b[i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    }
    b[digits] = 0;
    put_str(b);
}

/* "name = 0x...\n" */
static inline void show(const char *name, u64 v)
{
    put_str(name);
    put_str(" = 0x");
    put_hex(v, 16);
    put_str("\n");
}

/* A 64-bit LCG: the same sequence everywhere. */
static inline u64 lcg(u64 *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 17;
}

/* The compiler may emit calls to these for struct copies and loops. */
void *memcpy(void *d, const void *s, u64 n);
void *memset(void *d, int c, u64 n);
void *memmove(void *d, const void *s, u64 n);
int memcmp(const void *a, const void *b, u64 n);

#ifdef RT_IMPL
void *memcpy(void *d, const void *s, u64 n)
{
    u8 *dp = d;
    const u8 *sp = s;
    while (n--)
        *dp++ = *sp++;
    return d;
}
void *memmove(void *d, const void *s, u64 n)
{
    u8 *dp = d;
    const u8 *sp = s;
    if (dp < sp)
        while (n--)
            *dp++ = *sp++;
    else
        while (n--)
            dp[n] = sp[n];
    return d;
}
void *memset(void *d, int c, u64 n)
{
    u8 *dp = d;
    while (n--)
        *dp++ = (u8)c;
    return d;
}
int memcmp(const void *a, const void *b, u64 n)
{
    const u8 *x = a, *y = b;
    for (u64 i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}
#endif

#endif
