/* The run loop: find or build the block at pc, execute it, follow chained
 * successors, stop on an exit, the budget or a stop request. Several CPUs
 * take turns of QUANTUM instructions; timer events end a turn. */
#include <string.h>

#include "board.h"
#include "exception.h"
#include "hooks.h"
#include "machine.h"

/* Exceptions in a row without retiring an instruction before the run
 * gives up and reports the last one (a vector table that faults). */
#define EXC_MAX_UNRETIRED 8
#include "mem.h"

/* Exits that only pause the guest (a hook, the debugger or the host asked
 * to stop): the next run goes on as if there had been no stop, in the
 * same CPU's turn and, inside a block, without an interrupt check there. */
static bool pause_exit(const cpu_t *cpu)
{
    switch (cpu->exit.reason) {
    case ARM64EMU_EXIT_HOOK:
    case ARM64EMU_EXIT_BREAKPOINT:
    case ARM64EMU_EXIT_WATCHPOINT:
    case ARM64EMU_EXIT_STOP:
        return true;
    default:
        return false;
    }
}

/* Executes at most limit ops of b. Returns the handler result of the op
 * that ended it (OP_NEXT when it ran off the end or hit the limit) and
 * the number of instructions retired in *retired. */
static op_result_t exec_block(cpu_t *cpu, const block_t *b, uint32_t limit,
                              uint32_t *retired)
{
    const op_t *op = b->ops;
    const op_t *end = op + limit;
    op_result_t r = OP_NEXT;
    while (op < end) {
        r = op->fn(cpu, op);
        if (UNLIKELY(r != OP_NEXT))
            break;
        op++;
    }
    switch (r) {
    case OP_NEXT:
        *retired = limit;
        cpu->pc = b->pc + 4ull * limit;
        break;
    case OP_FAULT:
        *retired = (uint32_t)(op - b->ops);
        cpu->pc = op->pc;
        cpu->exit.pc = op->pc;
        cpu->exit.insn = op->insn;
        break;
    case OP_REDIRECT: /* a hook moved the pc: op did not run */
        *retired = (uint32_t)(op - b->ops);
        break;
    default:
        *retired = (uint32_t)(op - b->ops) + 1;
        break;
    }
    return r;
}

/* The next block after prev (chained when possible), or NULL with
 * cpu->exit set when the pc cannot be fetched. */
static block_t *next_block(machine_t *m, cpu_t *cpu, block_t *prev)
{
    uint64_t pc = cpu->pc;
    if (prev && prev->valid) {
        for (int i = 0; i < 2; i++) {
            block_t *s = prev->succ[i];
            if (s && s->pc == pc && s->mode == cpu->mode && s->valid)
                return s;
        }
    }
    uint64_t flushes = cpu->blocks->flushes;
    block_t *b = block_lookup(cpu->blocks, pc, cpu->mode);
    if (!b)
        b = block_build(cpu, &m->decoder);
    if (b && prev && prev->valid && flushes == cpu->blocks->flushes) {
        int slot = prev->succ[0] && prev->succ[0]->valid ? 1 : 0;
        prev->succ[slot] = b;
    }
    return b;
}

/* Instructions a CPU runs before the next one's turn when several are
 * runnable (a fixed quantum keeps SMP runs deterministic). */
#define QUANTUM 4096u

static inline uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a + b < a ? UINT64_MAX : a + b;
}

/* Runs cpu until the machine-wide count reaches slice_end or the next
 * timer event, the budget *left is spent, or an exit. Returns OP_EXIT or
 * OP_FAULT for an exit (cpu->exit filled), else OP_NEXT. step
 * (arm64emu_debug_step): an exception or interrupt taken, or a hook's
 * redirection, ends the slice too. */
