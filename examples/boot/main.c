/* arm64emu-boot: boots a kernel or firmware on the virt board, with the
 * PL011 UART on stdout and stdin. See examples/boot/README.md and
 * docs/board.md.
 *
 * Exit status: 0 the guest powered off (PSCI SYSTEM_OFF), 1 bad command
 * line or input file, 2 the guest asked for a reset (PSCI SYSTEM_RESET),
 * 3 the --max-insns budget ran out, 4 the guest crashed (an exception it
 * could not handle), 5 every CPU waits for an interrupt that nothing can
 * raise any more (input exhausted, or a --script waits for output that
 * cannot come), 130 interrupted (Ctrl-C, SIGTERM, Ctrl-A x); with
 * semihosting, a guest SYS_EXIT's status.
 *
 * Determinism: the run is cut into slices whose ends are multiples of the
 * slice length in retired instructions counted since the machine started
 * (a restored machine continues its count), and input is offered to the
 * UART only at those ends and when every CPU sleeps. With --script, what
 * is typed and when depends only on the guest's output, so a run prints
 * the same bytes every time, and a run restored from a snapshot prints
 * what the uninterrupted run printed after that point. */
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

/* Retired instructions between looks at the input, and the shorter slice
 * used while input waits for room in the UART's FIFO. SLICE_FAST divides
 * SLICE, so both cut the run at multiples of SLICE_FAST. */
#define SLICE (1u << 20)
#define SLICE_FAST (1u << 16)
/* Slices while the guest's idle time follows the wall clock. */
#define SLICE_PACE (1u << 13)

/* The interactive escape: Ctrl-A, then x quits, s saves a snapshot,
 * Ctrl-A sends Ctrl-A. */
#define ESC_KEY 0x01

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
    "  --max-insns N     stop once N instructions have retired, counted\n"
    "                    over all CPUs since the machine started (exit 3)\n"
    "  --insns-per-tick N  instructions per 62.5 MHz counter tick (1)\n"
    "  --script FILE     type into the console as FILE says (expect/send/\n"
    "                    save lines, see README); stdin is read after it\n"
    "  --save-at N:FILE  save a snapshot to FILE once N instructions have\n"
    "                    retired, and go on\n"
    "  --snapshot-level N  zstd level 1..19 for the RAM of saved snapshots\n"
    "  --restore FILE    start from a snapshot instead of loading images;\n"
    "                    --kernel, --initrd and --bios then name files the\n"
    "                    snapshot refers to (see --snapshot-refs)\n"
    "  --snapshot-refs LIST  saved snapshots refer to these loaded images\n"
    "                    (kernel,initrd,bios) instead of storing the RAM\n"
    "                    pages still equal to them\n"
    "  --dump-dtb FILE   write the device tree blob and exit\n"
    "  --stats           print instructions, virtual time and MIPS at exit\n"
    "  --no-pace         skip idle guest time at once on a terminal too\n"
    "  --gdb PORT        wait for GDB on 127.0.0.1:PORT before the first\n"
    "                    instruction and run under its control (0: any\n"
    "                    free port); the console takes input once it\n"
    "                    detaches\n"
    "On a terminal the console is raw: Ctrl-A x quits, Ctrl-A s saves a\n"
    "snapshot to arm64emu-N.snap (N: instructions retired), Ctrl-A Ctrl-A\n"
    "sends Ctrl-A; every other key goes to the guest (Ctrl-C too). There, once\n"
    "any --script has run, idle guest time follows the wall clock; else\n"
    "it is skipped at once (deterministic).\n"
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

/* A number with an optional K/M/G suffix (powers of 1000: instruction
 * counts). Stores the rest of the string in *rest when rest is given. */
static int parse_count(const char *s, uint64_t *out, const char **rest)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s)
        return -1;
    uint64_t mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1000; end++; break;
    case 'm': case 'M': mul = 1000000; end++; break;
    case 'g': case 'G': mul = 1000000000; end++; break;
    default: break;
    }
    if (v > UINT64_MAX / mul)
        return -1;
    *out = v * mul;
    if (rest)
        *rest = end;
    else if (*end)
        return -1;
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    return parse_count(s, out, NULL);
}

/* ---- the console script ------------------------------------------------ */

