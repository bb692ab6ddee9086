/* The guest program the quick start runs: a static AArch64 Linux program
 * with no C library, so it needs nothing but the integer instructions and
 * two system calls (write, exit_group). */

static long sys3(long nr, long a, long b, long c)
{
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}

static void say(const char *s)
{
    long n = 0;
    while (s[n])
        n++;
    sys3(64, 1, (long)s, n); /* write(1, s, n) */
}

/* The kernel enters here with argc at [sp] and argv after it. */
__attribute__((used)) static void start_c(long *sp)
{
    char **argv = (char **)(sp + 1);
    say("Hello from AArch64, running under ");
    say(sp[0] > 1 ? argv[1] : "an emulator");
    say("!\n");
    sys3(94, 0, 0, 0); /* exit_group(0) */
}

__asm__(".global _start\n"
        "_start:\n"
        "    mov x0, sp\n"
        "    bl start_c\n");
