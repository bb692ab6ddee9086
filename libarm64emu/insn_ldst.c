/* Integer loads and stores: LDR/STR and their byte, halfword and
 * sign-extending forms in every addressing mode (unsigned offset, unscaled,
 * pre/post-index, register offset, unprivileged, literal), the pairs
 * (LDP/STP/LDPSW/LDNP/STNP) and the prefetch hints.
 *
 * Every addressing mode and access kind has its own handler, generated from
 * the macros below, so a handler does one address computation and one
 * access with offsets and scales already applied at translate time.
 *
 * No architectural effect on a fault: a handler reads memory before writing
 * any register, writes the base register last, and a store that makes two
 * accesses checks the whole range is writable first.
 *
 * CONSTRAINED UNPREDICTABLE choices (the ones QEMU and Unicorn make):
 * - load with writeback and Rt == Rn (Rn != SP): the base gets the written
 *   back address; the loaded value is lost (Constraint_UNKNOWN for Rt).
 * - store with writeback and Rt == Rn: the value stored is Rt before the
 *   writeback (Constraint_NONE).
 * - LDP/LDPSW/LDNP with Rt == Rt2: Rt receives the first element.
 * - LDP with writeback and Rt or Rt2 == Rn: the base gets the address.
 * SP alignment checking (SCTLR_ELx.SA/SA0) is not modelled.
 */
#include "alu.h"
#include "decode.h"
#include "mem.h"

#define NOINLINE __attribute__((noinline))

/* ---- value conversions on load ----------------------------------------- */

static inline uint64_t cv_zx(uint64_t v) { return v; }
static inline uint64_t cv_sb64(uint64_t v) { return (uint64_t)(int64_t)(int8_t)v; }
static inline uint64_t cv_sb32(uint64_t v) { return (uint32_t)(int32_t)(int8_t)v; }
static inline uint64_t cv_sh64(uint64_t v) { return (uint64_t)(int64_t)(int16_t)v; }
static inline uint64_t cv_sh32(uint64_t v) { return (uint32_t)(int32_t)(int16_t)v; }
static inline uint64_t cv_sw64(uint64_t v) { return (uint64_t)(int64_t)(int32_t)v; }

/* ---- addressing modes ---------------------------------------------------
 * EA_<mode> is the address accessed; WB_<mode> the base writeback after a
 * successful access. op->imm is the byte offset (already scaled), op->shift
 * the register-offset shift amount. */

#define EA_OFF  (cpu->r[op->rn] + op->imm)
#define EA_PRE  (cpu->r[op->rn] + op->imm)
#define EA_POST (cpu->r[op->rn])
#define EA_RX   (cpu->r[op->rn] + (cpu->r[op->rm] << op->shift))
#define EA_RUW  (cpu->r[op->rn] + ((uint64_t)(uint32_t)cpu->r[op->rm] << op->shift))
#define EA_RSW  (cpu->r[op->rn] + \
                 ((uint64_t)(int64_t)(int32_t)cpu->r[op->rm] << op->shift))
#define EA_LIT  (op->imm)

#define WB_OFF
#define WB_PRE  cpu->r[op->rn] = va;
#define WB_POST cpu->r[op->rn] = va + op->imm;
#define WB_RX
#define WB_RUW
#define WB_RSW
#define WB_LIT

/* ---- single-register handlers ------------------------------------------ */

#define DEF_LOAD(mode, name, bytes, conv)                                      \
    static op_result_t op_##name##_##mode(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        uint64_t va = EA_##mode, v;                                            \
        if (UNLIKELY(!mem_read(cpu, va, bytes, &v)))                           \
            return OP_FAULT;                                                   \
        cpu->r[op->rd] = conv(v);                                              \
        WB_##mode                                                              \
        return OP_NEXT;                                                        \
    }

#define DEF_STORE(mode, name, bytes)                                           \
    static op_result_t op_##name##_##mode(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        uint64_t va = EA_##mode;                                               \
        if (UNLIKELY(!mem_write(cpu, va, bytes, cpu->r[op->rd])))              \
            return OP_FAULT;                                                   \
        WB_##mode                                                              \
        return OP_NEXT;                                                        \
    }

/* Access kinds, in the order of the handler table columns. */
enum {
    K_STRB, K_LDRB, K_LDRSB_X, K_LDRSB_W,
    K_STRH, K_LDRH, K_LDRSH_X, K_LDRSH_W,
    K_STR_W, K_LDR_W, K_LDRSW,
    K_STR_X, K_LDR_X,
    K_COUNT,
    K_PRFM = K_COUNT, /* prefetch: a hint with no effect */
    K_NONE            /* unallocated */
};