enum step_kind { STEP_EXPECT, STEP_SEND, STEP_SAVE, STEP_QUIT };

struct step {
    enum step_kind kind;
    char *text; /* EXPECT: what to wait for; SEND: bytes; SAVE: the file;
                 * QUIT: NULL */
    size_t len;
    unsigned line;
};

struct script {
    struct step *steps;
    size_t n, cur;
    size_t sent;       /* bytes of the current SEND step the UART took */
    char tail[256];    /* the console's last bytes, for EXPECT */
    size_t tail_len;
};

/* Decodes C escapes (\n \r \t \e \\ \xHH) in place; returns the length or
 * -1 for a bad escape. */
static long unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r != '\\') {
            *w++ = *r;
            continue;
        }
        switch (*++r) {
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'e': *w++ = 0x1b; break;
        case '0': *w++ = '\0'; break;
        case 's': *w++ = ' '; break;
        case '\\': *w++ = '\\'; break;
        case 'x': {
            int v = 0;
            for (int k = 0; k < 2; k++) {
                char c = *++r;
                int d = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
                if (d < 0)
                    return -1;
                v = v * 16 + d;
            }
            *w++ = (char)v;
            break;
        }
        default:
            return -1;
        }
    }
    return (long)(w - s);
}

static void free_script(struct script *sc)
{
    for (size_t i = 0; i < sc->n; i++)
        free(sc->steps[i].text);
    free(sc->steps);
    memset(sc, 0, sizeof(*sc));
}

/* Reads a script: one step a line, "expect TEXT", "send TEXT",
 * "save FILE" or "quit"; TEXT runs to the end of the line (C escapes; \s for a
 * trailing space); '#' lines and blank lines are skipped. */
