/*
 * Shared part of the code-quality benchmark's bare-metal harnesses (bench/codegen/harness/<kernel>.c):
 * the instruction counter around one kernel call, the input generator and the output digest that the
 * host driver (bench/codegen/drivers.ts) reproduces bit for bit, and the report lines the benchmark
 * parses from the console.
 * Follows: Cortex-R5 TRM (ARM DDI 0460) 6.3 (PMCCNTR read with MRC p15, 0, <Rt>, c9, c13, 0); under
 * QEMU -icount shift=0 the counter advances one per instruction.
 */
#ifndef BENCH_CODEGEN_HARNESS_H
#define BENCH_CODEGEN_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "bsp.h"

#ifndef HARNESS_ITERATIONS
#define HARNESS_ITERATIONS 100u
#endif

#define HARNESS_EXIT_MISMATCH 3
#define HARNESS_FNV_PRIME     16777619u
#define HARNESS_FNV_OFFSET    2166136261u
#define HARNESS_SEED          0x2545f491u

/* PMCCNTR, inline so a measurement adds no call of its own. */
static inline uint32_t harness_cycles(void)
{
    uint32_t value;
    __asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(value) : : "memory");
    return value;
}

/* Instructions a measurement counts around nothing (the store and the second counter read),
 * subtracted from each. */
extern uint32_t harness_overhead;
void harness_calibrate(void);

/* Counter value at the start of the current measurement. Kept in memory (one store inside every
 * measurement, the same for both versions and subtracted with the counter read) so the compiler never
 * has to spill it around the call, which it would do for one call site and not the other. */
extern volatile uint32_t harness_window_start;

/* Counts the instructions of `call` (a statement) into the uint32_t `total`. */
#define HARNESS_MEASURE(total, call)                                       \
    do {                                                                   \
        harness_window_start = harness_cycles();                           \
        call;                                                              \
        uint32_t harness_end_ = harness_cycles();                          \
        (total) += harness_end_ - harness_window_start - harness_overhead; \
    } while (0)

/* Where a measured call's result goes: a store inside the measurement for both versions alike (a
 * result kept in a register instead costs one version a move the other does not). */
extern volatile uint32_t harness_ts_sink;
extern volatile uint32_t harness_c_sink;

/* xorshift32 input generator. */
uint32_t harness_random(uint32_t *state);
/* FNV-1a style fold of one 32-bit value into a digest. */
static inline uint32_t harness_mix(uint32_t digest, uint32_t value)
{
    return (digest ^ value) * HARNESS_FNV_PRIME;
}

/* Prints `codegen kernel=<name> calls=<n> ts_instr=<t> c_instr=<c> digest=<hex>` and returns 0. */
int harness_report(const char *kernel, uint32_t calls, uint32_t ts_total, uint32_t c_total, uint32_t digest);
/* Prints `codegen MISMATCH kernel=<name> call=<n> ts=<hex> c=<hex>` and exits with HARNESS_EXIT_MISMATCH. */
void harness_mismatch(const char *kernel, uint32_t call, uint32_t ts_value, uint32_t c_value)
    __attribute__((noreturn));

#endif
