/*
 * main.c: the control guest's start-up and I/O glue around control_app.c. A 100 Hz virtual timer
 * (TimerSet) paces the control periods; the guest registers no upcall handler and collects the timer
 * interrupt with WaitEvent, which consumes it (a timer that fires while the guest is busy stays
 * pending, so no period start is ever lost). Each period it drains UART2 (passed through, MMIO at
 * BH_DEVICE_UART2_BASE) into the HIL link decoder, takes one set-point command from the
 * `setpoint_cmd` queuing port, runs control_app_period(), sends the actuator frame on UART2, writes
 * the status to the `vehicle_status` sampling port, queues fault messages on `control_faults`,
 * broadcasts the speed frame on the virtual CAN bus every tenth period and prints a status line once
 * per second. Then it polls UART2 for the reply (at most REPLY_WINDOW_TICKS) and sleeps in WaitEvent
 * until the next period. hil_sync_request_sent() (hil_sync.h) marks the frame sent, the point where a
 * lock-step host stops the machine.
 *
 * Follows: docs/HIL-PROTOCOL.md §"Control guest"; guests/sdk/README.md (virtual timer, ports,
 * passed-through devices).
 */
#include <stdint.h>

#include "bulkhead.h"
#include "bulkhead_system.h"

#include "can_broadcast.h"
#include "control_app.h"
#include "hil_link.h"
#include "hil_sync.h"
#include "hil_uart.h"

#define CONTROL_PERIOD_MICROSECONDS 10000u
#define CONTROL_PERIOD_TICKS        (CONTROL_PERIOD_MICROSECONDS / BH_TICK_MICROSECONDS)
/* How long the guest polls for the reply before sleeping until the next period: one tick short of
 * the period, so a reply that arrives later is still taken at the start of the next period. */
#define REPLY_WINDOW_TICKS    (CONTROL_PERIOD_TICKS - 1u)
#define CONSOLE_EVERY_PERIODS 100u
#define TX_SPIN_LIMIT         100000u
#define SETPOINT_BUFFER_BYTES 16u

_Static_assert(CONTROL_PERIOD_TICKS >= 1u, "the hypervisor tick is longer than the control period");
_Static_assert(CONTROL_PERIOD_TICKS *BH_TICK_MICROSECONDS == CONTROL_PERIOD_MICROSECONDS,
               "the control period is not a whole number of hypervisor ticks");
_Static_assert(CONTROL_STATUS_BYTES <= BH_PORT_VEHICLE_STATUS_MAX_MESSAGE,
               "status message too big for its port");
_Static_assert(CONTROL_FAULT_BYTES <= BH_PORT_CONTROL_FAULTS_MAX_MESSAGE,
               "fault message too big for its port");

static control_app_config config;
static control_app_state state;
static control_app_inputs inputs;
static control_app_outputs outputs;
static hil_decoder decoder;
static uint32_t uart_errors;
static uint32_t stale_replies;
static uint32_t late_periods;
static uint32_t tx_drops;
static uint32_t port_errors;

/* Drains UART2's receive FIFO into the decoder; keeps the reply to the awaited actuator frame. */
static void poll_link(void)
{
    uint8_t byte;
    while (hil_uart_try_read(&byte, &uart_errors)) {
        if (hil_decoder_push(&decoder, byte) != HIL_TYPE_SENSOR) {
            continue;
        }
        hil_sensor_frame frame;
        hil_decoder_sensor(&decoder, &frame);
        if (state.awaiting && frame.sequence == state.awaited) {
            inputs.sensor = frame;
            inputs.sensor_received = true;
        } else {
            stale_replies++;
        }
    }
}

static void send_actuator(const hil_actuator_frame *frame)
{
    uint8_t bytes[HIL_ACTUATOR_FRAME_BYTES];
    const size_t length = hil_encode_actuator(frame, bytes);
    for (size_t i = 0u; i < length; i++) {
        uint32_t spins = 0u;
        while (!hil_uart_try_write(bytes[i])) {
            if (++spins >= TX_SPIN_LIMIT) {
                tx_drops++;
                return;
            }
        }
    }
    hil_sync_request_sent();
}

