/*
 * crt0.S: guest entry. The hypervisor starts a VM in USR mode at its entry address (the first
 * instruction of this file: the guest linker script places section .text.bh_start there) with sp
 * at the VM's stack top (8-byte aligned) and r0 = the VM's index; everything else is zero.
 * crt0 copies the initial values of .data from their load copy in the code area (so a warm restart,
 * which keeps memory, starts from the same values as a cold one), zeroes .bss, records the VM index
 * in bh_self_vm, calls main() and halts the VM through bh_exit when main returns.
 * Nothing privileged happens here: no mode changes, no CP15, no MPU (the hypervisor owns them).
 * Follows: ARM DDI 0406C A8.8 (ARM encodings of LDR/STR post-indexed, conditional execution);
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
