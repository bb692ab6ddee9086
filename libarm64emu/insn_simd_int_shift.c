/* Placeholder: this instruction group is not implemented yet. */
#include "decode.h"

const pattern_t insn_simd_int_shift_table[] = {
    {NULL, NULL, NULL},
};
