/* Arm semihosting, A64 flavour: HLT #0xF000, operation in W0, parameter
 * block of 64-bit fields at X1, result in X0.
 *
 * Console traffic goes to the caller's sink (arm64emu_set_console). Host
 * files are reachable only below a directory the caller named; every guest
 * path is resolved relative to an open descriptor of that directory with
 * ".." refused and symbolic links kept inside it. Nothing here can run a
 * host command (SYS_SYSTEM always fails). Guest memory is read and written
 * through the CPU's current translation, one byte at a time, so a bad
 * pointer gives the guest an error (EFAULT) rather than a fault. */
#define _GNU_SOURCE
#include "semihost.h"

#include "hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if defined(__linux__)
#include <sys/syscall.h>
#if defined(SYS_openat2)
#include <linux/openat2.h>
#define HAVE_OPENAT2 1
#endif
#endif

#include "machine.h"
#include "mem.h"

enum {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITEC = 0x03,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_READ = 0x06,
    SYS_READC = 0x07,
    SYS_ISERROR = 0x08,
    SYS_ISTTY = 0x09,
    SYS_SEEK = 0x0a,
    SYS_FLEN = 0x0c,
    SYS_TMPNAM = 0x0d,
    SYS_REMOVE = 0x0e,
    SYS_RENAME = 0x0f,
    SYS_CLOCK = 0x10,
    SYS_TIME = 0x11,
    SYS_SYSTEM = 0x12,
    SYS_ERRNO = 0x13,
    SYS_GET_CMDLINE = 0x15,
    SYS_HEAPINFO = 0x16,
    SYS_EXIT = 0x18,
    SYS_EXIT_EXTENDED = 0x20,
    SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31
};

#define ADP_STOPPED_APPLICATION_EXIT 0x20026u
/* The semihosting clock: retired instructions at a nominal rate. */
#define SEMIHOST_TICKS_PER_SECOND 1000000000ull
#define SEMIHOST_MAX_FILES 64
#define SEMIHOST_MAX_PATH 4096
#define SEMIHOST_CHUNK 4096

/* ":semihosting-features": magic "SHFB" and one feature byte
 * (bit 0 SYS_EXIT_EXTENDED, bit 1 separate stdout/stderr via ":tt"). */
static const uint8_t semihost_features[5] = {'S', 'H', 'F', 'B', 0x3};

typedef enum file_kind {
    FILE_FREE = 0,
    FILE_STDIN,
    FILE_STDOUT,
    FILE_STDERR,
    FILE_FEATURES,
    FILE_HOST
} file_kind_t;

typedef struct sh_file {
    file_kind_t kind;
    int fd;       /* FILE_HOST */
    uint64_t pos; /* FILE_FEATURES */
    char *path;   /* FILE_HOST: the path below the root, as opened */
    uint8_t mode; /* FILE_HOST: the SYS_OPEN mode (0..11) */
} sh_file_t;

/* open(2) flags of the SYS_OPEN modes (ISO C fopen: r rb r+ r+b w wb w+
 * w+b a ab a+ a+b). */
static const int mode_flags[12] = {
    O_RDONLY, O_RDONLY, O_RDWR, O_RDWR,
    O_WRONLY | O_CREAT | O_TRUNC, O_WRONLY | O_CREAT | O_TRUNC,
    O_RDWR | O_CREAT | O_TRUNC, O_RDWR | O_CREAT | O_TRUNC,
    O_WRONLY | O_CREAT | O_APPEND, O_WRONLY | O_CREAT | O_APPEND,
    O_RDWR | O_CREAT | O_APPEND, O_RDWR | O_CREAT | O_APPEND,
};

/* Closes a handle's host file, if any, and frees the handle. */
static void file_release(sh_file_t *f)
{
    if (f->kind == FILE_HOST)
        close(f->fd);
    free(f->path);
    *f = (sh_file_t){.kind = FILE_FREE, .fd = -1};
}

struct semihost {
    arm64emu_console_write_fn write;
    arm64emu_console_read_fn read;
    void *user;
    int rootfd; /* -1: no host file access */
    char root[SEMIHOST_MAX_PATH]; /* canonical path of rootfd */
    int err;                      /* for SYS_ERRNO */
    sh_file_t files[SEMIHOST_MAX_FILES];
};

/* ---- default console: the host's standard streams ------------------- */

