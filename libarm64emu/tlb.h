/* Per-CPU software TLB: virtual page -> host pointer, per access kind, one
 * table per translation context (mmu.h: EL0, EL1, EL1 with PAN, EL2, EL3),
 * with cur pointing at the current context's table.
 *
 * A fast-path tag (tag_r/tag_w/tag_x) is set only for a RAM page whose
 * translation allows that access and needs no check on it (not Device
 * memory, no alignment checking); a write tag only for a page that holds
 * no decoded code and is already marked dirty, so the fast path never
 * needs to check either. The slow path reuses the cached translation
 * (page, pa, flags) without walking again. */
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
#define TLB_CONTEXTS 5   /* MMU_IDX_COUNT */
#define TLB_REGIMES 3    /* EL1&0, EL2, EL3 */
#define TLB_REGIME_REGS 6
#define TLB_CODE_BITS 10 /* filter of virtual pages holding decoded code */

/* flags of a cached translation */
enum {
    TLB_F_R = 1u << 0,      /* readable in this context */
    TLB_F_W = 1u << 1,      /* writable */
    TLB_F_X = 1u << 2,      /* executable */
    TLB_F_DEVICE = 1u << 3, /* Device memory: unaligned accesses fault */
    TLB_F_GLOBAL = 1u << 4, /* not nG: survives ASID changes */
    TLB_F_ALIGN = 1u << 5,  /* SCTLR_ELx.A: every access is checked */
};

typedef struct tlb_entry {
    uint64_t tag_r; /* page address readable through addend, or TLB_INVALID */
    uint64_t tag_w;
    uint64_t tag_x;
    uintptr_t addend; /* host address = va + addend */
    uint64_t page;    /* virtual page of the cached translation, or invalid */
    uint64_t pa;      /* its physical page */
    uint32_t flags;   /* TLB_F_* */
    uint16_t asid;
    uint8_t size_log2; /* size of the leaf mapping (block or page) */
} tlb_entry_t;

typedef struct tlb_table {
    tlb_entry_t e[TLB_ENTRIES];
} tlb_table_t;

typedef struct tlb {
    tlb_table_t *cur;  /* the current context's table */
    unsigned cur_idx;  /* its mmu_idx_t */
    /* Translation registers of each regime as last seen by
     * mmu_context_changed, to notice changes. */
    uint64_t seen[TLB_REGIMES][TLB_REGIME_REGS];
    uint64_t code_va[(1u << TLB_CODE_BITS) / 64];
    /* Bit per context known to hold no entry: flushes skip those. Zero (as
     * calloc leaves it) means nothing is known, so the first flush clears
     * everything; tlb_fill clears the bit of the context it fills. */
    uint32_t clean;
    tlb_table_t t[TLB_CONTEXTS];
} tlb_t;

static inline tlb_entry_t *tlb_entry(tlb_table_t *t, uint64_t va)
{
    return &t->e[(va >> TLB_PAGE_BITS) & (TLB_ENTRIES - 1)];
}

static inline void tlb_entry_clear(tlb_entry_t *e)
{
    e->tag_r = e->tag_w = e->tag_x = TLB_INVALID;
    e->page = TLB_INVALID;
    e->addend = 0;
    e->flags = 0;
}

static inline void tlb_flush_table(tlb_table_t *t)
{
    for (unsigned i = 0; i < TLB_ENTRIES; i++)
        tlb_entry_clear(&t->e[i]);
}

/* Drops every entry of every context (and makes cur valid). */
static inline void tlb_flush(tlb_t *t)
{
    for (unsigned c = 0; c < TLB_CONTEXTS; c++)
        if (!(t->clean & (1u << c)))
            tlb_flush_table(&t->t[c]);
    t->clean = (1u << TLB_CONTEXTS) - 1;
    if (t->cur_idx >= TLB_CONTEXTS)
        t->cur_idx = 0;
    t->cur = &t->t[t->cur_idx];
}

/* Drops write permission for every entry (after dirty bits are cleared,
 * or a page gained decoded code). */
static inline void tlb_flush_writes(tlb_t *t)
{
    for (unsigned c = 0; c < TLB_CONTEXTS; c++)
        if (!(t->clean & (1u << c)))
            for (unsigned i = 0; i < TLB_ENTRIES; i++)
                t->t[c].e[i].tag_w = TLB_INVALID;
}

#endif
