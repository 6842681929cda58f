/*
 * PMU cycle counter (PMCCNTR) of the Cortex-R5.
 * Follows: Cortex-R5 TRM (ARM DDI 0460) chapter 6 "Performance Monitoring Unit" (PMCR,
 * PMCNTENSET, PMCCNTR); ARM DDI 0406C C12.8 (PMU register descriptions).
 * Under QEMU with -icount shift=0 the counter advances one per instruction.
 */
#include "bsp.h"

void bsp_pmu_start(void)
{
    cp15_write_pmuserenr(0u); /* PL0 access to the PMU traps (ARM DDI 0406C C12.8.15): no shared clock */
    cp15_write_pmcntenset(PMCNTEN_CYCLE);
    cp15_write_pmcr((cp15_read_pmcr() | PMCR_E | PMCR_C) & ~PMCR_D);
    bh_isb();
}

void bsp_pmu_reset(void)
{
    cp15_write_pmcr(cp15_read_pmcr() | PMCR_C);
    bh_isb();
}

uint32_t bsp_pmu_cycles(void) { return cp15_read_pmccntr(); }
