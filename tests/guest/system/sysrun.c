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
#include "elfload.h"

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
    unsigned char *img = elfload_read_file("sysrun", prog, &len);
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
    const elfload_target target = {.ram_base = RAM_BASE, .ram_size = RAM_SIZE};
    if (!m || elfload(m, "sysrun", prog, img, len, &target, &entry) != 0) {
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
