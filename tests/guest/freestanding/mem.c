/* Memory system calls: brk growth and shrink (regrown memory reads zero),
 * anonymous mmap, munmap of a middle page keeping its neighbours' data,
 * MAP_FIXED over a mapping, mremap growth, mprotect, madvise(DONTNEED),
 * and the errors for bad arguments. Addresses are never printed: they
 * differ between runners. */
#define RT_IMPL
#include "rt.h"

#define PAGE 4096
enum { BRK = 214, MUNMAP = 215, MREMAP = 216, MMAP = 222, MPROTECT = 226,
       MADVISE = 233 };

static long mmap_anon(long addr, long len, long flags)
{
    return rt_syscall6(MMAP, addr, len, 3, 0x22 | flags, -1, 0);
}

static int is_err(long r) { return r < 0 && r > -4096; }

static void check(const char *what, int ok)
{
    put_str(what);
    put_str(ok ? ": ok\n" : ": WRONG\n");
}

int cmain(u64 *sp)
{
    (void)sp;
    long b0 = rt_syscall(BRK, 0, 0, 0);
    long b1 = rt_syscall(BRK, b0 + 3 * PAGE + 100, 0, 0);
    check("brk grows", b1 == b0 + 3 * PAGE + 100);
    u8 *heap = (u8 *)b0;
    for (int i = 0; i < 3 * PAGE + 100; i++)
        heap[i] = (u8)i;
    check("brk shrinks", rt_syscall(BRK, b0 + 10, 0, 0) == b0 + 10);
    rt_syscall(BRK, b0 + 2 * PAGE, 0, 0);
    int zero = 1;
    for (int i = 10; i < 2 * PAGE; i++)
        zero &= heap[i] == 0;
    check("regrown brk memory is zero", zero && heap[9] == 9);
    check("brk below start fails", rt_syscall(BRK, 4096, 0, 0) == b0 + 2 * PAGE);

    long m = mmap_anon(0, 8 * PAGE, 0);
    check("mmap anon", !is_err(m) && m % PAGE == 0);
    u8 *p = (u8 *)m;
    int zeros = 1;
    for (int i = 0; i < 8 * PAGE; i++)
        zeros &= p[i] == 0;
    check("mmap memory is zero", zeros);
    for (int i = 0; i < 8 * PAGE; i++)
        p[i] = (u8)(i / PAGE + 1);
    check("munmap middle page", rt_syscall(MUNMAP, m + 3 * PAGE, PAGE, 0) == 0);
    int kept = 1;
    for (int i = 0; i < 8 * PAGE; i++)
        if (i / PAGE != 3)
            kept &= p[i] == (u8)(i / PAGE + 1);
    check("neighbours keep their data", kept);
    long f = mmap_anon(m + 3 * PAGE, PAGE, 0x10 /* MAP_FIXED */);
    check("MAP_FIXED into the hole", f == m + 3 * PAGE && p[3 * PAGE] == 0);
    long f2 = mmap_anon(m + 6 * PAGE, PAGE, 0x10);
    check("MAP_FIXED over a mapping", f2 == m + 6 * PAGE && p[6 * PAGE] == 0 &&
                                          p[7 * PAGE] == 8 && p[5 * PAGE] == 6);
    /* (MAP_FIXED_NOREPLACE is not checked: qemu-aarch64 7.2 treats it as
     * a hint.) */
    check("mprotect", rt_syscall(MPROTECT, m, 2 * PAGE, 3) == 0);
    check("mprotect unaligned is EINVAL", rt_syscall(MPROTECT, m + 1, PAGE, 3) == -22);
    p[PAGE] = 77;
    check("madvise DONTNEED", rt_syscall(MADVISE, m + PAGE, PAGE, 4) == 0 &&
                                  p[PAGE] == 0 && p[0] == 1);

    long r = rt_syscall6(MREMAP, m, 8 * PAGE, 16 * PAGE, 1 /* MAYMOVE */, 0, 0);
    u8 *q = (u8 *)r;
    check("mremap grows keeping data", !is_err(r) && q[0] == 1 &&
                                           q[7 * PAGE + 5] == 8 && q[15 * PAGE] == 0);
    check("munmap all", rt_syscall(MUNMAP, r, 16 * PAGE, 0) == 0);
    check("munmap unaligned is EINVAL", rt_syscall(MUNMAP, r + 1, PAGE, 0) == -22);
    check("mmap length 0 is EINVAL", mmap_anon(0, 0, 0) == -22);

    long big = mmap_anon(0, 64L << 20, 0);
    check("64 MiB mmap", !is_err(big));
    ((u8 *)big)[(64L << 20) - 1] = 1;
    check("munmap 64 MiB", rt_syscall(MUNMAP, big, 64L << 20, 0) == 0);
    return 0;
}
