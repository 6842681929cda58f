/*
 * CPU interrupt masking and idle for an ARMv7-R core.
 * Follows: ARM DDI 0406C B1.3.3 (CPSR.I), A8.8.32 CPS, B9.3.9/B9.3.12 MRS/MSR (CPSR control field),
 * A8.8.425 WFI.
 */
#include "bsp.h"

void bsp_irq_enable_cpu(void) { __asm__ volatile("cpsie i" : : : "memory"); }

void bsp_irq_disable_cpu(void) { __asm__ volatile("cpsid i" : : : "memory"); }

uint32_t bsp_irq_save_cpu(void)
{
    uint32_t cpsr;
    __asm__ volatile("mrs %0, cpsr\n\tcpsid i" : "=r"(cpsr) : : "memory");
    return cpsr;
}

void bsp_irq_restore_cpu(uint32_t saved)
{
    __asm__ volatile("msr cpsr_c, %0" : : "r"(saved) : "memory");
}

void bsp_wait_for_interrupt(void)
{
    __asm__ volatile("dsb\n\twfi" : : : "memory");
}
