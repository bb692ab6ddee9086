/* File and descriptor system calls, passed to the host. Guest descriptors
 * are host descriptors; flags and structs are translated field by field
 * (AArch64's O_DIRECTORY family and struct stat differ from the host's). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#include "syscalls.h"

#define GUEST_PATH_MAX 4096
#define GUEST_IOV_MAX 1024

/* Open flags whose AArch64 value differs from the generic one. */
static const struct {
    uint32_t guest;
    int host;
} open_flags[] = {
    {0040000, O_DIRECTORY},
    {0100000, O_NOFOLLOW},
    {0200000, O_DIRECT},
    {0400000, 0}, /* O_LARGEFILE: always on for 64-bit */
};
/* Open flags with the generic value on both sides. */
#define OPEN_GENERIC                                                         \
    (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND |          \
     O_NONBLOCK | O_DSYNC | O_SYNC | O_NOATIME | O_CLOEXEC | O_PATH |        \
     020000000 /* __O_TMPFILE without its O_DIRECTORY */)

static int flags_to_host(uint64_t g)
{
    int h = (int)(g & OPEN_GENERIC);
    for (size_t i = 0; i < sizeof(open_flags) / sizeof(open_flags[0]); i++)
        if (g & open_flags[i].guest)
            h |= open_flags[i].host;
    return h;
}

static uint64_t flags_to_guest(int h)
{
    uint64_t g = (uint64_t)(h & OPEN_GENERIC);
    for (size_t i = 0; i < sizeof(open_flags) / sizeof(open_flags[0]); i++)
        if (open_flags[i].host && (h & open_flags[i].host))
            g |= open_flags[i].guest;
    return g;
}

static int64_t err(void) { return -(int64_t)errno; }
static int64_t ret(int64_t r) { return r < 0 ? err() : r; }

/* Reads the guest path at addr and maps it to the host path to use. */
static int64_t get_path(user_ctx *u, uint64_t addr, char *raw, char *buf,
                        const char **host)
{
    int rc = guest_read_str(u, addr, raw, GUEST_PATH_MAX);
    if (rc)
        return rc;
    *host = path_host(u, raw, buf, GUEST_PATH_MAX);
    return 0;
}

static size_t io_len(uint64_t n) { return n > SYS_IO_MAX ? SYS_IO_MAX : (size_t)n; }

SYS(read)
{
    size_t n = io_len(a[2]);
    if (n && !vm_is_mapped(u, a[1], n))
        return -EFAULT;
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf)
        return -ENOMEM;
    ssize_t got = read((int)a[0], buf, n);
    int64_t r = got < 0 ? err() : got;
    if (got > 0 && !guest_write(u, a[1], buf, (size_t)got))
        r = -EFAULT;
    free(buf);
    return r;
}

SYS(pread64)
{
    size_t n = io_len(a[2]);
    if (n && !vm_is_mapped(u, a[1], n))
        return -EFAULT;
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf)
        return -ENOMEM;
    ssize_t got = pread((int)a[0], buf, n, (off_t)a[3]);
    int64_t r = got < 0 ? err() : got;
    if (got > 0 && !guest_write(u, a[1], buf, (size_t)got))
        r = -EFAULT;
    free(buf);
    return r;
}

/* Copies n guest bytes at addr into a new buffer, or NULL with *r set. */
static uint8_t *fetch(user_ctx *u, uint64_t addr, size_t n, int64_t *r)
{
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf) {
        *r = -ENOMEM;
        return NULL;
    }
    if (!guest_read(u, addr, buf, n)) {
        free(buf);
        *r = -EFAULT;
        return NULL;
    }
    return buf;
}

SYS(write)
{
    size_t n = io_len(a[2]);
    int64_t r = 0;
    uint8_t *buf = fetch(u, a[1], n, &r);
    if (!buf)
        return r;
    r = ret(write((int)a[0], buf, n));
    free(buf);
    return r;
}

