/*
 * run_counter.h: the run counter of the test guests that number their runs across restarts
 * (crash-at-start, intruder, rewrite-code). Its two words are in .noinit (BH_NOINIT), which crt0
 * neither copies nor zeroes, so they keep their values when the health monitor restarts the VM; a
 * marker word, set to the guest's own magic value on the first run, tells a counter already in use
 * from memory whose content is unspecified (after power-on or a cold start).
 * Defines the counter's storage: include it from one source file of a guest.
 * Follows: guests/sdk/include/bulkhead.h (BH_NOINIT) and the guest linker script's .noinit section
 * (cli/build/generate/guest-linker-script.ts).
 */
#ifndef GUESTS_TEST_RUN_COUNTER_H
#define GUESTS_TEST_RUN_COUNTER_H

#include "bulkhead.h"

/* Holds the guest's magic value once the counter has been set up. */
static BH_NOINIT uint32_t run_counter_marker;
/* Runs counted so far. */
static BH_NOINIT uint32_t run_counter_runs;

/* Counts this run and returns how many came before it (0 on the first run, or after memory lost the
 * counter). `magic` is the guest's own marker value. */
static inline uint32_t run_counter_next(uint32_t magic)
{
    if (run_counter_marker != magic) {
        run_counter_marker = magic;
        run_counter_runs = 0u;
    }
    uint32_t earlier = run_counter_runs;
    run_counter_runs = earlier + 1u;
    return earlier;
}

#endif
