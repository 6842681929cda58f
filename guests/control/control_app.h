/*
 * control_app.h: one control period of the cruise-control application, free of any I/O so that the
 * guest (main.c) and the host closed-loop test run the same code: takes the sensor reply of the
 * previous period (if any) and a set-point command (if any), runs the sensor monitor and the control
 * law, and produces the actuator frame to send, the status message for the `vehicle_status` sampling
 * port, fault messages for the `control_faults` queuing port and, every tenth period, the vehicle
 * speed for the CAN broadcast. Message layouts are documented in docs/HIL-PROTOCOL.md.
 *
 * Follows: docs/HIL-PROTOCOL.md §"Control guest".
 */
#ifndef CONTROL_CONTROL_APP_H
#define CONTROL_CONTROL_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "controller.h"
#include "hil_link.h"
#include "sensor_monitor.h"

#define CONTROL_PERIOD_S             0.01f /* 100 Hz */
#define CONTROL_CAN_EVERY_PERIODS    10u   /* 10 Hz */
#define CONTROL_RECOVERY_PERIODS     100u  /* 1 s of good samples before leaving fail-safe */
#define CONTROL_DEFAULT_SETPOINT_KMH 100.0f
#define CONTROL_MAX_SETPOINT_KMH     180.0f

#define CONTROL_STATUS_BYTES          20u
#define CONTROL_FAULT_BYTES           12u
#define CONTROL_SETPOINT_MIN_BYTES    3u
#define CONTROL_MAX_FAULTS_PER_PERIOD 2u
#define CONTROL_CAN_BYTES             8u

/* Modes in the status message. */
#define CONTROL_MODE_WAITING  0u /* no sensor sample yet */
#define CONTROL_MODE_CRUISE   1u /* controlling towards the set-point */
#define CONTROL_MODE_FAILSAFE 2u /* sensor lost: throttle and brake released */
#define CONTROL_MODE_OFF      3u /* disengaged by command */

/* Fault codes in the control_faults messages. */
#define CONTROL_FAULT_SENSOR_TIMEOUT     1u
#define CONTROL_FAULT_SPEED_JUMP         2u
#define CONTROL_FAULT_SPEED_OUT_OF_RANGE 3u
#define CONTROL_FAULT_SENSOR_RECOVERED   4u
#define CONTROL_FAULT_BAD_SETPOINT       5u
#define CONTROL_FAULT_LINK_ERRORS        6u

/* Fault flags in the status message (sticky until the fault clears). */
#define CONTROL_FLAG_SENSOR_TIMEOUT 0x01u
#define CONTROL_FLAG_IMPLAUSIBLE    0x02u
#define CONTROL_FLAG_LINK_ERRORS    0x04u

/* setpoint_cmd flags. */
#define CONTROL_SETPOINT_ENGAGE 0x01u

typedef struct {
    controller_params controller;
    sensor_monitor_params monitor;
    float initial_setpoint_kmh;
} control_app_config;

typedef struct {
    uint32_t period;        /* periods run */
    uint16_t next_sequence; /* sequence of the next actuator frame */
    uint16_t awaited;       /* sequence of the actuator frame sent last period */
    bool awaiting;          /* an actuator frame was sent and its reply is due this period */
    uint8_t mode;
    uint8_t fault_flags;
    bool engaged; /* cruise requested */
    float setpoint_kmh;
    float speed_kmh;      /* last accepted speed */
    uint16_t good_streak; /* consecutive accepted samples while in fail-safe */
    uint32_t link_errors_reported;
    controller_state controller;
    sensor_monitor_state monitor;
    controller_outputs outputs;
} control_app_state;

typedef struct {
    bool sensor_received; /* a sensor frame answering `awaited` arrived */
    hil_sensor_frame sensor;
    bool setpoint_received; /* a setpoint_cmd message arrived */
    uint8_t setpoint[CONTROL_SETPOINT_MIN_BYTES];
    uint32_t setpoint_length;
    uint32_t link_errors; /* the decoder's malformed-input count so far */
} control_app_inputs;

typedef struct {
    hil_actuator_frame actuator;
    uint8_t status[CONTROL_STATUS_BYTES];
    uint32_t fault_count;
    uint8_t faults[CONTROL_MAX_FAULTS_PER_PERIOD][CONTROL_FAULT_BYTES];
    bool can_due;
    uint8_t can_payload[CONTROL_CAN_BYTES];
} control_app_outputs;

void control_app_default_config(control_app_config *config);
void control_app_init(const control_app_config *config, control_app_state *state);
void control_app_period(const control_app_config *config, control_app_state *state,
                        const control_app_inputs *inputs, control_app_outputs *outputs);

#endif /* CONTROL_CONTROL_APP_H */
