/* Advanced SIMD integer shifts by immediate (vector and scalar), the
 * by-element multiplies (vector and scalar), and the "three same extra"
 * products: SQRDMLAH/SQRDMLSH (FEAT_RDM) and SDOT/UDOT (FEAT_DotProd).
 *
 * A shift line per element size: immh (bits 22:19) is the size's marker
 * (0001, 001x, 01xx, 1xxx) and must be non-zero, since immh = 0000 is the
 * modified-immediate space.
 *
 * Not yet: SUDOT/USDOT by element (FEAT_I8MM, v8.6).
 * The floating-point forms of these spaces (SCVTF/UCVTF/FCVTZS/FCVTZU
 * fixed-point, FMLA/FMLS/FMUL/FMULX/FMLAL/FCMLA by element, FCMLA/FCADD
 * three same extra) belong to insn_simd_fp.c.
 */
#include "simd.h"

/* ---- shifts by immediate: fn(n, d, sh, bits, qc) --------------------------- */

static inline uint64_t s_sshr(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)q;
    return (uint64_t)shift_int(sx(n, b), -(int)sh, false);
}
static inline uint64_t s_ushr(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)q;
    return (uint64_t)shift_int(ux(n, b), -(int)sh, false);
}
static inline uint64_t s_srshr(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)q;
    return (uint64_t)shift_int(sx(n, b), -(int)sh, true);
}
static inline uint64_t s_urshr(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)q;
    return (uint64_t)shift_int(ux(n, b), -(int)sh, true);
}
static inline uint64_t s_ssra(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    return d + s_sshr(n, 0, sh, b, q);
}
static inline uint64_t s_usra(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    return d + s_ushr(n, 0, sh, b, q);
}
static inline uint64_t s_srsra(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    return d + s_srshr(n, 0, sh, b, q);
}
static inline uint64_t s_ursra(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    return d + s_urshr(n, 0, sh, b, q);
}
static inline uint64_t s_sri(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)q;
    if (sh >= b)
        return d;
    uint64_t mask = emask(b) >> sh;
    return (d & ~mask) | (ux(n, b) >> sh);
}
static inline uint64_t s_shl(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n << sh;
}
static inline uint64_t s_sli(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)q;
    uint64_t mask = (emask(b) << sh) & emask(b);
    return (d & ~mask) | (n << sh);
}
static inline uint64_t s_sqshl(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d;
    return sat_s(shift_int(sx(n, b), (int)sh, false), b, q);
}
static inline uint64_t s_uqshl(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d;
    return sat_u(shift_int(ux(n, b), (int)sh, false), b, q);
}
static inline uint64_t s_sqshlu(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d;
    return sat_u(shift_int(sx(n, b), (int)sh, false), b, q);
}

SIMD_GEN_ALL(SIMD_DEF_UN, sshr, s_sshr)
SIMD_GEN_ALL(SIMD_DEF_UN, ushr, s_ushr)
SIMD_GEN_ALL(SIMD_DEF_UN, srshr, s_srshr)
SIMD_GEN_ALL(SIMD_DEF_UN, urshr, s_urshr)
SIMD_GEN_ALL(SIMD_DEF_UN, ssra, s_ssra)
SIMD_GEN_ALL(SIMD_DEF_UN, usra, s_usra)
SIMD_GEN_ALL(SIMD_DEF_UN, srsra, s_srsra)
SIMD_GEN_ALL(SIMD_DEF_UN, ursra, s_ursra)
SIMD_GEN_ALL(SIMD_DEF_UN, sri, s_sri)
SIMD_GEN_ALL(SIMD_DEF_UN, shl, s_shl)
SIMD_GEN_ALL(SIMD_DEF_UN, sli, s_sli)
SIMD_GEN_ALL(SIMD_DEF_UN, sqshl, s_sqshl)
SIMD_GEN_ALL(SIMD_DEF_UN, uqshl, s_uqshl)
SIMD_GEN_ALL(SIMD_DEF_UN, sqshlu, s_sqshlu)

