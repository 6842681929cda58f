/*
 * VFP/Advanced SIMD enable at EL2: no coprocessor trap to Hyp mode (HCPTR.TCP10/TCP11/TASE clear), full
 * cp10/cp11 access for EL1/EL0 (CPACR), and the FPEXC enable bit.
 * Follows: ARM DDI 0568 HCPTR; ARM DDI 0487 part G, CPACR and FPEXC, enabling Advanced SIMD and
 * floating-point support; Cortex-R52 TRM (ARM 100026), HCPTR and CPACR.
 * Called from reset before any other C code, so it must not itself use VFP registers.
 */
#include "bsp.h"

void bsp_vfp_enable(void)
{
    cp15_write_hcptr(cp15_read_hcptr() & ~HCPTR_VFP);
    cp15_write_cpacr(cp15_read_cpacr() | CPACR_VFP_FULL);
    bh_isb();
    uint32_t fpexc = FPEXC_EN;
    __asm__ volatile("vmsr fpexc, %0" : : "r"(fpexc) : "memory");
}

bool bsp_vfp_enabled(void)
{
    if ((cp15_read_hcptr() & HCPTR_VFP) != 0u || (cp15_read_cpacr() & CPACR_VFP_FULL) != CPACR_VFP_FULL) {
        return false;
    }
    uint32_t fpexc;
    __asm__ volatile("vmrs %0, fpexc" : "=r"(fpexc));
    return (fpexc & FPEXC_EN) != 0u;
}
