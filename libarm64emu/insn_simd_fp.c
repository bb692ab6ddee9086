/* Advanced SIMD floating point: three same (vector and scalar, FP16 too),
 * two-register miscellaneous (FRINT*, FCVT* to integer, SCVTF/UCVTF,
 * compares with zero, FABS/FNEG/FSQRT, FRECPE/FRSQRTE/FRECPX, URECPE/
 * URSQRTE, FCVTL/FCVTN/FCVTXN), pairwise and across-lanes FMAX/FMIN/FADDP,
 * by-element FMUL/FMLA/FMLS/FMULX, FMLAL/FMLSL (FEAT_FHM), FMOV (vector,
 * immediate) and the fixed-point conversions of the
 * shift-by-immediate group, all on the bit-exact core in fpu.c.
 *
 * A handler loops over op->aux elements of one precision (suffix _0 half,
 * _1 single, _2 double) and builds the result in a zeroed register, so the
 * 64-bit vector forms clear bits 127:64 and the scalar forms (one element)
 * clear everything above the element.
 *
 * Not yet: FCADD, FCMLA (vector and by element) (FEAT_FCMA, v8.3).
 * Not yet: BFCVTN/BFCVTN2, BFDOT, BFMMLA, BFMLALB/T (FEAT_BF16, v8.6).
 * Not yet: FPCR.AH alternate behaviours, FEAT_RPRES (FEAT_AFP, v8.7).
 */
#include "fpu_insn.h"

static inline uint64_t vget(const vreg_t *v, unsigned sz, unsigned i)
{
    switch (sz) {
    case FP_H: return v->h[i];
    case FP_S: return v->s[i];
    default: return v->d[i];
    }
}

static inline void vset(vreg_t *v, unsigned sz, unsigned i, uint64_t x)
{
    switch (sz) {
    case FP_H: v->h[i] = (uint16_t)x; break;
    case FP_S: v->s[i] = (uint32_t)x; break;
    default: v->d[i] = x; break;
    }
}

/* All ones of the element size when t, else zero. */
static inline uint64_t mask_if(unsigned sz, bool t)
{
    return t ? (sz == FP_D ? ~0ull : (1ull << (16u << sz)) - 1) : 0;
}

/* ---- handler templates ------------------------------------------------------ */

/* Element-wise on Vn, Vm and Vd (c: the old destination element). */
#define DEF_V3(sz, name, expr)                                                 \
    static op_result_t op_##name##_##sz(cpu_t *cpu, const op_t *op)            \
    {                                                                          \
        enum { SZ = sz };                                                      \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm],             \
                     *vd = &cpu->v[op->rd];                                    \
        vreg_t res = {{0}};                                                    \
        for (unsigned i = 0; i < op->aux; i++) {                               \
            uint64_t a = vget(vn, SZ, i), b = vget(vm, SZ, i);                 \
            uint64_t c = vget(vd, SZ, i);                                      \
            (void)c;                                                           \
            vset(&res, SZ, i, (expr));                                         \
        }                                                                      \
        cpu->v[op->rd] = res;                                                  \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }

/* Vm element op->imm2 for every element (by element). */
#define DEF_VE(sz, name, expr)                                                 \
    static op_result_t op_##name##_##sz(cpu_t *cpu, const op_t *op)            \
    {                                                                          \
        enum { SZ = sz };                                                      \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        const vreg_t *vn = &cpu->v[op->rn], *vd = &cpu->v[op->rd];             \
        uint64_t b = vget(&cpu->v[op->rm], SZ, (unsigned)op->imm2);            \
        vreg_t res = {{0}};                                                    \
        for (unsigned i = 0; i < op->aux; i++) {                               \
            uint64_t a = vget(vn, SZ, i), c = vget(vd, SZ, i);                 \
            (void)c;                                                           \
            vset(&res, SZ, i, (expr));                                         \
        }                                                                      \
        cpu->v[op->rd] = res;                                                  \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }

/* Pairwise over the concatenation Vm:Vn. */
#define DEF_VP(sz, name, expr)                                                 \
    static op_result_t op_##name##_##sz(cpu_t *cpu, const op_t *op)            \
    {                                                                          \
        enum { SZ = sz };                                                      \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];             \
        unsigned half = op->aux;                                               \
        vreg_t res = {{0}};                                                    \
        for (unsigned i = 0; i < half; i++) {                                  \
            unsigned j = 2 * i;                                                \
            uint64_t a = j < half ? vget(vn, SZ, j) : vget(vm, SZ, j - half);  \
            uint64_t b = j + 1 < half ? vget(vn, SZ, j + 1)                    \
                                      : vget(vm, SZ, j + 1 - half);            \
            vset(&res, SZ, i, (expr));                                         \
        }                                                                      \
        cpu->v[op->rd] = res;                                                  \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }

/* Scalar pairwise: elements 0 and 1 of Vn. */
#define DEF_SP(sz, name, expr)                                                 \
    static op_result_t op_##name##_##sz(cpu_t *cpu, const op_t *op)            \
    {                                                                          \
        enum { SZ = sz };                                                      \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        uint64_t a = vget(&cpu->v[op->rn], SZ, 0);                             \
        uint64_t b = vget(&cpu->v[op->rn], SZ, 1);                             \
        vreg_t res = {{0}};                                                    \
        vset(&res, SZ, 0, (expr));                                             \
        cpu->v[op->rd] = res;                                                  \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }

