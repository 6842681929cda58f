/*
 * Code-quality harness for the Q16.16 PID kernel: one controller step per call on generated
 * measurements (within ±128.0, every eighth one a raw 32-bit value that drives the products and sums
 * into saturation) against a setpoint that alternates between 50.0 and -300.0; generated (pid_step)
 * and hand-written (hand_pid_step) versions each counted, their outputs compared, the report printed.
 * Reproduced on the host by bench/codegen/drivers.ts.
 * Follows: harness.h (counting, inputs, digest).
 */
#include "hand_kernels.h"
#include "harness.h"
#include "pid.h"

#define PID_SETPOINT_HIGH      0x00320000    /* 50.0 in Q16.16 */
#define PID_SETPOINT_LOW       (-0x012c0000) /* -300.0 */
#define PID_SETPOINT_PERIOD    64u           /* calls between setpoint changes */
#define PID_RAW_EVERY          8u            /* every eighth measurement is a raw 32-bit value */
#define PID_MEASUREMENT_OFFSET 0x00800000    /* centres the 24-bit measurement on 0 (±128.0) */

int main(void)
{
    bsp_board_init();
    harness_calibrate();
    uint32_t rng = HARNESS_SEED;
    uint32_t ts_total = 0u;
    uint32_t c_total = 0u;
    uint32_t digest = HARNESS_FNV_OFFSET;
    for (uint32_t call = 0u; call < HARNESS_ITERATIONS; call++) {
        uint32_t r = harness_random(&rng);
        int32_t measurement = (call % PID_RAW_EVERY == PID_RAW_EVERY - 1u)
                                  ? (int32_t)r
                                  : (int32_t)(r >> 8) - PID_MEASUREMENT_OFFSET;
        int32_t setpoint = ((call / PID_SETPOINT_PERIOD) % 2u == 0u) ? PID_SETPOINT_HIGH : PID_SETPOINT_LOW;
        int32_t ts_value;
        int32_t c_value;
        HARNESS_MEASURE(ts_total,
                        harness_ts_sink = (uint32_t)pid_step(&pid_controller, setpoint, measurement));
        ts_value = (int32_t)harness_ts_sink;
        HARNESS_MEASURE(c_total,
                        harness_c_sink = (uint32_t)hand_pid_step(&hand_controller, setpoint, measurement));
        c_value = (int32_t)harness_c_sink;
        if (ts_value != c_value) {
            harness_mismatch("pid", call, (uint32_t)ts_value, (uint32_t)c_value);
        }
        digest = harness_mix(digest, (uint32_t)ts_value);
    }
    return harness_report("pid", HARNESS_ITERATIONS, ts_total, c_total, digest);
}
