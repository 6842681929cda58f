/*
 * virq_entry.S: upcall entry glue. The hypervisor delivers a virtual interrupt by saving the VM's
 * interrupted context and entering this code in USR mode (ARM state) with r0 = the interrupt number
 * and sp = the interrupted sp rounded down to 8 bytes. The glue calls the C handler registered with
 * bh_virq_set_handler (bh_virq_c_handler) and then issues VirqReturn, which restores the interrupted
 * context (all core registers, sp, lr, pc, CPSR) exactly; the glue itself never returns.
 * With a hardware FPU (__ARM_FP) the caller-saved VFP registers d0-d7 and FPSCR, which the C handler
 * may change, are saved around the call (AAPCS: d8-d15 are preserved by the handler itself).
 * Follows: AAPCS (IHI 0042) 5.1.1 and 5.1.2.1 (core and VFP register roles), 5.2.1.2 (stack
 * alignment); ARM DDI 0406C A8.8.340/A8.8.338 (VPUSH/VPOP), B6.1.60 (VMRS/VMSR FPSCR).
 */
#include "bulkhead_abi.h"

    .syntax unified
    .arm

    .section .text.bh_virq_entry, "ax", %progbits
    .global bh_virq_entry
    .type bh_virq_entry, %function
    .balign 4
bh_virq_entry:
#ifdef __ARM_FP
    vpush   {d0-d7}                 @ 64 bytes: keeps sp 8-byte aligned
    vmrs    r1, fpscr
    push    {r1, r2}                @ FPSCR plus a pad word: still 8-byte aligned
#endif
    ldr     r1, =bh_virq_c_handler
    ldr     r1, [r1]
    cmp     r1, #0
    blxne   r1                      @ handler(virq)
#ifdef __ARM_FP
    pop     {r1, r2}
    vmsr    fpscr, r1
    vpop    {d0-d7}
#endif
    BH_HYPERCALL #BH_HC_VIRQ_RETURN @ resumes the interrupted code; no return here
not_in_upcall:
    BH_HYPERCALL #BH_HC_YIELD       @ only if entered outside an upcall: never run on
    b       not_in_upcall
    .size bh_virq_entry, . - bh_virq_entry
    .ltorg
