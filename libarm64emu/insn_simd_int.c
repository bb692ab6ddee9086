/* Advanced SIMD integer: three registers of the same type (vector and
 * scalar), scalar pairwise ADDP, three registers of different types (long,
 * wide and narrowing-high forms, vector and scalar) and the across-lanes
 * reductions.
 *
 * Each operation is one element function (see simd.h); the macros make a
 * handler per element size, and tables indexed by U:opcode give translate
 * the handlers and the element sizes that exist.
 *
 * Not yet: SQRDMLAH/SQRDMLSH vector and scalar are in insn_simd_int_misc.c
 * (FEAT_RDM, v8.1); SDOT/UDOT (vector) likewise (FEAT_DotProd, v8.2).
 * Not yet: USDOT, SMMLA/UMMLA/USMMLA (FEAT_I8MM, v8.6).
 * The floating-point opcodes of these spaces (three same 11xxx, FP16,
 * FMAXNMV/FMAXV/FMINNMV/FMINV, FADDP/FMAXP... scalar pairwise) belong to
 * insn_simd_fp.c.
 */
#include "simd.h"

/* ---- three same: element functions ------------------------------------- */

static inline uint64_t e_shadd(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return (uint64_t)((sx(n, b) + sx(m, b)) >> 1);
}
static inline uint64_t e_uhadd(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return (n + m) >> 1;
}
static inline uint64_t e_srhadd(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return (uint64_t)((sx(n, b) + sx(m, b) + 1) >> 1);
}
static inline uint64_t e_urhadd(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return (n + m + 1) >> 1;
}
static inline uint64_t e_shsub(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return (uint64_t)((sx(n, b) - sx(m, b)) >> 1);
}
static inline uint64_t e_uhsub(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return (uint64_t)(((int64_t)n - (int64_t)m) >> 1);
}
static inline uint64_t e_sqadd(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return sat_s((simd_i128)sx(n, b) + sx(m, b), b, q);
}
static inline uint64_t e_uqadd(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return sat_u((simd_i128)n + m, b, q);
}
static inline uint64_t e_sqsub(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return sat_s((simd_i128)sx(n, b) - sx(m, b), b, q);
}
static inline uint64_t e_uqsub(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return sat_u((simd_i128)n - m, b, q);
}
static inline uint64_t e_cmgt(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return sx(n, b) > sx(m, b) ? ~0ull : 0;
}
static inline uint64_t e_cmhi(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n > m ? ~0ull : 0;
}
static inline uint64_t e_cmge(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return sx(n, b) >= sx(m, b) ? ~0ull : 0;
}
static inline uint64_t e_cmhs(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n >= m ? ~0ull : 0;
}

/* The register-shift family: the shift is the signed low byte of m. */
static inline uint64_t reg_shift(uint64_t n, uint64_t m, unsigned b, bool uns,
                                 bool round, bool sat, bool *q)
{
    simd_i128 r = shift_int(lane_int(n, b, uns), (int8_t)m, round);
    if (!sat)
        return (uint64_t)r & emask(b);
    return uns ? sat_u(r, b, q) : sat_s(r, b, q);
}
static inline uint64_t e_sshl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return reg_shift(n, m, b, false, false, false, q);
}
static inline uint64_t e_ushl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return reg_shift(n, m, b, true, false, false, q);
}
static inline uint64_t e_sqshl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return reg_shift(n, m, b, false, false, true, q);
}
static inline uint64_t e_uqshl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return reg_shift(n, m, b, true, false, true, q);
}
static inline uint64_t e_srshl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return reg_shift(n, m, b, false, true, false, q);
}
static inline uint64_t e_urshl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return reg_shift(n, m, b, true, true, false, q);
}
static inline uint64_t e_sqrshl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return reg_shift(n, m, b, false, true, true, q);
}
static inline uint64_t e_uqrshl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return reg_shift(n, m, b, true, true, true, q);
}

