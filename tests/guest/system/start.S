/* Entry, exception vectors for EL1, EL2 and EL3, and run_at(), which runs a
 * function at a lower (or the same) exception level and comes back.
 *
 * The program starts at EL3h with DAIF masked and the MMU off, as the virt
 * board with secure=on,virtualization=on starts an ELF. Lower levels run
 * Non-secure, AArch64. Every vector saves a frame and calls
 * exc_dispatch(frame, offset, el). "Going home" is SVC #0xffff (taken at
 * EL1 or EL2, which turn it into SMC #0xffff) and SMC #0xffff, which EL3
 * answers by returning from run_at. */

#define FRAME 288

    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =__stack_el3
    mov     sp, x0
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:  ldr     x0, =vectors_el3
    msr     vbar_el3, x0
    ldr     x0, =vectors_el2
    msr     vbar_el2, x0
    ldr     x0, =vectors_el1
    msr     vbar_el1, x0
    ldr     x0, =0x531              /* RW, HCE, RES1, NS */
    msr     scr_el3, x0
    mov     x0, #(1 << 31)          /* HCR_EL2.RW: EL1 is AArch64 */
    msr     hcr_el2, x0
    ldr     x0, =0x30c50830         /* SCTLR_EL2/EL3 RES1, MMU off */
    msr     sctlr_el3, x0
    msr     sctlr_el2, x0
    ldr     x0, =0x30d00800         /* SCTLR_EL1 RES1 (SPAN=1), MMU off */
    msr     sctlr_el1, x0
    isb
    bl      main
    bl      rt_exit
    b       .
    .ltorg

    .text
/* u64 run_at(u64 spsr, u64 (*fn)(u64), u64 arg), called at EL3h. */
    .global run_at
run_at:
    ldr     x9, =home_ctx
    stp     x19, x20, [x9, #0]
    stp     x21, x22, [x9, #16]
    stp     x23, x24, [x9, #32]
    stp     x25, x26, [x9, #48]
    stp     x27, x28, [x9, #64]
    stp     x29, x30, [x9, #80]
    mov     x10, sp
    str     x10, [x9, #96]
    msr     spsr_el3, x0
    ldr     x10, =lower_entry
    msr     elr_el3, x10
    ldr     x10, =__stack_el0
    msr     sp_el0, x10
    ldr     x10, =__stack_el1
    msr     sp_el1, x10
    ldr     x10, =__stack_el2
    msr     sp_el2, x10
    mov     x0, x1
    mov     x1, x2
    isb
    eret
lower_entry:
    mov     x2, x0
    mov     x0, x1
    blr     x2
    svc     #0xffff
    b       .
home_return:                        /* x0: the function's result */
    ldr     x9, =home_ctx
    ldp     x19, x20, [x9, #0]
    ldp     x21, x22, [x9, #16]
    ldp     x23, x24, [x9, #32]
    ldp     x25, x26, [x9, #48]
    ldp     x27, x28, [x9, #64]
    ldp     x29, x30, [x9, #80]
    ldr     x10, [x9, #96]
    mov     sp, x10
    ret
    .ltorg

.macro ventry el, off
    .balign 0x80
    sub     sp, sp, #FRAME
    stp     x0, x1, [sp, #0]
    mov     x1, #\off
    b       common_el\el
.endm

.macro vtable el
    .balign 0x800
    .global vectors_el\el
vectors_el\el:
    ventry \el, 0x000
    ventry \el, 0x080
    ventry \el, 0x100
    ventry \el, 0x180
    ventry \el, 0x200
    ventry \el, 0x280
    ventry \el, 0x300
    ventry \el, 0x380
    ventry \el, 0x400
    ventry \el, 0x480
    ventry \el, 0x500
    ventry \el, 0x580
    ventry \el, 0x600
    ventry \el, 0x680
    ventry \el, 0x700
    ventry \el, 0x780
.endm

.macro common el
common_el\el:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    str     x30, [sp, #240]
    mrs     x2, elr_el\el
    mrs     x3, spsr_el\el
    stp     x2, x3, [sp, #248]
    mrs     x2, esr_el\el
    mrs     x3, far_el\el
    stp     x2, x3, [sp, #264]
.if \el == 3
    ldr     x4, =0x5e00ffff         /* SMC #0xffff: go home */
    cmp     x2, x4
    b.ne    1f
    ldr     x0, [sp, #0]
    b       home_return
1:
.endif
    mov     x0, sp
    mov     x2, #\el
    bl      exc_dispatch
    cbz     x0, 2f
    ldr     x0, [sp, #0]
    smc     #0xffff
2:  ldp     x2, x3, [sp, #248]
    msr     elr_el\el, x2
    msr     spsr_el\el, x3
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    add     sp, sp, #FRAME
    eret
    .ltorg
.endm

    vtable 1
    vtable 2
    vtable 3
    common 1
    common 2
    common 3

    .bss
    .balign 16
home_ctx:
    .skip 112