/* kind_of[size][opc] for the integer register forms. */
static const uint8_t kind_of[4][4] = {
    {K_STRB, K_LDRB, K_LDRSB_X, K_LDRSB_W},
    {K_STRH, K_LDRH, K_LDRSH_X, K_LDRSH_W},
    {K_STR_W, K_LDR_W, K_LDRSW, K_NONE},
    {K_STR_X, K_LDR_X, K_PRFM, K_NONE},
};

#define DEF_MODE(mode)                                                         \
    DEF_STORE(mode, strb, 1)                                                   \
    DEF_LOAD(mode, ldrb, 1, cv_zx)                                             \
    DEF_LOAD(mode, ldrsb_x, 1, cv_sb64)                                        \
    DEF_LOAD(mode, ldrsb_w, 1, cv_sb32)                                        \
    DEF_STORE(mode, strh, 2)                                                   \
    DEF_LOAD(mode, ldrh, 2, cv_zx)                                             \
    DEF_LOAD(mode, ldrsh_x, 2, cv_sh64)                                        \
    DEF_LOAD(mode, ldrsh_w, 2, cv_sh32)                                        \
    DEF_STORE(mode, str_w, 4)                                                  \
    DEF_LOAD(mode, ldr_w, 4, cv_zx)                                            \
    DEF_LOAD(mode, ldrsw, 4, cv_sw64)                                          \
    DEF_STORE(mode, str_x, 8)                                                  \
    DEF_LOAD(mode, ldr_x, 8, cv_zx)

#define MODE_ROW(mode)                                                         \
    {                                                                          \
        op_strb_##mode, op_ldrb_##mode, op_ldrsb_x_##mode,                     \
        op_ldrsb_w_##mode, op_strh_##mode, op_ldrh_##mode,                     \
        op_ldrsh_x_##mode, op_ldrsh_w_##mode, op_str_w_##mode,                 \
        op_ldr_w_##mode, op_ldrsw_##mode, op_str_x_##mode, op_ldr_x_##mode,    \
    }

DEF_MODE(OFF)
DEF_MODE(PRE)
DEF_MODE(POST)
DEF_MODE(RX)
DEF_MODE(RUW)
DEF_MODE(RSW)

DEF_LOAD(LIT, ldr_w, 4, cv_zx)
DEF_LOAD(LIT, ldr_x, 8, cv_zx)
DEF_LOAD(LIT, ldrsw, 4, cv_sw64)

/* Unprivileged (LDTR/STTR family) above EL0: the access is made with EL0
 * permissions (in the EL1&0 regime, mem_read_unpriv decides at run time:
 * PSTATE.UAO or EL2/EL3 make it an ordinary access). At EL0 the ordinary
 * unsigned-offset handlers serve. */
#define DEF_LOAD_UNPRIV(name, bytes, conv)                                         static op_result_t op_##name##_UNP(cpu_t *cpu, const op_t *op)                {                                                                                  uint64_t va = cpu->r[op->rn] + op->imm, v;                                     if (UNLIKELY(!mem_read_unpriv(cpu, va, bytes, &v)))                                return OP_FAULT;                                                           cpu->r[op->rd] = conv(v);                                                      return OP_NEXT;                                                            }

#define DEF_STORE_UNPRIV(name, bytes)                                              static op_result_t op_##name##_UNP(cpu_t *cpu, const op_t *op)                {                                                                                  uint64_t va = cpu->r[op->rn] + op->imm;                                        if (UNLIKELY(!mem_write_unpriv(cpu, va, bytes, cpu->r[op->rd])))                   return OP_FAULT;                                                           return OP_NEXT;                                                            }

DEF_STORE_UNPRIV(strb, 1)
DEF_LOAD_UNPRIV(ldrb, 1, cv_zx)
DEF_LOAD_UNPRIV(ldrsb_x, 1, cv_sb64)
DEF_LOAD_UNPRIV(ldrsb_w, 1, cv_sb32)
DEF_STORE_UNPRIV(strh, 2)
DEF_LOAD_UNPRIV(ldrh, 2, cv_zx)
DEF_LOAD_UNPRIV(ldrsh_x, 2, cv_sh64)
DEF_LOAD_UNPRIV(ldrsh_w, 2, cv_sh32)
DEF_STORE_UNPRIV(str_w, 4)
DEF_LOAD_UNPRIV(ldr_w, 4, cv_zx)
DEF_LOAD_UNPRIV(ldrsw, 4, cv_sw64)
DEF_STORE_UNPRIV(str_x, 8)
DEF_LOAD_UNPRIV(ldr_x, 8, cv_zx)

