/* The system register tables, guest and API write rules, and CPU models
 * with their features. */
#include <string.h>

#include "harness.h"
#include "sysreg.h"

typedef struct {
    const sysreg_def_t *all[1024];
    unsigned n;
} collected_t;

static void collect(const sysreg_def_t *d, void *ctx)
{
    collected_t *c = ctx;
    ck_assert_uint_lt(c->n, 1024);
    c->all[c->n++] = d;
}

START_TEST(sysreg_tables_have_unique_encodings_and_names)
{
    static collected_t c;
    c.n = 0;
    sysreg_for_each(collect, &c);
    ck_assert_uint_gt(c.n, 100);
    for (unsigned i = 0; i < c.n; i++) {
        const sysreg_def_t *d = c.all[i];
        ck_assert_msg(d->key <= 0xffff && (d->key >> 14) >= 1,
                      "%s: key 0x%x is not an MRS/MSR/SYS encoding", d->name,
                      d->key);
        ck_assert_msg(d->op || d->read || d->slot >= 0 || d->write,
                      "%s: neither readable nor writable", d->name);
        ck_assert_msg(d->slot < SR_COUNT, "%s: slot out of range", d->name);
        ck_assert_msg(sysreg_find(d->key) == d,
                      "%s: sysreg_find returns another entry", d->name);
        for (unsigned j = i + 1; j < c.n; j++) {
            ck_assert_msg(d->key != c.all[j]->key, "%s and %s share key 0x%x",
                          d->name, c.all[j]->name, d->key);
            ck_assert_msg(strcmp(d->name, c.all[j]->name) != 0,
                          "name %s appears twice", d->name);
            ck_assert_msg(d->slot < 0 || d->slot != c.all[j]->slot,
                          "%s and %s share a storage slot", d->name,
                          c.all[j]->name);
        }
    }
}
END_TEST

START_TEST(unallocated_id_registers_read_as_zero_at_el1)
{
    arm64emu_machine *m = test_machine();
    uint64_t v = 1;
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, ARM64EMU_SYSREG(3, 0, 0, 3, 7), &v), ARM64EMU_OK);
    ck_assert_uint_eq(v, 0);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, 0x5), ARM64EMU_OK);
    const uint32_t code[] = {0xd53803e4, 0xd4200000}; /* mrs x4, s3_0_c0_c3_7 */
    test_set_x(m, 4, 0x55);
    test_load(m, TEST_RAM_BASE, code, 2);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 4), 0);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(guest_msr_applies_masks_and_the_api_writes_raw)
{
    arm64emu_machine *m = test_machine();
    const uint32_t vbar = ARM64EMU_SYSREG(3, 0, 12, 0, 0);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, 0x5), ARM64EMU_OK);
    const uint32_t code[] = {0xd518c005, 0xd538c006, 0xd4200000}; /* msr vbar_el1, x5; mrs x6, vbar_el1 */
    test_set_x(m, 5, 0x12345fff);
    test_load(m, TEST_RAM_BASE, code, 3);
    ck_assert_uint_eq(test_run(m, 10).reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 6), 0x12345800); /* bits 10:0 RES0 */
    ck_assert_int_eq(arm64emu_sysreg_write(m, 0, vbar, 0x12345fff), ARM64EMU_OK);
    uint64_t v;
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, vbar, &v), ARM64EMU_OK);
    ck_assert_uint_eq(v, 0x12345fff);
    arm64emu_destroy(m);
}
END_TEST

static arm64emu_machine *machine_cfg(int el2, int el3, const char *minus,
                                     const char *plus)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, TEST_RAM_SIZE), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL2, (uint64_t)el2), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL3, (uint64_t)el3), ARM64EMU_OK);
    if (minus)
        ck_assert_int_eq(arm64emu_config_set_feature(cfg, minus, 0), ARM64EMU_OK);
    if (plus)
        ck_assert_int_eq(arm64emu_config_set_feature(cfg, plus, 1), ARM64EMU_OK);
    arm64emu_machine *m;
    ck_assert_int_eq(arm64emu_create(cfg, &m), ARM64EMU_OK);
    arm64emu_config_free(cfg);
    return m;
}

