/* Arm semihosting (HLT #0xF000 in A64), off unless the machine enables it. */
#ifndef ARM64EMU_SEMIHOST_H
#define ARM64EMU_SEMIHOST_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