static inline uint64_t e_smax(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return sx(n, b) > sx(m, b) ? n : m;
}
static inline uint64_t e_umax(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n > m ? n : m;
}
static inline uint64_t e_smin(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return sx(n, b) < sx(m, b) ? n : m;
}
static inline uint64_t e_umin(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n < m ? n : m;
}
static inline uint64_t e_sabd(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    int64_t x = sx(n, b), y = sx(m, b);
    return (uint64_t)(x > y ? x - y : y - x);
}
static inline uint64_t e_uabd(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n > m ? n - m : m - n;
}
static inline uint64_t e_saba(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    return d + e_sabd(n, m, 0, b, q);
}
static inline uint64_t e_uaba(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    return d + e_uabd(n, m, 0, b, q);
}
static inline uint64_t e_add(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n + m;
}
static inline uint64_t e_sub(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n - m;
}
static inline uint64_t e_cmtst(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return (n & m) ? ~0ull : 0;
}
static inline uint64_t e_cmeq(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n == m ? ~0ull : 0;
}
/* Carry-less (polynomial) product of two b-bit values. */
static inline uint64_t clmul(uint64_t n, uint64_t m, unsigned b)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < b; i++)
        if (m & (1ull << i))
            r ^= n << i;
    return r;
}
static inline uint64_t e_pmul(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return clmul(n, m, b);
}

SIMD_GEN_BHS(SIMD_DEF_BIN, shadd, e_shadd)
SIMD_GEN_BHS(SIMD_DEF_BIN, uhadd, e_uhadd)
SIMD_GEN_BHS(SIMD_DEF_BIN, srhadd, e_srhadd)
SIMD_GEN_BHS(SIMD_DEF_BIN, urhadd, e_urhadd)
SIMD_GEN_BHS(SIMD_DEF_BIN, shsub, e_shsub)
SIMD_GEN_BHS(SIMD_DEF_BIN, uhsub, e_uhsub)
SIMD_GEN_ALL(SIMD_DEF_BIN, sqadd, e_sqadd)
SIMD_GEN_ALL(SIMD_DEF_BIN, uqadd, e_uqadd)
SIMD_GEN_ALL(SIMD_DEF_BIN, sqsub, e_sqsub)
SIMD_GEN_ALL(SIMD_DEF_BIN, uqsub, e_uqsub)
SIMD_GEN_ALL(SIMD_DEF_BIN, cmgt, e_cmgt)
SIMD_GEN_ALL(SIMD_DEF_BIN, cmhi, e_cmhi)
SIMD_GEN_ALL(SIMD_DEF_BIN, cmge, e_cmge)
SIMD_GEN_ALL(SIMD_DEF_BIN, cmhs, e_cmhs)
SIMD_GEN_ALL(SIMD_DEF_BIN, sshl, e_sshl)
SIMD_GEN_ALL(SIMD_DEF_BIN, ushl, e_ushl)
SIMD_GEN_ALL(SIMD_DEF_BIN, sqshl, e_sqshl)
SIMD_GEN_ALL(SIMD_DEF_BIN, uqshl, e_uqshl)
SIMD_GEN_ALL(SIMD_DEF_BIN, srshl, e_srshl)
SIMD_GEN_ALL(SIMD_DEF_BIN, urshl, e_urshl)
SIMD_GEN_ALL(SIMD_DEF_BIN, sqrshl, e_sqrshl)
SIMD_GEN_ALL(SIMD_DEF_BIN, uqrshl, e_uqrshl)
SIMD_GEN_BHS(SIMD_DEF_BIN, smax, e_smax)
SIMD_GEN_BHS(SIMD_DEF_BIN, umax, e_umax)
SIMD_GEN_BHS(SIMD_DEF_BIN, smin, e_smin)
SIMD_GEN_BHS(SIMD_DEF_BIN, umin, e_umin)
SIMD_GEN_BHS(SIMD_DEF_BIN, sabd, e_sabd)
SIMD_GEN_BHS(SIMD_DEF_BIN, uabd, e_uabd)
SIMD_GEN_BHS(SIMD_DEF_BIN, saba, e_saba)
SIMD_GEN_BHS(SIMD_DEF_BIN, uaba, e_uaba)
SIMD_GEN_ALL(SIMD_DEF_BIN, add, e_add)
SIMD_GEN_ALL(SIMD_DEF_BIN, sub, e_sub)
SIMD_GEN_ALL(SIMD_DEF_BIN, cmtst, e_cmtst)
SIMD_GEN_ALL(SIMD_DEF_BIN, cmeq, e_cmeq)
SIMD_GEN_BHS(SIMD_DEF_BIN, mla, e_mla)
SIMD_GEN_BHS(SIMD_DEF_BIN, mls, e_mls)
SIMD_GEN_BHS(SIMD_DEF_BIN, mul, e_mul)
SIMD_DEF_BIN(pmul, e_pmul, 8)
static const op_fn_t pmul_fns[4] = {op_pmul_8, NULL, NULL, NULL};
SIMD_GEN_HS(SIMD_DEF_BIN, sqdmulh, e_sqdmulh)
SIMD_GEN_HS(SIMD_DEF_BIN, sqrdmulh, e_sqrdmulh)
SIMD_GEN_BHS(SIMD_DEF_PAIR, smaxp, e_smax)
SIMD_GEN_BHS(SIMD_DEF_PAIR, umaxp, e_umax)
SIMD_GEN_BHS(SIMD_DEF_PAIR, sminp, e_smin)
SIMD_GEN_BHS(SIMD_DEF_PAIR, uminp, e_umin)
SIMD_GEN_ALL(SIMD_DEF_PAIR, addp, e_add)

