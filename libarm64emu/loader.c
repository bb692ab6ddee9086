/* The virt board's loaders: a Linux arm64 Image (optionally gzip
 * compressed), an ELF64 executable, a flat binary, an initrd, a DTB and
 * firmware for the flash; and placing them in guest memory at boot.
 *
 * Every input is outside data: sizes and offsets are checked before use,
 * and an error names the image and the problem. */
#include "board.h"
#include "ram_source.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "machine.h"

#define MIB2 (2ull << 20)
#define FLAT_OFFSET 0x80000ull
#define MAX_IMAGE (1ull << 30) /* largest image (or inflated Image) taken */

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* ---- image kinds -------------------------------------------------------- */

static bool is_gzip(const uint8_t *p, size_t n)
{
    return n >= 18 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

static bool is_image(const uint8_t *p, size_t n)
{
    return n >= 64 && le32(p + 56) == 0x644d5241u; /* "ARM\x64" */
}

static bool is_elf(const uint8_t *p, size_t n)
{
    return n >= 4 && p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F';
}

/* Inflates a gzip member into *out. */
static int gunzip(machine_t *m, const uint8_t *in, size_t n, uint8_t **out,
                  size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY, "kernel: zlib init");
    size_t cap = n * 4 > (1u << 20) ? n * 4 : (1u << 20);
    uint8_t *buf = malloc(cap);
    size_t len = 0;
    int zr = Z_OK;
    z.next_in = (Bytef *)(uintptr_t)in;
    while (buf) {
        size_t in_left = n - (size_t)((const uint8_t *)z.next_in - in);
        z.avail_in = in_left > UINT32_MAX ? UINT32_MAX : (uInt)in_left;
        z.next_out = buf + len;
        z.avail_out = cap - len > UINT32_MAX ? UINT32_MAX : (uInt)(cap - len);
        zr = inflate(&z, Z_NO_FLUSH);
        len = (size_t)z.total_out;
        if (zr == Z_STREAM_END || (zr != Z_OK && zr != Z_BUF_ERROR))
            break;
        if (zr == Z_BUF_ERROR && z.avail_in == 0 && len < cap)
            break; /* truncated input */
        if (len == cap) {
            if (cap >= MAX_IMAGE)
                break;
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    inflateEnd(&z);
    if (!buf)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                            "kernel: out of memory inflating the gzip image");
    if (zr != Z_STREAM_END) {
        free(buf);
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "kernel: gzip data is corrupt or truncated "
                            "(after %zu output bytes)", len);
    }
    *out = buf;
    *out_len = len;
    return ARM64EMU_OK;
}

/* ---- ELF ------------------------------------------------------------------ */

typedef struct elf_seg {
    uint64_t off, paddr, filesz, memsz;
} elf_seg_t;

/* Calls fn for each PT_LOAD segment after checking the headers; returns a
 * status with the problem named. */
static int elf_walk(machine_t *m, const uint8_t *p, size_t n, uint64_t *entry,
                    int (*fn)(machine_t *, const uint8_t *, const elf_seg_t *,
                              void *),
                    void *ctx)
{
    if (n < 64 || p[4] != 2 || p[5] != 1)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "kernel: ELF is not 64-bit little-endian");
    if (le16(p + 18) != 183)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "kernel: ELF machine %u is not AArch64 (183)",
                            le16(p + 18));
    uint64_t phoff = le64(p + 32);
    unsigned phentsize = le16(p + 54), phnum = le16(p + 56);
    if (phentsize < 56 || phoff > n || (uint64_t)phnum * phentsize > n - phoff)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "kernel: ELF program headers (offset 0x%" PRIx64
                            ", %u x %u bytes) lie outside the %zu-byte file",
                            phoff, phnum, phentsize, n);
    *entry = le64(p + 24);
    unsigned loads = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = p + phoff + (uint64_t)i * phentsize;
        if (le32(ph) != 1) /* PT_LOAD */
            continue;
        elf_seg_t s = {le64(ph + 8), le64(ph + 24), le64(ph + 32),
                       le64(ph + 40)};
        if (s.off > n || s.filesz > n - s.off || s.filesz > s.memsz ||
            s.paddr + s.memsz < s.paddr)
            return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                                "kernel: ELF segment %u (offset 0x%" PRIx64
                                ", file size 0x%" PRIx64 ", memory size 0x%"
                                PRIx64 ") is inconsistent with the %zu-byte "
                                "file", i, s.off, s.filesz, s.memsz, n);
        loads++;
        if (fn) {
            int rc = fn(m, p, &s, ctx);
            if (rc != ARM64EMU_OK)
                return rc;
        }
    }
    if (!loads)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "kernel: ELF has no loadable segment");
    return ARM64EMU_OK;
}

