/*
 * Hyp vector table and reset handler of an Armv8-R AArch32 core whose BSP runs at EL2 (ARM state).
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement) and ARM DDI 0487 part G, AArch32 exception handling (the
 * Hyp vector table at HVBAR: 0x04 undefined instruction, 0x08 HVC/SVC, 0x0C prefetch abort and 0x10
 * data abort taken in Hyp mode, 0x14 Hyp trap (every exception taken from EL1/EL0 to EL2), 0x18 IRQ,
 * 0x1C FIQ); Cortex-R52 TRM (ARM 100026), reset (the core resets into EL2, Hyp mode) and the
 * HSCTLR, HCR, HVBAR register descriptions.
 *
 * Reset: masks asynchronous exceptions, checks that it runs in Hyp mode, points HVBAR at the table,
 * turns the EL2 MPU and caches off and selects ARM-state little-endian exception entry (HSCTLR), sets
 * the Hyp stack, zeroes .bss, routes physical IRQ, FIQ and SError to EL2 (HCR.IMO/FMO/AMO) so a guest at
 * EL1 cannot mask the hypervisor's interrupts, loads the EL2 memory attributes (HMAIR0), enables VFP,
 * then calls main() in Hyp mode and passes its return value to bsp_semihost_exit(). .data needs no copy:
 * the image is loaded at its run addresses.
 */
#include "armv8r/context.h"
#include "armv8r/cp15.h"
#include "armv8r/psr.h"

    .syntax unified
    .arm

    .section .vectors, "ax", %progbits
    .balign 32
    .global bh_vector_table
    .type bh_vector_table, %function
bh_vector_table:
    b bh_reset_handler                  /* 0x00 not used by Hyp mode; a jump to the table's base resets */
    b bh_exception_sync                 /* 0x04 undefined instruction in Hyp mode */
    b bh_exception_sync                 /* 0x08 HVC or SVC in Hyp mode */
    b bh_exception_sync                 /* 0x0C prefetch abort in Hyp mode */
    b bh_exception_sync                 /* 0x10 data abort in Hyp mode */
    b bh_exception_sync                 /* 0x14 Hyp trap: HVC, trapped instruction or abort from EL1/EL0 */
    b bh_exception_irq                  /* 0x18 IRQ */
    b bh_exception_fiq                  /* 0x1C FIQ */
    .size bh_vector_table, . - bh_vector_table

    .section .text.bh_reset_handler, "ax", %progbits
    .global bh_reset_handler
    .type bh_reset_handler, %function
bh_reset_handler:
    cpsid aif
    mrs r0, cpsr
    and r0, r0, #PSR_MODE_MASK
    cmp r0, #PSR_MODE_HYP
    bne 3f                              /* the BSP needs EL2: stop */

    ldr r0, =bh_vector_table
    mcr CP15_HVBAR(r0)

    /* EL2 MPU and caches off until configured; ARM-state, little-endian exception entry. */
    mrc CP15_HSCTLR(r0)
    bic r0, r0, #SCTLR_M
    bic r0, r0, #SCTLR_A
    bic r0, r0, #SCTLR_C
    bic r0, r0, #SCTLR_I
    bic r0, r0, #SCTLR_TE
    bic r0, r0, #SCTLR_EE
    mcr CP15_HSCTLR(r0)
    isb

    ldr sp, =__stack_hyp_top

    /* Zero .bss (word aligned by the linker script). */
    ldr r0, =__bss_start__
    ldr r1, =__bss_end__
    mov r2, #0
1:  cmp r0, r1
    strlo r2, [r0], #4
    blo 1b

    /* Physical interrupts and SError go to EL2 whatever EL1 masks; HVC stays enabled (HCR.HCD = 0). */
    ldr r0, =(HCR_IMO | HCR_FMO | HCR_AMO)
    mcr CP15_HCR(r0)
    ldr r0, =HMAIR0_BSP
    mcr CP15_HMAIR0(r0)
    mov r0, #0
    mcr CP15_HMAIR1(r0)
    isb

    /* Compiled C may use VFP registers (hard-float ABI): enable them before any C runs. */
    bl bsp_vfp_enable
    bl bsp_debug_channel_lock           /* armv8r/cpu.c: no debug channel between VMs */
    bl bsp_guest_traps_init             /* armv8r/el1_state.c: EL1 registers no guest keeps */
    bl bsp_stack_canaries_init          /* armv8r/stack_canary.c */

    bl main
    bl bsp_semihost_exit                /* r0 = main's return value; does not return */
2:  wfi
    b 2b
3:  wfi                                 /* not entered at EL2: nothing the BSP can do */
    b 3b
    .ltorg
    .size bh_reset_handler, . - bh_reset_handler
