/* Slow paths of guest memory access: TLB fill through the MMU, Device
 * memory, MMIO, page crossing, faults. */
#include "mem.h"

#include "bus.h"
#include "hooks.h"
#include "mmu.h"

#define SCTLR_A (1ull << 1)

static arm64emu_access access_kind(mmu_access_t a)
{
    return a == MMU_WRITE   ? ARM64EMU_ACCESS_WRITE
           : a == MMU_FETCH ? ARM64EMU_ACCESS_FETCH
                            : ARM64EMU_ACCESS_READ;
}

/* Completes an exit for the fault in cpu->fault. */
static bool fault_exit(cpu_t *cpu, arm64emu_exit_reason reason, uint64_t va,
                       unsigned size, mmu_access_t access)
{
    cpu_set_exit(cpu, reason, 0, 0);
    cpu->exit.addr = va;
    cpu->exit.access_size = size;
    cpu->exit.access = (uint32_t)access_kind(access);
    cpu->exit.syndrome = mmu_fault_syndrome(cpu, access == MMU_FETCH);
    return false;
}

/* Nothing at physical address pa: an external abort (or, with stage 1
 * off, an address size fault when pa is beyond the physical address
 * size: regions there exist only for flat user-mode guests). */
static bool fault_unmapped(cpu_t *cpu, uint64_t va, uint64_t pa,
                           unsigned size, mmu_access_t access, bool cm)
{
    unsigned pa_bits = mmu_pa_bits(cpu->model->id_aa64mmfr0_el1);
    cpu->fault = (fault_info_t){
        .fsc = (pa >> pa_bits) ? FSC_ADDR_SIZE : FSC_SEA,
        .write = access == MMU_WRITE,
        .cm = cm,
        .va = va,
    };
    return fault_exit(cpu, ARM64EMU_EXIT_UNMAPPED, va, size, access);
}

/* Translation, address size, access flag and permission faults, and
 * external aborts on walks, are aborts like an access to nothing: the
 * same exit, told apart by cpu->fault.fsc (and exit.syndrome). */
static bool fault_mmu(cpu_t *cpu, uint64_t va, unsigned size,
                      mmu_access_t access)
{
    return fault_exit(cpu, ARM64EMU_EXIT_UNMAPPED, va, size, access);
}

bool mem_alignment_fault(cpu_t *cpu, uint64_t va, unsigned size, bool write)
{
    cpu->fault = (fault_info_t){
        .fsc = FSC_ALIGNMENT, .write = write, .va = va};
    return fault_exit(cpu, ARM64EMU_EXIT_ALIGNMENT, va, size,
                      write ? MMU_WRITE : MMU_READ);
}

static unsigned need_flag(mmu_access_t a)
{
    return a == MMU_WRITE ? TLB_F_W : a == MMU_FETCH ? TLB_F_X : TLB_F_R;
}

/* Caches a walk result for va's page in e. Fast-path tags are set for RAM
 * only, and only where no per-access check is needed. */
static void tlb_fill(cpu_t *cpu, unsigned idx, tlb_entry_t *e, uint64_t va,
                     const mmu_result_t *res)
{
    uint64_t page_va = va & TLB_PAGE_MASK;
    uint64_t page_pa = res->pa & TLB_PAGE_MASK;
    if (e->page != page_va || e->pa != page_pa)
        tlb_entry_clear(e);
    mmu_regime_t rg;
    mmu_regime_of(cpu, (mmu_idx_t)idx, &rg);
    uint32_t flags = (res->perms & MMU_PERM_R ? TLB_F_R : 0) |
                     (res->perms & MMU_PERM_W ? TLB_F_W : 0) |
                     (res->perms & MMU_PERM_X ? TLB_F_X : 0) |
                     (res->device ? TLB_F_DEVICE : 0) |
                     (res->global ? TLB_F_GLOBAL : 0) |
                     ((rg.sctlr & SCTLR_A) ? TLB_F_ALIGN : 0);
    cpu->tlb.clean &= ~(1u << idx);
    e->page = page_va;
    e->pa = page_pa;
    e->flags = flags;
    e->asid = res->asid;
    e->size_log2 = (uint8_t)res->size_log2;
    region_t *r = bus_find(cpu->bus, page_pa);
    if (!r || !region_is_ram(r))
        return;
    e->addend = (uintptr_t)(r->host + (page_pa - r->base)) - (uintptr_t)page_va;
    if (flags & TLB_F_X)
        e->tag_x = page_va;
    if ((flags & TLB_F_R) && !(flags & (TLB_F_DEVICE | TLB_F_ALIGN)) &&
        !(cpu->machine->hooks_on &&
          hooks_page_slow(cpu->machine, page_va, false)))
        e->tag_r = page_va;
}

