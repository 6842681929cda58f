/*
 * virq-timer: benchmark guest for the virtual-interrupt latency (bench/virq-latency.ts). An SP804-style
 * dual timer is passed through to this VM (realview-eb: the second SP804 module `timer1`; mps3-an536:
 * the CMSDK APB dual timer `timer0`, whose registers are the SP804's); the guest programs its first counter as a
 * periodic 32-bit timer with its interrupt enabled, registers an upcall handler, then spins in
 * bench_spin() (kept out of QEMU's execution log). Each timer interrupt reaches the hypervisor's IRQ
 * vector, is forwarded as the timer's virtual interrupt (BENCH_TIMER_VIRQ) and enters the SDK's upcall entry:
 * the benchmark counts the instructions in between. The handler clears the timer interrupt at the
 * device and re-enables the line with VirqAck.
 * Follows: ARM DDI 0271 (SP804 Dual-Timer TRM) 3.2 register summary (TimerXLoad 0x00, TimerXControl
 * 0x08, TimerXIntClr 0x0C; control bits: 32-bit size [1], interrupt enable [5], periodic [6], enable
 * [7]); docs/HYPERCALLS.md (VirqSetHandler, VirqEnable, VirqAck, VirqReturn).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"

#if defined(BH_DEVICE_TIMER1_BASE) && defined(BH_DEVICE_TIMER1_VIRQ)
#define BENCH_TIMER_BASE BH_DEVICE_TIMER1_BASE
#define BENCH_TIMER_VIRQ BH_DEVICE_TIMER1_VIRQ
#elif defined(BH_DEVICE_TIMER0_BASE) && defined(BH_DEVICE_TIMER0_VIRQ)
#define BENCH_TIMER_BASE BH_DEVICE_TIMER0_BASE
#define BENCH_TIMER_VIRQ BH_DEVICE_TIMER0_VIRQ
#else
#error "virq-timer needs device timer1 or timer0 passed through (bench/systems.ts virqSystem)"
#endif

/* Timer period in timer clocks (the build passes 30 µs in the board's timer clock). */
#ifndef BENCH_TIMER_PERIOD
#define BENCH_TIMER_PERIOD 30u
#endif

#define SP804_LOAD               0x00u
#define SP804_CONTROL            0x08u
#define SP804_INTCLR             0x0Cu
#define SP804_CONTROL_SIZE_32BIT (1u << 1)
#define SP804_CONTROL_INT_ENABLE (1u << 5)
#define SP804_CONTROL_PERIODIC   (1u << 6)
#define SP804_CONTROL_ENABLE     (1u << 7)
/* Any value written to TimerXIntClr clears the interrupt. */
#define SP804_INTCLR_ANY 1u

static void timer_write(uint32_t offset, uint32_t value)
{
    *(volatile uint32_t *)(uintptr_t)(BENCH_TIMER_BASE + offset) = value;
}

static void on_virq(uint32_t virq)
{
    if (virq == BENCH_TIMER_VIRQ) {
        timer_write(SP804_INTCLR, SP804_INTCLR_ANY);
        (void)bh_virq_ack(virq);
    }
}

void bench_spin(void) __attribute__((noinline, noreturn));

void bench_spin(void)
{
    for (;;) {
        __asm__ volatile("");
    }
}

int main(void)
{
    (void)bh_virq_set_handler(on_virq);
    (void)bh_virq_enable(BENCH_TIMER_VIRQ);
    timer_write(SP804_LOAD, BENCH_TIMER_PERIOD);
    timer_write(SP804_CONTROL, SP804_CONTROL_SIZE_32BIT | SP804_CONTROL_INT_ENABLE | SP804_CONTROL_PERIODIC |
                                   SP804_CONTROL_ENABLE);
    bench_spin();
}
