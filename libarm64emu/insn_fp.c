/* Scalar floating-point data processing: 1, 2 and 3 sources, compares,
 * conditional compare and select, FMOV (register and immediate), FCVT
 * between precisions and FRINT*. The arithmetic is the bit-exact core in
 * fpu.c; handlers are specialised per precision (suffix _0 half, _1 single,
 * _2 double) and write the element zero-extended to 128 bits. Half-precision
 * arithmetic needs FEAT_FP16; FCVT to and from half is base Armv8.
 *
 * Not yet: BFCVT (FEAT_BF16, v8.6).
 * Not yet: FPCR.AH/FIZ/NEP alternate behaviours (FEAT_AFP, v8.7).
 */
#include "alu.h"
#include "fpu_insn.h"

/* ---- handlers ------------------------------------------------------------- */

#define DEF_FP1(sz, name, expr)                                                \
    static op_result_t op_##name##_##sz(cpu_t *cpu, const op_t *op)            \
    {                                                                          \
        enum { SZ = sz };                                                      \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        uint64_t a = FPE(sz, cpu, op->rn);                                     \
        uint64_t r = (expr);                                                   \
        (void)env;                                                             \
        fp_set_scalar(cpu, op->rd, r);                                         \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }
#define DEF_FP2(sz, name, expr)                                                \
    static op_result_t op_##name##_##sz(cpu_t *cpu, const op_t *op)            \
    {                                                                          \
        enum { SZ = sz };                                                      \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        uint64_t a = FPE(sz, cpu, op->rn), b = FPE(sz, cpu, op->rm);           \
        uint64_t r = (expr);                                                   \
        fp_set_scalar(cpu, op->rd, r);                                         \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }
#define DEF_FP3(sz, name, expr)                                                \
    static op_result_t op_##name##_##sz(cpu_t *cpu, const op_t *op)            \
    {                                                                          \
        enum { SZ = sz };                                                      \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        uint64_t a = FPE(sz, cpu, op->rn), b = FPE(sz, cpu, op->rm);           \
        uint64_t c = FPE(sz, cpu, op->ra);                                     \
        uint64_t r = (expr);                                                   \
        fp_set_scalar(cpu, op->rd, r);                                         \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }
#define FNS(name) {op_##name##_0, op_##name##_1, op_##name##_2}

FP_FOR_SIZES(DEF_FP1, fmov, a)
FP_FOR_SIZES(DEF_FP1, fabs, fp_abs(SZ, a))
FP_FOR_SIZES(DEF_FP1, fneg, fp_neg(SZ, a))
FP_FOR_SIZES(DEF_FP1, fsqrt, fp_sqrt(SZ, a, &env))
FP_FOR_SIZES(DEF_FP1, frint, fp_round_int(SZ, a, fp_op_rounding(cpu, op->aux),
                                          op->cond, &env))
FP_FOR_SIZES(DEF_FP1, frintn, fp_round_int_n(SZ, a,
                                             fp_op_rounding(cpu, op->aux),
                                             op->shift, &env))
FP_FOR_SIZES(DEF_FP1, fcvt, fp_convert(SZ, op->size, a, fp_rmode(cpu->fpcr),
                                       &env))

FP_FOR_SIZES(DEF_FP2, fmul, fp_mul(SZ, a, b, &env))
FP_FOR_SIZES(DEF_FP2, fdiv, fp_div(SZ, a, b, &env))
FP_FOR_SIZES(DEF_FP2, fadd, fp_add(SZ, a, b, &env))
FP_FOR_SIZES(DEF_FP2, fsub, fp_sub(SZ, a, b, &env))
FP_FOR_SIZES(DEF_FP2, fmax, fp_max(SZ, a, b, &env))
FP_FOR_SIZES(DEF_FP2, fmin, fp_min(SZ, a, b, &env))
FP_FOR_SIZES(DEF_FP2, fmaxnm, fp_maxnm(SZ, a, b, &env))
FP_FOR_SIZES(DEF_FP2, fminnm, fp_minnm(SZ, a, b, &env))
FP_FOR_SIZES(DEF_FP2, fnmul, fp_neg(SZ, fp_mul(SZ, a, b, &env)))

/* FMSUB/FNMADD/FNMSUB negate operands (NaNs included) before the fused
 * FPMulAdd(addend, op1, op2). */
FP_FOR_SIZES(DEF_FP3, fmadd, fp_muladd(SZ, c, a, b, &env))
FP_FOR_SIZES(DEF_FP3, fmsub, fp_muladd(SZ, c, fp_neg(SZ, a), b, &env))
FP_FOR_SIZES(DEF_FP3, fnmadd, fp_muladd(SZ, fp_neg(SZ, c), fp_neg(SZ, a), b,
                                        &env))
