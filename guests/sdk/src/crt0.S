/*
 * crt0.S: guest entry. The hypervisor starts a VM in USR mode (SYS mode at EL1 on Armv8-R) at its
 * entry address (the first instruction of this file: the guest linker script places section
 * .text.bh_start there) with sp at the VM's stack top (8-byte aligned) and r0 = the VM's index; everything else is zero.
 * crt0 copies the initial values of .data from their load copy in the code area (so a warm restart,
 * which keeps memory, starts from the same values as a cold one), zeroes .bss, records the VM index
 * in bh_self_vm, calls main() and halts the VM through bh_exit when main returns.
 * On an Armv8-R core (guest at EL1 in SYS mode, hypercalls by HVC: BH_HYPERCALL_HVC) crt0 first points
 * VBAR at the SDK's EL1 vectors (el1_vectors.S), which report the guest's own exceptions to the
 * hypervisor; nothing else privileged happens here: no mode changes, no MPU (the hypervisor confines
 * the guest; a guest may program its own EL1 MPU afterwards).
 * Follows: ARM DDI 0406C A8.8 (ARM encodings of LDR/STR post-indexed, conditional execution);
 * ARM DDI 0568 (Armv8-R AArch32 supplement: VBAR, MCR p15, 0, Rt, c12, c0, 0);
 * AAPCS (IHI 0042) 5.2.1.2 (sp 8-byte aligned at public interfaces).
 */
#include "bulkhead_abi.h"

    .syntax unified
    .arm

    .section .text.bh_start, "ax", %progbits
    .global bh_start
    .type bh_start, %function
bh_start:
    mov     r4, r0                  @ VM index handed over by the hypervisor
#if defined(BH_HYPERCALL_HVC)
    ldr     r0, =bh_el1_vectors     @ the guest's own exceptions: reported to the hypervisor
    mcr     p15, 0, r0, c12, c0, 0  @ VBAR
    isb
#endif

    ldr     r0, =__bh_data_load     @ copy .data: load copy -> run address (word granular)
    ldr     r1, =__bh_data_start
    ldr     r2, =__bh_data_end
copy_data:
    cmp     r1, r2
    ldrlo   r3, [r0], #4
    strlo   r3, [r1], #4
    blo     copy_data

    ldr     r1, =__bh_bss_start     @ zero .bss (word granular)
    ldr     r2, =__bh_bss_end
    mov     r3, #0
zero_bss:
    cmp     r1, r2
    strlo   r3, [r1], #4
    blo     zero_bss

    ldr     r1, =bh_self_vm
    str     r4, [r1]

    mov     fp, #0                  @ end of the frame chain for debuggers
    mov     lr, #0
    bl      main
    bl      bh_exit                 @ r0 = main's status; does not return
halted:
    BH_HYPERCALL #BH_HC_YIELD
    b       halted
    .size bh_start, . - bh_start
    .ltorg
