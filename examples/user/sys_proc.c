/* Process, identity, time and signal system calls. There is one thread and
 * signals are never delivered: sigaction and sigprocmask only record what
 * the guest set, and a signal sent to itself ends the process. */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "syscalls.h"

enum { SIG_KILL = 9, SIG_STOP = 19, NSIG_GUEST = 64 };

static int64_t err(void) { return -(int64_t)errno; }

SYS(exit)
{
    u->exited = true;
    u->exit_status = (int)(a[0] & 0xff);
    return 0;
}

SYS(exit_group) { return sys_exit(u, a); }

SYS(uname)
{
    struct utsname h;
    if (uname(&h) < 0)
        return err();
    char b[6][65];
    memset(b, 0, sizeof(b));
    const char *f[6] = {"Linux", h.nodename, h.release, h.version, "aarch64",
                        "(none)"};
    for (int i = 0; i < 6; i++)
        strncpy(b[i], f[i], 64);
    return guest_write(u, a[0], b, sizeof(b)) ? 0 : -EFAULT;
}

SYS(set_tid_address)
{
    (void)u;
    (void)a;
    return getpid();
}

SYS(set_robust_list)
{
    (void)u;
    return a[1] == 24 ? 0 : -EINVAL;
}

SYS(rt_sigaction)
{
    uint64_t sig = a[0];
    if (sig < 1 || sig > NSIG_GUEST || a[3] != 8)
        return -EINVAL;
    if (a[1] && (sig == SIG_KILL || sig == SIG_STOP))
        return -EINVAL;
    uint8_t act[32];
    if (a[1] && !guest_read(u, a[1], act, sizeof(act)))
        return -EFAULT;
    if (a[2] && !guest_write(u, a[2], u->sigact[sig], sizeof(act)))
        return -EFAULT;
    if (a[1])
        memcpy(u->sigact[sig], act, sizeof(act));
    return 0;
}

SYS(rt_sigprocmask)
{
    uint8_t b[8];
    uint64_t set = 0;
    if (a[3] != 8)
        return -EINVAL;
    if (a[1]) {
        if (!guest_read(u, a[1], b, sizeof(b)))
            return -EFAULT;
        set = get_u64(b);
    }
    if (a[2] && !guest_write_u64(u, a[2], u->sigmask))
        return -EFAULT;
    if (!a[1])
        return 0;
    uint64_t never = (1ull << (SIG_KILL - 1)) | (1ull << (SIG_STOP - 1));
    switch (a[0]) {
    case 0: u->sigmask |= set; break;   /* SIG_BLOCK */
    case 1: u->sigmask &= ~set; break;  /* SIG_UNBLOCK */
    case 2: u->sigmask = set; break;    /* SIG_SETMASK */
    default: return -EINVAL;
    }
    u->sigmask &= ~never;
    return 0;
}

SYS(sigaltstack)
{
    (void)a[0];
    if (a[1]) {
        uint8_t b[24] = {0};
        put_u32(b + 8, 2); /* SS_DISABLE */
        if (!guest_write(u, a[1], b, sizeof(b)))
            return -EFAULT;
    }
    return 0;
}

SYS(getrandom)
{
    uint8_t buf[256];
    size_t n = a[1] < sizeof(buf) ? (size_t)a[1] : sizeof(buf);
    user_random(u, buf, n);
    return guest_write(u, a[0], buf, n) ? (int64_t)n : -EFAULT;
}

static int64_t put_timespec(user_ctx *u, uint64_t addr, const struct timespec *t)
{
    uint8_t b[16];
    put_u64(b, (uint64_t)t->tv_sec);
    put_u64(b + 8, (uint64_t)t->tv_nsec);
    return guest_write(u, addr, b, sizeof(b)) ? 0 : -EFAULT;
}

static int64_t get_timespec(user_ctx *u, uint64_t addr, struct timespec *t)
{
    uint8_t b[16];
    if (!guest_read(u, addr, b, sizeof(b)))
        return -EFAULT;
    t->tv_sec = (time_t)get_u64(b);
    t->tv_nsec = (long)get_u64(b + 8);
    return 0;
}

SYS(clock_gettime)
{
    struct timespec t;
    if (clock_gettime((clockid_t)a[0], &t) < 0)
        return err();
    return put_timespec(u, a[1], &t);
}