FP_FOR_SIZES(DEF_FP3, fnmsub, fp_muladd(SZ, fp_neg(SZ, c), a, b, &env))

/* FCMP/FCMPE: op->cond = signal on quiet NaNs; op->aux = compare with +0. */
#define DEF_FCMP(sz, unused)                                                   \
    static op_result_t op_fcmp_##sz(cpu_t *cpu, const op_t *op)                \
    {                                                                          \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        uint64_t a = FPE(sz, cpu, op->rn);                                     \
        uint64_t b = op->aux ? 0 : FPE(sz, cpu, op->rm);                       \
        cpu->nzcv = fp_compare(sz, a, b, op->cond, &env) << 28;                \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }
FP_FOR_SIZES(DEF_FCMP, 0)

/* FCCMP/FCCMPE: op->imm = condition truth table, op->imm2 = NZCV if the
 * condition fails. */
#define DEF_FCCMP(sz, unused)                                                  \
    static op_result_t op_fccmp_##sz(cpu_t *cpu, const op_t *op)               \
    {                                                                          \
        if (!cond_table_holds(op->imm, cpu->nzcv)) {                           \
            cpu->nzcv = (uint32_t)op->imm2;                                    \
            return OP_NEXT;                                                    \
        }                                                                      \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        cpu->nzcv = fp_compare(sz, FPE(sz, cpu, op->rn), FPE(sz, cpu, op->rm), \
                               op->cond, &env) << 28;                          \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }
FP_FOR_SIZES(DEF_FCCMP, 0)

#define DEF_FCSEL(sz, unused)                                                  \
    static op_result_t op_fcsel_##sz(cpu_t *cpu, const op_t *op)               \
    {                                                                          \
        uint64_t r = cond_table_holds(op->imm, cpu->nzcv)                      \
                         ? FPE(sz, cpu, op->rn) : FPE(sz, cpu, op->rm);        \
        fp_set_scalar(cpu, op->rd, r);                                         \
        return OP_NEXT;                                                        \
    }
FP_FOR_SIZES(DEF_FCSEL, 0)

static op_result_t op_fmov_imm(cpu_t *cpu, const op_t *op)
{
    fp_set_scalar(cpu, op->rd, op->imm);
    return OP_NEXT;
}

/* ---- translate -------------------------------------------------------------- */

static const op_fn_t fmov_fns[3] = FNS(fmov), fabs_fns[3] = FNS(fabs),
                     fneg_fns[3] = FNS(fneg), fsqrt_fns[3] = FNS(fsqrt),
                     frint_fns[3] = FNS(frint), frintn_fns[3] = FNS(frintn),
                     fcvt_fns[3] = FNS(fcvt);

static void set_regs(op_t *op, const fields_t *f)
{
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    op->ra = (uint8_t)F(f, 'a');
}

/* 1-source arithmetic without rounding choices: opcode 0..3. */
static bool tr_fp1(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t *const tables[4] = {fmov_fns, fabs_fns, fneg_fns,
                                             fsqrt_fns};
    unsigned sz;
    if (!fp_decode_ptype(F(f, 't'), true, ctx, &sz))
        return false;
    set_regs(op, f);
    op->fn = tables[F(f, 'o')][sz];
    return true;
}

/* FCVT: opc = destination type (00 single, 01 double, 11 half). */
static bool tr_fcvt(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    unsigned from, to;
    if (!fp_decode_ptype(F(f, 't'), false, ctx, &from) ||
        !fp_decode_ptype(F(f, 'o'), false, ctx, &to) || from == to)
        return false;
    set_regs(op, f);
    op->size = (uint8_t)to;
    op->fn = fcvt_fns[from];
    return true;
}

/* FRINTN/P/M/Z/A/X/I: rmode in opcode<2:0> (110 X, 111 I use FPCR). */
static bool tr_frint(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const uint8_t mode[8] = {FPR_TIEEVEN, FPR_POSINF, FPR_NEGINF,
                                    FPR_ZERO,    FPR_TIEAWAY, 0,
                                    FP_RM_FPCR,  FP_RM_FPCR};
    unsigned sz, r = F(f, 'o');
    if (r == 5 || !fp_decode_ptype(F(f, 't'), true, ctx, &sz))
        return false;
    set_regs(op, f);
    op->aux = mode[r];
    op->cond = r == 6; /* FRINTX signals Inexact */
    op->fn = frint_fns[sz];
    return true;
}

