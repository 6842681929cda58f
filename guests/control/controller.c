/*
 * controller.c: the cruise-control law of controller.h (set-point rate limiter, PI with conditional-
 * integration anti-windup, throttle/brake split). Single precision throughout; no library calls.
 *
 * Follows: docs/HIL-PROTOCOL.md §"Control law".
 */
#include "controller.h"

#define DEMAND_MAX 1.0f
#define DEMAND_MIN (-1.0f)

/* Default tuning (see docs/HIL-PROTOCOL.md): loop natural frequency about 1.1 rad/s around 100 km/h, where one
 * unit of demand accelerates the mid-size car by about 2.6 m/s^2. */
#define DEFAULT_KP               1.2f
#define DEFAULT_KI               0.5f
#define DEFAULT_RISE_RATE_MS2    4.0f
#define DEFAULT_FALL_RATE_MS2    3.0f
#define DEFAULT_BRAKE_PER_DEMAND 0.5f

static float clampf(float value, float low, float high)
{
    if (value < low) {
        return low;
    }
    if (value > high) {
        return high;
    }
    return value;
}

void controller_default_params(controller_params *params, float period_s)
{
    params->period_s = period_s;
    params->kp = DEFAULT_KP;
    params->ki = DEFAULT_KI;
    params->rise_rate_ms2 = DEFAULT_RISE_RATE_MS2;
    params->fall_rate_ms2 = DEFAULT_FALL_RATE_MS2;
    params->brake_per_demand = DEFAULT_BRAKE_PER_DEMAND;
}

void controller_init(controller_state *state, float speed_ms)
{
    state->reference_ms = speed_ms;
    state->integrator = 0.0f;
    state->demand = 0.0f;
}

void controller_step(const controller_params *params, controller_state *state,
                     const controller_inputs *inputs, controller_outputs *outputs)
{
    if (!inputs->engaged) {
        controller_init(state, inputs->speed_ms);
        outputs->throttle = 0.0f;
        outputs->brake = 0.0f;
        return;
    }

    /* Reference: move towards the set-point at no more than the allowed rates. */
    const float rise = params->rise_rate_ms2 * params->period_s;
    const float fall = params->fall_rate_ms2 * params->period_s;
    state->reference_ms += clampf(inputs->setpoint_ms - state->reference_ms, -fall, rise);

    /* PI with conditional integration. */
    const float error = state->reference_ms - inputs->speed_ms;
    const float proportional = params->kp * error;
    const float unsaturated = proportional + state->integrator;
    const bool pushing_up = unsaturated >= DEMAND_MAX && error > 0.0f;
    const bool pushing_down = unsaturated <= DEMAND_MIN && error < 0.0f;
    if (!pushing_up && !pushing_down) {
        state->integrator =
            clampf(state->integrator + params->ki * error * params->period_s, DEMAND_MIN, DEMAND_MAX);
    }
    state->demand = clampf(proportional + state->integrator, DEMAND_MIN, DEMAND_MAX);

    /* Split: positive demand is throttle, negative demand is brake. */
    if (state->demand >= 0.0f) {
        outputs->throttle = state->demand;
        outputs->brake = 0.0f;
    } else {
        outputs->throttle = 0.0f;
        outputs->brake = clampf(-state->demand * params->brake_per_demand, 0.0f, 1.0f);
    }
}
