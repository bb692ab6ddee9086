/* The CPU part of snapshots: cpuN, cpuN.model, cpuN.regs, cpuN.sysregs.
 * The part's own file is included so that its tables and the functions
 * that take them as parameters (alias table, policies) are testable. */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#include "snap_cpu.c"

/* ---- helpers --------------------------------------------------------------- */

static machine_t *new_machine(const char *model, int el2, int el3)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, TEST_RAM_SIZE), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_str(cfg, ARM64EMU_CFG_CPU_MODEL, model), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL2, (uint64_t)el2), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL3, (uint64_t)el3), ARM64EMU_OK);
    arm64emu_machine *m;
    ck_assert_int_eq(arm64emu_create(cfg, &m), ARM64EMU_OK);
    arm64emu_config_free(cfg);
    return m;
}

typedef struct load_ctx {
    snap_load_t ld;
    snap_report_t rep;
    snap_err_t err;
} load_ctx_t;

static void ctx_init(load_ctx_t *c, machine_t *m)
{
    memset(c, 0, sizeof(*c));
    snap_report_init(&c->rep);
    c->ld.m = m;
    c->ld.rep = &c->rep;
    c->ld.err = &c->err;
}

static void ctx_free(load_ctx_t *c)
{
    snap_report_free(&c->rep);
    snap_kept_free(&c->ld.kept);
}

static const char *report(const load_ctx_t *c)
{
    return c->rep.text ? c->rep.text : "";
}

/* How a crafted cpu0 record's nested records are written. */
typedef struct craft {
    const uint64_t *pairs; /* cpu0.sysregs pairs instead of the saved ones */
    size_t npairs;
    /* cpu0.regs replaced: write fields of your own (NULL: saved) */
    void (*regs)(snap_writer_t *w, const cpu_t *cpu, const void *arg);
    const void *arg;
    const uint64_t *id;    /* cpu0.model id instead of the saved one */
    size_t nid;
} craft_t;

/* A file holding one cpu0 record (no end record checks needed beyond
 * the codec's). */
static uint8_t *craft_file(machine_t *m, const craft_t *cr, size_t *len)
{
    snap_writer_t w;
    snap_w_init(&w);
    ck_assert(snap_w_header(&w, "test", "0", 0));
    if (!cr) {
        ck_assert(snap_part_cpu.save(&w, m, 0));
    } else {
        const cpu_t *cpu = &m->cpus[0];
        ck_assert(snap_w_begin(&w, "cpu0", F_C));
        if (cr->id) {
            ck_assert(snap_w_begin(&w, "cpu0.model", F_C));
            ck_assert(snap_w_u64_array(&w, "id", F_C, cr->id, cr->nid));
            ck_assert(snap_w_u64(&w, "mpidr_cluster", F_C, cpu->model->mpidr_cluster));
            ck_assert(snap_w_end(&w));
        } else {
            ck_assert(save_model(&w, m, cpu->model, "cpu0.model"));
        }
        if (cr->regs) {
            ck_assert(snap_w_begin(&w, "cpu0.regs", F_C));
            cr->regs(&w, cpu, cr->arg);
            ck_assert(snap_w_end(&w));
        } else {
            ck_assert(save_regs(&w, m, cpu, "cpu0.regs"));
        }
        if (cr->pairs) {
            ck_assert(snap_w_begin(&w, "cpu0.sysregs", F_C));
            ck_assert(snap_w_u64_array(&w, "pairs", F_C, cr->pairs, cr->npairs));
            ck_assert(snap_w_end(&w));
        } else {
            ck_assert(save_sysregs(&w, m, cpu, "cpu0.sysregs"));
        }
        ck_assert(snap_w_end(&w));
    }
    ck_assert(snap_w_finish(&w));
    return snap_w_take(&w, len);
}

static snap_item_t first_record(const uint8_t *buf, size_t len)
{
    snap_header_t h;
    snap_cursor_t top;
    snap_item_t it;
    snap_err_t err;
    ck_assert_msg(snap_open(buf, len, &h, &top, &err), "%s", err.msg);
    ck_assert_int_eq(snap_next(&top, &it, &err), 1);
    return it;
}

/* Parses and (when it parses) applies buf's cpu0 record into m. */
static bool load_into(machine_t *m, const uint8_t *buf, size_t len,
                      load_ctx_t *c, const sysreg_alias_t *aliases)
{
    snap_item_t rec = first_record(buf, len);
    ctx_init(c, m);
    void *st = parse_with(&c->ld, 0, &rec, aliases ? aliases : sysreg_aliases);
    if (!st)
        return false;
    snap_part_cpu.apply(m, 0, st);
    snap_part_cpu.release(st);
    return true;
}

/* The saved regs record with one field's writer replaced. */
typedef struct regs_edit {
    const char *skip;       /* field left out */
    void (*write)(snap_writer_t *w);
} regs_edit_t;