static size_t stdio_write(void *user, unsigned stream, const void *buf,
                          size_t len)
{
    (void)user;
    FILE *f = stream == 2 ? stderr : stdout;
    size_t n = fwrite(buf, 1, len, f);
    fflush(f);
    return n;
}

static size_t stdio_read(void *user, void *buf, size_t len)
{
    (void)user;
    fflush(stdout);
    ssize_t n;
    do {
        n = read(STDIN_FILENO, buf, len);
    } while (n < 0 && errno == EINTR);
    return n > 0 ? (size_t)n : 0;
}

/* ---- lifecycle --------------------------------------------------------- */

int semihost_new(struct semihost **out, const char *root, char *err,
                 size_t errlen)
{
    *out = NULL;
    struct semihost *sh = calloc(1, sizeof(*sh));
    if (!sh) {
        snprintf(err, errlen, "out of memory for the semihosting state");
        return ARM64EMU_ERR_NO_MEMORY;
    }
    sh->write = stdio_write;
    sh->read = stdio_read;
    sh->rootfd = -1;
    if (root && root[0]) {
        char *canon = realpath(root, NULL);
        int fd = canon ? open(canon, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
        if (fd < 0 || strlen(canon) >= sizeof(sh->root)) {
            snprintf(err, errlen,
                     "SEMIHOSTING_ROOT '%.200s' is not an accessible "
                     "directory: %s",
                     root, strerror(fd < 0 ? errno : ENAMETOOLONG));
            if (fd >= 0)
                close(fd);
            free(canon);
            free(sh);
            return ARM64EMU_ERR_INVALID_ARGUMENT;
        }
        snprintf(sh->root, sizeof(sh->root), "%s", canon);
        free(canon);
        sh->rootfd = fd;
    }
    *out = sh;
    return ARM64EMU_OK;
}

void semihost_free(struct semihost *sh)
{
    if (!sh)
        return;
    for (unsigned i = 0; i < SEMIHOST_MAX_FILES; i++)
        file_release(&sh->files[i]);
    if (sh->rootfd >= 0)
        close(sh->rootfd);
    free(sh);
}

int arm64emu_set_console(arm64emu_machine *m, arm64emu_console_write_fn write,
                         arm64emu_console_read_fn read, void *user)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (m->semihost) {
        m->semihost->write = write;
        m->semihost->read = read;
        m->semihost->user = user;
    }
    return machine_ok(m);
}

/* ---- console ------------------------------------------------------------ */

/* Bytes the sink took; all of them when output is discarded. */
static size_t console_write(struct semihost *sh, unsigned stream,
                            const void *buf, size_t len)
{
    if (!sh->write || len == 0)
        return len;
    size_t n = sh->write(sh->user, stream, buf, len);
    return n > len ? len : n;
}

static size_t console_read(struct semihost *sh, void *buf, size_t len)
{
    if (!sh->read || len == 0)
        return 0;
    size_t n = sh->read(sh->user, buf, len);
    return n > len ? len : n;
}

/* ---- guest memory -------------------------------------------------------- */

static bool guest_read(cpu_t *cpu, uint64_t va, void *buf, size_t len)
{
    uint8_t *p = buf;
    for (size_t i = 0; i < len; i++) {
        uint64_t v;
        if (!mem_read(cpu, va + i, 1, &v))
            return false;
        p[i] = (uint8_t)v;
    }
    return true;
}

static bool guest_write(cpu_t *cpu, uint64_t va, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    for (size_t i = 0; i < len; i++)
        if (!mem_write(cpu, va + i, 1, p[i]))
            return false;
    return true;
}

static bool guest_read64(cpu_t *cpu, uint64_t va, uint64_t *out)
{
    uint8_t b[8];
    if (!guest_read(cpu, va, b, 8))
        return false;
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | b[i];
    *out = v;
    return true;
}

static bool guest_write64(cpu_t *cpu, uint64_t va, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    return guest_write(cpu, va, b, 8);
}

/* The n 64-bit fields of the parameter block at X1. */
static bool get_args(cpu_t *cpu, uint64_t *a, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (!guest_read64(cpu, cpu->r[1] + 8ull * i, &a[i]))
            return false;
    return true;
}

/* ---- results -------------------------------------------------------------- */

static uint64_t fail(struct semihost *sh, int err)
{
    sh->err = err;
    return (uint64_t)-1;
}

