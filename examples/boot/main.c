/* arm64emu-boot: boots a kernel or firmware on the virt board, with the
 * PL011 UART on stdout and stdin. See docs/board.md.
 *
 * Exit status: 0 the guest powered off (PSCI SYSTEM_OFF), 1 bad command
 * line or input file, 2 the guest asked for a reset (PSCI SYSTEM_RESET),
 * 3 the --max-insns budget ran out, 4 the guest crashed (an exception it
 * could not handle), 5 every CPU waits for an interrupt that nothing can
 * raise any more (input exhausted), 130 interrupted (Ctrl-C); with
 * semihosting, a guest SYS_EXIT's status. */
#define _POSIX_C_SOURCE 200809L
#include <arm64emu/arm64emu.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

enum {
    ST_OFF = 0,
    ST_USAGE = 1,
    ST_RESET = 2,
    ST_BUDGET = 3,
    ST_CRASH = 4,
    ST_IDLE = 5,
    ST_INTR = 130
};

#define SLICE (1u << 20) /* instructions between looks at stdin */

static const char usage[] =
    "usage: arm64emu-boot [options]\n"
    "  --kernel FILE     Linux Image (or .gz), ELF or flat binary\n"
    "  --initrd FILE     initial ramdisk\n"
    "  --dtb FILE        device tree to pass instead of the board's\n"
    "  --append STRING   kernel command line\n"
    "  --bios FILE       firmware for the flash at 0 (e.g. U-Boot)\n"
    "  --ram SIZE        RAM size, e.g. 512M or 2G (default 128M)\n"
    "  --smp N           number of CPUs (default 1)\n"
    "  --cpu MODEL       max, cortex-a72, cortex-a53 (default max)\n"
    "  --el N            boot exception level 1, 2 or 3 (default 1)\n"
    "  --semihosting     Arm semihosting on (console on stdout)\n"
    "  --max-insns N     stop after N instructions (exit status 3)\n"
    "  --insns-per-tick N  instructions per 62.5 MHz counter tick (1)\n"
    "  --dump-dtb FILE   write the device tree blob and exit\n"
    "  --stats           print instructions, virtual time and MIPS at exit\n"
    "exit status: 0 power off, 1 bad input, 2 reset, 3 budget, 4 crash,\n"
    "             5 idle forever, 130 interrupted\n";

static arm64emu_machine *g_machine;
static struct termios g_saved_tio;
static int g_raw;

static void restore_tty(void)
{
    if (g_raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_tio);
    g_raw = 0;
}

static void on_signal(int sig)
{
    (void)sig;
    if (g_machine)
        arm64emu_request_stop(g_machine);
}

static unsigned long g_unflushed;

static void tx(void *user, uint8_t byte)
{
    (void)user;
    putchar(byte);
    g_unflushed++;
}

static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s)
        return -1;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    case '\0': if (v < 4096) v <<= 20; break; /* plain numbers: MiB */
    default: return -1;
    }
    if (*end)
        return -1;
    *out = v;
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

struct opts {
    const char *kernel, *initrd, *dtb, *append, *bios, *cpu, *dump_dtb;
    uint64_t ram, smp, el, max_insns, ipt;
    int semihosting, stats;
};

static int parse(int argc, char **argv, struct opts *o)
{
    memset(o, 0, sizeof(*o));
    o->ram = 128ull << 20;
    o->smp = 1;
    o->el = 1;
    o->ipt = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define STR(name, field)                                                       \
    if (!strcmp(a, name)) {                                                    \
        if (!v) goto missing;                                                  \
        o->field = v;                                                          \
        i++;                                                                   \
        continue;                                                              \
    }
#define NUM(name, field, fn)                                                   \
    if (!strcmp(a, name)) {                                                    \
        if (!v) goto missing;                                                  \
        if (fn(v, &o->field)) {                                                \
            fprintf(stderr, "arm64emu-boot: %s: '%s' is not a valid value\n", \
                    a, v);                                                     \
            return -1;                                                         \
        }                                                                      \
        i++;                                                                   \
        continue;                                                              \
    }
        STR("--kernel", kernel)
        STR("--initrd", initrd)
        STR("--dtb", dtb)
        STR("--append", append)
        STR("--bios", bios)
        STR("--cpu", cpu)
        STR("--dump-dtb", dump_dtb)
        NUM("--ram", ram, parse_size)
        NUM("--smp", smp, parse_u64)
        NUM("--el", el, parse_u64)
        NUM("--max-insns", max_insns, parse_u64)
        NUM("--insns-per-tick", ipt, parse_u64)
        if (!strcmp(a, "--semihosting")) {
            o->semihosting = 1;
            continue;
        }
        if (!strcmp(a, "--stats")) {
            o->stats = 1;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            exit(0);
        }
        fprintf(stderr, "arm64emu-boot: unknown option '%s'\n%s", a, usage);
        return -1;
    missing:
        fprintf(stderr, "arm64emu-boot: %s needs a value\n", a);
        return -1;
    }
    if (!o->kernel && !o->bios && !o->dump_dtb) {
        fprintf(stderr, "arm64emu-boot: give --kernel or --bios\n%s", usage);
        return -1;
    }
    return 0;
}

