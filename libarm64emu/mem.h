/* Guest memory accesses from instruction handlers.
 *
 * The fast path is one TLB compare (in the current translation context's
 * soft TLB) and a host load or store; everything else (TLB miss and table
 * walk, MMIO, Device memory, page-crossing, code pages, unmapped) goes
 * through mem_*_slow. On failure cpu->exit holds the fault and the handler
 * returns OP_FAULT (the executor fills in pc and insn). Values are
 * little-endian.
 *
 * Faults: aborts (nothing mapped at the physical address, and the MMU's
 * translation, address size, access flag and permission faults and
 * external aborts on walks) give ARM64EMU_EXIT_UNMAPPED; alignment faults
 * ARM64EMU_EXIT_ALIGNMENT. Both fill cpu->fault (fsc tells them apart),
 * exit.syndrome with the ESR_ELx value of the abort as taken to the
 * current EL, and exit.addr with the FAR value (== cpu->fault.va).
 */
#ifndef ARM64EMU_MEM_H
#define ARM64EMU_MEM_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"
#include "tlb.h"

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

bool mem_read_slow(cpu_t *cpu, uint64_t va, unsigned size, uint64_t *out);
bool mem_write_slow(cpu_t *cpu, uint64_t va, unsigned size, uint64_t val);

/* Host pointer for a size-byte access at va that stays within one page, or
 * NULL when the TLB has no entry for that kind. */
static inline uint8_t *mem_fast(cpu_t *cpu, uint64_t va, unsigned size,
                                bool write)
{
    tlb_entry_t *e = tlb_entry(cpu->tlb.cur, va);
    uint64_t tag = write ? e->tag_w : e->tag_r;
    if (LIKELY(tag == (va & TLB_PAGE_MASK)) &&
        LIKELY((va & ~TLB_PAGE_MASK) <= TLB_PAGE_SIZE - size))
        return (uint8_t *)(uintptr_t)(va + e->addend);
    return NULL;
}

/* Reads 1, 2, 4 or 8 bytes, zero-extended into *out. */
static inline bool mem_read(cpu_t *cpu, uint64_t va, unsigned size,
                            uint64_t *out)
{
    uint8_t *h = mem_fast(cpu, va, size, false);
    if (LIKELY(h != NULL)) {
        switch (size) {
        case 1: *out = *h; return true;
        case 2: { uint16_t v; memcpy(&v, h, 2); *out = v; return true; }
        case 4: { uint32_t v; memcpy(&v, h, 4); *out = v; return true; }
        default: { uint64_t v; memcpy(&v, h, 8); *out = v; return true; }
        }
    }
    return mem_read_slow(cpu, va, size, out);
}

/* Writes the low 1, 2, 4 or 8 bytes of val. */
static inline bool mem_write(cpu_t *cpu, uint64_t va, unsigned size,
                             uint64_t val)
{
    uint8_t *h = mem_fast(cpu, va, size, true);
    if (LIKELY(h != NULL)) {
        switch (size) {
        case 1: *h = (uint8_t)val; return true;
        case 2: { uint16_t v = (uint16_t)val; memcpy(h, &v, 2); return true; }
        case 4: { uint32_t v = (uint32_t)val; memcpy(h, &v, 4); return true; }
        default: memcpy(h, &val, 8); return true;
        }
    }
    return mem_write_slow(cpu, va, size, val);
}

/* 16-byte accesses (Q registers, pairs of X). lo is the first 8 bytes.
 * A write checks both halves are writable before writing either. */
bool mem_read16(cpu_t *cpu, uint64_t va, uint64_t *lo, uint64_t *hi);
bool mem_write16(cpu_t *cpu, uint64_t va, uint64_t lo, uint64_t hi);

/* Checks that [va, va+len) is writable (faulting like a write if not),
 * without writing. Used by instructions that must not partially update. */
bool mem_probe_write(cpu_t *cpu, uint64_t va, unsigned len);

/* Host pointer to the 4-byte instruction at va for fetching, or NULL with
 * cpu->exit describing the fault. Marks the page as holding code. */
const uint8_t *mem_fetch_page(cpu_t *cpu, uint64_t va, uint64_t *page_pa);

/* Unprivileged accesses (LDTR/STTR): with EL0 permissions at EL1 (and
 * EL0), as ordinary accesses at EL2 and EL3. */
bool mem_read_unpriv(cpu_t *cpu, uint64_t va, unsigned size, uint64_t *out);
bool mem_write_unpriv(cpu_t *cpu, uint64_t va, unsigned size, uint64_t val);

/* DC ZVA: zeroes the naturally aligned bytes-long block holding va (bytes
 * a power of two up to 2 KiB), faulting like a store (FAR = the block's
 * address, as QEMU reports it; Device memory gives an alignment fault). */
bool mem_zero_block(cpu_t *cpu, uint64_t va, unsigned bytes);

/* Cache maintenance by VA: translates va (no access flag fault; DC IVAC
 * needs write permission, the others read permission at EL0 only) and
 * gives the physical address. A fault reports CM = 1. */
bool mem_translate_cm(cpu_t *cpu, uint64_t va, bool write, uint64_t *pa);

/* Sets an alignment-fault exit for an access at va. Returns false. */
bool mem_alignment_fault(cpu_t *cpu, uint64_t va, unsigned size, bool write);

#endif
