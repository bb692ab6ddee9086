/* Fast in-memory checkpoints for fuzzers: a copy of all RAM and of the
 * CPU and device state, restored by copying back only the pages written
 * since (the bus's dirty bitmaps) and the state. Host-side things
 * (callbacks, host pointers, the TLB and the block caches) are not state:
 * they stay, and what derives from the state is recomputed. */
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "gic.h"
#include "hooks.h"
#include "mmu.h"
#include "pl011.h"
#include "pl031.h"
#include "pstate.h"
#include "snapshot.h"
#include "timer.h"

/* The architectural state of a CPU: everything in cpu_t that is neither
 * configuration nor host-side (pointers, TLB, block cache). */
typedef struct cpu_saved {
    uint64_t r[REG_COUNT];
    uint64_t pc;
    uint32_t nzcv, fpcr, fpsr;
    vreg_t v[32];
    uint64_t tpidr_el0, tpidrro_el0;
    excl_monitor_t excl;
    uint64_t icount;
    arm64emu_exit exit;
    fault_info_t fault;
    unsigned el, spsel;
    uint32_t daif, pstate;
    uint64_t sp_el[4];
    uint32_t lines, attention;
    unsigned trap_el;
    uint64_t sr[SR_COUNT];
    uint64_t block_flushes; /* the block cache's count at the checkpoint */
} cpu_saved_t;

typedef struct timer_saved {
    uint32_t ctl;
    uint64_t cval;
    bool out;
} timer_saved_t;

typedef struct region_saved {
    uint64_t base, size;
    const uint8_t *host; /* identifies the region */
    uint8_t *copy;       /* size bytes; zero pages left untouched */
} region_saved_t;

struct snap_checkpoint {
    region_saved_t *regions;
    unsigned nregions;
    cpu_saved_t *cpus;
    timer_saved_t (*timers)[GT_COUNT];
    vclock_t clock;
    uint8_t power[ARM64EMU_MAX_CPUS];
    unsigned rr;
    bool turn_open;
    unsigned turn_cpu;
    uint64_t turn_end;
    bool turn_mid_block;
    gic_state_t *gic;
    pl011_state_t uart;
    pl031_state_t rtc;
};

void snap_checkpoint_free(struct snap_checkpoint *c)
{
    if (!c)
        return;
    for (unsigned i = 0; i < c->nregions; i++)
        free(c->regions[i].copy);
    free(c->regions);
    free(c->cpus);
    free(c->timers);
    free(c->gic);
    free(c);
}

static void cpu_save(cpu_saved_t *s, const cpu_t *c)
{
    memcpy(s->r, c->r, sizeof(s->r));
    s->pc = c->pc;
    s->nzcv = c->nzcv;
    s->fpcr = c->fpcr;
    s->fpsr = c->fpsr;
    memcpy(s->v, c->v, sizeof(s->v));
    s->tpidr_el0 = c->tpidr_el0;
    s->tpidrro_el0 = c->tpidrro_el0;
    s->excl = c->excl;
    s->icount = c->icount;
    s->exit = c->exit;
    s->fault = c->fault;
    s->el = c->el;
    s->spsel = c->spsel;
    s->daif = c->daif;
    s->pstate = c->pstate;
    memcpy(s->sp_el, c->sp_el, sizeof(s->sp_el));
    s->lines = c->lines;
    s->attention = c->attention;
    s->trap_el = c->trap_el;
    memcpy(s->sr, c->sr, sizeof(s->sr));
    s->block_flushes = c->blocks ? c->blocks->flushes : 0;
}

static void cpu_restore(cpu_t *c, const cpu_saved_t *s)
{
    memcpy(c->r, s->r, sizeof(c->r));
    c->pc = s->pc;
    c->nzcv = s->nzcv;
    c->fpcr = s->fpcr;
    c->fpsr = s->fpsr;
    memcpy(c->v, s->v, sizeof(c->v));
    c->tpidr_el0 = s->tpidr_el0;
    c->tpidrro_el0 = s->tpidrro_el0;
    c->excl = s->excl;
    c->icount = s->icount;
    c->exit = s->exit;
    c->fault = s->fault;
    c->el = s->el;
    c->spsel = s->spsel;
    c->daif = s->daif;
    c->pstate = s->pstate;
    memcpy(c->sp_el, s->sp_el, sizeof(c->sp_el));
    c->lines = s->lines;
    c->attention = s->attention;
    c->trap_el = s->trap_el;
    memcpy(c->sr, s->sr, sizeof(c->sr));
}

