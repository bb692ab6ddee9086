/* The initial stack: argc and argv (the environment differs between
 * runners, so only its terminator is checked), the auxiliary vector, the
 * AT_RANDOM bytes' presence, and ID register reads at EL0, which Linux
 * emulates (HWCAP_CPUID). Printed values are those every model shares. */
#define RT_IMPL
#include "rt.h"

enum { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
       AT_ENTRY = 9, AT_HWCAP = 16, AT_SECURE = 23, AT_RANDOM = 25,
       AT_PLATFORM = 15, AT_CLKTCK = 17 };

#define HWCAP_FP (1u << 0)
#define HWCAP_ASIMD (1u << 1)
#define HWCAP_CPUID (1u << 11)

extern char _start[];

int cmain(u64 *sp)
{
    u64 argc = sp[0];
    char **argv = (char **)(sp + 1);
    put_str("argc = ");
    put_udec(argc);
    put_str("\n");
    for (u64 i = 1; i < argc; i++) { /* argv[0] is the path: skip it */
        put_str("argv[");
        put_udec(i);
        put_str("] = \"");
        put_str(argv[i]);
        put_str("\"\n");
    }
    put_str(argv[argc] == 0 ? "argv ends with NULL\n" : "argv not terminated\n");
    char **envp = argv + argc + 1;
    while (*envp)
        envp++;
    u64 *aux = (u64 *)(envp + 1);
    u64 pagesz = 0, entry = 0, hwcap = 0, phent = 0, phnum = 0, phdr = 0;
    u64 random = 0, secure = 99, clktck = 0;
    const char *platform = "";
    for (; aux[0] != AT_NULL; aux += 2) {
        switch (aux[0]) {
        case AT_PAGESZ: pagesz = aux[1]; break;
        case AT_ENTRY: entry = aux[1]; break;
        case AT_HWCAP: hwcap = aux[1]; break;
        case AT_PHENT: phent = aux[1]; break;
        case AT_PHNUM: phnum = aux[1]; break;
        case AT_PHDR: phdr = aux[1]; break;
        case AT_RANDOM: random = aux[1]; break;
        case AT_SECURE: secure = aux[1]; break;
        case AT_CLKTCK: clktck = aux[1]; break;
        case AT_PLATFORM: platform = (const char *)aux[1]; break;
        }
    }
    put_str("AT_PAGESZ = ");
    put_udec(pagesz);
    put_str("\nAT_PHENT = ");
    put_udec(phent);
    put_str("\nAT_PHNUM > 0: ");
    put_str(phnum ? "yes" : "no");
    put_str("\nAT_PHDR is the ELF's: ");
    put_str(phdr && *(u32 *)phdr == 6 /* PT_PHDR */ ? "yes" :
            phdr && *(u32 *)phdr == 1 /* PT_LOAD */ ? "yes" : "no");
    put_str("\nAT_ENTRY is _start: ");
    put_str(entry == (u64)_start ? "yes" : "no");
    put_str("\nAT_SECURE = ");
    put_udec(secure);
    put_str("\nAT_CLKTCK = ");
    put_udec(clktck);
    put_str("\nAT_RANDOM present: ");
    put_str(random ? "yes" : "no");
    put_str("\nAT_PLATFORM = ");
    put_str(platform);
    put_str("\nhwcap fp asimd cpuid: ");
    put_hex(hwcap & (HWCAP_FP | HWCAP_ASIMD | HWCAP_CPUID), 4);
    put_str("\nsp 16-byte aligned: ");
    put_str(((u64)sp & 15) == 0 ? "yes" : "no");
    put_str("\n");

    /* EL0 reads of ID registers, emulated by the kernel. */
    u64 isar0, pfr0, mpidr;
    __asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
    __asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(pfr0));
    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
    put_str("ISAR0.CRC32 >= 1: ");
    put_str(((isar0 >> 16) & 0xf) >= 1 ? "yes" : "no");
    put_str("\nISAR0.Atomic >= 2: ");
    put_str(((isar0 >> 20) & 0xf) >= 2 ? "yes" : "no");
    put_str("\nPFR0.EL0 = ");
    put_udec(pfr0 & 0xf);
    put_str(", PFR0.EL1 = ");
    put_udec((pfr0 >> 4) & 0xf);
    put_str(", PFR0.AdvSIMD implemented: ");
    put_str(((pfr0 >> 20) & 0xf) != 0xf ? "yes" : "no");
    put_str("\nMPIDR = ");
    put_hex(mpidr, 8);
    put_str("\n");
    return 0;
}
