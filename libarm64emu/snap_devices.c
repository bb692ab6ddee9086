/* Snapshot records of the devices and of time (docs/snapshot/devices.md):
 * the generic timers, the GIC, the PL011 and PL031, PSCI power states, the
 * virtual clock and scheduler, and semihosting.
 *
 * Every record is written in a fixed field order. Parsing starts each
 * stage from the device's reset state (computed on a private copy, never
 * the live device), reads every field, refuses values the device could
 * not hold, and touches nothing; apply copies the stage and drives the
 * outputs again. Levels and next_event are derived state: they are never
 * saved, the syncs recompute them.
 *
 * Apply order: the core applies the parts in save order, and the clock
 * part's apply (after the timers, the GIC and the board devices) does the
 * final resync: timer_sync at the restored count, every device line
 * driven again, then gic_sync. The device applies before it never poll
 * time, so a clock not yet restored cannot fire an RTC alarm.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "gic.h"
#include "pl011.h"
#include "pl031.h"
#include "semihost.h"
#include "snapshot.h"

#define BAD ARM64EMU_ERR_BAD_SNAPSHOT
#define INCOMPAT ARM64EMU_ERR_INCOMPATIBLE
#define C SNAP_F_CRITICAL

/* ---- reading helpers ----------------------------------------------------- */