static const op_fn_t unpriv_fns[K_COUNT] = MODE_ROW(UNP);

/* Addressing modes, in the order of the handler table rows. */
enum { M_OFF, M_PRE, M_POST, M_RX, M_RUW, M_RSW, M_COUNT };

static const op_fn_t single_fns[M_COUNT][K_COUNT] = {
    MODE_ROW(OFF), MODE_ROW(PRE), MODE_ROW(POST),
    MODE_ROW(RX),  MODE_ROW(RUW), MODE_ROW(RSW),
};

static op_result_t op_prfm(cpu_t *cpu, const op_t *op)
{
    (void)cpu;
    (void)op;
    return OP_NEXT;
}

/* ---- pair handlers -------------------------------------------------------
 * rd = Rt, ra = Rt2. Both elements are read before either register is
 * written; a store checks the whole range before writing anything. */

/* Page-crossing, TLB-miss and MMIO pairs: two element-sized accesses. Kept
 * out of line so the fast path needs no callee-saved registers. */
static NOINLINE bool read_pair_slow(cpu_t *cpu, uint64_t va, unsigned bytes,
                                    uint64_t *a, uint64_t *b)
{
    return mem_read(cpu, va, bytes, a) && mem_read(cpu, va + bytes, bytes, b);
}

static NOINLINE bool write_pair_slow(cpu_t *cpu, uint64_t va, unsigned bytes,
                                     uint64_t a, uint64_t b)
{
    return mem_probe_write(cpu, va, 2 * bytes) &&
           mem_write(cpu, va, bytes, a) && mem_write(cpu, va + bytes, bytes, b);
}

static inline bool read_pair(cpu_t *cpu, uint64_t va, unsigned bytes,
                             uint64_t *a, uint64_t *b)
{
    const uint8_t *h = mem_fast(cpu, va, 2 * bytes, false);
    if (LIKELY(h != NULL)) {
        if (bytes == 4) {
            uint32_t w[2];
            memcpy(w, h, 8);
            *a = w[0];
            *b = w[1];
        } else {
            memcpy(a, h, 8);
            memcpy(b, h + 8, 8);
        }
        return true;
    }
    return read_pair_slow(cpu, va, bytes, a, b);
}

static inline bool write_pair(cpu_t *cpu, uint64_t va, unsigned bytes,
                              uint64_t a, uint64_t b)
{
    uint8_t *h = mem_fast(cpu, va, 2 * bytes, true);
    if (LIKELY(h != NULL)) {
        if (bytes == 4) {
            uint32_t w[2] = {(uint32_t)a, (uint32_t)b};
            memcpy(h, w, 8);
        } else {
            memcpy(h, &a, 8);
            memcpy(h + 8, &b, 8);
        }
        return true;
    }
    return write_pair_slow(cpu, va, bytes, a, b);
}

#define DEF_LDP(mode, name, bytes, conv)                                       \
    static op_result_t op_##name##_##mode(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        uint64_t va = EA_##mode, a, b;                                         \
        if (UNLIKELY(!read_pair(cpu, va, bytes, &a, &b)))                      \
            return OP_FAULT;                                                   \
        cpu->r[op->ra] = conv(b);                                              \
        cpu->r[op->rd] = conv(a);                                              \
        WB_##mode                                                              \
        return OP_NEXT;                                                        \
    }

#define DEF_STP(mode, name, bytes)                                             \
    static op_result_t op_##name##_##mode(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        uint64_t va = EA_##mode;                                               \
        if (UNLIKELY(!write_pair(cpu, va, bytes, cpu->r[op->rd],               \
                                 cpu->r[op->ra])))                             \
            return OP_FAULT;                                                   \
        WB_##mode                                                              \
        return OP_NEXT;                                                        \
    }

#define DEF_PAIR_MODE(mode)                                                    \
    DEF_STP(mode, stp_w, 4)                                                    \
    DEF_LDP(mode, ldp_w, 4, cv_zx)                                             \
    DEF_LDP(mode, ldpsw, 4, cv_sw64)                                           \
    DEF_STP(mode, stp_x, 8)                                                    \
    DEF_LDP(mode, ldp_x, 8, cv_zx)

