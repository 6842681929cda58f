/*
 * Code-quality harness for the CRC-32 kernel: CRC-32 of a 256-byte buffer, one byte changed before each
 * call, the generated version (crc32_crc32) and the hand-written one (hand_crc32) each counted, their
 * results compared, the report printed. Reproduced on the host by bench/codegen/drivers.ts.
 * Follows: harness.h (counting, inputs, digest).
 */
#include "crc32.h"
#include "hand_kernels.h"
#include "harness.h"

#define CRC_INPUT_BYTES 256u

static uint8_t input[CRC_INPUT_BYTES];

int main(void)
{
    bsp_board_init();
    harness_calibrate();
    uint32_t rng = HARNESS_SEED;
    for (uint32_t i = 0u; i < CRC_INPUT_BYTES; i++) {
        input[i] = (uint8_t)harness_random(&rng);
    }
    uint32_t ts_total = 0u;
    uint32_t c_total = 0u;
    uint32_t digest = HARNESS_FNV_OFFSET;
    for (uint32_t call = 0u; call < HARNESS_ITERATIONS; call++) {
        input[call % CRC_INPUT_BYTES] = (uint8_t)harness_random(&rng);
        uint32_t ts_value;
        uint32_t c_value;
        HARNESS_MEASURE(ts_total, harness_ts_sink = (uint32_t)crc32_crc32(input, CRC_INPUT_BYTES));
        ts_value = (uint32_t)harness_ts_sink;
        HARNESS_MEASURE(c_total, harness_c_sink = (uint32_t)hand_crc32(input, CRC_INPUT_BYTES));
        c_value = (uint32_t)harness_c_sink;
        if (ts_value != c_value) {
            harness_mismatch("crc32", call, ts_value, c_value);
        }
        digest = harness_mix(digest, ts_value);
    }
    return harness_report("crc32", HARNESS_ITERATIONS, ts_total, c_total, digest);
}
