/* Memory system calls: brk and anonymous mmap on top of vm.c. The library
 * has no page permissions, so mprotect only checks its range, and every
 * mapping is readable, writable and executable. File mappings are private
 * copies read from the file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "syscalls.h"

#define BRK_STEP (1ull << 20) /* heap grows a region at least this big */

enum {
    MAP_SHARED = 0x01, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20,
    MAP_FIXED_NOREPLACE = 0x100000, PROT_WRITE = 0x2,
    MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2, MADV_DONTNEED = 4,
};

static bool len_ok(uint64_t len) { return len && len <= USER_VA_LIMIT; }

SYS(brk)
{
    uint64_t want = a[0];
    if (want < u->brk_start || want > USER_VA_LIMIT)
        return (int64_t)u->brk_cur;
    if (want > u->brk_mapped) {
        uint64_t end = page_up(want), step = u->brk_mapped + BRK_STEP;
        if (step > end && vm_map(u, u->brk_mapped, step - u->brk_mapped) == 0)
            end = step;
        else if (vm_map(u, u->brk_mapped, end - u->brk_mapped) != 0)
            return (int64_t)u->brk_cur;
        u->brk_mapped = end;
    } else if (want < u->brk_cur) {
        /* Memory given back must read as zero when the heap regrows. */
        guest_zero(u, want, u->brk_cur - want);
    }
    u->brk_cur = want;
    return (int64_t)want;
}

/* Fills a fresh private mapping from the file, as a copy. */
static int64_t map_file(user_ctx *u, uint64_t addr, uint64_t len, int fd,
                        uint64_t off)
{
    uint8_t *buf = malloc(65536);
    if (!buf)
        return -ENOMEM;
    int64_t r = 0;
    for (uint64_t done = 0; done < len;) {
        size_t n = len - done < 65536 ? (size_t)(len - done) : 65536;
        ssize_t got = pread(fd, buf, n, (off_t)(off + done));
        if (got < 0) {
            r = -(int64_t)errno;
            break;
        }
        if (got == 0)
            break;
        guest_write(u, addr + done, buf, (size_t)got);
        done += (uint64_t)got;
    }
    free(buf);
    return r;
}

SYS(mmap)
{
    uint64_t addr = a[0], len = page_up(a[1]), flags = a[3], off = a[5];
    int fd = (int)a[4];
    bool anon = flags & MAP_ANONYMOUS;
    if (!len_ok(a[1]) || off % USER_PAGE || addr % USER_PAGE)
        return -EINVAL;
    if (!anon && (flags & MAP_SHARED) && (a[2] & PROT_WRITE))
        return -ENODEV; /* a shared writable file mapping cannot be a copy */
    if (!anon && fcntl(fd, F_GETFD) < 0)
        return -EBADF;
    if (flags & MAP_FIXED_NOREPLACE) {
        if (!vm_is_free(u, addr, len))
            return -EEXIST;
    } else if (flags & MAP_FIXED) {
        int rc = vm_unmap(u, addr, len);
        if (rc)
            return rc;
    } else if (!addr || !vm_is_free(u, addr, len)) {
        addr = vm_find_free(u, len, USER_MMAP_BASE);
        if (!addr)
            addr = vm_find_free(u, len, u->brk_mapped + (1ull << 30));
        if (!addr)
            return -ENOMEM;
    }
    int rc = vm_map(u, addr, len);
    if (rc)
        return rc == -EEXIST ? -ENOMEM : rc;
    if (!anon) {
        int64_t r = map_file(u, addr, len, fd, off);
        if (r) {
            vm_unmap(u, addr, len);
            return r;
        }
    }
    return (int64_t)addr;
}

SYS(munmap)
{
    if (a[0] % USER_PAGE || !len_ok(a[1]))
        return -EINVAL;
    return vm_unmap(u, a[0], page_up(a[1]));
}

SYS(mprotect)
{
    if (a[0] % USER_PAGE)
        return -EINVAL;
    if (a[1] == 0)
        return 0;
    if (!len_ok(a[1]) || !vm_is_mapped(u, a[0], page_up(a[1])))
        return -ENOMEM;
    return 0;
}

SYS(madvise)
{
    if (a[0] % USER_PAGE)
        return -EINVAL;
    if (a[1] && a[2] == MADV_DONTNEED) {
        if (!len_ok(a[1]) || !vm_is_mapped(u, a[0], page_up(a[1])))
            return -ENOMEM;
        guest_zero(u, a[0], page_up(a[1])); /* private anon: zero-fill */
    }
    return 0;
}

/* Moves [old, old+olen) to a new place of nlen bytes. */
static int64_t remap_move(user_ctx *u, uint64_t old, uint64_t olen,
                          uint64_t nlen)
{
    uint64_t to = vm_find_free(u, nlen, USER_MMAP_BASE);
    uint64_t keep = olen < nlen ? olen : nlen;
    uint8_t *buf = malloc(keep ? keep : 1);
    if (!to || !buf) {
        free(buf);
        return -ENOMEM;
    }
    int64_t r = -EFAULT;
    if (guest_read(u, old, buf, keep) && vm_map(u, to, nlen) == 0) {
        guest_write(u, to, buf, keep);
        vm_unmap(u, old, olen);
        r = (int64_t)to;
    }
    free(buf);
    return r;
}

SYS(mremap)
{
    uint64_t old = a[0], olen = page_up(a[1]), nlen = page_up(a[2]);
    if (old % USER_PAGE || !len_ok(a[1]) || !len_ok(a[2]) ||
        (a[3] & MREMAP_FIXED))
        return -EINVAL;
    if (!vm_is_mapped(u, old, olen))
        return -EFAULT;
    if (nlen <= olen) {
        if (nlen < olen)
            vm_unmap(u, old + nlen, olen - nlen);
        return (int64_t)old;
    }
    if (vm_is_free(u, old + olen, nlen - olen) &&
        vm_map(u, old + olen, nlen - olen) == 0)
        return (int64_t)old;
    if (!(a[3] & MREMAP_MAYMOVE))
        return -ENOMEM;
    return remap_move(u, old, olen, nlen);
}
