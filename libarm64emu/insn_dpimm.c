/* Data processing (immediate): PC-relative addressing, add/subtract,
 * logical, move wide, bitfield and extract.
 *
 * Everything that depends only on the instruction word (the immediate after
 * shifting or bitmask decoding, shift amounts, keep-masks) is computed at
 * translate time; handlers are one or two host operations. */
#include "alu.h"
#include "decode.h"

/* ---- handlers ---------------------------------------------------------- */

/* Rd = a constant: ADR, ADRP, MOVZ, MOVN, ORR Rd, ZR, #imm. */
static op_result_t op_movi(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = op->imm;
    return OP_NEXT;
}

static op_result_t op_mov64(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = cpu->r[op->rn];
    return OP_NEXT;
}

static op_result_t op_mov32(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = (uint32_t)cpu->r[op->rn];
    return OP_NEXT;
}

/* ADD and SUB share a handler: SUB's immediate is negated at translate
 * time, which is exact modulo 2^datasize. */
static op_result_t op_add_imm64(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = cpu->r[op->rn] + op->imm;
    return OP_NEXT;
}

static op_result_t op_add_imm32(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = (uint32_t)(cpu->r[op->rn] + op->imm);
    return OP_NEXT;
}

static op_result_t op_adds_imm64(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = add_with_carry64(cpu->r[op->rn], op->imm, 0, &cpu->nzcv);
    return OP_NEXT;
}

static op_result_t op_adds_imm32(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = add_with_carry32((uint32_t)cpu->r[op->rn],
                                      (uint32_t)op->imm, 0, &cpu->nzcv);
    return OP_NEXT;
}

/* SUBS: imm holds NOT(imm) so that AddWithCarry(x, NOT(y), 1) is direct. */
static op_result_t op_subs_imm64(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = add_with_carry64(cpu->r[op->rn], op->imm, 1, &cpu->nzcv);
    return OP_NEXT;
}

static op_result_t op_subs_imm32(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = add_with_carry32((uint32_t)cpu->r[op->rn],
                                      (uint32_t)op->imm, 1, &cpu->nzcv);
    return OP_NEXT;
}

/* A 32-bit bitmask immediate has no bits above 31, so AND needs no
 * truncation and serves both widths. */
static op_result_t op_and_imm(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = cpu->r[op->rn] & op->imm;
    return OP_NEXT;
}

static op_result_t op_orr_imm64(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = cpu->r[op->rn] | op->imm;
    return OP_NEXT;
}

static op_result_t op_orr_imm32(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = (uint32_t)(cpu->r[op->rn] | op->imm);
    return OP_NEXT;
}

static op_result_t op_eor_imm64(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = cpu->r[op->rn] ^ op->imm;
    return OP_NEXT;
}

static op_result_t op_eor_imm32(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = (uint32_t)(cpu->r[op->rn] ^ op->imm);
    return OP_NEXT;
}

