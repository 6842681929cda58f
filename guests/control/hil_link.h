/*
 * hil_link.h: the guest side of the HIL link protocol on UART2 (docs/HIL-PROTOCOL.md): CRC-8,
 * actuator frame encoding and a byte-at-a-time decoder for host frames that counts malformed input
 * and resynchronises. Pure C11 with no SDK or device dependency, so the host closed-loop test
 * compiles the very same file. The host side is qemu/vehicle/protocol.ts.
 *
 * Follows: docs/HIL-PROTOCOL.md (frame layout, CRC-8 polynomial 0x07, payload layouts).
 */
#ifndef CONTROL_HIL_LINK_H
#define CONTROL_HIL_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HIL_SYNC_0            0xA5u
#define HIL_SYNC_1            0x5Au
#define HIL_HEADER_BYTES      4u
#define HIL_TRAILER_BYTES     1u
#define HIL_MAX_PAYLOAD_BYTES 16u

#define HIL_TYPE_ACTUATOR   0x01u
#define HIL_TYPE_SENSOR     0x81u
#define HIL_TYPE_PERIOD_END 0xFEu

#define HIL_ACTUATOR_PAYLOAD_BYTES   6u
#define HIL_SENSOR_PAYLOAD_BYTES     5u
#define HIL_PERIOD_END_PAYLOAD_BYTES 2u
#define HIL_ACTUATOR_FRAME_BYTES     (HIL_HEADER_BYTES + HIL_ACTUATOR_PAYLOAD_BYTES + HIL_TRAILER_BYTES)

/* Throttle/brake 0..HIL_ACTUATOR_SCALE stands for 0..1; speed counts are 0.01 km/h. */
#define HIL_ACTUATOR_SCALE       10000u
#define HIL_SPEED_COUNTS_PER_KMH 100.0f

#define HIL_SENSOR_FLAG_VALID            0x01u
#define HIL_SENSOR_FLAG_ACTUATOR_CLAMPED 0x02u
#define HIL_SENSOR_FLAG_HOST_RX_ERROR    0x04u

typedef struct {
    uint16_t sequence;
    uint16_t throttle; /* 0..HIL_ACTUATOR_SCALE */
    uint16_t brake;    /* 0..HIL_ACTUATOR_SCALE */
} hil_actuator_frame;

typedef struct {
    uint16_t sequence;     /* the actuator sequence this answers */
    uint16_t speed_counts; /* 0.01 km/h */
    uint8_t flags;         /* HIL_SENSOR_FLAG_* */
} hil_sensor_frame;

typedef struct {
    uint8_t state;
    uint8_t type;
    uint8_t length;
    uint8_t index;
    uint8_t crc;
    uint8_t payload[HIL_MAX_PAYLOAD_BYTES];
    uint32_t frames;          /* valid frames decoded */
    uint32_t sync_errors;     /* bytes dropped while hunting for the sync pair */
    uint32_t type_errors;     /* headers with a type the guest does not receive */
    uint32_t length_errors;   /* headers whose length does not match the type */
    uint32_t checksum_errors; /* complete frames with a wrong CRC-8 */
} hil_decoder;

/* CRC-8/SMBUS: polynomial 0x07, initial 0, no reflection, no final XOR. */
uint8_t hil_crc8_update(uint8_t crc, uint8_t byte);
uint8_t hil_crc8(const uint8_t *bytes, size_t length);

/* Writes the actuator frame into `out` (HIL_ACTUATOR_FRAME_BYTES); returns the byte count. */
size_t hil_encode_actuator(const hil_actuator_frame *frame, uint8_t out[HIL_ACTUATOR_FRAME_BYTES]);

void hil_decoder_init(hil_decoder *decoder);

/* Feeds one received byte. Returns the frame type when the byte completes a valid frame (its
 * payload is then in decoder->payload), else 0. Malformed input is counted, never fatal. */
uint8_t hil_decoder_push(hil_decoder *decoder, uint8_t byte);

/* Decodes the payload of the sensor frame just completed. */
void hil_decoder_sensor(const hil_decoder *decoder, hil_sensor_frame *frame);

/* Sequence number of the period-end frame just completed (host harness only). */
uint16_t hil_decoder_period_end(const hil_decoder *decoder);

/* Sum of every malformed-input counter. */
uint32_t hil_decoder_errors(const hil_decoder *decoder);

#endif /* CONTROL_HIL_LINK_H */