/* ---- loader calls ------------------------------------------------------- */

/* Gives dst new bytes (not placed yet); RAM sources that were its old bytes
 * are dropped with them. */
static void replace_blob(machine_t *m, board_blob_t *dst, uint8_t *data,
                         size_t n)
{
    if (dst->data)
        ram_source_forget(m, dst->data);
    free(dst->data);
    *dst = (board_blob_t){.data = data, .len = n};
}

static int keep(machine_t *m, board_blob_t *dst, const void *src, size_t n,
                const char *what)
{
    uint8_t *copy = malloc(n ? n : 1);
    if (!copy)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                            "%s: out of memory for %zu bytes", what, n);
    memcpy(copy, src, n);
    replace_blob(m, dst, copy, n);
    return machine_ok(m);
}

static int read_file(machine_t *m, const char *path, const char *what,
                     uint8_t **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "%s '%.200s': %s", what, path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        if (cap >= MAX_IMAGE) {
            free(buf);
            fclose(f);
            return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                                "%s '%.200s' is larger than 1 GiB", what,
                                path);
        }
        uint8_t *nb = realloc(buf, cap * 2);
        if (!nb)
            free(buf);
        buf = nb;
        cap *= 2;
    }
    bool bad = ferror(f);
    fclose(f);
    if (!buf)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                            "%s '%.200s': out of memory", what, path);
    if (bad) {
        free(buf);
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "%s '%.200s': read error", what, path);
    }
    *out = buf;
    *len = n;
    return ARM64EMU_OK;
}

int arm64emu_board_load_kernel(arm64emu_machine *m, const void *image,
                               size_t len)
{
    if (!m || (!image && len))
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    board_t *b = board_of(m);
    if (!b)
        return ARM64EMU_ERR_UNSUPPORTED;
    const uint8_t *p = image;
    if (len == 0)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "kernel: the image is empty");
    if (is_gzip(p, len)) {
        uint8_t *raw = NULL;
        size_t n = 0;
        int rc = gunzip(m, p, len, &raw, &n);
        if (rc != ARM64EMU_OK)
            return rc;
        if (!is_image(raw, n)) {
            free(raw);
            return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                                "kernel: the gzip data is not an arm64 "
                                "Image (no ARM\\x64 magic)");
        }
        replace_blob(m, &b->kernel, raw, n);
        return machine_ok(m);
    }
    if (is_elf(p, len)) {
        uint64_t entry;
        int rc = elf_walk(m, p, len, &entry, NULL, NULL);
        if (rc != ARM64EMU_OK)
            return rc;
    }
    return keep(m, &b->kernel, image, len, "kernel");
}

int arm64emu_board_load_initrd(arm64emu_machine *m, const void *data,
                               size_t len)
{
    if (!m || (!data && len))
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    board_t *b = board_of(m);
    if (!b)
        return ARM64EMU_ERR_UNSUPPORTED;
    return keep(m, &b->initrd, data, len, "initrd");
}

int arm64emu_board_load_dtb(arm64emu_machine *m, const void *dtb, size_t len)
{
    if (!m || (!dtb && len))
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    board_t *b = board_of(m);
    if (!b)
        return ARM64EMU_ERR_UNSUPPORTED;
    const uint8_t *p = dtb;
    if (len < 40 || p[0] != 0xd0 || p[1] != 0x0d || p[2] != 0xfe ||
        p[3] != 0xed)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "dtb: not a flattened device tree (no d00dfeed "
                            "magic)");
    uint32_t total = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
                     (uint32_t)p[6] << 8 | p[7];
    if (total > len || total < 40)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "dtb: header says %u bytes, the blob has %zu",
                            total, len);
    return keep(m, &b->dtb_in, dtb, total, "dtb");
}

