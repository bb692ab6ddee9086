/* Arm PrimeCell real-time clock (PL031), as QEMU's virt board has it at
 * 0x0901_0000 (SPI 2). The count is the caller's time source plus an
 * offset the guest sets through LR; an alarm (RIS bit 0) is raised when
 * the count reaches MR. The RTC is always enabled (CR reads 1, as QEMU).
 *
 * Time comes only from the time source (seconds, e.g. the deterministic
 * virtual clock): the RTC has no timer of its own. The board asks
 * pl031_next_alarm() when the match will happen and calls pl031_poll()
 * once its clock reaches it; register reads poll too.
 *
 * Usage: embed a pl031_t, pl031_init() it, map PL031_SIZE bytes with
 * pl031_read/pl031_write and the pl031_t as user. State is plain data in
 * rtc->state; after loading it call pl031_sync(). */
#ifndef ARM64EMU_PL031_H
#define ARM64EMU_PL031_H

#include <stdbool.h>
#include <stdint.h>

#include "device.h"

#define PL031_SIZE 0x1000ull

/* The time source: seconds (since the epoch, or any origin). */
typedef uint64_t (*pl031_time_fn)(void *ctx);

typedef struct pl031_state {
    uint32_t offset; /* count = time + offset (mod 2^32) */
    uint32_t mr, lr;
    uint8_t imsc, ris;
    bool armed;        /* an alarm is due at alarm_at */
    uint64_t alarm_at; /* time-source seconds */
    bool irq_out;
} pl031_state_t;

typedef struct pl031 {
    pl031_time_fn now;
    void *now_ctx;
    irq_line_t irq;
    pl031_state_t state;
} pl031_t;

void pl031_init(pl031_t *rtc, pl031_time_fn now, void *now_ctx, irq_line_t irq);
/* Offset 0 (DR reads the time source), MR 0 and no alarm armed, interrupt
 * masked and clear; drives the line. */
void pl031_reset(pl031_t *rtc);
void pl031_sync(pl031_t *rtc);

/* Whether an alarm is armed; if so *when is the time-source second at
 * which it fires. */
bool pl031_next_alarm(const pl031_t *rtc, uint64_t *when);
/* Raises the alarm if the time source has reached it. */
void pl031_poll(pl031_t *rtc);

/* MMIO callbacks (user = the pl031_t); any offset and size is accepted,
 * unknown offsets are RAZ/WI. Always return 0. */
int pl031_read(void *user, uint64_t offset, unsigned size, uint64_t *value);
int pl031_write(void *user, uint64_t offset, unsigned size, uint64_t value);

#endif