/* The entry caching va's translation in context idx, allowing access;
 * walks on a miss. NULL with the exit set on a fault. */
static tlb_entry_t *lookup(cpu_t *cpu, unsigned idx, uint64_t va,
                           unsigned size, mmu_access_t access)
{
    tlb_entry_t *e = tlb_entry(&cpu->tlb.t[idx], va);
    if (e->page == (va & TLB_PAGE_MASK) && (e->flags & need_flag(access)))
        return e;
    mmu_result_t res;
    if (!mmu_translate(cpu, (mmu_idx_t)idx, va, access, false, &res)) {
        fault_mmu(cpu, va, size, access);
        return NULL;
    }
    tlb_fill(cpu, idx, e, va, &res);
    return e;
}

static bool mmio_read(cpu_t *cpu, region_t *r, uint64_t pa, uint64_t va,
                      unsigned size, uint64_t *out)
{
    uint64_t v = 0;
    if (r->read && r->read(r->user, pa - r->base, size, &v) != 0)
        return fault_unmapped(cpu, va, pa, size, MMU_READ, false);
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
        return fault_unmapped(cpu, va, pa, size, MMU_WRITE, false);
    return true;
}

static bool crosses_page(uint64_t va, unsigned size)
{
    return (va & ~TLB_PAGE_MASK) + size > TLB_PAGE_SIZE;
}

/* Translates an access that stays in one page: the region and physical
 * address, after the alignment check Device memory and SCTLR.A ask for. */
/* Unmapped hooks allow this many retries of one access. */
#define UNMAPPED_RETRIES 4

/* Asks the unmapped hooks about an access to nothing at va. Returns true
 * to retry (memory was mapped); false with the exit set otherwise (the
 * abort, or a hook's stop). */
static bool unmapped(cpu_t *cpu, uint64_t va, uint64_t pa, unsigned size,
                     mmu_access_t access, unsigned tries)
{
    if (cpu->machine->hooks && tries < UNMAPPED_RETRIES) {
        int h = hooks_unmapped(cpu, (uint32_t)access_kind(access), va, size);
        if (h == ARM64EMU_HOOK_RETRY)
            return true;
        if (h > 0) {
            cpu_set_exit(cpu, ARM64EMU_EXIT_HOOK, cpu->pc, 0);
            cpu->exit.imm = (uint64_t)h;
            cpu->exit.addr = va;
            cpu->exit.access_size = size;
            cpu->exit.access = (uint32_t)access_kind(access);
            return false;
        }
    }
    return fault_unmapped(cpu, va, pa, size, access, false);
}

static region_t *resolve(cpu_t *cpu, unsigned idx, uint64_t va, unsigned size,
                         mmu_access_t access, uint64_t *pa)
{
    for (unsigned tries = 0;; tries++) {
        tlb_entry_t *e = lookup(cpu, idx, va, size, access);
        if (!e)
            return NULL;
        if ((e->flags & (TLB_F_DEVICE | TLB_F_ALIGN)) && (va & (size - 1))) {
            mem_alignment_fault(cpu, va, size, access == MMU_WRITE);
            return NULL;
        }
        *pa = e->pa | (va & ~TLB_PAGE_MASK);
        region_t *r = bus_find(cpu->bus, *pa);
        if (r)
            return r;
        if (!unmapped(cpu, va, *pa, size, access, tries))
            return NULL;
        tlb_entry_clear(e); /* refill with the new region */
    }
}