static op_result_t run_slice(machine_t *m, cpu_t *cpu, uint64_t slice_end,
                             uint64_t *left, bool resumed, bool step)
{
    vclock_t *ck = &m->clock;
    const uint64_t start = cpu->icount, insns0 = ck->insns;
    block_t *prev = NULL;
    op_result_t r = OP_NEXT;
    unsigned unretired = 0; /* exceptions taken since the last retirement */
    /* The icount at which the turn ends: the budget, the turn's end or the
     * next timer event (recomputed when a write moves the event). */
    uint64_t budget_ic = sat_add(start, *left);
    uint64_t seen_event = ~ck->next_event, stop_ic = start;

    /* Interrupts are looked for at block boundaries only; a run resumed
     * where the last one's budget cut a block is not at a boundary. */
    bool at_boundary = !(resumed && m->turn_mid_block);
    bool cut_mid_block = false;

    ck->running = cpu;
    ck->slice_icount = start;
    for (;;) {
        if (UNLIKELY(ck->next_event != seen_event)) {
            seen_event = ck->next_event;
            uint64_t stop = slice_end < seen_event ? slice_end : seen_event;
            stop_ic = stop > insns0 ? sat_add(start, stop - insns0) : start;
            if (stop_ic > budget_ic)
                stop_ic = budget_ic;
        }
        if (cpu->icount >= stop_ic)
            break;
        /* A plain load first: an exchange (a locked bus operation) on
         * every block boundary costs more than running the block. */
        if (UNLIKELY(atomic_load_explicit(&m->stop_requested,
                                          memory_order_relaxed)) &&
            atomic_exchange_explicit(&m->stop_requested, 0,
                                     memory_order_relaxed)) {
            cpu_set_exit(cpu, ARM64EMU_EXIT_STOP, cpu->pc, 0);
            r = OP_EXIT;
            break;
        }
        if (UNLIKELY(cpu->attention) && at_boundary) {
            if (exc_check_pending(cpu)) {
                prev = NULL;
                if (step)
                    break;
            } else if (UNLIKELY(m->hooks != NULL) && hooks_take_stop(cpu)) {
                r = OP_EXIT; /* an interrupt hook asked to stop */
                break;
            }
        }
        at_boundary = true;
        block_t *b = next_block(m, cpu, prev);
        uint32_t retired = 0;
        if (b) {
            uint64_t room = stop_ic - cpu->icount;
            uint32_t limit = b->n <= room ? b->n : (uint32_t)room;
            m->running_block = b;
            r = exec_block(cpu, b, limit, &retired);
            /* Stopped where the block would have gone on: by the budget,
             * or paused before an op or after one that falls through. */
            cut_mid_block =
                (r == OP_NEXT && limit < b->n) ||
                ((r == OP_FAULT ||
                  (r == OP_EXIT && retired < b->n &&
                   cpu->pc == b->pc + 4ull * retired)) &&
                 pause_exit(cpu));
            cpu->icount += retired;
        } else {
            cpu->exit.pc = cpu->pc;
            r = OP_FAULT;
        }
        if (LIKELY(r <= OP_BRANCH)) {
            prev = b;
            unretired = 0;
            continue;
        }
        if (r == OP_REDIRECT) {
            prev = b;
            r = OP_NEXT;
            if (step)
                break;
            continue;
        }
        /* An exception whose vector faults again retires nothing: after
         * a few rounds the run stops with the fault rather than spin. */
        unretired = retired ? 0 : unretired + 1;
        if (unretired > EXC_MAX_UNRETIRED || !exc_from_exit(cpu))
            break;
        r = OP_NEXT;
        prev = NULL;
        if (step)
            break;
    }
    m->running_block = NULL;
    m->turn_mid_block = cut_mid_block;
    *left -= cpu->icount - start;
    ck->insns += cpu->icount - start;
    ck->running = NULL;
    return r;
}

/* The next powered-on, awake CPU from m->rr on (waking sleepers that
 * have an interrupt pending), or NULL. *awake counts the runnable ones. */
