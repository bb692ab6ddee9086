/* Hooks and debugger stops: registration, decode-time instrumentation
 * (hooks_op), and the callbacks of the memory, exception and interrupt
 * slow paths. See hooks.h for the design; docs/api.md for the semantics.
 */
#include "hooks.h"

#include <stdlib.h>
#include <string.h>

#include "alu.h"
#include "mem.h"
#include "mmu.h"

/* ---- state ---------------------------------------------------------------- */

typedef enum hook_kind {
    HK_CODE,
    HK_BLOCK,
    HK_MEM,
    HK_UNMAPPED,
    HK_EXC,
    HK_INTR,
    HK_SYSREG,
    HK_BREAK, /* arm64emu_debug_break_add: [begin, begin + 4) */
    HK_WATCH, /* arm64emu_debug_watch_add */
    HK_COUNT
} hook_kind_t;

typedef union hook_fn {
    arm64emu_code_hook_fn code;
    arm64emu_block_hook_fn block;
    arm64emu_mem_hook_fn mem;
    arm64emu_unmapped_hook_fn unmapped;
    arm64emu_exception_hook_fn exc;
    arm64emu_interrupt_hook_fn intr;
    arm64emu_sysreg_hook_fn sysreg;
} hook_fn_t;

typedef struct hook {
    uint32_t id;
    uint8_t kind;
    bool internal; /* hooks_add_code_at: not removable by the user */
    bool dead;     /* removed; compacted when no callback runs */
    uint32_t access_mask;
    uint32_t key;  /* sysreg hooks */
    uint64_t begin, end;
    hook_fn_t fn;
    void *user;
} hook_t;

/* Per-CPU state of the instruction being resumed and of watchpoint hits. */
typedef struct hook_cpu {
    bool armed;      /* a stop at pc: running again skips stages <= level */
    uint8_t level;
    uint64_t pc;
    bool mute;       /* memory hooks are not called (resumed instruction) */
    unsigned mute_mem; /* inside a 16-byte access reported as one, or a
                          semihosting call's accesses: no hooks */
    bool watch_hit;
    uint64_t watch_addr;
    uint32_t watch_size, watch_access;
    bool stop_pending; /* an interrupt hook asked to stop */
} hook_cpu_t;

/* Stages of an instrumented op, in order; a stop at a stage arms the
 * resume so that running again skips that stage and the earlier ones. */
enum {
    STAGE_BLOCK = 1, /* coverage and block hooks */
    STAGE_BREAK = 2,
    STAGE_CODE = 3,
    STAGE_ACCESS = 4 /* sysreg and memory hooks */
};

struct hooks {
    hook_t *list;
    unsigned n, cap;
    uint32_t next_id;
    unsigned depth; /* callbacks in progress */
    bool dirty;     /* dead entries to compact */
    unsigned count[HK_COUNT];
    hooks_insn_fn insn_fn;
    void *insn_user;
    /* coverage (coverage.c) */
    uint8_t *cov_map;
    size_t cov_mask;
    /* cmplog */
    arm64emu_cmplog_entry *cl_buf;
    size_t cl_cap, cl_n;
    hook_cpu_t cpu[ARM64EMU_MAX_CPUS];
};

/* What hooks_op does for one op (op_ext_t.flags). */
enum {
    X_COV = 1u << 0,
    X_BLOCK = 1u << 1,
    X_BREAK = 1u << 2,
    X_CODE = 1u << 3,
    X_INSN = 1u << 4,   /* SVC/HVC callback; ext.kind says which */
    X_CMP = 1u << 5,
    X_SYSREG = 1u << 6, /* ext.key; X_SR_WRITE for MSR/SYS */
    X_SR_WRITE = 1u << 7,
    X_ALL = 1u << 8     /* memory hooks/watchpoints: pc kept current */
};

/* cmplog operand forms */
enum {
    CMP_IMM = 1,   /* Rn, imm */
    CMP_SHIFT = 2, /* Rn, Rm shifted by type/amount */
    CMP_EXT = 3,   /* Rn, Rm extended by type, shifted left by amount */
    CMP_CCMP_REG = 4,
    CMP_CCMP_IMM = 5
};

static struct hooks *get_hooks(machine_t *m)
{
    if (!m->hooks)
        m->hooks = calloc(1, sizeof(struct hooks));
    return m->hooks;
}

void hooks_free(machine_t *m)
{
    if (!m->hooks)
        return;
    free(m->hooks->list);
    free(m->hooks);
    m->hooks = NULL;
    m->hooks_on = false;
}

static void compact(struct hooks *h)
{
    if (h->depth || !h->dirty)
        return;
    unsigned j = 0;
    for (unsigned i = 0; i < h->n; i++)
        if (!h->list[i].dead)
            h->list[j++] = h->list[i];
    h->n = j;
    h->dirty = false;
}

/* The set of instrumented things changed: drop every decoded block (the
 * running one ends after the current instruction) and, for memory hooks
 * and watchpoints, the soft TLBs' fast tags. */
static op_result_t op_end_here(cpu_t *cpu, const op_t *op)
{
    cpu->pc = op->pc;
    return OP_REDIRECT;
}

