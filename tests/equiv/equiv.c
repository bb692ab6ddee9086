/* arm64emu-equiv: proves that a snapshot continues exactly like the run it
 * was taken from. A guest runs once uninterrupted (the reference); then,
 * for each of several save points N, a fresh machine runs to N, is saved,
 * the snapshot is loaded into another machine (created from the snapshot,
 * or an existing machine of the same recipe, alternately), and that
 * machine runs on. The console bytes of the two halves must equal the
 * reference's, the instruction counts and the exit must match, and a
 * snapshot of the final state (every register, device and RAM page) must
 * be byte-identical to the reference's final snapshot. Each snapshot is
 * also checked to be canonical: load -> save gives the same bytes. The saved
 * machine itself must go on like the reference, and an in-memory checkpoint
 * taken at the point must bring it back to the snapshot's very bytes.
 *
 * Input (board guests: UART bytes from --input) is offered only at
 * instruction counts that are multiples of FEED and when every CPU waits
 * for an interrupt, so it reaches the guest at the same points in every
 * run. Public API only.
 *
 * usage: arm64emu-equiv [--points K | --every N] [--smp N] [--input FILE]
 *                       (--system | --board | --user) PROG
 *   --system PROG.elf  bare machine at EL3 with semihosting (as sysrun)
 *   --board IMAGE      virt board booting IMAGE at EL1 (as arm64emu-boot)
 *   --user PROG.elf    bare machine at EL0, Linux write/exit on SVC
 *   --corpus DIR NAME  instead: write golden snapshots DIR/NAME-<point>.snap
 *                      at three points with what their continuation must
 *                      give (.expected) and the input left (.input)
 *   --continue SNAP    instead: restore SNAP (a --corpus file; the recipe
 *                      options must match how it was made) and check that
 *                      the continuation gives SNAP's .expected
 *   --pauses N         instead: a code hook and a memory hook on everything
 *                      stop the run at every N-th call, the harness runs on
 *                      at once, and the result must be the run the same
 *                      hooks never stop (debugger and fuzzer stops must
 *                      not move interrupts or the CPU schedule)
 * Exit status 0: every save point continued identically; 1: a mismatch
 * (described on stderr); 2: bad usage or the guest would not run. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm64emu/arm64emu.h"
#include "elfload.h"

#define TOOL "arm64emu-equiv"
#define FEED 50000ull             /* input is offered at multiples of this */
#define MAX_INSNS 4000000000ull   /* a reference run longer than this fails */
#define RAM_BASE 0x40000000ull
#define RAM_SIZE (128ull << 20)
#define USER_STACK_TOP 0x7fff0000ull
#define USER_STACK_SIZE (256ull << 10)

enum kind { KIND_SYSTEM, KIND_BOARD, KIND_USER };

typedef struct guest {
    enum kind kind;
    const char *path;
    unsigned smp;
    unsigned char *input; /* board: UART input */
    size_t input_len;
    unsigned pause_every; /* --pauses: hooks stop the run every N calls */
} guest_t;

/* A growing byte buffer. */
typedef struct bytes {
    unsigned char *p;
    size_t len, cap;
} bytes_t;

static void bytes_add(bytes_t *b, const void *data, size_t len)
{
    if (!len)
        return;
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            fprintf(stderr, TOOL ": out of memory\n");
            exit(2);
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
}

/* One machine being driven, with the harness state that goes with it. */
typedef struct session {
    const guest_t *g;
    arm64emu_machine *m;
    bytes_t out;        /* console / UART output */
    size_t in_pos;      /* input bytes the guest has taken */
    uint64_t last_fed;  /* count of the last offer (UINT64_MAX: none) */
    int done;
    arm64emu_exit exit; /* the exit that ended the guest */
    size_t out_at_point; /* output bytes when it was saved */
    int pausing;         /* --pauses: the hooks stop the run */
    uint64_t hook_calls, pauses;
} session_t;

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(TOOL ": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return -1;
}

/* ---- callbacks ---------------------------------------------------------- */

static void uart_tx(void *user, uint8_t byte)
{
    bytes_add(&((session_t *)user)->out, &byte, 1);
}

