/*
 * sensor_monitor.h: plausibility and timeout checks on the speed sensor of the HIL link, run once per
 * control period before the control law: a missing reply counts a miss and `timeout_periods`
 * consecutive misses raise a sensor timeout; a reported speed above `max_speed_kmh` is out of range;
 * a change larger than `max_step_kmh` per period elapsed since the last accepted sample is an
 * implausible jump. Rejected samples are not given to the controller. Pure C, host-compilable.
 *
 * Follows: docs/HIL-PROTOCOL.md §"Fault detection".
 */
#ifndef CONTROL_SENSOR_MONITOR_H
#define CONTROL_SENSOR_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint16_t timeout_periods; /* consecutive periods without an accepted sample that raise a timeout */
    float max_speed_kmh;      /* highest plausible speed */
    float max_step_kmh;       /* largest plausible change per period */
} sensor_monitor_params;

typedef struct {
    uint16_t missed;         /* consecutive periods without an accepted sample */
    uint16_t since_accepted; /* periods since the last accepted sample (saturating) */
    bool timed_out;          /* timeout raised and not yet cleared by a good sample */
    bool have_sample;        /* a sample was accepted at least once */
    float last_kmh;          /* last accepted speed */
} sensor_monitor_state;

typedef enum {
    SENSOR_ACCEPTED = 0,     /* sample accepted */
    SENSOR_MISSING = 1,      /* no reply this period (below the timeout) */
    SENSOR_TIMEOUT = 2,      /* this period reached timeout_periods consecutive misses (reported once) */
    SENSOR_TIMED_OUT = 3,    /* still timed out */
    SENSOR_OUT_OF_RANGE = 4, /* sample rejected: above max_speed_kmh */
    SENSOR_JUMP = 5,         /* sample rejected: implausible change */
} sensor_verdict;

void sensor_monitor_default_params(sensor_monitor_params *params, float period_s);
void sensor_monitor_init(sensor_monitor_state *state);

/* One period: `received` tells whether a reply arrived, `speed_kmh` is its value. */
sensor_verdict sensor_monitor_step(const sensor_monitor_params *params, sensor_monitor_state *state,
                                   bool received, float speed_kmh);

#endif /* CONTROL_SENSOR_MONITOR_H */
