/* Conversions between floating point and general registers: FCVT{N,P,M,Z,A}
 * {S,U} to 32/64-bit integers, fixed-point FCVTZS/FCVTZU, SCVTF/UCVTF from
 * integers and fixed point, FMOV (general) including the V.D[1] forms, and
 * FJCVTZS (FEAT_JSCVT). Conversions saturate and raise Invalid Operation
 * as FPToFixed says. Half-precision forms need FEAT_FP16.
 *
 * Handlers are specialised per precision (suffix _0 half, _1 single,
 * _2 double); op->shift holds the integer width (32 or 64), op->imm the
 * number of fraction bits, op->cond "unsigned", op->aux the rounding.
 */
#include "fpu_insn.h"

/* ---- handlers ------------------------------------------------------------- */

#define DEF_TO_INT(sz, unused)                                                 \
    static op_result_t op_fcvt_int_##sz(cpu_t *cpu, const op_t *op)            \
    {                                                                          \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        uint64_t r = fp_to_fixed(sz, FPE(sz, cpu, op->rn), (unsigned)op->imm,  \
                                 op->cond, op->shift,                          \
                                 fp_op_rounding(cpu, op->aux), &env);          \
        cpu->r[op->rd] = r;                                                    \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }
FP_FOR_SIZES(DEF_TO_INT, 0)

#define DEF_FROM_INT(sz, unused)                                               \
    static op_result_t op_cvtf_##sz(cpu_t *cpu, const op_t *op)                \
    {                                                                          \
        fp_env_t env = {cpu->fpcr, 0};                                         \
        uint64_t r = fp_from_fixed(sz, cpu->r[op->rn], (unsigned)op->imm,      \
                                   op->cond, op->shift, fp_rmode(cpu->fpcr),   \
                                   &env);                                      \
        fp_set_scalar(cpu, op->rd, r);                                         \
        cpu->fpsr |= env.exc;                                                  \
        return OP_NEXT;                                                        \
    }
FP_FOR_SIZES(DEF_FROM_INT, 0)

/* FMOV to a general register: op->imm masks the element. */
static op_result_t op_fmov_to_gp(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = cpu->v[op->rn].d[0] & op->imm;
    return OP_NEXT;
}

static op_result_t op_fmov_from_gp(cpu_t *cpu, const op_t *op)
{
    fp_set_scalar(cpu, op->rd, cpu->r[op->rn] & op->imm);
    return OP_NEXT;
}

static op_result_t op_fmov_to_gp_top(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = cpu->v[op->rn].d[1];
    return OP_NEXT;
}

/* FMOV Vd.D[1], Xn: the low half is kept. */
static op_result_t op_fmov_from_gp_top(cpu_t *cpu, const op_t *op)
{
    cpu->v[op->rd].d[1] = cpu->r[op->rn];
    return OP_NEXT;
}

static op_result_t op_fjcvtzs(cpu_t *cpu, const op_t *op)
{
    fp_env_t env = {cpu->fpcr, 0};
    bool z;
    uint32_t r = fp_to_fixed_js(cpu->v[op->rn].d[0], &z, &env);
    cpu->r[op->rd] = r;
    cpu->nzcv = z ? NZCV_Z : 0;
    cpu->fpsr |= env.exc;
    return OP_NEXT;
}

/* ---- translate -------------------------------------------------------------- */

static const op_fn_t to_int_fns[3] = {op_fcvt_int_0, op_fcvt_int_1,
                                      op_fcvt_int_2};
static const op_fn_t from_int_fns[3] = {op_cvtf_0, op_cvtf_1, op_cvtf_2};

/* FCVT{N,P,M,Z}{S,U} (integer): rmode field = rounding. */
static bool tr_fcvt_int(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    unsigned sz;
    if (!fp_decode_ptype(F(f, 't'), true, ctx, &sz))
        return false;
    op->rd = dst_or_zr(F(f, 'd'));
    op->rn = (uint8_t)F(f, 'n');
    op->shift = F(f, 's') ? 64 : 32;
    op->cond = (uint8_t)F(f, 'u');
    op->aux = (uint8_t)F(f, 'r'); /* 00 N, 01 P, 10 M, 11 Z = FPRounding */
    op->fn = to_int_fns[sz];
    return true;
}