static size_t console_write(void *user, unsigned stream, const void *buf,
                            size_t len)
{
    (void)stream;
    bytes_add(&((session_t *)user)->out, buf, len);
    return len;
}

static size_t console_read(void *user, void *buf, size_t len)
{
    session_t *s = user;
    size_t n = s->g->input_len - s->in_pos;
    if (n > len)
        n = len;
    memcpy(buf, s->g->input + s->in_pos, n);
    s->in_pos += n;
    return n;
}

/* --pauses: a code hook and a memory hook on everything, installed in the
 * reference run too (instrumentation is the same), that stop the run at
 * every pause_every-th call when the session pauses: before an
 * instruction, after a read, before a write. */
static int pause_hook(session_t *s)
{
    s->hook_calls++;
    if (!s->pausing || s->hook_calls % s->g->pause_every)
        return ARM64EMU_HOOK_CONTINUE;
    return 1;
}

static int pause_code(arm64emu_machine *m, unsigned cpu, uint64_t pc,
                      uint32_t insn, void *user)
{
    (void)m, (void)cpu, (void)pc, (void)insn;
    return pause_hook(user);
}

static int pause_mem(arm64emu_machine *m, unsigned cpu, uint32_t access,
                     uint64_t va, uint64_t pa, uint32_t size, uint64_t value,
                     void *user)
{
    (void)m, (void)cpu, (void)access, (void)va, (void)pa, (void)size,
        (void)value;
    return pause_hook(user);
}

/* Host-side settings are not part of a snapshot: set them on every machine. */
static void attach(session_t *s)
{
    if (s->g->pause_every) {
        uint32_t id;
        arm64emu_hook_code(s->m, 0, UINT64_MAX, pause_code, s, &id);
        arm64emu_hook_mem(s->m,
                          1u << ARM64EMU_ACCESS_READ | 1u << ARM64EMU_ACCESS_WRITE,
                          0, UINT64_MAX, pause_mem, s, &id);
    }
    if (s->g->kind == KIND_BOARD)
        arm64emu_uart_set_tx(s->m, uart_tx, s);
    else
        arm64emu_set_console(s->m, console_write, console_read, s);
}

/* ---- building the machine of a recipe ----------------------------------- */

static int cfg_set(arm64emu_config *cfg, const guest_t *g)
{
    int rc = 0;
    switch (g->kind) {
    case KIND_SYSTEM:
        rc |= arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, RAM_SIZE);
        rc |= arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_BASE, RAM_BASE);
        rc |= arm64emu_config_set_u64(cfg, ARM64EMU_CFG_SEMIHOSTING, 1);
        rc |= arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXCEPTION_EXITS, 0);
        rc |= arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL3, 1);
        rc |= arm64emu_config_set_u64(cfg, ARM64EMU_CFG_MMU_OFF_NORMAL, 0);
        break;
    case KIND_BOARD:
        rc |= arm64emu_config_set_str(cfg, ARM64EMU_CFG_BOARD, "virt");
        rc |= arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXCEPTION_EXITS, 0);
        rc |= arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, RAM_SIZE);
        rc |= arm64emu_config_set_u64(cfg, ARM64EMU_CFG_NUM_CPUS, g->smp);
        rc |= arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL2, 1);
        rc |= arm64emu_config_set_u64(cfg, ARM64EMU_CFG_BOOT_EL, 1);
        break;
    case KIND_USER:
        rc |= arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXIT_ON_SVC, 1);
        break;
    }
    return rc;
}

/* argc = 1, argv = {"prog", NULL}, envp = {NULL}, auxv = {AT_NULL}. */
static int user_stack(arm64emu_machine *m, uint64_t *sp)
{
    uint64_t base = USER_STACK_TOP - USER_STACK_SIZE;
    if (arm64emu_map_ram(m, base, USER_STACK_SIZE) != ARM64EMU_OK)
        return -1;
    uint64_t str = USER_STACK_TOP - 16;
    uint64_t frame[6] = {1, str, 0, 0, 0, 0};
    *sp = (str - sizeof(frame)) & ~15ull;
    if (arm64emu_mem_write(m, str, "prog", 5) != ARM64EMU_OK ||
        arm64emu_mem_write(m, *sp, frame, sizeof(frame)) != ARM64EMU_OK)
        return -1;
    return 0;
}

