/* See elfload.h. */
#include "elfload.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 4096ull

static uint64_t le(const unsigned char *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = n; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

unsigned char *elfload_read_file(const char *tool, const char *path,
                                 size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", tool, path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        unsigned char *bigger = cap < (256u << 20) ? realloc(buf, cap * 2)
                                                   : NULL;
        if (!bigger) {
            fprintf(stderr, "%s: %s: too large\n", tool, path);
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Maps the pages [addr, addr + size) that are not mapped yet. */
static int map_pages(arm64emu_machine *m, uint64_t addr, uint64_t size)
{
    uint64_t first = addr & ~(PAGE - 1), end = (addr + size + PAGE - 1) & ~(PAGE - 1);
    for (uint64_t p = first; p < end; p += PAGE) {
        int rc = arm64emu_map_ram(m, p, PAGE);
        if (rc != ARM64EMU_OK && rc != ARM64EMU_ERR_OVERLAP)
            return rc;
    }
    return ARM64EMU_OK;
}

static int place(arm64emu_machine *m, const char *tool, const char *path,
                 uint64_t i, const elfload_target *t, uint64_t addr,
                 uint64_t memsz, const unsigned char *data, uint64_t filesz)
{
    if (t->map) {
        if (map_pages(m, addr, memsz) != ARM64EMU_OK)
            return fprintf(stderr, "%s: %s: %s\n", tool, path,
                           arm64emu_last_error(m)), -1;
    } else if (addr < t->ram_base || memsz > t->ram_size ||
               addr - t->ram_base > t->ram_size - memsz) {
        return fprintf(stderr, "%s: %s: segment %" PRIu64 " at 0x%" PRIx64
                       " size 0x%" PRIx64 " is outside RAM\n",
                       tool, path, i, addr, memsz), -1;
    }
    if (arm64emu_mem_write(m, addr, data, filesz) != ARM64EMU_OK)
        return fprintf(stderr, "%s: %s\n", tool, arm64emu_last_error(m)), -1;
    return 0; /* the rest of memsz is RAM, already zero */
}

int elfload(arm64emu_machine *m, const char *tool, const char *path,
            const unsigned char *img, size_t len, const elfload_target *t,
            uint64_t *entry)
{
    if (len < 64 || memcmp(img, "\x7f" "ELF", 4) != 0)
        return fprintf(stderr, "%s: %s: not an ELF file\n", tool, path), -1;
    if (img[4] != 2 || img[5] != 1)
        return fprintf(stderr, "%s: %s: not a 64-bit little-endian ELF\n",
                       tool, path), -1;
    if (le(img + 16, 2) != 2 || le(img + 18, 2) != 183)
        return fprintf(stderr, "%s: %s: not an AArch64 executable "
                       "(e_type %" PRIu64 ", e_machine %" PRIu64 ")\n",
                       tool, path, le(img + 16, 2), le(img + 18, 2)), -1;
    uint64_t phoff = le(img + 32, 8), phentsize = le(img + 54, 2),
             phnum = le(img + 56, 2);
    if (phentsize < 56 || phnum == 0 || phoff > len ||
        phnum > (len - phoff) / phentsize)
        return fprintf(stderr, "%s: %s: program headers (offset %" PRIu64
                       ", %" PRIu64 " x %" PRIu64 ") do not fit in the file\n",
                       tool, path, phoff, phnum, phentsize), -1;
    unsigned loaded = 0;
    for (uint64_t i = 0; i < phnum; i++) {
        const unsigned char *ph = img + phoff + i * phentsize;
        if (le(ph, 4) != 1) /* PT_LOAD */
            continue;
        uint64_t off = le(ph + 8, 8), vaddr = le(ph + 16, 8),
                 paddr = le(ph + 24, 8), filesz = le(ph + 32, 8),
                 memsz = le(ph + 40, 8);
        uint64_t addr = t->map ? vaddr : paddr;
        if (filesz > memsz || (filesz && (off > len || filesz > len - off)) ||
            addr + memsz < addr)
            return fprintf(stderr, "%s: %s: segment %" PRIu64
                           " (offset %" PRIu64 ", file size %" PRIu64
                           ", memory size %" PRIu64 ") is malformed\n",
                           tool, path, i, off, filesz, memsz), -1;
        if (place(m, tool, path, i, t, addr, memsz, img + off, filesz))
            return -1;
        loaded++;
    }
    if (!loaded)
        return fprintf(stderr, "%s: %s: no loadable segment\n", tool, path), -1;
    *entry = le(img + 24, 8);
    return 0;
}
