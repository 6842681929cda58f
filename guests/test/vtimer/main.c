/*
 * vtimer: test guest for the virtual timer and upcall delivery. It registers an upcall handler,
 * enables BH_VIRQ_TIMER and arms the virtual timer every VTIMER_PERIOD ticks, then runs a long
 * computation without hypercalls (an LCG over integers and, on an FPU VM, a double-precision
 * recurrence) that the timer's upcalls interrupt. The handler prints "vtimer: upcall <n> virq <v> tick
 * <t>" and, on an FPU VM, clobbers the caller-saved VFP registers. When the computation ends it prints
 * "vtimer: lcg 0x<value> upcalls <n>" (and "vtimer: fp <value * 1000 as integer>" with an FPU): the
 * values must equal the uninterrupted results, which the test computes on the host.
 * Follows: docs/HYPERCALLS.md (VirqSetHandler, VirqEnable, TimerSet, VirqReturn via the SDK glue).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"

#ifndef VTIMER_PERIOD
#define VTIMER_PERIOD 3u
#endif
#ifndef VTIMER_ITERATIONS
#define VTIMER_ITERATIONS 4000000u
#endif
/* Numerical Recipes LCG constants. */
#define LCG_MULTIPLIER 1664525u
#define LCG_INCREMENT  1013904223u
#define LCG_SEED       1u
#define FP_SCALE       1000.0

static volatile uint32_t upcalls;

static void on_virq(uint32_t virq)
{
    uint32_t count = upcalls + 1u;
    upcalls = count;
#if BH_USES_FPU
    volatile double clobber = (double)count;
    clobber = clobber * 3.0 + 0.25;
    (void)clobber;
#endif
    (void)bh_printf("vtimer: upcall %lu virq %lu tick %lu\n", (unsigned long)count, (unsigned long)virq,
                    (unsigned long)bh_ticks());
}

int main(void)
{
    (void)bh_virq_set_handler(on_virq);
    (void)bh_virq_enable(BH_VIRQ_TIMER);
    (void)bh_timer_set(VTIMER_PERIOD, VTIMER_PERIOD);
    uint32_t lcg = LCG_SEED;
#if BH_USES_FPU
    double fp = 0.0;
#endif
    for (uint32_t i = 0u; i < VTIMER_ITERATIONS; i++) {
        lcg = lcg * LCG_MULTIPLIER + LCG_INCREMENT;
#if BH_USES_FPU
        fp = fp * 0.5 + (double)(lcg >> 24);
#endif
    }
    (void)bh_timer_set(0u, 0u);
    (void)bh_printf("vtimer: lcg 0x%08lx upcalls %lu\n", (unsigned long)lcg, (unsigned long)upcalls);
#if BH_USES_FPU
    (void)bh_printf("vtimer: fp %lu\n", (unsigned long)(fp * FP_SCALE));
#endif
    for (;;) {
        (void)bh_yield();
    }
}