/* Narrowing right shifts: n is a 2*bits lane, the result bits wide. */
static inline simd_i128 nshift(uint64_t n, unsigned sh, unsigned b, bool uns,
                               bool round)
{
    return shift_int(lane_int(n, 2 * b, uns), -(int)sh, round);
}
static inline uint64_t r_shrn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)m, (void)q;
    return (uint64_t)nshift(n, sh, b, true, false);
}
static inline uint64_t r_rshrn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)m, (void)q;
    return (uint64_t)nshift(n, sh, b, true, true);
}
static inline uint64_t r_sqshrn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)m;
    return sat_s(nshift(n, sh, b, false, false), b, q);
}
static inline uint64_t r_sqrshrn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)m;
    return sat_s(nshift(n, sh, b, false, true), b, q);
}
static inline uint64_t r_uqshrn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)m;
    return sat_u(nshift(n, sh, b, true, false), b, q);
}
static inline uint64_t r_uqrshrn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)m;
    return sat_u(nshift(n, sh, b, true, true), b, q);
}
static inline uint64_t r_sqshrun(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)m;
    return sat_u(nshift(n, sh, b, false, false), b, q);
}
static inline uint64_t r_sqrshrun(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)m;
    return sat_u(nshift(n, sh, b, false, true), b, q);
}

SIMD_GEN_WIDE(SIMD_DEF_NARROW, shrn, r_shrn)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, rshrn, r_rshrn)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, sqshrn, r_sqshrn)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, sqrshrn, r_sqrshrn)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, uqshrn, r_uqshrn)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, uqrshrn, r_uqrshrn)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, sqshrun, r_sqshrun)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, sqrshrun, r_sqrshrun)

/* SSHLL/USHLL: widen lanes imm.. and shift left. */
#define SIMD_DEF_SHLL(name, uns, bits, wbits)                                  \
    static op_result_t op_##name##_##bits(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn];                                       \
        vreg_t r = {{0}};                                                      \
        unsigned base = (unsigned)op->imm;                                     \
        for (unsigned i = 0; i < op->aux; i++)                                 \
            LANES(r, wbits)[i] = (uint##wbits##_t)(                            \
                (uint64_t)lane_int(LANES(n, bits)[base + i], bits, uns)        \
                << op->shift);                                                 \
        cpu->v[op->rd] = r;                                                    \
        return OP_NEXT;                                                        \
    }
SIMD_DEF_SHLL(sshll, false, 8, 16)
SIMD_DEF_SHLL(sshll, false, 16, 32)
SIMD_DEF_SHLL(sshll, false, 32, 64)
SIMD_FNS_BHS(sshll);
SIMD_DEF_SHLL(ushll, true, 8, 16)
SIMD_DEF_SHLL(ushll, true, 16, 32)
SIMD_DEF_SHLL(ushll, true, 32, 64)
SIMD_FNS_BHS(ushll);

enum { SK_RIGHT, SK_LEFT, SK_NARROW, SK_LONG };

typedef struct shiftop {
    const op_fn_t *fns;
    uint8_t kind;
    uint8_t scalar; /* 0: no scalar form; SZ_D or SZ_ALL / SZ_BHS sizes */
} shiftop_t;

