/*
 * control_app.c: one control period (control_app.h): sensor monitor, mode logic (waiting, cruise,
 * fail-safe, off), the control law, actuator scaling and the little-endian encoding of the port and
 * CAN messages.
 *
 * Follows: docs/HIL-PROTOCOL.md §"Control guest" (message layouts, modes, fault codes).
 */
#include "control_app.h"

#define KMH_PER_MS       3.6f
#define BYTE_MASK        0xFFu
#define BITS_PER_BYTE    8u
#define ROUND_HALF       0.5f
#define U16_MAX_F        65535.0f
#define I16_MAX_F        32767.0f
#define INTEGRATOR_SCALE 10000.0f

static void put_u16(uint8_t *out, uint16_t value)
{
    out[0] = (uint8_t)(value & BYTE_MASK);
    out[1] = (uint8_t)(value >> BITS_PER_BYTE);
}

static void put_u32(uint8_t *out, uint32_t value)
{
    put_u16(out, (uint16_t)(value & 0xFFFFu));
    put_u16(&out[2], (uint16_t)(value >> 16));
}

/* Non-negative value × scale, rounded and saturated to u16. */
static uint16_t to_u16(float value, float scale)
{
    float scaled = value * scale + ROUND_HALF;
    if (!(scaled > 0.0f)) {
        return 0u;
    }
    if (scaled > U16_MAX_F) {
        return UINT16_MAX;
    }
    return (uint16_t)scaled;
}

static int16_t to_i16(float value, float scale)
{
    float scaled = value * scale;
    if (scaled > I16_MAX_F) {
        scaled = I16_MAX_F;
    }
    if (scaled < -I16_MAX_F) {
        scaled = -I16_MAX_F;
    }
    return (int16_t)scaled;
}

void control_app_default_config(control_app_config *config)
{
    controller_default_params(&config->controller, CONTROL_PERIOD_S);
    sensor_monitor_default_params(&config->monitor, CONTROL_PERIOD_S);
    config->initial_setpoint_kmh = CONTROL_DEFAULT_SETPOINT_KMH;
}

void control_app_init(const control_app_config *config, control_app_state *state)
{
    *state = (control_app_state){0};
    state->mode = CONTROL_MODE_WAITING;
    state->engaged = true;
    state->setpoint_kmh = config->initial_setpoint_kmh;
    controller_init(&state->controller, 0.0f);
    sensor_monitor_init(&state->monitor);
}

static void add_fault(const control_app_state *state, control_app_outputs *outputs, uint8_t code,
                      float value_kmh)
{
    if (outputs->fault_count >= CONTROL_MAX_FAULTS_PER_PERIOD) {
        return;
    }
    uint8_t *message = outputs->faults[outputs->fault_count];
    message[0] = code;
    message[1] = state->mode;
    put_u16(&message[2], to_u16(value_kmh, HIL_SPEED_COUNTS_PER_KMH));
    put_u32(&message[4], state->period);
    put_u16(&message[8], state->monitor.missed);
    put_u16(&message[10], state->awaited);
    outputs->fault_count++;
}

static void apply_setpoint(control_app_state *state, const control_app_inputs *inputs,
                           control_app_outputs *outputs)
{
    if (inputs->setpoint_length < CONTROL_SETPOINT_MIN_BYTES) {
        add_fault(state, outputs, CONTROL_FAULT_BAD_SETPOINT, 0.0f);
        return;
    }
    const uint16_t counts =
        (uint16_t)((uint32_t)inputs->setpoint[0] | ((uint32_t)inputs->setpoint[1] << BITS_PER_BYTE));
    const float kmh = (float)counts / HIL_SPEED_COUNTS_PER_KMH;
    if (kmh > CONTROL_MAX_SETPOINT_KMH) {
        add_fault(state, outputs, CONTROL_FAULT_BAD_SETPOINT, kmh);
        return;
    }
    state->setpoint_kmh = kmh;
    state->engaged = (inputs->setpoint[2] & CONTROL_SETPOINT_ENGAGE) != 0u;
}

static void update_mode(const control_app_config *config, control_app_state *state, sensor_verdict verdict,
                        float reported_kmh, control_app_outputs *outputs)
{
    switch (verdict) {
    case SENSOR_ACCEPTED:
        state->speed_kmh = reported_kmh;
        if (state->mode == CONTROL_MODE_FAILSAFE) {
            state->good_streak++;
            if (state->good_streak >= CONTROL_RECOVERY_PERIODS) {
                state->fault_flags &= (uint8_t) ~(CONTROL_FLAG_SENSOR_TIMEOUT | CONTROL_FLAG_IMPLAUSIBLE);
                add_fault(state, outputs, CONTROL_FAULT_SENSOR_RECOVERED, reported_kmh);
                state->mode = CONTROL_MODE_WAITING;
            }
        }
        if (state->mode == CONTROL_MODE_WAITING) {
            controller_init(&state->controller, reported_kmh / KMH_PER_MS);
            state->mode = CONTROL_MODE_CRUISE;
        }
        break;
    case SENSOR_TIMEOUT:
        state->fault_flags |= CONTROL_FLAG_SENSOR_TIMEOUT;
        state->mode = CONTROL_MODE_FAILSAFE;
        state->good_streak = 0u;
        add_fault(state, outputs, CONTROL_FAULT_SENSOR_TIMEOUT, state->speed_kmh);
        break;
    case SENSOR_JUMP:
    case SENSOR_OUT_OF_RANGE:
        state->fault_flags |= CONTROL_FLAG_IMPLAUSIBLE;
        state->good_streak = 0u;
        add_fault(state, outputs,
                  verdict == SENSOR_JUMP ? CONTROL_FAULT_SPEED_JUMP : CONTROL_FAULT_SPEED_OUT_OF_RANGE,
                  reported_kmh);
        if (state->monitor.timed_out) {
            state->mode = CONTROL_MODE_FAILSAFE;
        }
        break;
    case SENSOR_MISSING:
    case SENSOR_TIMED_OUT:
    default:
        state->good_streak = 0u;
        break;
    }
    (void)config;
}

