/* SIMD&FP register loads and stores: LDR/STR of B/H/S/D/Q in every
 * addressing mode, LDR (literal), LDP/STP/LDNP/STNP of S/D/Q, and the
 * Advanced SIMD structure loads and stores (LD1-LD4/ST1-ST4 multiple and
 * single structure, LD1R-LD4R).
 *
 * Scalar loads write the whole 128-bit register (the bits above the access
 * are zeroed). As for the integer forms, memory is read before any register
 * is written and multi-access stores check the whole range first, so a
 * faulting instruction has no effect.
 *
 * CONSTRAINED UNPREDICTABLE choice (QEMU's and Unicorn's): LDP/LDNP of
 * SIMD&FP registers with Rt == Rt2 leaves the second element in Rt.
 */
#include "alu.h"
#include "decode.h"
#include "mem.h"

#define NOINLINE __attribute__((noinline))

/* ---- addressing modes (as in insn_ldst.c) -------------------------------- */

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

/* ---- 16-byte accesses ----------------------------------------------------- */

static inline bool read_q(cpu_t *cpu, uint64_t va, vreg_t *out)
{
    const uint8_t *h = mem_fast(cpu, va, 16, false);
    if (LIKELY(h != NULL)) {
        memcpy(out->b, h, 16);
        return true;
    }
    return mem_read16(cpu, va, &out->d[0], &out->d[1]);
}

static inline bool write_q(cpu_t *cpu, uint64_t va, const vreg_t *v)
{
    uint8_t *h = mem_fast(cpu, va, 16, true);
    if (LIKELY(h != NULL)) {
        memcpy(h, v->b, 16);
        return true;
    }
    return mem_write16(cpu, va, v->d[0], v->d[1]);
}

/* ---- single-register handlers (rd = Vt) ------------------------------- */

#define DEF_VLOAD(mode, name, bytes)                                           \
    static op_result_t op_##name##_##mode(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        uint64_t va = EA_##mode, v;                                            \
        if (UNLIKELY(!mem_read(cpu, va, bytes, &v)))                           \
            return OP_FAULT;                                                   \
        cpu->v[op->rd].d[0] = v;                                               \
        cpu->v[op->rd].d[1] = 0;                                               \
        WB_##mode                                                              \
        return OP_NEXT;                                                        \
    }

#define DEF_VSTORE(mode, name, bytes)                                          \
    static op_result_t op_##name##_##mode(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        uint64_t va = EA_##mode;                                               \
        if (UNLIKELY(!mem_write(cpu, va, bytes, cpu->v[op->rd].d[0])))         \
            return OP_FAULT;                                                   \
        WB_##mode                                                              \
        return OP_NEXT;                                                        \
    }

#define DEF_QLOAD(mode)                                                        \
    static op_result_t op_ldr_q_##mode(cpu_t *cpu, const op_t *op)             \
    {                                                                          \
        uint64_t va = EA_##mode;                                               \
        vreg_t v;                                                              \
        if (UNLIKELY(!read_q(cpu, va, &v)))                                    \
            return OP_FAULT;                                                   \
        cpu->v[op->rd] = v;                                                    \
        WB_##mode                                                              \
        return OP_NEXT;                                                        \
    }

#define DEF_QSTORE(mode)                                                       \
    static op_result_t op_str_q_##mode(cpu_t *cpu, const op_t *op)             \
    {                                                                          \
        uint64_t va = EA_##mode;                                               \
        if (UNLIKELY(!write_q(cpu, va, &cpu->v[op->rd])))                      \
            return OP_FAULT;                                                   \
        WB_##mode                                                              \
        return OP_NEXT;                                                        \
    }

/* Access kinds, in the order of the handler table columns: the log2 of the
 * access size, plus 5 for loads. */
enum { VK_COUNT = 10, VK_NONE = 0xff };

