/* arm64emu-difftest: random instruction words from every decoder class,
 * run for one instruction on libarm64emu and on Unicorn 2, compared.
 *
 *   arm64emu-difftest --class NAME|all --count N --seed S [--model M]
 *                     [--el 0|1] [--verbose]
 *
 * The decoder tables are the only list of classes: a class is one table
 * line, and its words keep the line's fixed bits with every field and
 * ignored bit random. Disagreements that are documented in
 * known_differences.c are counted apart; every other one is a mismatch.
 */
#define _DEFAULT_SOURCE /* fork, mmap */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "decode.h"
#include "difftest.h"

/* ---- deterministic random numbers (splitmix64) -------------------------- */

typedef struct rng {
    uint64_t s;
} rng_t;

static uint64_t rng_next(rng_t *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned rng_below(rng_t *r, unsigned n)
{
    return (unsigned)(rng_next(r) % n);
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

/* ---- random state --------------------------------------------------------- */

/* An address in the data window, usually aligned, leaving room for
 * positive offsets. */
static uint64_t gen_pointer(rng_t *r)
{
    uint64_t off = rng_next(r) % (DT_WIN_SIZE / 2);
    unsigned a = rng_below(r, 8);
    if (a < 6)
        off &= ~15ull;
    else if (a == 6)
        off &= ~7ull;
    return DT_WIN_BASE + off;
}

static const uint64_t special_x[] = {
    0, 1, 2, ~0ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0xffffffffull, 0x7fffffffull, 0x80000000ull, 0xffffffff80000000ull,
    0x100000000ull, 0xffffull, 0x8000ull, 0xffull, 0x80ull, 63, 64, 32,
};

static uint64_t gen_x(rng_t *r)
{
    unsigned k = rng_below(r, 16);
    if (k < 6)
        return gen_pointer(r);
    if (k < 9) {
        uint64_t v = rng_next(r) % 256;
        return rng_below(r, 4) ? v : (uint64_t)-(int64_t)(v + 1);
    }
    if (k < 11)
        return special_x[rng_below(r, sizeof(special_x) / sizeof(special_x[0]))];
    return rng_next(r);
}

static const uint64_t special_d[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3ff0000000000000ull,
    0xc004000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0x7ff4000000000000ull, 0x0000000000000001ull,
    0x000fffffffffffffull, 0x0010000000000000ull, 0x7fefffffffffffffull,
    0x3fe0000000000000ull, 0x43e0000000000000ull, 0x43f0000000000000ull,
    0x41dfffffffc00000ull, 0xc1e0000000000000ull, 0x3ff8000000000000ull,
    0x7ff0000000000001ull, 0xfff8000000000001ull, 0x8000000000000001ull,
    0x800fffffffffffffull, 0x0008000000000000ull, 0x7fe0000000000000ull,
    0x4330000000000000ull, 0x4330000000000001ull, 0x3fdfffffffffffffull,
    0xc3e0000000000000ull, 0x43efffffffffffffull, 0x41efffffffe00000ull,
    0x3ff0000000000001ull, 0x001fffffffffffffull, 0x36a0000000000000ull,
};
static const uint32_t special_s[] = {
    0x00000000u, 0x80000000u, 0x3f800000u, 0xc0200000u, 0x7f800000u,
    0xff800000u, 0x7fc00000u, 0x7fa00000u, 0x00000001u, 0x007fffffu,
    0x00800000u, 0x7f7fffffu, 0x3f000000u, 0x4f000000u, 0x5f000000u,
    0xcf000000u, 0x3fc00000u, 0x40490fdbu, 0x7f800001u, 0xffc00001u,
    0x80000001u, 0x807fffffu, 0x00400000u, 0x4b000000u, 0x4b000001u,
    0x3effffffu, 0xdf000000u, 0x5effffffu, 0x4f7fffffu, 0x3f800001u,
    0x33000000u, 0x477fe000u, 0x477ff000u, 0x38800000u, 0x33800000u,
};
static const uint16_t special_h[] = {
    0x0000, 0x8000, 0x3c00, 0xc100, 0x7c00, 0xfc00, 0x7e00, 0x7d00,
    0x0001, 0x03ff, 0x0400, 0x7bff, 0x3800, 0x3e00, 0x7c01, 0xfe01,
    0x8001, 0x83ff, 0x0200, 0x6400, 0x6401, 0x37ff, 0x7800, 0x3c01,
    0x1000, 0xfbff, 0x7fff, 0x5bff,
};

#define PICK(r, a) ((a)[rng_below((r), sizeof(a) / sizeof((a)[0]))])

static void gen_v(rng_t *r, uint8_t v[16])
{
    unsigned k = rng_below(r, 4);
    for (unsigned i = 0; i < 16; i += 8) {
        uint64_t a = rng_next(r);
        memcpy(v + i, &a, 8);
    }
    for (unsigned i = 0; k == 1 && i < 16; i += 8) {
        uint64_t d = rng_below(r, 3) ? PICK(r, special_d) : rng_next(r);
        memcpy(v + i, &d, 8);
    }
    for (unsigned i = 0; k == 2 && i < 16; i += 4) {
        uint32_t s = rng_below(r, 3) ? PICK(r, special_s) : (uint32_t)rng_next(r);
        memcpy(v + i, &s, 4);
    }
    for (unsigned i = 0; k == 3 && i < 16; i += 2) {
        uint16_t h = rng_below(r, 3) ? PICK(r, special_h) : (uint16_t)rng_next(r);
        memcpy(v + i, &h, 2);
    }
}

/* Loads and stores: A64 op0 (bits 28:25) = x1x0. */
static bool is_ldst(uint32_t w) { return ((w >> 25) & 5u) == 4u; }

/* SPSR_EL1 values for ERET: every target mode (legal or not), random
 * DAIF and NZCV, sometimes PAN, UAO, IL, SS or other bits. */
static uint64_t gen_spsr(rng_t *r)
{
    static const unsigned modes[] = {0x0, 0x4, 0x5, 0x5, 0x4, 0x0, 0x9,
                                     0xd, 0x1, 0x2, 0x8, 0x10};
    uint64_t v = PICK(r, modes) | (rng_next(r) & 0xf00003c0ull);
    if (rng_below(r, 2))
        v |= rng_next(r) & ((1u << 22) | (1u << 23) | (1u << 20) | (1u << 21));
    if (!rng_below(r, 8))
        v ^= rng_next(r) & rng_next(r);
    return v;
}

static void gen_state(rng_t *r, uint32_t word, uint64_t pc, unsigned el,
                      uint64_t pstate_bits, dt_state_t *st)
{
    memset(st, 0, sizeof(*st));
    for (unsigned i = 0; i < 31; i++)
        st->x[i] = gen_x(r);
    st->sp = gen_pointer(r);
    if (rng_below(r, 8))
        st->sp &= ~15ull;
    st->pc = pc;
    st->nzcv = (uint64_t)rng_below(r, 16) << 28;
    /* AHP, DN, FZ, RMode, FZ16 */
    st->fpcr = rng_below(r, 2) ? 0 : (rng_next(r) & 0x07c80000ull);
    st->fpsr = rng_below(r, 4) ? 0 : (rng_next(r) & 0x0800009full); /* QC, flags */
    st->tpidr_el0 = rng_next(r);
    st->tpidrro_el0 = rng_next(r);
    for (unsigned i = 0; i < 32; i++)
        gen_v(r, st->v[i]);
    /* EL1h (EL0t with --el 0), random DAIF, PAN and UAO where the model
     * has them; ELR_EL1 usually in the code page, for ERET. */
    st->pstate = (el ? 0x5u : 0) | (rng_next(r) & (0x3c0u | pstate_bits));
    st->sp_el0 = el ? gen_pointer(r) : st->sp;
    st->elr_el1 = rng_below(r, 4)
                      ? DT_RAM_BASE + 4 * rng_below(r, DT_CODE_SIZE / 4)
                      : rng_next(r);
    st->spsr_el1 = gen_spsr(r);
    st->par_el1 = rng_next(r);
    if (!el) { /* the ERET that takes Unicorn to EL0 uses them */
        st->elr_el1 = pc;
        st->spsr_el1 = st->pstate | st->nzcv;
    }

    /* Make loads and stores reach memory most of the time: the base
     * register (bits 9:5, 31 = SP) points into the window and the
     * register at bits 20:16 (an index, or Rs) is usually small. */
    if (is_ldst(word)) {
        unsigned rn = (word >> 5) & 31, rm = (word >> 16) & 31;
        if (rn != 31 && rng_below(r, 10))
            st->x[rn] = gen_pointer(r);
        if (rm != 31 && rm != rn && rng_below(r, 10) < 6)
            st->x[rm] = rng_next(r) % 512;
    }
}

/* LDR (literal) and PRFM (literal): bring the target near the window. */
static uint32_t bias_word(rng_t *r, uint32_t w, uint64_t pc)
{
    if ((w & 0x3b000000u) == 0x18000000u && rng_below(r, 4)) {
        int64_t lo = -(int64_t)((pc - DT_RAM_BASE) / 4);
        int64_t span = (int64_t)((DT_RAM_BASE + DT_RAM_SIZE - pc) / 4) - lo;
        int64_t imm = lo + (int64_t)(rng_next(r) % (uint64_t)span);
        w = (w & ~(0x7ffffu << 5)) | (((uint32_t)imm & 0x7ffffu) << 5);
    }
    return w;
}

/* Store-exclusive words (STXR/STLXR/STXP/STLXP) are sometimes preceded by
 * the matching load-exclusive so that the success path is tested too. */
static uint32_t exclusive_prefix(rng_t *r, uint32_t w)
{
    if ((w & 0x3fc00000u) != 0x08000000u || rng_below(r, 2))
        return 0;
    uint32_t pair = w & (1u << 21);
    uint32_t ld = (w & 0xc00003e0u) | 0x085f7c00u | pair | 31u; /* Rt = XZR */
    if (pair)
        ld = (ld & ~(31u << 10)) | (30u << 10); /* Rt2 = X30 */
    return ld;
}

/* MSR (register) words are followed by the MRS that reads the same
 * register back (into Rt, or X0 for XZR), so that the state after the
 * write is compared for every register both sides have. */
static bool is_msr_reg(uint32_t w) { return (w & 0xfff00000u) == 0xd5100000u; }

static uint32_t msr_suffix(uint32_t w)
{
    return (w | (1u << 21)) & ~((w & 31) == 31 ? 31u : 0u);
}

/* MSR SCTLR_EL1: keep the MMU off and the data little-endian (M, EE,
 * E0E), so that the MRS after it runs from the same flat memory. */
static void tame_msr(uint32_t w, dt_state_t *st)
{
    if ((w & ~31u) == 0xd5181000u && (w & 31) != 31)
        st->x[w & 31] &= ~((1ull << 0) | (1ull << 24) | (1ull << 25));
}

/* Words that may change system registers or PSTATE: system instructions
 * and ERET. Our machine's registers are reset after them. */
static bool is_system(uint32_t w)
{
    return (w & 0xffc00000u) == 0xd5000000u || (w & 0xfe000000u) == 0xd6000000u;
}

/* ---- comparison ------------------------------------------------------------ */

const char *dt_outcome_name(dt_outcome_t o)
{
    static const char *const names[DT_OUTCOME_COUNT] = {
        "retired", "BRK", "SVC", "HVC", "SMC", "HLT", "UNDEFINED",
        "unmapped-read", "unmapped-write", "unmapped-fetch", "alignment",
        "other-exception",
    };
    return o < DT_OUTCOME_COUNT ? names[o] : "?";
}

static unsigned compare(const dt_state_t *a, const dt_state_t *b)
{
    return memcmp(a, b, sizeof(*a)) ? DIFF_REGS : 0;
}

static void print_reg(const char *name, uint64_t ours, uint64_t uc,
                      uint64_t before)
{
    printf("    %-6s ours=0x%016" PRIx64 " unicorn=0x%016" PRIx64
           " before=0x%016" PRIx64 "\n",
           name, ours, uc, before);
}

static void print_v(unsigned n, const uint8_t *ours, const uint8_t *uc,
                    const uint8_t *before)
{
    const uint8_t *vals[3] = {ours, uc, before};
    const char *labels[3] = {"ours", "unicorn", "before"};
    printf("    V%-5u", n);
    for (int k = 0; k < 3; k++) {
        printf(" %s=", labels[k]);
        for (int i = 15; i >= 0; i--)
            printf("%02x", vals[k][i]);
    }
    printf("\n");
}

static void print_state_diff(const dt_state_t *o, const dt_state_t *u,
                             const dt_state_t *init)
{
    char name[8];
    for (unsigned i = 0; i < 31; i++)
        if (o->x[i] != u->x[i]) {
            snprintf(name, sizeof(name), "X%u", i);
            print_reg(name, o->x[i], u->x[i], init->x[i]);
        }
    if (o->sp != u->sp)
        print_reg("SP", o->sp, u->sp, init->sp);
    if (o->pc != u->pc)
        print_reg("PC", o->pc, u->pc, init->pc);
    if (o->nzcv != u->nzcv)
        print_reg("NZCV", o->nzcv, u->nzcv, init->nzcv);
    if (o->fpcr != u->fpcr)
        print_reg("FPCR", o->fpcr, u->fpcr, init->fpcr);
    if (o->fpsr != u->fpsr)
        print_reg("FPSR", o->fpsr, u->fpsr, init->fpsr);
    if (o->tpidr_el0 != u->tpidr_el0)
        print_reg("TPIDR", o->tpidr_el0, u->tpidr_el0, init->tpidr_el0);
    if (o->tpidrro_el0 != u->tpidrro_el0)
        print_reg("TPIDRRO", o->tpidrro_el0, u->tpidrro_el0, init->tpidrro_el0);
    if (o->pstate != u->pstate)
        print_reg("PSTATE", o->pstate, u->pstate, init->pstate);
    if (o->sp_el0 != u->sp_el0)
        print_reg("SP_EL0", o->sp_el0, u->sp_el0, init->sp_el0);
    if (o->elr_el1 != u->elr_el1)
        print_reg("ELR", o->elr_el1, u->elr_el1, init->elr_el1);
    if (o->spsr_el1 != u->spsr_el1)
        print_reg("SPSR", o->spsr_el1, u->spsr_el1, init->spsr_el1);
    if (o->par_el1 != u->par_el1)
        print_reg("PAR", o->par_el1, u->par_el1, init->par_el1);
    for (unsigned i = 0; i < 32; i++)
        if (memcmp(o->v[i], u->v[i], 16))
            print_v(i, o->v[i], u->v[i], init->v[i]);
}

static void print_mem_diff(const uint8_t *o, const uint8_t *u,
                           const uint8_t *init)
{
    size_t first = DT_RAM_SIZE, last = 0;
    for (size_t i = 0; i < DT_RAM_SIZE; i++)
        if (o[i] != u[i]) {
            if (first == DT_RAM_SIZE)
                first = i;
            last = i;
        }
    if (first == DT_RAM_SIZE)
        return;
    size_t start = first & ~7ull, end = (last | 7) + 1;
    if (end - start > 64)
        end = start + 64;
    const uint8_t *vals[3] = {o, u, init};
    const char *labels[3] = {"ours", "unicorn", "before"};
    printf("    memory 0x%" PRIx64 "..0x%" PRIx64 " differs (bytes in address order):\n",
           (uint64_t)(DT_RAM_BASE + first), (uint64_t)(DT_RAM_BASE + last));
    for (int k = 0; k < 3; k++) {
        printf("      %-8s", labels[k]);
        for (size_t i = start; i < end; i++)
            printf("%s%02x", (i - start) % 8 ? "" : " ", vals[k][i]);
        printf("\n");
    }
}

/* ---- the run ------------------------------------------------------------- */

typedef struct options {
    const char *cls;
    unsigned long count;
    uint64_t seed;
    const char *model;
    unsigned el;
    bool verbose;
} options_t;

typedef struct tester {
    options_t opt;
    decoder_t dec;
    dt_ours_t *ours;
    dt_uc_t *uc;
    uint8_t *pristine;       /* memory image both sides start each case from */
    unsigned long *known_hits; /* per known-difference entry, all classes */
    uint64_t isar0, isar1, pfr0;
    uint64_t pfr1, pstate_bits;
} tester_t;

/* Progress of one class, in memory shared with the child process that
 * runs it, so that a crash of the peer emulator loses nothing. */
typedef struct progress {
    unsigned long mismatches, known;
    unsigned long run;     /* case being executed */
    uint32_t word;         /* its word */
    unsigned long outcomes[DT_OUTCOME_COUNT]; /* of our side, for --verbose */
    unsigned known_hits[]; /* per known-difference entry */
} progress_t;

/* Compares both sides' memory with each other and with the pristine
 * image, page by page, and then brings both back to the pristine image.
 * Sets *ours_changed if our side wrote anything. Returns true if the two
 * sides' memory differs. Call restore_mem() after reporting. */
static bool compare_mem(const uint8_t *om, const uint8_t *um,
                        const uint8_t *pristine, bool *ours_changed,
                        uint32_t *dirty)
{
    bool differ = false;
    *ours_changed = false;
    *dirty = 0;
    for (size_t p = 0, i = 0; p < DT_RAM_SIZE; p += 4096, i++) {
        bool od = memcmp(om + p, pristine + p, 4096) != 0;
        bool ud = memcmp(um + p, pristine + p, 4096) != 0;
        if (od)
            *ours_changed = true;
        if (od || ud) {
            *dirty |= 1u << i;
            if (memcmp(om + p, um + p, 4096))
                differ = true;
        }
    }
    return differ;
}

static void restore_mem(uint8_t *om, uint8_t *um, const uint8_t *pristine,
                        uint32_t dirty)
{
    for (size_t p = 0, i = 0; p < DT_RAM_SIZE; p += 4096, i++)
        if (dirty & (1u << i)) {
            memcpy(om + p, pristine + p, 4096);
            memcpy(um + p, pristine + p, 4096);
        }
}

static void print_case_header(const tester_t *t, const dt_case_t *c,
                              unsigned long run)
{
    const compiled_pattern_t *p = decoder_match(&t->dec, c->word);
    printf("  first mismatch at run %lu: word 0x%08" PRIx32 " (decoded by line \"%s\")",
           run, c->word, p ? p->src->name : "none");
    if (c->prefix)
        printf(" after 0x%08" PRIx32, c->prefix);
    if (c->suffix)
        printf(" then 0x%08" PRIx32, c->suffix);
    printf(" pc=0x%" PRIx64 "\n", c->init->pc + (c->prefix ? 4 : 0));
    printf("    outcome ours=%s (exit %" PRIu64 ") unicorn=%s (intno/err %" PRIu64 ")",
           dt_outcome_name(c->ours->outcome), c->ours->detail,
           dt_outcome_name(c->uc->outcome), c->uc->detail);
    if (c->ours->outcome >= DT_FAULT_READ && c->ours->outcome <= DT_ALIGN)
        printf(" ours addr=0x%" PRIx64, c->ours->fault_addr);
    if (c->uc->outcome >= DT_FAULT_READ && c->uc->outcome <= DT_FAULT_FETCH)
        printf(" unicorn addr=0x%" PRIx64, c->uc->fault_addr);
    printf("\n");
    /* Operand registers at the usual field positions, for diagnosis. */
    unsigned f[4] = {c->word & 31, (c->word >> 5) & 31, (c->word >> 10) & 31,
                     (c->word >> 16) & 31};
    const char *fn[4] = {"[4:0]", "[9:5]", "[14:10]", "[20:16]"};
    printf("    operands before:");
    for (int i = 0; i < 4; i++)
        printf(" %s=X%u=0x%" PRIx64, fn[i], f[i],
               f[i] == 31 ? c->init->sp : c->init->x[f[i]]);
    printf(" NZCV=%" PRIx64 " FPCR=%" PRIx64 "\n", c->init->nzcv >> 28,
           c->init->fpcr);
    printf("    system before: PSTATE=0x%" PRIx64 " SPSR_EL1=0x%" PRIx64
           " ELR_EL1=0x%" PRIx64 " SP_EL0=0x%" PRIx64 "\n",
           c->init->pstate, c->init->spsr_el1, c->init->elr_el1,
           c->init->sp_el0);
}

/* Runs cases first..count-1 of class p (earlier cases are generated but
 * not executed, so that case n is the same whatever first is). */
static void run_class(tester_t *t, const compiled_pattern_t *p,
                      unsigned occurrence, unsigned long first,
                      progress_t *pg)
{
    char err[512];
    rng_t r = {t->opt.seed ^ fnv1a(p->src->name) ^
               (0x9e3779b97f4a7c15ull * (occurrence + 1))};
    uint8_t *om = dt_ours_mem(t->ours), *um = dt_uc_mem(t->uc);

    /* The data window is random per class; the code page is zero (UDF)
     * except for the words under test, so that a block ends right after. */
    memset(t->pristine, 0, DT_CODE_SIZE);
    for (size_t i = DT_CODE_SIZE; i < DT_RAM_SIZE; i += 8) {
        uint64_t v = rng_next(&r);
        memcpy(t->pristine + i, &v, 8);
    }
    uint32_t eret = DT_ERET;
    memcpy(t->pristine + (DT_TRAMPOLINE - DT_RAM_BASE), &eret, 4);
    memcpy(om, t->pristine, DT_RAM_SIZE);
    memcpy(um, t->pristine, DT_RAM_SIZE);

    for (unsigned long run = 0; run < t->opt.count; run++) {
        /* After the trampoline, with room for a prefix and a suffix. */
        uint64_t pc = DT_RAM_BASE + 8 + 4ull * rng_below(&r, DT_CODE_SIZE / 4 - 3);
        uint32_t word = p->value | ((uint32_t)rng_next(&r) & ~p->mask);
        word = bias_word(&r, word, pc);
        uint32_t prefix = exclusive_prefix(&r, word);
        uint32_t suffix = is_msr_reg(word) ? msr_suffix(word) : 0;
        dt_state_t init;
        gen_state(&r, word, prefix ? pc - 4 : pc, t->opt.el, t->pstate_bits,
                  &init);
        tame_msr(word, &init);
        /* FPCR.FZ16 is RES0 without FEAT_FP16 (ID_AA64PFR0_EL1.FP != 1). */
        if (((t->pfr0 >> 16) & 0xf) != 1)
            init.fpcr &= ~(uint64_t)(1u << 19);
        if (run < first)
            continue;
        pg->run = run;
        pg->word = word;

        /* Memory is pristine here except for the words under test. */
        uint8_t *bufs[3] = {t->pristine, om, um};
        for (int b = 0; b < 3; b++) {
            memcpy(bufs[b] + (pc - DT_RAM_BASE), &word, 4);
            if (prefix)
                memcpy(bufs[b] + (pc - 4 - DT_RAM_BASE), &prefix, 4);
            if (suffix)
                memcpy(bufs[b] + (pc + 4 - DT_RAM_BASE), &suffix, 4);
        }
        dt_ours_invalidate(t->ours);
        dt_uc_invalidate(t->uc);

        unsigned steps = prefix || suffix ? 2 : 1;
        dt_result_t ro, ru;
        bool ours_wrote;
        uint32_t dirty = ~0u; /* pages to restore after the case */
        unsigned ki;
        const dt_known_t *crash = dt_known_crash(p->src->name, word, &ki);
        if (!dt_ours_run(t->ours, &init, steps, &ro, err, sizeof(err)) ||
            (!crash && !dt_uc_run(t->uc, &init, steps, ro.st.pc, &ru, err,
                                  sizeof(err)))) {
            fprintf(stderr, "arm64emu-difftest: %s\n", err);
            exit(2);
        }
        pg->outcomes[ro.outcome < DT_OUTCOME_COUNT ? ro.outcome : DT_OTHER]++;
        if (crash) {
            /* Unicorn would abort: only check that ours does what the
             * Arm ARM says (UNDEFINED, with no effect). */
            ru = ro;
            ru.outcome = DT_UNDEF;
            ru.st = init;
            ru.mem = t->pristine;
            ru.detail = 0;
            if (ro.outcome == DT_UNDEF ||
                (crash->ours_runs && ro.outcome == DT_RETIRED)) {
                pg->known++;
                pg->known_hits[ki]++;
                goto next;
            }
        }

        unsigned diff = 0;
        if (ro.outcome != ru.outcome)
            diff |= DIFF_OUTCOME;
        diff |= compare(&ro.st, &ru.st);
        if (compare_mem(om, um, t->pristine, &ours_wrote, &dirty))
            diff |= DIFF_MEM;
        /* An instruction that does not complete has no effect, whatever the
         * other side does. */
        bool stopped = ro.outcome == DT_UNDEF || ro.outcome == DT_BRK ||
                       ro.outcome == DT_HLT || ro.outcome == DT_ALIGN ||
                       (ro.outcome >= DT_FAULT_READ && ro.outcome <= DT_FAULT_FETCH);
        if (stopped && !prefix && !suffix &&
            (memcmp(&ro.st, &init, sizeof(init)) ||
             ours_wrote))
            diff |= DIFF_SIDE_EFFECT;

        if (diff) {
            dt_case_t c = {
                .cls = p->src->name, .word = word, .prefix = prefix,
                .suffix = suffix, .el = t->opt.el, .init = &init, .init_mem = t->pristine, .ours = &ro, .uc = &ru,
                .diff = diff, .isar0 = t->isar0, .isar1 = t->isar1,
                .pfr0 = t->pfr0, .pfr1 = t->pfr1,
            };
            const dt_known_t *k = (diff & DIFF_SIDE_EFFECT) ? NULL
                                                             : dt_known_match(&c, &ki);
            if (k) {
                pg->known++;
                pg->known_hits[ki]++;
            } else {
                pg->mismatches++;
                if (pg->mismatches == 1 ||
                    (t->opt.verbose && pg->mismatches <= 10)) {
                    print_case_header(t, &c, run);
                    if (diff & DIFF_SIDE_EFFECT)
                        printf("    ours changed state although the instruction did not complete\n");
                    print_state_diff(&ro.st, &ru.st, &init);
                    print_mem_diff(om, um, t->pristine);
                    fflush(stdout);
                }
            }
        }
    next:
        if (is_system(word))
            dt_ours_reset_sysregs(t->ours);
        restore_mem(om, um, t->pristine, dirty);
        /* Put the code page back to zero for the next case. */
        for (int b = 0; b < 3; b++) {
            memset(bufs[b] + (pc - DT_RAM_BASE), 0, 4);
            if (prefix)
                memset(bufs[b] + (pc - 4 - DT_RAM_BASE), 0, 4);
            if (suffix)
                memset(bufs[b] + (pc + 4 - DT_RAM_BASE), 0, 4);
        }
    }
}

/* Runs class p in a child process; if the peer emulator crashes on a word,
 * that case counts as a mismatch and the class resumes after it. */
static bool run_class_isolated(tester_t *t, const compiled_pattern_t *p,
                               unsigned occurrence, unsigned long *mismatches,
                               unsigned long *known)
{
    size_t n = dt_known_count();
    size_t size = sizeof(progress_t) + n * sizeof(unsigned);
    progress_t *pg = mmap(NULL, size, PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (pg == MAP_FAILED) {
        perror("arm64emu-difftest: mmap");
        return false;
    }
    memset(pg, 0, size);
    unsigned long first = 0;
    for (;;) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) {
            perror("arm64emu-difftest: fork");
            return false;
        }
        if (pid == 0) {
            run_class(t, p, occurrence, first, pg);
            fflush(stdout);
            _exit(0);
        }
        int status;
        if (waitpid(pid, &status, 0) < 0) {
            perror("arm64emu-difftest: waitpid");
            return false;
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
            break;
        if (WIFEXITED(status)) /* the child reported an API failure */
            return false;
        pg->mismatches++;
        if (pg->mismatches == 1 || t->opt.verbose)
            printf("  run %lu: word 0x%08" PRIx32 " crashed a side (signal %d)\n",
                   pg->run, pg->word, WTERMSIG(status));
        first = pg->run + 1;
        if (first >= t->opt.count)
            break;
    }
    if (t->opt.verbose) {
        printf("  outcomes (ours):");
        for (int o = 0; o < DT_OUTCOME_COUNT; o++)
            if (pg->outcomes[o])
                printf(" %s=%lu", dt_outcome_name((dt_outcome_t)o),
                       pg->outcomes[o]);
        printf("\n");
    }
    *mismatches = pg->mismatches;
    *known = pg->known;
    for (size_t i = 0; i < n; i++)
        t->known_hits[i] += pg->known_hits[i];
    munmap(pg, size);
    return true;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: arm64emu-difftest --class NAME|all --count N --seed S\n"
            "                         [--model max|cortex-a72|cortex-a53] [--el 0|1]\n"
            "                         [--verbose]\n"
            "       arm64emu-difftest --list\n");
    return 2;
}

int main(int argc, char **argv)
{
    tester_t t;
    memset(&t, 0, sizeof(t));
    t.opt.cls = "all";
    t.opt.count = 1000;
    t.opt.seed = 1;
    t.opt.model = "max";
    t.opt.el = 1;
    bool list = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
            t.opt.verbose = true;
        } else if (strcmp(a, "--list") == 0) {
            list = true;
        } else if (v && strcmp(a, "--class") == 0) {
            t.opt.cls = v;
            i++;
        } else if (v && strcmp(a, "--count") == 0) {
            t.opt.count = strtoul(v, NULL, 0);
            i++;
        } else if (v && strcmp(a, "--seed") == 0) {
            t.opt.seed = strtoull(v, NULL, 0);
            i++;
        } else if (v && strcmp(a, "--model") == 0) {
            t.opt.model = v;
            i++;
        } else if (v && strcmp(a, "--el") == 0 &&
                   (strcmp(v, "0") == 0 || strcmp(v, "1") == 0)) {
            t.opt.el = (unsigned)(v[0] - '0');
            i++;
        } else {
            return usage();
        }
    }

    char err[512];
    if (!decoder_init(&t.dec, err, sizeof(err))) {
        fprintf(stderr, "arm64emu-difftest: decoder: %s\n", err);
        return 2;
    }
    if (list) {
        for (unsigned i = 0; i < t.dec.count; i++)
            printf("%s\n", t.dec.pats[i].src->name);
        decoder_free(&t.dec);
        return 0;
    }
    t.ours = dt_ours_new(t.opt.model, t.opt.el, err, sizeof(err));
    if (t.ours)
        t.uc = dt_uc_new(t.opt.model, t.opt.el, err, sizeof(err));
    t.pristine = malloc(DT_RAM_SIZE);
    t.known_hits = calloc(dt_known_count() + 1, sizeof(unsigned long));
    if (!t.ours || !t.uc || !t.pristine || !t.known_hits) {
        fprintf(stderr, "arm64emu-difftest: %s\n",
                t.pristine && t.known_hits ? err : "out of memory");
        return 2;
    }
    dt_ours_id_regs(t.ours, &t.isar0, &t.isar1, &t.pfr0);
    t.pfr1 = dt_ours_pfr1(t.ours);
    t.pstate_bits = dt_ours_pstate_bits(t.ours);

    bool all = strcmp(t.opt.cls, "all") == 0;
    unsigned passed = 0, failed = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (unsigned i = 0; i < t.dec.count; i++) {
        const compiled_pattern_t *p = &t.dec.pats[i];
        if (!all && strcmp(p->src->name, t.opt.cls) != 0)
            continue;
        unsigned occurrence = 0;
        for (unsigned j = 0; j < i; j++)
            occurrence += strcmp(t.dec.pats[j].src->name, p->src->name) == 0;
        unsigned long mm, known;
        if (!run_class_isolated(&t, p, occurrence, &mm, &known))
            return 2;
        printf("%s runs=%lu mismatches=%lu\n", p->src->name, t.opt.count, mm);
        if (t.opt.verbose && known)
            printf("  (%lu runs covered by known differences)\n", known);
        fflush(stdout);
        if (mm)
            failed++;
        else
            passed++;
    }
    if (!all && passed + failed == 0) {
        fprintf(stderr, "arm64emu-difftest: no decoder class is named \"%s\" "
                        "(--list shows them)\n", t.opt.cls);
        return 2;
    }
    if (t.opt.verbose) {
        for (unsigned i = 0; i < dt_known_count(); i++)
            if (t.known_hits[i])
                printf("known difference %u hit %lu times: %s\n", i,
                       t.known_hits[i], dt_known_entry(i)->reason);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("time %.2f s\n", (double)(t1.tv_sec - t0.tv_sec) +
                                    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    }
    printf("%u passed, %u failed\n", passed, failed);

    dt_ours_free(t.ours);
    dt_uc_free(t.uc);
    free(t.pristine);
    free(t.known_hits);
    decoder_free(&t.dec);
    return failed ? 1 : 0;
}
