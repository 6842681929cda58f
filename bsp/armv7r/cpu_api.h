/*
 * The Armv7-R CPU layer's own part of the BSP API, included by bsp.h: the PMSAv7 MPU (power-of-two
 * regions, base aligned to size, eight subregions each; DRBAR/DRSR/DRACR) with its attribute sets.
 * Follows: ARM DDI 0406C chapter B5 "Protected Memory System Architecture" (B5.3 region attributes) and
 * B6.1 (MPUIR, RGNR, DRBAR, DRSR, DRACR); Cortex-R5 TRM (ARM DDI 0460) chapter 7.
 */
#ifndef BSP_ARMV7R_CPU_API_H
#define BSP_ARMV7R_CPU_API_H

#include <stdbool.h>
#include <stdint.h>

#include "armv7r/cp15.h"

/* -- MPU (PMSAv7) -- */
/* Raw register values of one region, precomputed so a partition switch can load them as a block. */
typedef struct bsp_mpu_region_regs {
    uint32_t drbar;
    uint32_t drsr;
    uint32_t dracr;
} bsp_mpu_region_regs;

/* Access attributes (DRACR values) for bsp_mpu_encode_region(), built from armv7r/cp15.h fields. */
#define BSP_MPU_AP(ap)      ((uint32_t)(ap) << DRACR_AP_SHIFT)
#define BSP_MPU_USR_RX      (BSP_MPU_AP(DRACR_AP_PRIV_RW_USR_RO) | DRACR_TYPE_NORMAL_WB_WA)
#define BSP_MPU_USR_RW      (BSP_MPU_AP(DRACR_AP_FULL) | DRACR_XN | DRACR_TYPE_NORMAL_WB_WA)
#define BSP_MPU_USR_RO      (BSP_MPU_AP(DRACR_AP_PRIV_RW_USR_RO) | DRACR_XN | DRACR_TYPE_NORMAL_WB_WA)
#define BSP_MPU_PRIV_RW     (BSP_MPU_AP(DRACR_AP_PRIV_RW) | DRACR_XN | DRACR_TYPE_NORMAL_WB_WA)
#define BSP_MPU_PRIV_DEVICE (BSP_MPU_AP(DRACR_AP_PRIV_RW) | DRACR_XN | DRACR_TYPE_DEVICE_SHARED)
#define BSP_MPU_USR_DEVICE  (BSP_MPU_AP(DRACR_AP_FULL) | DRACR_XN | DRACR_TYPE_DEVICE_SHARED)

uint32_t bsp_mpu_region_count(void); /* MPUIR.DREGION */
/* Validates base/size (power of two >= 32, base aligned to size) and fills `out`. */
bsp_status bsp_mpu_encode_region(uint32_t base, uint32_t size, uint32_t dracr, uint32_t subregion_disable,
                                 bsp_mpu_region_regs *out);
bsp_status bsp_mpu_write_region(uint32_t region, const bsp_mpu_region_regs *regs);
bsp_status bsp_mpu_set_region(uint32_t region, uint32_t base, uint32_t size, uint32_t dracr);
bsp_status bsp_mpu_clear_region(uint32_t region);
/* Loads a partition's precomputed block: regions 0..count-1 from `triples` (DRBAR, DRSR, DRACR per
 * region, as bsp_mpu_region_regs), then disables regions count..clear_below-1 (the rest of the
 * previous block). One loop of register writes, one barrier at the end; the caller keeps the counts
 * within bsp_mpu_region_count(). */
void bsp_mpu_load_block(const uint32_t *triples, uint32_t count, uint32_t clear_below);
bsp_status bsp_mpu_read_region(uint32_t region, bsp_mpu_region_regs *out);
/* Enables the MPU; background_region=true lets privileged modes use the default memory map. */
void bsp_mpu_enable(bool background_region);
void bsp_mpu_disable(void);

#endif /* BSP_ARMV7R_CPU_API_H */