static void changed(machine_t *m, bool tlbs)
{
    struct hooks *h = m->hooks;
    m->hooks_on = h->count[HK_CODE] || h->count[HK_BLOCK] ||
                  h->count[HK_MEM] || h->count[HK_SYSREG] ||
                  h->count[HK_BREAK] || h->count[HK_WATCH] || h->insn_fn ||
                  h->cov_map || h->cl_buf;
    block_t *run = m->clock.running ? m->running_block : NULL;
    if (run) {
        /* Its ops stay in the arena until the next block is built: the
         * ones after the current instruction now end the block there. */
        op_t *ops = (op_t *)(uintptr_t)run->ops;
        for (uint32_t i = 0; i < run->n; i++)
            ops[i].fn = op_end_here;
    }
    for (unsigned i = 0; i < m->ncpus; i++) {
        mmu_flush_blocks(&m->cpus[i]);
        if (tlbs)
            tlb_flush(&m->cpus[i].tlb);
    }
}

static bool kind_touches_tlb(unsigned kind)
{
    return kind == HK_MEM || kind == HK_WATCH;
}

static int add_hook(machine_t *m, const hook_t *proto, uint32_t *id)
{
    struct hooks *h = get_hooks(m);
    if (!h)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY, "out of memory adding a hook");
    if (h->n == h->cap) {
        unsigned cap = h->cap ? 2 * h->cap : 16;
        hook_t *l = realloc(h->list, cap * sizeof(*l));
        if (!l)
            return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                                "out of memory adding a hook");
        h->list = l;
        h->cap = cap;
    }
    hook_t *k = &h->list[h->n++];
    *k = *proto;
    k->id = ++h->next_id;
    if (k->id == 0)
        k->id = ++h->next_id;
    h->count[k->kind]++;
    if (id)
        *id = k->id;
    if (k->kind != HK_UNMAPPED && k->kind != HK_EXC && k->kind != HK_INTR)
        changed(m, kind_touches_tlb(k->kind));
    return machine_ok(m);
}

static hook_t *find_id(struct hooks *h, uint32_t id)
{
    if (!h || !id)
        return NULL;
    for (unsigned i = 0; i < h->n; i++)
        if (h->list[i].id == id && !h->list[i].dead)
            return &h->list[i];
    return NULL;
}

static void remove_hook(machine_t *m, hook_t *k)
{
    struct hooks *h = m->hooks;
    unsigned kind = k->kind;
    k->dead = true;
    h->dirty = true;
    h->count[kind]--;
    compact(h);
    if (kind != HK_UNMAPPED && kind != HK_EXC && kind != HK_INTR)
        changed(m, kind_touches_tlb(kind));
}

int hooks_del(machine_t *m, uint32_t id)
{
    hook_t *k = find_id(m->hooks, id);
    if (!k)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hook id %u is not installed", id);
    remove_hook(m, k);
    return machine_ok(m);
}

static bool in_range(const hook_t *k, uint64_t a)
{
    return a >= k->begin && (a < k->end || k->end == UINT64_MAX);
}

static bool overlaps(const hook_t *k, uint64_t a, uint64_t len)
{
    uint64_t last = a + (len ? len - 1 : 0);
    if (last < a)
        last = UINT64_MAX;
    uint64_t klast = k->end == UINT64_MAX ? UINT64_MAX : k->end - 1;
    return k->end > k->begin && a <= klast && last >= k->begin;
}

/* ---- callbacks ------------------------------------------------------------ */

static void enter(struct hooks *h) { h->depth++; }

static void leave(struct hooks *h)
{
    h->depth--;
    compact(h);
}

static hook_cpu_t *hcpu(cpu_t *cpu)
{
    return &cpu->machine->hooks->cpu[cpu->index];
}

static void arm_resume(cpu_t *cpu, uint64_t pc, unsigned level)
{
    hook_cpu_t *c = hcpu(cpu);
    c->armed = true;
    c->pc = pc;
    c->level = (uint8_t)level;
}

void hooks_cancel_resume(cpu_t *cpu)
{
    if (cpu->machine->hooks)
        hcpu(cpu)->armed = false;
}

void hooks_arm_step(cpu_t *cpu)
{
    if (cpu->machine->hooks)
        arm_resume(cpu, cpu->pc, STAGE_BREAK);
}

void hooks_run_begin(cpu_t *cpu)
{
    if (cpu->machine->hooks) {
        hook_cpu_t *c = hcpu(cpu);
        if (c->armed && c->pc != cpu->pc)
            c->armed = false;
    }
}

bool hooks_take_stop(cpu_t *cpu)
{
    if (!cpu->machine->hooks)
        return false;
    hook_cpu_t *c = hcpu(cpu);
    bool s = c->stop_pending;
    c->stop_pending = false;
    return s;
}

/* A stop before op (not retired; running again skips stages <= level). */
static op_result_t stop_before(cpu_t *cpu, const op_t *op,
                               arm64emu_exit_reason why, uint64_t imm,
                               unsigned level)
{
    cpu_set_exit(cpu, why, op->pc, op->insn);
    cpu->exit.imm = imm;
    arm_resume(cpu, op->pc, level);
    return OP_FAULT;
}

