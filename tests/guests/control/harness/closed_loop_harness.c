/*
 * closed_loop_harness.c: host program for the closed-loop test (tests/guests/control/closed-loop.test.ts).
 * Runs the control guest's application code (control_app.c, controller.c, sensor_monitor.c,
 * hil_link.c, compiled unchanged with host gcc) for a given number of periods, speaking the HIL link
 * protocol on stdout (actuator frames) and stdin (sensor frames from the TypeScript vehicle model).
 * The host model ends each period with a PeriodEnd frame, so the loop is lock-step without any
 * wall-clock timeout, through a sensor dropout too. Faults and a per-period status line go to stderr.
 *
 * Usage: closed_loop_harness <periods> [<set-point rise rate, m/s^2>]
 * (the optional rate replaces the controller's default, e.g. a large one for a raw step).
 */
#include <stdio.h>
#include <stdlib.h>

#include "control_app.h"
#include "hil_link.h"

static unsigned status_u16(const uint8_t *status, unsigned offset)
{
    return (unsigned)status[offset] | ((unsigned)status[offset + 1u] << 8);
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: closed_loop_harness <periods> [<rise rate m/s^2>]\n");
        return 2;
    }
    const long periods = strtol(argv[1], NULL, 10);
    if (periods <= 0) {
        fprintf(stderr, "closed_loop_harness: periods '%s' is not a positive number\n", argv[1]);
        return 2;
    }

    control_app_config config;
    control_app_state state;
    control_app_outputs outputs;
    control_app_inputs inputs = {0};
    hil_decoder decoder;
    control_app_default_config(&config);
    if (argc == 3) {
        char *end = NULL;
        const float rate = strtof(argv[2], &end);
        if (end == argv[2] || *end != '\0' || !(rate > 0.0f)) {
            fprintf(stderr, "closed_loop_harness: rise rate '%s' is not a positive number\n", argv[2]);
            return 2;
        }
        config.controller.rise_rate_ms2 = rate;
    }
    control_app_init(&config, &state);
    hil_decoder_init(&decoder);

    for (long period = 0; period < periods; period++) {
        control_app_period(&config, &state, &inputs, &outputs);
        for (uint32_t i = 0u; i < outputs.fault_count; i++) {
            const uint8_t *fault = outputs.faults[i];
            fprintf(stderr, "fault code=%u period=%ld value=%u\n", (unsigned)fault[0], period,
                    status_u16(fault, 2u));
        }
        fprintf(stderr, "status period=%ld speed=%u mode=%u throttle=%u brake=%u flags=%u integrator=%d\n",
                period, status_u16(outputs.status, 4u), (unsigned)outputs.status[14],
                status_u16(outputs.status, 8u), status_u16(outputs.status, 10u), (unsigned)outputs.status[15],
                (int)(int16_t)status_u16(outputs.status, 12u));

        uint8_t frame[HIL_ACTUATOR_FRAME_BYTES];
        const size_t length = hil_encode_actuator(&outputs.actuator, frame);
        if (fwrite(frame, 1u, length, stdout) != length || fflush(stdout) != 0) {
            fprintf(stderr, "closed_loop_harness: cannot write to stdout\n");
            return 1;
        }

        /* Collect this period's reply (if any) until the host says the period is over. */
        inputs = (control_app_inputs){0};
        for (;;) {
            const int byte = getchar();
            if (byte == EOF) {
                fprintf(stderr, "closed_loop_harness: stdin closed in period %ld\n", period);
                return 1;
            }
            const uint8_t type = hil_decoder_push(&decoder, (uint8_t)byte);
            if (type == HIL_TYPE_SENSOR) {
                hil_decoder_sensor(&decoder, &inputs.sensor);
                inputs.sensor_received = true;
            } else if (type == HIL_TYPE_PERIOD_END &&
                       hil_decoder_period_end(&decoder) == outputs.actuator.sequence) {
                break;
            }
        }
        inputs.link_errors = hil_decoder_errors(&decoder);
    }
    return 0;
}