/* A U:opcode row: handlers per size, the vector sizes that exist and the
 * scalar sizes that exist (0: no scalar form). */
typedef struct vop {
    const op_fn_t *fns;
    uint8_t vsizes, ssizes;
} vop_t;

/* Three same, opcodes 00000-10111 (the logical ones, 00011, have their own
 * line; 11xxx are floating point). */
static const vop_t three_same[2][24] = {
    {
        [0x00] = {shadd_fns, SZ_BHS, 0},
        [0x01] = {sqadd_fns, SZ_ALL, SZ_ALL},
        [0x02] = {srhadd_fns, SZ_BHS, 0},
        [0x04] = {shsub_fns, SZ_BHS, 0},
        [0x05] = {sqsub_fns, SZ_ALL, SZ_ALL},
        [0x06] = {cmgt_fns, SZ_ALL, SZ_D},
        [0x07] = {cmge_fns, SZ_ALL, SZ_D},
        [0x08] = {sshl_fns, SZ_ALL, SZ_D},
        [0x09] = {sqshl_fns, SZ_ALL, SZ_ALL},
        [0x0a] = {srshl_fns, SZ_ALL, SZ_D},
        [0x0b] = {sqrshl_fns, SZ_ALL, SZ_ALL},
        [0x0c] = {smax_fns, SZ_BHS, 0},
        [0x0d] = {smin_fns, SZ_BHS, 0},
        [0x0e] = {sabd_fns, SZ_BHS, 0},
        [0x0f] = {saba_fns, SZ_BHS, 0},
        [0x10] = {add_fns, SZ_ALL, SZ_D},
        [0x11] = {cmtst_fns, SZ_ALL, SZ_D},
        [0x12] = {mla_fns, SZ_BHS, 0},
        [0x13] = {mul_fns, SZ_BHS, 0},
        [0x14] = {smaxp_fns, SZ_BHS, 0},
        [0x15] = {sminp_fns, SZ_BHS, 0},
        [0x16] = {sqdmulh_fns, SZ_HS, SZ_HS},
        [0x17] = {addp_fns, SZ_ALL, 0},
    },
    {
        [0x00] = {uhadd_fns, SZ_BHS, 0},
        [0x01] = {uqadd_fns, SZ_ALL, SZ_ALL},
        [0x02] = {urhadd_fns, SZ_BHS, 0},
        [0x04] = {uhsub_fns, SZ_BHS, 0},
        [0x05] = {uqsub_fns, SZ_ALL, SZ_ALL},
        [0x06] = {cmhi_fns, SZ_ALL, SZ_D},
        [0x07] = {cmhs_fns, SZ_ALL, SZ_D},
        [0x08] = {ushl_fns, SZ_ALL, SZ_D},
        [0x09] = {uqshl_fns, SZ_ALL, SZ_ALL},
        [0x0a] = {urshl_fns, SZ_ALL, SZ_D},
        [0x0b] = {uqrshl_fns, SZ_ALL, SZ_ALL},
        [0x0c] = {umax_fns, SZ_BHS, 0},
        [0x0d] = {umin_fns, SZ_BHS, 0},
        [0x0e] = {uabd_fns, SZ_BHS, 0},
        [0x0f] = {uaba_fns, SZ_BHS, 0},
        [0x10] = {sub_fns, SZ_ALL, SZ_D},
        [0x11] = {cmeq_fns, SZ_ALL, SZ_D},
        [0x12] = {mls_fns, SZ_BHS, 0},
        [0x13] = {pmul_fns, SZ_B, 0},
        [0x14] = {umaxp_fns, SZ_BHS, 0},
        [0x15] = {uminp_fns, SZ_BHS, 0},
        [0x16] = {sqrdmulh_fns, SZ_HS, SZ_HS},
    },
};

