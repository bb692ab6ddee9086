/* Advanced SIMD data movement: copy (DUP element/general, INS
 * element/general, SMOV, UMOV, scalar DUP), permute (ZIP1/2, UZP1/2,
 * TRN1/2), EXT, table lookup (TBL/TBX with 1-4 registers) and the integer
 * modified-immediate forms (MOVI, MVNI, ORR, BIC).
 *
 * Not yet: LUTI2, LUTI4 (FEAT_LUT, v9.5).
 * The FMOV (vector, immediate) forms of the modified-immediate space
 * (cmode 1111, and o2 = 1 for half precision) belong to insn_simd_fp.c.
 */
#include <string.h>

#include "simd.h"

/* ---- copy ------------------------------------------------------------------
 * imm = element index (destination for INS), imm2 = source index of INS
 * (element), aux = lanes for DUP. */

#define DEF_COPY(bits)                                                         \
    static op_result_t op_dup_elem_##bits(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        uint##bits##_t v = LANES(cpu->v[op->rn], bits)[op->imm];               \
        vreg_t r = {{0}};                                                      \
        for (unsigned i = 0; i < op->aux; i++)                                 \
            LANES(r, bits)[i] = v;                                             \
        cpu->v[op->rd] = r;                                                    \
        return OP_NEXT;                                                        \
    }                                                                          \
    static op_result_t op_dup_gen_##bits(cpu_t *cpu, const op_t *op)           \
    {                                                                          \
        uint##bits##_t v = (uint##bits##_t)cpu->r[op->rn];                     \
        vreg_t r = {{0}};                                                      \
        for (unsigned i = 0; i < op->aux; i++)                                 \
            LANES(r, bits)[i] = v;                                             \
        cpu->v[op->rd] = r;                                                    \
        return OP_NEXT;                                                        \
    }                                                                          \
    static op_result_t op_ins_gen_##bits(cpu_t *cpu, const op_t *op)           \
    {                                                                          \
        LANES(cpu->v[op->rd], bits)[op->imm] = (uint##bits##_t)cpu->r[op->rn]; \
        return OP_NEXT;                                                        \
    }                                                                          \
    static op_result_t op_ins_elem_##bits(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        uint##bits##_t v = LANES(cpu->v[op->rn], bits)[op->imm2];              \
        LANES(cpu->v[op->rd], bits)[op->imm] = v;                              \
        return OP_NEXT;                                                        \
    }                                                                          \
    static op_result_t op_umov_##bits(cpu_t *cpu, const op_t *op)              \
    {                                                                          \
        cpu->r[op->rd] = LANES(cpu->v[op->rn], bits)[op->imm];                 \
        return OP_NEXT;                                                        \
    }                                                                          \
    static op_result_t op_smov_x_##bits(cpu_t *cpu, const op_t *op)            \
    {                                                                          \
        cpu->r[op->rd] =                                                       \
            (uint64_t)(int64_t)(int##bits##_t)LANES(cpu->v[op->rn], bits)[op->imm]; \
        return OP_NEXT;                                                        \
    }                                                                          \
    static op_result_t op_smov_w_##bits(cpu_t *cpu, const op_t *op)            \
    {                                                                          \
        cpu->r[op->rd] = (uint32_t)(int32_t)(int##bits##_t)LANES(             \
            cpu->v[op->rn], bits)[op->imm];                                    \
        return OP_NEXT;                                                        \
    }

DEF_COPY(8)
DEF_COPY(16)
DEF_COPY(32)
DEF_COPY(64)

static const op_fn_t dup_elem_fns[4] = {op_dup_elem_8, op_dup_elem_16,
                                        op_dup_elem_32, op_dup_elem_64};
static const op_fn_t dup_gen_fns[4] = {op_dup_gen_8, op_dup_gen_16,
                                       op_dup_gen_32, op_dup_gen_64};
static const op_fn_t ins_gen_fns[4] = {op_ins_gen_8, op_ins_gen_16,
                                       op_ins_gen_32, op_ins_gen_64};
static const op_fn_t ins_elem_fns[4] = {op_ins_elem_8, op_ins_elem_16,
                                        op_ins_elem_32, op_ins_elem_64};
static const op_fn_t umov_fns[4] = {op_umov_8, op_umov_16, op_umov_32,
                                    op_umov_64};
/* SMOV to X from 64-bit lanes and to W from 32/64-bit lanes are unallocated
 * (translate rejects them; the tables stay whole). */
static const op_fn_t smov_x_fns[4] = {op_smov_x_8, op_smov_x_16, op_smov_x_32,
                                      op_smov_x_64};
static const op_fn_t smov_w_fns[4] = {op_smov_w_8, op_smov_w_16, op_smov_w_32,
                                      op_smov_w_64};

/* The element size is the lowest set bit of imm5; imm5 = x0000 is
 * unallocated. */
static bool copy_size(unsigned imm5, unsigned *size, unsigned *index)
{
    if (!(imm5 & 0xf))
        return false;
    unsigned s = (unsigned)__builtin_ctz(imm5);
    *size = s;
    *index = imm5 >> (s + 1);
    return true;
}

static bool tr_dup_elem(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned size, index, q = F(f, 'Q');
    if (!copy_size(F(f, 'i'), &size, &index) || (size == 3 && !q))
        return false;
    op->fn = dup_elem_fns[size];
    op->imm = index;
    op->aux = (uint8_t)simd_lanes(q, size);
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    return true;
}

static bool tr_dup_scalar(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned size, index;
    if (!copy_size(F(f, 'i'), &size, &index))
        return false;
    op->fn = dup_elem_fns[size];
    op->imm = index;
    op->aux = 1;
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    return true;
}

static bool tr_dup_gen(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned size, index, q = F(f, 'Q');
    if (!copy_size(F(f, 'i'), &size, &index) || (size == 3 && !q))
        return false;
    op->fn = dup_gen_fns[size];
    op->aux = (uint8_t)simd_lanes(q, size);
    op->rd = (uint8_t)F(f, 'd');
    op->rn = reg_or_zr(F(f, 'n'));
    return true;
}

static bool tr_ins_gen(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned size, index;
    if (!copy_size(F(f, 'i'), &size, &index))
        return false;
    op->fn = ins_gen_fns[size];
    op->imm = index;
    op->rd = (uint8_t)F(f, 'd');
    op->rn = reg_or_zr(F(f, 'n'));
    return true;
}

static bool tr_ins_elem(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned size, index;
    if (!copy_size(F(f, 'i'), &size, &index))
        return false;
    op->fn = ins_elem_fns[size];
    op->imm = index;
    op->imm2 = F(f, 'j') >> size;
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    return true;
}

static bool tr_smov(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned size, index, q = F(f, 'Q');
    if (!copy_size(F(f, 'i'), &size, &index) || size > 2 || (!q && size > 1))
        return false;
    op->fn = q ? smov_x_fns[size] : smov_w_fns[size];
    op->imm = index;
    op->rd = dst_or_zr(F(f, 'd'));
    op->rn = (uint8_t)F(f, 'n');
    return true;
}

static bool tr_umov(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned size, index, q = F(f, 'Q');
    if (!copy_size(F(f, 'i'), &size, &index) || (q ? size != 3 : size == 3))
        return false;
    op->fn = umov_fns[size];
    op->imm = index;
    op->rd = dst_or_zr(F(f, 'd'));
    op->rn = (uint8_t)F(f, 'n');
    return true;
}

/* ---- permute: imm = part (0 for the "1" forms, 1 for the "2" forms) ------- */

#define DEF_PERM(bits)                                                         \
    static op_result_t op_uzp_##bits(cpu_t *cpu, const op_t *op)               \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], m = cpu->v[op->rm];                   \
        vreg_t r = {{0}};                                                      \
        unsigned lanes = op->aux, half = lanes / 2, part = (unsigned)op->imm;  \
        for (unsigned i = 0; i < half; i++) {                                  \
            LANES(r, bits)[i] = LANES(n, bits)[2 * i + part];                  \
            LANES(r, bits)[half + i] = LANES(m, bits)[2 * i + part];           \
        }                                                                      \
        cpu->v[op->rd] = r;                                                    \
        return OP_NEXT;                                                        \
    }                                                                          \
    static op_result_t op_trn_##bits(cpu_t *cpu, const op_t *op)               \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], m = cpu->v[op->rm];                   \
        vreg_t r = {{0}};                                                      \
        unsigned half = op->aux / 2, part = (unsigned)op->imm;                 \
        for (unsigned p = 0; p < half; p++) {                                  \
            LANES(r, bits)[2 * p] = LANES(n, bits)[2 * p + part];              \
            LANES(r, bits)[2 * p + 1] = LANES(m, bits)[2 * p + part];          \
        }                                                                      \
        cpu->v[op->rd] = r;                                                    \
        return OP_NEXT;                                                        \
    }                                                                          \
    static op_result_t op_zip_##bits(cpu_t *cpu, const op_t *op)               \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], m = cpu->v[op->rm];                   \
        vreg_t r = {{0}};                                                      \
        unsigned half = op->aux / 2, base = (unsigned)op->imm * half;          \
        for (unsigned p = 0; p < half; p++) {                                  \
            LANES(r, bits)[2 * p] = LANES(n, bits)[base + p];                  \
            LANES(r, bits)[2 * p + 1] = LANES(m, bits)[base + p];              \
        }                                                                      \
        cpu->v[op->rd] = r;                                                    \
        return OP_NEXT;                                                        \
    }

