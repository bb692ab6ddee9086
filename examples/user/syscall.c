/* System call dispatch: the table of AArch64 Linux syscall numbers, and the
 * --strace log. Argument formats for the log, one letter per argument:
 * d decimal, x hex, o octal, p pointer, s guest string, b buffer whose
 * length is the next argument (shown before the call runs). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "syscalls.h"

typedef struct sys_entry {
    uint16_t nr;
    const char *name;
    const char *args;
    sys_fn fn;
} sys_entry;

#define E(nr, name, args) {nr, #name, args, sys_##name}
/* Known calls the runner does not provide: named in the log, -ENOSYS. */
#define NOSYS(nr, name, args) {nr, #name, args, sys_nosys}

static int64_t sys_nosys(user_ctx *u, const uint64_t a[6])
{
    (void)u;
    (void)a;
    return -ENOSYS;
}

static const sys_entry sys_table[] = {
    E(17, getcwd, "pd"),          E(23, dup, "d"),
    E(24, dup3, "ddx"),           E(25, fcntl, "ddx"),
    E(29, ioctl, "dxp"),          E(34, mkdirat, "dso"),
    E(35, unlinkat, "dsx"),       E(46, ftruncate, "dd"),
    E(48, faccessat, "dso"),      E(56, openat, "dsxo"),
    E(57, close, "d"),            E(59, pipe2, "px"),
    E(61, getdents64, "dpd"),     E(62, lseek, "ddd"),
    E(63, read, "dpd"),           E(64, write, "dbd"),
    E(65, readv, "dpd"),          E(66, writev, "dpd"),
    E(67, pread64, "dpdd"),       E(68, pwrite64, "dbdd"),
    E(78, readlinkat, "dspd"),    E(79, newfstatat, "dspx"),
    E(80, fstat, "dp"),           E(82, fsync, "d"),
    E(93, exit, "d"),             E(94, exit_group, "d"),
    E(96, set_tid_address, "p"),  E(99, set_robust_list, "pd"),
    E(101, nanosleep, "pp"),      E(113, clock_gettime, "dp"),
    E(114, clock_getres, "dp"),   E(115, clock_nanosleep, "dxpp"),
    E(123, sched_getaffinity, "ddp"), E(124, sched_yield, ""),
    E(129, kill, "dd"),           E(130, tkill, "dd"),
    E(131, tgkill, "ddd"),        E(132, sigaltstack, "pp"),
    E(134, rt_sigaction, "dppd"), E(135, rt_sigprocmask, "dppd"),
    E(160, uname, "p"),           E(163, getrlimit, "dp"),
    E(166, umask, "o"),           E(169, gettimeofday, "pp"),
    E(172, getpid, ""),           E(173, getppid, ""),
    E(174, getuid, ""),           E(175, geteuid, ""),
    E(176, getgid, ""),           E(177, getegid, ""),
    E(178, gettid, ""),           E(214, brk, "p"),
    E(215, munmap, "pd"),         E(216, mremap, "pddxp"),
    E(222, mmap, "pdxxdx"),       E(226, mprotect, "pdx"),
    E(233, madvise, "pdd"),       E(261, prlimit64, "ddpp"),
    E(278, getrandom, "pdx"),     E(439, faccessat2, "dsox"),
    NOSYS(98, futex, "pxdppd"),   NOSYS(220, clone, "xpppp"),
    NOSYS(221, execve, "spp"),    NOSYS(260, wait4, "dppp"),
    NOSYS(291, statx, "dsxxp"),   NOSYS(293, rseq, "pdxx"),
};

static const sys_entry *sys_find(uint64_t nr)
{
    for (size_t i = 0; i < sizeof(sys_table) / sizeof(sys_table[0]); i++)
        if (sys_table[i].nr == nr)
            return &sys_table[i];
    return NULL;
}

