/* The device snapshot parts (libarm64emu/snap_devices.c): each device is
 * put in a non-reset state the way a guest or host would, saved, loaded
 * into a fresh virt machine, and must then hold the same state, behave the
 * same, and save to the same bytes. Damaged values are refused by name;
 * missing fields take their reset values and are reported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "gic.h"
#include "harness.h"
#include "machine.h"
#include "pl011.h"
#include "pl031.h"
#include "semihost.h"
#include "snapshot.h"
#include "timer.h"

#define UART VIRT_UART_BASE
#define RTC VIRT_RTC_BASE
#define GICD VIRT_GICD_BASE

/* The device parts in the core's order (the CPU part is not ours). */
static const snap_part_t *const dev_parts[] = {
    &snap_part_timer, &snap_part_gic,   &snap_part_pl011, &snap_part_pl031,
    &snap_part_psci,  &snap_part_clock, &snap_part_semihost, NULL,
};

static arm64emu_machine *virt_cfg(unsigned ncpus, bool el3, uint64_t ipt)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), 0);
    ck_assert_int_eq(arm64emu_config_set_str(cfg, ARM64EMU_CFG_BOARD, "virt"), 0);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_NUM_CPUS, ncpus), 0);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, 16u << 20), 0);
    if (ipt)
        ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_INSNS_PER_TICK, ipt), 0);
    if (el3) {
        ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL3, 1), 0);
        ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL2, 1), 0);
    }
    arm64emu_machine *m = NULL;
    ck_assert_int_eq(arm64emu_create(cfg, &m), 0);
    arm64emu_config_free(cfg);
    return m;
}

static arm64emu_machine *virt(unsigned ncpus)
{
    return virt_cfg(ncpus, false, 0);
}

/* MMIO as the guest does it: through the bus region's callbacks. */
static const region_t *region_at(arm64emu_machine *m, uint64_t addr)
{
    for (unsigned i = 0; i < m->bus.count; i++) {
        const region_t *r = &m->bus.regions[i];
        if (addr >= r->base && addr - r->base < r->size && r->write)
            return r;
    }
    ck_abort_msg("no MMIO region at %#llx", (unsigned long long)addr);
    return NULL;
}

static void wr64(arm64emu_machine *m, uint64_t addr, uint64_t v, unsigned size)
{
    const region_t *r = region_at(m, addr);
    ck_assert_int_eq(r->write(r->user, addr - r->base, size, v), 0);
}

static void wr32(arm64emu_machine *m, uint64_t addr, uint32_t v)
{
    wr64(m, addr, v, 4);
}

static uint32_t rd32(arm64emu_machine *m, uint64_t addr)
{
    const region_t *r = region_at(m, addr);
    uint64_t v = 0;
    ck_assert_int_eq(r->read(r->user, addr - r->base, 4, &v), 0);
    return (uint32_t)v;
}

/* A whole file holding the records every part in parts writes. */
static uint8_t *save_parts(machine_t *m, const snap_part_t *const *parts,
                           size_t *len)
{
    snap_writer_t w;
    snap_w_init(&w);
    ck_assert(snap_w_header(&w, "test", "0", 0));
    for (; *parts; parts++) {
        const snap_part_t *p = *parts;
        if (p->board_only && !m->board)
            continue;
        for (unsigned n = 0; n < (p->per_cpu ? m->ncpus : 1); n++)
            ck_assert(p->save(&w, m, n));
    }
    ck_assert(snap_w_finish(&w));
    uint8_t *f = snap_w_take(&w, len);
    ck_assert_ptr_nonnull(f);
    return f;
}

typedef struct load_result {
    int status;            /* 0: loaded */
    char msg[256];         /* the failure */
    char report[4096];     /* the load report */
} load_result_t;

/* Parses every part's records (missing ones as NULL), then applies them
 * all, as the core does: all or nothing. */
static load_result_t load_parts(machine_t *m, const snap_part_t *const *parts,
                                const uint8_t *f, size_t len)
{
    load_result_t res = {0};
    snap_header_t h;
    snap_cursor_t top;
    snap_err_t err = {0, ""};
    ck_assert_msg(snap_open(f, len, &h, &top, &err), "%s", err.msg);
    snap_report_t rep;
    snap_report_init(&rep);
    snap_load_t ld = {.m = m, .rep = &rep, .err = &err,
                      .status = ARM64EMU_ERR_BAD_SNAPSHOT};
    void *stages[8][ARM64EMU_MAX_CPUS] = {{0}};
    size_t np = 0;
    bool ok = true;
    for (; ok && parts[np]; np++) {
        const snap_part_t *p = parts[np];
        if (p->board_only && !m->board)
            continue;
        for (unsigned n = 0; ok && n < (p->per_cpu ? m->ncpus : 1); n++) {
            snap_cursor_t c = top;
            snap_item_t it, found;
            bool have = false;
            unsigned k;
            while (snap_next(&c, &it, &err) == 1)
                if (p->owns(it.name, &k) && k == n) {
                    found = it;
                    have = true;
                }
            stages[np][n] = p->parse(&ld, n, have ? &found : NULL);
            ok = stages[np][n] != NULL;
        }
    }
    for (size_t i = 0; i < np; i++) {
        const snap_part_t *p = parts[i];
        for (unsigned n = 0; n < ARM64EMU_MAX_CPUS; n++) {
            if (!stages[i][n])
                continue;
            if (ok)
                p->apply(m, n, stages[i][n]);
            p->release(stages[i][n]);
        }
    }
    if (!ok) {
        res.status = ld.status ? ld.status : -1;
        snprintf(res.msg, sizeof(res.msg), "%s", err.msg);
    }
    snprintf(res.report, sizeof(res.report), "%s", rep.text ? rep.text : "");
    snap_report_free(&rep);
    snap_kept_free(&ld.kept);
    return res;
}