static void regs_edited(snap_writer_t *w, const cpu_t *cpu, const void *arg)
{
    const regs_edit_t *e = arg;
    uint8_t v[512] = {0};
    static const char *const u64s[] = {
        "sp_el0", "sp_el1", "sp_el2", "sp_el3", "pc", "pstate", "fpcr", "fpsr",
        "icount", "excl_valid", "excl_addr", "excl_size", "lines"};
    uint64_t vals[] = {cpu_sp_el(cpu, 0), cpu_sp_el(cpu, 1), cpu_sp_el(cpu, 2),
                       cpu_sp_el(cpu, 3), cpu->pc, pstate_read(cpu), cpu->fpcr,
                       cpu->fpsr, cpu->icount, cpu->excl.valid, cpu->excl.addr,
                       cpu->excl.size, cpu->lines};
    if (strcmp(e->skip, "x") != 0)
        ck_assert(snap_w_u64_array(w, "x", F_C, cpu->r, 31));
    for (size_t i = 0; i < sizeof(u64s) / sizeof(u64s[0]); i++) {
        if (strcmp(e->skip, u64s[i]) == 0)
            continue;
        unsigned el = i < 4 ? (unsigned)i : 0;
        if (i < 4 && el >= 2 && !model_has_el(cpu->model, el))
            continue;
        ck_assert(snap_w_u64(w, u64s[i], F_C, vals[i]));
    }
    if (strcmp(e->skip, "v") != 0)
        ck_assert(snap_w_bytes(w, "v", F_C, v, sizeof(v)));
    if (e->write)
        e->write(w);
}

/* ---- round trip -------------------------------------------------------------- */

static uint64_t distinctive(unsigned i)
{
    return 0x9e3779b97f4a7c15ull * (i + 1) ^ ((uint64_t)i << 56);
}

/* Fills every kind of CPU state of m with distinctive values. */
static void fill_state(machine_t *m)
{
    cpu_t *cpu = &m->cpus[0];
    for (unsigned i = 0; i < 31; i++)
        ck_assert_int_eq(arm64emu_reg_write(m, 0, (arm64emu_reg)i, distinctive(i)), ARM64EMU_OK);
    /* EL2h (EL1h without EL2), NZCV, DAIF, PAN, SSBS */
    unsigned top = model_has_el(cpu->model, 2) ? 2 : 1;
    uint64_t ps = 0xa0000000ull | PSR_DAIF | PSR_PAN | PSR_SSBS | (top << 2) | 1;
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, ps), ARM64EMU_OK);
    for (unsigned el = 0; el < 4; el++)
        if (el < 2 || model_has_el(cpu->model, el))
            ck_assert_int_eq(arm64emu_reg_write(m, 0, (arm64emu_reg)(ARM64EMU_REG_SP_EL0 + el),
                                            0x1000 * (el + 1) + 0x10), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, TEST_RAM_BASE + 0x124), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_FPCR,
                                        0x03c00000 | (id_field(cpu->model->id_aa64pfr0_el1, 16) == 1 ? 1u << 19 : 0)), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_FPSR, 0x0800009f), ARM64EMU_OK);
    for (unsigned n = 0; n < 32; n++) {
        uint8_t b[16];
        for (unsigned j = 0; j < 16; j++)
            b[j] = (uint8_t)(n * 16 + j + 1);
        ck_assert_int_eq(arm64emu_vreg_write(m, 0, n, b), ARM64EMU_OK);
    }
    cpu->icount = 123456789;
    cpu->excl = (excl_monitor_t){true, TEST_RAM_BASE + 0x40, 16, {0x1111, 0x2222}};
    cpu->lines = ARM64EMU_LINE_IRQ | ARM64EMU_LINE_VFIQ;
    catalogue_t c;
    catalogue_build(&c);
    for (size_t i = 0; i < c.n; i++) {
        const saved_reg_t *s = &c.r[i];
        if (!sysreg_present(cpu->model, s->d))
            continue;
        uint64_t v = distinctive((unsigned)i + 40) & ~saved_res0(s, cpu->model);
        switch (s->hold) {
        case HOLD_TPIDR_EL0: cpu->tpidr_el0 = v; break;
        case HOLD_TPIDRRO_EL0: cpu->tpidrro_el0 = v; break;
        default: cpu->sr[s->slot] = v; break;
        }
    }
    cpu_update_mode(cpu);
}

static void assert_same_state(machine_t *a, machine_t *b)
{
    const cpu_t *x = &a->cpus[0], *y = &b->cpus[0];
    for (unsigned i = 0; i < 31; i++)
        ck_assert_uint_eq(x->r[i], y->r[i]);
    for (unsigned el = 0; el < 4; el++)
        ck_assert_uint_eq(cpu_sp_el(x, el), cpu_sp_el(y, el));
    ck_assert_uint_eq(x->r[REG_SP], y->r[REG_SP]);
    ck_assert_uint_eq(x->pc, y->pc);
    ck_assert_uint_eq(pstate_read(x), pstate_read(y));
    ck_assert_int_eq(memcmp(x->v, y->v, sizeof(x->v)), 0);
    ck_assert_uint_eq(x->fpcr, y->fpcr);
    ck_assert_uint_eq(x->fpsr, y->fpsr);
    ck_assert_uint_eq(x->icount, y->icount);
    ck_assert(x->excl.valid == y->excl.valid);
    ck_assert_uint_eq(x->excl.addr, y->excl.addr);
    ck_assert_uint_eq(x->excl.size, y->excl.size);
    ck_assert_uint_eq(x->excl.value[0], y->excl.value[0]);
    ck_assert_uint_eq(x->excl.value[1], y->excl.value[1]);
    ck_assert_uint_eq(x->lines, y->lines);
    ck_assert_uint_eq(x->tpidr_el0, y->tpidr_el0);
    ck_assert_uint_eq(x->tpidrro_el0, y->tpidrro_el0);
    for (unsigned s = 0; s < SR_COUNT; s++)
        ck_assert_msg(x->sr[s] == y->sr[s], "slot %u: 0x%llx != 0x%llx", s,
                      (unsigned long long)x->sr[s], (unsigned long long)y->sr[s]);
    ck_assert_uint_eq(x->mode, y->mode);
    ck_assert_uint_eq(x->attention, y->attention);
}