SYS(pwrite64)
{
    size_t n = io_len(a[2]);
    int64_t r = 0;
    uint8_t *buf = fetch(u, a[1], n, &r);
    if (!buf)
        return r;
    r = ret(pwrite((int)a[0], buf, n, (off_t)a[3]));
    free(buf);
    return r;
}

/* Reads a guest iovec array; returns the count or a negative errno. */
static int64_t get_iov(user_ctx *u, uint64_t addr, uint64_t cnt,
                       uint64_t (*iov)[2], size_t *total)
{
    if (cnt > GUEST_IOV_MAX)
        return -EINVAL;
    uint8_t raw[16];
    *total = 0;
    for (uint64_t i = 0; i < cnt; i++) {
        if (!guest_read(u, addr + 16 * i, raw, sizeof(raw)))
            return -EFAULT;
        iov[i][0] = get_u64(raw);
        iov[i][1] = get_u64(raw + 8);
        if (iov[i][1] > SYS_IO_MAX - *total)
            iov[i][1] = SYS_IO_MAX - *total;
        *total += (size_t)iov[i][1];
    }
    return (int64_t)cnt;
}

SYS(writev)
{
    uint64_t (*v)[2] = calloc(GUEST_IOV_MAX, sizeof(*v));
    if (!v)
        return -ENOMEM;
    size_t total;
    int64_t r = get_iov(u, a[1], a[2], v, &total);
    uint8_t *buf = r >= 0 ? malloc(total ? total : 1) : NULL;
    if (r >= 0 && !buf)
        r = -ENOMEM;
    size_t at = 0;
    for (int64_t i = 0; buf && i < r; i++) {
        if (!guest_read(u, v[i][0], buf + at, (size_t)v[i][1])) {
            r = -EFAULT;
            break;
        }
        at += (size_t)v[i][1];
    }
    if (r >= 0)
        r = ret(write((int)a[0], buf, total));
    free(buf);
    free(v);
    return r;
}

SYS(readv)
{
    uint64_t (*v)[2] = calloc(GUEST_IOV_MAX, sizeof(*v));
    if (!v)
        return -ENOMEM;
    size_t total;
    int64_t r = get_iov(u, a[1], a[2], v, &total);
    for (int64_t i = 0; r >= 0 && i < r; i++)
        if (v[i][1] && !vm_is_mapped(u, v[i][0], v[i][1]))
            r = -EFAULT;
    uint8_t *buf = r >= 0 ? malloc(total ? total : 1) : NULL;
    if (r >= 0 && !buf)
        r = -ENOMEM;
    if (r >= 0) {
        int64_t cnt = r;
        r = ret(read((int)a[0], buf, total));
        size_t left = r > 0 ? (size_t)r : 0, at = 0;
        for (int64_t i = 0; i < cnt && left; i++) {
            size_t n = v[i][1] < left ? (size_t)v[i][1] : left;
            guest_write(u, v[i][0], buf + at, n);
            at += n;
            left -= n;
        }
    }
    free(buf);
    free(v);
    return r;
}

SYS(openat)
{
    char raw[GUEST_PATH_MAX], buf[GUEST_PATH_MAX];
    const char *path;
    int64_t r = get_path(u, a[1], raw, buf, &path);
    if (r)
        return r;
    return ret(openat((int)a[0], path, flags_to_host(a[2]), (mode_t)a[3]));
}

SYS(close)
{
    (void)u;
    return ret(close((int)a[0]));
}

SYS(lseek)
{
    (void)u;
    return ret(lseek((int)a[0], (off_t)a[1], (int)a[2]));
}