static cpu_t *pick_cpu(machine_t *m, unsigned *awake)
{
    cpu_t *pick = NULL;
    *awake = 0;
    for (unsigned k = 0; k < m->ncpus; k++) {
        unsigned i = (m->rr + k) % m->ncpus;
        if (m->power[i] == CPU_POWER_IDLE && exc_wfi_wakes(&m->cpus[i]))
            m->power[i] = CPU_POWER_ON;
        if (m->power[i] != CPU_POWER_ON)
            continue;
        ++*awake;
        if (!pick)
            pick = &m->cpus[i];
    }
    return pick;
}

/* The CPU of the turn the last run's budget interrupted, if it can go on
 * (the caller may have changed the machine in between), else NULL. */
static cpu_t *resume_turn(machine_t *m)
{
    if (!m->turn_open || m->power[m->turn_cpu] != CPU_POWER_ON ||
        m->clock.insns >= m->turn_end || m->clock.insns >= m->clock.next_event)
        return NULL;
    return &m->cpus[m->turn_cpu];
}

/* A board handles some exits itself: WFI puts the CPU to sleep, an
 * HVC/SMC on the PSCI conduit calls the firmware. Returns true when the
 * run goes on. */
static bool board_exit(machine_t *m, cpu_t *cpu)
{
    const board_t *b = m->board;
    switch (cpu->exit.reason) {
    case ARM64EMU_EXIT_WFI:
        m->power[cpu->index] = CPU_POWER_IDLE;
        return true;
    case ARM64EMU_EXIT_HVC:
    case ARM64EMU_EXIT_SMC: {
        unsigned want = cpu->exit.reason == ARM64EMU_EXIT_HVC
                            ? ARM64EMU_PSCI_HVC
                            : ARM64EMU_PSCI_SMC;
        if (b->conduit != want || cpu->exit.imm != 0)
            return false;
        unsigned why = psci_call(m, cpu);
        if (why == ARM64EMU_EXIT_BUDGET)
            return true;
        cpu->exit.reason = why;
        return false;
    }
    default:
        return false;
    }
}

int arm64emu_run(arm64emu_machine *m, uint64_t budget, arm64emu_exit *exit)
{
    if (!m || !exit || exit->struct_size < offsetof(arm64emu_exit, syndrome))
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    vclock_t *ck = &m->clock;
    if (ck->running)
        return machine_fail(m, ARM64EMU_ERR_BUSY,
                            "run: the machine is running (called from a hook)");
    uint64_t left = budget ? budget : UINT64_MAX;
    cpu_t *cpu = &m->cpus[0];
    if (m->hooks)
        for (unsigned i = 0; i < m->ncpus; i++)
            hooks_run_begin(&m->cpus[i]);

    for (;;) {
        if (ck->insns >= ck->next_event)
            timer_sync(m);
        cpu_t *next = resume_turn(m);
        bool resumed = next != NULL;
        if (!next) {
            unsigned awake;
            next = pick_cpu(m, &awake);
            if (!next) {
                if (ck->next_event != UINT64_MAX) {
                    ck->insns = ck->next_event; /* everyone sleeps: jump */
                    continue;
                }
                for (unsigned i = m->ncpus; i-- > 0;)
                    if (m->power[i] != CPU_POWER_OFF)
                        cpu = &m->cpus[i];
                cpu_set_exit(cpu, ARM64EMU_EXIT_WFI, cpu->pc, 0);
                break;
            }
            m->turn_cpu = next->index;
            m->turn_end = awake > 1 ? ck->insns + QUANTUM : UINT64_MAX;
            m->rr = (next->index + 1) % m->ncpus;
        }
        m->turn_open = false;
        cpu = next;
        memset(&cpu->exit, 0, sizeof(cpu->exit));
        cpu->exit.struct_size = sizeof(cpu->exit);
        if (m->board)
            board_before_slice(m, cpu);
        op_result_t r = run_slice(m, cpu, m->turn_end, &left, resumed, false);
        if (r != OP_EXIT && r != OP_FAULT && !left) {
            /* The budget, not the turn, ended: the next run resumes it. */
            m->turn_open = ck->insns < m->turn_end && ck->insns < ck->next_event;
            cpu_set_exit(cpu, ARM64EMU_EXIT_BUDGET, cpu->pc, 0);
            break;
        }
        if (r == OP_EXIT || r == OP_FAULT) {
            if (m->board && board_exit(m, cpu))
                continue;
            if (pause_exit(cpu)) /* the next run resumes the turn */
                m->turn_open =
                    ck->insns < m->turn_end && ck->insns < ck->next_event;
            break;
        }
    }
    uint32_t n = exit->struct_size < sizeof(*exit) ? exit->struct_size
                                                    : (uint32_t)sizeof(*exit);
    uint32_t caller_size = exit->struct_size;
    memcpy(exit, &cpu->exit, n);
    exit->struct_size = caller_size;
    return machine_ok(m);
}