DEF_PAIR_MODE(OFF)
DEF_PAIR_MODE(PRE)
DEF_PAIR_MODE(POST)

enum { P_STP_W, P_LDP_W, P_LDPSW, P_STP_X, P_LDP_X, P_COUNT };

#define PAIR_ROW(mode)                                                         \
    {                                                                          \
        op_stp_w_##mode, op_ldp_w_##mode, op_ldpsw_##mode, op_stp_x_##mode,   \
        op_ldp_x_##mode,                                                       \
    }

static const op_fn_t pair_fns[3][P_COUNT] = {
    PAIR_ROW(OFF), PAIR_ROW(PRE), PAIR_ROW(POST),
};

/* ---- translate ----------------------------------------------------------- */

/* Rt as a load destination or a store source. */
static uint8_t rt_reg(unsigned kind, uint32_t t)
{
    bool store = kind == K_STRB || kind == K_STRH || kind == K_STR_W ||
                 kind == K_STR_X;
    return store ? reg_or_zr(t) : dst_or_zr(t);
}

static bool single(op_t *op, const fields_t *f, unsigned mode, uint64_t imm)
{
    unsigned kind = kind_of[F(f, 's')][F(f, 'o')];
    if (kind == K_NONE)
        return false;
    if (kind == K_PRFM) {
        /* Prefetch has no pre/post-index or unprivileged form. */
        if (mode == M_PRE || mode == M_POST)
            return false;
        op->fn = op_prfm;
        return true;
    }
    op->fn = single_fns[mode][kind];
    op->rd = rt_reg(kind, F(f, 't'));
    op->rn = reg_or_sp(F(f, 'n'));
    op->imm = imm;
    return true;
}

static bool tr_ldst_uimm(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return single(op, f, M_OFF, (uint64_t)F(f, 'i') << F(f, 's'));
}

static bool tr_ldst_unscaled(op_t *op, const fields_t *f,
                             const decode_ctx_t *ctx)
{
    (void)ctx;
    return single(op, f, M_OFF, sign_extend(F(f, 'i'), 9));
}

static bool tr_ldst_post(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return single(op, f, M_POST, sign_extend(F(f, 'i'), 9));
}

static bool tr_ldst_pre(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return single(op, f, M_PRE, sign_extend(F(f, 'i'), 9));
}

/* LDTR/STTR family: at EL0 an unprivileged access is an ordinary one;
 * above EL0 it has its own handlers. */
static bool tr_ldst_unpriv(op_t *op, const fields_t *f,
                           const decode_ctx_t *ctx)
{
    unsigned kind = kind_of[F(f, 's')][F(f, 'o')];
    if (kind == K_PRFM)
        return false;
    if (!single(op, f, M_OFF, sign_extend(F(f, 'i'), 9)))
        return false;
    if (ctx->el > 0)
        op->fn = unpriv_fns[kind];
    return true;
}

static bool tr_ldst_reg(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned option = F(f, 'x');
    if (!(option & 2))
        return false; /* sub-word index register */
    unsigned mode = option == 2 ? M_RUW : option == 6 ? M_RSW : M_RX;
    if (!single(op, f, mode, 0))
        return false;
    op->rm = reg_or_zr(F(f, 'm'));
    op->shift = (uint8_t)(F(f, 'S') ? F(f, 's') : 0);
    return true;
}

static bool tr_ldr_lit(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t fns[3] = {op_ldr_w_LIT, op_ldr_x_LIT, op_ldrsw_LIT};
    unsigned opc = F(f, 'o');
    if (opc == 3) {
        op->fn = op_prfm;
        return true;
    }
    op->fn = fns[opc];
    op->rd = dst_or_zr(F(f, 't'));
    op->imm = ctx->pc + (sign_extend(F(f, 'i'), 19) << 2);
    return true;
}

static bool pair(op_t *op, const fields_t *f, unsigned mode)
{
    unsigned opc = F(f, 'o');
    bool load = F(f, 'L');
    unsigned kind;
    switch (opc) {
    case 0: kind = load ? P_LDP_W : P_STP_W; break;
    case 2: kind = load ? P_LDP_X : P_STP_X; break;
    case 1:
        if (!load)
            return false; /* STGP: FEAT_MTE */
        kind = P_LDPSW;
        break;
    default: return false;
    }
    unsigned scale = opc == 2 ? 3 : 2;
    op->fn = pair_fns[mode][kind];
    op->rd = load ? dst_or_zr(F(f, 't')) : reg_or_zr(F(f, 't'));
    op->ra = load ? dst_or_zr(F(f, 'T')) : reg_or_zr(F(f, 'T'));
    op->rn = reg_or_sp(F(f, 'n'));
    op->imm = sign_extend(F(f, 'i'), 7) << scale;
    return true;
}

