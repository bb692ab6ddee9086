/* Arm semihosting (HLT #0xF000 in A64), off unless the machine enables it. */
#ifndef ARM64EMU_SEMIHOST_H
#define ARM64EMU_SEMIHOST_H

#include <stdbool.h>

#include "cpu.h"

#define SEMIHOST_HLT_IMM 0xf000u

/* Performs the semihosting call in W0 with the parameter block in X1 and
 * writes the result to X0. Returns false if the call ends the run (for
 * SYS_EXIT: cpu->exit is filled); true to continue after the HLT. */
bool semihost_call(cpu_t *cpu);

#endif
