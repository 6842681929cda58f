/*
 * crash-at-start: test guest for crash loops. Every start prints its start number (kept in .noinit,
 * which crt0 leaves alone, so it counts restarts) and then executes a permanently undefined
 * instruction: the health policy restarts it until the restart limit halts it.
 *   crash: start <n>
 * Follows: docs/HYPERCALLS.md (ConsoleWrite); ARM DDI 0406C A8.8.247 (UDF, permanently undefined,
 * raises the Undefined Instruction exception).
 */
#include "bulkhead.h"

/* Marks the .noinit counter as initialised (RAM content after power-on is unspecified). */
#define STATE_MAGIC 0xC7A5E001u

static BH_NOINIT uint32_t state_magic;
static BH_NOINIT uint32_t starts;

int main(void)
{
    if (state_magic != STATE_MAGIC) {
        state_magic = STATE_MAGIC;
        starts = 0u;
    }
    uint32_t start = starts;
    starts = start + 1u;
    (void)bh_printf("crash: start %lu\n", (unsigned long)start);
    __asm__ volatile("udf #0");
    (void)bh_printf("crash: NOT STOPPED\n");
    for (;;) {
        (void)bh_yield();
    }
}
