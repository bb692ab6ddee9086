/* The virt board's device tree, written with libfdt: the nodes QEMU's virt
 * machine has for the devices this board models, or the caller's DTB with
 * /chosen updated. */
#include "board.h"

#include <libfdt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "gic.h"
#include "machine.h"
#include "timer.h"

#define PHANDLE_CLK 0x8000u
#define PHANDLE_GIC 0x8001u
#define FDT_ROOM 8192 /* for /chosen strings on top of the caller's DTB */

/* GIC interrupt specifier cells. */
#define GIC_SPI 0u
#define GIC_PPI 1u
#define IRQ_LEVEL_HIGH 4u

/* Appends a 64-bit (address, size) pair as four cells. */
static int reg64(void *fdt, const char *name, const uint64_t *v, unsigned n)
{
    fdt32_t cells[8];
    for (unsigned i = 0; i < n && i < 4; i++) {
        cells[2 * i] = cpu_to_fdt32((uint32_t)(v[i] >> 32));
        cells[2 * i + 1] = cpu_to_fdt32((uint32_t)v[i]);
    }
    return fdt_property(fdt, name, cells, (int)(n * 8));
}

static int cells(void *fdt, const char *name, const uint32_t *v, unsigned n)
{
    fdt32_t c[16];
    for (unsigned i = 0; i < n && i < 16; i++)
        c[i] = cpu_to_fdt32(v[i]);
    return fdt_property(fdt, name, c, (int)(n * 4));
}

static int strings(void *fdt, const char *name, const char *const *s,
                   unsigned n)
{
    char buf[256];
    size_t len = 0;
    for (unsigned i = 0; i < n; i++) {
        size_t k = strlen(s[i]) + 1;
        if (len + k > sizeof(buf))
            return -FDT_ERR_NOSPACE;
        memcpy(buf + len, s[i], k);
        len += k;
    }
    return fdt_property(fdt, name, buf, (int)len);
}

/* The seeds in /chosen are fixed so that every boot is the same: Linux
 * takes kaslr-seed for its KASLR offsets (so the kernel is randomised, the
 * same way each time, unless "nokaslr" is given) and mixes rng-seed into
 * its entropy pool. Real firmware passes fresh random bytes; a
 * deterministic emulator cannot. The bytes are SplitMix64 of "arm64emu". */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int seed_props(void *fdt)
{
    uint64_t state = 0x61726d3634656d75ull; /* "arm64emu" */
    uint8_t rng[32];
    for (unsigned i = 0; i < sizeof(rng); i += 8) {
        uint64_t v = splitmix64(&state);
        for (unsigned k = 0; k < 8; k++)
            rng[i + k] = (uint8_t)(v >> (8 * k));
    }
    int e = fdt_property_u64(fdt, "kaslr-seed", splitmix64(&state));
    e |= fdt_property(fdt, "rng-seed", rng, (int)sizeof(rng));
    return e;
}

static int chosen_props(machine_t *m, void *fdt)
{
    const board_t *b = m->board;
    int e = seed_props(fdt);
    if (b->bootargs)
        e |= fdt_property_string(fdt, "bootargs", b->bootargs);
    e |= fdt_property_string(fdt, "stdout-path", "/pl011@9000000");
    if (b->initrd_end) {
        e |= fdt_property_u64(fdt, "linux,initrd-start", b->initrd_start);
        e |= fdt_property_u64(fdt, "linux,initrd-end", b->initrd_end);
    }
    return e;
}