static void round_trip(const char *model, int el2, int el3)
{
    machine_t *a = new_machine(model, el2, el3), *b = new_machine(model, el2, el3);
    fill_state(a);
    size_t len, len2;
    uint8_t *f1 = craft_file(a, NULL, &len);
    load_ctx_t c;
    ck_assert_msg(load_into(b, f1, len, &c, NULL), "%s", c.err.msg);
    ck_assert_msg(c.rep.text == NULL, "unexpected report: %s", report(&c));
    ctx_free(&c);
    assert_same_state(a, b);
    uint8_t *f2 = craft_file(b, NULL, &len2);
    ck_assert_uint_eq(len, len2);
    ck_assert_int_eq(memcmp(f1, f2, len), 0);
    free(f1);
    free(f2);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}

START_TEST(round_trip_restores_every_register_kind_byte_identically)
{
    round_trip("max", 1, 1);
}
END_TEST

START_TEST(round_trip_without_el3_writes_no_el3_state)
{
    machine_t *m = new_machine("cortex-a72", 1, 0);
    size_t len;
    uint8_t *f = craft_file(m, NULL, &len);
    snap_item_t rec = first_record(f, len), regs, sys, it;
    snap_err_t err;
    ck_assert_int_eq(snap_find(&rec, "cpu0.regs", &regs, &err), 1);
    ck_assert_int_eq(snap_find(&regs, "sp_el3", &it, &err), 0);
    ck_assert_int_eq(snap_find(&regs, "sp_el2", &it, &err), 1);
    ck_assert_int_eq(snap_find(&rec, "cpu0.sysregs", &sys, &err), 1);
    ck_assert_int_eq(snap_find(&sys, "pairs", &it, &err), 1);
    uint64_t pairs[1024];
    size_t n;
    ck_assert(snap_get_u64_array(&it, pairs, 1024, &n, &err));
    for (size_t i = 0; i < n; i += 2) {
        ck_assert_uint_ne((pairs[i] >> 11) & 7, 6); /* no op1 = 6 (EL3) */
        if (i)
            ck_assert_uint_lt(pairs[i - 2], pairs[i]); /* sorted */
    }
    free(f);
    arm64emu_destroy(m);
    round_trip("cortex-a53", 0, 0);
}
END_TEST