/* Fills op for a same-size element operation; false if the size (or the
 * 64-bit size of a 64-bit vector) is unallocated. */
static bool set_vop(op_t *op, const vop_t *v, const fields_t *f, bool scalar)
{
    unsigned size = F(f, 'z'), q = F(f, 'Q');
    if (!v->fns) /* unallocated opcode */
        return false;
    if (scalar) {
        if (!(v->ssizes & (1u << size)))
            return false;
        op->aux = 1;
    } else {
        if (!(v->vsizes & (1u << size)) || (size == 3 && !q))
            return false;
        op->aux = (uint8_t)simd_lanes(q, size);
    }
    op->fn = v->fns[size];
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    return true;
}

static bool tr_3same(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_vop(op, &three_same[F(f, 'U')][F(f, 'o')], f, false);
}

static bool tr_3same_hi(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_vop(op, &three_same[F(f, 'U')][0x10 | F(f, 'o')], f, false);
}

static bool tr_3same_scalar(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_vop(op, &three_same[F(f, 'U')][F(f, 'o')], f, true);
}

static bool tr_3same_scalar_hi(op_t *op, const fields_t *f,
                               const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned o = 0x10 | F(f, 'o');
    if (o == 0x12 || o == 0x13 || o == 0x14 || o == 0x15 || o == 0x17)
        return false; /* no scalar MLA/MUL/MAXP/MINP; ADDP has its own line */
    return set_vop(op, &three_same[F(f, 'U')][o], f, true);
}

/* ---- three same: logical (size selects the operation) ----------------- */

static op_result_t op_and(cpu_t *cpu, const op_t *op)
{
    vreg_t r = {{0}};
    for (unsigned i = 0; i < op->aux; i++)
        r.d[i] = cpu->v[op->rn].d[i] & cpu->v[op->rm].d[i];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}
static op_result_t op_bic(cpu_t *cpu, const op_t *op)
{
    vreg_t r = {{0}};
    for (unsigned i = 0; i < op->aux; i++)
        r.d[i] = cpu->v[op->rn].d[i] & ~cpu->v[op->rm].d[i];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}
static op_result_t op_orr(cpu_t *cpu, const op_t *op)
{
    vreg_t r = {{0}};
    for (unsigned i = 0; i < op->aux; i++)
        r.d[i] = cpu->v[op->rn].d[i] | cpu->v[op->rm].d[i];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}
static op_result_t op_orn(cpu_t *cpu, const op_t *op)
{
    vreg_t r = {{0}};
    for (unsigned i = 0; i < op->aux; i++)
        r.d[i] = cpu->v[op->rn].d[i] | ~cpu->v[op->rm].d[i];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}
static op_result_t op_eor(cpu_t *cpu, const op_t *op)
{
    vreg_t r = {{0}};
    for (unsigned i = 0; i < op->aux; i++)
        r.d[i] = cpu->v[op->rn].d[i] ^ cpu->v[op->rm].d[i];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}
