/*
 * call_stub.S: the hypercall fuzzer's call of the stub it assembles (main.c).
 * fuzz_sync_stub(stub): makes the instructions just written at `stub` visible to instruction fetch. A
 * guest at EL1 (BH_HYPERCALL_HVC: Cortex-R52, hypervisor at EL2) cleans the stub's data cache line to
 * the point of unification and invalidates the instruction cache (DCCMVAU, DSB, ICIALLU, DSB, ISB), as
 * real Cortex-R52 caches need (QEMU models no cache, so it needs none). A guest in USR mode (Cortex-R5F,
 * SVC) cannot: cache maintenance is privileged there, and this build runs on QEMU's realview-eb only.
 * fuzz_call(regs, stub): loads r0-r3 from regs[0..3], calls the two-instruction stub at `stub` (an
 * `svc #<number>` or `hvc #<number>` and a `bx lr`, written into the rwx scratch area, so any 24-bit
 * SVC or 16-bit HVC number can be issued), and stores r0-r3 back into regs[0..3]. Every other register
 * is preserved as the AAPCS requires.
 * Follows: ARM DDI 0406C A8.8.228 (SVC encoding: cond 1111 imm24), A8.8.27 (BLX register), B2.2.9
 * (ordering of cache maintenance: the self-modifying-code sequence), B4.2.1 (DCCMVAU c7,c11,1; ICIALLU
 * c7,c5,0); ARM DDI 0568 (Armv8-R AArch32 supplement: the same operations at EL1); AAPCS (IHI 0042)
 * 5.1.1 (r4-r11 callee-saved, sp 8-byte aligned at calls).
 */
    .syntax unified
    .arch armv7-r
    .arm
    .text

    .global fuzz_sync_stub
    .type fuzz_sync_stub, %function
    .balign 4
fuzz_sync_stub:
#if defined(BH_HYPERCALL_HVC)
    mcr     p15, 0, r0, c7, c11, 1      @ DCCMVAU: the stub's line to the point of unification
    dsb
    mcr     p15, 0, r0, c7, c5, 0       @ ICIALLU (the register's value is ignored)
    dsb
    isb
#endif
    bx      lr
    .size fuzz_sync_stub, . - fuzz_sync_stub

    .global fuzz_call
    .type fuzz_call, %function
    .balign 4
fuzz_call:
    push    {r4, r5, r6, lr}            @ r4: regs; even count keeps sp 8-byte aligned
    mov     r4, r0
    mov     r5, r1
    ldm     r4, {r0, r1, r2, r3}
    blx     r5
    stm     r4, {r0, r1, r2, r3}
    pop     {r4, r5, r6, pc}
    .size fuzz_call, . - fuzz_call
