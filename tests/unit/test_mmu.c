/* Stage-1 translation: table walks over tables the test builds in guest
 * RAM, faults with their exact FSC and level, the soft TLB per context,
 * Device memory and DC ZVA through translation. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "machine.h"
#include "mem.h"
#include "mmu.h"
#include "pstate.h"

#define RAM 0x40000000ull
#define RAM_SIZE (8ull << 20)
#define TABLES (RAM + (4ull << 20)) /* tables live in the upper half */

#define AF (1ull << 10)
#define NG (1ull << 11)
#define AP_EL0 (1ull << 6)
#define AP_RO (1ull << 7)
#define PXN (1ull << 53)
#define UXN (1ull << 54)
#define ATTR(i) ((uint64_t)(i) << 2)
#define MAIR_VAL 0x44ff00ull /* 0: Device-nGnRnE, 1: Normal WB, 2: NC */
#define NORMAL ATTR(1)
#define DEVICE ATTR(0)

#define SCTLR_M 1ull
#define SCTLR_A (1ull << 1)
#define SCTLR_WXN (1ull << 19)

static arm64emu_machine *m;
static cpu_t *cpu;
static uint64_t next_table;
static cpu_model_t model; /* max, with every granule and 48-bit PAs */

static void setup(void)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, RAM_SIZE), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_MMU_OFF_NORMAL, 0), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_create(cfg, &m), ARM64EMU_OK);
    arm64emu_config_free(cfg);
    cpu = &((machine_t *)m)->cpus[0];
    model = *cpu->model;
    model.id_aa64mmfr0_el1 = (model.id_aa64mmfr0_el1 & ~0xff0000full) |
                             (1ull << 20) | 5u; /* TGran16, PARange 48 */
    cpu->model = &model;
    next_table = TABLES;
}

static void teardown(void)
{
    arm64emu_destroy(m);
}

static void wr64(uint64_t pa, uint64_t v)
{
    ck_assert_int_eq(arm64emu_mem_write(m, pa, &v, 8), ARM64EMU_OK);
}

static uint64_t rd64(uint64_t pa)
{
    uint64_t v;
    ck_assert_int_eq(arm64emu_mem_read(m, pa, &v, 8), ARM64EMU_OK);
    return v;
}

static uint64_t alloc_table(unsigned gbits)
{
    uint64_t size = 1ull << gbits;
    next_table = (next_table + size - 1) & ~(size - 1);
    uint64_t t = next_table;
    next_table += size;
    ck_assert_uint_le(next_table, RAM + RAM_SIZE);
    return t;
}

static unsigned start_level(unsigned gbits, unsigned tsz)
{
    unsigned inputsize = 64 - tsz, stride = gbits - 3;
    return 3 - (inputsize - gbits - 1) / stride;
}

/* Maps va to pa with a leaf at level leaf in the tables under root,
 * creating the tables on the way. Returns the leaf descriptor address. */
static uint64_t map(uint64_t root, unsigned gbits, unsigned tsz, uint64_t va,
                    uint64_t pa, unsigned leaf, uint64_t attrs)
{
    unsigned stride = gbits - 3, level = start_level(gbits, tsz);
    uint64_t table = root;
    for (;; level++) {
        unsigned shift = gbits + stride * (3 - level);
        unsigned bits = level == start_level(gbits, tsz)
                            ? (64 - tsz) - shift
                            : stride;
        uint64_t slot = table + 8 * ((va >> shift) & ((1ull << bits) - 1));
        if (level == leaf) {
            uint64_t oa = pa & ~((1ull << shift) - 1);
            wr64(slot, oa | attrs | (leaf == 3 ? 3 : 1));
            return slot;
        }
        uint64_t d = rd64(slot);
        if (!(d & 1)) {
            d = alloc_table(gbits) | 3;
            wr64(slot, d);
        }
        table = d & 0x0000fffffffff000ull & ~((1ull << gbits) - 1);
    }
}