/* AArch64's struct stat (asm-generic/stat.h): 128 bytes. */
static bool put_stat(user_ctx *u, uint64_t addr, const struct stat *st)
{
    uint8_t b[128] = {0};
    put_u64(b + 0, (uint64_t)st->st_dev);
    put_u64(b + 8, (uint64_t)st->st_ino);
    put_u32(b + 16, (uint32_t)st->st_mode);
    put_u32(b + 20, (uint32_t)st->st_nlink);
    put_u32(b + 24, (uint32_t)st->st_uid);
    put_u32(b + 28, (uint32_t)st->st_gid);
    put_u64(b + 32, (uint64_t)st->st_rdev);
    put_u64(b + 48, (uint64_t)st->st_size);
    put_u32(b + 56, (uint32_t)st->st_blksize);
    put_u64(b + 64, (uint64_t)st->st_blocks);
    put_u64(b + 72, (uint64_t)st->st_atim.tv_sec);
    put_u64(b + 80, (uint64_t)st->st_atim.tv_nsec);
    put_u64(b + 88, (uint64_t)st->st_mtim.tv_sec);
    put_u64(b + 96, (uint64_t)st->st_mtim.tv_nsec);
    put_u64(b + 104, (uint64_t)st->st_ctim.tv_sec);
    put_u64(b + 112, (uint64_t)st->st_ctim.tv_nsec);
    return guest_write(u, addr, b, sizeof(b));
}

SYS(fstat)
{
    struct stat st;
    if (fstat((int)a[0], &st) < 0)
        return err();
    return put_stat(u, a[1], &st) ? 0 : -EFAULT;
}

/* AT_* flags have the generic values on both sides. */
#define AT_GENERIC (AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)

SYS(newfstatat)
{
    char raw[GUEST_PATH_MAX], buf[GUEST_PATH_MAX];
    const char *path;
    int64_t r = get_path(u, a[1], raw, buf, &path);
    if (r)
        return r;
    struct stat st;
    if (fstatat((int)a[0], path, &st, (int)(a[3] & AT_GENERIC)) < 0)
        return err();
    return put_stat(u, a[2], &st) ? 0 : -EFAULT;
}

SYS(readlinkat)
{
    char raw[GUEST_PATH_MAX], buf[GUEST_PATH_MAX], out[GUEST_PATH_MAX];
    const char *path;
    int64_t r = get_path(u, a[1], raw, buf, &path);
    if (r)
        return r;
    if ((int64_t)a[3] <= 0)
        return -EINVAL;
    size_t cap = a[3] < sizeof(out) ? (size_t)a[3] : sizeof(out);
    if (strcmp(raw, "/proc/self/exe") == 0 && u->exe_path) {
        r = (int64_t)strlen(u->exe_path);
        memcpy(out, u->exe_path, r < (int64_t)cap ? (size_t)r : cap);
    } else {
        r = ret(readlinkat((int)a[0], path, out, cap));
    }
    if (r > (int64_t)cap)
        r = (int64_t)cap;
    if (r > 0 && !guest_write(u, a[2], out, (size_t)r))
        return -EFAULT;
    return r;
}

#define GUEST_TCGETS 0x5401
#define GUEST_TIOCGWINSZ 0x5413

/* The kernel's struct termios (same layout and flag values on both):
 * four 32-bit flag words, c_line, 19 control characters. */
static int64_t ioctl_tcgets(user_ctx *u, int fd, uint64_t addr)
{
    struct termios t;
    if (!isatty(fd))
        return -ENOTTY;
    if (tcgetattr(fd, &t) < 0)
        return err();
    uint8_t b[36] = {0};
    put_u32(b, (uint32_t)t.c_iflag);
    put_u32(b + 4, (uint32_t)t.c_oflag);
    put_u32(b + 8, (uint32_t)t.c_cflag);
    put_u32(b + 12, (uint32_t)t.c_lflag);
    b[16] = t.c_line;
    for (int i = 0; i < 19 && i < NCCS; i++)
        b[17 + i] = t.c_cc[i];
    return guest_write(u, addr, b, sizeof(b)) ? 0 : -EFAULT;
}

