/* The MMU's system instructions (TLBI, AT, DC, IC) as sysreg table
 * entries. Placeholder until the MMU module fills it: an empty table, so
 * that SYS falls back to the EL0 cache maintenance forms in
 * insn_system.c. */
#include "sysreg.h"

const sysreg_def_t mmu_sysops[] = {
    {NULL, 0, 0, 0, SR_NONE, 0, 0, 0, NULL, NULL, NULL, NULL, false},
};
