/*
 * port-bench.h: what the two port benchmark guests share (bench/guests/port-tx and port-rx, measured
 * by bench/ports.ts): the batch of calls each makes per port and slot, the largest message size,
 * BENCH_BATCHED_CALLS (one out-of-line function making one call a batch of times) and
 * BENCH_EACH_PORT(SAMPLING, QUEUING), which expands SAMPLING(size) for every sampling port `s<size>`
 * and QUEUING(size) for every queuing port `q<size>` the VM's generated system header declares, sizes
 * 8..1024 in the order s8 q8 s16 q16 ... s1024 q1024; a port the system lacks expands to nothing.
 * A guest passes BENCH_EACH_PORT macros that define its functions, then macros that call them.
 * Follows: docs/HYPERCALLS.md (port handles BH_PORT_<NAME> of bulkhead_system.h).
 */
#ifndef BENCH_PORT_BENCH_H
#define BENCH_PORT_BENCH_H

#include "bulkhead_system.h"

/* Calls per port and slot (the build passes the queues' depth). */
#ifndef BENCH_BATCH
#define BENCH_BATCH 4u
#endif
/* The largest message of any port the benchmark declares. */
#define BENCH_MAX_MESSAGE 1024u

/* Defines `void name(void)`, never inlined so that its `svc` has an address of its own: it declares
 * `locals` (may be empty), then makes `call` BENCH_BATCH times, ignoring the result. */
#define BENCH_BATCHED_CALLS(name, locals, call)                            \
    void name(void) __attribute__((noinline));                             \
    void name(void)                                                        \
    {                                                                      \
        locals for (uint32_t i = 0u; i < BENCH_BATCH; i++) { (void)call; } \
    }

/* BENCH_IF_S<size>(x), BENCH_IF_Q<size>(x): x when the system declares port s<size> / q<size>. */
#ifdef BH_PORT_S8
#define BENCH_IF_S8(x) x
#else
#define BENCH_IF_S8(x)
#endif
#ifdef BH_PORT_Q8
#define BENCH_IF_Q8(x) x
#else
#define BENCH_IF_Q8(x)
#endif
#ifdef BH_PORT_S16
#define BENCH_IF_S16(x) x
#else
#define BENCH_IF_S16(x)
#endif
#ifdef BH_PORT_Q16
#define BENCH_IF_Q16(x) x
#else
#define BENCH_IF_Q16(x)
#endif
#ifdef BH_PORT_S32
#define BENCH_IF_S32(x) x
#else
#define BENCH_IF_S32(x)
#endif
#ifdef BH_PORT_Q32
#define BENCH_IF_Q32(x) x
#else
#define BENCH_IF_Q32(x)
#endif
#ifdef BH_PORT_S64
#define BENCH_IF_S64(x) x
#else
#define BENCH_IF_S64(x)
#endif
#ifdef BH_PORT_Q64
#define BENCH_IF_Q64(x) x
#else
#define BENCH_IF_Q64(x)
#endif
#ifdef BH_PORT_S128
#define BENCH_IF_S128(x) x
#else
#define BENCH_IF_S128(x)
#endif
#ifdef BH_PORT_Q128
#define BENCH_IF_Q128(x) x
#else
#define BENCH_IF_Q128(x)
#endif
#ifdef BH_PORT_S256
#define BENCH_IF_S256(x) x
#else
#define BENCH_IF_S256(x)
#endif
#ifdef BH_PORT_Q256
#define BENCH_IF_Q256(x) x
#else
#define BENCH_IF_Q256(x)
#endif
#ifdef BH_PORT_S512
#define BENCH_IF_S512(x) x
#else
#define BENCH_IF_S512(x)
#endif
#ifdef BH_PORT_Q512
#define BENCH_IF_Q512(x) x
#else
#define BENCH_IF_Q512(x)
#endif
#ifdef BH_PORT_S1024
#define BENCH_IF_S1024(x) x
#else
#define BENCH_IF_S1024(x)
#endif
#ifdef BH_PORT_Q1024
#define BENCH_IF_Q1024(x) x
#else
#define BENCH_IF_Q1024(x)
#endif

/* SAMPLING(size) and QUEUING(size) for every declared port, smallest size first. */
/* clang-format off */
#define BENCH_EACH_PORT(SAMPLING, QUEUING)                       \
    BENCH_IF_S8(SAMPLING(8)) BENCH_IF_Q8(QUEUING(8))             \
    BENCH_IF_S16(SAMPLING(16)) BENCH_IF_Q16(QUEUING(16))         \
    BENCH_IF_S32(SAMPLING(32)) BENCH_IF_Q32(QUEUING(32))         \
    BENCH_IF_S64(SAMPLING(64)) BENCH_IF_Q64(QUEUING(64))         \
    BENCH_IF_S128(SAMPLING(128)) BENCH_IF_Q128(QUEUING(128))     \
    BENCH_IF_S256(SAMPLING(256)) BENCH_IF_Q256(QUEUING(256))     \
    BENCH_IF_S512(SAMPLING(512)) BENCH_IF_Q512(QUEUING(512))     \
    BENCH_IF_S1024(SAMPLING(1024)) BENCH_IF_Q1024(QUEUING(1024))
/* clang-format on */

#endif /* BENCH_PORT_BENCH_H */
