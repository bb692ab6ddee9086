/* The CPU models this version ships. Values from the Arm technical
 * reference manuals; "max" advertises what this version implements. */
#include "model.h"

#include <string.h>

static const cpu_model_t models[] = {
    {
        .name = "max",
        .midr_el1 = 0x000f0510, /* implementer 0 (software), arch 0xf */
        /* CSV3, CSV2 (no speculation to leak through); EL0-EL3 AArch64; FP,
         * AdvSIMD, FP16 */
        .id_aa64pfr0_el1 = 0x1100000000111111ull,
        /* FHM, DP, SHA3, RDM, LSE, CRC32, SHA2 (+SHA512), SHA1, AES (+PMULL) */
        .id_aa64isar0_el1 = (1ull << 48) | (1ull << 44) | (1ull << 32) |
                            (1ull << 28) | (2ull << 20) | (1ull << 16) |
                            (2ull << 12) | (1ull << 8) | (2ull << 4),
        /* SB, FRINTTS, LRCPC, JSCVT, DPB (DC CVAP) */
        .id_aa64isar1_el1 = (1ull << 36) | (1ull << 32) | (1ull << 20) |
                            (1ull << 12) | 1ull,
        /* PARange 48 bits, 16-bit ASIDs, 4K/16K/64K granules; no big-endian */
        .id_aa64mmfr0_el1 = 0x00100025,
        .id_aa64pfr1_el1 = 0x10,        /* SSBS */
        .id_aa64mmfr1_el1 = 0x1000000000100000ull, /* ECBHB, PAN */
        /* Debug v8, 2 breakpoints, 2 watchpoints, no PMU */
        .id_aa64dfr0_el1 = 0x00101006,
        .ctr_el0 = 0x8444c004,
        .dczid_el0 = 0x4,
        .clidr_el1 = 0x0a200023,
        .ccsidr = {0x701fe00a, 0x201fe012, 0x707fe07a},
    },
    {
        .name = "cortex-a72",
        .midr_el1 = 0x410fd083,
        .id_aa64pfr0_el1 = 0x00001111, /* AArch64 only at every EL */
        .id_aa64isar0_el1 = 0x00011120, /* AES+PMULL, SHA1, SHA2, CRC32 */
        .id_aa64mmfr0_el1 = 0x00001124,
        .id_aa64dfr0_el1 = 0x10305106,
        .ctr_el0 = 0x8444c004,
        .dczid_el0 = 0x4,
        .clidr_el1 = 0x0a200023,
        .ccsidr = {0x701fe00a, 0x201fe012, 0x707fe07a},
        .mpidr_cluster = 4,
    },
    {
        .name = "cortex-a53",
        .midr_el1 = 0x410fd034,
        .id_aa64pfr0_el1 = 0x00001111, /* AArch64 only at every EL */
        .id_aa64isar0_el1 = 0x00011120,
        .id_aa64mmfr0_el1 = 0x00001122,
        .id_aa64dfr0_el1 = 0x10305106,
        .ctr_el0 = 0x84448004,
        .dczid_el0 = 0x4,
        .clidr_el1 = 0x0a200023,
        .ccsidr = {0x700fe01a, 0x201fe00a, 0x707fe07a},
        .mpidr_cluster = 4,
    },
};

const char *const model_names[] = {"max", "cortex-a72", "cortex-a53", NULL};

const cpu_model_t *model_find(const char *name)
{
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
        if (strcmp(models[i].name, name) == 0)
            return &models[i];
    return NULL;
}
