/*
 * Masking IRQs around a short critical section without a call: save the CPSR and set CPSR.I, then put
 * the saved control field back. For the BSP's own hot paths (the UART transmit ring); everything else
 * uses bsp_irq_save_cpu / bsp_irq_restore_cpu (armv7r/cpu.c), which are these.
 * Follows: ARM DDI 0406C B1.3.3 (CPSR.I), A8.8.32 CPS, B9.3.9/B9.3.12 MRS/MSR (CPSR control field).
 */
#ifndef BSP_ARMV7R_IRQ_MASK_H
#define BSP_ARMV7R_IRQ_MASK_H

#include <stdint.h>

static inline uint32_t armv7r_irq_save(void)
{
    uint32_t cpsr;
    __asm__ volatile("mrs %0, cpsr\n\tcpsid i" : "=r"(cpsr) : : "memory");
    return cpsr;
}

static inline void armv7r_irq_restore(uint32_t saved)
{
    __asm__ volatile("msr cpsr_c, %0" : : "r"(saved) : "memory");
}

#endif /* BSP_ARMV7R_IRQ_MASK_H */
