/*
 * hil_link.c: CRC-8, actuator frame encoding and the resynchronising byte decoder of the HIL link
 * (guest side). On a bad sync, type, length or checksum the decoder counts the error and starts
 * hunting for the next sync pair; if the offending byte is itself the first sync byte it is taken as
 * the start of the next frame. Payloads are little-endian.
 *
 * Follows: docs/HIL-PROTOCOL.md.
 */
#include "hil_link.h"

enum {
    DECODER_HUNT = 0,
    DECODER_SYNC_1,
    DECODER_TYPE,
    DECODER_LENGTH,
    DECODER_PAYLOAD,
    DECODER_CRC,
};

#define CRC8_POLYNOMIAL 0x07u
#define CRC8_TOP_BIT    0x80u
#define BYTE_MASK       0xFFu
#define BITS_PER_BYTE   8u

uint8_t hil_crc8_update(uint8_t crc, uint8_t byte)
{
    uint32_t value = (uint32_t)crc ^ (uint32_t)byte;
    for (uint32_t bit = 0u; bit < BITS_PER_BYTE; bit++) {
        value = (value & CRC8_TOP_BIT) != 0u ? ((value << 1) ^ CRC8_POLYNOMIAL) : (value << 1);
        value &= BYTE_MASK;
    }
    return (uint8_t)value;
}

uint8_t hil_crc8(const uint8_t *bytes, size_t length)
{
    uint8_t crc = 0u;
    for (size_t i = 0u; i < length; i++) {
        crc = hil_crc8_update(crc, bytes[i]);
    }
    return crc;
}

static void put_u16_le(uint8_t *out, uint16_t value)
{
    out[0] = (uint8_t)(value & BYTE_MASK);
    out[1] = (uint8_t)(value >> BITS_PER_BYTE);
}

static uint16_t get_u16_le(const uint8_t *in)
{
    return (uint16_t)((uint32_t)in[0] | ((uint32_t)in[1] << BITS_PER_BYTE));
}

size_t hil_encode_actuator(const hil_actuator_frame *frame, uint8_t out[HIL_ACTUATOR_FRAME_BYTES])
{
    out[0] = HIL_SYNC_0;
    out[1] = HIL_SYNC_1;
    out[2] = HIL_TYPE_ACTUATOR;
    out[3] = HIL_ACTUATOR_PAYLOAD_BYTES;
    put_u16_le(&out[HIL_HEADER_BYTES + 0u], frame->sequence);
    put_u16_le(&out[HIL_HEADER_BYTES + 2u], frame->throttle);
    put_u16_le(&out[HIL_HEADER_BYTES + 4u], frame->brake);
    out[HIL_HEADER_BYTES + HIL_ACTUATOR_PAYLOAD_BYTES] = hil_crc8(&out[2], 2u + HIL_ACTUATOR_PAYLOAD_BYTES);
    return HIL_ACTUATOR_FRAME_BYTES;
}

void hil_decoder_init(hil_decoder *decoder)
{
    *decoder = (hil_decoder){0};
    decoder->state = DECODER_HUNT;
}

/* Expected payload length of a type the guest receives, 0 for any other type. */
static uint8_t payload_bytes_of(uint8_t type)
{
    switch (type) {
    case HIL_TYPE_SENSOR:
        return (uint8_t)HIL_SENSOR_PAYLOAD_BYTES;
    case HIL_TYPE_PERIOD_END:
        return (uint8_t)HIL_PERIOD_END_PAYLOAD_BYTES;
    default:
        return 0u;
    }
}

/* After an error: the offending byte may begin the next frame. */
static void restart_hunt(hil_decoder *decoder, uint8_t byte)
{
    decoder->state = (byte == HIL_SYNC_0) ? (uint8_t)DECODER_SYNC_1 : (uint8_t)DECODER_HUNT;
}

uint8_t hil_decoder_push(hil_decoder *decoder, uint8_t byte)
{
    switch (decoder->state) {
    case DECODER_HUNT:
        if (byte == HIL_SYNC_0) {
            decoder->state = DECODER_SYNC_1;
        } else {
            decoder->sync_errors++;
        }
        return 0u;
    case DECODER_SYNC_1:
        if (byte == HIL_SYNC_1) {
            decoder->state = DECODER_TYPE;
        } else {
            decoder->sync_errors++;
            restart_hunt(decoder, byte);
        }
        return 0u;
    case DECODER_TYPE:
        if (payload_bytes_of(byte) == 0u) {
            decoder->type_errors++;
            restart_hunt(decoder, byte);
        } else {
            decoder->type = byte;
            decoder->crc = hil_crc8_update(0u, byte);
            decoder->state = DECODER_LENGTH;
        }
        return 0u;
    case DECODER_LENGTH:
        if (byte != payload_bytes_of(decoder->type)) {
            decoder->length_errors++;
            restart_hunt(decoder, byte);
        } else {
            decoder->length = byte;
            decoder->index = 0u;
            decoder->crc = hil_crc8_update(decoder->crc, byte);
            decoder->state = DECODER_PAYLOAD;
        }
        return 0u;
    case DECODER_PAYLOAD:
        if (decoder->index < HIL_MAX_PAYLOAD_BYTES) {
            decoder->payload[decoder->index] = byte;
        }
        decoder->index++;
        decoder->crc = hil_crc8_update(decoder->crc, byte);
        if (decoder->index >= decoder->length) {
            decoder->state = DECODER_CRC;
        }
        return 0u;
    case DECODER_CRC:
        if (byte != decoder->crc) {
            decoder->checksum_errors++;
            restart_hunt(decoder, byte);
            return 0u;
        }
        decoder->frames++;
        decoder->state = DECODER_HUNT;
        return decoder->type;
    default:
        decoder->state = DECODER_HUNT;
        return 0u;
    }
}

void hil_decoder_sensor(const hil_decoder *decoder, hil_sensor_frame *frame)
{
    frame->sequence = get_u16_le(&decoder->payload[0]);
    frame->speed_counts = get_u16_le(&decoder->payload[2]);
    frame->flags = decoder->payload[4];
}

uint16_t hil_decoder_period_end(const hil_decoder *decoder) { return get_u16_le(&decoder->payload[0]); }

uint32_t hil_decoder_errors(const hil_decoder *decoder)
{
    return decoder->sync_errors + decoder->type_errors + decoder->length_errors + decoder->checksum_errors;
}