static int load_script(const char *path, struct script *sc)
{
    memset(sc, 0, sizeof(*sc));
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "arm64emu-boot: --script '%s': %s\n", path,
                strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, alloc = 0;
    unsigned lineno = 0;
    ssize_t got;
    int rc = 0;
    while ((got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            continue;
        struct step st = {.line = lineno};
        size_t kw;
        if (!strcmp(p, "quit")) {
            st.kind = STEP_QUIT;
            kw = 4;
        } else if (!strncmp(p, "expect ", kw = 7))
            st.kind = STEP_EXPECT;
        else if (!strncmp(p, "send ", kw = 5))
            st.kind = STEP_SEND;
        else if (!strncmp(p, "save ", kw = 5))
            st.kind = STEP_SAVE;
        else {
            fprintf(stderr, "arm64emu-boot: %s:%u: expected 'expect', "
                    "'send', 'save' or 'quit'\n", path, lineno);
            rc = -1;
            break;
        }
        st.text = strdup(p + kw);
        long len = st.text ? unescape(st.text) : -1;
        if (st.kind == STEP_QUIT)
            len = 1;
        if (len <= 0 || (st.kind == STEP_EXPECT &&
                         (size_t)len > sizeof(sc->tail))) {
            fprintf(stderr, "arm64emu-boot: %s:%u: empty, too long or bad "
                    "escape\n", path, lineno);
            free(st.text);
            rc = -1;
            break;
        }
        st.len = (size_t)len;
        if (sc->n == alloc) {
            alloc = alloc ? 2 * alloc : 16;
            struct step *s = realloc(sc->steps, alloc * sizeof(*s));
            if (!s) {
                free(st.text);
                rc = -1;
                break;
            }
            sc->steps = s;
        }
        sc->steps[sc->n++] = st;
    }
    free(line);
    fclose(f);
    if (rc)
        free_script(sc);
    return rc;
}

static const struct step *cur_step(const struct script *sc)
{
    return sc->cur < sc->n ? &sc->steps[sc->cur] : NULL;
}

/* Watches the console for the current EXPECT step. Returns 1 when it
 * matched and a step that types or saves comes next. */
static int script_output(struct script *sc, uint8_t byte)
{
    if (sc->tail_len == sizeof(sc->tail)) {
        memmove(sc->tail, sc->tail + 1, sizeof(sc->tail) - 1);
        sc->tail_len--;
    }
    sc->tail[sc->tail_len++] = (char)byte;
    const struct step *st = cur_step(sc);
    if (st && st->kind == STEP_EXPECT && sc->tail_len >= st->len &&
        !memcmp(sc->tail + sc->tail_len - st->len, st->text, st->len)) {
        sc->cur++;
        sc->tail_len = 0; /* the next EXPECT looks at later output only */
        st = cur_step(sc);
        return st && st->kind != STEP_EXPECT;
    }
    return 0;
}

/* ---- console output ------------------------------------------------------ */

struct console {
    arm64emu_machine *m;
    struct script script;
    int script_stop; /* the script stopped the run to type at once */
    uint64_t bytes; /* console bytes written since this process started */
    int unflushed;
};

static void tx(void *user, uint8_t byte)
{
    struct console *c = user;
    putchar(byte);
    c->bytes++;
    c->unflushed = 1;
    /* Ending the run at the next block boundary is as deterministic as the
     * output that asks for it. */
    if (script_output(&c->script, byte)) {
        c->script_stop = 1;
        arm64emu_request_stop(c->m);
    }
}

/* ---- options -------------------------------------------------------------- */

struct opts {
    const char *kernel, *initrd, *dtb, *append, *bios, *cpu, *dump_dtb;
    const char *script, *save_file, *restore;
    uint64_t ram, smp, el, max_insns, ipt, save_at, level, gdb_port;
    unsigned refs; /* 1 << arm64emu_board_image: --snapshot-refs */
    int semihosting, stats, ram_set, smp_set, el_set, ipt_set, no_pace;
    int gdb_set;
};

static int parse_refs(const char *list, unsigned *refs);

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
#define NUM(name, field, fn, flag)                                             \
    if (!strcmp(a, name)) {                                                    \
        if (!v) goto missing;                                                  \
        if (fn(v, &o->field)) goto bad;                                        \
        flag;                                                                  \
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
        STR("--script", script)
        STR("--restore", restore)
        NUM("--ram", ram, parse_size, o->ram_set = 1)
        NUM("--smp", smp, parse_u64, o->smp_set = 1)
        NUM("--el", el, parse_u64, o->el_set = 1)
        NUM("--max-insns", max_insns, parse_u64, (void)0)
        NUM("--insns-per-tick", ipt, parse_u64, o->ipt_set = 1)
        NUM("--snapshot-level", level, parse_u64, (void)0)
        NUM("--gdb", gdb_port, parse_u64, o->gdb_set = 1)
        if (!strcmp(a, "--save-at")) {
            const char *rest;
            if (!v)
                goto missing;
            if (parse_count(v, &o->save_at, &rest) || *rest != ':' ||
                !rest[1])
                goto bad;
            o->save_file = rest + 1;
            i++;
            continue;
        }
        if (!strcmp(a, "--snapshot-refs")) {
            if (!v)
                goto missing;
            if (parse_refs(v, &o->refs))
                goto bad;
            i++;
            continue;
        }
        if (!strcmp(a, "--semihosting")) {
            o->semihosting = 1;
            continue;
        }
        if (!strcmp(a, "--stats")) {
            o->stats = 1;
            continue;
        }
        if (!strcmp(a, "--no-pace")) {
            o->no_pace = 1;
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
    bad:
        fprintf(stderr, "arm64emu-boot: %s: '%s' is not a valid value\n", a,
                v);
        return -1;
    }
    if (o->restore) {
        if (o->dtb || o->append || o->cpu || o->ram_set || o->smp_set ||
            o->el_set || o->ipt_set || o->semihosting || o->dump_dtb ||
            o->refs) {
            fprintf(stderr, "arm64emu-boot: --restore takes the machine "
                    "and its images from the snapshot: drop --dtb, "
                    "--append, --cpu, --ram, --smp, --el, --insns-per-tick, "
                    "--semihosting, --dump-dtb, --snapshot-refs\n");
            return -1;
        }
        return 0;
    }
    if (!o->kernel && !o->bios && !o->dump_dtb) {
        fprintf(stderr, "arm64emu-boot: give --kernel, --bios or "
                "--restore\n%s", usage);
        return -1;
    }
    if (o->level > 19) {
        fprintf(stderr, "arm64emu-boot: --snapshot-level is 1..19\n");
        return -1;
    }
    if (o->gdb_set && o->gdb_port > 65535) {
        fprintf(stderr, "arm64emu-boot: --gdb takes a TCP port, 0..65535\n");
        return -1;
    }
    return 0;
}

/* The images --snapshot-refs and --restore name, by arm64emu_board_image. */
static const char *const image_names[] = {"kernel", "initrd", "bios"};
#define NIMAGES 3

static int parse_refs(const char *list, unsigned *refs)
{
    *refs = 0;
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        unsigned k = 0;
        while (k < NIMAGES && !(strlen(image_names[k]) == n &&
                                !strncmp(p, image_names[k], n)))
            k++;
        if (k == NIMAGES)
            return -1;
        *refs |= 1u << k;
        p += n + (p[n] == ',');
    }
    return *refs ? 0 : -1;
}