SYS(clock_getres)
{
    struct timespec t;
    if (clock_getres((clockid_t)a[0], &t) < 0)
        return err();
    return a[1] ? put_timespec(u, a[1], &t) : 0;
}

SYS(gettimeofday)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    if (a[0]) {
        uint8_t b[16];
        put_u64(b, (uint64_t)t.tv_sec);
        put_u64(b + 8, (uint64_t)(t.tv_nsec / 1000));
        if (!guest_write(u, a[0], b, sizeof(b)))
            return -EFAULT;
    }
    if (a[1] && !guest_zero(u, a[1], 8))
        return -EFAULT;
    return 0;
}

SYS(nanosleep)
{
    struct timespec t, rem = {0, 0};
    int64_t r = get_timespec(u, a[0], &t);
    if (r)
        return r;
    if (nanosleep(&t, &rem) < 0) {
        r = err();
        if (a[1])
            put_timespec(u, a[1], &rem);
    }
    return r;
}

SYS(clock_nanosleep)
{
    struct timespec t, rem = {0, 0};
    int64_t r = get_timespec(u, a[2], &t);
    if (r)
        return r;
    int rc = clock_nanosleep((clockid_t)a[0], (int)(a[1] & TIMER_ABSTIME), &t,
                             &rem);
    if (rc && a[3])
        put_timespec(u, a[3], &rem);
    return -(int64_t)rc;
}

SYS(getpid) { (void)u; (void)a; return getpid(); }
SYS(getppid) { (void)u; (void)a; return getppid(); }
SYS(gettid) { (void)u; (void)a; return getpid(); }
SYS(getuid) { (void)u; (void)a; return getuid(); }
SYS(geteuid) { (void)u; (void)a; return geteuid(); }
SYS(getgid) { (void)u; (void)a; return getgid(); }
SYS(getegid) { (void)u; (void)a; return getegid(); }
SYS(sched_yield) { (void)u; (void)a; return 0; }
SYS(umask) { (void)u; return umask((mode_t)(a[0] & 0777)); }

/* Limits are reported from the host; setting them is accepted and ignored
 * (the runner must not shrink its own limits). RLIMIT numbers are generic. */
static int64_t put_limit(user_ctx *u, uint64_t res, uint64_t addr)
{
    struct rlimit r;
    if (res >= 16)
        return -EINVAL;
    if (getrlimit((int)res, &r) < 0)
        return err();
    if (res == RLIMIT_STACK)
        r.rlim_cur = USER_STACK_SIZE;
    uint8_t b[16];
    put_u64(b, r.rlim_cur == RLIM_INFINITY ? ~0ull : (uint64_t)r.rlim_cur);
    put_u64(b + 8, r.rlim_max == RLIM_INFINITY ? ~0ull : (uint64_t)r.rlim_max);
    return guest_write(u, addr, b, sizeof(b)) ? 0 : -EFAULT;
}

SYS(prlimit64)
{
    if (a[0] != 0 && a[0] != (uint64_t)getpid())
        return -ESRCH;
    if (a[1] >= 16)
        return -EINVAL;
    return a[3] ? put_limit(u, a[1], a[3]) : 0;
}

SYS(getrlimit) { return put_limit(u, a[0], a[1]); }

SYS(sched_getaffinity)
{
    if (a[1] < 8 || a[1] % 8)
        return -EINVAL;
    return guest_write_u64(u, a[2], 1) ? 8 : -EFAULT; /* one CPU */
}

/* A signal to itself: ignored by default for a few, else the end. */
static int64_t self_signal(user_ctx *u, uint64_t sig)
{
    if (sig == 0)
        return 0;
    if (sig > NSIG_GUEST)
        return -EINVAL;
    if (sig == 17 || sig == 18 || sig == 23 || sig == 28)
        return 0; /* SIGCHLD, SIGCONT, SIGURG, SIGWINCH: default ignore */
    u->exited = true;
    u->exit_status = crash_signal(u, (int)sig);
    return 0;
}

static bool is_self(uint64_t pid)
{
    return pid == 0 || pid == (uint64_t)getpid();
}

SYS(kill) { return is_self(a[0]) ? self_signal(u, a[1]) : -EPERM; }
SYS(tkill) { return is_self(a[0]) ? self_signal(u, a[1]) : -ESRCH; }

SYS(tgkill)
{
    return is_self(a[0]) && is_self(a[1]) ? self_signal(u, a[2]) : -ESRCH;
}
