/* The test harness of the arm_neon.h programs: each TEST evaluates an
 * expression over NV input vectors read at run time (A, B, C: three
 * consecutive ones, 16 bytes each, as any element type), prints the last
 * result in hex (most significant byte first), a hash of all the results
 * and whether FPSR.QC was set. */
#ifndef NEON_TEST_H
#define NEON_TEST_H

#include <arm_neon.h>
#include <stdio.h>

#include "fp_common.h"

#define NV 40
static uint8_t vin[NV + 8][16] __attribute__((aligned(16)));

static uint64_t rd_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v)::"memory");
    return v;
}

static void wr_fpsr(uint64_t v) { __asm__ volatile("msr fpsr, %0" ::"r"(v) : "memory"); }

static void show(const char *name, const void *first, size_t n, uint64_t h, uint64_t fpsr)
{
    const uint8_t *b = first;
    printf("%-28s ", name);
    if (n > 16)
        n = 16;
    for (size_t i = n; i--;)
        printf("%02x", b[i]);
    printf(" %016llx fpsr %08llx\n", (unsigned long long)h, (unsigned long long)fpsr);
}

#define A(t) vld1q_##t((const void *)pa)
#define B(t) vld1q_##t((const void *)pb)
#define C(t) vld1q_##t((const void *)pc)
#define AD(t) vld1_##t((const void *)pa)
#define BD(t) vld1_##t((const void *)pb)
#define CD(t) vld1_##t((const void *)pc)
#define SA(t) (*(const t *)pa)
#define SB(t) (*(const t *)pb)

#define TEST(name, expr)                                                   \
    do {                                                                   \
        uint64_t h_ = FNV_INIT;                                            \
        uint8_t first_[64];                                                \
        size_t n_ = 0;                                                     \
        wr_fpsr(0);                                                        \
        for (int i_ = 0; i_ < NV; i_++) {                                  \
            const uint8_t *pa = vin[i_], *pb = vin[i_ + 1], *pc = vin[i_ + 2]; \
            (void)pa, (void)pb, (void)pc;                                  \
            __typeof__(expr) r_ = (expr);                                  \
            h_ = fnv_bytes(h_, &r_, sizeof(r_));                           \
            if (i_ == NV - 1) {                                            \
                n_ = sizeof(r_) < sizeof(first_) ? sizeof(r_) : sizeof(first_); \
                memcpy(first_, &r_, n_);                                   \
            }                                                              \
        }                                                                  \
        show(name, first_, n_, h_, rd_fpsr());                             \
    } while (0)

#define T(expr) TEST(#expr, expr)

#endif
