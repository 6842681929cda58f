/*
 * Periodic tick on the first timer of the SP804 at BOARD_TIMER0_BASE (1 MHz TIMCLK), delivered
 * through the GIC as BOARD_IRQ_TIMER0.
 * Follows: SP804 TRM (ARM DDI 0271) 2.3 "Functional description" (periodic mode reloads from
 * TimerXLoad: one period is Load + 1 clock ticks) and 3.3.3 TimerXControl, 3.3.4 TimerXIntClr.
 */
#include "bsp.h"

#include "board_map.h"
#include "realview-eb/mmio.h"
#include "realview-eb/sp804.h"

#define TICK_TIMER_BASE    (BOARD_TIMER0_BASE + SP804_TIMER1_OFFSET)
#define TICK_CLOCKS_PER_US (BOARD_TIMER0_CLOCK_HZ / BH_U32(1000000))
#define TICK_PERIOD_US_MAX (~BH_U32(0) / TICK_CLOCKS_PER_US)

static bsp_tick_handler tick_handler;

static void tick_isr(uint32_t irq_id, void *arg)
{
    (void)irq_id;
    (void)arg;
    mmio_write32(TICK_TIMER_BASE + SP804_INTCLR, SP804_INTCLR_ANY);
    if (tick_handler != 0) {
        tick_handler();
    }
}

bsp_status bsp_tick_start(uint32_t period_us, bsp_tick_handler on_tick)
{
    if (period_us == 0u || period_us > TICK_PERIOD_US_MAX) {
        return BSP_ERR_RANGE;
    }
    mmio_write32(TICK_TIMER_BASE + SP804_CONTROL, 0u);
    tick_handler = on_tick;
    bsp_status status = bsp_irq_register(BOARD_IRQ_TIMER0, tick_isr, 0);
    if (status != BSP_OK) {
        return status;
    }
    mmio_write32(TICK_TIMER_BASE + SP804_INTCLR, SP804_INTCLR_ANY);
    mmio_write32(TICK_TIMER_BASE + SP804_LOAD, period_us * TICK_CLOCKS_PER_US - 1u);
    mmio_write32(TICK_TIMER_BASE + SP804_CONTROL, SP804_CONTROL_ENABLE | SP804_CONTROL_PERIODIC |
                                                      SP804_CONTROL_INT_ENABLE | SP804_CONTROL_SIZE_32BIT |
                                                      SP804_CONTROL_PRESCALE_1);
    return bsp_irq_enable(BOARD_IRQ_TIMER0);
}

void bsp_tick_stop(void)
{
    mmio_write32(TICK_TIMER_BASE + SP804_CONTROL, 0u);
    mmio_write32(TICK_TIMER_BASE + SP804_INTCLR, SP804_INTCLR_ANY);
    (void)bsp_irq_disable(BOARD_IRQ_TIMER0);
}

uint32_t bsp_tick_irq_id(void) { return BOARD_IRQ_TIMER0; }
