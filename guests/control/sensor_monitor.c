/*
 * sensor_monitor.c: timeout and plausibility checks of sensor_monitor.h. A rejected sample counts as
 * a miss too, so a sensor that keeps reporting garbage ends in a timeout as well.
 *
 * Follows: docs/HIL-PROTOCOL.md §"Fault detection".
 */
#include "sensor_monitor.h"

/* Defaults: 3 periods (30 ms at 100 Hz); 300 km/h; 20 m/s^2 of acceleration, about twice what the
 * car can brake, converted to km/h per period. */
#define DEFAULT_TIMEOUT_PERIODS      3u
#define DEFAULT_MAX_SPEED_KMH        300.0f
#define DEFAULT_MAX_ACCELERATION_MS2 20.0f
#define KMH_PER_MS                   3.6f
#define SINCE_ACCEPTED_LIMIT         1000u

void sensor_monitor_default_params(sensor_monitor_params *params, float period_s)
{
    params->timeout_periods = (uint16_t)DEFAULT_TIMEOUT_PERIODS;
    params->max_speed_kmh = DEFAULT_MAX_SPEED_KMH;
    params->max_step_kmh = DEFAULT_MAX_ACCELERATION_MS2 * KMH_PER_MS * period_s;
}

void sensor_monitor_init(sensor_monitor_state *state) { *state = (sensor_monitor_state){0}; }

static sensor_verdict count_miss(const sensor_monitor_params *params, sensor_monitor_state *state,
                                 sensor_verdict reason)
{
    if (state->missed < UINT16_MAX) {
        state->missed++;
    }
    if (state->timed_out) {
        return reason == SENSOR_MISSING ? SENSOR_TIMED_OUT : reason;
    }
    if (state->missed >= params->timeout_periods) {
        state->timed_out = true;
        return SENSOR_TIMEOUT;
    }
    return reason;
}

sensor_verdict sensor_monitor_step(const sensor_monitor_params *params, sensor_monitor_state *state,
                                   bool received, float speed_kmh)
{
    if (state->since_accepted < SINCE_ACCEPTED_LIMIT) {
        state->since_accepted++;
    }
    if (!received) {
        return count_miss(params, state, SENSOR_MISSING);
    }
    if (speed_kmh < 0.0f || speed_kmh > params->max_speed_kmh) {
        return count_miss(params, state, SENSOR_OUT_OF_RANGE);
    }
    if (state->have_sample) {
        const float change = speed_kmh - state->last_kmh;
        const float allowed = params->max_step_kmh * (float)state->since_accepted;
        if (change > allowed || change < -allowed) {
            return count_miss(params, state, SENSOR_JUMP);
        }
    }
    state->have_sample = true;
    state->last_kmh = speed_kmh;
    state->missed = 0u;
    state->since_accepted = 0u;
    state->timed_out = false;
    return SENSOR_ACCEPTED;
}
