/* arm_neon.h integer intrinsics across the AdvSIMD groups: arithmetic,
 * saturating, shifts, widening/narrowing, pairwise and across-lanes,
 * compares, bitwise, table lookups, permutes, lane moves, counts, reverses
 * and structure loads. Inputs mix random bytes with edge values. */
#include "neon_test.h"

static void fill(void)
{
    uint64_t s = 2024;
    for (int i = 0; i < NV + 8; i++)
        for (int j = 0; j < 16; j++)
            vin[i][j] = (uint8_t)lcg64(&s);
    static const uint8_t edge[] = {0x00, 0xff, 0x80, 0x7f, 0x01, 0xfe, 0x81};
    for (int k = 0; k < 7; k++)
        memset(vin[3 * k + 1], edge[k], 16);
    /* halfword, word and doubleword extremes mixed in lanes */
    for (int j = 0; j < 16; j += 2) {
        vin[5][j] = 0x00, vin[5][j + 1] = 0x80;
        vin[8][j] = 0xff, vin[8][j + 1] = 0x7f;
    }
    for (int j = 0; j < 16; j++)
        vin[11][j] = j % 4 == 3 ? 0x80 : 0, vin[14][j] = j % 8 == 7 ? 0x80 : 0,
        vin[17][j] = (uint8_t)(j * 17), vin[20][j] = (uint8_t)(j < 8 ? 0xf0 + j : j * 3),
        vin[23][j] = (uint8_t)(j ^ 0x1f);
    /* small shift counts, positive and negative, in every lane size */
    for (int j = 0; j < 16; j++)
        vin[26][j] = (uint8_t)((j * 5) % 80 - 40), vin[29][j] = (uint8_t)(j - 8);
}

static void arith(void)
{
    T(vaddq_s8(A(s8), B(s8)));
    T(vaddq_u16(A(u16), B(u16)));
    T(vaddq_s32(A(s32), B(s32)));
    T(vaddq_s64(A(s64), B(s64)));
    T(vadd_u8(AD(u8), BD(u8)));
    T(vadd_s64(AD(s64), BD(s64)));
    T(vsubq_s8(A(s8), B(s8)));
    T(vsubq_u64(A(u64), B(u64)));
    T(vsub_s32(AD(s32), BD(s32)));
    T(vmulq_s8(A(s8), B(s8)));
    T(vmulq_u16(A(u16), B(u16)));
    T(vmulq_s32(A(s32), B(s32)));
    T(vmul_u32(AD(u32), BD(u32)));
    T(vmulq_n_s16(A(s16), SB(int16_t)));
    T(vmulq_laneq_s32(A(s32), B(s32), 3));
    T(vmulq_lane_s16(A(s16), BD(s16), 1));
    T(vmlaq_s16(A(s16), B(s16), C(s16)));
    T(vmlaq_u8(A(u8), B(u8), C(u8)));
    T(vmlsq_u32(A(u32), B(u32), C(u32)));
    T(vmlaq_laneq_s16(A(s16), B(s16), C(s16), 7));
    T(vmlsq_laneq_u32(A(u32), B(u32), C(u32), 2));
    T(vmulq_p8(A(p8), B(p8)));
    T(vmull_p8(AD(p8), BD(p8)));
    T(vmull_high_p8(A(p8), B(p8)));
    T(vhaddq_s8(A(s8), B(s8)));
    T(vhaddq_u16(A(u16), B(u16)));
    T(vrhaddq_u8(A(u8), B(u8)));
    T(vrhaddq_s32(A(s32), B(s32)));
    T(vhsubq_s16(A(s16), B(s16)));
    T(vhsubq_u8(A(u8), B(u8)));
    T(vabdq_u8(A(u8), B(u8)));
    T(vabdq_s16(A(s16), B(s16)));
    T(vabdq_s32(A(s32), B(s32)));
    T(vabaq_u32(A(u32), B(u32), C(u32)));
    T(vabaq_s8(A(s8), B(s8), C(s8)));
    T(vabsq_s8(A(s8)));
    T(vabsq_s16(A(s16)));
    T(vabsq_s64(A(s64)));
    T(vabs_s32(AD(s32)));
    T(vnegq_s32(A(s32)));
    T(vnegq_s64(A(s64)));
    T(vneg_s8(AD(s8)));
    T(vrecpeq_u32(A(u32)));
    T(vrsqrteq_u32(A(u32)));
}

