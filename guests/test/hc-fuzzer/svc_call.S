/*
 * svc_call.S: fuzz_svc(regs, stub): loads r0-r3 from regs[0..3], calls the two-instruction stub at
 * `stub` (an `svc #<number>` and a `bx lr` the fuzzer has just written into its rwx scratch area, so any
 * 24-bit number can be issued), and stores r0-r3 back into regs[0..3]. Every other register is
 * preserved as the AAPCS requires.
 * Follows: ARM DDI 0406C A8.8.228 (SVC encoding: cond 1111 imm24), A8.8.27 (BLX register), AAPCS (IHI
 * 0042) 5.1.1 (r4-r11 callee-saved, sp 8-byte aligned at calls).
 */
    .syntax unified
    .arch armv7-r
    .arm
    .text

    .global fuzz_svc
    .type fuzz_svc, %function
    .balign 4
fuzz_svc:
    push    {r4, r5, r6, lr}            @ r4: regs; even count keeps sp 8-byte aligned
    mov     r4, r0
    mov     r5, r1
    ldm     r4, {r0, r1, r2, r3}
    blx     r5
    stm     r4, {r0, r1, r2, r3}
    pop     {r4, r5, r6, pc}
    .size fuzz_svc, . - fuzz_svc