static sh_file_t *file_get(struct semihost *sh, uint64_t handle)
{
    if (handle < 1 || handle > SEMIHOST_MAX_FILES)
        return NULL;
    sh_file_t *f = &sh->files[handle - 1];
    return f->kind == FILE_FREE ? NULL : f;
}

static uint64_t file_add(struct semihost *sh, file_kind_t kind, int fd)
{
    for (unsigned i = 0; i < SEMIHOST_MAX_FILES; i++) {
        if (sh->files[i].kind == FILE_FREE) {
            sh->files[i] = (sh_file_t){.kind = kind, .fd = fd};
            return i + 1;
        }
    }
    if (kind == FILE_HOST)
        close(fd);
    return fail(sh, EMFILE);
}

/* ---- paths bounded by the root ------------------------------------------- */

/* Reads the guest's name (len bytes, no NUL inside) into buf. */
static int read_name(cpu_t *cpu, uint64_t va, uint64_t len, char *buf,
                     size_t cap)
{
    if (len == 0 || len >= cap)
        return len ? ENAMETOOLONG : ENOENT;
    if (!guest_read(cpu, va, buf, (size_t)len))
        return EFAULT;
    buf[len] = '\0';
    if (strlen(buf) != len)
        return EINVAL;
    return 0;
}

/* Turns a guest path into one relative to the root, in place. Absolute
 * paths must name the root or something under it; ".." is refused. */
static int path_beneath(const struct semihost *sh, char *path)
{
    if (sh->rootfd < 0)
        return EACCES;
    if (path[0] == '/') {
        size_t n = strlen(sh->root);
        if (strcmp(sh->root, "/") == 0)
            n = 0;
        else if (strncmp(path, sh->root, n) != 0 ||
                 (path[n] != '/' && path[n] != '\0'))
            return EACCES;
        memmove(path, path + n, strlen(path + n) + 1);
        while (path[0] == '/')
            memmove(path, path + 1, strlen(path));
    }
    for (const char *c = path; *c;) {
        size_t len = strcspn(c, "/");
        if (len == 2 && c[0] == '.' && c[1] == '.')
            return EACCES;
        c += len;
        while (*c == '/')
            c++;
    }
    return path[0] ? 0 : EISDIR;
}

/* Opens rel below dirfd without leaving it. Where the kernel cannot say
 * "beneath" itself, every component is opened with O_NOFOLLOW, so no
 * symbolic link is followed at all. */
static int open_beneath(int dirfd, const char *rel, int flags, mode_t mode)
{
#ifdef HAVE_OPENAT2
    struct open_how how = {
        .flags = (uint64_t)(flags | O_CLOEXEC),
        .mode = (flags & O_CREAT) ? mode : 0,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    long got = syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));
    if (got >= 0 || errno != ENOSYS)
        return (int)got;
#endif
    char buf[SEMIHOST_MAX_PATH];
    snprintf(buf, sizeof(buf), "%s", rel);
    int dfd = dirfd;
    char *comp = buf;
    for (;;) {
        char *slash = strchr(comp, '/');
        if (!slash)
            break;
        *slash = '\0';
        int next = dfd;
        if (comp[0] && strcmp(comp, ".") != 0) {
            next = openat(dfd, comp,
                          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (next < 0) {
                int e = errno;
                if (dfd != dirfd)
                    close(dfd);
                errno = e;
                return -1;
            }
            if (dfd != dirfd)
                close(dfd);
        }
        dfd = next;
        comp = slash + 1;
    }
    int fd = openat(dfd, comp, flags | O_NOFOLLOW | O_CLOEXEC, mode);
    int e = errno;
    if (dfd != dirfd)
        close(dfd);
    errno = e;
    return fd;
}

/* Splits rel into its parent directory (opened below dirfd) and last
 * component, for calls that act on a directory entry. */
static int open_parent(int dirfd, char *rel, const char **last)
{
    char *slash = strrchr(rel, '/');
    if (!slash) {
        *last = rel;
        return dup(dirfd);
    }
    *slash = '\0';
    *last = slash + 1;
    return open_beneath(dirfd, rel, O_RDONLY | O_DIRECTORY, 0);
}

/* ---- the calls ----------------------------------------------------------- */

