/* The run loop: find or build the block at pc, execute it, follow chained
 * successors, stop on an exit, the budget or a stop request. */
#include <string.h>

#include "exception.h"
#include "machine.h"

/* Exceptions in a row without retiring an instruction before the run
 * gives up and reports the last one (a vector table that faults). */
#define EXC_MAX_UNRETIRED 8
#include "mem.h"

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

int arm64emu_run(arm64emu_machine *m, uint64_t budget, arm64emu_exit *exit)
{
    if (!m || !exit || exit->struct_size < offsetof(arm64emu_exit, syndrome))
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    cpu_t *cpu = &m->cpus[0];
    uint64_t left = budget ? budget : UINT64_MAX;
    block_t *prev = NULL;
    op_result_t r = OP_NEXT;

    memset(&cpu->exit, 0, sizeof(cpu->exit));
    cpu->exit.struct_size = sizeof(cpu->exit);
    unsigned unretired = 0; /* exceptions taken since the last retirement */
    while (left) {
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
        if (UNLIKELY(cpu->attention) && exc_check_pending(cpu))
            prev = NULL;
        block_t *b = next_block(m, cpu, prev);
        uint32_t retired = 0;
        if (b) {
            uint32_t limit = b->n <= left ? b->n : (uint32_t)left;
            r = exec_block(cpu, b, limit, &retired);
            cpu->icount += retired;
            left -= retired;
        } else {
            cpu->exit.pc = cpu->pc;
            r = OP_FAULT;
        }
        if (LIKELY(r != OP_EXIT && r != OP_FAULT)) {
            prev = b;
            unretired = 0;
            continue;
        }
        /* An exception whose vector faults again retires nothing: after
         * a few rounds the run stops with the fault rather than spin. */
        unretired = retired ? 0 : unretired + 1;
        if (unretired > EXC_MAX_UNRETIRED || !exc_from_exit(cpu))
            break;
        r = OP_NEXT;
        prev = NULL;
    }
    if (r != OP_EXIT && r != OP_FAULT) {
        cpu_set_exit(cpu, ARM64EMU_EXIT_BUDGET, cpu->pc, 0);
    }
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
