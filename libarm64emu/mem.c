/* Slow paths of guest memory access: TLB fill, MMIO, page crossing. */
#include "mem.h"

#include "bus.h"

/* Virtual to physical. The MMU is not modelled yet: flat, VA == PA. This is
 * the place stage-1 (and later stage-2) translation plugs in. */
static bool translate_va(cpu_t *cpu, uint64_t va, uint64_t *pa)
{
    (void)cpu;
    *pa = va;
    return true;
}

static bool fault_unmapped(cpu_t *cpu, uint64_t va, unsigned size,
                           arm64emu_access access)
{
    cpu_set_exit(cpu, ARM64EMU_EXIT_UNMAPPED, 0, 0);
    cpu->exit.addr = va;
    cpu->exit.access_size = size;
    cpu->exit.access = (uint32_t)access;
    return false;
}

bool mem_alignment_fault(cpu_t *cpu, uint64_t va, unsigned size, bool write)
{
    cpu_set_exit(cpu, ARM64EMU_EXIT_ALIGNMENT, 0, 0);
    cpu->exit.addr = va;
    cpu->exit.access_size = size;
    cpu->exit.access = write ? ARM64EMU_ACCESS_WRITE : ARM64EMU_ACCESS_READ;
    return false;
}

/* Fills the TLB entry for va's page. Returns the region, or NULL. */
static region_t *tlb_fill(cpu_t *cpu, uint64_t va, bool write)
{
    uint64_t pa;
    if (!translate_va(cpu, va, &pa))
        return NULL;
    region_t *r = bus_find(cpu->bus, pa);
    if (!r || !region_is_ram(r))
        return r;
    uint64_t page_va = va & TLB_PAGE_MASK;
    uint64_t page_pa = pa & TLB_PAGE_MASK;
    tlb_entry_t *e = tlb_entry(&cpu->tlb, va);
    if (e->tag_r != page_va) {
        e->tag_w = TLB_INVALID;
        e->tag_x = TLB_INVALID;
    }
    e->tag_r = page_va;
    e->tag_x = page_va;
    e->addend = (uintptr_t)(r->host + (page_pa - r->base)) - (uintptr_t)page_va;
    if (write) {
        size_t page = region_page(r, page_pa);
        bus_note_write(cpu->bus, r, page_pa);
        if (!bit_test(r->code, page))
            e->tag_w = page_va;
    }
    return r;
}

static bool mmio_read(cpu_t *cpu, region_t *r, uint64_t pa, uint64_t va,
                      unsigned size, uint64_t *out)
{
    uint64_t v = 0;
    if (r->read && r->read(r->user, pa - r->base, size, &v) != 0)
        return fault_unmapped(cpu, va, size, ARM64EMU_ACCESS_READ);
    if (size < 8)
        v &= (1ull << (size * 8)) - 1;
    *out = v;
    return true;
}

static bool mmio_write(cpu_t *cpu, region_t *r, uint64_t pa, uint64_t va,
                       unsigned size, uint64_t val)
{
    if (size < 8)
        val &= (1ull << (size * 8)) - 1;
    if (r->write && r->write(r->user, pa - r->base, size, val) != 0)
        return fault_unmapped(cpu, va, size, ARM64EMU_ACCESS_WRITE);
    return true;
}

static bool crosses_page(uint64_t va, unsigned size)
{
    return (va & ~TLB_PAGE_MASK) + size > TLB_PAGE_SIZE;
}

/* Resolves va to a region for an access that stays in one page. */
static region_t *resolve(cpu_t *cpu, uint64_t va, unsigned size, bool write,
                         uint64_t *pa)
{
    region_t *r = tlb_fill(cpu, va, write);
    if (!r) {
        fault_unmapped(cpu, va, size,
                       write ? ARM64EMU_ACCESS_WRITE : ARM64EMU_ACCESS_READ);
        return NULL;
    }
    translate_va(cpu, va, pa);
    return r;
}

static bool read_in_page(cpu_t *cpu, uint64_t va, unsigned size,
                         uint64_t *out)
{
    uint64_t pa;
    region_t *r = resolve(cpu, va, size, false, &pa);
    if (!r)
        return false;
    if (!region_is_ram(r))
        return mmio_read(cpu, r, pa, va, size, out);
    uint64_t v = 0;
    memcpy(&v, r->host + (pa - r->base), size);
    *out = v;
    return true;
}

