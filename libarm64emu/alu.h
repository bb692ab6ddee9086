/* Arithmetic helpers shared by instruction groups: flags, conditions,
 * bitmask immediates, shifts and extends, all as the Arm ARM pseudocode
 * defines them. */
#ifndef ARM64EMU_ALU_H
#define ARM64EMU_ALU_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* ConditionHolds(cond) for the 4-bit condition code. */
static inline bool cond_holds(uint32_t nzcv, unsigned cond)
{
    bool n = nzcv & NZCV_N, z = nzcv & NZCV_Z, c = nzcv & NZCV_C,
         v = nzcv & NZCV_V;
    bool r;
    switch (cond >> 1) {
    case 0: r = z; break;            /* EQ / NE */
    case 1: r = c; break;            /* CS / CC */
    case 2: r = n; break;            /* MI / PL */
    case 3: r = v; break;            /* VS / VC */
    case 4: r = c && !z; break;      /* HI / LS */
    case 5: r = n == v; break;       /* GE / LT */
    case 6: r = n == v && !z; break; /* GT / LE */
    default: return true;            /* AL / NV: always */
    }
    return (cond & 1) ? !r : r;
}

/* ConditionHolds(cond) as a truth table over the 16 NZCV values (bit i for
 * NZCV == i), built at translate time so that a handler tests the
 * condition with one shift and no branch: cond_table_holds(). */
static inline uint16_t cond_truth_table(unsigned cond)
{
    uint16_t t = 0;
    for (uint32_t f = 0; f < 16; f++)
        if (cond_holds(f << 28, cond))
            t |= (uint16_t)(1u << f);
    return t;
}

static inline bool cond_table_holds(uint64_t table, uint32_t nzcv)
{
    return (table >> (nzcv >> 28)) & 1;
}

/* AddWithCarry for 64-bit operands; *nzcv receives the flags. */
static inline uint64_t add_with_carry64(uint64_t x, uint64_t y, unsigned carry,
                                        uint32_t *nzcv)
{
    uint64_t r = x + y + carry;
    bool c = carry ? r <= x : r < x;
    bool v = ((~(x ^ y) & (x ^ r)) >> 63) & 1;
    *nzcv = (uint32_t)((r >> 63) << 31) | (r == 0 ? NZCV_Z : 0) |
            (c ? NZCV_C : 0) | (v ? NZCV_V : 0);
    return r;
}

/* AddWithCarry for 32-bit operands (upper bits of x, y ignored). */
static inline uint32_t add_with_carry32(uint32_t x, uint32_t y, unsigned carry,
                                        uint32_t *nzcv)
{
    uint64_t wide = (uint64_t)x + y + carry;
    uint32_t r = (uint32_t)wide;
    bool c = wide >> 32;
    bool v = ((~(x ^ y) & (x ^ r)) >> 31) & 1;
    *nzcv = ((r >> 31) << 31) | (r == 0 ? NZCV_Z : 0) | (c ? NZCV_C : 0) |
            (v ? NZCV_V : 0);
    return r;
}

/* N and Z from a logical result; C and V cleared. */
static inline uint32_t logic_flags64(uint64_t r)
{
    return (uint32_t)((r >> 63) << 31) | (r == 0 ? NZCV_Z : 0);
}
static inline uint32_t logic_flags32(uint32_t r)
{
    return ((r >> 31) << 31) | (r == 0 ? NZCV_Z : 0);
}

static inline uint64_t sign_extend(uint64_t v, unsigned bits)
{
    unsigned s = 64 - bits;
    return (uint64_t)((int64_t)(v << s) >> s);
}

static inline uint64_t ror64(uint64_t v, unsigned n)
{
    n &= 63;
    return n ? (v >> n) | (v << (64 - n)) : v;
}

/* DecodeBitMasks(immN, imms, immr, immediate=true) for a datasize of 32 or
 * 64. Returns false for reserved encodings. *wmask receives the immediate
 * (replicated to datasize bits), *tmask the "top" mask used by bitfield
 * moves. */
bool decode_bit_masks(unsigned n, unsigned imms, unsigned immr, bool immediate,
                      unsigned datasize, uint64_t *wmask, uint64_t *tmask);

#endif