static void take_setpoint(void)
{
    uint8_t message[SETPOINT_BUFFER_BYTES];
    uint32_t length = 0u;
    const bh_result result = bh_queuing_receive(BH_PORT_SETPOINT_CMD, message, sizeof message, &length, NULL);
    if (result == BH_OK) {
        inputs.setpoint_received = true;
        inputs.setpoint_length = length;
        for (uint32_t i = 0u; i < CONTROL_SETPOINT_MIN_BYTES; i++) {
            inputs.setpoint[i] = i < length ? message[i] : 0u;
        }
    } else if (result != BH_EMPTY) {
        port_errors++;
    }
}

static void publish(void)
{
    if (bh_sampling_write(BH_PORT_VEHICLE_STATUS, outputs.status, CONTROL_STATUS_BYTES) != BH_OK) {
        port_errors++;
    }
    for (uint32_t i = 0u; i < outputs.fault_count; i++) {
        const bh_result result =
            bh_queuing_send(BH_PORT_CONTROL_FAULTS, outputs.faults[i], CONTROL_FAULT_BYTES);
        if (result != BH_OK) {
            port_errors++;
        }
        bh_printf("fault code=%u period=%u\n", (unsigned)outputs.faults[i][0], (unsigned)state.period - 1u);
    }
    if (outputs.can_due) {
        (void)control_can_broadcast(outputs.can_payload);
    }
}

static void print_status(void)
{
    const uint32_t speed = (uint32_t)outputs.status[4] | ((uint32_t)outputs.status[5] << 8);
    const uint32_t setpoint = (uint32_t)outputs.status[6] | ((uint32_t)outputs.status[7] << 8);
    bh_printf("t=%us speed=%u.%02u km/h set=%u km/h throttle=%u brake=%u mode=%u faults=%x link-errors=%u\n",
              (unsigned)(state.period / CONSOLE_EVERY_PERIODS), (unsigned)(speed / 100u),
              (unsigned)(speed % 100u), (unsigned)(setpoint / 100u), (unsigned)outputs.actuator.throttle,
              (unsigned)outputs.actuator.brake, (unsigned)state.mode, (unsigned)state.fault_flags,
              (unsigned)hil_decoder_errors(&decoder));
}

/* Polls UART2 until the reply to the frame just sent has arrived or the reply window is over. */
static void await_reply(uint32_t period_start)
{
    poll_link();
    while (!inputs.sensor_received && bh_ticks() - period_start < REPLY_WINDOW_TICKS) {
        poll_link();
    }
}

int main(void)
{
    control_app_default_config(&config);
    control_app_init(&config, &state);
    hil_decoder_init(&decoder);
    hil_uart_init();

    (void)bh_virq_enable(BH_VIRQ_TIMER);
    (void)bh_timer_set(CONTROL_PERIOD_TICKS, CONTROL_PERIOD_TICKS);
    bh_printf("cruise control: %u Hz, set-point %u km/h, HIL link on UART2 at %x\n",
              (unsigned)(1000000u / CONTROL_PERIOD_MICROSECONDS), (unsigned)CONTROL_DEFAULT_SETPOINT_KMH,
              (unsigned)BH_DEVICE_UART2_BASE);

    uint32_t last_start = bh_ticks();
    for (;;) {
        uint32_t active = 0u;
        (void)bh_wait_event(&active);
        if ((active & (1u << BH_VIRQ_TIMER)) == 0u) {
            continue;
        }
        const uint32_t period_start = bh_ticks();
        if (period_start - last_start > CONTROL_PERIOD_TICKS) {
            late_periods++;
        }
        last_start = period_start;

        poll_link();
        take_setpoint();
        inputs.link_errors = hil_decoder_errors(&decoder) + uart_errors;
        control_app_period(&config, &state, &inputs, &outputs);
        inputs = (control_app_inputs){0};
        send_actuator(&outputs.actuator);
        publish();
        if (state.period % CONSOLE_EVERY_PERIODS == 0u) {
            print_status();
        }
        await_reply(period_start);
    }
}