static bool write_in_page(cpu_t *cpu, uint64_t va, unsigned size,
                          uint64_t val)
{
    uint64_t pa;
    region_t *r = resolve(cpu, va, size, true, &pa);
    if (!r)
        return false;
    if (!region_is_ram(r))
        return mmio_write(cpu, r, pa, va, size, val);
    memcpy(r->host + (pa - r->base), &val, size);
    /* A page holding code has no write TLB entry, so every store to it
     * comes here and invalidates the blocks decoded from it. */
    bus_note_write(cpu->bus, r, pa);
    return true;
}

bool mem_read_slow(cpu_t *cpu, uint64_t va, unsigned size, uint64_t *out)
{
    if (!crosses_page(va, size))
        return read_in_page(cpu, va, size, out);
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        uint64_t b;
        if (!read_in_page(cpu, va + i, 1, &b)) {
            cpu->exit.access_size = size; /* addr: the first faulting byte */
            return false;
        }
        v |= b << (8 * i);
    }
    *out = v;
    return true;
}

bool mem_probe_write(cpu_t *cpu, uint64_t va, unsigned len)
{
    uint64_t first = va & TLB_PAGE_MASK;
    uint64_t last = (va + len - 1) & TLB_PAGE_MASK;
    for (uint64_t page = first;; page += TLB_PAGE_SIZE) {
        uint64_t a = page == first ? va : page;
        uint64_t pa;
        if (!resolve(cpu, a, 1, true, &pa))
            return false;
        if (page == last)
            return true;
    }
}

bool mem_write_slow(cpu_t *cpu, uint64_t va, unsigned size, uint64_t val)
{
    if (!crosses_page(va, size))
        return write_in_page(cpu, va, size, val);
    if (!mem_probe_write(cpu, va, size)) {
        cpu->exit.access_size = size; /* addr: the first faulting page */
        return false;
    }
    for (unsigned i = 0; i < size; i++)
        if (!write_in_page(cpu, va + i, 1, (val >> (8 * i)) & 0xff))
            return false;
    return true;
}

bool mem_read16(cpu_t *cpu, uint64_t va, uint64_t *lo, uint64_t *hi)
{
    uint64_t l, h;
    if (!mem_read(cpu, va, 8, &l) || !mem_read(cpu, va + 8, 8, &h))
        return false;
    *lo = l;
    *hi = h;
    return true;
}

bool mem_write16(cpu_t *cpu, uint64_t va, uint64_t lo, uint64_t hi)
{
    if (!mem_fast(cpu, va, 16, true) && !mem_probe_write(cpu, va, 16))
        return false;
    return mem_write(cpu, va, 8, lo) && mem_write(cpu, va + 8, 8, hi);
}

const uint8_t *mem_fetch_page(cpu_t *cpu, uint64_t va, uint64_t *page_pa)
{
    if (va & 3) {
        cpu_set_exit(cpu, ARM64EMU_EXIT_ALIGNMENT, va, 0);
        cpu->exit.addr = va;
        cpu->exit.access_size = 4;
        cpu->exit.access = ARM64EMU_ACCESS_FETCH;
        return NULL;
    }
    uint64_t pa;
    if (!translate_va(cpu, va, &pa)) {
        fault_unmapped(cpu, va, 4, ARM64EMU_ACCESS_FETCH);
        return NULL;
    }
    region_t *r = bus_find(cpu->bus, pa);
    if (!r || !region_is_ram(r)) {
        fault_unmapped(cpu, va, 4, ARM64EMU_ACCESS_FETCH);
        cpu->exit.pc = va;
        return NULL;
    }
    size_t page = region_page(r, pa);
    *page_pa = pa & TLB_PAGE_MASK;
    if (!bit_test(r->code, page)) {
        bit_set(r->code, page);
        if (cpu->bus->events.code_marked)
            cpu->bus->events.code_marked(cpu->bus->events.ctx, *page_pa);
    }
    return r->host + (pa - r->base);
}