/* BSL/BIT/BIF: result = (x & sel) | (y & ~sel), operands picked per form. */
static op_result_t op_bsl(cpu_t *cpu, const op_t *op)
{
    vreg_t r = {{0}};
    for (unsigned i = 0; i < op->aux; i++) {
        uint64_t sel = cpu->v[op->rd].d[i];
        r.d[i] = (cpu->v[op->rn].d[i] & sel) | (cpu->v[op->rm].d[i] & ~sel);
    }
    cpu->v[op->rd] = r;
    return OP_NEXT;
}
static op_result_t op_bit(cpu_t *cpu, const op_t *op)
{
    vreg_t r = {{0}};
    for (unsigned i = 0; i < op->aux; i++) {
        uint64_t sel = cpu->v[op->rm].d[i];
        r.d[i] = (cpu->v[op->rn].d[i] & sel) | (cpu->v[op->rd].d[i] & ~sel);
    }
    cpu->v[op->rd] = r;
    return OP_NEXT;
}
static op_result_t op_bif(cpu_t *cpu, const op_t *op)
{
    vreg_t r = {{0}};
    for (unsigned i = 0; i < op->aux; i++) {
        uint64_t sel = cpu->v[op->rm].d[i];
        r.d[i] = (cpu->v[op->rd].d[i] & sel) | (cpu->v[op->rn].d[i] & ~sel);
    }
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static bool tr_logic(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t fns[8] = {op_and, op_bic, op_orr, op_orn,
                                   op_eor, op_bsl, op_bit, op_bif};
    (void)ctx;
    op->fn = fns[F(f, 'U') * 4 + F(f, 'z')];
    op->aux = (uint8_t)(1 + F(f, 'Q'));
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    return true;
}

/* ---- scalar pairwise ADDP ---------------------------------------------- */

static op_result_t op_addp_scalar(cpu_t *cpu, const op_t *op)
{
    vreg_t r = {{0}};
    r.d[0] = cpu->v[op->rn].d[0] + cpu->v[op->rn].d[1];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static bool tr_addp_scalar(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    if (F(f, 'z') != 3)
        return false;
    op->fn = op_addp_scalar;
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    return true;
}

/* ---- three different ---------------------------------------------------
 * Long forms: fn(n, m, d) on b-bit sources n, m and the 2b-bit accumulator
 * d; the result is 2b bits. */

static inline uint64_t l_saddl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return (uint64_t)(sx(n, b) + sx(m, b));
}
static inline uint64_t l_uaddl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n + m;
}
static inline uint64_t l_ssubl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return (uint64_t)(sx(n, b) - sx(m, b));
}
static inline uint64_t l_usubl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n - m;
}
static inline uint64_t l_sabal(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    return d + e_sabd(n, m, 0, b, q);
}
static inline uint64_t l_uabal(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    return d + e_uabd(n, m, 0, b, q);
}
static inline uint64_t l_sabdl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return e_sabd(n, m, 0, b, q);
}
static inline uint64_t l_uabdl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return e_uabd(n, m, 0, b, q);
}
static inline uint64_t l_pmull(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return clmul(n, m, b);
}

/* Wide forms: n is already 2b bits. */
static inline uint64_t w_saddw(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return n + (uint64_t)sx(m, b);
}
static inline uint64_t w_ssubw(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return n - (uint64_t)sx(m, b);
}

/* Narrowing high half: n, m are 2b bits, the result is b bits. */
static inline uint64_t h_addhn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)sh, (void)q;
    return (uint64_t)(((simd_i128)n + m) >> b);
}
static inline uint64_t h_raddhn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)sh, (void)q;
    return (uint64_t)(((simd_i128)n + m + (1ull << (b - 1))) >> b);
}
static inline uint64_t h_subhn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)sh, (void)q;
    return (n - m) >> b;
}
static inline uint64_t h_rsubhn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)sh, (void)q;
    return (n - m + (1ull << (b - 1))) >> b;
}

/* Wide forms get their own generator: n is a wide lane. */
#define SIMD_DEF_WIDE(name, fn, bits, wbits)                                   \
    static op_result_t op_##name##_##bits(cpu_t *cpu, const op_t *op)         \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], m = cpu->v[op->rm];                   \
        vreg_t r = {{0}};                                                      \
        unsigned base = (unsigned)op->imm;                                     \
        bool qc = false;                                                       \
        for (unsigned i = 0; i < op->aux; i++)                                 \
            LANES(r, wbits)[i] = (uint##wbits##_t)fn(                          \
                LANES(n, wbits)[i], LANES(m, bits)[base + i], 0, bits, &qc);   \
        cpu->v[op->rd] = r;                                                    \
        return OP_NEXT;                                                        \
    }

