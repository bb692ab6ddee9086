/* arm64emu_vmem_read/write: guest-virtual memory through a CPU's current
 * translation, without guest-visible side effects. */
#include <string.h>

#include "harness.h"

#define SCTLR_EL1 ARM64EMU_SYSREG(3, 0, 1, 0, 0)
#define TTBR0_EL1 ARM64EMU_SYSREG(3, 0, 2, 0, 0)
#define TCR_EL1 ARM64EMU_SYSREG(3, 0, 2, 0, 2)
#define MAIR_EL1 ARM64EMU_SYSREG(3, 0, 10, 2, 0)
#define PAR_EL1 ARM64EMU_SYSREG(3, 0, 7, 4, 0)
#define FAR_EL1 ARM64EMU_SYSREG(3, 0, 6, 0, 0)

#define RAM TEST_RAM_BASE
#define L1 (RAM + 0x80000)
#define L2 (RAM + 0x81000)
#define L3 (RAM + 0x82000)
#define MMIO 0x09000000ull

#define DESC_PAGE 3ull
#define AF (1ull << 10)
#define SH_INNER (3ull << 8)
#define AP_EL0 (1ull << 6)
#define AP_RO (1ull << 7)

/* The virtual pages of the test's address space (4K granule, 39-bit VA). */
enum {
    VA_RW = 0x0000,      /* EL1 read/write, executable: PA RAM+0x10000 */
    VA_RW2 = 0x1000,     /* EL1 read/write: PA RAM+0x20000 (not adjacent) */
    VA_RO = 0x2000,      /* read-only: PA RAM+0x30000 */
    VA_NONE = 0x3000,    /* invalid descriptor */
    VA_NOAF = 0x4000,    /* Access flag clear: PA RAM+0x40000 */
    VA_MMIO = 0x5000,    /* MMIO */
    VA_USER = 0x6000,    /* EL0 read/write: PA RAM+0x50000 */
};

static void put_desc(arm64emu_machine *m, uint64_t table, unsigned index,
                     uint64_t desc)
{
    ck_assert_int_eq(arm64emu_mem_write(m, table + 8ull * index, &desc, 8),
                     ARM64EMU_OK);
}

static void sysreg(arm64emu_machine *m, uint32_t enc, uint64_t v)
{
    ck_assert_int_eq(arm64emu_sysreg_write(m, 0, enc, v), ARM64EMU_OK);
}

/* A machine at EL1 with stage 1 on and the pages of the enum above. */
static arm64emu_machine *mmu_machine(void)
{
    arm64emu_machine *m = test_machine();
    ck_assert_int_eq(arm64emu_map_mmio(m, MMIO, 0x1000, NULL, NULL, NULL),
                     ARM64EMU_OK);
    put_desc(m, L1, 0, L2 | 3);
    put_desc(m, L2, 0, L3 | 3);
    const uint64_t attrs = DESC_PAGE | AF | SH_INNER;
    put_desc(m, L3, VA_RW >> 12, (RAM + 0x10000) | attrs);
    put_desc(m, L3, VA_RW2 >> 12, (RAM + 0x20000) | attrs);
    put_desc(m, L3, VA_RO >> 12, (RAM + 0x30000) | attrs | AP_RO);
    put_desc(m, L3, VA_NOAF >> 12, (RAM + 0x40000) | (attrs & ~AF));
    put_desc(m, L3, VA_MMIO >> 12, MMIO | attrs);
    put_desc(m, L3, VA_USER >> 12, (RAM + 0x50000) | attrs | AP_EL0);
    sysreg(m, MAIR_EL1, 0xff);
    /* T0SZ 25, 4K granule, TTBR1 walks off, 48-bit IPS */
    sysreg(m, TCR_EL1, 25 | (1ull << 23) | (5ull << 32));
    sysreg(m, TTBR0_EL1, L1);
    sysreg(m, SCTLR_EL1, 1);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, 0x3c5),
                     ARM64EMU_OK);
    return m;
}

static void fill_phys(arm64emu_machine *m, uint64_t pa, uint8_t seed)
{
    uint8_t page[4096];
    for (unsigned i = 0; i < sizeof(page); i++)
        page[i] = (uint8_t)(seed + i);
    ck_assert_int_eq(arm64emu_mem_write(m, pa, page, sizeof(page)),
                     ARM64EMU_OK);
}

static uint8_t phys_byte(arm64emu_machine *m, uint64_t pa)
{
    uint8_t b;
    ck_assert_int_eq(arm64emu_mem_read(m, pa, &b, 1), ARM64EMU_OK);
    return b;
}

