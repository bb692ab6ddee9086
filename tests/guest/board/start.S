/* Entry and EL1 vectors of the board tests. CPU 0 enters at _start (as a
 * -kernel flat binary: EL1h, MMU off, IRQs masked); CPUs started by PSCI
 * CPU_ON enter at secondary_entry with x0 = the C function to run. Each
 * CPU gets a 16 KiB stack by its MPIDR Aff0. IRQs call irq_dispatch();
 * other exceptions call fatal(vector offset, ESR, ELR). */
    .section .text.boot, "ax"
    .global _start
_start:
    bl      set_stack
    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
1:  cmp     x1, x2
    b.hs    2f
    str     xzr, [x1], #8
    b       1b
2:  bl      set_vbar
    bl      main
    bl      power_off
3:  wfi
    b       3b

    .global secondary_entry
secondary_entry:
    mov     x19, x0
    bl      set_stack
    bl      set_vbar
    blr     x19
    bl      cpu_off
4:  wfi
    b       4b

set_stack:
    mrs     x1, mpidr_el1
    and     x1, x1, #0xff
    ldr     x2, =__stack_top
    sub     x2, x2, x1, lsl #14
    mov     sp, x2
    ret
set_vbar:
    ldr     x1, =vectors
    msr     vbar_el1, x1
    isb
    ret
    .ltorg

    .text
.macro other off
    .balign 0x80
    mov     x0, #\off
    mrs     x1, esr_el1
    mrs     x2, elr_el1
    b       fatal
.endm
    .balign 0x800
vectors:
    other   0x000
    other   0x080
    other   0x100
    other   0x180
    other   0x200
    .balign 0x80
    b       irq_entry
    other   0x300
    other   0x380
    other   0x400
    other   0x480
    other   0x500
    other   0x580
    other   0x600
    other   0x680
    other   0x700
    other   0x780

irq_entry:
    sub     sp, sp, #192
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x30, [sp, #144]
    mrs     x0, elr_el1
    mrs     x1, spsr_el1
    stp     x0, x1, [sp, #160]
    bl      irq_dispatch
    msr     daifset, #2
    ldp     x0, x1, [sp, #160]
    msr     elr_el1, x0
    msr     spsr_el1, x1
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x30, [sp, #144]
    add     sp, sp, #192
    eret
