/* Exclusives, load-acquire/store-release and the FEAT_LSE atomics:
 * LDXR/STXR (and pairs), LDAXR/STLXR, LDAR/STLR, LDAPR, CAS/CASP, SWP and
 * LD<op>/ST<op>.
 *
 * CPUs run one at a time (round-robin on one thread), so every access here
 * is trivially single-copy atomic and the acquire/release orderings have
 * nothing to order. What remains is the architectural contract: natural
 * alignment (no FEAT_LSE2), a fault leaves memory and registers untouched,
 * and the local exclusive monitor.
 *
 * The local monitor (cpu->excl) follows QEMU so that the difftest oracle
 * agrees: a store-exclusive passes when the monitor holds the same address
 * and size and memory still holds the value the load-exclusive read. A plain
 * store by this CPU need not clear the monitor (the architecture allows
 * either); a store that changes the value makes the store-exclusive fail all
 * the same. STXR clears the monitor whether it passes or not, as does CLREX.
 * A size mismatch between LDXR and STXR fails (the architecture leaves it
 * CONSTRAINED UNPREDICTABLE; QEMU compares values without the size).
 *
 * Fields of op_t in this group (register-file indexes, already mapped):
 *   rn  base address register (31 = SP)
 *   rd  Rt: destination of loads, source of stores
 *   rm  Rt2 (pairs; CASP: Rt+1)
 *   ra  Rs as read: store-exclusive status (as written, see below), CAS
 *       compare value, LD<op>/SWP operand
 *   aux Rs as written: store-exclusive status, CAS/CASP old value
 *   shift, cond: CASP Rs+1 as read and as written
 */
#include "alu.h"
#include "decode.h"
#include "mem.h"

#define RT(op) ((op)->rd)
#define RT2(op) ((op)->rm)
#define RS(op) ((op)->ra)
#define RS_DST(op) ((op)->aux)
#define RS2(op) ((op)->shift)
#define RS2_DST(op) ((op)->cond)

/* ---- helpers ----------------------------------------------------------- */

static inline bool is_aligned(uint64_t va, unsigned bytes)
{
    return (va & (bytes - 1)) == 0;
}

