/* arm_neon.h floating-point intrinsics (single and double precision):
 * arithmetic, fused multiply-add, division and square root, estimates and
 * Newton steps, conversions (integer, fixed point, precision), rounding,
 * min/max (NaN handling), pairwise and across-lanes reductions and
 * compares, plus scalar FP code; each under the default FPCR, with FZ and
 * DN set, and rounding towards +infinity. Results and FPSR in hex. */
#include "neon_test.h"

static const uint32_t fspecial[] = {
    0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001,
    0x7f800001, 0x7fa00000, 0x00000001, 0x807fffff, 0x00800000, 0x7f7fffff,
    0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0600000,
    0x4b000001, 0xcf000000, 0x4f800000, 0x3dcccccd, 0x5f000000, 0x00400000,
};
static const uint64_t dspecial[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull,
    0xfff0000000000000ull, 0x7ff8000000000000ull, 0xfff8000000000001ull,
    0x7ff0000000000001ull, 0x7ff4000000000000ull, 0x0000000000000001ull,
    0x000fffffffffffffull, 0x0010000000000000ull, 0x7fefffffffffffffull,
    0x3ff0000000000000ull, 0xbff8000000000000ull, 0x4004000000000000ull,
    0x43e0000000000000ull, 0xc3e0000000000001ull, 0x41dfffffffc00000ull,
    0x3fb999999999999aull, 0x4330000000000001ull, 0x36a0000000000000ull,
};

static void fill(void)
{
    uint64_t s = 77;
    for (int i = 0; i < NV + 8; i++) {
        if (i % 2 == 0) {
            for (int j = 0; j < 4; j++) {
                uint64_t r = lcg64(&s);
                uint32_t v;
                if (r % 3 == 0)
                    v = fspecial[(r >> 8) % (sizeof(fspecial) / 4)];
                else /* exponents around 1, sign random */
                    v = (uint32_t)((r >> 20) & 0x807fffff) | (uint32_t)((112 + (r >> 8) % 32) << 23);
                memcpy(vin[i] + 4 * j, &v, 4);
            }
        } else {
            for (int j = 0; j < 2; j++) {
                uint64_t r = lcg64(&s), v;
                if (r % 3 == 0)
                    v = dspecial[(r >> 8) % (sizeof(dspecial) / 8)];
                else
                    v = (lcg64(&s) & 0x800fffffffffffffull) | ((1008 + (r >> 8) % 32) << 52);
                memcpy(vin[i] + 8 * j, &v, 8);
            }
        }
    }
}

#define SF (*(const float *)pa)
#define SF2 (*(const float *)pb)
#define SD (*(const double *)pa)
#define SD2 (*(const double *)pb)
#define SD3 (*(const double *)pc)