#define DEF_VMODE(mode)                                                        \
    DEF_VSTORE(mode, str_b, 1)                                                 \
    DEF_VSTORE(mode, str_h, 2)                                                 \
    DEF_VSTORE(mode, str_s, 4)                                                 \
    DEF_VSTORE(mode, str_d, 8)                                                 \
    DEF_QSTORE(mode)                                                           \
    DEF_VLOAD(mode, ldr_b, 1)                                                  \
    DEF_VLOAD(mode, ldr_h, 2)                                                  \
    DEF_VLOAD(mode, ldr_s, 4)                                                  \
    DEF_VLOAD(mode, ldr_d, 8)                                                  \
    DEF_QLOAD(mode)

#define VMODE_ROW(mode)                                                        \
    {                                                                          \
        op_str_b_##mode, op_str_h_##mode, op_str_s_##mode, op_str_d_##mode,   \
        op_str_q_##mode, op_ldr_b_##mode, op_ldr_h_##mode, op_ldr_s_##mode,   \
        op_ldr_d_##mode, op_ldr_q_##mode,                                      \
    }

DEF_VMODE(OFF)
DEF_VMODE(PRE)
DEF_VMODE(POST)
DEF_VMODE(RX)
DEF_VMODE(RUW)
DEF_VMODE(RSW)

DEF_VLOAD(LIT, ldr_s, 4)
DEF_VLOAD(LIT, ldr_d, 8)
DEF_QLOAD(LIT)

enum { M_OFF, M_PRE, M_POST, M_RX, M_RUW, M_RSW, M_COUNT };

static const op_fn_t vsingle_fns[M_COUNT][VK_COUNT] = {
    VMODE_ROW(OFF), VMODE_ROW(PRE), VMODE_ROW(POST),
    VMODE_ROW(RX),  VMODE_ROW(RUW), VMODE_ROW(RSW),
};

/* ---- pair handlers (rd = Vt, ra = Vt2) ---------------------------------
 * The slow paths (page crossing, TLB miss, MMIO) are out of line so the
 * fast path needs no callee-saved registers. */

static NOINLINE bool read_pair_slow(cpu_t *cpu, uint64_t va, unsigned bytes,
                                    vreg_t *a, vreg_t *b)
{
    if (bytes == 16)
        return read_q(cpu, va, a) && read_q(cpu, va + 16, b);
    a->d[1] = b->d[1] = 0;
    return mem_read(cpu, va, bytes, &a->d[0]) &&
           mem_read(cpu, va + bytes, bytes, &b->d[0]);
}

static NOINLINE bool write_pair_slow(cpu_t *cpu, uint64_t va, unsigned bytes,
                                     const vreg_t *a, const vreg_t *b)
{
    if (!mem_probe_write(cpu, va, 2 * bytes))
        return false;
    if (bytes == 16)
        return write_q(cpu, va, a) && write_q(cpu, va + 16, b);
    return mem_write(cpu, va, bytes, a->d[0]) &&
           mem_write(cpu, va + bytes, bytes, b->d[0]);
}

/* Reads two elements of bytes each into zeroed registers a and b. */
static inline bool read_pair(cpu_t *cpu, uint64_t va, unsigned bytes,
                             vreg_t *a, vreg_t *b)
{
    const uint8_t *h = mem_fast(cpu, va, 2 * bytes, false);
    if (LIKELY(h != NULL)) {
        memset(a, 0, sizeof(*a));
        memset(b, 0, sizeof(*b));
        memcpy(a->b, h, bytes);
        memcpy(b->b, h + bytes, bytes);
        return true;
    }
    return read_pair_slow(cpu, va, bytes, a, b);
}

static inline bool write_pair(cpu_t *cpu, uint64_t va, unsigned bytes,
                              const vreg_t *a, const vreg_t *b)
{
    uint8_t *h = mem_fast(cpu, va, 2 * bytes, true);
    if (LIKELY(h != NULL)) {
        memcpy(h, a->b, bytes);
        memcpy(h + bytes, b->b, bytes);
        return true;
    }
    return write_pair_slow(cpu, va, bytes, a, b);
}