START_TEST(restored_cpu_runs_on_exactly_like_the_original)
{
    machine_t *a = new_machine("max", 1, 0), *b = new_machine("max", 1, 0);
    /* add x1, x1, #1; str x1, [sp, #-16]!; ldr x2, [sp], #16; mrs x3, tpidr_el0; brk */
    const uint32_t code[] = {0x91000421, 0xf81f0fe1, 0xf84107e2, 0xd53bd043, 0xd4200000};
    test_load(a, TEST_RAM_BASE, code, 5);
    test_load(b, TEST_RAM_BASE, code, 5);
    ck_assert_int_eq(arm64emu_reg_write(a, 0, ARM64EMU_REG_PSTATE, 0x5), ARM64EMU_OK); /* EL1h */
    ck_assert_int_eq(arm64emu_reg_write(a, 0, ARM64EMU_REG_SP_EL1, TEST_RAM_BASE + 0x8000), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_reg_write(a, 0, ARM64EMU_REG_PC, TEST_RAM_BASE), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_reg_write(a, 0, 1, 41), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_sysreg_write(a, 0, ARM64EMU_SYSREG(3, 3, 13, 0, 2), 0x7777), ARM64EMU_OK);
    size_t len;
    uint8_t *f = craft_file(a, NULL, &len);
    load_ctx_t c;
    ck_assert_msg(load_into(b, f, len, &c, NULL), "%s", c.err.msg);
    ctx_free(&c);
    ck_assert_uint_eq(b->cpus[0].r[REG_SP], TEST_RAM_BASE + 0x8000);
    ck_assert_uint_eq(b->cpus[0].mode & MODE_EL_MASK, 1);
    arm64emu_exit ea = test_run(a, 100), eb = test_run(b, 100);
    ck_assert_uint_eq(ea.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(eb.reason, ARM64EMU_EXIT_BRK);
    for (unsigned r = 1; r <= 3; r++)
        ck_assert_uint_eq(test_x(a, r), test_x(b, r));
    ck_assert_uint_eq(test_x(b, 2), 42);
    ck_assert_uint_eq(test_x(b, 3), 0x7777);
    ck_assert_uint_eq(test_icount(a), test_icount(b));
    free(f);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

static bool in_table(const sysreg_def_t *d, const sysreg_def_t *table)
{
    for (const sysreg_def_t *t = table; t->name; t++)
        if (t == d)
            return true;
    return false;
}

START_TEST(every_storage_slot_is_saved_exactly_once)
{
    catalogue_t c;
    catalogue_build(&c);
    ck_assert_uint_lt(c.n, SAVED_MAX);
    unsigned count[SR_COUNT] = {0};
    for (size_t i = 0; i < c.n; i++) {
        if (i)
            ck_assert_uint_lt(c.r[i - 1].key, c.r[i].key);
        if (c.r[i].hold == HOLD_SLOT)
            count[c.r[i].slot]++;
    }
    for (unsigned s = 0; s < SR_COUNT; s++)
        ck_assert_msg(count[s] == 1, "slot %u saved %u times", s, count[s]);
    ck_assert_ptr_nonnull(catalogue_find(&c, K(3, 4, 14, 0, 3))); /* CNTVOFF_EL2 */
    ck_assert_ptr_nonnull(catalogue_find(&c, K(3, 4, 12, 11, 0))); /* ICH_HCR_EL2 */
    /* the timers' CTL/CVAL and ICC_* are the timerN and gic.cpuifN records' */
    for (size_t i = 0; i < c.n; i++) {
        ck_assert(!in_table(c.r[i].d, timer_sysregs) || c.r[i].d->slot >= 0);
        ck_assert(strncmp(c.r[i].d->name, "ICC_", 4) != 0);
    }
}
END_TEST

START_TEST(owns_only_cpu_tags_in_range)
{
    unsigned n = 99;
    ck_assert(cpu_owns("cpu0", &n));
    ck_assert_uint_eq(n, 0);
    ck_assert(cpu_owns("cpu12", &n));
    ck_assert_uint_eq(n, 12);
    ck_assert(!cpu_owns("cpu", &n));
    ck_assert(!cpu_owns("cpu01", &n));
    ck_assert(!cpu_owns("cpu0.regs", &n));
    ck_assert(!cpu_owns("cpux", &n));
    ck_assert(!cpu_owns("cpu99999999999999999999", &n));
    ck_assert(!cpu_owns("timer0", &n));
}
END_TEST

/* ---- RES0 policies, unknown encodings, aliases ------------------------------- */

static bool load_pairs(machine_t *m, const uint64_t *pairs, size_t n, load_ctx_t *c,
                       const sysreg_alias_t *aliases)
{
    craft_t cr = {.pairs = pairs, .npairs = n};
    size_t len;
    uint8_t *f = craft_file(m, &cr, &len);
    bool ok = load_into(m, f, len, c, aliases);
    free(f);
    return ok;
}

START_TEST(res0_bits_follow_the_registers_policy)
{
    machine_t *m = new_machine("max", 1, 0);
    load_ctx_t c;
    /* default: mask and report (CSSELR_EL1 has only bits 3:0) */
    const uint64_t mask[] = {K(3, 2, 0, 0, 0), 0x13};
    ck_assert_msg(load_pairs(m, mask, 2, &c, NULL), "%s", c.err.msg);
    ck_assert_uint_eq(m->cpus[0].sr[SR_CSSELR_EL1], 0x3);
    ck_assert_ptr_nonnull(strstr(report(&c), "CSSELR_EL1"));
    ck_assert_ptr_nonnull(strstr(report(&c), "0x10"));
    ctx_free(&c);
    /* keep: ACTLR_EL1 (IMPLEMENTATION DEFINED) is stored raw */
    const uint64_t keep[] = {K(3, 0, 1, 0, 1), 0xabcd};
    ck_assert_msg(load_pairs(m, keep, 2, &c, NULL), "%s", c.err.msg);
    ck_assert_uint_eq(m->cpus[0].sr[SR_ACTLR_EL1], 0xabcd);
    ck_assert_ptr_null(strstr(report(&c), "ACTLR_EL1"));
    ctx_free(&c);
    /* refuse: HCR_EL2.E2H (bit 34) is a control this version lacks */
    m->cpus[0].sr[SR_HCR_EL2] = HCR_RW;
    const uint64_t refuse[] = {K(3, 4, 1, 1, 0), HCR_RW | (1ull << 34)};
    ck_assert(!load_pairs(m, refuse, 2, &c, NULL));
    ck_assert_int_eq(c.ld.status, ARM64EMU_ERR_INCOMPATIBLE);
    ck_assert_ptr_nonnull(strstr(c.err.msg, "HCR_EL2"));
    ck_assert_uint_eq(m->cpus[0].sr[SR_HCR_EL2], HCR_RW); /* untouched */
    ctx_free(&c);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(unknown_encodings_are_skipped_and_reported_by_name)
{
    machine_t *m = new_machine("max", 1, 0);
    load_ctx_t c;
    const uint64_t pairs[] = {
        K(3, 0, 1, 0, 3), 5,     /* SCTLR2_EL1: named, not implemented */
        K(3, 0, 13, 0, 4), 0x44, /* TPIDR_EL1 */
        K(3, 0, 15, 15, 7), 6,   /* no name at all */
        K(3, 0, 0, 0, 0), 7,     /* MIDR_EL1: implemented, not state here */
    };
    ck_assert_msg(load_pairs(m, pairs, 8, &c, NULL), "%s", c.err.msg);
    ck_assert_uint_eq(m->cpus[0].sr[SR_TPIDR_EL1], 0x44);
    ck_assert_ptr_nonnull(strstr(report(&c), "SCTLR2_EL1"));
    ck_assert_ptr_nonnull(strstr(report(&c), "S3_0_C15_C15_7"));
    ck_assert_ptr_nonnull(strstr(report(&c), "MIDR_EL1"));
    ck_assert_uint_eq(c.rep.skipped, 3);
    /* registers the file lacks take their reset values, reported */
    ck_assert_ptr_nonnull(strstr(report(&c), "defaulted missing 'SCTLR_EL1'"));
    ck_assert_uint_eq(m->cpus[0].sr[SR_SCTLR_EL1], sysreg_find(K(3, 0, 1, 0, 0))->reset);
    ctx_free(&c);
    /* a register whose loss breaks the guest refuses the file */
    const uint64_t key[] = {K(3, 0, 2, 1, 0), 1};
    ck_assert(!load_pairs(m, key, 2, &c, NULL));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "APIAKeyLo_EL1"));
    ck_assert_int_eq(c.ld.status, ARM64EMU_ERR_INCOMPATIBLE);
    ctx_free(&c);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(alias_table_maps_old_encodings_before_values_apply)
{
    static const sysreg_alias_t test_aliases[] = {
        {K(3, 0, 15, 0, 0), K(3, 0, 13, 0, 4), "test: old TPIDR_EL1 encoding"},
        {0, 0, NULL},
    };
    ck_assert_uint_eq(alias_lookup(test_aliases, K(3, 0, 15, 0, 0)), K(3, 0, 13, 0, 4));
    ck_assert_uint_eq(alias_lookup(test_aliases, K(3, 0, 15, 0, 1)), K(3, 0, 15, 0, 1));
    ck_assert_uint_eq(alias_lookup(sysreg_aliases, K(3, 0, 15, 0, 0)), K(3, 0, 15, 0, 0));
    machine_t *m = new_machine("max", 1, 0);
    load_ctx_t c;
    const uint64_t pairs[] = {K(3, 0, 15, 0, 0), 0x5150};
    ck_assert_msg(load_pairs(m, pairs, 2, &c, test_aliases), "%s", c.err.msg);
    ck_assert_uint_eq(m->cpus[0].sr[SR_TPIDR_EL1], 0x5150);
    ck_assert_ptr_null(strstr(report(&c), "skipped"));
    ctx_free(&c);
    /* an old and a current encoding of one register is a duplicate */
    const uint64_t dup[] = {K(3, 0, 15, 0, 0), 1, K(3, 0, 13, 0, 4), 2};
    ck_assert(!load_pairs(m, dup, 4, &c, test_aliases));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "TPIDR_EL1 twice"));
    ctx_free(&c);
    arm64emu_destroy(m);
}
END_TEST