START_TEST(id_registers_say_which_els_exist_all_aarch64_only)
{
    arm64emu_machine *m = machine_cfg(0, 1, NULL, NULL);
    uint64_t pfr0;
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, ARM64EMU_SYSREG(3, 0, 0, 4, 0), &pfr0), ARM64EMU_OK);
    ck_assert_uint_eq(pfr0 & 0xffff, 0x1011);
    /* no EL2: its registers do not exist */
    uint64_t v;
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, ARM64EMU_SYSREG(3, 4, 1, 1, 0), &v), ARM64EMU_ERR_UNKNOWN_REGISTER);
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, ARM64EMU_SYSREG(3, 6, 1, 1, 0), &v), ARM64EMU_OK);
    arm64emu_destroy(m);
}
END_TEST

static bool has(const char **names, size_t n, const char *f)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], f) == 0)
            return true;
    return false;
}

START_TEST(models_list_their_features_by_arm_name)
{
    const char *names[128];
    size_t n;
    ck_assert_int_eq(arm64emu_model_features("cortex-a53", names, 128, &n), ARM64EMU_OK);
    ck_assert(has(names, n, "FEAT_CRC32"));
    ck_assert(has(names, n, "FEAT_PMULL"));
    ck_assert(!has(names, n, "FEAT_LSE"));
    ck_assert(!has(names, n, "FEAT_PAN"));
    ck_assert_int_eq(arm64emu_model_features("max", names, 128, &n), ARM64EMU_OK);
    ck_assert(has(names, n, "FEAT_LSE"));
    ck_assert(has(names, n, "FEAT_PAN"));
    ck_assert(!has(names, n, "FEAT_SVE"));
    size_t total;
    ck_assert_int_eq(arm64emu_model_features("max", NULL, 0, &total), ARM64EMU_OK);
    ck_assert_uint_eq(total, n);
    ck_assert_int_eq(arm64emu_model_features("pentium", NULL, 0, &total), ARM64EMU_ERR_UNKNOWN_MODEL);
}
END_TEST

START_TEST(custom_models_add_and_remove_features)
{
    const uint32_t cas[] = {0xc8a07c41, 0xd4200000}; /* cas x0, x1, [x2] */
    arm64emu_machine *m = machine_cfg(1, 0, "FEAT_LSE", NULL);
    const char *names[128];
    size_t n;
    ck_assert_int_eq(arm64emu_machine_features(m, names, 128, &n), ARM64EMU_OK);
    ck_assert(!has(names, n, "FEAT_LSE"));
    test_set_x(m, 2, TEST_RAM_BASE + 0x800);
    test_load(m, TEST_RAM_BASE, cas, 2);
    ck_assert_uint_eq(test_run(m, 10).reason, ARM64EMU_EXIT_UNDEFINED);
    arm64emu_destroy(m);

    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_feature(cfg, "FEAT_SVE", 1), ARM64EMU_ERR_UNSUPPORTED);
    ck_assert_int_eq(arm64emu_config_set_feature(cfg, "FEAT_NOPE", 1), ARM64EMU_ERR_INVALID_ARGUMENT);
    arm64emu_config_free(cfg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sysregs");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, sysreg_tables_have_unique_encodings_and_names);
    tcase_add_test(tc, unallocated_id_registers_read_as_zero_at_el1);
    tcase_add_test(tc, guest_msr_applies_masks_and_the_api_writes_raw);
    tcase_add_test(tc, id_registers_say_which_els_exist_all_aarch64_only);
    tcase_add_test(tc, models_list_their_features_by_arm_name);
    tcase_add_test(tc, custom_models_add_and_remove_features);
    suite_add_tcase(s, tc);
    return test_main(s);
}
