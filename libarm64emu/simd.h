/* Shared helpers for the Advanced SIMD integer groups: element arithmetic
 * with the Arm ARM's saturation and rounding rules, and macros that turn one
 * element function into a handler per element size.
 *
 * Element functions take and return raw lane bits (zero-extended into a
 * uint64_t) plus the element size in bits, which is a constant in every
 * generated handler, so the per-size tests fold away. Saturation reports
 * through a bool that the handler turns into FPSR.QC once per instruction.
 *
 * Handlers read every operand register before writing the destination (any
 * of them may be the destination) and write all 128 bits: lanes past the
 * element count are zero, so 64-bit and scalar forms clear the upper bits.
 */
#ifndef ARM64EMU_SIMD_H
#define ARM64EMU_SIMD_H

#include <stdbool.h>
#include <stdint.h>

#include "decode.h"

#define FPSR_QC (1u << 27)

typedef __int128 simd_i128;

/* The lane array of a vreg_t for an element size in bits. */
#define SIMD_LANES_8 b
#define SIMD_LANES_16 h
#define SIMD_LANES_32 s
#define SIMD_LANES_64 d
#define LANES(v, bits) ((v).SIMD_LANES_##bits)

/* Size masks for the "which element sizes exist" columns of op tables. */
#define SZ_B 1u
#define SZ_H 2u
#define SZ_S 4u
#define SZ_D 8u
#define SZ_BHS (SZ_B | SZ_H | SZ_S)
#define SZ_HS (SZ_H | SZ_S)
#define SZ_ALL (SZ_BHS | SZ_D)

static inline uint64_t emask(unsigned bits)
{
    return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

static inline int64_t sx(uint64_t v, unsigned bits)
{
    return bits >= 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static inline uint64_t ux(uint64_t v, unsigned bits)
{
    return v & emask(bits);
}

/* SignedSatQ / UnsignedSatQ: the value clamped to bits, as raw lane bits. */
static inline uint64_t sat_s(simd_i128 v, unsigned bits, bool *qc)
{
    simd_i128 max = ((simd_i128)1 << (bits - 1)) - 1, min = -max - 1;
    if (v > max) {
        *qc = true;
        v = max;
    } else if (v < min) {
        *qc = true;
        v = min;
    }
    return (uint64_t)v & emask(bits);
}

static inline uint64_t sat_u(simd_i128 v, unsigned bits, bool *qc)
{
    simd_i128 max = ((simd_i128)1 << bits) - 1;
    if (v > max) {
        *qc = true;
        v = max;
    } else if (v < 0) {
        *qc = true;
        v = 0;
    }
    return (uint64_t)v;
}

/* The lane value as an integer, signed or not. */
static inline simd_i128 lane_int(uint64_t v, unsigned bits, bool is_unsigned)
{
    return is_unsigned ? (simd_i128)ux(v, bits) : (simd_i128)sx(v, bits);
}

/* (v + round) << shift in unbounded precision for |v| < 2^64, shift in
 * -128..127 (negative = right, rounding adds half of the last bit shifted
 * out). Results too large for any lane come back as +-2^100, which every
 * saturation and truncation below treats correctly. */
static inline simd_i128 shift_int(simd_i128 v, int shift, bool round)
{
    if (shift >= 0) {
        if (v == 0)
            return 0;
        if (shift >= 64)
            return v > 0 ? (simd_i128)1 << 100 : -((simd_i128)1 << 100);
        return v * ((simd_i128)1 << shift);
    }
    int s = -shift;
    if (round) {
        if (s > 66)
            s = 66;
        return (v + ((simd_i128)1 << (s - 1))) >> s;
    }
    if (s > 100)
        s = 100;
    return v >> s;
}

/* ---- multiply element functions shared by the three-same, three-different
 * and by-element forms: fn(n, m, d, bits, qc); the l_ ones take bits-wide
 * sources and give 2*bits-wide results. */

static inline uint64_t e_mla(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)q, (void)b;
    return d + n * m;
}
static inline uint64_t e_mls(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)q, (void)b;
    return d - n * m;
}
static inline uint64_t e_mul(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n * m;
}
static inline uint64_t e_sqdmulh(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    simd_i128 p = (simd_i128)2 * sx(n, b) * sx(m, b);
    return sat_s(p >> b, b, q);
}
static inline uint64_t e_sqrdmulh(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    simd_i128 p = (simd_i128)2 * sx(n, b) * sx(m, b) + ((simd_i128)1 << (b - 1));
    return sat_s(p >> b, b, q);
}
static inline uint64_t l_smull(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q;
    return (uint64_t)(sx(n, b) * sx(m, b));
}
static inline uint64_t l_umull(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d, (void)q, (void)b;
    return n * m;
}
static inline uint64_t l_smlal(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    return d + l_smull(n, m, 0, b, q);
}
static inline uint64_t l_umlal(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    return d + l_umull(n, m, 0, b, q);
}
static inline uint64_t l_smlsl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    return d - l_smull(n, m, 0, b, q);
}
static inline uint64_t l_umlsl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    return d - l_umull(n, m, 0, b, q);
}
static inline uint64_t l_sqdmull(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    (void)d;
    return sat_s((simd_i128)2 * sx(n, b) * sx(m, b), 2 * b, q);
}
static inline uint64_t l_sqdmlal(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    uint64_t p = l_sqdmull(n, m, 0, b, q);
    return sat_s((simd_i128)sx(d, 2 * b) + sx(p, 2 * b), 2 * b, q);
}
static inline uint64_t l_sqdmlsl(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    uint64_t p = l_sqdmull(n, m, 0, b, q);
    return sat_s((simd_i128)sx(d, 2 * b) - sx(p, 2 * b), 2 * b, q);
}

