/* arm64emu-sysrun: runs a bare-metal AArch64 ELF the way
 * `qemu-system-aarch64 -M virt,virtualization=on,secure=on -cpu max
 * -semihosting -kernel prog.elf` does: 128 MiB of RAM at 0x40000000, the
 * PT_LOAD segments loaded at their physical addresses, the CPU at the
 * entry point in EL3h with D, A, I and F masked, every exception taken by
 * the guest, semihosting on. Guest console output goes to stdout (stderr
 * for the guest's stderr stream); the exit status is the guest's SYS_EXIT
 * status. Uses the public API only.
 *
 * usage: arm64emu-sysrun [--budget N] [--root DIR] PROG.elf
 * Exit status: the guest's, or 125 when the run stops another way
 * (the reason goes to stderr), 126 for a bad command line or image. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm64emu/arm64emu.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (128ull << 20)
#define DEFAULT_BUDGET 2000000000ull
#define STATUS_STOPPED 125
#define STATUS_USAGE 126

static size_t console_write(void *user, unsigned stream, const void *buf,
                            size_t len)
{
    (void)user;
    FILE *f = stream == 2 ? stderr : stdout;
    size_t n = fwrite(buf, 1, len, f);
    fflush(f);
    return n;
}

static size_t console_read(void *user, void *buf, size_t len)
{
    (void)user;
    return fread(buf, 1, len > 0 ? 1 : 0, stdin);
}

static uint64_t le(const unsigned char *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = n; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "sysrun: %s: %s\n", path, strerror(errno));
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
            fprintf(stderr, "sysrun: %s: too large\n", path);
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

/* Loads the ELF's PT_LOAD segments at their physical addresses and sets
 * *entry. Every header field used is checked against the file. */
static int load_elf(arm64emu_machine *m, const char *path,
                    const unsigned char *img, size_t len, uint64_t *entry)
{
    if (len < 64 || memcmp(img, "\x7f" "ELF", 4) != 0)
        return fprintf(stderr, "sysrun: %s: not an ELF file\n", path), -1;
    if (img[4] != 2 || img[5] != 1)
        return fprintf(stderr, "sysrun: %s: not a 64-bit little-endian ELF\n",
                       path), -1;
    if (le(img + 16, 2) != 2 || le(img + 18, 2) != 183)
        return fprintf(stderr, "sysrun: %s: not an AArch64 executable "
                       "(e_type %" PRIu64 ", e_machine %" PRIu64 ")\n",
                       path, le(img + 16, 2), le(img + 18, 2)), -1;
    uint64_t phoff = le(img + 32, 8), phentsize = le(img + 54, 2),
             phnum = le(img + 56, 2);
    if (phentsize < 56 || phnum == 0 || phoff > len ||
        phnum > (len - phoff) / phentsize)
        return fprintf(stderr, "sysrun: %s: program headers (offset %" PRIu64
                       ", %" PRIu64 " x %" PRIu64 ") do not fit in the file\n",
                       path, phoff, phnum, phentsize), -1;
    unsigned loaded = 0;
    for (uint64_t i = 0; i < phnum; i++) {
        const unsigned char *ph = img + phoff + i * phentsize;
        if (le(ph, 4) != 1) /* PT_LOAD */
            continue;
        uint64_t off = le(ph + 8, 8), paddr = le(ph + 24, 8),
                 filesz = le(ph + 32, 8), memsz = le(ph + 40, 8);
        if (filesz > memsz || off > len || filesz > len - off ||
            paddr + memsz < paddr)
            return fprintf(stderr, "sysrun: %s: segment %" PRIu64
                           " (offset %" PRIu64 ", file size %" PRIu64
                           ", memory size %" PRIu64 ") is malformed\n",
                           path, i, off, filesz, memsz), -1;
        if (paddr < RAM_BASE || paddr + memsz > RAM_BASE + RAM_SIZE)
            return fprintf(stderr, "sysrun: %s: segment %" PRIu64 " at 0x%"
                           PRIx64 " size 0x%" PRIx64 " is outside RAM\n",
                           path, i, paddr, memsz), -1;
        if (arm64emu_mem_write(m, paddr, img + off, filesz) != ARM64EMU_OK)
            return fprintf(stderr, "sysrun: %s\n", arm64emu_last_error(m)), -1;
        loaded++; /* the rest of memsz is RAM, already zero */
    }
    if (!loaded)
        return fprintf(stderr, "sysrun: %s: no loadable segment\n", path), -1;
    *entry = le(img + 24, 8);
    return 0;
}

