/* Several machines on several threads at once, each running its own
 * guest: the freestanding Linux programs of tests/guest (loaded as ELF,
 * with write and exit_group answered here), bare-metal programs on the
 * virt board (GIC, timers, PSCI, UART) and a loop of host calls.
 * Every concurrent run must give exactly what the same guest gave alone
 * (output, exit status, instruction count): machines share no state.
 * Built with -DARM64EMU_TSAN=ON, ThreadSanitizer checks the same claim.
 *
 * Usage: threads_guests [user:PATH | board:PATH:NCPUS]...
 */
#define _GNU_SOURCE /* memmem */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm64emu/arm64emu.h"

#define THREADS 8
#define ROUNDS 2
#define STACK_TOP 0x7ff0000000ull
#define STACK_SIZE (1ull << 20)
#define OUT_MAX 65536

/* ---- one job: a guest and what it produced ------------------------------ */

typedef struct result {
    char out[OUT_MAX];
    size_t out_len;
    int64_t status;
    uint64_t insns;
    char error[256]; /* empty when the run went as expected */
} result_t;

typedef enum kind { HOSTCALLS, USER, BOARD } kind_t;

typedef struct program {
    const char *name;
    kind_t kind;
    unsigned ncpus;  /* BOARD */
    uint8_t *elf;    /* USER: the ELF file; BOARD: the kernel image */
    size_t elf_len;
    result_t alone; /* the reference run, on the main thread */
} program_t;

static int fail(result_t *r, const char *what, arm64emu_machine *m)
{
    snprintf(r->error, sizeof(r->error), "%s%s%s", what, m ? ": " : "",
             m ? arm64emu_last_error(m) : "");
    return -1;
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint16_t rd16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

/* Maps RAM for the PT_LOAD segments of a static ELF64 AArch64 executable,
 * copies them in and sets the PC. */
static int load_elf(arm64emu_machine *m, const program_t *p, result_t *r)
{
    const uint8_t *e = p->elf;
    if (p->elf_len < 64 || memcmp(e, "\177ELF\2\1", 6) != 0 ||
        rd16(e + 18) != 183)
        return fail(r, "not an ELF64 AArch64 file", NULL);
    uint64_t phoff = rd64(e + 32);
    unsigned phentsize = rd16(e + 54), phnum = rd16(e + 56);
    uint64_t lo = UINT64_MAX, hi = 0;
    for (unsigned pass = 0; pass < 2; pass++) {
        for (unsigned i = 0; i < phnum; i++) {
            const uint8_t *ph = e + phoff + (uint64_t)i * phentsize;
            if (phoff + (uint64_t)(i + 1) * phentsize > p->elf_len)
                return fail(r, "program headers past the end", NULL);
            if (rd32(ph) != 1) /* PT_LOAD */
                continue;
            uint64_t off = rd64(ph + 8), va = rd64(ph + 16);
            uint64_t filesz = rd64(ph + 32), memsz = rd64(ph + 40);
            if (pass == 0) {
                lo = va < lo ? va : lo;
                hi = va + memsz > hi ? va + memsz : hi;
            } else if (filesz && (off + filesz > p->elf_len ||
                                  arm64emu_mem_write(m, va, e + off,
                                                     filesz) != ARM64EMU_OK)) {
                return fail(r, "segment does not load", m);
            }
        }
        if (pass == 0) {
            if (lo >= hi)
                return fail(r, "no PT_LOAD segment", NULL);
            lo &= ~0xfffull;
            hi = (hi + 0xfff) & ~0xfffull;
            if (arm64emu_map_ram(m, lo, hi - lo) != ARM64EMU_OK)
                return fail(r, "map_ram for the segments", m);
        }
    }
    if (arm64emu_map_ram(m, STACK_TOP - STACK_SIZE, STACK_SIZE) != ARM64EMU_OK)
        return fail(r, "map_ram for the stack", m);
    /* argc 0, argv and envp empty, no auxv: zeroed RAM says all that */
    if (arm64emu_reg_write(m, 0, ARM64EMU_REG_SP, STACK_TOP - 64) ||
        arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, rd64(e + 24)))
        return fail(r, "setting SP and PC", m);
    return 0;
}

static uint64_t x(arm64emu_machine *m, unsigned n)
{
    uint64_t v = 0;
    arm64emu_reg_read(m, 0, (arm64emu_reg)n, &v);
    return v;
}

