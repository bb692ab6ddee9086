/* "max" advertises exactly what this version implements: every feature its
 * ID registers name runs an instruction of that feature, and features it
 * does not name stay UNDEFINED. A feature added to max without a probe here
 * fails the first test, so the list cannot drift from the ID registers. */
#include <stdbool.h>
#include <string.h>

#include "harness.h"

#define DATA (TEST_RAM_BASE + 0x8000)
#define EL1H 0x5u

typedef struct probe {
    const char *feature;
    uint32_t word; /* an instruction of the feature; X2 points at DATA */
} probe_t;

static const probe_t present[] = {
    {"FEAT_FP", 0x1e622820},       /* fadd d0, d1, d2 */
    {"FEAT_AdvSIMD", 0x4ea28420},  /* add v0.4s, v1.4s, v2.4s */
    {"FEAT_FP16", 0x1ee22820},     /* fadd h0, h1, h2 */
    {"FEAT_SSBS", 0xd503413f},     /* msr ssbs, #1 */
    {"FEAT_AES", 0x4e284820},      /* aese v0.16b, v1.16b */
    {"FEAT_PMULL", 0x0ee2e020},    /* pmull v0.1q, v1.1d, v2.1d */
    {"FEAT_SHA1", 0x5e280820},     /* sha1h s0, s1 */
    {"FEAT_SHA256", 0x5e282820},   /* sha256su0 v0.4s, v1.4s */
    {"FEAT_SHA512", 0xcec08020},   /* sha512su0 v0.2d, v1.2d */
    {"FEAT_CRC32", 0x1ac24020},    /* crc32b w0, w1, w2 */
    {"FEAT_LSE", 0xf8200041},      /* ldadd x0, x1, [x2] */
    {"FEAT_RDM", 0x6e828420},      /* sqrdmlah v0.4s, v1.4s, v2.4s */
    {"FEAT_SHA3", 0xce020c20},     /* eor3 v0.16b, v1.16b, v2.16b, v3.16b */
    {"FEAT_DotProd", 0x4e829420},  /* sdot v0.4s, v1.16b, v2.16b */
    {"FEAT_FHM", 0x0e22ec20},      /* fmlal v0.2s, v1.2h, v2.2h */
    {"FEAT_DPB", 0xd50b7c22},      /* dc cvap, x2 */
    {"FEAT_JSCVT", 0x1e7e0020},    /* fjcvtzs w0, d1 */
    {"FEAT_LRCPC", 0xf8bfc040},    /* ldapr x0, [x2] */
    {"FEAT_FRINTTS", 0x1e684020},  /* frint32z d0, d1 */
    {"FEAT_SB", 0xd50330ff},       /* sb */
    {"FEAT_PAN", 0xd500419f},      /* msr pan, #1 (EL1) */
};

/* Features that add no instruction or register: guarantees about
 * speculation, which an emulator without speculation meets by construction.
 * max advertises them so that Linux skips KPTI and the Spectre mitigations. */
static const char *const properties[] = {"FEAT_CSV2", "FEAT_CSV3",
                                         "FEAT_ECBHB"};

static bool is_property(const char *name)
{
    for (size_t i = 0; i < sizeof(properties) / sizeof(properties[0]); i++)
        if (strcmp(properties[i], name) == 0)
            return true;
    return false;
}

static const probe_t absent[] = {
    {"FEAT_FCMA", 0x6e82e420},   /* fcadd v0.4s, v1.4s, v2.4s, #90 */
    {"FEAT_BF16", 0x6e42fc20},   /* bfdot v0.4s, v1.8h, v2.8h */
    {"FEAT_FlagM", 0xd500401f},  /* cfinv */
    {"FEAT_PAuth", 0xdac10020},  /* pacia x0, x1 */
    {"FEAT_I8MM", 0x4e82a420},   /* smmla v0.4s, v1.16b, v2.16b */
    {"FEAT_SM3", 0xce420c20},    /* sm3ss1 v0.4s, v1.4s, v2.4s, v3.4s */
    {"FEAT_LRCPC2", 0xd9400040}, /* ldapur x0, [x2] */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const probe_t *find(const probe_t *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].feature, name) == 0)
            return &list[i];
    return NULL;
}

/* Runs word at EL1 (BRK after it) and returns the exit reason. */
static uint32_t run_word_at_el1(arm64emu_machine *m, uint32_t word)
{
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, EL1H), ARM64EMU_OK);
    test_set_x(m, 2, DATA);
    uint32_t code[2] = {word, 0xd4200000}; /* word; brk #0 */
    test_load(m, TEST_RAM_BASE, code, 2);
    return test_run(m, 10).reason;
}

START_TEST(every_feature_max_advertises_runs_an_instruction)
{
    const char *names[128];
    size_t n;
    ck_assert_int_eq(arm64emu_model_features("max", names, 128, &n), ARM64EMU_OK);
    arm64emu_machine *m = test_machine_with("max", 0);
    for (size_t i = 0; i < n; i++) {
        if (is_property(names[i]))
            continue;
        const probe_t *p = find(present, COUNT(present), names[i]);
        ck_assert_msg(p != NULL, "max advertises %s but this test has no probe for it",
                      names[i]);
        uint32_t reason = run_word_at_el1(m, p->word);
        ck_assert_msg(reason == ARM64EMU_EXIT_BRK,
                      "%s: 0x%08x ended with exit %u, expected it to run",
                      names[i], p->word, reason);
    }
    arm64emu_destroy(m);
}
END_TEST

START_TEST(every_probe_names_a_feature_max_advertises)
{
    const char *names[128];
    size_t n;
    ck_assert_int_eq(arm64emu_model_features("max", names, 128, &n), ARM64EMU_OK);
    for (size_t i = 0; i < COUNT(present); i++) {
        bool found = false;
        for (size_t k = 0; k < n; k++)
            found |= strcmp(names[k], present[i].feature) == 0;
        ck_assert_msg(found, "%s has a probe but max does not advertise it",
                      present[i].feature);
    }
}
END_TEST

START_TEST(features_max_lacks_are_undefined)
{
    const char *names[128];
    size_t n;
    ck_assert_int_eq(arm64emu_model_features("max", names, 128, &n), ARM64EMU_OK);
    arm64emu_machine *m = test_machine_with("max", 0);
    for (size_t i = 0; i < COUNT(absent); i++) {
        for (size_t k = 0; k < n; k++)
            ck_assert_msg(strcmp(names[k], absent[i].feature) != 0,
                          "max advertises %s: move its probe to the present list",
                          absent[i].feature);
        uint32_t reason = run_word_at_el1(m, absent[i].word);
        ck_assert_msg(reason == ARM64EMU_EXIT_UNDEFINED,
                      "%s: 0x%08x ended with exit %u, expected UNDEFINED",
                      absent[i].feature, absent[i].word, reason);
    }
    arm64emu_destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("max_features");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, every_feature_max_advertises_runs_an_instruction);
    tcase_add_test(tc, every_probe_names_a_feature_max_advertises);
    tcase_add_test(tc, features_max_lacks_are_undefined);
    suite_add_tcase(s, tc);
    return test_main(s);
}