static void widen_narrow(void)
{
    T(vmull_s8(AD(s8), BD(s8)));
    T(vmull_u16(AD(u16), BD(u16)));
    T(vmull_high_s32(A(s32), B(s32)));
    T(vmull_u32(AD(u32), BD(u32)));
    T(vmull_laneq_s16(AD(s16), B(s16), 5));
    T(vmlal_u8(A(u16), BD(u8), CD(u8)));
    T(vmlal_high_s16(A(s32), B(s16), C(s16)));
    T(vmlsl_s16(A(s32), BD(s16), CD(s16)));
    T(vmlsl_high_u32(A(u64), B(u32), C(u32)));
    T(vaddl_s8(AD(s8), BD(s8)));
    T(vaddl_high_u16(A(u16), B(u16)));
    T(vaddw_s8(A(s16), BD(s8)));
    T(vaddw_high_u32(A(u64), B(u32)));
    T(vsubl_u32(AD(u32), BD(u32)));
    T(vsubl_high_s8(A(s8), B(s8)));
    T(vsubw_high_s16(A(s32), B(s16)));
    T(vabdl_u8(AD(u8), BD(u8)));
    T(vabdl_high_s32(A(s32), B(s32)));
    T(vabal_s16(A(s32), BD(s16), CD(s16)));
    T(vabal_high_u8(A(u16), B(u8), C(u8)));
    T(vaddhn_s16(A(s16), B(s16)));
    T(vaddhn_high_u32(AD(u16), B(u32), C(u32)));
    T(vraddhn_u32(A(u32), B(u32)));
    T(vsubhn_s64(A(s64), B(s64)));
    T(vrsubhn_s16(A(s16), B(s16)));
    T(vmovn_s16(A(s16)));
    T(vmovn_u64(A(u64)));
    T(vmovn_high_u32(AD(u16), B(u32)));
    T(vqmovn_s16(A(s16)));
    T(vqmovn_u32(A(u32)));
    T(vqmovn_s64(A(s64)));
    T(vqmovun_s16(A(s16)));
    T(vqmovun_s32(A(s32)));
    T(vqmovn_high_s64(AD(s32), B(s64)));
    T(vqmovun_high_s16(AD(u8), B(s16)));
    T(vmovl_s8(AD(s8)));
    T(vmovl_high_u16(A(u16)));
    T(vmovl_s32(AD(s32)));
    T(vmovl_high_u8(A(u8)));
}

