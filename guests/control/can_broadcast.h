/*
 * can_broadcast.h: the control guest's one point of contact with the virtual CAN bus: broadcasts the
 * vehicle-speed frame (standard ID 0x100, 8 bytes, layout in docs/HIL-PROTOCOL.md) at 10 Hz.
 *
 * Follows: docs/HIL-PROTOCOL.md §"CAN broadcast"; docs/DESIGN.md §10 (virtual CAN through hypercalls).
 */
#ifndef CONTROL_CAN_BROADCAST_H
#define CONTROL_CAN_BROADCAST_H

#include <stdint.h>

#include "control_app.h"

#define CONTROL_CAN_ID_VEHICLE_SPEED 0x100u

/* Sends one frame with ID CONTROL_CAN_ID_VEHICLE_SPEED; returns the hypercall's result code. */
uint32_t control_can_broadcast(const uint8_t payload[CONTROL_CAN_BYTES]);

/* Frames control_can_broadcast could not hand to the hypervisor. */
extern uint32_t control_can_unsent;

#endif /* CONTROL_CAN_BROADCAST_H */