static int load_guest(session_t *s)
{
    const guest_t *g = s->g;
    arm64emu_machine *m = s->m;
    if (g->kind == KIND_BOARD) {
        if (arm64emu_board_load_kernel_file(m, g->path) != ARM64EMU_OK ||
            arm64emu_board_boot(m) != ARM64EMU_OK)
            return fail("%s: %s", g->path, arm64emu_last_error(m));
        return 0;
    }
    size_t len;
    unsigned char *img = elfload_read_file(TOOL, g->path, &len);
    if (!img)
        return -1;
    const elfload_target t = {RAM_BASE, RAM_SIZE, g->kind == KIND_USER};
    uint64_t entry = 0, sp = 0;
    int rc = elfload(m, TOOL, g->path, img, len, &t, &entry);
    free(img);
    if (rc)
        return -1;
    if (g->kind == KIND_USER) {
        if (user_stack(m, &sp) ||
            arm64emu_reg_write(m, 0, ARM64EMU_REG_SP, sp) != ARM64EMU_OK)
            return fail("user stack: %s", arm64emu_last_error(m));
    } else if (arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, 0x3cd) !=
               ARM64EMU_OK) { /* EL3h, DAIF masked */
        return fail("%s", arm64emu_last_error(m));
    }
    if (arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, entry) != ARM64EMU_OK)
        return fail("%s", arm64emu_last_error(m));
    return 0;
}

static void session_init(session_t *s, const guest_t *g)
{
    memset(s, 0, sizeof(*s));
    s->g = g;
    s->last_fed = UINT64_MAX;
}

/* A fresh machine of the recipe with the guest loaded (not run). */
static int session_new(session_t *s, const guest_t *g)
{
    session_init(s, g);
    arm64emu_config *cfg;
    if (arm64emu_config_new(&cfg) != ARM64EMU_OK)
        return fail("out of memory");
    int rc = cfg_set(cfg, g);
    if (rc == ARM64EMU_OK)
        rc = arm64emu_create(cfg, &s->m);
    if (rc != ARM64EMU_OK)
        fail("creating the machine: %s", arm64emu_config_last_error(cfg));
    arm64emu_config_free(cfg);
    if (rc != ARM64EMU_OK)
        return -1;
    attach(s);
    return load_guest(s);
}

static void session_free(session_t *s)
{
    arm64emu_destroy(s->m);
    free(s->out.p);
    memset(s, 0, sizeof(*s));
}

/* ---- running ------------------------------------------------------------ */

static uint64_t retired(arm64emu_machine *m)
{
    uint64_t total = 0, n;
    for (unsigned i = 0; i < arm64emu_num_cpus(m); i++)
        if (arm64emu_instructions(m, i, &n) == ARM64EMU_OK)
            total += n;
    return total;
}

/* Returns how many bytes the UART took. */
static size_t offer_input(session_t *s)
{
    if (s->g->kind != KIND_BOARD || s->in_pos == s->g->input_len)
        return 0;
    size_t took = 0;
    arm64emu_uart_rx(s->m, s->g->input + s->in_pos,
                     s->g->input_len - s->in_pos, &took);
    s->in_pos += took;
    return took;
}

/* Linux write and exit for --user guests; everything else is ENOSYS. */
static void user_syscall(session_t *s)
{
    uint64_t nr = 0, a0 = 0, a1 = 0, a2 = 0, ret = (uint64_t)-38;
    arm64emu_reg_read(s->m, 0, ARM64EMU_REG_X0 + 8, &nr);
    arm64emu_reg_read(s->m, 0, ARM64EMU_REG_X0, &a0);
    arm64emu_reg_read(s->m, 0, ARM64EMU_REG_X0 + 1, &a1);
    arm64emu_reg_read(s->m, 0, ARM64EMU_REG_X0 + 2, &a2);
    if (nr == 93 || nr == 94) {
        s->done = 1;
        return;
    }
    if (nr == 64 && a2 <= (1u << 20)) {
        unsigned char *buf = malloc(a2 ? a2 : 1);
        if (buf && arm64emu_mem_read(s->m, a1, buf, a2) == ARM64EMU_OK) {
            bytes_add(&s->out, buf, a2);
            ret = a2;
        } else {
            ret = (uint64_t)-14; /* EFAULT */
        }
        free(buf);
    }
    arm64emu_reg_write(s->m, 0, ARM64EMU_REG_X0, ret);
}