int arm64emu_board_load_bios(arm64emu_machine *m, const void *image,
                             size_t len)
{
    if (!m || (!image && len))
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    board_t *b = board_of(m);
    if (!b)
        return ARM64EMU_ERR_UNSUPPORTED;
    if (len == 0 || len > VIRT_FLASH_SIZE / 2)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "bios: %zu bytes do not fit the first 64 MiB "
                            "flash bank", len);
    return keep(m, &b->bios, image, len, "bios");
}

#define FILE_LOADER(fn, what)                                                  \
    int fn##_file(arm64emu_machine *m, const char *path)                       \
    {                                                                          \
        if (!m || !path)                                                       \
            return ARM64EMU_ERR_INVALID_ARGUMENT;                              \
        if (!board_of(m))                                                      \
            return ARM64EMU_ERR_UNSUPPORTED;                                   \
        uint8_t *buf;                                                          \
        size_t n;                                                              \
        int rc = read_file(m, path, what, &buf, &n);                           \
        if (rc != ARM64EMU_OK)                                                 \
            return rc;                                                         \
        rc = fn(m, buf, n);                                                    \
        free(buf);                                                             \
        if (rc != ARM64EMU_OK) {                                               \
            char msg[sizeof(m->err)];                                          \
            snprintf(msg, sizeof(msg), "%s", m->err);                          \
            machine_fail(m, rc, "%.200s: %s", path, msg);                      \
        }                                                                      \
        return rc;                                                             \
    }

FILE_LOADER(arm64emu_board_load_kernel, "kernel")
FILE_LOADER(arm64emu_board_load_initrd, "initrd")
FILE_LOADER(arm64emu_board_load_dtb, "dtb")
FILE_LOADER(arm64emu_board_load_bios, "bios")

/* ---- placing images at boot -------------------------------------------- */

static int place(machine_t *m, const char *what, uint64_t addr,
                 const void *data, uint64_t len, uint64_t memsz)
{
    const board_t *b = m->board;
    bool in_ram = addr >= b->ram_base && memsz <= b->ram_size &&
                  addr - b->ram_base <= b->ram_size - memsz;
    bool in_flash = addr < VIRT_FLASH_SIZE && memsz <= VIRT_FLASH_SIZE - addr;
    if (!in_ram && !in_flash)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "%s: 0x%" PRIx64 " bytes at 0x%" PRIx64
                            " do not fit in RAM (0x%" PRIx64 " bytes at 0x%"
                            PRIx64 ") or flash",
                            what, memsz, addr, b->ram_size, b->ram_base);
    int rc = arm64emu_mem_write(m, addr, data, (size_t)len);
    static const uint8_t zero[4096];
    for (uint64_t o = len; rc == ARM64EMU_OK && o < memsz;) {
        uint64_t k = memsz - o < sizeof(zero) ? memsz - o : sizeof(zero);
        rc = arm64emu_mem_write(m, addr + o, zero, (size_t)k);
        o += k;
    }
    return rc;
}

static int place_segment(machine_t *m, const uint8_t *file,
                         const elf_seg_t *s, void *ctx)
{
    uint64_t *end = ctx;
    if (s->paddr + s->memsz > *end)
        *end = s->paddr + s->memsz;
    return place(m, "kernel ELF segment", s->paddr, file + s->off, s->filesz,
                 s->memsz);
}

/* place() for a whole image, recording where it went. */
static int place_blob(machine_t *m, const char *what, board_blob_t *blob,
                      uint64_t addr, uint64_t memsz)
{
    int rc = place(m, what, addr, blob->data, blob->len, memsz);
    if (rc == ARM64EMU_OK) {
        blob->placed = true;
        blob->at = addr;
    }
    return rc;
}