static bool page_is_zero(const uint8_t *p)
{
    uint64_t first;
    memcpy(&first, p, sizeof(first));
    return first == 0 && memcmp(p, p + 8, BUS_PAGE_SIZE - 8) == 0;
}

/* Copies a RAM region; pages that are zero are not written into the
 * (calloc'd, so zero) copy, so that untouched guest memory costs no host
 * memory twice. */
static bool region_save(region_saved_t *s, const region_t *r)
{
    s->base = r->base;
    s->size = r->size;
    s->host = r->host;
    s->copy = calloc(1, (size_t)r->size);
    if (!s->copy)
        return false;
    for (uint64_t off = 0; off < r->size; off += BUS_PAGE_SIZE)
        if (region_touched(r, (size_t)(off / BUS_PAGE_SIZE)) &&
            !page_is_zero(r->host + off))
            memcpy(s->copy + off, r->host + off, BUS_PAGE_SIZE);
    return true;
}

static void clear_dirty(machine_t *m)
{
    for (unsigned i = 0; i < m->bus.count; i++) {
        region_t *r = &m->bus.regions[i];
        if (region_is_ram(r))
            memset(r->dirty, 0,
                   (size_t)((r->size / BUS_PAGE_SIZE + 63) / 64) *
                       sizeof(uint64_t));
    }
    if (m->bus.events.dirty_cleared)
        m->bus.events.dirty_cleared(m->bus.events.ctx);
}

int arm64emu_checkpoint(arm64emu_machine *m)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (m->clock.running)
        return machine_fail(m, ARM64EMU_ERR_BUSY,
                            "checkpoint: the machine is running");
    struct snap_checkpoint **slot = snap_checkpoint_slot(m);
    struct snap_checkpoint *c = slot ? calloc(1, sizeof(*c)) : NULL;
    if (!c)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY, "checkpoint: out of memory");
    c->regions = calloc(m->bus.count + 1, sizeof(*c->regions));
    c->cpus = calloc(m->ncpus, sizeof(*c->cpus));
    c->timers = calloc(m->ncpus, sizeof(*c->timers));
    bool ok = c->regions && c->cpus && c->timers;
    if (ok && m->board) {
        c->gic = malloc(sizeof(*c->gic));
        ok = c->gic != NULL;
    }
    for (unsigned i = 0; ok && i < m->bus.count; i++)
        if (region_is_ram(&m->bus.regions[i]))
            ok = region_save(&c->regions[c->nregions++], &m->bus.regions[i]);
    if (!ok) {
        snap_checkpoint_free(c);
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                            "checkpoint: out of memory copying RAM");
    }
    for (unsigned i = 0; i < m->ncpus; i++) {
        cpu_save(&c->cpus[i], &m->cpus[i]);
        for (unsigned k = 0; k < GT_COUNT; k++) {
            const gtimer_t *t = &m->timers[i].t[k];
            c->timers[i][k] = (timer_saved_t){t->ctl, t->cval, t->out};
        }
    }
    c->clock = m->clock;
    memcpy(c->power, m->power, sizeof(c->power));
    c->rr = m->rr;
    c->turn_open = m->turn_open;
    c->turn_cpu = m->turn_cpu;
    c->turn_end = m->turn_end;
    c->turn_mid_block = m->turn_mid_block;
    if (m->board) {
        *c->gic = m->board->gic->state;
        c->uart = m->board->uart->state;
        c->rtc = m->board->rtc->state;
    }
    snap_checkpoint_free(*slot);
    *slot = c;
    clear_dirty(m);
    return machine_ok(m);
}

/* Whether the RAM regions are the ones the checkpoint copied. */
static bool same_ram(const machine_t *m, const struct snap_checkpoint *c)
{
    unsigned k = 0;
    for (unsigned i = 0; i < m->bus.count; i++) {
        const region_t *r = &m->bus.regions[i];
        if (!region_is_ram(r))
            continue;
        if (k == c->nregions || c->regions[k].base != r->base ||
            c->regions[k].size != r->size || c->regions[k].host != r->host)
            return false;
        k++;
    }
    return k == c->nregions;
}