static int cfg_u64(arm64emu_config *cfg, arm64emu_config_key key, uint64_t v)
{
    int rc = arm64emu_config_set_u64(cfg, key, v);
    if (rc != ARM64EMU_OK)
        fprintf(stderr, "sysrun: config key %d: %s\n", (int)key,
                arm64emu_config_last_error(cfg));
    return rc;
}

static const char *reason_name(uint32_t r)
{
    static const char *const names[] = {
        "budget", "brk", "svc", "hlt", "wfi", "undefined", "unmapped",
        "stop", "alignment", "hvc", "smc", "exception", "semihost-exit"};
    return r < sizeof(names) / sizeof(names[0]) ? names[r] : "unknown";
}

int main(int argc, char **argv)
{
    uint64_t budget = DEFAULT_BUDGET;
    const char *root = NULL, *prog = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--budget") == 0 && i + 1 < argc)
            budget = strtoull(argv[++i], NULL, 0);
        else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc)
            root = argv[++i];
        else if (!prog && argv[i][0] != '-')
            prog = argv[i];
        else
            prog = NULL, i = argc;
    }
    if (!prog) {
        fprintf(stderr, "usage: %s [--budget N] [--root DIR] PROG.elf\n",
                argv[0]);
        return STATUS_USAGE;
    }
    size_t len;
    unsigned char *img = read_file(prog, &len);
    if (!img)
        return STATUS_USAGE;

    arm64emu_config *cfg;
    if (arm64emu_config_new(&cfg) != ARM64EMU_OK)
        return STATUS_USAGE;
    int rc = cfg_u64(cfg, ARM64EMU_CFG_RAM_SIZE, RAM_SIZE);
    rc |= cfg_u64(cfg, ARM64EMU_CFG_RAM_BASE, RAM_BASE);
    rc |= cfg_u64(cfg, ARM64EMU_CFG_SEMIHOSTING, 1);
#ifdef SYSRUN_HAVE_EL_KEYS
    rc |= cfg_u64(cfg, ARM64EMU_CFG_EXCEPTION_EXITS, 0);
    rc |= cfg_u64(cfg, ARM64EMU_CFG_HAVE_EL3, 1);
    /* the architecture's memory model, as qemu-system-aarch64 runs them */
    rc |= cfg_u64(cfg, ARM64EMU_CFG_MMU_OFF_NORMAL, 0);
#endif
    if (root)
        rc |= arm64emu_config_set_str(cfg, ARM64EMU_CFG_SEMIHOSTING_ROOT, root);
    arm64emu_machine *m = NULL;
    if (rc == ARM64EMU_OK && arm64emu_create(cfg, &m) != ARM64EMU_OK)
        fprintf(stderr, "sysrun: %s\n", arm64emu_config_last_error(cfg));
    arm64emu_config_free(cfg);
    uint64_t entry;
    if (!m || load_elf(m, prog, img, len, &entry) != 0) {
        free(img);
        arm64emu_destroy(m);
        return STATUS_USAGE;
    }
    free(img);
    arm64emu_set_console(m, console_write, console_read, NULL);
    /* EL3h (M = 0b1101) with D, A, I, F masked, as the board resets. */
    if (arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, 0x3cd) != ARM64EMU_OK ||
        arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, entry) != ARM64EMU_OK) {
        fprintf(stderr, "sysrun: %s\n", arm64emu_last_error(m));
        arm64emu_destroy(m);
        return STATUS_USAGE;
    }

    arm64emu_exit e = {.struct_size = sizeof(e)};
    if (arm64emu_run(m, budget, &e) != ARM64EMU_OK) {
        fprintf(stderr, "sysrun: %s\n", arm64emu_last_error(m));
        arm64emu_destroy(m);
        return STATUS_STOPPED;
    }
    int status;
    if (e.reason == ARM64EMU_EXIT_SEMIHOST_EXIT) {
        status = (int)(e.imm & 0xff);
    } else {
        fprintf(stderr,
                "sysrun: stopped: %s at pc 0x%" PRIx64 " (insn 0x%08" PRIx32
                ", addr 0x%" PRIx64 ", syndrome 0x%" PRIx64 ")\n",
                reason_name(e.reason), e.pc, e.insn, e.addr, e.syndrome);
        status = STATUS_STOPPED;
    }
    arm64emu_destroy(m);
    return status;
}