/* Across lanes: Reduce() halves recursively, lower half first. */
#define DEF_VR(sz, name, expr)                                                 \
    static op_result_t op_##name##_##sz(cpu_t *cpu, const op_t *op)            \
    {                                                                          \
        enum { SZ = sz };                                                      \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        uint64_t e[8] = {0};                                                   \
        unsigned n = op->aux;                                                  \
        for (unsigned i = 0; i < n; i++)                                       \
            e[i] = vget(&cpu->v[op->rn], SZ, i);                               \
        for (; n > 1; n /= 2)                                                  \
            for (unsigned i = 0; i < n / 2; i++) {                             \
                uint64_t a = e[2 * i], b = e[2 * i + 1];                       \
                e[i] = (expr);                                                 \
            }                                                                  \
        vreg_t res = {{0}};                                                    \
        vset(&res, SZ, 0, e[0]);                                               \
        cpu->v[op->rd] = res;                                                  \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }

/* Element-wise on Vn only. */
#define DEF_V1(sz, name, expr)                                                 \
    static op_result_t op_##name##_##sz(cpu_t *cpu, const op_t *op)            \
    {                                                                          \
        enum { SZ = sz };                                                      \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        const vreg_t *vn = &cpu->v[op->rn];                                    \
        vreg_t res = {{0}};                                                    \
        for (unsigned i = 0; i < op->aux; i++) {                               \
            uint64_t a = vget(vn, SZ, i);                                      \
            vset(&res, SZ, i, (expr));                                         \
        }                                                                      \
        cpu->v[op->rd] = res;                                                  \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }

#define FNS(name) {op_##name##_0, op_##name##_1, op_##name##_2}
#define RM (fp_op_rounding(cpu, op->shift))

/* three same */
FP_FOR_SIZES(DEF_V3, fmaxnm, fp_maxnm(SZ, a, b, &env))
FP_FOR_SIZES(DEF_V3, fmla, fp_muladd(SZ, c, a, b, &env))
FP_FOR_SIZES(DEF_V3, fadd, fp_add(SZ, a, b, &env))
FP_FOR_SIZES(DEF_V3, fmulx, fp_mulx(SZ, a, b, &env))
FP_FOR_SIZES(DEF_V3, fcmeq, mask_if(SZ, fp_compare_eq(SZ, a, b, &env)))
FP_FOR_SIZES(DEF_V3, fmax, fp_max(SZ, a, b, &env))
FP_FOR_SIZES(DEF_V3, frecps, fp_recps(SZ, a, b, &env))
FP_FOR_SIZES(DEF_V3, fminnm, fp_minnm(SZ, a, b, &env))
FP_FOR_SIZES(DEF_V3, fmls, fp_muladd(SZ, c, fp_neg(SZ, a), b, &env))
FP_FOR_SIZES(DEF_V3, fsub, fp_sub(SZ, a, b, &env))
FP_FOR_SIZES(DEF_V3, fmin, fp_min(SZ, a, b, &env))
FP_FOR_SIZES(DEF_V3, frsqrts, fp_rsqrts(SZ, a, b, &env))
FP_FOR_SIZES(DEF_V3, fmul, fp_mul(SZ, a, b, &env))
FP_FOR_SIZES(DEF_V3, fcmge, mask_if(SZ, fp_compare_ge(SZ, a, b, &env)))
FP_FOR_SIZES(DEF_V3, facge, mask_if(SZ, fp_compare_ge(SZ, fp_abs(SZ, a),
                                                      fp_abs(SZ, b), &env)))
FP_FOR_SIZES(DEF_V3, fdiv, fp_div(SZ, a, b, &env))
FP_FOR_SIZES(DEF_V3, fabd, fp_abs(SZ, fp_sub(SZ, a, b, &env)))
FP_FOR_SIZES(DEF_V3, fcmgt, mask_if(SZ, fp_compare_gt(SZ, a, b, &env)))
FP_FOR_SIZES(DEF_V3, facgt, mask_if(SZ, fp_compare_gt(SZ, fp_abs(SZ, a),
                                                      fp_abs(SZ, b), &env)))
FP_FOR_SIZES(DEF_VP, fmaxnmp, fp_maxnm(SZ, a, b, &env))
FP_FOR_SIZES(DEF_VP, faddp, fp_add(SZ, a, b, &env))
FP_FOR_SIZES(DEF_VP, fmaxp, fp_max(SZ, a, b, &env))
FP_FOR_SIZES(DEF_VP, fminnmp, fp_minnm(SZ, a, b, &env))
FP_FOR_SIZES(DEF_VP, fminp, fp_min(SZ, a, b, &env))

/* scalar pairwise and across lanes */
FP_FOR_SIZES(DEF_SP, sfmaxnmp, fp_maxnm(SZ, a, b, &env))
FP_FOR_SIZES(DEF_SP, sfaddp, fp_add(SZ, a, b, &env))
FP_FOR_SIZES(DEF_SP, sfmaxp, fp_max(SZ, a, b, &env))
FP_FOR_SIZES(DEF_SP, sfminnmp, fp_minnm(SZ, a, b, &env))
FP_FOR_SIZES(DEF_SP, sfminp, fp_min(SZ, a, b, &env))
FP_FOR_SIZES(DEF_VR, fmaxnmv, fp_maxnm(SZ, a, b, &env))
FP_FOR_SIZES(DEF_VR, fmaxv, fp_max(SZ, a, b, &env))
FP_FOR_SIZES(DEF_VR, fminnmv, fp_minnm(SZ, a, b, &env))
FP_FOR_SIZES(DEF_VR, fminv, fp_min(SZ, a, b, &env))

