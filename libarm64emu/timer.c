/* The virtual clock and the generic timer (timer.h). */
#include "timer.h"

#include "board.h"
#include "machine.h"
#include "pstate.h"

uint64_t vclock_now(const machine_t *m, const cpu_t *cpu, uint64_t icount)
{
    const vclock_t *c = &m->clock;
    if (cpu && cpu == c->running)
        return c->insns + (icount - c->slice_icount);
    return c->insns;
}

uint64_t vclock_ticks(const machine_t *m, const cpu_t *cpu, uint64_t icount)
{
    return vclock_now(m, cpu, icount) / m->clock.ipt;
}

/* CNTVOFF_EL2 as it applies to the virtual count. */
static uint64_t voffset(const cpu_t *cpu)
{
    if (!cpu->have_el2)
        return 0;
    uint64_t hcr = cpu->sr[SR_HCR_EL2];
    bool e2h_tge = (hcr & (1ull << 34)) && (hcr & HCR_TGE);
    if (e2h_tge && (cpu->el == 0 || cpu->el == 2))
        return 0;
    return cpu->sr[SR_CNTVOFF_EL2];
}

/* The count timer k of cpu compares with. */
static uint64_t timer_count(const cpu_t *cpu, unsigned k, uint64_t ticks)
{
    if (k == GT_VIRT)
        return ticks - (cpu->have_el2 ? cpu->sr[SR_CNTVOFF_EL2] : 0);
    return ticks;
}

static bool timer_status(const gtimer_t *t, uint64_t count)
{
    return (t->ctl & GT_CTL_ENABLE) && count >= t->cval;
}

/* The current count of the running CPU (or between slices, the clock). */
static uint64_t now_ticks(const machine_t *m)
{
    const cpu_t *r = m->clock.running;
    return vclock_ticks(m, r, r ? r->icount : 0);
}

void timer_sync(machine_t *m)
{
    if (!m->timers)
        return;
    uint64_t ticks = now_ticks(m);
    uint64_t ipt = m->clock.ipt;
    uint64_t next = UINT64_MAX;
    for (unsigned i = 0; i < m->ncpus; i++) {
        const cpu_t *cpu = &m->cpus[i];
        for (unsigned k = 0; k < GT_COUNT; k++) {
            gtimer_t *t = &m->timers[i].t[k];
            uint64_t count = timer_count(cpu, k, ticks);
            bool st = timer_status(t, count);
            bool out = st && !(t->ctl & GT_CTL_IMASK);
            if (out != t->out) {
                t->out = out;
                irq_line_set(&t->line, out);
            }
            if (st || (t->ctl & (GT_CTL_ENABLE | GT_CTL_IMASK)) !=
                          GT_CTL_ENABLE)
                continue;
            uint64_t delta = t->cval - count; /* > 0 */
            uint64_t when = ticks + delta;
            if (when < ticks || when > UINT64_MAX / ipt)
                continue;
            if (when * ipt < next)
                next = when * ipt;
        }
    }
    if (m->board)
        next = board_devices_event(m, next);
    m->clock.next_event = next;
}

void timer_reset(machine_t *m, unsigned cpu)
{
    if (!m->timers)
        return;
    for (unsigned k = 0; k < GT_COUNT; k++) {
        gtimer_t *t = &m->timers[cpu].t[k];
        t->ctl = 0;
        t->cval = 0;
        if (t->out) {
            t->out = false;
            irq_line_set(&t->line, false);
        }
    }
}

/* ---- system registers ------------------------------------------------ */

static uint64_t rd_cntpct(const cpu_t *c, uint64_t n)
{
    return vclock_ticks(c->machine, c, n);
}

static uint64_t rd_cntvct(const cpu_t *c, uint64_t n)
{
    return vclock_ticks(c->machine, c, n) - voffset(c);
}

static gtimer_t *timer_of(const cpu_t *c, unsigned k)
{
    return &c->machine->timers[c->index].t[k];
}

static uint64_t rd_ctl(const cpu_t *c, uint64_t n, unsigned k)
{
    const gtimer_t *t = timer_of(c, k);
    uint64_t count = timer_count(c, k, vclock_ticks(c->machine, c, n));
    return t->ctl | (timer_status(t, count) ? GT_CTL_ISTATUS : 0);
}

static uint64_t rd_tval(const cpu_t *c, uint64_t n, unsigned k)
{
    uint64_t count = timer_count(c, k, vclock_ticks(c->machine, c, n));
    return (uint32_t)(timer_of(c, k)->cval - count);
}

static void wr_ctl(cpu_t *c, uint64_t v, unsigned k)
{
    timer_of(c, k)->ctl = (uint32_t)v & (GT_CTL_ENABLE | GT_CTL_IMASK);
    timer_sync(c->machine);
}