/* ---- damaged and refused records ---------------------------------------------- */

START_TEST(damaged_pairs_give_errors_naming_the_item)
{
    machine_t *m = new_machine("max", 1, 0);
    load_ctx_t c;
    const uint64_t odd[] = {K(3, 0, 13, 0, 4), 1, 2};
    ck_assert(!load_pairs(m, odd, 3, &c, NULL));
    ck_assert_int_eq(c.ld.status, ARM64EMU_ERR_BAD_SNAPSHOT);
    ck_assert_ptr_nonnull(strstr(c.err.msg, "'pairs'"));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "even"));
    ctx_free(&c);
    const uint64_t bad_key[] = {0x12345678, 1};
    ck_assert(!load_pairs(m, bad_key, 2, &c, NULL));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "not a system register encoding"));
    ctx_free(&c);
    const uint64_t el3_reg[] = {K(3, 6, 1, 1, 0), 0x30}; /* SCR_EL3, no EL3 */
    ck_assert(!load_pairs(m, el3_reg, 2, &c, NULL));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "SCR_EL3"));
    ck_assert_int_eq(c.ld.status, ARM64EMU_ERR_INCOMPATIBLE);
    ctx_free(&c);
    arm64emu_destroy(m);
}
END_TEST

static void w_x30(snap_writer_t *w)
{
    uint64_t x[30] = {0};
    ck_assert(snap_w_u64_array(w, "x", F_C, x, 30));
}
static void w_pc_string(snap_writer_t *w) { ck_assert(snap_w_str(w, "pc", F_C, "0x1000")); }
static void w_v_short(snap_writer_t *w)
{
    uint8_t v[100] = {0};
    ck_assert(snap_w_bytes(w, "v", F_C, v, sizeof(v)));
}
static void w_pstate_el3(snap_writer_t *w) { ck_assert(snap_w_u64(w, "pstate", F_C, 0xd)); }
static void w_pstate_aarch32(snap_writer_t *w) { ck_assert(snap_w_u64(w, "pstate", F_C, 0x10)); }
static void w_pstate_el0h(snap_writer_t *w) { ck_assert(snap_w_u64(w, "pstate", F_C, 0x1)); }
static void w_pstate_btype(snap_writer_t *w) { ck_assert(snap_w_u64(w, "pstate", F_C, 0xc00 | 0x5)); }
static void w_sp_el3(snap_writer_t *w) { ck_assert(snap_w_u64(w, "sp_el3", F_C, 0x100)); }
static void w_excl_size(snap_writer_t *w) { ck_assert(snap_w_u64(w, "excl_size", F_C, 3)); }
static void w_excl_value1(snap_writer_t *w)
{
    uint64_t v = 0;
    ck_assert(snap_w_u64_array(w, "excl_value", F_C, &v, 1));
}
static void w_unknown_critical(snap_writer_t *w) { ck_assert(snap_w_u64(w, "wfi_state", F_C, 1)); }