/* Saves a's devices, loads them into b, and checks b saves the same. */
static void transfer(machine_t *a, machine_t *b)
{
    size_t len, len2;
    uint8_t *f = save_parts(a, dev_parts, &len);
    load_result_t r = load_parts(b, dev_parts, f, len);
    ck_assert_msg(r.status == 0, "load failed: %s", r.msg);
    ck_assert_msg(r.report[0] == '\0', "unexpected report: %s", r.report);
    uint8_t *g = save_parts(b, dev_parts, &len2);
    ck_assert_uint_eq(len, len2);
    ck_assert_msg(memcmp(f, g, len) == 0, "re-save differs");
    free(f);
    free(g);
}

/* ---- PL011 ----------------------------------------------------------- */

static void uart_fill(arm64emu_machine *m)
{
    wr32(m, UART + 0x2c, 0x70);  /* LCR_H: FEN, 8 bits */
    wr32(m, UART + 0x38, 0x50);  /* IMSC: RX, RT */
    wr32(m, UART + 0x24, 13);    /* IBRD */
    size_t got;
    ck_assert_int_eq(arm64emu_uart_rx(m, "0123456789", 10, &got), 0);
    ck_assert_uint_eq(got, 10);
    /* Read four so the read position is not the storage's start. */
    for (int i = 0; i < 4; i++)
        ck_assert_uint_eq(rd32(m, UART) & 0xff, (uint32_t)('0' + i));
    ck_assert_int_eq(arm64emu_uart_rx(m, "abcdefghij", 10, &got), 0);
    ck_assert_uint_eq(got, 10); /* wraps around the ring */
}

