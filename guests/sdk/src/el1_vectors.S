/*
 * el1_vectors.S: the exception vectors of a guest at EL1 (Armv8-R, hypervisor at EL2; built when the
 * guest's CPU takes hypercalls by HVC, BH_HYPERCALL_HVC). A guest at EL1 takes its own undefined
 * instructions, SVCs and aborts (its own EL1 MPU's faults): the EL2 MPU's faults, interrupts and HVC go
 * to the hypervisor instead. crt0 points VBAR here. Each entry reports what it took with the FaultReport
 * hypercall (health event, faulting address, fault status or vector offset) and the hypervisor applies
 * the VM's health policy, which never resumes a synchronous fault: the entries do not return.
 * The entries use r0-r2 of the mode they run in and no stack, so they work however the guest left its
 * banked stack pointers. IRQ and FIQ are not taken at EL1 (the hypervisor routes them to EL2,
 * HCR.IMO/FMO); an entry through those vectors is reported as an undefined-instruction event.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: VBAR at EL1, exceptions taken to EL1 and the return
 * addresses they leave in LR: undefined instruction and SVC the next instruction (4 bytes on, 2 in
 * Thumb), prefetch abort the faulting one + 4, data abort + 8), ARM DDI 0487 part G (DFSR/DFAR,
 * IFSR/IFAR: MRC p15, 0, Rt, c5/c6, c0, 0/1/2; VBAR: MCR p15, 0, Rt, c12, c0, 0; bits [4:0] RES0).
 */
#include "bulkhead_abi.h"

#if defined(BH_HYPERCALL_HVC)

#define PSR_T_BIT 0x20 /* SPSR.T: the interrupted code ran in Thumb state */

    .syntax unified
    .arm

    .section .text.bh_el1_vectors, "ax", %progbits
    .global bh_el1_vectors
    .type bh_el1_vectors, %function
    .balign 32                      @ VBAR holds bits [31:5]
bh_el1_vectors:
    b       el1_unexpected          @ 0x00 reset: not taken at EL1
    b       el1_undefined           @ 0x04
    b       el1_svc                 @ 0x08
    b       el1_prefetch_abort      @ 0x0C
    b       el1_data_abort          @ 0x10
    b       el1_unexpected          @ 0x14 (EL2 only)
    b       el1_unexpected          @ 0x18 IRQ: routed to EL2
    b       el1_unexpected          @ 0x1C FIQ: routed to EL2

el1_undefined:                      @ the instruction before the return address, detail = vector 0x04
    mrs     r2, spsr
    tst     r2, #PSR_T_BIT
    subeq   r1, lr, #4
    subne   r1, lr, #2
    mov     r2, #0x04
    mov     r0, #BH_EVENT_UNDEFINED_INSTRUCTION
    b       report

el1_svc:                            @ an SVC the guest cannot serve (built for a CPU whose calls are SVCs)
    mrs     r2, spsr
    tst     r2, #PSR_T_BIT
    subeq   r1, lr, #4
    subne   r1, lr, #2
    mov     r2, #0x08
    mov     r0, #BH_EVENT_UNDEFINED_INSTRUCTION
    b       report

el1_prefetch_abort:                 @ IFAR, IFSR
    mrc     p15, 0, r1, c6, c0, 2
    mrc     p15, 0, r2, c5, c0, 1
    mov     r0, #BH_EVENT_PREFETCH_ABORT
    b       report

el1_data_abort:                     @ DFAR, DFSR
    mrc     p15, 0, r1, c6, c0, 0
    mrc     p15, 0, r2, c5, c0, 0
    mov     r0, #BH_EVENT_MPU_VIOLATION
    b       report

el1_unexpected:                     @ the vector's address, detail = the link register
    adr     r1, bh_el1_vectors
    mov     r2, lr
    mov     r0, #BH_EVENT_UNDEFINED_INSTRUCTION

report:
    BH_HYPERCALL #BH_HC_FAULT_REPORT @ does not return
    b       report
    .size bh_el1_vectors, . - bh_el1_vectors
    .ltorg

#endif /* BH_HYPERCALL_HVC */