typedef struct damage_case {
    regs_edit_t edit;
    int status;
    const char *want1, *want2;
} damage_case_t;

static const damage_case_t damage_cases[] = {
    {{"x", w_x30}, ARM64EMU_ERR_BAD_SNAPSHOT, "'x'", "30 elements"},
    {{"pc", w_pc_string}, ARM64EMU_ERR_BAD_SNAPSHOT, "'pc'", "type"},
    {{"v", w_v_short}, ARM64EMU_ERR_BAD_SNAPSHOT, "'v'", "100 bytes"},
    {{"pstate", w_pstate_el3}, ARM64EMU_ERR_INCOMPATIBLE, "EL3", "does not have"},
    {{"pstate", w_pstate_aarch32}, ARM64EMU_ERR_INCOMPATIBLE, "AArch32", "pstate"},
    {{"pstate", w_pstate_el0h}, ARM64EMU_ERR_BAD_SNAPSHOT, "EL0", "pstate"},
    {{"pstate", w_pstate_btype}, ARM64EMU_ERR_INCOMPATIBLE, "0xc00", "pstate"},
    {{"sp_el3", w_sp_el3}, ARM64EMU_ERR_INCOMPATIBLE, "'sp_el3'", "no EL3"},
    {{"excl_size", w_excl_size}, ARM64EMU_ERR_BAD_SNAPSHOT, "excl_size", "3"},
    {{"", w_excl_value1}, ARM64EMU_ERR_BAD_SNAPSHOT, "'excl_value'", "1 elements"},
    {{"", w_unknown_critical}, ARM64EMU_ERR_BAD_SNAPSHOT, "wfi_state", "critical"},
};

START_TEST(damaged_or_impossible_regs_are_refused_naming_the_item)
{
    const damage_case_t *d = &damage_cases[_i];
    machine_t *m = new_machine("max", 1, 0);
    m->cpus[0].r[5] = 0x5555;
    craft_t cr = {.regs = regs_edited, .arg = &d->edit};
    size_t len;
    uint8_t *f = craft_file(m, &cr, &len);
    load_ctx_t c;
    ck_assert(!load_into(m, f, len, &c, NULL));
    ck_assert_int_eq(c.ld.status, d->status);
    ck_assert_msg(strstr(c.err.msg, d->want1) && strstr(c.err.msg, d->want2),
                  "case %d: %s", _i, c.err.msg);
    ck_assert_uint_eq(m->cpus[0].r[5], 0x5555); /* nothing changed */
    ctx_free(&c);
    free(f);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(missing_optional_regs_fields_default_and_are_reported)
{
    machine_t *m = new_machine("max", 1, 0);
    regs_edit_t e = {"fpsr", NULL};
    craft_t cr = {.regs = regs_edited, .arg = &e};
    m->cpus[0].fpsr = 0x9f;
    size_t len;
    uint8_t *f = craft_file(m, &cr, &len);
    load_ctx_t c;
    ck_assert_msg(load_into(m, f, len, &c, NULL), "%s", c.err.msg);
    ck_assert_uint_eq(m->cpus[0].fpsr, 0);
    ck_assert_ptr_nonnull(strstr(report(&c), "'fpsr'"));
    ck_assert_ptr_nonnull(strstr(report(&c), "'excl_value'"));
    ctx_free(&c);
    e.skip = "pc";
    free(f);
    f = craft_file(m, &cr, &len);
    ck_assert(!load_into(m, f, len, &c, NULL));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "'pc' (required)"));
    ctx_free(&c);
    free(f);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(model_and_configuration_disagreeing_on_el2_is_refused)
{
    machine_t *m = new_machine("max", 1, 0);
    size_t len;
    uint8_t *f = craft_file(m, NULL, &len);
    m->cpus[0].have_el2 = false; /* as a machine built from a bad file */
    load_ctx_t c;
    ck_assert(!load_into(m, f, len, &c, NULL));
    ck_assert_int_eq(c.ld.status, ARM64EMU_ERR_INCOMPATIBLE);
    ck_assert_ptr_nonnull(strstr(c.err.msg, "EL2/EL3"));
    ctx_free(&c);
    free(f);
    arm64emu_destroy(m);
}
END_TEST

/* ---- the model --------------------------------------------------------------- */

static bool read_model_from(const uint64_t *id, size_t n, load_ctx_t *c,
                            machine_t *m, cpu_model_t *out)
{
    craft_t cr = {.id = id, .nid = n};
    size_t len;
    uint8_t *f = craft_file(m, &cr, &len);
    snap_item_t rec = first_record(f, len);
    ctx_init(c, m);
    bool ok = snap_model_read(&c->ld, &rec, m->model, out);
    free(f);
    return ok;
}