START_TEST(uart_delivers_the_same_fifo_bytes_and_interrupt_after_load)
{
    arm64emu_machine *a = virt(1), *b = virt(1);
    uart_fill(a);
    transfer(a, b);
    ck_assert_uint_eq(rd32(b, UART + 0x3c), rd32(a, UART + 0x3c)); /* RIS */
    ck_assert_uint_eq(rd32(b, UART + 0x40), rd32(a, UART + 0x40)); /* MIS */
    ck_assert_uint_eq(rd32(b, UART + 0x24), 13);
    /* SPI 1 (INTID 33) is pending in the GIC as a high level. */
    ck_assert_uint_eq(rd32(b, GICD + 0x204) & 2u, 2u);
    ck_assert(b->board->uart->state.irq_out);
    char want[] = "456789abcdefghij";
    for (size_t i = 0; i < strlen(want); i++) {
        ck_assert_uint_eq(rd32(b, UART + 0x18) & 0x10, 0); /* not RXFE */
        ck_assert_uint_eq(rd32(b, UART) & 0xff, (uint8_t)want[i]);
        ck_assert_uint_eq(rd32(a, UART) & 0xff, (uint8_t)want[i]);
    }
    ck_assert_uint_eq(rd32(b, UART + 0x18) & 0x10, 0x10);
    /* Empty: the line drops in both, and so does the GIC's level. */
    ck_assert_uint_eq(rd32(b, UART + 0x40), 0);
    ck_assert_uint_eq(rd32(b, GICD + 0x204) & 2u, 0);
    /* DR of an empty FIFO returns the same stale entry. */
    ck_assert_uint_eq(rd32(b, UART), rd32(a, UART));
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

/* A file with one record written by hand. */
typedef void (*rec_fn)(snap_writer_t *w);

static uint8_t *file_with(rec_fn fn, size_t *len)
{
    snap_writer_t w;
    snap_w_init(&w);
    ck_assert(snap_w_header(&w, "test", "0", 0));
    fn(&w);
    ck_assert(snap_w_finish(&w));
    return snap_w_take(&w, len);
}

static const snap_part_t *const only_pl011[] = {&snap_part_pl011, NULL};

static void uart_rx_count_17(snap_writer_t *w)
{
    snap_w_begin(w, "pl011.0", SNAP_F_CRITICAL);
    snap_w_u64(w, "lcr_h", SNAP_F_CRITICAL, 0x10);
    snap_w_u64(w, "rx_count", SNAP_F_CRITICAL, 17);
    snap_w_end(w);
}

static void uart_rx_count_2_without_fifo(snap_writer_t *w)
{
    snap_w_begin(w, "pl011.0", SNAP_F_CRITICAL);
    snap_w_u64(w, "lcr_h", SNAP_F_CRITICAL, 0);
    snap_w_u64(w, "rx_count", SNAP_F_CRITICAL, 2);
    snap_w_end(w);
}

static void uart_bad_fifo_entry(snap_writer_t *w)
{
    uint64_t fifo[16] = {0x41, 0x1042};
    snap_w_begin(w, "pl011.0", SNAP_F_CRITICAL);
    snap_w_u64_array(w, "rx_fifo", SNAP_F_CRITICAL, fifo, 16);
    snap_w_end(w);
}

static void uart_only_ibrd(snap_writer_t *w)
{
    snap_w_begin(w, "pl011.0", SNAP_F_CRITICAL);
    snap_w_u64(w, "ibrd", SNAP_F_CRITICAL, 26);
    snap_w_end(w);
}

static void expect_refused(rec_fn fn, const snap_part_t *const *parts,
                           int status, const char *rec, const char *field)
{
    arm64emu_machine *m = virt(2);
    machine_t before = *m;
    pl011_state_t uart = m->board->uart->state;
    size_t len;
    uint8_t *f = file_with(fn, &len);
    load_result_t r = load_parts(m, parts, f, len);
    ck_assert_int_eq(r.status, status);
    ck_assert_msg(strstr(r.msg, rec) && strstr(r.msg, field),
                  "message does not name %s/%s: %s", rec, field, r.msg);
    ck_assert(memcmp(&uart, &m->board->uart->state, sizeof(uart)) == 0);
    ck_assert_uint_eq(before.clock.insns, m->clock.insns);
    free(f);
    arm64emu_destroy(m);
}

START_TEST(uart_values_it_cannot_hold_are_refused_by_name)
{
    expect_refused(uart_rx_count_17, only_pl011, ARM64EMU_ERR_BAD_SNAPSHOT,
                   "pl011.0", "rx_count");
    expect_refused(uart_rx_count_2_without_fifo, only_pl011,
                   ARM64EMU_ERR_BAD_SNAPSHOT, "pl011.0", "rx_count");
    expect_refused(uart_bad_fifo_entry, only_pl011, ARM64EMU_ERR_BAD_SNAPSHOT,
                   "pl011.0", "rx_fifo");
}
END_TEST

START_TEST(uart_missing_fields_take_reset_values_and_are_reported)
{
    arm64emu_machine *m = virt(1);
    uart_fill(m); /* not the reset state */
    size_t len;
    uint8_t *f = file_with(uart_only_ibrd, &len);
    load_result_t r = load_parts(m, only_pl011, f, len);
    ck_assert_int_eq(r.status, 0);
    const pl011_state_t *s = &m->board->uart->state;
    ck_assert_uint_eq(s->ibrd, 26);
    ck_assert_uint_eq(s->cr, 0x300);
    ck_assert_uint_eq(s->ifls, 0x12);
    ck_assert_uint_eq(s->rx_count, 0);
    ck_assert_uint_eq(s->imsc, 0);
    ck_assert_ptr_nonnull(strstr(r.report, "'cr' in record 'pl011.0'"));
    ck_assert_ptr_nonnull(strstr(r.report, "'rx_fifo' in record 'pl011.0'"));
    ck_assert_ptr_null(strstr(r.report, "'ibrd'"));
    free(f);
    arm64emu_destroy(m);
}
END_TEST

/* ---- GIC ------------------------------------------------------------- */

static const gic_icc_ctx_t el1_ns = {.el = 1};

static void icc_write(arm64emu_machine *m, unsigned cpu, uint32_t key,
                      uint64_t v)
{
    ck_assert_int_eq(gic_icc_write(m->board->gic, cpu, key, &el1_ns, v),
                     GIC_ICC_OK);
}

static uint64_t icc_read(arm64emu_machine *m, unsigned cpu, uint32_t key)
{
    uint64_t v = 0;
    ck_assert_int_eq(gic_icc_read(m->board->gic, cpu, key, &el1_ns, &v),
                     GIC_ICC_OK);
    return v;
}

#define ICC_PMR ARM64EMU_SYSREG(3, 0, 4, 6, 0)
#define ICC_IAR1 ARM64EMU_SYSREG(3, 0, 12, 12, 0)
#define ICC_EOIR1 ARM64EMU_SYSREG(3, 0, 12, 12, 1)
#define ICC_BPR1 ARM64EMU_SYSREG(3, 0, 12, 12, 3)
#define ICC_IGRPEN1 ARM64EMU_SYSREG(3, 0, 12, 12, 7)
#define ICC_AP1R0 ARM64EMU_SYSREG(3, 0, 12, 9, 0)

/* Two CPUs; SPI 40 routed to CPU 1 and pending, an SGI active on CPU 0. */
static void gic_setup(arm64emu_machine *m)
{
    wr32(m, GICD + 0x0, 3);                 /* CTLR: both groups */
    wr32(m, GICD + 0x084, 1u << 8);         /* IGROUPR1: INTID 40 G1 */
    wr32(m, GICD + 0x104, 1u << 8);         /* ISENABLER1 */
    wr32(m, GICD + 0x428, 0x90u);           /* IPRIORITYR10 byte 0 */
    uint64_t aff1 = m->board->gic->mpidr[1] & 0xff00ffffffull;
    wr64(m, GICD + 0x6000 + 8 * 40, aff1, 8);
    wr32(m, GICD + 0xc08, 2u << 18);        /* ICFGR2: INTID 41 edge */
    wr32(m, GICD + 0x204, 1u << 8);         /* ISPENDR1: INTID 40 */
    for (unsigned c = 0; c < 2; c++) {
        uint64_t rd = VIRT_GICR_BASE + c * GIC_REDIST_STRIDE;
        wr32(m, rd + 0x14, 0);                  /* WAKER: awake */
        wr32(m, rd + 0x10000 + 0x80, ~0u);      /* IGROUPR0: all G1 */
        wr32(m, rd + 0x10000 + 0x100, 0xffffu); /* SGIs enabled */
        icc_write(m, c, ICC_PMR, 0xf0);
        icc_write(m, c, ICC_BPR1, 4);
        icc_write(m, c, ICC_IGRPEN1, 1);
    }
    wr32(m, VIRT_GICR_BASE + 0x10000 + 0x200, 1u << 5); /* SGI 5 pending */
    ck_assert_uint_eq(icc_read(m, 0, ICC_IAR1), 5); /* active on CPU 0 */
}

START_TEST(gic_pending_interrupt_is_acknowledged_with_the_same_intid)
{
    arm64emu_machine *a = virt(2), *b = virt(2);
    gic_setup(a);
    transfer(a, b);
    ck_assert(memcmp(&a->board->gic->state, &b->board->gic->state,
                     sizeof(gic_state_t)) == 0);
    /* CPU 1 sees the SPI at IRQ; CPU 0 is busy with SGI 5 at priority 0. */
    ck_assert(b->board->gic->state.cpu[1].irq_out);
    ck_assert_uint_eq(b->cpus[1].lines & ARM64EMU_LINE_IRQ,
                      a->cpus[1].lines & ARM64EMU_LINE_IRQ);
    ck_assert_uint_eq(icc_read(b, 1, ICC_IAR1), 40);
    ck_assert_uint_eq(icc_read(a, 1, ICC_IAR1), 40);
    ck_assert_uint_eq(icc_read(b, 1, ICC_AP1R0), icc_read(a, 1, ICC_AP1R0));
    icc_write(b, 0, ICC_EOIR1, 5);
    icc_write(a, 0, ICC_EOIR1, 5);
    ck_assert(memcmp(&a->board->gic->state, &b->board->gic->state,
                     sizeof(gic_state_t)) == 0);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

START_TEST(gic_with_two_security_states_round_trips)
{
    arm64emu_machine *a = virt_cfg(2, true, 0), *b = virt_cfg(2, true, 0);
    gic_t *g = a->board->gic;
    g->state.ctlr = 7;
    g->state.spi[1].grpmod = 0x10;
    g->state.cpu[1].ctlr_el1[1] = 3;
    g->state.cpu[1].eoimode_el3 = 1;
    g->state.cpu[1].apr[GIC_G1S] = 0x8000;
    g->state.cpu[0].igrpen = 7;
    transfer(a, b);
    ck_assert(memcmp(&a->board->gic->state, &b->board->gic->state,
                     sizeof(gic_state_t)) == 0);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

static const snap_part_t *const only_gic[] = {&snap_part_gic, NULL};

static void gic_bad_priority(snap_writer_t *w)
{
    uint8_t prio[256] = {0};
    prio[9] = 0x84; /* bits 2:0 are not implemented */
    snap_w_begin(w, "gic", SNAP_F_CRITICAL);
    snap_w_begin(w, "gic.dist", SNAP_F_CRITICAL);
    snap_w_bytes(w, "priority", SNAP_F_CRITICAL, prio, sizeof(prio));
    snap_w_end(w);
    snap_w_end(w);
}

static void gic_redist_of_cpu_2(snap_writer_t *w)
{
    snap_w_begin(w, "gic", SNAP_F_CRITICAL);
    snap_w_begin(w, "gic.redist2", SNAP_F_CRITICAL);
    snap_w_end(w);
    snap_w_end(w);
}

static void gic_sgi_level(snap_writer_t *w)
{
    snap_w_begin(w, "gic", SNAP_F_CRITICAL);
    snap_w_begin(w, "gic.redist1", SNAP_F_CRITICAL);
    snap_w_u64(w, "edge", SNAP_F_CRITICAL, 0xfffe);
    snap_w_end(w);
    snap_w_end(w);
}

static void gic_el3_state_without_el3(snap_writer_t *w)
{
    snap_w_begin(w, "gic", SNAP_F_CRITICAL);
    snap_w_begin(w, "gic.cpuif0", SNAP_F_CRITICAL);
    snap_w_u64(w, "ctlr_s", SNAP_F_CRITICAL, 1);
    snap_w_end(w);
    snap_w_end(w);
}

static void gic_bpr_below_minimum(snap_writer_t *w)
{
    snap_w_begin(w, "gic", SNAP_F_CRITICAL);
    snap_w_begin(w, "gic.cpuif1", SNAP_F_CRITICAL);
    snap_w_u64(w, "bpr1_ns", SNAP_F_CRITICAL, 1);
    snap_w_end(w);
    snap_w_end(w);
}

static void gic_irouter_of_256_plus_one(snap_writer_t *w)
{
    uint64_t ir[257] = {0};
    ir[256] = 1;
    snap_w_begin(w, "gic", SNAP_F_CRITICAL);
    snap_w_begin(w, "gic.dist", SNAP_F_CRITICAL);
    snap_w_u64_array(w, "irouter", SNAP_F_CRITICAL, ir, 257);
    snap_w_end(w);
    snap_w_end(w);
}

START_TEST(gic_values_it_cannot_hold_are_refused_by_name)
{
    expect_refused(gic_bad_priority, only_gic, ARM64EMU_ERR_BAD_SNAPSHOT,
                   "gic.dist", "priority");
    expect_refused(gic_redist_of_cpu_2, only_gic, ARM64EMU_ERR_INCOMPATIBLE,
                   "gic.redist2", "CPU 2");
    expect_refused(gic_sgi_level, only_gic, ARM64EMU_ERR_BAD_SNAPSHOT,
                   "gic.redist1", "edge");
    expect_refused(gic_el3_state_without_el3, only_gic,
                   ARM64EMU_ERR_BAD_SNAPSHOT, "gic.cpuif0", "ctlr_s");
    expect_refused(gic_bpr_below_minimum, only_gic, ARM64EMU_ERR_BAD_SNAPSHOT,
                   "gic.cpuif1", "bpr1_ns");
    expect_refused(gic_irouter_of_256_plus_one, only_gic,
                   ARM64EMU_ERR_INCOMPATIBLE, "gic.dist", "irouter");
}
END_TEST

static void gic_dist_only_ctlr(snap_writer_t *w)
{
    uint64_t en[3] = {0, 1u << 8, 0}; /* shorter than 8 banks */
    snap_w_begin(w, "gic", SNAP_F_CRITICAL);
    snap_w_begin(w, "gic.dist", SNAP_F_CRITICAL);
    snap_w_u64(w, "ctlr", SNAP_F_CRITICAL, 2);
    snap_w_u64_array(w, "enabled", SNAP_F_CRITICAL, en, 3);
    snap_w_end(w);
    snap_w_end(w);
}

START_TEST(gic_missing_records_and_fields_take_reset_values)
{
    arm64emu_machine *m = virt(2);
    gic_setup(m);
    size_t len;
    uint8_t *f = file_with(gic_dist_only_ctlr, &len);
    load_result_t r = load_parts(m, only_gic, f, len);
    ck_assert_int_eq(r.status, 0);
    const gic_state_t *s = &m->board->gic->state;
    ck_assert_uint_eq(s->ctlr, 2);
    ck_assert_uint_eq(s->spi[1].enabled, 1u << 8);
    ck_assert_uint_eq(s->spi[0].enabled, 0);
    ck_assert_uint_eq(s->spi[0].pending, 0);
    ck_assert_uint_eq(s->cpu[1].gicr_waker, 2);
    ck_assert_uint_eq(s->cpu[0].priv.edge, 0xffff);
    ck_assert_uint_eq(s->cpu[0].bpr[GIC_G1NS], 3);
    ck_assert_uint_eq(s->cpu[0].apr[GIC_G1NS], 0);
    ck_assert(!s->cpu[0].irq_out);
    ck_assert_ptr_nonnull(strstr(r.report, "'gic.redist1' in record 'gic'"));
    ck_assert_ptr_nonnull(strstr(r.report, "'gic.cpuif0' in record 'gic'"));
    ck_assert_ptr_nonnull(strstr(r.report, "'enabled[3..7]' in record 'gic.dist'"));
    ck_assert_ptr_nonnull(strstr(r.report, "'irouter' in record 'gic.dist'"));
    free(f);
    arm64emu_destroy(m);
}
END_TEST

/* ---- timers and the clock -------------------------------------------- */

#define CNTV_CTL ARM64EMU_SYSREG(3, 3, 14, 3, 1)
#define CNTV_CVAL ARM64EMU_SYSREG(3, 3, 14, 3, 2)
#define CNTP_CTL ARM64EMU_SYSREG(3, 3, 14, 2, 1)
#define CNTP_CVAL ARM64EMU_SYSREG(3, 3, 14, 2, 2)

/* Moves the clock as a run would between slices. */
static void advance_to(arm64emu_machine *m, uint64_t insns)
{
    m->clock.insns = insns;
    timer_sync(m);
}

START_TEST(timer_fires_at_the_same_count_after_load)
{
    arm64emu_machine *a = virt_cfg(2, false, 10), *b = virt_cfg(2, false, 10);
    a->clock.insns = 12345;
    a->rr = 1;
    timer_sync(a);
    /* CPU 1: virtual timer at tick 2000, unmasked; physical at tick 1000
     * but masked (fires, no line); CPU 0: physical already expired. */
    a->timers[1].t[GT_VIRT].cval = 2000;
    a->timers[1].t[GT_VIRT].ctl = GT_CTL_ENABLE;
    a->timers[1].t[GT_PHYS].cval = 1500;
    a->timers[1].t[GT_PHYS].ctl = GT_CTL_ENABLE | GT_CTL_IMASK;
    a->timers[0].t[GT_PHYS].cval = 3;
    a->timers[0].t[GT_PHYS].ctl = GT_CTL_ENABLE;
    timer_sync(a);
    ck_assert_uint_eq(a->clock.next_event, 20000);
    transfer(a, b);
    ck_assert_uint_eq(b->clock.insns, 12345);
    ck_assert_uint_eq(b->rr, 1);
    ck_assert_uint_eq(b->clock.next_event, 20000);
    ck_assert(b->timers[0].t[GT_PHYS].out);
    ck_assert(!b->timers[1].t[GT_VIRT].out);
    /* PPI 30 of CPU 0 is high in the GIC, as in a. */
    ck_assert_uint_eq(b->board->gic->state.cpu[0].priv.level,
                      a->board->gic->state.cpu[0].priv.level);
    ck_assert_uint_eq(b->board->gic->state.cpu[0].priv.level & (1u << 30),
                      1u << 30);
    advance_to(a, 19999);
    advance_to(b, 19999);
    ck_assert(!b->timers[1].t[GT_VIRT].out);
    advance_to(a, 20000);
    advance_to(b, 20000);
    ck_assert(b->timers[1].t[GT_VIRT].out);
    ck_assert(a->timers[1].t[GT_VIRT].out);
    ck_assert_uint_eq(b->board->gic->state.cpu[1].priv.level,
                      a->board->gic->state.cpu[1].priv.level);
    ck_assert_uint_eq(b->clock.next_event, a->clock.next_event);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

START_TEST(timer_set_through_system_registers_round_trips)
{
    arm64emu_machine *a = virt(1), *b = virt(1);
    ck_assert_int_eq(arm64emu_sysreg_write(a, 0, CNTP_CVAL, 777), 0);
    ck_assert_int_eq(arm64emu_sysreg_write(a, 0, CNTP_CTL, 3), 0);
    ck_assert_int_eq(arm64emu_sysreg_write(a, 0, CNTV_CVAL, 1u << 20), 0);
    ck_assert_int_eq(arm64emu_sysreg_write(a, 0, CNTV_CTL, 1), 0);
    transfer(a, b);
    uint64_t v;
    ck_assert_int_eq(arm64emu_sysreg_read(b, 0, CNTP_CVAL, &v), 0);
    ck_assert_uint_eq(v, 777);
    ck_assert_int_eq(arm64emu_sysreg_read(b, 0, CNTV_CTL, &v), 0);
    ck_assert_uint_eq(v & 3, 1);
    ck_assert_uint_eq(b->clock.next_event, a->clock.next_event);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

static const snap_part_t *const only_timer[] = {&snap_part_timer, NULL};
static const snap_part_t *const only_clock[] = {&snap_part_clock, NULL};

static void timer_istatus_saved(snap_writer_t *w)
{
    snap_w_begin(w, "timer1", SNAP_F_CRITICAL);
    snap_w_u64(w, "cntv_ctl", SNAP_F_CRITICAL, 5);
    snap_w_end(w);
}

static void timer_el3_without_el3(snap_writer_t *w)
{
    snap_w_begin(w, "timer0", SNAP_F_CRITICAL);
    snap_w_u64(w, "cntps_ctl", SNAP_F_CRITICAL, 1);
    snap_w_end(w);
}

static void clock_other_ipt(snap_writer_t *w)
{
    snap_w_begin(w, "clock", SNAP_F_CRITICAL);
    snap_w_u64(w, "insns_per_tick", SNAP_F_CRITICAL, 7);
    snap_w_end(w);
}

static void clock_turn_cpu_5(snap_writer_t *w)
{
    snap_w_begin(w, "clock", SNAP_F_CRITICAL);
    snap_w_u64(w, "turn_cpu", SNAP_F_CRITICAL, 5);
    snap_w_end(w);
}

static void clock_open_turn_already_over(snap_writer_t *w)
{
    snap_w_begin(w, "clock", SNAP_F_CRITICAL);
    snap_w_u64(w, "insns", SNAP_F_CRITICAL, 5000);
    snap_w_u64(w, "turn_open", SNAP_F_CRITICAL, 1);
    snap_w_u64(w, "turn_end", SNAP_F_CRITICAL, 4096);
    snap_w_end(w);
}

START_TEST(timer_and_clock_values_that_do_not_fit_are_refused_by_name)
{
    expect_refused(timer_istatus_saved, only_timer, ARM64EMU_ERR_BAD_SNAPSHOT,
                   "timer1", "cntv_ctl");
    expect_refused(timer_el3_without_el3, only_timer,
                   ARM64EMU_ERR_INCOMPATIBLE, "timer0", "cntps_ctl");
    expect_refused(clock_other_ipt, only_clock, ARM64EMU_ERR_INCOMPATIBLE,
                   "clock", "insns_per_tick");
    expect_refused(clock_turn_cpu_5, only_clock, ARM64EMU_ERR_INCOMPATIBLE,
                   "clock", "turn_cpu");
    expect_refused(clock_open_turn_already_over, only_clock,
                   ARM64EMU_ERR_BAD_SNAPSHOT, "clock", "turn_end");
}
END_TEST

START_TEST(clock_restores_an_open_turn)
{
    arm64emu_machine *a = virt(2), *b = virt(2);
    a->power[1] = CPU_POWER_IDLE;
    a->clock.insns = 100;
    a->turn_open = true;
    a->turn_cpu = 1;
    a->turn_end = 4196;
    a->rr = 0;
    transfer(a, b);
    ck_assert(b->turn_open);
    ck_assert_uint_eq(b->turn_cpu, 1);
    ck_assert_uint_eq(b->turn_end, 4196);
    ck_assert_uint_eq(b->power[1], CPU_POWER_IDLE);
    ck_assert_uint_eq(b->power[0], CPU_POWER_ON);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

/* ---- PL031 ----------------------------------------------------------- */

START_TEST(rtc_alarm_fires_at_the_same_second_after_load)
{
    arm64emu_machine *a = virt(1), *b = virt(1);
    const uint64_t sec = GT_CNTFRQ_HZ; /* instructions per second at ipt 1 */
    a->clock.insns = 3 * sec;
    timer_sync(a);
    wr32(a, RTC + 0x08, 1000000);  /* LR: the count is now 1000000 */
    wr32(a, RTC + 0x10, 1);        /* IMSC */
    wr32(a, RTC + 0x04, 1000005);  /* MR: five seconds ahead */
    timer_sync(a);
    ck_assert_uint_eq(a->clock.next_event, 8 * sec);
    transfer(a, b);
    ck_assert_uint_eq(rd32(b, RTC), 1000000);
    ck_assert_uint_eq(b->clock.next_event, 8 * sec);
    advance_to(a, 8 * sec - 1);
    advance_to(b, 8 * sec - 1);
    ck_assert_uint_eq(rd32(b, RTC + 0x18), 0);
    advance_to(a, 8 * sec);
    advance_to(b, 8 * sec);
    ck_assert_uint_eq(rd32(b, RTC + 0x18), 1); /* MIS */
    ck_assert_uint_eq(rd32(a, RTC + 0x18), 1);
    ck_assert_uint_eq(rd32(b, GICD + 0x204) & 4u, 4u); /* INTID 34 level */
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

static const snap_part_t *const only_pl031[] = {&snap_part_pl031, NULL};

static void rtc_alarm_not_at_mr(snap_writer_t *w)
{
    snap_w_begin(w, "pl031.0", SNAP_F_CRITICAL);
    snap_w_u64(w, "mr", SNAP_F_CRITICAL, 100);
    snap_w_u64(w, "armed", SNAP_F_CRITICAL, 1);
    snap_w_u64(w, "alarm_at", SNAP_F_CRITICAL, 99);
    snap_w_end(w);
}

static void rtc_imsc_2(snap_writer_t *w)
{
    snap_w_begin(w, "pl031.0", SNAP_F_CRITICAL);
    snap_w_u64(w, "imsc", SNAP_F_CRITICAL, 2);
    snap_w_end(w);
}

START_TEST(rtc_values_it_cannot_hold_are_refused_by_name)
{
    expect_refused(rtc_alarm_not_at_mr, only_pl031, ARM64EMU_ERR_BAD_SNAPSHOT,
                   "pl031.0", "alarm_at");
    expect_refused(rtc_imsc_2, only_pl031, ARM64EMU_ERR_BAD_SNAPSHOT,
                   "pl031.0", "imsc");
}
END_TEST

/* ---- PSCI ------------------------------------------------------------ */

static const snap_part_t *const only_psci[] = {&snap_part_psci, NULL};

static void psci_three_cpus(snap_writer_t *w)
{
    uint64_t p[3] = {1, 0, 0};
    snap_w_begin(w, "psci", SNAP_F_CRITICAL);
    snap_w_u64_array(w, "power", SNAP_F_CRITICAL, p, 3);
    snap_w_end(w);
}

static void psci_state_3(snap_writer_t *w)
{
    uint64_t p[2] = {1, 3};
    snap_w_begin(w, "psci", SNAP_F_CRITICAL);
    snap_w_u64_array(w, "power", SNAP_F_CRITICAL, p, 2);
    snap_w_end(w);
}

START_TEST(psci_power_states_are_checked_against_the_machine)
{
    expect_refused(psci_three_cpus, only_psci, ARM64EMU_ERR_INCOMPATIBLE,
                   "psci", "power");
    expect_refused(psci_state_3, only_psci, ARM64EMU_ERR_BAD_SNAPSHOT,
                   "psci", "power");
}
END_TEST

START_TEST(missing_device_records_default_to_reset_and_are_reported)
{
    arm64emu_machine *m = virt(2);
    uart_fill(m);
    m->power[1] = CPU_POWER_ON;
    m->timers[1].t[GT_VIRT].ctl = 1;
    size_t len;
    snap_writer_t w;
    snap_w_init(&w);
    ck_assert(snap_w_header(&w, "test", "0", 0));
    ck_assert(snap_w_finish(&w));
    uint8_t *f = snap_w_take(&w, &len);
    load_result_t r = load_parts(m, dev_parts, f, len);
    ck_assert_int_eq(r.status, 0);
    ck_assert_uint_eq(m->board->uart->state.rx_count, 0);
    ck_assert_uint_eq(m->power[1], CPU_POWER_OFF);
    ck_assert_uint_eq(m->power[0], CPU_POWER_ON);
    ck_assert_uint_eq(m->timers[1].t[GT_VIRT].ctl, 0);
    const char *want[] = {"record 'timer0'", "record 'timer1'", "record 'gic'",
                          "record 'pl011.0'", "record 'pl031.0'",
                          "record 'psci'", "record 'clock'"};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        ck_assert_msg(strstr(r.report, want[i]), "report lacks %s: %s",
                      want[i], r.report);
    /* The machine has no semihosting: nothing to default. */
    ck_assert_ptr_null(strstr(r.report, "semihost"));
    free(f);
    arm64emu_destroy(m);
}
END_TEST

/* ---- semihosting ----------------------------------------------------- */

static const snap_part_t *const only_semihost[] = {&snap_part_semihost, NULL};

static arm64emu_machine *semihosting_machine(void)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), 0);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_SEMIHOSTING, 1), 0);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, 1u << 20), 0);
    arm64emu_machine *m = NULL;
    ck_assert_int_eq(arm64emu_create(cfg, &m), 0);
    arm64emu_config_free(cfg);
    return m;
}

