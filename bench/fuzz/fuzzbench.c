/* Executions per second of a fuzzing harness, arm64emu against Unicorn 2.
 *
 * Both run the fuzz target of examples/fuzz (the same flat image, memory
 * map, entry and exit points) over the same fixed list of valid inputs,
 * the way a fuzzer's persistent loop does: per input, write it into guest
 * memory, set X0/X1, run from ENTRY to DONE, and put the machine back.
 *  - ours: examples/fuzz/fuzz_target.c as the harnesses use it
 *    (arm64emu_checkpoint_restore: CPU state plus the pages written), with
 *    an instruction budget;
 *  - Unicorn: uc_context_restore plus rewriting the guest-writable memory
 *    (DATA and STATE from saved copies), no instruction budget (a count
 *    in uc_emu_start adds a per-instruction hook).
 * "coverage" rows add AFL-style edge coverage: ours with
 * arm64emu_coverage_attach, Unicorn with a block hook computing the same
 * kind of edge index (as unicornafl does). The map is cleared before each
 * input in both.
 *
 * Every input's result (X0 at DONE) must agree between the two.
 * usage: fuzzbench IMAGE [ROUNDS]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicorn/unicorn.h>

#include "fuzz_target.h"
#include "target/layout.h"

#define MAP_SIZE 65536u
#define INPUTS_PER_SIZE 16
#define NSIZES 5
static const size_t sizes[NSIZES] = {16, 64, 256, 1024, 4096};

typedef struct input {
    uint8_t *data;
    size_t len;
    int64_t result; /* from ours, checked against Unicorn */
} input;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t rng_next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* A valid input of exactly len bytes: the magic, then records that take
 * none of the buggy paths ('R' strides are odd, so its loop ends; 'N' has
 * at most 32 characters; 'P' uses slots 0..3), padded with 'S' records. */
static void make_input(input *in, size_t len, uint64_t *rng)
{
    uint8_t *p = malloc(len);
    if (!p)
        exit(1);
    memcpy(p, TARGET_MAGIC, 4);
    size_t pos = 4;
    while (pos < len) {
        size_t left = len - pos;
        unsigned kind = rng_next(rng) % 4;
        if (kind == 1 && left >= 3) {
            p[pos++] = 'R';
            p[pos++] = (uint8_t)rng_next(rng);
            p[pos++] = (uint8_t)(rng_next(rng) | 1);
        } else if (kind == 2 && left >= 2) {
            p[pos++] = 'P';
            p[pos++] = (uint8_t)(rng_next(rng) % 4);
        } else if (kind == 3 && left >= 2 + 32) {
            size_t n = rng_next(rng) % 33;
            p[pos++] = 'N';
            for (size_t i = 0; i < n; i++)
                p[pos++] = (uint8_t)('a' + rng_next(rng) % 26);
            p[pos++] = 0;
        } else if (left >= 2) {
            size_t n = rng_next(rng) % 200;
            if (n > left - 2)
                n = left - 2;
            p[pos++] = 'S';
            p[pos++] = (uint8_t)n;
            for (size_t i = 0; i < n; i++)
                p[pos++] = (uint8_t)rng_next(rng);
        } else {
            p[pos++] = 'E';
        }
    }
    in->data = p;
    in->len = len;
}

/* ---- ours ---------------------------------------------------------------- */

static double run_ours(fuzz_target *t, input *ins, size_t n, int rounds,
                       uint8_t *map, int record, uint64_t *insns)
{
    char err[256];
    fuzz_outcome o;
    uint64_t total = 0;
    double t0 = now();
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < n; i++) {
            if (map)
                memset(map, 0, MAP_SIZE);
            if (fuzz_target_run(t, ins[i].data, ins[i].len, &o, err, sizeof err)) {
                fprintf(stderr, "ours: %s\n", err);
                exit(1);
            }
            if (o.verdict != FUZZ_OK) {
                fprintf(stderr, "ours: input %zu: verdict %s\n", i,
                        fuzz_verdict_name(o.verdict));
                exit(1);
            }
            if (record)
                ins[i].result = o.result;
            total += o.insns;
        }
    double dt = now() - t0;
    if (insns)
        *insns = total;
    return (double)rounds * (double)n / dt;
}

