/* Entry of the fuzz target. The harness runs from _start once (the
 * initialisation ends at READY with BRK #1), checkpoints with the PC at
 * ENTRY, and then for each input sets X0/X1 and runs until DONE (BRK #0) or
 * a fault. The offsets are part of layout.h. */
#include "layout.h"

    .section .text.boot, "ax"
    .global _start
_start:                         /* CODE_BASE + 0x00 */
    b       boot
    .org    TARGET_READY_ADDR - TARGET_CODE_BASE
fuzz_ready:                     /* CODE_BASE + 0x10 */
    brk     #1
fuzz_entry:                     /* CODE_BASE + 0x14 */
    bl      parse_input
fuzz_done:                      /* CODE_BASE + 0x18 */
    brk     #0
boot:
    ldr     x0, =TARGET_STACK_TOP
    mov     sp, x0
    bl      parser_init
    b       fuzz_ready
    .ltorg