SIMD_GEN_WIDE(SIMD_DEF_LONG, saddl, l_saddl)
SIMD_GEN_WIDE(SIMD_DEF_LONG, uaddl, l_uaddl)
SIMD_GEN_WIDE(SIMD_DEF_LONG, ssubl, l_ssubl)
SIMD_GEN_WIDE(SIMD_DEF_LONG, usubl, l_usubl)
SIMD_GEN_WIDE(SIMD_DEF_WIDE, saddw, w_saddw)
SIMD_GEN_WIDE(SIMD_DEF_WIDE, uaddw, l_uaddl)
SIMD_GEN_WIDE(SIMD_DEF_WIDE, ssubw, w_ssubw)
SIMD_GEN_WIDE(SIMD_DEF_WIDE, usubw, l_usubl)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, addhn, h_addhn)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, raddhn, h_raddhn)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, subhn, h_subhn)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, rsubhn, h_rsubhn)
SIMD_GEN_WIDE(SIMD_DEF_LONG, sabal, l_sabal)
SIMD_GEN_WIDE(SIMD_DEF_LONG, uabal, l_uabal)
SIMD_GEN_WIDE(SIMD_DEF_LONG, sabdl, l_sabdl)
SIMD_GEN_WIDE(SIMD_DEF_LONG, uabdl, l_uabdl)
SIMD_GEN_WIDE(SIMD_DEF_LONG, smlal, l_smlal)
SIMD_GEN_WIDE(SIMD_DEF_LONG, umlal, l_umlal)
SIMD_GEN_WIDE(SIMD_DEF_LONG, smlsl, l_smlsl)
SIMD_GEN_WIDE(SIMD_DEF_LONG, umlsl, l_umlsl)
SIMD_GEN_WIDE(SIMD_DEF_LONG, smull, l_smull)
SIMD_GEN_WIDE(SIMD_DEF_LONG, umull, l_umull)
SIMD_GEN_WIDE(SIMD_DEF_LONG, sqdmlal, l_sqdmlal)
SIMD_GEN_WIDE(SIMD_DEF_LONG, sqdmlsl, l_sqdmlsl)
SIMD_GEN_WIDE(SIMD_DEF_LONG, sqdmull, l_sqdmull)
SIMD_DEF_LONG(pmull, l_pmull, 8, 16)
static const op_fn_t pmull_fns[4] = {op_pmull_8, NULL, NULL, NULL};

/* Kinds of three-different rows, for lane counts and the "2" offset. */
enum { TD_LONG, TD_WIDE, TD_NARROW };

typedef struct tdop {
    const op_fn_t *fns;
    uint8_t kind, sizes; /* sizes of the narrow element */
} tdop_t;

static const tdop_t three_diff[2][15] = {
    {
        {saddl_fns, TD_LONG, SZ_BHS},   {saddw_fns, TD_WIDE, SZ_BHS},
        {ssubl_fns, TD_LONG, SZ_BHS},   {ssubw_fns, TD_WIDE, SZ_BHS},
        {addhn_fns, TD_NARROW, SZ_BHS}, {sabal_fns, TD_LONG, SZ_BHS},
        {subhn_fns, TD_NARROW, SZ_BHS}, {sabdl_fns, TD_LONG, SZ_BHS},
        {smlal_fns, TD_LONG, SZ_BHS},   {sqdmlal_fns, TD_LONG, SZ_HS},
        {smlsl_fns, TD_LONG, SZ_BHS},   {sqdmlsl_fns, TD_LONG, SZ_HS},
        {smull_fns, TD_LONG, SZ_BHS},   {sqdmull_fns, TD_LONG, SZ_HS},
        {pmull_fns, TD_LONG, SZ_B},
    },
    {
        {uaddl_fns, TD_LONG, SZ_BHS},    {uaddw_fns, TD_WIDE, SZ_BHS},
        {usubl_fns, TD_LONG, SZ_BHS},    {usubw_fns, TD_WIDE, SZ_BHS},
        {raddhn_fns, TD_NARROW, SZ_BHS}, {uabal_fns, TD_LONG, SZ_BHS},
        {rsubhn_fns, TD_NARROW, SZ_BHS}, {uabdl_fns, TD_LONG, SZ_BHS},
        {umlal_fns, TD_LONG, SZ_BHS},    {NULL, 0, 0},
        {umlsl_fns, TD_LONG, SZ_BHS},    {NULL, 0, 0},
        {umull_fns, TD_LONG, SZ_BHS},    {NULL, 0, 0},
        {NULL, 0, 0},
    },
};

