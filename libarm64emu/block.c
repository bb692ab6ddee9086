/* Decoded-block cache. */
#include "block.h"

#include <stdlib.h>
#include <string.h>

#include "hooks.h"
#include "mem.h"
#include "pstate.h"

static unsigned hash_pc(uint64_t pc)
{
    return (unsigned)((pc >> 2) ^ (pc >> (2 + BLOCK_HASH_BITS))) &
           ((1u << BLOCK_HASH_BITS) - 1);
}

static unsigned hash_page(uint64_t page_pa)
{
    uint64_t n = page_pa >> TLB_PAGE_BITS;
    return (unsigned)(n ^ (n >> BLOCK_PAGE_HASH_BITS)) &
           ((1u << BLOCK_PAGE_HASH_BITS) - 1);
}

block_cache_t *block_cache_new(void)
{
    block_cache_t *bc = calloc(1, sizeof(*bc));
    if (!bc)
        return NULL;
    bc->blocks = calloc(BLOCK_ARENA_BLOCKS, sizeof(block_t));
    bc->ops = calloc(BLOCK_ARENA_OPS, sizeof(op_t));
    if (!bc->blocks || !bc->ops) {
        block_cache_free(bc);
        return NULL;
    }
    return bc;
}

void block_cache_free(block_cache_t *bc)
{
    if (!bc)
        return;
    free(bc->blocks);
    free(bc->ops);
    free(bc->ext);
    free(bc);
}

void block_cache_flush(block_cache_t *bc)
{
    bc->nblocks = 0;
    bc->nops = 0;
    memset(bc->hash, 0, sizeof(bc->hash));
    memset(bc->by_page, 0, sizeof(bc->by_page));
    bc->flushes++;
}

block_t *block_lookup(block_cache_t *bc, uint64_t pc, uint32_t mode)
{
    for (block_t *b = bc->hash[hash_pc(pc)]; b; b = b->hash_next)
        if (b->pc == pc && b->mode == mode)
            return b;
    return NULL;
}

block_t *block_build(cpu_t *cpu, const decoder_t *dec)
{
    block_cache_t *bc = cpu->blocks;
    if (bc->nblocks == BLOCK_ARENA_BLOCKS ||
        bc->nops + BLOCK_MAX_OPS > BLOCK_ARENA_OPS)
        block_cache_flush(bc);

    uint64_t pc = cpu->pc;
    uint64_t page_pa;
    const uint8_t *code = mem_fetch_page(cpu, pc, &page_pa);
    if (!code)
        return NULL;

    block_t *b = &bc->blocks[bc->nblocks++];
    op_t *ops = &bc->ops[bc->nops];
    /* Blocks end at the next BLOCK_ALIGN boundary at the latest, so that
     * a block starting anywhere ends where the block around it ends: the
     * boundaries (where interrupts are taken) do not depend on where
     * earlier runs happened to start decoding. */
    unsigned room = (unsigned)((BLOCK_ALIGN - (pc & (BLOCK_ALIGN - 1))) / 4);

    unsigned n = 0;
    decode_ctx_t ctx = {.model = cpu->model,
                        .el = cpu->mode & MODE_EL_MASK,
                        .fp_trapped = (cpu->mode & MODE_FP_TRAP) != 0};
    while (n < room) {
        uint32_t insn;
        memcpy(&insn, code + 4 * n, 4);
        ctx.insn = insn;
        ctx.pc = pc + 4ull * n;
        ctx.index = n;
        bool ends = decode_insn(dec, &ctx, &ops[n]);
        n++;
        if (ends)
            break;
    }
    bc->nops += n;

    memset(b, 0, sizeof(*b));
    b->pc = pc;
    b->mode = cpu->mode;
    b->page_pa = page_pa;
    b->ops = ops;
    b->n = n;
    b->valid = true;
    unsigned h = hash_pc(pc);
    b->hash_next = bc->hash[h];
    bc->hash[h] = b;
    unsigned hp = hash_page(page_pa);
    b->page_next = bc->by_page[hp];
    bc->by_page[hp] = b;
    if (UNLIKELY(cpu->machine->hooks_on))
        hooks_instrument_block(cpu, b);
    return b;
}

static void unlink_by_pc(block_cache_t *bc, block_t *b)
{
    for (block_t **link = &bc->hash[hash_pc(b->pc)]; *link;
         link = &(*link)->hash_next)
        if (*link == b) {
            *link = b->hash_next;
            return;
        }
}

void block_invalidate_page(block_cache_t *bc, uint64_t page_pa)
{
    block_t **link = &bc->by_page[hash_page(page_pa)];
    while (*link) {
        block_t *b = *link;
        if (b->page_pa == page_pa) {
            b->valid = false;
            unlink_by_pc(bc, b);
            *link = b->page_next;
        } else {
            link = &b->page_next;
        }
    }
}
