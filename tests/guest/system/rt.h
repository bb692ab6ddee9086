/* A tiny runtime for the bare-metal system test programs: semihosting
 * output, system register access, exception records, running code at a
 * chosen exception level, and stage-1 page tables. */
#ifndef SYSTEST_RT_H
#define SYSTEST_RT_H

#include <stdarg.h>

typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef unsigned char u8;

#define read_sysreg(r)                                                        \
    ({                                                                        \
        u64 v_;                                                               \
        __asm__ volatile("mrs %0, " #r : "=r"(v_));                          \
        v_;                                                                   \
    })
#define write_sysreg(v, r)                                                    \
    __asm__ volatile("msr " #r ", %0" : : "r"((u64)(v)) : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb() __asm__ volatile("dsb sy" : : : "memory")

/* SPSR values for run_at: target mode with D, A, I, F masked. */
#define DAIF_MASKED 0x3c0ul
#define MODE_EL0t 0x0ul
#define MODE_EL1t 0x4ul
#define MODE_EL1h 0x5ul
#define MODE_EL2t 0x8ul
#define MODE_EL2h 0x9ul
#define MODE_EL3t 0xcul

/* Runs fn(arg) at the mode of spsr (from EL3h) and returns its result. */
u64 run_at(u64 spsr, u64 (*fn)(u64), u64 arg);
static inline u64 run_in(u64 mode, u64 (*fn)(u64), u64 arg)
{
    return run_at(mode | DAIF_MASKED, fn, arg);
}

/* Saved by every vector: x0-x30, then ELR, SPSR, ESR, FAR. */
typedef struct frame {
    u64 x[31];
    u64 elr, spsr, esr, far;
    u64 pad;
} frame_t;

/* The last exception taken (count counts all of them since the last
 * exc_clear). off is the vector offset, el the level that took it. */
typedef struct exc_rec {
    u64 count, esr, far, elr, spsr, off, el;
} exc_rec_t;
extern volatile exc_rec_t exc;

/* Optional per-test handler: returns 1 if it dealt with the exception
 * (frame adjusted), 0 for the default: synchronous exceptions resume at
 * exc_resume if set, else after the instruction (SVC, HVC and an SMC taken
 * to EL3 already return there); interrupts are masked in the SPSR. */
extern u64 (*volatile exc_hook)(frame_t *f, u64 off, u64 el);
extern volatile u64 exc_resume;
void exc_clear(void);

#define ESR_EC(e) (((e) >> 26) & 0x3f)
#define ESR_IL(e) (((e) >> 25) & 1)
#define ESR_ISS(e) ((e) & 0x1ffffff)

/* Semihosting and output. */
u64 semihost(u64 op, u64 arg);
void pr(const char *fmt, ...);          /* %s %d %u %x %lx %lu, width, 0 */
__attribute__((noreturn)) void rt_exit(u64 code);

/* Prints "label: ec=.. il=. iss=.. off=... el=." of the last exception,
 * with iss masked by iss_mask, or "label: no exception". */
void pr_exc(const char *label, u64 iss_mask);

void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);

/* ---- stage-1 translation tables ---- */
#define PTE_VALID 1ul
#define PTE_TABLE 2ul /* also "page" at the last level */
#define PTE_ATTR(i) ((u64)(i) << 2)
#define PTE_AP_RW_EL1 (0ul << 6)
#define PTE_AP_RW_ALL (1ul << 6)
#define PTE_AP_RO_EL1 (2ul << 6)
#define PTE_AP_RO_ALL (3ul << 6)
#define PTE_SH_INNER (3ul << 8)
#define PTE_AF (1ul << 10)
#define PTE_NG (1ul << 11)
#define PTE_PXN (1ul << 53)
#define PTE_UXN (1ul << 54)

/* MAIR index 0 Normal WB, 1 Device-nGnRnE, 2 Normal non-cacheable. */
#define MAIR_VALUE 0x4400ffull
#define ATTR_NORMAL 0
#define ATTR_DEVICE 1

typedef struct pt {
    unsigned gshift;   /* 12, 14 or 16 */
    unsigned vabits;   /* 64 - TxSZ */
    u64 root;          /* physical address of the root table */
} pt_t;

/* A new empty table tree for the granule and VA size. */
void pt_init(pt_t *pt, unsigned gshift, unsigned vabits);
/* Maps [va, va+size) to pa with last-level descriptors of attributes attrs
 * (AP, AF, nG, XN...; VALID and the page bit are added). va is taken modulo
 * the VA size, so TTBR1 addresses work. */
void pt_map(pt_t *pt, u64 va, u64 pa, u64 size, u64 attrs);
/* The last-level descriptor for va (NULL if no table). */
u64 *pt_entry(pt_t *pt, u64 va);
/* Identity map of the program as Normal memory: text read-only, data
 * read-write and never executable; accessible from EL0 too if el0. */
void pt_map_program(pt_t *pt, int el0);
/* The TG0 and TG1 TCR fields for a granule shift. */
u64 tcr_tg0(unsigned gshift);
u64 tcr_tg1(unsigned gshift);
/* Invalidate everything (EL1&0 regime), from EL1 or above. */
void tlbi_all_el1(void);

extern char __text_start[], __text_end[], __data_start[], __data_end[];

#endif

/* Sets up the EL1&0 regime from EL3: MAIR, TCR (TTBR1 walks disabled if
 * t1 is NULL; extra ORed in), TTBR0/1 with ASIDs, SCTLR_EL1.M = on. */
void el1_mmu(const pt_t *t0, u64 asid0, const pt_t *t1, u64 extra, int on);
#define SCTLR_EL1_BASE 0x30d00800ul
/* exc_hook for code that calls into a page that may not be executable:
 * an instruction abort returns to the caller (x30) with x0 = 0. */
u64 exc_return_on_iabort(frame_t *f, u64 off, u64 el);