/* Runs until target instructions have retired in all or the guest ends. */
static int step(session_t *s, uint64_t target)
{
    while (!s->done) {
        uint64_t now = retired(s->m);
        if (now >= target)
            return 0;
        if (now > MAX_INSNS)
            return fail("the guest ran past %llu instructions",
                        (unsigned long long)MAX_INSNS);
        if (now % FEED == 0 && now != s->last_fed) {
            offer_input(s);
            s->last_fed = now;
        }
        uint64_t stop = (now / FEED + 1) * FEED;
        if (stop > target)
            stop = target;
        arm64emu_exit e = {.struct_size = sizeof(e)};
        if (arm64emu_run(s->m, stop - now, &e) != ARM64EMU_OK)
            return fail("run: %s", arm64emu_last_error(s->m));
        switch (e.reason) {
        case ARM64EMU_EXIT_BUDGET:
            break;
        case ARM64EMU_EXIT_HOOK:
            if (!s->pausing) {
                s->done = 1;
                break;
            }
            s->pauses++;
            break;
        case ARM64EMU_EXIT_SVC:
            if (s->g->kind == KIND_USER) {
                user_syscall(s);
                break;
            }
            s->done = 1;
            break;
        case ARM64EMU_EXIT_WFI:
            if (offer_input(s)) /* only input can wake the guest */
                break;
            s->done = 1;
            break;
        default:
            s->done = 1;
            break;
        }
        if (s->done)
            s->exit = e;
    }
    return 0;
}

static int save(session_t *s, bytes_t *snap)
{
    void *data = NULL;
    size_t len = 0;
    if (arm64emu_snapshot_save(s->m, NULL, &data, &len) != ARM64EMU_OK)
        return fail("save: %s", arm64emu_last_error(s->m));
    snap->len = 0;
    bytes_add(snap, data, len);
    arm64emu_free(data);
    return 0;
}

/* ---- the comparison ----------------------------------------------------- */

typedef struct reference {
    bytes_t out, final;
    uint64_t total;
    arm64emu_exit exit;
} reference_t;

static int same_bytes(const char *what, uint64_t point, const bytes_t *a,
                      const bytes_t *b)
{
    if (a->len == b->len && !memcmp(a->p, b->p, a->len))
        return 0;
    size_t i = 0;
    while (i < a->len && i < b->len && a->p[i] == b->p[i])
        i++;
    return fail("save point %" PRIu64 ": %s differ at byte %zu (%zu vs %zu "
                "bytes)", point, what, i, a->len, b->len);
}

static int write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f))
        ok = 0;
    return ok ? 0 : fail("cannot write %s", path);
}

/* Loads snap into a new machine: created from the snapshot, or (use_existing)
 * a fresh machine of the recipe. */
static int restore(session_t *to, const guest_t *g, const bytes_t *snap,
                   int use_existing)
{
    if (use_existing) {
        if (session_new(to, g))
            return -1;
        if (arm64emu_snapshot_load(to->m, snap->p, snap->len) != ARM64EMU_OK)
            return fail("load into an existing machine: %s",
                        arm64emu_last_error(to->m));
        return 0;
    }
    session_init(to, g);
    char err[512];
    if (arm64emu_create_from_snapshot(NULL, snap->p, snap->len, &to->m, err,
                                      sizeof(err)) != ARM64EMU_OK)
        return fail("create from snapshot: %s", err);
    attach(to);
    return 0;
}

/* The saved machine itself goes on exactly like the reference (saving
 * changed nothing), and an in-memory checkpoint taken at the point brings it
 * back to the very state of the snapshot. */