/* TCR_EL1 with both ranges at tsz and the same granule. */
static uint64_t tcr_for(unsigned gbits, unsigned tsz)
{
    uint64_t tg0 = gbits == 12 ? 0 : gbits == 16 ? 1 : 2;
    uint64_t tg1 = gbits == 12 ? 2 : gbits == 16 ? 3 : 1;
    return tsz | (tg0 << 14) | ((uint64_t)tsz << 16) | (tg1 << 30) |
           (5ull << 32) /* IPS 48 bits */;
}

static void el1_on(uint64_t tcr, uint64_t ttbr0, uint64_t ttbr1)
{
    cpu->sr[SR_TCR_EL1] = tcr;
    cpu->sr[SR_TTBR0_EL1] = ttbr0;
    cpu->sr[SR_TTBR1_EL1] = ttbr1;
    cpu->sr[SR_MAIR_EL1] = MAIR_VAL;
    cpu->sr[SR_SCTLR_EL1] = SCTLR_M;
    cpu->el = 1;
    mmu_context_changed(cpu);
}

static void expect_pa(uint64_t va, mmu_access_t acc, uint64_t pa)
{
    mmu_result_t r;
    bool ok = mmu_translate(cpu, mmu_current_idx(cpu), va, acc, false, &r);
    ck_assert_msg(ok, "va 0x%llx: unexpected fault fsc 0x%02x",
                  (unsigned long long)va, r.fsc);
    ck_assert_msg(r.pa == pa, "va 0x%llx: pa 0x%llx, expected 0x%llx",
                  (unsigned long long)va, (unsigned long long)r.pa,
                  (unsigned long long)pa);
}

static void expect_fault(uint64_t va, mmu_access_t acc, unsigned fsc)
{
    mmu_result_t r;
    bool ok = mmu_translate(cpu, mmu_current_idx(cpu), va, acc, false, &r);
    ck_assert_msg(!ok, "va 0x%llx: no fault, pa 0x%llx (expected fsc 0x%02x)",
                  (unsigned long long)va, (unsigned long long)r.pa, fsc);
    ck_assert_msg(r.fsc == fsc, "va 0x%llx: fsc 0x%02x, expected 0x%02x",
                  (unsigned long long)va, r.fsc, fsc);
    ck_assert_uint_eq(cpu->fault.fsc, fsc);
    ck_assert_uint_eq(cpu->fault.va, va);
    ck_assert(cpu->fault.write == (acc == MMU_WRITE));
    ck_assert(!cpu->fault.s1ptw);
}

START_TEST(granule_4k_pages_and_blocks_at_levels_1_2_3)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0x0000123456789000ull, RAM + 0x5000, 3, AF | NORMAL);
    map(root, 12, 16, 0x0000004000000000ull, 0x40000000ull, 1, AF | NORMAL);
    map(root, 12, 16, 0x0000008000200000ull, RAM + 0x200000, 2, AF | NORMAL);
    el1_on(tcr_for(12, 16), root, 0);
    expect_pa(0x0000123456789abcull, MMU_READ, RAM + 0x5abc);
    expect_pa(0x0000004012345678ull, MMU_READ, 0x52345678ull);
    expect_pa(0x00000080002fffffull, MMU_WRITE, RAM + 0x2fffff);
    /* Neighbours are unmapped: translation faults at the level whose
     * descriptor is invalid. */
    expect_fault(0x000012345678a000ull, MMU_READ, 0x07);
    expect_fault(0x0000123456a00000ull, MMU_READ, 0x06);
    expect_fault(0x0000123500000000ull, MMU_READ, 0x05);
    expect_fault(0x0000200000000000ull, MMU_READ, 0x04);
}
END_TEST

START_TEST(granule_16k_pages_and_level_2_blocks)
{
    uint64_t root = alloc_table(14);
    map(root, 14, 16, 0x0000712345678000ull, RAM + 0x8000, 3, AF | NORMAL);
    map(root, 14, 16, 0x0000000042000000ull, RAM, 2, AF | NORMAL);
    el1_on(tcr_for(14, 16), root, 0);
    expect_pa(0x0000712345679234ull, MMU_READ, RAM + 0x9234);
    expect_pa(0x0000000043ffffffull, MMU_READ, RAM + 0x1ffffff);
    /* A block descriptor at level 1 needs FEAT_LPA2 with 16K. */
    uint64_t slot = map(root, 14, 16, 0x0000100000000000ull, RAM, 1, AF);
    (void)slot;
    expect_fault(0x0000100000000000ull, MMU_READ, 0x05);
}
END_TEST

