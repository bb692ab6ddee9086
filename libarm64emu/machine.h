/* The machine: CPUs, the bus, the decoder, and the last-error message. */
#ifndef ARM64EMU_MACHINE_H
#define ARM64EMU_MACHINE_H

#include <stdarg.h>
#include <stdatomic.h>

#include "block.h"
#include "bus.h"
#include "cpu.h"
#include "decode.h"
#include "sha256.h"
#include "timer.h"

/* Bytes the host registered as the original contents of guest RAM (a
 * kernel image, say): a snapshot leaves out the pages still equal to them
 * and names them by SHA-256 instead (docs/snapshot/machine.md). */
typedef struct ram_source {
    char name[64];
    const uint8_t *data; /* the caller's; valid while the machine lives */
    uint64_t size;
    uint64_t guest_addr; /* ARM64EMU_RAM_SOURCE_UNPLACED: nowhere yet */
    uint8_t sha256[SHA256_LEN];
} ram_source_t;

struct arm64emu_config {
    uint64_t ram_size;
    uint64_t ram_base;
    uint64_t num_cpus;
    char cpu_model[64];
    bool exit_on_svc;
    char err[256];
    bool semihosting;
    char semihost_root[4096]; /* "" = no host file access */
    uint64_t exception_exits; /* arm64emu_exception_kind bits */
    bool have_el2, have_el3;
    int mmu_off_normal; /* -1: by board (bare 1, board 0) */
    struct {
        const char *name; /* a model_features[] name (static) */
        bool enable;
    } features[64];       /* arm64emu_config_set_feature, in order */
    unsigned nfeatures;
    char board[16];          /* "" = bare machine, "virt" */
    uint64_t insns_per_tick; /* >= 1 */
    uint64_t psci_conduit;   /* arm64emu_psci_conduit */
    uint64_t boot_el;        /* 1..3 */
    /* Host-side: bytes snapshots may refer to (ram_source.c). */
    ram_source_t ram_sources[ARM64EMU_MAX_RAM_SOURCES];
    unsigned nram_sources;
};

struct arm64emu_machine {
    cpu_t *cpus;
    unsigned ncpus;
    bus_t bus;
    decoder_t decoder;
    const cpu_model_t *model;
    atomic_int stop_requested;
    char err[512];
    struct semihost *semihost; /* NULL unless semihosting is on */
    cpu_model_t model_copy; /* the base model with the config applied */
    /* ---- time and scheduling (timer.h, run.c) ---- */
    vclock_t clock;
    cpu_timers_t *timers;    /* ncpus */
    uint8_t power[ARM64EMU_MAX_CPUS]; /* CPU_POWER_* (board.h) */
    unsigned rr;             /* the CPU whose turn comes next */
    /* The turn a budget interrupted, resumed by the next arm64emu_run so
     * that splitting a run (e.g. around a snapshot) changes nothing. */
    bool turn_open;
    unsigned turn_cpu;
    uint64_t turn_end;       /* machine-wide count; UINT64_MAX: unbounded */
    /* The budget cut the open turn inside a block: the resumed run must
     * not look for interrupts there (an uninterrupted run would not). */
    bool turn_mid_block;
    struct board *board;     /* NULL: the bare machine */
    /* ---- snapshots (snapshot.c) ---- */
    struct arm64emu_config cfg; /* the configuration it was created with */
    struct snap_state *snap;    /* kept items, load report, checkpoint */
    /* ---- debugger (gdbstub.c) ---- */
    struct gdbstub *gdb;        /* arm64emu_gdb_listen's server, or NULL */
    /* ---- hooks, coverage, cmplog, debugger stops (hooks.c) ---- */
    struct hooks *hooks;        /* NULL until the first registration */
    bool hooks_on;              /* something is instrumented (hooks.h) */
    block_t *running_block;     /* the block the run loop is executing */
    /* Coverage: hash of the previous block >> 1, per CPU (0 after a
     * checkpoint restore, as at creation). */
    uint32_t cov_prev[ARM64EMU_MAX_CPUS];
    /* ---- host calls (hostcall.c) ---- */
    struct hostcall_state *hostcall; /* NULL until the first binding */
};

typedef struct arm64emu_machine machine_t;

/* The model a machine made from cfg runs: base with the configuration's
 * feature changes, and ID_AA64PFR0_EL1.EL2/EL3 as HAVE_EL2/HAVE_EL3 say. */
void machine_build_model(cpu_model_t *out, const cpu_model_t *base,
                         const struct arm64emu_config *cfg);

/* Creates a machine from cfg. With model NULL the CPUs run cfg's named
 * model with cfg's feature changes (arm64emu_create); otherwise exactly
 * *model, whose ID register values are taken as they are (a machine made
 * from a snapshot). On failure cfg's message says why. */
int machine_create(const struct arm64emu_config *cfg,
                   const cpu_model_t *model, machine_t **out);

/* Records the last-error message and returns status. */
int machine_fail(machine_t *m, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears the last-error message (successful calls). */
static inline int machine_ok(machine_t *m)
{
    m->err[0] = '\0';
    return ARM64EMU_OK;
}

#endif
