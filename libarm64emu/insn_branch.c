/* Branches: B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET. */
#include "alu.h"
#include "decode.h"

/* ---- handlers ---------------------------------------------------------- */

static op_result_t op_b(cpu_t *cpu, const op_t *op)
{
    cpu->pc = op->imm;
    return OP_BRANCH;
}

static op_result_t op_bl(cpu_t *cpu, const op_t *op)
{
    cpu->r[30] = op->pc + 4;
    cpu->pc = op->imm;
    return OP_BRANCH;
}

static op_result_t op_b_cond(cpu_t *cpu, const op_t *op)
{
    cpu->pc = cond_table_holds(op->imm2, cpu->nzcv) ? op->imm : op->pc + 4;
    return OP_BRANCH;
}

static op_result_t op_cbz(cpu_t *cpu, const op_t *op)
{
    uint64_t v = cpu->r[op->rd] & op->imm2; /* imm2: operand width mask */
    cpu->pc = v == 0 ? op->imm : op->pc + 4;
    return OP_BRANCH;
}

static op_result_t op_cbnz(cpu_t *cpu, const op_t *op)
{
    uint64_t v = cpu->r[op->rd] & op->imm2;
    cpu->pc = v != 0 ? op->imm : op->pc + 4;
    return OP_BRANCH;
}

static op_result_t op_tbz(cpu_t *cpu, const op_t *op)
{
    bool bit = (cpu->r[op->rd] >> op->shift) & 1;
    cpu->pc = !bit ? op->imm : op->pc + 4;
    return OP_BRANCH;
}

static op_result_t op_tbnz(cpu_t *cpu, const op_t *op)
{
    bool bit = (cpu->r[op->rd] >> op->shift) & 1;
    cpu->pc = bit ? op->imm : op->pc + 4;
    return OP_BRANCH;
}

static op_result_t op_br(cpu_t *cpu, const op_t *op)
{
    cpu->pc = cpu->r[op->rn];
    return OP_BRANCH;
}

static op_result_t op_blr(cpu_t *cpu, const op_t *op)
{
    uint64_t target = cpu->r[op->rn]; /* read before LR is written */
    cpu->r[30] = op->pc + 4;
    cpu->pc = target;
    return OP_BRANCH;
}

/* ---- translate --------------------------------------------------------- */

static bool tr_b(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    op->fn = F(f, 'o') ? op_bl : op_b;
    op->imm = ctx->pc + (sign_extend(F(f, 'i'), 26) << 2);
    op->ends_block = true;
    return true;
}

static bool tr_b_cond(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    op->fn = op_b_cond;
    op->cond = (uint8_t)F(f, 'c');
    op->imm2 = cond_truth_table(F(f, 'c'));
    op->imm = ctx->pc + (sign_extend(F(f, 'i'), 19) << 2);
    op->ends_block = true;
    return true;
}

static bool tr_cb(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    op->fn = F(f, 'o') ? op_cbnz : op_cbz;
    op->rd = reg_or_zr(F(f, 't'));
    op->imm = ctx->pc + (sign_extend(F(f, 'i'), 19) << 2);
    op->imm2 = F(f, 'z') ? ~0ull : 0xffffffffull;
    op->ends_block = true;
    return true;
}

static bool tr_tb(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    op->fn = F(f, 'o') ? op_tbnz : op_tbz;
    op->rd = reg_or_zr(F(f, 't'));
    op->shift = (uint8_t)((F(f, 'b') << 5) | F(f, 'B'));
    op->imm = ctx->pc + (sign_extend(F(f, 'i'), 14) << 2);
    op->ends_block = true;
    return true;
}

static bool tr_br(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    op->fn = op_br;
    op->rn = reg_or_zr(F(f, 'n'));
    op->ends_block = true;
    return true;
}

static bool tr_blr(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    (void)ctx;
    op->fn = op_blr;
    op->rn = reg_or_zr(F(f, 'n'));
    op->ends_block = true;
    return true;
}

const pattern_t insn_branch_table[] = {
    {"B/BL",      "o 00101 iiiiiiiiiiiiiiiiiiiiiiiiii",       tr_b},
    {"B.cond",    "0101010 0 iiiiiiiiiiiiiiiiiii 0 cccc",     tr_b_cond},
    {"CBZ/CBNZ",  "z 011010 o iiiiiiiiiiiiiiiiiii ttttt",     tr_cb},
    {"TBZ/TBNZ",  "b 011011 o BBBBB iiiiiiiiiiiiii ttttt",    tr_tb},
    {"BR",        "1101011 0 0 00 11111 0000 0 0 nnnnn 00000", tr_br},
    {"BLR",       "1101011 0 0 01 11111 0000 0 0 nnnnn 00000", tr_blr},
    {"RET",       "1101011 0 0 10 11111 0000 0 0 nnnnn 00000", tr_br},
    /* Not yet: BRAA/BRAB/BLRAA/RETAA... (FEAT_PAuth, v8.3), ERET/DRPS (EL1+). */
    {NULL, NULL, NULL},
};