/* A stop after op retired with result r (OP_NEXT or OP_BRANCH). */
static op_result_t stop_after(cpu_t *cpu, const op_t *op, op_result_t r,
                              arm64emu_exit_reason why, uint64_t imm)
{
    if (r == OP_NEXT)
        cpu->pc = op->pc + 4;
    cpu_set_exit(cpu, why, op->pc, op->insn);
    cpu->exit.imm = imm;
    return OP_EXIT;
}

static uint32_t cov_hash(uint64_t va)
{
    /* docs/api.md: the upper 32 bits of (va ^ (va >> 32)) times the 64-bit
     * golden ratio constant. */
    return (uint32_t)(((va ^ (va >> 32)) * 0x9e3779b97f4a7c15ull) >> 32);
}

static void cover(machine_t *m, cpu_t *cpu, uint32_t cur)
{
    struct hooks *h = m->hooks;
    uint8_t *p = &h->cov_map[(m->cov_prev[cpu->index] ^ cur) & h->cov_mask];
    *p = (uint8_t)(*p + 1 + (*p == 255));
    m->cov_prev[cpu->index] = cur >> 1;
}

static uint64_t shift_reg(uint64_t v, unsigned type, unsigned amount, bool sf)
{
    if (!sf)
        v = (uint32_t)v;
    if (!amount)
        return v;
    unsigned bits = sf ? 64 : 32;
    switch (type) {
    case 0: return v << amount;
    case 1: return v >> amount;
    case 2: return sf ? (uint64_t)((int64_t)v >> amount)
                      : (uint64_t)(uint32_t)((int32_t)(uint32_t)v >> amount);
    default:
        return sf ? ror64(v, amount)
                  : (uint32_t)((v >> amount) | (v << (bits - amount)));
    }
}

static uint64_t extend_reg(uint64_t v, unsigned option, unsigned amount)
{
    switch (option & 3) {
    case 0: v = (uint8_t)v; break;
    case 1: v = (uint16_t)v; break;
    case 2: v = (uint32_t)v; break;
    default: break;
    }
    if (option & 4)
        v = sign_extend(v, 8u << (option & 3));
    return v << amount;
}

static void cmplog(machine_t *m, cpu_t *cpu, const op_t *op,
                   const op_ext_t *x)
{
    struct hooks *h = m->hooks;
    if (!h->cl_buf || h->cl_n >= h->cl_cap)
        return;
    bool sf = x->c_sf;
    uint64_t a = cpu->r[x->c_n], b;
    switch (x->c_form) {
    case CMP_IMM:
    case CMP_CCMP_IMM:
        b = x->c_imm;
        break;
    case CMP_EXT:
        b = extend_reg(cpu->r[x->c_m], x->c_type, x->c_amount);
        break;
    default: /* CMP_SHIFT, CMP_CCMP_REG */
        b = shift_reg(cpu->r[x->c_m], x->c_type, x->c_amount, sf);
        break;
    }
    if ((x->c_form == CMP_CCMP_REG || x->c_form == CMP_CCMP_IMM) &&
        !cond_holds(cpu->nzcv, x->c_cond))
        return; /* no comparison: the flags come from the immediate */
    if (!sf) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    }
    h->cl_buf[h->cl_n++] = (arm64emu_cmplog_entry){
        .pc = op->pc, .a = a, .b = b, .size = sf ? 8 : 4, .kind = 0};
}

void hooks_cmplog_add(machine_t *m, uint64_t pc, uint64_t a, uint64_t b,
                      uint32_t size, uint32_t kind)
{
    struct hooks *h = m->hooks;
    if (!h || !h->cl_buf || h->cl_n >= h->cl_cap)
        return;
    h->cl_buf[h->cl_n++] =
        (arm64emu_cmplog_entry){.pc = pc, .a = a, .b = b, .size = size,
                                .kind = kind};
}

/* Calls the sysreg hooks for key; returns a positive stop code or 0. */
static int call_sysreg(machine_t *m, cpu_t *cpu, uint32_t key, bool write,
                       uint64_t *v)
{
    struct hooks *h = m->hooks;
    int stop = 0;
    enter(h);
    unsigned n = h->n;
    for (unsigned i = 0; i < n && !stop; i++) {
        hook_t k = h->list[i];
        if (k.dead || k.kind != HK_SYSREG ||
            (k.key != ARM64EMU_SYSREG_ANY && k.key != key))
            continue;
        int r = k.fn.sysreg(m, cpu->index, key, write, v, k.user);
        if (r > 0)
            stop = r;
    }
    leave(h);
    return stop;
}

