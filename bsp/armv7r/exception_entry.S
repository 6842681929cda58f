/*
 * Exception entry and exit: saves the complete interrupted context (r0-r12, USR-bank sp/lr, preferred
 * return address, SPSR) into the block bh_current_context points at, calls the C entry for the
 * exception with that block, then restores whatever block is current afterwards (a handler switches
 * threads by changing bh_current_context) and returns with RFE.
 * Follows: ARM DDI 0406C B1.8.3 "Exception entry" (link register offsets: B1.8.3 table "Link
 * register value on exception entry"), B1.8.10 "Exception return", A8.8.60/B9.3.6 LDM/STM
 * (user registers), B9.3.13 RFE; context layout from armv7r/context.h.
 *
 * Handlers run to completion with IRQ and FIQ masked (exception entry sets CPSR.I), so one context
 * pointer suffices and every mode stack is empty between exceptions. Only USR/SYS threads may be
 * interrupted: they use the USR register bank, which is exactly what the block holds.
 */
#include "armv7r/context.h"
#include "armv7r/psr.h"

/* Link register on entry minus the preferred return address (same in ARM and Thumb state, except
 * for the undefined instruction, handled in its own stub). */
#define BH_LR_OFFSET_SVC            0
#define BH_LR_OFFSET_IRQ            4
#define BH_LR_OFFSET_FIQ            4
#define BH_LR_OFFSET_PREFETCH_ABORT 4
#define BH_LR_OFFSET_DATA_ABORT     8
#define BH_LR_OFFSET_UNDEFINED_ARM   4
#define BH_LR_OFFSET_UNDEFINED_THUMB 2

    .syntax unified
    .arm

/* Stores the interrupted thread into *bh_current_context; expects lr = preferred return address.
 * Leaves r0 = context pointer (argument of the C entry). Uses one word of the mode stack. */
.macro BH_SAVE_CONTEXT
    push {r0}
    ldr r0, =bh_current_context
    ldr r0, [r0]
    stmib r0, {r1-r14}^                 /* r1..r12, sp_usr, lr_usr at BH_CONTEXT_R1.. */
    pop {r1}
    str r1, [r0, #BH_CONTEXT_R0]
    str lr, [r0, #BH_CONTEXT_PC]
    mrs r1, spsr
    str r1, [r0, #BH_CONTEXT_CPSR]
.endm

.macro BH_EXCEPTION_STUB name, lr_offset, c_entry
    .section .text.\name, "ax", %progbits
    .global \name
    .type \name, %function
\name:
    .if \lr_offset
    sub lr, lr, #\lr_offset
    .endif
    BH_SAVE_CONTEXT
    bl \c_entry
    b bh_context_restore
    .ltorg
    .size \name, . - \name
.endm

/* lr offsets: SVC lr = next instruction (return there); IRQ/FIQ/prefetch abort lr = preferred + 4;
 * data abort lr = faulting instruction + 8 (the saved pc is the faulting instruction). */
BH_EXCEPTION_STUB bh_exception_svc, BH_LR_OFFSET_SVC, bh_svc_entry
BH_EXCEPTION_STUB bh_exception_irq, BH_LR_OFFSET_IRQ, bh_irq_entry
BH_EXCEPTION_STUB bh_exception_fiq, BH_LR_OFFSET_FIQ, bh_fiq_entry
BH_EXCEPTION_STUB bh_exception_prefetch_abort, BH_LR_OFFSET_PREFETCH_ABORT, bh_prefetch_abort_entry
BH_EXCEPTION_STUB bh_exception_data_abort, BH_LR_OFFSET_DATA_ABORT, bh_data_abort_entry

/* Undefined instruction: lr = instruction + 4 (ARM) or + 2 (Thumb); save the instruction's address. */
    .section .text.bh_exception_undefined, "ax", %progbits
    .global bh_exception_undefined
    .type bh_exception_undefined, %function
bh_exception_undefined:
    push {r0}
    mrs r0, spsr
    tst r0, #PSR_T_BIT
    subne lr, lr, #BH_LR_OFFSET_UNDEFINED_THUMB
    subeq lr, lr, #BH_LR_OFFSET_UNDEFINED_ARM
    pop {r0}
    BH_SAVE_CONTEXT
    bl bh_undefined_entry
    b bh_context_restore
    .ltorg
    .size bh_exception_undefined, . - bh_exception_undefined

/* Restores *bh_current_context and returns into it. Runs in any exception mode (not USR/SYS). */
    .section .text.bh_context_restore, "ax", %progbits
    .global bh_context_restore
    .type bh_context_restore, %function
bh_context_restore:
    ldr r0, =bh_current_context
    ldr r0, [r0]
    add lr, r0, #BH_CONTEXT_PC          /* RFE source: pc, then cpsr */
    ldmib r0, {r1-r14}^                 /* r1..r12, sp_usr, lr_usr */
    ldr r0, [r0, #BH_CONTEXT_R0]
    rfeia lr
    .ltorg
    .size bh_context_restore, . - bh_context_restore

/* uint32_t bsp_context_switch(bh_context *self, bh_context *next): called in SYS mode, IRQs on or
 * off. Interrupts are masked first: an exception taken after `next` became current would otherwise
 * save this thread into `next`. `self` resumes with the PSR the caller had (mask bits included). */
    .section .text.bsp_context_switch, "ax", %progbits
    .global bsp_context_switch
    .type bsp_context_switch, %function
bsp_context_switch:
    mrs r2, cpsr                        /* the caller's PSR, restored when `self` resumes */
    cpsid if
    stmia r0, {r0-r12}                  /* callee-saved registers matter; the rest is harmless */
    str sp, [r0, #BH_CONTEXT_SP_USR]    /* SYS sp/lr are the USR bank */
    str lr, [r0, #BH_CONTEXT_LR_USR]
    tst lr, #1                          /* a Thumb caller resumes in Thumb state */
    orrne r2, r2, #PSR_T_BIT
    bic r3, lr, #1
    str r3, [r0, #BH_CONTEXT_PC]
    str r2, [r0, #BH_CONTEXT_CPSR]
    ldr r2, =bh_current_context
    str r1, [r2]
    cps #PSR_MODE_SVC                   /* restore from an exception mode with an idle stack */
    b bh_context_restore
    .ltorg
    .size bsp_context_switch, . - bsp_context_switch