/* FRINT32Z/FRINT32X/FRINT64Z/FRINT64X (FEAT_FRINTTS), single and double. */
static bool tr_frintts(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    unsigned sz;
    if (!model_has_frintts(ctx->model) || F(f, 't') > 1 ||
        !fp_decode_ptype(F(f, 't'), true, ctx, &sz))
        return false;
    set_regs(op, f);
    op->shift = (F(f, 'o') & 2) ? 64 : 32;
    op->aux = (F(f, 'o') & 1) ? FP_RM_FPCR : FPR_ZERO;
    op->fn = frintn_fns[sz];
    return true;
}

static bool tr_fp2(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t fns[9][3] = {
        FNS(fmul), FNS(fdiv), FNS(fadd), FNS(fsub), FNS(fmax),
        FNS(fmin), FNS(fmaxnm), FNS(fminnm), FNS(fnmul),
    };
    unsigned sz, o = F(f, 'o');
    if (o > 8 || !fp_decode_ptype(F(f, 't'), true, ctx, &sz))
        return false;
    set_regs(op, f);
    op->fn = fns[o][sz];
    return true;
}

static bool tr_fp3(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t fns[4][3] = {FNS(fmadd), FNS(fmsub), FNS(fnmadd),
                                      FNS(fnmsub)};
    unsigned sz;
    if (!fp_decode_ptype(F(f, 't'), true, ctx, &sz))
        return false;
    set_regs(op, f);
    op->fn = fns[F(f, 'p') << 1 | F(f, 'q')][sz];
    return true;
}

static bool tr_fcmp(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t fns[3] = FNS(fcmp);
    unsigned sz;
    if (!fp_decode_ptype(F(f, 't'), true, ctx, &sz))
        return false;
    set_regs(op, f);
    op->cond = (uint8_t)F(f, 'e');
    op->aux = (uint8_t)F(f, 'z');
    op->fn = fns[sz];
    return true;
}

static bool tr_fccmp(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t fns[3] = FNS(fccmp);
    unsigned sz;
    if (!fp_decode_ptype(F(f, 't'), true, ctx, &sz))
        return false;
    set_regs(op, f);
    op->cond = (uint8_t)F(f, 'e');
    op->imm = cond_truth_table(F(f, 'c'));
    op->imm2 = (uint64_t)F(f, 'f') << 28;
    op->fn = fns[sz];
    return true;
}

static bool tr_fcsel(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t fns[3] = FNS(fcsel);
    unsigned sz;
    if (!fp_decode_ptype(F(f, 't'), true, ctx, &sz))
        return false;
    set_regs(op, f);
    op->imm = cond_truth_table(F(f, 'c'));
    op->fn = fns[sz];
    return true;
}

static bool tr_fmov_imm(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    unsigned sz;
    if (!fp_decode_ptype(F(f, 't'), true, ctx, &sz))
        return false;
    op->rd = (uint8_t)F(f, 'd');
    op->imm = fp_expand_imm(sz, F(f, 'i'));
    op->fn = op_fmov_imm;
    return true;
}

/* M = S = 0 throughout; tt = ftype. */
const pattern_t insn_fp_table[] = {
    {"FMOV/FABS/FNEG/FSQRT (scalar)",
     "000 11110 tt 1 0000 oo 10000 nnnnn ddddd", tr_fp1},
    {"FCVT (scalar, precision)",
     "000 11110 tt 1 0001 oo 10000 nnnnn ddddd", tr_fcvt},
    {"FRINTN/P/M/Z/A/X/I (scalar)",
     "000 11110 tt 1 001 ooo 10000 nnnnn ddddd", tr_frint},
    {"FRINT32Z/32X/64Z/64X (scalar)",
     "000 11110 tt 1 0100 oo 10000 nnnnn ddddd", tr_frintts},
    /* Not yet: BFCVT (FEAT_BF16, v8.6): tt = 01, opcode = 000110. */
    {"FMUL/FDIV/FADD/FSUB/FMAX/FMIN/FMAXNM/FMINNM/FNMUL (scalar)",
     "000 11110 tt 1 mmmmm oooo 10 nnnnn ddddd", tr_fp2},
    {"FMADD/FMSUB/FNMADD/FNMSUB",
     "000 11111 tt p mmmmm q aaaaa nnnnn ddddd", tr_fp3},
    {"FCMP/FCMPE",
     "000 11110 tt 1 mmmmm 00 1000 nnnnn ez 000", tr_fcmp},
    {"FCCMP/FCCMPE",
     "000 11110 tt 1 mmmmm cccc 01 nnnnn e ffff", tr_fccmp},
    {"FCSEL",
     "000 11110 tt 1 mmmmm cccc 11 nnnnn ddddd", tr_fcsel},
    {"FMOV (scalar, immediate)",
     "000 11110 tt 1 iiiiiiii 100 00000 ddddd", tr_fmov_imm},
    {NULL, NULL, NULL},
};