/* Writes the board's tree into buf (sequential-write mode). */
static int write_tree(machine_t *m, void *fdt, int size)
{
    const board_t *b = m->board;
    int e = fdt_create(fdt, size);
    e |= fdt_finish_reservemap(fdt);
    e |= fdt_begin_node(fdt, "");
    e |= fdt_property_string(fdt, "compatible", "linux,dummy-virt");
    e |= fdt_property_string(fdt, "model", "arm64emu virt");
    e |= fdt_property_u32(fdt, "#address-cells", 2);
    e |= fdt_property_u32(fdt, "#size-cells", 2);
    e |= fdt_property_u32(fdt, "interrupt-parent", PHANDLE_GIC);

    if (b->conduit == ARM64EMU_PSCI_HVC || b->conduit == ARM64EMU_PSCI_SMC) {
        static const char *const psci[] = {"arm,psci-1.0", "arm,psci-0.2",
                                           "arm,psci"};
        e |= fdt_begin_node(fdt, "psci");
        e |= strings(fdt, "compatible", psci, 3);
        e |= fdt_property_string(fdt, "method",
                                 b->conduit == ARM64EMU_PSCI_HVC ? "hvc"
                                                                 : "smc");
        e |= fdt_property_u32(fdt, "cpu_suspend", 0xc4000001);
        e |= fdt_property_u32(fdt, "cpu_off", 0x84000002);
        e |= fdt_property_u32(fdt, "cpu_on", 0xc4000003);
        e |= fdt_property_u32(fdt, "migrate", 0xc4000005);
        e |= fdt_end_node(fdt);
    }

    char name[64];
    snprintf(name, sizeof(name), "memory@%llx",
             (unsigned long long)b->ram_base);
    e |= fdt_begin_node(fdt, name);
    e |= fdt_property_string(fdt, "device_type", "memory");
    e |= reg64(fdt, "reg", (const uint64_t[]){b->ram_base, b->ram_size}, 2);
    e |= fdt_end_node(fdt);

    e |= fdt_begin_node(fdt, "cpus");
    e |= fdt_property_u32(fdt, "#address-cells", 1);
    e |= fdt_property_u32(fdt, "#size-cells", 0);
    for (unsigned i = 0; i < m->ncpus; i++) {
        uint32_t aff = (uint32_t)(model_mpidr(m->model, i) & 0xffffff);
        snprintf(name, sizeof(name), "cpu@%x", aff);
        e |= fdt_begin_node(fdt, name);
        e |= fdt_property_string(fdt, "device_type", "cpu");
        e |= fdt_property_string(fdt, "compatible", "arm,armv8");
        e |= fdt_property_u32(fdt, "reg", aff);
        if (b->conduit != ARM64EMU_PSCI_NONE)
            e |= fdt_property_string(fdt, "enable-method", "psci");
        e |= fdt_end_node(fdt);
    }
    e |= fdt_end_node(fdt);

    snprintf(name, sizeof(name), "intc@%llx",
             (unsigned long long)VIRT_GICD_BASE);
    e |= fdt_begin_node(fdt, name);
    e |= fdt_property_string(fdt, "compatible", "arm,gic-v3");
    e |= fdt_property_u32(fdt, "#interrupt-cells", 3);
    e |= fdt_property(fdt, "interrupt-controller", NULL, 0);
    e |= fdt_property_u32(fdt, "#redistributor-regions", 1);
    e |= fdt_property_u32(fdt, "#address-cells", 2);
    e |= fdt_property_u32(fdt, "#size-cells", 2);
    e |= fdt_property(fdt, "ranges", NULL, 0);
    e |= reg64(fdt, "reg",
               (const uint64_t[]){VIRT_GICD_BASE, GIC_DIST_SIZE,
                                  VIRT_GICR_BASE,
                                  m->ncpus * GIC_REDIST_STRIDE},
               4);
    e |= fdt_property_u32(fdt, "phandle", PHANDLE_GIC);
    e |= fdt_end_node(fdt);

    /* Secure, Non-secure physical, virtual, hypervisor: PPI - 16. */
    e |= fdt_begin_node(fdt, "timer");
    e |= fdt_property_string(fdt, "compatible", "arm,armv8-timer");
    e |= cells(fdt, "interrupts",
               (const uint32_t[]){GIC_PPI, GT_PPI_SEC - 16, IRQ_LEVEL_HIGH,
                                  GIC_PPI, GT_PPI_PHYS - 16, IRQ_LEVEL_HIGH,
                                  GIC_PPI, GT_PPI_VIRT - 16, IRQ_LEVEL_HIGH,
                                  GIC_PPI, GT_PPI_HYP - 16, IRQ_LEVEL_HIGH},
               12);
    e |= fdt_property(fdt, "always-on", NULL, 0);
    e |= fdt_end_node(fdt);

    e |= fdt_begin_node(fdt, "apb-pclk");
    e |= fdt_property_string(fdt, "compatible", "fixed-clock");
    e |= fdt_property_u32(fdt, "#clock-cells", 0);
    e |= fdt_property_u32(fdt, "clock-frequency", 24000000);
    e |= fdt_property_string(fdt, "clock-output-names", "clk24mhz");
    e |= fdt_property_u32(fdt, "phandle", PHANDLE_CLK);
    e |= fdt_end_node(fdt);

    static const char *const pl011[] = {"arm,pl011", "arm,primecell"};
    static const char *const uart_clocks[] = {"uartclk", "apb_pclk"};
    e |= fdt_begin_node(fdt, "pl011@9000000");
    e |= strings(fdt, "compatible", pl011, 2);
    e |= reg64(fdt, "reg", (const uint64_t[]){VIRT_UART_BASE, VIRT_MMIO_PAGE},
               2);
    e |= cells(fdt, "interrupts",
               (const uint32_t[]){GIC_SPI, VIRT_UART_SPI, IRQ_LEVEL_HIGH}, 3);
    e |= cells(fdt, "clocks", (const uint32_t[]){PHANDLE_CLK, PHANDLE_CLK}, 2);
    e |= strings(fdt, "clock-names", uart_clocks, 2);
    e |= fdt_end_node(fdt);

    static const char *const pl031[] = {"arm,pl031", "arm,primecell"};
    e |= fdt_begin_node(fdt, "pl031@9010000");
    e |= strings(fdt, "compatible", pl031, 2);
    e |= reg64(fdt, "reg", (const uint64_t[]){VIRT_RTC_BASE, VIRT_MMIO_PAGE},
               2);
    e |= cells(fdt, "interrupts",
               (const uint32_t[]){GIC_SPI, VIRT_RTC_SPI, IRQ_LEVEL_HIGH}, 3);
    e |= fdt_property_u32(fdt, "clocks", PHANDLE_CLK);
    e |= fdt_property_string(fdt, "clock-names", "apb_pclk");
    e |= fdt_end_node(fdt);

    e |= fdt_begin_node(fdt, "chosen");
    e |= chosen_props(m, fdt);
    e |= fdt_end_node(fdt);

    e |= fdt_end_node(fdt);
    e |= fdt_finish(fdt);
    return e;
}

