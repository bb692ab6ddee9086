/* Crashes the way argv[1] says, so the exit status (128 + the signal Linux
 * raises) can be compared: segv (store to address 0), ill (UDF), trap
 * (BRK), bus (misaligned LDXR), abort (SIGABRT sent to itself). */
#define RT_IMPL
#include "rt.h"

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

int cmain(u64 *sp)
{
    const char *how = sp[0] > 1 ? (const char *)sp[2] : "";
    put_str("about to crash: ");
    put_str(how);
    put_str("\n");
    if (streq(how, "segv"))
        *(volatile u64 *)0 = 1;
    else if (streq(how, "ill"))
        __asm__ volatile(".inst 0x00000000"); /* UDF #0 */
    else if (streq(how, "trap"))
        __asm__ volatile("brk #1");
    else if (streq(how, "bus")) {
        static u64 words[2];
        u64 v;
        __asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"((u8 *)words + 1));
    } else if (streq(how, "abort")) {
        long pid = rt_syscall(172, 0, 0, 0);
        long tid = rt_syscall(178, 0, 0, 0);
        rt_syscall(131, pid, tid, 6);
    }
    put_str("still alive\n");
    return 0;
}
