/*
 * port-rx: benchmark guest, destination side of the port benchmarks (bench/ports.ts). In each of its
 * slots it makes BENCH_BATCH SamplingRead and BENCH_BATCH QueuingReceive calls on every port
 * `s<size>` / `q<size>` the system declares (each kind optional; sizes 8..1024), into a buffer of
 * exactly the message size, then yields. Each (call, size) pair has its own function, so its `svc` has
 * its own address: the benchmark counts QEMU's executed instructions from that `svc` to the next
 * instruction of the guest. The source (port-tx) sends BENCH_BATCH messages per queue in its slot, so
 * every receive finds a message. The batch, the function skeleton and the list of declared ports come
 * from ../port-bench.h, shared with port-tx.
 * Follows: docs/HYPERCALLS.md (SamplingRead, QueuingReceive, Yield).
 */
#include "bulkhead.h"
#include "../port-bench.h"

static uint8_t buffer[BENCH_MAX_MESSAGE];

/* One function per call and port size (bench/ports.ts finds each by its name). */
#define BENCH_SAMPLING_READ(size)                                        \
    BENCH_BATCHED_CALLS(bench_sampling_read_##size, bh_sample_info info; \
                        , bh_sampling_read(BH_PORT_S##size, buffer, size##u, &info))

#define BENCH_QUEUING_RECEIVE(size)                                                        \
    BENCH_BATCHED_CALLS(bench_queuing_receive_##size, uint32_t length; uint32_t remaining; \
                        , bh_queuing_receive(BH_PORT_Q##size, buffer, size##u, &length, &remaining))

#define BENCH_CALL_SAMPLING_READ(size)   bench_sampling_read_##size();
#define BENCH_CALL_QUEUING_RECEIVE(size) bench_queuing_receive_##size();

BENCH_EACH_PORT(BENCH_SAMPLING_READ, BENCH_QUEUING_RECEIVE)

int main(void)
{
    for (;;) {
        BENCH_EACH_PORT(BENCH_CALL_SAMPLING_READ, BENCH_CALL_QUEUING_RECEIVE)
        (void)bh_yield();
    }
}
