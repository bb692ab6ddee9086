/* The guest the debugger test drives: a call to break in, a variable to
 * watch, a table to dump, and a semihosting exit with status 3. Built
 * freestanding at -O0 so that every variable lives in memory. */
#define SEMIHOST_SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

volatile unsigned long watched;
unsigned long table[4] = {0x1111111111111111ul, 0x2222222222222222ul,
                          0x3333333333333333ul, 0x4444444444444444ul};
unsigned char stack[16384] __attribute__((aligned(16)));

__attribute__((noinline)) unsigned long add_numbers(unsigned long a,
                                                    unsigned long b)
{
    return a + 2 * b;
}

static void semihost_exit(unsigned long status)
{
    unsigned long block[2] = {ADP_STOPPED_APPLICATION_EXIT, status};
    register unsigned long x0 __asm__("x0") = SEMIHOST_SYS_EXIT;
    register unsigned long *x1 __asm__("x1") = block;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

int main(void)
{
    unsigned long r = add_numbers(40, 1);
    watched = r;
    table[0] = watched + table[1];
    semihost_exit(watched == 42 ? 3 : 1);
    return 0;
}

/* Entry: a stack, then main. */
__asm__(".section .text.start, \"ax\"\n"
        ".global _start\n"
        "_start:\n"
        "    ldr x0, =stack + 16384\n"
        "    mov sp, x0\n"
        "    bl main\n"
        "1:  b 1b\n"
        "    .ltorg\n"
        ".text\n");
