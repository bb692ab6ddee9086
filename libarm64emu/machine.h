/* The machine: CPUs, the bus, the decoder, and the last-error message. */
#ifndef ARM64EMU_MACHINE_H
#define ARM64EMU_MACHINE_H

#include <stdarg.h>
#include <stdatomic.h>

#include "block.h"
#include "bus.h"
#include "cpu.h"
#include "decode.h"

struct arm64emu_config {
    uint64_t ram_size;
    uint64_t ram_base;
    uint64_t num_cpus;
    char cpu_model[64];
    bool exit_on_svc;
    char err[256];
    bool semihosting;
    char semihost_root[4096]; /* "" = no host file access */
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
};

typedef struct arm64emu_machine machine_t;

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