/* The saved id pairs of model, with one (key, value) replaced or added. */
static size_t id_pairs(const cpu_model_t *model, uint64_t *out, uint64_t key,
                       uint64_t value, bool drop)
{
    size_t n = 0;
    bool done = false;
    for (unsigned r = 0; r < IDR_COUNT; r++) {
        if (id_regs[r].key == key) {
            done = true;
            if (drop)
                continue;
            out[n++] = key;
            out[n++] = value;
            continue;
        }
        out[n++] = id_regs[r].key;
        out[n++] = id_get(model, r);
    }
    if (!done && !drop) {
        out[n++] = key;
        out[n++] = value;
    }
    return n;
}

START_TEST(model_restores_exactly_the_saved_id_values)
{
    machine_t *a = new_machine("cortex-a53", 1, 0), *b = new_machine("cortex-a72", 1, 0);
    size_t len;
    uint8_t *f = craft_file(a, NULL, &len);
    snap_item_t rec = first_record(f, len);
    load_ctx_t c;
    ctx_init(&c, b);
    cpu_model_t out;
    ck_assert_msg(snap_model_read(&c.ld, &rec, b->model, &out), "%s", c.err.msg);
    for (unsigned r = 0; r < IDR_COUNT; r++)
        ck_assert_uint_eq(id_get(&out, r), id_get(a->model, r));
    ck_assert_int_eq(memcmp(out.ccsidr, a->model->ccsidr, sizeof(out.ccsidr)), 0);
    ck_assert_uint_eq(out.mpidr_cluster, 4);
    /* a53 state on an a72: other part number and a larger PA range,
     * reported */
    ck_assert_msg(snap_model_check(&c.ld, &out, b->model), "%s", c.err.msg);
    ck_assert_ptr_nonnull(strstr(report(&c), "MIDR_EL1.PartNum"));
    ck_assert_ptr_nonnull(strstr(report(&c), "ID_AA64MMFR0_EL1.PARange"));
    ctx_free(&c);
    /* the features string names what the values mean */
    snap_item_t model, feat;
    snap_err_t err;
    char s[1024];
    ck_assert_int_eq(snap_find(&rec, "cpu0.model", &model, &err), 1);
    ck_assert_int_eq(snap_find(&model, "features", &feat, &err), 1);
    ck_assert(snap_get_str(&feat, s, sizeof(s), &err));
    ck_assert_ptr_nonnull(strstr(s, "FEAT_CRC32"));
    ck_assert_ptr_null(strstr(s, "FEAT_LSE"));
    free(f);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

START_TEST(malformed_id_values_are_refused_naming_register_and_field)
{
    machine_t *m = new_machine("max", 1, 0);
    const cpu_model_t *mo = m->model;
    uint64_t id[64];
    load_ctx_t c;
    cpu_model_t out;
    size_t n;

    n = id_pairs(mo, id, K(3, 0, 0, 4, 0), mo->id_aa64pfr0_el1 | (1ull << 32), false);
    ck_assert(!read_model_from(id, n, &c, m, &out));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "ID_AA64PFR0_EL1.SVE"));
    ck_assert_int_eq(c.ld.status, ARM64EMU_ERR_INCOMPATIBLE);
    ctx_free(&c);

    n = id_pairs(mo, id, K(3, 0, 0, 0, 0), 0, true);
    ck_assert(!read_model_from(id, n, &c, m, &out));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "MIDR_EL1 (required)"));
    ctx_free(&c);

    ck_assert(!read_model_from(id, n - 1, &c, m, &out));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "'id'"));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "even"));
    ctx_free(&c);

    n = id_pairs(mo, id, K(3, 0, 0, 4, 4), 1, false); /* ID_AA64ZFR0_EL1 */
    ck_assert(!read_model_from(id, n, &c, m, &out));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "S3_0_C0_C4_4"));
    ctx_free(&c);
    n = id_pairs(mo, id, K(3, 0, 0, 4, 4), 0, false); /* zero: fine */
    ck_assert_msg(read_model_from(id, n, &c, m, &out), "%s", c.err.msg);
    ctx_free(&c);

    n = id_pairs(mo, id, K(3, 0, 0, 7, 0), mo->id_aa64mmfr0_el1 | (1ull << 50), false);
    ck_assert(!read_model_from(id, n, &c, m, &out));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "ID_AA64MMFR0_EL1"));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "RES0"));
    ctx_free(&c);

    n = id_pairs(mo, id, K(3, 3, 0, 0, 7), 10, false); /* DCZID.BS 10 */
    ck_assert(!read_model_from(id, n, &c, m, &out));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "DCZID_EL0.BS"));
    ctx_free(&c);

    n = id_pairs(mo, id, K(3, 0, 0, 4, 0), (mo->id_aa64pfr0_el1 & ~0xf0000ull) | 0xf0000, false);
    ck_assert(!read_model_from(id, n, &c, m, &out));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "AdvSIMD"));
    ctx_free(&c);

    n = id_pairs(mo, id, K(3, 0, 0, 0, 0), mo->midr_el1, false);
    id[n++] = K(3, 0, 0, 0, 0);
    id[n++] = 1;
    ck_assert(!read_model_from(id, n, &c, m, &out));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "MIDR_EL1 twice"));
    ctx_free(&c);
    arm64emu_destroy(m);
}
END_TEST

