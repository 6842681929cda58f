/*
 * CPU interrupt masking and idle for an ARMv7-R core.
 * Follows: ARM DDI 0406C B1.3.3 (CPSR.I), A8.8.32 CPS, A8.8.425 WFI.
 */
#include "bsp.h"

void bsp_irq_enable_cpu(void) { __asm__ volatile("cpsie i" : : : "memory"); }

void bsp_irq_disable_cpu(void) { __asm__ volatile("cpsid i" : : : "memory"); }

void bsp_wait_for_interrupt(void)
{
    __asm__ volatile("dsb\n\twfi" : : : "memory");
}