START_TEST(with_the_mmu_off_virtual_is_physical)
{
    arm64emu_machine *m = test_machine();
    fill_phys(m, RAM + 0x3000, 7);
    uint8_t v[64], p[64];
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, RAM + 0x3010, v, sizeof(v)),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_mem_read(m, RAM + 0x3010, p, sizeof(p)),
                     ARM64EMU_OK);
    ck_assert_mem_eq(v, p, sizeof(v));
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, 0x1000, v, 4),
                     ARM64EMU_ERR_UNMAPPED);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(read_crossing_pages_follows_each_page_translation)
{
    arm64emu_machine *m = mmu_machine();
    fill_phys(m, RAM + 0x10000, 0);
    fill_phys(m, RAM + 0x20000, 100);
    uint8_t buf[32];
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, 0x1000 - 16, buf, sizeof(buf)),
                     ARM64EMU_OK);
    for (unsigned i = 0; i < 16; i++) {
        ck_assert_uint_eq(buf[i], (uint8_t)(4080 + i));
        ck_assert_uint_eq(buf[16 + i], (uint8_t)(100 + i));
    }
    arm64emu_destroy(m);
}
END_TEST

START_TEST(write_lands_at_the_translated_physical_address)
{
    arm64emu_machine *m = mmu_machine();
    const char msg[] = "hello, guest";
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, VA_RW2 + 0x123, msg,
                                         sizeof(msg)),
                     ARM64EMU_OK);
    char back[sizeof(msg)];
    ck_assert_int_eq(arm64emu_mem_read(m, RAM + 0x20123, back, sizeof(back)),
                     ARM64EMU_OK);
    ck_assert_str_eq(back, msg);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(read_only_page_is_readable_but_refuses_writes)
{
    arm64emu_machine *m = mmu_machine();
    fill_phys(m, RAM + 0x30000, 9);
    uint8_t b = 0;
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, VA_RO + 1, &b, 1), ARM64EMU_OK);
    ck_assert_uint_eq(b, 10);
    b = 0xee;
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, VA_RO + 1, &b, 1),
                     ARM64EMU_ERR_UNMAPPED);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(m), "0x2001"));
    ck_assert_uint_eq(phys_byte(m, RAM + 0x30001), 10);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(failed_write_across_pages_writes_nothing)
{
    arm64emu_machine *m = mmu_machine();
    fill_phys(m, RAM + 0x20000, 1);
    uint8_t buf[32];
    memset(buf, 0xaa, sizeof(buf));
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, VA_RO - 16, buf, sizeof(buf)),
                     ARM64EMU_ERR_UNMAPPED);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(m), "0x2000"));
    for (unsigned i = 0; i < 16; i++)
        ck_assert_uint_eq(phys_byte(m, RAM + 0x20ff0 + i),
                          (uint8_t)(1 + 0xff0 + i));
    arm64emu_destroy(m);
}
END_TEST

START_TEST(invalid_descriptor_fails_naming_the_first_bad_address)
{
    arm64emu_machine *m = mmu_machine();
    uint8_t buf[8192];
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, VA_RO + 8, buf, 8192),
                     ARM64EMU_ERR_UNMAPPED);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(m), "0x3000"));
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, 0x7fff000000ull, buf, 1),
                     ARM64EMU_ERR_UNMAPPED);
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, 0xffff000000000000ull, buf, 1),
                     ARM64EMU_ERR_UNMAPPED);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(mmio_behind_a_mapping_is_refused)
{
    arm64emu_machine *m = mmu_machine();
    uint8_t buf[4] = {0};
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, VA_MMIO, buf, 4),
                     ARM64EMU_ERR_UNMAPPED);
    ck_assert_ptr_nonnull(strstr(arm64emu_last_error(m), "MMIO"));
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, VA_MMIO, buf, 4),
                     ARM64EMU_ERR_UNMAPPED);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(access_flag_clear_does_not_stop_the_host)
{
    arm64emu_machine *m = mmu_machine();
    uint32_t v = 0x12345678, back = 0;
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, VA_NOAF + 4, &v, 4),
                     ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, VA_NOAF + 4, &back, 4),
                     ARM64EMU_OK);
    ck_assert_uint_eq(back, v);
    uint64_t desc;
    ck_assert_int_eq(arm64emu_mem_read(m, L3 + 8 * (VA_NOAF >> 12), &desc, 8),
                     ARM64EMU_OK);
    ck_assert_uint_eq(desc & AF, 0); /* the descriptor is left alone */
    arm64emu_destroy(m);
}
END_TEST