static int fail_cfg(arm64emu_config *cfg, const char *what)
{
    fprintf(stderr, "arm64emu-boot: %s: %s\n", what,
            arm64emu_config_last_error(cfg));
    return -1;
}

static arm64emu_machine *create(const struct opts *o)
{
    arm64emu_config *cfg;
    if (arm64emu_config_new(&cfg) != ARM64EMU_OK)
        return NULL;
    arm64emu_machine *m = NULL;
    if (arm64emu_config_set_str(cfg, ARM64EMU_CFG_BOARD, "virt") ||
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXCEPTION_EXITS, 0) ||
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, o->ram) ||
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_NUM_CPUS, o->smp) ||
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_INSNS_PER_TICK, o->ipt) ||
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL2, 1) ||
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL3, o->el == 3) ||
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_BOOT_EL, o->el) ||
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_SEMIHOSTING, o->semihosting) ||
        (o->cpu && arm64emu_config_set_str(cfg, ARM64EMU_CFG_CPU_MODEL, o->cpu))) {
        fail_cfg(cfg, "configuration");
    } else if (arm64emu_create(cfg, &m) != ARM64EMU_OK) {
        fail_cfg(cfg, "creating the machine");
        m = NULL;
    }
    arm64emu_config_free(cfg);
    return m;
}

static int load(arm64emu_machine *m, const struct opts *o)
{
    int rc = ARM64EMU_OK;
    if (o->kernel)
        rc = arm64emu_board_load_kernel_file(m, o->kernel);
    if (rc == ARM64EMU_OK && o->initrd)
        rc = arm64emu_board_load_initrd_file(m, o->initrd);
    if (rc == ARM64EMU_OK && o->dtb)
        rc = arm64emu_board_load_dtb_file(m, o->dtb);
    if (rc == ARM64EMU_OK && o->bios)
        rc = arm64emu_board_load_bios_file(m, o->bios);
    if (rc == ARM64EMU_OK && o->append)
        rc = arm64emu_board_set_bootargs(m, o->append);
    if (rc == ARM64EMU_OK && (o->kernel || o->bios))
        rc = arm64emu_board_boot(m);
    if (rc != ARM64EMU_OK)
        fprintf(stderr, "arm64emu-boot: %s\n", arm64emu_last_error(m));
    return rc;
}

static int dump_dtb(arm64emu_machine *m, const char *path)
{
    size_t n = 0;
    if (arm64emu_board_get_dtb(m, NULL, 0, &n) != ARM64EMU_OK) {
        fprintf(stderr, "arm64emu-boot: %s\n", arm64emu_last_error(m));
        return ST_USAGE;
    }
    void *buf = malloc(n);
    FILE *f = fopen(path, "wb");
    int ok = buf && f && arm64emu_board_get_dtb(m, buf, n, &n) == 0 &&
             fwrite(buf, 1, n, f) == n;
    if (f && fclose(f))
        ok = 0;
    free(buf);
    if (!ok) {
        fprintf(stderr, "arm64emu-boot: writing the DTB to '%s': %s\n", path,
                strerror(errno));
        return ST_USAGE;
    }
    return ST_OFF;
}

/* Bytes read from stdin and not yet taken by the UART. */
struct input {
    uint8_t buf[256];
    size_t len, pos;
    int eof;
};

/* Reads stdin if it has data (waiting up to timeout_ms) and offers what is
 * pending to the UART. */