static bool read_in_page(cpu_t *cpu, unsigned idx, uint64_t va,
                         unsigned size, uint64_t *out)
{
    uint64_t pa;
    region_t *r = resolve(cpu, idx, va, size, MMU_READ, &pa);
    if (!r)
        return false;
    if (!region_is_ram(r))
        return mmio_read(cpu, r, pa, va, size, out);
    uint64_t v = 0;
    memcpy(&v, r->host + (pa - r->base), size);
    *out = v;
    return true;
}

/* A RAM page written through e gets a write tag once it is dirty and holds
 * no decoded code (a page with code keeps coming here, so that every
 * store to it invalidates the blocks decoded from it). */
static void grant_write_tag(cpu_t *cpu, unsigned idx, uint64_t va,
                            region_t *r, uint64_t pa)
{
    tlb_entry_t *e = tlb_entry(&cpu->tlb.t[idx], va);
    if (e->page != (va & TLB_PAGE_MASK) || !(e->flags & TLB_F_W) ||
        (e->flags & (TLB_F_DEVICE | TLB_F_ALIGN)) || e->tag_r != e->page)
        return;
    if (!bit_test(r->code, region_page(r, pa)) &&
        !(cpu->machine->hooks_on &&
          hooks_page_slow(cpu->machine, e->page, true)))
        e->tag_w = e->page;
}

static bool write_in_page(cpu_t *cpu, unsigned idx, uint64_t va,
                          unsigned size, uint64_t val)
{
    uint64_t pa;
    region_t *r = resolve(cpu, idx, va, size, MMU_WRITE, &pa);
    if (!r)
        return false;
    if (!region_is_ram(r))
        return mmio_write(cpu, r, pa, va, size, val);
    memcpy(r->host + (pa - r->base), &val, size);
    bus_note_write(cpu->bus, r, pa);
    grant_write_tag(cpu, idx, va, r, pa);
    return true;
}

/* A page-crossing access is unaligned: Device memory or SCTLR.A on either
 * page faults it before any byte moves. */
static bool check_crossing(cpu_t *cpu, unsigned idx, uint64_t va,
                           unsigned size, mmu_access_t access)
{
    uint64_t second = (va & TLB_PAGE_MASK) + TLB_PAGE_SIZE;
    for (int i = 0; i < 2; i++) {
        uint64_t a = i ? second : va;
        tlb_entry_t *e = lookup(cpu, idx, a, size, access);
        if (!e) {
            cpu->exit.addr = a;
            return false;
        }
        if (e->flags & (TLB_F_DEVICE | TLB_F_ALIGN))
            return mem_alignment_fault(cpu, va, size, access == MMU_WRITE);
    }
    return true;
}

static bool read_idx(cpu_t *cpu, unsigned idx, uint64_t va, unsigned size,
                     uint64_t *out)
{
    if (!crosses_page(va, size))
        return read_in_page(cpu, idx, va, size, out);
    if (!check_crossing(cpu, idx, va, size, MMU_READ)) {
        cpu->exit.access_size = size;
        return false;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        uint64_t b;
        if (!read_in_page(cpu, idx, va + i, 1, &b)) {
            cpu->exit.access_size = size; /* addr: the first faulting byte */
            return false;
        }
        v |= b << (8 * i);
    }
    *out = v;
    return true;
}

static bool probe_write_idx(cpu_t *cpu, unsigned idx, uint64_t va,
                            unsigned len)
{
    uint64_t first = va & TLB_PAGE_MASK;
    uint64_t last = (va + len - 1) & TLB_PAGE_MASK;
    for (uint64_t page = first;; page += TLB_PAGE_SIZE) {
        uint64_t a = page == first ? va : page;
        uint64_t pa;
        if (!resolve(cpu, idx, a, 1, MMU_WRITE, &pa))
            return false;
        if (page == last)
            return true;
    }
}

static bool write_idx(cpu_t *cpu, unsigned idx, uint64_t va, unsigned size,
                      uint64_t val)
{
    if (!crosses_page(va, size))
        return write_in_page(cpu, idx, va, size, val);
    if (!check_crossing(cpu, idx, va, size, MMU_WRITE) ||
        !probe_write_idx(cpu, idx, va, size)) {
        cpu->exit.access_size = size; /* addr: the first faulting page */
        return false;
    }
    for (unsigned i = 0; i < size; i++)
        if (!write_in_page(cpu, idx, va + i, 1, (val >> (8 * i)) & 0xff))
            return false;
    return true;
}