/* ---- Unicorn ------------------------------------------------------------- */

typedef struct uni {
    uc_engine *uc;
    uc_context *ctx;
    uint8_t data[TARGET_DATA_SIZE];   /* DATA at the checkpoint */
    uint8_t state[TARGET_STATE_SIZE]; /* STATE at the checkpoint */
    uint8_t *map;
    uint64_t prev;
    uc_hook cov_hook;
} uni;

static void uc_check(uc_err e, const char *what)
{
    if (e != UC_ERR_OK) {
        fprintf(stderr, "unicorn: %s: %s\n", what, uc_strerror(e));
        exit(1);
    }
}

static void uni_block(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    (void)uc;
    (void)size;
    uni *u = user;
    uint64_t cur = ((addr >> 4) ^ (addr << 8)) & (MAP_SIZE - 1);
    uint8_t *c = &u->map[cur ^ u->prev];
    *c = (uint8_t)(*c + 1);
    u->prev = cur >> 1;
}

static void uni_open(uni *u, const uint8_t *image, size_t len)
{
    memset(u, 0, sizeof *u);
    uc_check(uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &u->uc), "open");
    uc_check(uc_mem_map(u->uc, TARGET_CODE_BASE,
                        TARGET_CODE_SIZE + TARGET_DATA_SIZE, UC_PROT_ALL), "map");
    uc_check(uc_mem_map(u->uc, TARGET_INPUT_BASE, TARGET_INPUT_MAX,
                        UC_PROT_READ | UC_PROT_WRITE), "map");
    uc_check(uc_mem_map(u->uc, TARGET_STATE_BASE, TARGET_STATE_SIZE,
                        UC_PROT_READ | UC_PROT_WRITE), "map");
    uc_check(uc_mem_write(u->uc, TARGET_CODE_BASE, image, len), "load");
    /* Boot to READY (until stops before the BRK), then checkpoint at
     * ENTRY. */
    uc_check(uc_emu_start(u->uc, TARGET_CODE_BASE, TARGET_READY_ADDR, 0, 0),
             "boot");
    uint64_t pc = TARGET_ENTRY_ADDR;
    uc_check(uc_reg_write(u->uc, UC_ARM64_REG_PC, &pc), "pc");
    uc_check(uc_context_alloc(u->uc, &u->ctx), "context");
    uc_check(uc_context_save(u->uc, u->ctx), "save");
    uc_check(uc_mem_read(u->uc, TARGET_DATA_BASE, u->data, sizeof u->data),
             "read");
    uc_check(uc_mem_read(u->uc, TARGET_STATE_BASE, u->state, sizeof u->state),
             "read");
}

static void uni_coverage(uni *u, uint8_t *map)
{
    u->map = map;
    uc_check(uc_hook_add(u->uc, &u->cov_hook, UC_HOOK_BLOCK, (void *)uni_block,
                         u, 1, 0), "hook");
}

static int64_t uni_run(uni *u, const input *in)
{
    uc_engine *uc = u->uc;
    uint64_t addr = TARGET_INPUT_END - in->len, len = in->len, x0;
    uc_check(uc_context_restore(uc, u->ctx), "restore");
    uc_check(uc_mem_write(uc, TARGET_DATA_BASE, u->data, sizeof u->data), "w");
    uc_check(uc_mem_write(uc, TARGET_STATE_BASE, u->state, sizeof u->state), "w");
    uc_check(uc_mem_write(uc, addr, in->data, in->len), "input");
    uc_check(uc_reg_write(uc, UC_ARM64_REG_X0, &addr), "x0");
    uc_check(uc_reg_write(uc, UC_ARM64_REG_X1, &len), "x1");
    u->prev = 0;
    uc_check(uc_emu_start(uc, TARGET_ENTRY_ADDR, TARGET_DONE_ADDR, 0, 0), "run");
    uc_check(uc_reg_read(uc, UC_ARM64_REG_X0, &x0), "x0");
    return (int64_t)x0;
}

