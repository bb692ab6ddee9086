/* AdvSIMD integer work over a 64 KiB buffer, repeated: a byte histogram
 * by high nibble (CMEQ/SUB), a byte sum (UADALP), min/max (UMIN/UMAX,
 * UMINV/UMAXV), a table-lookup transform (TBL) and a multiply-accumulate
 * checksum (UMLAL, EOR, USHR/SHL). */
#define RT_IMPL
#include "rt.h"
#include <arm_neon.h>

static u8 buf[65536] __attribute__((aligned(16)));

static u64 arg(u64 *sp, u64 dflt)
{
    if (sp[0] < 2)
        return dflt;
    const char *s = (const char *)sp[2];
    u64 v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (u64)(*s++ - '0');
    return v;
}

int cmain(u64 *sp)
{
    u64 s = 11;
    for (int i = 0; i < 65536; i += 8) {
        u64 r = lcg(&s);
        __builtin_memcpy(buf + i, &r, 8);
    }
    static const u8 perm[16] = {3, 14, 7, 0, 9, 12, 1, 6, 15, 2, 11, 8, 5, 10, 13, 4};
    const uint8x16_t tbl = vld1q_u8(perm);
    u64 hist[16] = {0}, sum = 0, check = 0;
    u8 lo = 255, hi = 0;
    for (u64 r = arg(sp, 300); r; r--) {
        uint32x4_t acc = vdupq_n_u32(0);
        uint16x8_t counts[16];
        for (int k = 0; k < 16; k++)
            counts[k] = vdupq_n_u16(0);
        uint8x16_t vmin = vdupq_n_u8(255), vmax = vdupq_n_u8(0);
        uint32x4_t ck = vdupq_n_u32((u32)r);
        for (int off = 0; off < 65536; off += 4096) {
            uint8x16_t c8[16];
            for (int k = 0; k < 16; k++)
                c8[k] = vdupq_n_u8(0);
            uint16x8_t s16 = vdupq_n_u16(0);
            for (int i = off; i < off + 4096; i += 16) {
                uint8x16_t v = vld1q_u8(buf + i);
                uint8x16_t nib = vshrq_n_u8(v, 4);
                for (int k = 0; k < 16; k++)
                    c8[k] = vsubq_u8(c8[k], vceqq_u8(nib, vdupq_n_u8((u8)k)));
                s16 = vpadalq_u8(s16, v);
                vmin = vminq_u8(vmin, v);
                vmax = vmaxq_u8(vmax, v);
                uint8x16_t t = vqtbl1q_u8(tbl, vandq_u8(v, vdupq_n_u8(15)));
                uint16x8_t w = vmull_u8(vget_low_u8(t), vget_high_u8(v));
                ck = veorq_u32(vshlq_n_u32(ck, 5), vshrq_n_u32(ck, 27));
                ck = vpadalq_u16(ck, w);
            }
            /* 256 vectors per block: each count fits the u8 lanes except
             * when all 256 match, which random data never does */
            for (int k = 0; k < 16; k++)
                counts[k] = vpadalq_u8(counts[k], c8[k]);
            acc = vpadalq_u16(acc, s16);
        }
        for (int k = 0; k < 16; k++)
            hist[k] += vaddlvq_u16(counts[k]);
        sum += vaddvq_u32(acc);
        lo = vminvq_u8(vmin);
        hi = vmaxvq_u8(vmax);
        check = check * 31 + vaddvq_u32(ck);
    }
    u64 h = 0;
    for (int k = 0; k < 16; k++)
        h = h * 1000003 + hist[k];
    show("histogram", h);
    show("sum", sum);
    show("min/max", (u64)lo << 8 | hi);
    show("check", check);
    return 0;
}
