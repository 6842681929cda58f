/*
 * vcan-send: benchmark guest for the virtual-CAN send path (bench/vcan-send.ts). It waits (WaitEvent,
 * no handler) for a frame with identifier BENCH_START_ID from the host, which the host sends after
 * opening the SLCAN channel (after the guest's "waiting" line), so every measured send goes out on the
 * bus UART; then it sends data frames
 * of 8 bytes with identifier BENCH_SEND_ID back to back from bench_send(), whose single `svc` the
 * benchmark finds by name and counts from.
 * Follows: docs/HYPERCALLS.md (WaitEvent, CanReceive, CanSend), docs/VCAN.md.
 */
#include <stdbool.h>

#include "bulkhead.h"
#include "bulkhead_system.h"

#if !defined(BENCH_START_ID) || !defined(BENCH_SEND_ID)
#error "vcan-send needs BENCH_START_ID and BENCH_SEND_ID (bench/systems.ts vcanSystem)"
#endif

#define BENCH_SEND_DLC 8u

static const uint8_t payload[BENCH_SEND_DLC] = {0x11u, 0x22u, 0x33u, 0x44u, 0x55u, 0x66u, 0x77u, 0x88u};

void bench_send(void) __attribute__((noinline, noreturn));

void bench_send(void)
{
    for (;;) {
        (void)bh_can_send(BENCH_SEND_ID, BENCH_SEND_DLC, payload);
    }
}

static bool start_frame_arrived(void)
{
    bh_can_frame frame;
    uint32_t remaining;
    bool start = false;
    while (bh_can_receive(&frame, &remaining) == BH_OK) {
        start = start || frame.id == BENCH_START_ID;
    }
    return start;
}

int main(void)
{
    (void)bh_virq_enable(BH_VIRQ_VCAN);
    /* The host sends the start frame once it sees this line: the bus UART is set up by then. */
    (void)bh_printf("vcan-send: waiting\n");
    for (;;) {
        uint32_t active;
        (void)bh_wait_event(&active);
        if (start_frame_arrived()) {
            bench_send();
        }
    }
}
