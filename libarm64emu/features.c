/* Features by their Arm names, each defined by an ID register field. A
 * model has a feature when the field says so; nothing else decides. */
#include <string.h>

#include "model.h"

#define F(name, reg, shift, min) {name, MODEL_REG_##reg, shift, min, false, -1}

const model_feature_t model_features[] = {
    /* ID_AA64PFR0_EL1 */
    {"FEAT_FP", MODEL_REG_PFR0, 16, 0, true, -1},
    {"FEAT_AdvSIMD", MODEL_REG_PFR0, 20, 0, true, -1},
    {"FEAT_FP16", MODEL_REG_PFR0, 16, 1, true, 20},
    F("FEAT_RAS", PFR0, 28, 1),
    F("FEAT_SVE", PFR0, 32, 1),
    F("FEAT_DIT", PFR0, 48, 1),
    F("FEAT_CSV2", PFR0, 56, 1),
    F("FEAT_CSV3", PFR0, 60, 1),
    /* ID_AA64PFR1_EL1 */
    F("FEAT_BTI", PFR1, 0, 1),
    F("FEAT_SSBS", PFR1, 4, 1),
    F("FEAT_MTE", PFR1, 8, 1),
    /* ID_AA64ISAR0_EL1 */
    F("FEAT_AES", ISAR0, 4, 1),
    F("FEAT_PMULL", ISAR0, 4, 2),
    F("FEAT_SHA1", ISAR0, 8, 1),
    F("FEAT_SHA256", ISAR0, 12, 1),
    F("FEAT_SHA512", ISAR0, 12, 2),
    F("FEAT_CRC32", ISAR0, 16, 1),
    F("FEAT_LSE", ISAR0, 20, 2),
    F("FEAT_RDM", ISAR0, 28, 1),
    F("FEAT_SHA3", ISAR0, 32, 1),
    F("FEAT_SM3", ISAR0, 36, 1),
    F("FEAT_SM4", ISAR0, 40, 1),
    F("FEAT_DotProd", ISAR0, 44, 1),
    F("FEAT_FHM", ISAR0, 48, 1),
    F("FEAT_FlagM", ISAR0, 52, 1),
    F("FEAT_FlagM2", ISAR0, 52, 2),
    F("FEAT_RNG", ISAR0, 60, 1),
    /* ID_AA64ISAR1_EL1 */
    F("FEAT_DPB", ISAR1, 0, 1),
    F("FEAT_DPB2", ISAR1, 0, 2),
    F("FEAT_PAuth", ISAR1, 4, 1),
    F("FEAT_JSCVT", ISAR1, 12, 1),
    F("FEAT_FCMA", ISAR1, 16, 1),
    F("FEAT_LRCPC", ISAR1, 20, 1),
    F("FEAT_LRCPC2", ISAR1, 20, 2),
    F("FEAT_FRINTTS", ISAR1, 32, 1),
    F("FEAT_SB", ISAR1, 36, 1),
    F("FEAT_SPECRES", ISAR1, 40, 1),
    F("FEAT_BF16", ISAR1, 44, 1),
    F("FEAT_DGH", ISAR1, 48, 1),
    F("FEAT_I8MM", ISAR1, 52, 1),
    F("FEAT_XS", ISAR1, 56, 1),
    F("FEAT_LS64", ISAR1, 60, 1),
    /* ID_AA64ISAR2_EL1 */
    F("FEAT_WFxT", ISAR2, 0, 2),
    F("FEAT_RPRES", ISAR2, 4, 1),
    F("FEAT_MOPS", ISAR2, 16, 1),
    F("FEAT_HBC", ISAR2, 20, 1),
    F("FEAT_CLRBHB", ISAR2, 28, 1),
    /* ID_AA64MMFR0_EL1 */
    F("FEAT_ExS", MMFR0, 44, 1),
    F("FEAT_FGT", MMFR0, 56, 1),
    F("FEAT_ECV", MMFR0, 60, 1),
    /* ID_AA64MMFR1_EL1 */
    F("FEAT_HAFDBS", MMFR1, 0, 1),
    F("FEAT_VMID16", MMFR1, 4, 2),
    F("FEAT_VHE", MMFR1, 8, 1),
    F("FEAT_HPDS", MMFR1, 12, 1),
    F("FEAT_LOR", MMFR1, 16, 1),
    F("FEAT_PAN", MMFR1, 20, 1),
    F("FEAT_PAN2", MMFR1, 20, 2),
    F("FEAT_PAN3", MMFR1, 20, 3),
    F("FEAT_XNX", MMFR1, 28, 1),
    F("FEAT_TWED", MMFR1, 32, 1),
    F("FEAT_ETS", MMFR1, 36, 1),
    F("FEAT_HCX", MMFR1, 40, 1),
    F("FEAT_AFP", MMFR1, 44, 1),
    F("FEAT_ECBHB", MMFR1, 60, 1),
    /* ID_AA64MMFR2_EL1 */
    F("FEAT_TTCNP", MMFR2, 0, 1),
    F("FEAT_UAO", MMFR2, 4, 1),
    F("FEAT_LSMAOC", MMFR2, 8, 1),
    F("FEAT_IESB", MMFR2, 12, 1),
    F("FEAT_LVA", MMFR2, 16, 1),
    F("FEAT_CCIDX", MMFR2, 20, 1),
    F("FEAT_NV", MMFR2, 24, 1),
    F("FEAT_TTST", MMFR2, 28, 1),
    F("FEAT_LSE2", MMFR2, 32, 1),
    F("FEAT_IDST", MMFR2, 36, 1),
    F("FEAT_S2FWB", MMFR2, 40, 1),
    F("FEAT_TTL", MMFR2, 48, 1),
    F("FEAT_BBM", MMFR2, 52, 1),
    F("FEAT_EVT", MMFR2, 56, 1),
    F("FEAT_E0PD", MMFR2, 60, 1),
    /* ID_AA64DFR0_EL1 */
    F("FEAT_PMUv3", DFR0, 8, 1),
    F("FEAT_SPE", DFR0, 32, 1),
    {NULL, 0, 0, 0, false, -1},
};