static void encode_status(const control_app_state *state, uint8_t status[CONTROL_STATUS_BYTES])
{
    put_u32(&status[0], state->period);
    put_u16(&status[4], to_u16(state->speed_kmh, HIL_SPEED_COUNTS_PER_KMH));
    put_u16(&status[6], to_u16(state->setpoint_kmh, HIL_SPEED_COUNTS_PER_KMH));
    put_u16(&status[8], to_u16(state->outputs.throttle, (float)HIL_ACTUATOR_SCALE));
    put_u16(&status[10], to_u16(state->outputs.brake, (float)HIL_ACTUATOR_SCALE));
    put_u16(&status[12], (uint16_t)to_i16(state->controller.integrator, INTEGRATOR_SCALE));
    status[14] = state->mode;
    status[15] = state->fault_flags;
    put_u16(&status[16], state->monitor.missed);
    put_u16(&status[18],
            (uint16_t)(state->link_errors_reported > UINT16_MAX ? UINT16_MAX : state->link_errors_reported));
}

void control_app_period(const control_app_config *config, control_app_state *state,
                        const control_app_inputs *inputs, control_app_outputs *outputs)
{
    outputs->fault_count = 0u;
    outputs->can_due = false;

    if (inputs->setpoint_received) {
        apply_setpoint(state, inputs, outputs);
    }

    /* The reply to last period's actuator frame, if one was due. */
    if (state->awaiting) {
        const bool received = inputs->sensor_received && inputs->sensor.sequence == state->awaited &&
                              (inputs->sensor.flags & HIL_SENSOR_FLAG_VALID) != 0u;
        const float reported_kmh =
            received ? (float)inputs->sensor.speed_counts / HIL_SPEED_COUNTS_PER_KMH : 0.0f;
        const sensor_verdict verdict =
            sensor_monitor_step(&config->monitor, &state->monitor, received, reported_kmh);
        update_mode(config, state, verdict, reported_kmh, outputs);
    }

    if (inputs->link_errors != state->link_errors_reported) {
        if (state->link_errors_reported == 0u) {
            add_fault(state, outputs, CONTROL_FAULT_LINK_ERRORS, state->speed_kmh);
        }
        state->fault_flags |= CONTROL_FLAG_LINK_ERRORS;
        state->link_errors_reported = inputs->link_errors;
    }

    /* Control law: runs only in cruise; otherwise everything is released and the state tracks. */
    const controller_inputs law = {
        .speed_ms = state->speed_kmh / KMH_PER_MS,
        .setpoint_ms = state->setpoint_kmh / KMH_PER_MS,
        .engaged = state->engaged && state->mode == CONTROL_MODE_CRUISE,
    };
    if (!state->engaged && state->mode == CONTROL_MODE_CRUISE) {
        state->mode = CONTROL_MODE_OFF;
    } else if (state->engaged && state->mode == CONTROL_MODE_OFF) {
        state->mode = CONTROL_MODE_CRUISE;
    }
    controller_step(&config->controller, &state->controller, &law, &state->outputs);

    outputs->actuator.sequence = state->next_sequence;
    outputs->actuator.throttle = to_u16(state->outputs.throttle, (float)HIL_ACTUATOR_SCALE);
    outputs->actuator.brake = to_u16(state->outputs.brake, (float)HIL_ACTUATOR_SCALE);
    state->awaited = state->next_sequence;
    state->awaiting = true;
    state->next_sequence++;

    encode_status(state, outputs->status);

    if (state->period % CONTROL_CAN_EVERY_PERIODS == 0u) {
        outputs->can_due = true;
        put_u16(&outputs->can_payload[0], to_u16(state->speed_kmh, HIL_SPEED_COUNTS_PER_KMH));
        put_u16(&outputs->can_payload[2], to_u16(state->setpoint_kmh, HIL_SPEED_COUNTS_PER_KMH));
        outputs->can_payload[4] = state->mode;
        outputs->can_payload[5] = state->fault_flags;
        outputs->can_payload[6] = (uint8_t)((state->period / CONTROL_CAN_EVERY_PERIODS) & BYTE_MASK);
        outputs->can_payload[7] = 0u;
    }
    state->period++;
}