static void vector_ops(void)
{
    T(vaddq_f32(A(f32), B(f32)));
    T(vaddq_f64(A(f64), B(f64)));
    T(vadd_f32(AD(f32), BD(f32)));
    T(vsubq_f32(A(f32), B(f32)));
    T(vsubq_f64(A(f64), B(f64)));
    T(vmulq_f32(A(f32), B(f32)));
    T(vmulq_f64(A(f64), B(f64)));
    T(vmulq_laneq_f32(A(f32), B(f32), 2));
    T(vmulq_laneq_f64(A(f64), B(f64), 1));
    T(vmulq_n_f32(A(f32), SF2));
    T(vmulxq_f32(A(f32), B(f32)));
    T(vmulxq_f64(A(f64), B(f64)));
    T(vdivq_f32(A(f32), B(f32)));
    T(vdivq_f64(A(f64), B(f64)));
    T(vfmaq_f32(A(f32), B(f32), C(f32)));
    T(vfmaq_f64(A(f64), B(f64), C(f64)));
    T(vfmsq_f32(A(f32), B(f32), C(f32)));
    T(vfmsq_f64(A(f64), B(f64), C(f64)));
    T(vfmaq_laneq_f32(A(f32), B(f32), C(f32), 1));
    T(vfmaq_laneq_f64(A(f64), B(f64), C(f64), 0));
    T(vfma_f32(AD(f32), BD(f32), CD(f32)));
    T(vsqrtq_f32(A(f32)));
    T(vsqrtq_f64(A(f64)));
    T(vabsq_f32(A(f32)));
    T(vnegq_f64(A(f64)));
    T(vabdq_f32(A(f32), B(f32)));
    T(vabdq_f64(A(f64), B(f64)));
    T(vrecpeq_f32(A(f32)));
    T(vrecpeq_f64(A(f64)));
    T(vrsqrteq_f32(A(f32)));
    T(vrsqrteq_f64(A(f64)));
    T(vrecpsq_f32(A(f32), B(f32)));
    T(vrecpsq_f64(A(f64), B(f64)));
    T(vrsqrtsq_f32(A(f32), B(f32)));
    T(vrsqrtsq_f64(A(f64), B(f64)));
    T(vrecpxs_f32(SF));
    T(vrecpxd_f64(SD));
    T(vrecpes_f32(SF));
    T(vrsqrted_f64(SD));
    T(vcvtq_s32_f32(A(f32)));
    T(vcvtq_u32_f32(A(f32)));
    T(vcvtq_s64_f64(A(f64)));
    T(vcvtq_u64_f64(A(f64)));
    T(vcvtq_f32_s32(A(s32)));
    T(vcvtq_f32_u32(A(u32)));
    T(vcvtq_f64_s64(A(s64)));
    T(vcvtq_f64_u64(A(u64)));
    T(vcvtq_n_s32_f32(A(f32), 8));
    T(vcvtq_n_u32_f32(A(f32), 31));
    T(vcvtq_n_f32_u32(A(u32), 16));
    T(vcvtq_n_f32_s32(A(s32), 1));
    T(vcvtq_n_f64_s64(A(s64), 3));
    T(vcvtq_n_s64_f64(A(f64), 60));
    T(vcvtnq_s32_f32(A(f32)));
    T(vcvtmq_s32_f32(A(f32)));
    T(vcvtpq_u32_f32(A(f32)));
    T(vcvtaq_s64_f64(A(f64)));
    T(vcvtnq_u64_f64(A(f64)));
    T(vcvt_f64_f32(AD(f32)));
    T(vcvt_high_f64_f32(A(f32)));
    T(vcvt_f32_f64(A(f64)));
    T(vcvt_high_f32_f64(AD(f32), B(f64)));
    T(vcvtx_f32_f64(A(f64)));
    T(vcvt_f16_f32(A(f32)));
    T(vcvt_f32_f16(vreinterpret_f16_u8(AD(u8))));
    T(vcvt_f16_f32(vcvt_high_f32_f64(vcvt_f32_f64(A(f64)), B(f64))));
    T(vrndq_f32(A(f32)));
    T(vrndnq_f32(A(f32)));
    T(vrndmq_f64(A(f64)));
    T(vrndpq_f32(A(f32)));
    T(vrndaq_f64(A(f64)));
    T(vrndxq_f32(A(f32)));
    T(vrndiq_f64(A(f64)));
    T(vrndq_f64(A(f64)));
    T(vrndnq_f64(A(f64)));
    T(vmaxnmq_f32(A(f32), B(f32)));
    T(vminnmq_f64(A(f64), B(f64)));
    T(vmaxq_f32(A(f32), B(f32)));
    T(vminq_f32(A(f32), B(f32)));
    T(vmaxq_f64(A(f64), B(f64)));
    T(vminq_f64(A(f64), B(f64)));
    T(vpaddq_f32(A(f32), B(f32)));
    T(vpaddq_f64(A(f64), B(f64)));
    T(vpadds_f32(AD(f32)));
    T(vpaddd_f64(A(f64)));
    T(vpmaxq_f32(A(f32), B(f32)));
    T(vpminq_f64(A(f64), B(f64)));
    T(vpmaxnmq_f64(A(f64), B(f64)));
    T(vpminnmq_f32(A(f32), B(f32)));
    T(vmaxvq_f32(A(f32)));
    T(vminvq_f32(A(f32)));
    T(vmaxnmvq_f32(A(f32)));
    T(vminnmvq_f64(A(f64)));
    T(vmaxvq_f64(A(f64)));
    T(vceqq_f32(A(f32), B(f32)));
    T(vceqq_f64(A(f64), A(f64)));
    T(vcgeq_f64(A(f64), B(f64)));
    T(vcgtq_f32(A(f32), B(f32)));
    T(vcleq_f32(A(f32), B(f32)));
    T(vcltq_f64(A(f64), B(f64)));
    T(vcagtq_f32(A(f32), B(f32)));
    T(vcageq_f64(A(f64), B(f64)));
    T(vceqzq_f32(A(f32)));
    T(vcltzq_f64(A(f64)));
    T(vcgezq_f32(A(f32)));
    T(vcgtd_f64(SD, SD2));
    T(vcages_f32(SF, SF2));
    T(vbslq_f32(vcgtq_f32(A(f32), B(f32)), A(f32), B(f32)));
}

