/*
 * Periodic tick on the core's EL2 physical timer (CNTHP), delivered through the GICv3 redistributor as
 * private interrupt BOARD_IRQ_HYP_TIMER. The period is converted to counter ticks with the counter
 * frequency the CPU reports (CNTFRQ).
 * Follows: ARM DDI 0487, the Generic Timer in AArch32 state (the EL2 physical timer; its interrupt is level-sensitive and stays asserted
 * until the compare value passes the count, so the handler re-arms before the end of interrupt) and the
 * board's PPI wiring (bsp/mps3-an536/board.ts); the timer itself is armv8r/timer.c.
 */
#include "bsp.h"

#include "armv8r/generic_timer.h"
#include "board_map.h"

#define MICROSECONDS_PER_SECOND 1000000u

static bsp_tick_handler tick_handler;

static void tick_isr(uint32_t irq_id, void *arg)
{
    (void)irq_id;
    (void)arg;
    armv8r_hyp_timer_rearm();
    if (tick_handler != 0) {
        tick_handler();
    }
}

bsp_status bsp_tick_start(uint32_t period_us, bsp_tick_handler on_tick)
{
    uint64_t ticks = ((uint64_t)period_us * bsp_timer_frequency()) / MICROSECONDS_PER_SECOND;
    if (period_us == 0u || ticks == 0u) {
        return BSP_ERR_RANGE;
    }
    armv8r_hyp_timer_stop();
    tick_handler = on_tick;
    bsp_status status = bsp_irq_register(BOARD_IRQ_HYP_TIMER, tick_isr, 0);
    if (status != BSP_OK) {
        return status;
    }
    armv8r_hyp_timer_start(ticks);
    return bsp_irq_enable(BOARD_IRQ_HYP_TIMER);
}

void bsp_tick_stop(void)
{
    armv8r_hyp_timer_stop();
    (void)bsp_irq_disable(BOARD_IRQ_HYP_TIMER);
}

uint32_t bsp_tick_irq_id(void) { return BOARD_IRQ_HYP_TIMER; }