/* SQRDMLAH/SQRDMLSH (FEAT_RDM): (d << bits) +- 2*n*m, rounded, high half. */
static inline uint64_t e_sqrdmlah(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    simd_i128 acc = (simd_i128)sx(d, b) * ((simd_i128)1 << b) + (simd_i128)2 * sx(n, b) * sx(m, b) +
                    ((simd_i128)1 << (b - 1));
    return sat_s(acc >> b, b, q);
}
static inline uint64_t e_sqrdmlsh(uint64_t n, uint64_t m, uint64_t d, unsigned b, bool *q)
{
    simd_i128 acc = (simd_i128)sx(d, b) * ((simd_i128)1 << b) - (simd_i128)2 * sx(n, b) * sx(m, b) +
                    ((simd_i128)1 << (b - 1));
    return sat_s(acc >> b, b, q);
}

/* ---- handler generators ------------------------------------------------
 * aux = lanes; imm = first source lane of the "2" (upper half) forms;
 * shift = immediate shift amount; imm2 = by-element lane index. */

#define SIMD_QC_DONE()                                                         \
    do {                                                                       \
        if (qc)                                                                \
            cpu->fpsr |= FPSR_QC;                                              \
    } while (0)

/* r[i] = fn(n[i], m[i], d[i]) */
#define SIMD_DEF_BIN(name, fn, bits)                                           \
    static op_result_t op_##name##_##bits(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], m = cpu->v[op->rm];                   \
        const vreg_t d = cpu->v[op->rd];                                       \
        vreg_t r = {{0}};                                                      \
        bool qc = false;                                                       \
        for (unsigned i = 0; i < op->aux; i++)                                 \
            LANES(r, bits)[i] = (uint##bits##_t)fn(                            \
                LANES(n, bits)[i], LANES(m, bits)[i], LANES(d, bits)[i],       \
                bits, &qc);                                                    \
        cpu->v[op->rd] = r;                                                    \
        SIMD_QC_DONE();                                                        \
        return OP_NEXT;                                                        \
    }

