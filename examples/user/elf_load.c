/* Loads a static AArch64 ELF (ET_EXEC, or static-pie ET_DYN) into guest
 * memory. Every header field is checked against the file size before use:
 * a malformed file is an error message, never a host crash. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "user.h"

#define ELF_MAX_FILE (1ull << 30)
#define EM_AARCH64 183
#define ET_EXEC 2
#define ET_DYN 3
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PHDR_SIZE 56

typedef struct phdr {
    uint32_t type;
    uint64_t offset, vaddr, filesz, memsz;
} phdr;

typedef struct span {
    uint64_t lo, hi;
} span;

static bool fail(const char *path, const char *why)
{
    fprintf(stderr, "arm64emu-user: %s: %s\n", path, why);
    return false;
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    errno = EFBIG; /* what is left if the loop gives up on size */
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= ELF_MAX_FILE)
                break;
            size_t ncap = cap ? cap * 2 : 1 << 20;
            uint8_t *b = realloc(buf, ncap);
            if (!b)
                break;
            buf = b;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                break;
            fclose(f);
            *len = n;
            return buf;
        }
    }
    fclose(f);
    free(buf);
    return NULL;
}

static uint16_t get_u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static phdr parse_phdr(const uint8_t *p)
{
    return (phdr){
        .type = get_u32(p),
        .offset = get_u64(p + 8),
        .vaddr = get_u64(p + 16),
        .filesz = get_u64(p + 32),
        .memsz = get_u64(p + 40),
    };
}

static const char *check_header(const uint8_t *f, size_t len)
{
    static const uint8_t magic[4] = {0x7f, 'E', 'L', 'F'};
    if (len < 64 || memcmp(f, magic, 4) != 0)
        return "not an ELF file";
    if (f[4] != 2 || f[5] != 1 || f[6] != 1)
        return "not a little-endian 64-bit ELF";
    if (get_u16(f + 18) != EM_AARCH64)
        return "not an AArch64 program";
    uint16_t type = get_u16(f + 16);
    if (type != ET_EXEC && type != ET_DYN)
        return "not an executable (ET_EXEC or ET_DYN)";
    uint64_t phoff = get_u64(f + 32);
    uint16_t phent = get_u16(f + 54), phnum = get_u16(f + 56);
    if (phent != PHDR_SIZE || phnum == 0 || phnum == 0xffff)
        return "bad program header size or count";
    if (phoff > len || (uint64_t)phnum * PHDR_SIZE > len - phoff)
        return "program headers lie outside the file";
    return NULL;
}

/* Checks one PT_LOAD against the file and the address space (with bias). */
static const char *check_load(const phdr *p, size_t len, uint64_t bias)
{
    if (p->filesz > p->memsz)
        return "segment file size exceeds its memory size";
    if (p->filesz && (p->offset > len || p->filesz > len - p->offset))
        return "segment data lies outside the file";
    if (p->vaddr > USER_VA_LIMIT || p->memsz > USER_VA_LIMIT - p->vaddr ||
        bias > USER_VA_LIMIT - (p->vaddr + p->memsz))
        return "segment lies outside the 48-bit user address space";
    return NULL;
}

static int cmp_span(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Maps the union of the segments' pages, each page once. */
static bool map_segments(user_ctx *u, const char *path, span *s, size_t n)
{
    qsort(s, n, sizeof(*s), cmp_span);
    size_t i = 0;
    while (i < n) {
        uint64_t lo = s[i].lo, hi = s[i].hi;
        for (i++; i < n && s[i].lo <= hi; i++)
            if (s[i].hi > hi)
                hi = s[i].hi;
        if (vm_map(u, lo, hi - lo) != 0)
            return fail(path, "cannot map a segment (overlap or no memory)");
    }
    return true;
}

static bool load_image(user_ctx *u, const char *path, const uint8_t *f,
                       size_t len, elf_info *info)
{
    uint16_t type = get_u16(f + 16);
    uint64_t phoff = get_u64(f + 32);
    uint16_t phnum = get_u16(f + 56);
    uint64_t min_va = UINT64_MAX, max_va = 0, phdr_va = 0;
    size_t nload = 0;
    for (unsigned i = 0; i < phnum; i++) {
        phdr p = parse_phdr(f + phoff + (uint64_t)i * PHDR_SIZE);
        if (p.type == PT_INTERP)
            return fail(path, "dynamically linked programs are not supported "
                              "(link with -static)");
        if (p.type != PT_LOAD || p.memsz == 0)
            continue;
        const char *why = check_load(&p, len, 0);
        if (why)
            return fail(path, why);
        nload++;
        if (p.vaddr < min_va)
            min_va = p.vaddr;
        if (p.vaddr + p.memsz > max_va)
            max_va = p.vaddr + p.memsz;
    }
    if (nload == 0)
        return fail(path, "no loadable segment");
    uint64_t bias = type == ET_DYN ? USER_PIE_BASE - page_down(min_va) : 0;
    span *spans = calloc(nload, sizeof(*spans));
    if (!spans)
        return fail(path, "out of memory");
    size_t k = 0;
    for (unsigned i = 0; i < phnum; i++) {
        phdr p = parse_phdr(f + phoff + (uint64_t)i * PHDR_SIZE);
        if (p.type == PT_PHDR)
            phdr_va = p.vaddr + bias;
        if (p.type != PT_LOAD || p.memsz == 0)
            continue;
        if (check_load(&p, len, bias)) {
            free(spans);
            return fail(path, "segment lies outside the address space");
        }
        spans[k++] = (span){page_down(p.vaddr + bias),
                            page_up(p.vaddr + bias + p.memsz)};
    }
    bool ok = map_segments(u, path, spans, k);
    free(spans);
    if (!ok)
        return false;
    for (unsigned i = 0; i < phnum; i++) {
        phdr p = parse_phdr(f + phoff + (uint64_t)i * PHDR_SIZE);
        if (p.type != PT_LOAD || p.memsz == 0)
            continue;
        if (p.filesz && !guest_write(u, p.vaddr + bias, f + p.offset, p.filesz))
            return fail(path, "cannot write a segment");
        uint64_t phbytes = (uint64_t)phnum * PHDR_SIZE;
        if (!phdr_va && p.offset <= phoff && phbytes <= p.filesz &&
            phoff - p.offset <= p.filesz - phbytes)
            phdr_va = p.vaddr + bias + (phoff - p.offset);
    }
    *info = (elf_info){
        .entry = get_u64(f + 24) + bias,
        .phdr = phdr_va,
        .phnum = phnum,
        .phent = PHDR_SIZE,
        .load_bias = bias,
        .brk_start = page_up(max_va + bias),
    };
    return true;
}

bool elf_load(user_ctx *u, const char *path, elf_info *info)
{
    size_t len = 0;
    uint8_t *f = read_file(path, &len);
    if (!f)
        return fail(path, strerror(errno));
    const char *why = check_header(f, len);
    bool ok = why ? fail(path, why) : load_image(u, path, f, len, info);
    free(f);
    return ok;
}