/* Runs a Linux user program: write(1/2, ...) and exit_group. */
static int run_linux(arm64emu_machine *m, result_t *r)
{
    for (;;) {
        arm64emu_exit e = {.struct_size = sizeof(e)};
        if (arm64emu_run(m, 0, &e) != ARM64EMU_OK)
            return fail(r, "run", m);
        if (e.reason != ARM64EMU_EXIT_SVC) {
            snprintf(r->error, sizeof(r->error),
                     "unexpected exit %u at pc 0x%llx", e.reason,
                     (unsigned long long)e.pc);
            return -1;
        }
        uint64_t nr = x(m, 8);
        if (nr == 94 || nr == 93) {
            r->status = (int64_t)x(m, 0);
            return 0;
        }
        if (nr != 64) {
            snprintf(r->error, sizeof(r->error), "unexpected syscall %llu",
                     (unsigned long long)nr);
            return -1;
        }
        uint64_t buf = x(m, 1), len = x(m, 2);
        if (len > OUT_MAX - r->out_len)
            return fail(r, "too much output", NULL);
        if (arm64emu_vmem_read(m, 0, buf, r->out + r->out_len, len) !=
            ARM64EMU_OK)
            return fail(r, "write() buffer", m);
        r->out_len += len;
        arm64emu_reg_write(m, 0, ARM64EMU_REG_X0, len);
    }
}

/* The host-call loop: 5000 calls of a bound function that adds one. */
static uint64_t add_one(arm64emu_machine *m, uint64_t v)
{
    (void)m;
    return v + 1;
}

static int run_hostcalls(arm64emu_machine *m, result_t *r)
{
    static const uint32_t code[] = {
        0xd2800000, /* mov x0, #0 */
        0xd2827113, /* mov x19, #5000 */
        0x94000005, /* loop: bl func */
        0xf1000673, /* subs x19, x19, #1 */
        0x54ffffc1, /* b.ne loop */
        0xd4200000, /* brk #0 */
        0xd503201f, /* nop */
        0xd65f03c0, /* func: ret */
    };
    const uint64_t base = 0x40000000;
    if (arm64emu_map_ram(m, base, 0x10000) ||
        arm64emu_mem_write(m, base, code, sizeof(code)) ||
        arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, base))
        return fail(r, "loading the loop", m);
    if (arm64emu_hostcall_bind(m, ARM64EMU_HOSTCALL_ADDR, base + 0x1c,
                               "u64(u64)", (arm64emu_hostcall_fn)add_one,
                               NULL) != ARM64EMU_OK)
        return fail(r, "hostcall_bind", m);
    arm64emu_exit e = {.struct_size = sizeof(e)};
    if (arm64emu_run(m, 0, &e) != ARM64EMU_OK)
        return fail(r, "run", m);
    if (e.reason != ARM64EMU_EXIT_BRK)
        return fail(r, "the loop did not reach its BRK", NULL);
    r->status = (int64_t)x(m, 0);
    r->out_len = (size_t)snprintf(r->out, sizeof(r->out), "x0=%llu\n",
                                  (unsigned long long)x(m, 0));
    return 0;
}

static void uart_out(void *user, uint8_t byte)
{
    result_t *r = user;
    if (r->out_len < OUT_MAX)
        r->out[r->out_len++] = (char)byte;
}

/* A virt board program: runs until PSCI SYSTEM_OFF. */
static int run_board(arm64emu_machine *m, const program_t *p, result_t *r)
{
    if (arm64emu_uart_set_tx(m, uart_out, r) ||
        arm64emu_board_load_kernel(m, p->elf, p->elf_len) ||
        arm64emu_board_boot(m))
        return fail(r, "booting", m);
    arm64emu_exit e = {.struct_size = sizeof(e)};
    if (arm64emu_run(m, 0, &e) != ARM64EMU_OK)
        return fail(r, "run", m);
    if (e.reason != ARM64EMU_EXIT_POWEROFF) {
        snprintf(r->error, sizeof(r->error),
                 "unexpected exit %u at pc 0x%llx", e.reason,
                 (unsigned long long)e.pc);
        return -1;
    }
    uint64_t ticks;
    if (arm64emu_virtual_time(m, &ticks, &r->insns) != ARM64EMU_OK)
        return fail(r, "virtual_time", m);
    return 0;
}

static void run_program(const program_t *p, result_t *r)
{
    memset(r, 0, sizeof(*r));
    arm64emu_config *cfg;
    arm64emu_machine *m = NULL;
    if (arm64emu_config_new(&cfg) != ARM64EMU_OK) {
        fail(r, "config_new", NULL);
        return;
    }
    if (p->kind == BOARD) {
        arm64emu_config_set_str(cfg, ARM64EMU_CFG_BOARD, "virt");
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_NUM_CPUS, p->ncpus);
    } else {
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXIT_ON_SVC, 1);
    }
    if (arm64emu_create(cfg, &m) != ARM64EMU_OK) {
        fail(r, "create", NULL);
        arm64emu_config_free(cfg);
        return;
    }
    arm64emu_config_free(cfg);
    if (p->kind == BOARD)
        run_board(m, p, r); /* insns: every CPU's */
    else if (p->kind == USER ? load_elf(m, p, r) == 0 && run_linux(m, r) == 0
                             : run_hostcalls(m, r) == 0)
        arm64emu_instructions(m, 0, &r->insns);
    arm64emu_destroy(m);
}

/* ---- threads ---------------------------------------------------------------- */

typedef struct job {
    const program_t *programs;
    unsigned nprograms;
    unsigned first; /* each thread starts at a different program */
    result_t *results; /* ROUNDS * nprograms */
} job_t;

