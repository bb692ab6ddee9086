/* Snapshot benchmark: save/load times and sizes of a 256 MiB machine with
 * 1, 16 and 256 MiB of RAM touched, and the fast-reset rate with 1, 16 and
 * 256 dirty pages, next to Unicorn 2 doing the closest equivalent in the
 * same run (uc_context_save/uc_context_restore plus copying the same RAM:
 * Unicorn has no RAM snapshot, so its "save" is a context save plus reading
 * the touched RAM out, its "restore" the reverse, uncompressed).
 *
 * usage: snapbench [ROUNDS]   (fast-reset rounds per row, default 20000) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicorn/unicorn.h>

#include "arm64emu/arm64emu.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (256ull << 20)
#define PAGE 4096ull

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "snapbench: %s\n", what);
    exit(1);
}

/* Guest-like data: words that compress about as well as code and heap do
 * (a counter mixed with a few constant bytes), not random noise. */
static void fill(uint8_t *buf, size_t len, uint64_t seed)
{
    for (size_t i = 0; i + 8 <= len; i += 8) {
        uint64_t v = (seed + i) * 0x9e3779b97f4a7c15ull;
        v &= 0x00ff00ff00ffffffull;
        memcpy(buf + i, &v, 8);
    }
}

static arm64emu_machine *machine(void)
{
    arm64emu_config *cfg;
    arm64emu_machine *m = NULL;
    if (arm64emu_config_new(&cfg) ||
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, RAM_SIZE) ||
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_BASE, RAM_BASE) ||
        arm64emu_create(cfg, &m))
        die("cannot create the machine");
    arm64emu_config_free(cfg);
    return m;
}

static uc_engine *unicorn(void)
{
    uc_engine *uc;
    if (uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc) != UC_ERR_OK ||
        uc_mem_map(uc, RAM_BASE, RAM_SIZE, UC_PROT_ALL) != UC_ERR_OK)
        die("cannot create the Unicorn engine");
    return uc;
}

static void save_load_row(uint64_t touched_mib, uint8_t *data)
{
    size_t touched = touched_mib << 20;
    fill(data, touched, touched_mib);
    arm64emu_machine *m = machine();
    if (arm64emu_mem_write(m, RAM_BASE, data, touched))
        die("mem_write");
    void *snap = NULL;
    size_t len = 0;
    double t0 = now();
    if (arm64emu_snapshot_save(m, NULL, &snap, &len))
        die(arm64emu_last_error(m));
    double t_save = now() - t0;
    t0 = now();
    if (arm64emu_snapshot_load(m, snap, len))
        die(arm64emu_last_error(m));
    double t_load = now() - t0;
    arm64emu_machine *m2 = NULL;
    char err[256];
    t0 = now();
    if (arm64emu_create_from_snapshot(NULL, snap, len, &m2, err, sizeof(err)))
        die(err);
    double t_create = now() - t0;
    arm64emu_destroy(m2);
    arm64emu_free(snap);
    arm64emu_destroy(m);

    uc_engine *uc = unicorn();
    uc_context *ctx;
    uint8_t *copy = malloc(touched);
    if (!copy || uc_context_alloc(uc, &ctx) != UC_ERR_OK ||
        uc_mem_write(uc, RAM_BASE, data, touched) != UC_ERR_OK)
        die("unicorn setup");
    t0 = now();
    uc_context_save(uc, ctx);
    uc_mem_read(uc, RAM_BASE, copy, touched);
    double u_save = now() - t0;
    t0 = now();
    uc_context_restore(uc, ctx);
    uc_mem_write(uc, RAM_BASE, copy, touched);
    double u_load = now() - t0;
    uc_context_free(ctx);
    uc_close(uc);
    free(copy);
    printf("| %3" PRIu64 " MiB | %8.1f | %8.1f | %8.1f | %9.2f | %8.1f | %8.1f | %9.2f |\n",
           touched_mib, t_save * 1e3, t_load * 1e3, t_create * 1e3,
           len / 1048576.0, u_save * 1e3, u_load * 1e3,
           touched / 1048576.0);
}

static void reset_row(unsigned pages, unsigned rounds)
{
    uint8_t buf[PAGE];
    memset(buf, 0xa5, sizeof(buf));
    arm64emu_machine *m = machine();
    if (arm64emu_checkpoint(m))
        die(arm64emu_last_error(m));
    double t0 = now();
    for (unsigned r = 0; r < rounds; r++) {
        for (unsigned p = 0; p < pages; p++)
            arm64emu_mem_write(m, RAM_BASE + (uint64_t)p * 7 * PAGE, buf, 8);
        if (arm64emu_checkpoint_restore(m))
            die(arm64emu_last_error(m));
    }
    double ours = rounds / (now() - t0);
    arm64emu_destroy(m);

    uc_engine *uc = unicorn();
    uc_context *ctx;
    uint8_t *saved = calloc(pages, PAGE);
    if (!saved || uc_context_alloc(uc, &ctx) != UC_ERR_OK)
        die("unicorn setup");
    uc_context_save(uc, ctx);
    t0 = now();
    for (unsigned r = 0; r < rounds; r++) {
        for (unsigned p = 0; p < pages; p++)
            uc_mem_write(uc, RAM_BASE + (uint64_t)p * 7 * PAGE, buf, 8);
        uc_context_restore(uc, ctx);
        for (unsigned p = 0; p < pages; p++) /* the caller must know which */
            uc_mem_write(uc, RAM_BASE + (uint64_t)p * 7 * PAGE,
                         saved + (size_t)p * PAGE, PAGE);
    }
    double theirs = rounds / (now() - t0);
    uc_context_free(ctx);
    uc_close(uc);
    free(saved);
    printf("| %3u | %10.0f | %10.0f | %6.2f |\n", pages, ours, theirs,
           ours / theirs);
}

int main(int argc, char **argv)
{
    unsigned rounds = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 20000;
    uint8_t *data = malloc(RAM_SIZE);
    if (!data)
        die("out of memory");
    printf("Save and load, 256 MiB machine (ms; snapshot MiB compressed, "
           "zstd level 3)\n\n");
    printf("| touched | ours save | ours load | ours create | snapshot MiB "
           "| unicorn save | unicorn restore | unicorn copy MiB |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    save_load_row(1, data);
    save_load_row(16, data);
    save_load_row(256, data);
    free(data);
    printf("\nFast reset (resets per second; each round dirties the pages "
           "first)\n\n");
    printf("| dirty pages | ours | unicorn | ours/unicorn |\n|---|---|---|---|\n");
    reset_row(1, rounds);
    reset_row(16, rounds);
    reset_row(256, rounds / 10 ? rounds / 10 : 1);
    return 0;
}