/* by element */
FP_FOR_SIZES(DEF_VE, fmla_e, fp_muladd(SZ, c, a, b, &env))
FP_FOR_SIZES(DEF_VE, fmls_e, fp_muladd(SZ, c, fp_neg(SZ, a), b, &env))
FP_FOR_SIZES(DEF_VE, fmul_e, fp_mul(SZ, a, b, &env))
FP_FOR_SIZES(DEF_VE, fmulx_e, fp_mulx(SZ, a, b, &env))

/* two-register miscellaneous; op->shift = rounding, op->imm = fbits,
 * op->cond = unsigned */
FP_FOR_SIZES(DEF_V1, frint, fp_round_int(SZ, a, RM, false, &env))
FP_FOR_SIZES(DEF_V1, frintx, fp_round_int(SZ, a, RM, true, &env))
FP_FOR_SIZES(DEF_V1, frint32, fp_round_int_n(SZ, a, RM, 32, &env))
FP_FOR_SIZES(DEF_V1, frint64, fp_round_int_n(SZ, a, RM, 64, &env))
FP_FOR_SIZES(DEF_V1, fcvt_int, fp_to_fixed(SZ, a, (unsigned)op->imm, op->cond,
                                           16u << SZ, RM, &env))
FP_FOR_SIZES(DEF_V1, cvtf, fp_from_fixed(SZ, a, (unsigned)op->imm, op->cond,
                                         16u << SZ, fp_rmode(cpu->fpcr), &env))
FP_FOR_SIZES(DEF_V1, fcmgt0, mask_if(SZ, fp_compare_gt(SZ, a, 0, &env)))
FP_FOR_SIZES(DEF_V1, fcmeq0, mask_if(SZ, fp_compare_eq(SZ, a, 0, &env)))
FP_FOR_SIZES(DEF_V1, fcmlt0, mask_if(SZ, fp_compare_gt(SZ, 0, a, &env)))
FP_FOR_SIZES(DEF_V1, fcmge0, mask_if(SZ, fp_compare_ge(SZ, a, 0, &env)))
FP_FOR_SIZES(DEF_V1, fcmle0, mask_if(SZ, fp_compare_ge(SZ, 0, a, &env)))
FP_FOR_SIZES(DEF_V1, fabs, fp_abs(SZ, a))
FP_FOR_SIZES(DEF_V1, fneg, fp_neg(SZ, a))
FP_FOR_SIZES(DEF_V1, fsqrt, fp_sqrt(SZ, a, &env))
FP_FOR_SIZES(DEF_V1, frecpe, fp_recip_estimate(SZ, a, &env))
FP_FOR_SIZES(DEF_V1, frsqrte, fp_rsqrt_estimate(SZ, a, &env))
FP_FOR_SIZES(DEF_V1, frecpx, fp_recpx(SZ, a, &env))

/* UnsignedRecipEstimate / UnsignedRSqrtEstimate (32-bit elements). */
static op_result_t op_urecpe(cpu_t *cpu, const op_t *op)
{
    vreg_t res = {{0}};
    for (unsigned i = 0; i < op->aux; i++) {
        uint32_t x = cpu->v[op->rn].s[i];
        res.s[i] = fp_unsigned_recip_estimate(x);
    }
    cpu->v[op->rd] = res;
    return OP_NEXT;
}

static op_result_t op_ursqrte(cpu_t *cpu, const op_t *op)
{
    vreg_t res = {{0}};
    for (unsigned i = 0; i < op->aux; i++) {
        uint32_t x = cpu->v[op->rn].s[i];
        res.s[i] = fp_unsigned_rsqrt_estimate(x);
    }
    cpu->v[op->rd] = res;
    return OP_NEXT;
}

/* FCVTL/FCVTL2: op->size = source precision, op->imm = first source
 * element (0 or the upper half). */
static op_result_t op_fcvtl(cpu_t *cpu, const op_t *op)
{
    fp_env_t env = {cpu->fpcr, 0};
    unsigned from = op->size, n = op->aux;
    const vreg_t *vn = &cpu->v[op->rn];
    vreg_t res = {{0}};
    for (unsigned i = 0; i < n; i++)
        vset(&res, from + 1, i,
             fp_convert(from, from + 1, vget(vn, from, (unsigned)op->imm + i),
                        fp_rmode(cpu->fpcr), &env));
    cpu->v[op->rd] = res;
    cpu->fpsr |= env.exc;
    return OP_NEXT;
}

/* FCVTN/FCVTN2/FCVTXN/FCVTXN2 (vector and scalar): op->size = destination
 * precision, op->imm = first destination element, op->shift = rounding.
 * The "2" forms keep the lower half; the others clear the upper one. */
static op_result_t op_fcvtn(cpu_t *cpu, const op_t *op)
{
    fp_env_t env = {cpu->fpcr, 0};
    unsigned to = op->size, n = op->aux, first = (unsigned)op->imm;
    const vreg_t *vn = &cpu->v[op->rn];
    vreg_t res = {{0}};
    if (first)
        res.d[0] = cpu->v[op->rd].d[0];
    for (unsigned i = 0; i < n; i++)
        vset(&res, to, first + i,
             fp_convert(to + 1, to, vget(vn, to + 1, i), RM, &env));
    cpu->v[op->rd] = res;
    cpu->fpsr |= env.exc;
    return OP_NEXT;
}

