/*
 * hypercall-null: benchmark guest for the null hypercall round trip. Issues the Version hypercall
 * BENCH_HYPERCALLS times back to back from USR mode, then prints "hypercall-null done" and yields
 * forever. The instructions of each round trip are counted outside the guest (bench/hypercall-null.ts:
 * QEMU's per-instruction execution log from the `svc` to the next instruction of the guest), so the
 * guest itself only has to make the calls.
 * Follows: docs/HYPERCALLS.md (Version, ConsoleWrite, Yield).
 */
#include "bulkhead.h"

#define BENCH_HYPERCALLS 1100u

int main(void)
{
    for (uint32_t i = 0u; i < BENCH_HYPERCALLS; i++) {
        (void)bh_svc_version(0u, 0u, 0u, 0u);
    }
    (void)bh_printf("hypercall-null done\n");
    for (;;) {
        (void)bh_yield();
    }
}
