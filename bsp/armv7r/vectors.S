/*
 * Exception vector table and reset handler of an ARMv7-R core (ARM state).
 * Follows: ARM DDI 0406C B1.8.1 "Exception vectors and the exception base address" (SCTLR.V=0:
 * table at 0x00000000, one instruction per vector), B1.3.1 (processor modes, banked sp per mode);
 * Cortex-R5 TRM (ARM DDI 0460) 2.3 "Reset" and 4.3 c1 SCTLR.
 *
 * Reset: masks IRQ/FIQ, forces low vectors and ARM-state exceptions, gives every mode its own stack
 * (symbols from the board linker script), zeroes .bss, enables VFP, then calls main() in SYS mode
 * (the USR register bank, so the boot thread is saved completely by the context entry path) and
 * passes main's return value to bsp_semihost_exit(). .data needs no copy: the image is loaded at its
 * run addresses.
 */
#include "armv7r/cp15.h"
#include "armv7r/psr.h"

    .syntax unified
    .arm

    .section .vectors, "ax", %progbits
    .global bh_vector_table
    .type bh_vector_table, %function
bh_vector_table:
    ldr pc, =bh_reset_handler           /* 0x00 reset */
    ldr pc, =bh_exception_undefined     /* 0x04 undefined instruction */
    ldr pc, =bh_exception_svc           /* 0x08 supervisor call */
    ldr pc, =bh_exception_prefetch_abort/* 0x0C prefetch abort */
    ldr pc, =bh_exception_data_abort    /* 0x10 data abort */
    nop                                 /* 0x14 reserved */
    ldr pc, =bh_exception_irq           /* 0x18 IRQ */
    ldr pc, =bh_exception_fiq           /* 0x1C FIQ */
    .ltorg
    .size bh_vector_table, . - bh_vector_table

    .section .text.bh_reset_handler, "ax", %progbits
    .global bh_reset_handler
    .type bh_reset_handler, %function
bh_reset_handler:
    cpsid if

    /* Low vectors, ARM-state exceptions, MPU and caches off until configured. */
    mrc CP15_SCTLR(r0)
    bic r0, r0, #SCTLR_V
    bic r0, r0, #SCTLR_TE
    bic r0, r0, #SCTLR_M
    bic r0, r0, #SCTLR_C
    bic r0, r0, #SCTLR_I
    mcr CP15_SCTLR(r0)
    isb

    /* One stack per mode; every mode keeps IRQ and FIQ masked. */
    cps #PSR_MODE_FIQ
    ldr sp, =__stack_fiq_top
    cps #PSR_MODE_IRQ
    ldr sp, =__stack_irq_top
    cps #PSR_MODE_ABT
    ldr sp, =__stack_abt_top
    cps #PSR_MODE_UND
    ldr sp, =__stack_und_top
    cps #PSR_MODE_SVC
    ldr sp, =__stack_svc_top
    cps #PSR_MODE_SYS                   /* SYS shares the USR bank: also sets sp_usr */
    ldr sp, =__stack_sys_top

    /* Zero .bss (word aligned by the linker script). */
    ldr r0, =__bss_start__
    ldr r1, =__bss_end__
    mov r2, #0
1:  cmp r0, r1
    strlo r2, [r0], #4
    blo 1b

    /* Compiled C may use VFP registers (hard-float ABI): enable them before any C runs. */
    bl bsp_vfp_enable
    bl bsp_debug_channel_lock           /* armv7r/cpu.c: no debug channel between VMs */
    bl bsp_stack_canaries_init          /* armv7r/stack_canary.c */

    bl main
    bl bsp_semihost_exit                /* r0 = main's return value; does not return */
2:  wfi
    b 2b
    .ltorg
    .size bh_reset_handler, . - bh_reset_handler