/* The caller's DTB with /chosen's bootargs and initrd updated. */
static int patch_tree(machine_t *m, void *fdt, int size)
{
    const board_t *b = m->board;
    if (fdt_open_into(b->dtb_in.data, fdt, size) != 0)
        return -1;
    int chosen = fdt_path_offset(fdt, "/chosen");
    if (chosen < 0)
        chosen = fdt_add_subnode(fdt, 0, "chosen");
    if (chosen < 0)
        return -1;
    int e = 0;
    if (b->bootargs)
        e |= fdt_setprop_string(fdt, chosen, "bootargs", b->bootargs);
    if (b->initrd_end) {
        e |= fdt_setprop_u64(fdt, chosen, "linux,initrd-start",
                             b->initrd_start);
        e |= fdt_setprop_u64(fdt, chosen, "linux,initrd-end", b->initrd_end);
    }
    e |= fdt_pack(fdt);
    return e;
}

int board_fdt_build(machine_t *m)
{
    board_t *b = m->board;
    int size = 64 * 1024;
    if (b->dtb_in.data) {
        if (b->dtb_in.len > (1u << 21))
            return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                                "dtb: %zu bytes exceed the 2 MiB a kernel "
                                "accepts", b->dtb_in.len);
        size = (int)b->dtb_in.len + FDT_ROOM +
               (b->bootargs ? (int)strlen(b->bootargs) : 0);
    } else if (b->bootargs) {
        size += (int)strlen(b->bootargs);
    }
    uint8_t *buf = calloc(1, (size_t)size);
    if (!buf)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                            "dtb: out of memory");
    int e = b->dtb_in.data ? patch_tree(m, buf, size)
                           : write_tree(m, buf, size);
    if (e != 0 || fdt_check_header(buf) != 0) {
        free(buf);
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            b->dtb_in.data
                                ? "dtb: the given device tree is malformed"
                                : "dtb: the board's device tree does not "
                                  "fit (bootargs too long?)");
    }
    free(b->dtb);
    b->dtb = buf;
    b->dtb_size = fdt_totalsize(buf);
    return ARM64EMU_OK;
}

int arm64emu_board_get_dtb(arm64emu_machine *m, void *buf, size_t capacity,
                           size_t *size)
{
    if (!m || !size || (!buf && capacity))
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    board_t *b = board_of(m);
    if (!b)
        return ARM64EMU_ERR_UNSUPPORTED;
    if (!b->dtb) {
        int rc = board_fdt_build(m);
        if (rc != ARM64EMU_OK)
            return rc;
    }
    *size = b->dtb_size;
    if (buf)
        memcpy(buf, b->dtb, capacity < b->dtb_size ? capacity : b->dtb_size);
    return machine_ok(m);
}
