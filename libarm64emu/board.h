/* The virt board: QEMU's virt memory map around the CPUs, its devices,
 * the device tree, the boot loaders and the PSCI firmware.
 *
 *   0x0000_0000  flash (2 x 64 MiB; firmware from arm64emu_board_load_bios)
 *   0x0800_0000  GICv3 distributor        0x080A_0000  redistributors
 *   0x0900_0000  PL011 UART (SPI 1)       0x0901_0000  PL031 RTC (SPI 2)
 *   0x4000_0000  RAM
 */
#ifndef ARM64EMU_BOARD_H
#define ARM64EMU_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arm64emu/arm64emu.h"

#define VIRT_FLASH_BASE 0x00000000ull
#define VIRT_FLASH_SIZE 0x08000000ull /* two 64 MiB banks */
#define VIRT_GICD_BASE 0x08000000ull
#define VIRT_GICR_BASE 0x080A0000ull
#define VIRT_UART_BASE 0x09000000ull
#define VIRT_RTC_BASE 0x09010000ull
#define VIRT_MMIO_PAGE 0x1000ull
#define VIRT_RAM_BASE 0x40000000ull
#define VIRT_RAM_DEFAULT (128ull << 20)
#define VIRT_UART_SPI 1u /* INTID 33 */
#define VIRT_RTC_SPI 2u  /* INTID 34 */

struct gic;
struct pl011;
struct pl031;
struct arm64emu_machine;
struct cpu;

/* An image given to a loader, owned by the board. */
typedef struct board_blob {
    uint8_t *data;
    size_t len;
    bool placed; /* arm64emu_board_boot put data at `at` in one piece */
    uint64_t at;
} board_blob_t;

typedef struct board {
    struct gic *gic;
    struct pl011 *uart;
    struct pl031 *rtc;
    uint64_t ram_base, ram_size;
    unsigned boot_el;
    unsigned conduit;       /* ARM64EMU_PSCI_HVC/SMC/NONE (resolved) */
    board_blob_t kernel, initrd, dtb_in, bios;
    char *bootargs;
    uint8_t *dtb;           /* the blob passed to the guest */
    size_t dtb_size;
    uint64_t initrd_start, initrd_end; /* 0, 0: none placed */
    arm64emu_uart_tx_fn tx;
    void *tx_user;
} board_t;

/* CPU power states for the scheduler (machine_t.power). */
enum { CPU_POWER_OFF = 0, CPU_POWER_ON = 1, CPU_POWER_IDLE = 2 };

/* Builds the board on a machine arm64emu_create made (CPUs exist, no RAM
 * mapped). Returns a status; the message is written to err. */
int board_virt_create(struct arm64emu_machine *m,
                      const struct arm64emu_config *cfg, char *err,
                      size_t err_len);
void board_virt_free(struct arm64emu_machine *m);

/* The UART and RTC (board_devices.c). */
int board_devices_create(struct arm64emu_machine *m, char *err,
                         size_t err_len);
void board_devices_free(struct arm64emu_machine *m);
/* Polls the RTC and returns the earlier of next and its alarm (as a
 * machine-wide instruction count). */
uint64_t board_devices_event(struct arm64emu_machine *m, uint64_t next);

/* The board of m, or NULL with ARM64EMU_ERR_UNSUPPORTED recorded. */
board_t *board_of(struct arm64emu_machine *m);

/* Before a CPU's turn: tells the GIC its EL and Security state. */
void board_before_slice(struct arm64emu_machine *m, struct cpu *cpu);

/* Puts cpu in the state a boot loader or PSCI CPU_ON leaves it: reset,
 * at el (h), DAIF masked, MMU off, pc = entry, x0 = arg; higher ELs set up
 * for a Non-secure AArch64 lower EL. */
void board_cpu_enter(struct arm64emu_machine *m, struct cpu *cpu, unsigned el,
                     uint64_t entry, uint64_t arg);

/* The device tree for the current images and settings: the caller's DTB
 * with /chosen updated, or one the board writes. Replaces b->dtb. */
int board_fdt_build(struct arm64emu_machine *m);

/* Placing the images in guest memory (loader.c): sets *entry and the DTB
 * address the boot CPU gets in x0. */
int board_load_images(struct arm64emu_machine *m, uint64_t *entry,
                      uint64_t *dtb_addr, bool *enter_flash);

/* The PSCI firmware. Called for an HVC/SMC on the board's conduit (the
 * caller's pc already after it): performs the call and returns
 * ARM64EMU_EXIT_BUDGET to go on, or ARM64EMU_EXIT_POWEROFF/_RESET. */
unsigned psci_call(struct arm64emu_machine *m, struct cpu *cpu);

#endif