/* The physical address of va after a successful access through idx. */
static uint64_t pa_of(cpu_t *cpu, unsigned idx, uint64_t va)
{
    tlb_entry_t *e = tlb_entry(&cpu->tlb.t[idx], va);
    return e->page == (va & TLB_PAGE_MASK) ? e->pa | (va & ~TLB_PAGE_MASK)
                                           : va;
}

/* Accesses with memory hooks or watchpoints installed: hooks see reads
 * after they happen, writes before (once translated). */
static bool read_hooked(cpu_t *cpu, unsigned idx, uint64_t va, unsigned size,
                        uint64_t *out)
{
    if (!read_idx(cpu, idx, va, size, out))
        return false;
    return hooks_mem_access(cpu, false, va, pa_of(cpu, idx, va), size, *out);
}

static bool write_hooked(cpu_t *cpu, unsigned idx, uint64_t va, unsigned size,
                         uint64_t val)
{
    if (!lookup(cpu, idx, va, size, MMU_WRITE))
        return false;
    uint64_t v = size < 8 ? val & ((1ull << (8 * size)) - 1) : val;
    if (!hooks_mem_access(cpu, true, va, pa_of(cpu, idx, va), size, v))
        return false;
    return write_idx(cpu, idx, va, size, val);
}

static inline bool watched(const cpu_t *cpu)
{
    return UNLIKELY(cpu->machine->hooks_on) &&
           hooks_mem_watched(cpu->machine);
}

bool mem_read_slow(cpu_t *cpu, uint64_t va, unsigned size, uint64_t *out)
{
    if (watched(cpu))
        return read_hooked(cpu, cpu->tlb.cur_idx, va, size, out);
    return read_idx(cpu, cpu->tlb.cur_idx, va, size, out);
}

bool mem_write_slow(cpu_t *cpu, uint64_t va, unsigned size, uint64_t val)
{
    if (watched(cpu))
        return write_hooked(cpu, cpu->tlb.cur_idx, va, size, val);
    return write_idx(cpu, cpu->tlb.cur_idx, va, size, val);
}

bool mem_probe_write(cpu_t *cpu, uint64_t va, unsigned len)
{
    return probe_write_idx(cpu, cpu->tlb.cur_idx, va, len);
}

/* With memory hooks, a 16-byte access is reported once, as 16 bytes. */
static bool read16_hooked(cpu_t *cpu, uint64_t va, uint64_t *lo, uint64_t *hi)
{
    uint64_t l, h;
    hooks_mem_mute(cpu, true);
    bool ok = mem_read(cpu, va, 8, &l) && mem_read(cpu, va + 8, 8, &h);
    hooks_mem_mute(cpu, false);
    if (!ok || !hooks_mem_access(cpu, false, va,
                                 pa_of(cpu, cpu->tlb.cur_idx, va), 16, l))
        return false;
    *lo = l;
    *hi = h;
    return true;
}

static bool write16_hooked(cpu_t *cpu, uint64_t va, uint64_t lo, uint64_t hi)
{
    if (!mem_probe_write(cpu, va, 16) ||
        !hooks_mem_access(cpu, true, va, pa_of(cpu, cpu->tlb.cur_idx, va), 16,
                          lo))
        return false;
    hooks_mem_mute(cpu, true);
    bool ok = mem_write(cpu, va, 8, lo) && mem_write(cpu, va + 8, 8, hi);
    hooks_mem_mute(cpu, false);
    return ok;
}

bool mem_read16(cpu_t *cpu, uint64_t va, uint64_t *lo, uint64_t *hi)
{
    if (watched(cpu))
        return read16_hooked(cpu, va, lo, hi);
    uint64_t l, h;
    if (!mem_read(cpu, va, 8, &l) || !mem_read(cpu, va + 8, 8, &h))
        return false;
    *lo = l;
    *hi = h;
    return true;
}