static void *thread_main(void *arg)
{
    job_t *j = arg;
    for (unsigned k = 0; k < ROUNDS * j->nprograms; k++) {
        unsigned p = (j->first + k) % j->nprograms;
        run_program(&j->programs[p], &j->results[k]);
    }
    return NULL;
}

static bool same(const result_t *a, const result_t *b)
{
    return !a->error[0] && !b->error[0] && a->out_len == b->out_len &&
           memcmp(a->out, b->out, a->out_len) == 0 && a->status == b->status &&
           a->insns == b->insns;
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Known answers, so that the reference run is itself checked. */
static const struct {
    const char *program;
    const char *contains;
} known[] = {
    {"sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"(host calls)", "x0=5000\n"},
};

int main(int argc, char **argv)
{
    unsigned nprograms = (unsigned)argc; /* the host-call loop + args */
    program_t *programs = calloc(nprograms, sizeof(*programs));
    if (!programs)
        return 2;
    programs[0].name = "(host calls)";
    for (unsigned i = 1; i < nprograms; i++) {
        program_t *p = &programs[i];
        char path[4096];
        const char *arg = argv[i];
        if (strncmp(arg, "user:", 5) == 0) {
            p->kind = USER;
            snprintf(path, sizeof(path), "%s", arg + 5);
        } else if (strncmp(arg, "board:", 6) == 0) {
            p->kind = BOARD;
            snprintf(path, sizeof(path), "%s", arg + 6);
            char *colon = strrchr(path, ':');
            p->ncpus = colon ? (unsigned)atoi(colon + 1) : 0;
            if (!colon || p->ncpus < 1 || p->ncpus > 8) {
                fprintf(stderr, "FAIL: %s: expected board:PATH:NCPUS\n", arg);
                return 2;
            }
            *colon = '\0';
        } else {
            fprintf(stderr, "FAIL: %s: expected user:PATH or board:PATH:N\n",
                    arg);
            return 2;
        }
        const char *slash = strrchr(arg, '/');
        p->name = slash ? slash + 1 : arg;
        p->elf = read_file(path, &p->elf_len);
        if (!p->elf) {
            fprintf(stderr, "FAIL: cannot read %s\n", path);
            return 1;
        }
    }

    int failures = 0;
    for (unsigned i = 0; i < nprograms; i++) {
        program_t *p = &programs[i];
        run_program(p, &p->alone);
        if (p->alone.error[0] ||
            p->alone.status != (p->kind == HOSTCALLS ? 5000 : 0) ||
            p->alone.out_len == 0) {
            fprintf(stderr, "FAIL: %s alone: %s (status %lld, %zu bytes)\n",
                    p->name, p->alone.error, (long long)p->alone.status,
                    p->alone.out_len);
            failures++;
        }
        for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
            if (strcmp(known[k].program, p->name) == 0 &&
                !memmem(p->alone.out, p->alone.out_len, known[k].contains,
                        strlen(known[k].contains))) {
                fprintf(stderr, "FAIL: %s alone: output lacks %s\n", p->name,
                        known[k].contains);
                failures++;
            }
    }
    if (failures)
        return 1;

    job_t jobs[THREADS];
    pthread_t threads[THREADS];
    for (unsigned t = 0; t < THREADS; t++) {
        jobs[t] = (job_t){programs, nprograms, t % nprograms,
                          calloc(ROUNDS * nprograms, sizeof(result_t))};
        if (!jobs[t].results ||
            pthread_create(&threads[t], NULL, thread_main, &jobs[t]) != 0) {
            fprintf(stderr, "FAIL: cannot start thread %u\n", t);
            return 2;
        }
    }
    for (unsigned t = 0; t < THREADS; t++)
        pthread_join(threads[t], NULL);

    unsigned runs = 0;
    for (unsigned t = 0; t < THREADS; t++) {
        for (unsigned k = 0; k < ROUNDS * nprograms; k++, runs++) {
            const program_t *p = &programs[(jobs[t].first + k) % nprograms];
            const result_t *r = &jobs[t].results[k];
            if (!same(r, &p->alone)) {
                fprintf(stderr,
                        "FAIL: %s on thread %u (run %u): %s status %lld "
                        "(alone %lld), %llu instructions (alone %llu), "
                        "%zu output bytes (alone %zu)%s\n",
                        p->name, t, k, r->error, (long long)r->status,
                        (long long)p->alone.status,
                        (unsigned long long)r->insns,
                        (unsigned long long)p->alone.insns, r->out_len,
                        p->alone.out_len,
                        r->out_len == p->alone.out_len ? ", output differs"
                                                       : "");
                failures++;
            }
        }
        free(jobs[t].results);
    }
    for (unsigned i = 0; i < nprograms; i++)
        free(programs[i].elf);
    free(programs);
    if (failures)
        return 1;
    printf("ok: %u runs of %u guests on %u threads match their runs alone\n",
           runs, nprograms, THREADS);
    return 0;
}