#define DEF_VLDP(mode, name, bytes)                                            \
    static op_result_t op_##name##_##mode(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        uint64_t va = EA_##mode;                                               \
        vreg_t a, b;                                                           \
        if (UNLIKELY(!read_pair(cpu, va, bytes, &a, &b)))                      \
            return OP_FAULT;                                                   \
        cpu->v[op->rd] = a;                                                    \
        cpu->v[op->ra] = b;                                                    \
        WB_##mode                                                              \
        return OP_NEXT;                                                        \
    }

#define DEF_VSTP(mode, name, bytes)                                            \
    static op_result_t op_##name##_##mode(cpu_t *cpu, const op_t *op)          \
    {                                                                          \
        uint64_t va = EA_##mode;                                               \
        if (UNLIKELY(!write_pair(cpu, va, bytes, &cpu->v[op->rd],              \
                                 &cpu->v[op->ra])))                            \
            return OP_FAULT;                                                   \
        WB_##mode                                                              \
        return OP_NEXT;                                                        \
    }

#define DEF_VPAIR_MODE(mode)                                                   \
    DEF_VSTP(mode, stp_s, 4)                                                   \
    DEF_VSTP(mode, stp_d, 8)                                                   \
    DEF_VSTP(mode, stp_q, 16)                                                  \
    DEF_VLDP(mode, ldp_s, 4)                                                   \
    DEF_VLDP(mode, ldp_d, 8)                                                   \
    DEF_VLDP(mode, ldp_q, 16)

#define VPAIR_ROW(mode)                                                        \
    {                                                                          \
        op_stp_s_##mode, op_stp_d_##mode, op_stp_q_##mode, op_ldp_s_##mode,   \
        op_ldp_d_##mode, op_ldp_q_##mode,                                      \
    }

DEF_VPAIR_MODE(OFF)
DEF_VPAIR_MODE(PRE)
DEF_VPAIR_MODE(POST)

/* [mode][L * 3 + opc] */
static const op_fn_t vpair_fns[3][6] = {
    VPAIR_ROW(OFF), VPAIR_ROW(PRE), VPAIR_ROW(POST),
};

/* ---- structure loads and stores -------------------------------------------
 * Fields: rd = first Vt, rn = base, rm = post-index register, size = log2
 * of the element size, aux = registers per structure group (LD1/ST1
 * multiple: the register count; otherwise 1), cond = selem (elements per
 * structure), shift = bytes per register (8 or 16; for single structure
 * the lane index instead), imm = post-index immediate. */

/* Reads len bytes at va into buf, element by element on the slow path so
 * that MMIO sees the element-sized accesses. */
static bool read_block(cpu_t *cpu, uint64_t va, unsigned len, unsigned ebytes,
                       uint8_t *buf)
{
    const uint8_t *h = mem_fast(cpu, va, len, false);
    if (LIKELY(h != NULL)) {
        memcpy(buf, h, len);
        return true;
    }
    for (unsigned off = 0; off < len; off += ebytes) {
        uint64_t v;
        if (!mem_read(cpu, va + off, ebytes, &v))
            return false;
        memcpy(buf + off, &v, ebytes);
    }
    return true;
}

static bool write_block(cpu_t *cpu, uint64_t va, unsigned len, unsigned ebytes,
                        const uint8_t *buf)
{
    uint8_t *h = mem_fast(cpu, va, len, true);
    if (LIKELY(h != NULL)) {
        memcpy(h, buf, len);
        return true;
    }
    if (!mem_probe_write(cpu, va, len))
        return false;
    for (unsigned off = 0; off < len; off += ebytes) {
        uint64_t v = 0;
        memcpy(&v, buf + off, ebytes);
        if (!mem_write(cpu, va + off, ebytes, v))
            return false;
    }
    return true;
}

/* Total bytes of a multiple-structure access. */
static inline unsigned multi_len(const op_t *op)
{
    return (unsigned)op->aux * op->cond * op->shift;
}

