/*
 * spin: test guest for slot enforcement. It announces itself once, then loops forever without any
 * hypercall; only the hypervisor's tick can take the CPU away from it at its slot end.
 * Follows: docs/HYPERCALLS.md (ConsoleWrite).
 */
#include "bulkhead.h"

/* Loop counter kept in memory so the loop is not optimised away. */
static volatile uint32_t spins;

int main(void)
{
    (void)bh_printf("spin: start\n");
    for (;;) {
        spins = spins + 1u;
    }
}