static void saturating(void)
{
    T(vqaddq_s8(A(s8), B(s8)));
    T(vqaddq_u8(A(u8), B(u8)));
    T(vqaddq_s16(A(s16), B(s16)));
    T(vqaddq_u32(A(u32), B(u32)));
    T(vqaddq_s64(A(s64), B(s64)));
    T(vqaddq_u64(A(u64), B(u64)));
    T(vqsubq_s32(A(s32), B(s32)));
    T(vqsubq_u16(A(u16), B(u16)));
    T(vqsubq_s8(A(s8), B(s8)));
    T(vqsubq_u64(A(u64), B(u64)));
    T(vqdmulhq_s16(A(s16), B(s16)));
    T(vqdmulhq_s32(A(s32), B(s32)));
    T(vqrdmulhq_s16(A(s16), B(s16)));
    T(vqrdmulhq_s32(A(s32), B(s32)));
    T(vqdmulhq_laneq_s16(A(s16), B(s16), 6));
    T(vqrdmulhq_lane_s32(A(s32), BD(s32), 1));
    T(vqdmull_s16(AD(s16), BD(s16)));
    T(vqdmull_high_s32(A(s32), B(s32)));
    T(vqdmlal_s32(A(s64), BD(s32), CD(s32)));
    T(vqdmlsl_s16(A(s32), BD(s16), CD(s16)));
    T(vqdmlal_high_s16(A(s32), B(s16), C(s16)));
    T(vqabsq_s8(A(s8)));
    T(vqabsq_s64(A(s64)));
    T(vqnegq_s16(A(s16)));
    T(vqnegq_s32(A(s32)));
    T(vuqaddq_s8(A(s8), B(u8)));
    T(vuqaddq_s32(A(s32), B(u32)));
    T(vsqaddq_u16(A(u16), B(s16)));
    T(vsqaddq_u64(A(u64), B(s64)));
    T(vqaddh_s16(SA(int16_t), SB(int16_t)));
    T(vqaddb_u8(SA(uint8_t), SB(uint8_t)));
    T(vqsubs_u32(SA(uint32_t), SB(uint32_t)));
    T(vqaddd_s64(SA(int64_t), SB(int64_t)));
    T(vqdmulhh_s16(SA(int16_t), SB(int16_t)));
    T(vqrdmulhs_s32(SA(int32_t), SB(int32_t)));
    T(vqdmullh_s16(SA(int16_t), SB(int16_t)));
    T(vqmovnh_s16(SA(int16_t)));
    T(vqmovund_s64(SA(int64_t)));
    T(vqabsb_s8(SA(int8_t)));
    T(vqnegd_s64(SA(int64_t)));
}

static void shifts(void)
{
    T(vshlq_n_s8(A(s8), 3));
    T(vshlq_n_u64(A(u64), 63));
    T(vshrq_n_s16(A(s16), 5));
    T(vshrq_n_s8(A(s8), 8));
    T(vshrq_n_u32(A(u32), 31));
    T(vshrq_n_u64(A(u64), 64));
    T(vsraq_n_u8(A(u8), B(u8), 2));
    T(vsraq_n_s64(A(s64), B(s64), 17));
    T(vrshrq_n_s16(A(s16), 16));
    T(vrshrq_n_u8(A(u8), 1));
    T(vrsraq_n_u32(A(u32), B(u32), 9));
    T(vrshrq_n_s64(A(s64), 64));
    T(vshlq_s8(A(s8), vld1q_s8((const void *)vin[26])));
    T(vshlq_u16(A(u16), vld1q_s16((const void *)vin[29])));
    T(vshlq_s32(A(s32), B(s32)));
    T(vshlq_u64(A(u64), vld1q_s64((const void *)vin[26])));
    T(vrshlq_s32(A(s32), vld1q_s32((const void *)vin[29])));
    T(vrshlq_u8(A(u8), vld1q_s8((const void *)vin[26])));
    T(vrshlq_s64(A(s64), vld1q_s64((const void *)vin[29])));
    T(vqshlq_s16(A(s16), vld1q_s16((const void *)vin[26])));
    T(vqshlq_u32(A(u32), vld1q_s32((const void *)vin[29])));
    T(vqshlq_s8(A(s8), B(s8)));
    T(vqrshlq_u32(A(u32), vld1q_s32((const void *)vin[26])));
    T(vqrshlq_s16(A(s16), vld1q_s16((const void *)vin[29])));
    T(vqshlq_n_u8(A(u8), 3));
    T(vqshlq_n_s32(A(s32), 20));
    T(vqshluq_n_s8(A(s8), 2));
    T(vqshluq_n_s64(A(s64), 40));
    T(vshll_n_s8(AD(s8), 3));
    T(vshll_n_u8(AD(u8), 8));
    T(vshll_high_n_u16(A(u16), 7));
    T(vshll_n_s32(AD(s32), 32));
    T(vshrn_n_s16(A(s16), 3));
    T(vshrn_high_n_u64(AD(u32), B(u64), 32));
    T(vrshrn_n_u32(A(u32), 11));
    T(vqshrn_n_s16(A(s16), 2));
    T(vqshrn_n_u32(A(u32), 4));
    T(vqshrun_n_s32(A(s32), 7));
    T(vqrshrn_n_u64(A(u64), 13));
    T(vqrshrn_n_s32(A(s32), 16));
    T(vqrshrun_n_s16(A(s16), 1));
    T(vqrshrun_high_n_s64(AD(u32), B(s64), 30));
    T(vsliq_n_u8(A(u8), B(u8), 3));
    T(vsliq_n_u64(A(u64), B(u64), 0));
    T(vsriq_n_u16(A(u16), B(u16), 5));
    T(vsriq_n_u32(A(u32), B(u32), 32));
    T(vshl_n_s64(AD(s64), 13));
    T(vshld_s64(SA(int64_t), (int8_t)pb[0] % 70));
    T(vrshrd_n_s64(SA(int64_t), 33));
    T(vshrd_n_u64(SA(uint64_t), 64));
    T(vqshlb_n_u8(SA(uint8_t), 5));
    T(vqrshrnd_n_s64(SA(int64_t), 20));
    T(vqshrunh_n_s16(SA(int16_t), 3));
    T(vslid_n_u64(SA(uint64_t), SB(uint64_t), 9));
}

