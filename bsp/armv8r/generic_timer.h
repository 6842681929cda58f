/*
 * The EL2 physical timer (CNTHP_*) as a periodic source, for a board's tick driver (not part of the BSP
 * API): start with a period in counter ticks, re-arm from the timer's interrupt, stop.
 * Follows: ARM DDI 0487, the Generic Timer in AArch32 state (CNTHP_CTL, CNTHP_CVAL: the timer condition is met while CNTPCT >= CVAL, and
 * the interrupt stays asserted until CVAL moves past the count or the timer is masked).
 */
#ifndef BSP_ARMV8R_GENERIC_TIMER_H
#define BSP_ARMV8R_GENERIC_TIMER_H

#include <stdint.h>

void armv8r_hyp_timer_start(uint64_t period_ticks);
void armv8r_hyp_timer_rearm(void); /* from the interrupt: the next compare value, one period later */
void armv8r_hyp_timer_stop(void);

#endif /* BSP_ARMV8R_GENERIC_TIMER_H */