/* The handler of every instrumented op. */
static op_result_t hooks_op(cpu_t *cpu, const op_t *op)
{
    block_cache_t *bc = cpu->blocks;
    const op_ext_t x = bc->ext[op - bc->ops];
    machine_t *m = cpu->machine;
    struct hooks *h = m->hooks;
    hook_cpu_t *hc = &h->cpu[cpu->index];
    uint32_t fl = x.flags;
    unsigned skip = 0;
    if (hc->armed) {
        if (hc->pc == op->pc)
            skip = hc->level;
        hc->armed = false;
    }
    cpu->pc = op->pc;

    if ((fl & X_COV) && skip < STAGE_BLOCK && h->cov_map)
        cover(m, cpu, x.cov);
    if ((fl & X_BLOCK) && skip < STAGE_BLOCK) {
        enter(h);
        unsigned n = h->n;
        int stop = 0;
        for (unsigned i = 0; i < n && !stop; i++) {
            hook_t k = h->list[i];
            if (k.dead || k.kind != HK_BLOCK || !in_range(&k, op->pc))
                continue;
            int r = k.fn.block(m, cpu->index, op->pc, x.ninsns, k.user);
            if (r > 0)
                stop = r;
        }
        leave(h);
        if (stop)
            return stop_before(cpu, op, ARM64EMU_EXIT_HOOK, (uint64_t)stop,
                               STAGE_BLOCK);
        if (cpu->pc != op->pc)
            return OP_REDIRECT;
    }
    if ((fl & X_BREAK) && skip < STAGE_BREAK) {
        for (unsigned i = 0; i < h->n; i++)
            if (!h->list[i].dead && h->list[i].kind == HK_BREAK &&
                h->list[i].begin == op->pc)
                return stop_before(cpu, op, ARM64EMU_EXIT_BREAKPOINT, 0,
                                   STAGE_BREAK);
    }
    if ((fl & X_CODE) && skip < STAGE_CODE) {
        enter(h);
        unsigned n = h->n;
        int stop = 0;
        bool moved = false;
        for (unsigned i = 0; i < n && !stop && !moved; i++) {
            hook_t k = h->list[i];
            if (k.dead || k.kind != HK_CODE || !in_range(&k, op->pc))
                continue;
            int r = k.fn.code(m, cpu->index, op->pc, op->insn, k.user);
            if (r > 0)
                stop = r;
            moved = cpu->pc != op->pc;
        }
        leave(h);
        if (stop) {
            if (moved)
                cpu->pc = op->pc; /* the exit reports the instruction */
            return stop_before(cpu, op, ARM64EMU_EXIT_HOOK, (uint64_t)stop,
                               STAGE_CODE);
        }
        if (moved)
            return OP_REDIRECT;
    }
    if ((fl & X_INSN) && h->insn_fn) {
        cpu->pc = op->pc + 4;
        enter(h);
        int r = h->insn_fn(m, cpu, x.kind, (uint32_t)op->imm, h->insn_user);
        leave(h);
        if (r == HOOKS_HANDLED)
            return OP_BRANCH;
        if (r > 0) {
            cpu_set_exit(cpu, ARM64EMU_EXIT_HOOK, op->pc, op->insn);
            cpu->exit.imm = (uint64_t)r;
            return OP_EXIT;
        }
        cpu->pc = op->pc;
    }
    if (fl & X_CMP)
        cmplog(m, cpu, op, &x);

    hc->mute = skip >= STAGE_ACCESS;
    op_result_t r;
    if (fl & X_SYSREG) {
        if (fl & X_SR_WRITE) {
            uint64_t v = cpu->r[op->rd];
            int stop = skip < STAGE_ACCESS
                           ? call_sysreg(m, cpu, x.key, true, &v) : 0;
            if (stop) {
                hc->mute = false;
                return stop_before(cpu, op, ARM64EMU_EXIT_HOOK,
                                   (uint64_t)stop, STAGE_ACCESS);
            }
            op_t copy = *op;
            copy.rd = REG_SINK;
            cpu->r[REG_SINK] = v;
            r = x.fn(cpu, &copy);
        } else {
            r = x.fn(cpu, op);
            if ((r == OP_NEXT || r == OP_BRANCH) && skip < STAGE_ACCESS) {
                uint64_t v = cpu->r[op->rd];
                int stop = call_sysreg(m, cpu, x.key, false, &v);
                cpu->r[op->rd] = v;
                if (stop) {
                    hc->mute = false;
                    return stop_after(cpu, op, r, ARM64EMU_EXIT_HOOK,
                                      (uint64_t)stop);
                }
            }
        }
    } else {
        r = x.fn(cpu, op);
    }
    hc->mute = false;
    if ((fl & X_ALL) && hc->watch_hit) {
        hc->watch_hit = false;
        if (r == OP_NEXT || r == OP_BRANCH) {
            r = stop_after(cpu, op, r, ARM64EMU_EXIT_WATCHPOINT, 0);
            cpu->exit.addr = hc->watch_addr;
            cpu->exit.access = hc->watch_access;
            cpu->exit.access_size = hc->watch_size;
        }
    }
    return r;
}

/* The first op of a block where edge coverage is all there is to do (the
 * fuzzing case): the count, then the real handler, without hooks_op's
 * general path. A resumed instruction (armed) takes the general path. */
static op_result_t hooks_cov_op(cpu_t *cpu, const op_t *op)
{
    block_cache_t *bc = cpu->blocks;
    const op_ext_t *x = &bc->ext[op - bc->ops];
    machine_t *m = cpu->machine;
    struct hooks *h = m->hooks;
    if (UNLIKELY(h->cpu[cpu->index].armed) || UNLIKELY(!h->cov_map))
        return hooks_op(cpu, op);
    cover(m, cpu, x->cov);
    return x->fn(cpu, op);
}

/* ---- instrumentation --------------------------------------------------- */

/* Fills the cmplog fields of x for a flag-setting add/subtract or
 * conditional compare; false for other words. */