static int check_own_continuation(session_t *a, const reference_t *ref,
                                  uint64_t point, const bytes_t *snap)
{
    bytes_t back = {0};
    int rc = -1;
    a->out_at_point = a->out.len;
    if (arm64emu_checkpoint(a->m) != ARM64EMU_OK)
        return fail("checkpoint: %s", arm64emu_last_error(a->m));
    if (step(a, UINT64_MAX) ||
        same_bytes("console output of the saved machine going on", point,
                   &ref->out, &a->out))
        return -1;
    if (arm64emu_checkpoint_restore(a->m) != ARM64EMU_OK)
        return fail("checkpoint restore: %s", arm64emu_last_error(a->m));
    if (!save(a, &back))
        rc = same_bytes("snapshot after a checkpoint restore", point, snap,
                        &back);
    free(back.p);
    return rc;
}

static int check_point(const guest_t *g, const reference_t *ref,
                       uint64_t point, int use_existing)
{
    session_t a, b;
    bytes_t snap = {0}, again = {0}, final = {0}, out = {0};
    int rc = -1;
    memset(&b, 0, sizeof(b));
    if (session_new(&a, g) || step(&a, point) || save(&a, &snap))
        goto out;
    if (a.done) { /* the guest ended before the point: nothing to prove */
        rc = 0;
        goto out;
    }
    if (restore(&b, g, &snap, use_existing) || save(&b, &again) ||
        same_bytes("snapshot after load -> save (canonical)", point, &snap,
                   &again))
        goto out;
    b.in_pos = a.in_pos;
    b.last_fed = a.last_fed;
    if (check_own_continuation(&a, ref, point, &snap))
        goto out;
    if (step(&b, UINT64_MAX) || save(&b, &final))
        goto out;
    bytes_add(&out, a.out.p, a.out_at_point);
    bytes_add(&out, b.out.p, b.out.len);
    if (same_bytes("console output", point, &ref->out, &out))
        goto out;
    if (same_bytes("final snapshots", point, &ref->final, &final)) {
        const char *dir = getenv("ARM64EMU_EQUIV_DUMP");
        char path[4096];
        if (dir) { /* for arm64emu-snap diff */
            snprintf(path, sizeof(path), "%s/reference.a64snap", dir);
            write_file(path, ref->final.p, ref->final.len);
            snprintf(path, sizeof(path), "%s/point-%" PRIu64 ".a64snap", dir,
                     point);
            write_file(path, final.p, final.len);
        }
        goto out;
    }
    uint64_t total = retired(b.m);
    if (total != ref->total || b.exit.reason != ref->exit.reason ||
        b.exit.pc != ref->exit.pc) {
        fail("save point %" PRIu64 ": ended after %" PRIu64 " instructions "
             "(exit %u at 0x%" PRIx64 "), the reference after %" PRIu64
             " (exit %u at 0x%" PRIx64 ")", point, total, b.exit.reason,
             b.exit.pc, ref->total, ref->exit.reason, ref->exit.pc);
        goto out;
    }
    rc = 0;
out:
    session_free(&a);
    if (b.m)
        session_free(&b);
    free(snap.p);
    free(again.p);
    free(final.p);
    free(out.p);
    return rc;
}

static int run_reference(const guest_t *g, reference_t *ref)
{
    session_t s;
    memset(ref, 0, sizeof(*ref));
    if (session_new(&s, g) || step(&s, UINT64_MAX) || save(&s, &ref->final)) {
        session_free(&s);
        return -1;
    }
    ref->out = s.out;
    s.out.p = NULL;
    ref->total = retired(s.m);
    ref->exit = s.exit;
    session_free(&s);
    return 0;
}

/* Save points: K evenly spread (every `every` instructions if that is
 * given), and the edges of the SMP quantum. */
static size_t save_points(uint64_t total, unsigned k, uint64_t every,
                          uint64_t *out, size_t cap)
{
    if (every) {
        size_t n = 0;
        for (uint64_t p = 1; p < total && n < cap; p += every)
            out[n++] = p;
        return n;
    }
    static const uint64_t edges[] = {1, 4095, 4096, 4097, 8192};
    size_t n = 0;
    for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
        if (edges[i] < total)
            out[n++] = edges[i];
    for (unsigned i = 1; i <= k; i++)
        out[n++] = total * i / (k + 1);
    if (total > 1)
        out[n++] = total - 1;
    return n;
}