/* PMULL/PMULL2 with 64-bit elements (FEAT_PMULL): imm selects the half. */
static op_result_t op_pmull64(cpu_t *cpu, const op_t *op)
{
    uint64_t n = cpu->v[op->rn].d[op->imm], m = cpu->v[op->rm].d[op->imm];
    uint64_t lo = 0, hi = 0;
    for (unsigned i = 0; i < 64; i++)
        if ((m >> i) & 1) {
            lo ^= n << i;
            if (i)
                hi ^= n >> (64 - i);
        }
    cpu->v[op->rd].d[0] = lo;
    cpu->v[op->rd].d[1] = hi;
    return OP_NEXT;
}

static bool tr_3diff(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    unsigned o = F(f, 'o'), size = F(f, 'z'), q = F(f, 'Q');
    if (o == 14 && size == 3 && !F(f, 'U')) {
        if (!simd_has_pmull(ctx->model))
            return false;
        op->fn = op_pmull64;
        op->imm = q;
        op->rd = (uint8_t)F(f, 'd');
        op->rn = (uint8_t)F(f, 'n');
        op->rm = (uint8_t)F(f, 'm');
        return true;
    }
    if (o >= 15)
        return false;
    const tdop_t *t = &three_diff[F(f, 'U')][o];
    if (!t->fns || !(t->sizes & (1u << size)))
        return false;
    unsigned wide_lanes = simd_lanes(1, size + 1);
    op->fn = t->fns[size];
    op->aux = (uint8_t)wide_lanes;
    op->imm = q ? wide_lanes : 0;
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    return true;
}

/* Scalar SQDMLAL/SQDMLSL/SQDMULL: one lane of the long form. */
static bool tr_3diff_scalar(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    static const op_fn_t *const fns[3] = {sqdmlal_fns, sqdmlsl_fns, sqdmull_fns};
    unsigned o = F(f, 'o'), size = F(f, 'z');
    if (o == 3 || (size != 1 && size != 2))
        return false;
    op->fn = fns[o][size];
    op->aux = 1;
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    return true;
}

/* ---- across lanes ------------------------------------------------------ */

#define SIMD_DEF_REDUCE(name, init, step, bits, rbits)                         \
    static op_result_t op_##name##_##bits(cpu_t *cpu, const op_t *op)         \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn];                                       \
        int64_t acc = init(LANES(n, bits)[0], bits);                           \
        for (unsigned i = 1; i < op->aux; i++)                                 \
            acc = step(acc, LANES(n, bits)[i], bits);                          \
        vreg_t r = {{0}};                                                      \
        LANES(r, rbits)[0] = (uint##rbits##_t)acc;                             \
        cpu->v[op->rd] = r;                                                    \
        return OP_NEXT;                                                        \
    }

static inline int64_t r_s(uint64_t v, unsigned b) { return sx(v, b); }
static inline int64_t r_u(uint64_t v, unsigned b) { return (int64_t)ux(v, b); }
static inline int64_t r_sadd(int64_t a, uint64_t v, unsigned b)
{
    return a + sx(v, b);
}
static inline int64_t r_uadd(int64_t a, uint64_t v, unsigned b)
{
    return a + r_u(v, b);
}
static inline int64_t r_smax(int64_t a, uint64_t v, unsigned b)
{
    return sx(v, b) > a ? sx(v, b) : a;
}
static inline int64_t r_smin(int64_t a, uint64_t v, unsigned b)
{
    return sx(v, b) < a ? sx(v, b) : a;
}
static inline int64_t r_umax(int64_t a, uint64_t v, unsigned b)
{
    return r_u(v, b) > a ? r_u(v, b) : a;
}
static inline int64_t r_umin(int64_t a, uint64_t v, unsigned b)
{
    return r_u(v, b) < a ? r_u(v, b) : a;
}

