/*
 * hil_sync.S: the lock-step stop point of hil_sync.h: `nop; bx lr` in ARM state, a function of its own
 * whose address (found by name in the guest's ELF) is the host's breakpoint. The host resumes the
 * stopped guest by setting the PC to the `bx lr` (skipping the nop, which changes nothing), so it never
 * has to single-step over its breakpoint.
 *
 * Follows: ARM DDI 0406C A8.8.119 (NOP), A8.8.27 (BX); AAPCS (IHI 0042) 5.1.1 (lr holds the return
 * address).
 */
    .syntax unified
    .arm

    .section .text.hil_sync, "ax", %progbits
    .balign 4

    .global hil_sync_request_sent
    .type hil_sync_request_sent, %function
hil_sync_request_sent:
    nop
    bx lr
    .size hil_sync_request_sent, . - hil_sync_request_sent