static bool ld_multi(cpu_t *cpu, const op_t *op, uint64_t va)
{
    unsigned rbytes = op->shift, len = multi_len(op);
    uint8_t buf[64];
    if (!read_block(cpu, va, len, 1u << op->size, buf))
        return false;
    if (op->cond == 1) { /* LD1: each register is a contiguous block */
        for (unsigned r = 0; r < op->aux; r++) {
            vreg_t *v = &cpu->v[(op->rd + r) & 31];
            v->d[1] = 0;
            memcpy(v->b, buf + r * rbytes, rbytes);
        }
        return true;
    }
    unsigned eb = 1u << op->size, selem = op->cond, elems = rbytes / eb;
    vreg_t out[4];
    memset(out, 0, sizeof(out));
    for (unsigned e = 0; e < elems; e++)
        for (unsigned s = 0; s < selem; s++)
            memcpy(out[s].b + e * eb, buf + (e * selem + s) * eb, eb);
    for (unsigned s = 0; s < selem; s++)
        cpu->v[(op->rd + s) & 31] = out[s];
    return true;
}

static bool st_multi(cpu_t *cpu, const op_t *op, uint64_t va)
{
    unsigned rbytes = op->shift, len = multi_len(op);
    uint8_t buf[64];
    if (op->cond == 1) {
        for (unsigned r = 0; r < op->aux; r++)
            memcpy(buf + r * rbytes, cpu->v[(op->rd + r) & 31].b, rbytes);
    } else {
        unsigned eb = 1u << op->size, selem = op->cond, elems = rbytes / eb;
        for (unsigned e = 0; e < elems; e++)
            for (unsigned s = 0; s < selem; s++)
                memcpy(buf + (e * selem + s) * eb,
                       cpu->v[(op->rd + s) & 31].b + e * eb, eb);
    }
    return write_block(cpu, va, len, 1u << op->size, buf);
}

/* One element per register into lane op->shift; other lanes kept. */
static bool ld_single(cpu_t *cpu, const op_t *op, uint64_t va)
{
    unsigned eb = 1u << op->size, selem = op->cond;
    uint8_t buf[32];
    if (!read_block(cpu, va, selem * eb, eb, buf))
        return false;
    for (unsigned s = 0; s < selem; s++)
        memcpy(cpu->v[(op->rd + s) & 31].b + op->shift * eb, buf + s * eb, eb);
    return true;
}

static bool st_single(cpu_t *cpu, const op_t *op, uint64_t va)
{
    unsigned eb = 1u << op->size, selem = op->cond;
    uint8_t buf[32];
    for (unsigned s = 0; s < selem; s++)
        memcpy(buf + s * eb, cpu->v[(op->rd + s) & 31].b + op->shift * eb, eb);
    return write_block(cpu, va, selem * eb, eb, buf);
}

/* LDnR: one element per register, replicated to every lane of op->aux
 * bytes (8 or 16), the rest zeroed. */
static bool ld_repl(cpu_t *cpu, const op_t *op, uint64_t va)
{
    unsigned eb = 1u << op->size, selem = op->cond;
    uint8_t buf[32];
    if (!read_block(cpu, va, selem * eb, eb, buf))
        return false;
    for (unsigned s = 0; s < selem; s++) {
        vreg_t v;
        memset(&v, 0, sizeof(v));
        for (unsigned off = 0; off < op->aux; off += eb)
            memcpy(v.b + off, buf + s * eb, eb);
        cpu->v[(op->rd + s) & 31] = v;
    }
    return true;
}

