/* Per-CPU software TLB: virtual page -> host pointer, per access kind.
 * A write entry exists only for RAM pages that hold no decoded code and are
 * already marked dirty, so the fast path never needs to check either. */
#ifndef ARM64EMU_TLB_H
#define ARM64EMU_TLB_H

#include <stdint.h>
#include <string.h>

#define TLB_PAGE_BITS 12
#define TLB_PAGE_SIZE (1ull << TLB_PAGE_BITS)
#define TLB_PAGE_MASK (~(TLB_PAGE_SIZE - 1))
#define TLB_BITS 8
#define TLB_ENTRIES (1u << TLB_BITS)
#define TLB_INVALID 1ull /* never a page address */

typedef struct tlb_entry {
    uint64_t tag_r; /* page address readable through addend, or TLB_INVALID */
    uint64_t tag_w;
    uint64_t tag_x;
    uintptr_t addend; /* host address = va + addend */
} tlb_entry_t;

typedef struct tlb {
    tlb_entry_t e[TLB_ENTRIES];
} tlb_t;

static inline tlb_entry_t *tlb_entry(tlb_t *t, uint64_t va)
{
    return &t->e[(va >> TLB_PAGE_BITS) & (TLB_ENTRIES - 1)];
}

static inline void tlb_flush(tlb_t *t)
{
    for (unsigned i = 0; i < TLB_ENTRIES; i++) {
        t->e[i].tag_r = t->e[i].tag_w = t->e[i].tag_x = TLB_INVALID;
        t->e[i].addend = 0;
    }
}

/* Drops write permission for every entry (after dirty bits are cleared). */
static inline void tlb_flush_writes(tlb_t *t)
{
    for (unsigned i = 0; i < TLB_ENTRIES; i++)
        t->e[i].tag_w = TLB_INVALID;
}

#endif