/* Two values of field f: saved and machine, for the outcome wanted. */
static void field_values(const id_field_def_t *f, bool machine_lower,
                         unsigned *s, unsigned *h)
{
    switch (f->policy) {
    case ID_SIGNED:
        *s = machine_lower ? 0 : 0xf;
        *h = machine_lower ? 0xf : 0;
        break;
    case ID_EXACT:
        *s = 4;
        *h = machine_lower ? 3 : 5;
        break;
    default:
        *s = machine_lower ? 1 : 0;
        *h = machine_lower ? 0 : 1;
        break;
    }
}

static void set_field(cpu_model_t *m, const id_field_def_t *f, unsigned v)
{
    uint64_t mask = (f->width >= 64 ? ~0ull : (1ull << f->width) - 1) << f->shift;
    id_set(m, f->reg, (id_get(m, f->reg) & ~mask) | ((uint64_t)v << f->shift & mask));
}

START_TEST(id_mismatch_table_row_gives_its_outcome)
{
    const id_field_def_t *f = &id_fields[_i];
    for (int lower = 0; lower < 2; lower++) {
        cpu_model_t saved = *model_find("max"), have = saved;
        unsigned s, h;
        field_values(f, lower, &s, &h);
        set_field(&saved, f, s);
        set_field(&have, f, h);
        load_ctx_t c;
        ctx_init(&c, NULL);
        bool ok = snap_model_check(&c.ld, &saved, &have);
        bool want_refuse = f->policy == ID_EXACT || (lower && f->policy != ID_WARN);
        char what[64];
        snprintf(what, sizeof(what), "%s.%s", id_regs[f->reg].name, f->name);
        if (want_refuse) {
            ck_assert_msg(!ok, "%s: not refused", what);
            ck_assert_int_eq(c.ld.status, ARM64EMU_ERR_INCOMPATIBLE);
            ck_assert_msg(strstr(c.err.msg, what), "%s: %s", what, c.err.msg);
        } else {
            ck_assert_msg(ok, "%s: %s", what, c.err.msg);
            ck_assert_msg(strstr(report(&c), what), "%s: not warned", what);
            ck_assert_ptr_nonnull(strstr(report(&c), "warning"));
        }
        ctx_free(&c);
    }
}
END_TEST

START_TEST(cache_and_topology_differences_warn_or_refuse)
{
    cpu_model_t saved = *model_find("cortex-a72"), have = saved;
    load_ctx_t c;
    ctx_init(&c, NULL);
    ck_assert(snap_model_check(&c.ld, &saved, &have));
    ck_assert_ptr_null(c.rep.text);
    have.ccsidr[1] ^= 0x100;
    ck_assert(snap_model_check(&c.ld, &saved, &have));
    ck_assert_ptr_nonnull(strstr(report(&c), "CCSIDR_EL1 (CSSELR_EL1 = 1)"));
    have.mpidr_cluster = 8;
    ck_assert(!snap_model_check(&c.ld, &saved, &have));
    ck_assert_ptr_nonnull(strstr(c.err.msg, "mpidr_cluster"));
    ctx_free(&c);
}
END_TEST

START_TEST(every_shipped_model_is_well_formed)
{
    for (const char *const *n = model_names; *n; n++) {
        load_ctx_t c;
        ctx_init(&c, NULL);
        ck_assert_msg(model_valid(&c.ld, NULL, model_find(*n)), "%s: %s", *n, c.err.msg);
        ctx_free(&c);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("snap_cpu");
    TCase *t = tcase_create("snap_cpu");
    tcase_add_test(t, round_trip_restores_every_register_kind_byte_identically);
    tcase_add_test(t, round_trip_without_el3_writes_no_el3_state);
    tcase_add_test(t, restored_cpu_runs_on_exactly_like_the_original);
    tcase_add_test(t, every_storage_slot_is_saved_exactly_once);
    tcase_add_test(t, owns_only_cpu_tags_in_range);
    tcase_add_test(t, res0_bits_follow_the_registers_policy);
    tcase_add_test(t, unknown_encodings_are_skipped_and_reported_by_name);
    tcase_add_test(t, alias_table_maps_old_encodings_before_values_apply);
    tcase_add_test(t, damaged_pairs_give_errors_naming_the_item);
    tcase_add_loop_test(t, damaged_or_impossible_regs_are_refused_naming_the_item, 0,
                        (int)(sizeof(damage_cases) / sizeof(damage_cases[0])));
    tcase_add_test(t, missing_optional_regs_fields_default_and_are_reported);
    tcase_add_test(t, model_and_configuration_disagreeing_on_el2_is_refused);
    tcase_add_test(t, model_restores_exactly_the_saved_id_values);
    tcase_add_test(t, malformed_id_values_are_refused_naming_register_and_field);
    tcase_add_loop_test(t, id_mismatch_table_row_gives_its_outcome, 0, (int)ID_FIELD_COUNT);
    tcase_add_test(t, cache_and_topology_differences_warn_or_refuse);
    tcase_add_test(t, every_shipped_model_is_well_formed);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return test_main(suite());
}