static const shiftop_t shift_ops[2][24] = {
    {
        [0x00] = {sshr_fns, SK_RIGHT, SZ_D},
        [0x02] = {ssra_fns, SK_RIGHT, SZ_D},
        [0x04] = {srshr_fns, SK_RIGHT, SZ_D},
        [0x06] = {srsra_fns, SK_RIGHT, SZ_D},
        [0x0a] = {shl_fns, SK_LEFT, SZ_D},
        [0x0e] = {sqshl_fns, SK_LEFT, SZ_ALL},
        [0x10] = {shrn_fns, SK_NARROW, 0},
        [0x11] = {rshrn_fns, SK_NARROW, 0},
        [0x12] = {sqshrn_fns, SK_NARROW, SZ_BHS},
        [0x13] = {sqrshrn_fns, SK_NARROW, SZ_BHS},
        [0x14] = {sshll_fns, SK_LONG, 0},
    },
    {
        [0x00] = {ushr_fns, SK_RIGHT, SZ_D},
        [0x02] = {usra_fns, SK_RIGHT, SZ_D},
        [0x04] = {urshr_fns, SK_RIGHT, SZ_D},
        [0x06] = {ursra_fns, SK_RIGHT, SZ_D},
        [0x08] = {sri_fns, SK_RIGHT, SZ_D},
        [0x0a] = {sli_fns, SK_LEFT, SZ_D},
        [0x0c] = {sqshlu_fns, SK_LEFT, SZ_ALL},
        [0x0e] = {uqshl_fns, SK_LEFT, SZ_ALL},
        [0x10] = {sqshrun_fns, SK_NARROW, SZ_BHS},
        [0x11] = {sqrshrun_fns, SK_NARROW, SZ_BHS},
        [0x12] = {uqshrn_fns, SK_NARROW, SZ_BHS},
        [0x13] = {uqrshrn_fns, SK_NARROW, SZ_BHS},
        [0x14] = {ushll_fns, SK_LONG, 0},
    },
};

/* size: log2 bytes of the element the immh marker names; i: the immh:immb
 * bits below the marker (so immh:immb = esize + i). */
static bool tr_shift_common(op_t *op, const fields_t *f, unsigned size,
                            unsigned opcode, bool scalar)
{
    unsigned u = F(f, 'U'), q = scalar ? 0 : F(f, 'Q'), i = F(f, 'i');
    unsigned esize = 8u << size;
    const shiftop_t *s = &shift_ops[u][opcode];
    if (!s->fns)
        return false;
    if (scalar && !(s->scalar & (1u << size)))
        return false;
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = op->rn;
    switch (s->kind) {
    case SK_RIGHT:
    case SK_LEFT:
        if (!scalar && size == 3 && !q)
            return false;
        op->shift = (uint8_t)(s->kind == SK_RIGHT ? esize - i : i);
        op->aux = (uint8_t)(scalar ? 1 : simd_lanes(q, size));
        op->fn = s->fns[size];
        return true;
    case SK_NARROW: /* size names the narrow element */
        if (size == 3)
            return false;
        op->shift = (uint8_t)(esize - i);
        op->aux = (uint8_t)(scalar ? 1 : simd_lanes(0, size));
        op->imm = q ? simd_lanes(0, size) : 0;
        op->fn = s->fns[size];
        return true;
    default: /* SK_LONG */
        if (size == 3)
            return false;
        op->shift = (uint8_t)i;
        op->aux = (uint8_t)simd_lanes(1, size + 1);
        op->imm = q ? simd_lanes(0, size) : 0;
        op->fn = s->fns[size];
        return true;
    }
}

#define TR_SHIFT(name, size, opcode, scalar)                                   \
    static bool name(op_t *op, const fields_t *f, const decode_ctx_t *ctx)    \
    {                                                                          \
        (void)ctx;                                                             \
        return tr_shift_common(op, f, size, (opcode), scalar);                 \
    }

TR_SHIFT(tr_shift_b, 0, F(f, 'o'), false)
TR_SHIFT(tr_shift_h, 1, F(f, 'o'), false)
TR_SHIFT(tr_shift_s, 2, F(f, 'o'), false)
TR_SHIFT(tr_shift_d, 3, F(f, 'o'), false)
TR_SHIFT(tr_shiftn_b, 0, 0x10 | F(f, 'o'), false)
TR_SHIFT(tr_shiftn_h, 1, 0x10 | F(f, 'o'), false)
TR_SHIFT(tr_shiftn_s, 2, 0x10 | F(f, 'o'), false)
TR_SHIFT(tr_shiftn_d, 3, 0x10 | F(f, 'o'), false)
TR_SHIFT(tr_sshift_b, 0, F(f, 'o'), true)
TR_SHIFT(tr_sshift_h, 1, F(f, 'o'), true)
TR_SHIFT(tr_sshift_s, 2, F(f, 'o'), true)
TR_SHIFT(tr_sshift_d, 3, F(f, 'o'), true)
TR_SHIFT(tr_sshiftn_b, 0, 0x10 | F(f, 'o'), true)
TR_SHIFT(tr_sshiftn_h, 1, 0x10 | F(f, 'o'), true)
TR_SHIFT(tr_sshiftn_s, 2, 0x10 | F(f, 'o'), true)