/* FMLAL/FMLSL/FMLAL2/FMLSL2 (FEAT_FHM): op->aux single elements, op->imm
 * first half element of Vn (and Vm) used, op->cond negate Vn's elements,
 * op->size by element with op->imm2 the half index of Vm. */
static op_result_t op_fmlal(cpu_t *cpu, const op_t *op)
{
    fp_env_t env = {cpu->fpcr, 0};
    const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm],
                 *vd = &cpu->v[op->rd];
    unsigned first = (unsigned)op->imm;
    vreg_t res = {{0}};
    for (unsigned i = 0; i < op->aux; i++) {
        uint64_t a = vn->h[first + i];
        uint64_t b = op->size ? vm->h[op->imm2] : vm->h[first + i];
        if (op->cond)
            a = fp_neg(FP_H, a);
        res.s[i] = (uint32_t)fp_muladd_h(vd->s[i], a, b, &env);
    }
    cpu->v[op->rd] = res;
    cpu->fpsr |= env.exc;
    return OP_NEXT;
}

/* FMOV (vector, immediate): op->imm = the 64-bit pattern, op->aux = 2 for
 * a 128-bit result. */
static op_result_t op_fmov_vimm(cpu_t *cpu, const op_t *op)
{
    cpu->v[op->rd].d[0] = op->imm;
    cpu->v[op->rd].d[1] = op->aux == 2 ? op->imm : 0;
    return OP_NEXT;
}

/* ---- translate -------------------------------------------------------------- */

typedef op_fn_t fns_t[3];

/* Vector precision from the sz bit (single/double) or the FP16 forms;
 * sets op->aux to the element count. Double needs Q = 1. */
static bool vec_size(op_t *op, unsigned q, unsigned szbit, bool half,
                     const decode_ctx_t *ctx, unsigned *sz)
{
    if (half) {
        if (!model_has_fp16(ctx->model))
            return false;
        *sz = FP_H;
    } else {
        if (szbit && !q)
            return false;
        *sz = szbit ? FP_D : FP_S;
    }
    op->aux = (uint8_t)((q ? 16u : 8u) >> (*sz + 1));
    return true;
}

static bool scalar_size(op_t *op, unsigned szbit, bool half,
                        const decode_ctx_t *ctx, unsigned *sz)
{
    if (half) {
        if (!model_has_fp16(ctx->model))
            return false;
        *sz = FP_H;
    } else {
        *sz = szbit ? FP_D : FP_S;
    }
    op->aux = 1;
    return true;
}

static void set_regs(op_t *op, const fields_t *f)
{
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
}

/* Three same, by U:a:opcode<2:0>; NULL = unallocated (FMLAL and friends
 * have their own lines). */
static const fns_t three_same[32] = {
    FNS(fmaxnm), FNS(fmla), FNS(fadd), FNS(fmulx),
    FNS(fcmeq), {NULL, NULL, NULL}, FNS(fmax), FNS(frecps),
    FNS(fminnm), FNS(fmls), FNS(fsub), {NULL, NULL, NULL},
    {NULL, NULL, NULL}, {NULL, NULL, NULL}, FNS(fmin), FNS(frsqrts),
    FNS(fmaxnmp), {NULL, NULL, NULL}, FNS(faddp), FNS(fmul),
    FNS(fcmge), FNS(facge), FNS(fmaxp), FNS(fdiv),
    FNS(fminnmp), {NULL, NULL, NULL}, FNS(fabd), {NULL, NULL, NULL},
    FNS(fcmgt), FNS(facgt), FNS(fminp), {NULL, NULL, NULL},
};

/* The three-same operations that have a scalar form. */
static bool three_same_has_scalar(unsigned idx)
{
    switch (idx) {
    case 0x03: case 0x04: case 0x07: case 0x0f: case 0x14: case 0x15:
    case 0x1a: case 0x1c: case 0x1d:
        return true;
    default:
        return false;
    }
}

static bool three_same_common(op_t *op, const fields_t *f,
                              const decode_ctx_t *ctx, bool half, bool scalar)
{
    unsigned idx = F(f, 'U') << 4 | F(f, 'a') << 3 | F(f, 'o'), sz;
    if (scalar ? !three_same_has_scalar(idx) || !scalar_size(op, F(f, 's'),
                                                            half, ctx, &sz)
               : !vec_size(op, F(f, 'Q'), F(f, 's'), half, ctx, &sz))
        return false;
    op_fn_t fn = three_same[idx][sz];
    if (!fn)
        return false;
    set_regs(op, f);
    op->fn = fn;
    return true;
}

static bool tr_3same(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return three_same_common(op, f, ctx, false, false);
}

static bool tr_3same_h(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return three_same_common(op, f, ctx, true, false);
}

static bool tr_3same_s(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return three_same_common(op, f, ctx, false, true);
}

static bool tr_3same_sh(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return three_same_common(op, f, ctx, true, true);
}

/* Two-register miscellaneous: the opcode space by U:a:opcode. */
enum misc_kind {
    MK_NONE = 0,
    MK_FRINT,   /* rounding in the table */
    MK_FRINTX,
    MK_FRINT32,
    MK_FRINT64,
    MK_FCVT_S,  /* to signed integer, rounding in the table */
    MK_FCVT_U,
    MK_SCVTF,
    MK_UCVTF,
    MK_CMGT0, MK_CMEQ0, MK_CMLT0, MK_CMGE0, MK_CMLE0,
    MK_FABS, MK_FNEG, MK_FSQRT,
    MK_FRECPE, MK_FRSQRTE, MK_FRECPX,
    MK_URECPE, MK_URSQRTE
};