/* Fails naming the record and the field (at the field's offset if any). */
static bool field_fail(snap_load_t *ld, int status, const snap_item_t *rec,
                       const char *name, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static bool field_fail(snap_load_t *ld, int status, const snap_item_t *rec,
                       const char *name, const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snap_item_t f;
    snap_err_t e;
    const snap_item_t *at = rec;
    if (snap_find(rec, name, &f, &e) == 1)
        at = &f;
    return snap_fail(ld, status, at, "record '%s' field '%s': %s", rec->name,
                     name, msg);
}

/* Finds field name of rec: 1 found, 0 missing (reported defaulted), -1. */
static int find_field(snap_load_t *ld, const snap_item_t *rec,
                      const char *name, snap_item_t *f)
{
    int r = snap_find(rec, name, f, ld->err);
    if (r < 0)
        ld->status = BAD;
    else if (r == 0)
        snap_report_defaulted(ld->rep, rec->name, name);
    return r;
}

/* A u64 field at most max; *v keeps its preset default when missing (or
 * when the whole record is: rec NULL). */
static bool rd_u64(snap_load_t *ld, const snap_item_t *rec, const char *name,
                   uint64_t *v, uint64_t max)
{
    if (!rec)
        return true;
    if (!snap_load_u64(ld, rec, name, v))
        return false;
    if (*v > max)
        return field_fail(ld, BAD, rec, name,
                          "%#" PRIx64 " is out of range (at most %#" PRIx64 ")",
                          *v, max);
    return true;
}

/* Narrowing readers into the state structs' field widths. */
static bool rd_u32(snap_load_t *ld, const snap_item_t *rec, const char *name,
                   uint32_t *dst, uint64_t max)
{
    uint64_t v = *dst;
    bool ok = rd_u64(ld, rec, name, &v, max);
    *dst = (uint32_t)v;
    return ok;
}

static bool rd_u16(snap_load_t *ld, const snap_item_t *rec, const char *name,
                   uint16_t *dst, uint64_t max)
{
    uint64_t v = *dst;
    bool ok = rd_u64(ld, rec, name, &v, max);
    *dst = (uint16_t)v;
    return ok;
}

static bool rd_u8(snap_load_t *ld, const snap_item_t *rec, const char *name,
                  uint8_t *dst, uint64_t max)
{
    uint64_t v = *dst;
    bool ok = rd_u64(ld, rec, name, &v, max);
    *dst = (uint8_t)v;
    return ok;
}

static bool rd_bool(snap_load_t *ld, const snap_item_t *rec, const char *name,
                    bool *dst)
{
    uint64_t v = *dst;
    bool ok = rd_u64(ld, rec, name, &v, 1);
    *dst = v != 0;
    return ok;
}

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* A u64[] field of n elements, each at most max, into out (preset with
 * the defaults). A shorter array leaves the tail at its defaults (reported);
 * a longer one is accepted only if the extra elements are 0 (the reset
 * value of state this build does not have), else it does not fit. */
static bool rd_u64s(snap_load_t *ld, const snap_item_t *rec, const char *name,
                    uint64_t *out, size_t n, uint64_t max)
{
    if (!rec)
        return true;
    snap_item_t f;
    int r = find_field(ld, rec, name, &f);
    if (r <= 0)
        return r == 0;
    size_t count;
    if (!snap_get_u64_count(&f, &count, ld->err)) {
        ld->status = BAD;
        return false;
    }
    for (size_t k = 0; k < count; k++) {
        uint64_t v = le64(f.value + 8 * k);
        if (k >= n && v != 0)
            return field_fail(ld, INCOMPAT, rec, name,
                              "element %zu is %#" PRIx64 " but this machine "
                              "has only %zu",
                              k, v, n);
        if (k < n && v > max)
            return field_fail(ld, BAD, rec, name,
                              "element %zu is %#" PRIx64 ", out of range (at "
                              "most %#" PRIx64 ")",
                              k, v, max);
        if (k < n)
            out[k] = v;
    }
    if (count < n) {
        char what[SNAP_NAME_MAX + 32];
        snprintf(what, sizeof(what), "%s[%zu..%zu]", name, count, n - 1);
        snap_report_defaulted(ld->rep, rec->name, what);
    }
    return true;
}

/* A bytes field of n bytes whose bits outside mask must be clear; same
 * length rules as rd_u64s. */
static bool rd_bytes(snap_load_t *ld, const snap_item_t *rec, const char *name,
                     uint8_t *out, size_t n, uint8_t mask)
{
    if (!rec)
        return true;
    snap_item_t f;
    int r = find_field(ld, rec, name, &f);
    if (r <= 0)
        return r == 0;
    const uint8_t *p;
    size_t len;
    if (!snap_get_bytes(&f, &p, &len, ld->err)) {
        ld->status = BAD;
        return false;
    }
    for (size_t k = 0; k < len; k++) {
        if (k >= n && p[k] != 0)
            return field_fail(ld, INCOMPAT, rec, name,
                              "byte %zu is %#x but this machine has only %zu",
                              k, p[k], n);
        if (k < n && (p[k] & ~mask))
            return field_fail(ld, BAD, rec, name,
                              "byte %zu is %#x, which the device cannot hold "
                              "(mask %#x)",
                              k, p[k], mask);
        if (k < n)
            out[k] = p[k];
    }
    if (len < n) {
        char what[SNAP_NAME_MAX + 32];
        snprintf(what, sizeof(what), "%s[%zu..%zu]", name, len, n - 1);
        snap_report_defaulted(ld->rep, rec->name, what);
    }
    return true;
}

/* Checks a record against its definition; rec NULL: the record is
 * missing, report it defaulted under parent. */
static bool check_rec(snap_load_t *ld, const snap_item_t *rec,
                      const snap_record_def_t *def, const char *parent,
                      const char *tag)
{
    if (!rec) {
        snap_report_defaulted(ld->rep, parent, tag);
        return true;
    }
    return snap_load_check(ld, rec, def);
}

/* Record numbers are 0..9999 (four digits at most). */
#define TAG_INDEX_MAX 10000u

/* "prefixN" -> N, for N below limit. */
static bool tag_index(const char *tag, const char *prefix, unsigned limit,
                      unsigned *n)
{
    size_t pl = strlen(prefix);
    if (strncmp(tag, prefix, pl) != 0)
        return false;
    const char *d = tag + pl;
    if (!*d || (d[0] == '0' && d[1]) || strlen(d) > 4)
        return false;
    unsigned v = 0;
    for (; *d; d++) {
        if (*d < '0' || *d > '9')
            return false;
        v = v * 10 + (unsigned)(*d - '0');
    }
    if (v >= limit)
        return false;
    *n = v;
    return true;
}

/* A part's object from its functions, all named <part>_<role>. */
enum { ONCE = 0, PER_CPU = 1, ANY_MACHINE = 0, BOARD = 1 };
#define DEVICE_PART(part, per_cpu_, board_only_)                              \
    {.name = #part, .per_cpu = (per_cpu_), .board_only = (board_only_),      \
     .save = part##_save, .owns = part##_owns, .parse = part##_parse,        \
     .apply = part##_apply, .release = stage_free, .schema = part##_schema}

static void *stage_alloc(snap_load_t *ld, size_t size)
{
    void *p = calloc(1, size);
    if (!p)
        snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, NULL,
                  "out of memory staging a device record");
    return p;
}

static void stage_free(void *stage)
{
    free(stage);
}

/* ---- the final resync ---------------------------------------------------- */

/* Drives every derived output again from the restored state: timer
 * levels and next_event at the restored count (which also polls the RTC
 * alarm, as the run would), every device line into the GIC (a line at
 * the level the GIC already holds changes nothing), then the GIC's lines
 * into the CPUs. */
static void resync_machine(machine_t *m)
{
    timer_sync(m);
    board_t *b = m->board;
    if (!b)
        return;
    for (unsigned i = 0; i < m->ncpus; i++)
        for (unsigned k = 0; k < GT_COUNT; k++)
            irq_line_set(&m->timers[i].t[k].line, m->timers[i].t[k].out);
    if (b->uart)
        pl011_sync(b->uart);
    if (b->rtc)
        pl031_sync(b->rtc);
    if (b->gic)
        gic_sync(b->gic);
}

/* ==== timerN ============================================================== */

static const char *const timer_ctl_names[GT_COUNT] = {
    "cntp_ctl", "cntv_ctl", "cnthp_ctl", "cntps_ctl"};
static const char *const timer_cval_names[GT_COUNT] = {
    "cntp_cval", "cntv_cval", "cnthp_cval", "cntps_cval"};

static const snap_field_def_t timer_fields[] = {
    {"cntp_ctl", SNAP_T_U64, C, false},   {"cntp_cval", SNAP_T_U64, C, false},
    {"cntv_ctl", SNAP_T_U64, C, false},   {"cntv_cval", SNAP_T_U64, C, false},
    {"cnthp_ctl", SNAP_T_U64, C, false},  {"cnthp_cval", SNAP_T_U64, C, false},
    {"cntps_ctl", SNAP_T_U64, C, false},  {"cntps_cval", SNAP_T_U64, C, false},
    {NULL, 0, 0, false},
};
static const snap_record_def_t timer_schema[] = {
    {"timerN", C, timer_fields},
    {NULL, 0, NULL},
};

typedef struct timer_stage {
    uint32_t ctl[GT_COUNT];
    uint64_t cval[GT_COUNT];
} timer_stage_t;

static bool timer_save(snap_writer_t *w, machine_t *m, unsigned n)
{
    char tag[24];
    snprintf(tag, sizeof(tag), "timer%u", n);
    const cpu_timers_t *t = &m->timers[n];
    snap_w_begin(w, tag, C);
    for (unsigned k = 0; k < GT_COUNT; k++) {
        snap_w_u64(w, timer_ctl_names[k], C,
                   t->t[k].ctl & (GT_CTL_ENABLE | GT_CTL_IMASK));
        snap_w_u64(w, timer_cval_names[k], C, t->t[k].cval);
    }
    snap_save_kept(w, m, tag);
    return snap_w_end(w);
}

static bool timer_owns(const char *tag, unsigned *n)
{
    /* Any number: the core refuses a CPU the machine does not have. */
    return tag_index(tag, "timer", TAG_INDEX_MAX, n);
}

static void *timer_parse(snap_load_t *ld, unsigned n, const snap_item_t *rec)
{
    char tag[24];
    snprintf(tag, sizeof(tag), "timer%u", n);
    if (!check_rec(ld, rec, &timer_schema[0], "", tag))
        return NULL;
    timer_stage_t *s = stage_alloc(ld, sizeof(*s));
    if (!s)
        return NULL;
    const cpu_t *cpu = &ld->m->cpus[n];
    for (unsigned k = 0; k < GT_COUNT; k++) {
        uint64_t ctl = 0, cval = 0;
        if (!rd_u64(ld, rec, timer_ctl_names[k], &ctl,
                    GT_CTL_ENABLE | GT_CTL_IMASK) ||
            !rd_u64(ld, rec, timer_cval_names[k], &cval, UINT64_MAX))
            goto fail;
        /* The EL2 and EL3 timers exist only with those ELs. */
        bool exists = k == GT_HYP ? cpu->have_el2
                      : k == GT_SEC ? cpu->have_el3
                                    : true;
        if (!exists && (ctl || cval)) {
            field_fail(ld, INCOMPAT, rec,
                       ctl ? timer_ctl_names[k] : timer_cval_names[k],
                       "this machine's CPU %u has no %s, but the saved "
                       "timer is set up",
                       n, k == GT_HYP ? "EL2" : "EL3");
            goto fail;
        }
        s->ctl[k] = (uint32_t)ctl;
        s->cval[k] = cval;
    }
    return s;
fail:
    free(s);
    return NULL;
}

static void timer_apply(machine_t *m, unsigned n, void *stage)
{
    const timer_stage_t *s = stage;
    for (unsigned k = 0; k < GT_COUNT; k++) {
        m->timers[n].t[k].ctl = s->ctl[k];
        m->timers[n].t[k].cval = s->cval[k];
    }
    /* out, the lines and next_event: resync_machine (clock part) */
}

const snap_part_t snap_part_timer = DEVICE_PART(timer, PER_CPU, ANY_MACHINE);

/* ==== gic, gic.dist, gic.redistN, gic.cpuifN ============================== */

#define GIC_SPIS (GIC_NUM_IRQS - 32u)
#define WAKER_SLEEP (1u << 1)
#define IROUTER_VALID 0xff80ffffffull /* Aff3, IRM, Aff2..Aff0 */

/* Per-interrupt bank fields, in record order: name and offset in a bank. */
static const struct {
    const char *name;
    size_t off;
} gic_bank_words[] = {
    {"group", offsetof(gic_bank_t, group)},
    {"grpmod", offsetof(gic_bank_t, grpmod)},
    {"enabled", offsetof(gic_bank_t, enabled)},
    {"pending", offsetof(gic_bank_t, pending)},
    {"active", offsetof(gic_bank_t, active)},
    {"level", offsetof(gic_bank_t, level)},
    {"edge", offsetof(gic_bank_t, edge)},
};
#define GIC_NWORDS (sizeof(gic_bank_words) / sizeof(gic_bank_words[0]))

static uint32_t *bank_word(gic_bank_t *b, unsigned k)
{
    return (uint32_t *)(void *)((char *)b + gic_bank_words[k].off);
}

static const snap_field_def_t gic_fields[] = {
    {"gic.dist", SNAP_T_RECORD, C, false},
    {"gic.redistN", SNAP_T_RECORD, C, false},
    {"gic.cpuifN", SNAP_T_RECORD, C, false},
    {NULL, 0, 0, false},
};
static const snap_field_def_t gic_dist_fields[] = {
    {"ctlr", SNAP_T_U64, C, false},
    {"group", SNAP_T_U64_ARRAY, C, false},
    {"grpmod", SNAP_T_U64_ARRAY, C, false},
    {"enabled", SNAP_T_U64_ARRAY, C, false},
    {"pending", SNAP_T_U64_ARRAY, C, false},
    {"active", SNAP_T_U64_ARRAY, C, false},
    {"level", SNAP_T_U64_ARRAY, C, false},
    {"edge", SNAP_T_U64_ARRAY, C, false},
    {"priority", SNAP_T_BYTES, C, false},
    {"irouter", SNAP_T_U64_ARRAY, C, false},
    {NULL, 0, 0, false},
};
static const snap_field_def_t gic_redist_fields[] = {
    {"waker", SNAP_T_U64, C, false},
    {"group", SNAP_T_U64, C, false},
    {"grpmod", SNAP_T_U64, C, false},
    {"enabled", SNAP_T_U64, C, false},
    {"pending", SNAP_T_U64, C, false},
    {"active", SNAP_T_U64, C, false},
    {"level", SNAP_T_U64, C, false},
    {"edge", SNAP_T_U64, C, false},
    {"priority", SNAP_T_BYTES, C, false},
    {NULL, 0, 0, false},
};
static const snap_field_def_t gic_cpuif_fields[] = {
    {"pmr", SNAP_T_U64, C, false},
    {"bpr0", SNAP_T_U64, C, false},
    {"bpr1_ns", SNAP_T_U64, C, false},
    {"bpr1_s", SNAP_T_U64, C, false},
    {"igrpen", SNAP_T_U64, C, false},
    {"ctlr_ns", SNAP_T_U64, C, false},
    {"ctlr_s", SNAP_T_U64, C, false},
    {"eoimode_el3", SNAP_T_U64, C, false},
    {"ap0r0", SNAP_T_U64, C, false},
    {"ap1r0_ns", SNAP_T_U64, C, false},
    {"ap1r0_s", SNAP_T_U64, C, false},
    {"el", SNAP_T_U64, C, false},
    {"secure", SNAP_T_U64, C, false},
    {NULL, 0, 0, false},
};
static const snap_record_def_t gic_schema[] = {
    {"gic", C, gic_fields},
    {"gic.dist", C, gic_dist_fields},
    {"gic.redistN", C, gic_redist_fields},
    {"gic.cpuifN", C, gic_cpuif_fields},
    {NULL, 0, NULL},
};

static void gic_save_dist(snap_writer_t *w, machine_t *m, const gic_t *g)
{
    const gic_state_t *s = &g->state;
    uint64_t words[GIC_SPI_BANKS];
    snap_w_begin(w, "gic.dist", C);
    snap_w_u64(w, "ctlr", C, s->ctlr);
    for (unsigned k = 0; k < GIC_NWORDS; k++) {
        for (unsigned b = 0; b < GIC_SPI_BANKS; b++)
            words[b] = *bank_word((gic_bank_t *)&s->spi[b], k);
        snap_w_u64_array(w, gic_bank_words[k].name, C, words, GIC_SPI_BANKS);
    }
    uint8_t prio[GIC_SPIS];
    for (unsigned i = 0; i < GIC_SPIS; i++)
        prio[i] = s->spi[i / 32].priority[i % 32];
    snap_w_bytes(w, "priority", C, prio, sizeof(prio));
    snap_w_u64_array(w, "irouter", C, &s->irouter[32], GIC_SPIS);
    snap_save_kept(w, m, "gic.dist");
    snap_w_end(w);
}

static void gic_save_cpu(snap_writer_t *w, machine_t *m, const gic_t *g,
                         unsigned c)
{
    const gic_cpu_state_t *cs = &g->state.cpu[c];
    char tag[24];
    snprintf(tag, sizeof(tag), "gic.redist%u", c);
    snap_w_begin(w, tag, C);
    snap_w_u64(w, "waker", C, cs->gicr_waker);
    for (unsigned k = 0; k < GIC_NWORDS; k++)
        snap_w_u64(w, gic_bank_words[k].name, C,
                   *bank_word((gic_bank_t *)&cs->priv, k));
    snap_w_bytes(w, "priority", C, cs->priv.priority, 32);
    snap_save_kept(w, m, tag);
    snap_w_end(w);

    snprintf(tag, sizeof(tag), "gic.cpuif%u", c);
    snap_w_begin(w, tag, C);
    snap_w_u64(w, "pmr", C, cs->pmr);
    snap_w_u64(w, "bpr0", C, cs->bpr[GIC_G0]);
    snap_w_u64(w, "bpr1_ns", C, cs->bpr[GIC_G1NS]);
    snap_w_u64(w, "bpr1_s", C, cs->bpr[GIC_G1S]);
    snap_w_u64(w, "igrpen", C, cs->igrpen);
    snap_w_u64(w, "ctlr_ns", C, cs->ctlr_el1[0]);
    snap_w_u64(w, "ctlr_s", C, cs->ctlr_el1[1]);
    snap_w_u64(w, "eoimode_el3", C, cs->eoimode_el3);
    snap_w_u64(w, "ap0r0", C, cs->apr[GIC_G0]);
    snap_w_u64(w, "ap1r0_ns", C, cs->apr[GIC_G1NS]);
    snap_w_u64(w, "ap1r0_s", C, cs->apr[GIC_G1S]);
    snap_w_u64(w, "el", C, cs->el);
    snap_w_u64(w, "secure", C, cs->secure);
    snap_save_kept(w, m, tag);
    snap_w_end(w);
}

static bool gic_save(snap_writer_t *w, machine_t *m, unsigned n)
{
    (void)n;
    const gic_t *g = m->board->gic;
    snap_w_begin(w, "gic", C);
    gic_save_dist(w, m, g);
    for (unsigned c = 0; c < g->ncpus; c++)
        gic_save_cpu(w, m, g, c);
    snap_save_kept(w, m, "gic");
    return snap_w_end(w);
}

static bool gic_owns(const char *tag, unsigned *n)
{
    *n = 0;
    return strcmp(tag, "gic") == 0;
}

/* The stage: a private GIC with the live one's configuration, lines
 * unconnected, so that gic_reset gives the defaults. */
static bool gic_parse_dist(snap_load_t *ld, const snap_item_t *rec, gic_t *g)
{
    gic_state_t *s = &g->state;
    if (!check_rec(ld, rec, &gic_schema[1], "gic", "gic.dist"))
        return false;
    if (!rd_u32(ld, rec, "ctlr", &s->ctlr, g->have_el3 ? 7u : 3u))
        return false;
    for (unsigned k = 0; k < GIC_NWORDS; k++) {
        uint64_t words[GIC_SPI_BANKS];
        for (unsigned b = 0; b < GIC_SPI_BANKS; b++)
            words[b] = *bank_word(&s->spi[b], k);
        uint64_t max = UINT32_MAX;
        if (k == 1 && !g->have_el3) /* grpmod exists with two states only */
            max = 0;
        if (!rd_u64s(ld, rec, gic_bank_words[k].name, words, GIC_SPI_BANKS,
                     max))
            return false;
        for (unsigned b = 0; b < GIC_SPI_BANKS; b++)
            *bank_word(&s->spi[b], k) = (uint32_t)words[b];
    }
    uint8_t prio[GIC_SPIS];
    for (unsigned i = 0; i < GIC_SPIS; i++)
        prio[i] = s->spi[i / 32].priority[i % 32];
    if (!rd_bytes(ld, rec, "priority", prio, GIC_SPIS, GIC_PRIO_MASK))
        return false;
    for (unsigned i = 0; i < GIC_SPIS; i++)
        s->spi[i / 32].priority[i % 32] = prio[i];
    uint64_t ir[GIC_SPIS];
    memcpy(ir, &s->irouter[32], sizeof(ir));
    if (!rd_u64s(ld, rec, "irouter", ir, GIC_SPIS, UINT64_MAX))
        return false;
    for (unsigned i = 0; i < GIC_SPIS; i++)
        if (ir[i] & ~IROUTER_VALID)
            return field_fail(ld, BAD, rec, "irouter",
                              "element %u (INTID %u) is %#" PRIx64
                              ": bits outside Aff3, IRM and Aff2..Aff0",
                              i, 32 + i, ir[i]);
    memcpy(&s->irouter[32], ir, sizeof(ir));
    return true;
}

static bool gic_parse_redist(snap_load_t *ld, const snap_item_t *rec,
                             gic_t *g, unsigned c, const char *tag)
{
    gic_cpu_state_t *cs = &g->state.cpu[c];
    if (!check_rec(ld, rec, &gic_schema[2], "gic", tag))
        return false;
    if (!rd_u32(ld, rec, "waker", &cs->gicr_waker, WAKER_SLEEP))
        return false;
    for (unsigned k = 0; k < GIC_NWORDS; k++) {
        uint32_t *word = bank_word(&cs->priv, k);
        uint64_t max = UINT32_MAX;
        if (k == 1 && !g->have_el3)
            max = 0;
        if (!rd_u32(ld, rec, gic_bank_words[k].name, word, max))
            return false;
    }
    if (rec && (cs->priv.edge & 0xffffu) != 0xffffu)
        return field_fail(ld, BAD, rec, "edge",
                          "%#x: SGIs (bits 0-15) are always edge-triggered",
                          cs->priv.edge);
    return rd_bytes(ld, rec, "priority", cs->priv.priority, 32, GIC_PRIO_MASK);
}

static bool gic_parse_cpuif(snap_load_t *ld, const snap_item_t *rec,
                            gic_t *g, unsigned c, const char *tag)
{
    gic_cpu_state_t *cs = &g->state.cpu[c];
    bool el3 = g->have_el3;
    if (!check_rec(ld, rec, &gic_schema[3], "gic", tag))
        return false;
    if (!rec)
        return true;
    if (!rd_u8(ld, rec, "pmr", &cs->pmr, 0xff) ||
        !rd_u8(ld, rec, "bpr0", &cs->bpr[GIC_G0], 7) ||
        !rd_u8(ld, rec, "bpr1_ns", &cs->bpr[GIC_G1NS], 7) ||
        !rd_u8(ld, rec, "bpr1_s", &cs->bpr[GIC_G1S], 7) ||
        !rd_u8(ld, rec, "igrpen", &cs->igrpen, el3 ? 7u : 3u) ||
        !rd_u8(ld, rec, "ctlr_ns", &cs->ctlr_el1[0], 3) ||
        !rd_u8(ld, rec, "ctlr_s", &cs->ctlr_el1[1], el3 ? 3u : 0u) ||
        !rd_u8(ld, rec, "eoimode_el3", &cs->eoimode_el3, el3 ? 1u : 0u) ||
        !rd_u32(ld, rec, "ap0r0", &cs->apr[GIC_G0], UINT32_MAX) ||
        !rd_u32(ld, rec, "ap1r0_ns", &cs->apr[GIC_G1NS], UINT32_MAX) ||
        !rd_u32(ld, rec, "ap1r0_s", &cs->apr[GIC_G1S], el3 ? UINT32_MAX : 0u) ||
        !rd_u8(ld, rec, "el", &cs->el, 3) ||
        !rd_bool(ld, rec, "secure", &cs->secure))
        return false;
    if (cs->pmr & ~GIC_PRIO_MASK)
        return field_fail(ld, BAD, rec, "pmr",
                          "%#x: only priority bits 7:3 are implemented",
                          cs->pmr);
    /* The minimum binary points for five priority bits. */
    if (cs->bpr[GIC_G0] < 2)
        return field_fail(ld, BAD, rec, "bpr0", "%u is below the minimum 2",
                          cs->bpr[GIC_G0]);
    if (cs->bpr[GIC_G1NS] < 3)
        return field_fail(ld, BAD, rec, "bpr1_ns",
                          "%u is below the minimum 3", cs->bpr[GIC_G1NS]);
    if (cs->bpr[GIC_G1S] < 2)
        return field_fail(ld, BAD, rec, "bpr1_s", "%u is below the minimum 2",
                          cs->bpr[GIC_G1S]);
    if (!el3 && cs->el == 3)
        return field_fail(ld, INCOMPAT, rec, "el",
                          "EL3 but this machine has no EL3");
    return true;
}

/* Refuses a per-CPU GIC record of a CPU this machine does not have. */
static bool gic_check_cpus(snap_load_t *ld, const snap_item_t *rec,
                           unsigned ncpus)
{
    snap_cursor_t c;
    snap_item_t it;
    int r;
    if (!snap_enter(rec, &c, ld->err)) {
        ld->status = BAD;
        return false;
    }
    while ((r = snap_next(&c, &it, ld->err)) == 1) {
        unsigned n;
        if ((tag_index(it.name, "gic.redist", TAG_INDEX_MAX, &n) ||
             tag_index(it.name, "gic.cpuif", TAG_INDEX_MAX, &n)) &&
            n >= ncpus)
            return snap_fail(ld, INCOMPAT, &it,
                             "record '%s' is for CPU %u but this machine has "
                             "%u CPUs",
                             it.name, n, ncpus);
    }
    if (r < 0)
        ld->status = BAD;
    return r == 0;
}

static void *gic_parse(snap_load_t *ld, unsigned n, const snap_item_t *rec)
{
    (void)n;
    const gic_t *live = ld->m->board->gic;
    gic_t *g = stage_alloc(ld, sizeof(*g));
    if (!g)
        return NULL;
    *g = *live;
    for (unsigned c = 0; c < GIC_MAX_CPUS; c++) {
        g->cpu_irq[c] = (irq_line_t){0};
        g->cpu_fiq[c] = (irq_line_t){0};
    }
    gic_reset(g);
    if (!rec) {
        snap_report_defaulted(ld->rep, "", "gic");
        return g;
    }
    /* The container's known items, with this machine's CPU numbers. */
    char names[2 * GIC_MAX_CPUS][24];
    snap_field_def_t defs[2 * GIC_MAX_CPUS + 2];
    unsigned k = 0;
    defs[k++] = gic_fields[0];
    for (unsigned c = 0; c < live->ncpus; c++) {
        snprintf(names[2 * c], sizeof(names[0]), "gic.redist%u", c);
        snprintf(names[2 * c + 1], sizeof(names[0]), "gic.cpuif%u", c);
        defs[k++] = (snap_field_def_t){names[2 * c], SNAP_T_RECORD, C, false};
        defs[k++] =
            (snap_field_def_t){names[2 * c + 1], SNAP_T_RECORD, C, false};
    }
    defs[k] = (snap_field_def_t){NULL, 0, 0, false};
    const snap_record_def_t def = {"gic", C, defs};
    if (!gic_check_cpus(ld, rec, live->ncpus) ||
        !snap_load_check(ld, rec, &def))
        goto fail;

    snap_item_t sub;
    int r = snap_find(rec, "gic.dist", &sub, ld->err);
    if (r < 0 || !gic_parse_dist(ld, r ? &sub : NULL, g))
        goto fail_status;
    for (unsigned c = 0; c < live->ncpus; c++) {
        r = snap_find(rec, names[2 * c], &sub, ld->err);
        if (r < 0 ||
            !gic_parse_redist(ld, r ? &sub : NULL, g, c, names[2 * c]))
            goto fail_status;
        r = snap_find(rec, names[2 * c + 1], &sub, ld->err);
        if (r < 0 ||
            !gic_parse_cpuif(ld, r ? &sub : NULL, g, c, names[2 * c + 1]))
            goto fail_status;
    }
    return g;
fail_status:
    if (r < 0)
        ld->status = BAD;
fail:
    free(g);
    return NULL;
}

static void gic_apply(machine_t *m, unsigned n, void *stage)
{
    (void)n;
    const gic_t *s = stage;
    gic_t *g = m->board->gic;
    g->state = s->state;
    gic_sync(g);
}

const snap_part_t snap_part_gic = DEVICE_PART(gic, ONCE, BOARD);

/* ==== pl011.0 ============================================================= */

#define PL011_LCR_FEN (1u << 4)
#define PL011_INT_RT (1u << 6)

static const snap_field_def_t pl011_fields[] = {
    {"rx_fifo", SNAP_T_U64_ARRAY, C, false},
    {"rx_count", SNAP_T_U64, C, false},
    {"rsr", SNAP_T_U64, C, false},
    {"ilpr", SNAP_T_U64, C, false},
    {"ibrd", SNAP_T_U64, C, false},
    {"fbrd", SNAP_T_U64, C, false},
    {"lcr_h", SNAP_T_U64, C, false},
    {"cr", SNAP_T_U64, C, false},
    {"ifls", SNAP_T_U64, C, false},
    {"imsc", SNAP_T_U64, C, false},
    {"ris", SNAP_T_U64, C, false},
    {"dmacr", SNAP_T_U64, C, false},
    {NULL, 0, 0, false},
};
static const snap_record_def_t pl011_schema[] = {
    {"pl011.N", C, pl011_fields},
    {NULL, 0, NULL},
};

static bool pl011_save(snap_writer_t *w, machine_t *m, unsigned n)
{
    (void)n;
    const pl011_state_t *s = &m->board->uart->state;
    /* The FIFO storage from the read position on: the first rx_count
     * entries are queued, the rest is what DR returns when it is empty. */
    uint64_t fifo[PL011_FIFO_DEPTH];
    for (unsigned i = 0; i < PL011_FIFO_DEPTH; i++)
        fifo[i] = s->rx_fifo[(s->rx_pos + i) % PL011_FIFO_DEPTH];
    snap_w_begin(w, "pl011.0", C);
    snap_w_u64_array(w, "rx_fifo", C, fifo, PL011_FIFO_DEPTH);
    snap_w_u64(w, "rx_count", C, s->rx_count);
    snap_w_u64(w, "rsr", C, s->rsr);
    snap_w_u64(w, "ilpr", C, s->ilpr);
    snap_w_u64(w, "ibrd", C, s->ibrd);
    snap_w_u64(w, "fbrd", C, s->fbrd);
    snap_w_u64(w, "lcr_h", C, s->lcr_h);
    snap_w_u64(w, "cr", C, s->cr);
    snap_w_u64(w, "ifls", C, s->ifls);
    snap_w_u64(w, "imsc", C, s->imsc);
    snap_w_u64(w, "ris", C, s->ris);
    snap_w_u64(w, "dmacr", C, s->dmacr);
    snap_save_kept(w, m, "pl011.0");
    return snap_w_end(w);
}

static bool pl011_owns(const char *tag, unsigned *n)
{
    *n = 0;
    return strcmp(tag, "pl011.0") == 0;
}

static void *pl011_parse(snap_load_t *ld, unsigned n, const snap_item_t *rec)
{
    (void)n;
    if (!check_rec(ld, rec, &pl011_schema[0], "", "pl011.0"))
        return NULL;
    pl011_t *u = stage_alloc(ld, sizeof(*u));
    if (!u)
        return NULL;
    pl011_reset(u); /* no line, no tx: only the state */
    pl011_state_t *s = &u->state;
    uint64_t fifo[PL011_FIFO_DEPTH] = {0};
    if (!rd_u64s(ld, rec, "rx_fifo", fifo, PL011_FIFO_DEPTH, 0xfff) ||
        !rd_u16(ld, rec, "rsr", &s->rsr, 0xf) ||
        !rd_u16(ld, rec, "ilpr", &s->ilpr, 0xff) ||
        !rd_u16(ld, rec, "ibrd", &s->ibrd, 0xffff) ||
        !rd_u16(ld, rec, "fbrd", &s->fbrd, 0x3f) ||
        !rd_u16(ld, rec, "lcr_h", &s->lcr_h, 0xff) ||
        !rd_u16(ld, rec, "cr", &s->cr, 0xffff) ||
        !rd_u16(ld, rec, "ifls", &s->ifls, 0x3f) ||
        !rd_u16(ld, rec, "imsc", &s->imsc, 0x7ff) ||
        !rd_u16(ld, rec, "ris", &s->ris, 0x7ff) ||
        !rd_u16(ld, rec, "dmacr", &s->dmacr, 7))
        goto fail;
    unsigned depth = (s->lcr_h & PL011_LCR_FEN) ? PL011_FIFO_DEPTH : 1;
    if (!rd_u8(ld, rec, "rx_count", &s->rx_count, depth))
        goto fail;
    if (s->cr & ~0xff87u) {
        field_fail(ld, BAD, rec, "cr", "%#x has bits the UART does not hold",
                   s->cr);
        goto fail;
    }
    if ((s->ris & PL011_INT_RT) && !s->rx_count) {
        field_fail(ld, BAD, rec, "ris",
                   "%#x: receive timeout with an empty FIFO", s->ris);
        goto fail;
    }
    for (unsigned i = 0; i < PL011_FIFO_DEPTH; i++)
        s->rx_fifo[i] = (uint16_t)fifo[i];
    s->rx_pos = 0;
    return u;
fail:
    free(u);
    return NULL;
}

static void pl011_apply(machine_t *m, unsigned n, void *stage)
{
    (void)n;
    const pl011_t *s = stage;
    pl011_t *u = m->board->uart;
    u->state = s->state;
    pl011_sync(u);
}

const snap_part_t snap_part_pl011 = DEVICE_PART(pl011, ONCE, BOARD);

/* ==== pl031.0 ============================================================= */

static const snap_field_def_t pl031_fields[] = {
    {"offset", SNAP_T_U64, C, false},
    {"mr", SNAP_T_U64, C, false},
    {"lr", SNAP_T_U64, C, false},
    {"imsc", SNAP_T_U64, C, false},
    {"ris", SNAP_T_U64, C, false},
    {"armed", SNAP_T_U64, C, false},
    {"alarm_at", SNAP_T_U64, C, false},
    {NULL, 0, 0, false},
};
static const snap_record_def_t pl031_schema[] = {
    {"pl031.N", C, pl031_fields},
    {NULL, 0, NULL},
};

static bool pl031_save(snap_writer_t *w, machine_t *m, unsigned n)
{
    (void)n;
    const pl031_state_t *s = &m->board->rtc->state;
    snap_w_begin(w, "pl031.0", C);
    snap_w_u64(w, "offset", C, s->offset);
    snap_w_u64(w, "mr", C, s->mr);
    snap_w_u64(w, "lr", C, s->lr);
    snap_w_u64(w, "imsc", C, s->imsc);
    snap_w_u64(w, "ris", C, s->ris);
    snap_w_u64(w, "armed", C, s->armed);
    snap_w_u64(w, "alarm_at", C, s->alarm_at);
    snap_save_kept(w, m, "pl031.0");
    return snap_w_end(w);
}

static bool pl031_owns(const char *tag, unsigned *n)
{
    *n = 0;
    return strcmp(tag, "pl031.0") == 0;
}

static void *pl031_parse(snap_load_t *ld, unsigned n, const snap_item_t *rec)
{
    (void)n;
    if (!check_rec(ld, rec, &pl031_schema[0], "", "pl031.0"))
        return NULL;
    pl031_t *r = stage_alloc(ld, sizeof(*r));
    if (!r)
        return NULL;
    pl031_reset(r);
    pl031_state_t *s = &r->state;
    if (!rd_u32(ld, rec, "offset", &s->offset, UINT32_MAX) ||
        !rd_u32(ld, rec, "mr", &s->mr, UINT32_MAX) ||
        !rd_u32(ld, rec, "lr", &s->lr, UINT32_MAX) ||
        !rd_u8(ld, rec, "imsc", &s->imsc, 1) ||
        !rd_u8(ld, rec, "ris", &s->ris, 1) ||
        !rd_bool(ld, rec, "armed", &s->armed) ||
        !rd_u64(ld, rec, "alarm_at", &s->alarm_at, UINT64_MAX))
        goto fail;
    /* An armed alarm fires when the count (time + offset) equals MR. */
    if (s->armed && (uint32_t)(s->alarm_at + s->offset) != s->mr) {
        field_fail(ld, BAD, rec, "alarm_at",
                   "%" PRIu64 " is not a second at which the count (time + "
                   "offset %#x) equals MR %#x",
                   s->alarm_at, s->offset, s->mr);
        goto fail;
    }
    return r;
fail:
    free(r);
    return NULL;
}

static void pl031_apply(machine_t *m, unsigned n, void *stage)
{
    (void)n;
    const pl031_t *s = stage;
    pl031_t *r = m->board->rtc;
    r->state = s->state;
    pl031_sync(r); /* no poll: the clock part resyncs at the restored time */
}

const snap_part_t snap_part_pl031 = DEVICE_PART(pl031, ONCE, BOARD);

/* ==== psci ================================================================ */

static const snap_field_def_t psci_fields[] = {
    {"power", SNAP_T_U64_ARRAY, C, false},
    {NULL, 0, 0, false},
};
static const snap_record_def_t psci_schema[] = {
    {"psci", C, psci_fields},
    {NULL, 0, NULL},
};

typedef struct psci_stage {
    uint64_t power[ARM64EMU_MAX_CPUS];
} psci_stage_t;

static bool psci_save(snap_writer_t *w, machine_t *m, unsigned n)
{
    (void)n;
    uint64_t p[ARM64EMU_MAX_CPUS];
    for (unsigned i = 0; i < m->ncpus; i++)
        p[i] = m->power[i];
    snap_w_begin(w, "psci", C);
    snap_w_u64_array(w, "power", C, p, m->ncpus);
    snap_save_kept(w, m, "psci");
    return snap_w_end(w);
}

static bool psci_owns(const char *tag, unsigned *n)
{
    *n = 0;
    return strcmp(tag, "psci") == 0;
}

static void *psci_parse(snap_load_t *ld, unsigned n, const snap_item_t *rec)
{
    (void)n;
    if (!check_rec(ld, rec, &psci_schema[0], "", "psci"))
        return NULL;
    psci_stage_t *s = stage_alloc(ld, sizeof(*s));
    if (!s)
        return NULL;
    s->power[0] = CPU_POWER_ON; /* reset: the boot CPU runs, others off */
    if (rec) {
        snap_item_t f;
        size_t count = 0;
        int r = snap_find(rec, "power", &f, ld->err);
        if (r < 0 || (r == 1 && !snap_get_u64_count(&f, &count, ld->err))) {
            ld->status = BAD;
            goto fail;
        }
        if (r == 1 && count != ld->m->ncpus) {
            field_fail(ld, INCOMPAT, rec, "power",
                       "%zu CPUs saved but this machine has %u", count,
                       ld->m->ncpus);
            goto fail;
        }
        if (!rd_u64s(ld, rec, "power", s->power, ld->m->ncpus,
                     CPU_POWER_IDLE))
            goto fail;
    }
    return s;
fail:
    free(s);
    return NULL;
}

static void psci_apply(machine_t *m, unsigned n, void *stage)
{
    (void)n;
    const psci_stage_t *s = stage;
    for (unsigned i = 0; i < m->ncpus; i++)
        m->power[i] = (uint8_t)s->power[i];
}

const snap_part_t snap_part_psci = DEVICE_PART(psci, ONCE, ANY_MACHINE);

/* ==== clock =============================================================== */

static const snap_field_def_t clock_fields[] = {
    {"insns", SNAP_T_U64, C, false},
    {"insns_per_tick", SNAP_T_U64, C, false},
    {"rr", SNAP_T_U64, C, false},
    {"turn_open", SNAP_T_U64, C, false},
    {"turn_cpu", SNAP_T_U64, C, false},
    {"turn_end", SNAP_T_U64, C, false},
    {"turn_mid_block", SNAP_T_U64, C, false},
    {NULL, 0, 0, false},
};
static const snap_record_def_t clock_schema[] = {
    {"clock", C, clock_fields},
    {NULL, 0, NULL},
};

typedef struct clock_stage {
    uint64_t insns, rr, turn_open, turn_cpu, turn_end, turn_mid_block;
} clock_stage_t;

static bool clock_save(snap_writer_t *w, machine_t *m, unsigned n)
{
    (void)n;
    const vclock_t *ck = &m->clock;
    const cpu_t *run = ck->running;
    snap_w_begin(w, "clock", C);
    snap_w_u64(w, "insns", C, vclock_now(m, run, run ? run->icount : 0));
    snap_w_u64(w, "insns_per_tick", C, ck->ipt);
    snap_w_u64(w, "rr", C, m->rr);
    snap_w_u64(w, "turn_open", C, m->turn_open);
    snap_w_u64(w, "turn_cpu", C, m->turn_cpu);
    snap_w_u64(w, "turn_end", C, m->turn_end);
    /* Written only when set (rare: a budget cut a block), so that other
     * snapshots stay loadable by readers that predate it. */
    if (m->turn_open && m->turn_mid_block)
        snap_w_u64(w, "turn_mid_block", C, 1);
    snap_save_kept(w, m, "clock");
    return snap_w_end(w);
}

static bool clock_owns(const char *tag, unsigned *n)
{
    *n = 0;
    return strcmp(tag, "clock") == 0;
}

static void *clock_parse(snap_load_t *ld, unsigned n, const snap_item_t *rec)
{
    (void)n;
    if (!check_rec(ld, rec, &clock_schema[0], "", "clock"))
        return NULL;
    clock_stage_t *s = stage_alloc(ld, sizeof(*s));
    if (!s)
        return NULL;
    const machine_t *m = ld->m;
    uint64_t ipt = m->clock.ipt;
    unsigned last = m->ncpus - 1;
    if (!rd_u64(ld, rec, "insns", &s->insns, UINT64_MAX) ||
        !rd_u64(ld, rec, "insns_per_tick", &ipt, UINT64_MAX) ||
        !rd_u64(ld, rec, "rr", &s->rr, UINT64_MAX) ||
        !rd_u64(ld, rec, "turn_open", &s->turn_open, 1) ||
        !rd_u64(ld, rec, "turn_cpu", &s->turn_cpu, UINT64_MAX))
        goto fail;
    s->turn_end = UINT64_MAX;
    if (!rd_u64(ld, rec, "turn_end", &s->turn_end, UINT64_MAX))
        goto fail;
    snap_item_t mid; /* absent means 0: not reported as defaulted */
    int found = rec ? snap_find(rec, "turn_mid_block", &mid, ld->err) : 0;
    if (found < 0 ||
        (found && !snap_get_u64(&mid, &s->turn_mid_block, ld->err))) {
        ld->status = BAD;
        goto fail;
    }
    if (s->turn_mid_block > 1) {
        field_fail(ld, BAD, rec, "turn_mid_block", "%" PRIu64 " is not 0 or 1",
                   s->turn_mid_block);
        goto fail;
    }
    if (ipt != m->clock.ipt) {
        field_fail(ld, INCOMPAT, rec, "insns_per_tick",
                   "%" PRIu64 " but this machine runs %" PRIu64
                   " instructions per tick (INSNS_PER_TICK is configuration)",
                   ipt, m->clock.ipt);
        goto fail;
    }
    if (s->rr > last || s->turn_cpu > last) {
        const char *f = s->rr > last ? "rr" : "turn_cpu";
        field_fail(ld, INCOMPAT, rec, f,
                   "CPU %" PRIu64 " but this machine has %u CPUs",
                   s->rr > last ? s->rr : s->turn_cpu, m->ncpus);
        goto fail;
    }
    /* A budget leaves a turn open only before the turn's end. */
    if (s->turn_open && s->turn_end <= s->insns) {
        field_fail(ld, BAD, rec, "turn_end",
                   "%" PRIu64 " is not after the count %" PRIu64
                   " of an open turn",
                   s->turn_end, s->insns);
        goto fail;
    }
    return s;
fail:
    free(s);
    return NULL;
}

static void clock_apply(machine_t *m, unsigned n, void *stage)
{
    (void)n;
    const clock_stage_t *s = stage;
    m->clock.insns = s->insns;
    m->clock.slice_icount = 0;
    m->clock.running = NULL;
    m->rr = (unsigned)s->rr;
    m->turn_open = s->turn_open != 0;
    m->turn_cpu = (unsigned)s->turn_cpu;
    m->turn_end = s->turn_end;
    m->turn_mid_block = s->turn_mid_block != 0;
    resync_machine(m);
}

const snap_part_t snap_part_clock = DEVICE_PART(clock, ONCE, ANY_MACHINE);

/* ==== semihost ============================================================ */

/* errno: SYS_ERRNO's value. handles: two elements per handle 1..64, kind
 * (SEMIHOST_H_*) then position (the features file's read position; a host
 * file's offset). A host file is opened again from its semihost.file record
 * (its path below the root and SYS_OPEN mode); without one (older files) or
 * when it no longer opens, its handle is restored free and the load report
 * lists it. */
static const snap_field_def_t semihost_fields[] = {
    {"errno", SNAP_T_U64, C, false},
    {"handles", SNAP_T_U64_ARRAY, C, false},
    {"semihost.file", SNAP_T_RECORD, 0, true},
    {NULL, 0, 0, false},
};
static const snap_field_def_t semihost_file_fields[] = {
    {"index", SNAP_T_U64, C, false},
    {"path", SNAP_T_STRING, C, false},
    {"mode", SNAP_T_U64, C, false},
    {NULL, 0, 0, false},
};
static const snap_record_def_t semihost_schema[] = {
    {"semihost", 0, semihost_fields},
    {"semihost.file", 0, semihost_file_fields},
    {NULL, 0, NULL},
};

#define SEMIHOST_PATH_MAX 4096u /* as semihost.c bounds guest paths */

static bool semihost_save(snap_writer_t *w, machine_t *m, unsigned n)
{
    (void)n;
    if (!m->semihost)
        return true;
    semihost_snap_t st;
    semihost_snap_get(m->semihost, &st);
    uint64_t h[2 * SEMIHOST_HANDLES];
    for (unsigned i = 0; i < SEMIHOST_HANDLES; i++) {
        h[2 * i] = st.kind[i];
        h[2 * i + 1] = st.pos[i];
    }
    snap_w_begin(w, "semihost", 0);
    snap_w_u64(w, "errno", C, (uint64_t)(uint32_t)st.err);
    snap_w_u64_array(w, "handles", C, h, 2 * SEMIHOST_HANDLES);
    for (unsigned i = 0; i < SEMIHOST_HANDLES; i++) {
        if (st.kind[i] != SEMIHOST_H_HOST || !st.path[i])
            continue;
        snap_w_begin(w, "semihost.file", 0);
        snap_w_u64(w, "index", C, i + 1);
        snap_w_str(w, "path", C, st.path[i]);
        snap_w_u64(w, "mode", C, st.mode[i]);
        snap_w_end(w);
    }
    snap_save_kept(w, m, "semihost");
    return snap_w_end(w);
}

static bool semihost_owns(const char *tag, unsigned *n)
{
    *n = 0;
    return strcmp(tag, "semihost") == 0;
}

typedef struct semihost_stage {
    bool present; /* the machine has semihosting */
    semihost_snap_t st;
    char path[SEMIHOST_HANDLES][SEMIHOST_PATH_MAX]; /* st.path points here */
} semihost_stage_t;

/* Reads every semihost.file record of rec into s (handles it names must be
 * host files). */
static bool semihost_files(snap_load_t *ld, const snap_item_t *rec,
                           semihost_stage_t *s, const uint64_t *kinds)
{
    snap_cursor_t c;
    snap_item_t it;
    if (!snap_enter(rec, &c, ld->err)) {
        ld->status = BAD;
        return false;
    }
    int r;
    while ((r = snap_next(&c, &it, ld->err)) == 1) {
        if (strcmp(it.name, "semihost.file") != 0 || it.type != SNAP_T_RECORD)
            continue;
        uint64_t index = 0, mode = 0;
        if (!snap_load_check(ld, &it, &semihost_schema[1]) ||
            !snap_need_u64(ld, &it, "index", &index) ||
            !snap_need_u64(ld, &it, "mode", &mode))
            return false;
        if (index < 1 || index > SEMIHOST_HANDLES ||
            kinds[index - 1] != SEMIHOST_H_HOST || mode > 11)
            return field_fail(ld, BAD, &it, "index",
                              "handle %" PRIu64 " (mode %" PRIu64 ") is not "
                              "a host file of 'handles'", index, mode);
        snap_item_t f;
        if (snap_find(&it, "path", &f, ld->err) != 1 ||
            !snap_get_str(&f, s->path[index - 1], SEMIHOST_PATH_MAX,
                          ld->err)) {
            ld->status = BAD;
            return false;
        }
        s->st.path[index - 1] = s->path[index - 1];
        s->st.mode[index - 1] = (uint8_t)mode;
    }
    if (r < 0)
        ld->status = BAD;
    return r == 0;
}

static void *semihost_parse(snap_load_t *ld, unsigned n,
                            const snap_item_t *rec)
{
    (void)n;
    semihost_stage_t *s = stage_alloc(ld, sizeof(*s));
    if (!s)
        return NULL;
    s->present = ld->m->semihost != NULL;
    if (!rec) {
        if (s->present)
            snap_report_defaulted(ld->rep, "", "semihost");
        return s;
    }
    if (!snap_load_check(ld, rec, &semihost_schema[0]))
        goto fail;
    if (!s->present) {
        /* Optional state for a feature this machine has off: dropped. */
        snap_report_defaulted(ld->rep, "semihost", "(semihosting is off)");
        return s;
    }
    uint64_t err = 0;
    uint64_t h[2 * SEMIHOST_HANDLES] = {0};
    if (!rd_u64(ld, rec, "errno", &err, INT32_MAX) ||
        !rd_u64s(ld, rec, "handles", h, 2 * SEMIHOST_HANDLES, UINT64_MAX))
        goto fail;
    s->st.err = (int)err;
    uint64_t kinds[SEMIHOST_HANDLES];
    for (unsigned i = 0; i < SEMIHOST_HANDLES; i++) {
        kinds[i] = h[2 * i];
        if (kinds[i] > SEMIHOST_H_HOST) {
            field_fail(ld, BAD, rec, "handles",
                       "handle %u has kind %" PRIu64 " (at most %u)", i + 1,
                       kinds[i], SEMIHOST_H_HOST);
            goto fail;
        }
    }
    if (!semihost_files(ld, rec, s, kinds))
        goto fail;
    for (unsigned i = 0; i < SEMIHOST_HANDLES; i++) {
        uint64_t kind = kinds[i], pos = h[2 * i + 1];
        if (kind == SEMIHOST_H_HOST && !s->st.path[i]) {
            char what[48];
            snprintf(what, sizeof(what), "handles[%u] (host file, closed)",
                     i + 1);
            snap_report_defaulted(ld->rep, "semihost", what);
            kind = SEMIHOST_H_FREE;
        }
        s->st.kind[i] = (uint8_t)kind;
        s->st.pos[i] = kind == SEMIHOST_H_FEATURES || kind == SEMIHOST_H_HOST
                           ? pos : 0;
    }
    return s;
fail:
    free(s);
    return NULL;
}

static void semihost_apply(machine_t *m, unsigned n, void *stage)
{
    (void)n;
    const semihost_stage_t *s = stage;
    if (s->present && m->semihost)
        semihost_snap_set(m->semihost, &s->st);
}

const snap_part_t snap_part_semihost = DEVICE_PART(semihost, ONCE, ANY_MACHINE);