/* ---- by element ------------------------------------------------------------ */

SIMD_DEF_ELEM(mul, e_mul, 16)
SIMD_DEF_ELEM(mul, e_mul, 32)
SIMD_DEF_ELEM(mla, e_mla, 16)
SIMD_DEF_ELEM(mla, e_mla, 32)
SIMD_DEF_ELEM(mls, e_mls, 16)
SIMD_DEF_ELEM(mls, e_mls, 32)
SIMD_DEF_ELEM(sqdmulh, e_sqdmulh, 16)
SIMD_DEF_ELEM(sqdmulh, e_sqdmulh, 32)
SIMD_DEF_ELEM(sqrdmulh, e_sqrdmulh, 16)
SIMD_DEF_ELEM(sqrdmulh, e_sqrdmulh, 32)
SIMD_DEF_ELEM(sqrdmlah, e_sqrdmlah, 16)
SIMD_DEF_ELEM(sqrdmlah, e_sqrdmlah, 32)
SIMD_DEF_ELEM(sqrdmlsh, e_sqrdmlsh, 16)
SIMD_DEF_ELEM(sqrdmlsh, e_sqrdmlsh, 32)
SIMD_DEF_LONG_ELEM(smull, l_smull, 16, 32)
SIMD_DEF_LONG_ELEM(smull, l_smull, 32, 64)
SIMD_DEF_LONG_ELEM(umull, l_umull, 16, 32)
SIMD_DEF_LONG_ELEM(umull, l_umull, 32, 64)
SIMD_DEF_LONG_ELEM(smlal, l_smlal, 16, 32)
SIMD_DEF_LONG_ELEM(smlal, l_smlal, 32, 64)
SIMD_DEF_LONG_ELEM(umlal, l_umlal, 16, 32)
SIMD_DEF_LONG_ELEM(umlal, l_umlal, 32, 64)
SIMD_DEF_LONG_ELEM(smlsl, l_smlsl, 16, 32)
SIMD_DEF_LONG_ELEM(smlsl, l_smlsl, 32, 64)
SIMD_DEF_LONG_ELEM(umlsl, l_umlsl, 16, 32)
SIMD_DEF_LONG_ELEM(umlsl, l_umlsl, 32, 64)
SIMD_DEF_LONG_ELEM(sqdmull, l_sqdmull, 16, 32)
SIMD_DEF_LONG_ELEM(sqdmull, l_sqdmull, 32, 64)
SIMD_DEF_LONG_ELEM(sqdmlal, l_sqdmlal, 16, 32)
SIMD_DEF_LONG_ELEM(sqdmlal, l_sqdmlal, 32, 64)
SIMD_DEF_LONG_ELEM(sqdmlsl, l_sqdmlsl, 16, 32)
SIMD_DEF_LONG_ELEM(sqdmlsl, l_sqdmlsl, 32, 64)

#define ELEM_FNS(name)                                                         \
    static const op_fn_t name##_efns[4] = {NULL, op_##name##_e16,              \
                                           op_##name##_e32, NULL}
ELEM_FNS(mul);
ELEM_FNS(mla);
ELEM_FNS(mls);
ELEM_FNS(sqdmulh);
ELEM_FNS(sqrdmulh);
ELEM_FNS(sqrdmlah);
ELEM_FNS(sqrdmlsh);
ELEM_FNS(smull);
ELEM_FNS(umull);
ELEM_FNS(smlal);
ELEM_FNS(umlal);
ELEM_FNS(smlsl);
ELEM_FNS(umlsl);
ELEM_FNS(sqdmull);
ELEM_FNS(sqdmlal);
ELEM_FNS(sqdmlsl);