static bool parse_cmp(uint32_t insn, op_ext_t *x)
{
    unsigned sf = insn >> 31, rn = (insn >> 5) & 31, rm = (insn >> 16) & 31;
    x->c_sf = (uint8_t)sf;
    if ((insn & 0x3f800000u) == 0x31000000u) { /* ADDS/SUBS (immediate) */
        unsigned sh = (insn >> 22) & 1;
        x->c_form = CMP_IMM;
        x->c_n = reg_or_sp(rn);
        x->c_imm = (uint64_t)((insn >> 10) & 0xfff) << (sh ? 12 : 0);
        return true;
    }
    if ((insn & 0x3f200000u) == 0x2b000000u) { /* shifted register */
        unsigned type = (insn >> 22) & 3, amount = (insn >> 10) & 63;
        if (type == 3 || (!sf && amount >= 32))
            return false;
        x->c_form = CMP_SHIFT;
        x->c_n = reg_or_zr(rn);
        x->c_m = reg_or_zr(rm);
        x->c_type = (uint8_t)type;
        x->c_amount = (uint8_t)amount;
        return true;
    }
    if ((insn & 0x3fe00000u) == 0x2b200000u) { /* extended register */
        unsigned amount = (insn >> 10) & 7;
        if (amount > 4)
            return false;
        x->c_form = CMP_EXT;
        x->c_n = reg_or_sp(rn);
        x->c_m = reg_or_zr(rm);
        x->c_type = (uint8_t)((insn >> 13) & 7);
        x->c_amount = (uint8_t)amount;
        return true;
    }
    if ((insn & 0x3fe00410u) == 0x3a400000u) { /* CCMN/CCMP */
        x->c_n = reg_or_zr(rn);
        x->c_cond = (uint8_t)((insn >> 12) & 15);
        if (insn & (1u << 11)) {
            x->c_form = CMP_CCMP_IMM;
            x->c_imm = rm;
        } else {
            x->c_form = CMP_CCMP_REG;
            x->c_m = reg_or_zr(rm);
            x->c_type = 0;
            x->c_amount = 0;
        }
        return true;
    }
    return false;
}

static bool any_in(const struct hooks *h, unsigned kind, uint64_t pc)
{
    if (!h->count[kind])
        return false;
    for (unsigned i = 0; i < h->n; i++) {
        const hook_t *k = &h->list[i];
        if (!k->dead && k->kind == kind &&
            (kind == HK_BREAK ? k->begin == pc : in_range(k, pc)))
            return true;
    }
    return false;
}

static bool sysreg_hooked(const struct hooks *h, uint32_t key)
{
    if (!h->count[HK_SYSREG])
        return false;
    for (unsigned i = 0; i < h->n; i++) {
        const hook_t *k = &h->list[i];
        if (!k->dead && k->kind == HK_SYSREG &&
            (k->key == ARM64EMU_SYSREG_ANY || k->key == key))
            return true;
    }
    return false;
}

void hooks_instrument_block(cpu_t *cpu, block_t *b)
{
    machine_t *m = cpu->machine;
    struct hooks *h = m->hooks;
    block_cache_t *bc = cpu->blocks;
    if (!h)
        return;
    if (!bc->ext) {
        bc->ext = calloc(BLOCK_ARENA_OPS, sizeof(op_ext_t));
        if (!bc->ext)
            return; /* no memory: the block runs uninstrumented */
    }
    bool all = h->count[HK_MEM] || h->count[HK_WATCH];
    op_t *ops = (op_t *)(uintptr_t)b->ops;
    for (uint32_t i = 0; i < b->n; i++) {
        op_t *op = &ops[i];
        op_ext_t x;
        memset(&x, 0, sizeof(x));
        uint32_t fl = all ? X_ALL : 0;
        if (i == 0) {
            if (h->cov_map) {
                fl |= X_COV;
                x.cov = cov_hash(b->pc);
            }
            if (any_in(h, HK_BLOCK, b->pc)) {
                fl |= X_BLOCK;
                x.ninsns = b->n;
            }
        }
        if (any_in(h, HK_BREAK, op->pc))
            fl |= X_BREAK;
        if (any_in(h, HK_CODE, op->pc))
            fl |= X_CODE;
        bool real = op->fn != op_undefined && op->fn != op_fp_trap;
        uint32_t w = op->insn;
        if (real && h->insn_fn && (w & 0xffe0001fu) == 0xd4000001u) {
            fl |= X_INSN;
            x.kind = ARM64EMU_HOSTCALL_SVC;
        }
        if (real && h->insn_fn && (w & 0xffe0001fu) == 0xd4000002u) {
            fl |= X_INSN;
            x.kind = ARM64EMU_HOSTCALL_HVC;
        }
        if (real && h->cl_buf && parse_cmp(w, &x))
            fl |= X_CMP;
        /* MRS/MSR (register), SYS/SYSL: 1101010100 L op0 ... with op0 != 0 */
        if (real && (w & 0xffc00000u) == 0xd5000000u && ((w >> 19) & 3) &&
            h->count[HK_SYSREG]) {
            uint32_t key = sysreg_key_of_insn(w);
            if (sysreg_hooked(h, key)) {
                fl |= X_SYSREG | ((w >> 21) & 1 ? 0 : X_SR_WRITE);
                x.key = key;
            }
        }
        if (!fl)
            continue;
        x.flags = fl;
        x.fn = op->fn;
        bc->ext[op - bc->ops] = x;
        op->fn = fl == X_COV ? hooks_cov_op : hooks_op;
    }
}

