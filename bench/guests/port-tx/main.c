/*
 * port-tx: benchmark guest, source side of the port benchmarks (bench/ports.ts). In each of its slots
 * it makes BENCH_BATCH SamplingWrite and BENCH_BATCH QueuingSend calls on every port `s<size>` /
 * `q<size>` the system declares (each kind optional; sizes 8..1024), full-size messages, then yields.
 * Each (call, size) pair has its own function, so its `svc` has its own address: the benchmark counts
 * QEMU's executed instructions from that `svc` to the next instruction of the guest. BENCH_BATCH must
 * not exceed the queues' depth (the receiver empties them in its slot), so no send finds a queue full.
 * The batch, the function skeleton and the list of declared ports come from ../port-bench.h, shared
 * with port-rx.
 * Follows: docs/HYPERCALLS.md (SamplingWrite, QueuingSend, Yield).
 */
#include "bulkhead.h"
#include "../port-bench.h"

static uint8_t message[BENCH_MAX_MESSAGE];

/* One function per call and port size (bench/ports.ts finds each by its name). */
#define BENCH_SAMPLING_WRITE(size)                                    \
    BENCH_BATCHED_CALLS(bench_sampling_write_##size, /* no locals */, \
                        bh_sampling_write(BH_PORT_S##size, message, size##u))

#define BENCH_QUEUING_SEND(size)                                    \
    BENCH_BATCHED_CALLS(bench_queuing_send_##size, /* no locals */, \
                        bh_queuing_send(BH_PORT_Q##size, message, size##u))

#define BENCH_CALL_SAMPLING_WRITE(size) bench_sampling_write_##size();
#define BENCH_CALL_QUEUING_SEND(size)   bench_queuing_send_##size();

BENCH_EACH_PORT(BENCH_SAMPLING_WRITE, BENCH_QUEUING_SEND)

int main(void)
{
    for (uint32_t i = 0u; i < BENCH_MAX_MESSAGE; i++) {
        message[i] = (uint8_t)i;
    }
    for (;;) {
        BENCH_EACH_PORT(BENCH_CALL_SAMPLING_WRITE, BENCH_CALL_QUEUING_SEND)
        (void)bh_yield();
    }
}