#define DEF_STRUCT(name, fn)                                                   \
    static op_result_t op_##name(cpu_t *cpu, const op_t *op)                   \
    {                                                                          \
        if (UNLIKELY(!fn(cpu, op, cpu->r[op->rn])))                            \
            return OP_FAULT;                                                   \
        return OP_NEXT;                                                        \
    }                                                                          \
    static op_result_t op_##name##_wbi(cpu_t *cpu, const op_t *op)             \
    {                                                                          \
        uint64_t va = cpu->r[op->rn];                                          \
        if (UNLIKELY(!fn(cpu, op, va)))                                        \
            return OP_FAULT;                                                   \
        cpu->r[op->rn] = va + op->imm;                                         \
        return OP_NEXT;                                                        \
    }                                                                          \
    static op_result_t op_##name##_wbr(cpu_t *cpu, const op_t *op)             \
    {                                                                          \
        uint64_t va = cpu->r[op->rn];                                          \
        if (UNLIKELY(!fn(cpu, op, va)))                                        \
            return OP_FAULT;                                                   \
        cpu->r[op->rn] = va + cpu->r[op->rm];                                  \
        return OP_NEXT;                                                        \
    }                                                                          \
    static const op_fn_t name##_fns[3] = {op_##name, op_##name##_wbi,          \
                                          op_##name##_wbr};

DEF_STRUCT(ld_multi, ld_multi)
DEF_STRUCT(st_multi, st_multi)
DEF_STRUCT(ld_single, ld_single)
DEF_STRUCT(st_single, st_single)
DEF_STRUCT(ld_repl, ld_repl)

/* ---- translate ----------------------------------------------------------- */

/* Column of vsingle_fns for size:opc, or VK_NONE. */
static unsigned vkind(unsigned size, unsigned opc)
{
    unsigned load = opc & 1;
    if (opc & 2) {
        if (size != 0)
            return VK_NONE;
        return 4 + 5 * load; /* Q */
    }
    return size + 5 * load;
}

static unsigned vkind_log2(unsigned kind) { return kind % 5; }

static bool vsingle(op_t *op, const fields_t *f, unsigned mode, uint64_t imm)
{
    unsigned kind = vkind(F(f, 's'), F(f, 'o'));
    if (kind == VK_NONE)
        return false;
    op->fn = vsingle_fns[mode][kind];
    op->rd = (uint8_t)F(f, 't');
    op->rn = reg_or_sp(F(f, 'n'));
    op->imm = imm;
    return true;
}

static bool tr_vldst_uimm(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned kind = vkind(F(f, 's'), F(f, 'o'));
    if (kind == VK_NONE)
        return false;
    return vsingle(op, f, M_OFF, (uint64_t)F(f, 'i') << vkind_log2(kind));
}

static bool tr_vldst_unscaled(op_t *op, const fields_t *f,
                              const decode_ctx_t *ctx)
{
    (void)ctx;
    return vsingle(op, f, M_OFF, sign_extend(F(f, 'i'), 9));
}

static bool tr_vldst_post(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return vsingle(op, f, M_POST, sign_extend(F(f, 'i'), 9));
}

static bool tr_vldst_pre(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return vsingle(op, f, M_PRE, sign_extend(F(f, 'i'), 9));
}

static bool tr_vldst_reg(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    unsigned option = F(f, 'x');
    if (!(option & 2))
        return false; /* sub-word index register */
    unsigned kind = vkind(F(f, 's'), F(f, 'o'));
    if (kind == VK_NONE)
        return false;
    unsigned mode = option == 2 ? M_RUW : option == 6 ? M_RSW : M_RX;
    vsingle(op, f, mode, 0);
    op->rm = reg_or_zr(F(f, 'm'));
    op->shift = (uint8_t)(F(f, 'S') ? vkind_log2(kind) : 0);
    return true;
}

static bool tr_vldr_lit(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t fns[3] = {op_ldr_s_LIT, op_ldr_d_LIT, op_ldr_q_LIT};
    unsigned opc = F(f, 'o');
    if (opc == 3)
        return false;
    op->fn = fns[opc];
    op->rd = (uint8_t)F(f, 't');
    op->imm = ctx->pc + (sign_extend(F(f, 'i'), 19) << 2);
    return true;
}