DEF_PERM(8)
DEF_PERM(16)
DEF_PERM(32)
DEF_PERM(64)

/* opcode 001 UZP1, 010 TRN1, 011 ZIP1, 101 UZP2, 110 TRN2, 111 ZIP2 */
static const op_fn_t perm_fns[3][4] = {
    {op_uzp_8, op_uzp_16, op_uzp_32, op_uzp_64},
    {op_trn_8, op_trn_16, op_trn_32, op_trn_64},
    {op_zip_8, op_zip_16, op_zip_32, op_zip_64},
};

static bool tr_perm(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned o = F(f, 'o'), size = F(f, 'z'), q = F(f, 'Q');
    if ((o & 3) == 0 || (size == 3 && !q))
        return false;
    op->fn = perm_fns[(o & 3) - 1][size];
    op->imm = o >> 2;
    op->aux = (uint8_t)simd_lanes(q, size);
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    return true;
}

/* ---- EXT: bytes imm.. of m:n; aux = vector bytes --------------------------- */

static op_result_t op_ext(cpu_t *cpu, const op_t *op)
{
    uint8_t x[32];
    memcpy(x, cpu->v[op->rn].b, 16);
    memcpy(x + op->aux, cpu->v[op->rm].b, 16);
    vreg_t r = {{0}};
    memcpy(r.b, x + op->imm, op->aux);
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static bool tr_ext(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned q = F(f, 'Q'), pos = F(f, 'i');
    if (!q && pos >= 8)
        return false;
    op->fn = op_ext;
    op->imm = pos;
    op->aux = (uint8_t)(8u << q);
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    return true;
}

/* ---- TBL/TBX: shift = table registers, aux = vector bytes ------------------ */

static inline op_result_t table_lookup(cpu_t *cpu, const op_t *op, bool tbx)
{
    uint8_t table[64];
    for (unsigned t = 0; t < op->shift; t++)
        memcpy(table + 16 * t, cpu->v[(op->rn + t) & 31].b, 16);
    const vreg_t idx = cpu->v[op->rm], d = cpu->v[op->rd];
    unsigned limit = 16u * op->shift;
    vreg_t r = {{0}};
    for (unsigned i = 0; i < op->aux; i++) {
        unsigned k = idx.b[i];
        r.b[i] = k < limit ? table[k] : tbx ? d.b[i] : 0;
    }
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_tbl(cpu_t *cpu, const op_t *op)
{
    return table_lookup(cpu, op, false);
}

static op_result_t op_tbx(cpu_t *cpu, const op_t *op)
{
    return table_lookup(cpu, op, true);
}

static bool tr_tbl(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    op->fn = F(f, 'x') ? op_tbx : op_tbl;
    op->shift = (uint8_t)(F(f, 'l') + 1);
    op->aux = (uint8_t)(8u << F(f, 'Q'));
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    return true;
}

/* ---- modified immediate: imm = low 64 bits, imm2 = high 64 bits ----------- */

static op_result_t op_movi(cpu_t *cpu, const op_t *op)
{
    cpu->v[op->rd].d[0] = op->imm;
    cpu->v[op->rd].d[1] = op->imm2;
    return OP_NEXT;
}

static op_result_t op_orr_imm(cpu_t *cpu, const op_t *op)
{
    cpu->v[op->rd].d[0] |= op->imm;
    cpu->v[op->rd].d[1] = op->aux ? cpu->v[op->rd].d[1] | op->imm2 : 0;
    return OP_NEXT;
}

static op_result_t op_bic_imm(cpu_t *cpu, const op_t *op)
{
    cpu->v[op->rd].d[0] &= ~op->imm;
    cpu->v[op->rd].d[1] = op->aux ? cpu->v[op->rd].d[1] & ~op->imm2 : 0;
    return OP_NEXT;
}

static uint64_t rep32(uint64_t v) { return v | (v << 32); }
static uint64_t rep16(uint64_t v) { return rep32(v | (v << 16)); }

/* AdvSIMDExpandImm for the integer cmodes (0000-1110). */
static uint64_t expand_imm(unsigned op, unsigned cmode, uint64_t imm8)
{
    switch (cmode >> 1) {
    case 0: return rep32(imm8);
    case 1: return rep32(imm8 << 8);
    case 2: return rep32(imm8 << 16);
    case 3: return rep32(imm8 << 24);
    case 4: return rep16(imm8);
    case 5: return rep16(imm8 << 8);
    case 6:
        return cmode & 1 ? rep32((imm8 << 16) | 0xffff) : rep32((imm8 << 8) | 0xff);
    default:
        if (!op)
            return rep16(imm8 | (imm8 << 8));
        uint64_t r = 0;
        for (unsigned i = 0; i < 8; i++)
            if (imm8 & (1u << i))
                r |= 0xffull << (8 * i);
        return r;
    }
}

static bool modimm(op_t *op, const fields_t *f, unsigned cmode)
{
    unsigned q = F(f, 'Q'), o = F(f, 'o');
    uint64_t imm = expand_imm(o, cmode, F(f, 'i'));
    op->rd = (uint8_t)F(f, 'd');
    op->aux = (uint8_t)q;
    bool shifted_or = (cmode < 12) && (cmode & 1); /* ORR/BIC forms */
    if (shifted_or) {
        op->fn = o ? op_bic_imm : op_orr_imm;
        op->imm = imm;
        op->imm2 = q ? imm : 0;
        return true;
    }
    if (o && cmode != 14) /* MVNI */
        imm = ~imm;
    op->fn = op_movi;
    op->imm = imm;
    op->imm2 = q ? imm : 0;
    return true;
}

static bool tr_modimm_0(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return modimm(op, f, F(f, 'c'));
}

static bool tr_modimm_10(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return modimm(op, f, 8 | F(f, 'c'));
}

static bool tr_modimm_110(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return modimm(op, f, 12 | F(f, 'c'));
}

static bool tr_modimm_1110(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return modimm(op, f, 14);
}

const pattern_t insn_simd_perm_table[] = {
    {"DUP (element)", "0 Q 0 01110000 iiiii 0 0000 1 nnnnn ddddd", tr_dup_elem},
    {"DUP (general)", "0 Q 0 01110000 iiiii 0 0001 1 nnnnn ddddd", tr_dup_gen},
    {"INS (general)", "0 1 0 01110000 iiiii 0 0011 1 nnnnn ddddd", tr_ins_gen},
    {"SMOV", "0 Q 0 01110000 iiiii 0 0101 1 nnnnn ddddd", tr_smov},
    {"UMOV", "0 Q 0 01110000 iiiii 0 0111 1 nnnnn ddddd", tr_umov},
    {"INS (element)", "0 1 1 01110000 iiiii 0 jjjj 1 nnnnn ddddd", tr_ins_elem},
    {"DUP (element, scalar)", "01 0 11110000 iiiii 0 0000 1 nnnnn ddddd",
     tr_dup_scalar},
    {"UZP1/TRN1/ZIP1/UZP2/TRN2/ZIP2",
     "0 Q 001110 zz 0 mmmmm 0 ooo 10 nnnnn ddddd", tr_perm},
    {"EXT", "0 Q 101110 00 0 mmmmm 0 iiii 0 nnnnn ddddd", tr_ext},
    {"TBL/TBX", "0 Q 001110 00 0 mmmmm 0 ll x 00 nnnnn ddddd", tr_tbl},
    {"MOVI/MVNI/ORR/BIC (32-bit shifted immediate)",
     "0 Q o 0111100000 iii 0ccc 0 1 iiiii ddddd", tr_modimm_0},
    {"MOVI/MVNI/ORR/BIC (16-bit shifted immediate)",
     "0 Q o 0111100000 iii 10cc 0 1 iiiii ddddd", tr_modimm_10},
    {"MOVI/MVNI (32-bit shifting ones)",
     "0 Q o 0111100000 iii 110c 0 1 iiiii ddddd", tr_modimm_110},
    {"MOVI (8-bit, 64-bit)", "0 Q o 0111100000 iii 1110 0 1 iiiii ddddd",
     tr_modimm_1110},
    {NULL, NULL, NULL},
};
