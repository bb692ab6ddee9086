/* Arm semihosting (HLT #0xF000 in A64), off unless the machine enables it. */
#ifndef ARM64EMU_SEMIHOST_H
#define ARM64EMU_SEMIHOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"

#define SEMIHOST_HLT_IMM 0xf000u

struct semihost;

/* Creates the per-machine semihosting state (console, open files). root
 * bounds host file access; "" means none. On failure err says why. */
int semihost_new(struct semihost **out, const char *root, char *err,
                 size_t errlen);
void semihost_free(struct semihost *sh);

/* Performs the semihosting call in W0 with the parameter block in X1 and
 * writes the result to X0. Returns true to continue after the HLT; false
 * when the call ends the run (SYS_EXIT, SYS_EXIT_EXTENDED): cpu->exit then
 * holds reason ARM64EMU_EXIT_SEMIHOST_EXIT, imm (exit status) and addr
 * (reason code); the caller sets exit.pc/insn to the HLT and cpu->pc
 * after it, and returns OP_EXIT. */
bool semihost_call(cpu_t *cpu);

/* ---- snapshots (snap_devices.c) ------------------------------------------ */

/* Handle kinds as a snapshot records them (stable numbers). */
enum {
    SEMIHOST_H_FREE = 0,
    SEMIHOST_H_STDIN = 1,
    SEMIHOST_H_STDOUT = 2,
    SEMIHOST_H_STDERR = 3,
    SEMIHOST_H_FEATURES = 4, /* ":semihosting-features" */
    SEMIHOST_H_HOST = 5      /* a host file below the root */
};
#define SEMIHOST_HANDLES 64u /* handles 1..64 */

typedef struct semihost_snap {
    int err;                           /* SYS_ERRNO */
    uint8_t kind[SEMIHOST_HANDLES];    /* handle i + 1 */
    uint64_t pos[SEMIHOST_HANDLES];    /* features: read position; host
                                          file: its offset */
    /* Host files: the path below the root as the guest opened it (get:
     * valid while the state is unchanged; set: copied) and the SYS_OPEN
     * mode. */
    const char *path[SEMIHOST_HANDLES];
    uint8_t mode[SEMIHOST_HANDLES];
} semihost_snap_t;

void semihost_snap_get(const struct semihost *sh, semihost_snap_t *out);
/* Replaces the state. Host files open now are closed; a HOST entry in
 * `in` is opened again below the root (never created or truncated: host
 * files are not part of a snapshot) at its offset; one that cannot be
 * (gone, outside the root, no root) leaves its handle free. */
void semihost_snap_set(struct semihost *sh, const semihost_snap_t *in);

#endif
