/* Out-of-line arithmetic helpers. */
#include "alu.h"

static inline uint64_t ones(unsigned n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

static uint64_t replicate(uint64_t v, unsigned esize, unsigned datasize)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < datasize; i += esize)
        r |= v << i;
    return datasize == 64 ? r : r & ones(datasize);
}

/* DecodeBitMasks from the Arm ARM (shared/functions/bitmasks). */
bool decode_bit_masks(unsigned n, unsigned imms, unsigned immr, bool immediate,
                      unsigned datasize, uint64_t *wmask, uint64_t *tmask)
{
    unsigned combined = (n << 6) | (~imms & 0x3f);
    int len = -1;
    for (int i = 6; i >= 0; i--)
        if (combined & (1u << i)) {
            len = i;
            break;
        }
    if (len < 1)
        return false;
    unsigned esize = 1u << len;
    if (esize > datasize)
        return false;
    unsigned levels = esize - 1;
    if (immediate && (imms & levels) == levels)
        return false;
    unsigned s = imms & levels;
    unsigned r = immr & levels;
    unsigned diff = (s - r) & levels;
    uint64_t welem = ones(s + 1);
    uint64_t telem = ones(diff + 1);
    uint64_t rotated = esize == 64 ? ror64(welem, r)
                                   : (((welem >> r) | (welem << (esize - r))) &
                                      ones(esize));
    if (r == 0)
        rotated = welem;
    *wmask = replicate(rotated, esize, datasize);
    *tmask = replicate(telem, esize, datasize);
    return true;
}