typedef struct misc_entry {
    uint8_t kind;
    uint8_t rounding;
    bool scalar;  /* has a scalar form */
    bool vector;  /* has a vector form */
} misc_entry_t;

/* Indexed by U:a:opcode<4:0> for opcodes 01100..11111. */
static misc_entry_t misc_lookup(unsigned u, unsigned a, unsigned opc)
{
    misc_entry_t e = {MK_NONE, 0, false, false};
#define E(k, r, s, v) e = (misc_entry_t){k, r, s, v}; break
    switch (u << 6 | a << 5 | opc) {
    /* U=0 a=0 */
    case 0x18: E(MK_FRINT, FPR_TIEEVEN, false, true);
    case 0x19: E(MK_FRINT, FPR_NEGINF, false, true);
    case 0x1a: E(MK_FCVT_S, FPR_TIEEVEN, true, true);
    case 0x1b: E(MK_FCVT_S, FPR_NEGINF, true, true);
    case 0x1c: E(MK_FCVT_S, FPR_TIEAWAY, true, true);
    case 0x1d: E(MK_SCVTF, 0, true, true);
    case 0x1e: E(MK_FRINT32, FPR_ZERO, false, true);
    case 0x1f: E(MK_FRINT64, FPR_ZERO, false, true);
    /* U=0 a=1 */
    case 0x2c: E(MK_CMGT0, 0, true, true);
    case 0x2d: E(MK_CMEQ0, 0, true, true);
    case 0x2e: E(MK_CMLT0, 0, true, true);
    case 0x2f: E(MK_FABS, 0, false, true);
    case 0x38: E(MK_FRINT, FPR_POSINF, false, true);
    case 0x39: E(MK_FRINT, FPR_ZERO, false, true);
    case 0x3a: E(MK_FCVT_S, FPR_POSINF, true, true);
    case 0x3b: E(MK_FCVT_S, FPR_ZERO, true, true);
    case 0x3c: E(MK_URECPE, 0, false, true);
    case 0x3d: E(MK_FRECPE, 0, true, true);
    case 0x3f: E(MK_FRECPX, 0, true, false);
    /* U=1 a=0 */
    case 0x58: E(MK_FRINT, FPR_TIEAWAY, false, true);
    case 0x59: E(MK_FRINTX, FP_RM_FPCR, false, true);
    case 0x5a: E(MK_FCVT_U, FPR_TIEEVEN, true, true);
    case 0x5b: E(MK_FCVT_U, FPR_NEGINF, true, true);
    case 0x5c: E(MK_FCVT_U, FPR_TIEAWAY, true, true);
    case 0x5d: E(MK_UCVTF, 0, true, true);
    case 0x5e: E(MK_FRINT32, FP_RM_FPCR, false, true);
    case 0x5f: E(MK_FRINT64, FP_RM_FPCR, false, true);
    /* U=1 a=1 */
    case 0x6c: E(MK_CMGE0, 0, true, true);
    case 0x6d: E(MK_CMLE0, 0, true, true);
    case 0x6f: E(MK_FNEG, 0, false, true);
    case 0x79: E(MK_FRINT, FP_RM_FPCR, false, true);
    case 0x7a: E(MK_FCVT_U, FPR_POSINF, true, true);
    case 0x7b: E(MK_FCVT_U, FPR_ZERO, true, true);
    case 0x7c: E(MK_URSQRTE, 0, false, true);
    case 0x7d: E(MK_FRSQRTE, 0, true, true);
    case 0x7f: E(MK_FSQRT, 0, false, true);
    default: break;
    }
#undef E
    return e;
}

static const fns_t misc_fns[] = {
    [MK_FRINT] = FNS(frint),     [MK_FRINTX] = FNS(frintx),
    [MK_FRINT32] = FNS(frint32), [MK_FRINT64] = FNS(frint64),
    [MK_FCVT_S] = FNS(fcvt_int), [MK_FCVT_U] = FNS(fcvt_int),
    [MK_SCVTF] = FNS(cvtf),      [MK_UCVTF] = FNS(cvtf),
    [MK_CMGT0] = FNS(fcmgt0),    [MK_CMEQ0] = FNS(fcmeq0),
    [MK_CMLT0] = FNS(fcmlt0),    [MK_CMGE0] = FNS(fcmge0),
    [MK_CMLE0] = FNS(fcmle0),    [MK_FABS] = FNS(fabs),
    [MK_FNEG] = FNS(fneg),       [MK_FSQRT] = FNS(fsqrt),
    [MK_FRECPE] = FNS(frecpe),   [MK_FRSQRTE] = FNS(frsqrte),
    [MK_FRECPX] = FNS(frecpx),
};

