/* The virt board: memory map, devices and their wiring, the boot CPU's
 * state, and the board's API calls (loaders are in loader.c, the device
 * tree in fdt.c, PSCI in psci.c). */
#include "board.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gic.h"
#include "machine.h"
#include "mmu.h"
#include "pstate.h"
#include "timer.h"

/* ---- interrupt lines into the CPUs ---------------------------------- */

static void cpu_line(machine_t *m, unsigned cpu, uint32_t line, bool level)
{
    cpu_t *c = &m->cpus[cpu];
    uint32_t old = c->lines;
    if (level)
        c->lines |= line;
    else
        c->lines &= ~line;
    if (c->lines != old)
        cpu_update_mode(c);
}

static void cpu_irq_set(void *ctx, unsigned n, bool level)
{
    cpu_line(ctx, n, ARM64EMU_LINE_IRQ, level);
}

static void cpu_fiq_set(void *ctx, unsigned n, bool level)
{
    cpu_line(ctx, n, ARM64EMU_LINE_FIQ, level);
}

/* Whether the running CPU's MMIO access is Secure. */
static bool mmio_secure(void *ctx)
{
    const machine_t *m = ctx;
    const cpu_t *c = m->clock.running;
    return c ? cpu_is_secure(c) : true;
}

/* ---- creation --------------------------------------------------------- */

static int map(machine_t *m, region_t *r, char *err, size_t err_len)
{
    int rc = bus_add(&m->bus, r, err, err_len);
    return rc;
}

static int map_mmio(machine_t *m, uint64_t base, uint64_t size,
                    arm64emu_mmio_read_fn rd, arm64emu_mmio_write_fn wr,
                    void *user, char *err, size_t err_len)
{
    region_t r = {.base = base, .size = size, .read = rd, .write = wr,
                  .user = user};
    return map(m, &r, err, err_len);
}

static int map_ram(machine_t *m, uint64_t base, uint64_t size, char *err,
                   size_t err_len)
{
    if (size > SIZE_MAX) {
        snprintf(err, err_len, "RAM size 0x%" PRIx64 " exceeds host memory",
                 size);
        return ARM64EMU_ERR_NO_MEMORY;
    }
    region_t r = {.base = base, .size = size, .owned = true};
    r.host = calloc(1, (size_t)size);
    if (!r.host) {
        snprintf(err, err_len, "cannot allocate 0x%" PRIx64 " bytes of RAM",
                 size);
        return ARM64EMU_ERR_NO_MEMORY;
    }
    int rc = map(m, &r, err, err_len);
    if (rc != ARM64EMU_OK)
        free(r.host);
    return rc;
}

int board_virt_create(machine_t *m, const struct arm64emu_config *cfg,
                      char *err, size_t err_len)
{
    board_t *b = calloc(1, sizeof(*b));
    if (!b) {
        snprintf(err, err_len, "out of memory creating the board");
        return ARM64EMU_ERR_NO_MEMORY;
    }
    m->board = b;
    b->ram_base = VIRT_RAM_BASE;
    b->ram_size = cfg->ram_size ? cfg->ram_size : VIRT_RAM_DEFAULT;
    if (b->ram_size > 0xffc0000000ull - VIRT_RAM_BASE) {
        snprintf(err, err_len, "RAM size 0x%" PRIx64 " is too large for "
                 "the virt board", b->ram_size);
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    }
    b->boot_el = (unsigned)cfg->boot_el;
    if ((b->boot_el == 2 && !cfg->have_el2) ||
        (b->boot_el == 3 && !cfg->have_el3)) {
        snprintf(err, err_len, "BOOT_EL %u is not implemented (HAVE_EL%u "
                 "is 0)", b->boot_el, b->boot_el);
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    }
    b->conduit = (unsigned)cfg->psci_conduit;
    if (b->conduit == ARM64EMU_PSCI_AUTO)
        b->conduit = b->boot_el == 1   ? ARM64EMU_PSCI_HVC
                     : b->boot_el == 2 ? ARM64EMU_PSCI_SMC
                                       : ARM64EMU_PSCI_NONE;
    uint32_t exc = b->conduit == ARM64EMU_PSCI_HVC   ? ARM64EMU_EXC_HVC
                   : b->conduit == ARM64EMU_PSCI_SMC ? ARM64EMU_EXC_SMC
                                                     : 0;
    for (unsigned i = 0; i < m->ncpus; i++)
        m->cpus[i].exception_exits |= exc;

    int rc = map_ram(m, VIRT_FLASH_BASE, VIRT_FLASH_SIZE, err, err_len);
    if (rc == ARM64EMU_OK)
        rc = map_ram(m, b->ram_base, b->ram_size, err, err_len);
    if (rc != ARM64EMU_OK)
        return rc;

    irq_line_t irq[ARM64EMU_MAX_CPUS], fiq[ARM64EMU_MAX_CPUS];
    uint64_t mpidr[ARM64EMU_MAX_CPUS];
    for (unsigned i = 0; i < m->ncpus; i++) {
        irq[i] = (irq_line_t){cpu_irq_set, m, i};
        fiq[i] = (irq_line_t){cpu_fiq_set, m, i};
        mpidr[i] = model_mpidr(m->model, i);
    }
    b->gic = gic_new(&(gic_config_t){
        .ncpus = m->ncpus, .have_el3 = cfg->have_el3, .cpu_irq = irq,
        .cpu_fiq = fiq, .mpidr = mpidr, .mmio_secure = mmio_secure,
        .mmio_ctx = m});
    if (!b->gic) {
        snprintf(err, err_len, "out of memory creating the GIC");
        return ARM64EMU_ERR_NO_MEMORY;
    }
    rc = map_mmio(m, VIRT_GICD_BASE, GIC_DIST_SIZE, gic_dist_read,
                  gic_dist_write, b->gic, err, err_len);
    if (rc == ARM64EMU_OK)
        rc = map_mmio(m, VIRT_GICR_BASE, gic_redist_size(b->gic),
                      gic_redist_read, gic_redist_write, b->gic, err,
                      err_len);
    if (rc != ARM64EMU_OK)
        return rc;
    static const unsigned ppi[GT_COUNT] = {GT_PPI_PHYS, GT_PPI_VIRT,
                                           GT_PPI_HYP, GT_PPI_SEC};
    for (unsigned i = 0; i < m->ncpus; i++)
        for (unsigned k = 0; k < GT_COUNT; k++)
            m->timers[i].t[k].line = gic_ppi_line(b->gic, i, ppi[k]);
    rc = board_devices_create(m, err, err_len);
    if (rc != ARM64EMU_OK)
        return rc;
    /* Until arm64emu_board_boot: CPU 0 at the boot EL at the flash. */
    board_cpu_enter(m, &m->cpus[0], b->boot_el, VIRT_FLASH_BASE, 0);
    return ARM64EMU_OK;
}