static void minmax_pairwise(void)
{
    T(vmaxq_s8(A(s8), B(s8)));
    T(vmaxq_u16(A(u16), B(u16)));
    T(vminq_s32(A(s32), B(s32)));
    T(vminq_u8(A(u8), B(u8)));
    T(vmax_u32(AD(u32), BD(u32)));
    T(vpmaxq_s8(A(s8), B(s8)));
    T(vpminq_u16(A(u16), B(u16)));
    T(vpmax_s32(AD(s32), BD(s32)));
    T(vpmin_u8(AD(u8), BD(u8)));
    T(vpaddq_s8(A(s8), B(s8)));
    T(vpaddq_u64(A(u64), B(u64)));
    T(vpadd_s16(AD(s16), BD(s16)));
    T(vpaddlq_s8(A(s8)));
    T(vpaddlq_u32(A(u32)));
    T(vpaddl_u16(AD(u16)));
    T(vpadalq_u16(A(u32), B(u16)));
    T(vpadalq_s32(A(s64), B(s32)));
    T(vpaddd_u64(A(u64)));
    T(vaddvq_s8(A(s8)));
    T(vaddvq_u16(A(u16)));
    T(vaddvq_u32(A(u32)));
    T(vaddvq_u64(A(u64)));
    T(vaddv_s16(AD(s16)));
    T(vaddv_u32(AD(u32)));
    T(vaddlvq_s8(A(s8)));
    T(vaddlvq_u16(A(u16)));
    T(vaddlvq_s32(A(s32)));
    T(vaddlv_u8(AD(u8)));
    T(vmaxvq_u8(A(u8)));
    T(vmaxvq_s16(A(s16)));
    T(vmaxvq_u32(A(u32)));
    T(vminvq_s32(A(s32)));
    T(vminvq_u8(A(u8)));
    T(vminv_s8(AD(s8)));
    T(vmaxv_u16(AD(u16)));
}