static bool misc_common(op_t *op, const fields_t *f, const decode_ctx_t *ctx,
                        bool half, bool scalar)
{
    misc_entry_t e = misc_lookup(F(f, 'U'), F(f, 'a'), (ctx->insn >> 12) & 31);
    unsigned sz;
    if (e.kind == MK_NONE || (scalar ? !e.scalar : !e.vector))
        return false;
    if (e.kind == MK_URECPE || e.kind == MK_URSQRTE) {
        if (half || F(f, 's'))
            return false;
        op->aux = F(f, 'Q') ? 4 : 2;
        op->fn = e.kind == MK_URECPE ? op_urecpe : op_ursqrte;
        set_regs(op, f);
        return true;
    }
    if ((e.kind == MK_FRINT32 || e.kind == MK_FRINT64) &&
        (half || !model_has_frintts(ctx->model)))
        return false;
    if (scalar ? !scalar_size(op, F(f, 's'), half, ctx, &sz)
               : !vec_size(op, F(f, 'Q'), F(f, 's'), half, ctx, &sz))
        return false;
    set_regs(op, f);
    op->shift = e.rounding;
    op->cond = e.kind == MK_FCVT_U || e.kind == MK_UCVTF;
    op->fn = misc_fns[e.kind][sz];
    return true;
}

static bool tr_misc(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return misc_common(op, f, ctx, false, false);
}

static bool tr_misc_h(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return misc_common(op, f, ctx, true, false);
}

static bool tr_misc_s(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return misc_common(op, f, ctx, false, true);
}

static bool tr_misc_sh(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return misc_common(op, f, ctx, true, true);
}

/* FCVTL/FCVTL2: sz 0 half->single, 1 single->double. */
static bool tr_fcvtl(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned from = F(f, 's') ? FP_S : FP_H;
    set_regs(op, f);
    op->size = (uint8_t)from;
    op->aux = (uint8_t)(8u >> (from + 1));
    op->imm = F(f, 'Q') ? op->aux : 0;
    op->fn = op_fcvtl;
    return true;
}

/* FCVTN/FCVTN2 (U=0) and FCVTXN/FCVTXN2 (U=1, double to single only). */
static bool tr_fcvtn(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned to = F(f, 's') ? FP_S : FP_H;
    if (F(f, 'U') && to != FP_S)
        return false;
    set_regs(op, f);
    op->size = (uint8_t)to;
    op->aux = (uint8_t)(8u >> (to + 1));
    op->imm = F(f, 'Q') ? op->aux : 0;
    op->shift = F(f, 'U') ? FPR_ODD : FP_RM_FPCR;
    op->fn = op_fcvtn;
    return true;
}

static bool tr_fcvtxn_scalar(op_t *op, const fields_t *f,
                             const decode_ctx_t *ctx)
{
    (void)ctx;
    if (!F(f, 's'))
        return false;
    set_regs(op, f);
    op->size = FP_S;
    op->aux = 1;
    op->shift = FPR_ODD;
    op->fn = op_fcvtn;
    return true;
}

/* Pairwise and across lanes (FMAXNMP/FADDP/FMAXP/FMINNMP/FMINP scalar,
 * FMAXNMV/FMAXV/FMINNMV/FMINV): by a:opcode. */
static bool tr_pair_scalar(op_t *op, const fields_t *f,
                           const decode_ctx_t *ctx)
{
    static const fns_t fns[8] = {
        FNS(sfmaxnmp), FNS(sfaddp), {NULL, NULL, NULL}, FNS(sfmaxp),
        FNS(sfminnmp), {NULL, NULL, NULL}, {NULL, NULL, NULL}, FNS(sfminp),
    };
    unsigned sz;
    /* U = 0 is the FP16 form, which has sz = 0. */
    bool half = !F(f, 'U');
    if ((half && F(f, 's')) || !scalar_size(op, F(f, 's'), half, ctx, &sz))
        return false;
    op_fn_t fn = fns[F(f, 'a') << 2 | F(f, 'o')][sz];
    if (!fn)
        return false;
    set_regs(op, f);
    op->fn = fn;
    return true;
}

static bool tr_across(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const fns_t fns[4] = {FNS(fmaxnmv), FNS(fmaxv), FNS(fminnmv),
                                 FNS(fminv)};
    unsigned sz;
    bool half = !F(f, 'U');
    /* Single precision needs the 4S arrangement; no double form. */
    unsigned o = F(f, 'o');
    if ((o != 0 && o != 3) || F(f, 's') || (!half && !F(f, 'Q')) ||
        !vec_size(op, F(f, 'Q'), 0, half, ctx, &sz))
        return false;
    set_regs(op, f);
    op->fn = fns[F(f, 'a') << 1 | (o == 3)][sz];
    return true;
}

/* By element: size 00 half (FP16), 10 single, 11 double; the index is
 * H:L:M, H:L or H. */
static bool elem_common(op_t *op, const fields_t *f, const decode_ctx_t *ctx,
                        bool scalar)
{
    static const fns_t fns[4] = {FNS(fmla_e), FNS(fmls_e), FNS(fmul_e),
                                 FNS(fmulx_e)};
    unsigned size = F(f, 'z'), h = F(f, 'H'), l = F(f, 'L'), m = F(f, 'M');
    unsigned sz, index, rm;
    /* FMLA/FMLS lines have o (bit 14); FMUL/FMULX lines have U. */
    unsigned which = ((ctx->insn >> 15) & 1) ? 2 + F(f, 'U') : F(f, 'o');
    if (size == 0) {
        index = h << 2 | l << 1 | m;
        rm = F(f, 'm');
    } else if (size == 2) {
        index = h << 1 | l;
        rm = m << 4 | F(f, 'm');
    } else if (size == 3) {
        if (l)
            return false;
        index = h;
        rm = m << 4 | F(f, 'm');
    } else {
        return false;
    }
    if (scalar ? !scalar_size(op, size & 1, size == 0, ctx, &sz)
               : !vec_size(op, F(f, 'Q'), size & 1, size == 0, ctx, &sz))
        return false;
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)rm;
    op->imm2 = index;
    op->fn = fns[which][sz];
    return true;
}

