/*
 * Interfaces of the hand-written C kernels of the code-quality benchmark (bench/codegen), the twins of
 * the subset kernels beside them. Names start with `hand_` so both versions link into one image.
 * Follows: C11 (freestanding headers only).
 */
#ifndef BENCH_CODEGEN_HAND_KERNELS_H
#define BENCH_CODEGEN_HAND_KERNELS_H

#include <stdbool.h>
#include <stdint.h>

/* CRC-32 (crc32.c) */
uint32_t hand_crc32(const uint8_t *data, uint32_t length);

/* SHA-256 (sha256.c) */
void hand_sha256(const uint8_t *data, uint32_t length, uint8_t digest[32]);

/* Q16.16 PID step (pid.c) */
struct hand_pid {
    int32_t kp;
    int32_t ki;
    int32_t kd;
    int32_t integral_limit;
    int32_t output_limit;
    int32_t integral;
    int32_t previous_error;
};
extern struct hand_pid hand_controller;
int32_t hand_pid_step(struct hand_pid *pid, int32_t setpoint, int32_t measurement);

/* Byte ring buffer (ring-buffer.c) */
#define HAND_RING_CAPACITY 256u
struct hand_ring {
    uint8_t storage[HAND_RING_CAPACITY];
    uint8_t head;
    uint8_t tail;
    uint32_t count;
};
extern struct hand_ring hand_ring;
bool hand_ring_push(struct hand_ring *ring, uint8_t value);
int32_t hand_ring_pop(struct hand_ring *ring);

/* Scheduler tick decision (slot-lookup.c) */
#define HAND_NO_VM 0xffffffffu
void hand_scheduler_start(void);
uint32_t hand_scheduler_tick(uint32_t running);
void hand_scheduler_request_plan(uint32_t index);
uint32_t hand_scheduler_digest(void);

#endif