/* Element index and Vm: H:L:M and Rm<3:0> for halfwords, H:L and M:Rm for
 * words. Sizes 00 and 11 are unallocated for the integer forms. */
static bool set_elem(op_t *op, const fields_t *f, const op_fn_t *fns,
                     bool is_long, bool scalar)
{
    unsigned size = F(f, 'z'), q = scalar ? 0 : F(f, 'Q');
    unsigned h = F(f, 'H'), l = F(f, 'L'), mbit = F(f, 'M'), rm = F(f, 'm');
    if (size != 1 && size != 2)
        return false;
    if (size == 1) {
        op->imm2 = (h << 2) | (l << 1) | mbit;
        op->rm = (uint8_t)rm;
    } else {
        op->imm2 = (h << 1) | l;
        op->rm = (uint8_t)((mbit << 4) | rm);
    }
    op->fn = fns[size];
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    if (scalar)
        op->aux = 1;
    else if (is_long) {
        op->aux = (uint8_t)simd_lanes(1, size + 1);
        op->imm = q ? simd_lanes(0, size) : 0;
    } else
        op->aux = (uint8_t)simd_lanes(q, size);
    return true;
}

static bool tr_elem_mlal_s(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    /* U=0 opcodes 0010 SMLAL, 0011 SQDMLAL, 0110 SMLSL, 0111 SQDMLSL */
    static const op_fn_t *const fns[4] = {smlal_efns, sqdmlal_efns, smlsl_efns,
                                          sqdmlsl_efns};
    (void)ctx;
    return set_elem(op, f, fns[F(f, 'o')], true, false);
}
static bool tr_elem_mul(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_elem(op, f, mul_efns, false, false);
}
static bool tr_elem_mull_s(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_elem(op, f, F(f, 'o') ? sqdmull_efns : smull_efns, true, false);
}
static bool tr_elem_qdmulh(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_elem(op, f, F(f, 'o') ? sqrdmulh_efns : sqdmulh_efns, false, false);
}
static bool tr_elem_mla(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_elem(op, f, F(f, 'o') ? mls_efns : mla_efns, false, false);
}
static bool tr_elem_mlal_u(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_elem(op, f, F(f, 'o') ? umlsl_efns : umlal_efns, true, false);
}
static bool tr_elem_mull_u(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_elem(op, f, umull_efns, true, false);
}
static bool tr_elem_rdm(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    if (!simd_has_rdm(ctx->model))
        return false;
    return set_elem(op, f, F(f, 'o') ? sqrdmlsh_efns : sqrdmlah_efns, false, false);
}
static bool tr_selem_qdmlal(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_elem(op, f, F(f, 'o') ? sqdmlsl_efns : sqdmlal_efns, true, true);
}
static bool tr_selem_qdmull(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_elem(op, f, sqdmull_efns, true, true);
}
static bool tr_selem_qdmulh(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_elem(op, f, F(f, 'o') ? sqrdmulh_efns : sqdmulh_efns, false, true);
}
static bool tr_selem_rdm(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    if (!simd_has_rdm(ctx->model))
        return false;
    return set_elem(op, f, F(f, 'o') ? sqrdmlsh_efns : sqrdmlah_efns, false, true);
}

/* ---- three same extra: SQRDMLAH/SQRDMLSH, SDOT/UDOT ------------------------ */

SIMD_GEN_HS(SIMD_DEF_BIN, sqrdmlah, e_sqrdmlah)
SIMD_GEN_HS(SIMD_DEF_BIN, sqrdmlsh, e_sqrdmlsh)

static bool tr_rdm(op_t *op, const fields_t *f, const decode_ctx_t *ctx,
                   bool scalar)
{
    unsigned size = F(f, 'z'), q = scalar ? 0 : F(f, 'Q');
    if (!simd_has_rdm(ctx->model) || (size != 1 && size != 2))
        return false;
    op->fn = (F(f, 'o') ? sqrdmlsh_fns : sqrdmlah_fns)[size];
    op->aux = (uint8_t)(scalar ? 1 : simd_lanes(q, size));
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    return true;
}
static bool tr_rdm_vec(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return tr_rdm(op, f, ctx, false);
}
static bool tr_rdm_scalar(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    return tr_rdm(op, f, ctx, true);
}