#define SIMD_GEN_REDUCE(name, init, step)                                      \
    SIMD_DEF_REDUCE(name, init, step, 8, 8)                                    \
    SIMD_DEF_REDUCE(name, init, step, 16, 16)                                  \
    SIMD_DEF_REDUCE(name, init, step, 32, 32)                                  \
    SIMD_FNS_BHS(name);
/* SADDLV/UADDLV: the result is twice the element size. */
#define SIMD_GEN_REDUCE_LONG(name, init, step)                                 \
    SIMD_DEF_REDUCE(name, init, step, 8, 16)                                   \
    SIMD_DEF_REDUCE(name, init, step, 16, 32)                                  \
    SIMD_DEF_REDUCE(name, init, step, 32, 64)                                  \
    SIMD_FNS_BHS(name);

SIMD_GEN_REDUCE(addv, r_u, r_uadd)
SIMD_GEN_REDUCE_LONG(saddlv, r_s, r_sadd)
SIMD_GEN_REDUCE_LONG(uaddlv, r_u, r_uadd)
SIMD_GEN_REDUCE(smaxv, r_s, r_smax)
SIMD_GEN_REDUCE(umaxv, r_u, r_umax)
SIMD_GEN_REDUCE(sminv, r_s, r_smin)
SIMD_GEN_REDUCE(uminv, r_u, r_umin)

static bool set_across(op_t *op, const fields_t *f, const op_fn_t *fns)
{
    unsigned size = F(f, 'z'), q = F(f, 'Q');
    if (size == 3 || (size == 2 && !q))
        return false;
    op->fn = fns[size];
    op->aux = (uint8_t)simd_lanes(q, size);
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    return true;
}

static bool tr_addlv(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_across(op, f, F(f, 'U') ? uaddlv_fns : saddlv_fns);
}

static bool tr_maxminv(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t *const fns[4] = {smaxv_fns, umaxv_fns, sminv_fns,
                                          uminv_fns};
    (void)ctx;
    return set_across(op, f, fns[F(f, 'o') * 2 + F(f, 'U')]);
}

static bool tr_addv(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return set_across(op, f, addv_fns);
}

const pattern_t insn_simd_int_table[] = {
    {"AND/BIC/ORR/ORN/EOR/BSL/BIT/BIF (vector)",
     "0 Q U 01110 zz 1 mmmmm 00011 1 nnnnn ddddd", tr_logic},
    {"SIMD three same integer (opcodes 0xxxx)",
     "0 Q U 01110 zz 1 mmmmm 0oooo 1 nnnnn ddddd", tr_3same},
    {"SIMD three same integer (opcodes 10xxx)",
     "0 Q U 01110 zz 1 mmmmm 10ooo 1 nnnnn ddddd", tr_3same_hi},
    {"SIMD scalar three same integer (opcodes 0xxxx)",
     "01 U 11110 zz 1 mmmmm 0oooo 1 nnnnn ddddd", tr_3same_scalar},
    {"SIMD scalar three same integer (opcodes 10xxx)",
     "01 U 11110 zz 1 mmmmm 10ooo 1 nnnnn ddddd", tr_3same_scalar_hi},
    {"ADDP (scalar)", "01 0 11110 zz 11000 11011 10 nnnnn ddddd", tr_addp_scalar},
    {"SIMD three different",
     "0 Q U 01110 zz 1 mmmmm oooo 00 nnnnn ddddd", tr_3diff},
    {"SQDMLAL/SQDMLSL/SQDMULL (scalar)",
     "01 0 11110 zz 1 mmmmm 1 oo 1 00 nnnnn ddddd", tr_3diff_scalar},
    {"SADDLV/UADDLV", "0 Q U 01110 zz 11000 00011 10 nnnnn ddddd", tr_addlv},
    {"SMAXV/UMAXV/SMINV/UMINV",
     "0 Q U 01110 zz 11000 o1010 10 nnnnn ddddd", tr_maxminv},
    {"ADDV", "0 Q 0 01110 zz 11000 11011 10 nnnnn ddddd", tr_addv},
    {NULL, NULL, NULL},
};
