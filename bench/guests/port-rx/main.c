/*
 * port-rx: benchmark guest, destination side of the port benchmarks (bench/ports.ts). In each of its
 * slots it makes BENCH_BATCH SamplingRead and BENCH_BATCH QueuingReceive calls on every port `s<size>` /
 * `q<size>` the system declares (each kind optional) (sizes 8..1024), into a buffer of exactly the message size, then
 * yields. Each (call, size) pair has its own function, so its `svc` has its own address: the benchmark
 * counts QEMU's executed instructions from that `svc` to the next instruction of the guest. The source
 * (port-tx) sends BENCH_BATCH messages per queue in its slot, so every receive finds a message.
 * Follows: docs/HYPERCALLS.md (SamplingRead, QueuingReceive, Yield).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"

#ifndef BENCH_BATCH
#define BENCH_BATCH 4u
#endif
#define BENCH_MAX_MESSAGE 1024u

static uint8_t buffer[BENCH_MAX_MESSAGE];

#define BENCH_SAMPLING_CALLS(size)                                                                  \
    void bench_sampling_read_##size(void) __attribute__((noinline));                             \
    void bench_sampling_read_##size(void)                                                        \
    {                                                                                            \
        bh_sample_info info;                                                                     \
        for (uint32_t i = 0u; i < BENCH_BATCH; i++) {                                            \
            (void)bh_sampling_read(BH_PORT_S##size, buffer, size##u, &info);                     \
        }                                                                                        \
    }

#define BENCH_QUEUING_CALLS(size)                                                                   \
    void bench_queuing_receive_##size(void) __attribute__((noinline));                           \
    void bench_queuing_receive_##size(void)                                                      \
    {                                                                                            \
        uint32_t length;                                                                         \
        uint32_t remaining;                                                                      \
        for (uint32_t i = 0u; i < BENCH_BATCH; i++) {                                            \
            (void)bh_queuing_receive(BH_PORT_Q##size, buffer, size##u, &length, &remaining);     \
        }                                                                                        \
    }

#ifdef BH_PORT_S8
BENCH_SAMPLING_CALLS(8)
#endif
#ifdef BH_PORT_Q8
BENCH_QUEUING_CALLS(8)
#endif
#ifdef BH_PORT_S16
BENCH_SAMPLING_CALLS(16)
#endif
#ifdef BH_PORT_Q16
BENCH_QUEUING_CALLS(16)
#endif
#ifdef BH_PORT_S32
BENCH_SAMPLING_CALLS(32)
#endif
#ifdef BH_PORT_Q32
BENCH_QUEUING_CALLS(32)
#endif
#ifdef BH_PORT_S64
BENCH_SAMPLING_CALLS(64)
#endif
#ifdef BH_PORT_Q64
BENCH_QUEUING_CALLS(64)
#endif
#ifdef BH_PORT_S128
BENCH_SAMPLING_CALLS(128)
#endif
#ifdef BH_PORT_Q128
BENCH_QUEUING_CALLS(128)
#endif
#ifdef BH_PORT_S256
BENCH_SAMPLING_CALLS(256)
#endif
#ifdef BH_PORT_Q256
BENCH_QUEUING_CALLS(256)
#endif
#ifdef BH_PORT_S512
BENCH_SAMPLING_CALLS(512)
#endif
#ifdef BH_PORT_Q512
BENCH_QUEUING_CALLS(512)
#endif
#ifdef BH_PORT_S1024
BENCH_SAMPLING_CALLS(1024)
#endif
#ifdef BH_PORT_Q1024
BENCH_QUEUING_CALLS(1024)
#endif

int main(void)
{
    for (;;) {
#ifdef BH_PORT_S8
        bench_sampling_read_8();
#endif
#ifdef BH_PORT_Q8
        bench_queuing_receive_8();
#endif
#ifdef BH_PORT_S16
        bench_sampling_read_16();
#endif
#ifdef BH_PORT_Q16
        bench_queuing_receive_16();
#endif
#ifdef BH_PORT_S32
        bench_sampling_read_32();
#endif
#ifdef BH_PORT_Q32
        bench_queuing_receive_32();
#endif
#ifdef BH_PORT_S64
        bench_sampling_read_64();
#endif
#ifdef BH_PORT_Q64
        bench_queuing_receive_64();
#endif
#ifdef BH_PORT_S128
        bench_sampling_read_128();
#endif
#ifdef BH_PORT_Q128
        bench_queuing_receive_128();
#endif
#ifdef BH_PORT_S256
        bench_sampling_read_256();
#endif
#ifdef BH_PORT_Q256
        bench_queuing_receive_256();
#endif
#ifdef BH_PORT_S512
        bench_sampling_read_512();
#endif
#ifdef BH_PORT_Q512
        bench_queuing_receive_512();
#endif
#ifdef BH_PORT_S1024
        bench_sampling_read_1024();
#endif
#ifdef BH_PORT_Q1024
        bench_queuing_receive_1024();
#endif
        (void)bh_yield();
    }
}
