/*
 * link_probe.c: host program for the protocol tests (tests/qemu/vehicle/protocol.test.ts), built from the
 * guest's hil_link.c unchanged. `link_probe decode` reads a byte stream on stdin, feeds it to the
 * guest decoder one byte at a time and prints one line per decoded frame and a final line with the
 * error counters. `link_probe encode <sequence> <throttle> <brake>` writes one actuator frame to
 * stdout as raw bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hil_link.h"

static int decode(void)
{
    hil_decoder decoder;
    hil_decoder_init(&decoder);
    int byte;
    while ((byte = getchar()) != EOF) {
        const uint8_t type = hil_decoder_push(&decoder, (uint8_t)byte);
        if (type == HIL_TYPE_SENSOR) {
            hil_sensor_frame frame;
            hil_decoder_sensor(&decoder, &frame);
            printf("sensor %u %u %u\n", (unsigned)frame.sequence, (unsigned)frame.speed_counts,
                   (unsigned)frame.flags);
        } else if (type == HIL_TYPE_PERIOD_END) {
            printf("period-end %u\n", (unsigned)hil_decoder_period_end(&decoder));
        }
    }
    printf("errors sync=%u type=%u length=%u checksum=%u frames=%u\n", (unsigned)decoder.sync_errors,
           (unsigned)decoder.type_errors, (unsigned)decoder.length_errors, (unsigned)decoder.checksum_errors,
           (unsigned)decoder.frames);
    return 0;
}

static uint16_t parse_u16(const char *text)
{
    char *end = NULL;
    const unsigned long value = strtoul(text, &end, 10);
    if (end == text || *end != '\0' || value > 0xFFFFul) {
        fprintf(stderr, "link_probe: '%s' is not a number in 0..65535\n", text);
        exit(2);
    }
    return (uint16_t)value;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "decode") == 0) {
        return decode();
    }
    if (argc == 5 && strcmp(argv[1], "encode") == 0) {
        const hil_actuator_frame frame = {parse_u16(argv[2]), parse_u16(argv[3]), parse_u16(argv[4])};
        uint8_t bytes[HIL_ACTUATOR_FRAME_BYTES];
        const size_t length = hil_encode_actuator(&frame, bytes);
        return fwrite(bytes, 1u, length, stdout) == length ? 0 : 1;
    }
    fprintf(stderr, "usage: link_probe decode | link_probe encode <sequence> <throttle> <brake>\n");
    return 2;
}
