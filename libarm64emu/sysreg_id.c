/* The AArch64 ID registers (op0 3, op1 0, CRn 0, CRm 4-7), read from the
 * CPU model. Encodings of the ID space that are not listed here read as
 * zero (sysreg_find); the AArch32 ID registers (CRm 1-3) are among them,
 * as no EL supports AArch32. All are read-only at EL1 and above and trap
 * to EL2 with HCR_EL2.TID3. */
#include "sysreg.h"

#define ID_READER(field)                                                     \
    static uint64_t rd_##field(const cpu_t *c, uint64_t n)                   \
    {                                                                        \
        (void)n;                                                             \
        return c->model->field;                                              \
    }
ID_READER(id_aa64pfr0_el1)
ID_READER(id_aa64pfr1_el1)
ID_READER(id_aa64dfr0_el1)
ID_READER(id_aa64isar0_el1)
ID_READER(id_aa64isar1_el1)
ID_READER(id_aa64isar2_el1)
ID_READER(id_aa64mmfr0_el1)
ID_READER(id_aa64mmfr1_el1)
ID_READER(id_aa64mmfr2_el1)

#define ID(name, crm, op2, rd)                                               \
    {name, SYSREG_KEY(3, 0, 0, crm, op2), SR_RO_EL1, SR_T_TID3, SR_NONE, 0,  \
     0, 0, NULL, rd, NULL, NULL, false}

const sysreg_def_t sysreg_id_table[] = {
    ID("ID_AA64PFR0_EL1", 4, 0, rd_id_aa64pfr0_el1),
    ID("ID_AA64PFR1_EL1", 4, 1, rd_id_aa64pfr1_el1),
    ID("ID_AA64DFR0_EL1", 5, 0, rd_id_aa64dfr0_el1),
    ID("ID_AA64ISAR0_EL1", 6, 0, rd_id_aa64isar0_el1),
    ID("ID_AA64ISAR1_EL1", 6, 1, rd_id_aa64isar1_el1),
    ID("ID_AA64ISAR2_EL1", 6, 2, rd_id_aa64isar2_el1),
    ID("ID_AA64MMFR0_EL1", 7, 0, rd_id_aa64mmfr0_el1),
    ID("ID_AA64MMFR1_EL1", 7, 1, rd_id_aa64mmfr1_el1),
    ID("ID_AA64MMFR2_EL1", 7, 2, rd_id_aa64mmfr2_el1),
    {NULL, 0, 0, 0, SR_NONE, 0, 0, 0, NULL, NULL, NULL, NULL, false},
};