SYS(ioctl)
{
    int fd = (int)a[0];
    if (a[1] == GUEST_TCGETS)
        return ioctl_tcgets(u, fd, a[2]);
    if (a[1] == GUEST_TIOCGWINSZ) {
        struct winsize w;
        if (!isatty(fd))
            return -ENOTTY;
        if (ioctl(fd, TIOCGWINSZ, &w) < 0)
            return err();
        uint8_t b[8];
        put_u16(b, w.ws_row);
        put_u16(b + 2, w.ws_col);
        put_u16(b + 4, w.ws_xpixel);
        put_u16(b + 6, w.ws_ypixel);
        return guest_write(u, a[2], b, sizeof(b)) ? 0 : -EFAULT;
    }
    return -ENOTTY;
}

SYS(faccessat)
{
    char raw[GUEST_PATH_MAX], buf[GUEST_PATH_MAX];
    const char *path;
    int64_t r = get_path(u, a[1], raw, buf, &path);
    if (r)
        return r;
    return ret(faccessat((int)a[0], path, (int)a[2], 0));
}

SYS(faccessat2)
{
    char raw[GUEST_PATH_MAX], buf[GUEST_PATH_MAX];
    const char *path;
    int64_t r = get_path(u, a[1], raw, buf, &path);
    if (r)
        return r;
    int flags = (int)(a[3] & (AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH));
    return ret(faccessat((int)a[0], path, (int)a[2], flags));
}

SYS(fcntl)
{
    (void)u;
    int fd = (int)a[0], cmd = (int)a[1];
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_GETFD:
    case F_SETFD:
        return ret(fcntl(fd, cmd, (int)a[2]));
    case F_GETFL: {
        int r = fcntl(fd, F_GETFL);
        return r < 0 ? err() : (int64_t)flags_to_guest(r);
    }
    case F_SETFL:
        return ret(fcntl(fd, F_SETFL, flags_to_host(a[2])));
    default:
        return -EINVAL;
    }
}

SYS(dup)
{
    (void)u;
    return ret(dup((int)a[0]));
}

SYS(dup3)
{
    (void)u;
    return ret(dup3((int)a[0], (int)a[1], flags_to_host(a[2])));
}

SYS(pipe2)
{
    int fds[2];
    if (pipe2(fds, flags_to_host(a[1])) < 0)
        return err();
    uint8_t b[8];
    put_u32(b, (uint32_t)fds[0]);
    put_u32(b + 4, (uint32_t)fds[1]);
    if (!guest_write(u, a[0], b, sizeof(b))) {
        close(fds[0]);
        close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

/* struct linux_dirent64 is the same on every architecture. */
SYS(getdents64)
{
    size_t n = a[2] > 65536 ? 65536 : (size_t)a[2];
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf)
        return -ENOMEM;
    long got = syscall(SYS_getdents64, (int)a[0], buf, n);
    int64_t r = got < 0 ? err() : got;
    if (got > 0 && !guest_write(u, a[1], buf, (size_t)got))
        r = -EFAULT;
    free(buf);
    return r;
}

SYS(getcwd)
{
    char buf[GUEST_PATH_MAX];
    if (!getcwd(buf, sizeof(buf)))
        return err();
    size_t n = strlen(buf) + 1;
    if (n > a[1])
        return -ERANGE;
    return guest_write(u, a[0], buf, n) ? (int64_t)n : -EFAULT;
}

SYS(unlinkat)
{
    char raw[GUEST_PATH_MAX], buf[GUEST_PATH_MAX];
    const char *path;
    int64_t r = get_path(u, a[1], raw, buf, &path);
    if (r)
        return r;
    return ret(unlinkat((int)a[0], path, (int)(a[2] & AT_REMOVEDIR)));
}

SYS(mkdirat)
{
    char raw[GUEST_PATH_MAX], buf[GUEST_PATH_MAX];
    const char *path;
    int64_t r = get_path(u, a[1], raw, buf, &path);
    if (r)
        return r;
    return ret(mkdirat((int)a[0], path, (mode_t)a[2]));
}

SYS(ftruncate)
{
    (void)u;
    return ret(ftruncate((int)a[0], (off_t)a[1]));
}

SYS(fsync)
{
    (void)u;
    return ret(fsync((int)a[0]));
}