/* ---- memory ------------------------------------------------------------------ */

bool hooks_mem_watched(const machine_t *m)
{
    const struct hooks *h = m->hooks;
    return h && (h->count[HK_MEM] || h->count[HK_WATCH]);
}

bool hooks_page_slow(const machine_t *m, uint64_t page_va, bool want_write)
{
    const struct hooks *h = m->hooks;
    if (!h || !(h->count[HK_MEM] || h->count[HK_WATCH]))
        return false;
    uint32_t bit = want_write ? 1u << ARM64EMU_ACCESS_WRITE
                              : 1u << ARM64EMU_ACCESS_READ;
    for (unsigned i = 0; i < h->n; i++) {
        const hook_t *k = &h->list[i];
        if (!k->dead && (k->kind == HK_MEM || k->kind == HK_WATCH) &&
            (k->access_mask & bit) && overlaps(k, page_va, TLB_PAGE_SIZE))
            return true;
    }
    return false;
}

void hooks_mem_mute(cpu_t *cpu, bool on)
{
    if (!cpu->machine->hooks)
        return;
    hook_cpu_t *c = hcpu(cpu);
    if (on)
        c->mute_mem++;
    else
        c->mute_mem--;
}

bool hooks_mem_access(cpu_t *cpu, bool write, uint64_t va, uint64_t pa,
                      unsigned size, uint64_t value)
{
    machine_t *m = cpu->machine;
    struct hooks *h = m->hooks;
    hook_cpu_t *c = hcpu(cpu);
    if (c->mute_mem)
        return true;
    uint32_t access = write ? ARM64EMU_ACCESS_WRITE : ARM64EMU_ACCESS_READ;
    uint32_t bit = 1u << access;
    int stop = 0;
    if (!c->mute && h->count[HK_MEM]) {
        enter(h);
        unsigned n = h->n;
        for (unsigned i = 0; i < n && !stop; i++) {
            hook_t k = h->list[i];
            if (k.dead || k.kind != HK_MEM || !(k.access_mask & bit) ||
                !overlaps(&k, va, size))
                continue;
            int r = k.fn.mem(m, cpu->index, access, va, pa, size, value,
                             k.user);
            if (r > 0)
                stop = r;
        }
        leave(h);
    }
    if (stop) {
        uint64_t pc = cpu->pc;
        cpu_set_exit(cpu, ARM64EMU_EXIT_HOOK, pc, 0);
        cpu->exit.imm = (uint64_t)stop;
        cpu->exit.addr = va;
        cpu->exit.access = access;
        cpu->exit.access_size = size;
        arm_resume(cpu, pc, STAGE_ACCESS);
        return false;
    }
    if (h->count[HK_WATCH] && !c->watch_hit) {
        for (unsigned i = 0; i < h->n; i++) {
            const hook_t *k = &h->list[i];
            if (!k->dead && k->kind == HK_WATCH && (k->access_mask & bit) &&
                overlaps(k, va, size)) {
                c->watch_hit = true;
                c->watch_addr = va;
                c->watch_size = size;
                c->watch_access = access;
                break;
            }
        }
    }
    return true;
}

int hooks_unmapped(cpu_t *cpu, uint32_t access, uint64_t addr, unsigned size)
{
    machine_t *m = cpu->machine;
    struct hooks *h = m->hooks;
    if (!h || !h->count[HK_UNMAPPED])
        return 0;
    int res = 0;
    enter(h);
    unsigned n = h->n;
    for (unsigned i = 0; i < n && res <= 0; i++) {
        hook_t k = h->list[i];
        if (k.dead || k.kind != HK_UNMAPPED)
            continue;
        int r = k.fn.unmapped(m, cpu->index, access, addr, size, k.user);
        if (r > 0 || r == ARM64EMU_HOOK_RETRY)
            res = r;
    }
    leave(h);
    return res;
}

/* ---- exceptions and interrupts ---------------------------------------------- */

int hooks_exception(cpu_t *cpu, uint64_t esr, uint64_t far,
                    unsigned target_el)
{
    machine_t *m = cpu->machine;
    struct hooks *h = m->hooks;
    if (!h || !h->count[HK_EXC])
        return 0;
    int res = 0;
    enter(h);
    unsigned n = h->n;
    for (unsigned i = 0; i < n && !res; i++) {
        hook_t k = h->list[i];
        if (k.dead || k.kind != HK_EXC)
            continue;
        int r = k.fn.exc(m, cpu->index, esr, far, target_el, k.user);
        if (r > 0 || r == ARM64EMU_HOOK_SUPPRESS)
            res = r;
    }
    leave(h);
    return res;
}

