/*
 * EL1-partition routines that prove the EL2 entry and exit paths preserve the complete EL1 context: each
 * loads distinct patterns into r1-r12 and lr, then either makes the round-trip HVC or spins while the
 * hypervisor's tick interrupts it, and checks every pattern (and the HVC reply in r0) afterwards.
 * Follows: ARM DDI 0487, the A32 HVC instruction; AAPCS (r4-r11 and lr saved and restored around the test).
 * uint32_t el2_selftest_hvc_keeps_registers(uint32_t argument, uint32_t expected_reply)
 * uint32_t el2_selftest_spin_keeps_registers(uint32_t iterations)
 *   return 1 when the reply (if any) and every register survived, 0 otherwise.
 */
#include "el2_selftest.h"

    .syntax unified
    .arm
    .section .partition0.text, "ax", %progbits

.macro LOAD_PATTERNS
    ldr r1, =0x11111111
    ldr r2, =0x22222222
    ldr r3, =0x33333333
    ldr r4, =0x44444444
    ldr r5, =0x55555555
    ldr r6, =0x66666666
    ldr r7, =0x77777777
    ldr r8, =0x88888888
    ldr r9, =0x99999999
    ldr r10, =0xAAAAAAAA
    ldr r11, =0xBBBBBBBB
    ldr r12, =0xCCCCCCCC
    ldr lr, =0xEEEEEEEE
.endm

/* Z set when r1-r12 and lr hold their patterns; uses r0. */
.macro CHECK_PATTERNS
    ldr r0, =0x11111111
    cmp r1, r0
    ldreq r0, =0x22222222
    cmpeq r2, r0
    ldreq r0, =0x33333333
    cmpeq r3, r0
    ldreq r0, =0x44444444
    cmpeq r4, r0
    ldreq r0, =0x55555555
    cmpeq r5, r0
    ldreq r0, =0x66666666
    cmpeq r6, r0
    ldreq r0, =0x77777777
    cmpeq r7, r0
    ldreq r0, =0x88888888
    cmpeq r8, r0
    ldreq r0, =0x99999999
    cmpeq r9, r0
    ldreq r0, =0xAAAAAAAA
    cmpeq r10, r0
    ldreq r0, =0xBBBBBBBB
    cmpeq r11, r0
    ldreq r0, =0xCCCCCCCC
    cmpeq r12, r0
    ldreq r0, =0xEEEEEEEE
    cmpeq lr, r0
.endm

    .global el2_selftest_hvc_keeps_registers
    .type el2_selftest_hvc_keeps_registers, %function
el2_selftest_hvc_keeps_registers:
    push {r4-r11, lr}
    push {r1}                           /* expected reply */
    LOAD_PATTERNS
    hvc #EL2_HVC_ROUND_TRIP
    push {r1}
    ldr r1, [sp, #4]                    /* expected reply */
    cmp r0, r1
    pop {r1}
    bne 1f
    CHECK_PATTERNS
    bne 1f
    mov r0, #1
    b 2f
1:  mov r0, #0
2:  add sp, sp, #4                      /* drop the expected reply */
    pop {r4-r11, lr}
    bx lr
    .ltorg
    .size el2_selftest_hvc_keeps_registers, . - el2_selftest_hvc_keeps_registers

    .global el2_selftest_spin_keeps_registers
    .type el2_selftest_spin_keeps_registers, %function
el2_selftest_spin_keeps_registers:
    push {r4-r11, lr}
    LOAD_PATTERNS
3:  subs r0, r0, #1
    bne 3b
    CHECK_PATTERNS
    moveq r0, #1
    movne r0, #0
    pop {r4-r11, lr}
    bx lr
    .ltorg
    .size el2_selftest_spin_keeps_registers, . - el2_selftest_spin_keeps_registers