START_TEST(semihosting_console_handles_and_errno_round_trip)
{
    arm64emu_machine *a = semihosting_machine(), *b = semihosting_machine();
    semihost_snap_t st = {.err = 9};
    st.kind[0] = SEMIHOST_H_STDIN;
    st.kind[1] = SEMIHOST_H_STDOUT;
    st.kind[4] = SEMIHOST_H_FEATURES;
    st.pos[4] = 3;
    semihost_snap_set(a->semihost, &st);
    size_t len, len2;
    uint8_t *f = save_parts(a, only_semihost, &len);
    load_result_t r = load_parts(b, only_semihost, f, len);
    ck_assert_int_eq(r.status, 0);
    semihost_snap_t got;
    semihost_snap_get(b->semihost, &got);
    ck_assert(memcmp(&got, &st, sizeof(st)) == 0);
    uint8_t *g = save_parts(b, only_semihost, &len2);
    ck_assert_uint_eq(len, len2);
    ck_assert(memcmp(f, g, len) == 0);
    free(f);
    free(g);
    arm64emu_destroy(a);
    arm64emu_destroy(b);
}
END_TEST

static void semihost_host_file(snap_writer_t *w)
{
    uint64_t h[4] = {SEMIHOST_H_STDOUT, 0, SEMIHOST_H_HOST, 12};
    snap_w_begin(w, "semihost", 0);
    snap_w_u64(w, "errno", SNAP_F_CRITICAL, 2);
    snap_w_u64_array(w, "handles", SNAP_F_CRITICAL, h, 4);
    snap_w_end(w);
}

