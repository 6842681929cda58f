/*
 * ping: test guest for slot timing. Once per slot it prints "ping <count> tick <ticks>" (count
 * from 0, ticks from GetTime) and yields, so each line marks the start of one of its slots.
 * Follows: docs/HYPERCALLS.md (GetTime, ConsoleWrite, Yield).
 */
#include "bulkhead.h"

int main(void)
{
    for (uint32_t count = 0u;; count++) {
        (void)bh_printf("ping %lu tick %lu\n", (unsigned long)count, (unsigned long)bh_ticks());
        (void)bh_yield();
    }
}
