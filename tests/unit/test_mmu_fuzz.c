/* Robustness of the MMU against a hostile guest: random translation
 * tables and random writes to the translation registers, random accesses
 * of every kind and random TLBI/AT/DC/IC operations, for a fixed budget
 * from a fixed seed. Nothing may crash or hang (run under ASan+UBSan to
 * catch host reads outside guest RAM), and every successful access must
 * have read the RAM byte a fresh walk points at. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "machine.h"
#include "mem.h"
#include "mmu.h"
#include "pstate.h"
#include "sysreg.h"

#define RAM 0x40000000ull
#define RAM_SIZE (256ull << 10)
#define MMIO 0x09000000ull
#define ROUNDS 300000u

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static int mmio_read(void *user, uint64_t off, unsigned size, uint64_t *v)
{
    (void)user;
    *v = off * 0x0101010101010101ull;
    return size == 8 && (off & 0x100); /* some accesses fail */
}

static int mmio_write(void *user, uint64_t off, unsigned size, uint64_t v)
{
    (void)user;
    (void)off;
    (void)size;
    (void)v;
    return 0;
}

/* A descriptor-like value: mostly pointing into RAM (or just past it, or
 * at MMIO), with random low attribute bits and upper bits. */
static uint64_t rnd_desc(void)
{
    uint64_t r = rnd();
    uint64_t addr;
    switch (r & 7) {
    case 0: addr = rnd() & 0x0000fffffffff000ull; break;
    case 1: addr = RAM + RAM_SIZE + (rnd() & 0xf000); break;
    case 2: addr = MMIO + (rnd() & 0x1000); break;
    default: addr = RAM + (rnd() % RAM_SIZE & ~0xfffull); break;
    }
    uint64_t low = rnd() & 0xfff;
    uint64_t high = (r >> 8) & 1 ? rnd() & 0xfff0000000000000ull : 0;
    return addr | low | high | ((r >> 9) & 1 ? 3 : (r >> 10) & 3);
}

static uint64_t rnd_va(void)
{
    uint64_t r = rnd();
    switch (r & 7) {
    case 0: return rnd();
    case 1: return 0xffff000000000000ull | (rnd() & 0xffffffffffffull);
    case 2: return RAM + (rnd() % RAM_SIZE);
    case 3: return rnd() & 0x7fffffffffull;
    case 4: return (rnd() & 0xff00000000000000ull) | (rnd() & 0x3fffff);
    default: return rnd() & 0x3fffffull;
    }
}

static void randomize_registers(cpu_t *cpu)
{
    static const unsigned el1_regs[] = {SR_SCTLR_EL1, SR_TCR_EL1, SR_TTBR0_EL1,
                                        SR_TTBR1_EL1, SR_MAIR_EL1, SR_HCR_EL2,
                                        SR_SCTLR_EL2, SR_TCR_EL2, SR_TTBR0_EL2,
                                        SR_MAIR_EL2, SR_SCTLR_EL3, SR_TCR_EL3,
                                        SR_TTBR0_EL3, SR_MAIR_EL3};
    unsigned n = sizeof(el1_regs) / sizeof(el1_regs[0]);
    unsigned slot = el1_regs[rnd() % n];
    uint64_t v = rnd();
    if ((v & 3) != 0 && (slot == SR_TTBR0_EL1 || slot == SR_TTBR1_EL1 ||
                         slot == SR_TTBR0_EL2 || slot == SR_TTBR0_EL3))
        v = (v & 0xffff000000000000ull) | (RAM + (rnd() % RAM_SIZE & ~0x3full));
    if (slot == SR_TCR_EL1 || slot == SR_TCR_EL2 || slot == SR_TCR_EL3)
        v &= (rnd() & 1) ? ~0ull : 0x000000ffffffffffull;
    if (slot == SR_SCTLR_EL1 || slot == SR_SCTLR_EL2 || slot == SR_SCTLR_EL3)
        v = (v & 0x0280000a) | 1; /* M on; A, WXN, EE at random */
    cpu->sr[slot] = v;
    cpu->el = (unsigned)(rnd() & 3);
    cpu->pstate = (rnd() & 1) ? PSR_PAN : 0;
    if (rnd() & 1)
        cpu->pstate |= PSR_UAO;
    mmu_context_changed(cpu);
}

