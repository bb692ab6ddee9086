/* The deterministic virtual clock and the generic timer.
 *
 * Virtual time is counted in instructions: every CPU's retired
 * instructions advance one machine-wide count (the CPUs run round-robin on
 * one thread, so the sum is well defined), and the system counter
 * (CNTPCT) is that count divided by the instructions-per-tick ratio. When
 * every CPU waits in WFI the count jumps to the next timer deadline.
 *
 * Each CPU has four timers (EL1 physical, EL1 virtual, EL2 physical, EL3
 * secure physical), each with CTL (ENABLE, IMASK, ISTATUS) and CVAL, and an
 * output line (a PPI of the GIC on the virt board; unconnected on the bare
 * machine). The machine keeps the earliest instruction count at which some
 * enabled timer's condition becomes true (next_event): the run loop ends
 * its slices there and calls timer_sync.
 */
#ifndef ARM64EMU_TIMER_H
#define ARM64EMU_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "device.h"
#include "sysreg.h"

enum { GT_PHYS = 0, GT_VIRT = 1, GT_HYP = 2, GT_SEC = 3, GT_COUNT = 4 };

#define GT_CTL_ENABLE 1u
#define GT_CTL_IMASK 2u
#define GT_CTL_ISTATUS 4u

/* The PPIs the virt board (and the architecture's recommendation) use. */
#define GT_PPI_PHYS 30u
#define GT_PPI_VIRT 27u
#define GT_PPI_HYP 26u
#define GT_PPI_SEC 29u

/* CNTFRQ_EL0 on every machine: 62.5 MHz, as QEMU's virt. */
#define GT_CNTFRQ_HZ 62500000u

typedef struct gtimer {
    uint32_t ctl; /* ENABLE and IMASK (ISTATUS is computed) */
    uint64_t cval;
    bool out;     /* level last driven on line */
    irq_line_t line;
} gtimer_t;

typedef struct cpu_timers {
    gtimer_t t[GT_COUNT];
} cpu_timers_t;

typedef struct vclock {
    uint64_t insns;        /* machine-wide count at the running slice's start */
    uint64_t slice_icount; /* the running CPU's icount at that start */
    const cpu_t *running;  /* NULL between slices */
    uint64_t ipt;          /* instructions per tick, >= 1 */
    uint64_t next_event;   /* count at which a timer fires; UINT64_MAX: none */
} vclock_t;

struct arm64emu_machine;

/* Machine-wide instruction count as seen by cpu at its instruction count
 * icount (exact inside a block: MRS passes icount + index). */
uint64_t vclock_now(const struct arm64emu_machine *m, const cpu_t *cpu,
                    uint64_t icount);
/* The system counter (CNTPCT) at that point. */
uint64_t vclock_ticks(const struct arm64emu_machine *m, const cpu_t *cpu,
                      uint64_t icount);

/* Recomputes every timer's output (driving lines that change) and
 * next_event, at the current count. */
void timer_sync(struct arm64emu_machine *m);

/* Resets one CPU's timers (lines low). */
void timer_reset(struct arm64emu_machine *m, unsigned cpu);

/* The timer registers (and the counters, which replace the core's). */
extern const sysreg_def_t timer_sysregs[];

#endif