/* Dot products: each 32-bit lane accumulates four byte products. imm2 is
 * the 32-bit lane of Vm for the by-element forms. */
#define SIMD_DEF_DOT(name, type, elem)                                         \
    static op_result_t op_##name(cpu_t *cpu, const op_t *op)                   \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], m = cpu->v[op->rm];                   \
        const vreg_t d = cpu->v[op->rd];                                       \
        vreg_t r = {{0}};                                                      \
        for (unsigned i = 0; i < op->aux; i++) {                               \
            unsigned mi = elem ? (unsigned)op->imm2 : i;                       \
            uint32_t acc = d.s[i];                                             \
            for (unsigned j = 0; j < 4; j++)                                   \
                acc += (uint32_t)((int32_t)(type)n.b[4 * i + j] *              \
                                  (int32_t)(type)m.b[4 * mi + j]);             \
            r.s[i] = acc;                                                      \
        }                                                                      \
        cpu->v[op->rd] = r;                                                    \
        return OP_NEXT;                                                        \
    }
SIMD_DEF_DOT(sdot, int8_t, false)
SIMD_DEF_DOT(udot, uint8_t, false)
SIMD_DEF_DOT(sdot_e, int8_t, true)
SIMD_DEF_DOT(udot_e, uint8_t, true)

static bool tr_dot(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    if (!simd_has_dotprod(ctx->model) || F(f, 'z') != 2)
        return false;
    op->fn = F(f, 'U') ? op_udot : op_sdot;
    op->aux = (uint8_t)(2u << F(f, 'Q'));
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    return true;
}

static bool tr_dot_elem(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    if (!simd_has_dotprod(ctx->model) || F(f, 'z') != 2)
        return false;
    op->fn = F(f, 'U') ? op_udot_e : op_sdot_e;
    op->aux = (uint8_t)(2u << F(f, 'Q'));
    op->imm2 = (F(f, 'H') << 1) | F(f, 'L');
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)((F(f, 'M') << 4) | F(f, 'm'));
    return true;
}