static bool vpair(op_t *op, const fields_t *f, unsigned mode)
{
    unsigned opc = F(f, 'o');
    if (opc == 3)
        return false;
    op->fn = vpair_fns[mode][F(f, 'L') * 3 + opc];
    op->rd = (uint8_t)F(f, 't');
    op->ra = (uint8_t)F(f, 'T');
    op->rn = reg_or_sp(F(f, 'n'));
    op->imm = sign_extend(F(f, 'i'), 7) << (2 + opc);
    return true;
}

static bool tr_vldstnp(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return vpair(op, f, M_OFF);
}

static bool tr_vldstp_post(op_t *op, const fields_t *f,
                           const decode_ctx_t *ctx)
{
    (void)ctx;
    return vpair(op, f, M_POST);
}

static bool tr_vldstp_off(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return vpair(op, f, M_OFF);
}

static bool tr_vldstp_pre(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return vpair(op, f, M_PRE);
}

/* Post-index form: 0 none, 1 immediate (Rm == 31), 2 register. */
static unsigned post_form(const fields_t *f, bool post)
{
    if (!post)
        return 0;
    return F(f, 'm') == 31 ? 1 : 2;
}

static bool multi(op_t *op, const fields_t *f, bool post)
{
    unsigned rpt, selem;
    switch (F(f, 'o')) {
    case 0x0: rpt = 1; selem = 4; break; /* LD4/ST4 */
    case 0x2: rpt = 4; selem = 1; break; /* LD1/ST1, 4 registers */
    case 0x4: rpt = 1; selem = 3; break; /* LD3/ST3 */
    case 0x6: rpt = 3; selem = 1; break; /* LD1/ST1, 3 registers */
    case 0x7: rpt = 1; selem = 1; break; /* LD1/ST1, 1 register */
    case 0x8: rpt = 1; selem = 2; break; /* LD2/ST2 */
    case 0xa: rpt = 2; selem = 1; break; /* LD1/ST1, 2 registers */
    default: return false;
    }
    unsigned size = F(f, 's'), q = F(f, 'Q');
    if (size == 3 && !q && selem != 1)
        return false; /* .1D only for LD1/ST1 */
    unsigned form = post_form(f, post);
    op->fn = F(f, 'L') ? ld_multi_fns[form] : st_multi_fns[form];
    op->rd = (uint8_t)F(f, 't');
    op->rn = reg_or_sp(F(f, 'n'));
    op->rm = reg_or_zr(F(f, 'm'));
    op->size = (uint8_t)size;
    op->aux = (uint8_t)rpt;
    op->cond = (uint8_t)selem;
    op->shift = q ? 16 : 8;
    op->imm = (uint64_t)rpt * selem * op->shift;
    return true;
}

static bool tr_multi(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return multi(op, f, false);
}

static bool tr_multi_post(op_t *op, const fields_t *f,
                          const decode_ctx_t *ctx)
{
    (void)ctx;
    return multi(op, f, true);
}

static bool single_struct(op_t *op, const fields_t *f, bool post)
{
    unsigned opcode = F(f, 'o'), size = F(f, 's'), q = F(f, 'Q'),
             s = F(f, 'S'), load = F(f, 'L');
    unsigned scale = opcode >> 1, selem = (((opcode & 1) << 1) | F(f, 'R')) + 1;
    unsigned index = 0, form = post_form(f, post);
    bool replicate = false;
    switch (scale) {
    case 3:
        if (!load || s)
            return false;
        scale = size;
        replicate = true;
        break;
    case 0:
        index = (q << 3) | (s << 2) | size;
        break;
    case 1:
        if (size & 1)
            return false;
        index = (q << 2) | (s << 1) | (size >> 1);
        break;
    default:
        if (size & 2)
            return false;
        if (!(size & 1)) {
            index = (q << 1) | s;
        } else {
            if (s)
                return false;
            index = q;
            scale = 3;
        }
        break;
    }
    if (replicate) {
        op->fn = ld_repl_fns[form];
        op->aux = q ? 16 : 8;
    } else {
        op->fn = load ? ld_single_fns[form] : st_single_fns[form];
        op->shift = (uint8_t)index;
    }
    op->rd = (uint8_t)F(f, 't');
    op->rn = reg_or_sp(F(f, 'n'));
    op->rm = reg_or_zr(F(f, 'm'));
    op->size = (uint8_t)scale;
    op->cond = (uint8_t)selem;
    op->imm = (uint64_t)selem << scale;
    return true;
}