static const char *image_file(const struct opts *o, unsigned k)
{
    const char *files[NIMAGES] = {o->kernel, o->initrd, o->bios};
    return files[k];
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

/* The images given with --restore, loaded into a scratch board machine
 * (which holds their bytes, decompressed as a boot would, until exit) and
 * registered in cfg as RAM sources the snapshot may refer to. */
static int restore_sources(const struct opts *o, arm64emu_config *cfg,
                           arm64emu_machine **scratch)
{
    struct opts bare = *o;
    bare.restore = NULL;
    bare.smp = 1;
    bare.ram = 2ull << 20;
    for (unsigned k = 0; k < NIMAGES; k++) {
        const char *file = image_file(o, k);
        if (!file)
            continue;
        if (!*scratch && !(*scratch = create(&bare)))
            return -1;
        static int (*const loaders[NIMAGES])(arm64emu_machine *,
                                             const char *) = {
            arm64emu_board_load_kernel_file, arm64emu_board_load_initrd_file,
            arm64emu_board_load_bios_file};
        const void *data;
        size_t len;
        uint64_t at;
        if (loaders[k](*scratch, file) != ARM64EMU_OK ||
            arm64emu_board_image_get(*scratch, (arm64emu_board_image)k, &data,
                                     &len, &at) != ARM64EMU_OK) {
            fprintf(stderr, "arm64emu-boot: %s\n",
                    arm64emu_last_error(*scratch));
            return -1;
        }
        if (arm64emu_config_add_ram_source(cfg, image_names[k], data, len,
                                           ARM64EMU_RAM_SOURCE_UNPLACED))
            return fail_cfg(cfg, file);
    }
    return 0;
}

static arm64emu_machine *restore(const struct opts *o,
                                 arm64emu_machine **scratch)
{
    const char *path = o->restore;
    arm64emu_config *cfg;
    if (arm64emu_config_new(&cfg) != ARM64EMU_OK)
        return NULL;
    if (restore_sources(o, cfg, scratch)) {
        arm64emu_config_free(cfg);
        return NULL;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "arm64emu-boot: --restore '%s': %s\n", path,
                strerror(errno));
        arm64emu_config_free(cfg);
        return NULL;
    }
    char err[512] = "";
    arm64emu_machine *m = NULL;
    int rc = arm64emu_create_from_snapshot_fd(cfg, fd, &m, err, sizeof(err));
    arm64emu_config_free(cfg);
    close(fd);
    if (rc != ARM64EMU_OK) {
        fprintf(stderr, "arm64emu-boot: --restore '%s': %s%s%s\n", path,
                arm64emu_status_string(rc), err[0] ? ": " : "", err);
        if (strstr(err, "needs RAM source"))
            fprintf(stderr, "arm64emu-boot: the snapshot was saved with "
                    "--snapshot-refs and refers to an image: give that "
                    "file with --kernel, --initrd or --bios\n");
        return NULL;
    }
    return m;
}

static int save(arm64emu_machine *m, const char *path, uint64_t level)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        fprintf(stderr, "arm64emu-boot: saving '%s': %s\n", path,
                strerror(errno));
        return -1;
    }
    arm64emu_snapshot_options opt = {.struct_size = sizeof(opt),
                                     .compression = (int32_t)level};
    int rc = arm64emu_snapshot_save_fd(m, &opt, fd);
    if (close(fd) && rc == ARM64EMU_OK)
        rc = ARM64EMU_ERR_IO;
    if (rc != ARM64EMU_OK) {
        fprintf(stderr, "arm64emu-boot: saving '%s': %s: %s\n", path,
                arm64emu_status_string(rc), arm64emu_last_error(m));
        return -1;
    }
    return 0;
}

