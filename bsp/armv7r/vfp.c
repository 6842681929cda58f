/*
 * VFP enable: coprocessor access to cp10/cp11 and the FPEXC enable bit.
 * Follows: Cortex-R5 TRM (ARM DDI 0460) 4.3 c1 CPACR and chapter 12 "FPU programmers model"
 * (FPEXC); ARM DDI 0406C B6.1.x CPACR, B1.11.2 "Enabling Advanced SIMD and floating-point support".
 * Called from reset before any other C code, so it must not itself use VFP registers.
 */
#include "bsp.h"

void bsp_vfp_enable(void)
{
    cp15_write_cpacr(cp15_read_cpacr() | CPACR_VFP_FULL);
    bh_isb();
    uint32_t fpexc = FPEXC_EN;
    __asm__ volatile("vmsr fpexc, %0" : : "r"(fpexc) : "memory");
}

bool bsp_vfp_enabled(void)
{
    if ((cp15_read_cpacr() & CPACR_VFP_FULL) != CPACR_VFP_FULL) {
        return false;
    }
    uint32_t fpexc;
    __asm__ volatile("vmrs %0, fpexc" : "=r"(fpexc));
    return (fpexc & FPEXC_EN) != 0u;
}
