/*
 * controller.h: the cruise-control law, in the form a model-based code generator emits: a parameter
 * struct, an explicit state struct, an initialise function and one controller_step() per sample
 * period; single-precision floating point, no dynamic memory, no I/O. Compiled for the guest (VFP)
 * and for the host closed-loop test alike.
 *
 * Law: the set-point is shaped by a rate limiter into a reference speed; a PI controller on the
 * reference error gives a normalised longitudinal demand u in [-1, 1]; anti-windup by conditional
 * integration (the integrator holds while u is saturated and the error would drive it further into
 * saturation) plus a clamp of the integrator to [-1, 1]; u >= 0 is throttle, u < 0 is brake scaled by
 * brake_per_demand (throttle and brake are never applied together).
 *
 * Follows: docs/HIL-PROTOCOL.md §"Control law" (tuning and figures).
 */
#ifndef CONTROL_CONTROLLER_H
#define CONTROL_CONTROLLER_H

#include <stdbool.h>

typedef struct {
    float period_s;         /* sample period, s */
    float kp;               /* proportional gain, demand per (m/s) of error */
    float ki;               /* integral gain, demand per (m/s * s) of error */
    float rise_rate_ms2;    /* largest increase of the reference speed, m/s^2 */
    float fall_rate_ms2;    /* largest decrease of the reference speed, m/s^2 */
    float brake_per_demand; /* brake travel per unit of negative demand */
} controller_params;

typedef struct {
    float reference_ms; /* rate-limited set-point, m/s */
    float integrator;   /* integral part of the demand */
    float demand;       /* last demand u, after saturation */
} controller_state;

typedef struct {
    float speed_ms;    /* measured speed, m/s */
    float setpoint_ms; /* requested speed, m/s */
    bool engaged;      /* false: outputs zero and the state tracks the vehicle (bumpless engage) */
} controller_inputs;

typedef struct {
    float throttle; /* 0..1 */
    float brake;    /* 0..1 */
} controller_outputs;

/* The tuning used by the control guest (100 Hz) and documented in docs/HIL-PROTOCOL.md. */
void controller_default_params(controller_params *params, float period_s);

/* Resets the state so that engaging at `speed_ms` is bumpless. */
void controller_init(controller_state *state, float speed_ms);

/* One sample period. */
void controller_step(const controller_params *params, controller_state *state,
                     const controller_inputs *inputs, controller_outputs *outputs);

#endif /* CONTROL_CONTROLLER_H */
