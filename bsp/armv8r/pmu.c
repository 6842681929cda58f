/*
 * PMU cycle counter (PMCCNTR) of the Cortex-R52, counting at EL2 as well as at EL1/EL0.
 * Follows: Cortex-R52 TRM (ARM 100026), "Performance Monitors Unit"; ARM DDI 0487 part G, PMCR,
 * PMCNTENSET, PMCCNTR, PMUSERENR and PMCCFILTR (NSH: count cycles at EL2, off after reset).
 * Under QEMU with -icount shift=0 the counter advances one per instruction.
 */
#include "bsp.h"

void bsp_pmu_start(void)
{
    cp15_write_pmuserenr(0u); /* EL0 access to the PMU traps: no shared clock */
    cp15_write_pmccfiltr(PMCCFILTR_NSH);
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
