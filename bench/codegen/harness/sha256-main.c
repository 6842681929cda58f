/*
 * Code-quality harness for the SHA-256 kernel: the digest of a 200-byte message (three full blocks and
 * a tail), one byte changed before each call, generated (sha256_sha256) and hand-written (hand_sha256)
 * versions each counted, their digests compared word by word, the report printed. Reproduced on the
 * host by bench/codegen/drivers.ts.
 * Follows: harness.h (counting, inputs, digest).
 */
#include "hand_kernels.h"
#include "harness.h"
#include "sha256.h"

#define SHA_INPUT_BYTES  200u
#define SHA_DIGEST_BYTES 32u

static uint8_t input[SHA_INPUT_BYTES];
static uint8_t ts_digest[SHA_DIGEST_BYTES];
static uint8_t c_digest[SHA_DIGEST_BYTES];

static uint32_t word_at(const uint8_t *bytes, uint32_t index)
{
    const uint8_t *p = bytes + 4u * index;
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

int main(void)
{
    bsp_board_init();
    harness_calibrate();
    uint32_t rng = HARNESS_SEED;
    for (uint32_t i = 0u; i < SHA_INPUT_BYTES; i++) {
        input[i] = (uint8_t)harness_random(&rng);
    }
    uint32_t ts_total = 0u;
    uint32_t c_total = 0u;
    uint32_t digest = HARNESS_FNV_OFFSET;
    for (uint32_t call = 0u; call < HARNESS_ITERATIONS; call++) {
        input[call % SHA_INPUT_BYTES] = (uint8_t)harness_random(&rng);
        HARNESS_MEASURE(ts_total, sha256_sha256(input, SHA_INPUT_BYTES, ts_digest, SHA_DIGEST_BYTES));
        HARNESS_MEASURE(c_total, hand_sha256(input, SHA_INPUT_BYTES, c_digest));
        for (uint32_t w = 0u; w < SHA_DIGEST_BYTES / 4u; w++) {
            uint32_t ts_value = word_at(ts_digest, w);
            uint32_t c_value = word_at(c_digest, w);
            if (ts_value != c_value) {
                harness_mismatch("sha256", call, ts_value, c_value);
            }
            digest = harness_mix(digest, ts_value);
        }
    }
    return harness_report("sha256", HARNESS_ITERATIONS, ts_total, c_total, digest);
}
