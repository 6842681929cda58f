/*
 * can_broadcast.c: control_can_broadcast(): one vehicle-speed frame on the virtual CAN bus through the
 * CanSend hypercall. A frame the hypervisor refuses (filter, bad argument) is counted as unsent, never
 * retried: the next period's frame carries newer data.
 *
 * Follows: docs/HIL-PROTOCOL.md §"CAN broadcast", docs/HYPERCALLS.md (CanSend).
 */
#include "can_broadcast.h"

#include "bulkhead.h"

uint32_t control_can_unsent;

uint32_t control_can_broadcast(const uint8_t payload[CONTROL_CAN_BYTES])
{
    bh_result result = bh_can_send(CONTROL_CAN_ID_VEHICLE_SPEED, CONTROL_CAN_BYTES, payload);
    if (result != BH_OK) {
        control_can_unsent++;
    }
    return (uint32_t)result;
}