static void compares_bits(void)
{
    T(vceqq_s8(A(s8), B(s8)));
    T(vceqq_u8(A(u8), vdupq_n_u8(0xff)));
    T(vcgtq_s16(A(s16), B(s16)));
    T(vcgtq_u16(A(u16), B(u16)));
    T(vcgeq_u32(A(u32), B(u32)));
    T(vcgeq_s32(A(s32), B(s32)));
    T(vcltq_s64(A(s64), B(s64)));
    T(vcgtq_u64(A(u64), B(u64)));
    T(vcleq_u8(A(u8), B(u8)));
    T(vtstq_u16(A(u16), B(u16)));
    T(vtstq_s64(A(s64), B(s64)));
    T(vceqzq_s32(vandq_s32(A(s32), vdupq_n_s32(0x00ff00ff))));
    T(vcgtzq_s8(A(s8)));
    T(vcgezq_s16(A(s16)));
    T(vclezq_s32(A(s32)));
    T(vcltzq_s64(A(s64)));
    T(vceqd_s64(SA(int64_t), SB(int64_t)));
    T(vcgtd_s64(SA(int64_t), SB(int64_t)));
    T(vcltzd_s64(SA(int64_t)));
    T(vandq_u8(A(u8), B(u8)));
    T(vorrq_u16(A(u16), B(u16)));
    T(veorq_u32(A(u32), B(u32)));
    T(vbicq_u8(A(u8), B(u8)));
    T(vornq_u64(A(u64), B(u64)));
    T(vmvnq_u8(A(u8)));
    T(vmvn_u16(AD(u16)));
    T(vbslq_u8(A(u8), B(u8), C(u8)));
    T(vbslq_u32(C(u32), A(u32), B(u32)));
    T(vbsl_u8(AD(u8), BD(u8), CD(u8)));
    T(vorrq_u32(A(u32), vdupq_n_u32(0x00ab0000)));
    T(vbicq_u16(A(u16), vdupq_n_u16(0x0f00)));
    T(vcntq_u8(A(u8)));
    T(vcnt_u8(AD(u8)));
    T(vclzq_u8(A(u8)));
    T(vclzq_u16(A(u16)));
    T(vclzq_s32(A(s32)));
    T(vclsq_s8(A(s8)));
    T(vclsq_s16(A(s16)));
    T(vclsq_s32(A(s32)));
    T(vrbitq_u8(A(u8)));
    T(vrev16q_u8(A(u8)));
    T(vrev32q_u8(A(u8)));
    T(vrev32q_u16(A(u16)));
    T(vrev64q_u8(A(u8)));
    T(vrev64q_u16(A(u16)));
    T(vrev64q_u32(A(u32)));
    T(vrev64_u8(AD(u8)));
}

static uint8x16x2_t pair(const uint8_t *p) { return vld1q_u8_x2(p); }

static void permutes(void)
{
    T(vqtbl1q_u8(A(u8), vandq_u8(B(u8), vdupq_n_u8(0x1f))));
    T(vqtbl1q_u8(A(u8), B(u8)));
    T(vqtbl2q_u8(pair(pa), vandq_u8(C(u8), vdupq_n_u8(0x3f))));
    T(vqtbl3q_u8(vld1q_u8_x3(pa), vandq_u8(C(u8), vdupq_n_u8(0x3f))));
    T(vqtbl4q_u8(vld1q_u8_x4(pa), vandq_u8(B(u8), vdupq_n_u8(0x7f))));
    T(vqtbx1q_u8(A(u8), B(u8), vandq_u8(C(u8), vdupq_n_u8(0x1f))));
    T(vqtbx2q_u8(A(u8), pair(pb), vandq_u8(C(u8), vdupq_n_u8(0x3f))));
    T(vqtbx4q_u8(A(u8), vld1q_u8_x4(pb), C(u8)));
    T(vtbl1_u8(AD(u8), vand_u8(BD(u8), vdup_n_u8(0x0f))));
    T(vqtbl1_u8(A(u8), vand_u8(BD(u8), vdup_n_u8(0x1f))));
    T(vzip1q_u8(A(u8), B(u8)));
    T(vzip2q_u16(A(u16), B(u16)));
    T(vzip1q_u64(A(u64), B(u64)));
    T(vzip1_u32(AD(u32), BD(u32)));
    T(vuzp1q_u32(A(u32), B(u32)));
    T(vuzp2q_u8(A(u8), B(u8)));
    T(vuzp2q_u64(A(u64), B(u64)));
    T(vuzp1_u16(AD(u16), BD(u16)));
    T(vtrn1q_u16(A(u16), B(u16)));
    T(vtrn2q_u8(A(u8), B(u8)));
    T(vtrn2q_u32(A(u32), B(u32)));
    T(vtrn1_u8(AD(u8), BD(u8)));
    T(vextq_u8(A(u8), B(u8), 5));
    T(vextq_u8(A(u8), B(u8), 15));
    T(vextq_u16(A(u16), B(u16), 3));
    T(vextq_u64(A(u64), B(u64), 1));
    T(vext_u8(AD(u8), BD(u8), 7));
    T(vdupq_n_u8(pa[3]));
    T(vdupq_n_u16(SA(uint16_t)));
    T(vdupq_n_u32(SA(uint32_t)));
    T(vdupq_n_u64(SA(uint64_t)));
    T(vdup_n_u8(pa[5]));
    T(vdupq_laneq_u8(A(u8), 15));
    T(vdupq_laneq_u16(A(u16), 6));
    T(vdupq_laneq_u32(A(u32), 2));
    T(vdupq_laneq_u64(A(u64), 1));
    T(vdup_lane_u8(AD(u8), 3));
    T(vdupb_laneq_u8(A(u8), 9));
    T(vgetq_lane_u8(A(u8), 11));
    T(vgetq_lane_s8(A(s8), 7));
    T(vgetq_lane_s16(A(s16), 5));
    T(vgetq_lane_u16(A(u16), 4));
    T(vgetq_lane_s32(A(s32), 3));
    T((int64_t)vgetq_lane_s32(A(s32), 1));
    T((int64_t)vgetq_lane_s16(A(s16), 2));
    T(vgetq_lane_u64(A(u64), 1));
    T(vsetq_lane_u16(SB(uint16_t), A(u16), 5));
    T(vsetq_lane_u8(pb[1], A(u8), 0));
    T(vsetq_lane_u64(SB(uint64_t), A(u64), 1));
    T(vcopyq_laneq_u32(A(u32), 1, B(u32), 3));
    T(vcopyq_laneq_u8(A(u8), 14, B(u8), 2));
    T(vcopyq_laneq_u64(A(u64), 0, B(u64), 1));
    T(vcombine_u32(AD(u32), BD(u32)));
    T(vget_high_u16(A(u16)));
    T(vmovq_n_u8(0xa5));
    T(vdupq_n_u32(0xff00ff00));
    T(vdupq_n_u16(0x1200));
    T(vmvnq_u32(vdupq_n_u32(0x0000ab00)));
    T(vdupq_n_u64(0xff00ffff0000ff00ull));
}