void board_virt_free(machine_t *m)
{
    board_t *b = m->board;
    if (!b)
        return;
    board_devices_free(m);
    gic_free(b->gic);
    free(b->kernel.data);
    free(b->initrd.data);
    free(b->dtb_in.data);
    free(b->bios.data);
    free(b->bootargs);
    free(b->dtb);
    free(b);
    m->board = NULL;
}

void board_cpu_enter(machine_t *m, cpu_t *cpu, unsigned el, uint64_t entry,
                     uint64_t arg)
{
    cpu_reset(cpu);
    timer_reset(m, cpu->index);
    if (cpu->have_el3 && el < 3)
        cpu->sr[SR_SCR_EL3] = SCR_NS | SCR_RW | SCR_HCE | 0x30;
    if (cpu->have_el2 && el < 2)
        cpu->sr[SR_HCR_EL2] = HCR_RW;
    pstate_write(cpu, PSR_DAIF | (el << 2) | 1);
    mmu_context_changed(cpu);
    cpu->r[0] = arg;
    cpu->pc = entry;
    if (m->board && m->board->gic)
        gic_cpu_set_state(m->board->gic, cpu->index, el, cpu_is_secure(cpu));
}

void board_before_slice(machine_t *m, cpu_t *cpu)
{
    gic_cpu_set_state(m->board->gic, cpu->index, cpu->el, cpu_is_secure(cpu));
}

/* ---- API ---------------------------------------------------------------- */

board_t *board_of(machine_t *m)
{
    if (!m->board)
        machine_fail(m, ARM64EMU_ERR_UNSUPPORTED,
                     "the machine has no board (ARM64EMU_CFG_BOARD)");
    return m->board;
}

int arm64emu_board_boot(arm64emu_machine *m)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    board_t *b = board_of(m);
    if (!b)
        return ARM64EMU_ERR_UNSUPPORTED;
    uint64_t entry = 0, dtb = 0;
    bool flash = false;
    int rc = board_load_images(m, &entry, &dtb, &flash);
    if (rc != ARM64EMU_OK)
        return rc;
    for (unsigned i = 1; i < m->ncpus; i++)
        m->power[i] = CPU_POWER_OFF;
    m->power[0] = CPU_POWER_ON;
    if (b->boot_el < 3)
        gic_setup_nonsecure_boot(b->gic);
    board_cpu_enter(m, &m->cpus[0], b->boot_el, entry, flash ? 0 : dtb);
    timer_sync(m);
    return machine_ok(m);
}

int arm64emu_board_set_bootargs(arm64emu_machine *m, const char *bootargs)
{
    if (!m || !bootargs)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    board_t *b = board_of(m);
    if (!b)
        return ARM64EMU_ERR_UNSUPPORTED;
    size_t n = strlen(bootargs) + 1;
    char *copy = malloc(n);
    if (!copy)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY, "out of memory");
    memcpy(copy, bootargs, n);
    free(b->bootargs);
    b->bootargs = copy;
    return machine_ok(m);
}