bool mem_write16(cpu_t *cpu, uint64_t va, uint64_t lo, uint64_t hi)
{
    if (watched(cpu))
        return write16_hooked(cpu, va, lo, hi);
    if (!mem_fast(cpu, va, 16, true) && !mem_probe_write(cpu, va, 16))
        return false;
    return mem_write(cpu, va, 8, lo) && mem_write(cpu, va + 8, 8, hi);
}

bool mem_read_unpriv(cpu_t *cpu, uint64_t va, unsigned size, uint64_t *out)
{
    unsigned idx = mmu_unpriv_idx(cpu);
    if (idx == cpu->tlb.cur_idx)
        return mem_read(cpu, va, size, out);
    if (watched(cpu))
        return read_hooked(cpu, idx, va, size, out);
    return read_idx(cpu, idx, va, size, out);
}

bool mem_write_unpriv(cpu_t *cpu, uint64_t va, unsigned size, uint64_t val)
{
    unsigned idx = mmu_unpriv_idx(cpu);
    if (idx == cpu->tlb.cur_idx)
        return mem_write(cpu, va, size, val);
    if (watched(cpu))
        return write_hooked(cpu, idx, va, size, val);
    return write_idx(cpu, idx, va, size, val);
}

bool mem_zero_block(cpu_t *cpu, uint64_t va, unsigned bytes)
{
    uint64_t base = va & ~(uint64_t)(bytes - 1);
    unsigned idx = cpu->tlb.cur_idx;
    tlb_entry_t *e = lookup(cpu, idx, base, bytes, MMU_WRITE);
    if (!e || (e->flags & TLB_F_DEVICE)) {
        if (e)
            mem_alignment_fault(cpu, base, bytes, true);
        cpu->exit.access_size = bytes;
        return false;
    }
    uint64_t pa = e->pa | (base & ~TLB_PAGE_MASK);
    region_t *r = bus_find(cpu->bus, pa);
    if (!r)
        return fault_unmapped(cpu, base, pa, bytes, MMU_WRITE, false);
    if (watched(cpu)) /* reported as 8-byte writes of zero */
        for (unsigned i = 0; i < bytes; i += 8)
            if (!hooks_mem_access(cpu, true, base + i, pa + i, 8, 0))
                return false;
    if (!region_is_ram(r)) {
        for (unsigned i = 0; i < bytes; i += 8)
            if (!mmio_write(cpu, r, pa + i, base + i, 8, 0))
                return false;
        return true;
    }
    memset(r->host + (pa - r->base), 0, bytes);
    bus_note_write(cpu->bus, r, pa);
    grant_write_tag(cpu, idx, base, r, pa);
    return true;
}

bool mem_translate_cm(cpu_t *cpu, uint64_t va, bool write, uint64_t *pa)
{
    mmu_result_t res;
    if (!mmu_translate(cpu, (mmu_idx_t)cpu->tlb.cur_idx, va,
                       write ? MMU_WRITE : MMU_READ, true, &res))
        return fault_mmu(cpu, va, 1, write ? MMU_WRITE : MMU_READ);
    *pa = res.pa;
    return true;
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
    tlb_entry_t *e;
    uint64_t pa;
    region_t *r;
    for (unsigned tries = 0;; tries++) {
        e = lookup(cpu, cpu->tlb.cur_idx, va, 4, MMU_FETCH);
        if (!e) {
            cpu->exit.pc = va;
            return NULL;
        }
        pa = e->pa | (va & ~TLB_PAGE_MASK);
        r = bus_find(cpu->bus, pa);
        if (r && region_is_ram(r))
            break;
        if (r || !unmapped(cpu, va, pa, 4, MMU_FETCH, tries)) {
            if (r)
                fault_unmapped(cpu, va, pa, 4, MMU_FETCH, false);
            cpu->exit.pc = va;
            return NULL;
        }
        tlb_entry_clear(e);
    }
    size_t page = region_page(r, pa);
    *page_pa = pa & TLB_PAGE_MASK;
    mmu_note_code_va(cpu, va, e->size_log2);
    if (!bit_test(r->code, page)) {
        bit_set(r->code, page);
        if (cpu->bus->events.code_marked)
            cpu->bus->events.code_marked(cpu->bus->events.ctx, *page_pa);
    }
    return r->host + (pa - r->base);
}
