/*
 * spin: benchmark guest that never calls the hypervisor: it loops in bench_spin() until the tick takes
 * the CPU away. The latency benchmarks leave bench_spin out of QEMU's execution log (-dfilter), so the
 * log holds only what the hypervisor executes around the switches.
 * Follows: guests/sdk/README.md (crt0 calls main in USR mode).
 */
#include "bulkhead.h"

void bench_spin(void) __attribute__((noinline, noreturn));

void bench_spin(void)
{
    for (;;) {
        __asm__ volatile("");
    }
}

int main(void) { bench_spin(); }
