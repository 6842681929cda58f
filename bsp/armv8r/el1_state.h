/*
 * The EL1 state of a guest beyond the exception frame (armv8r/context.h) and the VFP: every EL1
 * register a guest at EL1 can write that the hypervisor neither traps nor owns, so that switching
 * guests leaves none of one guest's values in force for the next. Saved into and loaded from a
 * bsp_el1_state block while the hypervisor runs at EL2.
 * Kept: the banked SP, LR and SPSR of the ABT, UND, IRQ and FIQ modes and FIQ's r8-r12 (the SVC bank and
 * the USR/SYS bank are in the exception frame); VBAR, SCTLR, CPACR, CONTEXTIDR, TPIDRURO, TPIDRPRW; the
 * fault registers DFSR, IFSR, ADFSR, AIFSR, DFAR, IFAR; the EL1 MPU (PRSELR, MAIR0, MAIR1, and PRBAR and
 * PRLAR of every EL1 region); the EL1 virtual timer (CNTV_CTL, CNTV_CVAL) and CNTKCTL.
 * Not kept because the hypervisor traps them (bsp_guest_traps_init): the EL1 physical timer
 * (CNTHCTL.EL1PCEN = 0), the PMU and debug registers (HDCR), ACTLR and the implementation-defined
 * registers (HCR.TAC, HCR.TIDCP, HACTLR = 0), cache maintenance by set/way (HCR.TSW), and the VFP of a
 * guest that does not use it (HCPTR).
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: the EL1 registers of PMSAv8-32, PRSELR, PRBAR,
 * PRLAR, MAIR0/1, MPUIR; the generic timer's CNTV_CTL, CNTV_CVAL, CNTKCTL, CNTHCTL, CNTVOFF), ARM DDI
 * 0487 part G (AArch32 system registers; MRS/MSR (banked register)), Cortex-R52 TRM (ARM 100026: EL1 MPU
 * of up to 24 regions; HACTLR).
 */
#ifndef BSP_ARMV8R_EL1_STATE_H
#define BSP_ARMV8R_EL1_STATE_H

#include <stdint.h>

/* EL1 MPU regions a Cortex-R52 may have (MPUIR.REGION: 0, 16, 20 or 24). */
#define BSP_EL1_MPU_REGIONS_MAX 24u
/* Banked registers of the ABT, UND and IRQ modes (SP, LR, SPSR each) and of FIQ (r8-r12, SP, LR, SPSR). */
#define BSP_EL1_BANKED_WORDS 17u

typedef struct bsp_el1_state {
    uint32_t banked[BSP_EL1_BANKED_WORDS];
    uint32_t vbar;
    uint32_t sctlr;
    uint32_t cpacr;
    uint32_t contextidr;
    uint32_t tpidruro;
    uint32_t tpidrprw;
    uint32_t dfsr;
    uint32_t ifsr;
    uint32_t adfsr;
    uint32_t aifsr;
    uint32_t dfar;
    uint32_t ifar;
    uint32_t prselr;
    uint32_t mair0;
    uint32_t mair1;
    uint32_t cntkctl;
    uint32_t cntv_ctl;
    uint32_t cntv_cval_low;
    uint32_t cntv_cval_high;
    uint32_t prbar[BSP_EL1_MPU_REGIONS_MAX];
    uint32_t prlar[BSP_EL1_MPU_REGIONS_MAX];
} bsp_el1_state;

/* Words of a bsp_el1_state (every member is a 32-bit word). */
#define BSP_EL1_STATE_WORDS (BSP_EL1_BANKED_WORDS + 19u + (2u * BSP_EL1_MPU_REGIONS_MAX))

/* Copies `from` into `to` word by word (no library call: the BSP has no memcpy). */
void bsp_el1_state_copy(bsp_el1_state *to, const bsp_el1_state *from);
/* Reads the EL1 state of the CPU into `state`. */
void bsp_el1_state_save(bsp_el1_state *state);
/* Writes `state` into the CPU's EL1 registers (the virtual timer stopped first, so a compare value of
 * the previous guest never fires for this one). */
void bsp_el1_state_load(const bsp_el1_state *state);
/* The state of an EL1 out of reset, as far as software sees it: `captured` as read before any guest ran
 * (bsp_el1_state_save at boot), with the EL1 MPU off and its regions disabled, the virtual timer off,
 * and the fault and thread-ID registers zero. */
void bsp_el1_state_reset_value(bsp_el1_state *state, const bsp_el1_state *captured);
/* Sets the EL2 traps that keep the registers bsp_el1_state leaves out away from guests (above). */
void bsp_guest_traps_init(void);

#endif /* BSP_ARMV8R_EL1_STATE_H */