static bool tr_fcvta(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    unsigned sz;
    if (!fp_decode_ptype(F(f, 't'), true, ctx, &sz))
        return false;
    op->rd = dst_or_zr(F(f, 'd'));
    op->rn = (uint8_t)F(f, 'n');
    op->shift = F(f, 's') ? 64 : 32;
    op->cond = (uint8_t)F(f, 'u');
    op->aux = FPR_TIEAWAY;
    op->fn = to_int_fns[sz];
    return true;
}

static bool tr_cvtf(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    unsigned sz;
    if (!fp_decode_ptype(F(f, 't'), true, ctx, &sz))
        return false;
    op->rd = (uint8_t)F(f, 'd');
    op->rn = reg_or_zr(F(f, 'n'));
    op->shift = F(f, 's') ? 64 : 32;
    op->cond = (uint8_t)F(f, 'u');
    op->fn = from_int_fns[sz];
    return true;
}

/* Fixed point: fbits = 64 - scale; a 32-bit integer needs scale >= 32. */
static bool tr_fcvtz_fixed(op_t *op, const fields_t *f,
                           const decode_ctx_t *ctx)
{
    unsigned scale = F(f, 'k');
    if (!F(f, 's') && scale < 32)
        return false;
    if (!tr_fcvt_int(op, f, ctx))
        return false;
    op->aux = FPR_ZERO;
    op->imm = 64 - scale;
    return true;
}

static bool tr_cvtf_fixed(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    unsigned scale = F(f, 'k');
    if (!F(f, 's') && scale < 32)
        return false;
    if (!tr_cvtf(op, f, ctx))
        return false;
    op->imm = 64 - scale;
    return true;
}

/* FMOV (general): sf:ftype:rmode selects the form; o = 1 from general. */
static bool tr_fmov_gp(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    unsigned sf = F(f, 's'), t = F(f, 't'), rm = F(f, 'r'), o = F(f, 'o');
    uint64_t mask;
    if (rm == 1) {
        if (!sf || t != 2)
            return false;
        op->fn = o ? op_fmov_from_gp_top : op_fmov_to_gp_top;
    } else if (rm != 0) {
        return false;
    } else if (t == 3) {
        if (!model_has_fp16(ctx->model))
            return false;
        mask = 0xffff;
    } else if (t == sf && t <= 1) {
        mask = sf ? ~0ull : 0xffffffffull;
    } else {
        return false;
    }
    if (rm == 0) {
        op->imm = mask;
        op->fn = o ? op_fmov_from_gp : op_fmov_to_gp;
    }
    if (o) {
        op->rd = (uint8_t)F(f, 'd');
        op->rn = reg_or_zr(F(f, 'n'));
    } else {
        op->rd = dst_or_zr(F(f, 'd'));
        op->rn = (uint8_t)F(f, 'n');
    }
    return true;
}

static bool tr_fjcvtzs(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    if (!model_has_jscvt(ctx->model))
        return false;
    op->rd = dst_or_zr(F(f, 'd'));
    op->rn = (uint8_t)F(f, 'n');
    op->fn = op_fjcvtzs;
    return true;
}

const pattern_t insn_fpconv_table[] = {
    {"FJCVTZS",
     "0 00 11110 01 1 11 110 000000 nnnnn ddddd", tr_fjcvtzs},
    {"FCVTNS/NU/PS/PU/MS/MU/ZS/ZU (scalar, integer)",
     "s 00 11110 tt 1 rr 00u 000000 nnnnn ddddd", tr_fcvt_int},
    {"FCVTAS/FCVTAU (scalar)",
     "s 00 11110 tt 1 00 10u 000000 nnnnn ddddd", tr_fcvta},
    {"SCVTF/UCVTF (scalar, integer)",
     "s 00 11110 tt 1 00 01u 000000 nnnnn ddddd", tr_cvtf},
    {"FMOV (general)",
     "s 00 11110 tt 1 rr 11o 000000 nnnnn ddddd", tr_fmov_gp},
    {"FCVTZS/FCVTZU (scalar, fixed-point)",
     "s 00 11110 tt 0 11 00u kkkkkk nnnnn ddddd", tr_fcvtz_fixed},
    {"SCVTF/UCVTF (scalar, fixed-point)",
     "s 00 11110 tt 0 00 01u kkkkkk nnnnn ddddd", tr_cvtf_fixed},
    {NULL, NULL, NULL},
};