/* Copies back the pages written since the checkpoint; decoded code on
 * them goes, as on a bus write. */
static void restore_ram(machine_t *m, const struct snap_checkpoint *c)
{
    unsigned k = 0;
    for (unsigned i = 0; i < m->bus.count; i++) {
        region_t *r = &m->bus.regions[i];
        if (!region_is_ram(r))
            continue;
        const uint8_t *copy = c->regions[k++].copy;
        size_t words = (size_t)((r->size / BUS_PAGE_SIZE + 63) / 64);
        for (size_t w = 0; w < words; w++) {
            for (uint64_t bits = r->dirty[w]; bits; bits &= bits - 1) {
                size_t page = 64 * w + (size_t)__builtin_ctzll(bits);
                uint64_t off = (uint64_t)page * BUS_PAGE_SIZE;
                memcpy(r->host + off, copy + off, BUS_PAGE_SIZE);
                if (bit_test(r->code, page)) {
                    bit_clear(r->code, page);
                    if (m->bus.events.code_written)
                        m->bus.events.code_written(m->bus.events.ctx,
                                                   r->base + off);
                }
            }
        }
    }
}

int arm64emu_checkpoint_restore(arm64emu_machine *m)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (m->clock.running)
        return machine_fail(m, ARM64EMU_ERR_BUSY,
                            "checkpoint_restore: the machine is running");
    struct snap_checkpoint **slot = snap_checkpoint_slot(m);
    struct snap_checkpoint *c = slot ? *slot : NULL;
    if (!c)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "checkpoint_restore: no checkpoint was taken");
    if (!same_ram(m, c))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "checkpoint_restore: RAM was mapped or unmapped "
                            "since the checkpoint");
    restore_ram(m, c);
    for (unsigned i = 0; i < m->ncpus; i++) {
        cpu_t *cpu = &m->cpus[i];
        cpu_restore(cpu, &c->cpus[i]);
        for (unsigned k = 0; k < GT_COUNT; k++) {
            gtimer_t *t = &m->timers[i].t[k];
            t->ctl = c->timers[i][k].ctl;
            t->cval = c->timers[i][k].cval;
            t->out = c->timers[i][k].out;
        }
    }
    m->clock.insns = c->clock.insns;
    m->clock.ipt = c->clock.ipt;
    m->clock.next_event = c->clock.next_event;
    memcpy(m->power, c->power, sizeof(m->power));
    m->rr = c->rr;
    m->turn_open = c->turn_open;
    m->turn_cpu = c->turn_cpu;
    m->turn_end = c->turn_end;
    m->turn_mid_block = c->turn_mid_block;
    /* Coverage edges start afresh, as in a new machine; a breakpoint or
     * hook stop being resumed is forgotten. */
    memset(m->cov_prev, 0, sizeof(m->cov_prev));
    for (unsigned i = 0; i < m->ncpus; i++)
        hooks_cancel_resume(&m->cpus[i]);
    if (m->board) {
        m->board->gic->state = *c->gic;
        m->board->uart->state = c->uart;
        m->board->rtc->state = c->rtc;
    }
    /* Derived state. The TLB may hold translations through page tables
     * the guest rewrote; blocks were dropped for every translation change
     * the guest made (TLBI, context writes), so they go when any such
     * flush happened since the checkpoint. */
    for (unsigned i = 0; i < m->ncpus; i++) {
        cpu_t *cpu = &m->cpus[i];
        tlb_flush(&cpu->tlb);
        if (cpu->blocks && cpu->blocks->flushes != c->cpus[i].block_flushes)
            mmu_flush_blocks(cpu);
        cpu_update_mode(cpu);
        mmu_context_changed(cpu);
        if (cpu->blocks)
            c->cpus[i].block_flushes = cpu->blocks->flushes;
    }
    timer_sync(m);
    if (m->board) {
        gic_sync(m->board->gic);
        pl011_sync(m->board->uart);
        pl031_sync(m->board->rtc);
    }
    clear_dirty(m);
    return machine_ok(m);
}