static void wr_cval(cpu_t *c, uint64_t v, unsigned k)
{
    timer_of(c, k)->cval = v;
    timer_sync(c->machine);
}

static void wr_tval(cpu_t *c, uint64_t v, unsigned k)
{
    uint64_t count =
        timer_count(c, k, vclock_ticks(c->machine, c, c->icount));
    timer_of(c, k)->cval = count + (uint64_t)(int64_t)(int32_t)(uint32_t)v;
    timer_sync(c->machine);
}

static void wr_cntvoff(cpu_t *c, uint64_t v)
{
    c->sr[SR_CNTVOFF_EL2] = v;
    timer_sync(c->machine);
}

#define TIMER_FNS(name, k)                                                     \
    static uint64_t rd_ctl_##name(const cpu_t *c, uint64_t n)                  \
    {                                                                          \
        return rd_ctl(c, n, k);                                                \
    }                                                                          \
    static uint64_t rd_tval_##name(const cpu_t *c, uint64_t n)                 \
    {                                                                          \
        return rd_tval(c, n, k);                                               \
    }                                                                          \
    static uint64_t rd_cval_##name(const cpu_t *c, uint64_t n)                 \
    {                                                                          \
        (void)n;                                                               \
        return timer_of(c, k)->cval;                                           \
    }                                                                          \
    static void wr_ctl_##name(cpu_t *c, uint64_t v) { wr_ctl(c, v, k); }       \
    static void wr_tval_##name(cpu_t *c, uint64_t v) { wr_tval(c, v, k); }     \
    static void wr_cval_##name(cpu_t *c, uint64_t v) { wr_cval(c, v, k); }

TIMER_FNS(p, GT_PHYS)
TIMER_FNS(v, GT_VIRT)
TIMER_FNS(hp, GT_HYP)
TIMER_FNS(ps, GT_SEC)

static bool has_ecv(const cpu_model_t *m) { return id_field(m->id_aa64mmfr0_el1, 60) >= 1; }
static bool has_el2(const cpu_model_t *m) { return model_has_el(m, 2); }
static bool has_el3(const cpu_model_t *m) { return model_has_el(m, 3); }

#define K SYSREG_KEY
/* Writes end the block (sync) so that an interrupt they raise is taken
 * right after the MSR, as on hardware. */
#define FN(nm, k_, acc, trap, pres, rd, wr, r0)                                \
    {.name = nm, .key = k_, .access = acc, .traps = trap, .slot = SR_NONE,    \
     .res0 = r0, .present = pres, .read = rd, .write = wr, .sync = wr != NULL}
#define TIMER(pfx, sfx, op1, crm, acc, trap, pres, fn)                         \
    FN(pfx "_TVAL_" sfx, K(3, op1, 14, crm, 0), acc, trap, pres,               \
       rd_tval_##fn, wr_tval_##fn, 0xffffffff00000000ull),                     \
    FN(pfx "_CTL_" sfx, K(3, op1, 14, crm, 1), acc, trap, pres, rd_ctl_##fn,  \
       wr_ctl_##fn, ~0x7ull),                                                  \
    FN(pfx "_CVAL_" sfx, K(3, op1, 14, crm, 2), acc, trap, pres,              \
       rd_cval_##fn, wr_cval_##fn, 0)

/* Listed before the core table: the counters here replace the core's. */
const sysreg_def_t timer_sysregs[] = {
    FN("CNTPCT_EL0", K(3, 3, 14, 0, 1), SR_RO_EL0, SR_T_CNTP, NULL, rd_cntpct, NULL, 0),
    FN("CNTVCT_EL0", K(3, 3, 14, 0, 2), SR_RO_EL0, SR_T_CNTV, NULL, rd_cntvct, NULL, 0),
    FN("CNTPCTSS_EL0", K(3, 3, 14, 0, 5), SR_RO_EL0, SR_T_CNTP, has_ecv, rd_cntpct, NULL, 0),
    FN("CNTVCTSS_EL0", K(3, 3, 14, 0, 6), SR_RO_EL0, SR_T_CNTV, has_ecv, rd_cntvct, NULL, 0),
    {.name = "CNTVOFF_EL2", .key = K(3, 4, 14, 0, 3), .access = SR_RW_EL2,
     .slot = SR_CNTVOFF_EL2, .present = has_el2, .write = wr_cntvoff},
    TIMER("CNTP", "EL0", 3, 2, SR_RW_EL0, SR_T_CNTPT, NULL, p),
    TIMER("CNTV", "EL0", 3, 3, SR_RW_EL0, SR_T_CNTVT, NULL, v),
    TIMER("CNTHP", "EL2", 4, 2, SR_RW_EL2, 0, has_el2, hp),
    TIMER("CNTPS", "EL1", 7, 2, SR_RW_EL3, 0, has_el3, ps),
    {.name = NULL},
};
