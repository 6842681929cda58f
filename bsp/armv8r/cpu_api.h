/*
 * The Armv8-R CPU layer's own part of the BSP API, included by bsp.h: the EL2 MPU (PMSAv8-32: a region
 * is a base and a limit at 64-byte granularity, with its access permissions, execute-never and an
 * attribute index into HMAIR0), the stage-2 check of EL1/EL0 accesses against it (HCR.VM), and the
 * exception hooks an EL2 BSP adds to those of bsp.h (HVC from a guest, other traps to EL2).
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement): the PMSAv8-32 protected memory system (EL2 MPU
 * registers HPRBAR/HPRLAR/HPRSELR/HPRENR/HMAIR0, HSCTLR.M/BR, HCR.VM: EL1/EL0 accesses checked by the
 * EL2 MPU) and the Hyp trap exception with its syndrome (HSR); Cortex-R52 TRM (ARM 100026),
 * "Memory Protection Unit" chapter.
 *
 * Where the Armv7-R API takes a power-of-two size and eight subregions (armv7r/cpu_api.h), this one takes
 * any size that is a multiple of 64 bytes at a 64-byte aligned base, and attribute sets that combine
 * the HPRBAR bits (AP, XN) with an HMAIR0 attribute index; a region's precomputed registers are two
 * words (HPRBAR, HPRLAR) instead of three.
 */
#ifndef BSP_ARMV8R_CPU_API_H
#define BSP_ARMV8R_CPU_API_H

#include <stdbool.h>
#include <stdint.h>

#include "armv8r/context.h"
#include "armv8r/cp15.h"
#include "armv8r/el1_state.h"

/* -- MPU (EL2, PMSAv8-32) -- */
/* Raw register values of one region, precomputed so a partition switch can load them as a block. */
typedef struct bsp_mpu_region_regs {
    uint32_t prbar;
    uint32_t prlar;
} bsp_mpu_region_regs;

/* An attribute set: HPRBAR's AP and XN bits as they sit in HPRBAR, and the HMAIR0 index above them. */
#define BSP_MPU_ATTRINDX_SHIFT BH_U32(8)
#define BSP_MPU_ATTRS(ap, xn, attrindx) \
    (((uint32_t)(ap) << PRBAR_AP_SHIFT) | (uint32_t)(xn) | ((uint32_t)(attrindx) << BSP_MPU_ATTRINDX_SHIFT))
/* Guest (EL1 and EL0) regions; EL2 has the same access. */
#define BSP_MPU_GUEST_RX     BSP_MPU_ATTRS(PRBAR_AP_ALL_RO, 0u, MPU_ATTR_NORMAL)
#define BSP_MPU_GUEST_RW     BSP_MPU_ATTRS(PRBAR_AP_ALL_RW, PRBAR_XN, MPU_ATTR_NORMAL)
#define BSP_MPU_GUEST_RO     BSP_MPU_ATTRS(PRBAR_AP_ALL_RO, PRBAR_XN, MPU_ATTR_NORMAL)
#define BSP_MPU_GUEST_DEVICE BSP_MPU_ATTRS(PRBAR_AP_ALL_RW, PRBAR_XN, MPU_ATTR_DEVICE)
/* Hypervisor-only (EL2) regions. */
#define BSP_MPU_HYP_RX     BSP_MPU_ATTRS(PRBAR_AP_EL2_RO, 0u, MPU_ATTR_NORMAL)
#define BSP_MPU_HYP_RW     BSP_MPU_ATTRS(PRBAR_AP_EL2_RW, PRBAR_XN, MPU_ATTR_NORMAL)
#define BSP_MPU_HYP_DEVICE BSP_MPU_ATTRS(PRBAR_AP_EL2_RW, PRBAR_XN, MPU_ATTR_DEVICE)

uint32_t bsp_mpu_region_count(void);     /* HMPUIR.REGION: regions of the EL2 MPU */
uint32_t bsp_mpu_el1_region_count(void); /* MPUIR.REGION: regions of the guests' EL1 MPU */
/* Validates base/size (size a non-zero multiple of 64, base 64-byte aligned, the region inside the
 * 4 GiB address space, attrs only AP, XN and an index 0..7) and fills `out` with an enabled region. */
bsp_status bsp_mpu_encode_region(uint32_t base, uint32_t size, uint32_t attrs, bsp_mpu_region_regs *out);
bsp_status bsp_mpu_write_region(uint32_t region, const bsp_mpu_region_regs *regs);
bsp_status bsp_mpu_set_region(uint32_t region, uint32_t base, uint32_t size, uint32_t attrs);
bsp_status bsp_mpu_clear_region(uint32_t region);
bsp_status bsp_mpu_read_region(uint32_t region, bsp_mpu_region_regs *out);
/* Loads a partition's precomputed block: regions 0..count-1 from `pairs` (HPRBAR, HPRLAR per region, as
 * bsp_mpu_region_regs), then disables regions count..clear_below-1. One barrier at the end; the caller
 * keeps the counts within bsp_mpu_region_count(). */
void bsp_mpu_load_block(const uint32_t *pairs, uint32_t count, uint32_t clear_below);
/* Enables the EL2 MPU (HSCTLR.M); background_region=true lets EL2 use the default memory map where no
 * region matches (HSCTLR.BR). EL1/EL0 accesses never use the EL2 background region. */
void bsp_mpu_enable(bool background_region);
void bsp_mpu_disable(void);
/* HCR.VM: every EL1/EL0 access is also checked against the EL2 MPU; one outside its regions, or
 * against their permissions, is a data or prefetch abort taken to EL2 (bsp_handle_data_abort /
 * bsp_handle_prefetch_abort with the guest's context). */
void bsp_mpu_check_guests(bool enable);

/* -- Exception hooks of an EL2 BSP, implemented by the layer above (weak defaults report and exit) -- */
/* HVC #imm from a guest (or from Hyp mode): ctx->pc is the instruction after the HVC. */
void bsp_handle_hvc(bh_context *ctx, uint32_t imm);
/* Any other exception trapped to EL2 that the BSP does not decode itself (HSR given raw: EC, IL, ISS);
 * ctx->pc is the preferred return address ELR_hyp. */
void bsp_handle_trap(bh_context *ctx, uint32_t hsr);

/* -- Generic timer (EL2 physical timer, CNTHP_*) -- */
uint32_t bsp_timer_frequency(void); /* CNTFRQ: counter ticks per second */
uint64_t bsp_timer_count(void);     /* CNTPCT */

#endif /* BSP_ARMV8R_CPU_API_H */