/* A Linux Image header (booting.rst): "ARM\x64" at offset 56. */
static int is_linux_image(const char *path)
{
    unsigned char h[64];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(h, 1, sizeof(h), f);
    fclose(f);
    if (n >= 2 && h[0] == 0x1f && h[1] == 0x8b)
        return 1; /* gzip: the board only inflates Images */
    return n == sizeof(h) && !memcmp(h + 56, "ARM\x64", 4);
}

/* --snapshot-refs: the booted images become RAM sources. */
static int add_refs(arm64emu_machine *m, const struct opts *o)
{
    for (unsigned k = 0; k < NIMAGES; k++) {
        if (!(o->refs >> k & 1))
            continue;
        const void *data;
        size_t len;
        uint64_t at;
        const char *why = NULL;
        if (!image_file(o, k))
            why = "was not given";
        else if (arm64emu_board_image_get(m, (arm64emu_board_image)k, &data,
                                          &len, &at) != ARM64EMU_OK)
            why = arm64emu_last_error(m);
        else if (at == ARM64EMU_RAM_SOURCE_UNPLACED)
            why = "is an ELF, placed by segments, not in one piece";
        else if (arm64emu_ram_source_add(m, image_names[k], data, len, at))
            why = arm64emu_last_error(m);
        if (why) {
            fprintf(stderr, "arm64emu-boot: --snapshot-refs %s: the %s %s\n",
                    image_names[k], image_names[k], why);
            return ARM64EMU_ERR_INVALID_ARGUMENT;
        }
    }
    return ARM64EMU_OK;
}