static uint64_t sys_open(cpu_t *cpu, struct semihost *sh)
{
    uint64_t a[3];
    char name[SEMIHOST_MAX_PATH];
    if (!get_args(cpu, a, 3))
        return fail(sh, EFAULT);
    if (a[1] > 11)
        return fail(sh, EINVAL);
    int e = read_name(cpu, a[0], a[2], name, sizeof(name));
    if (e)
        return fail(sh, e);
    if (strcmp(name, ":tt") == 0)
        return file_add(sh, a[1] < 4 ? FILE_STDIN
                            : a[1] < 8 ? FILE_STDOUT : FILE_STDERR, -1);
    if (strcmp(name, ":semihosting-features") == 0)
        return a[1] < 2 ? file_add(sh, FILE_FEATURES, -1) : fail(sh, EACCES);
    e = path_beneath(sh, name);
    if (e)
        return fail(sh, e);
    char *path = strdup(name); /* open_beneath edits name */
    if (!path)
        return fail(sh, ENOMEM);
    int fd = open_beneath(sh->rootfd, name, mode_flags[a[1]], 0644);
    if (fd < 0) {
        int err = errno;
        free(path);
        return fail(sh, err);
    }
    uint64_t handle = file_add(sh, FILE_HOST, fd);
    if (handle >= 1 && handle <= SEMIHOST_MAX_FILES) {
        sh->files[handle - 1].path = path; /* for snapshots */
        sh->files[handle - 1].mode = (uint8_t)a[1];
    } else {
        free(path);
    }
    return handle;
}

static uint64_t sys_close(cpu_t *cpu, struct semihost *sh)
{
    uint64_t a[1];
    if (!get_args(cpu, a, 1))
        return fail(sh, EFAULT);
    sh_file_t *f = file_get(sh, a[0]);
    if (!f)
        return fail(sh, EBADF);
    file_release(f);
    return 0;
}

/* SYS_WRITE: returns the number of bytes NOT written. */
static uint64_t sys_write(cpu_t *cpu, struct semihost *sh)
{
    uint64_t a[3];
    if (!get_args(cpu, a, 3))
        return fail(sh, EFAULT);
    sh_file_t *f = file_get(sh, a[0]);
    if (!f || f->kind == FILE_STDIN || f->kind == FILE_FEATURES)
        return fail(sh, EBADF);
    uint8_t buf[SEMIHOST_CHUNK];
    uint64_t done = 0;
    while (done < a[2]) {
        size_t n = a[2] - done < sizeof(buf) ? (size_t)(a[2] - done)
                                             : sizeof(buf);
        if (!guest_read(cpu, a[1] + done, buf, n))
            return fail(sh, EFAULT);
        size_t w;
        if (f->kind == FILE_HOST) {
            ssize_t r = write(f->fd, buf, n);
            if (r < 0)
                return done ? a[2] - done : fail(sh, errno);
            w = (size_t)r;
        } else {
            w = console_write(sh, f->kind == FILE_STDERR ? 2 : 1, buf, n);
        }
        done += w;
        if (w < n)
            break;
    }
    return a[2] - done;
}

/* SYS_READ: returns the number of bytes NOT read (all of them at end of
 * file). Like a host read, it may return fewer without being at the end. */
static uint64_t sys_read(cpu_t *cpu, struct semihost *sh)
{
    uint64_t a[3];
    if (!get_args(cpu, a, 3))
        return fail(sh, EFAULT);
    sh_file_t *f = file_get(sh, a[0]);
    if (!f || f->kind == FILE_STDOUT || f->kind == FILE_STDERR)
        return fail(sh, EBADF);
    uint8_t buf[SEMIHOST_CHUNK];
    size_t want = a[2] < sizeof(buf) ? (size_t)a[2] : sizeof(buf);
    size_t got;
    if (f->kind == FILE_HOST) {
        ssize_t r = read(f->fd, buf, want);
        if (r < 0)
            return fail(sh, errno);
        got = (size_t)r;
    } else if (f->kind == FILE_FEATURES) {
        uint64_t left = f->pos < sizeof(semihost_features)
                            ? sizeof(semihost_features) - f->pos : 0;
        got = want < left ? want : (size_t)left;
        memcpy(buf, semihost_features + f->pos, got);
        f->pos += got;
    } else {
        got = console_read(sh, buf, want);
    }
    if (!guest_write(cpu, a[1], buf, got))
        return fail(sh, EFAULT);
    return a[2] - got;
}