START_TEST(granule_64k_pages_and_level_2_blocks)
{
    uint64_t root = alloc_table(16);
    map(root, 16, 16, 0x0000712345670000ull, RAM + 0x30000, 3, AF | NORMAL);
    map(root, 16, 16, 0x0000000040000000ull, RAM, 2, AF | NORMAL);
    el1_on(tcr_for(16, 16), root, 0);
    expect_pa(0x000071234567fff8ull, MMU_READ, RAM + 0x3fff8);
    expect_pa(0x0000000040000008ull, MMU_READ, RAM + 8);
    expect_fault(0x0000712345680000ull, MMU_READ, 0x07);
}
END_TEST

START_TEST(level_3_block_encoding_and_level_0_block_are_translation_faults)
{
    uint64_t root = alloc_table(12);
    uint64_t leaf = map(root, 12, 16, 0x1000, RAM, 3, AF | NORMAL);
    wr64(leaf, (RAM | AF | NORMAL) | 1); /* 0b01 at level 3: reserved */
    wr64(root + 8, RAM | AF | 1);        /* block at level 0 */
    el1_on(tcr_for(12, 16), root, 0);
    expect_fault(0x1000, MMU_READ, 0x07);
    expect_fault(0x0000008000000000ull, MMU_READ, 0x04);
}
END_TEST

START_TEST(t0sz_and_t1sz_bound_the_two_ranges)
{
    uint64_t root0 = alloc_table(12), root1 = alloc_table(12);
    /* T0SZ = T1SZ = 25: 39-bit ranges, walks start at level 1. */
    map(root0, 12, 25, 0x0000007ffffff000ull, RAM, 3, AF | NORMAL);
    map(root1, 12, 25, 0xffffff8000000000ull, RAM + 0x1000, 3, AF | NORMAL);
    el1_on(tcr_for(12, 25), root0, root1);
    expect_pa(0x0000007ffffff010ull, MMU_READ, RAM + 0x10);
    expect_pa(0xffffff8000000020ull, MMU_READ, RAM + 0x1020);
    /* The hole between the ranges: translation fault, level 0. */
    expect_fault(0x0000008000000000ull, MMU_READ, 0x04);
    expect_fault(0xffffff7ffffff000ull, MMU_READ, 0x04);
    expect_fault(0x8000000000000000ull, MMU_READ, 0x04);
    /* EPD1 disables walks from TTBR1. */
    el1_on(tcr_for(12, 25) | (1ull << 23), root0, root1);
    expect_fault(0xffffff8000000020ull, MMU_READ, 0x04);
}
END_TEST

START_TEST(top_byte_ignore_follows_tbi0)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0x0000000000400000ull, RAM + 0x3000, 3, AF | NORMAL);
    el1_on(tcr_for(12, 16), root, 0);
    expect_fault(0x5a00000000400008ull, MMU_READ, 0x04);
    el1_on(tcr_for(12, 16) | (1ull << 37), root, 0);
    expect_pa(0x5a00000000400008ull, MMU_READ, RAM + 0x3008);
    /* Through the soft TLB too: a tagged pointer reads the same RAM. */
    wr64(RAM + 0x3008, 0x1122334455667788ull);
    uint64_t v = 0;
    ck_assert(mem_read(cpu, 0x5a00000000400008ull, 8, &v));
    ck_assert_uint_eq(v, 0x1122334455667788ull);
}
END_TEST

