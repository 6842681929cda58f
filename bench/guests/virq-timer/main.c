/*
 * virq-timer: benchmark guest for the virtual-interrupt latency (bench/virq-latency.ts). The second
 * SP804 module (`timer1`) is passed through to this VM; the guest programs its first counter as a
 * periodic 32-bit timer with its interrupt enabled, registers an upcall handler, then spins in
 * bench_spin() (kept out of QEMU's execution log). Each timer interrupt reaches the hypervisor's IRQ
 * vector, is forwarded as virtual interrupt BH_DEVICE_TIMER1_VIRQ and enters the SDK's upcall entry:
 * the benchmark counts the instructions in between. The handler clears the timer interrupt at the
 * device and re-enables the line with VirqAck.
 * Follows: ARM DDI 0271 (SP804 Dual-Timer TRM) 3.2 register summary (TimerXLoad 0x00, TimerXControl
 * 0x08, TimerXIntClr 0x0C; control bits: 32-bit size [1], interrupt enable [5], periodic [6], enable
 * [7]); docs/HYPERCALLS.md (VirqSetHandler, VirqEnable, VirqAck, VirqReturn).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"

#if !defined(BH_DEVICE_TIMER1_BASE) || !defined(BH_DEVICE_TIMER1_VIRQ)
#error "virq-timer needs device timer1 passed through (bench/systems.ts virqSystem)"
#endif

/* Timer period in timer clocks (1 MHz on realview-eb: microseconds). */
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
    *(volatile uint32_t *)(uintptr_t)(BH_DEVICE_TIMER1_BASE + offset) = value;
}

static void on_virq(uint32_t virq)
{
    if (virq == BH_DEVICE_TIMER1_VIRQ) {
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
    (void)bh_virq_enable(BH_DEVICE_TIMER1_VIRQ);
    timer_write(SP804_LOAD, BENCH_TIMER_PERIOD);
    timer_write(SP804_CONTROL, SP804_CONTROL_SIZE_32BIT | SP804_CONTROL_INT_ENABLE | SP804_CONTROL_PERIODIC |
                                   SP804_CONTROL_ENABLE);
    bench_spin();
}