START_TEST(semihosting_host_files_come_back_closed_and_reported)
{
    arm64emu_machine *m = semihosting_machine();
    size_t len;
    uint8_t *f = file_with(semihost_host_file, &len);
    load_result_t r = load_parts(m, only_semihost, f, len);
    ck_assert_int_eq(r.status, 0);
    semihost_snap_t got;
    semihost_snap_get(m->semihost, &got);
    ck_assert_int_eq(got.err, 2);
    ck_assert_uint_eq(got.kind[0], SEMIHOST_H_STDOUT);
    ck_assert_uint_eq(got.kind[1], SEMIHOST_H_FREE);
    ck_assert_ptr_nonnull(strstr(r.report, "handles[2] (host file"));
    free(f);
    arm64emu_destroy(m);
}
END_TEST

/* ---- through the public API ------------------------------------------ */

/* From test_board.c: enables PPI 27 in the GIC, arms the virtual timer
 * 1000 ticks ahead and sleeps in WFI with IRQs masked; x10/x11 are CNTVCT
 * before and after, x12 CNTV_CTL, x13 the acknowledged INTID. */
static const uint32_t timer_code[] = {
    0xd2a10141, 0xb900143f, 0x91404022, 0x52a10003, 0xb9010043, 0xd2a10004,
    0x52800045, 0xb9000085, 0xd2801fe6, 0xd5184606, 0xd2800026, 0xd518cce6,
    0xd5033fdf, 0xd53be04a, 0xd2807d07, 0xd51be307, 0xd2800027, 0xd51be327,
    0xd503207f, 0xd53be04b, 0xd53be32c, 0xd538cc0d, 0xd4200000,
};