int hooks_interrupt(cpu_t *cpu, uint32_t kind, unsigned target_el)
{
    machine_t *m = cpu->machine;
    struct hooks *h = m->hooks;
    if (!h || !h->count[HK_INTR])
        return 0;
    int res = 0;
    enter(h);
    unsigned n = h->n;
    for (unsigned i = 0; i < n && !res; i++) {
        hook_t k = h->list[i];
        if (k.dead || k.kind != HK_INTR)
            continue;
        int r = k.fn.intr(m, cpu->index, kind, target_el, k.user);
        if (r > 0 || r == ARM64EMU_HOOK_SUPPRESS)
            res = r;
    }
    leave(h);
    if (res > 0) {
        cpu_set_exit(cpu, ARM64EMU_EXIT_HOOK, cpu->pc, 0);
        cpu->exit.imm = (uint64_t)res;
        h->cpu[cpu->index].stop_pending = true;
    }
    return res;
}

/* ---- registration API ------------------------------------------------------- */

static int check_range(machine_t *m, uint64_t begin, uint64_t end,
                       bool have_fn)
{
    if (!have_fn)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hook: the callback is NULL");
    if (end <= begin)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hook: empty range [0x%llx, 0x%llx)",
                            (unsigned long long)begin,
                            (unsigned long long)end);
    return ARM64EMU_OK;
}

int arm64emu_hook_code(arm64emu_machine *m, uint64_t begin, uint64_t end,
                       arm64emu_code_hook_fn fn, void *user, uint32_t *id)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    int s = check_range(m, begin, end, fn != NULL);
    if (s)
        return s;
    hook_t k = {.kind = HK_CODE, .begin = begin, .end = end, .user = user};
    k.fn.code = fn;
    return add_hook(m, &k, id);
}

int hooks_add_code_at(machine_t *m, uint64_t va, arm64emu_code_hook_fn fn,
                      void *user, uint32_t *id)
{
    if (!fn || va > UINT64_MAX - 4)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hook at 0x%llx: bad address or callback",
                            (unsigned long long)va);
    hook_t k = {.kind = HK_CODE, .begin = va, .end = va + 4, .user = user,
                .internal = true};
    k.fn.code = fn;
    return add_hook(m, &k, id);
}

int arm64emu_hook_block(arm64emu_machine *m, uint64_t begin, uint64_t end,
                        arm64emu_block_hook_fn fn, void *user, uint32_t *id)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    int s = check_range(m, begin, end, fn != NULL);
    if (s)
        return s;
    hook_t k = {.kind = HK_BLOCK, .begin = begin, .end = end, .user = user};
    k.fn.block = fn;
    return add_hook(m, &k, id);
}

#define ACCESS_RW ((1u << ARM64EMU_ACCESS_READ) | (1u << ARM64EMU_ACCESS_WRITE))

int arm64emu_hook_mem(arm64emu_machine *m, uint32_t access_mask,
                      uint64_t begin, uint64_t end, arm64emu_mem_hook_fn fn,
                      void *user, uint32_t *id)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    int s = check_range(m, begin, end, fn != NULL);
    if (s)
        return s;
    if (!access_mask || (access_mask & ~ACCESS_RW))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hook_mem: access_mask 0x%x is not READ/WRITE bits",
                            access_mask);
    hook_t k = {.kind = HK_MEM, .begin = begin, .end = end, .user = user,
                .access_mask = access_mask};
    k.fn.mem = fn;
    return add_hook(m, &k, id);
}

/* Adds a hook that has no address range: k is filled but for the checks. */
static int add_whole_machine_hook(machine_t *m, bool have_fn, hook_t *k,
                                  uint32_t *id)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!have_fn)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hook: the callback is NULL");
    return add_hook(m, k, id);
}

int arm64emu_hook_unmapped(arm64emu_machine *m, arm64emu_unmapped_hook_fn fn,
                           void *user, uint32_t *id)
{
    hook_t k = {.kind = HK_UNMAPPED, .user = user};
    k.fn.unmapped = fn;
    return add_whole_machine_hook(m, fn != NULL, &k, id);
}

int arm64emu_hook_exception(arm64emu_machine *m,
                            arm64emu_exception_hook_fn fn, void *user,
                            uint32_t *id)
{
    hook_t k = {.kind = HK_EXC, .user = user};
    k.fn.exc = fn;
    return add_whole_machine_hook(m, fn != NULL, &k, id);
}

int arm64emu_hook_interrupt(arm64emu_machine *m,
                            arm64emu_interrupt_hook_fn fn, void *user,
                            uint32_t *id)
{
    hook_t k = {.kind = HK_INTR, .user = user};
    k.fn.intr = fn;
    return add_whole_machine_hook(m, fn != NULL, &k, id);
}

int arm64emu_hook_sysreg(arm64emu_machine *m, uint32_t key,
                         arm64emu_sysreg_hook_fn fn, void *user, uint32_t *id)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!fn)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hook: the callback is NULL");
    if (key != ARM64EMU_SYSREG_ANY && key > 0xffffu)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hook_sysreg: 0x%x is not an ARM64EMU_SYSREG "
                            "encoding", key);
    hook_t k = {.kind = HK_SYSREG, .key = key, .user = user};
    k.fn.sysreg = fn;
    return add_hook(m, &k, id);
}

int arm64emu_hook_del(arm64emu_machine *m, uint32_t id)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    hook_t *k = find_id(m->hooks, id);
    if (!k || k->internal || k->kind == HK_BREAK || k->kind == HK_WATCH)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hook id %u is not installed", id);
    remove_hook(m, k);
    return machine_ok(m);
}