static inline uint64_t width_mask(unsigned bytes)
{
    return bytes == 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

/* First half of an atomic read-modify-write: alignment, the read, then a
 * check that the location is writable as well, so that the write which
 * follows cannot fault on RAM and a faulting atomic changes nothing.
 * Faults that a read of the location would raise (alignment, unmapped)
 * are reported as reads, the others as writes: the rule for ESR_ELx.WnR
 * on atomic instructions that both read and write. */
static bool rmw_begin(cpu_t *cpu, uint64_t va, unsigned bytes, uint64_t *old)
{
    if (!is_aligned(va, bytes))
        return mem_alignment_fault(cpu, va, bytes, false);
    if (!mem_read(cpu, va, bytes, old))
        return false;
    if (!mem_fast(cpu, va, bytes, true) && !mem_probe_write(cpu, va, bytes)) {
        cpu->exit.access_size = bytes;
        return false;
    }
    return true;
}

static bool rmw_begin16(cpu_t *cpu, uint64_t va, uint64_t *lo, uint64_t *hi)
{
    if (!is_aligned(va, 16))
        return mem_alignment_fault(cpu, va, 16, false);
    if (!mem_read16(cpu, va, lo, hi))
        return false;
    if (!mem_fast(cpu, va, 16, true) && !mem_probe_write(cpu, va, 16)) {
        cpu->exit.access_size = 16;
        return false;
    }
    return true;
}

static inline void monitor_set(cpu_t *cpu, uint64_t va, unsigned bytes,
                               uint64_t lo, uint64_t hi)
{
    cpu->excl.valid = true;
    cpu->excl.addr = va;
    cpu->excl.size = bytes;
    cpu->excl.value[0] = lo;
    cpu->excl.value[1] = hi;
}

static inline bool monitor_holds(const cpu_t *cpu, uint64_t va, unsigned bytes)
{
    return cpu->excl.valid && cpu->excl.addr == va && cpu->excl.size == bytes;
}

/* ---- load/store exclusive ---------------------------------------------- */

static inline op_result_t ldxr(cpu_t *cpu, const op_t *op, unsigned bytes)
{
    uint64_t va = cpu->r[op->rn];
    uint64_t v;
    if (!is_aligned(va, bytes)) {
        mem_alignment_fault(cpu, va, bytes, false);
        return OP_FAULT;
    }
    if (!mem_read(cpu, va, bytes, &v))
        return OP_FAULT;
    monitor_set(cpu, va, bytes, v, 0);
    cpu->r[RT(op)] = v;
    return OP_NEXT;
}

/* Store-exclusive of one 1..8-byte datum (STXR, and STXP of two Ws).
 *
 * Rs == Rt, or Rs == Rn (not SP), is CONSTRAINED UNPREDICTABLE. Like QEMU
 * we read every source register before writing Rs: the original Rt is
 * stored at the original Rn address and Rs then receives the status. The
 * alignment check comes first, whatever the monitor holds, as
 * AArch64.ExclusiveMonitorsPass does (QEMU only checks it when the address
 * matches). */
static inline op_result_t stx(cpu_t *cpu, const op_t *op, unsigned bytes,
                              uint64_t data)
{
    uint64_t va = cpu->r[op->rn];
    uint64_t status = 1;
    if (!is_aligned(va, bytes)) {
        mem_alignment_fault(cpu, va, bytes, true);
        return OP_FAULT;
    }
    if (monitor_holds(cpu, va, bytes)) {
        uint64_t cur;
        if (!mem_read(cpu, va, bytes, &cur))
            return OP_FAULT;
        if (cur == cpu->excl.value[0]) {
            if (!mem_write(cpu, va, bytes, data))
                return OP_FAULT;
            status = 0;
        }
    }
    cpu->excl.valid = false;
    cpu->r[RS_DST(op)] = status;
    return OP_NEXT;
}

#define EXCL_SIZES(sfx, bytes)                                               \
    static op_result_t op_ldxr_##sfx(cpu_t *cpu, const op_t *op)             \
    {                                                                        \
        return ldxr(cpu, op, bytes);                                         \
    }                                                                        \
    static op_result_t op_stxr_##sfx(cpu_t *cpu, const op_t *op)             \
    {                                                                        \
        return stx(cpu, op, bytes, cpu->r[RT(op)]);                          \
    }
EXCL_SIZES(b, 1)
EXCL_SIZES(h, 2)
EXCL_SIZES(w, 4)
EXCL_SIZES(x, 8)

/* LDXP Wt, Wt2: one 8-byte single-copy-atomic access. Rt == Rt2 is
 * CONSTRAINED UNPREDICTABLE; Rt2 is written last (QEMU's order). */
static op_result_t op_ldxp_w(cpu_t *cpu, const op_t *op)
{
    uint64_t va = cpu->r[op->rn];
    uint64_t v;
    if (!is_aligned(va, 8)) {
        mem_alignment_fault(cpu, va, 8, false);
        return OP_FAULT;
    }
    if (!mem_read(cpu, va, 8, &v))
        return OP_FAULT;
    monitor_set(cpu, va, 8, v, 0);
    cpu->r[RT(op)] = v & 0xffffffffu;
    cpu->r[RT2(op)] = v >> 32;
    return OP_NEXT;
}

static op_result_t op_ldxp_x(cpu_t *cpu, const op_t *op)
{
    uint64_t va = cpu->r[op->rn];
    uint64_t lo, hi;
    if (!is_aligned(va, 16)) {
        mem_alignment_fault(cpu, va, 16, false);
        return OP_FAULT;
    }
    if (!mem_read16(cpu, va, &lo, &hi))
        return OP_FAULT;
    monitor_set(cpu, va, 16, lo, hi);
    cpu->r[RT(op)] = lo;
    cpu->r[RT2(op)] = hi;
    return OP_NEXT;
}

static op_result_t op_stxp_w(cpu_t *cpu, const op_t *op)
{
    uint64_t data = (cpu->r[RT(op)] & 0xffffffffu) | (cpu->r[RT2(op)] << 32);
    return stx(cpu, op, 8, data);
}

static op_result_t op_stxp_x(cpu_t *cpu, const op_t *op)
{
    uint64_t va = cpu->r[op->rn];
    uint64_t lo = cpu->r[RT(op)], hi = cpu->r[RT2(op)];
    uint64_t status = 1;
    if (!is_aligned(va, 16)) {
        mem_alignment_fault(cpu, va, 16, true);
        return OP_FAULT;
    }
    if (monitor_holds(cpu, va, 16)) {
        uint64_t cur_lo, cur_hi;
        if (!mem_read16(cpu, va, &cur_lo, &cur_hi))
            return OP_FAULT;
        if (cur_lo == cpu->excl.value[0] && cur_hi == cpu->excl.value[1]) {
            if (!mem_write16(cpu, va, lo, hi))
                return OP_FAULT;
            status = 0;
        }
    }
    cpu->excl.valid = false;
    cpu->r[RS_DST(op)] = status;
    return OP_NEXT;
}

/* ---- load-acquire / store-release -------------------------------------- */

/* Ordered accesses need natural alignment without FEAT_LSE2
 * (AArch64.CheckAlignment). QEMU 5.0 (the Unicorn oracle) does not check
 * it; later QEMU does. */
static inline op_result_t ldar(cpu_t *cpu, const op_t *op, unsigned bytes)
{
    uint64_t va = cpu->r[op->rn];
    uint64_t v;
    if (!is_aligned(va, bytes)) {
        mem_alignment_fault(cpu, va, bytes, false);
        return OP_FAULT;
    }
    if (!mem_read(cpu, va, bytes, &v))
        return OP_FAULT;
    cpu->r[RT(op)] = v;
    return OP_NEXT;
}

static inline op_result_t stlr(cpu_t *cpu, const op_t *op, unsigned bytes)
{
    uint64_t va = cpu->r[op->rn];
    if (!is_aligned(va, bytes)) {
        mem_alignment_fault(cpu, va, bytes, true);
        return OP_FAULT;
    }
    if (!mem_write(cpu, va, bytes, cpu->r[RT(op)]))
        return OP_FAULT;
    return OP_NEXT;
}

#define ORDERED_SIZES(sfx, bytes)                                            \
    static op_result_t op_ldar_##sfx(cpu_t *cpu, const op_t *op)             \
    {                                                                        \
        return ldar(cpu, op, bytes);                                         \
    }                                                                        \
    static op_result_t op_stlr_##sfx(cpu_t *cpu, const op_t *op)             \
    {                                                                        \
        return stlr(cpu, op, bytes);                                         \
    }
ORDERED_SIZES(b, 1)
ORDERED_SIZES(h, 2)
ORDERED_SIZES(w, 4)
ORDERED_SIZES(x, 8)

/* ---- compare and swap -------------------------------------------------- */

/* MemAtomicCompareAndSwap: the write happens only when the comparison
 * holds; Rs always receives the old value (zero-extended). */
static inline op_result_t cas(cpu_t *cpu, const op_t *op, unsigned bytes)
{
    uint64_t va = cpu->r[op->rn];
    uint64_t expected = cpu->r[RS(op)] & width_mask(bytes);
    uint64_t desired = cpu->r[RT(op)];
    uint64_t old;
    if (!rmw_begin(cpu, va, bytes, &old))
        return OP_FAULT;
    if (old == expected && !mem_write(cpu, va, bytes, desired))
        return OP_FAULT;
    cpu->r[RS_DST(op)] = old;
    return OP_NEXT;
}

#define CAS_SIZE(sfx, bytes)                                                 \
    static op_result_t op_cas_##sfx(cpu_t *cpu, const op_t *op)              \
    {                                                                        \
        return cas(cpu, op, bytes);                                          \
    }
CAS_SIZE(b, 1)
CAS_SIZE(h, 2)
CAS_SIZE(w, 4)
CAS_SIZE(x, 8)

/* CASP Ws, Ws+1, Wt, Wt+1: one 8-byte access, Rs/Rt at the lower address. */
static op_result_t op_casp_w(cpu_t *cpu, const op_t *op)
{
    uint64_t va = cpu->r[op->rn];
    uint64_t expected =
        (cpu->r[RS(op)] & 0xffffffffu) | (cpu->r[RS2(op)] << 32);
    uint64_t desired = (cpu->r[RT(op)] & 0xffffffffu) | (cpu->r[RT2(op)] << 32);
    uint64_t old;
    if (!rmw_begin(cpu, va, 8, &old))
        return OP_FAULT;
    if (old == expected && !mem_write(cpu, va, 8, desired))
        return OP_FAULT;
    cpu->r[RS_DST(op)] = old & 0xffffffffu;
    cpu->r[RS2_DST(op)] = old >> 32;
    return OP_NEXT;
}

static op_result_t op_casp_x(cpu_t *cpu, const op_t *op)
{
    uint64_t va = cpu->r[op->rn];
    uint64_t exp_lo = cpu->r[RS(op)], exp_hi = cpu->r[RS2(op)];
    uint64_t new_lo = cpu->r[RT(op)], new_hi = cpu->r[RT2(op)];
    uint64_t lo, hi;
    if (!rmw_begin16(cpu, va, &lo, &hi))
        return OP_FAULT;
    if (lo == exp_lo && hi == exp_hi && !mem_write16(cpu, va, new_lo, new_hi))
        return OP_FAULT;
    cpu->r[RS_DST(op)] = lo;
    cpu->r[RS2_DST(op)] = hi;
    return OP_NEXT;
}

/* ---- LD<op>, ST<op> (Rt = ZR), SWP ------------------------------------- */

typedef enum lse_kind {
    LSE_ADD, LSE_CLR, LSE_EOR, LSE_SET,
    LSE_SMAX, LSE_SMIN, LSE_UMAX, LSE_UMIN,
    LSE_SWP, LSE_KINDS
} lse_kind_t;

/* MemAtomic(): operand s and old are zero-extended bytes-wide values. */
static inline uint64_t lse_apply(lse_kind_t kind, unsigned bytes,
                                 uint64_t old, uint64_t s)
{
    unsigned bits = 8 * bytes;
    switch (kind) {
    case LSE_ADD: return old + s;
    case LSE_CLR: return old & ~s;
    case LSE_EOR: return old ^ s;
    case LSE_SET: return old | s;
    case LSE_SMAX:
        return (int64_t)sign_extend(old, bits) >= (int64_t)sign_extend(s, bits)
                   ? old : s;
    case LSE_SMIN:
        return (int64_t)sign_extend(old, bits) <= (int64_t)sign_extend(s, bits)
                   ? old : s;
    case LSE_UMAX: return old >= s ? old : s;
    case LSE_UMIN: return old <= s ? old : s;
    default: return s; /* LSE_SWP */
    }
}

/* Rt receives the old value zero-extended (the pseudocode's ZeroExtend,
 * also for LDSMAX/LDSMIN). Rs is read before Rt is written. */
static inline op_result_t lse_rmw(cpu_t *cpu, const op_t *op, lse_kind_t kind,
                                  unsigned bytes)
{
    uint64_t va = cpu->r[op->rn];
    uint64_t s = cpu->r[RS(op)] & width_mask(bytes);
    uint64_t old;
    if (!rmw_begin(cpu, va, bytes, &old))
        return OP_FAULT;
    if (!mem_write(cpu, va, bytes, lse_apply(kind, bytes, old, s)))
        return OP_FAULT;
    cpu->r[RT(op)] = old;
    return OP_NEXT;
}

#define LSE_HANDLER(name, kind, bytes)                                       \
    static op_result_t op_##name(cpu_t *cpu, const op_t *op)                 \
    {                                                                        \
        return lse_rmw(cpu, op, kind, bytes);                                \
    }
#define LSE_SIZES(name, kind)                                                \
    LSE_HANDLER(name##_b, kind, 1)                                           \
    LSE_HANDLER(name##_h, kind, 2)                                           \
    LSE_HANDLER(name##_w, kind, 4)                                           \
    LSE_HANDLER(name##_x, kind, 8)
LSE_SIZES(ldadd, LSE_ADD)
LSE_SIZES(ldclr, LSE_CLR)
LSE_SIZES(ldeor, LSE_EOR)
LSE_SIZES(ldset, LSE_SET)
LSE_SIZES(ldsmax, LSE_SMAX)
LSE_SIZES(ldsmin, LSE_SMIN)
LSE_SIZES(ldumax, LSE_UMAX)
LSE_SIZES(ldumin, LSE_UMIN)
LSE_SIZES(swp, LSE_SWP)

#define BY_SIZE(n) {op_##n##_b, op_##n##_h, op_##n##_w, op_##n##_x}

static const op_fn_t lse_fns[LSE_KINDS][4] = {
    BY_SIZE(ldadd),  BY_SIZE(ldclr),  BY_SIZE(ldeor),  BY_SIZE(ldset),
    BY_SIZE(ldsmax), BY_SIZE(ldsmin), BY_SIZE(ldumax), BY_SIZE(ldumin),
    BY_SIZE(swp),
};
static const op_fn_t ldxr_fns[4] = BY_SIZE(ldxr);
static const op_fn_t stxr_fns[4] = BY_SIZE(stxr);
static const op_fn_t ldar_fns[4] = BY_SIZE(ldar);
static const op_fn_t stlr_fns[4] = BY_SIZE(stlr);
static const op_fn_t cas_fns[4] = BY_SIZE(cas);

/* ---- translate --------------------------------------------------------- */

/* Rs and Rt2 of the single-register exclusive and ordered forms are
 * should-be-one fields; like QEMU we ignore them. */

/* One register, one address, sized by field 's': LDXR, LDAR, LDAPR load
 * into Rt; STLR stores from it. */
static bool single_reg(op_t *op, const fields_t *f, const op_fn_t fns[4],
                       bool load)
{
    op->fn = fns[F(f, 's')];
    op->rn = reg_or_sp(F(f, 'n'));
    RT(op) = load ? dst_or_zr(F(f, 't')) : reg_or_zr(F(f, 't'));
    return true;
}

static bool tr_ldxr(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return single_reg(op, f, ldxr_fns, true);
}

static bool tr_stxr(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    op->fn = stxr_fns[F(f, 's')];
    op->rn = reg_or_sp(F(f, 'n'));
    RT(op) = reg_or_zr(F(f, 't'));
    RS_DST(op) = dst_or_zr(F(f, 'S'));
    return true;
}

static bool tr_ldxp(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    op->fn = F(f, 'z') ? op_ldxp_x : op_ldxp_w;
    op->rn = reg_or_sp(F(f, 'n'));
    RT(op) = dst_or_zr(F(f, 't'));
    RT2(op) = dst_or_zr(F(f, 'T'));
    return true;
}

static bool tr_stxp(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    op->fn = F(f, 'z') ? op_stxp_x : op_stxp_w;
    op->rn = reg_or_sp(F(f, 'n'));
    RT(op) = reg_or_zr(F(f, 't'));
    RT2(op) = reg_or_zr(F(f, 'T'));
    RS_DST(op) = dst_or_zr(F(f, 'S'));
    return true;
}

static bool tr_ldar(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return single_reg(op, f, ldar_fns, true);
}

static bool tr_stlr(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return single_reg(op, f, stlr_fns, false);
}

/* FEAT_LRCPC: LDAPR is a load-acquire with weaker ordering; here the same
 * as LDAR. */
static bool tr_ldapr(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    if (!model_has_lrcpc(ctx->model))
        return false;
    return tr_ldar(op, f, ctx);
}

static bool tr_cas(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    if (!model_has_lse(ctx->model))
        return false;
    op->fn = cas_fns[F(f, 's')];
    op->rn = reg_or_sp(F(f, 'n'));
    RT(op) = reg_or_zr(F(f, 't'));
    RS(op) = reg_or_zr(F(f, 'S'));
    RS_DST(op) = dst_or_zr(F(f, 'S'));
    return true;
}

/* CASP: Rs and Rt must be even (odd is unallocated). Rs+1 or Rt+1 may be
 * 31, which names ZR. */
static bool tr_casp(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    uint32_t s = F(f, 'S'), t = F(f, 't');
    if (!model_has_lse(ctx->model) || (s & 1) || (t & 1))
        return false;
    op->fn = F(f, 'z') ? op_casp_x : op_casp_w;
    op->rn = reg_or_sp(F(f, 'n'));
    RT(op) = reg_or_zr(t);
    RT2(op) = reg_or_zr(t + 1);
    RS(op) = reg_or_zr(s);
    RS_DST(op) = dst_or_zr(s);
    RS2(op) = reg_or_zr(s + 1);
    RS2_DST(op) = dst_or_zr(s + 1);
    return true;
}

/* LD<op>/ST<op> with o3 = 0, SWP with o3 = 1 and opc = 000. The A and R
 * bits (acquire, release) change nothing here. */
static bool tr_lse(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    uint32_t o3 = F(f, 'o'), opc = F(f, 'p');
    if (!model_has_lse(ctx->model) || (o3 && opc != 0))
        return false;
    op->fn = lse_fns[o3 ? LSE_SWP : opc][F(f, 's')];
    op->rn = reg_or_sp(F(f, 'n'));
    RT(op) = dst_or_zr(F(f, 't'));
    RS(op) = reg_or_zr(F(f, 'S'));
    return true;
}

const pattern_t insn_atomic_table[] = {
    /* Load/store exclusive: size 001000 o2 L o1 Rs o0 Rt2 Rn Rt. The
     * ordering bit o0 (acquire / release) changes nothing here. */
    {"STXR/STLXR",   "ss 001000 0 0 0 SSSSS - ----- nnnnn ttttt", tr_stxr},
    {"LDXR/LDAXR",   "ss 001000 0 1 0 ----- - ----- nnnnn ttttt", tr_ldxr},
    {"STXP/STLXP",   "1z 001000 0 0 1 SSSSS - TTTTT nnnnn ttttt", tr_stxp},
    {"LDXP/LDAXP",   "1z 001000 0 1 1 ----- - TTTTT nnnnn ttttt", tr_ldxp},
    {"CASP*",        "0z 001000 0 - 1 SSSSS - 11111 nnnnn ttttt", tr_casp},
    {"STLR",         "ss 001000 1 0 0 ----- 1 ----- nnnnn ttttt", tr_stlr},
    {"LDAR",         "ss 001000 1 1 0 ----- 1 ----- nnnnn ttttt", tr_ldar},
    /* Not implemented: STLLR/LDLAR, o0 = 0 above (FEAT_LOR, v8.1). The
     * models do not advertise LORegions (ID_AA64MMFR1_EL1.LO = 0), so the
     * words stay UNDEFINED. */
    {"CAS*",         "ss 001000 1 - 1 SSSSS - 11111 nnnnn ttttt", tr_cas},

    /* Atomic memory operations: size 111 V=0 00 A R 1 Rs o3 opc 00 Rn Rt. */
    {"LDAPR",        "ss 111 0 00 1 0 1 11111 1 100 00 nnnnn ttttt", tr_ldapr},
    {"LD<op>/SWP",   "ss 111 0 00 - - 1 SSSSS o ppp 00 nnnnn ttttt", tr_lse},
    /* Not implemented (UNDEFINED until a model advertises them):
     *   RCWCAS/RCWCASP/RCWCLR/RCWSET/RCWSWP and RCWS* (FEAT_THE, v8.9):
     *     o3 = 1 in the space above with size 00/01, and 0 0011001 ...
     *   LD64B/ST64B/ST64BV/ST64BV0 (FEAT_LS64*, v8.7): size 11, o3 = 1.
     *   LDCLRP/LDSETP/SWPP (FEAT_LSE128, v9.4): 0 0011001 A R 1 Rt2 ...
     *   LDAPUR, LDAPURB/H/SW/SH/SB, STLUR, STLURB/H (FEAT_LRCPC2, v8.4):
     *     size 011001 opc 0 imm9 00 Rn Rt.
     *   LDIAPP/STILP, LDAPR/STLR post/pre-index (FEAT_LRCPC3, v8.9).
     *   LDRAA/LDRAB (FEAT_PAuth, v8.3) share this space (bits 11:10 = x1)
     *     and belong with the loads and stores.
     *   CASP with odd Rs or Rt, CAS/CASP with Rt2 != 11111, o3 = 1 with
     *     opc != 000 (other than LDAPR), V = 1: unallocated. */
    {NULL, NULL, NULL},
};
