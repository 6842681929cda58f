/*
 * Masking IRQs around a short critical section without a call: save the CPSR and set CPSR.I, then put
 * the saved control field back. For the BSP's own hot paths (the UART transmit ring).
 * Follows: ARM DDI 0487 part G (CPSR.I; in Hyp mode it masks the IRQs taken to EL2) and the A32 CPS and
 * MRS/MSR instructions (CPSR control field).
 */
#ifndef BSP_ARMV8R_IRQ_MASK_H
#define BSP_ARMV8R_IRQ_MASK_H

#include <stdint.h>

static inline uint32_t armv8r_irq_save(void)
{
    uint32_t cpsr;
    __asm__ volatile("mrs %0, cpsr\n\tcpsid i" : "=r"(cpsr) : : "memory");
    return cpsr;
}

static inline void armv8r_irq_restore(uint32_t saved)
{
    __asm__ volatile("msr cpsr_c, %0" : : "r"(saved) : "memory");
}

#endif /* BSP_ARMV8R_IRQ_MASK_H */