int hooks_set_insn_callback(machine_t *m, hooks_insn_fn fn, void *user)
{
    struct hooks *h = get_hooks(m);
    if (!h)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                            "out of memory setting a callback");
    h->insn_fn = fn;
    h->insn_user = user;
    changed(m, false);
    return machine_ok(m);
}

/* ---- coverage and cmplog ------------------------------------------------------ */

int arm64emu_coverage_attach(arm64emu_machine *m, uint8_t *map, size_t size)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (map && (size < 64 || size > (16u << 20) || (size & (size - 1))))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "coverage_attach: size %zu is not a power of two "
                            "from 64 to 16 MiB", size);
    struct hooks *h = get_hooks(m);
    if (!h)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                            "out of memory attaching coverage");
    bool was = h->cov_map != NULL;
    h->cov_map = map;
    h->cov_mask = map ? size - 1 : 0;
    if (was != (map != NULL))
        changed(m, false);
    return machine_ok(m);
}

int arm64emu_cmplog_attach(arm64emu_machine *m, arm64emu_cmplog_entry *buf,
                           size_t capacity)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (buf && !capacity)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "cmplog_attach: capacity 0");
    struct hooks *h = get_hooks(m);
    if (!h)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                            "out of memory attaching cmplog");
    bool was = h->cl_buf != NULL;
    h->cl_buf = buf;
    h->cl_cap = buf ? capacity : 0;
    h->cl_n = 0;
    if (was != (buf != NULL))
        changed(m, false);
    return machine_ok(m);
}

int arm64emu_cmplog_count(arm64emu_machine *m, size_t *count)
{
    if (!m || !count)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    *count = m->hooks ? m->hooks->cl_n : 0;
    return machine_ok(m);
}

int arm64emu_cmplog_memory(arm64emu_machine *m, unsigned cpu, const void *a,
                           const void *b, size_t len)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (cpu >= m->ncpus)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "cmplog_memory: no CPU %u (the machine has %u)",
                            cpu, m->ncpus);
    if (len && (!a || !b))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "cmplog_memory: a and b must not be NULL");
    uint8_t pa[8] = {0}, pb[8] = {0};
    size_t n = len < 8 ? len : 8;
    if (n) {
        memcpy(pa, a, n);
        memcpy(pb, b, n);
    }
    uint64_t va = 0, vb = 0;
    for (unsigned i = 8; i-- > 0;) {
        va = va << 8 | pa[i];
        vb = vb << 8 | pb[i];
    }
    uint32_t size = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
    hooks_cmplog_add(m, m->cpus[cpu].pc, va, vb, size, 1);
    return machine_ok(m);
}

int arm64emu_cmplog_reset(arm64emu_machine *m)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (m->hooks)
        m->hooks->cl_n = 0;
    return machine_ok(m);
}

/* ---- debugger breakpoints and watchpoints ----------------------------------------- */

static hook_t *find_debug(struct hooks *h, unsigned kind, uint64_t va,
                          uint64_t len, uint32_t mask)
{
    if (!h)
        return NULL;
    for (unsigned i = 0; i < h->n; i++) {
        hook_t *k = &h->list[i];
        if (!k->dead && k->kind == kind && k->begin == va &&
            (kind == HK_BREAK ||
             (k->end == va + len && k->access_mask == mask)))
            return k;
    }
    return NULL;
}

int arm64emu_debug_break_add(arm64emu_machine *m, uint64_t va)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (find_debug(m->hooks, HK_BREAK, va, 0, 0))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "breakpoint at 0x%llx exists",
                            (unsigned long long)va);
    hook_t k = {.kind = HK_BREAK, .begin = va, .end = va + 1};
    return add_hook(m, &k, NULL);
}

int arm64emu_debug_break_del(arm64emu_machine *m, uint64_t va)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    hook_t *k = find_debug(m->hooks, HK_BREAK, va, 0, 0);
    if (!k)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "no breakpoint at 0x%llx", (unsigned long long)va);
    remove_hook(m, k);
    return machine_ok(m);
}

int arm64emu_debug_watch_add(arm64emu_machine *m, uint64_t va, uint64_t len,
                             uint32_t access_mask)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!len || va + len < va || !access_mask || (access_mask & ~ACCESS_RW))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "watchpoint [0x%llx, +%llu) access 0x%x: bad "
                            "length or access mask", (unsigned long long)va,
                            (unsigned long long)len, access_mask);
    if (find_debug(m->hooks, HK_WATCH, va, len, access_mask))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "watchpoint at 0x%llx exists",
                            (unsigned long long)va);
    hook_t k = {.kind = HK_WATCH, .begin = va, .end = va + len,
                .access_mask = access_mask};
    return add_hook(m, &k, NULL);
}

int arm64emu_debug_watch_del(arm64emu_machine *m, uint64_t va, uint64_t len,
                             uint32_t access_mask)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    hook_t *k = find_debug(m->hooks, HK_WATCH, va, len, access_mask);
    if (!k)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "no watchpoint at 0x%llx of that length and "
                            "access", (unsigned long long)va);
    remove_hook(m, k);
    return machine_ok(m);
}
