/*
 * PMSAv7 MPU region programming.
 * Follows: ARM DDI 0406C chapter B5 "Protected Memory System Architecture (PMSA)" (B5.3 memory
 * region attributes, B5.2.2 default memory map / background region) and B6.1 (MPUIR, RGNR, DRBAR,
 * DRSR, DRACR, SCTLR.M/BR); Cortex-R5 TRM (ARM DDI 0460) chapter 7 "Memory Protection Unit".
 * A region is a power-of-two size >= 32 bytes with its base aligned to the size; higher region
 * numbers take priority where regions overlap.
 */
#include "bsp.h"

uint32_t bsp_mpu_region_count(void)
{
    return (cp15_read_mpuir() >> MPUIR_DREGION_SHIFT) & MPUIR_DREGION_MASK;
}

static bool is_power_of_two(uint32_t value) { return value != 0u && (value & (value - 1u)) == 0u; }

static uint32_t log2_of_power_of_two(uint32_t value)
{
    uint32_t log2 = 0u;
    while (value > 1u) {
        value >>= 1u;
        log2++;
    }
    return log2;
}

bsp_status bsp_mpu_encode_region(uint32_t base, uint32_t size, uint32_t dracr, uint32_t subregion_disable,
                                 bsp_mpu_region_regs *out)
{
    /* size 0 stands for the whole 4 GiB address space (2^32 does not fit in 32 bits). */
    uint32_t rsize;
    if (size == 0u) {
        rsize = DRSR_RSIZE_MAX;
    } else {
        if (!is_power_of_two(size) || size < (BH_U32(1) << (DRSR_RSIZE_MIN + 1u))) {
            return BSP_ERR_SIZE;
        }
        if ((base & (size - 1u)) != 0u) {
            return BSP_ERR_ALIGNMENT;
        }
        rsize = log2_of_power_of_two(size) - 1u;
    }
    if ((subregion_disable & ~DRSR_SD_MASK) != 0u) {
        return BSP_ERR_RANGE;
    }
    out->drbar = base;
    out->drsr = (rsize << DRSR_RSIZE_SHIFT) | (subregion_disable << DRSR_SD_SHIFT) | DRSR_EN;
    out->dracr = dracr;
    return BSP_OK;
}

bsp_status bsp_mpu_write_region(uint32_t region, const bsp_mpu_region_regs *regs)
{
    if (region >= bsp_mpu_region_count()) {
        return BSP_ERR_RANGE;
    }
    cp15_write_rgnr(region);
    bh_isb();
    /* Disable first so the region never matches with a half-written description. */
    cp15_write_drsr(0u);
    cp15_write_drbar(regs->drbar);
    cp15_write_dracr(regs->dracr);
    cp15_write_drsr(regs->drsr);
    bh_dsb();
    bh_isb();
    return BSP_OK;
}

/* Words of one region in a block: DRBAR, DRSR, DRACR (the order of bsp_mpu_region_regs). */
#define MPU_BLOCK_WORDS_PER_REGION 3u
#define MPU_BLOCK_DRBAR            0u
#define MPU_BLOCK_DRSR             1u
#define MPU_BLOCK_DRACR            2u

void bsp_mpu_load_block(const uint32_t *triples, uint32_t count, uint32_t clear_below)
{
    for (uint32_t region = 0u; region < count; region++) {
        const uint32_t *words = &triples[region * MPU_BLOCK_WORDS_PER_REGION];
        cp15_write_rgnr(region);
        bh_isb();
        /* Disabled while it is rewritten: it never matches with a half-written description. */
        cp15_write_drsr(0u);
        cp15_write_drbar(words[MPU_BLOCK_DRBAR]);
        cp15_write_dracr(words[MPU_BLOCK_DRACR]);
        cp15_write_drsr(words[MPU_BLOCK_DRSR]);
    }
    for (uint32_t region = count; region < clear_below; region++) {
        cp15_write_rgnr(region);
        bh_isb();
        cp15_write_drsr(0u);
    }
    bh_dsb();
    bh_isb();
}

bsp_status bsp_mpu_set_region(uint32_t region, uint32_t base, uint32_t size, uint32_t dracr)
{
    bsp_mpu_region_regs regs;
    bsp_status status = bsp_mpu_encode_region(base, size, dracr, 0u, &regs);
    if (status != BSP_OK) {
        return status;
    }
    return bsp_mpu_write_region(region, &regs);
}

bsp_status bsp_mpu_clear_region(uint32_t region)
{
    if (region >= bsp_mpu_region_count()) {
        return BSP_ERR_RANGE;
    }
    cp15_write_rgnr(region);
    bh_isb();
    cp15_write_drsr(0u);
    bh_dsb();
    bh_isb();
    return BSP_OK;
}

bsp_status bsp_mpu_read_region(uint32_t region, bsp_mpu_region_regs *out)
{
    if (region >= bsp_mpu_region_count()) {
        return BSP_ERR_RANGE;
    }
    cp15_write_rgnr(region);
    bh_isb();
    out->drbar = cp15_read_drbar();
    out->drsr = cp15_read_drsr();
    out->dracr = cp15_read_dracr();
    return BSP_OK;
}

void bsp_mpu_enable(bool background_region)
{
    uint32_t sctlr = cp15_read_sctlr();
    if (background_region) {
        sctlr |= SCTLR_BR;
    } else {
        sctlr &= ~SCTLR_BR;
    }
    bh_dsb();
    cp15_write_sctlr(sctlr | SCTLR_M);
    bh_isb();
}

void bsp_mpu_disable(void)
{
    bh_dsb();
    cp15_write_sctlr(cp15_read_sctlr() & ~SCTLR_M);
    bh_isb();
}
