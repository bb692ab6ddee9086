/* Advanced SIMD integer, one source: two-register miscellaneous (vector
 * and scalar): REV16/32/64, SADDLP/UADDLP/SADALP/UADALP, SUQADD/USQADD,
 * CLS/CLZ/CNT/NOT/RBIT, SQABS/SQNEG/ABS/NEG, compares against zero,
 * XTN/SQXTN/UQXTN/SQXTUN and SHLL.
 *
 * Not yet: URECPE, URSQRTE (v8.0; they use the FP estimate tables and will
 * come with the FP reciprocal estimates).
 * The floating-point opcodes of this space (01100-01111 with size 1x,
 * 10110, 10111, 11xxx) belong to insn_simd_fp.c.
 */
#include "simd.h"

/* ---- same-size element functions: fn(n, d, sh, bits, qc) ---------------- */

static inline uint64_t clz_bits(uint64_t v, unsigned b)
{
    return v ? (uint64_t)(__builtin_clzll(v) - (64 - (int)b)) : b;
}

static inline uint64_t u_cls(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh, (void)q;
    return clz_bits((n ^ (n >> 1)) & emask(b - 1), b - 1);
}
static inline uint64_t u_clz(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh, (void)q;
    return clz_bits(n, b);
}
static inline uint64_t u_cnt(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh, (void)q, (void)b;
    return (uint64_t)__builtin_popcountll(n);
}
static inline uint64_t u_not(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh, (void)q, (void)b;
    return ~n;
}
static inline uint64_t u_rbit(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh, (void)q;
    uint64_t r = 0;
    for (unsigned i = 0; i < b; i++)
        r |= ((n >> i) & 1) << (b - 1 - i);
    return r;
}
static inline uint64_t u_sqabs(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh;
    simd_i128 v = sx(n, b);
    return sat_s(v < 0 ? -v : v, b, q);
}
static inline uint64_t u_sqneg(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh;
    return sat_s(-(simd_i128)sx(n, b), b, q);
}
static inline uint64_t u_abs(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh, (void)q;
    return sx(n, b) < 0 ? 0 - n : n;
}
static inline uint64_t u_neg(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh, (void)q, (void)b;
    return 0 - n;
}
static inline uint64_t u_cmgt0(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh, (void)q;
    return sx(n, b) > 0 ? ~0ull : 0;
}
static inline uint64_t u_cmge0(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh, (void)q;
    return sx(n, b) >= 0 ? ~0ull : 0;
}
static inline uint64_t u_cmeq0(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh, (void)q, (void)b;
    return n == 0 ? ~0ull : 0;
}
static inline uint64_t u_cmle0(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh, (void)q;
    return sx(n, b) <= 0 ? ~0ull : 0;
}
static inline uint64_t u_cmlt0(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)d, (void)sh, (void)q;
    return sx(n, b) < 0 ? ~0ull : 0;
}
/* SUQADD: signed accumulator plus unsigned source; USQADD the reverse. */
static inline uint64_t u_suqadd(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)sh;
    return sat_s((simd_i128)sx(d, b) + ux(n, b), b, q);
}
static inline uint64_t u_usqadd(uint64_t n, uint64_t d, unsigned sh, unsigned b, bool *q)
{
    (void)sh;
    return sat_u((simd_i128)ux(d, b) + sx(n, b), b, q);
}