static void structs(void)
{
    T(vld2q_u8(pa));
    T(vld3q_u16((const void *)pa));
    T(vld4q_u32((const void *)pa));
    T(vld2_u16((const void *)pa));
    T(vld3_u8(pa));
    T(vld4_u16((const void *)pa));
    T(vld2q_u64((const void *)pa));
    T(vld1q_dup_u16((const void *)(pa + 6)));
    T(vld2q_dup_u8(pa + 3));
    T(vld4q_dup_u32((const void *)pa));
    T(vld1q_lane_u32((const void *)(pb + 4), A(u32), 2));
    T(vld2q_lane_u16((const void *)pc, vld2q_u16((const void *)pa), 5));
    T(vld3q_lane_u8(pc + 1, vld3q_u8(pa), 13));
    T(vld1q_u16_x3((const void *)pa));
    uint8_t out[64 * NV];
    uint64_t h = FNV_INIT;
    for (int i = 0; i < NV; i++) {
        const uint8_t *pa = vin[i];
        memset(out, 0x55, 80);
        vst2q_u8(out, vld2q_u8(pa));
        vst3q_u16((void *)(out + 1), vld1q_u16_x3((const void *)pa));
        vst4q_u32((void *)(out + 3), vld4q_u32((const void *)pa));
        vst4_lane_u16((void *)(out + 70), vld4_u16((const void *)pa), 3);
        vst3q_lane_u8(out + 76, vld3q_u8(pa), 9);
        vst1q_u8_x2(out + 40, vld2q_u8(pa));
        h = fnv_bytes(h, out, 80);
    }
    printf("%-28s %016llx\n", "vst2/3/4, lanes, x2", (unsigned long long)h);
}

int main(void)
{
    fill();
    arith();
    widen_narrow();
    saturating();
    shifts();
    minmax_pairwise();
    compares_bits();
    permutes();
    structs();
    return 0;
}
