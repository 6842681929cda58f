/*
 * can_broadcast.c: control_can_broadcast(). The SDK of this ABI version has no virtual-CAN send
 * hypercall yet (bulkhead.h lists none), so the frame is counted as unsent and BH_UNKNOWN_CALL is
 * returned; when the SDK gains the call, its wrapper goes here and nothing else in the guest changes.
 *
 * Follows: docs/HIL-PROTOCOL.md §"CAN broadcast".
 */
#include "can_broadcast.h"

#include "bulkhead.h"

uint32_t control_can_unsent;

uint32_t control_can_broadcast(const uint8_t payload[CONTROL_CAN_BYTES])
{
    (void)payload;
    control_can_unsent++;
    return BH_UNKNOWN_CALL;
}