/* r[i] = fn(n[i], m[imm2], d[i]): the by-element forms. */
#define SIMD_DEF_ELEM(name, fn, bits)                                          \
    static op_result_t op_##name##_e##bits(cpu_t *cpu, const op_t *op)        \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], d = cpu->v[op->rd];                   \
        const uint64_t m = LANES(cpu->v[op->rm], bits)[op->imm2];              \
        vreg_t r = {{0}};                                                      \
        bool qc = false;                                                       \
        for (unsigned i = 0; i < op->aux; i++)                                 \
            LANES(r, bits)[i] = (uint##bits##_t)fn(                            \
                LANES(n, bits)[i], m, LANES(d, bits)[i], bits, &qc);           \
        cpu->v[op->rd] = r;                                                    \
        SIMD_QC_DONE();                                                        \
        return OP_NEXT;                                                        \
    }

/* Pairwise: r[i] = fn(x[2i], x[2i+1]) over the concatenation m:n. */
#define SIMD_DEF_PAIR(name, fn, bits)                                          \
    static op_result_t op_##name##_##bits(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], m = cpu->v[op->rm];                   \
        vreg_t r = {{0}};                                                      \
        bool qc = false;                                                       \
        unsigned half = op->aux / 2;                                           \
        if (half > 64 / (bits)) /* bound the compiler can see */               \
            half = 64 / (bits);                                                \
        for (unsigned i = 0; i < half; i++) {                                  \
            LANES(r, bits)[i] = (uint##bits##_t)fn(LANES(n, bits)[2 * i],      \
                LANES(n, bits)[2 * i + 1], 0, bits, &qc);                      \
            LANES(r, bits)[half + i] = (uint##bits##_t)fn(                     \
                LANES(m, bits)[2 * i], LANES(m, bits)[2 * i + 1], 0, bits,     \
                &qc);                                                          \
        }                                                                      \
        cpu->v[op->rd] = r;                                                    \
        (void)qc;                                                              \
        return OP_NEXT;                                                        \
    }

/* r[i] = fn(n[i], d[i]) with op->shift available as `sh`. */
#define SIMD_DEF_UN(name, fn, bits)                                            \
    static op_result_t op_##name##_##bits(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], d = cpu->v[op->rd];                   \
        vreg_t r = {{0}};                                                      \
        bool qc = false;                                                       \
        unsigned sh = op->shift;                                               \
        for (unsigned i = 0; i < op->aux; i++)                                 \
            LANES(r, bits)[i] = (uint##bits##_t)fn(                            \
                LANES(n, bits)[i], LANES(d, bits)[i], sh, bits, &qc);          \
        cpu->v[op->rd] = r;                                                    \
        SIMD_QC_DONE();                                                        \
        return OP_NEXT;                                                        \
    }

/* Long: wide r[i] = fn(n[imm+i], m[imm+i], r_old[i]) with bits-wide sources. */
#define SIMD_DEF_LONG(name, fn, bits, wbits)                                   \
    static op_result_t op_##name##_##bits(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], m = cpu->v[op->rm];                   \
        const vreg_t d = cpu->v[op->rd];                                       \
        vreg_t r = {{0}};                                                      \
        bool qc = false;                                                       \
        unsigned base = (unsigned)op->imm;                                     \
        for (unsigned i = 0; i < op->aux; i++)                                 \
            LANES(r, wbits)[i] = (uint##wbits##_t)fn(LANES(n, bits)[base + i], \
                LANES(m, bits)[base + i], LANES(d, wbits)[i], bits, &qc);      \
        cpu->v[op->rd] = r;                                                    \
        SIMD_QC_DONE();                                                        \
        return OP_NEXT;                                                        \
    }

/* Long by element: the m operand is lane imm2 of Vm. */
#define SIMD_DEF_LONG_ELEM(name, fn, bits, wbits)                              \
    static op_result_t op_##name##_e##bits(cpu_t *cpu, const op_t *op)        \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], d = cpu->v[op->rd];                   \
        const uint64_t m = LANES(cpu->v[op->rm], bits)[op->imm2];              \
        vreg_t r = {{0}};                                                      \
        bool qc = false;                                                       \
        unsigned base = (unsigned)op->imm;                                     \
        for (unsigned i = 0; i < op->aux; i++)                                 \
            LANES(r, wbits)[i] = (uint##wbits##_t)fn(                          \
                LANES(n, bits)[base + i], m, LANES(d, wbits)[i], bits, &qc);   \
        cpu->v[op->rd] = r;                                                    \
        SIMD_QC_DONE();                                                        \
        return OP_NEXT;                                                        \
    }