START_TEST(access_permissions_give_permission_faults_at_the_leaf_level)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0x10000, RAM, 3, AF | NORMAL | AP_RO);
    map(root, 12, 16, 0x200000, RAM, 2, AF | NORMAL | AP_RO);
    map(root, 12, 16, 0x20000, RAM, 3, AF | NORMAL);          /* EL1 only */
    map(root, 12, 16, 0x30000, RAM, 3, AF | NORMAL | AP_EL0); /* EL0 rw */
    el1_on(tcr_for(12, 16), root, 0);
    expect_pa(0x10000, MMU_READ, RAM);
    expect_fault(0x10000, MMU_WRITE, 0x0f);
    expect_fault(0x200000, MMU_WRITE, 0x0e);
    /* Memory writable at EL0 is never executable at EL1. */
    expect_fault(0x30000, MMU_FETCH, 0x0f);
    expect_pa(0x20000, MMU_FETCH, RAM);
    cpu->el = 0;
    mmu_context_changed(cpu);
    expect_fault(0x20000, MMU_READ, 0x0f);
    expect_pa(0x30000, MMU_WRITE, RAM);
    expect_pa(0x30000, MMU_FETCH, RAM);
}
END_TEST

START_TEST(pan_denies_el1_data_access_to_el0_memory)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0x30000, RAM, 3, AF | NORMAL | AP_EL0 | UXN);
    el1_on(tcr_for(12, 16), root, 0);
    expect_pa(0x30000, MMU_READ, RAM);
    cpu->pstate |= PSR_PAN;
    mmu_context_changed(cpu);
    ck_assert_uint_eq(cpu->tlb.cur_idx, MMU_E10_1_PAN);
    expect_fault(0x30000, MMU_READ, 0x0f);
    expect_fault(0x30000, MMU_WRITE, 0x0f);
    /* LDTR/STTR use EL0 permissions, which PAN does not restrict. */
    uint64_t v;
    ck_assert(mem_read_unpriv(cpu, 0x30000, 8, &v));
    ck_assert(mem_write_unpriv(cpu, 0x30000, 8, 7));
    cpu->pstate &= ~PSR_PAN;
    mmu_context_changed(cpu);
}
END_TEST

START_TEST(uxn_pxn_and_wxn_control_execution)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0x40000, RAM, 3, AF | NORMAL | AP_EL0 | AP_RO | UXN);
    map(root, 12, 16, 0x50000, RAM, 3, AF | NORMAL | PXN);
    map(root, 12, 16, 0x60000, RAM, 3, AF | NORMAL);
    el1_on(tcr_for(12, 16), root, 0);
    expect_pa(0x40000, MMU_FETCH, RAM);
    expect_fault(0x50000, MMU_FETCH, 0x0f);
    expect_pa(0x60000, MMU_FETCH, RAM);
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_WXN;
    mmu_context_changed(cpu);
    expect_fault(0x60000, MMU_FETCH, 0x0f);
    cpu->el = 0;
    cpu->sr[SR_SCTLR_EL1] &= ~SCTLR_WXN;
    mmu_context_changed(cpu);
    expect_fault(0x40000, MMU_FETCH, 0x0f);
    /* Through the fetch path: an instruction abort from EL0. */
    uint64_t page_pa;
    ck_assert_ptr_null(mem_fetch_page(cpu, 0x40000, &page_pa));
    ck_assert_uint_eq(cpu->exit.reason, ARM64EMU_EXIT_UNMAPPED);
    ck_assert_uint_eq(cpu->exit.syndrome, (0x20ull << 26) | (1u << 25) | 0x0f);
    ck_assert_uint_eq(cpu->exit.addr, 0x40000);
}
END_TEST

START_TEST(hierarchical_table_bits_restrict_the_leaf)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0x70000, RAM, 3, AF | NORMAL | AP_EL0);
    uint64_t l0 = rd64(root);
    wr64(root, l0 | (1ull << 62) | (1ull << 60)); /* APTable[1], UXNTable */
    el1_on(tcr_for(12, 16), root, 0);
    expect_fault(0x70000, MMU_WRITE, 0x0f);
    cpu->el = 0;
    mmu_context_changed(cpu);
    expect_pa(0x70000, MMU_READ, RAM);
    expect_fault(0x70000, MMU_FETCH, 0x0f);
}
END_TEST

START_TEST(clear_access_flag_is_an_access_flag_fault)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0x80000, RAM, 3, NORMAL);
    map(root, 12, 16, 0x400000, RAM, 2, NORMAL);
    el1_on(tcr_for(12, 16), root, 0);
    expect_fault(0x80000, MMU_READ, 0x0b);
    expect_fault(0x400000, MMU_WRITE, 0x0a);
    /* Cache maintenance does not fault on the Access flag. */
    uint64_t pa;
    ck_assert(mem_translate_cm(cpu, 0x80000, false, &pa));
    ck_assert_uint_eq(pa, RAM);
}
END_TEST

