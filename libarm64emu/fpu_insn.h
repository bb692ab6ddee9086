/* Shared by the FP instruction groups (insn_fp.c, insn_fpconv.c,
 * insn_simd_fp.c): precision decoding, FP16 feature checks and the
 * handler scaffolding that runs one core operation and accumulates FPSR. */
#ifndef ARM64EMU_FPU_INSN_H
#define ARM64EMU_FPU_INSN_H

#include "decode.h"
#include "fpu.h"
#include "model.h"

/* FEAT_FP16: ID_AA64PFR0_EL1.FP == 1 (half-precision arithmetic). */
static inline bool model_has_fp16(const cpu_model_t *m)
{
    return id_field(m->id_aa64pfr0_el1, 16) == 1;
}

/* FEAT_FHM: ID_AA64ISAR0_EL1.FHM >= 1 (FMLAL/FMLSL). */
static inline bool model_has_fhm(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar0_el1, 48) >= 1;
}

/* FEAT_JSCVT: ID_AA64ISAR1_EL1.JSCVT >= 1 (FJCVTZS). */
static inline bool model_has_jscvt(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar1_el1, 12) >= 1;
}

/* FEAT_FRINTTS: ID_AA64ISAR1_EL1.FRINTTS >= 1 (FRINT32Z...). */
static inline bool model_has_frintts(const cpu_model_t *m)
{
    return id_field(m->id_aa64isar1_el1, 32) >= 1;
}

/* Scalar ftype/ptype field: 00 single, 01 double, 11 half (FEAT_FP16 when
 * arithmetic needs it). */
static inline bool fp_decode_ptype(unsigned ptype, bool half_needs_fp16,
                                   const decode_ctx_t *ctx, unsigned *sz)
{
    switch (ptype) {
    case 0: *sz = FP_S; return true;
    case 1: *sz = FP_D; return true;
    case 3: *sz = FP_H; return !half_needs_fp16 || model_has_fp16(ctx->model);
    default: return false;
    }
}

/* Element 0 of V register n as a precision 0/1/2 (literal) lvalue. */
#define FPE_0(cpu, n) ((cpu)->v[n].h[0])
#define FPE_1(cpu, n) ((cpu)->v[n].s[0])
#define FPE_2(cpu, n) ((cpu)->v[n].d[0])
#define FPE(sz, cpu, n) FPE_##sz(cpu, n)

/* A scalar write: the element, zeros up to bit 127. */
static inline void fp_set_scalar(cpu_t *cpu, unsigned n, uint64_t v)
{
    cpu->v[n].d[0] = v;
    cpu->v[n].d[1] = 0;
}

/* Instantiates DEF(sz, args...) for the three precisions. */
#define FP_FOR_SIZES(DEF, ...) DEF(0, __VA_ARGS__) DEF(1, __VA_ARGS__) DEF(2, __VA_ARGS__)

/* Marker in op->aux: round with FPCR.RMode. */
#define FP_RM_FPCR 0xff

static inline fp_rounding_t fp_op_rounding(const cpu_t *cpu, unsigned aux)
{
    return aux == FP_RM_FPCR ? fp_rmode(cpu->fpcr) : (fp_rounding_t)aux;
}

#endif
