/* Compiles the instruction-group pattern tables and matches words. */
#include "decode.h"

#include "exception.h"
#include "pstate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decode order (first match wins) and whether the group touches the
 * FP/SIMD register file (trapped as a whole when FP access is disabled). */
typedef struct group {
    const pattern_t *table;
    bool uses_fp;
} group_t;

static const group_t groups[] = {
    {insn_branch_table, false},   {insn_system_table, false},
    {insn_dpimm_table, false},    {insn_dpreg_table, false},
    {insn_ldst_table, false},     {insn_ldst_simd_table, true},
    {insn_atomic_table, false},   {insn_fp_table, true},
    {insn_fpconv_table, true},    {insn_simd_int_table, true},
    {insn_simd_int_misc_table, true}, {insn_simd_int_shift_table, true},
    {insn_simd_fp_table, true},   {insn_simd_perm_table, true},
    {insn_crypto_table, true},
};
#define GROUP_COUNT (sizeof(groups) / sizeof(groups[0]))

static int letter_index(char c)
{
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    if (c >= 'A' && c <= 'Z')
        return 26 + (c - 'A');
    return -1;
}

static bool compile_pattern(const pattern_t *src, compiled_pattern_t *out,
                            char *msg, unsigned msg_len)
{
    memset(out, 0, sizeof(*out));
    out->src = src;
    int bit = 31;
    for (const char *s = src->bits; *s; s++) {
        char c = *s;
        if (c == ' ')
            continue;
        if (bit < 0) {
            snprintf(msg, msg_len, "pattern %s: more than 32 bits", src->name);
            return false;
        }
        uint32_t b = 1u << bit;
        int li = letter_index(c);
        if (c == '0' || c == '1') {
            out->mask |= b;
            if (c == '1')
                out->value |= b;
        } else if (li >= 0) {
            out->field_mask[li] |= b;
        } else if (c != '-') {
            snprintf(msg, msg_len, "pattern %s: bad symbol '%c'", src->name, c);
            return false;
        }
        bit--;
    }
    if (bit != -1) {
        snprintf(msg, msg_len, "pattern %s: fewer than 32 bits", src->name);
        return false;
    }
    return true;
}

bool decoder_init(decoder_t *d, char *msg, unsigned msg_len)
{
    unsigned n = 0;
    for (size_t t = 0; t < GROUP_COUNT; t++)
        for (const pattern_t *p = groups[t].table; p->name; p++)
            n++;
    d->pats = calloc(n ? n : 1, sizeof(*d->pats));
    d->count = 0;
    if (!d->pats) {
        snprintf(msg, msg_len, "out of memory compiling %u decode patterns", n);
        return false;
    }
    for (size_t t = 0; t < GROUP_COUNT; t++)
        for (const pattern_t *p = groups[t].table; p->name; p++) {
            if (!compile_pattern(p, &d->pats[d->count], msg, msg_len)) {
                decoder_free(d);
                return false;
            }
            d->pats[d->count].uses_fp = groups[t].uses_fp;
            d->count++;
        }
    return true;
}

void decoder_free(decoder_t *d)
{
    free(d->pats);
    d->pats = NULL;
    d->count = 0;
}

const compiled_pattern_t *decoder_match(const decoder_t *d, uint32_t insn)
{
    for (unsigned i = 0; i < d->count; i++)
        if ((insn & d->pats[i].mask) == d->pats[i].value)
            return &d->pats[i];
    return NULL;
}

void decoder_fields(const compiled_pattern_t *p, uint32_t insn, fields_t *f)
{
    for (int li = 0; li < 52; li++) {
        uint32_t m = p->field_mask[li];
        if (!m)
            continue;
        uint32_t v = 0;
        for (int bit = 31; bit >= 0; bit--)
            if (m & (1u << bit))
                v = (v << 1) | ((insn >> bit) & 1u);
        char letter = (char)(li < 26 ? 'a' + li : 'A' + (li - 26));
        f->v[(unsigned char)letter] = v;
    }
}

op_result_t op_undefined(cpu_t *cpu, const op_t *op)
{
    cpu_set_exit(cpu, ARM64EMU_EXIT_UNDEFINED, op->pc, op->insn);
    return OP_FAULT;
}

/* FP/SIMD access is disabled (CPACR_EL1.FPEN, CPTR_EL2.TFP, CPTR_EL3.TFP
 * for the block's EL): the whole instruction traps, whatever it is, to
 * the EL whose control disabled it. ISS: CV = 1, COND = 0xE, as QEMU
 * reports A64 traps. */
op_result_t op_fp_trap(cpu_t *cpu, const op_t *op)
{
    cpu_set_exit(cpu, ARM64EMU_EXIT_EXCEPTION, op->pc, op->insn);
    unsigned target = cpu_fp_trap_el(cpu);
    exc_set_trap(cpu, esr_make(EC_FP, (1u << 24) | (0xeu << 20)),
                 target ? target : 1);
    return OP_FAULT;
}

bool decode_insn(const decoder_t *d, const decode_ctx_t *ctx, op_t *op)
{
    memset(op, 0, sizeof(*op));
    op->insn = ctx->insn;
    op->pc = ctx->pc;
    const compiled_pattern_t *p = decoder_match(d, ctx->insn);
    if (p && p->uses_fp && ctx->fp_trapped) {
        op->fn = op_fp_trap;
        op->ends_block = true;
        return true;
    }
    if (p) {
        fields_t f;
        memset(&f, 0, sizeof(f));
        decoder_fields(p, ctx->insn, &f);
        if (p->src->translate(op, &f, ctx)) {
            op->insn = ctx->insn;
            op->pc = ctx->pc;
            return op->ends_block;
        }
    }
    memset(op, 0, sizeof(*op));
    op->insn = ctx->insn;
    op->pc = ctx->pc;
    op->fn = op_undefined;
    op->ends_block = true;
    return true;
}