static uint64_t *reg_of(cpu_model_t *m, unsigned reg)
{
    switch (reg) {
    case MODEL_REG_PFR0: return &m->id_aa64pfr0_el1;
    case MODEL_REG_PFR1: return &m->id_aa64pfr1_el1;
    case MODEL_REG_ISAR0: return &m->id_aa64isar0_el1;
    case MODEL_REG_ISAR1: return &m->id_aa64isar1_el1;
    case MODEL_REG_ISAR2: return &m->id_aa64isar2_el1;
    case MODEL_REG_MMFR0: return &m->id_aa64mmfr0_el1;
    case MODEL_REG_MMFR1: return &m->id_aa64mmfr1_el1;
    case MODEL_REG_MMFR2: return &m->id_aa64mmfr2_el1;
    default: return &m->id_aa64dfr0_el1;
    }
}

const model_feature_t *model_feature_find(const char *name)
{
    for (const model_feature_t *f = model_features; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* A field as a signed or unsigned number. */
static int field_value(uint64_t reg, unsigned shift, bool sign)
{
    int v = (int)((reg >> shift) & 0xf);
    return sign && v >= 8 ? v - 16 : v;
}

bool model_feature_has(const cpu_model_t *m, const model_feature_t *f)
{
    uint64_t r = *reg_of((cpu_model_t *)m, f->reg);
    if (field_value(r, f->shift, f->sign) < (int)f->min)
        return false;
    return f->shift2 < 0 ||
           field_value(r, (unsigned)f->shift2, f->sign) >= (int)f->min;
}

static void set_field(uint64_t *r, unsigned shift, unsigned v)
{
    *r = (*r & ~(0xfull << shift)) | ((uint64_t)(v & 0xf) << shift);
}

void model_feature_set(cpu_model_t *m, const model_feature_t *f, bool enable)
{
    if (model_feature_has(m, f) == enable)
        return;
    uint64_t *r = reg_of(m, f->reg);
    /* Removing the lowest level of a signed field (FP, AdvSIMD) makes it
     * "not implemented" (0xF); otherwise step just below the feature. */
    unsigned v = enable ? f->min
                        : (f->sign && f->min == 0 ? 0xf : f->min - 1);
    set_field(r, f->shift, v);
    if (f->shift2 >= 0)
        set_field(r, (unsigned)f->shift2, v);
}
