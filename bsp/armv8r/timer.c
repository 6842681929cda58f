/*
 * The generic timer as the EL2 BSP uses it: the counter frequency and count, and the EL2 physical timer
 * (CNTHP_*) programmed as a periodic source by its compare value, so periods do not drift with the time
 * a handler takes to reload it.
 * Follows: ARM DDI 0487, "The Generic Timer in AArch32 state" (CNTFRQ, CNTPCT, CNTHP_CTL, CNTHP_CVAL,
 * CNTHCTL) and ARM DDI 0568 (Armv8-R AArch32: the EL2 physical timer); Cortex-R52 TRM (ARM 100026)
 * "Generic Timer".
 */
#include "bsp.h"

#include "armv8r/generic_timer.h"

#define CVAL_HIGH_SHIFT 32u

static uint64_t hyp_timer_period;
static uint64_t hyp_timer_next;

uint32_t bsp_timer_frequency(void) { return cp15_read_cntfrq(); }

uint64_t bsp_timer_count(void) { return cp15_read_cntpct(); }

static void write_cnthp_cval(uint64_t value)
{
    uint32_t low = (uint32_t)value;
    uint32_t high = (uint32_t)(value >> CVAL_HIGH_SHIFT);
    __asm__ volatile("mcrr p15, 6, %0, %1, c14" : : "r"(low), "r"(high) : "memory");
}

void armv8r_hyp_timer_start(uint64_t period_ticks)
{
    hyp_timer_period = period_ticks;
    hyp_timer_next = cp15_read_cntpct() + period_ticks;
    write_cnthp_cval(hyp_timer_next);
    cp15_write_cnthp_ctl(CNTHP_CTL_ENABLE);
    bh_isb();
}

void armv8r_hyp_timer_rearm(void)
{
    hyp_timer_next += hyp_timer_period;
    uint64_t now = cp15_read_cntpct();
    if (hyp_timer_next <= now) {
        /* Periods were missed (the handler ran late): the next one counts from now. */
        hyp_timer_next = now + hyp_timer_period;
    }
    write_cnthp_cval(hyp_timer_next);
    bh_isb();
}

void armv8r_hyp_timer_stop(void)
{
    cp15_write_cnthp_ctl(CNTHP_CTL_IMASK);
    bh_isb();
}