const pattern_t insn_simd_int_shift_table[] = {
    /* shifts by immediate, opcodes 0xxxx (same size) and 10xxx (narrowing,
     * long); 11100 and 11111 are the FP conversions */
    {"SIMD shift by immediate (8-bit)",
     "0 Q U 011110 0001 iii 0oooo 1 nnnnn ddddd", tr_shift_b},
    {"SIMD shift by immediate (16-bit)",
     "0 Q U 011110 001i iii 0oooo 1 nnnnn ddddd", tr_shift_h},
    {"SIMD shift by immediate (32-bit)",
     "0 Q U 011110 01ii iii 0oooo 1 nnnnn ddddd", tr_shift_s},
    {"SIMD shift by immediate (64-bit)",
     "0 Q U 011110 1iii iii 0oooo 1 nnnnn ddddd", tr_shift_d},
    {"SIMD shift narrow/long by immediate (8-bit)",
     "0 Q U 011110 0001 iii 10ooo 1 nnnnn ddddd", tr_shiftn_b},
    {"SIMD shift narrow/long by immediate (16-bit)",
     "0 Q U 011110 001i iii 10ooo 1 nnnnn ddddd", tr_shiftn_h},
    {"SIMD shift narrow/long by immediate (32-bit)",
     "0 Q U 011110 01ii iii 10ooo 1 nnnnn ddddd", tr_shiftn_s},
    {"SIMD shift narrow/long by immediate (64-bit, unallocated)",
     "0 Q U 011110 1iii iii 10ooo 1 nnnnn ddddd", tr_shiftn_d},
    {"SIMD scalar shift by immediate (8-bit)",
     "01 U 111110 0001 iii 0oooo 1 nnnnn ddddd", tr_sshift_b},
    {"SIMD scalar shift by immediate (16-bit)",
     "01 U 111110 001i iii 0oooo 1 nnnnn ddddd", tr_sshift_h},
    {"SIMD scalar shift by immediate (32-bit)",
     "01 U 111110 01ii iii 0oooo 1 nnnnn ddddd", tr_sshift_s},
    {"SIMD scalar shift by immediate (64-bit)",
     "01 U 111110 1iii iii 0oooo 1 nnnnn ddddd", tr_sshift_d},
    {"SIMD scalar shift narrow by immediate (8-bit)",
     "01 U 111110 0001 iii 100oo 1 nnnnn ddddd", tr_sshiftn_b},
    {"SIMD scalar shift narrow by immediate (16-bit)",
     "01 U 111110 001i iii 100oo 1 nnnnn ddddd", tr_sshiftn_h},
    {"SIMD scalar shift narrow by immediate (32-bit)",
     "01 U 111110 01ii iii 100oo 1 nnnnn ddddd", tr_sshiftn_s},

    /* by element (integer opcodes only) */
    {"SMLAL/SQDMLAL/SMLSL/SQDMLSL (by element)",
     "0 Q 0 01111 zz L M mmmm 0o1o H 0 nnnnn ddddd", tr_elem_mlal_s},
    {"MUL (by element)", "0 Q 0 01111 zz L M mmmm 1000 H 0 nnnnn ddddd",
     tr_elem_mul},
    {"SMULL/SQDMULL (by element)",
     "0 Q 0 01111 zz L M mmmm 101o H 0 nnnnn ddddd", tr_elem_mull_s},
    {"SQDMULH/SQRDMULH (by element)",
     "0 Q 0 01111 zz L M mmmm 110o H 0 nnnnn ddddd", tr_elem_qdmulh},
    {"MLA/MLS (by element)", "0 Q 1 01111 zz L M mmmm 0o00 H 0 nnnnn ddddd",
     tr_elem_mla},
    {"UMLAL/UMLSL (by element)",
     "0 Q 1 01111 zz L M mmmm 0o10 H 0 nnnnn ddddd", tr_elem_mlal_u},
    {"UMULL (by element)", "0 Q 1 01111 zz L M mmmm 1010 H 0 nnnnn ddddd",
     tr_elem_mull_u},
    {"SQRDMLAH/SQRDMLSH (by element)",
     "0 Q 1 01111 zz L M mmmm 11o1 H 0 nnnnn ddddd", tr_elem_rdm},
    {"SDOT/UDOT (by element)", "0 Q U 01111 zz L M mmmm 1110 H 0 nnnnn ddddd",
     tr_dot_elem},
    {"SQDMLAL/SQDMLSL (by element, scalar)",
     "01 0 11111 zz L M mmmm 0o11 H 0 nnnnn ddddd", tr_selem_qdmlal},
    {"SQDMULL (by element, scalar)",
     "01 0 11111 zz L M mmmm 1011 H 0 nnnnn ddddd", tr_selem_qdmull},
    {"SQDMULH/SQRDMULH (by element, scalar)",
     "01 0 11111 zz L M mmmm 110o H 0 nnnnn ddddd", tr_selem_qdmulh},
    {"SQRDMLAH/SQRDMLSH (by element, scalar)",
     "01 1 11111 zz L M mmmm 11o1 H 0 nnnnn ddddd", tr_selem_rdm},

    /* three same extra */
    {"SQRDMLAH/SQRDMLSH (vector)", "0 Q 1 01110 zz 0 mmmmm 1000o 1 nnnnn ddddd",
     tr_rdm_vec},
    {"SQRDMLAH/SQRDMLSH (scalar)", "01 1 11110 zz 0 mmmmm 1000o 1 nnnnn ddddd",
     tr_rdm_scalar},
    {"SDOT/UDOT (vector)", "0 Q U 01110 zz 0 mmmmm 10010 1 nnnnn ddddd", tr_dot},
    {NULL, NULL, NULL},
};
