/* Decoded-block cache of one CPU.
 *
 * A block is an array of pre-decoded ops starting at a guest pc and ending
 * at a branch, an exception-generating instruction, a page boundary or
 * BLOCK_MAX_OPS. Blocks live in a fixed arena; when it fills up the whole
 * cache is flushed (no allocation while running). Blocks of a page that is
 * written are marked invalid and unlinked; their memory stays valid until
 * the next flush, so a block being executed is never freed under itself.
 */
#ifndef ARM64EMU_BLOCK_H
#define ARM64EMU_BLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "decode.h"

#define BLOCK_MAX_OPS 64
#define BLOCK_ALIGN (4u * BLOCK_MAX_OPS) /* bytes; divides the page size */
#define BLOCK_HASH_BITS 14
#define BLOCK_PAGE_HASH_BITS 10
#define BLOCK_ARENA_BLOCKS 16384u
#define BLOCK_ARENA_OPS (BLOCK_ARENA_BLOCKS * 16u)

typedef struct block {
    uint64_t pc;
    uint64_t page_pa;        /* physical page the ops came from */
    struct block *hash_next; /* chain of blocks hashed by pc */
    struct block *page_next; /* chain of blocks hashed by page_pa */
    struct block *succ[2];   /* chained successors, checked by pc */
    const op_t *ops;
    uint32_t n;
    uint32_t mode;           /* cpu->mode it was decoded for (EL, FP trap) */
    bool valid;
} block_t;

typedef struct block_cache {
    block_t *blocks;
    unsigned nblocks;
    op_t *ops;
    unsigned nops;
    block_t *hash[1u << BLOCK_HASH_BITS];
    block_t *by_page[1u << BLOCK_PAGE_HASH_BITS];
    uint64_t flushes;
    /* Instrumented ops' real handlers and hook data, indexed like ops;
     * allocated when the first block is instrumented (hooks.h). */
    struct op_ext *ext;
} block_cache_t;

block_cache_t *block_cache_new(void);
void block_cache_free(block_cache_t *bc);
void block_cache_flush(block_cache_t *bc);

/* The valid block starting at pc decoded for mode, or NULL. */
block_t *block_lookup(block_cache_t *bc, uint64_t pc, uint32_t mode);

/* Decodes a new block at cpu->pc for cpu->mode. Returns NULL (with cpu->exit set) if the
 * first instruction cannot be fetched. */
block_t *block_build(cpu_t *cpu, const decoder_t *dec);

/* Invalidates every block whose ops came from the physical page. */
void block_invalidate_page(block_cache_t *bc, uint64_t page_pa);

#endif
