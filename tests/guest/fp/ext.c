/* Later AdvSIMD/FP extensions that -cpu max advertises: FEAT_FP16 (half
 * precision arithmetic, scalar and vector), FEAT_RDM (SQRDMLAH/SQRDMLSH),
 * FEAT_FHM (FMLAL/FMLSL), FEAT_DotProd (SDOT/UDOT), FEAT_JSCVT (FJCVTZS)
 * and FEAT_FRINTTS (FRINT32/64). Built with
 * -march=armv8.5-a+fp16+fp16fml+dotprod. */
#include <arm_acle.h>

#include "neon_test.h"

static void fill(void)
{
    uint64_t s = 8080;
    for (int i = 0; i < NV + 8; i++)
        for (int j = 0; j < 16; j += 2) {
            uint64_t r = lcg64(&s);
            uint16_t h;
            switch (r % 4) {
            case 0: /* specials: zeros, infinities, NaNs, subnormals, max */
            {
                static const uint16_t sp[] = {0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7d01,
                                              0x0001, 0x83ff, 0x0400, 0x7bff, 0x3c00, 0xbc00,
                                              0x3800, 0x3e00, 0x4100, 0x5640};
                h = sp[(r >> 8) % 16];
                break;
            }
            case 1: /* raw bits */
                h = (uint16_t)(r >> 20);
                break;
            default: /* exponents near 1 */
                h = (uint16_t)(((r >> 20) & 0x83ff) | ((12 + (r >> 40) % 8) << 10));
            }
            memcpy(vin[i] + j, &h, 2);
        }
}

#define SH (*(const float16_t *)pa)
#define SH2 (*(const float16_t *)pb)
#define SF (*(const float *)pa)
#define SD (*(const double *)pa)

static void tests(void)
{
    T(vaddq_f16(A(f16), B(f16)));
    T(vsubq_f16(A(f16), B(f16)));
    T(vmulq_f16(A(f16), B(f16)));
    T(vdivq_f16(A(f16), B(f16)));
    T(vfmaq_f16(A(f16), B(f16), C(f16)));
    T(vfmsq_f16(A(f16), B(f16), C(f16)));
    T(vfmaq_laneq_f16(A(f16), B(f16), C(f16), 5));
    T(vmulxq_f16(A(f16), B(f16)));
    T(vsqrtq_f16(A(f16)));
    T(vabsq_f16(A(f16)));
    T(vnegq_f16(A(f16)));
    T(vabdq_f16(A(f16), B(f16)));
    T(vmaxq_f16(A(f16), B(f16)));
    T(vminnmq_f16(A(f16), B(f16)));
    T(vpaddq_f16(A(f16), B(f16)));
    T(vpmaxnmq_f16(A(f16), B(f16)));
    T(vmaxvq_f16(A(f16)));
    T(vminnmvq_f16(A(f16)));
    T(vrecpeq_f16(A(f16)));
    T(vrsqrteq_f16(A(f16)));
    T(vrecpsq_f16(A(f16), B(f16)));
    T(vrsqrtsq_f16(A(f16), B(f16)));
    T(vcvtq_f16_s16(A(s16)));
    T(vcvtq_f16_u16(A(u16)));
    T(vcvtq_s16_f16(A(f16)));
    T(vcvtq_u16_f16(A(f16)));
    T(vcvtq_n_s16_f16(A(f16), 4));
    T(vcvtq_n_f16_u16(A(u16), 9));
    T(vcvtnq_s16_f16(A(f16)));
    T(vcvtmq_u16_f16(A(f16)));
    T(vcvtaq_s16_f16(A(f16)));
    T(vrndq_f16(A(f16)));
    T(vrndnq_f16(A(f16)));
    T(vrndaq_f16(A(f16)));
    T(vrndxq_f16(A(f16)));
    T(vceqq_f16(A(f16), B(f16)));
    T(vcgeq_f16(A(f16), B(f16)));
    T(vcagtq_f16(A(f16), B(f16)));
    T(vcltzq_f16(A(f16)));
    T(SH + SH2);
    T(SH * SH2);
    T(SH / SH2);
    T(SH - SH2 * SH);
    T(SH < SH2 ? SH : SH2);
    T((float)SH);
    T((double)SH2);
    T((float16_t)SF);
    T((float16_t)SD);
    T((int)SH);
    T((float16_t)(*(const int32_t *)pa));
    T(vsqrth_f16(SH));
    T(vfmah_f16(SH, SH2, SH));
    T(vrndnh_f16(SH));
    T(vcvth_n_s32_f16(SH, 3));
    T(vqrdmlahq_s16(A(s16), B(s16), C(s16)));
    T(vqrdmlahq_s32(A(s32), B(s32), C(s32)));
    T(vqrdmlshq_s16(A(s16), B(s16), C(s16)));
    T(vqrdmlshq_s32(A(s32), B(s32), C(s32)));
    T(vqrdmlahq_laneq_s16(A(s16), B(s16), C(s16), 3));
    T(vqrdmlshq_laneq_s32(A(s32), B(s32), C(s32), 1));
    T(vqrdmlahh_s16(SA(int16_t), SB(int16_t), *(const int16_t *)pc));
    T(vqrdmlahh_s16(INT16_MIN, INT16_MIN, INT16_MIN));
    T(vfmlalq_low_f16(A(f32), B(f16), C(f16)));
    T(vfmlalq_high_f16(A(f32), B(f16), C(f16)));
    T(vfmlslq_low_f16(A(f32), B(f16), C(f16)));
    T(vfmlslq_high_f16(A(f32), B(f16), C(f16)));
    T(vfmlal_low_f16(AD(f32), BD(f16), CD(f16)));
    T(vfmlalq_laneq_low_f16(A(f32), B(f16), C(f16), 6));
    T(vfmlslq_laneq_high_f16(A(f32), B(f16), C(f16), 1));
    T(vdotq_u32(A(u32), B(u8), C(u8)));
    T(vdotq_s32(A(s32), B(s8), C(s8)));
    T(vdot_u32(AD(u32), BD(u8), CD(u8)));
    T(vdotq_laneq_u32(A(u32), B(u8), C(u8), 3));
    T(vdotq_lane_s32(A(s32), B(s8), CD(s8), 1));
    T(__jcvt(SD));
    T(__jcvt(SD * 1e12));
    T(__jcvt((double)SH * 65536.0 * 65536.0));
    T(vrnd32xq_f32(A(f32)));
    T(vrnd32zq_f32(A(f32)));
    T(vrnd64xq_f64(A(f64)));
    T(vrnd64zq_f64(A(f64)));
    T(__rint32x(SD * 1e9));
    T(__rint64zf(SF * 1e15f));
}

int main(void)
{
    fill();
    tests();
    /* FPCR.FZ16 (bit 19) and DN for half precision */
    __asm__ volatile("msr fpcr, %0" ::"r"((uint64_t)(1u << 19 | 1u << 25)) : "memory");
    printf("== FZ16 DN\n");
    tests();
    __asm__ volatile("msr fpcr, %0" ::"r"((uint64_t)0) : "memory");
    return 0;
}
