/* Self-modifying code: write "mov w0, #imm; ret" into an executable buffer,
 * synchronise the caches (DC CVAU, DSB, IC IVAU, DSB, ISB), call it, patch
 * the immediate and call again. Both results must be the new code's. */
#define RT_IMPL
#include "rt.h"

static void sync_code(void *p, u64 n)
{
    for (u64 a = (u64)p & ~63ull; a < (u64)p + n; a += 64)
        __asm__ volatile("dc cvau, %0" ::"r"(a) : "memory");
    __asm__ volatile("dsb ish" ::: "memory");
    for (u64 a = (u64)p & ~63ull; a < (u64)p + n; a += 64)
        __asm__ volatile("ic ivau, %0" ::"r"(a) : "memory");
    __asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

static u32 mov_w0(u32 imm) { return 0x52800000u | (imm & 0xffff) << 5; }

typedef int (*fn_t)(void);

int cmain(u64 *sp)
{
    (void)sp;
    /* mmap(NULL, 4096, PROT_READ|WRITE|EXEC, MAP_PRIVATE|MAP_ANONYMOUS) */
    long r = rt_syscall6(222, 0, 4096, 7, 0x22, -1, 0);
    if (r < 0 && r > -4096) {
        put_str("mmap failed\n");
        return 1;
    }
    volatile u32 *code = (volatile u32 *)r;
    fn_t fn = (fn_t)r;
    code[0] = mov_w0(1);
    code[1] = 0xd65f03c0u; /* ret */
    sync_code((void *)code, 8);
    int first = fn();
    code[0] = mov_w0(2);
    sync_code((void *)code, 8);
    int second = fn();
    /* A loop that patches the instruction it will run next time round. */
    int sum = 0;
    for (int i = 0; i < 10; i++) {
        code[0] = mov_w0((u32)i * 3);
        sync_code((void *)code, 4);
        sum += fn();
    }
    put_str("first call: ");
    put_udec((u64)first);
    put_str("\nsecond call: ");
    put_udec((u64)second);
    put_str("\npatched loop sum: ");
    put_udec((u64)sum);
    put_str("\n");
    return first == 1 && second == 2 && sum == 135 ? 0 : 1;
}