/* Appends c-escaped bytes to out (bounded). */
static void put_escaped(char *out, size_t cap, const uint8_t *s, size_t n,
                        bool more)
{
    size_t at = strlen(out);
    if (at + 1 < cap)
        out[at++] = '"';
    for (size_t i = 0; i < n && at + 6 < cap; i++) {
        uint8_t c = s[i];
        if (c == '\n')
            at += (size_t)snprintf(out + at, cap - at, "\\n");
        else if (c == '"' || c == '\\')
            at += (size_t)snprintf(out + at, cap - at, "\\%c", c);
        else if (c < 32 || c > 126)
            at += (size_t)snprintf(out + at, cap - at, "\\x%02x", c);
        else
            out[at++] = (char)c;
    }
    snprintf(out + at, cap - at, "\"%s", more ? "..." : "");
}

static void format_arg(user_ctx *u, char f, const uint64_t *a, int i,
                       char *out, size_t cap)
{
    uint64_t v = a[i];
    char s[64];
    switch (f) {
    case 'd':
        snprintf(out, cap, "%" PRId64, (int64_t)v);
        return;
    case 'o':
        snprintf(out, cap, "0%" PRIo64, v);
        return;
    case 's':
        if (guest_read_str(u, v, s, sizeof(s)) != -EFAULT) {
            out[0] = 0;
            put_escaped(out, cap, (const uint8_t *)s, strlen(s),
                        strlen(s) == sizeof(s) - 1);
            return;
        }
        break;
    case 'b': {
        uint64_t n = i < 5 ? a[i + 1] : 0;
        size_t want = n < 32 ? (size_t)n : 32;
        if (guest_read(u, v, s, want)) {
            out[0] = 0;
            put_escaped(out, cap, (const uint8_t *)s, want, n > want);
            return;
        }
        break;
    }
    default:
        break;
    }
    snprintf(out, cap, "0x%" PRIx64, v);
}

static void format_call(user_ctx *u, const char *name, const char *fmt,
                        const uint64_t *a, char *out, size_t cap)
{
    size_t at = (size_t)snprintf(out, cap, "%s(", name);
    for (int i = 0; fmt[i] && i < 6 && at < cap; i++) {
        char arg[160];
        format_arg(u, fmt[i], a, i, arg, sizeof(arg));
        at += (size_t)snprintf(out + at, cap - at, "%s%s", i ? ", " : "", arg);
    }
    if (at < cap)
        snprintf(out + at, cap - at, ")");
}

static void print_result(const char *call, int64_t r)
{
    if (r < 0 && r > -4096)
        fprintf(stderr, "%s = -1 errno %d (%s)\n", call, (int)-r,
                strerror((int)-r));
    else if (r > 0xffff || r < 0)
        fprintf(stderr, "%s = 0x%" PRIx64 "\n", call, (uint64_t)r);
    else
        fprintf(stderr, "%s = %" PRId64 "\n", call, r);
}

void syscall_dispatch(user_ctx *u)
{
    uint64_t a[6], nr = 0;
    for (unsigned i = 0; i < 6; i++)
        arm64emu_reg_read(u->m, 0, (arm64emu_reg)(ARM64EMU_REG_X0 + i), &a[i]);
    arm64emu_reg_read(u->m, 0, (arm64emu_reg)(ARM64EMU_REG_X0 + 8), &nr);
    const sys_entry *e = sys_find(nr);
    char call[1024] = "";
    if (u->opt.strace) {
        if (e) {
            format_call(u, e->name, e->args, a, call, sizeof(call));
        } else {
            char name[32];
            snprintf(name, sizeof(name), "syscall_%" PRIu64, nr);
            format_call(u, name, "xxxxxx", a, call, sizeof(call));
        }
    }
    int64_t r = e ? e->fn(u, a) : -ENOSYS;
    if (u->opt.strace) {
        if (u->exited)
            fprintf(stderr, "%s = ?\n", call);
        else
            print_result(call, r);
    }
    if (!u->exited)
        arm64emu_reg_write(u->m, 0, ARM64EMU_REG_X0, (uint64_t)r);
}