/* A successful access must have used the RAM a walk finds now. */
static void check_read(arm64emu_machine *m, cpu_t *cpu, uint64_t va,
                       uint64_t got)
{
    mmu_result_t r;
    ck_assert_msg(mmu_translate(cpu, (mmu_idx_t)cpu->tlb.cur_idx, va,
                                MMU_READ, false, &r),
                  "read at 0x%llx succeeded but a walk faults (fsc 0x%x)",
                  (unsigned long long)va, r.fsc);
    uint8_t b;
    if (arm64emu_mem_read(m, r.pa, &b, 1) == ARM64EMU_OK)
        ck_assert_msg(b == (uint8_t)got, "va 0x%llx pa 0x%llx: read 0x%x, RAM 0x%x",
                      (unsigned long long)va, (unsigned long long)r.pa,
                      (unsigned)(uint8_t)got, b);
}

static unsigned count_sysops(void)
{
    unsigned n = 0;
    while (mmu_sysops[n].name)
        n++;
    return n;
}

START_TEST(random_tables_and_registers_never_crash)
{
    arm64emu_config *cfg;
    ck_assert_int_eq(arm64emu_config_new(&cfg), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, RAM_SIZE), ARM64EMU_OK);
    arm64emu_machine *m;
    ck_assert_int_eq(arm64emu_create(cfg, &m), ARM64EMU_OK);
    arm64emu_config_free(cfg);
    ck_assert_int_eq(arm64emu_map_mmio(m, MMIO, 0x2000, mmio_read, mmio_write, NULL), ARM64EMU_OK);
    cpu_t *cpu = &((machine_t *)m)->cpus[0];
    cpu_model_t model = *cpu->model;
    cpu->model = &model;
    unsigned nops = count_sysops();
    rng_state = 0x9e3779b97f4a7c15ull;
    unsigned ok_reads = 0, faults = 0;
    bool wrote = false; /* RAM (maybe tables) written since the last flush */

    for (unsigned round = 0; round < ROUNDS; round++) {
        uint64_t r = rnd();
        if ((r & 15) == 0) {
            /* Which granules and PA size the model has. */
            model.id_aa64mmfr0_el1 = (rnd() & 0xfff00000ull) | (rnd() % 7) |
                                     ((rnd() & 1) ? 0x20 : 0);
            mmu_flush_all(cpu);
        }
        if ((r & 7) == 1)
            randomize_registers(cpu);
        if ((r & 3) == 2) {
            uint64_t pa = RAM + (rnd() % RAM_SIZE & ~7ull);
            uint64_t d = rnd_desc();
            ck_assert_int_eq(arm64emu_mem_write(m, pa, &d, 8), ARM64EMU_OK);
            mmu_flush_all(cpu); /* as a TLBI would: keep the check exact */
        }
        uint64_t va = rnd_va(), v = 0;
        unsigned size = 1u << (rnd() & 3);
        bool ok = true;
        switch ((r >> 8) % 9) {
        case 0:
        case 1:
            if (wrote) { /* stores may have rewritten tables: as TLBI */
                mmu_flush_all(cpu);
                wrote = false;
            }
            ok = mem_read(cpu, va, 1, &v);
            if (ok) {
                ok_reads++;
                check_read(m, cpu, va, v);
            }
            break;
        case 2: ok = mem_read(cpu, va, size, &v); break;
        case 3:
            ok = mem_write(cpu, va, size, rnd());
            wrote = true;
            break;
        case 4: {
            uint64_t page_pa;
            ok = mem_fetch_page(cpu, va & ~3ull, &page_pa) != NULL;
            break;
        }
        case 5:
            ok = (rnd() & 1) ? mem_read_unpriv(cpu, va, size, &v)
                             : mem_write_unpriv(cpu, va, size, v);
            wrote = true;
            break;
        case 6:
            ok = mem_zero_block(cpu, va, 64);
            wrote = true;
            break;
        case 7: {
            uint64_t pa;
            ok = mem_translate_cm(cpu, va, rnd() & 1, &pa);
            break;
        }
        default: {
            const sysreg_def_t *d = &mmu_sysops[rnd() % nops];
            if (!d->present || d->present(cpu->model))
                ok = d->op(cpu, (rnd() & 1) ? va : va >> 12);
            wrote = true;
            break;
        }
        }
        if (!ok) {
            faults++;
            ck_assert(cpu->exit.reason == ARM64EMU_EXIT_UNMAPPED ||
                      cpu->exit.reason == ARM64EMU_EXIT_ALIGNMENT);
        }
    }
    /* The seed must exercise both outcomes. */
    ck_assert_uint_gt(ok_reads, 100);
    ck_assert_uint_gt(faults, 100);
    arm64emu_destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("mmu_fuzz");
    TCase *tc = tcase_create("fuzz");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, random_tables_and_registers_never_crash);
    suite_add_tcase(s, tc);
    return test_main(s);
}