/* Scalar code the compiler maps to FCMP/FCCMP/FCSEL, FMADD/FNMSUB, FMIN/
 * FMAXNM, FCVTZS/UCVTF and FMOV. */
static void scalar_ops(void)
{
    T(SD * SD2 + SD3);
    T(-(SD * SD2) - SD3);
    T(SD * SD2 - SD3);
    T(SF * SF2 + (float)SD3);
    T(-(SF * SF2));
    T(SD < SD2 ? SD : SD3);
    T(SF >= SF2 ? 1.5f : -0.25f);
    T((SD == SD2 || SD3 > 1.0) ? SD : -SD3);
    T((SD < SD2) + (SD <= SD2) * 2 + (SD > SD2) * 4 + (SD >= SD2) * 8 + (SD != SD2) * 16 + (SD == SD2) * 32);
    T(__builtin_isunordered(SD, SD2) + 2 * __builtin_islessgreater(SF, SF2));
    T(__builtin_fmin(SD, SD2));
    T(__builtin_fmaxf(SF, SF2));
    T(__builtin_fma(SD, SD2, SD3));
    T(__builtin_fmaf(SF, SF2, SF));
    T(__builtin_sqrt(SD));
    T(__builtin_sqrtf(SF));
    T(__builtin_fabs(SD) + __builtin_copysign(1.0, SD2));
    T(__builtin_trunc(SD) - __builtin_floor(SD2) + __builtin_ceil(SD3));
    T(__builtin_roundf(SF) + __builtin_rintf(SF2));
    T(__builtin_nearbyint(SD));
    T((int)SF);
    T((unsigned)SD);
    T((long)SD);
    T((unsigned long)SF);
    T((short)SF);
    T((double)SA(int64_t));
    T((float)SA(uint64_t));
    T((float)SA(int32_t));
    T((double)SA(uint32_t));
    T((float)SD);
    T((double)SF);
    T(__builtin_lround(SD));
    T(__builtin_lrintf(SF));
    T(SD / SD2);
    T(SF / SF2);
    T(SD + 0.5);
    T(SF * 0.125f);
    T(SD - 31.0);
}

static uint64_t fpcr_get(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpcr" : "=r"(v)::"memory");
    return v;
}

static void fpcr_set(uint64_t v) { __asm__ volatile("msr fpcr, %0" ::"r"(v) : "memory"); }

int main(void)
{
    fill();
    static const uint64_t fpcrs[] = {0, (1u << 24) | (1u << 25), 1u << 22};
    static const char *const names[] = {"default", "FZ DN", "RP"};
    for (int k = 0; k < 3; k++) {
        printf("== FPCR %s\n", names[k]);
        fpcr_set(fpcrs[k]);
        vector_ops();
        scalar_ops();
        uint64_t v = fpcr_get();
        fpcr_set(0);
        printf("fpcr was %08llx\n", (unsigned long long)v);
    }
    return 0;
}