static bool tr_single(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    return single_struct(op, f, false);
}

static bool tr_single_post(op_t *op, const fields_t *f,
                           const decode_ctx_t *ctx)
{
    (void)ctx;
    return single_struct(op, f, true);
}

/* Field letters: s size, o opc/opcode, L load, Q 128-bit, R selem bit,
 * S shift / lane bit, t Vt, T Vt2, n Rn, m Rm, x option, i immediate. */
const pattern_t insn_ldst_simd_table[] = {
    {"LDR (literal, SIMD&FP)",         "oo 011 1 00 iiiiiiiiiiiiiiiiiii ttttt",       tr_vldr_lit},
    {"STNP/LDNP (SIMD&FP)",            "oo 101 1 000 L iiiiiii TTTTT nnnnn ttttt",    tr_vldstnp},
    {"STP/LDP (SIMD&FP, post-index)",  "oo 101 1 001 L iiiiiii TTTTT nnnnn ttttt",    tr_vldstp_post},
    {"STP/LDP (SIMD&FP, offset)",      "oo 101 1 010 L iiiiiii TTTTT nnnnn ttttt",    tr_vldstp_off},
    {"STP/LDP (SIMD&FP, pre-index)",   "oo 101 1 011 L iiiiiii TTTTT nnnnn ttttt",    tr_vldstp_pre},
    {"STUR/LDUR (SIMD&FP)",            "ss 111 1 00 oo 0 iiiiiiiii 00 nnnnn ttttt",   tr_vldst_unscaled},
    {"STR/LDR (SIMD&FP, post-index)",  "ss 111 1 00 oo 0 iiiiiiiii 01 nnnnn ttttt",   tr_vldst_post},
    {"STR/LDR (SIMD&FP, pre-index)",   "ss 111 1 00 oo 0 iiiiiiiii 11 nnnnn ttttt",   tr_vldst_pre},
    {"STR/LDR (SIMD&FP, register)",    "ss 111 1 00 oo 1 mmmmm xxx S 10 nnnnn ttttt", tr_vldst_reg},
    {"STR/LDR (SIMD&FP, unsigned offset)", "ss 111 1 01 oo iiiiiiiiiiii nnnnn ttttt", tr_vldst_uimm},
    {"LD1-4/ST1-4 (multiple structures)",
                                  "0 Q 0011000 L 000000 oooo ss nnnnn ttttt",         tr_multi},
    {"LD1-4/ST1-4 (multiple structures, post-index)",
                                  "0 Q 0011001 L 0 mmmmm oooo ss nnnnn ttttt",        tr_multi_post},
    {"LD1-4/ST1-4/LD1R-LD4R (single structure)",
                                  "0 Q 0011010 L R 00000 ooo S ss nnnnn ttttt",       tr_single},
    {"LD1-4/ST1-4/LD1R-LD4R (single structure, post-index)",
                                  "0 Q 0011011 L R mmmmm ooo S ss nnnnn ttttt",       tr_single_post},
    /* Not yet: LDAPUR/STLUR (SIMD&FP) "ss 011 1 01 oo 0 iiiiiiiii 10 nnnnn ttttt"
     *   (FEAT_LRCPC3, v8.9).
     * Not yet: LDAP1/STL1 (single structure, D lane)
     *   "0 Q 0011010 L 0 00001 100 0 01 nnnnn ttttt" (FEAT_LRCPC3, v8.9). */
    {NULL, NULL, NULL},
};