/* ---- the golden corpus (tests/compat) ----------------------------------- */


/* What a continuation must give: its console bytes, then a summary line. */
static void describe_end(bytes_t *b, const session_t *s, const bytes_t *out)
{
    char line[160];
    bytes_add(b, out->p, out->len);
    int n = snprintf(line, sizeof(line), "\n--- exit %u at 0x%" PRIx64
                     " after %" PRIu64 " instructions\n", s->exit.reason,
                     s->exit.pc, retired(s->m));
    bytes_add(b, line, (size_t)n);
}

static int write_corpus(const guest_t *g, const reference_t *ref,
                        const char *dir, const char *name)
{
    for (unsigned q = 1; q <= 3; q++) {
        uint64_t point = ref->total * q / 4;
        session_t a, b;
        bytes_t snap = {0}, expect = {0};
        char path[4096];
        int rc = session_new(&a, g) || step(&a, point) || save(&a, &snap) ||
                 restore(&b, g, &snap, 0);
        if (!rc) {
            b.in_pos = a.in_pos;
            b.last_fed = a.last_fed;
            rc = step(&b, UINT64_MAX);
            describe_end(&expect, &b, &b.out);
            session_free(&b);
        }
        const char *ext[] = {"snap", "expected", "input"};
        const bytes_t rest = {g->input + a.in_pos, g->input_len - a.in_pos, 0};
        const bytes_t *what[] = {&snap, &expect, &rest};
        for (unsigned i = 0; i < 3 && !rc; i++) {
            snprintf(path, sizeof(path), "%s/%s-%" PRIu64 ".%s", dir, name,
                     point, ext[i]);
            rc = write_file(path, what[i]->p, what[i]->len);
        }
        session_free(&a);
        free(snap.p);
        free(expect.p);
        if (rc)
            return -1;
    }
    return 0;
}

/* Replaces the extension of path (".snap") with ext. */
static void sibling(char *out, size_t cap, const char *path, const char *ext)
{
    snprintf(out, cap, "%s", path);
    char *dot = strrchr(out, '.');
    if (dot)
        *dot = '\0';
    snprintf(out + strlen(out), cap - strlen(out), ".%s", ext);
}

static int continue_corpus(guest_t *g, const char *snap_path)
{
    char path[4096];
    bytes_t snap = {0}, expect = {0}, got = {0};
    session_t s;
    int rc = 2;
    sibling(path, sizeof(path), snap_path, "input");
    free(g->input);
    g->input = elfload_read_file(TOOL, path, &g->input_len);
    sibling(path, sizeof(path), snap_path, "expected");
    snap.p = elfload_read_file(TOOL, snap_path, &snap.len);
    expect.p = elfload_read_file(TOOL, path, &expect.len);
    memset(&s, 0, sizeof(s));
    if (g->input && snap.p && expect.p && !restore(&s, g, &snap, 0) &&
        !step(&s, UINT64_MAX)) {
        describe_end(&got, &s, &s.out);
        rc = same_bytes("continuation (console bytes and end)", 0, &expect,
                        &got) ? 1 : 0;
        if (!rc)
            printf("%s: continued as recorded (%zu bytes)\n", snap_path,
                   got.len);
        else
            fprintf(stderr, "expected:\n%.*s\ngot:\n%.*s\n",
                    (int)expect.len, expect.p, (int)got.len, got.p);
    }
    if (s.m)
        session_free(&s);
    free(snap.p);
    free(expect.p);
    free(got.p);
    return rc;
}