static arm64emu_machine *timer_guest(void)
{
    arm64emu_machine *m = virt(1);
    ck_assert_int_eq(arm64emu_board_load_kernel(m, timer_code,
                                                sizeof(timer_code)), 0);
    ck_assert_int_eq(arm64emu_board_boot(m), 0);
    return m;
}

START_TEST(a_guest_split_anywhere_by_a_snapshot_finishes_the_same)
{
    /* The continuation of the saved machine is the reference: a split by
     * the budget alone may move a TVAL write (see the report). */
    for (uint64_t k = 1; k < 22; k++) {
        arm64emu_machine *a = timer_guest();
        arm64emu_exit e = test_run(a, k);
        ck_assert_msg(e.reason == ARM64EMU_EXIT_BUDGET, "split at %llu: exit %u",
                      (unsigned long long)k, e.reason);
        void *data;
        size_t len;
        ck_assert_int_eq(arm64emu_snapshot_save(a, NULL, &data, &len), 0);
        arm64emu_machine *b = NULL;
        char err[256];
        ck_assert_msg(arm64emu_create_from_snapshot(NULL, data, len, &b, err,
                                                    sizeof(err)) == 0,
                      "split at %llu: %s", (unsigned long long)k, err);
        arm64emu_free(data);
        ck_assert_uint_eq(test_run(a, 100000).reason, ARM64EMU_EXIT_BRK);
        ck_assert_uint_eq(test_run(b, 100000).reason, ARM64EMU_EXIT_BRK);
        for (unsigned r = 10; r <= 13; r++)
            ck_assert_msg(test_x(b, r) == test_x(a, r),
                          "split at %llu: x%u %#llx, want %#llx",
                          (unsigned long long)k, r,
                          (unsigned long long)test_x(b, r),
                          (unsigned long long)test_x(a, r));
        ck_assert_uint_eq(test_x(b, 13), 27);
        uint64_t ia, ib;
        arm64emu_virtual_time(a, NULL, &ia);
        arm64emu_virtual_time(b, NULL, &ib);
        ck_assert_uint_eq(ib, ia);
        ck_assert_uint_eq(test_icount(b), test_icount(a));
        arm64emu_destroy(a);
        arm64emu_destroy(b);
    }
}
END_TEST

