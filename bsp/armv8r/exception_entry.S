/*
 * Exception entry and exit at EL2: saves the complete interrupted context (r0-r12, the USR/SYS bank's sp
 * and lr, the SVC bank's sp, lr and SPSR, ELR_hyp as the preferred return address, SPSR_hyp, and SP_hyp
 * for a Hyp-mode thread) into the block bh_current_context points at, calls the C entry with that block,
 * then restores whatever block is current afterwards (a handler switches threads by changing
 * bh_current_context) and returns with ERET.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement) and ARM DDI 0487 part G, AArch32 exception handling (an
 * exception taken to Hyp mode writes the preferred return address to ELR_hyp, the PSR to SPSR_hyp, and
 * leaves LR and the banked SPs alone; ERET in Hyp mode: PC from ELR_hyp,
 * CPSR from SPSR_hyp), the A32 MRS/MSR (banked register) instructions; context layout from armv8r/context.h.
 *
 * Handlers run to completion with IRQ and FIQ masked (entry to Hyp mode sets CPSR.A, I and F). The Hyp
 * stack is shared: exceptions from EL1 and from the hypervisor's own Hyp-mode thread run on SP_hyp as
 * they find it, below the frames of the (then suspended) Hyp thread, and leave it as they found it.
 */
#include "armv8r/context.h"
#include "armv8r/psr.h"

#define BH_STACK_ALIGN_MASK 7           /* AAPCS: 8-byte aligned sp at calls */

    .syntax unified
    .arm

/* Stores the interrupted thread into *bh_current_context. Leaves r0 = context pointer (argument of the
 * C entry); sp is back at its value on entry. */
.macro BH_SAVE_CONTEXT
    push {r0}
    ldr r0, =bh_current_context
    ldr r0, [r0]
    stmib r0, {r1-r12}                  /* r1..r12 at BH_CONTEXT_R1.. */
    pop {r1}
    str r1, [r0, #BH_CONTEXT_R0]
    str sp, [r0, #BH_CONTEXT_SP_HYP]
    str lr, [r0, #BH_CONTEXT_LR_USR]    /* Hyp mode's LR is the USR/SYS bank's */
    mrs r1, SP_usr
    str r1, [r0, #BH_CONTEXT_SP_USR]
    mrs r1, SP_svc
    str r1, [r0, #BH_CONTEXT_SP_SVC]
    mrs r1, LR_svc
    str r1, [r0, #BH_CONTEXT_LR_SVC]
    mrs r1, SPSR_svc
    str r1, [r0, #BH_CONTEXT_SPSR_SVC]
    mrs r1, ELR_hyp
    str r1, [r0, #BH_CONTEXT_PC]
    mrs r1, spsr                        /* SPSR_hyp */
    str r1, [r0, #BH_CONTEXT_CPSR]
.endm

/* Saves the context, calls `c_entry` on an 8-byte aligned stack and returns into the current block. */
.macro BH_EXCEPTION_STUB name, c_entry
    .section .text.\name, "ax", %progbits
    .global \name
    .type \name, %function
\name:
    BH_SAVE_CONTEXT
    mov r4, sp                          /* r4 is saved in the block and kept by the callee */
    bic sp, sp, #BH_STACK_ALIGN_MASK
    bl \c_entry
    mov sp, r4
    b bh_context_restore
    .ltorg
    .size \name, . - \name
.endm

/* Every synchronous exception (from Hyp mode or trapped from EL1/EL0) is decoded from HSR in C. */
BH_EXCEPTION_STUB bh_exception_sync, bh_sync_entry
BH_EXCEPTION_STUB bh_exception_irq, bh_irq_entry
BH_EXCEPTION_STUB bh_exception_fiq, bh_fiq_entry

/* Restores *bh_current_context and returns into it with ERET. Runs in Hyp mode with IRQs masked. */
    .section .text.bh_context_restore, "ax", %progbits
    .global bh_context_restore
    .type bh_context_restore, %function
bh_context_restore:
    ldr r0, =bh_current_context
    ldr r0, [r0]
    ldr r1, [r0, #BH_CONTEXT_PC]
    msr ELR_hyp, r1
    ldr r1, [r0, #BH_CONTEXT_CPSR]
    msr spsr_fsxc, r1                   /* SPSR_hyp */
    ldr r2, [r0, #BH_CONTEXT_SP_USR]
    msr SP_usr, r2
    ldr r2, [r0, #BH_CONTEXT_SP_SVC]
    msr SP_svc, r2
    ldr r2, [r0, #BH_CONTEXT_LR_SVC]
    msr LR_svc, r2
    ldr r2, [r0, #BH_CONTEXT_SPSR_SVC]
    msr SPSR_svc, r2
    ldr lr, [r0, #BH_CONTEXT_LR_USR]
    and r1, r1, #PSR_MODE_MASK
    cmp r1, #PSR_MODE_HYP               /* a Hyp-mode thread gets its own stack pointer back */
    ldreq sp, [r0, #BH_CONTEXT_SP_HYP]
    ldm r0, {r0-r12}
    eret
    .ltorg
    .size bh_context_restore, . - bh_context_restore

/* uint32_t bsp_context_switch(bh_context *self, bh_context *next): called from the Hyp-mode thread, IRQs
 * on or off. Interrupts are masked first: an exception taken after `next` became current would
 * otherwise save this thread into `next`. `self` resumes with the PSR the caller had (mask bits
 * included) and its stack pointer; `next` (an EL1/EL0 thread, or a Hyp-mode one) starts on the stack
 * left below the caller's frames. */
    .section .text.bsp_context_switch, "ax", %progbits
    .global bsp_context_switch
    .type bsp_context_switch, %function
bsp_context_switch:
    mrs r2, cpsr                        /* the caller's PSR, restored when `self` resumes */
    cpsid if
    stmia r0, {r0-r12}                  /* callee-saved registers matter; the rest is harmless */
    str sp, [r0, #BH_CONTEXT_SP_HYP]
    str lr, [r0, #BH_CONTEXT_LR_USR]
    mrs r3, SP_usr                      /* the EL1 banks as they are, so resuming keeps them */
    str r3, [r0, #BH_CONTEXT_SP_USR]
    mrs r3, SP_svc
    str r3, [r0, #BH_CONTEXT_SP_SVC]
    mrs r3, LR_svc
    str r3, [r0, #BH_CONTEXT_LR_SVC]
    mrs r3, SPSR_svc
    str r3, [r0, #BH_CONTEXT_SPSR_SVC]
    tst lr, #1                          /* a Thumb caller resumes in Thumb state */
    orrne r2, r2, #PSR_T_BIT
    bic r3, lr, #1
    str r3, [r0, #BH_CONTEXT_PC]
    str r2, [r0, #BH_CONTEXT_CPSR]
    ldr r2, =bh_current_context
    str r1, [r2]
    b bh_context_restore
    .ltorg
    .size bsp_context_switch, . - bsp_context_switch
