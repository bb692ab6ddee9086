/* The features API: listing a model's FEAT_ names and building custom
 * models from a base model plus or minus named features. */
#include <stdio.h>
#include <string.h>

#include "machine.h"

static void list(const cpu_model_t *m, const char **names, size_t capacity,
                 size_t *count)
{
    size_t n = 0;
    for (const model_feature_t *f = model_features; f->name; f++)
        if (model_feature_has(m, f)) {
            if (names && n < capacity)
                names[n] = f->name;
            n++;
        }
    *count = n;
}

int arm64emu_model_features(const char *model, const char **names,
                            size_t capacity, size_t *count)
{
    if (!model || !count || (!names && capacity))
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    const cpu_model_t *m = model_find(model);
    if (!m)
        return ARM64EMU_ERR_UNKNOWN_MODEL;
    list(m, names, capacity, count);
    return ARM64EMU_OK;
}

int arm64emu_machine_features(arm64emu_machine *m, const char **names,
                              size_t capacity, size_t *count)
{
    if (!m || !count || (!names && capacity))
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    list(m->model, names, capacity, count);
    return machine_ok(m);
}

int arm64emu_config_set_feature(arm64emu_config *c, const char *feature,
                                int enable)
{
    if (!c || !feature)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    const model_feature_t *f = model_feature_find(feature);
    if (!f) {
        snprintf(c->err, sizeof(c->err), "feature '%.64s' is unknown",
                 feature);
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    }
    if (enable && !model_feature_has(model_find("max"), f)) {
        snprintf(c->err, sizeof(c->err),
                 "feature %s is not implemented by this version", f->name);
        return ARM64EMU_ERR_UNSUPPORTED;
    }
    if (c->nfeatures == sizeof(c->features) / sizeof(c->features[0])) {
        snprintf(c->err, sizeof(c->err), "too many feature changes (%u)",
                 c->nfeatures);
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    }
    c->features[c->nfeatures].name = f->name;
    c->features[c->nfeatures].enable = enable != 0;
    c->nfeatures++;
    c->err[0] = '\0';
    return ARM64EMU_OK;
}

void machine_build_model(cpu_model_t *out, const cpu_model_t *base,
                         const struct arm64emu_config *cfg)
{
    *out = *base;
    for (unsigned i = 0; i < cfg->nfeatures; i++)
        model_feature_set(out, model_feature_find(cfg->features[i].name),
                          cfg->features[i].enable);
    uint64_t pfr0 = out->id_aa64pfr0_el1 & ~0xff00ull;
    pfr0 |= (cfg->have_el2 ? 1ull : 0) << 8;
    pfr0 |= (cfg->have_el3 ? 1ull : 0) << 12;
    out->id_aa64pfr0_el1 = pfr0;
}