static uint64_t sys_seek(cpu_t *cpu, struct semihost *sh)
{
    uint64_t a[2];
    if (!get_args(cpu, a, 2))
        return fail(sh, EFAULT);
    sh_file_t *f = file_get(sh, a[0]);
    if (!f)
        return fail(sh, EBADF);
    if (f->kind == FILE_FEATURES) {
        f->pos = a[1];
        return 0;
    }
    if (f->kind != FILE_HOST)
        return fail(sh, ESPIPE);
    if (a[1] > INT64_MAX || lseek(f->fd, (off_t)a[1], SEEK_SET) < 0)
        return fail(sh, a[1] > INT64_MAX ? EINVAL : errno);
    return 0;
}

static uint64_t sys_flen(cpu_t *cpu, struct semihost *sh)
{
    uint64_t a[1];
    if (!get_args(cpu, a, 1))
        return fail(sh, EFAULT);
    sh_file_t *f = file_get(sh, a[0]);
    if (!f)
        return fail(sh, EBADF);
    if (f->kind == FILE_FEATURES)
        return sizeof(semihost_features);
    if (f->kind != FILE_HOST)
        return fail(sh, ESPIPE);
    struct stat st;
    if (fstat(f->fd, &st) < 0)
        return fail(sh, errno);
    return (uint64_t)st.st_size;
}

static uint64_t sys_istty(cpu_t *cpu, struct semihost *sh)
{
    uint64_t a[1];
    if (!get_args(cpu, a, 1))
        return fail(sh, EFAULT);
    sh_file_t *f = file_get(sh, a[0]);
    if (!f)
        return fail(sh, EBADF);
    return f->kind == FILE_STDIN || f->kind == FILE_STDOUT ||
           f->kind == FILE_STDERR;
}

static uint64_t sys_remove(cpu_t *cpu, struct semihost *sh)
{
    uint64_t a[2];
    char name[SEMIHOST_MAX_PATH];
    if (!get_args(cpu, a, 2))
        return fail(sh, EFAULT);
    int e = read_name(cpu, a[0], a[1], name, sizeof(name));
    if (!e)
        e = path_beneath(sh, name);
    if (e)
        return fail(sh, e);
    const char *last;
    int dfd = open_parent(sh->rootfd, name, &last);
    if (dfd < 0)
        return fail(sh, errno);
    int rc = last[0] && strcmp(last, ".") != 0 ? unlinkat(dfd, last, 0) : -1;
    e = last[0] && strcmp(last, ".") != 0 ? errno : EISDIR;
    close(dfd);
    return rc < 0 ? fail(sh, e) : 0;
}

static uint64_t sys_rename(cpu_t *cpu, struct semihost *sh)
{
    uint64_t a[4];
    char from[SEMIHOST_MAX_PATH], to[SEMIHOST_MAX_PATH];
    if (!get_args(cpu, a, 4))
        return fail(sh, EFAULT);
    int e = read_name(cpu, a[0], a[1], from, sizeof(from));
    if (!e)
        e = read_name(cpu, a[2], a[3], to, sizeof(to));
    if (!e)
        e = path_beneath(sh, from);
    if (!e)
        e = path_beneath(sh, to);
    if (e)
        return fail(sh, e);
    const char *from_last, *to_last;
    int from_dfd = open_parent(sh->rootfd, from, &from_last);
    if (from_dfd < 0)
        return fail(sh, errno);
    int to_dfd = open_parent(sh->rootfd, to, &to_last);
    if (to_dfd < 0) {
        e = errno;
        close(from_dfd);
        return fail(sh, e);
    }
    int rc = renameat(from_dfd, from_last, to_dfd, to_last);
    e = errno;
    close(from_dfd);
    close(to_dfd);
    return rc < 0 ? fail(sh, e) : 0;
}

static uint64_t sys_writec(cpu_t *cpu, struct semihost *sh)
{
    uint8_t c;
    if (!guest_read(cpu, cpu->r[1], &c, 1))
        return fail(sh, EFAULT);
    console_write(sh, 1, &c, 1);
    return cpu->r[0];
}