static bool tr_elem(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return elem_common(op, f, ctx, false);
}

static bool tr_elem_s(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return elem_common(op, f, ctx, true);
}

/* SCVTF/UCVTF/FCVTZS/FCVTZU (fixed-point): immh selects the precision,
 * fbits = 2 * esize - immh:immb. */
static bool fixed_common(op_t *op, const fields_t *f, const decode_ctx_t *ctx,
                         bool scalar, bool to_int)
{
    static const fns_t to_fns = FNS(fcvt_int), from_fns = FNS(cvtf);
    unsigned immh = (ctx->insn >> 19) & 15, immhb = immh << 3 | F(f, 'b'), sz;
    if (immh & 8)
        sz = FP_D;
    else if (immh & 4)
        sz = FP_S;
    else if (immh & 2)
        sz = FP_H;
    else
        return false;
    if (scalar ? !scalar_size(op, sz == FP_D, sz == FP_H, ctx, &sz)
               : !vec_size(op, F(f, 'Q'), sz == FP_D, sz == FP_H, ctx, &sz))
        return false;
    set_regs(op, f);
    op->imm = (32u << sz) - immhb;
    op->cond = (uint8_t)F(f, 'U');
    op->shift = FPR_ZERO;
    op->fn = to_int ? to_fns[sz] : from_fns[sz];
    return true;
}

static bool tr_fixed_from(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return fixed_common(op, f, ctx, false, false);
}

static bool tr_fixed_to(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return fixed_common(op, f, ctx, false, true);
}

static bool tr_fixed_from_s(op_t *op, const fields_t *f,
                            const decode_ctx_t *ctx)
{
    return fixed_common(op, f, ctx, true, false);
}

static bool tr_fixed_to_s(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return fixed_common(op, f, ctx, true, true);
}

/* FMOV (vector, immediate): op = 0 single (o2 = 0) or half (o2 = 1,
 * FEAT_FP16); op = 1, o2 = 0 double (128-bit only). */
static bool tr_fmov_vimm(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    unsigned q = F(f, 'Q'), dbl = F(f, 'p'), o2 = F(f, 'o');
    unsigned imm8 = F(f, 'i');
    uint64_t imm;
    if (dbl) {
        if (o2 || !q)
            return false;
        imm = fp_expand_imm(FP_D, imm8);
    } else if (o2) {
        if (!model_has_fp16(ctx->model))
            return false;
        imm = fp_expand_imm(FP_H, imm8) * 0x0001000100010001ull;
    } else {
        imm = fp_expand_imm(FP_S, imm8) * 0x0000000100000001ull;
    }
    op->rd = (uint8_t)F(f, 'd');
    op->imm = imm;
    op->aux = q ? 2 : 1;
    op->fn = op_fmov_vimm;
    return true;
}

/* FMLAL/FMLSL (lower halves) and FMLAL2/FMLSL2 (U = 1, upper halves);
 * S = subtract. */
static bool tr_fmlal(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    if (!model_has_fhm(ctx->model))
        return false;
    set_regs(op, f);
    op->aux = F(f, 'Q') ? 4 : 2;
    op->imm = ((ctx->insn >> 29) & 1) ? op->aux : 0;
    op->cond = (uint8_t)F(f, 'S');
    op->fn = op_fmlal;
    return true;
}

static bool tr_fmlal_elem(op_t *op, const fields_t *f,
                          const decode_ctx_t *ctx)
{
    if (!tr_fmlal(op, f, ctx))
        return false;
    op->size = 1;
    op->imm2 = F(f, 'H') << 2 | F(f, 'L') << 1 | F(f, 'M');
    return true;
}

