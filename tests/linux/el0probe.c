/* A static arm64 Linux program for the initramfs of tests/linux: reads the
 * registers user space may read at EL0 and the ones it may not, as the
 * kernel configured the CPU (SCTLR_EL1.UCT/DZE, CNTKCTL_EL1, and the
 * traps through which it emulates the ID registers). One "name=value" line
 * each; SIGILL for a read the CPU refused. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf env;

static void on_sigill(int sig)
{
    (void)sig;
    siglongjmp(env, 1);
}

#define PROBE(name, reg)                                                       \
    do {                                                                       \
        uint64_t v;                                                            \
        if (sigsetjmp(env, 1) == 0) {                                          \
            __asm__ volatile("mrs %0, " reg : "=r"(v));                      \
            printf("%s=0x%llx\n", name, (unsigned long long)v);               \
        } else {                                                               \
            printf("%s=SIGILL\n", name);                                       \
        }                                                                      \
    } while (0)

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigill;
    sigaction(SIGILL, &sa, NULL);

    /* ID registers: trapped to EL1 and emulated by the kernel. */
    PROBE("midr", "midr_el1");
    PROBE("mpidr", "mpidr_el1");
    PROBE("isar0", "id_aa64isar0_el1");
    PROBE("pfr0", "id_aa64pfr0_el1");
    /* EL0-readable by the architecture or by the kernel's choice. */
    PROBE("ctr", "ctr_el0");
    PROBE("dczid", "dczid_el0");
    PROBE("cntfrq", "cntfrq_el0");
    /* Timer registers: CNTKCTL_EL1.EL0VTEN/EL0PTEN are clear. */
    PROBE("cntv_ctl", "cntv_ctl_el0");
    PROBE("cntp_ctl", "cntp_ctl_el0");

    uint64_t a, b;
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(a));
    for (volatile int i = 0; i < 100000; i++)
        ;
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(b));
    printf("cntvct_advances=%s\n", b > a ? "yes" : "no");
    return 0;
}
