/* Table-driven A64 decoding.
 *
 * Each instruction class is one table line: a name, its bit pattern drawn as
 * the Arm ARM draws it, and a translate function. A pattern has 32 symbols
 * from bit 31 down to bit 0 (spaces are ignored): '0' and '1' are fixed bits,
 * '-' is a bit the class ignores, and a letter is a bit of the field named by
 * that letter (a field's bits need not be contiguous; they are gathered most
 * significant first). The first matching line of the first table wins.
 *
 * Translate runs once per instruction when a block is built: it reads the
 * fields and fills an op_t with a handler and pre-extracted operands, so that
 * executing never looks at instruction bits again. It returns false when the
 * word is unallocated or needs a feature the CPU model lacks; the word then
 * becomes an UNDEFINED exit.
 */
#ifndef ARM64EMU_DECODE_H
#define ARM64EMU_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

typedef struct op op_t;

/* What a handler tells the block executor. */
typedef enum op_result {
    OP_NEXT = 0,  /* retired; continue with the next op of the block */
    OP_BRANCH,    /* retired; cpu->pc holds the next pc; end the block */
    OP_EXIT,      /* retired; cpu->pc holds the next pc; cpu->exit is set;
                     stop the run */
    OP_FAULT,     /* not retired; cpu->exit is set; pc stays at this op */
    OP_REDIRECT   /* not retired; cpu->pc holds the next pc (a hook moved
                     it); end the block */
} op_result_t;

typedef op_result_t (*op_fn_t)(cpu_t *cpu, const op_t *op);

/* One pre-decoded instruction. Field meaning is the handler's business;
 * register fields hold register-file indexes (REG_ZR/REG_SINK/REG_SP already
 * applied), never raw encodings. */
struct op {
    op_fn_t fn;
    uint32_t insn;   /* the word, for exits that report it */
    uint8_t rd, rn, rm, ra; /* ra doubles as Rt2 / Rs for loads and stores */
    uint8_t size;    /* access size log2, or 32/64-bit selector */
    uint8_t shift;   /* shift type/amount, extend type, ... */
    uint8_t cond;    /* condition code, flags, ordering bits */
    uint8_t aux;
    bool ends_block; /* set by translate: branches, exception generation */
    uint64_t imm;
    uint64_t imm2;
    uint64_t pc;     /* address of this instruction */
};

/* The decoded fields of one instruction word, indexed by letter. */
typedef struct fields {
    uint32_t v[128];
} fields_t;

#define F(f, letter) ((f)->v[(unsigned char)(letter)])

/* What translate may consult besides the word. */
typedef struct decode_ctx {
    uint32_t insn;
    uint64_t pc;
    unsigned index; /* position in the block: icount + index is exact */
    bool fp_trapped; /* FP/SIMD access disabled: FP groups trap */
    const cpu_model_t *model;
    unsigned el;     /* PSTATE.EL the block runs at (part of its key) */
} decode_ctx_t;

typedef bool (*translate_fn_t)(op_t *op, const fields_t *f,
                               const decode_ctx_t *ctx);

typedef struct pattern {
    const char *name;
    const char *bits;
    translate_fn_t translate;
} pattern_t;

/* Instruction-group tables, each ending with a {NULL, NULL, NULL} line. */
extern const pattern_t insn_branch_table[];
extern const pattern_t insn_system_table[];
extern const pattern_t insn_dpimm_table[];
extern const pattern_t insn_dpreg_table[];
extern const pattern_t insn_ldst_table[];
extern const pattern_t insn_ldst_simd_table[];
extern const pattern_t insn_atomic_table[];
extern const pattern_t insn_fp_table[];        /* scalar FP data processing */
extern const pattern_t insn_fpconv_table[];    /* FP <-> integer/fixed */
extern const pattern_t insn_simd_int_table[];  /* Advanced SIMD integer */
extern const pattern_t insn_simd_fp_table[];   /* Advanced SIMD FP */
extern const pattern_t insn_simd_perm_table[]; /* copy, permute, EXT, TBL, modified immediate */
extern const pattern_t insn_crypto_table[];    /* AES, SHA, PMULL... */
extern const pattern_t insn_simd_int_misc_table[];  /* SIMD two-register misc */
extern const pattern_t insn_simd_int_shift_table[]; /* SIMD shifts, by element */

/* A pattern compiled to masks. */
typedef struct compiled_pattern {
    const pattern_t *src;
    uint32_t mask, value;
    uint32_t field_mask[52]; /* per letter a-z, A-Z */
    bool uses_fp;            /* the group touches the FP/SIMD registers */
} compiled_pattern_t;

typedef struct decoder {
    compiled_pattern_t *pats;
    unsigned count;
} decoder_t;

/* Compiles every table. Returns false on allocation failure or a malformed
 * pattern (an internal bug; msg names the pattern). */
bool decoder_init(decoder_t *d, char *msg, unsigned msg_len);
void decoder_free(decoder_t *d);

/* Finds the line for insn, or NULL. */
const compiled_pattern_t *decoder_match(const decoder_t *d, uint32_t insn);

/* Gathers the letter fields of insn according to p. */
void decoder_fields(const compiled_pattern_t *p, uint32_t insn, fields_t *f);

/* Decodes one word into op. Never fails: unmatched or rejected words become
 * an UNDEFINED op. Returns true if op ends a block (branch, exception
 * generation, UNDEFINED). */
bool decode_insn(const decoder_t *d, const decode_ctx_t *ctx, op_t *op);

/* Register-number helpers for translate functions. */
static inline uint8_t reg_or_zr(uint32_t n) { return (uint8_t)n; }
static inline uint8_t dst_or_zr(uint32_t n) { return n == 31 ? REG_SINK : (uint8_t)n; }
static inline uint8_t reg_or_sp(uint32_t n) { return n == 31 ? REG_SP : (uint8_t)n; }

/* Handlers shared across groups. */
op_result_t op_undefined(cpu_t *cpu, const op_t *op);
op_result_t op_fp_trap(cpu_t *cpu, const op_t *op);

#endif