/* --pauses: the run that hooks keep stopping must be the reference run. */
static int check_pauses(const guest_t *g, const reference_t *ref)
{
    session_t s;
    bytes_t final = {0};
    int bad = session_new(&s, g);
    if (!bad) {
        s.pausing = 1;
        bad = step(&s, UINT64_MAX) || save(&s, &final);
    }
    if (!bad && s.out.len == ref->out.len && retired(s.m) == ref->total &&
        s.exit.reason == ref->exit.reason &&
        !memcmp(s.out.p, ref->out.p, s.out.len) &&
        final.len == ref->final.len &&
        !memcmp(final.p, ref->final.p, final.len)) {
        printf("%s: %" PRIu64 " pauses over %" PRIu64 " instructions: the "
               "paused run is the uninterrupted run\n", g->path, s.pauses,
               ref->total);
    } else if (!bad) {
        bad = fail("paused %" PRIu64 " times: output %zu bytes (want %zu%s), "
                   "%" PRIu64 " instructions (want %" PRIu64 "), exit %u "
                   "(want %u), final snapshot %s", s.pauses, s.out.len,
                   ref->out.len,
                   s.out.len == ref->out.len &&
                           memcmp(s.out.p, ref->out.p, s.out.len)
                       ? ", different bytes" : "",
                   retired(s.m), ref->total, s.exit.reason, ref->exit.reason,
                   final.len == ref->final.len &&
                           !memcmp(final.p, ref->final.p, final.len)
                       ? "equal" : "different");
    }
    free(final.p);
    session_free(&s);
    return bad ? 1 : 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: " TOOL " [--points K | --every N] [--smp N] "
            "[--input FILE] "
            "[--corpus DIR NAME | --continue SNAP | --pauses N] "
            "(--system | --board | --user) PROG\n");
    return 2;
}

int main(int argc, char **argv)
{
    guest_t g = {.kind = KIND_SYSTEM, .smp = 1};
    unsigned k = 8;
    uint64_t every = 0;
    const char *input = NULL, *corpus = NULL, *corpus_name = NULL,
               *cont = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--points") && v)
            k = (unsigned)strtoul(argv[++i], NULL, 0);
        else if (!strcmp(a, "--every") && v)
            every = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(a, "--smp") && v)
            g.smp = (unsigned)strtoul(argv[++i], NULL, 0);
        else if (!strcmp(a, "--input") && v)
            input = argv[++i];
        else if (!strcmp(a, "--corpus") && v && i + 2 < argc)
            corpus = argv[++i], corpus_name = argv[++i];
        else if (!strcmp(a, "--continue") && v)
            cont = argv[++i];
        else if (!strcmp(a, "--pauses") && v)
            g.pause_every = (unsigned)strtoul(argv[++i], NULL, 0);
        else if (!strcmp(a, "--system") && v)
            g.kind = KIND_SYSTEM, g.path = argv[++i];
        else if (!strcmp(a, "--board") && v)
            g.kind = KIND_BOARD, g.path = argv[++i];
        else if (!strcmp(a, "--user") && v)
            g.kind = KIND_USER, g.path = argv[++i];
        else
            return usage();
    }
    if (!g.path || k > 64 || g.smp < 1)
        return usage();
    if (input && !(g.input = elfload_read_file(TOOL, input, &g.input_len)))
        return 2;

    if (cont) {
        int rc = continue_corpus(&g, cont);
        free(g.input);
        return rc;
    }
    reference_t ref;
    if (run_reference(&g, &ref))
        return 2;
    if (g.pause_every) {
        int rc = check_pauses(&g, &ref);
        free(ref.out.p);
        free(ref.final.p);
        free(g.input);
        return rc;
    }
    if (corpus) {
        int rc = write_corpus(&g, &ref, corpus, corpus_name) ? 2 : 0;
        free(ref.out.p);
        free(ref.final.p);
        free(g.input);
        return rc;
    }
    uint64_t points[1024];
    size_t n = save_points(ref.total, k, every, points, 1024);
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        bad |= check_point(&g, &ref, points[i], (int)(i & 1)) != 0;
    printf("%s: %zu save points over %" PRIu64 " instructions, %zu output "
           "bytes, final snapshot %zu bytes: %s\n", g.path, n, ref.total,
           ref.out.len, ref.final.len, bad ? "MISMATCH" : "identical");
    free(ref.out.p);
    free(ref.final.p);
    free(g.input);
    return bad ? 1 : 0;
}
