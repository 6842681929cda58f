/*
 * Code-quality kernel, hand-written C twin of pid.ts: one step of a Q16.16 fixed-point PID controller,
 * additions and products saturating at the int32_t limits, integral clamped (anti-windup), output
 * clamped. Products use the 64-bit result of a 32x32 multiplication (SMULL).
 * Follows: the usual Qm.n fixed-point conventions (ARM Application Note 33, "Fixed Point Arithmetic").
 */
#include "hand_kernels.h"

static int32_t add_saturated(int32_t a, int32_t b)
{
    int32_t sum = (int32_t)((uint32_t)a + (uint32_t)b);
    if (((a ^ sum) & (b ^ sum)) < 0) {
        return a < 0 ? INT32_MIN : INT32_MAX;
    }
    return sum;
}

static int32_t sub_saturated(int32_t a, int32_t b)
{
    int32_t difference = (int32_t)((uint32_t)a - (uint32_t)b);
    if (((a ^ b) & (a ^ difference)) < 0) {
        return a < 0 ? INT32_MIN : INT32_MAX;
    }
    return difference;
}

static int32_t mul_q16(int32_t a, int32_t b)
{
    int64_t product = ((int64_t)a * b) >> 16;
    if (product > INT32_MAX) {
        return INT32_MAX;
    }
    if (product < INT32_MIN) {
        return INT32_MIN;
    }
    return (int32_t)product;
}

static int32_t clamp(int32_t value, int32_t limit)
{
    if (value > limit) {
        return limit;
    }
    if (value < -limit) {
        return -limit;
    }
    return value;
}

struct hand_pid hand_controller = {
    .kp = 0x18000,
    .ki = 0x4000,
    .kd = 0x2000,
    .integral_limit = 200 * 65536,
    .output_limit = 1000 * 65536,
};

int32_t hand_pid_step(struct hand_pid *pid, int32_t setpoint, int32_t measurement)
{
    int32_t error = sub_saturated(setpoint, measurement);
    int32_t proportional = mul_q16(pid->kp, error);
    pid->integral = clamp(add_saturated(pid->integral, mul_q16(pid->ki, error)), pid->integral_limit);
    int32_t derivative = mul_q16(pid->kd, sub_saturated(error, pid->previous_error));
    pid->previous_error = error;
    return clamp(add_saturated(add_saturated(proportional, pid->integral), derivative), pid->output_limit);
}
