/*
 * arguments.h: the hypercall fuzzer's random source and argument generator. The generator state is a
 * single xorshift32 word owned by the caller (kept in .noinit so a campaign continues across
 * restarts). Arguments are drawn from a biased mix: small integers (VM, port, virtual-interrupt, plan
 * and mode numbers around their valid ranges), pointers at interesting places (the fuzzer's own code,
 * its scratch buffers and the edges of its scratch area, the other VMs, the hypervisor's memory
 * (BH_BOARD_HYPERVISOR_BASE), device registers of the board, 0, -1, the top of the address space,
 * misaligned by 0..3) and lengths (0, 1, sizes around
 * the calls' limits, huge and wrapping ones), or any 32-bit value.
 * Follows: docs/HYPERCALLS.md (argument ranges and limits of every call).
 */
#ifndef FUZZ_ARGUMENTS_H
#define FUZZ_ARGUMENTS_H

#include <stdint.h>

/* Next value of the xorshift32 generator in *state (never 0). */
uint32_t fuzz_random(uint32_t *state);
/* A value in 0 .. bound-1 (bound > 0). */
uint32_t fuzz_below(uint32_t *state, uint32_t bound);
/* One hypercall argument from the biased mix. */
uint32_t fuzz_argument(uint32_t *state);
/* Hypercall numbers the call instruction can carry: the 24-bit SVC immediate, or the 16-bit HVC one
 * (BH_HYPERCALL_HVC; the hypervisor reads ISS[15:0]). */
#if defined(BH_HYPERCALL_HVC)
#define FUZZ_NUMBER_MASK 0x0000FFFFu
#else
#define FUZZ_NUMBER_MASK 0x00FFFFFFu
#endif

/* A hypercall number: mostly assigned ones, then the rest of 0..255, then any value FUZZ_NUMBER_MASK
 * allows. */
uint32_t fuzz_number(uint32_t *state);

/* Pointers into the fuzzer's own data point into the first FUZZ_TARGET_BYTES of fuzz_buffer; the rest
 * of it is a landing zone for the valid writes those calls make (the longest valid length drawn is 4096
 * bytes), so no call can reach the fuzzer's state behind it. */
#define FUZZ_TARGET_BYTES 256u
#define FUZZ_BUFFER_WORDS 2176u
extern uint32_t fuzz_buffer[FUZZ_BUFFER_WORDS];

#endif /* FUZZ_ARGUMENTS_H */