START_TEST(el0_writes_need_el0_permission_but_reads_do_not)
{
    arm64emu_machine *m = mmu_machine();
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, 0),
                     ARM64EMU_OK);
    uint8_t b = 5;
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, VA_USER, &b, 1), ARM64EMU_OK);
    ck_assert_uint_eq(phys_byte(m, RAM + 0x50000), 5);
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, VA_RW, &b, 1),
                     ARM64EMU_ERR_UNMAPPED);
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, VA_RW, &b, 1), ARM64EMU_OK);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(translation_leaves_no_guest_visible_trace)
{
    arm64emu_machine *m = mmu_machine();
    sysreg(m, PAR_EL1, 0x1111);
    sysreg(m, FAR_EL1, 0x2222);
    uint8_t b = 0;
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, VA_NONE, &b, 1),
                     ARM64EMU_ERR_UNMAPPED);
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, VA_RO, &b, 1),
                     ARM64EMU_ERR_UNMAPPED);
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, VA_RW, &b, 1), ARM64EMU_OK);
    uint64_t par, far;
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, PAR_EL1, &par), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_sysreg_read(m, 0, FAR_EL1, &far), ARM64EMU_OK);
    ck_assert_uint_eq(par, 0x1111);
    ck_assert_uint_eq(far, 0x2222);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(write_drops_decoded_code_and_marks_the_page_dirty)
{
    arm64emu_machine *m = mmu_machine();
    const uint32_t prog1[] = {0xd2800020, 0xd4200000}; /* mov x0,#1; brk */
    const uint32_t mov2 = 0xd2800040;                   /* mov x0,#2 */
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, VA_RW, prog1, sizeof(prog1)),
                     ARM64EMU_OK);
    test_set_x(m, 0, 0);
    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, VA_RW),
                     ARM64EMU_OK);
    arm64emu_exit e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 0), 1);

    ck_assert_int_eq(arm64emu_dirty_clear(m, RAM, TEST_RAM_SIZE), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, VA_RW, &mov2, 4), ARM64EMU_OK);
    uint64_t bits[TEST_RAM_SIZE / 4096 / 64];
    ck_assert_int_eq(arm64emu_dirty_get(m, RAM, TEST_RAM_SIZE, bits, 4),
                     ARM64EMU_OK);
    ck_assert_uint_eq(bits[0], 1ull << 16);
    ck_assert_uint_eq(bits[1] | bits[2] | bits[3], 0);

    ck_assert_int_eq(arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, VA_RW),
                     ARM64EMU_OK);
    e = test_run(m, 10);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_BRK);
    ck_assert_uint_eq(test_x(m, 0), 2);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(bad_arguments_are_refused)
{
    arm64emu_machine *m = test_machine();
    uint8_t b[4];
    ck_assert_int_eq(arm64emu_vmem_read(NULL, 0, RAM, b, 1),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_vmem_write(NULL, 0, RAM, b, 1),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_vmem_read(m, 1, RAM, b, 1),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_vmem_write(m, 64, RAM, b, 1),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, RAM, NULL, 1),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, RAM, NULL, 1),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, UINT64_MAX - 1, b, 4),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_vmem_read(m, 0, RAM, NULL, 0), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_vmem_write(m, 0, 0, NULL, 0), ARM64EMU_OK);
    arm64emu_destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vmem");
    TCase *tc = tcase_create("vmem");
    tcase_add_test(tc, with_the_mmu_off_virtual_is_physical);
    tcase_add_test(tc, read_crossing_pages_follows_each_page_translation);
    tcase_add_test(tc, write_lands_at_the_translated_physical_address);
    tcase_add_test(tc, read_only_page_is_readable_but_refuses_writes);
    tcase_add_test(tc, failed_write_across_pages_writes_nothing);
    tcase_add_test(tc, invalid_descriptor_fails_naming_the_first_bad_address);
    tcase_add_test(tc, mmio_behind_a_mapping_is_refused);
    tcase_add_test(tc, access_flag_clear_does_not_stop_the_host);
    tcase_add_test(tc, el0_writes_need_el0_permission_but_reads_do_not);
    tcase_add_test(tc, translation_leaves_no_guest_visible_trace);
    tcase_add_test(tc, write_drops_decoded_code_and_marks_the_page_dirty);
    tcase_add_test(tc, bad_arguments_are_refused);
    suite_add_tcase(s, tc);
    return test_main(s);
}