static void feed(arm64emu_machine *m, struct input *in, int timeout_ms)
{
    if (in->pos == in->len && !in->eof) {
        struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
        if (poll(&p, 1, timeout_ms) > 0) {
            ssize_t n = read(STDIN_FILENO, in->buf, sizeof(in->buf));
            if (n > 0) {
                in->len = (size_t)n;
                in->pos = 0;
            } else if (n == 0 || errno != EINTR) {
                in->eof = 1;
            }
        }
    }
    if (in->pos < in->len) {
        size_t took = 0;
        arm64emu_uart_rx(m, in->buf + in->pos, in->len - in->pos, &took);
        in->pos += took;
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *reason_name(uint32_t r)
{
    static const char *const names[] = {
        "budget", "BRK", "SVC", "HLT", "WFI", "undefined instruction",
        "unmapped access", "stop", "alignment fault", "HVC", "SMC",
        "unhandled exception", "semihosting exit", "power off", "reset"};
    return r < sizeof(names) / sizeof(names[0]) ? names[r] : "unknown";
}

static int run(arm64emu_machine *m, const struct opts *o)
{
    struct input in = {.eof = 0};
    uint64_t done = 0, last_pc = 0;
    for (;;) {
        uint64_t budget = SLICE;
        if (o->max_insns) {
            if (done >= o->max_insns) {
                fflush(stdout);
                fprintf(stderr, "arm64emu-boot: instruction budget of %" PRIu64
                        " spent (pc 0x%" PRIx64 ")\n", o->max_insns, last_pc);
                return ST_BUDGET;
            }
            if (o->max_insns - done < budget)
                budget = o->max_insns - done;
        }
        feed(m, &in, 0);
        uint64_t before = 0, after = 0;
        arm64emu_virtual_time(m, NULL, &before);
        arm64emu_exit e = {.struct_size = sizeof(e)};
        arm64emu_run(m, budget, &e);
        arm64emu_virtual_time(m, NULL, &after);
        done += after - before;
        last_pc = e.pc;
        if (g_unflushed) { /* whoever reads stdout sees output promptly */
            fflush(stdout);
            g_unflushed = 0;
        }
        switch (e.reason) {
        case ARM64EMU_EXIT_BUDGET:
            continue;
        case ARM64EMU_EXIT_WFI:
            /* Everyone sleeps and no timer is armed: only input helps. */
            if (in.pos == in.len && in.eof) {
                fflush(stdout);
                fprintf(stderr, "arm64emu-boot: every CPU waits for an "
                        "interrupt and no input is left (pc 0x%" PRIx64 ")\n",
                        e.pc);
                return ST_IDLE;
            }
            feed(m, &in, -1);
            continue;
        case ARM64EMU_EXIT_POWEROFF:
            return ST_OFF;
        case ARM64EMU_EXIT_RESET:
            fflush(stdout);
            fprintf(stderr, "arm64emu-boot: the guest asked for a reset\n");
            return ST_RESET;
        case ARM64EMU_EXIT_STOP:
            fflush(stdout);
            fprintf(stderr, "arm64emu-boot: interrupted\n");
            return ST_INTR;
        case ARM64EMU_EXIT_SEMIHOST_EXIT:
            return (int)(e.imm & 0xff);
        default:
            fflush(stdout);
            fprintf(stderr, "arm64emu-boot: guest crashed on CPU %u: %s at pc "
                    "0x%" PRIx64 " (insn 0x%08x, address 0x%" PRIx64
                    ", syndrome 0x%" PRIx64 ")\n", e.cpu,
                    reason_name(e.reason), e.pc, e.insn, e.addr, e.syndrome);
            return ST_CRASH;
        }
    }
}

int main(int argc, char **argv)
{
    struct opts o;
    if (parse(argc, argv, &o))
        return ST_USAGE;
    arm64emu_machine *m = create(&o);
    if (!m)
        return ST_USAGE;
    if (load(m, &o) != ARM64EMU_OK) {
        arm64emu_destroy(m);
        return ST_USAGE;
    }
    if (o.dump_dtb) {
        int st = dump_dtb(m, o.dump_dtb);
        arm64emu_destroy(m);
        return st;
    }
    arm64emu_uart_set_tx(m, tx, NULL);
    g_machine = m;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &g_saved_tio) == 0) {
        struct termios raw = g_saved_tio;
        raw.c_iflag &= ~(tcflag_t)(ICRNL | IXON);
        raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) {
            g_raw = 1;
            atexit(restore_tty);
        }
    }
    double t0 = now_s();
    int st = run(m, &o);
    double secs = now_s() - t0;
    fflush(stdout);
    restore_tty();
    if (o.stats) {
        uint64_t total = 0, ticks = 0, n;
        for (unsigned i = 0; i < arm64emu_num_cpus(m); i++)
            if (arm64emu_instructions(m, i, &n) == ARM64EMU_OK)
                total += n;
        arm64emu_virtual_time(m, &ticks, NULL);
        fprintf(stderr, "instructions %" PRIu64 ", virtual time %.6f s, "
                "host time %.3f s, %.1f MIPS\n", total, ticks / 62.5e6, secs,
                secs > 0 ? total / secs / 1e6 : 0.0);
    }
    g_machine = NULL;
    arm64emu_destroy(m);
    return st;
}
