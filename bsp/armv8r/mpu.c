/*
 * PMSAv8-32 EL2 MPU region programming, and the stage-2 check of EL1/EL0 accesses against it.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement), the PMSAv8-32 chapter (a region matches
 * base <= address <= limit, base and limit at 64-byte granularity; overlapping enabled regions make an
 * access fault; HPRSELR selects the region HPRBAR/HPRLAR address; HSCTLR.M/BR; HCR.VM puts EL1/EL0
 * accesses through the EL2 MPU as a second stage, with no background region for them) and its register
 * descriptions (HMPUIR, HPRSELR, HPRBAR, HPRLAR, HPRENR, MPUIR); Cortex-R52 TRM (ARM 100026), "Memory Protection Unit".
 */
#include "bsp.h"

#define ATTRS_PRBAR_MASK (PRBAR_XN | (PRBAR_AP_MASK << PRBAR_AP_SHIFT))
#define ATTRS_INDEX_MASK (PRLAR_ATTRINDX_MASK << BSP_MPU_ATTRINDX_SHIFT)
#define GRANULE_MASK     (MPU_GRANULE - 1u)

uint32_t bsp_mpu_region_count(void) { return cp15_read_hmpuir() & HMPUIR_REGION_MASK; }

uint32_t bsp_mpu_el1_region_count(void)
{
    return (cp15_read_mpuir() >> MPUIR_REGION_SHIFT) & MPUIR_REGION_MASK;
}

bsp_status bsp_mpu_encode_region(uint32_t base, uint32_t size, uint32_t attrs, bsp_mpu_region_regs *out)
{
    if (size == 0u || (size & GRANULE_MASK) != 0u) {
        return BSP_ERR_SIZE;
    }
    if ((base & GRANULE_MASK) != 0u) {
        return BSP_ERR_ALIGNMENT;
    }
    uint32_t last = base + (size - 1u);
    if (last < base || (attrs & ~(ATTRS_PRBAR_MASK | ATTRS_INDEX_MASK)) != 0u) {
        return BSP_ERR_RANGE;
    }
    uint32_t attrindx = (attrs >> BSP_MPU_ATTRINDX_SHIFT) & PRLAR_ATTRINDX_MASK;
    /* SH = 0 (PRBAR_SH_NON): non-shareable; the BSP runs on one core. */
    out->prbar = base | (attrs & ATTRS_PRBAR_MASK);
    out->prlar = (last & PRLAR_LIMIT_MASK) | (attrindx << PRLAR_ATTRINDX_SHIFT) | PRLAR_EN;
    return BSP_OK;
}

bsp_status bsp_mpu_write_region(uint32_t region, const bsp_mpu_region_regs *regs)
{
    if (region >= bsp_mpu_region_count()) {
        return BSP_ERR_RANGE;
    }
    cp15_write_hprselr(region);
    bh_isb();
    /* Disable first so the region never matches with a half-written description. */
    cp15_write_hprlar(0u);
    cp15_write_hprbar(regs->prbar);
    cp15_write_hprlar(regs->prlar);
    bh_dsb();
    bh_isb();
    return BSP_OK;
}

bsp_status bsp_mpu_set_region(uint32_t region, uint32_t base, uint32_t size, uint32_t attrs)
{
    bsp_mpu_region_regs regs;
    bsp_status status = bsp_mpu_encode_region(base, size, attrs, &regs);
    if (status != BSP_OK) {
        return status;
    }
    return bsp_mpu_write_region(region, &regs);
}

bsp_status bsp_mpu_clear_region(uint32_t region)
{
    const bsp_mpu_region_regs disabled = {0u, 0u};
    return bsp_mpu_write_region(region, &disabled);
}

/* Words of one region in a block: HPRBAR, HPRLAR (the order of bsp_mpu_region_regs). */
#define MPU_BLOCK_WORDS_PER_REGION 2u
#define MPU_BLOCK_PRBAR            0u
#define MPU_BLOCK_PRLAR            1u

void bsp_mpu_load_block(const uint32_t *pairs, uint32_t count, uint32_t clear_below)
{
    for (uint32_t region = 0u; region < count; region++) {
        const uint32_t *words = &pairs[region * MPU_BLOCK_WORDS_PER_REGION];
        cp15_write_hprselr(region);
        bh_isb();
        cp15_write_hprlar(0u);
        cp15_write_hprbar(words[MPU_BLOCK_PRBAR]);
        cp15_write_hprlar(words[MPU_BLOCK_PRLAR]);
    }
    for (uint32_t region = count; region < clear_below; region++) {
        cp15_write_hprselr(region);
        bh_isb();
        cp15_write_hprlar(0u);
    }
    bh_dsb();
    bh_isb();
}

bsp_status bsp_mpu_read_region(uint32_t region, bsp_mpu_region_regs *out)
{
    if (region >= bsp_mpu_region_count()) {
        return BSP_ERR_RANGE;
    }
    cp15_write_hprselr(region);
    bh_isb();
    out->prbar = cp15_read_hprbar();
    out->prlar = cp15_read_hprlar();
    return BSP_OK;
}

void bsp_mpu_enable(bool background_region)
{
    uint32_t hsctlr = cp15_read_hsctlr();
    if (background_region) {
        hsctlr |= SCTLR_BR;
    } else {
        hsctlr &= ~SCTLR_BR;
    }
    bh_dsb();
    cp15_write_hsctlr(hsctlr | SCTLR_M);
    bh_isb();
}

void bsp_mpu_disable(void)
{
    bh_dsb();
    cp15_write_hsctlr(cp15_read_hsctlr() & ~SCTLR_M);
    bh_isb();
}

void bsp_mpu_check_guests(bool enable)
{
    uint32_t hcr = cp15_read_hcr();
    cp15_write_hcr(enable ? (hcr | HCR_VM) : (hcr & ~HCR_VM));
    bh_isb();
}
