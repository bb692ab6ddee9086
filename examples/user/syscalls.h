/* The Linux system calls the runner implements, one handler each. A handler
 * gets X0-X5 and returns the value for X0 (negative errno on failure). */
#ifndef ARM64EMU_USER_SYSCALLS_H
#define ARM64EMU_USER_SYSCALLS_H

#include "user.h"

typedef int64_t (*sys_fn)(user_ctx *u, const uint64_t a[6]);

/* Largest buffer one read/write-like call moves; longer requests return a
 * short count, as Linux allows. */
#define SYS_IO_MAX (16u << 20)

#define SYS(name) int64_t sys_##name(user_ctx *u, const uint64_t a[6])

/* sys_file.c */
SYS(read); SYS(write); SYS(readv); SYS(writev); SYS(pread64); SYS(pwrite64);
SYS(openat); SYS(close); SYS(lseek); SYS(fstat); SYS(newfstatat);
SYS(readlinkat); SYS(ioctl); SYS(faccessat); SYS(faccessat2); SYS(fcntl);
SYS(dup); SYS(dup3); SYS(pipe2); SYS(getdents64); SYS(getcwd);
SYS(unlinkat); SYS(mkdirat); SYS(ftruncate); SYS(fsync);

/* sys_mem.c */
SYS(brk); SYS(mmap); SYS(munmap); SYS(mprotect); SYS(mremap); SYS(madvise);

/* sys_proc.c */
SYS(exit); SYS(exit_group); SYS(uname); SYS(set_tid_address);
SYS(set_robust_list); SYS(rt_sigaction); SYS(rt_sigprocmask);
SYS(sigaltstack); SYS(getrandom); SYS(clock_gettime); SYS(clock_getres);
SYS(gettimeofday); SYS(nanosleep); SYS(clock_nanosleep); SYS(getpid);
SYS(getppid); SYS(gettid); SYS(getuid); SYS(geteuid); SYS(getgid);
SYS(getegid); SYS(prlimit64); SYS(getrlimit); SYS(sched_getaffinity);
SYS(sched_yield); SYS(kill); SYS(tgkill); SYS(tkill); SYS(umask);

#endif