int arm64emu_debug_step(arm64emu_machine *m, unsigned cpu_index,
                        arm64emu_exit *exit)
{
    if (!m || !exit || exit->struct_size < offsetof(arm64emu_exit, syndrome))
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (cpu_index >= m->ncpus)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "cpu %u does not exist (the machine has %u)",
                            cpu_index, m->ncpus);
    vclock_t *ck = &m->clock;
    if (ck->running)
        return machine_fail(m, ARM64EMU_ERR_BUSY,
                            "debug_step: the machine is running");
    if (m->power[cpu_index] == CPU_POWER_OFF)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "debug_step: cpu %u is powered off", cpu_index);
    cpu_t *cpu = &m->cpus[cpu_index];
    if (ck->insns >= ck->next_event)
        timer_sync(m);
    if (m->power[cpu_index] == CPU_POWER_IDLE)
        m->power[cpu_index] = CPU_POWER_ON;
    memset(&cpu->exit, 0, sizeof(cpu->exit));
    cpu->exit.struct_size = sizeof(cpu->exit);
    if (m->hooks) {
        hooks_run_begin(cpu);
        hooks_arm_step(cpu);
    }
    if (m->board)
        board_before_slice(m, cpu);
    uint64_t left = 1;
    /* The step is a turn of its own: a turn the budget cut is over. */
    m->turn_open = false;
    op_result_t r = run_slice(m, cpu, UINT64_MAX, &left, false, true);
    m->turn_mid_block = false;
    if (r == OP_EXIT || r == OP_FAULT) {
        if (!(m->board && board_exit(m, cpu)))
            goto out;
    }
    cpu_set_exit(cpu, ARM64EMU_EXIT_STEP, cpu->pc, 0);
out:;
    uint32_t n = exit->struct_size < sizeof(*exit) ? exit->struct_size
                                                    : (uint32_t)sizeof(*exit);
    uint32_t caller_size = exit->struct_size;
    memcpy(exit, &cpu->exit, n);
    exit->struct_size = caller_size;
    return machine_ok(m);
}

void arm64emu_request_stop(arm64emu_machine *m)
{
    if (m)
        atomic_store_explicit(&m->stop_requested, 1, memory_order_relaxed);
}

int arm64emu_instructions(arm64emu_machine *m, unsigned cpu, uint64_t *count)
{
    if (!m || !count)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (cpu >= m->ncpus)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "cpu %u does not exist (the machine has %u)", cpu,
                            m->ncpus);
    *count = m->cpus[cpu].icount;
    return machine_ok(m);
}

int arm64emu_virtual_time(arm64emu_machine *m, uint64_t *ticks, uint64_t *insns)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (ticks)
        *ticks = m->clock.insns / m->clock.ipt;
    if (insns)
        *insns = m->clock.insns;
    return machine_ok(m);
}