static int load(arm64emu_machine *m, const struct opts *o)
{
    if (o->el == 3 && o->kernel && is_linux_image(o->kernel)) {
        fprintf(stderr, "arm64emu-boot: a Linux kernel is entered at EL2 or "
                "EL1, never EL3 (its boot protocol); use --el 2 or --el 1, "
                "or give firmware that runs at EL3 with --bios\n");
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    }
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
    return rc == ARM64EMU_OK ? add_refs(m, o) : rc;
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

/* ---- input ------------------------------------------------------------------ */

/* Bytes read from stdin and not yet taken by the UART. */
struct input {
    uint8_t buf[256];
    size_t len, pos;
    int eof, tty, esc, quit, save;
};

/* On a terminal: Ctrl-A x quits, Ctrl-A s asks for a snapshot, Ctrl-A
 * Ctrl-A is a literal Ctrl-A, Ctrl-A and anything else is dropped. Filters
 * in->buf[0..n) in place. */
static size_t filter_keys(struct input *in, size_t n)
{
    size_t w = 0;
    for (size_t r = 0; r < n; r++) {
        uint8_t c = in->buf[r];
        if (in->esc) {
            in->esc = 0;
            if (c == 'x' || c == 'X')
                in->quit = 1;
            else if (c == 's' || c == 'S')
                in->save = 1;
            else if (c == ESC_KEY)
                in->buf[w++] = c;
        } else if (c == ESC_KEY) {
            in->esc = 1;
        } else {
            in->buf[w++] = c;
        }
    }
    return w;
}

/* Reads stdin if it has data (waiting up to timeout_ms) and offers what is
 * pending to the UART. */
static void feed_stdin(arm64emu_machine *m, struct input *in, int timeout_ms)
{
    if (in->pos == in->len && !in->eof) {
        struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
        int r = poll(&p, 1, timeout_ms);
        if (r > 0) {
            ssize_t n = read(STDIN_FILENO, in->buf, sizeof(in->buf));
            if (n > 0) {
                in->len = in->tty ? filter_keys(in, (size_t)n) : (size_t)n;
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

/* ---- the run loop ------------------------------------------------------------ */

static double now_s(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
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

/* Instructions retired by every CPU since the machine started. */
static uint64_t retired(arm64emu_machine *m)
{
    uint64_t total = 0, n;
    for (unsigned i = 0; i < arm64emu_num_cpus(m); i++)
        if (arm64emu_instructions(m, i, &n) == ARM64EMU_OK)
            total += n;
    return total;
}

struct runner {
    arm64emu_machine *m;
    const struct opts *o;
    struct console *con;
    struct input in;
    int saved; /* --save-at done */
    /* Pacing (interactive): virtual seconds minus wall seconds at the
     * origin; the guest may not run ahead of the wall clock. */
    int pace;
    double pace_offset;
};

static int do_save(struct runner *r, const char *path, uint64_t at)
{
    fflush(stdout);
    double t0 = now_s(CLOCK_MONOTONIC);
    if (save(r->m, path, r->o->level))
        return -1;
    double took = now_s(CLOCK_MONOTONIC) - t0;
    uint64_t ticks = 0;
    arm64emu_virtual_time(r->m, &ticks, NULL);
    fprintf(stderr, "arm64emu-boot: saved '%s' at %" PRIu64 " instructions, "
            "virtual time %.6f s, after %" PRIu64 " console bytes (in %.3f "
            "s)\n", path, at, ticks / 62.5e6, r->con->bytes, took);
    return 0;
}

/* The script's turn at a feeding point: runs SAVE steps, offers the
 * current SEND step's bytes. Returns -1 when a save failed, 1 at QUIT. */
static int feed_script(struct runner *r, uint64_t at)
{
    struct script *sc = &r->con->script;
    const struct step *st;
    while ((st = cur_step(sc)) != NULL) {
        if (st->kind == STEP_SAVE) {
            if (do_save(r, st->text, at))
                return -1;
            sc->cur++;
            continue;
        }
        if (st->kind == STEP_QUIT)
            return 1;
        if (st->kind == STEP_SEND) {
            size_t took = 0;
            arm64emu_uart_rx(r->m, st->text + sc->sent, st->len - sc->sent,
                             &took);
            sc->sent += took;
            if (sc->sent < st->len)
                return 0;
            sc->sent = 0;
            sc->cur++;
            sc->tail_len = 0;
            continue;
        }
        return 0; /* EXPECT: the console output moves the script on */
    }
    return 0;
}

static int script_done(const struct runner *r)
{
    return cur_step(&r->con->script) == NULL;
}

/* Input waits for the UART: run short slices so that it goes in soon. */
static int input_pending(const struct runner *r)
{
    const struct step *st = cur_step(&r->con->script);
    if (st)
        return st->kind != STEP_EXPECT;
    return r->in.pos < r->in.len;
}

static int feed(struct runner *r, uint64_t at, int timeout_ms)
{
    if (!script_done(r)) {
        int rc = feed_script(r, at);
        if (rc || !script_done(r))
            return rc;
    }
    feed_stdin(r->m, &r->in, timeout_ms);
    return 0;
}

static int stop_msg(int st, const char *msg)
{
    fflush(stdout);
    fprintf(stderr, "arm64emu-boot: %s\n", msg);
    return st;
}

/* Virtual seconds skipped while every CPU slept: virtual time counts the
 * instructions retired and the jumps to timer deadlines. */
static double skipped_s(arm64emu_machine *m)
{
    uint64_t ticks = 0, insns = 0;
    arm64emu_virtual_time(m, &ticks, &insns);
    uint64_t done = retired(m);
    if (!insns || done >= insns)
        return 0;
    return (double)(insns - done) / (double)insns * (double)ticks / 62.5e6;
}

/* Interactive pacing: while the idle time the guest skipped is ahead of
 * the wall clock, wait for the clock or for a key instead of running (the
 * time it spends executing is not held back). Returns 1 when the caller
 * should look again before running. */
static int pace(struct runner *r)
{
    double ahead = skipped_s(r->m) - now_s(CLOCK_MONOTONIC) - r->pace_offset;
    if (ahead < -0.5) /* the guest was busy: do not let it rush to catch up */
        r->pace_offset += ahead;
    if (ahead < 0.002 || r->in.pos < r->in.len || r->in.eof)
        return 0;
    r->in.len = r->in.pos = 0; /* consumed: feed_stdin may wait */
    feed_stdin(r->m, &r->in, ahead > 0.1 ? 100 : (int)(ahead * 1000) + 1);
    if (r->in.len || r->in.quit || r->in.eof) {
        /* A key: answer it now, with the wall clock caught up. */
        r->pace_offset += ahead;
        return 0;
    }
    return 1;
}

static int run(struct runner *r)
{
    arm64emu_machine *m = r->m;
    const struct opts *o = r->o;
    uint64_t last_pc = 0;
    int feed_now = 0; /* a restored run feeds where the first run did */
    for (;;) {
        uint64_t done = retired(m);
        uint64_t slice = input_pending(r) ? SLICE_FAST : SLICE;
        if (done % slice == 0)
            feed_now = 1;
        if (o->save_file && !r->saved && done >= o->save_at) {
            r->saved = 1;
            if (do_save(r, o->save_file, done))
                return ST_USAGE;
        }
        if (r->in.quit)
            return stop_msg(ST_INTR, "quit (Ctrl-A x)");
        if (r->in.save) {
            /* Ctrl-A s: a failed save is reported, the guest goes on. */
            char path[64];
            snprintf(path, sizeof(path), "arm64emu-%" PRIu64 ".snap", done);
            r->in.save = 0;
            (void)do_save(r, path, done);
        }
        int fed = feed_now ? feed(r, done, 0) : 0;
        if (fed < 0)
            return ST_USAGE;
        if (fed > 0) {
            fflush(stdout);
            fprintf(stderr, "arm64emu-boot: the script quit at %" PRIu64
                    " instructions\n", done);
            return ST_OFF;
        }
        feed_now = 0;
        if (o->max_insns && done >= o->max_insns) {
            fflush(stdout);
            fprintf(stderr, "arm64emu-boot: instruction budget of %" PRIu64
                    " spent (pc 0x%" PRIx64 ")\n", o->max_insns, last_pc);
            return ST_BUDGET;
        }
        int pacing = r->pace && script_done(r);
        if (pacing && pace(r))
            continue;
        /* The slice ends at the next multiple of its length, the budget's
         * end or the save point, whichever comes first. */
        slice = pacing ? SLICE_PACE : input_pending(r) ? SLICE_FAST : SLICE;
        uint64_t end = done - done % slice + slice;
        if (o->max_insns && o->max_insns < end)
            end = o->max_insns;
        if (o->save_file && !r->saved && o->save_at < end)
            end = o->save_at;
        arm64emu_exit e = {.struct_size = sizeof(e)};
        arm64emu_run(m, end - done, &e);
        last_pc = e.pc;
        if (r->con->unflushed) { /* whoever reads stdout sees it promptly */
            fflush(stdout);
            r->con->unflushed = 0;
        }
        switch (e.reason) {
        case ARM64EMU_EXIT_BUDGET:
            continue;
        case ARM64EMU_EXIT_WFI:
            /* Everyone sleeps and no timer is armed: only input helps. */
            feed_now = 1;
            if (!script_done(r)) {
                if (input_pending(r))
                    continue;
                const struct step *st = cur_step(&r->con->script);
                fflush(stdout);
                fprintf(stderr, "arm64emu-boot: every CPU waits for an "
                        "interrupt while the script expects '%s' (script "
                        "line %u)\n", st->text, st->line);
                return ST_IDLE;
            }
            if (r->in.pos == r->in.len && r->in.eof) {
                fflush(stdout);
                fprintf(stderr, "arm64emu-boot: every CPU waits for an "
                        "interrupt and no input is left (pc 0x%" PRIx64 ")\n",
                        e.pc);
                return ST_IDLE;
            }
            if (r->in.pos < r->in.len)
                continue; /* the FIFO is full: offer the rest now */
            if (feed(r, retired(m), -1) < 0) /* wait for input */
                return ST_USAGE;
            feed_now = 0;
            continue;
        case ARM64EMU_EXIT_POWEROFF:
            return ST_OFF;
        case ARM64EMU_EXIT_RESET:
            return stop_msg(ST_RESET, "the guest asked for a reset");
        case ARM64EMU_EXIT_STOP:
            if (r->con->script_stop) {
                r->con->script_stop = 0;
                feed_now = 1;
                continue;
            }
            return stop_msg(ST_INTR, "interrupted");
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

/* --gdb: the debugger runs the machine until it detaches (the run goes on
 * here then), kills it, or the guest ends. Returns an exit status, or -1
 * to go on running. */
static int serve_gdb(arm64emu_machine *m, uint64_t port)
{
    uint16_t bound;
    arm64emu_exit e = {.struct_size = sizeof(e)};
    if (arm64emu_gdb_listen(m, (uint16_t)port, &bound) != ARM64EMU_OK) {
        fprintf(stderr, "arm64emu-boot: --gdb: %s\n", arm64emu_last_error(m));
        return ST_USAGE;
    }
    fprintf(stderr, "arm64emu-boot: waiting for gdb on 127.0.0.1:%u\n",
            (unsigned)bound);
    if (arm64emu_gdb_serve(m, &e) != ARM64EMU_OK) {
        fprintf(stderr, "arm64emu-boot: --gdb: %s\n", arm64emu_last_error(m));
        return ST_USAGE;
    }
    switch (e.reason) {
    case ARM64EMU_EXIT_POWEROFF:
        return ST_OFF;
    case ARM64EMU_EXIT_RESET:
        return stop_msg(ST_RESET, "the guest asked for a reset");
    case ARM64EMU_EXIT_SEMIHOST_EXIT:
        return (int)(e.imm & 0xff);
    default: /* the debugger left: detached (imm 0) or killed (9) */
        if (e.imm == 9)
            return stop_msg(ST_INTR, "killed by the debugger");
        fprintf(stderr, "arm64emu-boot: the debugger detached; running on\n");
        return -1;
    }
}

int main(int argc, char **argv)
{
    struct opts o;
    if (parse(argc, argv, &o))
        return ST_USAGE;
    struct console con = {.bytes = 0};
    if (o.script && load_script(o.script, &con.script))
        return ST_USAGE;
    arm64emu_machine *scratch = NULL; /* holds --restore's images */
    arm64emu_machine *m = o.restore ? restore(&o, &scratch) : create(&o);
    if (!m) {
        arm64emu_destroy(scratch);
        free_script(&con.script);
        return ST_USAGE;
    }
    if (!o.restore && load(m, &o) != ARM64EMU_OK) {
        arm64emu_destroy(m);
        free_script(&con.script);
        return ST_USAGE;
    }
    if (o.dump_dtb) {
        int st = dump_dtb(m, o.dump_dtb);
        arm64emu_destroy(m);
        free_script(&con.script);
        return st;
    }
    con.m = m;
    arm64emu_uart_set_tx(m, tx, &con);
    g_machine = m;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    struct runner r = {.m = m, .o = &o, .con = &con};
    /* Before the terminal goes raw: Ctrl-C here stops the guest for gdb. */
    int gst = o.gdb_set ? serve_gdb(m, o.gdb_port) : -1;
    if (gst >= 0) {
        fflush(stdout);
        g_machine = NULL;
        arm64emu_destroy(m);
        arm64emu_destroy(scratch);
        free_script(&con.script);
        return gst;
    }
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &g_saved_tio) == 0) {
        struct termios raw = g_saved_tio;
        raw.c_iflag &= ~(tcflag_t)(ICRNL | IXON | INLCR | IGNCR);
        raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) {
            g_raw = 1;
            r.in.tty = 1;
            r.pace = !o.no_pace;
            atexit(restore_tty);
        }
    }
    uint64_t insns0 = retired(m);
    double t0 = now_s(CLOCK_MONOTONIC), c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
    r.pace_offset = skipped_s(m) - t0;
    int st = run(&r);
    double secs = now_s(CLOCK_MONOTONIC) - t0;
    double cpu = now_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    fflush(stdout);
    restore_tty();
    if (o.stats) {
        uint64_t total = retired(m), ticks = 0;
        arm64emu_virtual_time(m, &ticks, NULL);
        fprintf(stderr, "instructions %" PRIu64 ", virtual time %.6f s, "
                "host time %.3f s, cpu time %.3f s, %.1f MIPS\n", total,
                ticks / 62.5e6, secs, cpu,
                secs > 0 ? (total - insns0) / secs / 1e6 : 0.0);
    }
    g_machine = NULL;
    arm64emu_destroy(m);
    arm64emu_destroy(scratch);
    free_script(&con.script);
    return st;
}
