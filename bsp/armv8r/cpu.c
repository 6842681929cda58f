/*
 * CPU interrupt masking, idle and the debug channel's lock for an Armv8-R core running the BSP in Hyp
 * mode.
 * Follows: ARM DDI 0487 part G (CPSR.I; the A32 CPS, MRS/MSR and WFI instructions; DBGDSCRext.UDCCdis); ARM DDI
 * 0568 (Armv8-R AArch32: the same AArch32 debug registers).
 */
#include "bsp.h"

#include "armv8r/irq_mask.h"

void bsp_irq_enable_cpu(void) { __asm__ volatile("cpsie i" : : : "memory"); }

void bsp_irq_disable_cpu(void) { __asm__ volatile("cpsid i" : : : "memory"); }

uint32_t bsp_irq_save_cpu(void) { return armv8r_irq_save(); }

void bsp_irq_restore_cpu(uint32_t saved) { armv8r_irq_restore(saved); }

/* DBGDSCRext.UDCCdis: EL0 accesses to the debug communications channel become undefined instructions,
 * so no VM can pass bits to another through the channel's full flags. */
#define DBGDSCR_UDCCDIS (1u << 12)

void bsp_debug_channel_lock(void)
{
    uint32_t dscr;
    __asm__ volatile("mrc p14, 0, %0, c0, c2, 2" : "=r"(dscr));
    __asm__ volatile("mcr p14, 0, %0, c0, c2, 2\n\tisb" : : "r"(dscr | DBGDSCR_UDCCDIS) : "memory");
}

void bsp_wait_for_interrupt(void) { __asm__ volatile("dsb\n\twfi" : : : "memory"); }