START_TEST(descriptor_outside_ram_is_an_external_abort_on_the_walk)
{
    el1_on(tcr_for(12, 16), 0x80000000ull, 0);
    expect_fault(0x1000, MMU_READ, 0x14);
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0x1000, RAM, 3, AF | NORMAL);
    uint64_t l1 = rd64(root) & 0x0000fffffffff000ull;
    wr64(l1, 0x90000000ull | 3); /* level-2 table outside RAM */
    el1_on(tcr_for(12, 16), root, 0);
    expect_fault(0x1000, MMU_READ, 0x16);
    ck_assert(!cpu->fault.s1ptw); /* no stage 2 */
}
END_TEST

START_TEST(output_address_beyond_ips_is_an_address_size_fault)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0x1000, 0x100000000ull, 3, AF | NORMAL);
    map(root, 12, 16, 0x40000000ull, 0x100000000ull, 1, AF | NORMAL);
    uint64_t tcr32 = tcr_for(12, 16) & ~(7ull << 32); /* IPS: 32 bits */
    el1_on(tcr32, root, 0);
    expect_fault(0x1000, MMU_READ, 0x03);
    expect_fault(0x40000000ull, MMU_READ, 0x01);
    /* A TTBR beyond the output size faults at level 0. */
    el1_on(tcr32, 0x100000000ull | root, 0);
    expect_fault(0x1000, MMU_READ, 0x00);
}
END_TEST

START_TEST(asids_tag_non_global_entries)
{
    uint64_t a = alloc_table(12), b = alloc_table(12);
    map(a, 12, 16, 0x90000, RAM + 0x1000, 3, AF | NORMAL | NG);
    map(b, 12, 16, 0x90000, RAM + 0x2000, 3, AF | NORMAL | NG);
    wr64(RAM + 0x1000, 0xaaaa);
    wr64(RAM + 0x2000, 0xbbbb);
    el1_on(tcr_for(12, 16) | (1ull << 36), a | (1ull << 48), 0);
    uint64_t v;
    ck_assert(mem_read(cpu, 0x90000, 8, &v));
    ck_assert_uint_eq(v, 0xaaaa);
    mmu_result_t r;
    ck_assert(mmu_translate(cpu, MMU_E10_1, 0x90000, MMU_READ, false, &r));
    ck_assert(!r.global);
    ck_assert_uint_eq(r.asid, 1);
    cpu->sr[SR_TTBR0_EL1] = b | (0x1234ull << 48);
    mmu_context_changed(cpu);
    ck_assert(mem_read(cpu, 0x90000, 8, &v));
    ck_assert_uint_eq(v, 0xbbbb);
    ck_assert(mmu_translate(cpu, MMU_E10_1, 0x90000, MMU_READ, false, &r));
    ck_assert_uint_eq(r.asid, 0x1234);
    /* 8-bit ASIDs (TCR.AS = 0) drop the upper byte. */
    cpu->sr[SR_TCR_EL1] &= ~(1ull << 36);
    mmu_context_changed(cpu);
    ck_assert(mmu_translate(cpu, MMU_E10_1, 0x90000, MMU_READ, false, &r));
    ck_assert_uint_eq(r.asid, 0x34);
}
END_TEST

START_TEST(faulting_store_reports_data_abort_syndrome_and_far)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0xa0000, RAM, 3, AF | NORMAL | AP_RO);
    el1_on(tcr_for(12, 16), root, 0);
    ck_assert(!mem_write(cpu, 0xa0010, 4, 1));
    ck_assert_uint_eq(cpu->exit.reason, ARM64EMU_EXIT_UNMAPPED);
    ck_assert_uint_eq(cpu->exit.addr, 0xa0010);
    ck_assert_uint_eq(cpu->exit.syndrome,
                      (0x25ull << 26) | (1u << 25) | (1u << 6) | 0x0f);
    /* The read works and fills the TLB; the write still faults. */
    uint64_t v;
    ck_assert(mem_read(cpu, 0xa0010, 4, &v));
    ck_assert(!mem_write(cpu, 0xa0010, 4, 1));
}
END_TEST

