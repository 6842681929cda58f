/*
 * crash-at-start: test guest for crash loops. Every start prints its start number (kept in .noinit,
 * which crt0 leaves alone, so it counts restarts) and then executes a permanently undefined
 * instruction: the health policy restarts it until the restart limit halts it.
 *   crash: start <n>
 * Follows: docs/HYPERCALLS.md (ConsoleWrite); ARM DDI 0406C A8.8.247 (UDF, permanently undefined,
 * raises the Undefined Instruction exception).
 */
#include "bulkhead.h"
#include "../run_counter.h"

/* This guest's marker of an initialised run counter (run_counter.h). */
#define STATE_MAGIC 0xC7A5E001u

int main(void)
{
    uint32_t start = run_counter_next(STATE_MAGIC);
    (void)bh_printf("crash: start %lu\n", (unsigned long)start);
    __asm__ volatile("udf #0");
    (void)bh_printf("crash: NOT STOPPED\n");
    for (;;) {
        (void)bh_yield();
    }
}