const pattern_t insn_simd_fp_table[] = {
    {"FMLAL/FMLSL (vector)",
     "0 Q 0 01110 S 0 1 mmmmm 11101 1 nnnnn ddddd", tr_fmlal},
    {"FMLAL2/FMLSL2 (vector)",
     "0 Q 1 01110 S 0 1 mmmmm 11001 1 nnnnn ddddd", tr_fmlal},
    {"FMLAL/FMLSL (by element)",
     "0 Q 0 01111 10 L M mmmm 0 S 00 H 0 nnnnn ddddd", tr_fmlal_elem},
    {"FMLAL2/FMLSL2 (by element)",
     "0 Q 1 01111 10 L M mmmm 1 S 00 H 0 nnnnn ddddd", tr_fmlal_elem},
    {"FMOV (vector, immediate)",
     "0 Q p 0111100000 iii 1111 o 1 iiiii ddddd", tr_fmov_vimm},
    /* three same; s = sz, a = bit 23 */
    {"SIMD three same FP",
     "0 Q U 01110 a s 1 mmmmm 11 ooo 1 nnnnn ddddd", tr_3same},
    {"SIMD three same FP16",
     "0 Q U 01110 a 1 0 mmmmm 00 ooo 1 nnnnn ddddd", tr_3same_h},
    {"SIMD scalar three same FP",
     "01 U 11110 a s 1 mmmmm 11 ooo 1 nnnnn ddddd", tr_3same_s},
    {"SIMD scalar three same FP16",
     "01 U 11110 a 1 0 mmmmm 00 ooo 1 nnnnn ddddd", tr_3same_sh},

    /* two-register miscellaneous, opcodes 011xx and 11xxx (the others are
     * integer) */
    {"FCVTN/FCVTN2/FCVTXN/FCVTXN2",
     "0 Q U 01110 0 s 10000 10110 10 nnnnn ddddd", tr_fcvtn},
    {"FCVTL/FCVTL2",
     "0 Q 0 01110 0 s 10000 10111 10 nnnnn ddddd", tr_fcvtl},
    /* Not yet: BFCVTN/BFCVTN2 (FEAT_BF16, v8.6): U=0 a=1 sz=0 10110. */
    {"FCVTXN (scalar)",
     "01 1 11110 0 s 10000 10110 10 nnnnn ddddd", tr_fcvtxn_scalar},
    {"FCMGT/FCMEQ/FCMLT/FCMGE/FCMLE (zero), FABS/FNEG (vector)",
     "0 Q U 01110 a s 10000 011oo 10 nnnnn ddddd", tr_misc},
    {"FRINT*/FCVT*/SCVTF/UCVTF/FRECPE/FRSQRTE/URECPE/URSQRTE/FSQRT (vector)",
     "0 Q U 01110 a s 10000 11ooo 10 nnnnn ddddd", tr_misc},
    {"FCMGT/FCMEQ/FCMLT/FCMGE/FCMLE (zero), FABS/FNEG (vector, FP16)",
     "0 Q U 01110 a 1111 00 011oo 10 nnnnn ddddd", tr_misc_h},
    {"FRINT*/FCVT*/SCVTF/UCVTF/FRECPE/FRSQRTE/FSQRT (vector, FP16)",
     "0 Q U 01110 a 1111 00 11ooo 10 nnnnn ddddd", tr_misc_h},
    {"FCMGT/FCMEQ/FCMLT/FCMGE/FCMLE (zero, scalar)",
     "01 U 11110 a s 10000 011oo 10 nnnnn ddddd", tr_misc_s},
    {"FCVT*/SCVTF/UCVTF/FRECPE/FRSQRTE/FRECPX (scalar, SIMD)",
     "01 U 11110 a s 10000 11ooo 10 nnnnn ddddd", tr_misc_s},
    {"FCMGT/FCMEQ/FCMLT/FCMGE/FCMLE (zero, scalar, FP16)",
     "01 U 11110 a 1111 00 011oo 10 nnnnn ddddd", tr_misc_sh},
    {"FCVT*/SCVTF/UCVTF/FRECPE/FRSQRTE/FRECPX (scalar, FP16)",
     "01 U 11110 a 1111 00 11ooo 10 nnnnn ddddd", tr_misc_sh},

    /* pairwise and across lanes */
    {"FMAXNMP/FADDP/FMAXP/FMINNMP/FMINP (scalar)",
     "01 U 11110 a s 11000 011 oo 10 nnnnn ddddd", tr_pair_scalar},
    {"FMAXNMV/FMAXV/FMINNMV/FMINV",
     "0 Q U 01110 a s 11000 011 oo 10 nnnnn ddddd", tr_across},

    /* by element */
    {"FMLA/FMLS (by element)",
     "0 Q 0 01111 zz L M mmmm 0 o 01 H 0 nnnnn ddddd", tr_elem},
    {"FMUL/FMULX (by element)",
     "0 Q U 01111 zz L M mmmm 1001 H 0 nnnnn ddddd", tr_elem},
    {"FMLA/FMLS (by element, scalar)",
     "01 0 11111 zz L M mmmm 0 o 01 H 0 nnnnn ddddd", tr_elem_s},
    {"FMUL/FMULX (by element, scalar)",
     "01 U 11111 zz L M mmmm 1001 H 0 nnnnn ddddd", tr_elem_s},
    /* Not yet: FCMLA (by element) (FEAT_FCMA, v8.3). */

    /* fixed-point conversions of the shift-by-immediate group; immh = 0000
     * is the modified-immediate group */
    {"SCVTF/UCVTF (vector, fixed-point, double)",
     "0 Q U 011110 1hhh bbb 11100 1 nnnnn ddddd", tr_fixed_from},
    {"SCVTF/UCVTF (vector, fixed-point, single)",
     "0 Q U 011110 01hh bbb 11100 1 nnnnn ddddd", tr_fixed_from},
    {"SCVTF/UCVTF (vector, fixed-point, half)",
     "0 Q U 011110 001h bbb 11100 1 nnnnn ddddd", tr_fixed_from},
    {"FCVTZS/FCVTZU (vector, fixed-point, double)",
     "0 Q U 011110 1hhh bbb 11111 1 nnnnn ddddd", tr_fixed_to},
    {"FCVTZS/FCVTZU (vector, fixed-point, single)",
     "0 Q U 011110 01hh bbb 11111 1 nnnnn ddddd", tr_fixed_to},
    {"FCVTZS/FCVTZU (vector, fixed-point, half)",
     "0 Q U 011110 001h bbb 11111 1 nnnnn ddddd", tr_fixed_to},
    {"SCVTF/UCVTF (scalar, fixed-point, SIMD)",
     "01 U 111110 hhhh bbb 11100 1 nnnnn ddddd", tr_fixed_from_s},
    {"FCVTZS/FCVTZU (scalar, fixed-point, SIMD)",
     "01 U 111110 hhhh bbb 11111 1 nnnnn ddddd", tr_fixed_to_s},
    /* Not yet: FCADD, FCMLA (FEAT_FCMA, v8.3). */
    {NULL, NULL, NULL},
};