static bool tr_ldstnp(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    if (F(f, 'o') == 1)
        return false; /* no LDNPSW; unallocated */
    return pair(op, f, M_OFF);
}

static bool tr_ldstp_post(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return pair(op, f, M_POST);
}

static bool tr_ldstp_off(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return pair(op, f, M_OFF);
}

static bool tr_ldstp_pre(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return pair(op, f, M_PRE);
}

/* Field letters: s size, o opc, L load, t Rt, T Rt2, n Rn, m Rm, x option,
 * S shift, i immediate. */
const pattern_t insn_ldst_table[] = {
    {"LDR/LDRSW/PRFM (literal)",   "oo 011 0 00 iiiiiiiiiiiiiiiiiii ttttt",           tr_ldr_lit},
    {"STNP/LDNP",                  "oo 101 0 000 L iiiiiii TTTTT nnnnn ttttt",        tr_ldstnp},
    {"STP/LDP/LDPSW (post-index)", "oo 101 0 001 L iiiiiii TTTTT nnnnn ttttt",        tr_ldstp_post},
    {"STP/LDP/LDPSW (offset)",     "oo 101 0 010 L iiiiiii TTTTT nnnnn ttttt",        tr_ldstp_off},
    {"STP/LDP/LDPSW (pre-index)",  "oo 101 0 011 L iiiiiii TTTTT nnnnn ttttt",        tr_ldstp_pre},
    {"STUR/LDUR/PRFUM",            "ss 111 0 00 oo 0 iiiiiiiii 00 nnnnn ttttt",       tr_ldst_unscaled},
    {"STR/LDR (post-index)",       "ss 111 0 00 oo 0 iiiiiiiii 01 nnnnn ttttt",       tr_ldst_post},
    {"STTR/LDTR (unprivileged)",   "ss 111 0 00 oo 0 iiiiiiiii 10 nnnnn ttttt",       tr_ldst_unpriv},
    {"STR/LDR (pre-index)",        "ss 111 0 00 oo 0 iiiiiiiii 11 nnnnn ttttt",       tr_ldst_pre},
    {"STR/LDR/PRFM (register)",    "ss 111 0 00 oo 1 mmmmm xxx S 10 nnnnn ttttt",     tr_ldst_reg},
    {"STR/LDR/PRFM (unsigned offset)", "ss 111 0 01 oo iiiiiiiiiiii nnnnn ttttt",     tr_ldst_uimm},
    /* Not yet: LDRAA/LDRAB "11 111 0 00 M S 1 iiiiiiiii W 1 nnnnn ttttt"
     *   (FEAT_PAuth, v8.3).
     * Not yet: LDAPUR/LDAPURB/LDAPURH/LDAPURSB/LDAPURSH/LDAPURSW/STLUR/
     *   STLURB/STLURH "ss 011 0 01 oo 0 iiiiiiiii 00 nnnnn ttttt"
     *   (FEAT_LRCPC2, v8.4).
     * Not yet: STGP "01 101 0 0ww 0 iiiiiii TTTTT nnnnn ttttt" (ww != 00),
     *   STG/STZG/ST2G/STZ2G/LDG/STGM/STZGM/LDGM "11011001 ..."
     *   (FEAT_MTE, v8.5).
     * Not yet: CPYFP/CPYFM/CPYFE, CPYP/CPYM/CPYE, SETP/SETM/SETE,
     *   SETGP/SETGM/SETGE and their variants "ss 011 x 01 ..."
     *   (FEAT_MOPS, v8.8).
     * Not yet: LDIAPP/STILP "1x 011 0 01 0 L 0 ..." (FEAT_LRCPC3, v8.9).
     * Not yet: GCSSTR/GCSSTTR "11011001 000 11111 000x 11 ..."
     *   (FEAT_GCS, v9.4).
     * Not yet: LDTP/STTP/LDTNP/STTNP and the FEAT_LSUI (v9.6) unprivileged
     *   atomics.
     * RPRFM (FEAT_RPRFM) encodings fall in PRFM (register) and, being
     * hints, behave as the no-op prefetch they are on cores without it. */
    {NULL, NULL, NULL},
};
