/*
 * Code-quality harness for the ring-buffer kernel: per iteration a burst of 1..64 pushes of generated
 * bytes, then a burst of 0..63 pops, so the buffer fills up, refuses pushes when full and drains; every
 * push and pop of the generated (ring_buffer_push/pop) and hand-written (hand_ring_push/pop) versions
 * counted, results compared, the report printed. Reproduced on the host by bench/codegen/drivers.ts.
 * Follows: harness.h (counting, inputs, digest).
 */
#include "hand_kernels.h"
#include "harness.h"
#include "ring_buffer.h"

#define RING_BURST_MASK 63u

int main(void)
{
    bsp_board_init();
    harness_calibrate();
    uint32_t rng = HARNESS_SEED;
    uint32_t ts_total = 0u;
    uint32_t c_total = 0u;
    uint32_t calls = 0u;
    uint32_t digest = HARNESS_FNV_OFFSET;
    for (uint32_t iteration = 0u; iteration < HARNESS_ITERATIONS; iteration++) {
        uint32_t burst = harness_random(&rng);
        uint32_t pushes = 1u + (burst & RING_BURST_MASK);
        uint32_t pops = (burst >> 6) & RING_BURST_MASK;
        for (uint32_t i = 0u; i < pushes; i++) {
            uint8_t value = (uint8_t)harness_random(&rng);
            bool ts_value;
            bool c_value;
            HARNESS_MEASURE(ts_total, harness_ts_sink = (uint32_t)ring_buffer_push(&ring_buffer_ring, value));
            ts_value = (bool)harness_ts_sink;
            HARNESS_MEASURE(c_total, harness_c_sink = (uint32_t)hand_ring_push(&hand_ring, value));
            c_value = (bool)harness_c_sink;
            if (ts_value != c_value) {
                harness_mismatch("ring-buffer", calls, ts_value, c_value);
            }
            digest = harness_mix(digest, ts_value ? 1u : 0u);
            calls++;
        }
        for (uint32_t i = 0u; i < pops; i++) {
            int32_t ts_value;
            int32_t c_value;
            HARNESS_MEASURE(ts_total, harness_ts_sink = (uint32_t)ring_buffer_pop(&ring_buffer_ring));
            ts_value = (int32_t)harness_ts_sink;
            HARNESS_MEASURE(c_total, harness_c_sink = (uint32_t)hand_ring_pop(&hand_ring));
            c_value = (int32_t)harness_c_sink;
            if (ts_value != c_value) {
                harness_mismatch("ring-buffer", calls, (uint32_t)ts_value, (uint32_t)c_value);
            }
            digest = harness_mix(digest, (uint32_t)ts_value);
            calls++;
        }
    }
    return harness_report("ring-buffer", calls, ts_total, c_total, digest);
}