START_TEST(device_memory_faults_unaligned_accesses)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0xb0000, RAM + 0x4000, 3, AF | DEVICE);
    el1_on(tcr_for(12, 16), root, 0);
    wr64(RAM + 0x4000, 0x0102030405060708ull);
    uint64_t v = 0;
    ck_assert(mem_read(cpu, 0xb0000, 8, &v));
    ck_assert_uint_eq(v, 0x0102030405060708ull);
    ck_assert(mem_write(cpu, 0xb0004, 4, 0xcafe));
    ck_assert(!mem_read(cpu, 0xb0001, 4, &v));
    ck_assert_uint_eq(cpu->exit.reason, ARM64EMU_EXIT_ALIGNMENT);
    ck_assert_uint_eq(cpu->exit.syndrome & 0x3f, 0x21);
    ck_assert(!mem_write(cpu, 0xb0ffe, 4, 0));
    ck_assert_uint_eq(cpu->exit.reason, ARM64EMU_EXIT_ALIGNMENT);
    /* DC ZVA on Device memory: alignment fault too. */
    ck_assert(!mem_zero_block(cpu, 0xb0040, 64));
    ck_assert_uint_eq(cpu->exit.reason, ARM64EMU_EXIT_ALIGNMENT);
    /* Stage 1 off at EL1: data is Device-nGnRnE. */
    cpu->sr[SR_SCTLR_EL1] = 0;
    mmu_context_changed(cpu);
    ck_assert(!mem_read(cpu, RAM + 1, 2, &v));
    ck_assert(mem_read(cpu, RAM + 2, 2, &v));
}
END_TEST

START_TEST(sctlr_a_checks_alignment_of_normal_memory)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0xc0000, RAM, 3, AF | NORMAL);
    el1_on(tcr_for(12, 16), root, 0);
    uint64_t v;
    ck_assert(mem_read(cpu, 0xc0001, 4, &v));
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_A;
    mmu_context_changed(cpu);
    ck_assert(!mem_read(cpu, 0xc0001, 4, &v));
    ck_assert_uint_eq(cpu->exit.reason, ARM64EMU_EXIT_ALIGNMENT);
    ck_assert(mem_read(cpu, 0xc0004, 4, &v));
}
END_TEST

START_TEST(dc_zva_zeroes_through_translation)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0xd0000, RAM + 0x6000, 3, AF | NORMAL);
    map(root, 12, 16, 0xe0000, RAM + 0x7000, 3, AF | NORMAL | AP_RO);
    el1_on(tcr_for(12, 16), root, 0);
    for (unsigned i = 0; i < 16; i++)
        wr64(RAM + 0x6040 + 8 * i, ~0ull);
    ck_assert(mem_zero_block(cpu, 0xd0047, 64));
    for (unsigned i = 0; i < 8; i++)
        ck_assert_uint_eq(rd64(RAM + 0x6040 + 8 * i), 0);
    ck_assert_uint_eq(rd64(RAM + 0x6080), ~0ull);
    ck_assert(!mem_zero_block(cpu, 0xe0047, 64));
    ck_assert_uint_eq(cpu->exit.syndrome & 0x7f, (1u << 6) | 0x0f);
    ck_assert_uint_eq(cpu->exit.addr, 0xe0040);
}
END_TEST