SIMD_GEN_BHS(SIMD_DEF_UN, cls, u_cls)
SIMD_GEN_BHS(SIMD_DEF_UN, clz, u_clz)
SIMD_DEF_UN(cnt, u_cnt, 8)
SIMD_DEF_UN(not, u_not, 8)
SIMD_DEF_UN(rbit, u_rbit, 8)
SIMD_GEN_ALL(SIMD_DEF_UN, sqabs, u_sqabs)
SIMD_GEN_ALL(SIMD_DEF_UN, sqneg, u_sqneg)
SIMD_GEN_ALL(SIMD_DEF_UN, abs, u_abs)
SIMD_GEN_ALL(SIMD_DEF_UN, neg, u_neg)
SIMD_GEN_ALL(SIMD_DEF_UN, cmgt0, u_cmgt0)
SIMD_GEN_ALL(SIMD_DEF_UN, cmge0, u_cmge0)
SIMD_GEN_ALL(SIMD_DEF_UN, cmeq0, u_cmeq0)
SIMD_GEN_ALL(SIMD_DEF_UN, cmle0, u_cmle0)
SIMD_GEN_ALL(SIMD_DEF_UN, cmlt0, u_cmlt0)
SIMD_GEN_ALL(SIMD_DEF_UN, suqadd, u_suqadd)
SIMD_GEN_ALL(SIMD_DEF_UN, usqadd, u_usqadd)
static const op_fn_t cnt_fns[4] = {op_cnt_8, NULL, NULL, NULL};
static const op_fn_t not_fns[4] = {op_not_8, NULL, NULL, NULL};
/* RBIT is size 01 in the encoding but works on bytes. */
static const op_fn_t rbit_fns[4] = {NULL, op_rbit_8, NULL, NULL};

/* ---- REV16/REV32/REV64: a byte permutation ------------------------------
 * Result byte i is source byte i ^ imm (imm = container - element bytes). */

static op_result_t op_rev(cpu_t *cpu, const op_t *op)
{
    const vreg_t n = cpu->v[op->rn];
    vreg_t r = {{0}};
    for (unsigned i = 0; i < op->aux; i++)
        r.b[i] = n.b[i ^ (unsigned)op->imm];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

/* ---- pairwise long add (and accumulate) ---------------------------------- */

#define SIMD_DEF_ADDLP(name, acc, uns, bits, wbits)                            \
    static op_result_t op_##name##_##bits(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], d = cpu->v[op->rd];                   \
        vreg_t r = {{0}};                                                      \
        for (unsigned i = 0; i < op->aux; i++) {                               \
            uint64_t s = (uint64_t)lane_int(LANES(n, bits)[2 * i], bits, uns) + \
                         (uint64_t)lane_int(LANES(n, bits)[2 * i + 1], bits,   \
                                            uns);                              \
            LANES(r, wbits)[i] =                                               \
                (uint##wbits##_t)(s + (acc ? LANES(d, wbits)[i] : 0));         \
        }                                                                      \
        cpu->v[op->rd] = r;                                                    \
        return OP_NEXT;                                                        \
    }
#define SIMD_GEN_ADDLP(name, acc, uns)                                         \
    SIMD_DEF_ADDLP(name, acc, uns, 8, 16)                                      \
    SIMD_DEF_ADDLP(name, acc, uns, 16, 32)                                     \
    SIMD_DEF_ADDLP(name, acc, uns, 32, 64)                                     \
    SIMD_FNS_BHS(name);

SIMD_GEN_ADDLP(saddlp, false, false)
SIMD_GEN_ADDLP(uaddlp, false, true)
SIMD_GEN_ADDLP(sadalp, true, false)
SIMD_GEN_ADDLP(uadalp, true, true)

/* ---- narrowing: fn(n, m, sh, bits, qc) with n a 2*bits lane --------------- */

static inline uint64_t n_xtn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)m, (void)sh, (void)q, (void)b;
    return n;
}
static inline uint64_t n_sqxtn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)m, (void)sh;
    return sat_s(sx(n, 2 * b), b, q);
}
static inline uint64_t n_uqxtn(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)m, (void)sh;
    return sat_u(ux(n, 2 * b), b, q);
}
static inline uint64_t n_sqxtun(uint64_t n, uint64_t m, unsigned sh, unsigned b, bool *q)
{
    (void)m, (void)sh;
    return sat_u(sx(n, 2 * b), b, q);
}

SIMD_GEN_WIDE(SIMD_DEF_NARROW, xtn, n_xtn)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, sqxtn, n_sqxtn)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, uqxtn, n_uqxtn)
SIMD_GEN_WIDE(SIMD_DEF_NARROW, sqxtun, n_sqxtun)

