/*
 * Code-quality kernel, hand-written C twin of sha256.ts: SHA-256 of a byte buffer (every full 64-byte
 * block compressed, then the padding with 0x80, zeros and the 64-bit bit length, and the final
 * compressions), digest written big-endian. State, schedule and tail block live on the stack.
 * Follows: FIPS 180-4 sections 4.1.2 (functions), 4.2.2 (constants), 5.1.1 (padding), 6.2.2
 * (hash computation).
 */
#include "hand_kernels.h"

#define SHA256_BLOCK_BYTES  64u
#define SHA256_ROUNDS       64u
#define SHA256_LENGTH_AT    56u /* the bit length occupies the last 8 bytes of the final block */
#define SHA256_DIGEST_BYTES 32u

/* clang-format off */
static const uint32_t k[SHA256_ROUNDS] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u,
    0x923f82a4u, 0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
    0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u,
    0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u,
    0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
    0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au,
    0x5b9cca4fu, 0x682e6ff3u, 0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
    0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};
/* clang-format on */

/* clang-format off */
static const uint32_t initial_state[8] = {
    0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au, 0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
};
/* clang-format on */

static inline uint32_t rotr(uint32_t x, uint32_t n) { return (x >> n) | (x << (32u - n)); }

static uint32_t read_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void compress(uint32_t state[8], const uint8_t *block)
{
    uint32_t w[SHA256_ROUNDS];
    for (uint32_t t = 0u; t < 16u; t++) {
        w[t] = read_be32(block + 4u * t);
    }
    for (uint32_t t = 16u; t < SHA256_ROUNDS; t++) {
        uint32_t s0 = rotr(w[t - 15u], 7) ^ rotr(w[t - 15u], 18) ^ (w[t - 15u] >> 3);
        uint32_t s1 = rotr(w[t - 2u], 17) ^ rotr(w[t - 2u], 19) ^ (w[t - 2u] >> 10);
        w[t] = w[t - 16u] + s0 + w[t - 7u] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (uint32_t t = 0u; t < SHA256_ROUNDS; t++) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[t] + w[t];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

void hand_sha256(const uint8_t *data, uint32_t length, uint8_t digest[32])
{
    uint32_t state[8];
    uint8_t tail[SHA256_BLOCK_BYTES];
    for (uint32_t i = 0u; i < 8u; i++) {
        state[i] = initial_state[i];
    }
    uint32_t offset = 0u;
    while (length - offset >= SHA256_BLOCK_BYTES) {
        compress(state, data + offset);
        offset += SHA256_BLOCK_BYTES;
    }
    uint32_t rest = length - offset;
    for (uint32_t i = 0u; i < rest; i++) {
        tail[i] = data[offset + i];
    }
    tail[rest] = 0x80u;
    for (uint32_t i = rest + 1u; i < SHA256_BLOCK_BYTES; i++) {
        tail[i] = 0u;
    }
    if (rest >= SHA256_LENGTH_AT) {
        compress(state, tail);
        for (uint32_t i = 0u; i < SHA256_LENGTH_AT; i++) {
            tail[i] = 0u;
        }
    }
    uint32_t bits_high = length >> 29;
    uint32_t bits_low = length << 3;
    tail[56] = (uint8_t)(bits_high >> 24);
    tail[57] = (uint8_t)(bits_high >> 16);
    tail[58] = (uint8_t)(bits_high >> 8);
    tail[59] = (uint8_t)bits_high;
    tail[60] = (uint8_t)(bits_low >> 24);
    tail[61] = (uint8_t)(bits_low >> 16);
    tail[62] = (uint8_t)(bits_low >> 8);
    tail[63] = (uint8_t)bits_low;
    compress(state, tail);
    for (uint32_t i = 0u; i < SHA256_DIGEST_BYTES; i++) {
        digest[i] = (uint8_t)(state[i >> 2] >> (24u - 8u * (i & 3u)));
    }
}