START_TEST(el2_and_el3_regimes_use_their_own_registers)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0xf0000, RAM + 0x9000, 3, AF | NORMAL | AP_RO);
    uint64_t tcr = 16 | (5ull << 16); /* T0SZ 16, 4K, PS 48 bits */
    cpu->sr[SR_TCR_EL2] = tcr;
    cpu->sr[SR_TTBR0_EL2] = root;
    cpu->sr[SR_MAIR_EL2] = MAIR_VAL;
    cpu->sr[SR_SCTLR_EL2] = SCTLR_M;
    cpu->el = 2;
    mmu_context_changed(cpu);
    expect_pa(0xf0008, MMU_READ, RAM + 0x9008);
    expect_fault(0xf0008, MMU_WRITE, 0x0f);
    /* One range only: an upper address is out of range. */
    expect_fault(0xffff0000000f0000ull, MMU_READ, 0x04);
    cpu->sr[SR_TCR_EL3] = tcr | (1ull << 20); /* TBI */
    cpu->sr[SR_TTBR0_EL3] = root;
    cpu->sr[SR_MAIR_EL3] = MAIR_VAL;
    cpu->sr[SR_SCTLR_EL3] = SCTLR_M;
    cpu->el = 3;
    mmu_context_changed(cpu);
    expect_pa(0xab000000000f0008ull, MMU_READ, RAM + 0x9008);
}
END_TEST

START_TEST(translation_changes_drop_cached_entries)
{
    uint64_t root = alloc_table(12);
    uint64_t leaf = map(root, 12, 16, 0x100000, RAM + 0x1000, 3, AF | NORMAL);
    el1_on(tcr_for(12, 16), root, 0);
    wr64(RAM + 0x1000, 1);
    wr64(RAM + 0x2000, 2);
    uint64_t v;
    ck_assert(mem_read(cpu, 0x100000, 8, &v));
    ck_assert_uint_eq(v, 1);
    wr64(leaf, (RAM + 0x2000) | AF | NORMAL | 3);
    /* Without maintenance the cached translation may still be used ... */
    ck_assert(mem_read(cpu, 0x100000, 8, &v));
    ck_assert_uint_eq(v, 1);
    /* ... a register change drops it. */
    cpu->sr[SR_MAIR_EL1] = MAIR_VAL | (0xffull << 56);
    mmu_context_changed(cpu);
    ck_assert(mem_read(cpu, 0x100000, 8, &v));
    ck_assert_uint_eq(v, 2);
}
END_TEST

START_TEST(code_runs_from_translated_addresses)
{
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0x0000000012340000ull, RAM + 0x8000, 3, AF | NORMAL);
    el1_on(tcr_for(12, 16), root, 0);
    const uint32_t code[] = {
        0xd2800540u, /* mov x0, #42 */
        0xd4200000u, /* brk #0 */
    };
    ck_assert_int_eq(arm64emu_mem_write(m, RAM + 0x8000, code, sizeof(code)), ARM64EMU_OK);
    uint64_t page_pa;
    const uint8_t *h = mem_fetch_page(cpu, 0x12340000ull, &page_pa);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(page_pa, RAM + 0x8000);
    uint32_t w;
    memcpy(&w, h + 4, 4);
    ck_assert_uint_eq(w, code[1]);
}
END_TEST

/* Runs the system instructions at EL1 with the MMU on: code at VA
 * 0x12340000, a data page at 0x20000 (data_attrs), a read-only page at
 * 0x30000. Returns the exit. */
static arm64emu_exit run_el1(uint64_t data_attrs)
{
    static const uint32_t code[] = {
        0xd5087800u, /* at s1e1r, x0 */
        0xd5387401u, /* mrs x1, par_el1 */
        0xd5087823u, /* at s1e1w, x3 */
        0xd5387402u, /* mrs x2, par_el1 */
        0xd50b7424u, /* dc zva, x4 */
        0xd508871fu, /* tlbi vmalle1 */
        0xd5088725u, /* tlbi vae1, x5 */
        0xd5088346u, /* tlbi aside1is, x6 */
        0xf9400007u, /* ldr x7, [x0] */
        0xf8400808u, /* ldtr x8, [x0] */
        0xf8000808u, /* sttr x8, [x0] */
        0x38403808u, /* ldtrb w8, [x0, #3] */
        0xb89fc808u, /* ldtrsw x8, [x0, #-4] */
        0xd4200000u, /* brk #0 */
    };
    uint64_t root = alloc_table(12);
    map(root, 12, 16, 0x12340000ull, RAM + 0x8000, 3, AF | NORMAL | AP_RO);
    map(root, 12, 16, 0x20000, RAM + 0x1000, 3, AF | NORMAL | data_attrs);
    map(root, 12, 16, 0x30000, RAM + 0x2000, 3, AF | NORMAL | AP_RO);
    ck_assert_int_eq(arm64emu_mem_write(m, RAM + 0x8000, code, sizeof(code)), ARM64EMU_OK);
    for (unsigned i = 0; i < 16; i++)
        wr64(RAM + 0x1040 + 8 * i, ~0ull);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, 0x5), ARM64EMU_OK);
    el1_on(tcr_for(12, 16), root, 0);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, 0x12340000ull), ARM64EMU_OK);
    test_set_x(m, 0, 0x20008);
    test_set_x(m, 3, 0x30000);
    test_set_x(m, 4, 0x20040);
    test_set_x(m, 5, 0x20);
    test_set_x(m, 6, 0);
    return test_run(m, 100);
}

