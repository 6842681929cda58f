/*
 * Code-quality harness for the scheduler kernel: one tick decision per call, the VM running during the
 * tick being the owner returned by the previous call, a plan switch requested every 50 ticks
 * (alternating plans 1 and 0); generated (slot_lookup_scheduler_tick) and hand-written
 * (hand_scheduler_tick) versions each counted, returned owners and the final accounting compared, the
 * report printed. Reproduced on the host by bench/codegen/drivers.ts.
 * Follows: harness.h (counting, inputs, digest).
 */
#include "hand_kernels.h"
#include "harness.h"
#include "slot_lookup.h"

#define SCHED_REQUEST_PERIOD 50u

int main(void)
{
    bsp_board_init();
    harness_calibrate();
    uint32_t ts_total = 0u;
    uint32_t c_total = 0u;
    uint32_t digest = HARNESS_FNV_OFFSET;
    uint32_t running = 0u;
    slot_lookup_scheduler_start();
    hand_scheduler_start();
    for (uint32_t call = 0u; call < HARNESS_ITERATIONS; call++) {
        if (call % SCHED_REQUEST_PERIOD == SCHED_REQUEST_PERIOD - 1u) {
            uint32_t plan = 1u - (call / SCHED_REQUEST_PERIOD) % 2u;
            slot_lookup_scheduler_request_plan(plan);
            hand_scheduler_request_plan(plan);
        }
        uint32_t ts_value;
        uint32_t c_value;
        HARNESS_MEASURE(ts_total, harness_ts_sink = (uint32_t)slot_lookup_scheduler_tick(running));
        ts_value = (uint32_t)harness_ts_sink;
        HARNESS_MEASURE(c_total, harness_c_sink = (uint32_t)hand_scheduler_tick(running));
        c_value = (uint32_t)harness_c_sink;
        if (ts_value != c_value) {
            harness_mismatch("slot-lookup", call, ts_value, c_value);
        }
        digest = harness_mix(digest, ts_value);
        running = ts_value;
    }
    uint32_t ts_accounting = slot_lookup_scheduler_digest();
    uint32_t c_accounting = hand_scheduler_digest();
    if (ts_accounting != c_accounting) {
        harness_mismatch("slot-lookup", HARNESS_ITERATIONS, ts_accounting, c_accounting);
    }
    digest = harness_mix(digest, ts_accounting);
    return harness_report("slot-lookup", HARNESS_ITERATIONS, ts_total, c_total, digest);
}