/* SHLL: widen and shift left by the element size. */
static inline uint64_t l_shll(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)m, (void)d, (void)q;
    return n << b;
}
SIMD_GEN_WIDE(SIMD_DEF_LONG, shll, l_shll)

/* ---- decode ---------------------------------------------------------------- */

enum { MK_SAME, MK_REV, MK_PAIRLONG, MK_NARROW, MK_LONG };

typedef struct miscop {
    const op_fn_t *fns;
    uint8_t kind;
    uint8_t sizes;  /* vector element sizes (narrow size for MK_NARROW) */
    uint8_t ssizes; /* scalar sizes, 0 = no scalar form */
    uint8_t rev;    /* MK_REV: container log2 bytes */
} miscop_t;

static const miscop_t misc[2][21] = {
    {
        [0x00] = {NULL, MK_REV, SZ_BHS, 0, 3},          /* REV64 */
        [0x01] = {NULL, MK_REV, SZ_B, 0, 1},            /* REV16 */
        [0x02] = {saddlp_fns, MK_PAIRLONG, SZ_BHS, 0, 0},
        [0x03] = {suqadd_fns, MK_SAME, SZ_ALL, SZ_ALL, 0},
        [0x04] = {cls_fns, MK_SAME, SZ_BHS, 0, 0},
        [0x05] = {cnt_fns, MK_SAME, SZ_B, 0, 0},
        [0x06] = {sadalp_fns, MK_PAIRLONG, SZ_BHS, 0, 0},
        [0x07] = {sqabs_fns, MK_SAME, SZ_ALL, SZ_ALL, 0},
        [0x08] = {cmgt0_fns, MK_SAME, SZ_ALL, SZ_D, 0},
        [0x09] = {cmeq0_fns, MK_SAME, SZ_ALL, SZ_D, 0},
        [0x0a] = {cmlt0_fns, MK_SAME, SZ_ALL, SZ_D, 0},
        [0x0b] = {abs_fns, MK_SAME, SZ_ALL, SZ_D, 0},
        [0x12] = {xtn_fns, MK_NARROW, SZ_BHS, 0, 0},
        [0x14] = {sqxtn_fns, MK_NARROW, SZ_BHS, SZ_BHS, 0},
    },
    {
        [0x00] = {NULL, MK_REV, SZ_B | SZ_H, 0, 2},     /* REV32 */
        [0x02] = {uaddlp_fns, MK_PAIRLONG, SZ_BHS, 0, 0},
        [0x03] = {usqadd_fns, MK_SAME, SZ_ALL, SZ_ALL, 0},
        [0x04] = {clz_fns, MK_SAME, SZ_BHS, 0, 0},
        [0x06] = {uadalp_fns, MK_PAIRLONG, SZ_BHS, 0, 0},
        [0x07] = {sqneg_fns, MK_SAME, SZ_ALL, SZ_ALL, 0},
        [0x08] = {cmge0_fns, MK_SAME, SZ_ALL, SZ_D, 0},
        [0x09] = {cmle0_fns, MK_SAME, SZ_ALL, SZ_D, 0},
        [0x0b] = {neg_fns, MK_SAME, SZ_ALL, SZ_D, 0},
        [0x12] = {sqxtun_fns, MK_NARROW, SZ_BHS, SZ_BHS, 0},
        [0x13] = {shll_fns, MK_LONG, SZ_BHS, 0, 0},
        [0x14] = {uqxtn_fns, MK_NARROW, SZ_BHS, SZ_BHS, 0},
    },
};

static const miscop_t not_op = {not_fns, MK_SAME, SZ_B, 0, 0};
static const miscop_t rbit_op = {rbit_fns, MK_SAME, SZ_H, 0, 0};

