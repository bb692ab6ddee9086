/* Shared helpers of the floating-point and SIMD guest programs: a
 * deterministic generator, an FNV-1a hash and bit views of floats. */
#ifndef FP_COMMON_H
#define FP_COMMON_H

#include <stdint.h>
#include <string.h>

static inline uint64_t lcg64(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s ^ (*s >> 29);
}

#define FNV_INIT 0xcbf29ce484222325ull

static inline uint64_t fnv_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static inline uint64_t fnv_u64(uint64_t h, uint64_t v)
{
    return fnv_bytes(h, &v, sizeof(v));
}

static inline uint64_t bits64(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof(u));
    return u;
}

static inline uint32_t bits32(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof(u));
    return u;
}

static inline double from_bits64(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof(d));
    return d;
}

static inline float from_bits32(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof(f));
    return f;
}

#endif
