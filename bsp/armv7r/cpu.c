/*
 * CPU interrupt masking, idle and the debug channel's lock for an ARMv7-R core.
 * Follows: ARM DDI 0406C B1.3.3 (CPSR.I), A8.8.32 CPS, B9.3.9/B9.3.12 MRS/MSR (CPSR control field),
 * A8.8.425 WFI, C11.11.20 DBGDSCR (UDCCdis).
 */
#include "bsp.h"

#include "armv7r/irq_mask.h"

void bsp_irq_enable_cpu(void) { __asm__ volatile("cpsie i" : : : "memory"); }

void bsp_irq_disable_cpu(void) { __asm__ volatile("cpsid i" : : : "memory"); }

uint32_t bsp_irq_save_cpu(void) { return armv7r_irq_save(); }

void bsp_irq_restore_cpu(uint32_t saved) { armv7r_irq_restore(saved); }

/* DBGDSCRext.UDCCdis (ARM DDI 0406C C11.11.20): PL0 accesses to the debug communications channel
 * (DBGDTRRXint, DBGDTRTXint, DBGDSCRint) become undefined instructions, so no VM can pass bits to
 * another through the channel's full flags. */
#define DBGDSCR_UDCCDIS (1u << 12)

void bsp_debug_channel_lock(void)
{
    uint32_t dscr;
    __asm__ volatile("mrc p14, 0, %0, c0, c2, 2" : "=r"(dscr));
    __asm__ volatile("mcr p14, 0, %0, c0, c2, 2\n\tisb" : : "r"(dscr | DBGDSCR_UDCCDIS) : "memory");
}

void bsp_wait_for_interrupt(void) { __asm__ volatile("dsb\n\twfi" : : : "memory"); }