static uint64_t sys_write0(cpu_t *cpu, struct semihost *sh)
{
    char buf[256];
    size_t n = 0;
    for (uint64_t va = cpu->r[1];; va++) {
        uint8_t c;
        if (!guest_read(cpu, va, &c, 1)) {
            console_write(sh, 1, buf, n);
            return fail(sh, EFAULT);
        }
        if (c == 0)
            break;
        buf[n++] = (char)c;
        if (n == sizeof(buf)) {
            console_write(sh, 1, buf, n);
            n = 0;
        }
    }
    console_write(sh, 1, buf, n);
    return cpu->r[0];
}

static uint64_t sys_readc(struct semihost *sh)
{
    uint8_t c;
    return console_read(sh, &c, 1) == 1 ? c : fail(sh, EIO);
}

static uint64_t sys_iserror(cpu_t *cpu, struct semihost *sh)
{
    uint64_t a[1];
    if (!get_args(cpu, a, 1))
        return fail(sh, EFAULT);
    return (int64_t)a[0] < 0;
}

static uint64_t sys_get_cmdline(cpu_t *cpu, struct semihost *sh)
{
    uint64_t a[2];
    if (!get_args(cpu, a, 2))
        return fail(sh, EFAULT);
    if (a[1] < 1)
        return fail(sh, EINVAL);
    if (!guest_write(cpu, a[0], "", 1) ||
        !guest_write64(cpu, cpu->r[1] + 8, 0))
        return fail(sh, EFAULT);
    return 0;
}

/* Like QEMU's virt board: the heap is the upper half of the first RAM
 * region and the stack grows down from its end. */
static uint64_t sys_heapinfo(cpu_t *cpu, struct semihost *sh)
{
    uint64_t block;
    if (!guest_read64(cpu, cpu->r[1], &block))
        return fail(sh, EFAULT);
    const bus_t *bus = &cpu->machine->bus;
    uint64_t base = 0, size = 0;
    for (unsigned i = 0; i < bus->count; i++) {
        if (region_is_ram(&bus->regions[i])) {
            base = bus->regions[i].base;
            size = bus->regions[i].size;
            break;
        }
    }
    const uint64_t v[4] = {base + size / 2, base + size, base + size, base};
    for (unsigned i = 0; i < 4; i++)
        if (!guest_write64(cpu, block + 8 * i, v[i]))
            return fail(sh, EFAULT);
    return 0;
}

static bool sys_exit(cpu_t *cpu, struct semihost *sh, uint32_t op)
{
    uint64_t a[2];
    if (!get_args(cpu, a, 2)) {
        cpu->r[0] = fail(sh, EFAULT);
        return true;
    }
    (void)op; /* in A64 both take the same {reason, subcode} block */
    cpu_set_exit(cpu, ARM64EMU_EXIT_SEMIHOST_EXIT, cpu->pc, 0);
    cpu->exit.imm = a[0] == ADP_STOPPED_APPLICATION_EXIT ? a[1] : 1;
    cpu->exit.addr = a[0];
    return false;
}

static bool call(cpu_t *cpu, struct semihost *sh);

bool semihost_call(cpu_t *cpu)
{
    struct semihost *sh = cpu->machine ? cpu->machine->semihost : NULL;
    if (!sh) {
        cpu->r[0] = (uint64_t)-1;
        return true;
    }
    /* The call's guest memory accesses are the host's: a memory hook that
     * stopped one would cut the call in half. */
    hooks_mem_mute(cpu, true);
    bool go_on = call(cpu, sh);
    hooks_mem_mute(cpu, false);
    return go_on;
}

