/*
 * USR-partition routine that proves the supervisor call path preserves the complete USR context:
 * it loads distinct patterns into r1-r12 and lr, makes the round-trip SVC, and checks every one of
 * them (and the reply in r0) afterwards.
 * Follows: ARM DDI 0406C A8.8.228 SVC; AAPCS (r4-r11 and lr saved and restored around the test).
 * uint32_t selftest_usr_svc_keeps_registers(uint32_t argument, uint32_t expected_reply):
 *   returns 1 when the reply equals expected_reply and every register survived, 0 otherwise
 *   (the privileged side records the reply itself).
 */
#include "selftest.h"

    .syntax unified
    .arm
    .section .partition0.text, "ax", %progbits
    .global selftest_usr_svc_keeps_registers
    .type selftest_usr_svc_keeps_registers, %function
selftest_usr_svc_keeps_registers:
    push {r4-r11, lr}
    push {r1}                           /* expected reply */
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
    svc #SELFTEST_SVC_ROUND_TRIP
    /* r0 = reply; every other register must hold its pattern */
    push {r1}
    ldr r1, [sp, #4]                    /* expected reply */
    cmp r0, r1
    pop {r1}
    bne 1f
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
    bne 1f
    mov r0, #1
    b 2f
1:  mov r0, #0
2:  add sp, sp, #4                      /* drop the expected reply */
    pop {r4-r11, lr}
    bx lr
    .ltorg
    .size selftest_usr_svc_keeps_registers, . - selftest_usr_svc_keeps_registers
