/*
 * port-tx: benchmark guest, source side of the port benchmarks (bench/ports.ts). In each of its slots it
 * makes BENCH_BATCH SamplingWrite and BENCH_BATCH QueuingSend calls on every port `s<size>` / `q<size>`
 * the system declares (each kind optional) (sizes 8..1024), full-size messages, then yields. Each (call, size) pair has its
 * own function, so its `svc` has its own address: the benchmark counts QEMU's executed instructions from
 * that `svc` to the next instruction of the guest. BENCH_BATCH must not exceed the queues' depth (the
 * receiver empties them in its slot), so no send finds a queue full.
 * Follows: docs/HYPERCALLS.md (SamplingWrite, QueuingSend, Yield).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"

#ifndef BENCH_BATCH
#define BENCH_BATCH 4u
#endif
#define BENCH_MAX_MESSAGE 1024u

static uint8_t message[BENCH_MAX_MESSAGE];

/* One function per call and port size; absent ports compile to nothing. */
#define BENCH_SAMPLING_CALLS(size)                                                                  \
    void bench_sampling_write_##size(void) __attribute__((noinline));                            \
    void bench_sampling_write_##size(void)                                                       \
    {                                                                                            \
        for (uint32_t i = 0u; i < BENCH_BATCH; i++) {                                            \
            (void)bh_sampling_write(BH_PORT_S##size, message, size##u);                          \
        }                                                                                        \
    }

#define BENCH_QUEUING_CALLS(size)                                                                   \
    void bench_queuing_send_##size(void) __attribute__((noinline));                              \
    void bench_queuing_send_##size(void)                                                         \
    {                                                                                            \
        for (uint32_t i = 0u; i < BENCH_BATCH; i++) {                                            \
            (void)bh_queuing_send(BH_PORT_Q##size, message, size##u);                            \
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
    for (uint32_t i = 0u; i < BENCH_MAX_MESSAGE; i++) {
        message[i] = (uint8_t)i;
    }
    for (;;) {
#ifdef BH_PORT_S8
        bench_sampling_write_8();
#endif
#ifdef BH_PORT_Q8
        bench_queuing_send_8();
#endif
#ifdef BH_PORT_S16
        bench_sampling_write_16();
#endif
#ifdef BH_PORT_Q16
        bench_queuing_send_16();
#endif
#ifdef BH_PORT_S32
        bench_sampling_write_32();
#endif
#ifdef BH_PORT_Q32
        bench_queuing_send_32();
#endif
#ifdef BH_PORT_S64
        bench_sampling_write_64();
#endif
#ifdef BH_PORT_Q64
        bench_queuing_send_64();
#endif
#ifdef BH_PORT_S128
        bench_sampling_write_128();
#endif
#ifdef BH_PORT_Q128
        bench_queuing_send_128();
#endif
#ifdef BH_PORT_S256
        bench_sampling_write_256();
#endif
#ifdef BH_PORT_Q256
        bench_queuing_send_256();
#endif
#ifdef BH_PORT_S512
        bench_sampling_write_512();
#endif
#ifdef BH_PORT_Q512
        bench_queuing_send_512();
#endif
#ifdef BH_PORT_S1024
        bench_sampling_write_1024();
#endif
#ifdef BH_PORT_Q1024
        bench_queuing_send_1024();
#endif
        (void)bh_yield();
    }
}
