/* What every device model shares: interrupt lines and the MMIO shape.
 *
 * Devices never call into the CPU or the board: they raise and lower lines
 * (device -> GIC -> CPU) through irq_line_t, and serve MMIO through the
 * bus's callback shape (region_t read/write). Each device has the same
 * small life: init, reset, its own work, and later save/load.
 */
#ifndef ARM64EMU_DEVICE_H
#define ARM64EMU_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

/* One interrupt output. The receiver decides what n means (an INTID for
 * lines into the GIC, IRQ/FIQ for lines into a CPU). */
typedef struct irq_line {
    void (*set)(void *ctx, unsigned n, bool level);
    void *ctx;
    unsigned n;
} irq_line_t;

static inline void irq_line_set(const irq_line_t *l, bool level)
{
    if (l->set)
        l->set(l->ctx, l->n, level);
}

#endif
