/*
 * Code-quality kernel, hand-written C twin of ring-buffer.ts: a 256-byte ring buffer with uint8_t head
 * and tail indices (wrapping by themselves), a fill count, push/pop refusing when full/empty.
 * Follows: the classic single-producer ring buffer with a separate count.
 */
#include "hand_kernels.h"

struct hand_ring hand_ring;

bool hand_ring_push(struct hand_ring *ring, uint8_t value)
{
    if (ring->count == HAND_RING_CAPACITY) {
        return false;
    }
    ring->storage[ring->head++] = value;
    ring->count++;
    return true;
}

int32_t hand_ring_pop(struct hand_ring *ring)
{
    if (ring->count == 0u) {
        return -1;
    }
    uint8_t value = ring->storage[ring->tail++];
    ring->count--;
    return value;
}
