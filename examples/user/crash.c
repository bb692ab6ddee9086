/* A guest crash as Linux would signal it: the signal, where, why, and the
 * registers, on stderr; the exit status a shell shows for that signal. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "user.h"

enum { SIGILL_ = 4, SIGTRAP_ = 5, SIGBUS_ = 7, SIGSEGV_ = 11 };

static const char *signal_name(int sig)
{
    static const char *const names[] = {
        [1] = "SIGHUP",   [2] = "SIGINT",   [3] = "SIGQUIT",  [4] = "SIGILL",
        [5] = "SIGTRAP",  [6] = "SIGABRT",  [7] = "SIGBUS",   [8] = "SIGFPE",
        [9] = "SIGKILL",  [10] = "SIGUSR1", [11] = "SIGSEGV", [12] = "SIGUSR2",
        [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM",
    };
    if (sig > 0 && sig < (int)(sizeof(names) / sizeof(names[0])) && names[sig])
        return names[sig];
    return "signal";
}

static const char *access_name(uint32_t access)
{
    switch (access) {
    case ARM64EMU_ACCESS_WRITE: return "write";
    case ARM64EMU_ACCESS_FETCH: return "instruction fetch";
    default: return "read";
    }
}

static void dump_registers(user_ctx *u)
{
    uint64_t v;
    for (unsigned i = 0; i < 31; i++) {
        arm64emu_reg_read(u->m, 0, (arm64emu_reg)(ARM64EMU_REG_X0 + i), &v);
        fprintf(stderr, "%sx%-2u 0x%016" PRIx64, i % 4 ? "  " : "  ", i, v);
        if (i % 4 == 3)
            fputc('\n', stderr);
    }
    arm64emu_reg_read(u->m, 0, ARM64EMU_REG_SP, &v);
    fprintf(stderr, "  sp  0x%016" PRIx64 "\n", v);
    arm64emu_reg_read(u->m, 0, ARM64EMU_REG_PC, &v);
    fprintf(stderr, "  pc  0x%016" PRIx64, v);
    arm64emu_reg_read(u->m, 0, ARM64EMU_REG_NZCV, &v);
    fprintf(stderr, "  nzcv %c%c%c%c\n", v & (1u << 31) ? 'N' : '-',
            v & (1u << 30) ? 'Z' : '-', v & (1u << 29) ? 'C' : '-',
            v & (1u << 28) ? 'V' : '-');
}

int crash_report(user_ctx *u, const arm64emu_exit *e)
{
    int sig = SIGILL_;
    char why[160];
    switch (e->reason) {
    case ARM64EMU_EXIT_UNMAPPED:
        sig = SIGSEGV_;
        snprintf(why, sizeof(why), "%s of %u bytes at unmapped address 0x%" PRIx64,
                 access_name(e->access), e->access_size, e->addr);
        break;
    case ARM64EMU_EXIT_ALIGNMENT:
        sig = SIGBUS_;
        snprintf(why, sizeof(why), "misaligned %s of %u bytes at 0x%" PRIx64,
                 access_name(e->access), e->access_size, e->addr);
        break;
    case ARM64EMU_EXIT_BRK:
        sig = SIGTRAP_;
        snprintf(why, sizeof(why), "brk #0x%" PRIx64, e->imm);
        break;
    case ARM64EMU_EXIT_UNDEFINED:
        snprintf(why, sizeof(why), "undefined instruction 0x%08" PRIx32,
                 e->insn);
        break;
    default:
        snprintf(why, sizeof(why),
                 "instruction 0x%08" PRIx32 " not allowed at EL0 "
                 "(exit reason %" PRIu32 ", syndrome 0x%" PRIx64 ")",
                 e->insn, e->reason, e->syndrome);
        break;
    }
    fprintf(stderr, "arm64emu-user: %s at pc 0x%" PRIx64 ", %s\n",
            signal_name(sig), e->pc, why);
    dump_registers(u);
    return 128 + sig;
}

int crash_signal(user_ctx *u, int sig)
{
    uint64_t pc = 0;
    arm64emu_reg_read(u->m, 0, ARM64EMU_REG_PC, &pc);
    fprintf(stderr, "arm64emu-user: %s at pc 0x%" PRIx64
                    ", sent by the program to itself\n",
            signal_name(sig), pc);
    return 128 + sig;
}