static op_result_t op_ands_imm64(cpu_t *cpu, const op_t *op)
{
    uint64_t r = cpu->r[op->rn] & op->imm;
    cpu->nzcv = logic_flags64(r);
    cpu->r[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_ands_imm32(cpu_t *cpu, const op_t *op)
{
    uint32_t r = (uint32_t)(cpu->r[op->rn] & op->imm);
    cpu->nzcv = logic_flags32(r);
    cpu->r[op->rd] = r;
    return OP_NEXT;
}

/* MOVK: imm2 keeps the untouched halfwords (and clears bits 63:32 for the
 * 32-bit form); rn is Rd as a source. */
static op_result_t op_movk(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = (cpu->r[op->rn] & op->imm2) | op->imm;
    return OP_NEXT;
}

/* Bitfield moves. With R = immr and S = imms, a field either moves down
 * (S >= R: bits S..R of Rn land at bit 0) or up (S < R: bits S..0 land at
 * datasize - R). Either way it is one shift and one mask, so UBFM and BFM
 * need two handlers each, for both widths; imm is the field mask in the
 * result. */
static op_result_t op_ubfm_down(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = (cpu->r[op->rn] >> op->shift) & op->imm;
    return OP_NEXT;
}

static op_result_t op_ubfm_up(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = (cpu->r[op->rn] << op->shift) & op->imm;
    return OP_NEXT;
}

/* SBFM: move bit S to bit 63, then an arithmetic right shift both
 * sign-extends and places the field; imm truncates to the datasize. */
static op_result_t op_sbfm(cpu_t *cpu, const op_t *op)
{
    int64_t top = (int64_t)(cpu->r[op->rn] << op->shift);
    cpu->r[op->rd] = (uint64_t)(top >> op->aux) & op->imm;
    return OP_NEXT;
}

/* BFM: ra reads Rd; imm2 keeps the bits of Rd outside the field (within
 * the datasize). */
static op_result_t op_bfm_down(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = (cpu->r[op->ra] & op->imm2) |
                     ((cpu->r[op->rn] >> op->shift) & op->imm);
    return OP_NEXT;
}

static op_result_t op_bfm_up(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = (cpu->r[op->ra] & op->imm2) |
                     ((cpu->r[op->rn] << op->shift) & op->imm);
    return OP_NEXT;
}

/* EXTR with lsb != 0 (lsb == 0 is a move of Rm). */
static op_result_t op_extr64(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = (cpu->r[op->rm] >> op->shift) |
                     (cpu->r[op->rn] << (64 - op->shift));
    return OP_NEXT;
}

static op_result_t op_extr32(cpu_t *cpu, const op_t *op)
{
    cpu->r[op->rd] = (uint32_t)(((uint32_t)cpu->r[op->rm] >> op->shift) |
                                (cpu->r[op->rn] << (32 - op->shift)));
    return OP_NEXT;
}

/* ---- translate --------------------------------------------------------- */

static inline uint64_t width_mask(bool sf)
{
    return sf ? ~0ull : 0xffffffffull;
}

static inline uint64_t low_ones(unsigned n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

static bool tr_pcrel(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    uint64_t off = sign_extend((F(f, 'h') << 2) | F(f, 'l'), 21);
    op->fn = op_movi;
    op->rd = dst_or_zr(F(f, 'd'));
    if (F(f, 'p'))
        op->imm = (ctx->pc & ~0xfffull) + (off << 12); /* ADRP */
    else
        op->imm = ctx->pc + off; /* ADR */
    return true;
}

static bool tr_addsub_imm(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    bool sf = F(f, 'z'), sub = F(f, 'o'), setflags = F(f, 's');
    uint64_t imm = (uint64_t)F(f, 'i') << (F(f, 'h') ? 12 : 0);
    op->rn = reg_or_sp(F(f, 'n'));
    if (setflags) {
        op->rd = dst_or_zr(F(f, 'd'));
        if (sub) {
            op->imm = ~imm;
            op->fn = sf ? op_subs_imm64 : op_subs_imm32;
        } else {
            op->imm = imm;
            op->fn = sf ? op_adds_imm64 : op_adds_imm32;
        }
        return true;
    }
    op->rd = reg_or_sp(F(f, 'd'));
    op->imm = sub ? 0 - imm : imm;
    if (imm == 0)
        op->fn = sf ? op_mov64 : op_mov32; /* MOV to/from SP */
    else
        op->fn = sf ? op_add_imm64 : op_add_imm32;
    return true;
}

static bool tr_logic_imm(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    bool sf = F(f, 'z');
    unsigned opc = F(f, 'o');
    if (!sf && F(f, 'N'))
        return false;
    uint64_t wmask, tmask;
    if (!decode_bit_masks(F(f, 'N'), F(f, 's'), F(f, 'r'), true, sf ? 64 : 32,
                          &wmask, &tmask))
        return false;
    op->imm = wmask;
    op->rn = reg_or_zr(F(f, 'n'));
    if (opc == 3) { /* ANDS: Rd is ZR, not SP */
        op->rd = dst_or_zr(F(f, 'd'));
        op->fn = sf ? op_ands_imm64 : op_ands_imm32;
        return true;
    }
    op->rd = reg_or_sp(F(f, 'd'));
    switch (opc) {
    case 0:
        op->fn = op_and_imm;
        break;
    case 1:
        op->fn = op->rn == REG_ZR ? op_movi : sf ? op_orr_imm64 : op_orr_imm32;
        break;
    default:
        op->fn = sf ? op_eor_imm64 : op_eor_imm32;
        break;
    }
    return true;
}

static bool tr_movw(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    bool sf = F(f, 'z');
    unsigned opc = F(f, 'o'), hw = F(f, 'h');
    if (opc == 1 || (!sf && hw > 1))
        return false;
    unsigned pos = hw * 16;
    uint64_t imm = (uint64_t)F(f, 'i') << pos;
    op->rd = dst_or_zr(F(f, 'd'));
    switch (opc) {
    case 0: /* MOVN */
        op->fn = op_movi;
        op->imm = ~imm & width_mask(sf);
        break;
    case 2: /* MOVZ */
        op->fn = op_movi;
        op->imm = imm;
        break;
    default: /* MOVK */
        op->fn = op_movk;
        op->rn = reg_or_zr(F(f, 'd'));
        op->imm = imm;
        op->imm2 = ~(0xffffull << pos) & width_mask(sf);
        break;
    }
    return true;
}

static bool tr_bitfield(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    bool sf = F(f, 'z');
    unsigned opc = F(f, 'o'), n = F(f, 'N'), r = F(f, 'r'), s = F(f, 's');
    if (opc == 3 || n != (unsigned)sf)
        return false;
    if (!sf && ((r | s) & 0x20))
        return false;
    unsigned datasize = sf ? 64 : 32;
    op->rd = dst_or_zr(F(f, 'd'));
    op->rn = reg_or_zr(F(f, 'n'));
    bool down = s >= r;
    /* The field in the result, and how far Rn shifts to reach it. */
    uint64_t field = down ? low_ones(s - r + 1)
                          : low_ones(s + 1) << (datasize - r);
    unsigned shift = down ? r : datasize - r;
    switch (opc) {
    case 0: /* SBFM */
        op->fn = op_sbfm;
        op->shift = (uint8_t)(63 - s);
        op->aux = (uint8_t)(down ? 63 - s + r : 63 - s - (datasize - r));
        op->imm = width_mask(sf);
        break;
    case 1: /* BFM */
        op->fn = down ? op_bfm_down : op_bfm_up;
        op->ra = reg_or_zr(F(f, 'd'));
        op->shift = (uint8_t)shift;
        op->imm = field;
        op->imm2 = ~field & width_mask(sf);
        break;
    default: /* UBFM */
        op->fn = down ? op_ubfm_down : op_ubfm_up;
        op->shift = (uint8_t)shift;
        op->imm = field;
        break;
    }
    return true;
}

static bool tr_extr(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    bool sf = F(f, 'z');
    unsigned lsb = F(f, 's');
    if (F(f, 'N') != (unsigned)sf || (!sf && lsb >= 32))
        return false;
    op->rd = dst_or_zr(F(f, 'd'));
    op->rn = reg_or_zr(F(f, 'n'));
    op->rm = reg_or_zr(F(f, 'm'));
    op->shift = (uint8_t)lsb;
    if (lsb == 0) {
        op->rn = op->rm;
        op->fn = sf ? op_mov64 : op_mov32;
    } else {
        op->fn = sf ? op_extr64 : op_extr32;
    }
    return true;
}

/* Patterns as the Arm ARM draws them (C4.1.92, "Data Processing --
 * Immediate"). Field letters: z = sf, o = op/opc, s = S (or imms),
 * h = sh/hw/immhi, l = immlo, i = imm, N, r = immr, m = Rm, n = Rn,
 * d = Rd. */
const pattern_t insn_dpimm_table[] = {
    {"ADR/ADRP",           "p ll 10000 hhhhhhhhhhhhhhhhhhh ddddd",     tr_pcrel},
    {"ADD/ADDS/SUB/SUBS (immediate)",
                           "z o s 100010 h iiiiiiiiiiii nnnnn ddddd",  tr_addsub_imm},
    /* Not yet: ADDG/SUBG "1 o 0 100011 0 uuuuuu 00 tttt nnnnn ddddd"
     *          (FEAT_MTE, v8.5). */
    /* Not yet: SMAX/UMAX/SMIN/UMIN (immediate)
     *          "z 0 0 1000111 oooo iiiiiiii nnnnn ddddd" (FEAT_CSSC, v8.9). */
    {"AND/ORR/EOR/ANDS (immediate)",
                           "z oo 100100 N rrrrrr ssssss nnnnn ddddd",  tr_logic_imm},
    {"MOVN/MOVZ/MOVK",     "z oo 100101 hh iiiiiiiiiiiiiiii ddddd",    tr_movw},
    {"SBFM/BFM/UBFM",      "z oo 100110 N rrrrrr ssssss nnnnn ddddd",  tr_bitfield},
    {"EXTR",               "z 00 100111 N 0 mmmmm ssssss nnnnn ddddd", tr_extr},
    /* Not yet: AUTIASPPC/AUTIBSPPC, Data-processing (1 source immediate)
     *          (FEAT_PAuth_LR, v9.5). */
    {NULL, NULL, NULL},
};