/* The kernel in RAM: its entry point and the end of what it occupies. */
static int place_kernel(machine_t *m, uint64_t *entry, uint64_t *end)
{
    board_t *b = m->board;
    const uint8_t *p = b->kernel.data;
    size_t n = b->kernel.len;
    if (is_image(p, n)) {
        uint64_t text_offset = le64(p + 8), size = le64(p + 16);
        if (size == 0) { /* before Linux 3.17 */
            text_offset = FLAT_OFFSET;
            size = n;
        }
        if (size < n || text_offset > b->ram_size)
            return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                                "kernel: Image header (text_offset 0x%" PRIx64
                                ", image_size 0x%" PRIx64 ") is inconsistent "
                                "with its %zu bytes", text_offset, size, n);
        uint64_t base = align_up(b->ram_base, MIB2) + text_offset;
        *entry = base;
        *end = base + size;
        return place_blob(m, "kernel Image", &b->kernel, base, size);
    }
    if (is_elf(p, n)) {
        *end = 0;
        return elf_walk(m, p, n, entry, place_segment, end);
    }
    uint64_t base = b->ram_base + FLAT_OFFSET;
    *entry = base;
    *end = base + n;
    return place_blob(m, "kernel (flat binary)", &b->kernel, base, n);
}

int board_load_images(machine_t *m, uint64_t *entry, uint64_t *dtb_addr,
                      bool *enter_flash)
{
    board_t *b = m->board;
    if (!b->kernel.data && !b->bios.data)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "boot: no kernel and no bios image to start");
    if (b->kernel.data && b->bios.data)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "boot: a kernel and a bios together are not "
                            "supported (the bios would have to fetch it)");
    uint64_t end = b->ram_base, kentry = 0;
    int rc;
    b->kernel.placed = b->initrd.placed = b->bios.placed = false;
    if (b->kernel.data) {
        rc = place_kernel(m, &kentry, &end);
        if (rc != ARM64EMU_OK)
            return rc;
        if (end < b->ram_base || end > b->ram_base + b->ram_size)
            end = b->ram_base; /* an ELF in flash: RAM is free */
    }
    b->initrd_start = b->initrd_end = 0;
    if (b->initrd.data) {
        uint64_t at = align_up(end, MIB2);
        rc = place_blob(m, "initrd", &b->initrd, at, b->initrd.len);
        if (rc != ARM64EMU_OK)
            return rc;
        b->initrd_start = at;
        b->initrd_end = end = at + b->initrd.len;
    }
    rc = board_fdt_build(m);
    if (rc != ARM64EMU_OK)
        return rc;
    if (b->bios.data) {
        rc = place_blob(m, "bios", &b->bios, VIRT_FLASH_BASE, b->bios.len);
        if (rc != ARM64EMU_OK)
            return rc;
        *dtb_addr = b->ram_base;
        *entry = VIRT_FLASH_BASE;
        *enter_flash = true;
    } else {
        *dtb_addr = align_up(end, MIB2);
        *entry = kentry;
        *enter_flash = false;
    }
    return place(m, "dtb", *dtb_addr, b->dtb, b->dtb_size, b->dtb_size);
}

int arm64emu_board_image_get(arm64emu_machine *m, arm64emu_board_image which,
                             const void **data, size_t *len,
                             uint64_t *guest_addr)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!data || !len || !guest_addr)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "board_image_get: data, len and guest_addr "
                            "must not be NULL");
    board_t *b = board_of(m);
    if (!b)
        return ARM64EMU_ERR_UNSUPPORTED;
    static const char *const names[] = {"kernel", "initrd", "bios"};
    board_blob_t *blobs[] = {&b->kernel, &b->initrd, &b->bios};
    if ((unsigned)which >= sizeof(blobs) / sizeof(blobs[0]))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "board_image_get: image %d is unknown",
                            (int)which);
    const board_blob_t *blob = blobs[which];
    if (!blob->data)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "board_image_get: no %s was loaded",
                            names[which]);
    *data = blob->data;
    *len = blob->len;
    *guest_addr = blob->placed ? blob->at : ARM64EMU_RAM_SOURCE_UNPLACED;
    return machine_ok(m);
}