static bool call(cpu_t *cpu, struct semihost *sh)
{
    uint32_t op = (uint32_t)cpu->r[0];
    uint64_t ret;
    switch (op) {
    case SYS_OPEN: ret = sys_open(cpu, sh); break;
    case SYS_CLOSE: ret = sys_close(cpu, sh); break;
    case SYS_WRITEC: ret = sys_writec(cpu, sh); break;
    case SYS_WRITE0: ret = sys_write0(cpu, sh); break;
    case SYS_WRITE: ret = sys_write(cpu, sh); break;
    case SYS_READ: ret = sys_read(cpu, sh); break;
    case SYS_READC: ret = sys_readc(sh); break;
    case SYS_ISERROR: ret = sys_iserror(cpu, sh); break;
    case SYS_ISTTY: ret = sys_istty(cpu, sh); break;
    case SYS_SEEK: ret = sys_seek(cpu, sh); break;
    case SYS_FLEN: ret = sys_flen(cpu, sh); break;
    case SYS_REMOVE: ret = sys_remove(cpu, sh); break;
    case SYS_RENAME: ret = sys_rename(cpu, sh); break;
    case SYS_CLOCK:
        ret = cpu->icount / (SEMIHOST_TICKS_PER_SECOND / 100);
        break;
    case SYS_TIME: ret = (uint64_t)time(NULL); break;
    case SYS_ERRNO: ret = (uint64_t)sh->err; break;
    case SYS_GET_CMDLINE: ret = sys_get_cmdline(cpu, sh); break;
    case SYS_HEAPINFO: ret = sys_heapinfo(cpu, sh); break;
    case SYS_EXIT:
    case SYS_EXIT_EXTENDED:
        return sys_exit(cpu, sh, op);
    case SYS_ELAPSED:
        ret = guest_write64(cpu, cpu->r[1], cpu->icount) ? 0
                                                         : fail(sh, EFAULT);
        break;
    case SYS_TICKFREQ: ret = SEMIHOST_TICKS_PER_SECOND; break;
    case SYS_TMPNAM:   /* no host temporary names for the guest */
    case SYS_SYSTEM:   /* never runs host commands */
    default: ret = fail(sh, ENOSYS); break;
    }
    cpu->r[0] = ret;
    return true;
}

/* ---- snapshots ------------------------------------------------------------ */

_Static_assert(SEMIHOST_MAX_FILES == SEMIHOST_HANDLES, "handle count");
_Static_assert((int)FILE_STDIN == SEMIHOST_H_STDIN &&
                   (int)FILE_STDOUT == SEMIHOST_H_STDOUT &&
                   (int)FILE_STDERR == SEMIHOST_H_STDERR &&
                   (int)FILE_FEATURES == SEMIHOST_H_FEATURES &&
                   (int)FILE_HOST == SEMIHOST_H_HOST,
               "snapshot handle kinds are the file kinds");

void semihost_snap_get(const struct semihost *sh, semihost_snap_t *out)
{
    memset(out, 0, sizeof(*out));
    out->err = sh->err;
    for (unsigned i = 0; i < SEMIHOST_MAX_FILES; i++) {
        const sh_file_t *f = &sh->files[i];
        out->kind[i] = (uint8_t)f->kind; /* file_kind_t = SEMIHOST_H_* */
        if (f->kind == FILE_FEATURES)
            out->pos[i] = f->pos;
        else if (f->kind == FILE_HOST) {
            off_t at = lseek(f->fd, 0, SEEK_CUR);
            out->pos[i] = at < 0 ? 0 : (uint64_t)at;
            out->path[i] = f->path;
            out->mode[i] = f->mode;
        }
    }
}

/* Opens a saved host file again below the root (never creating or
 * truncating it) at its offset: the handle, or -1. */
static int reopen(struct semihost *sh, const char *saved, unsigned mode,
                  uint64_t pos)
{
    char name[SEMIHOST_MAX_PATH];
    if (!saved || mode > 11 || strlen(saved) >= sizeof(name))
        return -1;
    strcpy(name, saved);
    if (path_beneath(sh, name)) /* a snapshot is untrusted input */
        return -1;
    int fd = open_beneath(sh->rootfd, name,
                          mode_flags[mode] & ~(O_CREAT | O_TRUNC), 0);
    if (fd < 0)
        return -1;
    if (pos > (uint64_t)INT64_MAX || lseek(fd, (off_t)pos, SEEK_SET) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

void semihost_snap_set(struct semihost *sh, const semihost_snap_t *in)
{
    sh->err = in->err;
    for (unsigned i = 0; i < SEMIHOST_MAX_FILES; i++) {
        sh_file_t *f = &sh->files[i];
        file_release(f);
        unsigned k = in->kind[i];
        if (k == FILE_HOST) {
            char *path = in->path[i] ? strdup(in->path[i]) : NULL;
            int fd = path ? reopen(sh, path, in->mode[i], in->pos[i]) : -1;
            if (fd < 0) {
                free(path); /* cannot be opened: the handle stays free */
                continue;
            }
            *f = (sh_file_t){.kind = FILE_HOST, .fd = fd, .path = path,
                             .mode = in->mode[i]};
            continue;
        }
        f->kind = k <= FILE_FEATURES ? (file_kind_t)k : FILE_FREE;
        f->pos = k == FILE_FEATURES ? in->pos[i] : 0;
    }
}