/* Narrow into the low half (imm = 0; the upper half is zeroed) or the high
 * half (imm = lanes; the low half of Vd is kept): r[imm+i] = fn(n[i], m[i])
 * with wide sources; fn gets the narrow size. */
#define SIMD_DEF_NARROW(name, fn, bits, wbits)                                 \
    static op_result_t op_##name##_##bits(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        const vreg_t n = cpu->v[op->rn], m = cpu->v[op->rm];                   \
        vreg_t r = {{0}};                                                      \
        bool qc = false;                                                       \
        unsigned base = (unsigned)op->imm, sh = op->shift;                     \
        if (base)                                                              \
            r.d[0] = cpu->v[op->rd].d[0];                                      \
        for (unsigned i = 0; i < op->aux; i++)                                 \
            LANES(r, bits)[base + i] = (uint##bits##_t)fn(                     \
                LANES(n, wbits)[i], LANES(m, wbits)[i], sh, bits, &qc);        \
        cpu->v[op->rd] = r;                                                    \
        SIMD_QC_DONE();                                                        \
        return OP_NEXT;                                                        \
    }

#define SIMD_FNS_ALL(name)                                                     \
    static const op_fn_t name##_fns[4] = {op_##name##_8, op_##name##_16,       \
                                          op_##name##_32, op_##name##_64}
#define SIMD_FNS_BHS(name)                                                     \
    static const op_fn_t name##_fns[4] = {op_##name##_8, op_##name##_16,       \
                                          op_##name##_32, NULL}
#define SIMD_FNS_HS(name)                                                      \
    static const op_fn_t name##_fns[4] = {NULL, op_##name##_16,                \
                                          op_##name##_32, NULL}

/* One generator applied to several sizes, plus the per-size table. */
#define SIMD_GEN_ALL(gen, name, fn)                                            \
    gen(name, fn, 8) gen(name, fn, 16) gen(name, fn, 32) gen(name, fn, 64)     \
    SIMD_FNS_ALL(name);
#define SIMD_GEN_BHS(gen, name, fn)                                            \
    gen(name, fn, 8) gen(name, fn, 16) gen(name, fn, 32) SIMD_FNS_BHS(name);
#define SIMD_GEN_HS(gen, name, fn)                                             \
    gen(name, fn, 16) gen(name, fn, 32) SIMD_FNS_HS(name);

/* Generators whose narrow and wide sizes go together (8/16, 16/32, 32/64). */
#define SIMD_GEN_WIDE(gen, name, fn)                                           \
    gen(name, fn, 8, 16) gen(name, fn, 16, 32) gen(name, fn, 32, 64)           \
    SIMD_FNS_BHS(name);

/* Features of the crypto and later SIMD extensions, from the model's
 * ID_AA64ISAR0_EL1 fields. */
static inline bool simd_has_pmull(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar0_el1, 4) >= 2; /* FEAT_PMULL */
}
static inline bool simd_has_aes(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar0_el1, 4) >= 1; /* FEAT_AES */
}
static inline bool simd_has_sha1(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar0_el1, 8) >= 1; /* FEAT_SHA1 */
}
static inline bool simd_has_sha256(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar0_el1, 12) >= 1; /* FEAT_SHA256 */
}
static inline bool simd_has_sha512(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar0_el1, 12) >= 2; /* FEAT_SHA512 */
}
static inline bool simd_has_rdm(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar0_el1, 28) >= 1; /* FEAT_RDM */
}
static inline bool simd_has_sha3(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar0_el1, 32) >= 1; /* FEAT_SHA3 */
}
static inline bool simd_has_dotprod(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar0_el1, 44) >= 1; /* FEAT_DotProd */
}

/* Lanes of an element size in a 64-bit (Q = 0) or 128-bit (Q = 1) vector. */
static inline unsigned simd_lanes(unsigned q, unsigned size)
{
    return (8u << q) >> size;
}

#endif
