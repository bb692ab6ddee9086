/* Process entry for the freestanding guest programs: the kernel leaves
 * argc at [sp], argv after it. cmain(sp) returns the exit status. */
    .text
    .global _start
    .type _start, %function
_start:
    mov     x29, #0
    mov     x30, #0
    mov     x0, sp
    bl      cmain
    mov     x8, #94         /* exit_group */
    svc     #0
    b       .
    .size _start, . - _start