START_TEST(at_writes_par_and_dc_zva_tlbi_run_at_el1)
{
    arm64emu_exit e = run_el1(AP_EL0);
    ck_assert_msg(e.reason == ARM64EMU_EXIT_BRK, "reason %u at pc 0x%llx",
                  e.reason, (unsigned long long)e.pc);
    ck_assert_uint_eq(test_x(m, 1), (RAM + 0x1000) | (0xffull << 56) | (1u << 11));
    ck_assert_uint_eq(test_x(m, 2), 1u | (0x0fu << 1) | (1u << 11));
    for (unsigned i = 0; i < 8; i++)
        ck_assert_uint_eq(rd64(RAM + 0x1040 + 8 * i), 0);
    ck_assert_uint_eq(rd64(RAM + 0x1080), ~0ull);
}
END_TEST

START_TEST(ldtr_at_el1_uses_el0_permissions)
{
    arm64emu_exit e = run_el1(0); /* data page: EL1 only */
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_UNMAPPED);
    ck_assert_uint_eq(e.pc, 0x12340000ull + 9 * 4);
    ck_assert_uint_eq(e.addr, 0x20008);
    ck_assert_uint_eq(e.syndrome, (0x25ull << 26) | (1u << 25) | 0x0f);
    ck_assert_uint_eq(cpu->fault.fsc, 0x0f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("mmu");
    TCase *tc = tcase_create("walks");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, granule_4k_pages_and_blocks_at_levels_1_2_3);
    tcase_add_test(tc, granule_16k_pages_and_level_2_blocks);
    tcase_add_test(tc, granule_64k_pages_and_level_2_blocks);
    tcase_add_test(tc, level_3_block_encoding_and_level_0_block_are_translation_faults);
    tcase_add_test(tc, t0sz_and_t1sz_bound_the_two_ranges);
    tcase_add_test(tc, top_byte_ignore_follows_tbi0);
    tcase_add_test(tc, access_permissions_give_permission_faults_at_the_leaf_level);
    tcase_add_test(tc, pan_denies_el1_data_access_to_el0_memory);
    tcase_add_test(tc, uxn_pxn_and_wxn_control_execution);
    tcase_add_test(tc, hierarchical_table_bits_restrict_the_leaf);
    tcase_add_test(tc, clear_access_flag_is_an_access_flag_fault);
    tcase_add_test(tc, descriptor_outside_ram_is_an_external_abort_on_the_walk);
    tcase_add_test(tc, output_address_beyond_ips_is_an_address_size_fault);
    tcase_add_test(tc, asids_tag_non_global_entries);
    tcase_add_test(tc, faulting_store_reports_data_abort_syndrome_and_far);
    tcase_add_test(tc, device_memory_faults_unaligned_accesses);
    tcase_add_test(tc, sctlr_a_checks_alignment_of_normal_memory);
    tcase_add_test(tc, dc_zva_zeroes_through_translation);
    tcase_add_test(tc, el2_and_el3_regimes_use_their_own_registers);
    tcase_add_test(tc, translation_changes_drop_cached_entries);
    tcase_add_test(tc, code_runs_from_translated_addresses);
    tcase_add_test(tc, at_writes_par_and_dc_zva_tlbi_run_at_el1);
    tcase_add_test(tc, ldtr_at_el1_uses_el0_permissions);
    suite_add_tcase(s, tc);
    return test_main(s);
}
