/* Memory map of the fuzz target, shared by the guest (cross-compiled) and
 * the host harnesses. Plain #defines only: both compilers read it.
 *
 *   0x00000  unmapped (a NULL pointer lands here)
 *   0x10000  CODE  text and rodata                  16 KiB, never written
 *   0x14000  DATA  data and bss, then the stack      16 KiB (stack top at end)
 *   0x18000  unmapped
 *   0x40000  INPUT the input, placed so that its last byte is the last byte
 *                  of the region: reading past it faults    4 KiB
 *   0x41000  unmapped guard
 *   0x80000  STATE the parser's state; its name[] buffer ends the region
 *   0x81000  unmapped guard: writing past name[] faults
 *
 * The guest runs at EL0 with the MMU off, and every exception is an exit
 * of arm64emu_run, so a stray access ends the run as ARM64EMU_EXIT_UNMAPPED
 * with the faulting address.
 */
#ifndef FUZZ_TARGET_LAYOUT_H
#define FUZZ_TARGET_LAYOUT_H

#define TARGET_CODE_BASE 0x10000
#define TARGET_CODE_SIZE 0x4000
#define TARGET_DATA_BASE 0x14000
#define TARGET_DATA_SIZE 0x4000
#define TARGET_STACK_TOP (TARGET_DATA_BASE + TARGET_DATA_SIZE)
#define TARGET_INPUT_BASE 0x40000
#define TARGET_INPUT_MAX 0x1000
#define TARGET_INPUT_END (TARGET_INPUT_BASE + TARGET_INPUT_MAX)
#define TARGET_STATE_BASE 0x80000
#define TARGET_STATE_SIZE 0x1000
#define TARGET_STATE_END (TARGET_STATE_BASE + TARGET_STATE_SIZE)

/* Fixed entry points (start.S places them with .org):
 * READY: BRK #1 after the one-time initialisation; the harness checkpoints
 *        with the PC at ENTRY.
 * ENTRY: parse_input(X0 = input address, X1 = length).
 * DONE:  BRK #0 after parse_input returned (X0 = its result). */
#define TARGET_READY_ADDR (TARGET_CODE_BASE + 0x10)
#define TARGET_ENTRY_ADDR (TARGET_CODE_BASE + 0x14)
#define TARGET_DONE_ADDR (TARGET_CODE_BASE + 0x18)

/* The four bytes every input starts with. */
#define TARGET_MAGIC "ARM!"

/* Bytes of the name buffer at the very end of STATE. */
#define TARGET_NAME_LEN 32

#endif