/* Two CPUs taking turns: CPU 0 starts CPU 1 with PSCI CPU_ON, counts to
 * 2000 reading CNTVCT into x8, then waits for CPU 1's flag; CPU 1 counts to
 * 3000 in threes, stores CNTVCT (x9) as the flag and sleeps in WFI. */
static const uint32_t smp_code[] = {
    0xd53800a1, 0x92401c21, 0xb5000201, 0x52800060, 0x72b88000, 0xd2800021,
    0x10000182, 0xd2800003, 0xd4000002, 0xd2800005, 0x910004a5, 0xd53be048,
    0xf11f40bf, 0x54ffffa1, 0x100001c7, 0xf94000e6, 0xb4ffffe6, 0xd4200000,
    0xd2800005, 0x91000ca5, 0xf12ee0bf, 0x54ffffc1, 0xd53be049, 0x100000a7,
    0xf90000e9, 0xd503207f, 0x17ffffff, 0xd503201f, 0x00000000, 0x00000000,
};

static uint64_t xreg(arm64emu_machine *m, unsigned cpu, unsigned n)
{
    uint64_t v;
    ck_assert_int_eq(arm64emu_reg_read(m, cpu, (arm64emu_reg)n, &v), 0);
    return v;
}

START_TEST(two_cpus_split_by_snapshots_mid_turn_finish_the_same)
{
    unsigned splits = 0;
    for (uint64_t k = 1; k < 11000; k += 373) {
        arm64emu_machine *a = virt(2);
        ck_assert_int_eq(arm64emu_board_load_kernel(a, smp_code,
                                                    sizeof(smp_code)), 0);
        ck_assert_int_eq(arm64emu_board_boot(a), 0);
        arm64emu_exit e = test_run(a, k);
        if (e.reason != ARM64EMU_EXIT_BUDGET) {
            arm64emu_destroy(a);
            break;
        }
        void *data;
        size_t len;
        ck_assert_int_eq(arm64emu_snapshot_save(a, NULL, &data, &len), 0);
        arm64emu_machine *b = NULL;
        char err[256];
        ck_assert_msg(arm64emu_create_from_snapshot(NULL, data, len, &b, err,
                                                    sizeof(err)) == 0,
                      "split at %llu: %s", (unsigned long long)k, err);
        arm64emu_free(data);
        ck_assert_uint_eq(test_run(a, 100000).reason, ARM64EMU_EXIT_BRK);
        ck_assert_uint_eq(test_run(b, 100000).reason, ARM64EMU_EXIT_BRK);
        const unsigned regs[][2] = {{0, 5}, {0, 6}, {0, 8}, {1, 5}, {1, 9}};
        for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
            unsigned c = regs[i][0], r = regs[i][1];
            ck_assert_msg(xreg(b, c, r) == xreg(a, c, r),
                          "split at %llu: cpu%u x%u %#llx, want %#llx",
                          (unsigned long long)k, c, r,
                          (unsigned long long)xreg(b, c, r),
                          (unsigned long long)xreg(a, c, r));
        }
        for (unsigned c = 0; c < 2; c++) {
            uint64_t na, nb;
            arm64emu_instructions(a, c, &na);
            arm64emu_instructions(b, c, &nb);
            ck_assert_uint_eq(nb, na);
        }
        uint64_t ia, ib;
        arm64emu_virtual_time(a, NULL, &ia);
        arm64emu_virtual_time(b, NULL, &ib);
        ck_assert_uint_eq(ib, ia);
        ck_assert_uint_eq(xreg(b, 0, 5), 2000);
        ck_assert_uint_eq(xreg(b, 1, 5), 3000);
        splits++;
        arm64emu_destroy(a);
        arm64emu_destroy(b);
    }
    ck_assert_uint_ge(splits, 20); /* through both CPUs' turns */
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("snap_devices");
    TCase *t = tcase_create("all");
    tcase_add_test(t, uart_delivers_the_same_fifo_bytes_and_interrupt_after_load);
    tcase_add_test(t, uart_values_it_cannot_hold_are_refused_by_name);
    tcase_add_test(t, uart_missing_fields_take_reset_values_and_are_reported);
    tcase_add_test(t, gic_pending_interrupt_is_acknowledged_with_the_same_intid);
    tcase_add_test(t, gic_with_two_security_states_round_trips);
    tcase_add_test(t, gic_values_it_cannot_hold_are_refused_by_name);
    tcase_add_test(t, gic_missing_records_and_fields_take_reset_values);
    tcase_add_test(t, timer_fires_at_the_same_count_after_load);
    tcase_add_test(t, timer_set_through_system_registers_round_trips);
    tcase_add_test(t, timer_and_clock_values_that_do_not_fit_are_refused_by_name);
    tcase_add_test(t, clock_restores_an_open_turn);
    tcase_add_test(t, rtc_alarm_fires_at_the_same_second_after_load);
    tcase_add_test(t, rtc_values_it_cannot_hold_are_refused_by_name);
    tcase_add_test(t, psci_power_states_are_checked_against_the_machine);
    tcase_add_test(t, missing_device_records_default_to_reset_and_are_reported);
    tcase_add_test(t, semihosting_console_handles_and_errno_round_trip);
    tcase_add_test(t, semihosting_host_files_come_back_closed_and_reported);
    tcase_add_test(t, a_guest_split_anywhere_by_a_snapshot_finishes_the_same);
    tcase_add_test(t, two_cpus_split_by_snapshots_mid_turn_finish_the_same);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return test_main(suite());
}
