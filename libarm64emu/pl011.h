/* Arm PrimeCell UART (PL011), as QEMU's virt board has it at 0x0900_0000
 * (SPI 1). Transmission is instant: each byte written to UARTDR goes to
 * the caller's tx callback at once, so the transmit FIFO is always empty.
 * Reception takes bytes the caller injects into a 16-entry receive FIFO
 * (one entry with LCR_H.FEN clear).
 *
 * Interrupts (one combined output line, UARTINTR = RIS & IMSC != 0):
 *  - RX: set when the receive FIFO reaches the IFLS level (1/8..7/8 of
 *    16; any byte without FIFOs), cleared by reading below it or by ICR.
 *  - RT (receive timeout): set when a pl011_receive() call returns with
 *    data in the FIFO (the line is idle after the caller's burst: no wall
 *    clock, so the timeout is immediate and deterministic), cleared when
 *    the FIFO empties or by ICR. Linux's amba-pl011 enables RXIM and RTIM
 *    and reads until RXFE, so every byte is seen.
 *  - TX: set by each write to UARTDR (the FIFO drains at once), cleared by
 *    ICR, as QEMU does.
 * With CR.LBE, written bytes are also fed to the receive FIFO (QEMU).
 * Not modelled: baud timing, break/framing/parity errors, modem lines,
 * IrDA, DMA (DMACR is storage only).
 *
 * Usage: embed a pl011_t, pl011_init() it, map PL011_SIZE bytes with
 * pl011_read/pl011_write and the pl011_t as user. State is plain data in
 * uart->state; after loading it call pl011_sync(). */
#ifndef ARM64EMU_PL011_H
#define ARM64EMU_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "device.h"

#define PL011_SIZE 0x1000ull
#define PL011_FIFO_DEPTH 16u

/* Receives every transmitted byte. */
typedef void (*pl011_tx_fn)(void *ctx, uint8_t byte);

typedef struct pl011_state {
    uint16_t rx_fifo[PL011_FIFO_DEPTH]; /* data (7:0) and error bits (11:8) */
    uint8_t rx_pos, rx_count;
    uint16_t rsr, ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;
    bool irq_out; /* level last driven */
} pl011_state_t;

typedef struct pl011 {
    pl011_tx_fn tx; /* may be NULL: output is dropped */
    void *tx_ctx;
    irq_line_t irq;
    pl011_state_t state;
} pl011_t;

/* Sets the outputs and resets the UART. */
void pl011_init(pl011_t *uart, pl011_tx_fn tx, void *tx_ctx, irq_line_t irq);
/* Reset values (CR = TXE|RXE, IFLS = 0x12, FIFOs empty); drives the line. */
void pl011_reset(pl011_t *uart);
/* Drives the interrupt line with the current level. */
void pl011_sync(pl011_t *uart);

/* MMIO callbacks (user = the pl011_t). Any offset and size is accepted;
 * unknown offsets are RAZ/WI. Always return 0. */
int pl011_read(void *user, uint64_t offset, unsigned size, uint64_t *value);
int pl011_write(void *user, uint64_t offset, unsigned size, uint64_t value);

/* Free entries in the receive FIFO. */
unsigned pl011_rx_room(const pl011_t *uart);
/* Injects received bytes; returns how many fitted (the rest are the
 * caller's to offer again once the guest has read some). */
size_t pl011_receive(pl011_t *uart, const uint8_t *buf, size_t len);

#endif