static bool tr_misc_common(op_t *op, const fields_t *f, unsigned opcode,
                           bool scalar)
{
    unsigned u = F(f, 'U'), size = F(f, 'z'), q = scalar ? 0 : F(f, 'Q');
    const miscop_t *m = &misc[u][opcode];
    if (u && opcode == 0x05)
        m = size == 0 ? &not_op : &rbit_op;
    unsigned sizes = scalar ? m->ssizes : m->sizes;
    if ((!m->fns && m->kind != MK_REV) || !(sizes & (1u << size)))
        return false;
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = op->rn;
    switch (m->kind) {
    case MK_SAME:
        if (!scalar && size == 3 && !q)
            return false;
        op->fn = m->fns[size];
        /* RBIT's size field is 01 but it works on bytes */
        op->aux = (uint8_t)(scalar ? 1 : simd_lanes(q, m == &rbit_op ? 0 : size));
        return true;
    case MK_REV:
        op->fn = op_rev;
        op->aux = (uint8_t)(8u << q);
        op->imm = (1u << m->rev) - (1u << size);
        return true;
    case MK_PAIRLONG:
        op->fn = m->fns[size];
        op->aux = (uint8_t)simd_lanes(q, size + 1);
        return true;
    case MK_NARROW:
        op->fn = m->fns[size];
        op->aux = (uint8_t)(scalar ? 1 : simd_lanes(0, size));
        op->imm = q ? simd_lanes(0, size) : 0;
        return true;
    default: /* MK_LONG */
        op->fn = m->fns[size];
        op->aux = (uint8_t)simd_lanes(1, size + 1);
        op->imm = q ? simd_lanes(0, size) : 0;
        return true;
    }
}

/* One translate per table line: each knows how its opcode bits map. */
#define TR_MISC(name, opcode, scalar)                                          \
    static bool name(op_t *op, const fields_t *f, const decode_ctx_t *ctx)    \
    {                                                                          \
        (void)ctx;                                                             \
        return tr_misc_common(op, f, (opcode), scalar);                        \
    }

TR_MISC(tr_misc_0, F(f, 'o'), false)
TR_MISC(tr_misc_cmp0, 0x08 | F(f, 'o'), false)
TR_MISC(tr_misc_xtn_shll, 0x12 | F(f, 'o'), false)
TR_MISC(tr_misc_qxtn, 0x14, false)
TR_MISC(tr_misc_scalar_sq, 0x03 | (F(f, 'o') << 2), true)
TR_MISC(tr_misc_scalar_cmp0, 0x08 | F(f, 'o'), true)
TR_MISC(tr_misc_scalar_sqxtun, 0x12, true)
TR_MISC(tr_misc_scalar_qxtn, 0x14, true)

const pattern_t insn_simd_int_misc_table[] = {
    {"REV64/REV16/REV32/SADDLP/UADDLP/SUQADD/USQADD/CLS/CLZ/CNT/NOT/RBIT/"
     "SADALP/UADALP/SQABS/SQNEG (vector)",
     "0 Q U 01110 zz 10000 00ooo 10 nnnnn ddddd", tr_misc_0},
    {"CMGT/CMGE/CMEQ/CMLE/CMLT (zero), ABS/NEG (vector)",
     "0 Q U 01110 zz 10000 010oo 10 nnnnn ddddd", tr_misc_cmp0},
    {"XTN/SQXTUN/SHLL", "0 Q U 01110 zz 10000 1001o 10 nnnnn ddddd",
     tr_misc_xtn_shll},
    {"SQXTN/UQXTN (vector)", "0 Q U 01110 zz 10000 10100 10 nnnnn ddddd",
     tr_misc_qxtn},
    {"SUQADD/USQADD/SQABS/SQNEG (scalar)",
     "01 U 11110 zz 10000 00o11 10 nnnnn ddddd", tr_misc_scalar_sq},
    {"CMGT/CMGE/CMEQ/CMLE/CMLT (zero), ABS/NEG (scalar)",
     "01 U 11110 zz 10000 010oo 10 nnnnn ddddd", tr_misc_scalar_cmp0},
    {"SQXTUN (scalar)", "01 U 11110 zz 10000 10010 10 nnnnn ddddd",
     tr_misc_scalar_sqxtun},
    {"SQXTN/UQXTN (scalar)", "01 U 11110 zz 10000 10100 10 nnnnn ddddd",
     tr_misc_scalar_qxtn},
    {NULL, NULL, NULL},
};