static double run_unicorn(uni *u, const input *ins, size_t n, int rounds)
{
    double t0 = now();
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < n; i++) {
            if (u->map)
                memset(u->map, 0, MAP_SIZE);
            int64_t res = uni_run(u, &ins[i]);
            if (res != ins[i].result) {
                fprintf(stderr, "input %zu (%zu bytes): unicorn %lld, ours %lld\n",
                        i, ins[i].len, (long long)res, (long long)ins[i].result);
                exit(1);
            }
        }
    return (double)rounds * (double)n / (now() - t0);
}

/* ---- main ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s IMAGE [ROUNDS]\n", argv[0]);
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 0;
    static uint8_t image[TARGET_CODE_SIZE + TARGET_DATA_SIZE];
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", argv[1]);
        return 1;
    }
    size_t image_len = fread(image, 1, sizeof image, f);
    fclose(f);

    static input ins[NSIZES][INPUTS_PER_SIZE];
    uint64_t rng = 42;
    for (int s = 0; s < NSIZES; s++)
        for (int i = 0; i < INPUTS_PER_SIZE; i++)
            make_input(&ins[s][i], sizes[s], &rng);

    char err[256];
    static uint8_t map_ours[MAP_SIZE], map_uni[MAP_SIZE];
    fuzz_target plain, cov;
    if (fuzz_target_open(&plain, argv[1], 0, err, sizeof err) ||
        fuzz_target_open(&cov, argv[1], 0, err, sizeof err)) {
        fprintf(stderr, "ours: %s\n", err);
        return 1;
    }
    if (arm64emu_coverage_attach(cov.m, map_ours, MAP_SIZE)) {
        fprintf(stderr, "coverage_attach: %s\n", arm64emu_last_error(cov.m));
        return 1;
    }
    static uni up, uc;
    uni_open(&up, image, image_len);
    uni_open(&uc, image, image_len);
    uni_coverage(&uc, map_uni);

    printf("fuzz target %s, %d inputs per size, arm64emu %s, unicorn %u.%u\n",
           argv[1], INPUTS_PER_SIZE, arm64emu_version_string(),
           (uc_version(NULL, NULL) >> 24) & 0xff,
           (uc_version(NULL, NULL) >> 16) & 0xff);
    printf("%-9s %6s %11s %14s %17s %8s\n", "mode", "bytes", "insns/exec",
           "ours execs/s", "unicorn execs/s", "ratio");
    for (int mode = 0; mode < 2; mode++)
        for (int s = 0; s < NSIZES; s++) {
            input *in = ins[s];
            fuzz_target *t = mode ? &cov : &plain;
            uni *u = mode ? &uc : &up;
            uint64_t insns;
            /* Warm up (and record the results), then size the rounds so
             * that each side runs for about a second. */
            run_ours(t, in, INPUTS_PER_SIZE, 1, mode ? map_ours : NULL, 1, &insns);
            run_unicorn(u, in, INPUTS_PER_SIZE, 1);
            int r = rounds;
            if (r <= 0) {
                double rate = run_ours(t, in, INPUTS_PER_SIZE, 4,
                                       mode ? map_ours : NULL, 0, NULL);
                r = (int)(rate / INPUTS_PER_SIZE) + 1;
            }
            double ours = run_ours(t, in, INPUTS_PER_SIZE, r,
                                   mode ? map_ours : NULL, 0, NULL);
            int ru = rounds > 0 ? rounds : r / 4 + 1;
            double theirs = run_unicorn(u, in, INPUTS_PER_SIZE, ru);
            printf("%-9s %6zu %11llu %14.0f %17.0f %7.2fx\n",
                   mode ? "coverage" : "plain", sizes[s],
                   (unsigned long long)(insns / INPUTS_PER_SIZE), ours, theirs,
                   ours / theirs);
            fflush(stdout);
        }
    printf("ratio: ours execs/s over unicorn execs/s (above 1: we are faster)\n");
    fuzz_target_close(&plain);
    fuzz_target_close(&cov);
    uc_context_free(up.ctx);
    uc_context_free(uc.ctx);
    uc_close(up.uc);
    uc_close(uc.uc);
    for (int s = 0; s < NSIZES; s++)
        for (int i = 0; i < INPUTS_PER_SIZE; i++)
            free(ins[s][i].data);
    return 0;
}
